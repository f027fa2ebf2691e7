"""The documented 2xx body as its model, or a typed error; and the raw-response twin.

``parse_body`` is the last step of every facade method: a status other than the documented
one raises the ``APIStatusError`` family, and a body that is not what the spec promises (not
JSON, truncated, ``[]`` or a string where an object is due, a value the model cannot take)
raises ``APIResponseValidationError`` with the status, request id, raw response and reason,
never a bare ``JSONDecodeError`` or an all-UNSET model.

``APIResponse`` is what the ``with_raw_response`` twins return: status, headers, request id,
the parsed model and the ``httpx.Response`` itself.

Copied verbatim into the generated client: imports only the standard library, httpx and its
siblings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import httpx

from .errors import REQUEST_ID_HEADER, APIResponseValidationError, APIStatusError, safe_text
from .jsonbody import loads

__all__ = ["APIResponse", "parse_body", "raw_response"]

T = TypeVar("T")


def parse_body(response: httpx.Response, status: int, parse: Callable[[Any], T]) -> T:
    """``parse(json)`` of a ``status`` answer, or the typed error saying what was wrong."""
    if response.status_code != status:
        raise APIStatusError.from_response(response)
    try:
        data = loads(response.content)
    except ValueError as exc:  # orjson's and json's decode errors are ValueErrors
        raise APIResponseValidationError(
            f"the body is not valid JSON ({safe_text(str(exc))[:120]})", response=response
        ) from exc
    if type(data) is not dict:
        raise APIResponseValidationError(
            f"expected a JSON object, got {type(data).__name__} (JSON "
            f"{'array' if isinstance(data, list) else 'scalar'})",
            response=response,
        )
    try:
        return parse(data)
    except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
        raise APIResponseValidationError(
            f"the body does not fit the model: {type(exc).__name__}: {safe_text(str(exc))[:200]}",
            response=response,
        ) from exc


@dataclass(frozen=True, slots=True)
class APIResponse(Generic[T]):
    """An answer with everything about it: ``parsed`` is the model the plain method returns."""

    status_code: int
    headers: httpx.Headers = field(repr=False)
    request_id: str | None
    parsed: T
    http_response: httpx.Response = field(repr=False)


def raw_response(
    response: httpx.Response, status: int, parse: Callable[[Any], T]
) -> APIResponse[T]:
    """``APIResponse`` of an answer (parsed and checked as ``parse_body`` does)."""
    parsed = parse_body(response, status, parse)
    return APIResponse(
        status_code=response.status_code,
        headers=response.headers,
        request_id=response.headers.get(REQUEST_ID_HEADER),
        parsed=parsed,
        http_response=response,
    )
