"""Client settings, read from the environment in one line, and the httpx clients they build.

``from_env()`` reads the same variables as the official SDK's EnvCredentials
(HUAWEICLOUD_SDK_AK / _SK / _PROJECT_ID) plus METASTUDIO_ENDPOINT and, for token
authentication, METASTUDIO_AUTH_TOKEN. A missing setting is a ``ConfigError`` that names
every variable still to set, instead of a 401 at the first request.

The built clients sign every request (``AkSkAuth``) or send the token (``TokenAuth``), retry
through ``RetryTransport``, time out with finite defaults, and turn every non-2xx response
into the ``APIStatusError`` family through a response event hook that first reads the body
(``response.read()`` in the sync client, ``await response.aread()`` in the async one).

Copied verbatim into the generated client: imports only the standard library, httpx and its
siblings.
"""

from __future__ import annotations

import asyncio
import os
import platform
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import httpx

from ._constants import (
    DEFAULT_BACKOFF_BASE,
    DEFAULT_BACKOFF_CAP,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_AFTER,
    DEFAULT_POOL_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_WRITE_TIMEOUT,
    ENV_AK,
    ENV_ENDPOINT,
    ENV_PROJECT_ID,
    ENV_SK,
    ENV_TOKEN,
)
from .auth import AkSkAuth, TokenAuth
from .errors import MetaStudioError, araise_for_status, raise_for_status
from .retry import AsyncRetryTransport, RetryTransport

__all__ = [
    "ENV_AK",
    "ENV_ENDPOINT",
    "ENV_PROJECT_ID",
    "ENV_SK",
    "ENV_TOKEN",
    "ClientConfig",
    "ConfigError",
    "from_env",
]


DEFAULT_USER_AGENT = (
    f"metastudio-client-python httpx/{httpx.__version__} python/{platform.python_version()}"
)


