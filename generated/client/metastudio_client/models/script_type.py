from enum import StrEnum
from typing import Any, Literal, TypeAlias


class ScriptType(StrEnum):
    TEXT = "TEXT"
    AUDIO = "AUDIO"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "ScriptType | None":
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
    def parse(cls, value: Any) -> "ScriptType":
        """`ScriptType(value)`, faster for a listed value (one dict lookup, not
        Enum's call machinery): what from_dict uses. Same results, same errors."""
        try:
            return _BY_VALUE[value]
        except (KeyError, TypeError):  # not listed, or unhashable
            return cls(value)


# The values the spec lists, as a type: a facade parameter takes these strs as well as members.
ScriptTypeValue: TypeAlias = Literal["TEXT", "AUDIO"]

_BY_VALUE: dict[object, ScriptType] = {member.value: member for member in ScriptType}
