"""Spec-driven checks added to schemathesis' own (all of which stay on).

`positive_data_acceptance` expects a schema-valid request to succeed. For the two training-job
writes that cannot hold: the spec makes them legal only in some states (`x-allowed-states` on
the update, the `x-lifecycle` of TrainingJobState for the commands), and answers a refusal
with its documented 400. So for those two operations 400 is added to the statuses
`positive_data_acceptance` accepts (see `settings.py`), and `lifecycle_refusal_is_justified`
takes over: every 400 to a schema-valid write must be explained by the job's state, which it
reads back through the API (GET of the same job, same credentials). A 400 to a request that
the lifecycle allows in that state fails the check.

The rules are derived here from the spec's typed model (generator.specmodel: the same parse
of `x-lifecycle` the mock runs, but none of the mock's state-machine code), so the check is an
oracle for the mock and the real service alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import schemathesis

from generator.specmodel import SERVICE_TRIGGERS, ApiModel, Lifecycle, load

from .settings import SPEC_PATH, lifecycle_writes

if TYPE_CHECKING:
    from schemathesis import Case, CheckContext, Response

__all__ = [
    "TrainingRules",
    "lifecycle_refusal_is_justified",
    "lifecycle_writes",
    "training_rules",
]


@dataclass(frozen=True, slots=True)
class TrainingRules:
    """Which request the spec allows in which state of the lifecycle the writes drive (the
    training job's); the operation ids too are the spec's, found by what they do."""

    states: frozenset[str]
    final: frozenset[str]
    update_states: frozenset[str]
    # command -> states it is legal in; commands whose legality also depends on a guard
    command_states: dict[str, frozenset[str]]
    guarded: dict[str, frozenset[str]]
    # states a tenant command moves on (the `from` of transitions a command triggers)
    commanded: frozenset[str] = frozenset()
    reader: str = ""  # the GET that reads one job (its 200 body's state is the lifecycle's)
    update_operation: str = ""  # a write that is a trigger itself (the PUT)
    command_operation: str = ""  # the write that sends the commands

    def refusal_reason(self, operation_id: str, state: str, body: Any) -> str | None:
        """Why the spec allows refusing this request in `state`, or None when it must succeed."""
        if state not in self.states:
            return None  # an unknown state allows nothing to be concluded
        if operation_id == self.update_operation:
            if state in self.update_states:
                return None
            return f"the update is allowed only in {', '.join(sorted(self.update_states))}"
        if operation_id == self.command_operation:
            command = body.get("command") if isinstance(body, dict) else None
            if not isinstance(command, str):
                return None
            if command not in self.command_states:  # e.g. a command known only from the SDK
                return f"{command} has no transition or query in x-lifecycle"
            if state not in self.command_states[command]:
                return f"{command} is not legal in {state} (x-lifecycle)"
            if state in self.guarded.get(command, frozenset()):
                return f"{command} in {state} is guarded (x-lifecycle guard)"
            return None
        return None


def rules_of(model: ApiModel, life: Lifecycle) -> TrainingRules:
    """The rules of one lifecycle, from the typed spec model."""
    update = model.updater_of(life) or ""
    command = model.commander_of(life) or ""
    # x-lifecycle's `from` states (lint's lifecycle-allowed-states: x-allowed-states agree)
    update_states = frozenset(life.states_for(update)) if update else frozenset()
    legal: dict[str, set[str]] = {}
    guarded: dict[str, set[str]] = {}
    commanded: set[str] = set()
    for t in life.transitions:
        if t.trigger in SERVICE_TRIGGERS or t.trigger in model.operations:
            continue
        legal.setdefault(t.trigger, set()).update(t.sources)
        commanded.update(t.sources)
        if t.guard:
            guarded.setdefault(t.trigger, set()).update(t.sources)
    for q in life.queries.values():
        legal.setdefault(q.trigger, set()).update(life.query_states(q))
    return TrainingRules(
        states=frozenset(life.states),
        final=frozenset(life.final),
        update_states=update_states,
        command_states={k: frozenset(v) for k, v in legal.items()},
        guarded={k: frozenset(v) for k, v in guarded.items()},
        commanded=frozenset(commanded),
        reader=model.reader_of(life) or "",
        update_operation=update,
        command_operation=command,
    )


@cache
def training_rules(spec_path: Path = SPEC_PATH) -> TrainingRules:
    """The rules of the lifecycle the spec's lifecycle writes drive (the training job's)."""
    model = load(spec_path)
    writes = lifecycle_writes(spec_path)
    life = model.lifecycle_of_operation(writes[0]) if writes else None
    if life is None:
        raise ValueError(f"{spec_path}: no operation drives an x-lifecycle")
    return rules_of(model, life)


def _operation_id(case: Case[Any]) -> str | None:
    definition = case.operation.definition.raw
    value = definition.get("operationId") if isinstance(definition, dict) else None
    return value if isinstance(value, str) else None


def read_job_state(case: Case[Any]) -> str | None:
    """The state of the training job `case` addressed, read with a GET as the same tenant."""
    from schemathesis import AuthContext
    from schemathesis.auths import set_on_case

    show = case.operation.schema.find_operation_by_id(training_rules().reader)
    probe = show.Case(path_parameters=dict(case.path_parameters))
    set_on_case(probe, AuthContext(operation=show, app=show.app), None)
    response = probe.call()
    if response.status_code != 200:
        return None
    try:
        state = response.json().get("state")
    except (ValueError, AttributeError):
        return None
    return state if isinstance(state, str) else None


@schemathesis.check
def lifecycle_refusal_is_justified(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    """A schema-valid training-job write refused with 400 must be illegal in the job's state."""
    operation_id = _operation_id(case)
    if operation_id not in lifecycle_writes() or response.status_code != 400:
        return None
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    state = read_job_state(case)
    if state is None:
        return None
    reason = training_rules().refusal_reason(operation_id, state, case.body)
    if reason is None:
        raise AssertionError(
            f"Schema-valid {operation_id} refused with 400 although the job is in {state}, "
            f"where the spec's lifecycle allows it: {response.text[:300]}"
        )
    return True
