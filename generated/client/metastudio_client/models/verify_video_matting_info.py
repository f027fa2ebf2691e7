from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__

from ..models.matting_method import MattingMethod

T = TypeVar("T", bound="VerifyVideoMattingInfo")


@_attrs_define
class VerifyVideoMattingInfo:
    """An area of the crop-verification video and what to do with it.

    Attributes:
        dx (int | Unset): X of the area's upper-left pixel.
        dy (int | Unset): Y of the area's upper-left pixel.
        width (int | Unset): Width of the area in pixels.
        height (int | Unset): Height of the area in pixels.
        method (MattingMethod | Unset): What to do with a video area.
    """

    dx: int | Unset = UNSET
    dy: int | Unset = UNSET
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    method: MattingMethod | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dx = self.dx

        dy = self.dy

        width = self.width

        height = self.height

        method: str | Unset = UNSET
        if not isinstance(self.method, Unset):
            method = self.method.value

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
        if method is not UNSET:
            field_dict["method"] = method

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        dx = get("dx", UNSET)

        dy = get("dy", UNSET)

        width = get("width", UNSET)

        height = get("height", UNSET)

        _method = get("method", UNSET)
        method: MattingMethod | Unset
        if _method is UNSET:
            method = UNSET
        else:
            method = MattingMethod.parse(_method)

        instance_ = _new_instance(cls)
        instance_.dx = dx
        instance_.dy = dy
        instance_.width = width
        instance_.height = height
        instance_.method = method
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
        "width",
        "height",
        "method",
    }
)
