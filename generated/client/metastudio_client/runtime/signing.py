"""Huawei Cloud SDK-HMAC-SHA256 request signing and verification.

This module is copied verbatim into the generated client package and imported by the mock
server, so it depends on the standard library only.

It reproduces byte for byte what ``huaweicloudsdkcore`` (``signer/signer.py``, class
``Signer``) computes:

* canonical URI: the path is percent-decoded, split on ``/``, each segment re-encoded keeping
  only ``A-Za-z0-9-_.~``, and a ``/`` is appended when missing (so ``/a`` and ``/a/`` sign
  the same, and an encoded ``%2F`` inside a segment signs like a real separator);
* canonical query: ``key=value`` pairs sorted by decoded key then decoded value, both encoded
  like path segments, joined with ``&`` (a key without ``=`` counts as an empty value);
* canonical headers: one ``name:value.strip()`` line per signed header, names lower-cased,
  names containing ``_`` never signed;
* payload hash: SHA-256 of the body, of the empty string when the body is empty, or the value
  of ``X-Sdk-Content-Sha256`` (``UNSIGNED-PAYLOAD`` for non-JSON content types);
* string to sign: ``SDK-HMAC-SHA256\\n<X-Sdk-Date>\\n<sha256 hex of canonical request>``;
* signature: hex HMAC-SHA256 keyed with the secret key as UTF-8.

Text is encoded as UTF-8 with ``surrogateescape`` so that header bytes which are not valid
UTF-8 still round-trip exactly instead of raising.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote, unquote_plus, urlsplit

__all__ = [
    "ALGORITHM",
    "EMPTY_BODY_SHA256",
    "UNSIGNED_PAYLOAD",
    "SignatureError",
    "VerifyResult",
    "authorization_header",
    "canonical_query",
    "canonical_query_pairs",
    "canonical_request",
    "canonical_uri",
    "parse_authorization",
    "payload_hash",
    "sdk_date",
    "sign",
    "signature",
    "string_to_sign",
    "verify",
]

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"

HEADER_AUTHORIZATION = "Authorization"
HEADER_DATE = "X-Sdk-Date"
HEADER_HOST = "Host"
HEADER_CONTENT_SHA256 = "X-Sdk-Content-Sha256"

_SAFE = "~"  # quote() always keeps A-Za-z0-9-_. ; the SDK adds only "~"
_ENC = "utf-8"
_ERR = "surrogateescape"
_SIGNED_CONTENT_TYPES = ("application/json", "application/bson")


class SignatureError(Exception):
    """A request failed authentication; ``reason`` is a short, stable phrase for clients."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """What a successful verification established about the caller and the request."""

    access_key: str
    signed_headers: tuple[str, ...]
    date: datetime
    payload_signed: bool


# --------------------------------------------------------------------------- canonical parts


def sdk_date(now: datetime | None = None) -> str:
    """Format ``now`` (default: the current time; naive means UTC) as an X-Sdk-Date value."""
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is not None:
        now = now.astimezone(UTC)
    return now.strftime(DATE_FORMAT)


def canonical_uri(path: str) -> str:
    """Canonical URI of a percent-encoded path, exactly as the SDK derives it."""
    uri = "/".join([quote(segment, safe=_SAFE) for segment in unquote(path).split("/")])
    return uri if uri.endswith("/") else uri + "/"


def canonical_query_pairs(pairs: Iterable[tuple[str, str]]) -> str:
    """Canonical query of already-decoded ``(key, value)`` pairs (the SDK's own input form)."""
    return "&".join([f"{quote(k, safe=_SAFE)}={quote(v, safe=_SAFE)}" for k, v in sorted(pairs)])


def canonical_query(query: str) -> str:
    """Canonical query of a raw, percent-encoded query string (without the ``?``).

    ``+`` decodes to a space, as every form-style server reads it; the SDK itself never
    sends a bare ``+`` (it encodes it as ``%2B``), so this choice cannot break SDK traffic.
    """
    if not query:
        return ""
    pairs = []
    for part in query.split("&"):
        if part:
            key, _, value = part.partition("=")
            pairs.append((unquote_plus(key), unquote_plus(value)))
    return canonical_query_pairs(pairs)


def payload_hash(body: bytes, content_sha256: str | None = None) -> str:
    """Payload hash line: empty-body hash, the X-Sdk-Content-Sha256 value, or SHA-256(body)."""
    if not body:
        return EMPTY_BODY_SHA256
    if content_sha256:
        return content_sha256
    return hashlib.sha256(body).hexdigest()


def canonical_request(
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str],
    signed_headers: Sequence[str],
    body_hash: str,
) -> str:
    """Canonical request text; ``headers`` maps lower-case names to values (unstripped)."""
    lines = [method.upper(), canonical_uri(path), canonical_query(query)]
    lines.append("\n".join([f"{name}:{headers[name].strip()}" for name in signed_headers]) + "\n")
    lines.append(";".join(signed_headers))
    lines.append(body_hash)
    return "\n".join(lines)


