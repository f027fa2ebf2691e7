from enum import StrEnum
from typing import Any


class TrainingJobState(StrEnum):
    WAIT_FILE_UPLOAD = "WAIT_FILE_UPLOAD"
    AUTO_VERIFYING = "AUTO_VERIFYING"
    AUTO_VERIFY_FAILED = "AUTO_VERIFY_FAILED"
    MANUAL_VERIFYING = "MANUAL_VERIFYING"
    WAIT_TRAINING_DATA_PREPROCESS = "WAIT_TRAINING_DATA_PREPROCESS"
    MANUAL_VERIFY_FAILED = "MANUAL_VERIFY_FAILED"
    MANUAL_VERIFY_SUCCESS = "MANUAL_VERIFY_SUCCESS"
    TRAINING_DATA_PREPROCESSING = "TRAINING_DATA_PREPROCESSING"
    TRAINING_DATA_PREPROCESS_FAILED = "TRAINING_DATA_PREPROCESS_FAILED"
    TRAINING_DATA_PREPROCESS_SUCCESS = "TRAINING_DATA_PREPROCESS_SUCCESS"
    TRAINING = "TRAINING"
    TRAIN_FAILED = "TRAIN_FAILED"
    TRAIN_SUCCESS = "TRAIN_SUCCESS"
    INFERENCE_DATA_PREPROCESSING = "INFERENCE_DATA_PREPROCESSING"
    INFERENCE_DATA_PREPROCESS_FAILED = "INFERENCE_DATA_PREPROCESS_FAILED"
    WAIT_MASK_UPLOAD = "WAIT_MASK_UPLOAD"
    WAIT_MAIN_FILE_UPLOAD = "WAIT_MAIN_FILE_UPLOAD"
    JOB_SUCCESS = "JOB_SUCCESS"
    MANUAL_STOP_INFERENCE_DATA_PREPROCESS = "MANUAL_STOP_INFERENCE_DATA_PREPROCESS"
    MANUAL_STOP_TRAIN = "MANUAL_STOP_TRAIN"
    MANUAL_STOP_TRAINING_DATA_PREPROCESS = "MANUAL_STOP_TRAINING_DATA_PREPROCESS"
    WAIT_USER_CONFIRM = "WAIT_USER_CONFIRM"
    JOB_REJECT = "JOB_REJECT"
    JOB_PENDING = "JOB_PENDING"
    WAIT_ADMIN_CONFIRM = "WAIT_ADMIN_CONFIRM"
    JOB_FINISH = "JOB_FINISH"
    COMPILING = "COMPILING"
    WAIT_COMPILE = "WAIT_COMPILE"
    COMPILE_FAILED = "COMPILE_FAILED"
    WAIT_GENERATE_ACTION = "WAIT_GENERATE_ACTION"
    WAIT_ARRANGE = "WAIT_ARRANGE"
    ACTION_GENERATE_DATA_PROCESSING = "ACTION_GENERATE_DATA_PROCESSING"
    MANUAL_STOP_ACTION_GENERATE_DATA_PROCESSING = "MANUAL_STOP_ACTION_GENERATE_DATA_PROCESSING"
    MANUAL_STOP_ACTION_GENERATE_ORI_PROCESSING = "MANUAL_STOP_ACTION_GENERATE_ORI_PROCESSING"
    ACTION_GENERATE_ORI_PROCESSING = "ACTION_GENERATE_ORI_PROCESSING"
    ACTION_GENERATE_DATA_FAILED = "ACTION_GENERATE_DATA_FAILED"
    ACTION_GENERATE_ORI_FAILED = "ACTION_GENERATE_ORI_FAILED"
    ACTION_GENERATE_ORI_SUCCESS = "ACTION_GENERATE_ORI_SUCCESS"
    GENERATE_ACTION_PREPROCESS_FAILED = "GENERATE_ACTION_PREPROCESS_FAILED"
    WAIT_ADMIN_CALIBRATION = "WAIT_ADMIN_CALIBRATION"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "TrainingJobState | None":
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
    def parse(cls, value: Any) -> "TrainingJobState":
        """`TrainingJobState(value)`, faster for a listed value (one dict lookup, not
        Enum's call machinery): what from_dict uses. Same results, same errors."""
        try:
            return _BY_VALUE[value]
        except (KeyError, TypeError):  # not listed, or unhashable
            return cls(value)


_BY_VALUE: dict[object, TrainingJobState] = {member.value: member for member in TrainingJobState}
