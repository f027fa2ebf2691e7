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

from ..models.operate_user import OperateUser
from ..models.operation_log_type import OperationLogType

T = TypeVar("T", bound="OperationLogInfo")


@_attrs_define
class OperationLogInfo:
    """One entry of a training task's operation log.

    Attributes:
        operate_time (datetime.datetime | Unset): When the operation happened, RFC 3339, for example
            2020-07-30T10:43:17Z.
        log_type (OperationLogType | Unset): Kind of an operation log entry (the page calls the field "command output").
        log_description (str | Unset): Free text; holds the reviewer's comments when manual review failed and error
            messages reported by DHTS and DHPS.
        operate_user (OperateUser | Unset): Who performed a logged operation.
        error_code (str | Unset): Error code when the service rejected the task by itself, for example 44005901 (the
            video's resolution is not 1080p or 4K).
        redo_reasons (list[str] | Unset): Why an administrator ran the task again.
    """

    operate_time: datetime.datetime | Unset = UNSET
    log_type: OperationLogType | Unset = UNSET
    log_description: str | Unset = UNSET
    operate_user: OperateUser | Unset = UNSET
    error_code: str | Unset = UNSET
    redo_reasons: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        operate_time: str | Unset = UNSET
        if not isinstance(self.operate_time, Unset):
            operate_time = self.operate_time.isoformat()

        log_type: str | Unset = UNSET
        if not isinstance(self.log_type, Unset):
            log_type = self.log_type.value

        log_description = self.log_description

        operate_user: str | Unset = UNSET
        if not isinstance(self.operate_user, Unset):
            operate_user = self.operate_user.value

        error_code = self.error_code

        redo_reasons: list[str] | Unset = UNSET
        if not isinstance(self.redo_reasons, Unset):
            redo_reasons = self.redo_reasons

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if operate_time is not UNSET:
            field_dict["operate_time"] = operate_time
        if log_type is not UNSET:
            field_dict["log_type"] = log_type
        if log_description is not UNSET:
            field_dict["log_description"] = log_description
        if operate_user is not UNSET:
            field_dict["operate_user"] = operate_user
        if error_code is not UNSET:
            field_dict["error_code"] = error_code
        if redo_reasons is not UNSET:
            field_dict["redo_reasons"] = redo_reasons

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        _operate_time = get("operate_time", UNSET)
        operate_time: datetime.datetime | Unset
        if _operate_time is UNSET:
            operate_time = UNSET
        else:
            operate_time = datetime.datetime.fromisoformat(_operate_time)

        _log_type = get("log_type", UNSET)
        log_type: OperationLogType | Unset
        if _log_type is UNSET:
            log_type = UNSET
        else:
            log_type = OperationLogType.parse(_log_type)

        log_description = get("log_description", UNSET)

        _operate_user = get("operate_user", UNSET)
        operate_user: OperateUser | Unset
        if _operate_user is UNSET:
            operate_user = UNSET
        else:
            operate_user = OperateUser.parse(_operate_user)

        error_code = get("error_code", UNSET)

        redo_reasons = cast(list[str], get("redo_reasons", UNSET))

        instance_ = _new_instance(cls)
        instance_.operate_time = operate_time
        instance_.log_type = log_type
        instance_.log_description = log_description
        instance_.operate_user = operate_user
        instance_.error_code = error_code
        instance_.redo_reasons = redo_reasons
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
        "operate_time",
        "log_type",
        "log_description",
        "operate_user",
        "error_code",
        "redo_reasons",
    }
)
