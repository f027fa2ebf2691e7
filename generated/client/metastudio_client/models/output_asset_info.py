from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__


T = TypeVar("T", bound="OutputAssetInfo")


@_attrs_define
class OutputAssetInfo:
    """The video asset a task produced.

    Attributes:
        asset_id (str | Unset): Id of the output video asset.
        asset_name (str | Unset): Name of the output video asset.
        cover_url (str | Unset): URL of the video's thumbnail.
        preview_video_url (str | Unset): Download URL of a preview video, valid for 24 hours. Virtual avatar videos have
            no preview.
    """

    asset_id: str | Unset = UNSET
    asset_name: str | Unset = UNSET
    cover_url: str | Unset = UNSET
    preview_video_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        asset_id = self.asset_id

        asset_name = self.asset_name

        cover_url = self.cover_url

        preview_video_url = self.preview_video_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if asset_id is not UNSET:
            field_dict["asset_id"] = asset_id
        if asset_name is not UNSET:
            field_dict["asset_name"] = asset_name
        if cover_url is not UNSET:
            field_dict["cover_url"] = cover_url
        if preview_video_url is not UNSET:
            field_dict["preview_video_url"] = preview_video_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        asset_id = get("asset_id", UNSET)

        asset_name = get("asset_name", UNSET)

        cover_url = get("cover_url", UNSET)

        preview_video_url = get("preview_video_url", UNSET)

        instance_ = _new_instance(cls)
        instance_.asset_id = asset_id
        instance_.asset_name = asset_name
        instance_.cover_url = cover_url
        instance_.preview_video_url = preview_video_url
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
        "asset_id",
        "asset_name",
        "cover_url",
        "preview_video_url",
    }
)
