"""The mock fails on purpose: Prism's `Prefer` choices, scheduled fault rules, and the API
gateway's own answers (the spec's `x-gateway-errors` catalogue).

- Per request, as Prism: `Prefer: code=429, example=NAME, dynamic=true` (RFC 7240), or the
  query forms `__code`, `__example`, `__dynamic` (taken out of the query before validation).
  A status the operation documents answers the spec's answer (the named example, or one
  generated from the schema when dynamic); a status of the gateway catalogue answers the
  gateway's body; anything else is a 400 naming the code asked for and the possible ones.
  `code=200` alone (the operation's own status) runs the operation as usual: the mock is
  stateful, its answer is the spec's answer.
- Rules (`/_mock/faults`, `--faults plan.yaml`): which requests (`operation`, `job_id`), when
  (`after`, `times`, `probability` + `seed`), what (`status` + `retry_after`, `delay_ms`,
  `connection`), and `phase` (`before`: the operation does not run; `after`: it runs and
  commits, then the fault replaces its answer). The decision is taken synchronously on the
  event loop, so counters are exact under concurrency.

Authentication and validation come first: a bad signature with `Prefer: code=200` is a 401,
and a rule only counts requests that reached the operation. With no rule set and no
`Prefer`/`__` in a request, the request path pays one check (`FaultBook.armed`).
Connection faults need the mock's own HTTP protocol (`protocol.py` puts itself in the scope).
"""

from __future__ import annotations

import asyncio
import itertools
import math
import random
import socket
import struct
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from starlette.types import Scope, Send

from generator.spec import SpecLoadError, YamlDoc
from generator.specmodel import GatewayError

from .limits import MAX_FAULT_DELAY_MS, MAX_FAULT_RULES, RETRY_AFTER_SECONDS
from .model import MockFacts
from .protocol import CONNECTION_SCOPE_KEY
from .validation import ValidationFailed, check_instance, compile_schema

__all__ = [
    "CONNECTION_KINDS",
    "CONNECTION_SCOPE_KEY",
    "REQUEST_ID_SCOPE_KEY",
    "Fault",
    "FaultBook",
    "PlanError",
    "load_plan",
]

REQUEST_ID_SCOPE_KEY = "metastudio.request_id"  # this request's X-Request-Id (app.py Guard)
CONNECTION_KINDS = (
    "reset",
    "empty",
    "malformed_chunk",
    "garbage_then_close",
    "slow_body",
    "truncated",
)
# these deliver an answer (broken on the way): without `status`, the operation's own
CARRIES_ANSWER = frozenset({"malformed_chunk", "slow_body", "truncated"})
PREFER_KEYS = ("code", "example", "dynamic")
BUSY_STATUS = 503  # the service's own "busy" answer (the mock sends it when its file is locked)
_MAX_COUNT = 10**9
_MAX_SEED = 2**63 - 1
_SLOW_PIECES = 10
_JSON = b"application/json"
_REASONS = {200: b"OK", 400: b"Bad Request", 500: b"Internal Server Error"}

_MS = {"type": "number", "minimum": 0, "maximum": MAX_FAULT_DELAY_MS}
RULE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "operation": {"type": "string", "maxLength": 100},
        "job_id": {"type": "string", "minLength": 1, "maxLength": 256},
        "times": {"type": "integer", "minimum": 1, "maximum": _MAX_COUNT},
        "after": {"type": "integer", "minimum": 0, "maximum": _MAX_COUNT},
        "probability": {"type": "number", "minimum": 0, "maximum": 1},
        "seed": {"type": "integer", "minimum": 0, "maximum": _MAX_SEED},
        "status": {"type": "integer", "minimum": 100, "maximum": 599},
        "retry_after": {"type": "integer", "minimum": 0, "maximum": 86400},
        "delay_ms": {
            "oneOf": [
                _MS,
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["uniform"],
                    "properties": {
                        "uniform": {"type": "array", "items": _MS, "minItems": 2, "maxItems": 2}
                    },
                },
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["lognormal"],
                    "properties": {
                        "lognormal": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["median", "sigma"],
                            "properties": {
                                "median": {**_MS, "exclusiveMinimum": 0},
                                "sigma": {"type": "number", "minimum": 0, "maximum": 10},
                            },
                        }
                    },
                },
            ]
        },
        "connection": {"enum": list(CONNECTION_KINDS)},
        "duration_ms": _MS,
        "phase": {"enum": ["before", "after"]},
    },
}


