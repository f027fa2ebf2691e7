"""The mock as a Starlette app: the spec's operations plus a control API under `/_mock/`.

Request path of a spec operation (a raw ASGI endpoint, kept lean for throughput): found in
`SpecRoutes` (the spec's path templates, before Starlette's router and middleware, which serve
the control API, 404 and 405) -> `Guard` (request id; header values must be UTF-8; /_mock/
refuses a foreign Origin) -> read the body (bounded; oversized is 400) -> authenticate (401) ->
with `--replay`, a recorded answer (`replay.py`) -> validate path, query, headers and body
against validators compiled from the spec at start-up, lists capped (400; the verdict of a
bodiless request is remembered by its path, query and headers, at most VALIDATION_VERDICTS per
operation) -> the operation's handler (`handlers/`, by operationId) against the store (reads through
its read cache) -> JSON answer; a domain refusal (404 unknown job, 400 refused by the
lifecycle or a cap, 503 busy or unwritable state file) maps to HTTP in `refusals.py`.
Every response, errors included, carries a unique X-Request-Id, and an unexpected exception
becomes the documented 500 body (MSS.00000004), never a stack trace.

A plain GET takes the same steps synchronously (`MockApp.answer_now`, called by protocol.py
when the head is complete): whatever would need the event loop (a fault, replay, a step due)
or Guard's UTF-8 check (a header value that is not ASCII) returns None, and the request takes
the path above. A head that passed every check before the handler by X-Auth-Token is kept
whole (path, query, every header as sent; at most ADMITTED_HEADS per operation), and the same
head again goes straight to the handler: the store is read at every request.
"""

from __future__ import annotations

import itertools
import logging
import secrets
import sqlite3
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Literal
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import seed
from .auth import AuthFailed
from .body import ClientGone, read_body
from .config import MockConfig
from .context import MockContext
from .control import ControlAPI
from .faults import REQUEST_ID_SCOPE_KEY, Fault, load_plan
from .handlers import Deferred, Handler, handlers_for, run_now
from .model import MockFacts, load_facts
from .refusals import http_status, retry_headers
from .store import Store, StoreError
from .validation import OperationValidator, Validated, ValidationFailed, parse_query

__all__ = ["MockContext", "RequestIds", "create_app"]

log = logging.getLogger("metastudio.mock")

_JSON = b"application/json"
VALIDATION_VERDICTS = 1024  # kept per operation at most (then the memo starts over)
ADMITTED_HEADS = 1024  # heads admitted at once, kept per operation at most (then it starts over)
ADMITTED_HEAD_BYTES = 2048  # a head larger than this (its header lines) is not kept
ROUTE_MEMO = 4096  # paths whose route match is kept (then the memo starts over)


class RequestIds:
    """Unique request ids: a random per-process prefix and a counter (shared with the HTTP
    protocol, which answers malformed requests before the app sees them)."""

    def __init__(self) -> None:
        self._prefix = secrets.token_hex(8).encode()
        self._counter = itertools.count(1)

    def __call__(self) -> bytes:
        return b"%s%016x" % (self._prefix, next(self._counter))


# --------------------------------------------------------------------------- ASGI helpers


Headers = list[tuple[bytes, bytes]]
Answer = tuple[int, bytes, Headers | None]  # status, body, extra headers


def _headers(body: bytes, extra: Headers | None) -> Headers:
    headers = [(b"content-type", _JSON), (b"content-length", b"%d" % len(body))]
    if extra:
        headers.extend(extra)
    return headers


_HEAD = b"content-type: %s\r\ncontent-length: %%d\r\n" % _JSON  # `_headers`, as written


def _head(body: bytes, extra: Headers | None, rid: bytes) -> bytes:
    """`_headers` and the X-Request-Id as the header lines on the wire (an answer at once)."""
    head = _HEAD % len(body)
    for name, value in extra or ():
        head += b"%s: %s\r\n" % (name, value)
    return head + b"x-request-id: " + rid + b"\r\n"


async def _send(send: Send, status: int, body: bytes, extra: Headers | None = None) -> None:
    headers = _headers(body, extra)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _target(scope: Scope) -> tuple[str, str]:
    """(the request target as sent, its query string): what a signature covers."""
    raw_path = scope.get("raw_path")
    target = raw_path.decode("latin-1") if raw_path else quote(scope["path"])
    qs = scope.get("query_string", b"").decode("latin-1")
    return (f"{target}?{qs}" if qs else target), qs


def _header_views(scope: Scope) -> tuple[dict[str, str], dict[str, str]]:
    """(wire, text): values as Latin-1 (what the signature check wants) and as UTF-8 (what
    validation and the handlers see). `Guard` has refused values that are not UTF-8."""
    raw = scope["headers"]
    wire = {k.decode("latin-1"): v.decode("latin-1") for k, v in raw}
    for _, value in raw:
        if not value.isascii():
            return wire, {k.decode("latin-1"): v.decode("utf-8") for k, v in raw}
    return wire, wire


