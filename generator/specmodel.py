"""The spec's facts as typed, frozen values, read once: the one model every part of us uses.

`build(SpecDoc)` (or `load(path)`) turns the OpenAPI document into an `ApiModel`:

- `operations`: id, method, path, `x-sdk-method`, `x-allowed-states`, `x-documented-statuses`,
  `x-errata`, pointer and line (`OperationInfo`);
- `lifecycles`: every enum schema's `x-lifecycle` (`Lifecycle`: states, initial, final,
  `failed`, `unreachable`, `Transition`s with trigger, guard, after, log_type, operate_user,
  comment_type, and state-preserving `Query`s);
- `commands`: the values of a JSON request body's `command` enum, each with its operation;
- `errata_links`: every `x-errata` reference; `servers` with their variables, `regions` and
  the `endpoint_template`; `examples`: the example ids of the path parameters;
- `gateway`: the catalogue `x-gateway-errors`, the API gateway's own answers (`GatewayError`).

Parsing is tolerant: every inconsistency becomes an `Issue` (JSON pointer, lint rule id,
message) in `ApiModel.issues`, so `lint` reports it as `file:line: rule`, while the mock
refuses to start on those it cannot run (`Lifecycle.from_schema`, mock/model.py).

Guards are named here (`GUARDS`) and implemented by the mock, so lint can check a guard
without importing the mock; a test checks both agree. This module imports only `spec.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from generator.spec import SPEC_PATH, SpecDoc, join_pointer, ref_name

__all__ = [
    "ANY_NON_FINAL",
    "GUARDS",
    "SERVICE_TRIGGERS",
    "SPEC_PATH",
    "SYSTEM",
    "SYSTEM_FAILURE",
    "ApiModel",
    "Command",
    "Edge",
    "ErrataLink",
    "Examples",
    "GatewayCatalogue",
    "GatewayError",
    "Issue",
    "Lifecycle",
    "LifecycleError",
    "OperationInfo",
    "Query",
    "Server",
    "ServerVariable",
    "SpecModelError",
    "Transition",
    "build",
    "default_model",
    "load",
]

SYSTEM = "system"  # the service moves by itself, `after` nominal seconds in the state
SYSTEM_FAILURE = "system_failure"  # the same step failing (the mock: only when told to)
SERVICE_TRIGGERS = (SYSTEM, SYSTEM_FAILURE)
ANY_NON_FINAL = "any_non_final"  # a query's `in`: every state but the final ones

# Guards a transition may carry, with what they mean. The mock implements each one
# (tests/test_specmodel.py checks that it implements exactly these); lint rejects others.
GUARDS: Mapping[str, str] = {
    "all_parts_uploaded": "every part of every multipart upload the job announced is uploaded",
}

# Keys of a transition / a query / an x-lifecycle; anything else is a lint problem (a typo).
TRANSITION_KEYS = frozenset(
    {"from", "to", "trigger", "after", "guard", "log_type", "operate_user", "comment_type"}
)
QUERY_KEYS = frozenset({"trigger", "in", "comment_type", "description", "reports"})
LIFECYCLE_KEYS = frozenset(
    {"description", "initial", "final", "failed", "unreachable", "transitions", "queries"}
)
# Transition and query fields whose values must be values of the enum of the schema property
# of the same name (OperationLogInfo.log_type, .operate_user, CommentLogInfo.comment_type).
LOGGED_FIELDS = ("log_type", "operate_user", "comment_type")
SCHEMAS = "/components/schemas"


class SpecModelError(ValueError):
    """The spec is inconsistent; the message names where."""


class LifecycleError(SpecModelError):
    """An `x-lifecycle` is inconsistent (the mock refuses to start)."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One inconsistency: where (a JSON pointer into the spec), which lint rule, what."""

    pointer: str
    rule: str
    message: str


# --------------------------------------------------------------------------- lifecycles


@dataclass(frozen=True, slots=True)
class Transition:
    sources: tuple[str, ...]  # in the spec's order
    trigger: str
    to: str
    after: float | None = None  # nominal seconds (as written: 2 stays an int)
    guard: str | None = None
    log_type: str | None = None
    operate_user: str | None = None
    comment_type: str | None = None
    pointer: str = ""
    # "service", "operation", "<Enum> value" (a command) or "other", for the docs
    trigger_kind: str = "other"

    @property
    def label(self) -> str:
        """`trigger [if guard] [after N s]`, as the docs draw an edge."""
        text = self.trigger
        if self.guard:
            text += f" if {self.guard}"
        if self.after is not None:
            text += f" after {self.after} s"
        return text


@dataclass(frozen=True, slots=True)
class Edge:
    """One (source, transition) pair: a transition from several states is several edges."""

    source: str
    transition: Transition

    @property
    def target(self) -> str:
        return self.transition.to

    def __getattr__(self, name: str) -> Any:  # trigger, after, guard, label, ... (for templates)
        return getattr(self.transition, name)


@dataclass(frozen=True, slots=True)
class Query:
    """A trigger that leaves the state alone (it may still add a comment log)."""

    trigger: str
    states: tuple[str, ...] | None  # None: any non-final state
    comment_type: str | None = None
    description: str = ""
    reports: str | None = None  # response field the query fills with the uploaded parts
    pointer: str = ""


