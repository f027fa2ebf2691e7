"""The client against answers built to blow it up (issue 23), on a real socket on 127.0.0.1:
a hostile Retry-After, a Content-Encoding the body is not in, a gzip bomb, an endless chunked
body, a huge error body. Each ends in the client's own typed error, with memory bounded by
`max_response_bytes` (measured with tracemalloc), sync and async, through pagination and
waiters too. Each test fails on the client before the fix.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any, TypeVar

import pytest
from metastudio_client import AsyncMetaStudio, MetaStudio
from metastudio_client.runtime import (
    APIResponseTooLargeError,
    APIResponseValidationError,
    InternalServerError,
    RateLimitError,
)
from standin import standin

PROJECT = "0123456789abcdef0123456789abcdef"
AK, SK = "HOSTILEAK00000000002", "hostile-secret-key-0456"
JOB = b'{"job_id": "j", "state": "SUCCEED"}'
HUGE = 64 * 1024 * 1024  # decoded size of the bomb and of the big bodies
LIMIT = 1024 * 1024  # the max_response_bytes the tests set (the default is 8 MiB)
MSS_429 = b'{"error_code": "MSS.00000429", "error_msg": "throttled"}'
DAY = "Mon, 99999999999999999999 Jan 2024 00:00:00 GMT"
HOUR = "Mon, 01 Jan 2024 99999999999:00:00 GMT"
BOMB = gzip.compress(JOB[:-1] + b" " * HUGE + b"}", compresslevel=9)  # ~64 KiB -> 64 MiB


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


# scenario -> (status, headers, body)
FIXED: dict[str, tuple[int, dict[str, str], bytes]] = {
    "retry-day": (429, {"Retry-After": DAY}, MSS_429),
    "retry-hour": (503, {"Retry-After": HOUR}, MSS_429),
    "gzip-broken": (200, {"Content-Encoding": "gzip"}, JOB),
    "deflate-broken": (200, {"Content-Encoding": "deflate"}, JOB),
    "br": (200, {"Content-Encoding": "br"}, JOB),
    "gzip-ok": (200, {"Content-Encoding": "gzip"}, gzip.compress(JOB)),
    "deflate-ok": (200, {"Content-Encoding": "deflate"}, zlib.compress(JOB)),
    "raw-deflate-ok": (200, {"Content-Encoding": "deflate"}, raw_deflate(JOB)),
    "gzip-gzip-ok": (200, {"Content-Encoding": "gzip, gzip"}, gzip.compress(gzip.compress(JOB))),
    "bomb": (200, {"Content-Encoding": "gzip"}, BOMB),
    "bomb-error": (500, {"Content-Encoding": "gzip"}, BOMB),
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def stream(self, status: int, chunked: bool) -> None:
        """HUGE bytes of JSON whitespace, written until the client goes."""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        block = b" " * 65536
        try:
            for _ in range(HUGE // len(block)):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
        except OSError:
            pass
        self.close_connection = True

    def do_GET(self) -> None:
        scenario = self.path.split("?")[0].rsplit("/", 1)[-1]
        if scenario.endswith("digital-human-videos"):  # a list page: the bomb
            scenario = "bomb"
        if scenario == "endless":
            self.stream(200, chunked=True)
            return
        if scenario == "big-error":
            self.stream(500, chunked=False)
            return
        status, headers, body = FIXED[scenario]
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with standin(Handler) as url:
        yield url


def client(endpoint: str, **settings: Any) -> MetaStudio:
    settings.setdefault("max_retries", 1)
    settings.setdefault("max_response_bytes", LIMIT)
    return MetaStudio(endpoint=endpoint, project_id=PROJECT, ak=AK, sk=SK, **settings)


def aclient(endpoint: str, **settings: Any) -> AsyncMetaStudio:
    settings.setdefault("max_retries", 1)
    settings.setdefault("max_response_bytes", LIMIT)
    return AsyncMetaStudio(endpoint=endpoint, project_id=PROJECT, ak=AK, sk=SK, **settings)


T = TypeVar("T")


def peak_of(call: Callable[[], T]) -> tuple[T | Exception, int]:
    """What `call` returned (or raised) and the peak of Python memory it took, in bytes."""
    tracemalloc.start()
    try:
        try:
            outcome: T | Exception = call()
        except Exception as exc:
            outcome = exc
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run_async(make: Callable[[AsyncMetaStudio], Any], endpoint: str) -> Any:
    async def go() -> Any:
        async with aclient(endpoint) as ams:
            return await make(ams)

    return asyncio.run(go())


# --------------------------------------------------------------------------- Retry-After


@pytest.mark.parametrize("scenario", ["retry-day", "retry-hour"])
def test_a_hostile_retry_after_is_ignored(endpoint: str, scenario: str) -> None:
    expected = RateLimitError if scenario == "retry-day" else InternalServerError
    with client(endpoint, backoff_base=0.01) as ms, pytest.raises(expected):
        ms.show_video_job(scenario)

    async def call(ams: AsyncMetaStudio) -> Any:
        return await ams.with_options(backoff_base=0.01).show_video_job(scenario)

    with pytest.raises(expected):
        run_async(call, endpoint)


# --------------------------------------------------------------------------- Content-Encoding


@pytest.mark.parametrize("scenario", ["gzip-broken", "deflate-broken", "br"])
def test_a_body_not_in_its_content_encoding_is_a_typed_error(endpoint: str, scenario: str) -> None:
    with client(endpoint) as ms, pytest.raises(APIResponseValidationError) as caught:
        ms.show_video_job(scenario)
    assert "Content-Encoding" in str(caught.value), caught.value
    assert caught.value.status_code == 200

    async def call(ams: AsyncMetaStudio) -> Any:
        return await ams.show_video_job(scenario)

    with pytest.raises(APIResponseValidationError):
        run_async(call, endpoint)


@pytest.mark.parametrize("scenario", ["gzip-ok", "deflate-ok", "raw-deflate-ok", "gzip-gzip-ok"])
def test_compressed_answers_still_decode(endpoint: str, scenario: str) -> None:
    with client(endpoint) as ms:
        assert ms.show_video_job(scenario).job_id == "j"
        raw = ms.with_raw_response.show_video_job(scenario)
        assert "content-encoding" not in raw.headers  # the body handed up is the decoded one

    async def call(ams: AsyncMetaStudio) -> Any:
        return await ams.show_video_job(scenario)

    assert run_async(call, endpoint).job_id == "j"


# --------------------------------------------------------------------------- answer size


@pytest.mark.parametrize("scenario", ["bomb", "endless"])
def test_an_answer_past_the_limit_stops_there(endpoint: str, scenario: str) -> None:
    with client(endpoint) as ms:
        outcome, peak = peak_of(lambda: ms.show_video_job(scenario))
    assert isinstance(outcome, APIResponseTooLargeError), outcome
    assert outcome.limit == LIMIT and f"max_response_bytes={LIMIT}" in str(outcome)
    assert peak < 8 * LIMIT, peak  # not the 64 MiB the body decodes to
    with client(endpoint) as ms:  # the same client serves on
        assert ms.show_video_job("gzip-ok").job_id == "j"


@pytest.mark.parametrize("scenario", ["bomb", "endless"])
def test_an_answer_past_the_limit_stops_there_async(endpoint: str, scenario: str) -> None:

    async def call(ams: AsyncMetaStudio) -> Any:
        return await ams.show_video_job(scenario)

    outcome, peak = peak_of(lambda: run_async(call, endpoint))
    assert isinstance(outcome, APIResponseTooLargeError), outcome
    assert peak < 8 * LIMIT, peak


def test_the_default_limit_is_a_few_mib(endpoint: str) -> None:
    with MetaStudio(endpoint=endpoint, project_id=PROJECT, ak=AK, sk=SK) as ms:
        outcome, peak = peak_of(lambda: ms.show_video_job("bomb"))
    assert isinstance(outcome, APIResponseTooLargeError), outcome
    assert 1024 * 1024 <= outcome.limit <= 16 * 1024 * 1024
    assert peak < 4 * outcome.limit, peak


@pytest.mark.parametrize("scenario", ["big-error", "bomb-error"])
def test_an_error_body_is_read_only_up_to_an_excerpt(endpoint: str, scenario: str) -> None:
    """A 500 to a GET is drained before the retry and read for the message: both stop at the
    excerpt, and the status error stands."""
    with client(endpoint, backoff_base=0.01) as ms:
        outcome, peak = peak_of(lambda: ms.show_video_job(scenario))
    assert isinstance(outcome, InternalServerError), outcome
    assert peak < 2 * LIMIT, peak

    async def call(ams: AsyncMetaStudio) -> Any:
        return await ams.with_options(backoff_base=0.01).show_video_job(scenario)

    outcome, peak = peak_of(lambda: run_async(call, endpoint))
    assert isinstance(outcome, InternalServerError), outcome
    assert peak < 2 * LIMIT, peak


def test_pagination_and_waiters_hold_the_limit(endpoint: str) -> None:
    with client(endpoint) as ms:
        pages, peak = peak_of(lambda: list(ms.iter_video_jobs()))
        assert isinstance(pages, APIResponseTooLargeError), pages
        assert peak < 8 * LIMIT, peak
        waited, peak = peak_of(
            lambda: ms.wait_for_video_job("bomb", timeout=10, initial_delay=0.01, progress=False)
        )
        assert isinstance(waited, APIResponseTooLargeError), waited
        assert peak < 8 * LIMIT, peak

    async def call(ams: AsyncMetaStudio) -> Any:
        return [page async for page in ams.iter_video_jobs()]

    outcome, _ = peak_of(lambda: run_async(call, endpoint))
    assert isinstance(outcome, APIResponseTooLargeError), outcome
