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

from ..models.video_job_state import VideoJobState
from ..models.video_job_type import VideoJobType

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
        get = src_dict.get
        job_id = get("job_id", UNSET)

        _state = get("state", UNSET)
        state: VideoJobState | Unset
        if _state is UNSET:
            state = UNSET
        else:
            state = VideoJobState.parse(_state)

        _job_type = get("job_type", UNSET)
        job_type: VideoJobType | Unset
        if _job_type is UNSET:
            job_type = UNSET
        else:
            job_type = VideoJobType.parse(_job_type)

        start_time = get("start_time", UNSET)

        end_time = get("end_time", UNSET)

        duration = get("duration", UNSET)

        _output_asset_config = get("output_asset_config", UNSET)
        output_asset_config: OutputAssetInfo | Unset
        if _output_asset_config is UNSET:
            output_asset_config = UNSET
        else:
            output_asset_config = OutputAssetInfo.from_dict(_output_asset_config)

        _error_info = get("error_info", UNSET)
        error_info: Error | None | Unset
        if _error_info is None or _error_info is UNSET:
            error_info = _error_info
        else:

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

            error_info = _parse_error_info(_error_info)

        create_time = get("create_time", UNSET)

        lastupdate_time = get("lastupdate_time", UNSET)

        instance_ = _new_instance(cls)
        instance_.job_id = job_id
        instance_.state = state
        instance_.job_type = job_type
        instance_.start_time = start_time
        instance_.end_time = end_time
        instance_.duration = duration
        instance_.output_asset_config = output_asset_config
        instance_.error_info = error_info
        instance_.create_time = create_time
        instance_.lastupdate_time = lastupdate_time
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
        "state",
        "job_type",
        "start_time",
        "end_time",
        "duration",
        "output_asset_config",
        "error_info",
        "create_time",
        "lastupdate_time",
    }
)


# metastudio: the models this one refers to, imported once, after the class (so that models
# which refer to each other can import each other), not inside from_dict/to_dict on every call.
from ..models.error import Error
from ..models.output_asset_info import OutputAssetInfo
