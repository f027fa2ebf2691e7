from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__


T = TypeVar("T", bound="VoiceConfig")


@_attrs_define
class VoiceConfig:
    """Voice settings.

    Attributes:
        voice_asset_id (str | Unset): Id of the timbre asset.
        speed (int | Unset): Speaking speed in percent of normal (100 is about 250 words a minute; 50 is half speed, 200
            double). Default: 100.
        pitch (int | Unset): Pitch. Default: 100.
        volume (int | Unset): Volume. Default: 140.
    """

    voice_asset_id: str | Unset = UNSET
    speed: int | Unset = 100
    pitch: int | Unset = 100
    volume: int | Unset = 140
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        voice_asset_id = self.voice_asset_id

        speed = self.speed

        pitch = self.pitch

        volume = self.volume

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if voice_asset_id is not UNSET:
            field_dict["voice_asset_id"] = voice_asset_id
        if speed is not UNSET:
            field_dict["speed"] = speed
        if pitch is not UNSET:
            field_dict["pitch"] = pitch
        if volume is not UNSET:
            field_dict["volume"] = volume

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        voice_asset_id = get("voice_asset_id", UNSET)

        speed = get("speed", UNSET)

        pitch = get("pitch", UNSET)

        volume = get("volume", UNSET)

        instance_ = _new_instance(cls)
        instance_.voice_asset_id = voice_asset_id
        instance_.speed = speed
        instance_.pitch = pitch
        instance_.volume = volume
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
        "voice_asset_id",
        "speed",
        "pitch",
        "volume",
    }
)
