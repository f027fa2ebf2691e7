"""Edges of generator.specmodel that `make mutate` found untested by the fast lifecycle tests:
edges as (source, transition) pairs, the cycle bound of system chains, unknown query keys, the
lifecycle's description, the kinds of triggers, the region endpoint template, x-errata found at
any depth, and x-allowed-states checked on every operation. Small lifecycles written here, or
the real spec (a damaged copy in tmp_path)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from conftest import SPEC

from generator.spec import SpecDoc
from generator.specmodel import (
    Lifecycle,
    Server,
    ServerVariable,
    build,
    default_model,
    parse_lifecycle,
)


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
