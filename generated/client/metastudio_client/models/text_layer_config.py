from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__

from ..models.text_layer_font_name import TextLayerFontName

T = TypeVar("T", bound="TextLayerConfig")


@_attrs_define
class TextLayerConfig:
    """A material text layer.

    Attributes:
        text_context (str | Unset): Base64-encoded text; "Test text watermark" in Chinese is 5rWL6K+V5paH5a2X5rC05Y2w.
        font_name (TextLayerFontName | Unset): Font of a text layer (one more than subtitles offer).
        font_size (int | Unset): Font size in pixels.
        font_color (str | Unset): Font colour as an RGB value.
    """

    text_context: str | Unset = UNSET
    font_name: TextLayerFontName | Unset = UNSET
    font_size: int | Unset = UNSET
    font_color: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        text_context = self.text_context

        font_name: str | Unset = UNSET
        if not isinstance(self.font_name, Unset):
            font_name = self.font_name.value

        font_size = self.font_size

        font_color = self.font_color

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if text_context is not UNSET:
            field_dict["text_context"] = text_context
        if font_name is not UNSET:
            field_dict["font_name"] = font_name
        if font_size is not UNSET:
            field_dict["font_size"] = font_size
        if font_color is not UNSET:
            field_dict["font_color"] = font_color

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        text_context = get("text_context", UNSET)

        _font_name = get("font_name", UNSET)
        font_name: TextLayerFontName | Unset
        if _font_name is UNSET:
            font_name = UNSET
        else:
            font_name = TextLayerFontName.parse(_font_name)

        font_size = get("font_size", UNSET)

        font_color = get("font_color", UNSET)

        instance_ = _new_instance(cls)
        instance_.text_context = text_context
        instance_.font_name = font_name
        instance_.font_size = font_size
        instance_.font_color = font_color
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
        "text_context",
        "font_name",
        "font_size",
        "font_color",
    }
)
