"""Reading a request body, the one way for the spec's operations and the control API: bounded
by `--max-body-bytes` (the declared Content-Length first, then what arrives), never acted on
when the client leaves before the end.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import Receive

from .validation import ValidationFailed

__all__ = ["ClientGone", "read_body"]


class ClientGone(Exception):
    """The connection ended (or timed out) before the whole body arrived: nothing is done."""


_READS = frozenset({"GET", "HEAD"})


def _too_large(limit: int) -> ValidationFailed:
    return ValidationFailed("body", f"is too large (larger than {limit} bytes)")


async def read_body(receive: Receive, headers: Mapping[str, str], limit: int, method: str) -> bytes:
    """The whole body; ValidationFailed past `limit` bytes, ClientGone on a disconnect. A GET
    or HEAD with neither Content-Length nor Transfer-Encoding has no body (RFC 9112, 6.3):
    nothing is received (a read for a client already gone is harmless; a write still waits
    for its whole body)."""
    declared = headers.get("content-length")
    if declared is None and method in _READS and "transfer-encoding" not in headers:
        return b""
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise ClientGone  # http.disconnect: never act on part of a body
        chunk = message.get("body", b"")
        if chunk:
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)
