from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__


from ..models.execute_command_message import ExecuteCommandMessage
from ..models.training_command import TrainingCommand

T = TypeVar("T", bound="ExecuteTrainingCommandRequest")


@_attrs_define
class ExecuteTrainingCommandRequest:
    """A tenant command for a training task.

    Attributes:
        command (TrainingCommand): Command to run. CONFIRM_ACCEPT, CONFIRM_REJECT, CONFIRM_ANSWER, CONFIRM_PENDING and
            CONFIRM_ACTIVE are available to North America users only.
        command_message (ExecuteCommandMessage | Unset): What the command is for.
        comment_data (CommentData | Unset): A comment sent with a command.
        operation_reason (str | Unset): Why the operation is done.
    """

    command: TrainingCommand
    command_message: ExecuteCommandMessage | Unset = UNSET
    comment_data: CommentData | Unset = UNSET
    operation_reason: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        command = self.command.value

        command_message: str | Unset = UNSET
        if not isinstance(self.command_message, Unset):
            command_message = self.command_message.value

        comment_data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.comment_data, Unset):
            comment_data = self.comment_data.to_dict()

        operation_reason = self.operation_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "command": command,
            }
        )
        if command_message is not UNSET:
            field_dict["command_message"] = command_message
        if comment_data is not UNSET:
            field_dict["comment_data"] = comment_data
        if operation_reason is not UNSET:
            field_dict["operation_reason"] = operation_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        command = TrainingCommand.parse(src_dict["command"])

        _command_message = get("command_message", UNSET)
        command_message: ExecuteCommandMessage | Unset
        if _command_message is UNSET:
            command_message = UNSET
        else:
            command_message = ExecuteCommandMessage.parse(_command_message)

        _comment_data = get("comment_data", UNSET)
        comment_data: CommentData | Unset
        if _comment_data is UNSET:
            comment_data = UNSET
        else:
            comment_data = CommentData.from_dict(_comment_data)

        operation_reason = get("operation_reason", UNSET)

        instance_ = _new_instance(cls)
        instance_.command = command
        instance_.command_message = command_message
        instance_.comment_data = comment_data
        instance_.operation_reason = operation_reason
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
        "command",
        "command_message",
        "comment_data",
        "operation_reason",
    }
)


# metastudio: the models this one refers to, imported once, after the class (so that models
# which refer to each other can import each other), not inside from_dict/to_dict on every call.
from ..models.comment_data import CommentData
