"""generator.specmodel: the one typed model of the spec, and the guard registry it shares with
the mock (lint cannot import the mock, so the names live in the model and the mock implements
them; these tests check that both agree)."""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SPEC

from generator import bench
from generator.mock.app import create_app
from generator.mock.config import MockConfig
from generator.spec import SPEC_PATH, SpecDoc
from generator.specmodel import (
    GUARDS,
    SERVICE_TRIGGERS,
    LifecycleError,
    build,
    default_model,
)

MOCK = REPO / "generator" / "mock"


def test_the_model_holds_every_operation_and_lifecycle_of_the_spec() -> None:
    doc = SpecDoc(SPEC)
    model = build(doc)
    assert SPEC == SPEC_PATH
    assert model.issues == ()
    raw_ids = [op.data["operationId"] for op in doc.operations()]
    assert list(model.operations) == raw_ids  # counted in the spec, document order
    enums_with_lifecycle = sorted(
        name
        for name, schema in doc.data["components"]["schemas"].items()
        if "x-lifecycle" in schema
    )
    assert sorted(model.lifecycles) == enums_with_lifecycle
    for op in model.operations.values():
        assert op.line == doc.line_of(op.pointer)
        assert op.sdk_method == op.data["x-sdk-method"]
    for life in model.lifecycles.values():
        # everything the lifecycle never reaches is listed, and nothing else
        assert set(life.unreachable) == set(life.states) - life.reachable()


def test_servers_regions_and_examples_come_from_the_spec() -> None:
    model = default_model()
    server = model.doc.data["servers"][0]
    assert model.endpoint_template == server["url"]
    region = server["variables"]["region"]
    assert model.regions == tuple(region.get("enum") or [region["default"]])
    parameters = model.doc.data["components"]["parameters"]
    assert model.examples.project_id == parameters["ProjectId"]["example"]
    assert (
        model.examples.of("show_training_job", "job_id") == parameters["TrainingJobId"]["example"]
    )


def test_lifecycle_writes_and_readers_are_found_by_what_they_do() -> None:
    model = default_model()
    writes = model.lifecycle_writes()
    for op_id in writes:
        life = model.lifecycle_of_operation(op_id)
        assert life is not None
        reader = model.reader_of(life)
        assert reader is not None and model.operations[reader].method == "get"
    for op_id in set(model.operations) - set(writes):
        assert model.operations[op_id].method == "get"  # only reads are left


def _spec_with_guard(tmp_path: Path, guard: str) -> Path:
    edited: dict[str, Any] = copy.deepcopy(SpecDoc(SPEC).data)
    life = edited["components"]["schemas"]["TrainingJobState"]["x-lifecycle"]
    unguarded = next(
        t for t in life["transitions"] if "guard" not in t and t["trigger"] not in SERVICE_TRIGGERS
    )
    unguarded["guard"] = guard
    path = tmp_path / "spec.yaml"
    path.write_text(json.dumps(edited), encoding="utf-8")  # JSON is YAML too
    return path


@pytest.mark.parametrize("guard", sorted(GUARDS))
def test_the_mock_implements_every_known_guard(tmp_path: Path, guard: str) -> None:
    """The mock starts on a lifecycle using the guard (its store refuses guards it lacks)."""
    spec = _spec_with_guard(tmp_path, guard)
    app = create_app(MockConfig(db_path=tmp_path / "state.sqlite", spec_path=spec, seed=False))
    assert app.routes


def test_the_mock_refuses_a_guard_outside_the_registry(tmp_path: Path) -> None:
    spec = _spec_with_guard(tmp_path, "moon_is_full")
    with pytest.raises(LifecycleError, match="moon_is_full"):
        create_app(MockConfig(db_path=tmp_path / "state.sqlite", spec_path=spec, seed=False))


def test_the_mock_implements_no_guard_the_registry_lacks() -> None:
    """The mock's guard table (a dict literal assigned to a name ending in `guards`) has
    exactly the registry's names: a guard only the mock knew could never pass lint."""
    found: set[str] = set()
    for path in MOCK.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Dict):
                continue
            names = [
                t.attr if isinstance(t, ast.Attribute) else getattr(t, "id", "")
                for t in node.targets
            ]
            if any(name.endswith("guards") for name in names):
                found.update(str(k.value) for k in node.value.keys if isinstance(k, ast.Constant))
    assert found == set(GUARDS)


def test_bench_never_installs_a_load_generator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert bench.choose_loader("auto") == (
        None,
        "python-asyncio (wrk is not on PATH; install it for higher load)",
    )
    wrk = tmp_path / "wrk"
    wrk.write_text("#!/bin/sh\n", encoding="utf-8")
    wrk.chmod(0o755)
    assert bench.choose_loader("auto") == (str(wrk), f"wrk ({wrk})")
    assert bench.choose_loader("python")[0] is None  # asked for: wrk is not used
    assert "apt-get" not in Path(bench.__file__).read_text(encoding="utf-8")