def string_to_sign(date: str, canonical: str) -> str:
    """String to sign: algorithm, X-Sdk-Date and the hex SHA-256 of the canonical request."""
    digest = hashlib.sha256(canonical.encode(_ENC, _ERR)).hexdigest()
    return f"{ALGORITHM}\n{date}\n{digest}"


def signature(sk: str, to_sign: str) -> str:
    """Hex HMAC-SHA256 of the string to sign, keyed with the secret key."""
    return hmac.digest(sk.encode(_ENC), to_sign.encode(_ENC, _ERR), "sha256").hex()


def authorization_header(ak: str, signed_headers: Sequence[str], sig: str) -> str:
    """Authorization header value in the SDK's exact spelling and spacing."""
    return f"{ALGORITHM} Access={ak}, SignedHeaders={';'.join(signed_headers)}, Signature={sig}"


def parse_authorization(value: str) -> tuple[str, tuple[str, ...], str]:
    """Split an Authorization value into (access key, signed headers, signature)."""
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise SignatureError("unsupported signing algorithm", algorithm[:40])
    fields: dict[str, str] = {}
    for item in rest.split(","):
        key, eq, val = item.strip().partition("=")
        if not eq or key in fields:
            raise SignatureError("malformed Authorization", f"bad field {item.strip()[:40]!r}")
        fields[key] = val
    try:
        ak, names, sig = fields["Access"], fields["SignedHeaders"], fields["Signature"]
    except KeyError as exc:
        raise SignatureError("malformed Authorization", f"missing {exc.args[0]}") from None
    if len(fields) != 3 or not ak or not names:
        raise SignatureError("malformed Authorization", "expected Access, SignedHeaders, Signature")
    signed = tuple(names.split(";"))
    if "" in signed:
        raise SignatureError("malformed Authorization", "empty name in SignedHeaders")
    if len(sig) != 64 or not sig.isascii():
        raise SignatureError("malformed Authorization", "Signature is not 64 hex digits")
    return ak, signed, sig


# --------------------------------------------------------------------------- signing


def sign(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    ak: str,
    sk: str,
    *,
    now: datetime | None = None,
) -> dict[str, str]:
    """Sign a request the way huaweicloudsdkcore does; return the headers to add to it.

    ``headers`` are the headers that will be sent (values as text; non-ASCII goes out as
    UTF-8). All of them are signed except names containing ``_`` and ``Authorization``.
    Added when missing: ``X-Sdk-Date`` (from ``now``), ``Host`` (from the URL) and, for a
    non-JSON/BSON Content-Type, ``X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD``; always added:
    ``Authorization``. ``url`` is absolute, or a bare path plus query when Host is given.
    """
    if not ak or not sk:
        raise ValueError("ak and sk are required")
    canon: dict[str, str] = {}
    for name, value in headers.items():
        lower = name.lower()
        if lower != "authorization":
            canon[lower] = value
    added: dict[str, str] = {}

    content_type = canon.get("content-type")
    if (
        content_type
        and not content_type.startswith(_SIGNED_CONTENT_TYPES)
        and "x-sdk-content-sha256" not in canon
    ):
        canon["x-sdk-content-sha256"] = added[HEADER_CONTENT_SHA256] = UNSIGNED_PAYLOAD

    date = canon.get("x-sdk-date")
    if date is None:
        canon["x-sdk-date"] = added[HEADER_DATE] = date = sdk_date(now)

    parts = urlsplit(url)
    if "host" not in canon:
        if not parts.netloc:
            raise ValueError("url has no host and no Host header was given")
        canon["host"] = added[HEADER_HOST] = parts.netloc

    signed = sorted([name for name in canon if "_" not in name])
    body_hash = payload_hash(body, canon.get("x-sdk-content-sha256", "").strip())
    canonical = canonical_request(method, parts.path or "/", parts.query, canon, signed, body_hash)
    sig = signature(sk, string_to_sign(date, canonical))
    added[HEADER_AUTHORIZATION] = authorization_header(ak, signed, sig)
    return added


