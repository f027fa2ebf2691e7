"""Run the mock for tests, the contract suite, `make fuzz` and `make bench`: in a daemon thread of
this process on a loopback socket (`ThreadServer`), or as its own process (`spawn`).

Everyone needs "the mock, here, on a free port"; this is the one implementation. A
ThreadServer binds its socket when it is made, so `base_url` is known before the server (and
the app's database) starts.
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import uvicorn

from generator.runtime._constants import ENV_AK, ENV_PROJECT_ID, ENV_SK, ENV_TOKEN

from .cli import READY_PREFIX
from .config import Credentials, MockConfig
from .context import MockContext
from .limits import MAX_HEAD_BYTES, MAX_HEADERS, RETRY_AFTER_SECONDS, default_max_connections
from .protocol import AnswerNow, ErrorBody, limited_protocol

__all__ = ["ThreadServer", "free_socket", "mock_protocol", "server_config", "spawn"]

START_TIMEOUT = 20.0


def free_socket(host: str = "127.0.0.1") -> socket.socket:
    """A listening socket on a port the kernel picked, so parallel servers never collide."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    sock.listen(512)
    return sock


def mock_protocol(
    config: MockConfig,
    error_body: ErrorBody,
    request_id: Callable[[], bytes],
    answer_now: AnswerNow | None,
) -> type[Any]:
    """The mock's HTTP protocol with `config`'s connection limits (`protocol.py`)."""
    return limited_protocol(
        header_timeout=config.header_timeout_seconds,
        max_connections=config.max_connections or default_max_connections(),
        error_body=error_body,
        request_id=request_id,
        retry_after=RETRY_AFTER_SECONDS,
        max_head_bytes=MAX_HEAD_BYTES,
        max_headers=MAX_HEADERS,
        answer_now=answer_now,
    )


def server_config(
    app: Any,
    *,
    log_level: str = "warning",
    access_log: bool = False,
    loop: str = "uvloop",
) -> uvicorn.Config:
    """uvicorn settings (the one place): httptools, no Server header, no proxy headers; for the
    mock's app also the connection limits of its MockConfig (`protocol.py`). Any other ASGI
    app (a test's stand-in server) gets uvicorn's own protocol."""
    ctx: MockContext | None = getattr(getattr(app, "state", None), "mock", None)
    http: Any = "httptools"
    keep_alive = 5
    if ctx is not None:
        http = mock_protocol(
            ctx.config, ctx.error_body, app.state.request_ids, getattr(app, "answer_now", None)
        )
        keep_alive = int(ctx.config.idle_timeout_seconds) or 1
    return uvicorn.Config(
        app,
        loop=loop,
        http=http,
        lifespan="on",
        access_log=access_log,
        log_level=log_level,
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=keep_alive,
    )


class ThreadServer:
    """uvicorn serving `app` (given now or at `start`) in a daemon thread."""

    def __init__(self, app: Any = None, *, log_level: str = "warning") -> None:
        self.app = app
        self.log_level = log_level
        self.sock = free_socket()
        self.base_url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None

    def start(self, app: Any = None) -> ThreadServer:
        if app is not None:
            self.app = app
        if self.app is None:
            raise RuntimeError("ThreadServer.start needs an app")
        server = uvicorn.Server(server_config(self.app, log_level=self.log_level))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.server, self.thread = server, thread
        thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the mock server thread did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=10)
        self.sock.close()


def spawn(
    db_path: Path,
    credentials: Credentials,
    extra_args: Sequence[str] = (),
    *,
    cwd: Path | None = None,
    timeout: float = START_TIMEOUT,
) -> tuple[subprocess.Popen[str], str, list[str]]:
    """Start `python -m generator mock --port 0` as its own process and wait for its ready line.

    Returns the process, its base URL and the list its output keeps being appended to (for
    tests that kill it, and for error messages). A process that never gets ready is killed.
    """
    env = dict(os.environ)
    env.update(
        {
            ENV_AK: credentials.ak,
            ENV_SK: credentials.sk,
            ENV_PROJECT_ID: credentials.project_id,
            ENV_TOKEN: credentials.token,
            "PYTHONUNBUFFERED": "1",
        }
    )
    cmd = [sys.executable, "-m", "generator", "mock", "--port", "0", "--db", str(db_path)]
    proc = subprocess.Popen(
        [*cmd, *extra_args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    output: list[str] = []

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            output.append(line)
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    while True:
        try:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            line = None
        if line is None:
            proc.kill()
            proc.wait(timeout=10)
            raise RuntimeError("the mock process did not start:\n" + "".join(output))
        if line.startswith(READY_PREFIX):
            return proc, line[len(READY_PREFIX) :].strip(), output