@dataclass(frozen=True)
class Lifecycle:
    """An enum schema's `x-lifecycle`, with the questions the mock, docs and contract ask."""

    name: str
    states: tuple[str, ...]
    initial: str
    final: tuple[str, ...]
    transitions: tuple[Transition, ...]
    queries: Mapping[str, Query]
    unreachable: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()  # failures, rejections and stops (the docs draw them so)
    description: str = ""
    descriptions: Mapping[str, str] = field(default_factory=dict)  # state -> enum description
    pointer: str = ""  # of the x-lifecycle mapping
    line: int = 0
    _index: dict[tuple[str, str], Transition] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def from_schema(cls, name: str, schema: Mapping[str, Any]) -> Lifecycle:
        """Build from an enum schema carrying `x-lifecycle`; LifecycleError if it is broken."""
        life, issues = parse_lifecycle(name, schema, f"{SCHEMAS}/{name}")
        if issues:
            raise LifecycleError(f"{name}: {issues[0].message}")
        assert life is not None
        return life

    # ------------------------------------------------------------------ questions
    @property
    def edges(self) -> list[Edge]:
        return [Edge(source, t) for t in self.transitions for source in t.sources]

    @property
    def unmodelled(self) -> list[str]:
        """Enum states neither initial, final nor in any transition."""
        touched = {self.initial, *self.final}
        for t in self.transitions:
            touched.update(t.sources)
            touched.add(t.to)
        return [s for s in self.states if s not in touched]

    def reachable(self) -> set[str]:
        """States the modelled lifecycle can enter from `initial` (any trigger)."""
        seen = {self.initial}
        todo = [self.initial]
        while todo:
            state = todo.pop()
            for t in self.transitions:
                if state in t.sources and t.to not in seen:
                    seen.add(t.to)
                    todo.append(t.to)
        return seen

    def triggers(self) -> set[str]:
        return {t.trigger for t in self.transitions} | set(self.queries)

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

    def query_states(self, query: Query) -> list[str]:
        return [s for s in self.states if self.query_allowed(query, s)]

    def states_for(self, trigger: str) -> list[str]:
        """Every state in which `trigger` does something (enum order), for error messages."""
        q = self.queries.get(trigger)
        if q is not None:
            return self.query_states(q)
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


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


# --------------------------------------------------------------------------- lifecycle parsing
# Parsing produces values: what it cannot read it leaves out, silently. Saying what was wrong
# is the business of the lifecycle rules below, which read the same raw data.


def _items(owner: Mapping[str, Any], key: str, where: str) -> list[tuple[str, Any]] | None:
    """(pointer, item) of the list at `owner[key]`; None when it is not a list."""
    value = owner.get(key)
    if not isinstance(value, list):
        return None
    base = join_pointer(where, key)
    return [(join_pointer(base, i), v) for i, v in enumerate(value)]


def _states(owner: Mapping[str, Any], key: str, where: str, known: set[str]) -> tuple[str, ...]:
    return tuple(v for _, v in _items(owner, key, where) or [] if isinstance(v, str) and v in known)


def _after_ok(after: Any) -> bool:
    return after is None or (
        not isinstance(after, bool) and isinstance(after, int | float) and after >= 0
    )


def _opt_str(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    return value if isinstance(value, str) else None


def _read_transition(
    raw: Any, where: str, known: set[str], kinds: Mapping[str, str]
) -> Transition | None:
    """A transition, or None when it has no trigger or no known target state."""
    if not isinstance(raw, Mapping):
        return None
    trigger, to, after = raw.get("trigger"), raw.get("to"), raw.get("after")
    if not isinstance(trigger, str) or not trigger or not isinstance(to, str) or to not in known:
        return None
    return Transition(
        sources=_states(raw, "from", where, known),
        trigger=trigger,
        to=to,
        after=after if _after_ok(after) else None,
        guard=_opt_str(raw, "guard"),
        log_type=_opt_str(raw, "log_type"),
        operate_user=_opt_str(raw, "operate_user"),
        comment_type=_opt_str(raw, "comment_type"),
        pointer=where,
        trigger_kind=kinds.get(trigger, "other"),
    )


def _read_query(raw: Any, where: str, known: set[str]) -> Query | None:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("trigger"), str):
        return None
    any_state = raw.get("in", ANY_NON_FINAL) == ANY_NON_FINAL
    return Query(
        trigger=raw["trigger"],
        states=None if any_state else _states(raw, "in", where, known),
        comment_type=_opt_str(raw, "comment_type"),
        description=_text(raw.get("description")),
        reports=_opt_str(raw, "reports"),
        pointer=where,
    )


def _index(transitions: list[Transition]) -> dict[tuple[str, str], Transition]:
    """(source, trigger) -> the first transition taking it (a second one is a shape issue)."""
    index: dict[tuple[str, str], Transition] = {}
    for t in transitions:
        for source in t.sources:
            index.setdefault((source, t.trigger), t)
    return index


def _read_queries(
    data: Mapping[str, Any], base: str, known: set[str], index: Mapping[tuple[str, str], Any]
) -> dict[str, Query]:
    """The queries by trigger; one whose trigger is taken already is left out."""
    taken = {trigger for _, trigger in index}
    queries: dict[str, Query] = {}
    for where, raw in _items({"queries": data.get("queries", [])}, "queries", base) or []:
        q = _read_query(raw, where, known)
        if q is not None and q.trigger not in queries and q.trigger not in taken:
            queries[q.trigger] = q
    return queries


