from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__


T = TypeVar("T", bound="ShootScriptItem")


@_attrs_define
class ShootScriptItem:
    """One numbered shooting script.

    Attributes:
        sequence_no (int | Unset): Script number.
        shoot_script (ShootScript | Unset): What the avatar performs in one script.
        subtitle_file_info (SubtitleFiles | Unset): Subtitle files of a script (subtitle_file_info).
    """

    sequence_no: int | Unset = UNSET
    shoot_script: ShootScript | Unset = UNSET
    subtitle_file_info: SubtitleFiles | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sequence_no = self.sequence_no

        shoot_script: dict[str, Any] | Unset = UNSET
        if not isinstance(self.shoot_script, Unset):
            shoot_script = self.shoot_script.to_dict()

        subtitle_file_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.subtitle_file_info, Unset):
            subtitle_file_info = self.subtitle_file_info.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if sequence_no is not UNSET:
            field_dict["sequence_no"] = sequence_no
        if shoot_script is not UNSET:
            field_dict["shoot_script"] = shoot_script
        if subtitle_file_info is not UNSET:
            field_dict["subtitle_file_info"] = subtitle_file_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        sequence_no = get("sequence_no", UNSET)

        _shoot_script = get("shoot_script", UNSET)
        shoot_script: ShootScript | Unset
        if _shoot_script is UNSET:
            shoot_script = UNSET
        else:
            shoot_script = ShootScript.from_dict(_shoot_script)

        _subtitle_file_info = get("subtitle_file_info", UNSET)
        subtitle_file_info: SubtitleFiles | Unset
        if _subtitle_file_info is UNSET:
            subtitle_file_info = UNSET
        else:
            subtitle_file_info = SubtitleFiles.from_dict(_subtitle_file_info)

        instance_ = _new_instance(cls)
        instance_.sequence_no = sequence_no
        instance_.shoot_script = shoot_script
        instance_.subtitle_file_info = subtitle_file_info
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
        "sequence_no",
        "shoot_script",
        "subtitle_file_info",
    }
)


# metastudio: the models this one refers to, imported once, after the class (so that models
# which refer to each other can import each other), not inside from_dict/to_dict on every call.
from ..models.shoot_script import ShootScript
from ..models.subtitle_files import SubtitleFiles
