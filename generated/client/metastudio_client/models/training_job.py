from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__

import datetime
from typing import cast

from ..models.audio_source_type import AudioSourceType
from ..models.matting_type import MattingType
from ..models.model_resolution import ModelResolution
from ..models.model_version import ModelVersion
from ..models.rotation_state import RotationState
from ..models.training_job_state import TrainingJobState

T = TypeVar("T", bound="TrainingJob")


@_attrs_define
class TrainingJob:
    """A virtual avatar model training task as the detail query returns it.

    Attributes:
        job_id (str | Unset): Task id.
        name (str | Unset): Model name; also the model asset's name in the asset library.
        state (TrainingJobState | Unset): State of a model training task. Its lifecycle (`x-lifecycle`) is shared by the
            mock server and the generated docs.
        asset_id (str | Unset): Id of the model asset.
        project_id (str | Unset): Project id the model asset belongs to.
        cover_download_url (str | Unset): Download URL of the model thumbnail, valid for 24 hours.
        last_update_time (datetime.datetime | Unset): When the user last changed the task (created or resubmitted it),
            RFC 3339, for example 2020-07-30T10:43:17Z.
        create_time (datetime.datetime | Unset): When the task was created, RFC 3339, for example 2020-07-30T10:43:17Z.
        contact (str | Unset): How to reach the task's creator, for example a phone number or e-mail.
        batch_name (str | Unset): Batch the training task belongs to.
        tags (list[str] | Unset): Labels of the training task.
        model_version (ModelVersion | Unset): Model version. The page's text says the default is V3; its "Default value"
            line says V3.2 (E05).
        matting_type (MattingType | Unset): How the avatar is cut out of the video; AI when absent.
        model_resolution (ModelResolution | Unset): Resolution of the model; 1080P when absent.
        app_user_id (str | Unset): The caller's own user id, present when X-App-UserId was sent at creation.
        is_flexus (bool | Unset): Whether this is a basic-edition (Flexus) training.
        training_video_download_url (str | Unset): Download URL of the training video, valid for 24 hours.
        id_card_image1_download_url (str | Unset): Download URL of the ID card's front photo, valid for 24 hours.
        id_card_image2_download_url (str | Unset): Download URL of the ID card's back photo, valid for 24 hours.
        grant_file_download_url (str | Unset): Download URL of the authorization letter, valid for 24 hours.
        action_video_download_url (str | Unset): Download URL of the action video.
        audio_file_download_url (str | Unset): Download URL of the audio file.
        operation_logs (list[OperationLogInfo] | Unset): Operation log, oldest first.
        verify_video_matting_info (list[VerifyVideoMattingInfo] | Unset): Areas left uncropped when the crop-
            verification video was made.
        comment_logs (list[CommentLogInfo] | Unset): Comment log.
        samples (list[ActionSampleInfo] | Unset): Action video samples.
        is_mask_file_uploaded (bool | Unset): Whether the mask file has been uploaded.
        mask_file_download_url (str | Unset): Download URL of the mask, valid for 24 hours.
        verify_video_download_url (str | Unset): Download URL of the video under review. The page's example sends the
            string "null" here when there is none.
        markable_video_download_url (str | Unset): Download URL of the video to be marked, valid for 24 hours.
        inference_data_process_video_mark_info (InferenceVideoMarkInfo | Unset): Time span marked in the inference
            preprocessing video.
        inference_data_process_action_mark_info (InferenceActionMarkInfo | Unset): Action marks of the inference
            preprocessing video.
        inference_data_process_eye_correction_mark_info (InferenceEyeCorrectionMarkInfo | Unset): Time span selected for
            eye-contact correction during inference preprocessing.
        is_background_replacement (bool | Unset): Whether the background is replaced; if so, the training video must be
            shot in front of a green screen. Default: True.
        worker_type (list[str] | Unset): Compilation task model.
        voice_train_job_id (str | Unset): Id of the voice training task.
        flexus_retry_count (int | Unset): Retrainings left for a Flexus task; each retraining takes one, at 0 no more
            retraining is possible.
        audio_source_type (AudioSourceType | Unset): Where the training audio comes from.
        supported_service (list[str] | Unset): Services the trained model can be used for (one or more).
        is_live_copy (bool | Unset): Whether this is a livestream-room copy task.
        is_fast_flexus (bool | Unset): Whether this is a Flexus express (fast) training.
        is_only_human_model (bool | Unset): Whether only the appearance model is trained, not the voice model; Flexus
            only, false when absent.
        optional_training_location (list[str] | Unset): Regions the training may run in.
        is_ondemand_resource (bool | Unset): Whether the task runs on pay-per-use resources.
        pre_beauty_image_download_url (str | Unset): Download URL of the image before skin whitening.
        external_action_json_data_download_url (str | Unset): Download URL of the external action data (JSON), valid for
            24 hours.
        post_beauty_image_download_url (str | Unset): Download URL of the image after skin whitening.
        action_mark_file_download_url (str | Unset): Download URL of the action calibration file.
        action_mark_file_upload_url (str | Unset): Upload URL of the action calibration file.
        markable_action_video_download_url (str | Unset): Download URL of the action video to be marked, valid for 24
            hours.
        traning_video_mark_info (TrainingVideoMarkInfo | Unset): Time span marked in the training video
            (traning_video_mark_info, the wire spelling).
        voice_properties (VoiceProperties | Unset): Voice settings of a Flexus training (voice_properties).
        inference_data_process_chat_action_mark_info (InferenceActionMarkInfo | Unset): Action marks of the inference
            preprocessing video.
        allocated_resource (TrainingAllocatedResource | Unset): The resource a training task runs on
            (allocated_resource).
        train_video_rotation_state (RotationState | Unset): State of a video rotation task.
        action_video_rotation_state (RotationState | Unset): State of a video rotation task.
        sub_training_job_info (list[SubTrainingJobInfo] | Unset): Sub-tasks of the training task.
    """

    job_id: str | Unset = UNSET
    name: str | Unset = UNSET
    state: TrainingJobState | Unset = UNSET
    asset_id: str | Unset = UNSET
    project_id: str | Unset = UNSET
    cover_download_url: str | Unset = UNSET
    last_update_time: datetime.datetime | Unset = UNSET
    create_time: datetime.datetime | Unset = UNSET
    contact: str | Unset = UNSET
    batch_name: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    model_version: ModelVersion | Unset = UNSET
    matting_type: MattingType | Unset = UNSET
    model_resolution: ModelResolution | Unset = UNSET
    app_user_id: str | Unset = UNSET
    is_flexus: bool | Unset = UNSET
    training_video_download_url: str | Unset = UNSET
    id_card_image1_download_url: str | Unset = UNSET
    id_card_image2_download_url: str | Unset = UNSET
    grant_file_download_url: str | Unset = UNSET
    action_video_download_url: str | Unset = UNSET
    audio_file_download_url: str | Unset = UNSET
    operation_logs: list[OperationLogInfo] | Unset = UNSET
    verify_video_matting_info: list[VerifyVideoMattingInfo] | Unset = UNSET
    comment_logs: list[CommentLogInfo] | Unset = UNSET
    samples: list[ActionSampleInfo] | Unset = UNSET
    is_mask_file_uploaded: bool | Unset = UNSET
    mask_file_download_url: str | Unset = UNSET
    verify_video_download_url: str | Unset = UNSET
    markable_video_download_url: str | Unset = UNSET
    inference_data_process_video_mark_info: InferenceVideoMarkInfo | Unset = UNSET
    inference_data_process_action_mark_info: InferenceActionMarkInfo | Unset = UNSET
    inference_data_process_eye_correction_mark_info: InferenceEyeCorrectionMarkInfo | Unset = UNSET
    is_background_replacement: bool | Unset = True
    worker_type: list[str] | Unset = UNSET
    voice_train_job_id: str | Unset = UNSET
    flexus_retry_count: int | Unset = UNSET
    audio_source_type: AudioSourceType | Unset = UNSET
    supported_service: list[str] | Unset = UNSET
    is_live_copy: bool | Unset = UNSET
    is_fast_flexus: bool | Unset = UNSET
    is_only_human_model: bool | Unset = UNSET
    optional_training_location: list[str] | Unset = UNSET
    is_ondemand_resource: bool | Unset = UNSET
    pre_beauty_image_download_url: str | Unset = UNSET
    external_action_json_data_download_url: str | Unset = UNSET
    post_beauty_image_download_url: str | Unset = UNSET
    action_mark_file_download_url: str | Unset = UNSET
    action_mark_file_upload_url: str | Unset = UNSET
    markable_action_video_download_url: str | Unset = UNSET
    traning_video_mark_info: TrainingVideoMarkInfo | Unset = UNSET
    voice_properties: VoiceProperties | Unset = UNSET
    inference_data_process_chat_action_mark_info: InferenceActionMarkInfo | Unset = UNSET
    allocated_resource: TrainingAllocatedResource | Unset = UNSET
    train_video_rotation_state: RotationState | Unset = UNSET
    action_video_rotation_state: RotationState | Unset = UNSET
    sub_training_job_info: list[SubTrainingJobInfo] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = self.job_id

        name = self.name

        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state.value

        asset_id = self.asset_id

        project_id = self.project_id

        cover_download_url = self.cover_download_url

        last_update_time: str | Unset = UNSET
        if not isinstance(self.last_update_time, Unset):
            last_update_time = self.last_update_time.isoformat()

        create_time: str | Unset = UNSET
        if not isinstance(self.create_time, Unset):
            create_time = self.create_time.isoformat()

        contact = self.contact

        batch_name = self.batch_name

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        model_version: str | Unset = UNSET
        if not isinstance(self.model_version, Unset):
            model_version = self.model_version.value

        matting_type: str | Unset = UNSET
        if not isinstance(self.matting_type, Unset):
            matting_type = self.matting_type.value

        model_resolution: str | Unset = UNSET
        if not isinstance(self.model_resolution, Unset):
            model_resolution = self.model_resolution.value

        app_user_id = self.app_user_id

        is_flexus = self.is_flexus

        training_video_download_url = self.training_video_download_url

        id_card_image1_download_url = self.id_card_image1_download_url

        id_card_image2_download_url = self.id_card_image2_download_url

        grant_file_download_url = self.grant_file_download_url

        action_video_download_url = self.action_video_download_url

        audio_file_download_url = self.audio_file_download_url

        operation_logs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.operation_logs, Unset):
            operation_logs = []
            for operation_logs_item_data in self.operation_logs:
                operation_logs_item = operation_logs_item_data.to_dict()
                operation_logs.append(operation_logs_item)

        verify_video_matting_info: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.verify_video_matting_info, Unset):
            verify_video_matting_info = []
            for verify_video_matting_info_item_data in self.verify_video_matting_info:
                verify_video_matting_info_item = verify_video_matting_info_item_data.to_dict()
                verify_video_matting_info.append(verify_video_matting_info_item)

        comment_logs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.comment_logs, Unset):
            comment_logs = []
            for comment_logs_item_data in self.comment_logs:
                comment_logs_item = comment_logs_item_data.to_dict()
                comment_logs.append(comment_logs_item)

        samples: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.samples, Unset):
            samples = []
            for samples_item_data in self.samples:
                samples_item = samples_item_data.to_dict()
                samples.append(samples_item)

        is_mask_file_uploaded = self.is_mask_file_uploaded

        mask_file_download_url = self.mask_file_download_url

        verify_video_download_url = self.verify_video_download_url

        markable_video_download_url = self.markable_video_download_url

        inference_data_process_video_mark_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inference_data_process_video_mark_info, Unset):
            inference_data_process_video_mark_info = (
                self.inference_data_process_video_mark_info.to_dict()
            )

        inference_data_process_action_mark_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inference_data_process_action_mark_info, Unset):
            inference_data_process_action_mark_info = (
                self.inference_data_process_action_mark_info.to_dict()
            )

        inference_data_process_eye_correction_mark_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inference_data_process_eye_correction_mark_info, Unset):
            inference_data_process_eye_correction_mark_info = (
                self.inference_data_process_eye_correction_mark_info.to_dict()
            )

        is_background_replacement = self.is_background_replacement

        worker_type: list[str] | Unset = UNSET
        if not isinstance(self.worker_type, Unset):
            worker_type = self.worker_type

        voice_train_job_id = self.voice_train_job_id

        flexus_retry_count = self.flexus_retry_count

        audio_source_type: str | Unset = UNSET
        if not isinstance(self.audio_source_type, Unset):
            audio_source_type = self.audio_source_type.value

        supported_service: list[str] | Unset = UNSET
        if not isinstance(self.supported_service, Unset):
            supported_service = self.supported_service

        is_live_copy = self.is_live_copy

        is_fast_flexus = self.is_fast_flexus

        is_only_human_model = self.is_only_human_model

        optional_training_location: list[str] | Unset = UNSET
        if not isinstance(self.optional_training_location, Unset):
            optional_training_location = self.optional_training_location

        is_ondemand_resource = self.is_ondemand_resource

        pre_beauty_image_download_url = self.pre_beauty_image_download_url

        external_action_json_data_download_url = self.external_action_json_data_download_url

        post_beauty_image_download_url = self.post_beauty_image_download_url

        action_mark_file_download_url = self.action_mark_file_download_url

        action_mark_file_upload_url = self.action_mark_file_upload_url

        markable_action_video_download_url = self.markable_action_video_download_url

        traning_video_mark_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.traning_video_mark_info, Unset):
            traning_video_mark_info = self.traning_video_mark_info.to_dict()

        voice_properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.voice_properties, Unset):
            voice_properties = self.voice_properties.to_dict()

        inference_data_process_chat_action_mark_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inference_data_process_chat_action_mark_info, Unset):
            inference_data_process_chat_action_mark_info = (
                self.inference_data_process_chat_action_mark_info.to_dict()
            )

        allocated_resource: dict[str, Any] | Unset = UNSET
        if not isinstance(self.allocated_resource, Unset):
            allocated_resource = self.allocated_resource.to_dict()

        train_video_rotation_state: str | Unset = UNSET
        if not isinstance(self.train_video_rotation_state, Unset):
            train_video_rotation_state = self.train_video_rotation_state.value

        action_video_rotation_state: str | Unset = UNSET
        if not isinstance(self.action_video_rotation_state, Unset):
            action_video_rotation_state = self.action_video_rotation_state.value

        sub_training_job_info: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sub_training_job_info, Unset):
            sub_training_job_info = []
            for sub_training_job_info_item_data in self.sub_training_job_info:
                sub_training_job_info_item = sub_training_job_info_item_data.to_dict()
                sub_training_job_info.append(sub_training_job_info_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if job_id is not UNSET:
            field_dict["job_id"] = job_id
        if name is not UNSET:
            field_dict["name"] = name
        if state is not UNSET:
            field_dict["state"] = state
        if asset_id is not UNSET:
            field_dict["asset_id"] = asset_id
        if project_id is not UNSET:
            field_dict["project_id"] = project_id
        if cover_download_url is not UNSET:
            field_dict["cover_download_url"] = cover_download_url
        if last_update_time is not UNSET:
            field_dict["last_update_time"] = last_update_time
        if create_time is not UNSET:
            field_dict["create_time"] = create_time
        if contact is not UNSET:
            field_dict["contact"] = contact
        if batch_name is not UNSET:
            field_dict["batch_name"] = batch_name
        if tags is not UNSET:
            field_dict["tags"] = tags
        if model_version is not UNSET:
            field_dict["model_version"] = model_version
        if matting_type is not UNSET:
            field_dict["matting_type"] = matting_type
        if model_resolution is not UNSET:
            field_dict["model_resolution"] = model_resolution
        if app_user_id is not UNSET:
            field_dict["app_user_id"] = app_user_id
        if is_flexus is not UNSET:
            field_dict["is_flexus"] = is_flexus
        if training_video_download_url is not UNSET:
            field_dict["training_video_download_url"] = training_video_download_url
        if id_card_image1_download_url is not UNSET:
            field_dict["id_card_image1_download_url"] = id_card_image1_download_url
        if id_card_image2_download_url is not UNSET:
            field_dict["id_card_image2_download_url"] = id_card_image2_download_url
        if grant_file_download_url is not UNSET:
            field_dict["grant_file_download_url"] = grant_file_download_url
        if action_video_download_url is not UNSET:
            field_dict["action_video_download_url"] = action_video_download_url
        if audio_file_download_url is not UNSET:
            field_dict["audio_file_download_url"] = audio_file_download_url
        if operation_logs is not UNSET:
            field_dict["operation_logs"] = operation_logs
        if verify_video_matting_info is not UNSET:
            field_dict["verify_video_matting_info"] = verify_video_matting_info
        if comment_logs is not UNSET:
            field_dict["comment_logs"] = comment_logs
        if samples is not UNSET:
            field_dict["samples"] = samples
        if is_mask_file_uploaded is not UNSET:
            field_dict["is_mask_file_uploaded"] = is_mask_file_uploaded
        if mask_file_download_url is not UNSET:
            field_dict["mask_file_download_url"] = mask_file_download_url
        if verify_video_download_url is not UNSET:
            field_dict["verify_video_download_url"] = verify_video_download_url
        if markable_video_download_url is not UNSET:
            field_dict["markable_video_download_url"] = markable_video_download_url
        if inference_data_process_video_mark_info is not UNSET:
            field_dict["inference_data_process_video_mark_info"] = (
                inference_data_process_video_mark_info
            )
        if inference_data_process_action_mark_info is not UNSET:
            field_dict["inference_data_process_action_mark_info"] = (
                inference_data_process_action_mark_info
            )
        if inference_data_process_eye_correction_mark_info is not UNSET:
            field_dict["inference_data_process_eye_correction_mark_info"] = (
                inference_data_process_eye_correction_mark_info
            )
        if is_background_replacement is not UNSET:
            field_dict["is_background_replacement"] = is_background_replacement
        if worker_type is not UNSET:
            field_dict["worker_type"] = worker_type
        if voice_train_job_id is not UNSET:
            field_dict["voice_train_job_id"] = voice_train_job_id
        if flexus_retry_count is not UNSET:
            field_dict["flexus_retry_count"] = flexus_retry_count
        if audio_source_type is not UNSET:
            field_dict["audio_source_type"] = audio_source_type
        if supported_service is not UNSET:
            field_dict["supported_service"] = supported_service
        if is_live_copy is not UNSET:
            field_dict["is_live_copy"] = is_live_copy
        if is_fast_flexus is not UNSET:
            field_dict["is_fast_flexus"] = is_fast_flexus
        if is_only_human_model is not UNSET:
            field_dict["is_only_human_model"] = is_only_human_model
        if optional_training_location is not UNSET:
            field_dict["optional_training_location"] = optional_training_location
        if is_ondemand_resource is not UNSET:
            field_dict["is_ondemand_resource"] = is_ondemand_resource
        if pre_beauty_image_download_url is not UNSET:
            field_dict["pre_beauty_image_download_url"] = pre_beauty_image_download_url
        if external_action_json_data_download_url is not UNSET:
            field_dict["external_action_json_data_download_url"] = (
                external_action_json_data_download_url
            )
        if post_beauty_image_download_url is not UNSET:
            field_dict["post_beauty_image_download_url"] = post_beauty_image_download_url
        if action_mark_file_download_url is not UNSET:
            field_dict["action_mark_file_download_url"] = action_mark_file_download_url
        if action_mark_file_upload_url is not UNSET:
            field_dict["action_mark_file_upload_url"] = action_mark_file_upload_url
        if markable_action_video_download_url is not UNSET:
            field_dict["markable_action_video_download_url"] = markable_action_video_download_url
        if traning_video_mark_info is not UNSET:
            field_dict["traning_video_mark_info"] = traning_video_mark_info
        if voice_properties is not UNSET:
            field_dict["voice_properties"] = voice_properties
        if inference_data_process_chat_action_mark_info is not UNSET:
            field_dict["inference_data_process_chat_action_mark_info"] = (
                inference_data_process_chat_action_mark_info
            )
        if allocated_resource is not UNSET:
            field_dict["allocated_resource"] = allocated_resource
        if train_video_rotation_state is not UNSET:
            field_dict["train_video_rotation_state"] = train_video_rotation_state
        if action_video_rotation_state is not UNSET:
            field_dict["action_video_rotation_state"] = action_video_rotation_state
        if sub_training_job_info is not UNSET:
            field_dict["sub_training_job_info"] = sub_training_job_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        job_id = get("job_id", UNSET)

        name = get("name", UNSET)

        _state = get("state", UNSET)
        state: TrainingJobState | Unset
        if _state is UNSET:
            state = UNSET
        else:
            state = TrainingJobState.parse(_state)

        asset_id = get("asset_id", UNSET)

        project_id = get("project_id", UNSET)

        cover_download_url = get("cover_download_url", UNSET)

        _last_update_time = get("last_update_time", UNSET)
        last_update_time: datetime.datetime | Unset
        if _last_update_time is UNSET:
            last_update_time = UNSET
        else:
            last_update_time = datetime.datetime.fromisoformat(_last_update_time)

        _create_time = get("create_time", UNSET)
        create_time: datetime.datetime | Unset
        if _create_time is UNSET:
            create_time = UNSET
        else:
            create_time = datetime.datetime.fromisoformat(_create_time)

        contact = get("contact", UNSET)

        batch_name = get("batch_name", UNSET)

        tags = cast(list[str], get("tags", UNSET))

        _model_version = get("model_version", UNSET)
        model_version: ModelVersion | Unset
        if _model_version is UNSET:
            model_version = UNSET
        else:
            model_version = ModelVersion.parse(_model_version)

        _matting_type = get("matting_type", UNSET)
        matting_type: MattingType | Unset
        if _matting_type is UNSET:
            matting_type = UNSET
        else:
            matting_type = MattingType.parse(_matting_type)

        _model_resolution = get("model_resolution", UNSET)
        model_resolution: ModelResolution | Unset
        if _model_resolution is UNSET:
            model_resolution = UNSET
        else:
            model_resolution = ModelResolution.parse(_model_resolution)

        app_user_id = get("app_user_id", UNSET)

        is_flexus = get("is_flexus", UNSET)

        training_video_download_url = get("training_video_download_url", UNSET)

        id_card_image1_download_url = get("id_card_image1_download_url", UNSET)

        id_card_image2_download_url = get("id_card_image2_download_url", UNSET)

        grant_file_download_url = get("grant_file_download_url", UNSET)

        action_video_download_url = get("action_video_download_url", UNSET)

        audio_file_download_url = get("audio_file_download_url", UNSET)

        _operation_logs = get("operation_logs", UNSET)
        operation_logs: list[OperationLogInfo] | Unset = UNSET
        if _operation_logs is not UNSET:
            operation_logs = []
            for operation_logs_item_data in _operation_logs:
                operation_logs_item = OperationLogInfo.from_dict(operation_logs_item_data)

                operation_logs.append(operation_logs_item)

        _verify_video_matting_info = get("verify_video_matting_info", UNSET)
        verify_video_matting_info: list[VerifyVideoMattingInfo] | Unset = UNSET
        if _verify_video_matting_info is not UNSET:
            verify_video_matting_info = []
            for verify_video_matting_info_item_data in _verify_video_matting_info:
                verify_video_matting_info_item = VerifyVideoMattingInfo.from_dict(
                    verify_video_matting_info_item_data
                )

                verify_video_matting_info.append(verify_video_matting_info_item)

        _comment_logs = get("comment_logs", UNSET)
        comment_logs: list[CommentLogInfo] | Unset = UNSET
        if _comment_logs is not UNSET:
            comment_logs = []
            for comment_logs_item_data in _comment_logs:
                comment_logs_item = CommentLogInfo.from_dict(comment_logs_item_data)

                comment_logs.append(comment_logs_item)

        _samples = get("samples", UNSET)
        samples: list[ActionSampleInfo] | Unset = UNSET
        if _samples is not UNSET:
            samples = []
            for samples_item_data in _samples:
                samples_item = ActionSampleInfo.from_dict(samples_item_data)

                samples.append(samples_item)

        is_mask_file_uploaded = get("is_mask_file_uploaded", UNSET)

        mask_file_download_url = get("mask_file_download_url", UNSET)

        verify_video_download_url = get("verify_video_download_url", UNSET)

        markable_video_download_url = get("markable_video_download_url", UNSET)

        _inference_data_process_video_mark_info = get(
            "inference_data_process_video_mark_info", UNSET
        )
        inference_data_process_video_mark_info: InferenceVideoMarkInfo | Unset
        if _inference_data_process_video_mark_info is UNSET:
            inference_data_process_video_mark_info = UNSET
        else:
            inference_data_process_video_mark_info = InferenceVideoMarkInfo.from_dict(
                _inference_data_process_video_mark_info
            )

        _inference_data_process_action_mark_info = get(
            "inference_data_process_action_mark_info", UNSET
        )
        inference_data_process_action_mark_info: InferenceActionMarkInfo | Unset
        if _inference_data_process_action_mark_info is UNSET:
            inference_data_process_action_mark_info = UNSET
        else:
            inference_data_process_action_mark_info = InferenceActionMarkInfo.from_dict(
                _inference_data_process_action_mark_info
            )

        _inference_data_process_eye_correction_mark_info = get(
            "inference_data_process_eye_correction_mark_info", UNSET
        )
        inference_data_process_eye_correction_mark_info: InferenceEyeCorrectionMarkInfo | Unset
        if _inference_data_process_eye_correction_mark_info is UNSET:
            inference_data_process_eye_correction_mark_info = UNSET
        else:
            inference_data_process_eye_correction_mark_info = (
                InferenceEyeCorrectionMarkInfo.from_dict(
                    _inference_data_process_eye_correction_mark_info
                )
            )

        is_background_replacement = get("is_background_replacement", UNSET)

        worker_type = cast(list[str], get("worker_type", UNSET))

        voice_train_job_id = get("voice_train_job_id", UNSET)

        flexus_retry_count = get("flexus_retry_count", UNSET)

        _audio_source_type = get("audio_source_type", UNSET)
        audio_source_type: AudioSourceType | Unset
        if _audio_source_type is UNSET:
            audio_source_type = UNSET
        else:
            audio_source_type = AudioSourceType.parse(_audio_source_type)

        supported_service = cast(list[str], get("supported_service", UNSET))

        is_live_copy = get("is_live_copy", UNSET)

        is_fast_flexus = get("is_fast_flexus", UNSET)

        is_only_human_model = get("is_only_human_model", UNSET)

        optional_training_location = cast(list[str], get("optional_training_location", UNSET))

        is_ondemand_resource = get("is_ondemand_resource", UNSET)

        pre_beauty_image_download_url = get("pre_beauty_image_download_url", UNSET)

        external_action_json_data_download_url = get(
            "external_action_json_data_download_url", UNSET
        )

        post_beauty_image_download_url = get("post_beauty_image_download_url", UNSET)

        action_mark_file_download_url = get("action_mark_file_download_url", UNSET)

        action_mark_file_upload_url = get("action_mark_file_upload_url", UNSET)

        markable_action_video_download_url = get("markable_action_video_download_url", UNSET)

        _traning_video_mark_info = get("traning_video_mark_info", UNSET)
        traning_video_mark_info: TrainingVideoMarkInfo | Unset
        if _traning_video_mark_info is UNSET:
            traning_video_mark_info = UNSET
        else:
            traning_video_mark_info = TrainingVideoMarkInfo.from_dict(_traning_video_mark_info)

        _voice_properties = get("voice_properties", UNSET)
        voice_properties: VoiceProperties | Unset
        if _voice_properties is UNSET:
            voice_properties = UNSET
        else:
            voice_properties = VoiceProperties.from_dict(_voice_properties)

        _inference_data_process_chat_action_mark_info = get(
            "inference_data_process_chat_action_mark_info", UNSET
        )
        inference_data_process_chat_action_mark_info: InferenceActionMarkInfo | Unset
        if _inference_data_process_chat_action_mark_info is UNSET:
            inference_data_process_chat_action_mark_info = UNSET
        else:
            inference_data_process_chat_action_mark_info = InferenceActionMarkInfo.from_dict(
                _inference_data_process_chat_action_mark_info
            )

        _allocated_resource = get("allocated_resource", UNSET)
        allocated_resource: TrainingAllocatedResource | Unset
        if _allocated_resource is UNSET:
            allocated_resource = UNSET
        else:
            allocated_resource = TrainingAllocatedResource.from_dict(_allocated_resource)

        _train_video_rotation_state = get("train_video_rotation_state", UNSET)
        train_video_rotation_state: RotationState | Unset
        if _train_video_rotation_state is UNSET:
            train_video_rotation_state = UNSET
        else:
            train_video_rotation_state = RotationState.parse(_train_video_rotation_state)

        _action_video_rotation_state = get("action_video_rotation_state", UNSET)
        action_video_rotation_state: RotationState | Unset
        if _action_video_rotation_state is UNSET:
            action_video_rotation_state = UNSET
        else:
            action_video_rotation_state = RotationState.parse(_action_video_rotation_state)

        _sub_training_job_info = get("sub_training_job_info", UNSET)
        sub_training_job_info: list[SubTrainingJobInfo] | Unset = UNSET
        if _sub_training_job_info is not UNSET:
            sub_training_job_info = []
            for sub_training_job_info_item_data in _sub_training_job_info:
                sub_training_job_info_item = SubTrainingJobInfo.from_dict(
                    sub_training_job_info_item_data
                )

                sub_training_job_info.append(sub_training_job_info_item)

        instance_ = _new_instance(cls)
        instance_.job_id = job_id
        instance_.name = name
        instance_.state = state
        instance_.asset_id = asset_id
        instance_.project_id = project_id
        instance_.cover_download_url = cover_download_url
        instance_.last_update_time = last_update_time
        instance_.create_time = create_time
        instance_.contact = contact
        instance_.batch_name = batch_name
        instance_.tags = tags
        instance_.model_version = model_version
        instance_.matting_type = matting_type
        instance_.model_resolution = model_resolution
        instance_.app_user_id = app_user_id
        instance_.is_flexus = is_flexus
        instance_.training_video_download_url = training_video_download_url
        instance_.id_card_image1_download_url = id_card_image1_download_url
        instance_.id_card_image2_download_url = id_card_image2_download_url
        instance_.grant_file_download_url = grant_file_download_url
        instance_.action_video_download_url = action_video_download_url
        instance_.audio_file_download_url = audio_file_download_url
        instance_.operation_logs = operation_logs
        instance_.verify_video_matting_info = verify_video_matting_info
        instance_.comment_logs = comment_logs
        instance_.samples = samples
        instance_.is_mask_file_uploaded = is_mask_file_uploaded
        instance_.mask_file_download_url = mask_file_download_url
        instance_.verify_video_download_url = verify_video_download_url
        instance_.markable_video_download_url = markable_video_download_url
        instance_.inference_data_process_video_mark_info = inference_data_process_video_mark_info
        instance_.inference_data_process_action_mark_info = inference_data_process_action_mark_info
        instance_.inference_data_process_eye_correction_mark_info = (
            inference_data_process_eye_correction_mark_info
        )
        instance_.is_background_replacement = is_background_replacement
        instance_.worker_type = worker_type
        instance_.voice_train_job_id = voice_train_job_id
        instance_.flexus_retry_count = flexus_retry_count
        instance_.audio_source_type = audio_source_type
        instance_.supported_service = supported_service
        instance_.is_live_copy = is_live_copy
        instance_.is_fast_flexus = is_fast_flexus
        instance_.is_only_human_model = is_only_human_model
        instance_.optional_training_location = optional_training_location
        instance_.is_ondemand_resource = is_ondemand_resource
        instance_.pre_beauty_image_download_url = pre_beauty_image_download_url
        instance_.external_action_json_data_download_url = external_action_json_data_download_url
        instance_.post_beauty_image_download_url = post_beauty_image_download_url
        instance_.action_mark_file_download_url = action_mark_file_download_url
        instance_.action_mark_file_upload_url = action_mark_file_upload_url
        instance_.markable_action_video_download_url = markable_action_video_download_url
        instance_.traning_video_mark_info = traning_video_mark_info
        instance_.voice_properties = voice_properties
        instance_.inference_data_process_chat_action_mark_info = (
            inference_data_process_chat_action_mark_info
        )
        instance_.allocated_resource = allocated_resource
        instance_.train_video_rotation_state = train_video_rotation_state
        instance_.action_video_rotation_state = action_video_rotation_state
        instance_.sub_training_job_info = sub_training_job_info
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
        "name",
        "state",
        "asset_id",
        "project_id",
        "cover_download_url",
        "last_update_time",
        "create_time",
        "contact",
        "batch_name",
        "tags",
        "model_version",
        "matting_type",
        "model_resolution",
        "app_user_id",
        "is_flexus",
        "training_video_download_url",
        "id_card_image1_download_url",
        "id_card_image2_download_url",
        "grant_file_download_url",
        "action_video_download_url",
        "audio_file_download_url",
        "operation_logs",
        "verify_video_matting_info",
        "comment_logs",
        "samples",
        "is_mask_file_uploaded",
        "mask_file_download_url",
        "verify_video_download_url",
        "markable_video_download_url",
        "inference_data_process_video_mark_info",
        "inference_data_process_action_mark_info",
        "inference_data_process_eye_correction_mark_info",
        "is_background_replacement",
        "worker_type",
        "voice_train_job_id",
        "flexus_retry_count",
        "audio_source_type",
        "supported_service",
        "is_live_copy",
        "is_fast_flexus",
        "is_only_human_model",
        "optional_training_location",
        "is_ondemand_resource",
        "pre_beauty_image_download_url",
        "external_action_json_data_download_url",
        "post_beauty_image_download_url",
        "action_mark_file_download_url",
        "action_mark_file_upload_url",
        "markable_action_video_download_url",
        "traning_video_mark_info",
        "voice_properties",
        "inference_data_process_chat_action_mark_info",
        "allocated_resource",
        "train_video_rotation_state",
        "action_video_rotation_state",
        "sub_training_job_info",
    }
)


# metastudio: the models this one refers to, imported once, after the class (so that models
# which refer to each other can import each other), not inside from_dict/to_dict on every call.
from ..models.action_sample_info import ActionSampleInfo
from ..models.comment_log_info import CommentLogInfo
from ..models.inference_action_mark_info import InferenceActionMarkInfo
from ..models.inference_eye_correction_mark_info import InferenceEyeCorrectionMarkInfo
from ..models.inference_video_mark_info import InferenceVideoMarkInfo
from ..models.operation_log_info import OperationLogInfo
from ..models.sub_training_job_info import SubTrainingJobInfo
from ..models.training_allocated_resource import TrainingAllocatedResource
from ..models.training_video_mark_info import TrainingVideoMarkInfo
from ..models.verify_video_matting_info import VerifyVideoMattingInfo
from ..models.voice_properties import VoiceProperties
