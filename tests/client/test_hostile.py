"""The client against hostile servers on 127.0.0.1: it never hangs past its deadline and never
raises anything but its own typed errors, with clean messages and no secrets shown.

One threaded server answers by the job id in the path (`show_video_job("<scenario>")`):
a body trickling one byte every 0.2 s, one byte then silence, an HTML page, truncated JSON,
wrong types, `[]`, an ESC sequence in X-Request-Id, a slow job for the waiter, a 503 with a
long Retry-After.
Every scenario has a bounded loop; every test a bounded time.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from metastudio_client import AsyncMetaStudio, MetaStudio
from metastudio_client.runtime import (
    APIResponseValidationError,
    APITimeoutError,
    InternalServerError,
    MetaStudioError,
    NotFoundError,
    WaiterTimeoutError,
)

PROJECT = "0123456789abcdef0123456789abcdef"
AK, SK, TOKEN = "HOSTILEAK00000000001", "hostile-secret-key-0123", "hostile-token-0123"
JOB = b'{"job_id": "j", "state": "WAITING"}'
ESC_ID = "rid-\x1b[31mred\x1b[0m"

# scenario -> (status, headers, body); trickle and slow are special-cased in the handler
FIXED: dict[str, tuple[int, dict[str, str], bytes]] = {
    "html": (200, {"Content-Type": "text/html"}, b"<html><body>Gateway</body></html>"),
    "truncated": (200, {}, b'{"job_id": "j", "sta'),
    "wrongtypes": (200, {}, b'{"job_id": "j", "state": 5}'),
    "array": (200, {}, b"[]"),
    "escape": (
        404,
        {"X-Request-Id": ESC_ID},
        b'{"error_code": "MSS.404", "error_msg": "no \\u001b[2Jjob"}',
    ),
    "busy": (503, {"Retry-After": "5"}, b'{"error_code": "MSS.503", "error_msg": "busy"}'),
    "ok": (200, {"X-Request-Id": "rid-ok"}, JOB),
}


class Hostile:
    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()

    def hit(self, scenario: str) -> None:
        with self.lock:
            self.hits[scenario] = self.hits.get(scenario, 0) + 1


def serve(hostile: Hostile) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            scenario = self.path.split("?")[0].rsplit("/", 1)[-1]
            hostile.hit(scenario)
            if scenario == "trickle":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    for _ in range(60):  # 12 s at most, far beyond every deadline here
                        self.wfile.write(b"1\r\n \r\n")
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:
                    pass
                self.close_connection = True
                return
            if scenario == "stall":  # late headers, one byte, then a long silence
                time.sleep(0.5)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "100")
                self.end_headers()
                try:
                    self.wfile.write(b"{")
                    self.wfile.flush()
                    time.sleep(5)
                except OSError:
                    pass
                self.close_connection = True
                return
            headers: dict[str, str] = {}
            if scenario == "slow":
                time.sleep(0.7)
                status, body = 200, JOB
            else:
                status, fixed, body = FIXED[scenario]
                headers.update(fixed)
            self.send_response(status)
            self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def hostile() -> Iterator[tuple[Hostile, str]]:
    state = Hostile()
    server = serve(state)
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def client(endpoint: str, **settings: Any) -> MetaStudio:
    settings.setdefault("max_retries", 0)
    return MetaStudio(endpoint=endpoint, project_id=PROJECT, ak=AK, sk=SK, **settings)


# --------------------------------------------------------------------------- deadlines


@pytest.mark.slow
def test_trickling_body_is_cut_at_the_call_deadline(hostile: tuple[Hostile, str]) -> None:
    _, endpoint = hostile
    with client(endpoint, read_timeout=2) as ms:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match="deadline"):
            ms.show_video_job("trickle", timeout=1.0)
        assert time.monotonic() - started < 1.6
        retrying = ms.with_options(max_retries=3, call_timeout=1.0)  # the default deadline
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            retrying.show_video_job("trickle")
        assert time.monotonic() - started < 1.6


@pytest.mark.slow
def test_a_read_blocked_at_the_deadline_is_ended(hostile: tuple[Hostile, str]) -> None:
    _, endpoint = hostile
    with client(endpoint, read_timeout=10) as ms:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match="deadline"):
            ms.show_video_job("stall", timeout=1.0)
        # Without the watchdog the second body read would wait its 1 s (cut to the time
        # left when the attempt started) from 0.5 s on: 1.5 s.
        assert time.monotonic() - started < 1.3
        assert ms.show_video_job("ok").job_id == "j"  # the pool recovers

    async def run() -> float:
        async with AsyncMetaStudio(
            endpoint=endpoint, project_id=PROJECT, ak=AK, sk=SK, read_timeout=10, max_retries=0
        ) as ams:
            started = time.monotonic()
            with pytest.raises(APITimeoutError):
                await ams.show_video_job("stall", timeout=1.0)
            return time.monotonic() - started

    assert asyncio.run(run()) < 1.3


def test_trickling_body_is_cut_at_the_deadline_async(hostile: tuple[Hostile, str]) -> None:
    _, endpoint = hostile

    async def run() -> float:
        async with AsyncMetaStudio(
            endpoint=endpoint, project_id=PROJECT, ak=AK, sk=SK, read_timeout=2, max_retries=0
        ) as ms:
            started = time.monotonic()
            with pytest.raises(APITimeoutError):
                await ms.show_video_job("trickle", timeout=0.8)
            return time.monotonic() - started

    assert asyncio.run(run()) < 1.2


def test_no_retry_pause_runs_past_the_deadline(hostile: tuple[Hostile, str]) -> None:
    state, endpoint = hostile
    before = state.hits.get("busy", 0)
    with client(endpoint, max_retries=3) as ms:
        started = time.monotonic()
        with pytest.raises(InternalServerError) as caught:
            ms.show_video_job("busy", timeout=1.0)  # Retry-After: 5 would pass the deadline
        assert time.monotonic() - started < 0.9
    assert caught.value.status_code == 503 and state.hits["busy"] == before + 1


def test_waiter_timeout_is_a_deadline(hostile: tuple[Hostile, str]) -> None:
    _, endpoint = hostile
    with client(endpoint) as ms:
        started = time.monotonic()
        with pytest.raises(WaiterTimeoutError) as caught:
            ms.wait_for_video_job("slow", timeout=1.0, initial_delay=0.1, progress=False)
        elapsed = time.monotonic() - started
    assert elapsed < 1.4, elapsed  # each poll takes 0.7 s; the last one is cut at 1 s
    assert caught.value.last_state == "WAITING"


def test_async_waiter_timeout_is_a_deadline(hostile: tuple[Hostile, str]) -> None:
    _, endpoint = hostile

    async def run() -> float:
        async with AsyncMetaStudio(
            endpoint=endpoint, project_id=PROJECT, ak=AK, sk=SK, max_retries=0
        ) as ams:
            quick = ams.with_options(read_timeout=5)
            started = time.monotonic()
            with pytest.raises(WaiterTimeoutError):
                await quick.wait_for_video_job("slow", timeout=1.0, initial_delay=0.1)
            await quick.close()  # a copy: the shared pool stays open
            assert (await ams.show_video_job("ok")).job_id == "j"
            return time.monotonic() - started

    assert asyncio.run(run()) < 1.5


# --------------------------------------------------------------------------- malformed bodies


@pytest.mark.parametrize(
    ("scenario", "reason"),
    [
        ("html", "not valid JSON"),
        ("truncated", "not valid JSON"),
        ("wrongtypes", "does not fit the model: ValueError"),
        ("array", "expected a JSON object, got list"),
    ],
)
def test_malformed_success_bodies_raise_a_typed_error(
    hostile: tuple[Hostile, str], scenario: str, reason: str
) -> None:
    _, endpoint = hostile
    with client(endpoint) as ms, pytest.raises(APIResponseValidationError) as caught:
        ms.show_video_job(scenario)
    error = caught.value
    assert isinstance(error, MetaStudioError)
    assert reason in error.reason and reason in str(error)
    assert error.status_code == 200 and error.response.content == FIXED[scenario][2]
    assert "/2d-digital-human-videos/" + scenario in str(error)


def test_malformed_body_async_and_raw(hostile: tuple[Hostile, str]) -> None:
    _, endpoint = hostile

    async def run() -> None:
        async with AsyncMetaStudio(
            endpoint=endpoint, project_id=PROJECT, ak=AK, sk=SK, max_retries=0
        ) as ms:
            with pytest.raises(APIResponseValidationError, match="expected a JSON object"):
                await ms.with_raw_response.show_video_job("array")
            raw = await ms.with_raw_response.show_video_job("ok")
            assert (raw.status_code, raw.request_id, raw.parsed.job_id) == (200, "rid-ok", "j")

    asyncio.run(run())


# --------------------------------------------------------------------------- hygiene


def test_control_characters_from_the_server_are_escaped(hostile: tuple[Hostile, str]) -> None:
    _, endpoint = hostile
    with (
        MetaStudio(endpoint=endpoint, project_id=PROJECT, auth_token=TOKEN, max_retries=0) as ms,
        pytest.raises(NotFoundError) as caught,
    ):
        ms.show_video_job("escape")
    error = caught.value
    assert error.request_id == ESC_ID  # the attribute keeps what was sent
    assert "\x1b" not in str(error) and "\\x1b[31m" in str(error) and "\\x1b[2J" in str(error)
    shown = repr(error.response.request.headers)
    assert TOKEN not in shown and "'x-auth-token': '[secure]'" in shown.lower()


def test_raw_response_with_options_and_logging(
    hostile: tuple[Hostile, str], caplog: pytest.LogCaptureFixture
) -> None:
    state, endpoint = hostile
    caplog.set_level(logging.DEBUG, logger="metastudio_client")
    with client(endpoint) as ms:
        raw = ms.with_raw_response.show_video_job("ok")
        assert (raw.status_code, raw.request_id, raw.parsed.job_id) == (200, "rid-ok", "j")
        assert raw.headers["X-Request-Id"] == "rid-ok" and raw.http_response.status_code == 200
        patient = ms.with_options(max_retries=1, max_retry_after=0.05)
        assert (patient.config.max_retries, ms.config.max_retries) == (1, 0)
        before = state.hits.get("busy", 0)
        with pytest.raises(InternalServerError):
            patient.show_video_job("busy")
        assert state.hits["busy"] == before + 2
        patient.close()  # a copy leaves the shared pool open
        assert ms.show_video_job("ok").job_id == "j"
        assert patient.http_client._transport is not ms.http_client._transport
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert any(
        f"GET /v1/{PROJECT}/2d-digital-human-videos/ok -> 200 in" in m
        and "(attempt 1, request id rid-ok)" in m
        for m in debug
    ), debug
    assert any(m.startswith("retrying GET") and "after 503" in m for m in info), info
    assert all(SK not in m and "Signature=" not in m for m in debug + info)


@pytest.mark.slow
def test_metastudio_log_debug_turns_logging_on(hostile: tuple[Hostile, str]) -> None:
    _, endpoint = hostile
    script = (
        "from metastudio_client import MetaStudio\n"
        f"ms = MetaStudio(endpoint={endpoint!r}, project_id={PROJECT!r}, ak={AK!r}, sk={SK!r})\n"
        "print(ms.show_video_job('ok').job_id)\n"
    )
    env = {**os.environ, "METASTUDIO_LOG": "debug"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "j"
    assert "metastudio_client DEBUG GET /v1/" in done.stderr and "rid-ok" in done.stderr
    assert SK not in done.stderr