class PlanError(ValueError):
    """A fault plan file is wrong: `file:line: field: message`."""


# --------------------------------------------------------------------------- answers


@dataclass(frozen=True, slots=True)
class _Documented:
    examples: Mapping[str, bytes]  # by example name
    default: bytes | None  # the `example`, else the first named one
    schema: Any


class Answers:
    """What each operation can answer: its documented statuses (spec examples and schemas),
    the gateway catalogue's statuses, and the service's own 503."""

    def __init__(self, model: MockFacts, error_body: Any) -> None:
        self.doc = model.doc
        self.error_body = error_body
        self.gateway: dict[int, GatewayError] = model.api.gateway.by_status()
        self.documented: dict[str, dict[int, _Documented]] = {}
        for op_id, info in model.operations.items():
            by_status: dict[int, _Documented] = {}
            for status, response in (info.data.get("responses") or {}).items():
                if not str(status).isdigit():
                    continue
                resolved, _ = self.doc.deref(response)
                content = (resolved.get("content") or {}).get("application/json") or {}
                named = {
                    name: orjson.dumps(self.doc.deref(ex)[0].get("value"))
                    for name, ex in (content.get("examples") or {}).items()
                }
                default = (
                    orjson.dumps(content["example"])
                    if "example" in content
                    else next(iter(named.values()), None)
                )
                schema = self.doc.deref(content["schema"])[0] if "schema" in content else {}
                by_status[int(status)] = _Documented(named, default, schema)
            self.documented[op_id] = by_status
        self.success = {
            op_id: min((s for s in statuses if s < 300), default=200)
            for op_id, statuses in self.documented.items()
        }

    def possible(self, op_id: str | None) -> list[int]:
        ops = [op_id] if op_id else list(self.documented)
        documented = set.intersection(*(set(self.documented[o]) for o in ops))
        return sorted(documented | set(self.gateway) | {BUSY_STATUS})

    def check_status(self, op_id: str | None, status: int, where: str) -> None:
        if status not in self.possible(op_id):
            raise ValidationFailed(where, self._impossible(op_id, status))

    def _impossible(self, op_id: str | None, status: int) -> str:
        shown = ", ".join(str(s) for s in self.possible(op_id))
        target = op_id or "every operation"
        return f"status {status} is not possible for {target}; possible: {shown}"

    def answer(
        self,
        op_id: str,
        status: int,
        request_id: str,
        *,
        example: str | None = None,
        dynamic: bool = False,
        where: str = "header.Prefer",
    ) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
        """(status, body, extra headers) of `status` for `op_id`; ValidationFailed when the
        operation cannot answer it (or has no such example)."""
        documented = self.documented[op_id].get(status)
        if documented is not None:
            if example is not None:
                if example not in documented.examples:
                    names = ", ".join(sorted(documented.examples)) or "none"
                    raise ValidationFailed(
                        where,
                        f"example {example!r} is not an example of the {status} answer of"
                        f" {op_id} (its examples: {names})",
                    )
                return status, documented.examples[example], []
            if dynamic or documented.default is None:
                value = _sample(self.doc, documented.schema, random.Random(), 0)
                return status, orjson.dumps(value), []
            return status, documented.default, []
        if example is not None:
            raise ValidationFailed(
                where, f"the {status} answer of {op_id} is not in the spec, so it has no examples"
            )
        gateway = self.gateway.get(status)
        if gateway is not None:
            body = {
                "error_code": gateway.error_code,
                "error_msg": gateway.error_msg,
                "request_id": request_id,
            }
            extra = []
            if gateway.retry_after is not None:
                extra.append((b"retry-after", b"%d" % gateway.retry_after))
            return status, orjson.dumps(body), extra
        if status == BUSY_STATUS:
            text = "the service is busy; try again later"
            return (
                status,
                self.error_body(status, text),
                [(b"retry-after", b"%d" % RETRY_AFTER_SECONDS)],
            )
        raise ValidationFailed(where, self._impossible(op_id, status))


