"""What goes on the wire: the request target exactly as huaweicloudsdkcore sends it.

The SDK's signer sets ``request.uri = resource_path + "?" + canonical_query``, so the query on
the wire *is* the canonical query that was signed: pairs sorted by key then value, both
``quote(v, safe="~")`` (a space is ``%20``, ``+`` is ``%2B``, ``,`` is ``%2C``, ``*`` is
``%2A``, an empty value is ``k=``), booleans ``true``/``false``. httpx's own ``params=``
encoding differs (a space becomes ``+``), so ``prepare`` builds the target itself and httpx
sends it untouched.

Refused before sending (``InvalidRequestError``), because no HTTP stack sends them as signed:
a path segment that is empty, ``.`` or ``..`` (urllib3, and so the SDK, collapses ``..`` into
the parent path: ``execute(job_id="..")`` would POST to another URL than the one it signed).

Header values that are not ASCII (say a Chinese ``X-App-UserId``) go out as UTF-8 bytes, as
the SDK sends them, and are signed as that text.

Copied verbatim into the generated client: imports only the standard library, httpx and its
siblings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import InvalidRequestError
from .signing import canonical_query_pairs

__all__ = ["prepare", "query_text", "wire_query"]

_FORBIDDEN_SEGMENTS = frozenset({"", ".", ".."})


def query_text(value: Any) -> str:
    """One query value as the SDK writes it: booleans lower-case, everything else str()."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value if isinstance(value, str) else str(value)


def wire_query(params: Mapping[str, Any]) -> str:
    """The canonical (and so the wire) query of decoded parameters; ``None`` is dropped and a
    list repeats its key, as httpx would."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            pairs.extend((key, query_text(item)) for item in value if item is not None)
        else:
            pairs.append((key, query_text(value)))
    return canonical_query_pairs(pairs)


def _check_path(path: str) -> None:
    segments = path.split("/")
    for segment in segments[1:]:
        if segment in _FORBIDDEN_SEGMENTS:
            shown = "an empty path parameter" if not segment else f"a path parameter of {segment!r}"
            raise InvalidRequestError(
                f"refused to send {path}: {shown} cannot go on the wire as signed "
                "(HTTP clients, the official SDK included, rewrite such a path)"
            )


def prepare(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Turn what an endpoint module's ``request()`` returns (``_api/<tag>/<operation>.py``)
    into ``httpx.Client.request`` arguments with the SDK's wire form: the URL carries the
    canonical query, non-ASCII headers are UTF-8."""
    url: str = kwargs["url"]
    _check_path(url)
    params = kwargs.pop("params", None)
    if params:
        query = wire_query(params)
        if query:
            kwargs["url"] = f"{url}?{query}"
    headers = kwargs.get("headers")
    if headers:
        for name, value in headers.items():
            if isinstance(value, str) and not value.isascii():
                headers[name] = value.encode("utf-8")
    return kwargs
