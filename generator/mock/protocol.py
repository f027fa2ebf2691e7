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
- Request head: past `max_head_bytes` (request line and headers) or `max_headers` header
  lines the request is answered 431 and the connection closed, as soon as the limit is
  passed: the parser never holds more than the limit plus one read.
- `Transfer-Encoding` with a coding other than `chunked` (`gzip, chunked`) is answered 501:
  the mock decodes no transfer coding but chunked, and must not read such a body as plain.
- A request uvicorn cannot parse is answered 400 with the MSS error body and an X-Request-Id
  (uvicorn's own answer is plain text without one).
- Answered at once: a plain GET (HTTP/1.1 keep-alive, no body, no Expect, nothing in flight
  before it on the connection) is offered to `answer_now` (the app's
  `MockApp.answer_now`) when its head is complete; an answer is written in one write, head and
  body, without uvicorn's per-request cycle and task, and the request ends as uvicorn's would.
  None (a fault, replay, a step due, anything unusual) leaves it to uvicorn and the ASGI app.
- Written after the reads: answers given at once are written when the loop has handled every
  connection it read in this turn (one `call_soon` per turn, as a task-based server's writes
  come after its reads), so the peer is woken once for several answers, not once per answer:
  under wrk this halved the kernel time per request. A connection's answers waiting past
  `WRITE_BATCH_BYTES` are written at once; an error answer or a shutdown on the connection
  first writes what waits, so the order holds (timers run after the turn's writes).
"""

from __future__ import annotations

import asyncio
import sys
import urllib.parse
from collections.abc import Callable
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.protocols.utils import get_client_addr, get_path_with_query_string

CONNECTION_SCOPE_KEY = "metastudio.connection"  # faults.py reads it

__all__ = ["AnswerNow", "ErrorBody", "limited_protocol"]

ErrorBody = Callable[[int, str], bytes]
# scope -> (status, the header lines, each ending in CRLF, body) or None
AnswerNow = Callable[[Any], "tuple[int, bytes, bytes] | None"]
WRITE_BATCH_BYTES = 64 * 1024  # answers of one connection kept for the turn's end at most
_FRAMING = (b"content-length", b"transfer-encoding", b"upgrade")  # then not answered at once
_REASONS = {
    400: b"Bad Request",
    408: b"Request Timeout",
    431: b"Request Header Fields Too Large",
    501: b"Not Implemented",
    503: b"Service Unavailable",
}


class _Refused(Exception):
    """Raised in a parser callback: the parser stops, and uvicorn calls `send_400_response`,
    which answers `status` instead."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _NoEvent:
    def set(self) -> None:
        pass


class _AnsweredAtOnce:
    """Stands in for uvicorn's cycle of a request the protocol answered itself: complete, so
    the parser's later callbacks and the next request see nothing in flight."""

    response_started = response_complete = True
    disconnected = False
    message_event = _NoEvent()


_ANSWERED = _AnsweredAtOnce()


def _framing(headers: list[tuple[bytes, bytes]]) -> tuple[bool, list[bytes]]:
    """(whether any header frames a body or an upgrade, the transfer codings): one pass."""
    framed = False
    codings: list[bytes] = []
    for name, value in headers:
        if name in _FRAMING:
            framed = True
            if name == b"transfer-encoding":
                codings += [c.strip().lower() for c in value.split(b",") if c.strip()]
    return framed, codings


def limited_protocol(
    *,
    header_timeout: float,
    max_connections: int,
    error_body: ErrorBody,
    request_id: Callable[[], bytes],
    retry_after: int,
    max_head_bytes: int,
    max_headers: int,
    answer_now: AnswerNow | None = None,
) -> type[HttpToolsProtocol]:
    """An HttpToolsProtocol subclass bound to these limits (uvicorn takes a class)."""
    too_large = f"the request line and headers are larger than {max_head_bytes} bytes"
    too_many = f"the request has more than {max_headers} header lines"
    # connections with answers to write this turn: one loop's, as each server gets its own
    # class (serve.server_config)
    waiting: list[LimitedHttpToolsProtocol] = []

    def write_waiting() -> None:
        batch = waiting[:]
        waiting.clear()
        for protocol in batch:
            protocol._write_out()

    class LimitedHttpToolsProtocol(HttpToolsProtocol):
        _read_timer: asyncio.TimerHandle | None = None
        # bytes of the current head: counted per read while it is incomplete (None once
        # it is), and per parsed header line, so neither one long line nor many short ones
        # pass the limit
        _head_read: int | None = 0
        _head_size = 0
        _head_lines = 0

        # answers given at once, not yet written (`waiting` holds the connection meanwhile)
        _out: list[bytes] | None = None
        _out_bytes = 0

        def _write_soon(self, data: bytes) -> None:
            out = self._out
            if out is None:
                self._out = [data]
                self._out_bytes = len(data)
                if not waiting:
                    self.loop.call_soon(write_waiting)
                waiting.append(self)
                return
            out.append(data)
            self._out_bytes += len(data)
            if self._out_bytes > WRITE_BATCH_BYTES:
                self._write_out()  # then the transport's flow control sees them

        def _write_out(self) -> None:
            out = self._out
            if out is not None:
                self._out = None
                if not self.transport.is_closing():
                    self.transport.write(out[0] if len(out) == 1 else b"".join(out))

        def _answer_and_close(self, status: int, message: str) -> None:
            self._write_out()  # what was answered before goes first
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

        # one timer per connection, not one per request: `_deadline` is when the request
        # being read must be complete (None between requests); the timer, when it fires early,
        # waits again for what is left, at most `_tick`. After an answer given at once it also
        # keeps the idle timeout (`_idle_since`): uvicorn's keep-alive timer, armed and
        # cancelled per request, is only armed on the ASGI path
        _deadline: float | None = None
        _idle_since: float | None = None
        _tick = header_timeout

        def _arm(self) -> None:
            if self._deadline is None:
                self._deadline = self.loop.time() + header_timeout
            if self._read_timer is None:
                self._read_timer = self.loop.call_later(header_timeout, self._check_deadline)

        def _disarm(self) -> None:
            self._deadline = None

        def _stop_timer(self) -> None:
            self._deadline = None
            if self._read_timer is not None:
                self._read_timer.cancel()
                self._read_timer = None

        def _check_deadline(self) -> None:
            now = self.loop.time()
            deadline, idle = self._deadline, self._idle_since
            if deadline is None and idle is not None and now - idle >= self.timeout_keep_alive:
                self._read_timer = None
                self.timeout_keep_alive_handler()  # uvicorn's: closes the connection
                return
            if deadline is not None and now >= deadline:
                self._read_timer = self._deadline = None
                self._timed_out()
                return
            wait = self._tick if deadline is None else min(deadline - now, self._tick)
            self._read_timer = self.loop.call_later(wait, self._check_deadline)

        def _timed_out(self) -> None:
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
            self._tick = min(header_timeout, self.timeout_keep_alive) / 4
            if len(self.connections) > max_connections:
                self._answer_and_close(
                    503, f"the mock serves at most {max_connections} connections at once"
                )
                return
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_timer()
            self._out = None  # nobody left to read it
            super().connection_lost(exc)

        def shutdown(self) -> None:
            self._write_out()
            super().shutdown()

        def data_received(self, data: bytes) -> None:
            if self._head_read is not None:
                self._head_read += len(data)
            super().data_received(data)
            if (
                self._head_read is not None
                and self._head_read > max_head_bytes
                and not self.transport.is_closing()
            ):
                self._refuse(_Refused(431, too_large))

        def _refuse(self, refused: _Refused) -> None:
            self._stop_timer()
            self._answer_and_close(refused.status, refused.message)

        def _count(self, size: int) -> None:
            self._head_size += size
            if self._head_size > max_head_bytes:
                raise _Refused(431, too_large)
            if self._head_lines > max_headers:
                raise _Refused(431, too_many)

        def on_message_begin(self) -> None:
            super().on_message_begin()
            scope: dict[str, Any] = self.scope  # type: ignore[assignment]
            scope[CONNECTION_SCOPE_KEY] = self  # for connection faults (faults.py)
            self._head_size = self._head_lines = 0
            self._idle_since = None
            self._arm()

        def on_url(self, url: bytes) -> None:
            self._count(len(url))
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self._head_lines += 1
            self._head_size += len(name) + len(value) + 4
            if self._head_size > max_head_bytes or self._head_lines > max_headers:
                self._count(0)  # raises the refusal
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self._head_read = None
            framed, codings = _framing(self.headers)
            if codings and codings != [b"chunked"]:
                shown = b", ".join(codings).decode("latin-1")[:100]
                raise _Refused(
                    501, f"Transfer-Encoding {shown} is not supported; send chunked or plain"
                )
            if answer_now is None or framed or not self._answered_at_once(answer_now):
                super().on_headers_complete()

        _default_headers: object = None
        _default_bytes = b""

        def _default_head(self) -> bytes:
            """uvicorn's default headers (Date), encoded once per new list (once a second)."""
            headers = self.server_state.default_headers
            if headers is not self._default_headers:
                self._default_headers = headers
                self._default_bytes = b"".join(b"%s: %s\r\n" % h for h in headers)
            return self._default_bytes

        def _answered_at_once(self, answer_now: AnswerNow) -> bool:
            parser = self.parser
            cycle = self.cycle
            if (
                parser.get_method() != b"GET"
                or parser.get_http_version() != "1.1"
                or not parser.should_keep_alive()
                or self.expect_100_continue
                or self.limit_concurrency is not None
                or self.flow.write_paused
                or (cycle is not None and not cycle.response_complete)
            ):
                return False
            url = httptools.parse_url(self.url)  # as uvicorn's on_headers_complete does
            path = url.path.decode("ascii")
            if "%" in path:
                path = urllib.parse.unquote(path)
            scope: dict[str, Any] = self.scope  # type: ignore[assignment]
            scope["method"] = "GET"
            scope["path"] = self.root_path + path
            scope["raw_path"] = self.root_path.encode("ascii") + url.path
            scope["query_string"] = url.query or b""
            answer = answer_now(scope)
            if answer is None:
                return False
            status, head, body = answer
            self._write_soon(
                b"".join((STATUS_LINE[status], self._default_head(), head, b"\r\n", body))
            )
            if self.access_log:  # the line uvicorn's cycle logs
                self.access_logger.info(
                    '%s - "%s %s HTTP/%s" %d',
                    get_client_addr(scope),  # type: ignore[arg-type]
                    "GET",
                    get_path_with_query_string(scope),  # type: ignore[arg-type]
                    "1.1",
                    status,
                )
            self.cycle = _ANSWERED  # type: ignore[assignment]
            # what uvicorn's on_response_complete does, with nothing paused or pipelined (see
            # the conditions above), and the idle timeout kept by our timer
            self.server_state.total_requests += 1
            self._idle_since = self.loop.time()
            return True

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._head_read = 0  # what comes next is the next request's head
            self._disarm()

        def on_response_complete(self) -> None:
            self._disarm()  # answered early (before the whole body came): the request is over
            super().on_response_complete()

        def send_400_response(self, msg: str) -> None:
            refused = self._refused_by_callback()
            if refused is not None:
                self._refuse(refused)
                return
            self._stop_timer()
            self._answer_and_close(400, f"Invalid parameter request: {msg}")

        def _refused_by_callback(self) -> _Refused | None:
            # uvicorn calls send_400_response from its `except HttpParserError`; the
            # callback's exception is the parser error's context
            error = sys.exc_info()[1]
            cause = error.__context__ if error is not None else None
            return cause if isinstance(cause, _Refused) else None

    return LimitedHttpToolsProtocol