# --------------------------------------------------------------------------- verification


def _parse_sdk_date(value: str) -> datetime:
    """Parse the strict ``%Y%m%dT%H%M%SZ`` form quickly (strptime is slow and lenient)."""
    digits = value[:8] + value[9:15]
    if len(value) != 16 or value[8] != "T" or value[15] != "Z" or not digits.isascii():
        raise SignatureError("malformed X-Sdk-Date", value[:40])
    if not digits.isdigit():
        raise SignatureError("malformed X-Sdk-Date", value[:40])
    try:
        return datetime(
            int(value[0:4]),
            int(value[4:6]),
            int(value[6:8]),
            int(value[9:11]),
            int(value[11:13]),
            int(value[13:15]),
            tzinfo=UTC,
        )
    except ValueError:
        raise SignatureError("malformed X-Sdk-Date", value) from None


def _wire_text(value: str) -> str:
    """Turn a header value as servers hand it over (wire bytes read as Latin-1) into the text
    the signer hashed (UTF-8). A value that cannot be Latin-1 is taken as text already."""
    if value.isascii():
        return value
    try:
        raw = value.encode("latin-1")
    except UnicodeEncodeError:
        return value
    return raw.decode(_ENC, _ERR)


def verify(
    method: str,
    target: str,
    headers: Mapping[str, str],
    body: bytes,
    secret_lookup: Callable[[str], str | None],
    now: datetime | None = None,
    max_skew_seconds: float = 900,
) -> VerifyResult:
    """Authenticate a received request signed with SDK-HMAC-SHA256, or raise SignatureError.

    ``target`` is the request target as it came over the wire: the raw, still
    percent-encoded path plus ``?query`` (a full URL is accepted too). ``headers`` may use
    any letter case; values are expected as ASGI/WSGI/http.server give them (wire bytes
    decoded as Latin-1). ``now`` defaults to the current time; naive means UTC.

    Beyond recomputing the signature it insists that Host and X-Sdk-Date are signed, that
    the date is within ``max_skew_seconds`` of ``now``, and that a signed
    X-Sdk-Content-Sha256 other than UNSIGNED-PAYLOAD really is the body's hash.
    """
    lower = {name.lower(): value for name, value in headers.items()}
    auth = lower.get("authorization")
    if not auth:
        raise SignatureError("missing Authorization")
    ak, signed, sig = parse_authorization(auth)
    if "x-sdk-date" not in signed:
        raise SignatureError("X-Sdk-Date not signed")
    if "host" not in signed:
        raise SignatureError("Host not signed")

    date = lower.get("x-sdk-date")
    if not date:
        raise SignatureError("missing X-Sdk-Date")
    when = _parse_sdk_date(date)
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    skew = (now - when).total_seconds()
    if abs(skew) > max_skew_seconds:
        side = "old" if skew > 0 else "in the future"
        raise SignatureError("stale X-Sdk-Date", f"{date} is {abs(skew):.0f}s {side}")

    sk = secret_lookup(ak)
    if not sk:
        raise SignatureError("unknown access key", ak[:64])

    canon: dict[str, str] = {}
    for name in signed:
        value = lower.get(name)
        if value is None:
            raise SignatureError("missing signed header", name[:64])
        canon[name] = _wire_text(value)

    payload_signed = True
    if not body:
        body_hash = EMPTY_BODY_SHA256
    elif "x-sdk-content-sha256" in canon:
        body_hash = canon["x-sdk-content-sha256"].strip()
        if body_hash == UNSIGNED_PAYLOAD:
            payload_signed = False
        elif not hmac.compare_digest(
            body_hash.encode(_ENC, _ERR), hashlib.sha256(body).hexdigest().encode()
        ):
            raise SignatureError("payload hash mismatch")
    else:
        body_hash = hashlib.sha256(body).hexdigest()

    if target.startswith("/"):
        path, _, query = target.partition("?")
    else:
        parts = urlsplit(target)
        path, query = parts.path or "/", parts.query

    canonical = canonical_request(method, path, query, canon, signed, body_hash)
    expected = signature(sk, string_to_sign(date, canonical))
    if not hmac.compare_digest(expected.encode(), sig.encode()):
        raise SignatureError("signature mismatch")
    return VerifyResult(
        access_key=ak, signed_headers=signed, date=when, payload_signed=payload_signed
    )
