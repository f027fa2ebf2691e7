from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__

from ..models.subtitle_font_name import SubtitleFontName

T = TypeVar("T", bound="SubtitleConfig")


@_attrs_define
class SubtitleConfig:
    """Subtitle settings.

    Attributes:
        dx (int | Unset): X of the subtitle's lower-left pixel (canvas 1920x1080 landscape, 1080x1920 portrait).
        dy (int | Unset): Y of the subtitle's lower-left pixel (canvas 1920x1080 landscape, 1080x1920 portrait).
        font_name (SubtitleFontName | Unset): Subtitle font.
        font_size (int | Unset): Font size.
        h (int | Unset): Subtitle box height; only helps a front end place the box, the service ignores it.
        w (int | Unset): Subtitle box width, fixed at 80% of the screen width; only helps a front end place the box, the
            service ignores it.
        font_color (str | Unset): RGB colour of the subtitle font.
        stroke_color (str | Unset): RGB colour of the subtitle font's outline.
        stroke_thickness (float | Unset): Width of the subtitle font's outline in pixels.
        opacity (float | Unset): Opacity of the subtitle font, from 0 (transparent) to 1 (opaque); 1 when absent.
    """

    dx: int | Unset = UNSET
    dy: int | Unset = UNSET
    font_name: SubtitleFontName | Unset = UNSET
    font_size: int | Unset = UNSET
    h: int | Unset = UNSET
    w: int | Unset = UNSET
    font_color: str | Unset = UNSET
    stroke_color: str | Unset = UNSET
    stroke_thickness: float | Unset = UNSET
    opacity: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dx = self.dx

        dy = self.dy

        font_name: str | Unset = UNSET
        if not isinstance(self.font_name, Unset):
            font_name = self.font_name.value

        font_size = self.font_size

        h = self.h

        w = self.w

        font_color = self.font_color

        stroke_color = self.stroke_color

        stroke_thickness = self.stroke_thickness

        opacity = self.opacity

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if dx is not UNSET:
            field_dict["dx"] = dx
        if dy is not UNSET:
            field_dict["dy"] = dy
        if font_name is not UNSET:
            field_dict["font_name"] = font_name
        if font_size is not UNSET:
            field_dict["font_size"] = font_size
        if h is not UNSET:
            field_dict["h"] = h
        if w is not UNSET:
            field_dict["w"] = w
        if font_color is not UNSET:
            field_dict["font_color"] = font_color
        if stroke_color is not UNSET:
            field_dict["stroke_color"] = stroke_color
        if stroke_thickness is not UNSET:
            field_dict["stroke_thickness"] = stroke_thickness
        if opacity is not UNSET:
            field_dict["opacity"] = opacity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        dx = get("dx", UNSET)

        dy = get("dy", UNSET)

        _font_name = get("font_name", UNSET)
        font_name: SubtitleFontName | Unset
        if _font_name is UNSET:
            font_name = UNSET
        else:
            font_name = SubtitleFontName.parse(_font_name)

        font_size = get("font_size", UNSET)

        h = get("h", UNSET)

        w = get("w", UNSET)

        font_color = get("font_color", UNSET)

        stroke_color = get("stroke_color", UNSET)

        stroke_thickness = get("stroke_thickness", UNSET)

        opacity = get("opacity", UNSET)

        instance_ = _new_instance(cls)
        instance_.dx = dx
        instance_.dy = dy
        instance_.font_name = font_name
        instance_.font_size = font_size
        instance_.h = h
        instance_.w = w
        instance_.font_color = font_color
        instance_.stroke_color = stroke_color
        instance_.stroke_thickness = stroke_thickness
        instance_.opacity = opacity
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
        "dx",
        "dy",
        "font_name",
        "font_size",
        "h",
        "w",
        "font_color",
        "stroke_color",
        "stroke_thickness",
        "opacity",
    }
)
