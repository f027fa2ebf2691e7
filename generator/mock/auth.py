"""Authentication of spec operations: an IAM token or an SDK-HMAC-SHA256 signature.

The mock serves one tenant (`Credentials`). A request passes when it carries the configured
X-Auth-Token, or an Authorization header signed with the configured AK/SK whose X-Sdk-Date is
within `max_skew_seconds` of the real time (not the mock's adjustable clock); an
X-Security-Token (temporary credentials) must then be signed and equal the configured
HUAWEICLOUD_SDK_SECURITY_TOKEN. Then, for both
kinds, X-Project-Id (when sent) must equal the path's project id, and the path's project must
be the configured one: the credentials belong to that project alone, so any other project id
is refused with 401 as well (there is no 404 for unknown projects).

Signature verification is `generator.runtime.signing.verify`, the same code the generated
client signs with; nothing here re-implements the algorithm.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from datetime import datetime

from generator.runtime.signing import SignatureError, verify

from .config import Credentials

__all__ = ["AuthFailed", "Authenticator"]


class AuthFailed(Exception):
    """401: `reason` goes into error_msg (never a secret or an expected signature)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Authenticator:
    def __init__(self, credentials: Credentials, max_skew_seconds: float = 900.0) -> None:
        self.credentials = credentials
        self.max_skew_seconds = max_skew_seconds
        self._token = credentials.token.encode("utf-8")

    def _secret(self, ak: str) -> str | None:
        given = ak.encode("utf-8", "surrogateescape")
        ok = hmac.compare_digest(given, self.credentials.ak.encode("utf-8"))
        return self.credentials.sk if ok else None

    def check(
        self,
        method: str,
        target: str,
        headers: Mapping[str, str],
        body: bytes,
        project_id: str,
        now: datetime | None = None,
    ) -> str:
        """Return how the caller authenticated ("token" or "aksk"), or raise AuthFailed.

        `target` is the raw request target (percent-encoded path plus `?query`); `headers`
        are keyed by lower-case name.
        """
        token = headers.get("x-auth-token")
        authorization = headers.get("authorization")
        if token is not None:
            given = token.encode("utf-8", "surrogateescape")
            if not hmac.compare_digest(given, self._token):
                raise AuthFailed("invalid X-Auth-Token")
            how = "token"
        elif authorization is not None:
            try:
                signed = verify(
                    method,
                    target,
                    headers,
                    body,
                    self._secret,
                    now=now,
                    max_skew_seconds=self.max_skew_seconds,
                )
            except SignatureError as exc:
                raise AuthFailed(f"AK/SK authentication failed: {exc}") from None
            sts = headers.get("x-security-token")
            if sts is not None:  # temporary credentials: the configured token, signed
                expected = self.credentials.security_token.encode("utf-8")
                given = sts.encode("utf-8", "surrogateescape")
                if not expected or not hmac.compare_digest(given, expected):
                    raise AuthFailed("invalid X-Security-Token")
                if "x-security-token" not in signed.signed_headers:
                    raise AuthFailed("X-Security-Token not signed")
            how = "aksk"
        else:
            raise AuthFailed(
                "no credentials: send X-Auth-Token or an SDK-HMAC-SHA256 Authorization"
            )
        header_project = headers.get("x-project-id")
        if header_project is not None and header_project != project_id:
            raise AuthFailed("X-Project-Id does not match the project id in the path")
        if project_id != self.credentials.project_id:
            raise AuthFailed(f"the credentials are not valid for project {project_id[:64]!r}")
        return how
