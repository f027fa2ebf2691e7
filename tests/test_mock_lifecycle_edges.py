"""Edges of the mock's lifecycle engine that `make mutate` found untested: a negative `after`,
a trigger defined twice (as two queries, or as a query and a transition), and which names
count as triggers. On a small lifecycle written here, not the spec's."""

from __future__ import annotations

from typing import Any

import pytest

from generator.mock.lifecycle import Lifecycle, LifecycleError


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


@pytest.mark.parametrize("after", [-1, -0.5, True, "2"])
def test_after_must_be_a_number_of_at_least_zero(after: object) -> None:
    steps = [{"from": ["B"], "trigger": "system", "after": after, "to": "C"}]
    with pytest.raises(LifecycleError, match="after must be a number >= 0"):
        Lifecycle.from_schema("S", schema(transitions=steps))


@pytest.mark.parametrize(
    "queries",
    [
        [{"trigger": "ASK", "in": ["B"]}, {"trigger": "ASK", "in": ["C"]}],  # two queries
        [{"trigger": "MOVE", "in": ["B"]}],  # a query named like a transition's trigger
    ],
)
def test_a_trigger_is_defined_once(queries: list[dict[str, Any]]) -> None:
    with pytest.raises(LifecycleError, match="is defined twice"):
        Lifecycle.from_schema("S", schema(queries=queries))


def test_which_names_are_triggers() -> None:
    life = Lifecycle.from_schema("S", schema())
    assert life.is_trigger("ASK") and life.is_trigger("MOVE") and life.is_trigger("system")
    for name in ("AAA", "ZZZ", "move", "B"):  # before and after every trigger, case, a state
        assert not life.is_trigger(name), name
