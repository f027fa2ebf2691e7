from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

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
        d = dict(src_dict)
        action_tag = d.pop("action_tag", UNSET)

        action_name = d.pop("action_name", UNSET)

        action_start_time = d.pop("action_start_time", UNSET)

        audio_drive_action_config = cls(
            action_tag=action_tag,
            action_name=action_name,
            action_start_time=action_start_time,
        )

        audio_drive_action_config.additional_properties = d
        return audio_drive_action_config

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
