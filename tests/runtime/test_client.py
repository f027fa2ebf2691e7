"""The client runtime over real HTTP: retries, the error family, config, pagination, waiters.

A small threaded ``http.server`` on 127.0.0.1 plays the remote service: each test installs a
handler (a function from the received request to a canned response) and reads back what
arrived. Every signed request is checked with ``signing.verify``. Pauses are injected, so
no test waits for a backoff for real.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

import generator.runtime as runtime
from generator.runtime import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientConfig,
    ConfigError,
    InternalServerError,
    MetaStudioError,
    NotFoundError,
    PaginationError,
    RateLimitError,
    RetryTransport,
    WaiterTimeoutError,
    aiter_pages,
    async_wait_for,
    from_env,
    iter_pages,
    parse_retry_after,
    signing,
    wait_for,
)

AK = "HPUAEXAMPLEAK0000001"
SK = "test-secret-key"
PROJECT = "0123456789abcdef0123456789abcdef"
VIDEOS = f"/v1/{PROJECT}/digital-human-videos"
JOB = f"/v1/{PROJECT}/2d-digital-human-videos/job-1"
FINAL = ["SUCCEED", "FAILED", "CANCELED", "BLOCK", "SUCCESS"]  # as generated code passes them


# --------------------------------------------------------------------------- the fake service


@dataclass
class Seen:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    signature_ok: bool | None  # None: not AK/SK signed


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # JSON-encoded unless bytes
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    truncate: bool = False  # promise more body than is sent, then hang up


Handler = Callable[[Seen], Reply]


class Service:
    """Stand-in for the remote MetaStudio endpoint: a handler per test, every request kept."""

    def __init__(self) -> None:
        self.handler: Handler = lambda seen: Reply(body={})
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        service = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as two writes

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {name: value for name, value in self.headers.items()}
                ok: bool | None = None
                if "Authorization" in headers:
                    try:
                        signing.verify(self.command, self.path, headers, body, {AK: SK}.get)
                        ok = True
                    except signing.SignatureError:
                        ok = False
                seen = Seen(self.command, self.path, headers, body, ok)
                with service.lock:
                    service.seen.append(seen)
                reply = service.handler(seen)
                if reply.delay:
                    time.sleep(reply.delay)
                payload = (
                    reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                )
                try:
                    self.send_response(reply.status)
                    if not isinstance(reply.body, bytes):
                        self.send_header("Content-Type", "application/json")
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    extra = 10 if reply.truncate else 0
                    self.send_header("Content-Length", str(len(payload) + extra))
                    self.end_headers()
                    self.wfile.write(payload)
                    self.close_connection = reply.truncate
                except OSError:
                    pass  # the client gave up (timeout tests)

            do_GET = do_POST = do_PUT = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def reset(self, handler: Handler) -> None:
        with self.lock:
            self.seen.clear()
        self.handler = handler


@pytest.fixture(scope="module")
def service_module() -> Iterator[Service]:
    service = Service()
    thread = threading.Thread(
        target=service.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield service
    service.server.shutdown()
    service.server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def service(service_module: Service) -> Service:
    service_module.reset(lambda seen: Reply(body={}))
    return service_module


def script(*replies: Reply) -> Handler:
    """Answer with these replies in order, then keep repeating the last one."""
    queue = list(replies)

    def handler(seen: Seen) -> Reply:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler


def config(service: Service, **changes: Any) -> ClientConfig:
    base = ClientConfig(
        endpoint=service.url,
        project_id=PROJECT,
        ak=AK,
        sk=SK,
        connect_timeout=2.0,
        read_timeout=5.0,
    )
    return base.replace(**changes)


class Pauses:
    """Injected sleep (sync and async) that records delays and advances a fake clock."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.delays.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def clock(self) -> float:
        return self.now