def _sample(doc: Any, schema: Any, rng: random.Random, depth: int) -> Any:
    """A value of `schema` (Prism's `dynamic=true`): enums and examples where the spec gives
    them, otherwise random values of the type, within the bounds."""
    schema, _ = doc.deref(schema)
    if not isinstance(schema, Mapping) or depth > 12:
        return None
    for combiner in ("allOf", "oneOf", "anyOf"):
        if schema.get(combiner):
            merged: dict[str, Any] = {}
            for part in schema[combiner] if combiner == "allOf" else schema[combiner][:1]:
                resolved, _ = doc.deref(part)
                merged.update(resolved)
            rest = {k: v for k, v in schema.items() if k != combiner}
            return _sample(doc, {**merged, **rest}, rng, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return rng.choice(schema["enum"])
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if "example" in schema and (kind not in ("object", "array") or rng.random() < 0.5):
        return schema["example"]
    if kind == "object" or "properties" in schema:
        required = set(schema.get("required") or ())
        return {
            name: _sample(doc, sub, rng, depth + 1)
            for name, sub in (schema.get("properties") or {}).items()
            if name in required or rng.random() < 0.7
        }
    if kind == "array":
        low = int(schema.get("minItems", 0))
        high = min(int(schema.get("maxItems", low + 2)), low + 2)
        return [
            _sample(doc, schema.get("items", {}), rng, depth + 1)
            for _ in range(rng.randint(low, high))
        ]
    if kind in ("integer", "number"):
        low = schema.get("minimum", 0)
        high = schema.get("maximum", max(low, 0) + 1000)
        value = rng.randint(math.ceil(low), math.floor(high))
        return value if kind == "integer" else float(value)
    if kind == "boolean":
        return rng.random() < 0.5
    if schema.get("format") == "date-time":
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if "pattern" in schema:
        return schema.get("default", "")  # no generator for patterns: the spec's default
    low = int(schema.get("minLength", 1))
    high = max(low, min(int(schema.get("maxLength", low + 16)), low + 16))
    return "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(rng.randint(low, high))
    )


# --------------------------------------------------------------------------- rules


def _delay_of(spec: Any) -> Any:
    """A function rng -> seconds for a `delay_ms` value (validated already)."""
    if isinstance(spec, int | float):
        return lambda rng: spec / 1000
    if "uniform" in spec:
        low, high = sorted(spec["uniform"])
        return lambda rng: rng.uniform(low, high) / 1000
    median, sigma = spec["lognormal"]["median"], spec["lognormal"]["sigma"]
    return lambda rng: min(rng.lognormvariate(math.log(median), sigma), MAX_FAULT_DELAY_MS) / 1000


@dataclass
class Rule:
    id: str
    given: dict[str, Any]
    operation: str | None
    job_id: str | None
    times: int | None
    after: int
    probability: float | None
    status: int | None
    retry_after: int | None
    connection: str | None
    duration_ms: float
    phase: str
    delay: Any  # rng -> seconds, or None
    rng: random.Random
    seen: int = 0
    hits: int = 0

    def describe(self) -> dict[str, Any]:
        return {"id": self.id, **self.given, "seen": self.seen, "hits": self.hits}

    def fires(self) -> bool:
        """Count one matching request and say whether the rule acts on it."""
        self.seen += 1
        if self.seen <= self.after:
            return False
        if self.times is not None and self.hits >= self.times:
            return False
        if self.probability is not None and self.rng.random() >= self.probability:
            return False
        self.hits += 1
        return True


