"""One exception family for everything the MetaStudio client can raise.

Catch ``MetaStudioError`` for all of it, ``APIStatusError`` (or a status subclass) for an
answer from the service, ``APIConnectionError`` for no answer at all. Every status error
carries what a support case needs: status, the service's ``error_code``/``error_msg``, the
X-Request-Id and the raw ``httpx.Response``.

Copied verbatim into the generated client: imports only the standard library and httpx.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from ._constants import HEADER_REQUEST_ID

__all__ = [
    "APIConnectionError",
    "APIResponseTooLargeError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigError",
    "InternalServerError",
    "InvalidRequestError",
    "MetaStudioError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "araise_for_status",
    "raise_for_status",
    "safe_text",
]

REQUEST_ID_HEADER = HEADER_REQUEST_ID
_BODY_EXCERPT = 200  # characters of a non-JSON error body kept in the message


def safe_text(value: str) -> str:
    """``value`` with every non-printable character (ESC, CR, NUL, ...) escaped as ``\\x1b``:
    text a server chose must not drive the terminal or forge log lines when it is printed."""
    if value.isprintable():
        return value
    return "".join(
        [c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in value]
    )


def _excerpt(content: bytes) -> str:
    text = " ".join(content.decode("utf-8", "replace").split())
    cut = text[:_BODY_EXCERPT]
    return safe_text(cut) + ("..." if len(text) > len(cut) else "")


class MetaStudioError(Exception):
    """Base of every exception the client raises on purpose."""


class ConfigError(MetaStudioError, ValueError):
    """The settings are incomplete or invalid; ``missing`` lists the variables to set and
    ``tried`` the credential sources that were looked at, in order."""

    def __init__(
        self, message: str, missing: tuple[str, ...] = (), tried: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.missing = missing
        self.tried = tried


class InvalidRequestError(MetaStudioError, ValueError):
    """Refused before sending: the request could not go on the wire as the SDK signs it
    (say a job id of ``..``, which every HTTP stack collapses into the parent path), or a
    parameter has a value the spec does not list (``params.coerce_param``)."""


class APIResponseValidationError(MetaStudioError):
    """A 2xx answer whose body is not the documented one: not JSON (an HTML page from a
    gateway), truncated, of the wrong shape (``[]`` for an object) or with wrong types.

    ``reason`` says what was wrong; ``status_code``, ``request_id`` and the raw, read
    ``response`` are kept for a support case.
    """

    def __init__(self, reason: str, *, response: httpx.Response) -> None:
        self.reason = reason
        self.response = response
        self.status_code = response.status_code
        self.request_id: str | None = response.headers.get(REQUEST_ID_HEADER)
        request = response.request
        message = f"{self.status_code} answer to {request.method} {request.url.path}: {reason}"
        try:
            excerpt = _excerpt(response.content)
        except httpx.ResponseNotRead:  # raised while the body streams (bodies.py)
            excerpt = ""
        if excerpt:
            message += f" - body: {excerpt}"
        if self.request_id:
            message += f" (request id {safe_text(self.request_id)})"
        super().__init__(message)


class APIResponseTooLargeError(APIResponseValidationError):
    """A 2xx answer whose body, decoded, is larger than ``limit`` bytes
    (``ClientConfig.max_response_bytes``): reading stopped there."""

    def __init__(self, limit: int, *, response: httpx.Response) -> None:
        self.limit = limit
        super().__init__(
            f"the body is larger than max_response_bytes={limit} once decoded; reading stopped"
            " there (raise ClientConfig.max_response_bytes if the answer is legitimate)",
            response=response,
        )


class APIStatusError(MetaStudioError):
    """The service answered with a non-2xx status.

    ``error_code`` and ``error_msg`` come from the ``{"error_code", "error_msg"}`` body
    (``None`` when the body is not of that shape, e.g. an HTML page from a gateway);
    ``request_id`` from the X-Request-Id header; ``response`` is the raw, already read
    ``httpx.Response``.
    """

    status_code: int
    error_code: str | None
    error_msg: str | None
    request_id: str | None
    response: httpx.Response

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        error_code: str | None = None,
        error_msg: str | None = None,
    ) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = response.headers.get(REQUEST_ID_HEADER)

    @property
    def from_gateway(self) -> bool:
        """The API gateway answered (``APIG.*`` code: throttling, a gateway timeout, ...),
        not the service: the request may never have reached MetaStudio."""
        return (self.error_code or "").startswith(GATEWAY_CODE_PREFIX)

    @property
    def body(self) -> Any:
        """The decoded JSON body, or the text when it is not JSON (for debugging)."""
        try:
            return self.response.json()
        except ValueError:
            return self.response.text

    @classmethod
    def from_response(cls, response: httpx.Response) -> APIStatusError:
        """Build the most specific status error for a response whose body has been read."""
        error_code, error_msg = _parse_error_body(response)
        klass = _class_for_status(response.status_code)
        message = _message(response, error_code, error_msg)
        return klass(message, response=response, error_code=error_code, error_msg=error_msg)


class BadRequestError(APIStatusError):
    """400: a parameter is wrong; ``error_code``/``error_msg`` say which."""


class AuthenticationError(APIStatusError):
    """401: credentials missing, wrong, expired, or a signature that does not verify."""


class PermissionDeniedError(APIStatusError):
    """403: authenticated, but IAM does not allow this action on this project."""


class NotFoundError(APIStatusError):
    """404: no such job (or project) for this account."""


class RateLimitError(APIStatusError):
    """429: throttled; retried automatically (for any method) before this is raised."""


class InternalServerError(APIStatusError):
    """5xx: the service or a gateway failed; safe methods were retried before this."""


class APIConnectionError(MetaStudioError, httpx.TransportError):
    """No response: DNS, refused connection, reset, TLS or protocol failure.

    Also an ``httpx.TransportError``, so code and transports that handle httpx's own
    errors keep working; the original httpx exception is ``__cause__``.
    """


class APITimeoutError(APIConnectionError, httpx.TimeoutException):
    """No response in time (connect, read, write or connection-pool timeout)."""


# 413 and 414 are the API gateway's (APIG.0201: body or URI too large); the spec's catalogue
# `x-gateway-errors` names the class of each gateway answer and a test holds this map to it.
_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    413: BadRequestError,
    414: BadRequestError,
    429: RateLimitError,
}
GATEWAY_CODE_PREFIX = "APIG."  # error codes of the API gateway in front of the service


def _class_for_status(status: int) -> type[APIStatusError]:
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, APIStatusError)


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _parse_error_body(response: httpx.Response) -> tuple[str | None, str | None]:
    """``(error_code, error_msg)`` from the body; tolerant of non-JSON and other shapes.

    Besides MetaStudio's flat ``{"error_code", "error_msg"}`` this accepts the nested
    ``{"error": {"code", "message"}}`` that Huawei Cloud's IAM and API gateway send.
    """
    try:
        data = json.loads(response.content)
    except ValueError:  # also UnicodeDecodeError
        return None, None
    if not isinstance(data, dict):
        return None, None
    if "error_code" in data or "error_msg" in data:
        return _text(data.get("error_code")), _text(data.get("error_msg"))
    nested = data.get("error")
    if isinstance(nested, dict):
        return _text(nested.get("code")), _text(nested.get("message"))
    return None, None


def _message(response: httpx.Response, error_code: str | None, error_msg: str | None) -> str:
    """``404 MSS.00000002 Not Found (request id abc)``; a body excerpt when not JSON."""
    parts = [str(response.status_code)]
    if error_code:
        parts.append(safe_text(error_code))
    if error_msg:
        parts.append(safe_text(error_msg))
    else:
        parts.append(safe_text(response.reason_phrase or "error"))
        if error_code is None:
            excerpt = _excerpt(response.content)
            if excerpt:
                parts.append(f"- {excerpt}")
    message = " ".join(parts)
    request_id = response.headers.get(REQUEST_ID_HEADER)
    if request_id:
        message += f" (request id {safe_text(request_id)})"
    return message


def raise_for_status(response: httpx.Response) -> None:
    """Raise the matching ``APIStatusError`` for a non-2xx response (reading its body).

    Usable directly as an httpx ``response`` event hook of a sync client. A 3xx raises
    too: the clients built by ``ClientConfig`` do not follow redirects (the API sends none).
    """
    if response.is_success:
        return
    response.read()
    raise APIStatusError.from_response(response)


async def araise_for_status(response: httpx.Response) -> None:
    """Async twin of ``raise_for_status``: an event hook for ``httpx.AsyncClient``."""
    if response.is_success:
        return
    await response.aread()
    raise APIStatusError.from_response(response)
