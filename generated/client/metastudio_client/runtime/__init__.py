"""Runtime modules copied verbatim into the generated client (and used by the mock).

Each module imports only the standard library, httpx and its siblings (relatively), so it
keeps working once copied into another package.

The package offers one flat surface, httpx style: ``from <package>.runtime import
RetryTransport, NotFoundError, from_env``. Names load lazily (PEP 562), so importing one
module, as the mock does with ``signing``, still does not drag in the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .auth import (
        UNSIGNED_HEADERS,
        AkSkAuth,
        MaskedHeaders,
        TokenAuth,
    )
    from .config import (
        ENV_AK,
        ENV_ENDPOINT,
        ENV_PROJECT_ID,
        ENV_REGION,
        ENV_SECURITY_TOKEN,
        ENV_SK,
        ENV_TOKEN,
        ClientConfig,
        ConfigError,
        from_env,
    )
    from .errors import (
        APIConnectionError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        InternalServerError,
        InvalidRequestError,
        MetaStudioError,
        NotFoundError,
        PermissionDeniedError,
        RateLimitError,
        araise_for_status,
        raise_for_status,
        safe_text,
    )
    from .pagination import (
        DEFAULT_MAX_PAGES,
        DEFAULT_PAGE_SIZE,
        PaginationError,
        aiter_pages,
        iter_pages,
    )
    from .regions import (
        ServerTemplate,
    )
    from .response import (
        APIResponse,
        parse_body,
    )
    from .retry import (
        DEADLINE,
        DEFAULT_RETRY_METHODS,
        AsyncRetryTransport,
        RetryPolicy,
        RetryTransport,
        parse_retry_after,
    )
    from .signing import (
        ALGORITHM,
        EMPTY_BODY_SHA256,
        UNSIGNED_PAYLOAD,
        SignatureError,
        VerifyResult,
        authorization_header,
        canonical_query,
        canonical_query_pairs,
        canonical_request,
        canonical_uri,
        parse_authorization,
        payload_hash,
        sdk_date,
        sign,
        signature,
        string_to_sign,
        verify,
    )
    from .waiters import (
        WaiterTimeoutError,
        async_wait_for,
        default_state,
        wait_for,
    )
    from .wire import (
        prepare,
    )

__all__ = [
    "ALGORITHM",
    "DEADLINE",
    "DEFAULT_MAX_PAGES",
    "DEFAULT_PAGE_SIZE",
    "DEFAULT_RETRY_METHODS",
    "EMPTY_BODY_SHA256",
    "ENV_AK",
    "ENV_ENDPOINT",
    "ENV_PROJECT_ID",
    "ENV_REGION",
    "ENV_SECURITY_TOKEN",
    "ENV_SK",
    "ENV_TOKEN",
    "UNSIGNED_HEADERS",
    "UNSIGNED_PAYLOAD",
    "APIConnectionError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AkSkAuth",
    "AsyncRetryTransport",
    "AuthenticationError",
    "BadRequestError",
    "ClientConfig",
    "ConfigError",
    "InternalServerError",
    "InvalidRequestError",
    "MaskedHeaders",
    "MetaStudioError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryPolicy",
    "RetryTransport",
    "ServerTemplate",
    "SignatureError",
    "TokenAuth",
    "VerifyResult",
    "WaiterTimeoutError",
    "aiter_pages",
    "araise_for_status",
    "async_wait_for",
    "authorization_header",
    "canonical_query",
    "canonical_query_pairs",
    "canonical_request",
    "canonical_uri",
    "default_state",
    "from_env",
    "iter_pages",
    "parse_authorization",
    "parse_body",
    "parse_retry_after",
    "payload_hash",
    "prepare",
    "raise_for_status",
    "safe_text",
    "sdk_date",
    "sign",
    "signature",
    "string_to_sign",
    "verify",
    "wait_for",
]

_EXPORTS: dict[str, str] = {
    "ALGORITHM": "signing",
    "APIConnectionError": "errors",
    "APIResponse": "response",
    "APIResponseValidationError": "errors",
    "APIStatusError": "errors",
    "APITimeoutError": "errors",
    "AkSkAuth": "auth",
    "AsyncRetryTransport": "retry",
    "AuthenticationError": "errors",
    "BadRequestError": "errors",
    "ClientConfig": "config",
    "ConfigError": "config",
    "DEADLINE": "retry",
    "DEFAULT_MAX_PAGES": "pagination",
    "DEFAULT_PAGE_SIZE": "pagination",
    "DEFAULT_RETRY_METHODS": "retry",
    "EMPTY_BODY_SHA256": "signing",
    "ENV_AK": "config",
    "ENV_ENDPOINT": "config",
    "ENV_PROJECT_ID": "config",
    "ENV_REGION": "config",
    "ENV_SECURITY_TOKEN": "config",
    "ENV_SK": "config",
    "ENV_TOKEN": "config",
    "InternalServerError": "errors",
    "InvalidRequestError": "errors",
    "MaskedHeaders": "auth",
    "MetaStudioError": "errors",
    "NotFoundError": "errors",
    "PaginationError": "pagination",
    "PermissionDeniedError": "errors",
    "RateLimitError": "errors",
    "RetryPolicy": "retry",
    "RetryTransport": "retry",
    "ServerTemplate": "regions",
    "SignatureError": "signing",
    "TokenAuth": "auth",
    "UNSIGNED_HEADERS": "auth",
    "UNSIGNED_PAYLOAD": "signing",
    "VerifyResult": "signing",
    "WaiterTimeoutError": "waiters",
    "aiter_pages": "pagination",
    "araise_for_status": "errors",
    "async_wait_for": "waiters",
    "authorization_header": "signing",
    "canonical_query": "signing",
    "canonical_query_pairs": "signing",
    "canonical_request": "signing",
    "canonical_uri": "signing",
    "default_state": "waiters",
    "from_env": "config",
    "iter_pages": "pagination",
    "parse_authorization": "signing",
    "parse_body": "response",
    "parse_retry_after": "retry",
    "payload_hash": "signing",
    "prepare": "wire",
    "raise_for_status": "errors",
    "safe_text": "errors",
    "sdk_date": "signing",
    "sign": "signing",
    "signature": "signing",
    "string_to_sign": "signing",
    "verify": "signing",
    "wait_for": "waiters",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
