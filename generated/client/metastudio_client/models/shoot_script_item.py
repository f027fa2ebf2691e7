from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ShootScriptItem")


@_attrs_define
class ShootScriptItem:
    """One numbered shooting script.

    Attributes:
        sequence_no (int | Unset): Script number.
        shoot_script (ShootScript | Unset): What the avatar performs in one script.
    """

    sequence_no: int | Unset = UNSET
    shoot_script: ShootScript | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sequence_no = self.sequence_no

        shoot_script: dict[str, Any] | Unset = UNSET
        if not isinstance(self.shoot_script, Unset):
            shoot_script = self.shoot_script.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if sequence_no is not UNSET:
            field_dict["sequence_no"] = sequence_no
        if shoot_script is not UNSET:
            field_dict["shoot_script"] = shoot_script

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sequence_no = d.pop("sequence_no", UNSET)

        _shoot_script = d.pop("shoot_script", UNSET)
        shoot_script: ShootScript | Unset
        if _shoot_script is UNSET:
            shoot_script = UNSET
        else:
            shoot_script = ShootScript.from_dict(_shoot_script)

        shoot_script_item = cls(
            sequence_no=sequence_no,
            shoot_script=shoot_script,
        )

        shoot_script_item.additional_properties = d
        return shoot_script_item

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


# metastudio: the models this one refers to, imported once, after the class (so that models
# which refer to each other can import each other), not inside from_dict/to_dict on every call.
from ..models.shoot_script import ShootScript
