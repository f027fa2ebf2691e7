"""Hostile input against the mock, second round (issue 23): request heads bounded in size and
line count, JSON nested as deep as orjson allows, float-valued integers, transfer codings the
mock cannot decode, duplicated signed headers. Real HTTP on 127.0.0.1 (raw sockets for bytes
no client sends), real SQLite; each test fails on the mock before the fix.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import orjson
import pytest
from mockserver import CREDENTIALS, UPDATABLE_STATE, MockServer
from rawhttp import RawResponse, flood, parse, request

from generator.mock import limits
from generator.runtime.signing import sign

TOKEN = (b"X-Auth-Token", CREDENTIALS.token.encode())
JSON = (b"Content-Type", b"application/json")


@pytest.fixture
def server(mock_server: MockServer) -> MockServer:
    """The shared mock (nothing here resets it: a deep body to /_mock/reset is refused)."""
    return mock_server


def mss(answer: RawResponse, status: int) -> str:
    """The error_msg of an MSS error body with `status` and a request id."""
    body = answer.json()
    assert answer.status == status, (answer.status, body)
    assert isinstance(body, dict) and set(body) == {"error_code", "error_msg"}, body
    assert str(body["error_code"]).startswith("MSS."), body
    assert answer.headers.get("x-request-id"), answer.headers
    return str(body["error_msg"])


def raw_job_request(server: MockServer, method: str, path: str, body: Any = None) -> RawResponse:
    data = b"" if body is None else orjson.dumps(body)
    return request(server.base_url, method, path, [TOKEN, JSON], data)


# ------------------------------------------------------------------ request heads


@pytest.mark.parametrize(
    "filler",
    [b"X-A: b\r\n", b"X-Long: " + b"v" * 4000, b"X-" + b"n" * 4000],
    ids=["many-short-lines", "one-long-value", "one-long-name"],
)
def test_a_header_flood_is_answered_431_at_the_limit(server: MockServer, filler: bytes) -> None:
    head = b"GET /_mock/health HTTP/1.1\r\nHost: mock\r\n"
    raw = flood(server.base_url, head, filler, total=8 * 1024 * 1024)
    assert raw, "no answer before the timeout: the head is not bounded"
    mss(parse(raw), 431)


def test_a_head_past_the_size_limit_is_answered_without_its_end(server: MockServer) -> None:
    """Just past the limit and then silence: the answer comes at once, not at the header
    timeout (which is 30 s, far past flood's 5)."""
    head = b"GET /_mock/health HTTP/1.1\r\nHost: mock\r\n"
    filler = b"X-Pad: " + b"p" * 1000 + b"\r\n"
    started = time.monotonic()
    raw = flood(server.base_url, head, filler, total=limits.MAX_HEAD_BYTES + 2 * len(filler))
    assert raw, "no answer: the mock waited for the rest of the head"
    assert "larger than 65536 bytes" in mss(parse(raw), 431)
    assert time.monotonic() - started < 4


def header_lines(count: int) -> list[tuple[bytes, bytes]]:
    # rawhttp.build adds Connection (and the request carries Host): count them in
    return [(b"Host", b"mock")] + [(b"X-N%d" % i, b"v") for i in range(count - 2)]


def test_the_header_line_count_is_bounded(server: MockServer) -> None:
    fits = request(server.base_url, "GET", "/_mock/health", header_lines(limits.MAX_HEADERS))
    assert fits.status == 200, fits.body
    over = request(server.base_url, "GET", "/_mock/health", header_lines(limits.MAX_HEADERS + 1))
    assert "more than 100 header lines" in mss(over, 431)


def test_a_head_just_under_the_size_limit_is_served(server: MockServer) -> None:
    pad = b"p" * (limits.MAX_HEAD_BYTES - 200)
    answer = request(server.base_url, "GET", "/_mock/health", [(b"Host", b"m"), (b"X-P", pad)])
    assert answer.status == 200, answer.body
    over = request(
        server.base_url, "GET", "/_mock/health", [(b"Host", b"m"), (b"X-P", pad + b"p" * 300)]
    )
    mss(over, 431)


def test_the_mock_serves_on_after_a_flood(server: MockServer) -> None:
    head = b"GET /_mock/health HTTP/1.1\r\nHost: mock\r\n"
    for _ in range(3):
        flood(server.base_url, head, b"X-A: b\r\n", total=2 * 1024 * 1024)
    answer = request(server.base_url, "GET", "/_mock/health", [(b"Host", b"m")])
    assert answer.status == 200, answer.body


# ------------------------------------------------------------------ transfer codings


@pytest.mark.parametrize(
    "coding", [b"gzip, chunked", b"deflate,chunked", b"gzip\r\nTransfer-Encoding: chunked"]
)
@pytest.mark.parametrize("path", ["/_mock/reset", "spec"])
def test_a_transfer_coding_other_than_chunked_is_501(
    server: MockServer, coding: bytes, path: str
) -> None:
    target = server.training_path("efc5300ecdba4ea48d1ff13a9d907bc0") if path == "spec" else path
    data = (
        (b"PUT " if path == "spec" else b"POST ")
        + target.encode()
        + b" HTTP/1.1\r\nHost: m\r\nX-Auth-Token: "
        + CREDENTIALS.token.encode()
    )
    data += b"\r\nContent-Type: application/json\r\nTransfer-Encoding: " + coding
    data += b"\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
    from rawhttp import exchange

    assert "Transfer-Encoding" in mss(exchange(server.base_url, data), 501)


def test_plain_chunked_is_still_read(server: MockServer) -> None:
    from rawhttp import exchange

    data = b"POST /_mock/clock/advance HTTP/1.1\r\nHost: m\r\nContent-Type: application/json"
    data += b"\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    body = b'{"seconds": 0}'
    data += b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    answer = exchange(server.base_url, data)
    assert answer.status == 200, answer.body


# ------------------------------------------------------------------ deep JSON


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@pytest.mark.parametrize("depth", [limits.MAX_JSON_DEPTH + 1, 1000, 1024, 1025, 5000])
def test_deep_json_is_400_on_the_control_api(server: MockServer, depth: int) -> None:
    body = b'{"a":' + nested(depth - 1) + b"}"
    answer = request(server.base_url, "POST", "/_mock/reset", [JSON], body)
    mss(answer, 400)


@pytest.mark.parametrize("depth", [limits.MAX_JSON_DEPTH + 1, 1000, 1024])
def test_deep_json_is_400_on_spec_operations(server: MockServer, depth: int) -> None:
    job = str(server.create_training_job(UPDATABLE_STATE, hold=True)["job_id"])
    deep = b'{"name":"x","video_multipart_count":1,"extra":' + nested(depth - 1) + b"}"
    put = request(server.base_url, "PUT", server.training_path(job), [TOKEN, JSON], deep)
    assert "nests deeper than 32 levels" in mss(put, 400)
    command = b'{"command":"CONFIRM_TRAINING_DATA","params":' + nested(depth - 1) + b"}"
    post = request(
        server.base_url, "POST", server.training_path(job, command=True), [TOKEN, JSON], command
    )
    mss(post, 400)


def test_json_at_the_depth_limit_is_read(server: MockServer) -> None:
    answer = request(
        server.base_url,
        "POST",
        "/_mock/clock/advance",
        [JSON],
        b'{"seconds":0,"x":' + nested(limits.MAX_JSON_DEPTH - 1) + b"}",
    )
    assert answer.status == 200, answer.body


# ------------------------------------------------------------------ float-valued integers


def test_a_float_multipart_count_is_taken_as_the_integer(server: MockServer) -> None:
    job = str(server.create_training_job(UPDATABLE_STATE, hold=True)["job_id"])
    answer = raw_job_request(
        server,
        "PUT",
        server.training_path(job),
        {"name": "x", "video_multipart_count": 2.0, "action_video_multipart_count": 1.0},
    )
    assert answer.status == 200, answer.body
    urls = orjson.loads(answer.body)
    assert len(urls["training_video_upload_url"]) == 2, urls
    assert len(urls.get("action_video_upload_url") or []) == 1, urls
    # the job is not stuck: every URL uploaded, the confirmation moves it on
    every = [
        url
        for name, value in urls.items()
        if name.endswith("_upload_url")
        for url in (value if isinstance(value, list) else [value])
    ]
    with httpx.Client(timeout=10) as client:
        for url in every:
            put = client.put(url, content=b"video")
            assert put.status_code == 200, (url, put.text)
    confirmed = raw_job_request(
        server,
        "POST",
        server.training_path(job, command=True),
        {"command": "CONFIRM_MULTIPART_UPLOADED"},
    )
    assert confirmed.status == 200, confirmed.body


def test_the_control_api_takes_a_float_count_as_the_integer(server: MockServer) -> None:
    created = server.control(
        "POST",
        "/_mock/v1/{project_id}/training-jobs",
        {"state": "WAIT_FILE_UPLOAD", "hold": True, "video_multipart_count": 3.0},
    )
    assert created.status_code == 201, created.text
    assert len(created.json()["training_video_upload_url"]) == 3


@pytest.mark.parametrize("count", [2.5, 1e20, 1e300, 99999999999999999999])
def test_a_count_no_int_stands_for_is_400(server: MockServer, count: float) -> None:
    job = str(server.create_training_job(UPDATABLE_STATE, hold=True)["job_id"])
    body = b'{"name":"x","video_multipart_count":%s}' % repr(count).encode()
    put = request(server.base_url, "PUT", server.training_path(job), [TOKEN, JSON], body)
    mss(put, 400)
    created = request(
        server.base_url,
        "POST",
        f"/_mock/v1/{server.project_id}/training-jobs",
        [JSON],
        b'{"state":"WAIT_FILE_UPLOAD","video_multipart_count":%s}' % repr(count).encode(),
    )
    mss(created, 400)


# ------------------------------------------------------------------ duplicated headers


def signed_get(server: MockServer, path: str) -> list[tuple[bytes, bytes]]:
    host = server.base_url.removeprefix("http://")
    headers = {"Host": host, "Content-Type": "application/json"}
    added = sign("GET", server.base_url + path, headers, b"", CREDENTIALS.ak, CREDENTIALS.sk)
    return [(k.encode(), v.encode()) for k, v in {**headers, **added}.items()]


def test_a_signed_header_sent_twice_is_refused(server: MockServer) -> None:
    job = str(server.create_training_job(UPDATABLE_STATE, hold=True)["job_id"])
    path = server.training_path(job)
    headers = signed_get(server, path)
    assert request(server.base_url, "GET", path, headers).status == 200
    # another copy first: a proxy reading the first copy sees a different request
    twice = [(b"X-Sdk-Date", b"20990101T000000Z"), *headers]
    assert "appears more than once" in mss(request(server.base_url, "GET", path, twice), 401)
    typed = [(b"Content-Type", b"text/plain"), *headers]
    assert "Content-Type appears more than once" in mss(
        request(server.base_url, "GET", path, typed), 401
    )


def test_credentials_sent_twice_are_refused(server: MockServer) -> None:
    job = str(server.create_training_job(UPDATABLE_STATE, hold=True)["job_id"])
    path = server.training_path(job)
    twice = [(b"X-Auth-Token", b"another"), TOKEN]
    assert "X-Auth-Token appears more than once" in mss(
        request(server.base_url, "GET", path, twice), 401
    )
    # a header that decides nothing may repeat
    other = [TOKEN, (b"X-Trace", b"1"), (b"X-Trace", b"2")]
    assert request(server.base_url, "GET", path, other).status == 200