class FaultBook:
    """The rules in force, in the order they were added (the first that fires acts)."""

    def __init__(self, model: MockFacts, error_body: Any) -> None:
        self.answers = Answers(model, error_body)
        self.operations = frozenset(model.operations)
        self.validator = compile_schema(model.doc, RULE_SCHEMA)
        self.rules: list[Rule] = []
        self.armed = False  # any rule set: the one check on the request path
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ the rule list
    def parse(self, data: Any, where: str = "body") -> Rule:
        """A rule from its JSON; ValidationFailed names the field."""
        if not isinstance(data, dict):
            raise ValidationFailed(where, "a fault rule is a JSON object")
        check_instance(self.validator, data, where)
        op = data.get("operation")
        if op is not None and op not in self.operations:
            known = ", ".join(sorted(self.operations))
            raise ValidationFailed(f"{where}.operation", f"{op!r} is not an operationId ({known})")
        status = data.get("status")
        connection = data.get("connection")
        if "retry_after" in data and status is None:
            raise ValidationFailed(f"{where}.retry_after", "needs a status to answer with")
        if status is None and connection is None and "delay_ms" not in data:
            raise ValidationFailed(where, "a rule needs status, delay_ms or connection")
        if status is not None:
            self.answers.check_status(op, status, f"{where}.status")
        if "duration_ms" in data and connection != "slow_body":
            raise ValidationFailed(f"{where}.duration_ms", "applies to connection slow_body only")
        if "seed" in data and "probability" not in data:
            raise ValidationFailed(f"{where}.seed", "applies to probability only")
        phase = data.get("phase")
        if phase is None:
            # a broken answer without a status carries the operation's own answer
            phase = "after" if connection in CARRIES_ANSWER and status is None else "before"
        elif phase == "before" and connection in CARRIES_ANSWER and status is None:
            raise ValidationFailed(
                f"{where}.phase",
                f"{connection} without status breaks the operation's own answer, so it runs"
                " after the operation: give a status, or phase after",
            )
        delay = data.get("delay_ms")
        return Rule(
            id="",
            given=dict(data),
            operation=op,
            job_id=data.get("job_id"),
            times=data.get("times"),
            after=int(data.get("after", 0)),
            probability=data.get("probability"),
            status=status,
            retry_after=data.get("retry_after"),
            connection=connection,
            duration_ms=float(data.get("duration_ms", 1000)),
            phase=phase,
            delay=None if delay is None else _delay_of(delay),
            rng=random.Random(data.get("seed")),
        )

    def add(self, rule: Rule) -> Rule:
        with self._lock:
            if len(self.rules) >= MAX_FAULT_RULES:
                raise ValidationFailed(
                    "body", f"the mock holds at most {MAX_FAULT_RULES} fault rules"
                )
            rule.id = f"fault-{next(self._ids)}"
            self.rules = [*self.rules, rule]  # a new list: the request path reads it unlocked
            self.armed = True
        return rule

    def remove(self, rule_id: str | None = None) -> int:
        with self._lock:
            kept = [] if rule_id is None else [r for r in self.rules if r.id != rule_id]
            removed = len(self.rules) - len(kept)
            self.rules = kept
            self.armed = bool(kept)
        return removed

    def describe(self) -> list[dict[str, Any]]:
        return [rule.describe() for rule in self.rules]

    # ------------------------------------------------------------------ per request
    def prefer(
        self, op_id: str, headers: Mapping[str, str], query: str
    ) -> tuple[Fault | None, str]:
        """Read `Prefer` and the `__` query forms: (a Fault to apply, the query without the
        `__` forms). None when the request asks for nothing."""
        asked: dict[str, str] = {}
        where: dict[str, str] = {}
        raw = headers.get("prefer")
        if raw:
            for key, value in _preferences(raw):
                if key in PREFER_KEYS:
                    asked[key], where[key] = value, "header.Prefer"
        if "__" in query:
            kept = []
            for part in query.split("&"):
                key, _, value = part.partition("=")
                if key.startswith("__") and key[2:] in PREFER_KEYS:
                    asked[key[2:]], where[key[2:]] = value, f"query.{key}"
                else:
                    kept.append(part)
            query = "&".join(kept)
        if not asked:
            return Fault(self, op_id, None), query
        code = asked.get("code")
        if code is not None and not (len(code) == 3 and code.isdigit()):
            raise ValidationFailed(where["code"], f"code={code!r} is not a three-digit status")
        dynamic = asked.get("dynamic")
        if dynamic is not None and dynamic not in ("true", "false"):
            raise ValidationFailed(where["dynamic"], f"dynamic={dynamic!r} is not true or false")
        status = int(code) if code else self.answers.success[op_id]
        choice = _Choice(
            status,
            asked.get("example"),
            dynamic == "true",
            where.get("code") or where.get("example") or where["dynamic"],
        )
        if code is not None:
            self.answers.check_status(op_id, status, choice.where)
        if status == self.answers.success[op_id] and choice.example is None and not choice.dynamic:
            return Fault(self, op_id, None), query  # the operation's own answer: run it
        return Fault(self, op_id, choice), query


