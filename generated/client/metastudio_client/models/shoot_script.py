from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__


from ..models.script_type import ScriptType

T = TypeVar("T", bound="ShootScript")


@_attrs_define
class ShootScript:
    """What the avatar performs in one script.

    Attributes:
        script_type (ScriptType | Unset): How the video is driven; TEXT when absent.
        text_config (TextConfig | Unset): The narration.
        background_config (list[BackgroundConfigInfo] | Unset): Backgrounds.
        layer_config (list[LayerConfig] | Unset): Layers.
        audio_duration (float | Unset): Length of the driving audio in seconds (audio-driven scripts).
        audio_drive_action_config (list[AudioDriveActionConfig] | Unset): Actions placed in an audio-driven script.
        audio_drive_file_external_url (str | Unset): External download URL of the driving audio (virtual avatar videos
            only, on request).
        audio_config (AudioInfo | Unset): The audio of an audio-driven script (audio_config).
    """

    script_type: ScriptType | Unset = UNSET
    text_config: TextConfig | Unset = UNSET
    background_config: list[BackgroundConfigInfo] | Unset = UNSET
    layer_config: list[LayerConfig] | Unset = UNSET
    audio_duration: float | Unset = UNSET
    audio_drive_action_config: list[AudioDriveActionConfig] | Unset = UNSET
    audio_drive_file_external_url: str | Unset = UNSET
    audio_config: AudioInfo | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        script_type: str | Unset = UNSET
        if not isinstance(self.script_type, Unset):
            script_type = self.script_type.value

        text_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.text_config, Unset):
            text_config = self.text_config.to_dict()

        background_config: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.background_config, Unset):
            background_config = []
            for background_config_item_data in self.background_config:
                background_config_item = background_config_item_data.to_dict()
                background_config.append(background_config_item)

        layer_config: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.layer_config, Unset):
            layer_config = []
            for layer_config_item_data in self.layer_config:
                layer_config_item = layer_config_item_data.to_dict()
                layer_config.append(layer_config_item)

        audio_duration = self.audio_duration

        audio_drive_action_config: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.audio_drive_action_config, Unset):
            audio_drive_action_config = []
            for audio_drive_action_config_item_data in self.audio_drive_action_config:
                audio_drive_action_config_item = audio_drive_action_config_item_data.to_dict()
                audio_drive_action_config.append(audio_drive_action_config_item)

        audio_drive_file_external_url = self.audio_drive_file_external_url

        audio_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.audio_config, Unset):
            audio_config = self.audio_config.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if script_type is not UNSET:
            field_dict["script_type"] = script_type
        if text_config is not UNSET:
            field_dict["text_config"] = text_config
        if background_config is not UNSET:
            field_dict["background_config"] = background_config
        if layer_config is not UNSET:
            field_dict["layer_config"] = layer_config
        if audio_duration is not UNSET:
            field_dict["audio_duration"] = audio_duration
        if audio_drive_action_config is not UNSET:
            field_dict["audio_drive_action_config"] = audio_drive_action_config
        if audio_drive_file_external_url is not UNSET:
            field_dict["audio_drive_file_external_url"] = audio_drive_file_external_url
        if audio_config is not UNSET:
            field_dict["audio_config"] = audio_config

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        _script_type = get("script_type", UNSET)
        script_type: ScriptType | Unset
        if _script_type is UNSET:
            script_type = UNSET
        else:
            script_type = ScriptType.parse(_script_type)

        _text_config = get("text_config", UNSET)
        text_config: TextConfig | Unset
        if _text_config is UNSET:
            text_config = UNSET
        else:
            text_config = TextConfig.from_dict(_text_config)

        _background_config = get("background_config", UNSET)
        background_config: list[BackgroundConfigInfo] | Unset = UNSET
        if _background_config is not UNSET:
            background_config = []
            for background_config_item_data in _background_config:
                background_config_item = BackgroundConfigInfo.from_dict(background_config_item_data)

                background_config.append(background_config_item)

        _layer_config = get("layer_config", UNSET)
        layer_config: list[LayerConfig] | Unset = UNSET
        if _layer_config is not UNSET:
            layer_config = []
            for layer_config_item_data in _layer_config:
                layer_config_item = LayerConfig.from_dict(layer_config_item_data)

                layer_config.append(layer_config_item)

        audio_duration = get("audio_duration", UNSET)

        _audio_drive_action_config = get("audio_drive_action_config", UNSET)
        audio_drive_action_config: list[AudioDriveActionConfig] | Unset = UNSET
        if _audio_drive_action_config is not UNSET:
            audio_drive_action_config = []
            for audio_drive_action_config_item_data in _audio_drive_action_config:
                audio_drive_action_config_item = AudioDriveActionConfig.from_dict(
                    audio_drive_action_config_item_data
                )

                audio_drive_action_config.append(audio_drive_action_config_item)

        audio_drive_file_external_url = get("audio_drive_file_external_url", UNSET)

        _audio_config = get("audio_config", UNSET)
        audio_config: AudioInfo | Unset
        if _audio_config is UNSET:
            audio_config = UNSET
        else:
            audio_config = AudioInfo.from_dict(_audio_config)

        instance_ = _new_instance(cls)
        instance_.script_type = script_type
        instance_.text_config = text_config
        instance_.background_config = background_config
        instance_.layer_config = layer_config
        instance_.audio_duration = audio_duration
        instance_.audio_drive_action_config = audio_drive_action_config
        instance_.audio_drive_file_external_url = audio_drive_file_external_url
        instance_.audio_config = audio_config
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
        "script_type",
        "text_config",
        "background_config",
        "layer_config",
        "audio_duration",
        "audio_drive_action_config",
        "audio_drive_file_external_url",
        "audio_config",
    }
)


# metastudio: the models this one refers to, imported once, after the class (so that models
# which refer to each other can import each other), not inside from_dict/to_dict on every call.
from ..models.audio_drive_action_config import AudioDriveActionConfig
from ..models.audio_info import AudioInfo
from ..models.background_config_info import BackgroundConfigInfo
from ..models.layer_config import LayerConfig
from ..models.text_config import TextConfig