def _string_enum(schema: Mapping[str, Any]) -> tuple[str, ...] | None:
    enum = schema.get("enum")
    if not isinstance(enum, list) or not all(isinstance(s, str) for s in enum):
        return None
    return tuple(enum)


def read_lifecycle(
    name: str,
    schema: Mapping[str, Any],
    pointer: str,
    line_of: Any = None,
    kinds: Mapping[str, str] | None = None,
) -> Lifecycle | None:
    """The `x-lifecycle` of the enum schema at `pointer` as a value (None when it has no
    mapping or no string enum). `kinds` maps a trigger to its kind, for the docs."""
    data, states = schema.get("x-lifecycle"), _string_enum(schema)
    if not isinstance(data, Mapping) or states is None:
        return None
    base, known = join_pointer(pointer, "x-lifecycle"), set(states)
    initial = data.get("initial")
    transitions = [
        t
        for where, raw in _items(data, "transitions", base) or []
        if (t := _read_transition(raw, where, known, kinds or {})) is not None
    ]
    index = _index(transitions)
    descriptions = schema.get("x-enum-descriptions")
    return Lifecycle(
        name=name,
        states=states,
        initial=initial if isinstance(initial, str) and initial in known else "",
        final=_states(data, "final", base, known),
        transitions=tuple(transitions),
        queries=_read_queries(data, base, known, index),
        unreachable=_states(data, "unreachable", base, known),
        failed=_states(data, "failed", base, known),
        description=str(data.get("description") or "").strip(),
        descriptions={
            s: _text(descriptions[i])
            for i, s in enumerate(states)
            if isinstance(descriptions, list) and i < len(descriptions)
        },
        pointer=base,
        line=line_of(base) if line_of is not None else 0,
        _index=index,
    )


# --------------------------------------------------------------------------- lifecycle rules
# Every check of an `x-lifecycle` (and of `x-allowed-states`) is one function registered under
# its lint rule id, as lint/rules.py registers its own; lint reports each rule's issues, the
# mock refuses to start on those it could not run (mock/model.py), `Lifecycle.from_schema`
# runs the rules that need only the enum schema.


@dataclass(frozen=True)
class LifecycleSchema:
    """One enum schema carrying `x-lifecycle`: its raw data and the value parsed from it."""

    name: str
    schema: Mapping[str, Any]
    pointer: str  # of the schema
    life: Lifecycle | None

    @property
    def base(self) -> str:
        return join_pointer(self.pointer, "x-lifecycle")

    @property
    def data(self) -> Mapping[str, Any]:
        data = self.schema.get("x-lifecycle")
        return data if isinstance(data, Mapping) else {}


@dataclass(frozen=True)
class LifecycleScope:
    """What the lifecycle rules read: the lifecycles and, for a whole spec, its operations."""

    schemas: tuple[LifecycleSchema, ...]
    doc: SpecDoc | None = None  # None: a lone schema (`Lifecycle.from_schema`)
    ops: Mapping[str, OperationInfo] = field(default_factory=dict)
    commands: Mapping[str, Command] = field(default_factory=dict)

    @property
    def lifecycles(self) -> list[Lifecycle]:
        return [s.life for s in self.schemas if s.life is not None]


Found = Iterator[tuple[str, str]]  # (pointer, message)
LifecycleRule = Callable[[LifecycleScope], Found]
LIFECYCLE_RULES: dict[str, LifecycleRule] = {}  # rule id -> check (its docstring: lint's text)
SCHEMA_RULES: set[str] = set()  # the rules that need only the enum schema


def lifecycle_rule(
    rule_id: str, *, schema_only: bool = False
) -> Callable[[LifecycleRule], LifecycleRule]:
    def register(fn: LifecycleRule) -> LifecycleRule:
        LIFECYCLE_RULES[rule_id] = fn
        if schema_only:
            SCHEMA_RULES.add(rule_id)
        return fn

    return register


def check_lifecycles(scope: LifecycleScope, rules: Iterable[str] = ()) -> list[Issue]:
    """The issues of the given rules (every registered rule when none are given)."""
    chosen = list(rules) or list(LIFECYCLE_RULES)
    return [Issue(p, r, m) for r in chosen for p, m in LIFECYCLE_RULES[r](scope)]


def _shape_of_lists(s: LifecycleSchema) -> Found:
    data, base = s.data, s.base
    for key in data:
        if key not in LIFECYCLE_KEYS:
            yield join_pointer(base, key), f"unknown x-lifecycle key {key!r}"
    for key in ("final", "transitions", "unreachable", "failed", "queries"):
        optional = key in ("unreachable", "failed", "queries")
        if (key in data or not optional) and not isinstance(data.get(key), list):
            yield join_pointer(base, key), f"{key} must be a list"


def _shape_of_transition(raw: Any, where: str, s: LifecycleSchema) -> Found:
    if not isinstance(raw, Mapping):
        yield where, "a transition must be a mapping"
        return
    for key in raw:
        if key not in TRANSITION_KEYS:
            yield join_pointer(where, key), f"unknown transition key {key!r}"
    if not isinstance(raw.get("from"), list):
        yield join_pointer(where, "from"), "from must be a list"
    trigger = raw.get("trigger")
    if not isinstance(trigger, str) or not trigger:
        yield where, "trigger missing"
        return
    if not _after_ok(raw.get("after")):
        yield join_pointer(where, "after"), "after must be a number >= 0"
    elif trigger == SYSTEM and raw.get("after") is None:
        yield where, "a system step needs `after`"
    if _read_transition(raw, where, set(s.life.states if s.life else ()), {}) is None:
        return  # no known target: lifecycle-states says so
    for key in ("guard", "log_type", "operate_user", "comment_type"):
        if raw.get(key) is not None and not isinstance(raw.get(key), str):
            yield join_pointer(where, key), f"{key} must be a string"


