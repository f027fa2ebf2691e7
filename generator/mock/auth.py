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
client signs with; nothing here re-implements the algorithm. `headers` are the wire bytes
decoded as Latin-1, as `verify` expects (it recovers the UTF-8 text the signer hashed).

A header that decides authentication (X-Auth-Token, Authorization, X-Project-Id,
X-Security-Token) or that the signature covers must appear once: the verifier reads one
copy, and a proxy in front may act on another.

Two more rules: `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` is accepted only for a body that is
not JSON (the SDK sends it only for those), so a JSON body cannot be swapped under a valid
signature; and an unknown access key reads exactly like a wrong signature (the reason goes to
the log at INFO), so callers cannot find out which keys exist.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Collection, Mapping
from datetime import datetime

from generator.runtime.signing import SignatureError, verify

from .config import Credentials

__all__ = ["AuthFailed", "Authenticator"]

log = logging.getLogger("metastudio.mock")

# reasons that come after the key lookup: telling them apart would tell which keys exist
_ONE_MESSAGE = frozenset(
    {"unknown access key", "signature mismatch", "payload hash mismatch", "missing signed header"}
)
SIGNATURE_REFUSED = "the access key is unknown or the signature does not match"
_JSON_TYPES = ("application/json", "application/bson")
_DECIDING = ("x-auth-token", "authorization", "x-project-id", "x-security-token")


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
        given = ak.encode("latin-1", "replace")
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
        repeated: Collection[str] = (),
    ) -> str:
        """Return how the caller authenticated ("token" or "aksk"), or raise AuthFailed.

        `target` is the raw request target (percent-encoded path plus `?query`); `headers`
        are keyed by lower-case name; `repeated` names (lower case) the headers the request
        carried more than once.
        """
        for name in _DECIDING:
            if name in repeated:
                raise AuthFailed(f"header {_shown(name)} appears more than once")
        token = headers.get("x-auth-token")
        authorization = headers.get("authorization")
        if token is not None:
            given = token.encode("latin-1")  # the wire bytes (headers are their Latin-1 view)
            if not hmac.compare_digest(given, self._token):
                raise AuthFailed("invalid X-Auth-Token")
            how = "token"
        elif authorization is not None:
            try:
                result = verify(
                    method,
                    target,
                    headers,
                    body,
                    self._secret,
                    now=now,
                    max_skew_seconds=self.max_skew_seconds,
                )
            except SignatureError as exc:
                if exc.reason in _ONE_MESSAGE:
                    log.info("AK/SK refused: %s", exc)
                    raise AuthFailed(f"AK/SK authentication failed: {SIGNATURE_REFUSED}") from None
                raise AuthFailed(f"AK/SK authentication failed: {exc}") from None
            twice = sorted(set(result.signed_headers) & set(repeated))
            if twice:
                raise AuthFailed(
                    f"AK/SK authentication failed: signed header {_shown(twice[0])}"
                    " appears more than once"
                )
            if body and not result.payload_signed:
                media = headers.get("content-type", "").split(";", 1)[0].strip().lower()
                if media in _JSON_TYPES or not media:
                    raise AuthFailed(
                        "AK/SK authentication failed: X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD"
                        " is only accepted for a body that is not JSON; sign the body's hash"
                    )
            sts = headers.get("x-security-token")
            if sts is not None:  # temporary credentials: the configured token, signed
                expected = self.credentials.security_token.encode("utf-8")
                given = sts.encode("latin-1")
                if not expected or not hmac.compare_digest(given, expected):
                    raise AuthFailed("invalid X-Security-Token")
                if "x-security-token" not in result.signed_headers:
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


def _shown(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))[:64]
