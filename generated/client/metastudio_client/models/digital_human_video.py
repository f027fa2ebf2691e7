from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.video_job_state import VideoJobState
from ..models.video_job_type import VideoJobType
from ..types import UNSET, Unset

T = TypeVar("T", bound="DigitalHumanVideo")


@_attrs_define
class DigitalHumanVideo:
    """A video production task as the list returns it.

    Attributes:
        job_id (str | Unset): Task id.
        state (VideoJobState | Unset): State of a video production task.
        job_type (VideoJobType | Unset): Kind of video production task.
        start_time (str | Unset): When production started (the examples use RFC 3339).
        end_time (str | Unset): When production ended (the examples use RFC 3339).
        duration (float | Unset): Length of the video in seconds. A Float on the page; the examples send the integer 60
            (E03).
        output_asset_config (OutputAssetInfo | Unset): The video asset a task produced.
        error_info (Error | None | Unset): Why the task failed; the examples send null when it did not (E02).
        create_time (str | Unset): When the task was created (the examples use RFC 3339).
        lastupdate_time (str | Unset): When the task last changed (the examples use RFC 3339).
    """

    job_id: str | Unset = UNSET
    state: VideoJobState | Unset = UNSET
    job_type: VideoJobType | Unset = UNSET
    start_time: str | Unset = UNSET
    end_time: str | Unset = UNSET
    duration: float | Unset = UNSET
    output_asset_config: OutputAssetInfo | Unset = UNSET
    error_info: Error | None | Unset = UNSET
    create_time: str | Unset = UNSET
    lastupdate_time: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = self.job_id

        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state.value

        job_type: str | Unset = UNSET
        if not isinstance(self.job_type, Unset):
            job_type = self.job_type.value

        start_time = self.start_time

        end_time = self.end_time

        duration = self.duration

        output_asset_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.output_asset_config, Unset):
            output_asset_config = self.output_asset_config.to_dict()

        error_info: dict[str, Any] | None | Unset
        if isinstance(self.error_info, Unset):
            error_info = UNSET
        elif isinstance(self.error_info, Error):
            error_info = self.error_info.to_dict()
        else:
            error_info = self.error_info

        create_time = self.create_time

        lastupdate_time = self.lastupdate_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if job_id is not UNSET:
            field_dict["job_id"] = job_id
        if state is not UNSET:
            field_dict["state"] = state
        if job_type is not UNSET:
            field_dict["job_type"] = job_type
        if start_time is not UNSET:
            field_dict["start_time"] = start_time
        if end_time is not UNSET:
            field_dict["end_time"] = end_time
        if duration is not UNSET:
            field_dict["duration"] = duration
        if output_asset_config is not UNSET:
            field_dict["output_asset_config"] = output_asset_config
        if error_info is not UNSET:
            field_dict["error_info"] = error_info
        if create_time is not UNSET:
            field_dict["create_time"] = create_time
        if lastupdate_time is not UNSET:
            field_dict["lastupdate_time"] = lastupdate_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        job_id = d.pop("job_id", UNSET)

        _state = d.pop("state", UNSET)
        state: VideoJobState | Unset
        if _state is UNSET:
            state = UNSET
        else:
            state = VideoJobState.parse(_state)

        _job_type = d.pop("job_type", UNSET)
        job_type: VideoJobType | Unset
        if _job_type is UNSET:
            job_type = UNSET
        else:
            job_type = VideoJobType.parse(_job_type)

        start_time = d.pop("start_time", UNSET)

        end_time = d.pop("end_time", UNSET)

        duration = d.pop("duration", UNSET)

        _output_asset_config = d.pop("output_asset_config", UNSET)
        output_asset_config: OutputAssetInfo | Unset
        if _output_asset_config is UNSET:
            output_asset_config = UNSET
        else:
            output_asset_config = OutputAssetInfo.from_dict(_output_asset_config)

        def _parse_error_info(data: object) -> Error | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_info_type_0 = Error.from_dict(data)

                return error_info_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Error | None | Unset, data)

        error_info = _parse_error_info(d.pop("error_info", UNSET))

        create_time = d.pop("create_time", UNSET)

        lastupdate_time = d.pop("lastupdate_time", UNSET)

        digital_human_video = cls(
            job_id=job_id,
            state=state,
            job_type=job_type,
            start_time=start_time,
            end_time=end_time,
            duration=duration,
            output_asset_config=output_asset_config,
            error_info=error_info,
            create_time=create_time,
            lastupdate_time=lastupdate_time,
        )

        digital_human_video.additional_properties = d
        return digital_human_video

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


# metastudio: the models this one refers to, imported once, after the class (so that models
# which refer to each other can import each other), not inside from_dict/to_dict on every call.
from ..models.error import Error
from ..models.output_asset_info import OutputAssetInfo