def _asks_for_fault(wire: dict[str, str], qs: str) -> bool:
    """Whether a request may ask for a fault itself (`Prefer`, a `__` query: faults.py)."""
    return "prefer" in wire or "__" in qs


def _repeated(raw: list[tuple[bytes, bytes]]) -> frozenset[str]:
    """Names (lower case) of the headers that came more than once."""
    seen: set[bytes] = set()
    twice: set[str] = set()
    for name, _ in raw:
        if name in seen:
            twice.add(name.decode("latin-1"))
        seen.add(name)
    return frozenset(twice)


class SpecOperation:
    """One operation of the spec as a raw ASGI endpoint."""

    def __init__(
        self, ctx: MockContext, validator: OperationValidator, handler: Handler, op_id: str
    ) -> None:
        self.ctx = ctx
        self.validator = validator
        self.handler = handler
        self.op_id = op_id
        self.header_names = tuple(validator.header_params)
        # verdicts of bodiless requests, by (path, query, this operation's headers): validation
        # is a function of those alone, and clients repeat the same reads
        self.verdicts: dict[tuple[str | None, ...], Validated] = {}
        # plain GETs that passed every check before the handler with X-Auth-Token, by their
        # whole head (path, query, every header as sent): the same head meets the same checks
        # with the same outcome, so `answer_now` goes straight to the handler. Never one
        # signed with AK/SK: its verdict moves with the clock (X-Sdk-Date)
        self.admitted: dict[tuple[object, ...], Validated] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        ctx = self.ctx
        wire, headers = _header_views(scope)
        extra = None
        fault: Fault | None = None
        try:
            body = await read_body(receive, headers, ctx.config.max_body_bytes, scope["method"])
            target, qs = _target(scope)
            self._authenticate(scope, target, wire, body)
            faults = ctx.faults
            if faults.armed or _asks_for_fault(wire, qs):  # the one check when no fault
                fault, qs = faults.prefer(self.op_id, wire, qs)
            if (
                fault is None
                and ctx.replay is not None
                and await ctx.replay.answer(scope, qs, send)
            ):
                return  # a recorded answer (replay.py); an injected fault goes first
            validated = self._validate(scope["path"], qs, scope["path_params"], headers, body)
            if fault is not None and await fault.before(scope, send):
                return
            status, payload = await self.handler(ctx, validated, scope)
        except ClientGone:
            return
        except (AuthFailed, ValidationFailed, StoreError) as exc:
            status, payload, extra = self._refused(exc)
        if fault is not None and await fault.after(scope, send, (status, payload, extra)):
            return
        await _send(send, status, payload, extra)

    def answer_now(self, scope: Scope) -> Answer | None:
        """The answer of a bodiless GET, computed at once, or None when it must take
        `__call__` (a fault may be armed or asked for, replay is on, a step is due): the same
        checks in the same order, with nothing that needs the event loop."""
        ctx = self.ctx
        if ctx.faults.armed or ctx.replay is not None:
            return None
        head = (scope["path"], scope["query_string"], *scope["headers"])
        try:
            validated = self.admitted.get(head)
            if validated is None:
                validated = self._admit(scope, head)
                if validated is None:
                    return None
            status, payload = run_now(self.handler(ctx, validated, scope))
        except (AuthFailed, ValidationFailed, StoreError) as exc:
            return self._refused(exc)
        except Deferred:
            return None
        return status, payload, None

    def _admit(self, scope: Scope, head: tuple[object, ...]) -> Validated | None:
        """`answer_now`'s checks of a head not seen yet (kept in `admitted` when they pass
        by token), or None when it must take `__call__`."""
        wire, headers = _header_views(scope)
        target, qs = _target(scope)
        if headers is not wire or _asks_for_fault(wire, qs):
            return None  # not ASCII (Guard checks it is UTF-8), or a fault asked for
        how = self._authenticate(scope, target, wire, b"")
        validated = self._validate(scope["path"], qs, scope["path_params"], headers, b"")
        raw: list[tuple[bytes, bytes]] = scope["headers"]
        if how == "token" and sum(len(n) + len(v) for n, v in raw) <= ADMITTED_HEAD_BYTES:
            if len(self.admitted) >= ADMITTED_HEADS:
                self.admitted.clear()
            self.admitted[head] = validated
        return validated

    def _authenticate(self, scope: Scope, target: str, wire: dict[str, str], body: bytes) -> str:
        """How the caller authenticated ("token" or "aksk"), or AuthFailed."""
        raw_headers = scope["headers"]
        repeated = _repeated(raw_headers) if len(wire) < len(raw_headers) else frozenset()
        project = scope["path_params"].get("project_id", "")
        return self.ctx.auth.check(scope["method"], target, wire, body, project, repeated=repeated)

    def _refused(self, exc: AuthFailed | ValidationFailed | StoreError) -> Answer:
        """The documented answer to a request refused by auth, validation or the store."""
        error_body = self.ctx.error_body
        if isinstance(exc, AuthFailed):
            return 401, error_body(401, f"Unauthorized: {exc.reason}"), None
        if isinstance(exc, ValidationFailed):
            return 400, error_body(400, f"Invalid parameter {exc}"), None
        status = http_status(exc)  # a domain refusal: the one table of refusals.py
        return status, error_body(status, str(exc)), retry_headers(exc)

    def _validate(
        self, path: str, qs: str, params: dict[str, str], headers: dict[str, str], body: bytes
    ) -> Validated:
        if body:
            return self.validator.validate(
                params, parse_query(qs), headers, body, headers.get("content-type")
            )
        key = (path, qs, *[headers.get(name) for name in self.header_names])
        verdict = self.verdicts.get(key)
        if verdict is None:
            verdict = self.validator.validate(params, parse_query(qs), headers, body, None)
            if len(self.verdicts) >= VALIDATION_VERDICTS:
                self.verdicts.clear()
            self.verdicts[key] = verdict
        return verdict