def _shape_of_query(raw: Any, where: str) -> Found:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("trigger"), str):
        yield where, "a query needs a trigger"
        return
    for key in raw:
        if key not in QUERY_KEYS:
            yield join_pointer(where, key), f"unknown query key {key!r}"
    if raw.get("in", ANY_NON_FINAL) != ANY_NON_FINAL and not isinstance(raw.get("in"), list):
        yield join_pointer(where, "in"), "in must be a list"
    for key in ("comment_type", "reports"):
        if raw.get(key) is not None and not isinstance(raw.get(key), str):
            yield join_pointer(where, key), f"{key} must be a string"


def _twice(s: LifecycleSchema) -> Found:
    """A second transition from one state on one trigger; a query defined twice."""
    assert s.life is not None
    seen: set[tuple[str, str]] = set()
    for t in s.life.transitions:
        for source in t.sources:
            if (source, t.trigger) in seen:
                yield t.pointer, f"second {t.trigger} from {source}"
            seen.add((source, t.trigger))
    taken = {trigger for _, trigger in seen}
    for where, raw in _items({"queries": s.data.get("queries", [])}, "queries", s.base) or []:
        q = _read_query(raw, where, set(s.life.states))
        if q is None:
            continue
        if q.trigger in taken:
            yield where, f"{q.trigger} is defined twice"
        taken.add(q.trigger)


@lifecycle_rule("lifecycle-shape", schema_only=True)
def lifecycle_shape(scope: LifecycleScope) -> Found:
    """`x-lifecycle` has only known keys, lists and a trigger each."""
    for s in scope.schemas:
        if not isinstance(s.schema.get("x-lifecycle"), Mapping):
            yield s.base, "x-lifecycle must be a mapping"
            continue
        if _string_enum(s.schema) is None:
            yield s.pointer, "x-lifecycle needs a string enum"
            continue
        yield from _shape_of_lists(s)
        for where, raw in _items(s.data, "transitions", s.base) or []:
            yield from _shape_of_transition(raw, where, s)
        for where, raw in _items({"queries": s.data.get("queries", [])}, "queries", s.base) or []:
            yield from _shape_of_query(raw, where)
        yield from _twice(s)


def _named_states(s: LifecycleSchema) -> Iterator[tuple[str, str, Any]]:
    """(pointer, what, value) of every state an `x-lifecycle` names."""
    data, base = s.data, s.base
    yield join_pointer(base, "initial"), "initial", data.get("initial")
    for key in ("final", "unreachable", "failed"):
        for where, v in _items(data, key, base) or []:
            yield where, key, v
    for where, raw in _items(data, "transitions", base) or []:
        if isinstance(raw, Mapping):
            for w, v in _items(raw, "from", where) or []:
                yield w, "from", v
            if isinstance(raw.get("trigger"), str) and raw["trigger"]:
                yield join_pointer(where, "to"), "to", raw.get("to")
    for where, raw in _items({"queries": data.get("queries", [])}, "queries", base) or []:
        if (
            _read_query(raw, where, set()) is not None
            and raw.get("in", ANY_NON_FINAL) != ANY_NON_FINAL
        ):
            for w, v in _items(raw, "in", where) or []:
                yield w, "in", v


def _lifecycle_of_op(scope: LifecycleScope, op: OperationInfo) -> Lifecycle | None:
    return next((lc for lc in scope.lifecycles if op.operation_id in lc.triggers()), None)


@lifecycle_rule("lifecycle-states", schema_only=True)
def lifecycle_states(scope: LifecycleScope) -> Found:
    """`x-lifecycle` and `x-allowed-states` name only states of the enum."""
    for s in scope.schemas:
        if s.life is None:
            continue
        for where, what, value in _named_states(s):
            if not isinstance(value, str) or value not in s.life.states:
                yield where, f"{what}: {value!r} is not a state of the enum"
    every = {state for lc in scope.lifecycles for state in lc.states}
    for op in scope.ops.values():
        if "x-allowed-states" not in op.data:
            continue
        life = _lifecycle_of_op(scope, op)
        known = set(life.states) if life else every
        for i, state in enumerate(op.allowed_states):
            if state not in known:
                yield (
                    join_pointer(op.pointer, "x-allowed-states", i),
                    f"x-allowed-states: {state!r} is not a state of "
                    f"{life.name if life else 'any lifecycle'}",
                )


@lifecycle_rule("lifecycle-allowed-states")
def lifecycle_allowed_states(scope: LifecycleScope) -> Found:
    """`x-allowed-states` are exactly the `from` states of the operation's transitions."""
    for op in scope.ops.values():
        life = _lifecycle_of_op(scope, op) if "x-allowed-states" in op.data else None
        if life is None or not set(op.allowed_states) <= set(life.states):
            continue  # lifecycle-states reports states that are none
        sources = [s for s in life.states if life.transition(s, op.operation_id) is not None]
        if set(op.allowed_states) != set(sources):
            yield (
                join_pointer(op.pointer, "x-allowed-states"),
                f"x-allowed-states [{', '.join(op.allowed_states)}] disagree with the states"
                f" {life.name}'s x-lifecycle takes {op.operation_id} from"
                f" [{', '.join(sources)}]",
            )


