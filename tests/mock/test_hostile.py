"""Hostile input against the mock (issue 11): never a 500, never a reflected Host, bounded
cost per request. Real HTTP on 127.0.0.1 (raw sockets for bytes no client sends), real SQLite.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import orjson
import pytest
from mockserver import CREDENTIALS, SPEC, UPDATABLE_STATE, MockServer, start_thread_server
from rawhttp import request

from generator.mock import limits
from generator.mock.app import create_app
from generator.mock.config import MockConfig
from generator.runtime.auth import AkSkAuth
from generator.runtime.signing import sign

TOKEN = (b"X-Auth-Token", CREDENTIALS.token.encode())
JSON = (b"Content-Type", b"application/json")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServer]:
    """A mock of this module's own (tests here reset it and move its clock)."""
    db = tmp_path_factory.mktemp("hostile") / "state.sqlite"
    config = MockConfig(db_path=db, credentials=CREDENTIALS, speed=1000.0, spec_path=SPEC)
    running = start_thread_server(config)
    try:
        yield MockServer(running.base_url, db)
    finally:
        running.stop()


def held_job(server: MockServer, state: str, **extra: Any) -> str:
    return str(server.create_training_job(state, hold=True, **extra)["job_id"])


def mss(response: Any, status: int) -> dict[str, Any]:
    """An MSS error body with `status` and a request id (httpx or raw response)."""
    got = response.status_code if isinstance(response, httpx.Response) else response.status
    body = response.json()
    assert got == status, body
    assert isinstance(body, dict) and set(body) == {"error_code", "error_msg"}, body
    assert body["error_code"].startswith("MSS."), body
    assert response.headers.get("x-request-id"), response.headers
    return body


# ------------------------------------------------------------------ 1: Host is never reflected


def test_upload_urls_ignore_a_hostile_host(server: MockServer) -> None:
    job = held_job(server, UPDATABLE_STATE)
    body = orjson.dumps({"name": "x", "video_multipart_count": 2})
    answer = request(
        server.base_url,
        "PUT",
        server.training_path(job),
        [(b"Host", b"evil.example"), TOKEN, JSON],
        body,
    )
    assert answer.status == 200, answer.body
    urls = orjson.loads(answer.body)["training_video_upload_url"]
    assert len(urls) == 2
    assert all(u.startswith(server.base_url + "/_mock/uploads/") for u in urls), urls
    created = request(
        server.base_url,
        "POST",
        f"/_mock/v1/{server.project_id}/training-jobs",
        [(b"Host", b"evil.example"), JSON],
        orjson.dumps({"state": "WAIT_FILE_UPLOAD", "hold": True}),
    )
    assert created.status == 201, created.body
    for url in orjson.loads(created.body)["training_video_upload_url"]:
        assert url.startswith(server.base_url + "/_mock/uploads/"), url


def test_public_url_names_the_upload_urls(tmp_path: Path) -> None:
    config = MockConfig(
        db_path=tmp_path / "s.sqlite",
        credentials=CREDENTIALS,
        spec_path=SPEC,
        public_url="https://mock.example:9443/",
    )
    running = start_thread_server(config)
    try:
        created = httpx.post(
            f"{running.base_url}/_mock/v1/{CREDENTIALS.project_id}/training-jobs",
            json={"state": "WAIT_FILE_UPLOAD"},
            headers={"Host": "evil.example"},
        )
        assert created.status_code == 201, created.text
        (url,) = created.json()["training_video_upload_url"]
        assert url.startswith("https://mock.example:9443/_mock/uploads/"), url
    finally:
        running.stop()


@pytest.mark.parametrize("path", ["/_mock/health/", "/v1/x/digital-human-training-manage/"])
def test_a_trailing_slash_is_a_404_not_a_redirect(server: MockServer, path: str) -> None:
    answer = request(server.base_url, "GET", path, [(b"Host", b"evil.example"), TOKEN])
    body = mss(answer, 404)
    assert "location" not in answer.headers
    assert "no such resource" in body["error_msg"]


