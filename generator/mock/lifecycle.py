"""The spec's `x-lifecycle` extension as a small, pure state machine.

Nothing here names a state: states, the initial and final ones, transitions (`from`, `to`,
`trigger`, `after`, `guard`, `log_type`, `operate_user`, `comment_type`) and state-preserving
`queries` are all read from the enum schema that carries `x-lifecycle`.

Triggers: an operation id (`update_training_job`), a command value, `system` (the service
moves by itself `after` nominal seconds in the state) or `system_failure` (the same step
failing; the mock only takes it when told to through its control API).

Time is a float of seconds on the mock's clock; a step of `after` nominal seconds takes
`after / speed` seconds. `due_steps` is what "lazy evaluation" means: when a job is read or
commanded, every system step whose time has come is applied, each stamped with the moment it
became due, so the result does not depend on when (or how often) anybody looked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ANY_NON_FINAL",
    "SYSTEM",
    "SYSTEM_FAILURE",
    "Lifecycle",
    "LifecycleError",
    "Query",
    "Transition",
]

SYSTEM = "system"
SYSTEM_FAILURE = "system_failure"
ANY_NON_FINAL = "any_non_final"


class LifecycleError(ValueError):
    """The `x-lifecycle` data is inconsistent (the mock refuses to start)."""


@dataclass(frozen=True, slots=True)
class Transition:
    sources: frozenset[str]
    trigger: str
    to: str
    after: float | None = None
    guard: str | None = None
    log_type: str | None = None
    operate_user: str | None = None
    comment_type: str | None = None


@dataclass(frozen=True, slots=True)
class Query:
    """A trigger that leaves the state alone (it may still add a comment log)."""

    trigger: str
    states: frozenset[str] | None  # None: any non-final state
    comment_type: str | None = None
    description: str = ""
    reports: str | None = None  # response field the query fills with the uploaded parts


@dataclass(frozen=True)
class Lifecycle:
    name: str
    states: tuple[str, ...]
    initial: str
    final: frozenset[str]
    transitions: tuple[Transition, ...]
    queries: Mapping[str, Query]
    _index: dict[tuple[str, str], Transition] = field(repr=False, compare=False)

    # ------------------------------------------------------------------ loading

    @classmethod
    def from_schema(cls, name: str, schema: Mapping[str, Any]) -> Lifecycle:
        """Build from an enum schema carrying `x-lifecycle`; raise LifecycleError if broken."""
        data = schema.get("x-lifecycle")
        if not isinstance(data, Mapping):
            raise LifecycleError(f"{name}: no x-lifecycle")
        enum = schema.get("enum")
        if not isinstance(enum, list) or not all(isinstance(s, str) for s in enum):
            raise LifecycleError(f"{name}: x-lifecycle needs a string enum")
        states = tuple(enum)
        known = set(states)

        def state(value: Any, where: str) -> str:
            if not isinstance(value, str) or value not in known:
                raise LifecycleError(f"{name}: {where}: {value!r} is not a state of the enum")
            return value

        initial = state(data.get("initial"), "initial")
        final = frozenset(state(s, "final") for s in _list(data.get("final"), name, "final"))
        transitions: list[Transition] = []
        index: dict[tuple[str, str], Transition] = {}
        for i, raw in enumerate(_list(data.get("transitions"), name, "transitions")):
            where = f"transitions[{i}]"
            if not isinstance(raw, Mapping):
                raise LifecycleError(f"{name}: {where} is not a mapping")
            sources = frozenset(
                state(s, where + ".from") for s in _list(raw.get("from"), name, where)
            )
            trigger = raw.get("trigger")
            if not isinstance(trigger, str) or not trigger:
                raise LifecycleError(f"{name}: {where}: trigger missing")
            after = raw.get("after")
            if after is not None and (
                isinstance(after, bool) or not isinstance(after, int | float) or after < 0
            ):
                raise LifecycleError(f"{name}: {where}: after must be a number >= 0")
            if trigger == SYSTEM and after is None:
                raise LifecycleError(f"{name}: {where}: a system step needs `after`")
            t = Transition(
                sources=sources,
                trigger=trigger,
                to=state(raw.get("to"), where + ".to"),
                after=None if after is None else float(after),
                guard=_opt_str(raw, "guard", name, where),
                log_type=_opt_str(raw, "log_type", name, where),
                operate_user=_opt_str(raw, "operate_user", name, where),
                comment_type=_opt_str(raw, "comment_type", name, where),
            )
            for source in sources:
                if (source, trigger) in index:
                    raise LifecycleError(f"{name}: {where}: second {trigger} from {source}")
                index[(source, trigger)] = t
            transitions.append(t)
        queries: dict[str, Query] = {}
        for i, raw in enumerate(_list(data.get("queries", []), name, "queries")):
            where = f"queries[{i}]"
            if not isinstance(raw, Mapping) or not isinstance(raw.get("trigger"), str):
                raise LifecycleError(f"{name}: {where}: needs a trigger")
            scope = raw.get("in", ANY_NON_FINAL)
            in_states = (
                None
                if scope == ANY_NON_FINAL
                else frozenset(state(s, where + ".in") for s in _list(scope, name, where))
            )
            q = Query(
                trigger=raw["trigger"],
                states=in_states,
                comment_type=_opt_str(raw, "comment_type", name, where),
                description=str(raw.get("description", "")),
                reports=_opt_str(raw, "reports", name, where),
            )
            if q.trigger in queries or any(k[1] == q.trigger for k in index):
                raise LifecycleError(f"{name}: {where}: {q.trigger} is defined twice")
            queries[q.trigger] = q
        return cls(name, states, initial, final, tuple(transitions), queries, index)

    # ------------------------------------------------------------------ questions

    def transition(self, state: str, trigger: str) -> Transition | None:
        return self._index.get((state, trigger))

    def system_step(self, state: str) -> Transition | None:
        return self._index.get((state, SYSTEM))

    def failure_step(self, state: str) -> Transition | None:
        return self._index.get((state, SYSTEM_FAILURE))

    def query(self, trigger: str) -> Query | None:
        return self.queries.get(trigger)

    def query_allowed(self, query: Query, state: str) -> bool:
        if query.states is None:
            return state not in self.final
        return state in query.states

    def states_for(self, trigger: str) -> list[str]:
        """Every state in which `trigger` does something (enum order), for error messages."""
        q = self.queries.get(trigger)
        if q is not None:
            return [s for s in self.states if self.query_allowed(q, s)]
        return [s for s in self.states if (s, trigger) in self._index]

    def is_trigger(self, trigger: str) -> bool:
        return trigger in self.queries or any(k[1] == trigger for k in self._index)

    def next_due(self, state: str, since: float, speed: float) -> float | None:
        """When the next system step from `state` (entered at `since`) is due, or None."""
        step = self.system_step(state)
        if step is None or step.after is None:
            return None
        return since + step.after / speed

    def due_steps(
        self, state: str, since: float, now: float, speed: float
    ) -> list[tuple[Transition, float]]:
        """System steps due by `now`, each with the time it happened; follows chains."""
        steps: list[tuple[Transition, float]] = []
        at = since
        for _ in range(len(self.states) + 1):  # a chain longer than that is a cycle
            due = self.next_due(state, at, speed)
            if due is None or due > now:
                break
            step = self.system_step(state)
            assert step is not None
            steps.append((step, due))
            state, at = step.to, due
        return steps


def _list(value: Any, name: str, where: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise LifecycleError(f"{name}: {where} must be a list")
    return value


def _opt_str(raw: Mapping[str, Any], key: str, name: str, where: str) -> str | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise LifecycleError(f"{name}: {where}.{key} must be a string")
    return value
