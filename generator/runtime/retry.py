"""Retrying httpx transports: exponential backoff with full jitter, Retry-After honoured.

What is retried, and why:

* 429 for every method: a throttled request was not processed, so sending it again
  cannot apply anything twice.
* Failures to connect (connect error, connect or pool timeout) for every method: nothing
  reached the service.
* 5xx, read/write timeouts and broken connections only for GET, HEAD and OPTIONS. The PUT
  of this API is not treated as idempotent: each call hands out fresh one-shot upload URLs,
  so a blind repeat could invalidate the URLs the first attempt already returned. POST
  commands are never repeated after they may have reached the service.

The delay before retry ``n`` (0-based) is ``uniform(0, min(backoff_cap, backoff_base * 2**n))``
("full jitter"), unless the response carries Retry-After (seconds or an HTTP-date), which is
used instead, capped at ``max_retry_after``. ``max_retries=0`` switches retrying off.

The transport sits below httpx's auth flow, so a retried request is the very request that was
signed: it keeps its X-Sdk-Date. The service accepts dates within 15 minutes, far longer than
the worst case here (``max_retries`` times the larger cap; 2 x 30 s by default).

Every answer's body is decoded and bounded as it streams (``bodies.py``): a 2xx past
``max_response_bytes`` (decoded) is an ``APIResponseTooLargeError``, any other answer is
read up to a small excerpt, drains before a retry included.

A call may carry a total deadline (``request.extensions[DEADLINE]``, a ``time.monotonic()``
instant; the facade sets it from ``timeout=`` / ``call_timeout``): each attempt's connect,
read, write and pool timeouts are cut to the time left, no pause runs past it (the last
answer or error stands instead), and the body is read chunk by chunk against it, so a server
trickling one byte at a time cannot hold the call (``APITimeoutError``). A chunk read still
blocked at the deadline is ended too: cancelled in the async client, its socket shut down by
one watchdog thread (``_watchdog.py``) in the sync one.

Every attempt is logged at DEBUG on ``metastudio_client`` (request line, status, duration,
attempt, request id), every retry at INFO; never a header or a body.

After the last attempt an httpx transport error is re-raised as ``APIConnectionError`` /
``APITimeoutError`` (still ``httpx.TransportError`` subclasses); a retryable status is simply
returned, for the client's error hook to raise. A request whose body is a one-shot stream is
never retried.

Copied verbatim into the generated client: imports only the standard library, httpx and its
siblings.
"""

from __future__ import annotations

import asyncio
import logging
import random as _random
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from ._constants import (
    DEFAULT_BACKOFF_BASE,
    DEFAULT_BACKOFF_CAP,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_AFTER,
)
from ._watchdog import WATCHDOG
from .bodies import abounded, bounded
from .errors import REQUEST_ID_HEADER, APIConnectionError, APITimeoutError, safe_text
from .log import logger

__all__ = [
    "DEADLINE",
    "DEFAULT_RETRY_METHODS",
    "AsyncRetryTransport",
    "RetryPolicy",
    "RetryTransport",
    "parse_retry_after",
]

DEFAULT_RETRY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_AFTER_HEADER = "Retry-After"
DEADLINE = "metastudio.deadline"  # request extension: time.monotonic() when the call must end
_DEBUG = logging.DEBUG

# Nothing was sent: safe to repeat whatever the method.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Transient, but the request may have reached the service: safe methods only. Left out on
# purpose: UnsupportedProtocol and LocalProtocolError, which are our bugs, not the network's.
_TRANSIENT = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
    httpx.ProxyError,
)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date), else None
    (also for a value no date can stand for: the usual backoff applies then)."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:  # a hostile date (day 99999999999999999999, hour 10**11) overflows: ignored
            when = parsedate_to_datetime(value)
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            seconds = (when - (now or datetime.now(UTC))).total_seconds()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if seconds != seconds:  # NaN
        return None
    return max(seconds, 0.0)


