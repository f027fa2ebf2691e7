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
        SECRET_HEADERS,
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
        from_env,
    )
    from .credentials import (
        Found,
        credentials_file,
        from_environment,
        from_profile,
    )
    from .errors import (
        APIConnectionError,
        APIResponseTooLargeError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ConfigError,
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
    from .log import (
        configure_from_env,
        logger,
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
        region_endpoint_variable,
    )
    from .response import (
        APIResponse,
        parse_body,
        raw_response,
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
        query_text,
        wire_query,
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
    "SECRET_HEADERS",
    "UNSIGNED_HEADERS",
    "UNSIGNED_PAYLOAD",
    "APIConnectionError",
    "APIResponse",
    "APIResponseTooLargeError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AkSkAuth",
    "AsyncRetryTransport",
    "AuthenticationError",
    "BadRequestError",
    "ClientConfig",
    "ConfigError",
    "Found",
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
    "configure_from_env",
    "credentials_file",
    "default_state",
    "from_env",
    "from_environment",
    "from_profile",
    "iter_pages",
    "logger",
    "parse_authorization",
    "parse_body",
    "parse_retry_after",
    "payload_hash",
    "prepare",
    "query_text",
    "raise_for_status",
    "raw_response",
    "region_endpoint_variable",
    "safe_text",
    "sdk_date",
    "sign",
    "signature",
    "string_to_sign",
    "verify",
    "wait_for",
    "wire_query",
]

_EXPORTS: dict[str, str] = {
    "ALGORITHM": "signing",
    "APIConnectionError": "errors",
    "APIResponse": "response",
    "APIResponseTooLargeError": "errors",
    "APIResponseValidationError": "errors",
    "APIStatusError": "errors",
    "APITimeoutError": "errors",
    "AkSkAuth": "auth",
    "AsyncRetryTransport": "retry",
    "AuthenticationError": "errors",
    "BadRequestError": "errors",
    "ClientConfig": "config",
    "ConfigError": "errors",
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
    "Found": "credentials",
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
    "SECRET_HEADERS": "auth",
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
    "configure_from_env": "log",
    "credentials_file": "credentials",
    "default_state": "waiters",
    "from_env": "config",
    "from_environment": "credentials",
    "from_profile": "credentials",
    "iter_pages": "pagination",
    "logger": "log",
    "parse_authorization": "signing",
    "parse_body": "response",
    "parse_retry_after": "retry",
    "payload_hash": "signing",
    "prepare": "wire",
    "query_text": "wire",
    "raise_for_status": "errors",
    "raw_response": "response",
    "region_endpoint_variable": "regions",
    "safe_text": "errors",
    "sdk_date": "signing",
    "sign": "signing",
    "signature": "signing",
    "string_to_sign": "signing",
    "verify": "signing",
    "wait_for": "waiters",
    "wire_query": "wire",
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