class MethodDispatch:
    """The operations of one path, by HTTP method (HEAD is served as GET)."""

    param_names: tuple[str, ...] = ()

    def __init__(self, operations: Mapping[str, SpecOperation]) -> None:
        self.operations = dict(operations)
        if "GET" in self.operations:
            self.operations.setdefault("HEAD", self.operations["GET"])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.operations[scope["method"]](scope, receive, send)


# --------------------------------------------------------------------------- middleware


class Guard:
    """Outermost: a unique X-Request-Id on every response; header values that are not UTF-8
    are 400 before any work; a /_mock/ request from a foreign Origin (a browser on another
    site) is 403; store refusals become their status (503 with Retry-After when the file is
    busy or unwritable); a crash becomes the documented 500."""

    def __init__(self, app: ASGIApp, ctx: MockContext, ids: RequestIds) -> None:
        self.app = app
        self.ctx = ctx
        self.ids = ids

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        for name, value in scope["headers"]:
            if not value.isascii():
                try:
                    value.decode("utf-8")
                except UnicodeDecodeError:
                    shown = name.decode("latin-1").title()
                    return 400, f"Invalid parameter header.{shown}: the value is not UTF-8"
        if scope["path"].startswith("/_mock/"):
            for name, value in scope["headers"]:
                if name == b"origin" and value.decode() not in self.ctx.own_origins(scope):
                    return 403, "the control API refuses requests from other origins"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.serve(self.app, scope, receive, send)

    async def serve(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        """`app` on one HTTP request, guarded as described above."""
        rid = self.ids()
        scope[REQUEST_ID_SCOPE_KEY] = rid
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", ()), (b"x-request-id", rid)]
            await send(message)

        refused = self._refusal(scope)
        if refused is not None:
            status, text = refused
            await _send(send_with_id, status, self.ctx.error_body(status, text))
            return
        try:
            await app(scope, receive, send_with_id)
        except Exception as exc:
            if isinstance(exc, sqlite3.Error):
                exc = self.ctx.store.db.fault(exc)
            if isinstance(exc, StoreError):  # a domain refusal: refusals.py says how to answer
                if not started:
                    status = http_status(exc)
                    body = self.ctx.error_body(status, str(exc))
                    await _send(send_with_id, status, body, retry_headers(exc))
                return
            log.exception("unexpected error (request id %s)", rid.decode())
            if not started:
                await _send(send_with_id, 500, self.ctx.error_body.internal)


class SpecRoutes:
    """The spec's operations by path template, matched segment by segment (a path parameter
    takes one non-empty segment, as Starlette's do): what the app looks up before Starlette's
    router and middleware, which serve the rest (control API, 404, 405)."""

    def __init__(self, dispatches: Mapping[str, MethodDispatch]) -> None:
        # the match of each path lately asked for (clients repeat their paths): at most
        # ROUTE_MEMO, then it starts over
        self._seen: dict[str, tuple[MethodDispatch, dict[str, str]] | Literal[False]] = {}
        self._by_length: dict[int, list[tuple[tuple[str | None, ...], MethodDispatch]]] = {}
        for template, dispatch in dispatches.items():
            segments = tuple(
                None if part.startswith("{") and part.endswith("}") else part
                for part in template.split("/")
            )
            names = tuple(p[1:-1] for p in template.split("/") if p.startswith("{"))
            self._by_length.setdefault(len(segments), []).append((segments, dispatch))
            dispatch.param_names = names

    def match(self, path: str, method: str) -> tuple[MethodDispatch, dict[str, str]] | None:
        found = self._seen.get(path)
        if found is None:
            found = self._seen[path] = self._match(path)
            if len(self._seen) > ROUTE_MEMO:
                self._seen.clear()
        if found is False:
            return None
        dispatch, params = found
        if method not in dispatch.operations:
            return None  # Starlette's router answers 405 with Allow
        return dispatch, dict(params)

    def _match(self, path: str) -> tuple[MethodDispatch, dict[str, str]] | Literal[False]:
        parts = path.split("/")
        for segments, dispatch in self._by_length.get(len(parts), ()):
            values: list[str] = []
            for want, got in zip(segments, parts, strict=True):
                if want is None:
                    if not got:
                        break
                    values.append(got)
                elif want != got:
                    break
            else:
                return dispatch, dict(zip(dispatch.param_names, values, strict=True))
        return False


class MockApp(Starlette):
    """Starlette, with the spec's operations found first in `SpecRoutes` and served through
    `Guard` directly: a request to one of them skips Starlette's middleware stack and router
    (fewer layers per read)."""

    spec_routes: SpecRoutes | None = None  # None: every request takes Starlette's stack
    guard: Guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.spec_routes is not None:
            found = self.spec_routes.match(scope["path"], scope["method"])
            if found is not None:
                scope["app"] = self
                scope["path_params"] = found[1]
                await self.guard.serve(found[0], scope, receive, send)
                return
        await super().__call__(scope, receive, send)

    def answer_now(self, scope: Scope) -> tuple[int, bytes, bytes] | None:
        """What `Guard` and the operation answer a plain GET of a spec operation, computed at
        once for the protocol to write (status, header lines, body: no ASGI task, one write;
        `protocol.py`), or None to serve it the normal way: also when anything unexpected
        happens (the normal way logs it and answers 500)."""
        if self.spec_routes is None:
            return None
        found = self.spec_routes.match(scope["path"], "GET")
        if found is None:
            return None
        scope["app"] = self
        scope["path_params"] = found[1]
        try:
            answer = found[0].operations["GET"].answer_now(scope)
        except Exception:
            log.debug("answer at once failed; served the normal way", exc_info=True)
            return None
        if answer is None:
            return None
        status, body, extra = answer
        rid = self.guard.ids()
        scope[REQUEST_ID_SCOPE_KEY] = rid
        return status, _head(body, extra, rid), body


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    if status == 404:
        message = f"no such resource: {request.method} {request.url.path[:200]}"
    elif status == 405:
        message = f"method {request.method} not allowed here"
    else:
        message = str(exc.detail)
    ctx: MockContext = request.app.state.mock
    return Response(
        ctx.error_body(status, message), status, headers=exc.headers, media_type="application/json"
    )


# --------------------------------------------------------------------------- factory


def create_app(
    config: MockConfig, *, model: MockFacts | None = None, store: Store | None = None
) -> Starlette:
    """Build the app: load the spec, find a handler for every operation (MissingHandlers
    names any without one), compile validators, open (and seed) the store."""
    model = model if model is not None else load_facts(config.spec_path)
    handlers = handlers_for(model)
    if store is None:
        store = Store(config.db_path, model, config.speed, config.busy_timeout_seconds)
    if config.seed:
        seed.seed(store, config.credentials.project_id)
    ctx = MockContext(config, model, store)
    if config.faults_path is not None:
        load_plan(config.faults_path, ctx.faults)  # PlanError: file:line: field: message
    by_path: dict[str, dict[str, SpecOperation]] = {}
    for op_id, info in model.operations.items():
        validator = OperationValidator(model.doc, info.data, info.path_item)
        by_path.setdefault(info.path, {})[info.method.upper()] = SpecOperation(
            ctx, validator, handlers[op_id], op_id
        )
    dispatches = {path: MethodDispatch(ops) for path, ops in by_path.items()}
    # one route per path, so a 405 lists every method of the path in Allow
    routes: list[Route] = [
        Route(path, dispatch, methods=list(by_path[path])) for path, dispatch in dispatches.items()
    ]
    routes.extend(ControlAPI(ctx).routes())

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    ids = RequestIds()
    app = MockApp(
        routes=routes,
        middleware=[Middleware(Guard, ctx=ctx, ids=ids)],
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.spec_routes = SpecRoutes(dispatches)
    app.guard = Guard(app.router, ctx, ids)
    app.router.redirect_slashes = False  # a redirect would be built from the Host header
    app.state.mock = ctx
    app.state.request_ids = ids
    return app
