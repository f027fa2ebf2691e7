"""httpx authentication for Huawei Cloud: AK/SK request signing and IAM tokens.

Copied verbatim into the generated client, so it imports only the standard library, httpx
and its sibling ``signing`` module (relatively). Both classes implement ``auth_flow`` only,
which httpx drives for sync and async clients alike.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from datetime import datetime

import httpx

from ._constants import HEADER_AUTH_TOKEN, HEADER_PROJECT_ID, HEADER_SECURITY_TOKEN
from .signing import HEADER_DATE, sdk_date, sign

__all__ = ["SECRET_HEADERS", "UNSIGNED_HEADERS", "AkSkAuth", "MaskedHeaders", "TokenAuth"]

# Shown as [secure] in repr(request.headers), as httpx shows Authorization.
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        HEADER_AUTH_TOKEN.lower(),
        HEADER_SECURITY_TOKEN.lower(),
    }
)


class MaskedHeaders(httpx.Headers):
    """httpx's Headers whose repr also hides X-Auth-Token and X-Security-Token: a request
    printed in a traceback or a log (``e.response.request.headers``) shows no secret."""

    def __repr__(self) -> str:
        items = [
            (k, "[secure]" if k.lower() in SECRET_HEADERS else v) for k, v in self.multi_items()
        ]
        shown = dict(items)
        return f"Headers({shown!r})" if len(shown) == len(items) else f"Headers({items!r})"


def _masked(request: httpx.Request) -> None:
    if type(request.headers) is not MaskedHeaders:
        request.headers = MaskedHeaders(request.headers)


# Headers left out of the signature: hop-by-hop or transport-level ones that proxies may
# legitimately rewrite (the official SDK never signs these either: `requests` adds them
# after signing), plus Authorization itself.
UNSIGNED_HEADERS = frozenset(
    {
        "authorization",
        "connection",
        "keep-alive",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-length",
        "accept-encoding",
    }
)


class AkSkAuth(httpx.Auth):
    """Sign every request with SDK-HMAC-SHA256, as the official SDK's BasicCredentials do.

    Sets X-Sdk-Date (the time of signing), X-Project-Id when ``project_id`` is given,
    X-Security-Token when ``security_token`` is (temporary credentials: set before signing,
    so it is signed, as the SDK's ``with_security_token`` does), and Authorization. httpx
    runs the auth flow once per request it sends: the retries of
    ``RetryTransport`` happen below it and resend the very request that was signed, date
    included, which the service accepts for 15 minutes (far longer than the retries take).
    ``clock`` exists for tests.
    """

    requires_request_body = True

    def __init__(
        self,
        ak: str,
        sk: str,
        project_id: str | None = None,
        *,
        security_token: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if not ak or not sk:
            raise ValueError("AkSkAuth needs a non-empty access key and secret key")
        self.ak = ak
        self._sk = sk
        self.project_id = project_id
        self._security_token = security_token or None
        self._clock = clock

    def __repr__(self) -> str:
        temporary = ", security_token=[secure]" if self._security_token else ""
        return f"AkSkAuth(ak={self.ak!r}, project_id={self.project_id!r}{temporary})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        _masked(request)
        if self.project_id is not None:
            request.headers[HEADER_PROJECT_ID] = self.project_id
        if self._security_token is not None:
            request.headers[HEADER_SECURITY_TOKEN] = self._security_token
        request.headers[HEADER_DATE] = sdk_date(self._clock() if self._clock else None)
        to_sign: dict[str, str] = {}
        for raw_name, raw_value in request.headers.raw:
            name = raw_name.decode("latin-1")
            if name.lower() not in UNSIGNED_HEADERS:
                # Wire bytes as text the signer re-encodes to the very same bytes.
                to_sign[name] = raw_value.decode("utf-8", "surrogateescape")
        added = sign(request.method, str(request.url), to_sign, request.content, self.ak, self._sk)
        request.headers.update(added)
        yield request


class TokenAuth(httpx.Auth):
    """Send an IAM token in X-Auth-Token (and X-Project-Id when ``project_id`` is given)."""

    def __init__(self, token: str, project_id: str | None = None) -> None:
        if not token:
            raise ValueError("TokenAuth needs a non-empty token")
        self._token = token
        self.project_id = project_id

    def __repr__(self) -> str:
        return f"TokenAuth(project_id={self.project_id!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        _masked(request)
        request.headers[HEADER_AUTH_TOKEN] = self._token
        if self.project_id is not None:
            request.headers[HEADER_PROJECT_ID] = self.project_id
        yield request
