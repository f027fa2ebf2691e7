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

from collections.abc import Iterator, Mapping
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


def parse_lifecycle(
    name: str,
    schema: Mapping[str, Any],
    pointer: str,
    line_of: Any = None,
    kinds: Mapping[str, str] | None = None,
) -> tuple[Lifecycle | None, list[Issue]]:
    """The `x-lifecycle` of the enum schema at `pointer`, and its shape/state issues.

    Checks here need only the schema (lint rules `lifecycle-shape` and `lifecycle-states`);
    triggers, guards, final states, reachability and log types need the whole spec
    (`ApiModel._check_lifecycle`). `kinds` maps a trigger to its kind, for the docs.
    """
    issues: list[Issue] = []
    base = join_pointer(pointer, "x-lifecycle")

    def problem(where: str, rule: str, message: str) -> None:
        issues.append(Issue(where, rule, message))

    data = schema.get("x-lifecycle")
    if not isinstance(data, Mapping):
        problem(base, "lifecycle-shape", "x-lifecycle must be a mapping")
        return None, issues
    enum = schema.get("enum")
    if not isinstance(enum, list) or not all(isinstance(s, str) for s in enum):
        problem(pointer, "lifecycle-shape", "x-lifecycle needs a string enum")
        return None, issues
    states = tuple(enum)
    known = set(states)
    for key in data:
        if key not in LIFECYCLE_KEYS:
            problem(join_pointer(base, key), "lifecycle-shape", f"unknown x-lifecycle key {key!r}")

    def state(value: Any, where: str, what: str) -> str | None:
        if not isinstance(value, str) or value not in known:
            problem(where, "lifecycle-states", f"{what}: {value!r} is not a state of the enum")
            return None
        return value

    def strings(key: str, where: str, owner: Mapping[str, Any]) -> list[tuple[str, Any]]:
        value = owner.get(key)
        if not isinstance(value, list):
            problem(where, "lifecycle-shape", f"{key} must be a list")
            return []
        return [(join_pointer(where, i), v) for i, v in enumerate(value)]

    def opt_str(raw: Mapping[str, Any], key: str, where: str) -> str | None:
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            problem(join_pointer(where, key), "lifecycle-shape", f"{key} must be a string")
            return None
        return value

    initial = state(data.get("initial"), join_pointer(base, "initial"), "initial") or ""
    final = tuple(
        s
        for where, v in strings("final", join_pointer(base, "final"), data)
        if (s := state(v, where, "final")) is not None
    )

    def optional_states(key: str) -> tuple[str, ...]:
        if key not in data:
            return ()
        return tuple(
            s
            for where, v in strings(key, join_pointer(base, key), data)
            if (s := state(v, where, key)) is not None
        )

    unreachable = optional_states("unreachable")
    failed = optional_states("failed")
    transitions: list[Transition] = []
    index: dict[tuple[str, str], Transition] = {}
    for where, raw in strings("transitions", join_pointer(base, "transitions"), data):
        if not isinstance(raw, Mapping):
            problem(where, "lifecycle-shape", "a transition must be a mapping")
            continue
        for key in raw:
            if key not in TRANSITION_KEYS:
                problem(
                    join_pointer(where, key), "lifecycle-shape", f"unknown transition key {key!r}"
                )
        sources = tuple(
            s
            for w, v in strings("from", join_pointer(where, "from"), raw)
            if (s := state(v, w, "from")) is not None
        )
        trigger = raw.get("trigger")
        if not isinstance(trigger, str) or not trigger:
            problem(where, "lifecycle-shape", "trigger missing")
            continue
        after = raw.get("after")
        if after is not None and (
            isinstance(after, bool) or not isinstance(after, int | float) or after < 0
        ):
            problem(join_pointer(where, "after"), "lifecycle-shape", "after must be a number >= 0")
            after = None
        elif trigger == SYSTEM and after is None:
            problem(where, "lifecycle-shape", "a system step needs `after`")
        to = state(raw.get("to"), join_pointer(where, "to"), "to")
        if to is None:
            continue
        t = Transition(
            sources=sources,
            trigger=trigger,
            to=to,
            after=after,
            guard=opt_str(raw, "guard", where),
            log_type=opt_str(raw, "log_type", where),
            operate_user=opt_str(raw, "operate_user", where),
            comment_type=opt_str(raw, "comment_type", where),
            pointer=where,
            trigger_kind=(kinds or {}).get(trigger, "other"),
        )
        for source in sources:
            if (source, trigger) in index:
                problem(where, "lifecycle-shape", f"second {trigger} from {source}")
            index.setdefault((source, trigger), t)
        transitions.append(t)
    queries: dict[str, Query] = {}
    raw_queries = data.get("queries", [])
    for where, raw in strings("queries", join_pointer(base, "queries"), {"queries": raw_queries}):
        if not isinstance(raw, Mapping) or not isinstance(raw.get("trigger"), str):
            problem(where, "lifecycle-shape", "a query needs a trigger")
            continue
        for key in raw:
            if key not in QUERY_KEYS:
                problem(join_pointer(where, key), "lifecycle-shape", f"unknown query key {key!r}")
        scope = raw.get("in", ANY_NON_FINAL)
        in_states = (
            None
            if scope == ANY_NON_FINAL
            else tuple(
                s
                for w, v in strings("in", join_pointer(where, "in"), raw)
                if (s := state(v, w, "in")) is not None
            )
        )
        q = Query(
            trigger=raw["trigger"],
            states=in_states,
            comment_type=opt_str(raw, "comment_type", where),
            description=_text(raw.get("description")),
            reports=opt_str(raw, "reports", where),
            pointer=where,
        )
        if q.trigger in queries or any(k[1] == q.trigger for k in index):
            problem(where, "lifecycle-shape", f"{q.trigger} is defined twice")
            continue
        queries[q.trigger] = q
    descriptions = schema.get("x-enum-descriptions")
    life = Lifecycle(
        name=name,
        states=states,
        initial=initial,
        final=final,
        transitions=tuple(transitions),
        queries=queries,
        unreachable=unreachable,
        failed=failed,
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
    return life, issues


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


def _enum_values(doc: SpecDoc, field_name: str) -> set[str] | None:
    """Values of the enum of every component schema property called `field_name`."""
    values: set[str] | None = None
    for schema in ((doc.data.get("components") or {}).get("schemas") or {}).values():
        prop = doc.properties(schema).get(field_name)
        enum = (doc.target(prop) or {}).get("enum") if prop is not None else None
        if isinstance(enum, list):
            values = (values or set()) | {str(v) for v in enum}
    return values


def _check_lifecycle(
    doc: SpecDoc,
    life: Lifecycle,
    ops: Mapping[str, OperationInfo],
    commands: Mapping[str, Command],
) -> Iterator[Issue]:
    """The checks that need more than the enum schema itself."""
    final = set(life.final)
    for t in life.transitions:
        if t.trigger not in SERVICE_TRIGGERS and t.trigger not in ops and t.trigger not in commands:
            yield Issue(
                join_pointer(t.pointer, "trigger"),
                "lifecycle-triggers",
                f"trigger {t.trigger!r} is no command value, operationId, {SYSTEM} or "
                f"{SYSTEM_FAILURE}",
            )
        if t.guard is not None and t.guard not in GUARDS:
            yield Issue(
                join_pointer(t.pointer, "guard"),
                "lifecycle-guards",
                f"guard {t.guard!r} is not one the mock knows ({', '.join(sorted(GUARDS))})",
            )
        leaving = sorted(final.intersection(t.sources))
        if leaving:
            yield Issue(
                join_pointer(t.pointer, "from"),
                "lifecycle-final",
                f"final state {', '.join(leaving)} has an outgoing transition ({t.trigger})",
            )
    failed = set(life.failed)
    for t in life.transitions:
        if t.trigger == SYSTEM_FAILURE and t.to not in failed:
            yield Issue(
                join_pointer(t.pointer, "to"),
                "lifecycle-failed",
                f"{t.to} is entered by a {SYSTEM_FAILURE} step but not listed under "
                f"x-lifecycle `failed`",
            )
    leaving_states = {source for t in life.transitions for source in t.sources}
    for i, state in enumerate(life.failed):
        if state not in final and state not in leaving_states:
            yield Issue(
                join_pointer(life.pointer, "failed", i),
                "lifecycle-failed",
                f"failed state {state} has no way out but is not final (a waiter would wait "
                f"for it until its timeout)",
            )
    for q in life.queries.values():
        if q.trigger not in commands and q.trigger not in ops:
            yield Issue(
                join_pointer(q.pointer, "trigger"),
                "lifecycle-triggers",
                f"query trigger {q.trigger!r} is no command value or operationId",
            )
    reachable = life.reachable()
    listed = set(life.unreachable)
    base = life.pointer
    for i, state in enumerate(life.unreachable):
        if state in reachable:
            yield Issue(
                join_pointer(base, "unreachable", i),
                "lifecycle-reachable",
                f"{state} is listed as unreachable but the lifecycle reaches it",
            )
    schema = base.removesuffix("/x-lifecycle")
    for i, state in enumerate(life.states):
        if state not in reachable and state not in listed:
            yield Issue(
                join_pointer(schema, "enum", i),
                "lifecycle-reachable",
                f"{state} is never reached from {life.initial}; add a transition or list it "
                f"under x-lifecycle `unreachable`",
            )
    for name in LOGGED_FIELDS:
        used = [(t.pointer, getattr(t, name)) for t in life.transitions]
        used += [(q.pointer, getattr(q, name, None)) for q in life.queries.values()]
        used = [(p, v) for p, v in used if v is not None]
        if not used:
            continue
        allowed = _enum_values(doc, name)
        for pointer, value in used:
            if allowed is None:
                yield Issue(
                    join_pointer(pointer, name),
                    "lifecycle-log-types",
                    f"no schema property {name!r} with an enum gives the values of {name}",
                )
            elif value not in allowed:
                yield Issue(
                    join_pointer(pointer, name),
                    "lifecycle-log-types",
                    f"{name} {value!r} is not a value of the `{name}` property's enum",
                )


def build(doc: SpecDoc) -> ApiModel:
    """Every fact of the spec, with every inconsistency found on the way as an `Issue`."""
    ops = _operations(doc)
    commands = _commands(doc, ops)
    kinds = _trigger_kinds(ops, commands)
    issues: list[Issue] = []
    lifecycles: dict[str, Lifecycle] = {}
    schemas = (doc.data.get("components") or {}).get("schemas") or {}
    for name, schema in schemas.items():
        if isinstance(schema, dict) and "x-lifecycle" in schema:
            pointer = join_pointer(SCHEMAS, name)
            life, found = parse_lifecycle(name, schema, pointer, doc.line_of, kinds)
            issues += found
            if life is not None:
                lifecycles[name] = life
                issues += _check_lifecycle(doc, life, ops, commands)
    for op in ops.values():
        if "x-allowed-states" not in op.data:
            continue
        life = next(
            (lc for lc in lifecycles.values() if op.operation_id in lc.triggers()),
            None,
        )
        known = set(life.states) if life else {s for lc in lifecycles.values() for s in lc.states}
        for i, state in enumerate(op.allowed_states):
            if state not in known:
                issues.append(
                    Issue(
                        join_pointer(op.pointer, "x-allowed-states", i),
                        "lifecycle-states",
                        f"x-allowed-states: {state!r} is not a state of "
                        f"{life.name if life else 'any lifecycle'}",
                    )
                )
    links, link_issues = _errata_links(doc)
    issues += link_issues
    gateway, gateway_issues = _gateway(doc)
    issues += gateway_issues
    return ApiModel(
        doc=doc,
        operations=ops,
        lifecycles=lifecycles,
        commands=commands,
        errata_links=tuple(links),
        servers=_servers(doc),
        examples=_parameter_examples(doc, ops),
        issues=tuple(issues),
        gateway=gateway,
    )


def load(path: str | Path = SPEC_PATH, *, load_errata: bool = False) -> ApiModel:
    return build(SpecDoc(path, load_errata=load_errata))


@cache
def default_model() -> ApiModel:
    """The model of this repository's spec (spec/metastudio.yaml), built once per process."""
    return load(SPEC_PATH)
