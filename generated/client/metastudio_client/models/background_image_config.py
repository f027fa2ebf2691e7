from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BackgroundImageConfig")


@_attrs_define
class BackgroundImageConfig:
    """Position and size of a background image (background_image_config); the image must cover the canvas (1920x1080
    landscape, 1080x1920 portrait).

        Attributes:
            dx (int | Unset): X of the image's upper-left pixel; at most 0.
            dy (int | Unset): Y of the image's upper-left pixel; at most 0.
            width (int | Unset): Image width in pixels relative to the canvas.
            height (int | Unset): Image height in pixels relative to the canvas.
    """

    dx: int | Unset = UNSET
    dy: int | Unset = UNSET
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dx = self.dx

        dy = self.dy

        width = self.width

        height = self.height

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if dx is not UNSET:
            field_dict["dx"] = dx
        if dy is not UNSET:
            field_dict["dy"] = dy
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        dx = d.pop("dx", UNSET)

        dy = d.pop("dy", UNSET)

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        background_image_config = cls(
            dx=dx,
            dy=dy,
            width=width,
            height=height,
        )

        background_image_config.additional_properties = d
        return background_image_config

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
