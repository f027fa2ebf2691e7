from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__


from ..models.background_type import BackgroundType

T = TypeVar("T", bound="BackgroundConfigInfo")


@_attrs_define
class BackgroundConfigInfo:
    """One background.

    Attributes:
        background_type (BackgroundType | Unset): Kind of background; virtual avatar videos support IMAGE only.
        background_config (str | Unset): URL of the background file; required when background_type is IMAGE. External
            URLs only for livestreaming; otherwise take the URL from the asset library.
        background_color_config (str | Unset): RGB value of a solid background; required when background_type is COLOR.
        background_asset_id (str | Unset): Asset id of the background (the image asset's id for a background image).
        human_position_2d (HumanPosition2D | Unset): Not in the page's table; the detail page's example response sends
            it inside a background (E14). Where the avatar stands.
        background_image_config (BackgroundImageConfig | Unset): Position and size of a background image
            (background_image_config); the image must cover the canvas (1920x1080 landscape, 1080x1920 portrait).
    """

    background_type: BackgroundType | Unset = UNSET
    background_config: str | Unset = UNSET
    background_color_config: str | Unset = UNSET
    background_asset_id: str | Unset = UNSET
    human_position_2d: HumanPosition2D | Unset = UNSET
    background_image_config: BackgroundImageConfig | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        background_type: str | Unset = UNSET
        if not isinstance(self.background_type, Unset):
            background_type = self.background_type.value

        background_config = self.background_config

        background_color_config = self.background_color_config

        background_asset_id = self.background_asset_id

        human_position_2d: dict[str, Any] | Unset = UNSET
        if not isinstance(self.human_position_2d, Unset):
            human_position_2d = self.human_position_2d.to_dict()

        background_image_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.background_image_config, Unset):
            background_image_config = self.background_image_config.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if background_type is not UNSET:
            field_dict["background_type"] = background_type
        if background_config is not UNSET:
            field_dict["background_config"] = background_config
        if background_color_config is not UNSET:
            field_dict["background_color_config"] = background_color_config
        if background_asset_id is not UNSET:
            field_dict["background_asset_id"] = background_asset_id
        if human_position_2d is not UNSET:
            field_dict["human_position_2d"] = human_position_2d
        if background_image_config is not UNSET:
            field_dict["background_image_config"] = background_image_config

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        _background_type = get("background_type", UNSET)
        background_type: BackgroundType | Unset
        if _background_type is UNSET:
            background_type = UNSET
        else:
            background_type = BackgroundType.parse(_background_type)

        background_config = get("background_config", UNSET)

        background_color_config = get("background_color_config", UNSET)

        background_asset_id = get("background_asset_id", UNSET)

        _human_position_2d = get("human_position_2d", UNSET)
        human_position_2d: HumanPosition2D | Unset
        if _human_position_2d is UNSET:
            human_position_2d = UNSET
        else:
            human_position_2d = HumanPosition2D.from_dict(_human_position_2d)

        _background_image_config = get("background_image_config", UNSET)
        background_image_config: BackgroundImageConfig | Unset
        if _background_image_config is UNSET:
            background_image_config = UNSET
        else:
            background_image_config = BackgroundImageConfig.from_dict(_background_image_config)

        instance_ = _new_instance(cls)
        instance_.background_type = background_type
        instance_.background_config = background_config
        instance_.background_color_config = background_color_config
        instance_.background_asset_id = background_asset_id
        instance_.human_position_2d = human_position_2d
        instance_.background_image_config = background_image_config
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
        "background_type",
        "background_config",
        "background_color_config",
        "background_asset_id",
        "human_position_2d",
        "background_image_config",
    }
)


# metastudio: the models this one refers to, imported once, after the class (so that models
# which refer to each other can import each other), not inside from_dict/to_dict on every call.
from ..models.background_image_config import BackgroundImageConfig
from ..models.human_position_2d import HumanPosition2D
