"""Helpers of the proxy tests: the two key pairs, a proxy in a thread, hostile upstreams.

Key pair A is the client's, key pair B the proxy's; the upstream mock accepts only B. Every
server binds 127.0.0.1 on a port the kernel picks and runs bounded loops.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from mockserver import EXAMPLE_TRAINING_JOB, EXAMPLE_VIDEO_JOB, SPEC

from generator.mock.config import Credentials
from generator.mock.model import load_facts
from generator.mock.serve import ThreadServer
from generator.proxy.app import ProxyApp
from generator.proxy.config import ProxyConfig, resolve_upstream

PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
# B: what the proxy signs with and the only thing the upstream mock accepts
B = Credentials(
    ak="PROXYKEYB00000000001",
    sk="proxy/secret+B=0123456789",
    project_id=PROJECT,
    token="proxy-b-iam-token-0123456789",
    security_token="proxy-b-sts-token-0123456789",
)
# A: what the client holds (the mock knows none of it)
A = Credentials(
    ak="CLIENTKEYA0000000001",
    sk="client/secret+A=9876543210",
    project_id=PROJECT,
    token="client-a-iam-token-9876543210",
)
SECRETS = [B.ak, B.sk, B.token, B.security_token, A.ak, A.sk, A.token]


def proxy_config(upstream: str, chain: str = "aksk", **changes: Any) -> ProxyConfig:
    """A config for `upstream` with B's credentials, no rate limit: `chain` "aksk" signs
    with B's AK/SK and STS token, "token" sends B's IAM token."""
    creds: dict[str, str] = {"auth_token": B.token}
    if chain == "aksk":
        creds = {"ak": B.ak, "sk": B.sk, "security_token": B.security_token}
    client = resolve_upstream(upstream, None, environ={}, project_id=PROJECT, **creds)
    return replace(ProxyConfig(upstream=client, rate=None), **changes)


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """`app` on uvicorn in a thread, for the block; yields its base URL."""
    server = ThreadServer(app).start()
    try:
        yield server.base_url
    finally:
        server.stop()


@contextmanager
def running_proxy(
    upstream: str, chain: str = "aksk", **changes: Any
) -> Iterator[tuple[str, ProxyApp]]:
    app = ProxyApp(proxy_config(upstream, chain, **changes))
    with serving(app) as url:
        yield url, app


class RawUpstream:
    """A TCP server that misbehaves: `garbage` (a non-HTTP reply, then close), `reset`
    (RST as soon as the request arrived) or `slow` (reads, then says nothing for
    `delay` seconds). Serves at most `max_connections` connections, then stops."""

    def __init__(self, mode: str, delay: float = 5.0, max_connections: int = 20) -> None:
        self.mode = mode
        self.delay = delay
        self.max_connections = max_connections
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.base_url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> RawUpstream:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set() and self.connections < self.max_connections:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            conn.recv(65536)
            if self.mode == "garbage":
                conn.sendall(b"\x00\xffthis is not HTTP at all\r\n\r\n")
            elif self.mode == "reset":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            elif self.mode == "slow":
                deadline = time.monotonic() + self.delay
                while time.monotonic() < deadline and not self._stop.is_set():
                    time.sleep(0.05)
        except OSError:
            pass
        finally:
            conn.close()


# -- a canned upstream (shared by the validation and safety tests) --------------------------------
TRAINING = f"/v1/{PROJECT}/digital-human-training-manage/user/jobs/{EXAMPLE_TRAINING_JOB}"
VIDEO = f"/v1/{PROJECT}/2d-digital-human-videos/{EXAMPLE_VIDEO_JOB}"
LIST = f"/v1/{PROJECT}/digital-human-videos"
MODEL = load_facts(SPEC)


class Canned:
    """Answers `answers[path]` = (status, content type, body) and counts the requests."""

    def __init__(self, answers: dict[str, tuple[int, str, bytes]]) -> None:
        self.answers = answers
        self.hits = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        self.hits += 1
        status, kind, body = self.answers.get(scope["path"], (404, "application/json", b"{}"))
        headers = [(b"content-type", kind.encode()), (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def canned_upstream() -> Canned:
    breaking = {**MODEL.example_training_job, "state": 42}
    foreign = {**MODEL.example_video_job, "state": "未来的状态"}
    flooded = {"count": 0, "jobs": [], **{f"unknown_field_{n:04d}": n for n in range(500)}}
    return Canned(
        {
            TRAINING: (200, "application/json", _json(breaking)),
            VIDEO: (200, "application/json", _json(foreign)),
            LIST: (200, "application/json", _json(flooded)),
            f"/v1/{PROJECT}/digital-human-training-manage/user/jobs/teapot": (
                418,
                "application/json",
                b"{}",
            ),
            f"/v1/{PROJECT}/2d-digital-human-videos/html": (200, "text/html", b"<html></html>"),
        }
    )
