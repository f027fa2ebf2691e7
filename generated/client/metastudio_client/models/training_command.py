from enum import StrEnum
from typing import Any, Literal, TypeAlias


class TrainingCommand(StrEnum):
    SUBMITVERIFYING = "SUBMITVERIFYING"
    CONFIRM_ACCEPT = "CONFIRM_ACCEPT"
    CONFIRM_REJECT = "CONFIRM_REJECT"
    CONFIRM_ANSWER = "CONFIRM_ANSWER"
    CONFIRM_PENDING = "CONFIRM_PENDING"
    CONFIRM_ACTIVE = "CONFIRM_ACTIVE"
    GET_MULTIPART_UPLOADED = "GET_MULTIPART_UPLOADED"
    CONFIRM_MULTIPART_UPLOADED = "CONFIRM_MULTIPART_UPLOADED"
    CONFIRM_REPAIR = "CONFIRM_REPAIR"
    GET_ACTION_VIDEO_MULTIPART_UPLOADED = "GET_ACTION_VIDEO_MULTIPART_UPLOADED"
    CONFIRM_ACTION_VIDEO_MULTIPART_UPLOADED = "CONFIRM_ACTION_VIDEO_MULTIPART_UPLOADED"
    CONFIRM_AUTHORIZATION_LETTER = "CONFIRM_AUTHORIZATION_LETTER"
    DELETE_JOB_VIDEO = "DELETE_JOB_VIDEO"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "TrainingCommand | None":
        """Keep a value the spec does not list: return an unregistered pseudo-member."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "_unknown_"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value the spec does not list (a pseudo-member made by `_missing_`)."""
        return self._name_ in type(self).__members__

    @classmethod
    def parse(cls, value: Any) -> "TrainingCommand":
        """`TrainingCommand(value)`, faster for a listed value (one dict lookup, not
        Enum's call machinery): what from_dict uses. Same results, same errors."""
        try:
            return _BY_VALUE[value]
        except (KeyError, TypeError):  # not listed, or unhashable
            return cls(value)


# The values the spec lists, as a type: a facade parameter takes these strs as well as members.
TrainingCommandValue: TypeAlias = Literal[
    "SUBMITVERIFYING",
    "CONFIRM_ACCEPT",
    "CONFIRM_REJECT",
    "CONFIRM_ANSWER",
    "CONFIRM_PENDING",
    "CONFIRM_ACTIVE",
    "GET_MULTIPART_UPLOADED",
    "CONFIRM_MULTIPART_UPLOADED",
    "CONFIRM_REPAIR",
    "GET_ACTION_VIDEO_MULTIPART_UPLOADED",
    "CONFIRM_ACTION_VIDEO_MULTIPART_UPLOADED",
    "CONFIRM_AUTHORIZATION_LETTER",
    "DELETE_JOB_VIDEO",
]

_BY_VALUE: dict[object, TrainingCommand] = {member.value: member for member in TrainingCommand}
