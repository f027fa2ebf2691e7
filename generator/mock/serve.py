"""Serve an ASGI app on uvicorn in a daemon thread of this process, on a loopback socket.

Tests, the contract suite and `make fuzz` all need "the mock, here, on a free port"; this is the
one implementation. The socket is bound when the object is made, so `base_url` is known before
the server (and the app's database) starts.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import uvicorn

__all__ = ["ThreadServer", "free_socket"]

START_TIMEOUT = 20.0


def free_socket(host: str = "127.0.0.1") -> socket.socket:
    """A listening socket on a port the kernel picked, so parallel servers never collide."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    sock.listen(512)
    return sock


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
        server = uvicorn.Server(
            uvicorn.Config(
                self.app,
                loop="uvloop",
                http="httptools",
                lifespan="on",
                access_log=False,
                log_level=self.log_level,
                server_header=False,
                proxy_headers=False,
            )
        )
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
