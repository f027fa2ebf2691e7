from enum import StrEnum


class VideoJobState(StrEnum):
    WAITING = "WAITING"
    PROCESSING = "PROCESSING"
    SUCCEED = "SUCCEED"
    FAILED = "FAILED"
    CANCELED = "CANCELED"
    BLOCK = "BLOCK"
    SUCCESS = "SUCCESS"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "VideoJobState | None":
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
