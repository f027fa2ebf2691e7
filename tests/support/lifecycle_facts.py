"""What the mock's lifecycle, race and persistence tests expect, written out literally.

Those tests check the mock's reading of the spec's x-lifecycle (generator/mock/model.py), so
they must not take their expectations from that reading: a misread transition would then be
expected too. Like tests/test_sdk_interop.py pins the SDK's facts, this file pins the
lifecycle's; tests/test_lifecycle_facts.py checks every line against spec/metastudio.yaml read
with plain yaml, so a spec change that moves one of them fails there first, by name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One transition of the training lifecycle: `source` --trigger--> `to`, logged as
    `log_type` by `operate_user`; `after` nominal seconds for a system step."""

    source: str
    trigger: str
    to: str
    log_type: str
    operate_user: str
    after: float | None = None
    comment_type: str | None = None


INITIAL = "WAIT_FILE_UPLOAD"
UPDATE_ALLOWED = ("AUTO_VERIFY_FAILED", "MANUAL_VERIFY_FAILED")  # x-allowed-states, in order
A_FINAL_STATE = "ACTION_GENERATE_DATA_FAILED"
CREATE_LOG_TYPE = "USER_CREATE_JOD"  # the page's typo is the wire name
COMMAND_OK = {"commond_result": "EXCUTE_SUCCESS"}
ANSWER_COMMENT_TYPE = "USER_COMMENT"  # CONFIRM_ANSWER: a comment, the state stays

UPDATE = Step("AUTO_VERIFY_FAILED", "update_training_job", INITIAL, "USER_UPDATE_VIDEO", "USER")
CONFIRM_UPLOAD = Step(
    INITIAL, "CONFIRM_MULTIPART_UPLOADED", "AUTO_VERIFYING", "USER_VERIFYING_SUBMITTED", "USER"
)
SUBMIT = Step(INITIAL, "SUBMITVERIFYING", "AUTO_VERIFYING", "USER_VERIFYING_SUBMITTED", "USER")
AUTO_REVIEW_FAILS = Step(
    "AUTO_VERIFYING", "system_failure", "AUTO_VERIFY_FAILED", "SYSTEM_VERIFY_FAILED", "SYSTEM"
)
# From AUTO_VERIFYING the service alone walks the job to JOB_SUCCESS.
SYSTEM_CHAIN = (
    Step("AUTO_VERIFYING", "system", "MANUAL_VERIFYING", "SYSTEM_VERIFY_SUCCESS", "SYSTEM", 2),
    Step("MANUAL_VERIFYING", "system", "MANUAL_VERIFY_SUCCESS", "ADMIN_VERIFY_SUCCESS", "ADMIN", 5),
    Step(
        "MANUAL_VERIFY_SUCCESS", "system", "TRAINING_DATA_PREPROCESSING",
        "SYSTEM_TRAIN_DATA_PREPROCESSING", "SYSTEM", 2,
    ),
    Step(
        "TRAINING_DATA_PREPROCESSING", "system", "TRAINING_DATA_PREPROCESS_SUCCESS",
        "SYSTEM_TRAIN_DATA_PREPROCESS_SUCCESS", "SYSTEM", 5,
    ),
    Step("TRAINING_DATA_PREPROCESS_SUCCESS", "system", "TRAINING", "SYSTEM_TRAINING", "SYSTEM", 2),
    Step("TRAINING", "system", "TRAIN_SUCCESS", "SYSTEM_TRAIN_SUCCESS", "SYSTEM", 10),
    Step(
        "TRAIN_SUCCESS", "system", "INFERENCE_DATA_PREPROCESSING",
        "SYSTEM_INFERENCE_DATA_PREPROCESSING", "SYSTEM", 2,
    ),
    Step(
        "INFERENCE_DATA_PREPROCESSING", "system", "JOB_SUCCESS", "SYSTEM_JOB_SUCCESS", "SYSTEM", 5
    ),
)  # fmt: skip
# The user's answers to WAIT_USER_CONFIRM, and the way back from JOB_PENDING.
CONFIRM_ACCEPT = Step(
    "WAIT_USER_CONFIRM", "CONFIRM_ACCEPT", "JOB_SUCCESS", "SYSTEM_JOB_SUCCESS", "USER"
)
CONFIRM_REJECT = Step(
    "WAIT_USER_CONFIRM", "CONFIRM_REJECT", "JOB_REJECT", "USER_REPAIR", "USER",
    comment_type="USER_REJECT",
)  # fmt: skip
CONFIRM_PENDING = Step("WAIT_USER_CONFIRM", "CONFIRM_PENDING", "JOB_PENDING", "USER_REPAIR", "USER")
CONFIRM_ACTIVE = Step("JOB_PENDING", "CONFIRM_ACTIVE", "WAIT_USER_CONFIRM", "USER_REPAIR", "USER")
CONFIRM_STATES = ("WAIT_USER_CONFIRM",)  # where CONFIRM_ACCEPT is allowed

VIDEO_PATH = ("WAITING", "PROCESSING", "SUCCEED")  # a video job left alone