class RetryPolicy:
    """The decisions shared by the sync and async transports: what to retry, how long to wait."""

    def __init__(
        self,
        *,
        max_retries: int = DEFAULT_MAX_RETRIES,
        backoff_base: float = DEFAULT_BACKOFF_BASE,
        backoff_cap: float = DEFAULT_BACKOFF_CAP,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        retry_methods: Collection[str] = DEFAULT_RETRY_METHODS,
        random: Callable[[], float] = _random.random,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if backoff_base < 0 or backoff_cap < 0 or max_retry_after < 0:
            raise ValueError("backoff_base, backoff_cap and max_retry_after must be >= 0")
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_retry_after = max_retry_after
        self.retry_methods = frozenset(m.upper() for m in retry_methods)
        self._random = random

    def __repr__(self) -> str:
        return (
            f"RetryPolicy(max_retries={self.max_retries}, backoff_base={self.backoff_base}, "
            f"backoff_cap={self.backoff_cap}, max_retry_after={self.max_retry_after}, "
            f"retry_methods={sorted(self.retry_methods)})"
        )

    def replayable(self, request: httpx.Request) -> bool:
        """A body that is already bytes can be sent again; a one-shot stream cannot."""
        return isinstance(request.stream, httpx.ByteStream)

    def should_retry_status(self, request: httpx.Request, response: httpx.Response) -> bool:
        if response.status_code == 429:
            return True
        return response.status_code >= 500 and request.method.upper() in self.retry_methods

    def should_retry_error(self, request: httpx.Request, exc: httpx.TransportError) -> bool:
        if isinstance(exc, _NOT_SENT):
            return True
        return isinstance(exc, _TRANSIENT) and request.method.upper() in self.retry_methods

    def backoff(self, attempt: int) -> float:
        """Full-jitter delay before retry ``attempt`` (0-based)."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2.0**attempt)
        return ceiling * self._random()

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        """Retry-After when the response has one (capped), else the jittered backoff."""
        if response is not None:
            after = parse_retry_after(response.headers.get(RETRY_AFTER_HEADER))
            if after is not None:
                return min(after, self.max_retry_after)
        return self.backoff(attempt)


def _mapped(exc: httpx.TransportError, request: httpx.Request) -> APIConnectionError:
    """Our family's twin of an httpx transport error (the original becomes ``__cause__``)."""
    kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return kind(f"{request.method} {request.url}: {what}", request=request)


def _late(request: httpx.Request, deadline: float) -> APITimeoutError:
    over = time.monotonic() - deadline
    return APITimeoutError(
        f"{request.method} {request.url}: the call's deadline passed ({over:.2f}s ago)",
        request=request,
    )


def _left(request: httpx.Request) -> float | None:
    """Seconds left before the call's deadline (None: no deadline); raises when none are."""
    deadline = request.extensions.get(DEADLINE)
    if deadline is None:
        return None
    left: float = deadline - time.monotonic()
    if left <= 0:
        raise _late(request, deadline)
    return left


def _bounded(request: httpx.Request, left: float | None) -> None:
    """Cut this attempt's timeouts to the time left."""
    if left is None:
        return
    timeouts = request.extensions.get("timeout") or {}
    request.extensions["timeout"] = {
        key: left if value is None else min(value, left)
        for key, value in {
            "connect": None,
            "read": None,
            "write": None,
            "pool": None,
            **timeouts,
        }.items()
    }


def _fits(request: httpx.Request, pause: float) -> bool:
    """Whether a pause (and a little of the next attempt) ends before the deadline."""
    deadline = request.extensions.get(DEADLINE)
    return deadline is None or time.monotonic() + pause < deadline


def _log_attempt(
    request: httpx.Request, attempt: int, started: float, outcome: httpx.Response | Exception
) -> None:
    took = time.monotonic() - started
    if isinstance(outcome, httpx.Response):
        rid = outcome.headers.get(REQUEST_ID_HEADER)
        logger.debug(
            "%s %s -> %d in %.3fs (attempt %d, request id %s)",
            request.method,
            request.url.raw_path.decode("ascii", "replace"),
            outcome.status_code,
            took,
            attempt + 1,
            safe_text(rid) if rid else "-",
        )
    else:
        logger.debug(
            "%s %s -> %s in %.3fs (attempt %d)",
            request.method,
            request.url.raw_path.decode("ascii", "replace"),
            type(outcome).__name__,
            took,
            attempt + 1,
        )


def _log_retry(
    request: httpx.Request, attempt: int, pause: float, why: httpx.Response | Exception
) -> None:
    reason = str(why.status_code) if isinstance(why, httpx.Response) else type(why).__name__
    logger.info(
        "retrying %s %s after %s in %.2fs (attempt %d)",
        request.method,
        request.url.raw_path.decode("ascii", "replace"),
        reason,
        pause,
        attempt + 2,
    )


class _MappedStream(httpx.SyncByteStream):
    """Map transport errors raised while the body streams (after the transport returned),
    and hold the call's deadline: checked between chunks, and a read still blocked at the
    deadline is ended by the watchdog shutting its socket down."""

    def __init__(
        self, inner: httpx.SyncByteStream, request: httpx.Request, sock: socket.socket | None
    ) -> None:
        self._inner = inner
        self._request = request
        self._deadline: float | None = request.extensions.get(DEADLINE)
        self._sock = sock

    def __iter__(self) -> Iterator[bytes]:
        deadline = self._deadline
        token = None
        if deadline is not None and self._sock is not None:
            token = WATCHDOG.watch(deadline, self._sock)
        try:
            for chunk in self._inner:
                if deadline is not None and time.monotonic() > deadline:
                    raise _late(self._request, deadline)
                yield chunk
        except APIConnectionError:
            raise
        except httpx.TransportError as exc:
            if deadline is not None and time.monotonic() >= deadline:
                raise _late(self._request, deadline) from exc
            raise _mapped(exc, self._request) from exc
        finally:
            if token is not None:
                WATCHDOG.cancel(token)

    def close(self) -> None:
        self._inner.close()


class _AsyncMappedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, request: httpx.Request) -> None:
        self._inner = inner
        self._request = request
        self._deadline: float | None = request.extensions.get(DEADLINE)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        deadline = self._deadline
        try:
            if deadline is None:
                async for chunk in self._inner:
                    yield chunk
                return
            chunks = self._inner.__aiter__()
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _late(self._request, deadline)
                try:
                    chunk = await asyncio.wait_for(chunks.__anext__(), left)
                except StopAsyncIteration:
                    return
                except TimeoutError:
                    raise _late(self._request, deadline) from None
                yield chunk
        except APIConnectionError:
            raise
        except httpx.TransportError as exc:
            raise _mapped(exc, self._request) from exc

    async def aclose(self) -> None:
        await self._inner.aclose()


