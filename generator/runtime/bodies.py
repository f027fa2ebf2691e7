"""Answer bodies decoded and bounded as they stream: no answer can take more memory than a limit.

httpx decodes ``Content-Encoding`` above the transport, unbounded: a 1 MB gzip body that
inflates to 1 GiB is 1 GiB in memory, and a body that does not decode escapes as
``httpx.DecodingError``. So the retry transport decodes here instead (gzip and deflate, the
codings ``ACCEPT_ENCODING`` asks for), in steps of at most ``_STEP`` output bytes, counting
decoded bytes; it removes ``Content-Encoding`` and ``Content-Length`` from the response it
hands up, whose body is then the decoded one.

* A 2xx answer larger than the limit (``ClientConfig.max_response_bytes``) ends in
  ``APIResponseTooLargeError`` naming it, once the limit is passed: nothing more is read.
* Any other answer (an error, drained before a retry or read for its error message) is cut
  at ``ERROR_BODY_EXCERPT_BYTES``: the status is what matters, the body is an excerpt.
* A body that does not decode ends in ``APIResponseValidationError`` (for an error answer the
  excerpt just stops there).

Copied verbatim into the generated client: imports only the standard library, httpx and its
siblings.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterable, Iterator

import httpx

from ._constants import ERROR_BODY_EXCERPT_BYTES
from .errors import APIResponseTooLargeError, APIResponseValidationError, safe_text

__all__ = ["ACCEPT_ENCODING", "abounded", "bounded"]

ACCEPT_ENCODING = "gzip, deflate"
_STEP = 64 * 1024  # the most one decompression step may produce
_IDENTITY = frozenset({"", "identity"})


class _Inflate:
    """gzip or deflate (zlib-wrapped, or raw as some servers send it), decoded in steps."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._gzip = coding in ("gzip", "x-gzip")
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)
        self._first = True

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            try:
                out = self._zlib.decompress(data, _STEP)
            except zlib.error:
                if self._gzip or not self._first:
                    raise
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate
                self._first = False
                continue
            self._first = False
            data = self._zlib.unconsumed_tail
            if out:
                yield out
            if self._zlib.eof:  # what follows the end is ignored, as httpx does
                return


def _codings(response: httpx.Response) -> list[str]:
    value = response.headers.get("content-encoding", "")
    return [c.strip().lower() for c in value.split(",") if c.strip().lower() not in _IDENTITY]


class _Bounded:
    """What the sync and async streams share: decode, count, cut or refuse."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        self.response = response
        self.excerpt = not response.is_success
        self.limit = min(limit, ERROR_BODY_EXCERPT_BYTES) if self.excerpt else limit
        self.size = 0
        self.done = False
        codings = _codings(response)
        unknown = [c for c in codings if c not in ("gzip", "x-gzip", "deflate")]
        self.unknown = unknown[0] if unknown else None
        # applied in the reverse order of the header (the last coding was applied last)
        self.decoders = [] if unknown else [_Inflate(c) for c in reversed(codings)]
        if codings:
            del response.headers["content-encoding"]
            if "content-length" in response.headers:
                del response.headers["content-length"]

    def _broken(self, why: str) -> APIResponseValidationError:
        self.done = True
        return APIResponseValidationError(why, response=self.response)

    def take(self, raw: bytes) -> Iterator[bytes]:
        """The decoded pieces of a raw chunk, cut at the limit (or raising past it)."""
        if self.done:
            return
        if self.unknown is not None and raw:
            if self.excerpt:
                self.done = True
                return
            raise self._broken(
                f"the body is in Content-Encoding {safe_text(self.unknown)[:40]!r},"
                f" which the client does not decode (it asks for {ACCEPT_ENCODING})"
            )
        try:
            pieces: Iterable[bytes] = [raw] if raw else []
            for decoder in self.decoders:
                pieces = self._through(decoder, pieces)
            for piece in pieces:
                self.size += len(piece)
                if self.size > self.limit:
                    self.done = True
                    if self.excerpt:
                        yield piece[: len(piece) - (self.size - self.limit)]
                        return
                    raise APIResponseTooLargeError(self.limit, response=self.response)
                yield piece
        except zlib.error as exc:
            if self.excerpt:
                self.done = True
                return
            coding = ", ".join(d.coding for d in reversed(self.decoders))
            why = f"the body does not decode as Content-Encoding {coding} ({exc})"
            raise self._broken(why) from exc

    @staticmethod
    def _through(decoder: _Inflate, pieces: Iterable[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            yield from decoder.feed(piece)


class _SyncBounded(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, state: _Bounded) -> None:
        self._inner = inner
        self._state = state

    def __iter__(self) -> Iterator[bytes]:
        state = self._state
        for raw in self._inner:
            yield from state.take(raw)
            if state.done:
                return  # httpx closes the stream: the connection is dropped, not reused

    def close(self) -> None:
        self._inner.close()


class _AsyncBounded(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, state: _Bounded) -> None:
        self._inner = inner
        self._state = state

    async def __aiter__(self) -> AsyncIterator[bytes]:
        state = self._state
        async for raw in self._inner:
            for piece in state.take(raw):
                yield piece
            if state.done:
                return

    async def aclose(self) -> None:
        await self._inner.aclose()


def bounded(response: httpx.Response, limit: int) -> httpx.Response:
    """``response`` (as the sync transport returned it) with its body decoded and bounded."""
    stream = response.stream
    if isinstance(stream, httpx.SyncByteStream) and not isinstance(stream, _SyncBounded):
        response.stream = _SyncBounded(stream, _Bounded(response, limit))
    return response


def abounded(response: httpx.Response, limit: int) -> httpx.Response:
    """Async twin of ``bounded``."""
    stream = response.stream
    if isinstance(stream, httpx.AsyncByteStream) and not isinstance(stream, _AsyncBounded):
        response.stream = _AsyncBounded(stream, _Bounded(response, limit))
    return response
