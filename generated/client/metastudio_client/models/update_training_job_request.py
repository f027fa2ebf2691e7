from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__

from typing import cast

from ..models.audio_source_type import AudioSourceType
from ..models.update_command_message import UpdateCommandMessage

T = TypeVar("T", bound="UpdateTrainingJobRequest")


@_attrs_define
class UpdateTrainingJobRequest:
    """Fields of a training task that can be replaced after a failed review.

    Attributes:
        name (str | Unset): Model name; also the model asset's name in the asset library.
        contact (str | Unset): How to reach the task's creator, for example a phone number or e-mail.
        command_message (UpdateCommandMessage | Unset): What the update is for (the update page's list; the command page
            lists only the first two, E12).
        video_multipart_count (int | Unset): Number of parts the training video is uploaded in (the parts are uploaded
            concurrently); one upload URL is returned per part. Default: 1.
        action_video_multipart_count (int | Unset): Number of parts the action video is uploaded in.
        is_background_replacement (bool | Unset): Whether the background is replaced; if so, the training video must be
            shot in front of a green screen.
        batch_name (str | Unset): Batch the training task belongs to.
        tags (list[str] | Unset): Labels of the training task.
        samples_basic_info (list[ActionBasicSampleInfo] | Unset): Changeable information of the action video samples.
        supported_service (list[str] | Unset): Services the trained model can be used for (one or more).
        audio_source_type (AudioSourceType | Unset): Where the training audio comes from. Default:
            AudioSourceType.VIDEO.
        is_fast_flexus (bool | Unset): Whether this is a Flexus express (fast) training.
        voice_properties (VoiceProperties | Unset): Voice settings of a Flexus training (voice_properties).
    """

    name: str | Unset = UNSET
    contact: str | Unset = UNSET
    command_message: UpdateCommandMessage | Unset = UNSET
    video_multipart_count: int | Unset = 1
    action_video_multipart_count: int | Unset = UNSET
    is_background_replacement: bool | Unset = UNSET
    batch_name: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    samples_basic_info: list[ActionBasicSampleInfo] | Unset = UNSET
    supported_service: list[str] | Unset = UNSET
    audio_source_type: AudioSourceType | Unset = AudioSourceType.VIDEO
    is_fast_flexus: bool | Unset = UNSET
    voice_properties: VoiceProperties | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        contact = self.contact

        command_message: str | Unset = UNSET
        if not isinstance(self.command_message, Unset):
            command_message = self.command_message.value

        video_multipart_count = self.video_multipart_count

        action_video_multipart_count = self.action_video_multipart_count

        is_background_replacement = self.is_background_replacement

        batch_name = self.batch_name

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        samples_basic_info: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.samples_basic_info, Unset):
            samples_basic_info = []
            for samples_basic_info_item_data in self.samples_basic_info:
                samples_basic_info_item = samples_basic_info_item_data.to_dict()
                samples_basic_info.append(samples_basic_info_item)

        supported_service: list[str] | Unset = UNSET
        if not isinstance(self.supported_service, Unset):
            supported_service = self.supported_service

        audio_source_type: str | Unset = UNSET
        if not isinstance(self.audio_source_type, Unset):
            audio_source_type = self.audio_source_type.value

        is_fast_flexus = self.is_fast_flexus

        voice_properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.voice_properties, Unset):
            voice_properties = self.voice_properties.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if contact is not UNSET:
            field_dict["contact"] = contact
        if command_message is not UNSET:
            field_dict["command_message"] = command_message
        if video_multipart_count is not UNSET:
            field_dict["video_multipart_count"] = video_multipart_count
        if action_video_multipart_count is not UNSET:
            field_dict["action_video_multipart_count"] = action_video_multipart_count
        if is_background_replacement is not UNSET:
            field_dict["is_background_replacement"] = is_background_replacement
        if batch_name is not UNSET:
            field_dict["batch_name"] = batch_name
        if tags is not UNSET:
            field_dict["tags"] = tags
        if samples_basic_info is not UNSET:
            field_dict["samples_basic_info"] = samples_basic_info
        if supported_service is not UNSET:
            field_dict["supported_service"] = supported_service
        if audio_source_type is not UNSET:
            field_dict["audio_source_type"] = audio_source_type
        if is_fast_flexus is not UNSET:
            field_dict["is_fast_flexus"] = is_fast_flexus
        if voice_properties is not UNSET:
            field_dict["voice_properties"] = voice_properties

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        name = get("name", UNSET)

        contact = get("contact", UNSET)

        _command_message = get("command_message", UNSET)
        command_message: UpdateCommandMessage | Unset
        if _command_message is UNSET:
            command_message = UNSET
        else:
            command_message = UpdateCommandMessage.parse(_command_message)

        video_multipart_count = get("video_multipart_count", UNSET)

        action_video_multipart_count = get("action_video_multipart_count", UNSET)

        is_background_replacement = get("is_background_replacement", UNSET)

        batch_name = get("batch_name", UNSET)

        tags = cast(list[str], get("tags", UNSET))

        _samples_basic_info = get("samples_basic_info", UNSET)
        samples_basic_info: list[ActionBasicSampleInfo] | Unset = UNSET
        if _samples_basic_info is not UNSET:
            samples_basic_info = []
            for samples_basic_info_item_data in _samples_basic_info:
                samples_basic_info_item = ActionBasicSampleInfo.from_dict(
                    samples_basic_info_item_data
                )

                samples_basic_info.append(samples_basic_info_item)

        supported_service = cast(list[str], get("supported_service", UNSET))

        _audio_source_type = get("audio_source_type", UNSET)
        audio_source_type: AudioSourceType | Unset
        if _audio_source_type is UNSET:
            audio_source_type = UNSET
        else:
            audio_source_type = AudioSourceType.parse(_audio_source_type)

        is_fast_flexus = get("is_fast_flexus", UNSET)

        _voice_properties = get("voice_properties", UNSET)
        voice_properties: VoiceProperties | Unset
        if _voice_properties is UNSET:
            voice_properties = UNSET
        else:
            voice_properties = VoiceProperties.from_dict(_voice_properties)

        instance_ = _new_instance(cls)
        instance_.name = name
        instance_.contact = contact
        instance_.command_message = command_message
        instance_.video_multipart_count = video_multipart_count
        instance_.action_video_multipart_count = action_video_multipart_count
        instance_.is_background_replacement = is_background_replacement
        instance_.batch_name = batch_name
        instance_.tags = tags
        instance_.samples_basic_info = samples_basic_info
        instance_.supported_service = supported_service
        instance_.audio_source_type = audio_source_type
        instance_.is_fast_flexus = is_fast_flexus
        instance_.voice_properties = voice_properties
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
        "name",
        "contact",
        "command_message",
        "video_multipart_count",
        "action_video_multipart_count",
        "is_background_replacement",
        "batch_name",
        "tags",
        "samples_basic_info",
        "supported_service",
        "audio_source_type",
        "is_fast_flexus",
        "voice_properties",
    }
)


# metastudio: the models this one refers to, imported once, after the class (so that models
# which refer to each other can import each other), not inside from_dict/to_dict on every call.
from ..models.action_basic_sample_info import ActionBasicSampleInfo
from ..models.voice_properties import VoiceProperties
