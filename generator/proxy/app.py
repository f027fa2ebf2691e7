"""The proxy as a raw ASGI app: one request path, in the order Prism's proxy uses.

read the body (bounded by the mock's limit; larger is 400) -> find the spec operation (404
for anything the spec does not describe: the proxy signs nothing else) -> refuse writes
unless `allow_writes` (403) -> check the request with the mock's validators (reported; with
`strict` refused with the mock's 400) -> the request budget and the rate limit (429) ->
strip hop-by-hop and credential headers, sign with the client's runtime (`AkSkAuth` or
`TokenAuth` of the resolved `ClientConfig`: the one signer) and forward, TLS verified ->
read the answer (bounded; a broken or reset upstream is 502, a slow one 504, both in the
service's error body) -> check it with the drift rules -> log, tally, record -> answer,
with `X-Spec-Violations` when something was found (with `strict`, a spec-breaking answer
becomes a 502 naming the violation).
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import quote

import httpx
from starlette.types import Receive, Scope, Send

from generator.mock.context import ErrorBodies
from generator.mock.model import build_facts
from generator.specmodel import default_model

from .checks import Findings, Route, Routes, Violation, check_request, check_response
from .config import MAX_RATE_WAIT, ProxyConfig
from .recording import Exchange, Recorder
from .report import HEADER, Tally, header_value, log_line

__all__ = ["CREDENTIAL_HEADERS", "HOP_BY_HOP", "ProxyApp"]

log = logging.getLogger("metastudio.proxy")

# Hop-by-hop headers (RFC 9110 7.6.1, plus what botocore#3643 and aws-sdk-go-v2#2593 learnt):
# never forwarded, so never signed; any `proxy-*` and any name listed in Connection as well.
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "te", "trailer", "upgrade", "transfer-encoding", "expect"}
)
# The client's own credentials, whatever kind: replaced by the proxy's signature.
CREDENTIAL_HEADERS = frozenset(
    {"authorization", "x-auth-token", "x-security-token", "x-sdk-date", "x-sdk-content-sha256"}
)
# Set again for the upstream connection (httpx) or for the decoded answer.
_TRANSPORT = frozenset({"host", "content-length", "accept-encoding"})
_ANSWER_DROP = frozenset({"content-length", "content-encoding"})
_READS = frozenset({"GET", "HEAD"})


class _TooLarge(Exception):
    pass


class _ClientGone(Exception):
    pass


def _dropped(headers: Iterable[tuple[bytes, bytes]], also: frozenset[str]) -> set[str]:
    named = set()
    for name, value in headers:
        if name.lower() == b"connection":
            named |= {t.strip().lower() for t in value.decode("latin-1").split(",")}
    return named | HOP_BY_HOP | also


def strip_headers(
    headers: Iterable[tuple[bytes, bytes]], also: frozenset[str]
) -> list[tuple[bytes, bytes]]:
    """`headers` without hop-by-hop ones (those Connection names and `proxy-*` included)
    and without the names in `also` (lower case)."""
    headers = list(headers)
    drop = _dropped(headers, also)
    return [
        (name, value)
        for name, value in headers
        if (lower := name.decode("latin-1").lower()) not in drop and not lower.startswith("proxy-")
    ]


def client_secrets(headers: Iterable[tuple[bytes, bytes]]) -> list[str]:
    """What the client sent as credentials (its token, STS token, the AK of its signature):
    never forwarded, and redacted too should the upstream echo it."""
    found: list[str] = []
    for name, value in headers:
        lower, text = name.lower(), value.decode("latin-1")
        if lower in (b"x-auth-token", b"x-security-token"):
            found.append(text.strip())
        elif lower == b"authorization":
            for part in text.replace(",", " ").split():
                if part.startswith("Access="):
                    found.append(part[len("Access=") :])
    return found


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise _ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


class ProxyApp:
    """One proxy: `tally` holds the counts of the exit summary."""

    def __init__(self, config: ProxyConfig) -> None:
        self.config = config
        api = default_model()
        self.routes = Routes(api)
        self.operations = [op.operation_id for op in api.operations.values()]
        self.errors = ErrorBodies(build_facts(api).error_examples)
        self.tally = Tally()
        self.recorder = Recorder(config.record, config.har, config.secrets())
        self.sent = 0
        self._next_slot = 0.0
        self._client: httpx.AsyncClient | None = None

    # ----------------------------------------------------------------- ASGI

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    if self._client is not None:
                        await self._client.aclose()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] == "http":
            await self._exchange(scope, receive, send)

    def client(self) -> httpx.AsyncClient:
        """The upstream connection pool, signing with the chain's credentials."""
        if self._client is None:
            up = self.config.upstream
            verify: ssl.SSLContext | bool = True
            if self.config.ca_file is not None:
                verify = ssl.create_default_context(cafile=str(self.config.ca_file))
            self._client = httpx.AsyncClient(
                auth=up.auth(),
                timeout=up.timeout(),
                verify=verify,
                trust_env=False,
                follow_redirects=False,
                proxy=up.proxy,
            )
        return self._client

    async def _answer(
        self,
        send: Send,
        status: int,
        body: bytes,
        headers: list[tuple[bytes, bytes]] | None = None,
        findings: Findings | None = None,
    ) -> None:
        out = [(b"content-type", b"application/json")] if headers is None else headers
        out = [*out, (b"content-length", b"%d" % len(body))]
        value = header_value(findings) if findings is not None else None
        if value is not None:
            out.append((HEADER.lower().encode(), value.encode("ascii")))
        await send({"type": "http.response.start", "status": status, "headers": out})
        await send({"type": "http.response.body", "body": body})

    async def _refuse(
        self, send: Send, status: int, why: str, message: str, findings: Findings | None = None
    ) -> None:
        self.tally.refuse(why)
        log.warning("refused (%s): %s", why, message)
        extra: list[tuple[bytes, bytes]] = [(b"content-type", b"application/json")]
        if status == 429:
            extra.append((b"retry-after", b"%d" % max(1, int(MAX_RATE_WAIT))))
        await self._answer(send, status, self.errors(status, message), extra, findings)

    def _slot(self) -> float | None:
        """Seconds to wait for this request's turn under the rate limit, or None (429)."""
        rate = self.config.rate
        if rate is None:
            return 0.0
        now = time.monotonic()
        start = max(now, self._next_slot)
        if start - now > MAX_RATE_WAIT:
            return None
        self._next_slot = start + 1.0 / rate
        return start - now

    async def _exchange(self, scope: Scope, receive: Receive, send: Send) -> None:
        config = self.config
        method: str = scope["method"]
        raw_path = scope.get("raw_path") or quote(scope["path"]).encode()
        path = raw_path.decode("latin-1")
        query = scope.get("query_string", b"").decode("latin-1")
        target = path + (f"?{query}" if query else "")
        try:
            body = await _read_body(receive, config.max_body_bytes)
        except _ClientGone:
            return
        except _TooLarge:
            message = f"Invalid parameter body: larger than {config.max_body_bytes} bytes"
            await self._refuse(send, 400, "body too large", message)
            return
        matched = self.routes.match("GET" if method == "HEAD" else method, path)
        if matched is None:
            message = f"not an operation of the spec: {method} {path[:200]} (not forwarded)"
            await self._refuse(send, 404, "not in the spec", message)
            return
        route, params = matched
        if method not in _READS and not config.allow_writes:
            message = f"the proxy is read-only: {method} is forwarded only with --allow-writes"
            await self._refuse(send, 403, "write refused", message)
            return
        text_headers = {
            k.decode("latin-1").lower(): v.decode("utf-8", "replace") for k, v in scope["headers"]
        }
        findings = Findings(check_request(route, params, query, text_headers, body))
        if findings.violations and config.strict:
            message = f"Invalid parameter {findings.violations[0].message}"
            await self._refuse(send, 400, "request breaks the spec", message, findings)
            return
        if config.max_requests is not None and self.sent >= config.max_requests:
            message = f"the request budget of {config.max_requests} is spent (--max-requests)"
            await self._refuse(send, 429, "budget spent", message, findings)
            return
        wait = self._slot()
        if wait is None:
            message = "rate limit: too many requests queued (--rate)"
            await self._refuse(send, 429, "rate limit", message, findings)
            return
        if wait:
            await asyncio.sleep(wait)
        self.sent += 1
        await self._forward(scope, send, route, target, body, findings)

    async def _forward(
        self,
        scope: Scope,
        send: Send,
        route: Route,
        target: str,
        body: bytes,
        findings: Findings,
    ) -> None:
        config = self.config
        operation = route.operation.operation_id
        method: str = scope["method"]
        headers = strip_headers(scope["headers"], CREDENTIAL_HEADERS | _TRANSPORT)
        client = self.client()
        request = client.build_request(
            method, config.upstream.endpoint + target, headers=headers, content=body
        )
        started = datetime.now(UTC)
        clock = time.monotonic()
        try:
            async with asyncio.timeout(config.timeout):
                response = await client.send(request, stream=True)
                try:
                    chunks: list[bytes] = []
                    size = 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if size > config.max_answer_bytes:
                            raise _TooLarge
                        chunks.append(chunk)
                finally:
                    await response.aclose()
        except (TimeoutError, httpx.TimeoutException):
            message = f"the upstream did not answer within {config.timeout:g} s"
            await self._refuse(send, 504, "upstream timed out", message, findings)
            return
        except _TooLarge:
            message = f"the upstream answer is larger than {config.max_answer_bytes} bytes"
            await self._refuse(send, 502, "upstream answer too large", message, findings)
            return
        except httpx.HTTPError as exc:
            detail = str(exc)[:200] or type(exc).__name__
            message = f"the upstream sent no valid answer ({type(exc).__name__}: {detail})"
            await self._refuse(send, 502, "upstream failed", message, findings)
            return
        millis = (time.monotonic() - clock) * 1000
        content = b"".join(chunks)
        if method != "HEAD":
            answer = check_response(
                route, response.status_code, response.headers.get("content-type", ""), content
            )
            findings.violations += answer.violations
            findings.drift += answer.drift
        self.tally.add(operation, findings)
        line = log_line(method, target, response.status_code, millis, operation, findings)
        log.log(logging.WARNING if findings.violations else logging.INFO, "%s", line)
        self.recorder.add(
            Exchange(
                started=started,
                millis=millis,
                method=method,
                url=str(response.request.url),
                request_headers=list(response.request.headers.multi_items()),
                request_body=body,
                status=response.status_code,
                reason=response.reason_phrase,
                http_version=response.http_version,
                response_headers=[
                    (k, v)
                    for k, v in response.headers.multi_items()
                    if k.lower() not in _ANSWER_DROP
                ],
                response_body=content,
            ),
            client_secrets(scope["headers"]),
        )
        broken = findings.response_violations()
        if broken and config.strict:
            first: Violation = broken[0]
            message = f"the upstream answer breaks the spec: {first.message}"
            await self._answer(send, 502, self.errors(502, message), None, findings)
            return
        back = strip_headers(response.headers.raw, _ANSWER_DROP)
        await self._answer(send, response.status_code, content, back, findings)
