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

T = TypeVar("T", bound="UpdateTrainingJobResult")


@_attrs_define
class UpdateTrainingJobResult:
    """One-shot upload URLs for the replaced material. Each URL accepts exactly one upload and is invalid afterwards.

    Attributes:
        job_id (str | Unset): Task id.
        training_video_upload_url (list[str] | Unset): Upload URLs of the training video, one per part. The video must
            be MP4, 1080P or 4K, landscape or portrait, 3 to 10 minutes long, or review fails.
        action_video_upload_url (list[str] | Unset): Upload URLs of the action video, one per part; MP4, 1080p or 4K, 3
            to 10 minutes (the page describes it with the training video's words, E13).
        audio_upload_url (str | Unset): Upload URL of the training audio; valid for one upload.
        cover_upload_url (str | Unset): Upload URL of the model thumbnail; valid for one upload.
        id_card_image1_upload_url (str | Unset): Upload URL of the ID card's front photo; valid for one upload. Users
            outside North America must upload it or review fails.
        id_card_image2_upload_url (str | Unset): Upload URL of the ID card's back photo; valid for one upload. Users
            outside North America must upload it or review fails.
        grant_file_upload_url (str | Unset): Upload URL of the authorization letter; valid for one upload. Users outside
            North America must upload it or review fails.
        pre_beauty_image_upload_url (str | Unset): Upload URL of the image before skin whitening; valid for one upload.
        post_beauty_image_upload_url (str | Unset): Upload URL of the image after skin whitening; valid for one upload.
    """

    job_id: str | Unset = UNSET
    training_video_upload_url: list[str] | Unset = UNSET
    action_video_upload_url: list[str] | Unset = UNSET
    audio_upload_url: str | Unset = UNSET
    cover_upload_url: str | Unset = UNSET
    id_card_image1_upload_url: str | Unset = UNSET
    id_card_image2_upload_url: str | Unset = UNSET
    grant_file_upload_url: str | Unset = UNSET
    pre_beauty_image_upload_url: str | Unset = UNSET
    post_beauty_image_upload_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = self.job_id

        training_video_upload_url: list[str] | Unset = UNSET
        if not isinstance(self.training_video_upload_url, Unset):
            training_video_upload_url = self.training_video_upload_url

        action_video_upload_url: list[str] | Unset = UNSET
        if not isinstance(self.action_video_upload_url, Unset):
            action_video_upload_url = self.action_video_upload_url

        audio_upload_url = self.audio_upload_url

        cover_upload_url = self.cover_upload_url

        id_card_image1_upload_url = self.id_card_image1_upload_url

        id_card_image2_upload_url = self.id_card_image2_upload_url

        grant_file_upload_url = self.grant_file_upload_url

        pre_beauty_image_upload_url = self.pre_beauty_image_upload_url

        post_beauty_image_upload_url = self.post_beauty_image_upload_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if job_id is not UNSET:
            field_dict["job_id"] = job_id
        if training_video_upload_url is not UNSET:
            field_dict["training_video_upload_url"] = training_video_upload_url
        if action_video_upload_url is not UNSET:
            field_dict["action_video_upload_url"] = action_video_upload_url
        if audio_upload_url is not UNSET:
            field_dict["audio_upload_url"] = audio_upload_url
        if cover_upload_url is not UNSET:
            field_dict["cover_upload_url"] = cover_upload_url
        if id_card_image1_upload_url is not UNSET:
            field_dict["id_card_image1_upload_url"] = id_card_image1_upload_url
        if id_card_image2_upload_url is not UNSET:
            field_dict["id_card_image2_upload_url"] = id_card_image2_upload_url
        if grant_file_upload_url is not UNSET:
            field_dict["grant_file_upload_url"] = grant_file_upload_url
        if pre_beauty_image_upload_url is not UNSET:
            field_dict["pre_beauty_image_upload_url"] = pre_beauty_image_upload_url
        if post_beauty_image_upload_url is not UNSET:
            field_dict["post_beauty_image_upload_url"] = post_beauty_image_upload_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        job_id = get("job_id", UNSET)

        training_video_upload_url = cast(list[str], get("training_video_upload_url", UNSET))

        action_video_upload_url = cast(list[str], get("action_video_upload_url", UNSET))

        audio_upload_url = get("audio_upload_url", UNSET)

        cover_upload_url = get("cover_upload_url", UNSET)

        id_card_image1_upload_url = get("id_card_image1_upload_url", UNSET)

        id_card_image2_upload_url = get("id_card_image2_upload_url", UNSET)

        grant_file_upload_url = get("grant_file_upload_url", UNSET)

        pre_beauty_image_upload_url = get("pre_beauty_image_upload_url", UNSET)

        post_beauty_image_upload_url = get("post_beauty_image_upload_url", UNSET)

        instance_ = _new_instance(cls)
        instance_.job_id = job_id
        instance_.training_video_upload_url = training_video_upload_url
        instance_.action_video_upload_url = action_video_upload_url
        instance_.audio_upload_url = audio_upload_url
        instance_.cover_upload_url = cover_upload_url
        instance_.id_card_image1_upload_url = id_card_image1_upload_url
        instance_.id_card_image2_upload_url = id_card_image2_upload_url
        instance_.grant_file_upload_url = grant_file_upload_url
        instance_.pre_beauty_image_upload_url = pre_beauty_image_upload_url
        instance_.post_beauty_image_upload_url = post_beauty_image_upload_url
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
        "job_id",
        "training_video_upload_url",
        "action_video_upload_url",
        "audio_upload_url",
        "cover_upload_url",
        "id_card_image1_upload_url",
        "id_card_image2_upload_url",
        "grant_file_upload_url",
        "pre_beauty_image_upload_url",
        "post_beauty_image_upload_url",
    }
)