@lifecycle_rule("lifecycle-triggers")
def lifecycle_triggers(scope: LifecycleScope) -> Found:
    """Triggers are command values, operationIds, `system` or `system_failure`."""
    ops, commands = scope.ops, scope.commands
    for life in scope.lifecycles:
        for t in life.transitions:
            if (
                t.trigger not in SERVICE_TRIGGERS
                and t.trigger not in ops
                and t.trigger not in commands
            ):
                yield (
                    join_pointer(t.pointer, "trigger"),
                    f"trigger {t.trigger!r} is no command value, operationId, {SYSTEM} or "
                    f"{SYSTEM_FAILURE}",
                )
        for q in life.queries.values():
            if q.trigger not in commands and q.trigger not in ops:
                yield (
                    join_pointer(q.pointer, "trigger"),
                    f"query trigger {q.trigger!r} is no command value or operationId",
                )


@lifecycle_rule("lifecycle-guards")
def lifecycle_guards(scope: LifecycleScope) -> Found:
    """Guards are ones the mock knows (specmodel.GUARDS)."""
    for life in scope.lifecycles:
        for t in life.transitions:
            if t.guard is not None and t.guard not in GUARDS:
                yield (
                    join_pointer(t.pointer, "guard"),
                    f"guard {t.guard!r} is not one the mock knows ({', '.join(sorted(GUARDS))})",
                )


@lifecycle_rule("lifecycle-final")
def lifecycle_final(scope: LifecycleScope) -> Found:
    """Final states have no outgoing transition."""
    for life in scope.lifecycles:
        for t in life.transitions:
            leaving = sorted(set(life.final).intersection(t.sources))
            if leaving:
                yield (
                    join_pointer(t.pointer, "from"),
                    f"final state {', '.join(leaving)} has an outgoing transition ({t.trigger})",
                )


@lifecycle_rule("lifecycle-failed")
def lifecycle_failed(scope: LifecycleScope) -> Found:
    """`system_failure` steps enter `failed` states; a failed state with no way out is final."""
    for life in scope.lifecycles:
        for t in life.transitions:
            if t.trigger == SYSTEM_FAILURE and t.to not in life.failed:
                yield (
                    join_pointer(t.pointer, "to"),
                    f"{t.to} is entered by a {SYSTEM_FAILURE} step but not listed under "
                    f"x-lifecycle `failed`",
                )
        leaving = {source for t in life.transitions for source in t.sources}
        for i, state in enumerate(life.failed):
            if state not in life.final and state not in leaving:
                yield (
                    join_pointer(life.pointer, "failed", i),
                    f"failed state {state} has no way out but is not final (a waiter would "
                    f"wait for it until its timeout)",
                )


@lifecycle_rule("lifecycle-reachable")
def lifecycle_reachable(scope: LifecycleScope) -> Found:
    """Every state is reachable from `initial`, or listed under `unreachable` (and only then)."""
    for life in scope.lifecycles:
        reachable = life.reachable()
        for i, state in enumerate(life.unreachable):
            if state in reachable:
                yield (
                    join_pointer(life.pointer, "unreachable", i),
                    f"{state} is listed as unreachable but the lifecycle reaches it",
                )
        schema = life.pointer.removesuffix("/x-lifecycle")
        for i, state in enumerate(life.states):
            if state not in reachable and state not in life.unreachable:
                yield (
                    join_pointer(schema, "enum", i),
                    f"{state} is never reached from {life.initial}; add a transition or list "
                    f"it under x-lifecycle `unreachable`",
                )


def _enum_values(doc: SpecDoc, field_name: str) -> set[str] | None:
    """Values of the enum of every component schema property called `field_name`."""
    values: set[str] | None = None
    for schema in ((doc.data.get("components") or {}).get("schemas") or {}).values():
        prop = doc.properties(schema).get(field_name)
        enum = (doc.target(prop) or {}).get("enum") if prop is not None else None
        if isinstance(enum, list):
            values = (values or set()) | {str(v) for v in enum}
    return values


@lifecycle_rule("lifecycle-log-types")
def lifecycle_log_types(scope: LifecycleScope) -> Found:
    """`log_type`, `operate_user`, `comment_type` are values of those properties' enums."""
    if scope.doc is None:
        return
    for life in scope.lifecycles:
        for name in LOGGED_FIELDS:
            used = [(t.pointer, getattr(t, name)) for t in life.transitions]
            used += [(q.pointer, getattr(q, name, None)) for q in life.queries.values()]
            allowed = _enum_values(scope.doc, name)
            for pointer, value in used:
                if value is None:
                    continue
                if allowed is None:
                    yield (
                        join_pointer(pointer, name),
                        f"no schema property {name!r} with an enum gives the values of {name}",
                    )
                elif value not in allowed:
                    yield (
                        join_pointer(pointer, name),
                        f"{name} {value!r} is not a value of the `{name}` property's enum",
                    )


def parse_lifecycle(
    name: str,
    schema: Mapping[str, Any],
    pointer: str,
    line_of: Any = None,
    kinds: Mapping[str, str] | None = None,
) -> tuple[Lifecycle | None, list[Issue]]:
    """The lifecycle of one enum schema and the issues of the rules that need only it."""
    life = read_lifecycle(name, schema, pointer, line_of, kinds)
    scope = LifecycleScope((LifecycleSchema(name, schema, pointer, life),))
    return life, check_lifecycles(scope, sorted(SCHEMA_RULES, key=list(LIFECYCLE_RULES).index))


