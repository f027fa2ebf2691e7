"""uvicorn's httptools protocol with the connection limits uvicorn lacks, and MSS bodies on
protocol-level errors.

- Header timeout: a request's head and body must arrive within `header_timeout` seconds of
  its first byte (or of the connection, for the first request); then the connection is
  answered 408 (when no answer has started) and closed. A slow or stalled client cannot hold
  a connection open.
- Idle timeout: uvicorn's keep-alive timeout, `idle_timeout` seconds between requests.
- Connection cap: past `max_connections` open connections a new one is answered 503 with
  Retry-After and closed at once.
- The protocol object is in each request's scope (`metastudio.connection`), so a fault rule
  can reset or cut the connection (faults.py).
- A request uvicorn cannot parse is answered 400 with the MSS error body and an X-Request-Id
  (uvicorn's own answer is plain text without one).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

CONNECTION_SCOPE_KEY = "metastudio.connection"  # faults.py reads it

__all__ = ["limited_protocol"]

ErrorBody = Callable[[int, str], bytes]
_REASONS = {400: b"Bad Request", 408: b"Request Timeout", 503: b"Service Unavailable"}


def limited_protocol(
    *,
    header_timeout: float,
    max_connections: int,
    error_body: ErrorBody,
    request_id: Callable[[], bytes],
    retry_after: int,
) -> type[HttpToolsProtocol]:
    """An HttpToolsProtocol subclass bound to these limits (uvicorn takes a class)."""

    class LimitedHttpToolsProtocol(HttpToolsProtocol):
        _read_timer: asyncio.TimerHandle | None = None

        def _answer_and_close(self, status: int, message: str) -> None:
            body = error_body(status, message)
            head = [
                b"HTTP/1.1 %d %s" % (status, _REASONS[status]),
                b"content-type: application/json",
                b"content-length: %d" % len(body),
                b"x-request-id: " + request_id(),
                b"connection: close",
            ]
            if status == 503:
                head.append(b"retry-after: %d" % retry_after)
            self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
            self.transport.close()

        def _arm(self) -> None:
            if self._read_timer is None:
                self._read_timer = self.loop.call_later(header_timeout, self._timed_out)

        def _disarm(self) -> None:
            if self._read_timer is not None:
                self._read_timer.cancel()
                self._read_timer = None

        def _timed_out(self) -> None:
            self._read_timer = None
            if self.transport.is_closing():
                return
            cycle = self.cycle
            if cycle is not None and cycle.response_started and not cycle.response_complete:
                self.transport.close()  # an answer is on its way: just end the connection
                return
            if cycle is not None and not cycle.response_complete:
                cycle.disconnected = True  # the app stops waiting for the rest of the body
                cycle.message_event.set()
            self._answer_and_close(
                408, f"the request did not arrive within {header_timeout:g} seconds"
            )

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            if len(self.connections) > max_connections:
                self._answer_and_close(
                    503, f"the mock serves at most {max_connections} connections at once"
                )
                return
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def on_message_begin(self) -> None:
            super().on_message_begin()
            scope: dict[str, Any] = self.scope  # type: ignore[assignment]
            scope[CONNECTION_SCOPE_KEY] = self  # for connection faults (faults.py)
            self._arm()

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._disarm()

        def on_response_complete(self) -> None:
            self._disarm()  # answered early (before the whole body came): the request is over
            super().on_response_complete()

        def send_400_response(self, msg: str) -> None:
            self._disarm()
            self._answer_and_close(400, f"Invalid parameter request: {msg}")

    return LimitedHttpToolsProtocol
