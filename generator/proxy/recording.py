"""`--record FILE` (a vcrpy cassette, YAML) and `--har FILE` (HAR 1.2), redacted both ways.

Before anything is written, on the request and on the answer alike:
- the values of Authorization, X-Auth-Token, X-Security-Token and X-Sdk-Date become
  `REDACTED` (vcrpy's `filter_headers` covers requests only, so secrets in answers leak);
- every credential of the chain (AK, SK, IAM token, STS token), raw, percent-encoded or
  JSON-escaped, is replaced anywhere: URL, header values, bodies (the service echoes the AK
  in its errors);
- the signature part of every URL inside a body becomes `REDACTED`: the values of the query
  parameters that sign or authorise a presigned upload or download URL (OBS `AccessKeyId`,
  `Signature`, `x-obs-security-token`; S3-style `X-Amz-*`; anything named like a token or
  credential).
Nothing else is touched, so a body without secrets is kept byte for byte.

Both files are rewritten whole (to a temporary file, then renamed) after every exchange: a
proxy that is killed leaves every exchange it answered, and never half a file. The request
budget bounds how many there are.
"""

from __future__ import annotations

import base64
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

__all__ = ["REDACTED", "SECRET_HEADERS", "Exchange", "Recorder", "Redactor"]

REDACTED = "REDACTED"
SECRET_HEADERS = frozenset({"authorization", "x-auth-token", "x-security-token", "x-sdk-date"})
CREATOR = "metastudio-proxy"
_URL = re.compile(r"https?:(?:\\?/){2}[^\s\"'<>\\]+")
# Query parameters that sign a URL or carry a credential: OBS (AccessKeyId, Signature,
# x-obs-security-token) and S3-style (X-Amz-Signature, X-Amz-Credential, ...) presigned URLs.
_SIGNING_PARAM = re.compile(r"(?i)signature|accesskey|credential|token|^x-obs-|^x-amz-")
_MIN_SECRET = 4  # shorter "secrets" would redact ordinary text


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request as sent upstream (signed) and the answer as received (decoded)."""

    started: datetime
    millis: float
    method: str
    url: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    reason: str
    http_version: str
    response_headers: list[tuple[str, str]]
    response_body: bytes


class Redactor:
    def __init__(self, secrets: list[str]) -> None:
        forms: set[str] = set()
        for secret in secrets:
            if len(secret) >= _MIN_SECRET:
                forms |= {secret, quote(secret, safe=""), quote(secret), json.dumps(secret)[1:-1]}
        self.forms = sorted(forms, key=len, reverse=True)  # longest first

    def text(self, value: str) -> str:
        for form in self.forms:
            value = value.replace(form, REDACTED)
        return value

    def header(self, name: str, value: str) -> str:
        return REDACTED if name.lower() in SECRET_HEADERS else self.text(value)

    def headers(self, items: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(name, self.header(name, value)) for name, value in items]

    @staticmethod
    def _url_query(found: re.Match[str]) -> str:
        url = found.group(0)
        head, sep, query = url.partition("?")
        if not sep:
            return url
        query, hash_sep, fragment = query.partition("#")
        pairs = [p.partition("=") for p in query.split("&")]
        redacted = "&".join(
            k + eq + (REDACTED if eq and _SIGNING_PARAM.search(k) else v) for k, eq, v in pairs
        )
        return f"{head}?{redacted}{hash_sep}{fragment}"

    def body(self, body: bytes) -> bytes:
        if not body:
            return body
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            for form in self.forms:
                body = body.replace(form.encode("utf-8"), REDACTED.encode())
            return body
        redacted = _URL.sub(self._url_query, self.text(text))
        return body if redacted == text else redacted.encode("utf-8")


def _body_text(body: bytes) -> str | bytes:
    """A body as YAML will keep it: text when it is UTF-8, else bytes (!!binary)."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body


