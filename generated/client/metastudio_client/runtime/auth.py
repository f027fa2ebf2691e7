"""httpx authentication for Huawei Cloud: AK/SK request signing and IAM tokens.

Copied verbatim into the generated client, so it imports only the standard library, httpx
and its sibling ``signing`` module (relatively). Both classes implement ``auth_flow`` only,
which httpx drives for sync and async clients alike.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from datetime import datetime

import httpx

from .signing import HEADER_DATE, sdk_date, sign

__all__ = ["UNSIGNED_HEADERS", "AkSkAuth", "TokenAuth"]

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

    Sets X-Sdk-Date (the time of signing), X-Project-Id when ``project_id`` is given, and
    Authorization. httpx runs the auth flow once per request it sends: the retries of
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
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if not ak or not sk:
            raise ValueError("AkSkAuth needs a non-empty access key and secret key")
        self.ak = ak
        self._sk = sk
        self.project_id = project_id
        self._clock = clock

    def __repr__(self) -> str:
        return f"AkSkAuth(ak={self.ak!r}, project_id={self.project_id!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self.project_id is not None:
            request.headers["X-Project-Id"] = self.project_id
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
        request.headers["X-Auth-Token"] = self._token
        if self.project_id is not None:
            request.headers["X-Project-Id"] = self.project_id
        yield request
