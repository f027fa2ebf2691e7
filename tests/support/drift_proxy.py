"""A stand-in for a MetaStudio that has moved on: the mock behind a rewriting proxy.

`DriftProxy(upstream)` is an ASGI app that forwards every request unchanged to `upstream`
(the Host header too, so AK/SK signatures made for the proxy still verify at the mock) and
rewrites the JSON of every 200 answer: each `state` becomes `STATE` and each `job_type`
becomes `JOB_TYPE` below, values no spec enum has, and the answer gains a top-level field
`FIELD` no schema declares. Serve it with
`generator.mock.serve.ThreadServer(DriftProxy(url)).start()`; it binds 127.0.0.1 only.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

STATE = "STATE_FROM_THE_FUTURE"
JOB_TYPE = "JOB_TYPE_FROM_THE_FUTURE"
FIELD = "field_from_the_future"
_HOP_BY_HOP = {"connection", "content-length", "transfer-encoding", "keep-alive"}


def rewrite(value: Any) -> Any:
    """Every `state` and `job_type` member, at any depth, replaced by an unknown value."""
    if isinstance(value, dict):
        out = {k: rewrite(v) for k, v in value.items()}
        if isinstance(out.get("state"), str):
            out["state"] = STATE
        if isinstance(out.get("job_type"), str):
            out["job_type"] = JOB_TYPE
        return out
    if isinstance(value, list):
        return [rewrite(v) for v in value]
    return value


class DriftProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.rewritten = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        query = scope.get("query_string", b"").decode("latin-1")
        url = self.upstream + scope["raw_path"].decode("latin-1") + (f"?{query}" if query else "")
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        async with httpx.AsyncClient(timeout=10) as client:
            answer = await client.request(scope["method"], url, headers=headers, content=body)
        content = answer.content
        if answer.status_code == 200 and "json" in answer.headers.get("content-type", ""):
            data = rewrite(answer.json())
            if isinstance(data, dict):
                data[FIELD] = True
            content = json.dumps(data).encode()
            self.rewritten += 1
        out = [
            (k.encode("latin-1"), v.encode("latin-1"))
            for k, v in answer.headers.items()
            if k.lower() not in _HOP_BY_HOP
        ]
        out.append((b"content-length", str(len(content)).encode()))
        await send({"type": "http.response.start", "status": answer.status_code, "headers": out})
        await send({"type": "http.response.body", "body": content})
