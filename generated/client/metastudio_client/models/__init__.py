"""Contains all the data models used in inputs/outputs"""

from .action_basic_sample_info import ActionBasicSampleInfo
from .action_mark_item import ActionMarkItem
from .action_sample_info import ActionSampleInfo
from .action_type import ActionType
from .audio_drive_action_config import AudioDriveActionConfig
from .audio_info import AudioInfo
from .audio_source_type import AudioSourceType
from .background_config_info import BackgroundConfigInfo
from .background_image_config import BackgroundImageConfig
from .background_music_config import BackgroundMusicConfig
from .background_type import BackgroundType
from .charge_mode import ChargeMode
from .clip_mode import ClipMode
from .codec import Codec
from .command_result import CommandResult
from .comment_data import CommentData
from .comment_log_info import CommentLogInfo
from .comment_type import CommentType
from .digital_human_video import DigitalHumanVideo
from .error import Error
from .execute_command_message import ExecuteCommandMessage
from .execute_training_command_request import ExecuteTrainingCommandRequest
from .execute_training_command_result import ExecuteTrainingCommandResult
from .human_position_2d import HumanPosition2D
from .image_layer_config import ImageLayerConfig
from .inference_action_mark_info import InferenceActionMarkInfo
from .inference_eye_correction_mark_info import InferenceEyeCorrectionMarkInfo
from .inference_video_mark_info import InferenceVideoMarkInfo
from .layer_config import LayerConfig
from .layer_position_config import LayerPositionConfig
from .layer_rotation_config import LayerRotationConfig
from .layer_size_config import LayerSizeConfig
from .layer_type import LayerType
from .matting_method import MattingMethod
from .matting_type import MattingType
from .model_resolution import ModelResolution
from .model_version import ModelVersion
from .multipart_upload_info import MultipartUploadInfo
from .operate_user import OperateUser
from .operation_log_info import OperationLogInfo
from .operation_log_type import OperationLogType
from .output_asset_info import OutputAssetInfo
from .rotation_state import RotationState
from .script_type import ScriptType
from .shoot_script import ShootScript
from .shoot_script_item import ShootScriptItem
from .sort_dir import SortDir
from .sub_training_job_info import SubTrainingJobInfo
from .subtitle_config import SubtitleConfig
from .subtitle_file_info import SubtitleFileInfo
from .subtitle_file_state import SubtitleFileState
from .subtitle_files import SubtitleFiles
from .subtitle_font_name import SubtitleFontName
from .text_config import TextConfig
from .text_layer_config import TextLayerConfig
from .text_layer_font_name import TextLayerFontName
from .training_allocated_resource import TrainingAllocatedResource
from .training_command import TrainingCommand
from .training_job import TrainingJob
from .training_job_state import TrainingJobState
from .training_video_mark_info import TrainingVideoMarkInfo
from .update_command_message import UpdateCommandMessage
from .update_training_job_request import UpdateTrainingJobRequest
from .update_training_job_result import UpdateTrainingJobResult
from .verify_video_matting_info import VerifyVideoMattingInfo
from .video_config import VideoConfig
from .video_job_detail import VideoJobDetail
from .video_job_list import VideoJobList
from .video_job_sort_key import VideoJobSortKey
from .video_job_state import VideoJobState
from .video_job_type import VideoJobType
from .video_layer_config import VideoLayerConfig
from .video_making_type import VideoMakingType
from .voice_config import VoiceConfig
from .voice_job_tag import VoiceJobTag
from .voice_language import VoiceLanguage
from .voice_properties import VoiceProperties
from .voice_sex import VoiceSex

__all__ = (
    "ActionBasicSampleInfo",
    "ActionMarkItem",
    "ActionSampleInfo",
    "ActionType",
    "AudioDriveActionConfig",
    "AudioInfo",
    "AudioSourceType",
    "BackgroundConfigInfo",
    "BackgroundImageConfig",
    "BackgroundMusicConfig",
    "BackgroundType",
    "ChargeMode",
    "ClipMode",
    "Codec",
    "CommandResult",
    "CommentData",
    "CommentLogInfo",
    "CommentType",
    "DigitalHumanVideo",
    "Error",
    "ExecuteCommandMessage",
    "ExecuteTrainingCommandRequest",
    "ExecuteTrainingCommandResult",
    "HumanPosition2D",
    "ImageLayerConfig",
    "InferenceActionMarkInfo",
    "InferenceEyeCorrectionMarkInfo",
    "InferenceVideoMarkInfo",
    "LayerConfig",
    "LayerPositionConfig",
    "LayerRotationConfig",
    "LayerSizeConfig",
    "LayerType",
    "MattingMethod",
    "MattingType",
    "ModelResolution",
    "ModelVersion",
    "MultipartUploadInfo",
    "OperateUser",
    "OperationLogInfo",
    "OperationLogType",
    "OutputAssetInfo",
    "RotationState",
    "ScriptType",
    "ShootScript",
    "ShootScriptItem",
    "SortDir",
    "SubtitleConfig",
    "SubtitleFileInfo",
    "SubtitleFiles",
    "SubtitleFileState",
    "SubtitleFontName",
    "SubTrainingJobInfo",
    "TextConfig",
    "TextLayerConfig",
    "TextLayerFontName",
    "TrainingAllocatedResource",
    "TrainingCommand",
    "TrainingJob",
    "TrainingJobState",
    "TrainingVideoMarkInfo",
    "UpdateCommandMessage",
    "UpdateTrainingJobRequest",
    "UpdateTrainingJobResult",
    "VerifyVideoMattingInfo",
    "VideoConfig",
    "VideoJobDetail",
    "VideoJobList",
    "VideoJobSortKey",
    "VideoJobState",
    "VideoJobType",
    "VideoLayerConfig",
    "VideoMakingType",
    "VoiceConfig",
    "VoiceJobTag",
    "VoiceLanguage",
    "VoiceProperties",
    "VoiceSex",
)
