from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__


from ..models.layer_type import LayerType

T = TypeVar("T", bound="LayerConfig")


@_attrs_define
class LayerConfig:
    """One layer laid over the video.

    Attributes:
        layer_type (LayerType | Unset): Kind of layer.
        asset_id (str | Unset): Id of the overlaid asset; not needed for external assets.
        group_id (str | Unset): Groups material across scenes; material with the same group_id shares its position when
            applied globally.
        position (LayerPositionConfig | Unset): Where a layer sits.
        size (LayerSizeConfig | Unset): Size of a layer relative to the canvas (1920x1080 landscape, 1080x1920
            portrait).
        image_config (ImageLayerConfig | Unset): An image layer.
        video_config (VideoLayerConfig | Unset): A video layer.
        text_config (TextLayerConfig | Unset): A material text layer.
        sequence_no (int | Unset): Paragraph at which the layer is shown (livestreaming only).
        rotation (LayerRotationConfig | Unset): Rotation of a layer (rotation).
    """

    layer_type: LayerType | Unset = UNSET
    asset_id: str | Unset = UNSET
    group_id: str | Unset = UNSET
    position: LayerPositionConfig | Unset = UNSET
    size: LayerSizeConfig | Unset = UNSET
    image_config: ImageLayerConfig | Unset = UNSET
    video_config: VideoLayerConfig | Unset = UNSET
    text_config: TextLayerConfig | Unset = UNSET
    sequence_no: int | Unset = UNSET
    rotation: LayerRotationConfig | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        layer_type: str | Unset = UNSET
        if not isinstance(self.layer_type, Unset):
            layer_type = self.layer_type.value

        asset_id = self.asset_id

        group_id = self.group_id

        position: dict[str, Any] | Unset = UNSET
        if not isinstance(self.position, Unset):
            position = self.position.to_dict()

        size: dict[str, Any] | Unset = UNSET
        if not isinstance(self.size, Unset):
            size = self.size.to_dict()

        image_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.image_config, Unset):
            image_config = self.image_config.to_dict()

        video_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.video_config, Unset):
            video_config = self.video_config.to_dict()

        text_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.text_config, Unset):
            text_config = self.text_config.to_dict()

        sequence_no = self.sequence_no

        rotation: dict[str, Any] | Unset = UNSET
        if not isinstance(self.rotation, Unset):
            rotation = self.rotation.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if layer_type is not UNSET:
            field_dict["layer_type"] = layer_type
        if asset_id is not UNSET:
            field_dict["asset_id"] = asset_id
        if group_id is not UNSET:
            field_dict["group_id"] = group_id
        if position is not UNSET:
            field_dict["position"] = position
        if size is not UNSET:
            field_dict["size"] = size
        if image_config is not UNSET:
            field_dict["image_config"] = image_config
        if video_config is not UNSET:
            field_dict["video_config"] = video_config
        if text_config is not UNSET:
            field_dict["text_config"] = text_config
        if sequence_no is not UNSET:
            field_dict["sequence_no"] = sequence_no
        if rotation is not UNSET:
            field_dict["rotation"] = rotation

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        _layer_type = get("layer_type", UNSET)
        layer_type: LayerType | Unset
        if _layer_type is UNSET:
            layer_type = UNSET
        else:
            layer_type = LayerType.parse(_layer_type)

        asset_id = get("asset_id", UNSET)

        group_id = get("group_id", UNSET)

        _position = get("position", UNSET)
        position: LayerPositionConfig | Unset
        if _position is UNSET:
            position = UNSET
        else:
            position = LayerPositionConfig.from_dict(_position)

        _size = get("size", UNSET)
        size: LayerSizeConfig | Unset
        if _size is UNSET:
            size = UNSET
        else:
            size = LayerSizeConfig.from_dict(_size)

        _image_config = get("image_config", UNSET)
        image_config: ImageLayerConfig | Unset
        if _image_config is UNSET:
            image_config = UNSET
        else:
            image_config = ImageLayerConfig.from_dict(_image_config)

        _video_config = get("video_config", UNSET)
        video_config: VideoLayerConfig | Unset
        if _video_config is UNSET:
            video_config = UNSET
        else:
            video_config = VideoLayerConfig.from_dict(_video_config)

        _text_config = get("text_config", UNSET)
        text_config: TextLayerConfig | Unset
        if _text_config is UNSET:
            text_config = UNSET
        else:
            text_config = TextLayerConfig.from_dict(_text_config)

        sequence_no = get("sequence_no", UNSET)

        _rotation = get("rotation", UNSET)
        rotation: LayerRotationConfig | Unset
        if _rotation is UNSET:
            rotation = UNSET
        else:
            rotation = LayerRotationConfig.from_dict(_rotation)

        instance_ = _new_instance(cls)
        instance_.layer_type = layer_type
        instance_.asset_id = asset_id
        instance_.group_id = group_id
        instance_.position = position
        instance_.size = size
        instance_.image_config = image_config
        instance_.video_config = video_config
        instance_.text_config = text_config
        instance_.sequence_no = sequence_no
        instance_.rotation = rotation
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
        "layer_type",
        "asset_id",
        "group_id",
        "position",
        "size",
        "image_config",
        "video_config",
        "text_config",
        "sequence_no",
        "rotation",
    }
)


# metastudio: the models this one refers to, imported once, after the class (so that models
# which refer to each other can import each other), not inside from_dict/to_dict on every call.
from ..models.image_layer_config import ImageLayerConfig
from ..models.layer_position_config import LayerPositionConfig
from ..models.layer_rotation_config import LayerRotationConfig
from ..models.layer_size_config import LayerSizeConfig
from ..models.text_layer_config import TextLayerConfig
from ..models.video_layer_config import VideoLayerConfig