# --------------------------------------------------------------------------- operations


@dataclass(frozen=True)
class OperationInfo:
    operation_id: str
    method: str  # lower case, as in the spec ("get")
    path: str
    pointer: str
    line: int
    sdk_method: str
    summary: str
    tag: str
    allowed_states: tuple[str, ...]  # x-allowed-states
    documented_statuses: tuple[str, ...]  # x-documented-statuses, as strings ("200")
    errata: tuple[str, ...]
    data: Mapping[str, Any] = field(repr=False, compare=False)  # the operation object
    path_item: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def http_method(self) -> str:
        return self.method.upper()


@dataclass(frozen=True, slots=True)
class Command:
    """A value of a request body's `command` enum: the operation that sends it, the enum."""

    value: str
    operation_id: str
    enum: str  # component schema name ("TrainingCommand"), "" when inline


@dataclass(frozen=True, slots=True)
class ErrataLink:
    pointer: str  # of the node carrying x-errata
    line: int
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ServerVariable:
    name: str
    default: str
    enum: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True)
class Server:
    url: str  # "https://metastudio.{region}.myhuaweicloud.com"
    description: str
    variables: Mapping[str, ServerVariable]


@dataclass(frozen=True, slots=True)
class Examples:
    """Example ids of the spec's path parameters, by parameter name and operation."""

    by_operation: Mapping[str, Mapping[str, Any]]

    def of(self, operation_id: str, name: str) -> Any:
        return self.by_operation[operation_id][name]

    @property
    def project_id(self) -> str:
        return str(next(v["project_id"] for v in self.by_operation.values() if "project_id" in v))


# --------------------------------------------------------------------------- gateway answers

GATEWAY_KEY = "x-gateway-errors"
GATEWAY_FACTS = ("status", "error_code", "error_msg", "retry_after")  # what x-source covers
GATEWAY_ANSWER_KEYS = frozenset({*GATEWAY_FACTS, "client_error", "description", "x-source"})
GATEWAY_SOURCE_PREFIX = "https://support.huaweicloud.com/"


@dataclass(frozen=True, slots=True)
class GatewayError:
    """One answer of the API gateway: status, code, message, Retry-After seconds (None: no
    header), the client's exception class name for it, where the facts come from."""

    status: int
    error_code: str
    error_msg: str
    retry_after: int | None
    client_error: str
    pointer: str
    sources: Mapping[str, str]  # fact -> page


@dataclass(frozen=True, slots=True)
class GatewayCatalogue:
    answers: tuple[GatewayError, ...]
    body_schema: Mapping[str, Any] = field(default_factory=dict)

    def by_status(self) -> dict[int, GatewayError]:
        return {a.status: a for a in self.answers}


def _gateway(doc: SpecDoc) -> tuple[GatewayCatalogue, list[Issue]]:
    """Parse `x-gateway-errors`; every inconsistency is an Issue of rule `gateway-errors`."""
    issues: list[Issue] = []
    root = join_pointer("", GATEWAY_KEY)

    def problem(pointer: str, message: str) -> None:
        issues.append(Issue(pointer, "gateway-errors", message))

    raw = doc.data.get(GATEWAY_KEY)
    if raw is None:
        return GatewayCatalogue(()), issues
    if not isinstance(raw, dict):
        problem(root, f"{GATEWAY_KEY} must be a mapping with `body` and `answers`")
        return GatewayCatalogue(()), issues
    for key in sorted(set(raw) - {"description", "body", "answers", "x-source"}):
        problem(join_pointer(root, key), f"{GATEWAY_KEY} has an unknown key {key!r}")
    body = raw.get("body")
    if not isinstance(body, dict):
        problem(root, f"{GATEWAY_KEY} needs a `body` schema (the gateway's error body)")
        body = {}
    top_source = raw.get("x-source")
    if not _is_source(top_source):
        problem(join_pointer(root, "x-source"), f"{GATEWAY_KEY} needs an x-source page for `body`")
    items = raw.get("answers")
    if not isinstance(items, list) or not items:
        problem(join_pointer(root, "answers"), "`answers` must be a non-empty list")
        items = []
    answers: list[GatewayError] = []
    seen: set[int] = set()
    for i, item in enumerate(items):
        ptr = join_pointer(root, "answers", i)
        if not isinstance(item, dict):
            problem(ptr, "a gateway answer must be a mapping")
            continue
        for key in sorted(set(item) - GATEWAY_ANSWER_KEYS):
            problem(
                join_pointer(ptr, key),
                f"unknown key {key!r} (known: {', '.join(sorted(GATEWAY_ANSWER_KEYS))})",
            )
        status: Any = item.get("status")
        code: Any = item.get("error_code")
        msg: Any = item.get("error_msg")
        retry: Any = item.get("retry_after")
        klass: Any = item.get("client_error")
        bad = False
        if not isinstance(status, int) or isinstance(status, bool) or not 400 <= status <= 599:
            problem(
                join_pointer(ptr, "status"), f"status {status!r} is not an error status (400-599)"
            )
            bad = True
        elif status in seen:
            problem(join_pointer(ptr, "status"), f"status {status} is listed twice")
            bad = True
        if not isinstance(code, str) or not code:
            problem(join_pointer(ptr, "error_code"), "error_code must be a non-empty string")
            bad = True
        if not isinstance(msg, str) or not msg:
            problem(join_pointer(ptr, "error_msg"), "error_msg must be a non-empty string")
            bad = True
        if retry is not None and (
            not isinstance(retry, int) or isinstance(retry, bool) or not 0 <= retry <= 86400
        ):
            problem(join_pointer(ptr, "retry_after"), "retry_after must be seconds, 0..86400")
            bad = True
        if not isinstance(klass, str) or not klass.isidentifier():
            problem(
                join_pointer(ptr, "client_error"),
                "client_error must name the client's exception class",
            )
            bad = True
        sources = _answer_sources(
            item.get("x-source"), item, join_pointer(ptr, "x-source"), problem
        )
        if bad or sources is None:
            continue
        seen.add(int(status))
        answers.append(
            GatewayError(int(status), str(code), str(msg), retry, str(klass), ptr, sources)
        )
    return GatewayCatalogue(tuple(answers), body), issues