# ------------------------------------------------------------------ 2: undecodable headers


def test_a_non_utf8_host_is_refused_before_any_work(server: MockServer) -> None:
    job = held_job(server, UPDATABLE_STATE, name="before")
    answer = request(
        server.base_url,
        "PUT",
        server.training_path(job),
        [(b"Host", b"\xff"), TOKEN, JSON],
        orjson.dumps({"name": "renamed"}),
    )
    body = mss(answer, 400)
    assert "Host" in body["error_msg"] and "UTF-8" in body["error_msg"], body
    with server.client() as client:
        after = client.get(server.training_path(job)).json()
    assert after["state"] == UPDATABLE_STATE and after["name"] == "before"


@pytest.mark.parametrize("path", ["/_mock/health", "/_mock/reset", "/nowhere"])
def test_non_utf8_headers_are_400_everywhere(server: MockServer, path: str) -> None:
    answer = request(server.base_url, "POST", path, [(b"X-Whatever", b"caf\xe9"), JSON], b"{}")
    body = mss(answer, 400)
    assert "X-Whatever" in body["error_msg"], body


# ------------------------------------------------------------------ 3: bounded cost


def _db_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def test_a_huge_attachment_list_is_400_before_any_work(server: MockServer) -> None:
    job = held_job(server, "MANUAL_VERIFYING")
    count = 349_000
    body = b'{"command":"CONFIRM_ANSWER","comment_data":{"attachment_name":[%s]}}' % b",".join(
        [b'""'] * count
    )
    assert len(body) <= limits.MAX_BODY_BYTES
    before = _db_bytes(server.db_path)
    started = time.monotonic()
    with server.client(timeout=30) as client:
        answer = client.post(
            server.training_path(job, command=True),
            content=body,
            headers={"Content-Type": "application/json"},
        )
    took = time.monotonic() - started
    message = mss(answer, 400)["error_msg"]
    assert f"at most {limits.MAX_LIST_ITEMS}" in message, message
    assert "attachment_name" in message, message
    assert took < 3.0, took
    assert len(answer.content) < 1000
    assert _db_bytes(server.db_path) - before < 1_000_000


def test_comment_logs_per_job_are_capped(server: MockServer) -> None:
    job = held_job(server, "MANUAL_VERIFYING")
    command = {"command": "CONFIRM_ANSWER", "comment_data": {"comment_title": "t"}}
    with server.client() as client:
        for _ in range(limits.MAX_COMMENT_LOGS):
            ok = client.post(server.training_path(job, command=True), json=command)
            assert ok.status_code == 200, ok.text
        refused = client.post(server.training_path(job, command=True), json=command)
        message = mss(refused, 400)["error_msg"]
        assert f"{limits.MAX_COMMENT_LOGS} comment logs" in message, message
        logs = client.get(server.training_path(job)).json()["comment_logs"]
    assert len(logs) == limits.MAX_COMMENT_LOGS


