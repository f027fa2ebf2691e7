"""The control API under /_mock/: test plumbing that is not in the spec (no credentials).

Browsers must not reach it from other sites: a POST needs `Content-Type: application/json`
(which a page on another origin cannot send without a CORS preflight, and the mock answers
no preflight), and the app refuses any /_mock/ request whose Origin is not the mock's own
(`app.py`). Refusals of the store (a cap, an unknown job, a busy file) reach the client
through the app's StoreError handling.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from jsonschema.protocols import Validator
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import seed
from .body import ClientGone, read_body
from .context import MockContext
from .handlers import not_in_state
from .lifecycle import SYSTEM_FAILURE
from .store import UPLOAD_PATH, rfc3339
from .validation import ValidationFailed, compile_schema, json_body

__all__ = ["ControlAPI"]

_JSON = "application/json"


def _json(status: int, payload: Any) -> Response:
    raw = payload if isinstance(payload, bytes) else orjson.dumps(payload)
    return Response(raw, status, media_type=_JSON)


class ControlAPI:
    def __init__(self, ctx: MockContext) -> None:
        self.ctx = ctx
        doc, model = ctx.model.doc, ctx.model
        part_count = model.part_count_schema  # the update's own part count, as the spec has it
        self.training_body = compile_schema(
            doc,
            {
                "type": "object",
                "required": ["state"],
                "properties": {
                    "state": {"enum": list(model.training.states)},
                    "name": {"type": "string"},
                    "video_multipart_count": dict(part_count)
                    if part_count is not None
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
        self.empty_body = compile_schema(doc, {"type": "object"})
        self.any_body = compile_schema(doc, {})  # fault rules are checked by faults.py

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
            Route("/_mock/faults", self.faults, methods=["GET", "POST", "DELETE"]),
            Route("/_mock/faults/{fault_id}", self.fault, methods=["GET", "DELETE"]),
        ]

    def _error(self, status: int, message: str) -> Response:
        return Response(self.ctx.error_body(status, message), status, media_type=_JSON)

    async def _checked(self, request: Request, validator: Validator) -> Any | Response:
        """The JSON body of a POST (an empty one reads as {}), read and validated as the spec's
        operations read theirs (`body.read_body`, `validation.json_body`); else the answer."""
        media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media != _JSON:  # no CORS-safe content type: a page elsewhere cannot send it
            return self._error(415, "the control API takes Content-Type: application/json")
        try:
            raw = await read_body(
                request.receive, request.headers, self.ctx.config.max_body_bytes, request.method
            )
            return json_body(raw or b"{}", validator)
        except ClientGone:
            return Response(b"", 400)  # the client left before the end: nothing is done
        except ValidationFailed as exc:
            return self._error(400, f"Invalid parameter {exc}")

    def _project(self, request: Request) -> str | Response:
        project: str = request.path_params["project_id"]
        if project != self.ctx.project_id:
            return self._error(404, f"unknown project; this mock serves {self.ctx.project_id}")
        return project

    async def health(self, request: Request) -> Response:
        speed = self.ctx.store.speed
        return _json(200, {"status": "ok", "project_id": self.ctx.project_id, "speed": speed})

    async def clock(self, request: Request) -> Response:
        now = await run_in_threadpool(self.ctx.store.db.now)
        return _json(200, {"now": rfc3339(now), "epoch": now, "speed": self.ctx.store.speed})

    async def advance(self, request: Request) -> Response:
        body = await self._checked(request, self.advance_body)
        if isinstance(body, Response):
            return body
        now = await run_in_threadpool(self.ctx.store.db.advance_clock, float(body["seconds"]))
        return _json(200, {"now": rfc3339(now), "epoch": now})

    async def reset(self, request: Request) -> Response:
        body = await self._checked(request, self.empty_body)
        if isinstance(body, Response):
            return body
        await run_in_threadpool(seed.reset, self.ctx.store, self.ctx.project_id)
        self.ctx.faults.remove()
        return _json(200, {"reset": True, "project_id": self.ctx.project_id})

    async def faults(self, request: Request) -> Response:
        """GET lists the rules (with `seen` and `hits`), POST adds one (201 with its id),
        DELETE removes them all."""
        book = self.ctx.faults
        if request.method == "GET":
            return _json(200, {"faults": book.describe()})
        if request.method == "DELETE":
            return _json(200, {"removed": book.remove()})
        body = await self._checked(request, self.any_body)
        if isinstance(body, Response):
            return body
        try:
            rule = book.add(book.parse(body))
        except ValidationFailed as exc:
            return self._error(400, f"Invalid parameter {exc}")
        return _json(201, rule.describe())

    async def fault(self, request: Request) -> Response:
        book = self.ctx.faults
        fault_id: str = request.path_params["fault_id"]
        if request.method == "DELETE":
            if book.remove(fault_id):
                return _json(200, {"removed": 1})
        else:
            for described in book.describe():
                if described["id"] == fault_id:
                    return _json(200, described)
        return self._error(404, f"no fault rule {fault_id[:100]!r}")

    async def create_training(self, request: Request) -> Response:
        project = self._project(request)
        if isinstance(project, Response):
            return project
        body = await self._checked(request, self.training_body)
        if isinstance(body, Response):
            return body
        user = request.headers.get("x-app-userid")
        answer = await run_in_threadpool(
            lambda: self.ctx.store.training.create(
                project,
                body["state"],
                body.get("name"),
                self.ctx.base_url(request.scope),
                parts=body.get("video_multipart_count"),
                hold=bool(body.get("hold", False)),
                app_user_id=user,
            )
        )
        return _json(201, answer)

    async def fail_training(self, request: Request) -> Response:
        project = self._project(request)
        if isinstance(project, Response):
            return project
        body = await self._checked(request, self.empty_body)
        if isinstance(body, Response):
            return body
        job_id: str = request.path_params["job_id"]
        return _json(200, await run_in_threadpool(self._fail, project, job_id))

    def _fail(self, project_id: str, job_id: str) -> bytes:
        """Take the lifecycle's system_failure step from the job's current state."""
        jobs, life = self.ctx.store.training, self.ctx.model.training
        with jobs.writing(project_id, job_id) as w:
            t = life.failure_step(w.job.state)
            if t is None:
                raise not_in_state(life, job_id, w.job.state, SYSTEM_FAILURE, "a system failure")
            jobs.take(w, t)
            answer = orjson.dumps({"job_id": job_id, "state": w.job.state})
            jobs.save(w)
            return answer

    async def create_video(self, request: Request) -> Response:
        project = self._project(request)
        if isinstance(project, Response):
            return project
        body = await self._checked(request, self.video_body)
        if isinstance(body, Response):
            return body
        return _json(201, await run_in_threadpool(self.ctx.store.videos.create, project, body))

    async def upload_url(self, request: Request) -> Response:
        if request.method == "PUT":
            return await self.upload(request)
        info = await run_in_threadpool(self.ctx.store.uploads.info, request.path_params["token"])
        if info is None:
            return self._error(404, "no such upload URL")
        return _json(200, info)

    async def upload(self, request: Request) -> Response:
        """A one-shot presigned-URL look-alike: one HTTP PUT of the bytes, ETag = MD5."""
        token: str = request.path_params["token"]
        limit = self.ctx.config.max_upload_bytes
        too_large = f"EntityTooLarge: uploads are limited to {limit} bytes"
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return self._error(400, too_large)
        uploads = self.ctx.store.uploads
        if not await run_in_threadpool(uploads.exists, token):
            return self._error(404, "no such upload URL")
        digest = hashlib.md5(usedforsecurity=False)
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                return self._error(400, too_large)
            digest.update(chunk)
        etag = digest.hexdigest()
        await run_in_threadpool(uploads.complete, token, etag, size)
        return Response(b"", 200, headers={"ETag": f'"{etag}"'})
