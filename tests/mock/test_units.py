"""The mock's pieces without HTTP: lifecycle loading, data-driven behaviour, config, CLI."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from mockserver import REPO, SPEC
from mockutil import model

from generator.mock import cli
from generator.mock.config import DEFAULT_AK, DEFAULT_PROJECT_ID, ENV_AK, Credentials
from generator.mock.lifecycle import Lifecycle, LifecycleError
from generator.mock.model import load_facts
from generator.mock.store import Store
from generator.mock.validation import ValidationFailed


def _schema(**lifecycle: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "initial": "A",
        "final": ["C"],
        "transitions": [
            {"from": ["A"], "trigger": "system", "after": 2, "to": "B", "log_type": "AB"},
            {"from": ["B"], "trigger": "system", "after": 3, "to": "C", "log_type": "BC"},
            {"from": ["A", "B"], "trigger": "GO", "to": "C"},
        ],
    }
    base.update(lifecycle)
    return {"type": "string", "enum": ["A", "B", "C"], "x-lifecycle": base}


def test_due_steps_follow_chains_stamped_when_due() -> None:
    life = Lifecycle.from_schema("S", _schema())
    assert life.due_steps("A", 100.0, 101.9, 1.0) == []
    steps = life.due_steps("A", 100.0, 1000.0, 1.0)
    assert [(t.to, at) for t, at in steps] == [("B", 102.0), ("C", 105.0)]
    fast = life.due_steps("A", 100.0, 100.05, 100.0)  # speed 100: 2 s take 0.02 s
    assert [(t.to, round(at, 3)) for t, at in fast] == [("B", 100.02), ("C", 100.05)]
    assert life.states_for("GO") == ["A", "B"]
    assert life.next_due("C", 0.0, 1.0) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"initial": "Z"}, "initial"),
        ({"final": ["Q"]}, "final"),
        ({"transitions": [{"from": ["A"], "trigger": "system", "to": "B"}]}, "after"),
        ({"transitions": [{"from": ["A"], "trigger": "GO", "to": "Nope"}]}, "to"),
        (
            {
                "transitions": [
                    {"from": ["A"], "trigger": "GO", "to": "B"},
                    {"from": ["A"], "trigger": "GO", "to": "C"},
                ]
            },
            "second GO",
        ),
        ({"queries": [{"trigger": "ASK", "in": ["Nope"]}]}, "in"),
    ],
)
def test_broken_lifecycles_are_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(LifecycleError, match=message):
        Lifecycle.from_schema("S", _schema(**change))


@pytest.mark.slow
def test_the_mock_follows_an_edited_lifecycle(tmp_path: Path) -> None:
    """Nothing is hard-coded: change the spec's x-lifecycle and the mock changes with it."""
    data = yaml.safe_load(SPEC.read_text())
    edited = copy.deepcopy(data)
    life = edited["components"]["schemas"]["TrainingJobState"]["x-lifecycle"]
    for t in life["transitions"]:
        if t["from"] == ["MANUAL_VERIFYING"] and t["trigger"] == "system":
            t["to"], t["log_type"], t["after"] = "MANUAL_VERIFY_FAILED", "ADMIN_VERIFY_FAILED", 7
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(edited, sort_keys=False))
    edited_model = load_facts(spec)
    store = Store(tmp_path / "s.sqlite", edited_model, speed=1.0)
    try:
        created = store.training.create("p", "MANUAL_VERIFYING", "x", "http://h")
        job_id = orjson.loads(created)["job_id"]
        store.db.advance_clock(6.5)
        found = store.training.read("p", job_id)
        assert found is not None and found[1] is False
        store.db.advance_clock(1.0)
        found = store.training.read("p", job_id)
        assert found is not None and found[1] is True
        doc = store.training.settle("p", job_id)
        assert doc is not None and b'"state":"MANUAL_VERIFY_FAILED"' in doc
        assert b"ADMIN_VERIFY_FAILED" in doc
    finally:
        store.close()


def test_speed_change_on_restart_reschedules(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    slow = Store(db, model(), speed=1.0)
    job_id = orjson.loads(slow.training.create("p", "AUTO_VERIFYING", "x", "http://h"))["job_id"]
    slow.close()
    fast = Store(db, model(), speed=1e6)
    try:
        found = fast.training.read("p", job_id)
        assert found is not None and found[1] is True  # 2 s at speed 1e6 are long gone
    finally:
        fast.close()


def test_credentials_from_env_and_defaults() -> None:
    defaults = Credentials.from_env({})
    assert defaults.ak == DEFAULT_AK and defaults.project_id == DEFAULT_PROJECT_ID
    assert not defaults.env_vars
    given = Credentials.from_env({ENV_AK: "MYAK", "HUAWEICLOUD_SDK_SK": "s3cret"})
    assert given.ak == "MYAK" and given.sk == "s3cret"
    shown = "\n".join(given.describe())
    assert "MYAK" in shown and "s3cret" not in shown and DEFAULT_PROJECT_ID in shown
    spec_example = model().doc.data["components"]["parameters"]["ProjectId"]["example"]
    assert spec_example == DEFAULT_PROJECT_ID


def test_cli_help_and_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--db", "--speed"):
        assert option in out
    with pytest.raises(SystemExit) as bad:
        cli.main(["--speed", "0"])
    assert bad.value.code == 2


@pytest.mark.slow
def test_console_script_and_module_entry_point(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "metastudio-mock"
    assert script.exists()
    result = subprocess.run(
        [sys.executable, "-m", "generator", "mock", "--spec", str(tmp_path / "missing.yaml")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "cannot start" in result.stderr and "Traceback" not in result.stderr


def test_fast_parameter_checks_agree_with_jsonschema() -> None:
    from generator.mock.validation import OperationValidator

    m = model()
    samples: list[Any] = [
        *(None, True, False, 0, 1, -1, 1.0, 1.5, 2**31, -(2**31) - 1, 2**40),
        *("", "x", "x" * 100, "用户", "2024-01-01T00:00:00Z", "2024-13-01T00:00:00Z"),
        *("20240704T083000Z", "SUCCEED", "NOPE", "asc", "create_time", "2D_DIGITAL_HUMAN_VIDEO"),
        *([], ["SUCCEED"], ["SUCCEED", "NOPE"], [1], {}, {"a": 1}),
    ]
    checked = 0
    for op in m.operations.values():
        validator = OperationValidator(m.doc, op.data, op.path_item)
        params = [*validator.path_params, *validator.query_params.values()]
        for param in [*params, *validator.header_params.values()]:
            assert param.fast is not None, param.name  # every parameter has the fast path
            for sample in samples:
                assert param.fast(sample) == param.validator.is_valid(sample), (param, sample)
                checked += 1
    assert checked > 500


def test_parse_query_matches_parse_qsl() -> None:
    from urllib.parse import parse_qsl

    from generator.mock.validation import parse_query

    for query in [
        "",
        "a=1&b=2",
        "state=SUCCEED%2CFAILED&x=",
        "k",
        "a+b=c+d&%E2%82%AC=%ff",
        "a=1&&b",
    ]:
        assert parse_query(query) == parse_qsl(query, keep_blank_values=True), query
    with pytest.raises(ValidationFailed, match="more than 200 fields"):
        parse_query("&".join(["a=b"] * 201))
