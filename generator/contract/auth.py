"""Real authentication for schemathesis: AK/SK signatures made at the last moment, or a token.

A signature covers the method, the final URL (path and query exactly as percent-encoded on
the wire), the headers and the body bytes, so it can only be computed once `requests` has
prepared the request. Schemathesis hands a `requests` auth object the final
`PreparedRequest`; `SignedRequest` is such an object and signs with
`generator.runtime.signing.sign`, the same code the generated client uses and the mock
verifies with.

The token needs no such care: `TokenProvider` puts it in the case's headers. The auth
providers (`AkSkProvider`, `TokenProvider`) plug into schemathesis' auth machinery,
so its `ignored_auth` check can strip them and expect 401, and negative cases that target a
security parameter are sent without them. They also own the headers that belong to
authentication rather than to the operation: `X-Project-Id` (must equal the path's project)
and, for AK/SK, `X-Sdk-Date` (the signing time). A generated value for those is replaced,
except when it is the value a negative case deliberately broke: that one is sent as is, and
signed, so the server's rejection of it is what gets tested.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import requests
import requests.auth

from generator.runtime.auth import UNSIGNED_HEADERS
from generator.runtime.signing import HEADER_DATE, sdk_date, sign

from .credentials import AuthKind, ContractCredentials

if TYPE_CHECKING:
    from schemathesis import AuthContext, BaseSchema, Case

__all__ = [
    "HEADER_PROJECT_ID",
    "HEADER_TOKEN",
    "AkSkProvider",
    "SignedRequest",
    "TokenProvider",
    "install",
    "negated_headers",
    "provider_for",
]

HEADER_PROJECT_ID = "X-Project-Id"
HEADER_TOKEN = "X-Auth-Token"

Clock = Callable[[], datetime]


def _wire_text(value: str | bytes) -> str:
    """A header value as the signer must see it: the bytes that go on the wire, as UTF-8 text
    (undecodable bytes kept as surrogates). http.client sends `str` values as Latin-1."""
    raw = value if isinstance(value, bytes) else value.encode("latin-1", "surrogateescape")
    return raw.decode("utf-8", "surrogateescape")


def _body_bytes(body: object) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")  # urllib3 2.x encodes a str body as UTF-8
    raise TypeError(f"cannot sign a streamed request body ({type(body).__name__})")


class SignedRequest(requests.auth.AuthBase):
    """Sign the final `PreparedRequest` with SDK-HMAC-SHA256, like the official SDK.

    `refresh_date` sets X-Sdk-Date to the current time right before signing (what the SDK
    does); without it the request's own X-Sdk-Date (a deliberately broken one) is signed.
    """

    def __init__(self, ak: str, sk: str, *, refresh_date: bool = True, clock: Clock | None = None):
        if not ak or not sk:
            raise ValueError("SignedRequest needs an access key and a secret key")
        self.ak = ak
        self._sk = sk
        self.refresh_date = refresh_date
        self._clock = clock

    def __repr__(self) -> str:
        return f"SignedRequest(ak={self.ak!r}, refresh_date={self.refresh_date})"

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        if self.refresh_date or HEADER_DATE not in r.headers:
            r.headers[HEADER_DATE] = sdk_date(self._clock() if self._clock else None)
        to_sign = {
            name: _wire_text(value)
            for name, value in r.headers.items()
            if name.lower() not in UNSIGNED_HEADERS
        }
        added = sign(
            r.method or "GET", r.url or "", to_sign, _body_bytes(r.body), self.ak, self._sk
        )
        r.headers.update(added)
        return r


def negated_headers(case: Case[Any]) -> set[str]:
    """Lower-case names of the headers a negative case deliberately made invalid."""
    from schemathesis.core.parameters import ParameterLocation
    from schemathesis.generation.meta import negated_parameters

    return {
        name.lower()
        for name, location in negated_parameters(case.meta)
        if location == ParameterLocation.HEADER
    }


def _headers(case: Case[Any]) -> MutableMapping[str, Any]:
    headers = case.headers
    if not isinstance(headers, MutableMapping):
        headers = {}
        case.headers = headers
    return headers


def _set_project_header(case: Case[Any], project_id: str, negated: set[str]) -> None:
    if HEADER_PROJECT_ID.lower() not in negated:
        _headers(case)[HEADER_PROJECT_ID] = project_id


class AkSkProvider:
    """Schemathesis auth provider: X-Project-Id, X-Sdk-Date and an SDK-HMAC-SHA256 signature."""

    kind: AuthKind = "aksk"

    def __init__(self, credentials: ContractCredentials, clock: Clock | None = None) -> None:
        if not credentials.has_aksk:
            raise ValueError("AK/SK authentication needs an access key and a secret key")
        self.credentials = credentials
        self._clock = clock

    def get(self, case: Case[Any], context: AuthContext) -> ContractCredentials:
        return self.credentials

    def set(self, case: Case[Any], data: ContractCredentials, context: AuthContext) -> None:
        negated = negated_headers(case)
        _set_project_header(case, data.project_id, negated)
        refresh = HEADER_DATE.lower() not in negated
        if refresh:
            # Also in the case itself, so reports show it; re-stamped when the request is signed.
            _headers(case)[HEADER_DATE] = sdk_date(self._clock() if self._clock else None)
        case._auth = SignedRequest(data.ak, data.sk, refresh_date=refresh, clock=self._clock)


class TokenProvider:
    """Schemathesis auth provider: X-Project-Id and the IAM token in X-Auth-Token."""

    kind: AuthKind = "token"

    def __init__(self, credentials: ContractCredentials) -> None:
        if not credentials.has_token:
            raise ValueError("token authentication needs a token")
        self.credentials = credentials

    def get(self, case: Case[Any], context: AuthContext) -> ContractCredentials:
        return self.credentials

    def set(self, case: Case[Any], data: ContractCredentials, context: AuthContext) -> None:
        # In the case's headers rather than added to the prepared request, so schemathesis'
        # sanitizer masks it in every curl line and report (the signature is request-bound
        # and expires; a token is not).
        _set_project_header(case, data.project_id, negated_headers(case))
        _headers(case)[HEADER_TOKEN] = data.token


def provider_for(
    credentials: ContractCredentials, kind: AuthKind, clock: Clock | None = None
) -> AkSkProvider | TokenProvider:
    return AkSkProvider(credentials, clock) if kind == "aksk" else TokenProvider(credentials)


def install(
    schema: BaseSchema | None, credentials: ContractCredentials, kind: AuthKind
) -> AkSkProvider | TokenProvider:
    """Make `schema` (or, with None, every schema of this process: the CLI's global auth)
    authenticate with `credentials`, replacing any provider installed before."""
    from schemathesis.auths import GLOBAL_AUTH_STORAGE

    storage = GLOBAL_AUTH_STORAGE if schema is None else schema.auth
    provider = provider_for(credentials, kind)
    storage.providers = [provider]
    return provider
