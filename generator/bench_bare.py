"""The limit `make bench` measures the mock against: a bare ASGI app on the mock's own server
stack (uvicorn + uvloop + httptools, through `serve.server_config`), with no routing, no
middleware and no work, answering every request with one fixed answer: the status, headers and
body the mock gave for the loaded target, so both servers write the same bytes.

`python -m generator.bench_bare ANSWER.json` (`{"status": 200, "headers": [[name, value],
...], "body": "..."}`) prints `bench-bare listening on http://127.0.0.1:PORT` when it serves.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import uvicorn
from starlette.types import Receive, Scope, Send

from generator.mock.serve import free_socket, server_config

__all__ = ["READY_PREFIX", "fixed_answer", "main"]

READY_PREFIX = "bench-bare listening on "


def fixed_answer(status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> object:
    """An ASGI app that answers every HTTP request with these bytes (and reads nothing)."""
    start = {"type": "http.response.start", "status": status, "headers": headers}
    end = {"type": "http.response.body", "body": body}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await send(start)
            await send(end)

    return app


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    answer = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in answer["headers"]]
    app = fixed_answer(int(answer["status"]), headers, answer["body"].encode("utf-8"))
    sock = free_socket()
    print(f"{READY_PREFIX}http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    uvicorn.Server(server_config(app)).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
