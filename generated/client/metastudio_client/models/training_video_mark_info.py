from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__


T = TypeVar("T", bound="TrainingVideoMarkInfo")


@_attrs_define
class TrainingVideoMarkInfo:
    """Time span marked in the training video (traning_video_mark_info, the wire spelling).

    Attributes:
        video_start_time (str | Unset): A time within a video, `HH:MM:SS.mmm`.
        video_end_time (str | Unset): A time within a video, `HH:MM:SS.mmm`.
    """

    video_start_time: str | Unset = UNSET
    video_end_time: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        video_start_time = self.video_start_time

        video_end_time = self.video_end_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if video_start_time is not UNSET:
            field_dict["video_start_time"] = video_start_time
        if video_end_time is not UNSET:
            field_dict["video_end_time"] = video_end_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        video_start_time = get("video_start_time", UNSET)

        video_end_time = get("video_end_time", UNSET)

        instance_ = _new_instance(cls)
        instance_.video_start_time = video_start_time
        instance_.video_end_time = video_end_time
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
        "video_start_time",
        "video_end_time",
    }
)