def dead_endpoint() -> str:
    """A loopback URL nobody listens on (the port was free a moment ago): connection refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --------------------------------------------------------------------------- the flat surface


def test_flat_surface_lists_every_module_export_and_loads_lazily() -> None:
    names: set[str] = set()
    modules = ("signing", "auth", "errors", "retry", "config", "pagination", "waiters", "wire")
    for module in (*modules, "response", "regions", "credentials", "log"):
        names |= set(__import__(f"generator.runtime.{module}", fromlist=["_"]).__all__)
    assert set(runtime.__all__) == names
    assert all(getattr(runtime, name) is not None for name in runtime.__all__)
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        _ = runtime.no_such_name
    listed = dir(runtime)
    assert listed == sorted(listed) and set(runtime.__all__) <= set(listed)
    assert {"__getattr__", "__dir__"} <= set(listed)  # the module's own names stay
    probe = "import sys, generator.runtime.signing; print(sorted(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    assert "generator.runtime.signing" in out
    assert "generator.runtime.retry" not in out and "httpx" not in out


# --------------------------------------------------------------------------- retries


def test_503_then_200_is_retried_honouring_retry_after(service: Service) -> None:
    service.reset(
        script(
            Reply(503, {"error_code": "MSS.00000004"}, {"Retry-After": "2"}),
            Reply(503, {"error_code": "MSS.00000004"}),
            Reply(200, {"count": 0, "jobs": []}),
        )
    )
    pauses = Pauses()
    with config(service).build_httpx_client(sleep=pauses.sleep) as client:
        response = client.get(VIDEOS, params={"limit": 1})
    assert response.json() == {"count": 0, "jobs": []}
    assert len(service.seen) == 3
    assert pauses.delays[0] == 2.0  # Retry-After, not the backoff
    assert 0.0 <= pauses.delays[1] <= 1.0  # full jitter on 0.5 * 2**1
    # Retried below the auth flow: the same signed request, still valid for the service.
    assert all(seen.signature_ok for seen in service.seen)
    assert len({seen.headers["X-Sdk-Date"] for seen in service.seen}) == 1


def test_retry_after_http_date_is_capped(service: Service) -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    service.reset(script(Reply(429, {}, {"Retry-After": later}), Reply(200, {})))
    pauses = Pauses()
    with config(service, max_retry_after=3.0).build_httpx_client(sleep=pauses.sleep) as client:
        assert client.get(VIDEOS).status_code == 200
    assert pauses.delays == [3.0]


def test_parse_retry_after() -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after("Wed, 01 Jan 2025 00:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Tue, 31 Dec 2024 00:00:00 GMT", now=now) == 0.0
    for junk in (None, "", "soon", "nan"):
        assert parse_retry_after(junk) is None


def test_backoff_is_exponential_with_full_jitter_and_capped(service: Service) -> None:
    service.reset(lambda seen: Reply(503, {}))
    pauses = Pauses()
    transport = RetryTransport(
        max_retries=5, backoff_base=0.5, backoff_cap=3.0, sleep=pauses.sleep, random=lambda: 1.0
    )
    with httpx.Client(transport=transport, base_url=service.url) as client:
        assert client.get("/x").status_code == 503  # no error hook on a bare client
    assert pauses.delays == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert len(service.seen) == 6


def test_exhausted_retries_raise_internal_server_error(service: Service) -> None:
    service.reset(lambda seen: Reply(503, {"error_code": "MSS.00000004", "error_msg": "busy"}))
    pauses = Pauses()
    with (
        config(service).build_httpx_client(sleep=pauses.sleep) as client,
        pytest.raises(InternalServerError) as caught,
    ):
        client.get(VIDEOS)
    assert len(service.seen) == 3 and len(pauses.delays) == 2
    assert caught.value.status_code == 503 and caught.value.error_msg == "busy"


@pytest.mark.parametrize("status", [500, 502, 504, 599])
def test_every_5xx_on_get_is_retried(service: Service, status: int) -> None:
    service.reset(script(Reply(status, {}), Reply(200, {"count": 0, "jobs": []})))
    pauses = Pauses()
    with config(service).build_httpx_client(sleep=pauses.sleep) as client:
        assert client.get(VIDEOS).status_code == 200
    assert len(service.seen) == 2 and len(pauses.delays) == 1


@pytest.mark.parametrize("status", [400, 404, 428, 430, 499])
def test_other_4xx_are_not_retried(service: Service, status: int) -> None:
    service.reset(lambda seen: Reply(status, {}))
    pauses = Pauses()
    transport = RetryTransport(max_retries=3, sleep=pauses.sleep)
    with httpx.Client(transport=transport, base_url=service.url) as client:
        assert client.get("/x").status_code == status
    assert len(service.seen) == 1 and pauses.delays == []


def test_post_503_is_not_retried(service: Service) -> None:
    service.reset(lambda seen: Reply(503, {}))
    pauses = Pauses()
    with (
        config(service).build_httpx_client(sleep=pauses.sleep) as client,
        pytest.raises(InternalServerError),
    ):
        client.post(f"{JOB}/command", json={"command": "CANCEL"})
    assert len(service.seen) == 1 and pauses.delays == []


def test_put_503_is_not_retried(service: Service) -> None:
    service.reset(lambda seen: Reply(503, {}))
    pauses = Pauses()
    with (
        config(service).build_httpx_client(sleep=pauses.sleep) as client,
        pytest.raises(InternalServerError),
    ):
        client.put(JOB, json={"name": "x"})
    assert len(service.seen) == 1


def test_post_429_is_retried_with_the_same_body(service: Service) -> None:
    service.reset(script(Reply(429, {"error_code": "APIGW.0308"}), Reply(200, {"ok": 1})))
    pauses = Pauses()
    with config(service).build_httpx_client(sleep=pauses.sleep) as client:
        assert client.post(f"{JOB}/command", json={"command": "CANCEL"}).json() == {"ok": 1}
    assert [seen.body for seen in service.seen] == [b'{"command":"CANCEL"}'] * 2
    assert all(seen.signature_ok for seen in service.seen)


def test_retries_off_switch(service: Service) -> None:
    service.reset(lambda seen: Reply(429, {"error_code": "APIGW.0308", "error_msg": "slow"}))
    pauses = Pauses()
    with (
        config(service, max_retries=0).build_httpx_client(sleep=pauses.sleep) as client,
        pytest.raises(RateLimitError),
    ):
        client.get(VIDEOS)
    assert len(service.seen) == 1 and pauses.delays == []


def test_connection_refused_is_retried_then_api_connection_error() -> None:
    pauses = Pauses()
    dead = ClientConfig(endpoint=dead_endpoint(), project_id=PROJECT, ak=AK, sk=SK)
    with (
        dead.build_httpx_client(sleep=pauses.sleep) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        client.post(VIDEOS, json={})  # nothing was sent, so even a POST is retried
    assert len(pauses.delays) == 2
    assert isinstance(caught.value, MetaStudioError)
    assert isinstance(caught.value, httpx.TransportError)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert caught.value.request.method == "POST"


def _seen_at_least(service: Service, count: int) -> int:
    """How many requests the service has seen, once it has seen `count` (bounded wait): a
    request the client gave up on may still be on its way through a busy server thread."""
    deadline = time.monotonic() + 10
    while len(service.seen) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return len(service.seen)


def test_read_timeout_is_retried_for_get_then_api_timeout_error(service: Service) -> None:
    # The service stalls until the test is over: the read timeout fires however busy the
    # machine is (no race between a short delay and a short timeout).
    release = threading.Event()
    service.reset(lambda seen: Reply(200, {}) if release.wait(30) else Reply(504, {}))
    pauses = Pauses()
    slow = config(service, read_timeout=0.2, max_retries=1)
    try:
        with slow.build_httpx_client(sleep=pauses.sleep) as client:
            with pytest.raises(APITimeoutError) as caught:
                client.get(VIDEOS)
            assert isinstance(caught.value, APIConnectionError)
            assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
            assert len(pauses.delays) == 1  # one retry, after one backoff
            assert _seen_at_least(service, 2) == 2
            service.seen.clear()
            with pytest.raises(APITimeoutError):
                client.post(VIDEOS, json={})  # may have been processed: not repeated
            assert len(pauses.delays) == 1  # no second backoff: no retry
            assert _seen_at_least(service, 1) == 1
    finally:
        release.set()


def test_which_transport_errors_are_retried() -> None:
    def run(method: str, exc: Exception) -> int:
        calls: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            calls.append(request)
            raise exc

        transport = RetryTransport(httpx.MockTransport(handler), sleep=lambda s: None)
        with httpx.Client(transport=transport) as client, pytest.raises(APIConnectionError) as e:
            client.request(method, "http://service.test/v1/x")
        assert str(e.value).startswith(f"{method} http://service.test/v1/x: ")
        return len(calls)

    assert run("GET", httpx.ReadError("reset")) == 3
    assert run("GET", httpx.RemoteProtocolError("eof")) == 3
    assert run("POST", httpx.ReadError("reset")) == 1  # may have been processed
    assert run("POST", httpx.ConnectTimeout("slow")) == 3  # never sent
    assert run("PUT", httpx.PoolTimeout("busy")) == 3
    assert run("GET", httpx.UnsupportedProtocol("ftp")) == 1  # our bug, not the network's
    assert run("GET", httpx.LocalProtocolError("bad header")) == 1


def test_body_cut_short_is_an_api_connection_error(service: Service) -> None:
    service.reset(lambda seen: Reply(200, {"count": 1}, truncate=True))
    with (
        config(service, max_retries=0).build_httpx_client() as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        client.get(VIDEOS)  # the status line arrived; the body broke while being read
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)


# --------------------------------------------------------------------------- errors


ERRORS = [
    (400, BadRequestError, "MSS.00000003", "Invalid parameter"),
    (401, AuthenticationError, "MSS.00000001", "Unauthorized"),
    (404, NotFoundError, "MSS.00000002", "Not Found"),
    (500, InternalServerError, "MSS.00000004", "Internal Error"),
]


@pytest.mark.parametrize(("status", "kind", "code", "msg"), ERRORS)
def test_error_fields(
    service: Service, status: int, kind: type[APIStatusError], code: str, msg: str
) -> None:
    body = {"error_code": code, "error_msg": msg}
    service.reset(lambda seen: Reply(status, body, {"X-Request-Id": f"rid-{status}"}))
    with config(service, max_retries=0).build_httpx_client() as client:
        with pytest.raises(kind) as caught:
            client.get(JOB)
        # Streaming requests get the same, with the body already read into the error.
        with pytest.raises(kind) as streamed, client.stream("GET", JOB):
            pass
    error = caught.value
    assert type(error) is kind and isinstance(error, MetaStudioError)
    assert (error.status_code, error.error_code, error.error_msg) == (status, code, msg)
    assert error.request_id == f"rid-{status}"
    assert error.response.status_code == status and error.response.json() == body
    assert error.response.request.url.path == JOB
    assert error.body == body
    assert str(error) == f"{status} {code} {msg} (request id rid-{status})"
    assert streamed.value.error_code == code


def test_non_json_502(service: Service) -> None:
    page = b"<html><body><h1>502 Bad Gateway</h1>\n  nginx</body></html>"
    headers = {"Content-Type": "text/html", "X-Request-Id": "rid-gw"}
    service.reset(lambda seen: Reply(502, page, headers))
    with (
        config(service, max_retries=0).build_httpx_client() as client,
        pytest.raises(InternalServerError) as caught,
    ):
        client.get(VIDEOS)
    error = caught.value
    assert (error.status_code, error.error_code, error.error_msg) == (502, None, None)
    assert error.request_id == "rid-gw" and error.response.content == page
    assert str(error) == (
        "502 Bad Gateway - <html><body><h1>502 Bad Gateway</h1> nginx</body></html>"
        " (request id rid-gw)"
    )


def test_other_statuses_and_shapes(service: Service) -> None:
    service.reset(
        script(
            Reply(409, {"error": {"code": "IAM.0001", "message": "conflict"}}),
            Reply(418, [1, 2]),
        )
    )
    with config(service, max_retries=0).build_httpx_client() as client:
        with pytest.raises(APIStatusError) as nested:
            client.get(VIDEOS)
        with pytest.raises(APIStatusError) as odd:
            client.get(VIDEOS)
    assert type(nested.value) is APIStatusError
    assert (nested.value.error_code, nested.value.error_msg) == ("IAM.0001", "conflict")
    assert str(nested.value) == "409 IAM.0001 conflict"
    assert odd.value.error_code is None and str(odd.value) == "418 I'm a Teapot - [1, 2]"


def test_token_auth_client(service: Service) -> None:
    with config(service, ak=None, sk=None, auth_token="tok-1").build_httpx_client() as client:
        client.get(VIDEOS)
    seen = service.seen[0]
    assert seen.headers["X-Auth-Token"] == "tok-1" and seen.headers["X-Project-Id"] == PROJECT
    assert seen.signature_ok is None
    assert seen.headers["User-Agent"].startswith("metastudio-client-python")


# --------------------------------------------------------------------------- config


ENDPOINT = "METASTUDIO_ENDPOINT"
AK_VAR, SK_VAR, PID_VAR = "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_PROJECT_ID"
TOKEN_VAR = "METASTUDIO_AUTH_TOKEN"
FULL = {
    ENDPOINT: "metastudio.cn-north-4.myhuaweicloud.com",
    AK_VAR: AK,
    SK_VAR: SK,
    PID_VAR: PROJECT,
}


@pytest.mark.parametrize(
    ("unset", "missing", "phrase"),
    [
        ([ENDPOINT], (ENDPOINT,), "missing environment variables: METASTUDIO_ENDPOINT"),
        ([AK_VAR], (AK_VAR,), "AK/SK signing needs HUAWEICLOUD_SDK_AK"),
        ([SK_VAR], (SK_VAR,), "AK/SK signing needs HUAWEICLOUD_SDK_SK"),
        ([PID_VAR], (PID_VAR,), "AK/SK signing needs HUAWEICLOUD_SDK_PROJECT_ID"),
        ([ENDPOINT, SK_VAR], (ENDPOINT, SK_VAR), "METASTUDIO_ENDPOINT, HUAWEICLOUD_SDK_SK;"),
        ([AK_VAR, SK_VAR], (AK_VAR, SK_VAR), "or METASTUDIO_AUTH_TOKEN and HUAWEICLOUD_SDK_PRO"),
        (list(FULL), (ENDPOINT, AK_VAR, SK_VAR, PID_VAR), "either HUAWEICLOUD_SDK_AK"),
    ],
)
def test_from_env_names_what_is_missing(
    unset: list[str], missing: tuple[str, ...], phrase: str
) -> None:
    env = {name: value for name, value in FULL.items() if name not in unset}
    with pytest.raises(ConfigError) as caught:
        from_env(env)
    assert caught.value.missing == missing
    assert phrase in str(caught.value)
    assert isinstance(caught.value, MetaStudioError) and isinstance(caught.value, ValueError)


def test_from_env_token_needs_project_id() -> None:
    with pytest.raises(ConfigError) as caught:
        from_env({ENDPOINT: "https://x", TOKEN_VAR: "tok"})
    assert caught.value.missing == (PID_VAR,)
    assert "token authentication (METASTUDIO_AUTH_TOKEN is set) also needs" in str(caught.value)


def test_from_env_builds_configs() -> None:
    aksk = from_env({**FULL, AK_VAR: f" {AK} ", "UNRELATED": "x"})
    assert aksk.endpoint == "https://metastudio.cn-north-4.myhuaweicloud.com"
    assert (aksk.ak, aksk.sk, aksk.auth_token, aksk.auth_mode) == (AK, SK, None, "aksk")
    assert SK not in repr(aksk)
    assert (aksk.connect_timeout, aksk.read_timeout, aksk.max_retries) == (5.0, 30.0, 2)
    token = from_env({**FULL, TOKEN_VAR: "tok"}, max_retries=0)  # the token wins
    assert (token.auth_mode, token.ak, token.max_retries) == ("token", None, 0)
    assert "tok" not in repr(token)
    with pytest.raises(ConfigError, match="read_timeout must be > 0"):
        from_env(FULL, read_timeout=0)
    with pytest.raises(ConfigError, match="either ak/sk or auth_token, not both"):
        ClientConfig(endpoint="http://x", project_id="p", ak="a", sk="s", auth_token="t")


def test_from_env_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in FULL.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv(TOKEN_VAR, raising=False)
    assert from_env().project_id == PROJECT


# --------------------------------------------------------------------------- pagination


JOBS = [{"job_id": f"job-{i:02d}", "state": "SUCCEED"} for i in range(23)]


def videos_handler(max_limit: int = 1000, jobs: list[dict[str, str]] = JOBS) -> Handler:
    def handler(seen: Seen) -> Reply:
        query = dict(parse_qsl(urlsplit(seen.target).query))
        offset = int(query.get("offset", 0))
        limit = min(int(query.get("limit", max_limit)), max_limit)
        return Reply(body={"count": len(jobs), "jobs": jobs[offset : offset + limit]})

    return handler


def fetcher(client: httpx.Client) -> Callable[[int, int], tuple[list[Any], int | None]]:
    def fetch(offset: int, limit: int) -> tuple[list[Any], int | None]:
        page = client.get(VIDEOS, params={"offset": offset, "limit": limit}).json()
        return page["jobs"], page["count"]

    return fetch


def test_pagination_across_pages_lazily(service: Service) -> None:
    service.reset(videos_handler())
    with config(service).build_httpx_client() as client:
        jobs = list(iter_pages(fetcher(client), page_size=5))
        assert [job["job_id"] for job in jobs] == [job["job_id"] for job in JOBS]
        assert len(service.seen) == 5  # stops at count: no sixth, empty request
        assert all(seen.signature_ok for seen in service.seen)

        service.seen.clear()
        pages = iter_pages(fetcher(client), page_size=5)
        assert len(service.seen) == 0  # nothing fetched before the first item is wanted
        first_seven = list(itertools.islice(pages, 7))
        assert [job["job_id"] for job in first_seven] == [f"job-{i:02d}" for i in range(7)]
        assert len(service.seen) == 2

        service.reset(videos_handler(max_limit=3))  # the service caps limit below page_size
        assert len(list(iter_pages(fetcher(client), page_size=10))) == 23
        assert len(service.seen) == 8


def test_pagination_stops_on_empty_page_and_guards_against_endless_servers() -> None:
    calls: list[tuple[int, int]] = []

    def unknown_count(offset: int, limit: int) -> tuple[list[int], int | None]:
        calls.append((offset, limit))
        return list(range(offset, min(offset + limit, 7))), None

    assert list(iter_pages(unknown_count, page_size=3)) == list(range(7))
    assert calls == [(0, 3), (3, 3), (6, 3), (7, 3)]

    def endless(offset: int, limit: int) -> tuple[list[int], int | None]:
        return [offset] * limit, 10**9

    with pytest.raises(PaginationError, match="stopped after 4 pages"):
        list(iter_pages(endless, page_size=2, max_pages=4))
    with pytest.raises(ValueError, match="page_size must be >= 1"):
        iter_pages(endless, page_size=0)  # raised at the call, not at the first next()
    assert list(iter_pages(lambda o, n: ([], 0))) == []


# --------------------------------------------------------------------------- waiters


def job_handler(states: list[str]) -> Handler:
    remaining = list(states)

    def handler(seen: Seen) -> Reply:
        state = remaining.pop(0) if len(remaining) > 1 else remaining[0]
        return Reply(body={"job_id": "job-1", "state": state})

    return handler


def test_waiter_reaches_a_final_state(service: Service) -> None:
    service.reset(job_handler(["WAITING", "PROCESSING", "PROCESSING", "SUCCEED"]))
    pauses = Pauses()
    out = io.StringIO()
    with config(service).build_httpx_client() as client:
        job = wait_for(
            lambda: client.get(JOB).json(),
            FINAL,
            progress=True,  # not a terminal: one plain line per state change
            stream=out,
            label="video job job-1",
            sleep=pauses.sleep,
            clock=pauses.clock,
        )
    assert job == {"job_id": "job-1", "state": "SUCCEED"}
    assert len(service.seen) == 4
    assert pauses.delays == [1.0, 1.5, 2.25]
    assert out.getvalue().splitlines() == [
        "video job job-1: WAITING (0s)",
        "video job job-1: PROCESSING (1s)",
        "video job job-1: SUCCEED (4s)",
    ]


def test_waiter_times_out_with_the_last_state(service: Service) -> None:
    service.reset(job_handler(["WAITING", "PROCESSING"]))
    pauses = Pauses()
    with (
        config(service).build_httpx_client() as client,
        pytest.raises(WaiterTimeoutError) as caught,
    ):
        wait_for(
            lambda: client.get(JOB).json(),
            FINAL,
            timeout=10,
            initial_delay=2,
            max_delay=4,
            backoff=2,
            progress=False,
            sleep=pauses.sleep,
            clock=pauses.clock,
        )
    error = caught.value
    assert isinstance(error, TimeoutError) and isinstance(error, MetaStudioError)
    assert error.last_state == "PROCESSING"
    assert error.last == {"job_id": "job-1", "state": "PROCESSING"}
    assert pauses.delays == [2, 4, 4]  # the last pause is cut to end at the deadline
    assert error.elapsed == 10 and len(service.seen) == 3  # and no poll starts after it
    assert "still PROCESSING after 10s" in str(error)


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_waiter_progress_line_on_a_terminal_and_state_of() -> None:
    @dataclass
    class Job:
        status: str

    states = iter(["RUNNING", "RUNNING", "DONE"])
    pauses = Pauses()
    tty = FakeTTY()
    job = wait_for(
        lambda: Job(next(states)),
        ["DONE"],
        state_of=lambda j: j.status,
        initial_delay=2,
        label="job",
        stream=tty,
        sleep=pauses.sleep,
        clock=pauses.clock,
    )
    assert job == Job("DONE")
    assert pauses.delays == [1.0, 1.0, 1.0, 1.0, 1.0]  # 2 s then 3 s, redrawn every second
    drawn = tty.getvalue()
    assert drawn.startswith("\r\x1b[Kjob: RUNNING (0s)") and drawn.endswith("job: DONE (5s)\n")
    assert "\r\x1b[Kjob: RUNNING (1s)" in drawn
    silent = io.StringIO()  # default progress=None: nothing on a non-terminal
    wait_for(lambda: "DONE", ["DONE"], stream=silent)
    assert silent.getvalue() == ""
    with pytest.raises(ValueError):
        wait_for(lambda: "x", [])
    with pytest.raises(TypeError):
        wait_for(lambda: "x", "DONE")


# --------------------------------------------------------------------------- async twins


def test_async_retry_errors_and_connection_failure(service: Service) -> None:
    async def run() -> None:
        service.reset(
            script(Reply(503, {}, {"Retry-After": "1"}), Reply(200, {"count": 0, "jobs": []}))
        )
        pauses = Pauses()
        async with config(service).build_async_httpx_client(sleep=pauses.asleep) as client:
            assert (await client.get(VIDEOS)).json() == {"count": 0, "jobs": []}
            assert pauses.delays == [1.0] and len(service.seen) == 2
            assert all(seen.signature_ok for seen in service.seen)

            service.reset(lambda seen: Reply(503, {}))
            with pytest.raises(InternalServerError):
                await client.post(VIDEOS, json={})
            assert len(service.seen) == 1

            body = {"error_code": "MSS.00000002", "error_msg": "Not Found"}
            service.reset(lambda seen: Reply(404, body, {"X-Request-Id": "rid-a"}))
            with pytest.raises(NotFoundError) as caught:
                await client.get(JOB)
            assert str(caught.value) == "404 MSS.00000002 Not Found (request id rid-a)"
            assert caught.value.response.json() == body

            service.reset(lambda seen: Reply(200, {"count": 1}, truncate=True))
            with pytest.raises(APIConnectionError) as cut:
                await client.get(VIDEOS)
            assert isinstance(cut.value.__cause__, httpx.RemoteProtocolError)

        dead = ClientConfig(endpoint=dead_endpoint(), project_id="p", ak=AK, sk=SK)
        pauses = Pauses()
        async with dead.build_async_httpx_client(sleep=pauses.asleep) as client:
            with pytest.raises(APIConnectionError):
                await client.get(VIDEOS)
        assert len(pauses.delays) == 2

    asyncio.run(run())


def test_async_pagination_and_waiter(service: Service) -> None:
    async def run() -> None:
        service.reset(videos_handler())
        async with config(service).build_async_httpx_client() as client:

            async def fetch(offset: int, limit: int) -> tuple[list[Any], int | None]:
                page = (await client.get(VIDEOS, params={"offset": offset, "limit": limit})).json()
                return page["jobs"], page["count"]

            ids = [job["job_id"] async for job in aiter_pages(fetch, page_size=10)]
            assert ids == [job["job_id"] for job in JOBS] and len(service.seen) == 3

            service.seen.clear()
            async for job in aiter_pages(fetch, page_size=4):
                if job["job_id"] == "job-05":
                    break
            assert len(service.seen) == 2

            service.reset(job_handler(["WAITING", "PROCESSING", "SUCCEED"]))
            pauses = Pauses()

            async def show() -> Any:
                return (await client.get(JOB)).json()

            job = await async_wait_for(
                show, FINAL, progress=False, sleep=pauses.asleep, clock=pauses.clock
            )
            assert job["state"] == "SUCCEED" and pauses.delays == [1.0, 1.5]

            service.reset(job_handler(["PROCESSING"]))
            pauses = Pauses()
            with pytest.raises(WaiterTimeoutError) as caught:
                await async_wait_for(
                    show, FINAL, timeout=3, progress=False, sleep=pauses.asleep, clock=pauses.clock
                )
            assert caught.value.last_state == "PROCESSING" and pauses.delays == [1.0, 1.5, 0.5]

    asyncio.run(run())
