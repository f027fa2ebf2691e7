from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__

from ..models.action_type import ActionType

T = TypeVar("T", bound="ActionMarkItem")


@_attrs_define
class ActionMarkItem:
    """One marked action (the page describes its times as the inference preprocessing video's start and end).

    Attributes:
        action_start_time (str | Unset): A time within a video, `HH:MM:SS.mmm`.
        action_end_time (str | Unset): A time within a video, `HH:MM:SS.mmm`.
        action_type (ActionType | Unset): Kind of a marked span.
    """

    action_start_time: str | Unset = UNSET
    action_end_time: str | Unset = UNSET
    action_type: ActionType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action_start_time = self.action_start_time

        action_end_time = self.action_end_time

        action_type: str | Unset = UNSET
        if not isinstance(self.action_type, Unset):
            action_type = self.action_type.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if action_start_time is not UNSET:
            field_dict["action_start_time"] = action_start_time
        if action_end_time is not UNSET:
            field_dict["action_end_time"] = action_end_time
        if action_type is not UNSET:
            field_dict["action_type"] = action_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        action_start_time = get("action_start_time", UNSET)

        action_end_time = get("action_end_time", UNSET)

        _action_type = get("action_type", UNSET)
        action_type: ActionType | Unset
        if _action_type is UNSET:
            action_type = UNSET
        else:
            action_type = ActionType.parse(_action_type)

        instance_ = _new_instance(cls)
        instance_.action_start_time = action_start_time
        instance_.action_end_time = action_end_time
        instance_.action_type = action_type
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
        "action_start_time",
        "action_end_time",
        "action_type",
    }
)
