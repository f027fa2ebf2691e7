"""Domain errors to HTTP, in one place: the store and the handlers raise what went wrong
(`store.StoreError` subclasses, no HTTP in them), and this table says how each is answered.

A status the spec documents gets its example error_code (`context.ErrorBodies`); a busy or
unwritable state file is 503 with Retry-After, so clients retry instead of failing.
"""

from __future__ import annotations

from collections.abc import Mapping

from .limits import RETRY_AFTER_SECONDS
from .store import Busy, Conflict, Gone, NotFound, Refused, StorageFault, StoreError

__all__ = ["STATUSES", "http_status", "retry_headers"]

STATUSES: Mapping[type[StoreError], int] = {
    NotFound: 404,  # no such job or upload URL
    Refused: 400,  # the lifecycle, a cap or the request's own values refuse it
    Conflict: 409,  # a one-shot upload URL used a second time
    Gone: 403,  # an upload URL superseded by a later update (OBS answers 403)
    Busy: 503,  # another writer held the file's lock past the busy timeout
    StorageFault: 503,  # the file cannot be written
}
RETRY_LATER = frozenset({Busy, StorageFault})


def http_status(exc: StoreError) -> int:
    """The status of a domain error (its nearest listed class; 400 for any other)."""
    for kind in type(exc).__mro__:
        if kind in STATUSES:
            return STATUSES[kind]
    return 400


def retry_headers(exc: StoreError) -> list[tuple[bytes, bytes]] | None:
    if type(exc) in RETRY_LATER:
        return [(b"retry-after", b"%d" % RETRY_AFTER_SECONDS)]
    return None