def test_a_job_document_is_capped(server: MockServer) -> None:
    job = held_job(server, "MANUAL_VERIFYING")
    text = "x" * (limits.MAX_BODY_BYTES // 2)
    command = {"command": "CONFIRM_ANSWER", "comment_data": {"comment_message": text}}
    with server.client() as client:
        answers = [
            client.post(server.training_path(job, command=True), json=command) for _ in range(3)
        ]
        assert answers[0].status_code == 200
        message = mss(answers[-1], 400)["error_msg"]
        assert f"{limits.MAX_JOB_DOCUMENT_BYTES} bytes" in message, message
        got = client.get(server.training_path(job))
    assert got.status_code == 200 and len(got.content) <= limits.MAX_JOB_DOCUMENT_BYTES


def test_a_busy_database_is_503_with_retry_after(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    config = MockConfig(
        db_path=db, credentials=CREDENTIALS, spec_path=SPEC, busy_timeout_seconds=0.2
    )
    running = start_thread_server(config)
    served = MockServer(running.base_url, db)
    job = held_job(served, UPDATABLE_STATE)
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    release = threading.Timer(4.0, lambda: None)
    try:
        with served.client(timeout=3.0) as client:
            put = client.put(served.training_path(job), json={"name": "y"})
            body = mss(put, 503)
            assert put.headers["retry-after"] == str(limits.RETRY_AFTER_SECONDS)
            assert "busy" in body["error_msg"]
        control = served.control("POST", "/_mock/clock/advance", {"seconds": 1})
        mss(control, 503)
    finally:
        release.cancel()
        blocker.execute("ROLLBACK")
        blocker.close()
    with served.client() as client:
        assert client.put(served.training_path(job), json={"name": "y"}).status_code == 200
    running.stop()


# ------------------------------------------------------------------ 4: the clock


@pytest.mark.slow
def test_the_clock_offset_is_capped(tmp_path: Path) -> None:
    config = MockConfig(db_path=tmp_path / "s.sqlite", credentials=CREDENTIALS, spec_path=SPEC)
    running = start_thread_server(config)
    served = MockServer(running.base_url, config.db_path)
    try:
        statuses = []
        for _ in range(252):
            answer = served.control("POST", "/_mock/clock/advance", {"seconds": 1_000_000_000})
            statuses.append(answer.status_code)
            if answer.status_code != 200:
                message = mss(answer, 400)["error_msg"]
                assert "clock" in message, message
                break
        assert statuses[-1] == 400 and set(statuses[:-1]) == {200}
        assert served.control("GET", "/_mock/clock").status_code == 200
        with served.client() as client:
            job = "efc5300ecdba4ea48d1ff13a9d907bc0"
            assert client.get(served.training_path(job)).status_code == 200
            listed = client.get(
                f"/v1/{served.project_id}/digital-human-videos", params={"limit": 1}
            )
            assert listed.status_code == 200, listed.text
        assert served.create_training_job("AUTO_VERIFYING")["job_id"]
    finally:
        running.stop()


# ------------------------------------------------------------------ 5: Latin-1 in a signed header


def test_a_signed_header_in_the_latin1_range_verifies(
    server: MockServer, official_sdk: SimpleNamespace
) -> None:
    """The official SDK's signer is the oracle. It leaves header values as the UTF-8 bytes
    read as Latin-1 ("JosÃ©"), which requests then sends as Latin-1: UTF-8 on the wire."""
    job = "efc5300ecdba4ea48d1ff13a9d907bc0"
    path = server.training_path(job)
    netloc = server.base_url.removeprefix("http://")
    signed = official_sdk.SdkRequest(
        method="GET",
        schema="http",
        host=netloc,
        resource_path=path,
        query_params=[],
        header_params={"X-App-UserId": "José", "Host": netloc},
        body="",
    )
    official_sdk.Signer(SimpleNamespace(ak=CREDENTIALS.ak, sk=CREDENTIALS.sk)).sign(signed)
    headers = {k: str(v).encode("latin-1") for k, v in signed.header_params.items()}
    assert headers["X-App-UserId"] == "José".encode()
    assert "x-app-userid" in headers["Authorization"].decode().lower()
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        answer = client.get(path, headers=headers)
    assert answer.status_code == 200, answer.text
    with server.client("aksk") as ours:
        again = ours.get(path, headers={b"X-App-UserId": "José".encode()})
    assert again.status_code == 200, again.text


# ------------------------------------------------------------------ 8: cross-origin control calls


def test_the_control_api_refuses_browser_cross_origin_requests(server: MockServer) -> None:
    job = held_job(server, UPDATABLE_STATE)
    simple = request(
        server.base_url,
        "POST",
        "/_mock/reset",
        [(b"Origin", b"http://evil.example"), (b"Content-Type", b"text/plain")],
        b"{}",
    )
    mss(simple, 403)
    foreign_json = request(
        server.base_url,
        "POST",
        "/_mock/reset",
        [(b"Origin", b"http://evil.example"), JSON, (b"Host", b"evil.example")],
        b"{}",
    )
    mss(foreign_json, 403)
    plain = request(
        server.base_url, "POST", "/_mock/reset", [(b"Content-Type", b"text/plain")], b"{}"
    )
    assert "application/json" in str(mss(plain, 415)["error_msg"])
    with server.client() as client:
        assert client.get(server.training_path(job)).status_code == 200  # nothing was wiped
    own = request(
        server.base_url,
        "POST",
        "/_mock/clock/advance",
        [(b"Origin", server.base_url.encode()), JSON],
        b'{"seconds": 0}',
    )
    assert own.status == 200, own.body


# ------------------------------------------------------------------ 9, 10: signatures


def test_unsigned_payload_is_refused_for_json(server: MockServer) -> None:
    job = held_job(server, UPDATABLE_STATE, name="kept")
    url = server.base_url + server.training_path(job)
    headers = {
        "Host": server.base_url.removeprefix("http://"),
        "Content-Type": "application/json",
        "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD",
    }
    signed = sign("PUT", url, headers, b'{"name":"signed"}', CREDENTIALS.ak, CREDENTIALS.sk)
    with httpx.Client(timeout=10) as client:
        swapped = client.put(url, headers={**headers, **signed}, content=b'{"name":"swapped"}')
    mss(swapped, 401)
    with server.client() as client:
        assert client.get(server.training_path(job)).json()["name"] == "kept"


def test_unknown_key_and_bad_signature_read_the_same(server: MockServer) -> None:
    path = server.training_path("efc5300ecdba4ea48d1ff13a9d907bc0")
    messages = []
    for ak, sk in ((CREDENTIALS.ak, "wrong-secret"), ("UNKNOWNAK00000000000", CREDENTIALS.sk)):
        auth = AkSkAuth(ak, sk, server.project_id)
        with httpx.Client(base_url=server.base_url, auth=auth, timeout=10) as client:
            messages.append(mss(client.get(path), 401)["error_msg"])
    assert messages[0] == messages[1], messages


# ------------------------------------------------------------------ 11: protocol-level 400s


@pytest.mark.parametrize(
    "data",
    [b"BROKEN\r\n\r\n", b"GET / HTTP/1.1\r\nBad Header: x\r\n\r\n", b"GET /\x00 HTTP/1.1\r\n\r\n"],
)
def test_protocol_errors_carry_a_request_id_and_the_mss_body(
    server: MockServer, data: bytes
) -> None:
    from rawhttp import exchange

    mss(exchange(server.base_url, data), 400)


# ------------------------------------------------------------------ 12: one clock per file


def test_two_mocks_on_one_file_share_the_clock(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    config = MockConfig(db_path=db, credentials=CREDENTIALS, spec_path=SPEC, speed=1.0)
    first, second = start_thread_server(config), start_thread_server(config)
    a, b = MockServer(first.base_url, db), MockServer(second.base_url, db)
    try:
        job = a.create_training_job("AUTO_VERIFYING")["job_id"]
        assert a.control("POST", "/_mock/clock/advance", {"seconds": 86400}).status_code == 200
        clocks = [s.control("GET", "/_mock/clock").json()["epoch"] for s in (a, b)]
        assert abs(clocks[0] - clocks[1]) < 5, clocks
        with b.client() as client:
            moved = client.get(b.training_path(job)).json()
        assert moved["state"] != "AUTO_VERIFYING", moved["state"]
    finally:
        first.stop()
        second.stop()


def test_a_file_with_an_offset_past_the_cap_is_clamped(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    config = MockConfig(db_path=db, credentials=CREDENTIALS, spec_path=SPEC)
    create_app(config).state.mock.store.close()
    with sqlite3.connect(db) as raw:  # what 252 advances of 10**9 s left behind before the cap
        raw.execute("INSERT OR REPLACE INTO meta VALUES ('clock_offset', '252000000000.0')")
    running = start_thread_server(config)
    try:
        served = MockServer(running.base_url, db)
        assert served.control("GET", "/_mock/clock").status_code == 200
        with served.client() as client:
            job = client.get(served.training_path("efc5300ecdba4ea48d1ff13a9d907bc0"))
        assert job.status_code == 200, job.text
    finally:
        running.stop()
