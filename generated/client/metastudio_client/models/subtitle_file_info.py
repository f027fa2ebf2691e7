from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__

from ..models.subtitle_file_state import SubtitleFileState

T = TypeVar("T", bound="SubtitleFileInfo")


@_attrs_define
class SubtitleFileInfo:
    """One subtitle file and the task that makes it.

    Attributes:
        subtitle_file_download_url (str | Unset): Download URL of the subtitle file.
        subtitle_file_upload_url (str | Unset): Upload URL of the subtitle file.
        subtitle_file_state (SubtitleFileState | Unset): State of a subtitle file.
        job_id (str | Unset): Id of the task that makes the subtitle file.
    """

    subtitle_file_download_url: str | Unset = UNSET
    subtitle_file_upload_url: str | Unset = UNSET
    subtitle_file_state: SubtitleFileState | Unset = UNSET
    job_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        subtitle_file_download_url = self.subtitle_file_download_url

        subtitle_file_upload_url = self.subtitle_file_upload_url

        subtitle_file_state: str | Unset = UNSET
        if not isinstance(self.subtitle_file_state, Unset):
            subtitle_file_state = self.subtitle_file_state.value

        job_id = self.job_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if subtitle_file_download_url is not UNSET:
            field_dict["subtitle_file_download_url"] = subtitle_file_download_url
        if subtitle_file_upload_url is not UNSET:
            field_dict["subtitle_file_upload_url"] = subtitle_file_upload_url
        if subtitle_file_state is not UNSET:
            field_dict["subtitle_file_state"] = subtitle_file_state
        if job_id is not UNSET:
            field_dict["job_id"] = job_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        subtitle_file_download_url = get("subtitle_file_download_url", UNSET)

        subtitle_file_upload_url = get("subtitle_file_upload_url", UNSET)

        _subtitle_file_state = get("subtitle_file_state", UNSET)
        subtitle_file_state: SubtitleFileState | Unset
        if _subtitle_file_state is UNSET:
            subtitle_file_state = UNSET
        else:
            subtitle_file_state = SubtitleFileState.parse(_subtitle_file_state)

        job_id = get("job_id", UNSET)

        instance_ = _new_instance(cls)
        instance_.subtitle_file_download_url = subtitle_file_download_url
        instance_.subtitle_file_upload_url = subtitle_file_upload_url
        instance_.subtitle_file_state = subtitle_file_state
        instance_.job_id = job_id
        if _PROPERTY_NAMES.issuperset(src_dict):
            instance_.additional_properties = {}
        else:  # keys the spec does not list: kept
            instance_.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES
            }
        return instance_

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# the wire names of the declared properties; from_dict keeps any other key in additional_properties
_PROPERTY_NAMES: frozenset[str] = frozenset(
    {
        "subtitle_file_download_url",
        "subtitle_file_upload_url",
        "subtitle_file_state",
        "job_id",
    }
)