def _is_source(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(GATEWAY_SOURCE_PREFIX) and " " not in value


def _answer_sources(
    value: Any, item: Mapping[str, Any], pointer: str, problem: Any
) -> dict[str, str] | None:
    """fact -> page: one page for every fact of the answer, or a page per fact it has."""
    facts = [f for f in GATEWAY_FACTS if f in item]
    if _is_source(value):
        return dict.fromkeys(facts, value)
    if not isinstance(value, dict):
        problem(
            pointer,
            f"x-source must be a page under {GATEWAY_SOURCE_PREFIX} or a mapping fact -> page",
        )
        return None
    ok = True
    for key, page in value.items():
        if key not in facts:
            problem(
                join_pointer(pointer, key),
                f"x-source names {key!r}, which this answer does not have",
            )
            ok = False
        elif not _is_source(page):
            problem(
                join_pointer(pointer, key),
                f"x-source {page!r} is not a page under {GATEWAY_SOURCE_PREFIX}",
            )
            ok = False
    for fact in facts:
        if fact not in value:
            problem(pointer, f"x-source does not say where {fact!r} comes from")
            ok = False
    return {k: str(v) for k, v in value.items()} if ok else None


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class ApiModel:
    doc: SpecDoc
    operations: Mapping[str, OperationInfo]  # by operationId, in document order
    lifecycles: Mapping[str, Lifecycle]  # by enum schema name
    commands: Mapping[str, Command]
    errata_links: tuple[ErrataLink, ...]
    servers: tuple[Server, ...]
    examples: Examples
    issues: tuple[Issue, ...]
    gateway: GatewayCatalogue = field(default_factory=lambda: GatewayCatalogue(()))

    # ------------------------------------------------------------------ servers
    @property
    def endpoint_template(self) -> str:
        """URL of the first server with a `region` variable (else the first server)."""
        for server in self.servers:
            if "region" in server.variables:
                return server.url
        return self.servers[0].url if self.servers else ""

    @property
    def regions(self) -> tuple[str, ...]:
        """The `region` variable's enum (its default alone when it has none)."""
        for server in self.servers:
            var = server.variables.get("region")
            if var is not None:
                return var.enum or ((var.default,) if var.default else ())
        return ()

    # ------------------------------------------------------------------ lifecycles
    def operation(self, operation_id: str) -> OperationInfo:
        try:
            return self.operations[operation_id]
        except KeyError:
            raise SpecModelError(f"{self.doc.path}: no operation {operation_id!r}") from None

    def lifecycle_of_operation(self, operation_id: str) -> Lifecycle | None:
        """The lifecycle an operation drives: it is a trigger, or it sends a command that is."""
        sent = {c.value for c in self.commands.values() if c.operation_id == operation_id}
        for life in self.lifecycles.values():
            triggers = life.triggers()
            if operation_id in triggers or sent & triggers:
                return life
        return None

    def lifecycle_writes(self) -> tuple[str, ...]:
        """Operations whose success depends on a lifecycle's state, sorted."""
        return tuple(
            sorted(op for op in self.operations if self.lifecycle_of_operation(op) is not None)
        )

    def reader_of(self, life: Lifecycle) -> str | None:
        """The GET operation whose 200 body has a `state` of the lifecycle's enum."""
        for op in self.operations.values():
            if op.method == "get" and self.state_enum(op) == life.name:
                return op.operation_id
        return None

    def updater_of(self, life: Lifecycle) -> str | None:
        """The first operation that is itself a trigger of the lifecycle (the PUT)."""
        return next((op for op in self.operations if op in life.triggers()), None)

    def commander_of(self, life: Lifecycle) -> str | None:
        """The operation whose body's `command` values are triggers of the lifecycle."""
        update = self.updater_of(life)
        return next(
            (
                c.operation_id
                for c in self.commands.values()
                if c.value in life.triggers() and c.operation_id != update
            ),
            None,
        )

    def lister_of(self, life: Lifecycle) -> str | None:
        """The GET operation whose 200 body has an array of objects in the lifecycle."""
        for op in self.operations.values():
            if op.method != "get":
                continue
            body = self.doc.json_schema((op.data.get("responses") or {}).get("200"))
            for prop in self.doc.properties(body).values():
                items = (self.doc.target(prop) or {}).get("items")
                if ref_name(self.doc.properties(items).get("state")) == life.name:
                    return op.operation_id
        return None

    def state_enum(self, op: OperationInfo) -> str:
        """Component schema name of the `state` property of an operation's 200 JSON body."""
        body = self.doc.json_schema((op.data.get("responses") or {}).get("200"))
        state = self.doc.properties(body).get("state")
        return ref_name(state)


def _walk(node: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    """Every node with its pointer, examples and defaults (data, not spec) left out."""
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("example", "examples", "default", "const"):
                yield from _walk(value, join_pointer(pointer, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, join_pointer(pointer, i))


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _operations(doc: SpecDoc) -> dict[str, OperationInfo]:
    found: dict[str, OperationInfo] = {}
    paths = doc.data.get("paths") or {}
    for op in doc.operations():
        data = op.data
        op_id = data.get("operationId")
        if not isinstance(op_id, str) or op_id in found:
            continue  # lint's operation-ids rule reports it
        found[op_id] = OperationInfo(
            operation_id=op_id,
            method=op.method,
            path=op.path,
            pointer=op.pointer,
            line=doc.line_of(op.pointer),
            sdk_method=str(data.get("x-sdk-method") or ""),
            summary=_text(data.get("summary")),
            tag=str((data.get("tags") or [""])[0]),
            allowed_states=_strings(data.get("x-allowed-states")),
            documented_statuses=_strings(data.get("x-documented-statuses")),
            errata=_strings(data.get("x-errata")),
            data=data,
            path_item=paths.get(op.path) or {},
        )
    return found


def _commands(doc: SpecDoc, ops: Mapping[str, OperationInfo]) -> dict[str, Command]:
    found: dict[str, Command] = {}
    for op in ops.values():
        body = doc.json_schema(op.data.get("requestBody"))
        prop = doc.properties(body).get("command")
        enum = (doc.target(prop) or {}).get("enum") if prop is not None else None
        for value in enum or []:
            found.setdefault(str(value), Command(str(value), op.operation_id, ref_name(prop)))
    return found


def _parameter_examples(doc: SpecDoc, ops: Mapping[str, OperationInfo]) -> Examples:
    found: dict[str, dict[str, Any]] = {}
    for op in ops.values():
        values: dict[str, Any] = {}
        for param in [*(op.path_item.get("parameters") or []), *(op.data.get("parameters") or [])]:
            param = doc.target(param)
            if isinstance(param, dict) and param.get("in") == "path" and "example" in param:
                values[str(param.get("name"))] = param["example"]
        found[op.operation_id] = values
    return Examples(found)


def _servers(doc: SpecDoc) -> tuple[Server, ...]:
    found = []
    for raw in doc.data.get("servers") or []:
        if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
            continue
        variables = {
            str(name): ServerVariable(
                name=str(name),
                default=str(var.get("default", "")),
                enum=_strings(var.get("enum")),
                description=_text(var.get("description")),
            )
            for name, var in (raw.get("variables") or {}).items()
            if isinstance(var, dict)
        }
        found.append(Server(raw["url"], _text(raw.get("description")), variables))
    return tuple(found)


def _errata_links(doc: SpecDoc) -> tuple[list[ErrataLink], list[Issue]]:
    links, issues = [], []
    for pointer, node in _walk(doc.data, ""):
        if isinstance(node, dict) and "x-errata" in node:
            value = node["x-errata"]
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list):
                issues.append(
                    Issue(
                        join_pointer(pointer, "x-errata"),
                        "errata-refs",
                        "x-errata must be a list of errata ids",
                    )
                )
                continue
            links.append(ErrataLink(pointer, doc.line_of(pointer), _strings(value)))
    return links, issues


def _trigger_kinds(ops: Mapping[str, OperationInfo], commands: Mapping[str, Command]) -> Any:
    kinds: dict[str, str] = dict.fromkeys(SERVICE_TRIGGERS, "service")
    kinds.update(dict.fromkeys(ops, "operation"))
    for value, command in commands.items():
        kinds.setdefault(value, f"{command.enum or command.operation_id} value")
    return kinds


def build(doc: SpecDoc) -> ApiModel:
    """Every fact of the spec, with every inconsistency found on the way as an `Issue`."""
    ops = _operations(doc)
    commands = _commands(doc, ops)
    kinds = _trigger_kinds(ops, commands)
    schemas = []
    for name, schema in ((doc.data.get("components") or {}).get("schemas") or {}).items():
        if isinstance(schema, dict) and "x-lifecycle" in schema:
            pointer = join_pointer(SCHEMAS, name)
            life = read_lifecycle(name, schema, pointer, doc.line_of, kinds)
            schemas.append(LifecycleSchema(name, schema, pointer, life))
    issues = check_lifecycles(LifecycleScope(tuple(schemas), doc, ops, commands))
    links, link_issues = _errata_links(doc)
    gateway, gateway_issues = _gateway(doc)
    return ApiModel(
        doc=doc,
        operations=ops,
        lifecycles={s.name: s.life for s in schemas if s.life is not None},
        commands=commands,
        errata_links=tuple(links),
        servers=_servers(doc),
        examples=_parameter_examples(doc, ops),
        issues=(*issues, *link_issues, *gateway_issues),
        gateway=gateway,
    )


def load(path: str | Path = SPEC_PATH, *, load_errata: bool = False) -> ApiModel:
    return build(SpecDoc(path, load_errata=load_errata))


@cache
def default_model() -> ApiModel:
    """The model of this repository's spec (spec/metastudio.yaml), built once per process."""
    return load(SPEC_PATH)
