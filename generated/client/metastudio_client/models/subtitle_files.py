from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__


T = TypeVar("T", bound="SubtitleFiles")


@_attrs_define
class SubtitleFiles:
    """Subtitle files of a script (subtitle_file_info).

    Attributes:
        text_subtitle_file (SubtitleFileInfo | Unset): One subtitle file and the task that makes it.
        audio_subtitle_file (SubtitleFileInfo | Unset): One subtitle file and the task that makes it.
    """

    text_subtitle_file: SubtitleFileInfo | Unset = UNSET
    audio_subtitle_file: SubtitleFileInfo | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        text_subtitle_file: dict[str, Any] | Unset = UNSET
        if not isinstance(self.text_subtitle_file, Unset):
            text_subtitle_file = self.text_subtitle_file.to_dict()

        audio_subtitle_file: dict[str, Any] | Unset = UNSET
        if not isinstance(self.audio_subtitle_file, Unset):
            audio_subtitle_file = self.audio_subtitle_file.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if text_subtitle_file is not UNSET:
            field_dict["text_subtitle_file"] = text_subtitle_file
        if audio_subtitle_file is not UNSET:
            field_dict["audio_subtitle_file"] = audio_subtitle_file

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        _text_subtitle_file = get("text_subtitle_file", UNSET)
        text_subtitle_file: SubtitleFileInfo | Unset
        if _text_subtitle_file is UNSET:
            text_subtitle_file = UNSET
        else:
            text_subtitle_file = SubtitleFileInfo.from_dict(_text_subtitle_file)

        _audio_subtitle_file = get("audio_subtitle_file", UNSET)
        audio_subtitle_file: SubtitleFileInfo | Unset
        if _audio_subtitle_file is UNSET:
            audio_subtitle_file = UNSET
        else:
            audio_subtitle_file = SubtitleFileInfo.from_dict(_audio_subtitle_file)

        instance_ = _new_instance(cls)
        instance_.text_subtitle_file = text_subtitle_file
        instance_.audio_subtitle_file = audio_subtitle_file
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
        "text_subtitle_file",
        "audio_subtitle_file",
    }
)


# metastudio: the models this one refers to, imported once, after the class (so that models
# which refer to each other can import each other), not inside from_dict/to_dict on every call.
from ..models.subtitle_file_info import SubtitleFileInfo
