"""generator.specmodel: the one typed model of the spec, and the guard registry it shares with
the mock (lint cannot import the mock, so the names live in the model and the mock implements
them; these tests check that both agree)."""

from __future__ import annotations

import ast
import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from mockserver import REPO, SPEC

from generator import bench
from generator.mock.app import create_app
from generator.mock.config import MockConfig
from generator.spec import SPEC_PATH, SpecDoc
from generator.specmodel import (
    GUARDS,
    SERVICE_TRIGGERS,
    Lifecycle,
    LifecycleError,
    Server,
    ServerVariable,
    build,
    default_model,
    parse_lifecycle,
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


# --- Edges of generator.specmodel that `make mutate` found untested by the fast lifecycle tests:
# edges as (source, transition) pairs, the cycle bound of system chains, unknown query keys, the
# lifecycle's description, the kinds of triggers, the region endpoint template, x-errata found at
# any depth, and x-allowed-states checked on every operation. Small lifecycles written here, or
# the real spec (a damaged copy in tmp_path).


def schema(**changes: Any) -> dict[str, Any]:
    life: dict[str, Any] = {
        "initial": "B",
        "final": ["D"],
        "transitions": [
            {"from": ["B"], "trigger": "system", "after": 2, "to": "C", "log_type": "BC"},
            {"from": ["B", "C"], "trigger": "MOVE", "to": "D"},
        ],
        "queries": [{"trigger": "ASK", "in": "any_non_final", "comment_type": "Q"}],
    }
    life.update(changes)
    return {"type": "string", "enum": ["B", "C", "D"], "x-lifecycle": life}


def test_a_transition_from_several_states_is_several_edges() -> None:
    life = Lifecycle.from_schema("S", schema())
    edges = [(e.source, e.target, e.trigger) for e in life.edges]
    assert edges == [("B", "C", "system"), ("B", "D", "MOVE"), ("C", "D", "MOVE")]


def test_a_system_cycle_stops_after_one_step_more_than_there_are_states() -> None:
    cycle = [
        {"from": ["B"], "trigger": "system", "after": 1, "to": "C"},
        {"from": ["C"], "trigger": "system", "after": 1, "to": "B"},
        {"from": ["B", "C"], "trigger": "MOVE", "to": "D"},
    ]
    life = Lifecycle.from_schema("S", schema(transitions=cycle))
    steps = life.due_steps("B", 0.0, 1000.0, 1.0)
    assert [at for _, at in steps] == [1.0, 2.0, 3.0, 4.0]  # 3 states + 1


def test_unknown_query_keys_and_the_description() -> None:
    queries = [{"trigger": "ASK", "in": "any_non_final", "colour": "red"}]
    data = schema(queries=queries, description="  why it moves  ")
    life, issues = parse_lifecycle("S", data, "/s")
    assert life is not None and life.description == "why it moves"
    assert [(i.pointer, i.message) for i in issues] == [
        ("/s/x-lifecycle/queries/0/colour", "unknown query key 'colour'")
    ]


def test_triggers_have_their_kind() -> None:
    life = default_model().lifecycles["TrainingJobState"]
    kinds = {t.trigger: t.trigger_kind for t in life.transitions}
    assert kinds["system"] == "service" and kinds["update_training_job"] == "operation"
    assert kinds["CONFIRM_ACCEPT"] == "TrainingCommand value"


def test_the_endpoint_template_is_the_first_server_with_a_region() -> None:
    region = {"region": ServerVariable("region", "cn-north-4", ("cn-north-4",), "")}
    servers = (Server("http://plain", "", {}), Server("https://m.{region}.example", "", region))
    model = dataclasses.replace(default_model(), servers=servers)
    assert model.endpoint_template == "https://m.{region}.example"
    assert dataclasses.replace(model, servers=servers[:1]).endpoint_template == "http://plain"


def test_x_errata_is_found_at_every_depth() -> None:
    pointers = {link.pointer for link in default_model().errata_links}
    assert "/components/schemas/VideoJobState" in pointers


def test_x_allowed_states_are_checked_on_every_operation(tmp_path: Path) -> None:
    text = SPEC.read_text(encoding="utf-8")
    old = "x-allowed-states: [AUTO_VERIFY_FAILED, MANUAL_VERIFY_FAILED]"
    assert text.count(old) == 1
    (tmp_path / "spec.yaml").write_text(
        text.replace(old, "x-allowed-states: [AUTO_VERIFY_FAILED, NO_SUCH_STATE]"),
        encoding="utf-8",
    )
    issues = build(SpecDoc(tmp_path / "spec.yaml", load_errata=False)).issues
    messages = [i.message for i in issues if i.rule == "lifecycle-states"]
    assert messages == ["x-allowed-states: 'NO_SUCH_STATE' is not a state of TrainingJobState"]
