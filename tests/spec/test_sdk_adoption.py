"""What the spec adopted from the official SDK (`x-source: sdk`) shows everywhere.

Which values and fields are SDK-sourced is read from the spec's `x-source` marks, never listed
here: the mock accepts SDK-only commands and answers them with its documented lifecycle
refusal (not a schema 400), serves jobs in SDK-only states, the contract check's oracle agrees
that the refusal is justified, and the generated client, models and enum docs carry the values
(the docs marking them as the SDK's).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import metastudio_client.models as client_models
import metastudio_models
import pytest
from mockserver import REPO, MockServer
from mockutil import assert_conforms, assert_error, model

from generator.contract.checks import training_rules
from generator.generate.specinfo import value_source

SCHEMAS = model().doc.data["components"]["schemas"]


def sdk_values() -> Iterator[tuple[str, str]]:
    """(enum schema, value) for every enum value the spec marks as the SDK's."""
    for name, schema in SCHEMAS.items():
        for value in schema.get("enum") or []:
            if value_source(schema, value) == "sdk":
                yield name, str(value)


SDK_VALUES = sorted(sdk_values())
SDK_COMMANDS = [v for s, v in SDK_VALUES if s == "TrainingCommand"]
SDK_STATES = [v for s, v in SDK_VALUES if s == "TrainingJobState"]


def test_the_spec_marks_sdk_values() -> None:
    assert len(SDK_COMMANDS) >= 5 and len(SDK_STATES) >= 14, SDK_VALUES
    life = SCHEMAS["TrainingJobState"]["x-lifecycle"]
    assert set(SDK_STATES) <= set(life["unreachable"])


@pytest.mark.parametrize("command", SDK_COMMANDS)
def test_an_sdk_only_command_gets_the_lifecycle_answer(
    mock_server: MockServer, command: str
) -> None:
    state = model().training.initial
    job_id = mock_server.create_training_job(state)["job_id"]
    with mock_server.client("aksk") as client:
        response = client.post(
            mock_server.training_path(job_id, command=True), json={"command": command}
        )
    message = assert_error(response, 400, f"state {state}", f"command {command}")
    assert "Invalid parameter" not in message
    rules = training_rules()
    assert rules.refusal_reason(rules.command_operation, state, {"command": command}) is not None


@pytest.mark.parametrize("state", SDK_STATES)
def test_a_job_in_an_sdk_only_state_reads_back_and_refuses_the_update(
    mock_server: MockServer, state: str
) -> None:
    job_id = mock_server.create_training_job(state)["job_id"]
    with mock_server.client("token") as client:
        shown = client.get(mock_server.training_path(job_id))
        assert_conforms(shown, "show_training_job")
        assert shown.json()["state"] == state
        update = client.put(mock_server.training_path(job_id), json={"name": "x"})
    assert_error(update, 400, f"state {state}", f"{model().ops.update_training} is allowed only in")


@pytest.mark.parametrize(("schema", "value"), SDK_VALUES)
def test_generated_client_and_models_know_sdk_values(schema: str, value: str) -> None:
    for module in (client_models, metastudio_models):
        enum: Any = getattr(module, schema)
        member = enum(value)
        assert member.value == value
        assert member in list(enum), f"{module.__name__}.{schema}: {value} is not a member"


def test_enum_docs_mark_the_sdk_values() -> None:
    by_schema: dict[str, list[str]] = {}
    for schema, value in SDK_VALUES:
        by_schema.setdefault(schema, []).append(value)
    for schema, values in by_schema.items():
        page = (REPO / "generated" / "docs" / "enums" / f"{schema}.md").read_text()
        rows = {
            line.split("|")[1].strip().strip("`"): line.rstrip("|").split("|")[-1].strip()
            for line in page.splitlines()
            if line.startswith("| `") and line.count("|") == 5
        }
        for value in SCHEMAS[schema]["enum"]:
            expected = "official SDK" if str(value) in values else "pages"
            assert rows.get(str(value)) == expected, (schema, value, rows.get(str(value)))
