from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SubTrainingJobInfo")


@_attrs_define
class SubTrainingJobInfo:
    """A sub-task of a training task (the SDK's SubTrainingJobInfoDto).

    Attributes:
        job_id (str | Unset): Sub-task id.
        sub_job_type (str | Unset): Kind of sub-task.
        heart_beat_id (str | Unset): Heartbeat id of the sub-task.
        state (str | Unset): State of the sub-task.
        create_time (int | Unset): When the sub-task was created.
        last_update_time (int | Unset): When the sub-task last changed.
    """

    job_id: str | Unset = UNSET
    sub_job_type: str | Unset = UNSET
    heart_beat_id: str | Unset = UNSET
    state: str | Unset = UNSET
    create_time: int | Unset = UNSET
    last_update_time: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = self.job_id

        sub_job_type = self.sub_job_type

        heart_beat_id = self.heart_beat_id

        state = self.state

        create_time = self.create_time

        last_update_time = self.last_update_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if job_id is not UNSET:
            field_dict["job_id"] = job_id
        if sub_job_type is not UNSET:
            field_dict["sub_job_type"] = sub_job_type
        if heart_beat_id is not UNSET:
            field_dict["heart_beat_id"] = heart_beat_id
        if state is not UNSET:
            field_dict["state"] = state
        if create_time is not UNSET:
            field_dict["create_time"] = create_time
        if last_update_time is not UNSET:
            field_dict["last_update_time"] = last_update_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        job_id = d.pop("job_id", UNSET)

        sub_job_type = d.pop("sub_job_type", UNSET)

        heart_beat_id = d.pop("heart_beat_id", UNSET)

        state = d.pop("state", UNSET)

        create_time = d.pop("create_time", UNSET)

        last_update_time = d.pop("last_update_time", UNSET)

        sub_training_job_info = cls(
            job_id=job_id,
            sub_job_type=sub_job_type,
            heart_beat_id=heart_beat_id,
            state=state,
            create_time=create_time,
            last_update_time=last_update_time,
        )

        sub_training_job_info.additional_properties = d
        return sub_training_job_info

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
