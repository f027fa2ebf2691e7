"""The limits `make bench` measures the mock against, both on the mock's own server stack
(uvicorn + uvloop + httptools, through `serve.server_config`), with no routing and no work,
answering every request with one fixed answer: the status, headers and body the mock gave for
the loaded target, so every server writes the same bytes.

- `bare uvicorn`: a bare ASGI app (uvicorn's per-request cycle and task, two writes);
- `bare at once` (`--at-once`): the mock's own protocol (`mock/protocol.py`) answering every
  plain GET at once with the fixed answer, as the mock's `answer_now` does: the limit of the
  path the mock's reads take, so what is left between the two is the mock's own work.

`python -m generator.bench_bare [--at-once] ANSWER.json` (`{"status": 200, "headers": [[name,
value], ...], "body": "..."}`) prints `bench-bare listening on http://127.0.0.1:PORT` when it
serves.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import uvicorn
from starlette.types import Receive, Scope, Send

from generator.mock.config import MockConfig
from generator.mock.serve import free_socket, mock_protocol, server_config

__all__ = ["READY_PREFIX", "at_once_protocol", "fixed_answer", "main"]

READY_PREFIX = "bench-bare listening on "
Headers = list[tuple[bytes, bytes]]


def fixed_answer(status: int, headers: Headers, body: bytes) -> object:
    """An ASGI app that answers every HTTP request with these bytes (and reads nothing)."""
    start = {"type": "http.response.start", "status": status, "headers": headers}
    end = {"type": "http.response.body", "body": body}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await send(start)
            await send(end)

    return app


def at_once_protocol(status: int, headers: Headers, body: bytes) -> type[Any]:
    """The mock's protocol, with the mock's default limits, answering every plain GET at once
    with these bytes (anything else goes to the ASGI app)."""
    answer = (status, b"".join(b"%s: %s\r\n" % h for h in headers), body)
    return mock_protocol(
        MockConfig(), lambda status, message: b"{}", lambda: b"0", lambda scope: answer
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    at_once = "--at-once" in args
    path = next(a for a in args if a != "--at-once")
    answer = json.loads(Path(path).read_text(encoding="utf-8"))
    status = int(answer["status"])
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in answer["headers"]]
    body = answer["body"].encode("utf-8")
    config = server_config(fixed_answer(status, headers, body))
    if at_once:
        config.http = at_once_protocol(status, headers, body)
    sock = free_socket()
    print(f"{READY_PREFIX}http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