def _preferences(raw: str) -> Iterator[tuple[str, str]]:
    """RFC 7240 preferences: `code=429, example="x"; dynamic=true` -> (key, value)."""
    for token in raw.replace(";", ",").split(","):
        key, _, value = token.strip().partition("=")
        yield key.strip().lower(), value.strip().strip('"')


@dataclass(frozen=True, slots=True)
class _Choice:
    status: int
    example: str | None
    dynamic: bool
    where: str


@dataclass
class Fault:
    """What happens to one request: a Prefer choice, or the rule that fired (chosen after
    validation, in `before`)."""

    book: FaultBook
    op_id: str
    choice: _Choice | None
    rule: Rule | None = field(default=None)

    def _pick(self, job_id: str | None) -> Rule | None:
        for rule in self.book.rules:
            if rule.operation is not None and rule.operation != self.op_id:
                continue
            if rule.job_id is not None and rule.job_id != job_id:
                continue
            if rule.fires():  # synchronous: no other request runs between count and act
                return rule
        return None

    async def before(self, scope: Scope, send: Send) -> bool:
        """Act before the operation; True when the request is answered (or broken) already."""
        request_id = _request_id(scope)
        if self.choice is not None:
            c = self.choice
            status, body, extra = self.book.answers.answer(
                self.op_id,
                c.status,
                request_id,
                example=c.example,
                dynamic=c.dynamic,
                where=c.where,
            )
            await _send(send, status, body, extra)
            return True
        if not self.book.armed:
            return False
        rule = self.rule = self._pick(scope.get("path_params", {}).get("job_id"))
        if rule is None or rule.phase != "before":
            return False
        return await _act(rule, self.book, self.op_id, scope, send, None)

    async def after(
        self, scope: Scope, send: Send, answer: tuple[int, bytes, list[tuple[bytes, bytes]] | None]
    ) -> bool:
        rule = self.rule
        if rule is None or rule.phase != "after":
            return False
        return await _act(rule, self.book, self.op_id, scope, send, answer)


async def _act(
    rule: Rule,
    book: FaultBook,
    op_id: str,
    scope: Scope,
    send: Send,
    own: tuple[int, bytes, list[tuple[bytes, bytes]] | None] | None,
) -> bool:
    """Apply a rule that fired; True when it answered (or broke the connection)."""
    if rule.delay is not None:
        await asyncio.sleep(rule.delay(rule.rng))
    answer = own
    if rule.status is not None:
        status, body, extra = book.answers.answer(op_id, rule.status, _request_id(scope))
        if rule.retry_after is not None:
            extra = [h for h in extra if h[0] != b"retry-after"] + [
                (b"retry-after", b"%d" % rule.retry_after)
            ]
        answer = (status, body, extra)
    if rule.connection is None:
        if answer is None:
            return False  # only a delay: the operation runs now
        await _send(send, answer[0], answer[1], answer[2])
        return True
    if rule.connection == "slow_body":
        assert answer is not None
        await _dribble(send, answer, rule.duration_ms / 1000)
        return True
    await _break(scope, rule, answer)
    return True


