"""Client settings, resolved the official SDK's way, and the httpx clients they build.

``from_env()`` resolves every setting in one place, first match wins:

* endpoint: ``endpoint=``, METASTUDIO_ENDPOINT, then a region (``region=``,
  METASTUDIO_REGION) through the spec's ``servers`` template (``regions.ServerTemplate``,
  with the SDK's HUAWEICLOUD_SDK_REGION_METASTUDIO_<REGION> override);
* credentials: explicit arguments (``ak``/``sk``/``security_token`` or ``auth_token``),
  then the environment (METASTUDIO_AUTH_TOKEN, else HUAWEICLOUD_SDK_AK/_SK with
  _SECURITY_TOKEN), then the SDK's profile file (``credentials.py``); the project id from the
  arguments, that source, HUAWEICLOUD_SDK_PROJECT_ID, then the file.

A missing setting is a ``ConfigError`` that names every variable still to set, every
credential source it tried and where each setting already found came from, instead of a 401
at the first request. The config keeps those origins (``origins``), so a 401 names them too
(a note on the AuthenticationError): a wrong project id says which variable or file it came
from.

The built clients sign every request (``AkSkAuth``) or send the token (``TokenAuth``), retry
through ``RetryTransport`` within a total deadline per call, time out with finite defaults,
and turn every non-2xx response into the ``APIStatusError`` family through a response event
hook that first reads the body.

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
    DEFAULT_CALL_TIMEOUT,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_AFTER,
    DEFAULT_POOL_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_WRITE_TIMEOUT,
    ENV_AK,
    ENV_ENDPOINT,
    ENV_PROJECT_ID,
    ENV_REGION,
    ENV_SECURITY_TOKEN,
    ENV_SK,
    ENV_TOKEN,
)
from .auth import AkSkAuth, TokenAuth
from .bodies import ACCEPT_ENCODING
from .credentials import Found, credentials_file, from_environment, from_profile
from .errors import AuthenticationError, ConfigError, araise_for_status, raise_for_status
from .log import configure_from_env
from .regions import ServerTemplate, region_endpoint_variable
from .retry import AsyncRetryTransport, RetryTransport

__all__ = [
    "ENV_AK",
    "ENV_ENDPOINT",
    "ENV_PROJECT_ID",
    "ENV_REGION",
    "ENV_SECURITY_TOKEN",
    "ENV_SK",
    "ENV_TOKEN",
    "ClientConfig",
    "ConfigError",
    "from_env",
]


DEFAULT_USER_AGENT = (
    f"metastudio-client-python httpx/{httpx.__version__} python/{platform.python_version()}"
)


ARGUMENT = "argument"  # the origin of a setting given to the constructor or from_env


def _normalise_endpoint(endpoint: str) -> str:
    """Like the official SDK: an endpoint without a scheme means https."""
    endpoint = endpoint.strip().rstrip("/")
    if "://" not in endpoint:
        endpoint = "https://" + endpoint
    return endpoint


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """Everything needed to talk to one MetaStudio endpoint as one project.

    Exactly one of (``ak`` and ``sk``, with ``security_token`` for temporary credentials)
    or ``auth_token`` is set. Secrets stay out of ``repr``. Timeouts are in seconds;
    ``call_timeout`` bounds a whole call (every attempt, pause and byte; None: no bound
    beyond the per-operation ones); ``max_retries=0`` turns retrying off;
    ``max_response_bytes`` bounds an answer's decoded body (``APIResponseTooLargeError``).
    """

    endpoint: str
    project_id: str
    ak: str | None = None
    sk: str | None = field(default=None, repr=False)
    auth_token: str | None = field(default=None, repr=False)
    security_token: str | None = field(default=None, repr=False)
    call_timeout: float | None = DEFAULT_CALL_TIMEOUT
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    write_timeout: float = DEFAULT_WRITE_TIMEOUT
    pool_timeout: float = DEFAULT_POOL_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    backoff_base: float = DEFAULT_BACKOFF_BASE
    backoff_cap: float = DEFAULT_BACKOFF_CAP
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    proxy: str | None = None
    user_agent: str = DEFAULT_USER_AGENT
    headers: Mapping[str, str] = field(default_factory=dict, hash=False)
    # Where endpoint, project_id, ak and auth_token came from ("argument", a variable's
    # name, "credentials file PATH"); from_env fills it in, absent means "argument".
    origins: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False, repr=False)

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
        if self.auth_token and self.security_token:
            raise ConfigError(
                "security_token goes with ak/sk (temporary credentials), not auth_token"
            )
        if self.call_timeout is not None and self.call_timeout <= 0:
            raise ConfigError("call_timeout must be > 0 (or None)")
        if self.max_retries < 0:
            raise ConfigError("max_retries must be >= 0")
        if self.max_response_bytes <= 0:
            raise ConfigError("max_response_bytes must be > 0 (an answer must fit in memory)")
        for name in ("connect_timeout", "read_timeout", "write_timeout", "pool_timeout"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be > 0 (a request must never hang forever)")

    @property
    def auth_mode(self) -> Literal["aksk", "token"]:
        return "token" if self.auth_token else "aksk"

    def replace(self, **changes: Any) -> ClientConfig:
        """A copy with some fields changed, validated again (those now come from arguments)."""
        if "origins" not in changes:
            changes["origins"] = {k: v for k, v in self.origins.items() if k not in changes}
        return replace(self, **changes)

    def origin(self, name: str) -> str:
        """Where setting ``name`` came from: "argument", a variable, "credentials file ..."."""
        return self.origins.get(name, ARGUMENT)

    def describe(self) -> str:
        """Endpoint, project id and credential, each with its origin (secrets left out)."""
        key = ("token", "auth_token") if self.auth_token else (f"AK {self.ak}", "ak")
        return (
            f"sent as project {self.project_id} (from {self.origin('project_id')}) "
            f"with {key[0]} (from {self.origin(key[1])}) "
            f"to {self.endpoint} (from {self.origin('endpoint')})"
        )

    def _explain(self, error: AuthenticationError) -> None:
        """Add what was sent and where each part came from to a 401, as a note (PEP 678:
        shown under the message in a traceback; ``str(error)`` stays the service's)."""
        error.add_note(self.describe())

    def _raise_for_status(self, response: httpx.Response) -> None:
        try:
            raise_for_status(response)
        except AuthenticationError as error:
            self._explain(error)
            raise

    async def _araise_for_status(self, response: httpx.Response) -> None:
        try:
            await araise_for_status(response)
        except AuthenticationError as error:
            self._explain(error)
            raise

    def auth(self) -> httpx.Auth:
        """``AkSkAuth`` (SDK-HMAC-SHA256) or ``TokenAuth``; both add X-Project-Id."""
        if self.auth_token:
            return TokenAuth(self.auth_token, self.project_id)
        assert self.ak and self.sk  # guaranteed by __post_init__
        return AkSkAuth(self.ak, self.sk, self.project_id, security_token=self.security_token)

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect_timeout,
            read=self.read_timeout,
            write=self.write_timeout,
            pool=self.pool_timeout,
        )

    def transport(self) -> httpx.BaseTransport:
        """The network transport (the connection pool) under the retries."""
        return httpx.HTTPTransport(proxy=self.proxy)

    def async_transport(self) -> httpx.AsyncBaseTransport:
        return httpx.AsyncHTTPTransport(proxy=self.proxy)

    def _client_kwargs(self) -> dict[str, Any]:
        return {
            "base_url": self.endpoint,
            "auth": self.auth(),
            "timeout": self.timeout(),
            # only the codings bodies.py decodes (httpx would add br/zstd when installed)
            "headers": {
                "User-Agent": self.user_agent,
                "Accept-Encoding": ACCEPT_ENCODING,
                **self.headers,
            },
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
        inner = transport if transport is not None else self.transport()
        retrying = RetryTransport(
            inner,
            max_retries=self.max_retries,
            backoff_base=self.backoff_base,
            backoff_cap=self.backoff_cap,
            max_retry_after=self.max_retry_after,
            sleep=sleep if sleep is not None else time.sleep,
            max_response_bytes=self.max_response_bytes,
        )
        return httpx.Client(
            transport=retrying,
            event_hooks={"response": [self._raise_for_status]},
            **self._client_kwargs(),
        )

    def build_async_httpx_client(
        self,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> httpx.AsyncClient:
        """Async twin of ``build_httpx_client``."""
        inner = transport if transport is not None else self.async_transport()
        retrying = AsyncRetryTransport(
            inner,
            max_retries=self.max_retries,
            backoff_base=self.backoff_base,
            backoff_cap=self.backoff_cap,
            max_retry_after=self.max_retry_after,
            sleep=sleep if sleep is not None else asyncio.sleep,
            max_response_bytes=self.max_response_bytes,
        )
        return httpx.AsyncClient(
            transport=retrying,
            event_hooks={"response": [self._araise_for_status]},
            **self._client_kwargs(),
        )


def _get(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "").strip()
    return value or None


def _pop(settings: dict[str, Any], name: str) -> str | None:
    value = settings.pop(name, None)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _endpoint(
    env: Mapping[str, str], settings: dict[str, Any], server: ServerTemplate | None
) -> tuple[str | None, str]:
    """endpoint=, METASTUDIO_ENDPOINT, then region= / METASTUDIO_REGION via the template;
    with where it came from."""
    endpoint, region = _pop(settings, "endpoint"), _pop(settings, "region")
    if endpoint is not None:
        return endpoint, f"{ARGUMENT} endpoint="
    if (endpoint := _get(env, ENV_ENDPOINT)) is not None:
        return endpoint, ENV_ENDPOINT
    origin = f"{ARGUMENT} region={region!r}"
    if region is None:
        region = _get(env, ENV_REGION)
        origin = f"{ENV_REGION}={region}"
    if region is None:
        return None, ""
    if server is None:
        raise ConfigError(f"region {region!r} given, but this client knows no region template")
    if _get(env, region_endpoint_variable(region.strip())):
        origin = f"{region_endpoint_variable(region.strip())} (region {region})"
    return server.endpoint(region, env), origin


def _source(found: Found) -> tuple[str, str]:
    """The origins of (ak, project_id) of found credentials."""
    if found.source == "environment":
        return ENV_AK, ENV_PROJECT_ID
    if found.source == "arguments":
        return ARGUMENT, ARGUMENT
    return found.source, found.source


def from_env(
    environ: Mapping[str, str] | None = None,
    *,
    server: ServerTemplate | None = None,
    **settings: Any,
) -> ClientConfig:
    """Resolve a ``ClientConfig`` from arguments, the environment (``os.environ`` by default)
    and the SDK's credentials file, as the module docstring orders them.

    ``settings`` are ClientConfig fields plus ``region``; ``server`` is the spec's regional
    endpoint template (the generated facade passes it). Raises ``ConfigError`` naming every
    missing variable, the credential sources tried and the origin of what was found.
    """
    env = os.environ if environ is None else environ
    configure_from_env(env)
    settings = dict(settings)
    endpoint, endpoint_origin = _endpoint(env, settings, server)
    ak, sk = _pop(settings, "ak"), _pop(settings, "sk")
    token = _pop(settings, "auth_token")
    token_origin = ARGUMENT
    security_token = _pop(settings, "security_token")
    project_id = _pop(settings, "project_id")
    origins = {"endpoint": endpoint_origin, "project_id": ARGUMENT}

    tried = ["arguments"]
    found: Found | None = None
    if token is None and (ak is not None or sk is not None):
        if ak is None or sk is None:
            raise ConfigError("give both ak and sk (or neither)", tried=tuple(tried))
        found = Found(ak, sk, None, security_token, source="arguments")
    if found is None and token is None:
        tried.append("environment")
        token, token_origin = _get(env, ENV_TOKEN), ENV_TOKEN
        if token is None:
            found = from_environment(env)
    if found is None and token is None:
        profile, phrase = from_profile(credentials_file(env))
        tried.append(phrase)
        found = profile
    if found is not None:
        origins["ak"], found_project = _source(found)
        if project_id is None and found.project_id is not None:
            project_id, origins["project_id"] = found.project_id, found_project
    elif token is not None:
        origins["auth_token"] = token_origin
    if project_id is None and (project_id := _get(env, ENV_PROJECT_ID)) is not None:
        origins["project_id"] = ENV_PROJECT_ID

    if endpoint is not None and project_id is not None and (found or token):
        if found is not None:
            token_of = security_token or found.security_token  # an explicit one wins
            settings.update(ak=found.ak, sk=found.sk, security_token=token_of)
        else:
            settings["auth_token"] = token
        return ClientConfig(endpoint=endpoint, project_id=project_id, origins=origins, **settings)
    raise _missing(env, (endpoint, project_id, token, found), origins, tuple(tried), server)


def _missing(
    env: Mapping[str, str],
    values: tuple[str | None, str | None, str | None, Found | None],
    origins: Mapping[str, str],
    tried: tuple[str, ...],
    server: ServerTemplate | None,
) -> ConfigError:
    """The ConfigError for what is still missing: variables, what was found where, then the
    sources tried."""
    endpoint, project_id, token, found = values
    missing: list[str] = [] if endpoint is not None else [ENV_ENDPOINT]
    creds: list[str] = []
    how = ""
    if token is not None or found is not None:
        creds = [] if project_id else [ENV_PROJECT_ID]
        if token is not None:
            how = f"token authentication ({ENV_TOKEN} is set) also needs"
        elif found is not None and found.source != "environment":
            how = f"AK/SK signing (credentials from {found.source}) also needs"
        else:
            how = "AK/SK signing needs"
    elif _get(env, ENV_AK) is not None or _get(env, ENV_SK) is not None:
        creds = [name for name in (ENV_AK, ENV_SK, ENV_PROJECT_ID) if _get(env, name) is None]
        how = "AK/SK signing needs"
    missing += creds
    message = f"missing environment variables: {', '.join(missing)}"
    if how and creds:
        message += f"; {how} {', '.join(creds)}"
    elif not how:
        missing += [ENV_AK, ENV_SK] + ([] if project_id else [ENV_PROJECT_ID])
        first = f"Set {ENV_ENDPOINT}, then either" if endpoint is None else "Set either"
        message = (
            f"missing environment variables: {', '.join(missing)}. {first} {ENV_AK}, {ENV_SK} "
            f"and {ENV_PROJECT_ID} (AK/SK signing) or {ENV_TOKEN} and {ENV_PROJECT_ID} "
            "(token authentication)"
        )
    if endpoint is None and server is not None:
        message += (
            f". Instead of {ENV_ENDPOINT}: {ENV_REGION} or region= ({', '.join(server.known)})"
        )
    already = [f"endpoint {endpoint} (from {origins['endpoint']})"] if endpoint else []
    if project_id is not None:
        already.append(f"project id {project_id} (from {origins['project_id']})")
    if found is not None:
        already.append(f"AK {found.ak} (from {origins['ak']})")
    elif token is not None:
        already.append(f"token (from {origins['auth_token']})")
    elif (half := _get(env, ENV_AK)) is not None:
        already.append(f"AK {half} (from {ENV_AK})")
    if already:
        message += f". Found: {', '.join(already)}"
    message += f". Credential sources tried: {', '.join(tried)}"
    return ConfigError(message, tuple(missing), tried)
