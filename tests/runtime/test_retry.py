"""generator/runtime/retry.py at its edges (found by `make mutate`), through the generated client's
copy (`metastudio_client.runtime`, what users run): its retries: Retry-After dates in any zone,
negative waits refused, async back-off, the attempt log."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from metastudio_client.runtime import (
    AsyncRetryTransport,
    RetryPolicy,
    RetryTransport,
    errors,
    parse_retry_after,
)


def test_retry_after_http_dates_in_any_zone() -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    assert parse_retry_after("Wed, 01 Jan 2025 00:00:30 -0000", now=now) == 30.0  # naive: UTC
    assert parse_retry_after("Wed, 01 Jan 2025 01:00:30 +0100", now=now) == 30.0


@pytest.mark.parametrize("negative", ["backoff_base", "backoff_cap", "max_retry_after"])
def test_retry_policy_refuses_negative_waits(negative: str) -> None:
    settings: dict[str, Any] = {negative: -1.0}
    with pytest.raises(ValueError, match="backoff_base, backoff_cap and max_retry_after"):
        RetryPolicy(**settings)


class _CutBody(httpx.AsyncByteStream):
    """A body whose connection drops while it is read."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        raise httpx.ReadError("connection reset while reading the body")
        yield b""  # pragma: no cover (makes this an async generator)


def test_async_retries_back_off_and_survive_a_cut_error_body() -> None:
    replies = iter([httpx.Response(503, stream=_CutBody())] + [httpx.Response(503)] * 2)
    seen: list[httpx.Request] = []

    def service(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return next(replies, httpx.Response(200, json={"ok": True}))

    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    async def main() -> httpx.Response:
        transport = AsyncRetryTransport(
            httpx.MockTransport(service), max_retries=3, sleep=sleep, random=lambda: 1.0
        )
        async with httpx.AsyncClient(transport=transport) as client:
            return await client.get("http://metastudio.test/v1/p/digital-human-videos")

    assert asyncio.run(main()).json() == {"ok": True}
    assert len(seen) == 4 and delays == [0.5, 1.0, 2.0]  # 0.5 * 2**attempt, attempt by attempt


def test_async_retry_transport_defaults_to_a_real_one() -> None:
    async def main() -> None:
        async with httpx.AsyncClient(transport=AsyncRetryTransport(max_retries=0)) as client:
            await client.get(_dead_endpoint())

    with pytest.raises(errors.APIConnectionError):
        asyncio.run(main())


def _dead_endpoint() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_the_attempt_log_names_the_request_id_or_a_dash(caplog: pytest.LogCaptureFixture) -> None:
    def service(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/down"):
            raise httpx.ConnectError("refused", request=request)
        sent = {"X-Request-Id": "r-9"} if request.url.path.endswith("/with") else {}
        return httpx.Response(200, json={}, headers=sent)

    transport = RetryTransport(httpx.MockTransport(service), max_retries=0)
    with (
        caplog.at_level(logging.DEBUG, logger="metastudio_client"),
        httpx.Client(transport=transport) as client,
    ):
        client.get("http://127.0.0.1:9/with")
        client.get("http://127.0.0.1:9/without")
        with pytest.raises(errors.APIConnectionError):
            client.get("http://127.0.0.1:9/down")
    lines = [r.getMessage() for r in caplog.records if r.name == "metastudio_client"]
    assert lines[0].endswith("(attempt 1, request id r-9)"), lines
    assert lines[1].endswith("(attempt 1, request id -)"), lines
    assert lines[2].startswith("GET /down -> ConnectError in ") and lines[2].endswith(
        "(attempt 1)"
    ), lines
