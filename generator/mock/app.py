"""The mock as a Starlette app: the spec's operations plus a control API under `/_mock/`.

Request path of a spec operation (a raw ASGI endpoint, kept lean for throughput):
read the body (bounded; oversized is 400) -> authenticate (401) -> validate path, query,
headers and body against validators compiled from the spec at start-up (400) -> run the
operation against the store (404 unknown job, 400 refused by the lifecycle) -> JSON answer.
Every response, errors included, carries a unique X-Request-Id (outer middleware), and an
unexpected exception becomes the documented 500 body (MSS.00000004), never a stack trace.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

import orjson
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .auth import Authenticator, AuthFailed
from .config import MockConfig
from .model import (
    OP_EXECUTE_COMMAND,
    OP_LIST_VIDEOS,
    OP_SHOW_TRAINING,
    OP_SHOW_VIDEO,
    OP_UPDATE_TRAINING,
    SpecModel,
    load_model,
)
from .store import UPLOAD_PATH, ListQuery, Store, StoreError, rfc3339
from .validation import (
    OperationValidator,
    Validated,
    ValidationFailed,
    check_instance,
    compile_schema,
    parse_query,
    parse_rfc3339,
)

__all__ = ["ErrorBodies", "MockContext", "create_app"]

log = logging.getLogger("metastudio.mock")

_JSON = b"application/json"


class ErrorBodies:
    """Error bodies with the error_code the spec's example documents for each status (a status
    the spec does not document, such as 405, gets the 400 code)."""

    def __init__(self, examples: Mapping[int, Mapping[str, Any]]) -> None:
        self.codes = {status: str(body["error_code"]) for status, body in examples.items()}
        self.internal = orjson.dumps(dict(examples[500]))  # the documented 500, verbatim

    def __call__(self, status: int, message: str) -> bytes:
        code = self.codes.get(status, self.codes[400])
        text = message.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates in JSON
        return orjson.dumps({"error_code": code, "error_msg": text})


class BodyTooLarge(Exception):
    pass


class MockContext:
    """What handlers share: config, spec model, store, authenticator."""

    def __init__(self, config: MockConfig, model: SpecModel, store: Store) -> None:
        self.config = config
        self.model = model
        self.store = store
        self.project_id = config.credentials.project_id
        self.auth = Authenticator(config.credentials, config.max_skew_seconds)
        self.error_body = ErrorBodies(model.error_examples)


# --------------------------------------------------------------------------- ASGI helpers


async def _send(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", _JSON), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Receive, headers: Mapping[str, str], limit: int) -> bytes:
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break  # http.disconnect: answer what we have (nobody will read it)
        chunk = message.get("body", b"")
        if chunk:
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _headers(scope: Scope) -> dict[str, str]:
    # ASGI gives lower-case names; values are decoded as UTF-8 (bytes that are not UTF-8
    # survive as surrogates, which the signature check turns back into the same bytes).
    return {k.decode("latin-1"): v.decode("utf-8", "surrogateescape") for k, v in scope["headers"]}


def _base_url(scope: Scope, headers: Mapping[str, str]) -> str:
    host = headers.get("host")
    if not host:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}"


Handler = Callable[[MockContext, Validated, Scope, Mapping[str, str]], Awaitable[tuple[int, bytes]]]


class SpecOperation:
    """One operation of the spec as a raw ASGI endpoint."""

    def __init__(self, ctx: MockContext, validator: OperationValidator, handler: Handler) -> None:
        self.ctx = ctx
        self.validator = validator
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        ctx = self.ctx
        headers = _headers(scope)
        try:
            body = await _read_body(receive, headers, ctx.config.max_body_bytes)
            path_params: dict[str, str] = scope.get("path_params", {})
            raw_path = scope.get("raw_path")
            target = raw_path.decode("latin-1") if raw_path else quote(scope["path"])
            qs = scope.get("query_string", b"").decode("latin-1")
            if qs:
                target = f"{target}?{qs}"
            ctx.auth.check(
                scope["method"], target, headers, body, path_params.get("project_id", "")
            )
            query = parse_query(qs)
            validated = self.validator.validate(
                path_params, query, headers, body, headers.get("content-type")
            )
            status, payload = await self.handler(ctx, validated, scope, headers)
        except AuthFailed as exc:
            status, payload = 401, ctx.error_body(401, f"Unauthorized: {exc.reason}")
        except ValidationFailed as exc:
            status, payload = 400, ctx.error_body(400, f"Invalid parameter {exc}")
        except BodyTooLarge:
            limit = ctx.config.max_body_bytes
            status, payload = (
                400,
                ctx.error_body(400, f"Invalid parameter body: larger than {limit} bytes"),
            )
        except StoreError as exc:
            status, payload = exc.status, ctx.error_body(exc.status, str(exc))
        except ValueError as exc:  # parse_query: too many fields
            status, payload = 400, ctx.error_body(400, f"Invalid parameter query: {exc}")
        await _send(send, status, payload)


class MethodDispatch:
    """The operations of one path, by HTTP method (HEAD is served as GET)."""

    def __init__(self, operations: Mapping[str, SpecOperation]) -> None:
        self.operations = dict(operations)
        if "GET" in self.operations:
            self.operations.setdefault("HEAD", self.operations["GET"])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.operations[scope["method"]](scope, receive, send)


# --------------------------------------------------------------------------- operations


async def show_training_job(
    ctx: MockContext, v: Validated, scope: Scope, headers: Mapping[str, str]
) -> tuple[int, bytes]:
    project, job_id = v.path["project_id"], v.path["job_id"]
    found = ctx.store.read_training(project, job_id)
    if found is None:
        return 404, ctx.error_body(404, f"training job {job_id} not found")
    doc, due = found
    if due:
        settled = await run_in_threadpool(ctx.store.settle_training, project, job_id)
        if settled is None:
            return 404, ctx.error_body(404, f"training job {job_id} not found")
        doc = settled
    return 200, doc


async def update_training_job(
    ctx: MockContext, v: Validated, scope: Scope, headers: Mapping[str, str]
) -> tuple[int, bytes]:
    body = v.body if isinstance(v.body, dict) else {}
    result = await run_in_threadpool(
        ctx.store.update_training,
        v.path["project_id"],
        v.path["job_id"],
        body,
        _base_url(scope, headers),
    )
    return 200, orjson.dumps(result)


async def execute_training_command(
    ctx: MockContext, v: Validated, scope: Scope, headers: Mapping[str, str]
) -> tuple[int, bytes]:
    result = await run_in_threadpool(
        ctx.store.command_training,
        v.path["project_id"],
        v.path["job_id"],
        v.body,
        _base_url(scope, headers),
    )
    return 200, orjson.dumps(result)


async def show_video_job(
    ctx: MockContext, v: Validated, scope: Scope, headers: Mapping[str, str]
) -> tuple[int, bytes]:
    project, job_id = v.path["project_id"], v.path["job_id"]
    script = bool(v.query.get("show_script", False))
    found = ctx.store.read_video(project, job_id, script)
    if found is not None and found[1]:
        await run_in_threadpool(ctx.store.settle_video, project, job_id)
        found = ctx.store.read_video(project, job_id, script)
    if found is None:
        return 404, ctx.error_body(404, f"video job {job_id} not found")
    return 200, found[0]


async def list_video_jobs(
    ctx: MockContext, v: Validated, scope: Scope, headers: Mapping[str, str]
) -> tuple[int, bytes]:
    project = v.path["project_id"]
    q = v.query

    def moment(name: str) -> float | None:
        value = q.get(name)
        parsed = parse_rfc3339(value) if isinstance(value, str) else None
        return parsed.timestamp() if parsed is not None else None

    query = ListQuery(
        offset=int(q.get("offset", 0)),
        limit=q.get("limit"),
        states=tuple(q.get("state", ())),
        job_type=q.get("job_type"),
        descending=q.get("sort_dir") == "desc",
        create_since=moment("create_since"),
        create_until=moment("create_until"),
        script_id=q.get("script_id"),
        asset_name=q.get("asset_name"),
        job_id=q.get("job_id"),
    )
    if ctx.store.videos_due(project):
        await run_in_threadpool(ctx.store.settle_videos, project)
    return 200, ctx.store.list_videos(project, query)


HANDLERS: dict[str, Handler] = {
    OP_SHOW_TRAINING: show_training_job,
    OP_UPDATE_TRAINING: update_training_job,
    OP_EXECUTE_COMMAND: execute_training_command,
    OP_SHOW_VIDEO: show_video_job,
    OP_LIST_VIDEOS: list_video_jobs,
}


# --------------------------------------------------------------------------- control API


def _json(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Response:
    return Response(
        orjson.dumps(payload), status, headers=dict(headers or {}), media_type="application/json"
    )


class ControlAPI:
    """Test plumbing under /_mock/ (not in the spec; no credentials needed)."""

    def _error(self, status: int, message: str) -> Response:
        body = self.ctx.error_body(status, message)
        return Response(body, status, media_type="application/json")

    def __init__(self, ctx: MockContext) -> None:
        self.ctx = ctx
        doc, model = ctx.model.doc, ctx.model
        count_ref = "#/components/schemas/UpdateTrainingJobRequest/properties/video_multipart_count"
        self.training_body = compile_schema(
            doc,
            {
                "type": "object",
                "required": ["state"],
                "properties": {
                    "state": {"enum": list(model.training.states)},
                    "name": {"type": "string"},
                    "video_multipart_count": {"$ref": count_ref}
                    if doc.has(count_ref[1:])
                    else {"type": "integer", "minimum": 1},
                    "hold": {"type": "boolean"},
                },
            },
        )
        self.video_body = compile_schema(
            doc,
            {
                "type": "object",
                "properties": {
                    "state": {"enum": list(model.video.states)},
                    "job_type": {"enum": list(model.video_job_types)},
                    "asset_name": {"type": "string"},
                    "script_id": {"type": "string"},
                    "create_time": {"type": "string", "format": "date-time"},
                    "hold": {"type": "boolean"},
                },
            },
        )
        self.advance_body = compile_schema(
            doc,
            {
                "type": "object",
                "required": ["seconds"],
                "properties": {"seconds": {"type": "number", "minimum": 0, "maximum": 10**9}},
            },
        )

    def routes(self) -> list[Route]:
        return [
            Route("/_mock/health", self.health, methods=["GET"]),
            Route("/_mock/clock", self.clock, methods=["GET"]),
            Route("/_mock/clock/advance", self.advance, methods=["POST"]),
            Route("/_mock/reset", self.reset, methods=["POST"]),
            Route("/_mock/v1/{project_id}/training-jobs", self.create_training, methods=["POST"]),
            Route(
                "/_mock/v1/{project_id}/training-jobs/{job_id}/system-failure",
                self.fail_training,
                methods=["POST"],
            ),
            Route("/_mock/v1/{project_id}/video-jobs", self.create_video, methods=["POST"]),
            Route(UPLOAD_PATH + "{token}", self.upload_url, methods=["PUT", "GET"]),
        ]

    async def _body(self, request: Request, validator: Any, optional: bool = False) -> Any:
        try:
            headers = {"content-length": request.headers.get("content-length", "")}
            raw = await _read_body(request.receive, headers, self.ctx.config.max_body_bytes)
        except BodyTooLarge:
            raise ValidationFailed("body", "is too large") from None
        if not raw and optional:
            raw = b"{}"
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise ValidationFailed("body", f"is not valid JSON ({exc})") from None
        check_instance(validator, data)
        return data

    def _project(self, request: Request) -> str | None:
        project: str = request.path_params["project_id"]
        return project if project == self.ctx.project_id else None

    async def health(self, request: Request) -> Response:
        return _json(
            200, {"status": "ok", "project_id": self.ctx.project_id, "speed": self.ctx.store.speed}
        )

    async def clock(self, request: Request) -> Response:
        now = self.ctx.store.now()
        return _json(200, {"now": rfc3339(now), "epoch": now, "speed": self.ctx.store.speed})

    async def advance(self, request: Request) -> Response:
        try:
            body = await self._body(request, self.advance_body)
        except ValidationFailed as exc:
            return self._error(400, f"Invalid parameter {exc}")
        now = await run_in_threadpool(self.ctx.store.advance_clock, float(body["seconds"]))
        return _json(200, {"now": rfc3339(now), "epoch": now})

    async def reset(self, request: Request) -> Response:
        await run_in_threadpool(self.ctx.store.reset, self.ctx.project_id)
        return _json(200, {"reset": True, "project_id": self.ctx.project_id})

    async def create_training(self, request: Request) -> Response:
        project = self._project(request)
        if project is None:
            return self._error(404, f"unknown project; this mock serves {self.ctx.project_id}")
        try:
            body = await self._body(request, self.training_body)
        except ValidationFailed as exc:
            return self._error(400, f"Invalid parameter {exc}")
        headers = {k.lower(): v for k, v in request.headers.items()}
        result = await run_in_threadpool(
            lambda: self.ctx.store.create_training(
                project,
                body["state"],
                body.get("name"),
                _base_url(request.scope, headers),
                parts=body.get("video_multipart_count"),
                hold=bool(body.get("hold", False)),
                app_user_id=headers.get("x-app-userid"),
            )
        )
        return _json(201, result)

    async def fail_training(self, request: Request) -> Response:
        project = self._project(request)
        if project is None:
            return self._error(404, f"unknown project; this mock serves {self.ctx.project_id}")
        job_id: str = request.path_params["job_id"]
        try:
            state = await run_in_threadpool(self.ctx.store.fail_training, project, job_id)
        except StoreError as exc:
            return self._error(exc.status, str(exc))
        return _json(200, {"job_id": job_id, "state": state})

    async def create_video(self, request: Request) -> Response:
        project = self._project(request)
        if project is None:
            return self._error(404, f"unknown project; this mock serves {self.ctx.project_id}")
        try:
            body = await self._body(request, self.video_body, optional=True)
        except ValidationFailed as exc:
            return self._error(400, f"Invalid parameter {exc}")
        result = await run_in_threadpool(self.ctx.store.create_video, project, body)
        return _json(201, result)

    async def upload_url(self, request: Request) -> Response:
        if request.method == "PUT":
            return await self.upload(request)
        return await self.upload_info(request)

    async def upload(self, request: Request) -> Response:
        """A one-shot presigned-URL look-alike: one HTTP PUT of the bytes, ETag = MD5."""
        token: str = request.path_params["token"]
        limit = self.ctx.config.max_upload_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return self._error(400, f"EntityTooLarge: uploads are limited to {limit} bytes")
        if not self.ctx.store.upload_exists(token):
            return self._error(404, "no such upload URL")
        digest = hashlib.md5(usedforsecurity=False)
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                return self._error(400, f"EntityTooLarge: uploads are limited to {limit} bytes")
            digest.update(chunk)
        etag = digest.hexdigest()
        try:
            await run_in_threadpool(self.ctx.store.complete_upload, token, etag, size)
        except StoreError as exc:
            return self._error(exc.status, str(exc))
        return Response(b"", 200, headers={"ETag": f'"{etag}"'})

    async def upload_info(self, request: Request) -> Response:
        info = self.ctx.store.upload_info(request.path_params["token"])
        if info is None:
            return self._error(404, "no such upload URL")
        return _json(200, info)


# --------------------------------------------------------------------------- middleware


class RequestIdMiddleware:
    """Adds a unique X-Request-Id to every response and turns a crash into the 500 body."""

    def __init__(self, app: ASGIApp, internal_error: bytes) -> None:
        self.app = app
        self._internal_error = internal_error
        self._prefix = secrets.token_hex(8)
        self._counter = itertools.count(1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = b"%s%016x" % (self._prefix.encode(), next(self._counter))
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", ()), (b"x-request-id", rid)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unexpected error (request id %s)", rid.decode())
            if not started:
                await _send(send_with_id, 500, self._internal_error)


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
    config: MockConfig, *, model: SpecModel | None = None, store: Store | None = None
) -> Starlette:
    """Build the app: load the spec, compile validators, open (and seed) the store."""
    model = model if model is not None else load_model(config.spec_path)
    store = store if store is not None else Store(config.db_path, model, config.speed)
    if config.seed:
        store.seed(config.credentials.project_id)
    ctx = MockContext(config, model, store)
    by_path: dict[str, dict[str, SpecOperation]] = {}
    for op_id, info in model.operations.items():
        handler = HANDLERS.get(op_id)
        if handler is None:
            continue  # an operation the mock does not implement yet: 404 like any unknown path
        validator = OperationValidator(model.doc, info.data, info.path_item)
        by_path.setdefault(info.path, {})[info.method.upper()] = SpecOperation(
            ctx, validator, handler
        )
    # one route per path, so a 405 lists every method of the path in Allow
    routes: list[Route] = [
        Route(path, MethodDispatch(ops), methods=list(ops)) for path, ops in by_path.items()
    ]
    routes.extend(ControlAPI(ctx).routes())

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    app = Starlette(
        routes=routes,
        middleware=[Middleware(RequestIdMiddleware, internal_error=ctx.error_body.internal)],
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.mock = ctx
    return app
