from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__


T = TypeVar("T", bound="VideoLayerConfig")


@_attrs_define
class VideoLayerConfig:
    """A video layer.

    Attributes:
        video_url (str | Unset): URL of the video file.
        video_cover_url (str | Unset): URL of the video's thumbnail.
        loop_count (int | Unset): How many times the video loops.
        video_sound (int | Unset): Volume of the video material in percent; 0, the default, mutes it.
        is_play_the_entire_video (bool | Unset): Whether the whole video plays even after the scene's text or audio
            ended; false when absent.
    """

    video_url: str | Unset = UNSET
    video_cover_url: str | Unset = UNSET
    loop_count: int | Unset = UNSET
    video_sound: int | Unset = UNSET
    is_play_the_entire_video: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        video_url = self.video_url

        video_cover_url = self.video_cover_url

        loop_count = self.loop_count

        video_sound = self.video_sound

        is_play_the_entire_video = self.is_play_the_entire_video

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if video_url is not UNSET:
            field_dict["video_url"] = video_url
        if video_cover_url is not UNSET:
            field_dict["video_cover_url"] = video_cover_url
        if loop_count is not UNSET:
            field_dict["loop_count"] = loop_count
        if video_sound is not UNSET:
            field_dict["video_sound"] = video_sound
        if is_play_the_entire_video is not UNSET:
            field_dict["is_play_the_entire_video"] = is_play_the_entire_video

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        video_url = get("video_url", UNSET)

        video_cover_url = get("video_cover_url", UNSET)

        loop_count = get("loop_count", UNSET)

        video_sound = get("video_sound", UNSET)

        is_play_the_entire_video = get("is_play_the_entire_video", UNSET)

        instance_ = _new_instance(cls)
        instance_.video_url = video_url
        instance_.video_cover_url = video_cover_url
        instance_.loop_count = loop_count
        instance_.video_sound = video_sound
        instance_.is_play_the_entire_video = is_play_the_entire_video
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
        "video_url",
        "video_cover_url",
        "loop_count",
        "video_sound",
        "is_play_the_entire_video",
    }
)
