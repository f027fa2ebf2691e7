from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__


T = TypeVar("T", bound="AudioDriveActionConfig")


@_attrs_define
class AudioDriveActionConfig:
    """An action placed in an audio-driven script (audio_drive_action_config).

    Attributes:
        action_tag (str | Unset): Action tag.
        action_name (str | Unset): Action name.
        action_start_time (float | Unset): When the action starts, in seconds.
    """

    action_tag: str | Unset = UNSET
    action_name: str | Unset = UNSET
    action_start_time: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action_tag = self.action_tag

        action_name = self.action_name

        action_start_time = self.action_start_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if action_tag is not UNSET:
            field_dict["action_tag"] = action_tag
        if action_name is not UNSET:
            field_dict["action_name"] = action_name
        if action_start_time is not UNSET:
            field_dict["action_start_time"] = action_start_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        action_tag = get("action_tag", UNSET)

        action_name = get("action_name", UNSET)

        action_start_time = get("action_start_time", UNSET)

        instance_ = _new_instance(cls)
        instance_.action_tag = action_tag
        instance_.action_name = action_name
        instance_.action_start_time = action_start_time
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
        "action_tag",
        "action_name",
        "action_start_time",
    }
)