def _wrap(response: httpx.Response, request: httpx.Request) -> httpx.Response:
    stream = response.stream
    if isinstance(stream, httpx.SyncByteStream) and not isinstance(stream, _MappedStream):
        sock = None
        if DEADLINE in request.extensions:
            network = response.extensions.get("network_stream")
            sock = network.get_extra_info("socket") if network is not None else None
        response.stream = _MappedStream(stream, request, sock)
    return response


def _awrap(response: httpx.Response, request: httpx.Request) -> httpx.Response:
    stream = response.stream
    if isinstance(stream, httpx.AsyncByteStream) and not isinstance(stream, _AsyncMappedStream):
        response.stream = _AsyncMappedStream(stream, request)
    return response


class RetryTransport(httpx.BaseTransport):
    """Wrap a transport (default ``httpx.HTTPTransport()``) with the retry policy above.

    ``sleep`` is injectable so tests can record delays instead of waiting.
    """

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        *,
        max_retries: int = DEFAULT_MAX_RETRIES,
        backoff_base: float = DEFAULT_BACKOFF_BASE,
        backoff_cap: float = DEFAULT_BACKOFF_CAP,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        retry_methods: Collection[str] = DEFAULT_RETRY_METHODS,
        sleep: Callable[[float], None] = time.sleep,
        random: Callable[[], float] = _random.random,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._transport = transport if transport is not None else httpx.HTTPTransport()
        self.max_response_bytes = max_response_bytes
        self.policy = RetryPolicy(
            max_retries=max_retries,
            backoff_base=backoff_base,
            backoff_cap=backoff_cap,
            max_retry_after=max_retry_after,
            retry_methods=retry_methods,
            random=random,
        )
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        policy = self.policy
        debug = logger.isEnabledFor(_DEBUG)
        attempt = 0
        while True:
            last = attempt >= policy.max_retries or not policy.replayable(request)
            _bounded(request, _left(request))
            started = time.monotonic() if debug else 0.0
            try:
                response = bounded(self._transport.handle_request(request), self.max_response_bytes)
            except APIConnectionError:
                raise
            except httpx.TransportError as exc:
                if debug:
                    _log_attempt(request, attempt, started, exc)
                delay = policy.delay(attempt, None)
                if last or not policy.should_retry_error(request, exc) or not _fits(request, delay):
                    raise _mapped(exc, request) from exc
                _log_retry(request, attempt, delay, exc)
                self._sleep(delay)
                attempt += 1
                continue
            if debug:
                _log_attempt(request, attempt, started, response)
            if last or not policy.should_retry_status(request, response):
                return _wrap(response, request)
            delay = policy.delay(attempt, response)
            if not _fits(request, delay):
                return _wrap(response, request)
            try:
                response.read()  # drain, so the connection goes back to the pool
            except httpx.TransportError:
                pass
            finally:
                response.close()
            _log_retry(request, attempt, delay, response)
            self._sleep(delay)
            attempt += 1

    def close(self) -> None:
        self._transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Async twin of ``RetryTransport`` (default inner ``httpx.AsyncHTTPTransport()``)."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        max_retries: int = DEFAULT_MAX_RETRIES,
        backoff_base: float = DEFAULT_BACKOFF_BASE,
        backoff_cap: float = DEFAULT_BACKOFF_CAP,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        retry_methods: Collection[str] = DEFAULT_RETRY_METHODS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        random: Callable[[], float] = _random.random,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._transport = transport if transport is not None else httpx.AsyncHTTPTransport()
        self.max_response_bytes = max_response_bytes
        self.policy = RetryPolicy(
            max_retries=max_retries,
            backoff_base=backoff_base,
            backoff_cap=backoff_cap,
            max_retry_after=max_retry_after,
            retry_methods=retry_methods,
            random=random,
        )
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        policy = self.policy
        debug = logger.isEnabledFor(_DEBUG)
        attempt = 0
        while True:
            last = attempt >= policy.max_retries or not policy.replayable(request)
            left = _left(request)
            _bounded(request, left)
            started = time.monotonic() if debug else 0.0
            try:
                if left is None:
                    response = await self._transport.handle_async_request(request)
                else:
                    response = await asyncio.wait_for(
                        self._transport.handle_async_request(request), left
                    )
                response = abounded(response, self.max_response_bytes)
            except APIConnectionError:
                raise
            except TimeoutError:
                raise _late(request, request.extensions[DEADLINE]) from None
            except httpx.TransportError as exc:
                if debug:
                    _log_attempt(request, attempt, started, exc)
                delay = policy.delay(attempt, None)
                if last or not policy.should_retry_error(request, exc) or not _fits(request, delay):
                    raise _mapped(exc, request) from exc
                _log_retry(request, attempt, delay, exc)
                await self._sleep(delay)
                attempt += 1
                continue
            if debug:
                _log_attempt(request, attempt, started, response)
            if last or not policy.should_retry_status(request, response):
                return _awrap(response, request)
            delay = policy.delay(attempt, response)
            if not _fits(request, delay):
                return _awrap(response, request)
            _log_retry(request, attempt, delay, response)
            try:
                await response.aread()
            except httpx.TransportError:
                pass
            finally:
                await response.aclose()
            await self._sleep(delay)
            attempt += 1

    async def aclose(self) -> None:
        await self._transport.aclose()
