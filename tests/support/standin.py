"""A stand-in HTTP server for client tests: a `BaseHTTPRequestHandler` class served on a free
loopback port by daemon threads, until the caller shuts it down."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def standin(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler`; yields the base URL (`http://127.0.0.1:<port>`)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