def _grouped(items: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in items:
        out.setdefault(name, []).append(value)
    return out


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.tmp")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, path)


def _mime(headers: list[tuple[str, str]]) -> str:
    return next((v for k, v in headers if k.lower() == "content-type"), "")


class Recorder:
    """Gathers the redacted exchanges and keeps `cassette` / `har` up to date (each optional)."""

    def __init__(self, cassette: Path | None, har: Path | None, secrets: list[str]) -> None:
        self.cassette = cassette
        self.har = har
        self.secrets = list(secrets)
        self.exchanges: list[Exchange] = []

    def add(self, exchange: Exchange, client_secrets: list[str]) -> None:
        """Record `exchange`, redacting the chain's secrets and those the client sent."""
        if self.cassette is None and self.har is None:
            return
        r = Redactor(self.secrets + client_secrets)
        self.exchanges.append(
            Exchange(
                started=exchange.started,
                millis=exchange.millis,
                method=exchange.method,
                url=r.text(exchange.url),
                request_headers=r.headers(exchange.request_headers),
                request_body=r.body(exchange.request_body),
                status=exchange.status,
                reason=exchange.reason,
                http_version=exchange.http_version,
                response_headers=r.headers(exchange.response_headers),
                response_body=r.body(exchange.response_body),
            )
        )
        if self.cassette is not None:
            _write(self.cassette, cassette_yaml(self.exchanges))
        if self.har is not None:
            _write(self.har, har_json(self.exchanges))


def cassette_yaml(exchanges: list[Exchange]) -> str:
    """vcrpy's cassette format, version 1 (`vcr/serialize.py`, `stubs/httpx_stubs.py`)."""
    interactions = [
        {
            "request": {
                "body": _body_text(e.request_body) if e.request_body else None,
                "headers": _grouped(e.request_headers),
                "method": e.method,
                "uri": e.url,
            },
            "response": {
                "body": {"string": _body_text(e.response_body)},
                "headers": _grouped(e.response_headers),
                "status": {"code": e.status, "message": e.reason},
            },
        }
        for e in exchanges
    ]
    return yaml.safe_dump({"interactions": interactions, "version": 1}, sort_keys=False)


def _har_content(body: bytes, mime: str) -> dict[str, Any]:
    text = _body_text(body)
    content: dict[str, Any] = {"size": len(body), "mimeType": mime}
    if isinstance(text, str):
        content["text"] = text
    else:
        content.update(text=base64.b64encode(body).decode("ascii"), encoding="base64")
    return content


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("metastudio-toolkit")
    except PackageNotFoundError:
        return "0"


def har_json(exchanges: list[Exchange]) -> str:
    """HAR 1.2: `log{version, creator, entries[]}` with the fields the spec requires."""
    entries = []
    for e in exchanges:
        query = urlsplit(e.url).query
        request: dict[str, Any] = {
            "method": e.method,
            "url": e.url,
            "httpVersion": e.http_version,
            "cookies": [],
            "headers": [{"name": k, "value": v} for k, v in e.request_headers],
            "queryString": [
                {"name": k, "value": v}
                for k, _, v in (p.partition("=") for p in query.split("&") if p)
            ],
            "headersSize": -1,
            "bodySize": len(e.request_body),
        }
        if e.request_body:
            text = _body_text(e.request_body)
            request["postData"] = {
                "mimeType": _mime(e.request_headers),
                "text": text if isinstance(text, str) else "",
            }
        entries.append(
            {
                "startedDateTime": e.started.isoformat(timespec="milliseconds"),
                "time": round(e.millis, 3),
                "request": request,
                "response": {
                    "status": e.status,
                    "statusText": e.reason,
                    "httpVersion": e.http_version,
                    "cookies": [],
                    "headers": [{"name": k, "value": v} for k, v in e.response_headers],
                    "content": _har_content(e.response_body, _mime(e.response_headers)),
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": len(e.response_body),
                },
                "cache": {},
                "timings": {"send": 0, "wait": round(e.millis, 3), "receive": 0},
            }
        )
    log = {
        "version": "1.2",
        "creator": {"name": CREATOR, "version": _version()},
        "entries": entries,
    }
    return json.dumps({"log": log}, indent=1, ensure_ascii=True) + "\n"
