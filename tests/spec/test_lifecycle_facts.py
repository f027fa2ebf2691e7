"""support/lifecycle_facts.py against spec/metastudio.yaml, read here with plain yaml only (not
the mock's loader, not the generator's): the literal expectations of the mock tests are the
spec's, and a spec change that moves one fails here by name."""

from __future__ import annotations

import functools
import itertools
from typing import Any

import lifecycle_facts as facts
import pytest
import yaml
from lifecycle_facts import Step
from mockserver import SPEC


@functools.cache
def spec() -> Any:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def lifecycle(schema: str) -> Any:
    return spec()["components"]["schemas"][schema]["x-lifecycle"]


def operation(operation_id: str) -> Any:
    for item in spec()["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                return op
    raise KeyError(operation_id)


STEPS = [
    facts.UPDATE,
    facts.CONFIRM_UPLOAD,
    facts.SUBMIT,
    facts.AUTO_REVIEW_FAILS,
    *facts.SYSTEM_CHAIN,
    facts.CONFIRM_ACCEPT,
    facts.CONFIRM_REJECT,
    facts.CONFIRM_PENDING,
    facts.CONFIRM_ACTIVE,
]


@pytest.mark.parametrize("step", STEPS, ids=lambda s: f"{s.source}-{s.trigger}")
def test_each_pinned_step_is_one_transition_of_the_spec(step: Step) -> None:
    rows = [
        t
        for t in lifecycle("TrainingJobState")["transitions"]
        if step.source in t["from"] and t["trigger"] == step.trigger
    ]
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row["to"], row["log_type"], row["operate_user"]) == (
        step.to,
        step.log_type,
        step.operate_user,
    )
    assert row.get("after") == step.after and row.get("comment_type") == step.comment_type


def test_the_system_chain_is_unbroken_from_the_upload_to_the_end() -> None:
    chain = facts.SYSTEM_CHAIN
    assert chain[0].source == facts.CONFIRM_UPLOAD.to == facts.SUBMIT.to
    assert all(a.to == b.source for a, b in itertools.pairwise(chain))
    life = lifecycle("TrainingJobState")
    assert chain[-1].to in life["final"]
    systems = [t for t in life["transitions"] if t["trigger"] == "system"]
    assert [(t["from"], t["to"]) for t in systems] == [([s.source], s.to) for s in chain]


def test_states_logs_and_answers_of_the_spec() -> None:
    life = lifecycle("TrainingJobState")
    assert life["initial"] == facts.INITIAL
    assert facts.A_FINAL_STATE in life["final"]
    assert tuple(operation("update_training_job")["x-allowed-states"]) == facts.UPDATE_ALLOWED
    allowed = [t["from"] for t in life["transitions"] if t["trigger"] == "CONFIRM_ACCEPT"]
    assert allowed == [list(facts.CONFIRM_STATES)]
    answer = next(q for q in life["queries"] if q["trigger"] == "CONFIRM_ANSWER")
    assert answer["comment_type"] == facts.ANSWER_COMMENT_TYPE and "to" not in answer
    video = lifecycle("VideoJobState")
    walked = [video["initial"]]
    for t in video["transitions"]:
        if t["trigger"] == "system" and t["from"] == [walked[-1]]:
            walked.append(t["to"])
    assert tuple(walked) == facts.VIDEO_PATH and walked[-1] in video["final"]


def test_creation_log_and_command_answer_are_the_page_examples() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert f"log_type: {facts.CREATE_LOG_TYPE}" in text  # the detail page's first log entry
    schemas = spec()["components"]["schemas"]
    assert facts.CREATE_LOG_TYPE in schemas["OperationLogType"]["enum"]
    ((key, value),) = facts.COMMAND_OK.items()
    assert f"{key}: {value}" in text  # the command page's example answer
