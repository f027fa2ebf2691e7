from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__


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
        get = src_dict.get
        job_id = get("job_id", UNSET)

        sub_job_type = get("sub_job_type", UNSET)

        heart_beat_id = get("heart_beat_id", UNSET)

        state = get("state", UNSET)

        create_time = get("create_time", UNSET)

        last_update_time = get("last_update_time", UNSET)

        instance_ = _new_instance(cls)
        instance_.job_id = job_id
        instance_.sub_job_type = sub_job_type
        instance_.heart_beat_id = heart_beat_id
        instance_.state = state
        instance_.create_time = create_time
        instance_.last_update_time = last_update_time
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
        "sub_job_type",
        "heart_beat_id",
        "state",
        "create_time",
        "last_update_time",
    }
)
