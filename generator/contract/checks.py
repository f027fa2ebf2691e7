"""Spec-driven checks added to schemathesis' own (all of which stay on).

`positive_data_acceptance` expects a schema-valid request to succeed. For the two training-job
writes that cannot hold: the spec makes them legal only in some states (`x-allowed-states` on
the update, the `x-lifecycle` of TrainingJobState for the commands), and answers a refusal
with its documented 400. So for those two operations 400 is added to the statuses
`positive_data_acceptance` accepts (see `settings.py`), and `lifecycle_refusal_is_justified`
takes over: every 400 to a schema-valid write must be explained by the job's state, which it
reads back through the API (GET of the same job, same credentials). A 400 to a request that
the lifecycle allows in that state fails the check.

The rules are read here from the spec, independently of the mock's own lifecycle code, so the
check is an oracle for the mock and the real service alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import schemathesis

from generator.spec import SpecDoc

from .settings import LIFECYCLE_WRITES, SPEC_PATH

if TYPE_CHECKING:
    from schemathesis import Case, CheckContext, Response

__all__ = [
    "LIFECYCLE_WRITES",
    "OP_COMMAND",
    "OP_SHOW",
    "OP_UPDATE",
    "TrainingRules",
    "lifecycle_refusal_is_justified",
    "training_rules",
]

OP_SHOW = "show_training_job"
OP_UPDATE = "update_training_job"
OP_COMMAND = "execute_training_command"
_STATE_SCHEMA = "/components/schemas/TrainingJobState"


@dataclass(frozen=True, slots=True)
class TrainingRules:
    """Which training-job request the spec allows in which state."""

    states: frozenset[str]
    final: frozenset[str]
    update_states: frozenset[str]
    # command -> states it is legal in; commands whose legality also depends on a guard
    command_states: dict[str, frozenset[str]]
    guarded: dict[str, frozenset[str]]
    # states a tenant command moves on (the `from` of transitions a command triggers)
    commanded: frozenset[str] = frozenset()

    def refusal_reason(self, operation_id: str, state: str, body: Any) -> str | None:
        """Why the spec allows refusing this request in `state`, or None when it must succeed."""
        if state not in self.states:
            return None  # an unknown state allows nothing to be concluded
        if operation_id == OP_UPDATE:
            if state in self.update_states:
                return None
            return f"the update is allowed only in {', '.join(sorted(self.update_states))}"
        if operation_id == OP_COMMAND:
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


@cache
def training_rules(spec_path: Path = SPEC_PATH) -> TrainingRules:
    doc = SpecDoc(spec_path, load_errata=False)
    enum = doc.get(_STATE_SCHEMA)
    life = enum["x-lifecycle"]
    states = frozenset(enum["enum"])
    final = frozenset(life.get("final", []))
    update_states: frozenset[str] = frozenset()
    for op in doc.operations():
        if op.data.get("operationId") == OP_UPDATE:
            update_states = frozenset(op.data.get("x-allowed-states", []))
    legal: dict[str, set[str]] = {}
    guarded: dict[str, set[str]] = {}
    commanded: set[str] = set()
    for t in life.get("transitions", []):
        trigger = t["trigger"]
        if trigger in ("system", "system_failure", OP_UPDATE):
            continue
        legal.setdefault(trigger, set()).update(t["from"])
        commanded.update(t["from"])
        if t.get("guard"):
            guarded.setdefault(trigger, set()).update(t["from"])
    for q in life.get("queries", []):
        where = q["in"]
        legal.setdefault(q["trigger"], set()).update(
            states - final if where == "any_non_final" else set(where)
        )
    return TrainingRules(
        states=states,
        final=final,
        update_states=update_states,
        command_states={k: frozenset(v) for k, v in legal.items()},
        guarded={k: frozenset(v) for k, v in guarded.items()},
        commanded=frozenset(commanded),
    )


def _operation_id(case: Case[Any]) -> str | None:
    definition = case.operation.definition.raw
    value = definition.get("operationId") if isinstance(definition, dict) else None
    return value if isinstance(value, str) else None


def read_job_state(case: Case[Any]) -> str | None:
    """The state of the training job `case` addressed, read with a GET as the same tenant."""
    from schemathesis import AuthContext
    from schemathesis.auths import set_on_case

    show = case.operation.schema.find_operation_by_id(OP_SHOW)
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
    if operation_id not in LIFECYCLE_WRITES or response.status_code != 400:
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