async def _send(
    send: Send, status: int, body: bytes, extra: list[tuple[bytes, bytes]] | None
) -> None:
    headers = [(b"content-type", _JSON), (b"content-length", b"%d" % len(body)), *(extra or ())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _dribble(
    send: Send, answer: tuple[int, bytes, list[tuple[bytes, bytes]] | None], seconds: float
) -> None:
    """The answer in pieces spread over `seconds` (Content-Length is right, it is just slow)."""
    status, body, extra = answer
    headers = [(b"content-type", _JSON), (b"content-length", b"%d" % len(body)), *(extra or ())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    pieces = max(1, min(_SLOW_PIECES, len(body)))
    size = math.ceil(len(body) / pieces)
    for i in range(pieces):
        await asyncio.sleep(seconds / pieces)
        chunk = body[i * size : (i + 1) * size]
        await send({"type": "http.response.body", "body": chunk, "more_body": i < pieces - 1})


async def _break(
    scope: Scope, rule: Rule, answer: tuple[int, bytes, list[tuple[bytes, bytes]] | None] | None
) -> None:
    """Write (or not) raw bytes on the connection and end it, as the rule says."""
    protocol = scope.get(CONNECTION_SCOPE_KEY)
    if protocol is None:
        raise RuntimeError("connection faults need the mock's own HTTP server (metastudio-mock)")
    transport = protocol.transport
    kind = rule.connection
    if kind == "reset":
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    elif kind == "garbage_then_close":
        transport.write(b"\x00\xff" + rule.rng.randbytes(62))
    elif kind in ("malformed_chunk", "truncated"):
        assert answer is not None
        status, body, extra = answer
        head = [
            b"HTTP/1.1 %d %s" % (status, _REASONS.get(status, b"Status")),
            b"content-type: application/json",
        ]
        head += [name + b": " + value for name, value in extra or ()]
        request_id = _request_id(scope)
        head.append(b"x-request-id: " + request_id.encode())
        if kind == "truncated":
            head.append(b"content-length: %d" % len(body))
            payload = body[: len(body) // 2]
        else:
            head.append(b"transfer-encoding: chunked")
            payload = b"%x\r\n%s\r\nZZ\r\n" % (
                len(body) // 2,
                body[: len(body) // 2],
            ) + rule.rng.randbytes(16)
        transport.write(b"\r\n".join(head) + b"\r\n\r\n" + payload)
    cycle = getattr(protocol, "cycle", None)
    if cycle is not None:
        cycle.disconnected = True  # uvicorn must not answer (or log) in our place
    if kind == "reset":
        transport.abort()
    else:
        transport.close()
    await asyncio.sleep(0)


def _request_id(scope: Scope) -> str:
    rid: bytes = scope.get(REQUEST_ID_SCOPE_KEY, b"")
    return rid.decode("latin-1")


# --------------------------------------------------------------------------- plan file


def load_plan(path: Path, book: FaultBook) -> list[Rule]:
    """Rules of a fault plan file (YAML or JSON: a list of rules, or `{faults: [...]}`), added
    to `book`. PlanError `file:line: field: message` on the first bad one; none is added then."""
    try:
        doc = YamlDoc(path)
    except SpecLoadError as exc:
        raise PlanError(str(exc)) from None
    data: Any = doc.data
    base = ""
    if isinstance(data, dict) and "faults" in data:
        data, base = data["faults"], "/faults"
    if not isinstance(data, list):
        raise PlanError(
            f"{path}:{doc.line_of(base)}: a fault plan is a list of rules (or `faults:` list)"
        )
    if len(data) > MAX_FAULT_RULES:
        raise PlanError(f"{path}:1: a plan holds at most {MAX_FAULT_RULES} rules")
    rules = []
    for i, item in enumerate(data):
        try:
            rules.append(book.parse(item, where=f"faults[{i}]"))
        except ValidationFailed as exc:
            pointer = _pointer(f"{base}/{i}", exc.field.removeprefix(f"faults[{i}]"))
            raise PlanError(f"{path}:{doc.line_of(pointer)}: {exc}") from None
    for rule in rules:
        book.add(rule)
    return rules


def _pointer(base: str, field_path: str) -> str:
    """`/0` + `.delay_ms.uniform[1]` -> `/0/delay_ms/uniform/1` (for the line number)."""
    parts = field_path.replace("[", ".").replace("]", "").split(".")
    return base + "".join(f"/{p}" for p in parts if p)
