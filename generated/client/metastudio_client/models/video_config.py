from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__


from ..models.clip_mode import ClipMode
from ..models.codec import Codec

T = TypeVar("T", bound="VideoConfig")


@_attrs_define
class VideoConfig:
    """Output video settings.

    Attributes:
        clip_mode (ClipMode | Unset): How the output is fitted to the chosen size; RESIZE when absent.
        codec (Codec | Unset): Video codec, which also fixes the file format.
        bitrate (int | Unset): Average bitrate in kbit/s. Virtual avatar videos favour quality and may exceed it; their
            range is 1000 to 8000.
        width (int | Unset): Video width in pixels. With RESIZE one of 1920x1080, 1080x1920, 1280x720, 720x1280,
            3840x2160, 2160x3840 (4K needs a 4K model); with CROP the width kept from (dx, dy). Livestreaming supports only
            1080x1920.
        height (int | Unset): Video height in pixels, with the same rules as width.
        frame_rate (float | str | Unset): Frame rate in FPS; fixed at 25 for virtual avatar videos. A String on the
            page; the page's example sends the number 30 (E06).
        is_subtitle_enable (bool | Unset): Whether the video carries subtitles. Default: False.
        subtitle_config (SubtitleConfig | Unset): Subtitle settings.
        dx (int | Unset): X of the crop's upper-left pixel, used when clip_mode is CROP (the page writes "crop"); 0 to
            the model's width.
        dy (int | Unset): Y of the crop's upper-left pixel, used when clip_mode is CROP; 0 to the model's height.
        is_enable_super_resolution (bool | Unset): Whether super resolution is on.
        is_end_at_first_frame (bool | Unset): Whether the video ends on its first frame, so several videos join
            seamlessly.
        output_external_url (str | Unset): External URL the video file is uploaded to (on request, allow-list).
        is_vocabulary_config_enable (bool | Unset): Whether the tenant's pronunciation settings apply.
    """

    clip_mode: ClipMode | Unset = UNSET
    codec: Codec | Unset = UNSET
    bitrate: int | Unset = UNSET
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    frame_rate: float | str | Unset = UNSET
    is_subtitle_enable: bool | Unset = False
    subtitle_config: SubtitleConfig | Unset = UNSET
    dx: int | Unset = UNSET
    dy: int | Unset = UNSET
    is_enable_super_resolution: bool | Unset = UNSET
    is_end_at_first_frame: bool | Unset = UNSET
    output_external_url: str | Unset = UNSET
    is_vocabulary_config_enable: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        clip_mode: str | Unset = UNSET
        if not isinstance(self.clip_mode, Unset):
            clip_mode = self.clip_mode.value

        codec: str | Unset = UNSET
        if not isinstance(self.codec, Unset):
            codec = self.codec.value

        bitrate = self.bitrate

        width = self.width

        height = self.height

        frame_rate: float | str | Unset
        if isinstance(self.frame_rate, Unset):
            frame_rate = UNSET
        else:
            frame_rate = self.frame_rate

        is_subtitle_enable = self.is_subtitle_enable

        subtitle_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.subtitle_config, Unset):
            subtitle_config = self.subtitle_config.to_dict()

        dx = self.dx

        dy = self.dy

        is_enable_super_resolution = self.is_enable_super_resolution

        is_end_at_first_frame = self.is_end_at_first_frame

        output_external_url = self.output_external_url

        is_vocabulary_config_enable = self.is_vocabulary_config_enable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if clip_mode is not UNSET:
            field_dict["clip_mode"] = clip_mode
        if codec is not UNSET:
            field_dict["codec"] = codec
        if bitrate is not UNSET:
            field_dict["bitrate"] = bitrate
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if frame_rate is not UNSET:
            field_dict["frame_rate"] = frame_rate
        if is_subtitle_enable is not UNSET:
            field_dict["is_subtitle_enable"] = is_subtitle_enable
        if subtitle_config is not UNSET:
            field_dict["subtitle_config"] = subtitle_config
        if dx is not UNSET:
            field_dict["dx"] = dx
        if dy is not UNSET:
            field_dict["dy"] = dy
        if is_enable_super_resolution is not UNSET:
            field_dict["is_enable_super_resolution"] = is_enable_super_resolution
        if is_end_at_first_frame is not UNSET:
            field_dict["is_end_at_first_frame"] = is_end_at_first_frame
        if output_external_url is not UNSET:
            field_dict["output_external_url"] = output_external_url
        if is_vocabulary_config_enable is not UNSET:
            field_dict["is_vocabulary_config_enable"] = is_vocabulary_config_enable

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        _clip_mode = get("clip_mode", UNSET)
        clip_mode: ClipMode | Unset
        if _clip_mode is UNSET:
            clip_mode = UNSET
        else:
            clip_mode = ClipMode.parse(_clip_mode)

        _codec = get("codec", UNSET)
        codec: Codec | Unset
        if _codec is UNSET:
            codec = UNSET
        else:
            codec = Codec.parse(_codec)

        bitrate = get("bitrate", UNSET)

        width = get("width", UNSET)

        height = get("height", UNSET)

        frame_rate: float | str | Unset = get("frame_rate", UNSET)

        is_subtitle_enable = get("is_subtitle_enable", UNSET)

        _subtitle_config = get("subtitle_config", UNSET)
        subtitle_config: SubtitleConfig | Unset
        if _subtitle_config is UNSET:
            subtitle_config = UNSET
        else:
            subtitle_config = SubtitleConfig.from_dict(_subtitle_config)

        dx = get("dx", UNSET)

        dy = get("dy", UNSET)

        is_enable_super_resolution = get("is_enable_super_resolution", UNSET)

        is_end_at_first_frame = get("is_end_at_first_frame", UNSET)

        output_external_url = get("output_external_url", UNSET)

        is_vocabulary_config_enable = get("is_vocabulary_config_enable", UNSET)

        instance_ = _new_instance(cls)
        instance_.clip_mode = clip_mode
        instance_.codec = codec
        instance_.bitrate = bitrate
        instance_.width = width
        instance_.height = height
        instance_.frame_rate = frame_rate
        instance_.is_subtitle_enable = is_subtitle_enable
        instance_.subtitle_config = subtitle_config
        instance_.dx = dx
        instance_.dy = dy
        instance_.is_enable_super_resolution = is_enable_super_resolution
        instance_.is_end_at_first_frame = is_end_at_first_frame
        instance_.output_external_url = output_external_url
        instance_.is_vocabulary_config_enable = is_vocabulary_config_enable
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
        "clip_mode",
        "codec",
        "bitrate",
        "width",
        "height",
        "frame_rate",
        "is_subtitle_enable",
        "subtitle_config",
        "dx",
        "dy",
        "is_enable_super_resolution",
        "is_end_at_first_frame",
        "output_external_url",
        "is_vocabulary_config_enable",
    }
)


# metastudio: the models this one refers to, imported once, after the class (so that models
# which refer to each other can import each other), not inside from_dict/to_dict on every call.
from ..models.subtitle_config import SubtitleConfig