class ConfigError(MetaStudioError, ValueError):
    """The settings are incomplete or invalid; ``missing`` lists the variables to set."""

    def __init__(self, message: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.missing = missing


def _normalise_endpoint(endpoint: str) -> str:
    """Like the official SDK: an endpoint without a scheme means https."""
    endpoint = endpoint.strip().rstrip("/")
    if "://" not in endpoint:
        endpoint = "https://" + endpoint
    return endpoint


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """Everything needed to talk to one MetaStudio endpoint as one project.

    Exactly one of (``ak`` and ``sk``) or ``auth_token`` is set. Secrets stay out of
    ``repr``. Timeouts are in seconds; ``max_retries=0`` turns retrying off.
    """

    endpoint: str
    project_id: str
    ak: str | None = None
    sk: str | None = field(default=None, repr=False)
    auth_token: str | None = field(default=None, repr=False)
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    write_timeout: float = DEFAULT_WRITE_TIMEOUT
    pool_timeout: float = DEFAULT_POOL_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    backoff_base: float = DEFAULT_BACKOFF_BASE
    backoff_cap: float = DEFAULT_BACKOFF_CAP
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    proxy: str | None = None
    user_agent: str = DEFAULT_USER_AGENT
    headers: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if not self.endpoint or not self.endpoint.strip():
            raise ConfigError("endpoint must not be empty")
        object.__setattr__(self, "endpoint", _normalise_endpoint(self.endpoint))
        if not self.project_id:
            raise ConfigError("project_id must not be empty")
        has_aksk = bool(self.ak) or bool(self.sk)
        if self.auth_token and has_aksk:
            raise ConfigError("give either ak/sk or auth_token, not both")
        if not self.auth_token and not (self.ak and self.sk):
            raise ConfigError("credentials needed: both ak and sk, or auth_token")
        if self.max_retries < 0:
            raise ConfigError("max_retries must be >= 0")
        for name in ("connect_timeout", "read_timeout", "write_timeout", "pool_timeout"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be > 0 (a request must never hang forever)")

    @property
    def auth_mode(self) -> Literal["aksk", "token"]:
        return "token" if self.auth_token else "aksk"

    def replace(self, **changes: Any) -> ClientConfig:
        """A copy with some fields changed, validated again."""
        return replace(self, **changes)

    def auth(self) -> httpx.Auth:
        """``AkSkAuth`` (SDK-HMAC-SHA256) or ``TokenAuth``; both add X-Project-Id."""
        if self.auth_token:
            return TokenAuth(self.auth_token, self.project_id)
        assert self.ak and self.sk  # guaranteed by __post_init__
        return AkSkAuth(self.ak, self.sk, self.project_id)

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect_timeout,
            read=self.read_timeout,
            write=self.write_timeout,
            pool=self.pool_timeout,
        )

    def _client_kwargs(self) -> dict[str, Any]:
        return {
            "base_url": self.endpoint,
            "auth": self.auth(),
            "timeout": self.timeout(),
            "headers": {"User-Agent": self.user_agent, **self.headers},
        }

    def build_httpx_client(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> httpx.Client:
        """A ready ``httpx.Client``: signed, retrying, bounded, raising ``APIStatusError``.

        ``transport`` replaces the network transport under the retry layer (tests, custom
        TLS); ``sleep`` replaces the pause between retries (tests).
        """
        inner = transport if transport is not None else httpx.HTTPTransport(proxy=self.proxy)
        retrying = RetryTransport(
            inner,
            max_retries=self.max_retries,
            backoff_base=self.backoff_base,
            backoff_cap=self.backoff_cap,
            max_retry_after=self.max_retry_after,
            sleep=sleep if sleep is not None else time.sleep,
        )
        return httpx.Client(
            transport=retrying,
            event_hooks={"response": [raise_for_status]},
            **self._client_kwargs(),
        )

    def build_async_httpx_client(
        self,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> httpx.AsyncClient:
        """Async twin of ``build_httpx_client``."""
        inner = transport if transport is not None else httpx.AsyncHTTPTransport(proxy=self.proxy)
        retrying = AsyncRetryTransport(
            inner,
            max_retries=self.max_retries,
            backoff_base=self.backoff_base,
            backoff_cap=self.backoff_cap,
            max_retry_after=self.max_retry_after,
            sleep=sleep if sleep is not None else asyncio.sleep,
        )
        return httpx.AsyncClient(
            transport=retrying,
            event_hooks={"response": [araise_for_status]},
            **self._client_kwargs(),
        )


def _get(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "").strip()
    return value or None


def from_env(environ: Mapping[str, str] | None = None, **overrides: Any) -> ClientConfig:
    """Build a ``ClientConfig`` from environment variables (``os.environ`` by default).

    METASTUDIO_AUTH_TOKEN, being MetaStudio's own, wins over HUAWEICLOUD_SDK_AK/SK, which
    may be exported for other Huawei Cloud tools too. ``overrides`` set any other field
    (``from_env(max_retries=0)``). Raises ``ConfigError`` naming every missing variable.
    """
    env = os.environ if environ is None else environ
    endpoint, project_id = _get(env, ENV_ENDPOINT), _get(env, ENV_PROJECT_ID)
    ak, sk, token = _get(env, ENV_AK), _get(env, ENV_SK), _get(env, ENV_TOKEN)

    missing: list[str] = []
    if endpoint is None:
        missing.append(ENV_ENDPOINT)
    if token is not None:
        ak = sk = None
        wanted = [ENV_PROJECT_ID]
        how = f"token authentication ({ENV_TOKEN} is set) also needs"
    elif ak is not None or sk is not None:
        wanted = [ENV_AK, ENV_SK, ENV_PROJECT_ID]
        how = "AK/SK signing needs"
    else:
        wanted = []
        how = ""
    missing += [name for name in wanted if _get(env, name) is None]

    if token is None and ak is None and sk is None:
        # No credentials at all: say both ways out.
        missing += [ENV_AK, ENV_SK] + ([] if project_id else [ENV_PROJECT_ID])
        message = (
            f"missing environment variables: {', '.join(missing)}. Set {ENV_ENDPOINT}, then "
            f"either {ENV_AK}, {ENV_SK} and {ENV_PROJECT_ID} (AK/SK signing) or "
            f"{ENV_TOKEN} and {ENV_PROJECT_ID} (token authentication)"
        )
        raise ConfigError(message, tuple(missing))
    if missing:
        creds = [name for name in missing if name != ENV_ENDPOINT]
        detail = f"; {how} {', '.join(creds)}" if creds else ""
        raise ConfigError(
            f"missing environment variables: {', '.join(missing)}{detail}", tuple(missing)
        )
    assert endpoint is not None and project_id is not None
    return ClientConfig(
        endpoint=endpoint, project_id=project_id, ak=ak, sk=sk, auth_token=token, **overrides
    )
