"""The generated facade (metastudio_client.MetaStudio / AsyncMetaStudio) against the mock over
real HTTP on 127.0.0.1.

- a training job walked to the end: created in the update state through the control API,
  updated, every part uploaded with a plain httpx PUT to the returned URLs, confirmed, then
  `wait_for_training_job` until JOB_SUCCESS; the waiter's timeout and progress line;
- AK/SK and token authentication; `from_env` and the error naming what is missing;
- retries: a loopback proxy in front of the mock answers 503 once, then forwards; the facade's
  GET comes through on the retry (with the very signature it was sent with), a POST is never
  repeated, `max_retries=0` turns retrying off;
- the error family on the mock's 404, 401 and 400: status, error_code, error_msg, request id
  from X-Request-Id, the raw response;
- lazy pagination across pages, equal to one big page; the async twins of pagination and of
  the waiters;
- the signature oracle: the Authorization our facade sends for a list request with a comma
  state filter and a unicode asset_name is byte for byte what huaweicloudsdkcore's Signer
  computes for the same request.
"""

from __future__ import annotations

import asyncio
import hashlib
import http.client
import io
import itertools
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypedDict
from urllib.parse import urlsplit

import httpx
import pytest
from metastudio_client import (
    TRAINING_JOB_FINAL_STATES,
    VIDEO_JOB_FINAL_STATES,
    APIStatusError,
    AsyncMetaStudio,
    AuthenticationError,
    BadRequestError,
    ClientConfig,
    ConfigError,
    InternalServerError,
    MetaStudio,
    MetaStudioError,
    NotFoundError,
    WaiterTimeoutError,
)
from metastudio_client.models import (
    SortDir,
    TrainingCommand,
    TrainingJob,
    TrainingJobState,
    UpdateTrainingJobRequest,
    VideoJobDetail,
    VideoJobList,
    VideoJobSortKey,
    VideoJobState,
    VideoJobType,
)
from metastudio_client.types import Unset
from mockserver import EXAMPLE_TRAINING_JOB, EXAMPLE_VIDEO_JOB, MockServer
from mockutil import model

EXAMPLE_TRAINING = EXAMPLE_TRAINING_JOB
EXAMPLE_VIDEO = EXAMPLE_VIDEO_JOB


class Pauses(TypedDict):
    initial_delay: float
    max_delay: float


FAST = Pauses(initial_delay=0.005, max_delay=0.02)  # waiter pauses for a speed-1000 mock


def facade(server: MockServer, auth: str = "aksk", **settings: Any) -> MetaStudio:
    if auth == "token":
        settings.setdefault("auth_token", server.token)
    else:
        settings.setdefault("ak", server.ak)
        settings.setdefault("sk", server.sk)
    settings.setdefault("endpoint", server.base_url)
    settings.setdefault("project_id", server.project_id)
    return MetaStudio(**settings)


def async_facade(server: MockServer, **settings: Any) -> AsyncMetaStudio:
    settings.setdefault("endpoint", server.base_url)
    settings.setdefault("project_id", server.project_id)
    settings.setdefault("ak", server.ak)
    settings.setdefault("sk", server.sk)
    return AsyncMetaStudio(**settings)


# -- a job walked to the end with the waiter ------------------------------------------------------


def test_training_job_walked_to_the_end_with_the_waiter(mock_server: MockServer) -> None:
    start = model().update_allowed_states[0]
    job_id = mock_server.create_training_job(start, name="facade e2e")["job_id"]
    parts = [f"part {n} ".encode() * 500 for n in (1, 2)]
    with facade(mock_server) as ms:
        before = ms.show_training_job(job_id)
        assert isinstance(before, TrainingJob)
        assert before.state == TrainingJobState(start)

        updated = ms.update_training_job(
            job_id, body={"name": "Renamed", "video_multipart_count": len(parts)}
        )
        assert updated.job_id == job_id
        urls = updated.training_video_upload_url
        assert isinstance(urls, list) and len(urls) == len(parts)
        with httpx.Client(timeout=10) as raw:  # one-shot upload URLs take no credentials
            for url, data in zip(urls, parts, strict=True):
                put = raw.put(url, content=data)
                assert put.status_code == 200, put.text
                assert put.headers["etag"] == f'"{hashlib.md5(data).hexdigest()}"'

        uploaded = ms.execute_training_command(
            job_id, body={"command": TrainingCommand.GET_MULTIPART_UPLOADED}
        )
        assert isinstance(uploaded.multipart_data, list)
        assert [part.etag for part in uploaded.multipart_data] == [
            hashlib.md5(data).hexdigest() for data in parts
        ]

        confirmed = ms.execute_training_command(
            job_id, body={"command": "CONFIRM_MULTIPART_UPLOADED"}
        )
        assert str(confirmed.commond_result) == model().command_ok["commond_result"]

        shown = io.StringIO()
        done = ms.wait_for_training_job(job_id, timeout=30, progress=True, stream=shown, **FAST)
    assert isinstance(done, TrainingJob)
    assert done.state == TrainingJobState.JOB_SUCCESS
    assert done.name == "Renamed"
    assert isinstance(done.operation_logs, list)
    assert str(done.operation_logs[-1].log_type) == "SYSTEM_JOB_SUCCESS"
    lines = shown.getvalue().splitlines()
    assert lines[0].startswith(f"training job {job_id}: ")
    assert lines[-1].startswith(f"training job {job_id}: JOB_SUCCESS (")
    assert len(lines) == len(set(lines))  # one line per state change on a non-terminal


def test_final_states_are_the_spec_lifecycle_final_lists() -> None:
    assert frozenset(model().training.final) == TRAINING_JOB_FINAL_STATES
    assert frozenset(model().video.final) == VIDEO_JOB_FINAL_STATES
    assert {"JOB_SUCCESS", "TRAIN_FAILED"} <= TRAINING_JOB_FINAL_STATES


def test_training_waiter_returns_at_once_on_the_sdks_final_states(
    mock_server: MockServer,
) -> None:
    """The SDK-only states the spec makes final (E36): a real job in VIDEO_ANALYZE_FAILED must
    end the wait at the first poll, not at the timeout."""
    life = model().training
    sdk = model().doc.data["components"]["schemas"][life.name]["x-source"]["enum"]
    states = [state for state in life.final if sdk.get(state) == "sdk"]
    assert "VIDEO_ANALYZE_FAILED" in states and "MANUL_STOP_ACTION_MARK" in states
    with facade(mock_server) as ms:
        for state in states:
            job_id = mock_server.create_training_job(state, hold=True)["job_id"]
            done = ms.wait_for_training_job(job_id, timeout=5, progress=False, **FAST)
            assert done.state == state and state in TRAINING_JOB_FINAL_STATES


def test_waiter_times_out_with_the_last_state(mock_server: MockServer) -> None:
    job_id = mock_server.create_training_job("MANUAL_VERIFYING", hold=True)["job_id"]
    with facade(mock_server, auth="token") as ms, pytest.raises(WaiterTimeoutError) as caught:
        ms.wait_for_training_job(job_id, timeout=0.1, progress=False, **FAST)
    assert caught.value.last_state == "MANUAL_VERIFYING"
    assert isinstance(caught.value.last, TrainingJob)
    assert isinstance(caught.value, TimeoutError) and isinstance(caught.value, MetaStudioError)


def test_video_waiter_returns_at_once_on_a_final_state(mock_server: MockServer) -> None:
    with facade(mock_server) as ms:
        detail = ms.wait_for_video_job(EXAMPLE_VIDEO, timeout=5, progress=False)
    assert isinstance(detail, VideoJobDetail)
    assert detail.state == "SUCCESS" and detail.state in VIDEO_JOB_FINAL_STATES


# -- auth and configuration -----------------------------------------------------------------------


@pytest.mark.parametrize("auth", ["aksk", "token"])
def test_both_authentications_read_the_page_example(mock_server: MockServer, auth: str) -> None:
    with facade(mock_server, auth=auth) as ms:
        assert ms.config.auth_mode == auth
        job = ms.show_training_job(EXAMPLE_TRAINING)
        video = ms.show_video_job(EXAMPLE_VIDEO, show_script=True)
    assert job.job_id == EXAMPLE_TRAINING and job.name == "Test Name"
    assert job.state == TrainingJobState.MANUAL_VERIFYING
    assert video.job_id == EXAMPLE_VIDEO and video.state == "SUCCESS"
    assert not isinstance(video.shoot_scripts, Unset) and video.shoot_scripts
    assert repr(ms) == (
        f"MetaStudio(endpoint={mock_server.base_url!r}, project_id={mock_server.project_id!r}, "
        f"auth={auth!r})"
    )


def test_config_object_and_keyword_settings(
    mock_server: MockServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = ClientConfig(
        endpoint=mock_server.base_url, project_id=mock_server.project_id, auth_token="wrong"
    )
    with MetaStudio(config, auth_token=mock_server.token, read_timeout=7.5, max_retries=0) as ms:
        assert ms.config.max_retries == 0 and ms.config.auth_token == mock_server.token
        assert ms.http_client.timeout.read == 7.5
        assert ms.show_training_job(EXAMPLE_TRAINING).job_id == EXAMPLE_TRAINING
    assert ms.http_client.is_closed
    for name in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "METASTUDIO_AUTH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no credentials file there
    monkeypatch.delenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", raising=False)
    with pytest.raises(ConfigError, match="sources tried: arguments, environment, credentials"):
        MetaStudio(endpoint=mock_server.base_url, project_id=mock_server.project_id)


def test_from_env(mock_server: MockServer, monkeypatch: pytest.MonkeyPatch) -> None:
    environ = {
        "METASTUDIO_ENDPOINT": mock_server.base_url,
        "HUAWEICLOUD_SDK_AK": mock_server.ak,
        "HUAWEICLOUD_SDK_SK": mock_server.sk,
        "HUAWEICLOUD_SDK_PROJECT_ID": mock_server.project_id,
    }
    with MetaStudio.from_env(environ, max_retries=1) as ms:
        assert ms.config.auth_mode == "aksk" and ms.config.max_retries == 1
        assert ms.show_training_job(EXAMPLE_TRAINING).name == "Test Name"
    for name in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("METASTUDIO_ENDPOINT", mock_server.base_url)
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", mock_server.project_id)
    monkeypatch.setenv("METASTUDIO_AUTH_TOKEN", mock_server.token)
    with MetaStudio.from_env() as ms:
        assert ms.config.auth_mode == "token"
        assert ms.show_video_job(EXAMPLE_VIDEO).job_id == EXAMPLE_VIDEO


def test_from_env_names_what_is_missing() -> None:
    with pytest.raises(ConfigError) as nothing:
        MetaStudio.from_env({})
    assert set(nothing.value.missing) == {
        "METASTUDIO_ENDPOINT",
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_PROJECT_ID",
    }
    assert "METASTUDIO_AUTH_TOKEN" in str(nothing.value)  # the other way out is named too
    with pytest.raises(ConfigError) as half:
        AsyncMetaStudio.from_env(
            {"METASTUDIO_ENDPOINT": "http://127.0.0.1:9", "HUAWEICLOUD_SDK_AK": "AK"}
        )
    assert half.value.missing == ("HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_PROJECT_ID")
    assert str(half.value) == (
        "missing environment variables: HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID; "
        "AK/SK signing needs HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID. "
        "Found: endpoint http://127.0.0.1:9 (from METASTUDIO_ENDPOINT), "
        "AK AK (from HUAWEICLOUD_SDK_AK). "
        "Credential sources tried: arguments, environment, credentials file (no home folder)"
    )
    assert half.value.tried == (
        "arguments",
        "environment",
        "credentials file (no home folder)",
    )


# -- errors ---------------------------------------------------------------------------------------


def test_404_error_fields(mock_server: MockServer) -> None:
    with facade(mock_server) as ms, pytest.raises(NotFoundError) as caught:
        ms.show_training_job("no-such-job")
    error = caught.value
    assert isinstance(error, APIStatusError) and isinstance(error, MetaStudioError)
    assert error.status_code == 404
    assert error.error_code == "MSS.00000002"
    assert error.error_msg and "no-such-job" in error.error_msg
    assert error.request_id and error.request_id == error.response.headers["X-Request-Id"]
    assert isinstance(error.response, httpx.Response)
    assert error.response.status_code == 404
    assert error.response.request.url.path.endswith("/user/jobs/no-such-job")
    assert error.body == {"error_code": error.error_code, "error_msg": error.error_msg}
    assert str(error).startswith(f"404 MSS.00000002 {error.error_msg}")
    assert str(error).endswith(f"(request id {error.request_id})")


@pytest.mark.parametrize("auth", ["aksk", "token"])
def test_401_error_fields(mock_server: MockServer, auth: str) -> None:
    wrong = {"sk": mock_server.sk + "x"} if auth == "aksk" else {"auth_token": "nope"}
    with (
        facade(mock_server, auth=auth, **wrong) as ms,
        pytest.raises(AuthenticationError) as caught,
    ):
        ms.list_video_jobs(limit=1)
    error = caught.value
    assert error.status_code == 401 and error.error_code == "MSS.00000001"
    assert error.error_msg and error.error_msg.startswith("Unauthorized: ")
    assert error.request_id == error.response.headers["X-Request-Id"]


def test_400_from_the_lifecycle(mock_server: MockServer) -> None:
    job_id = mock_server.create_training_job("MANUAL_VERIFYING", hold=True)["job_id"]
    with facade(mock_server) as ms, pytest.raises(BadRequestError) as caught:
        ms.update_training_job(job_id, body=UpdateTrainingJobRequest(name="x"))
    assert caught.value.error_code == "MSS.00000003"
    assert caught.value.error_msg and "MANUAL_VERIFYING" in caught.value.error_msg


# -- retries through a flaky loopback proxy -------------------------------------------------------


@dataclass
class FlakyProxy:
    """A loopback HTTP server in front of the mock: the first `failures` requests get a 503
    (gateway-style error body, Retry-After: 0, X-Request-Id proxy-N); every other request is
    forwarded as received (Host and signature included) and the mock's answer relayed."""

    upstream: str
    failures: int = 1
    seen: list[dict[str, str]] = field(default_factory=list)
    base_url: str = ""

    def __post_init__(self) -> None:
        proxy = self
        target = urlsplit(self.upstream)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = dict(self.headers.items())
                proxy.seen.append({"method": self.command, "path": self.path, **headers})
                if len(proxy.seen) <= proxy.failures:
                    reply = json.dumps(
                        {"error_code": "APIGW.0203", "error_msg": "Service Unavailable"}
                    ).encode()
                    self.send_response(503)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Retry-After", "0")
                    self.send_header("X-Request-Id", f"proxy-{len(proxy.seen)}")
                    self.send_header("Content-Length", str(len(reply)))
                    self.end_headers()
                    self.wfile.write(reply)
                    return
                host = target.hostname or "127.0.0.1"
                conn = http.client.HTTPConnection(host, target.port, timeout=10)
                try:
                    conn.putrequest(
                        self.command, self.path, skip_host=True, skip_accept_encoding=True
                    )
                    for name, value in self.headers.items():
                        conn.putheader(name, value)
                    conn.endheaders(body or None)
                    answer = conn.getresponse()
                    data = answer.read()
                finally:
                    conn.close()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in {"content-length", "transfer-encoding", "connection"}:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_POST = _relay

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def flaky(mock_server: MockServer) -> Iterator[FlakyProxy]:
    proxy = FlakyProxy(mock_server.base_url)
    yield proxy
    proxy.close()


def test_503_then_200_is_retried_with_the_same_signature(
    mock_server: MockServer, flaky: FlakyProxy
) -> None:
    with facade(mock_server, endpoint=flaky.base_url) as ms:
        job = ms.show_training_job(EXAMPLE_TRAINING)
    assert job.job_id == EXAMPLE_TRAINING
    first, second = flaky.seen
    assert first["path"] == second["path"] == mock_server.training_path(EXAMPLE_TRAINING)
    # the retry resends the signed request itself: same date, same signature, still accepted
    assert first["X-Sdk-Date"] == second["X-Sdk-Date"]
    assert first["Authorization"] == second["Authorization"]


def test_async_503_then_200_is_retried(mock_server: MockServer, flaky: FlakyProxy) -> None:
    async def main() -> VideoJobDetail:
        async with async_facade(mock_server, endpoint=flaky.base_url) as ms:
            return await ms.show_video_job(EXAMPLE_VIDEO)

    assert asyncio.run(main()).job_id == EXAMPLE_VIDEO
    assert len(flaky.seen) == 2


def test_retries_off_and_post_not_repeated(mock_server: MockServer, flaky: FlakyProxy) -> None:
    flaky.failures = 2
    with (
        facade(mock_server, endpoint=flaky.base_url, max_retries=0) as ms,
        pytest.raises(InternalServerError) as off,
    ):
        ms.show_training_job(EXAMPLE_TRAINING)
    assert len(flaky.seen) == 1
    assert off.value.status_code == 503 and off.value.request_id == "proxy-1"
    assert off.value.error_code == "APIGW.0203" and off.value.error_msg == "Service Unavailable"
    with (
        facade(mock_server, endpoint=flaky.base_url) as ms,  # default: 2 retries, GET only
        pytest.raises(InternalServerError) as post,
    ):
        ms.execute_training_command(EXAMPLE_TRAINING, body={"command": "CONFIRM_ANSWER"})
    assert len(flaky.seen) == 2 and flaky.seen[-1]["method"] == "POST"
    assert post.value.request_id == "proxy-2"


# -- pagination -----------------------------------------------------------------------------------


FILTERS: dict[str, Any] = {
    "state": [VideoJobState.SUCCEED, VideoJobState.FAILED, VideoJobState.WAITING],
    "job_type": VideoJobType.DIGITAL_HUMAN_VIDEO_2D,
    "sort_key": VideoJobSortKey.CREATE_TIME,
    "sort_dir": SortDir.DESC,
}


def test_pagination_across_pages_equals_one_big_page(mock_server: MockServer) -> None:
    with facade(mock_server, auth="token") as ms:
        sent: list[httpx.Request] = []
        ms.http_client.event_hooks["request"].append(sent.append)
        whole = ms.list_video_jobs(**FILTERS)
        assert isinstance(whole, VideoJobList)
        assert not isinstance(whole.jobs, Unset) and not isinstance(whole.count, Unset)
        assert whole.count == len(whole.jobs) > 7
        expected = [job.job_id for job in whole.jobs]
        sent.clear()

        lazy = ms.iter_video_jobs(page_size=3, **FILTERS)
        assert sent == []  # nothing fetched before the first item is asked for
        first = list(itertools.islice(lazy, 4))
        assert [job.job_id for job in first] == expected[:4]
        assert len(sent) == 2  # 4 items: two pages of 3
        rest = list(lazy)
        assert [job.job_id for job in first + rest] == expected
        pages = -(-len(expected) // 3)
        assert len(sent) == pages  # the last page reaches `count`: no extra request
        assert [r.url.params["offset"] for r in sent] == [str(3 * n) for n in range(pages)]
        assert {r.url.params["limit"] for r in sent} == {"3"}
        assert {r.url.params["state"] for r in sent} == {"SUCCEED,FAILED,WAITING"}

        from_five = [job.job_id for job in ms.iter_video_jobs(page_size=4, start=5, **FILTERS)]
    assert from_five == expected[5:]


# -- async twins ----------------------------------------------------------------------------------


def test_async_pagination_and_waiters(mock_server: MockServer) -> None:
    created = mock_server.control("POST", "/_mock/v1/{project_id}/video-jobs", {})
    assert created.status_code == 201, created.text
    video_id = created.json()["job_id"]
    training_id = mock_server.create_training_job("MANUAL_VERIFYING")["job_id"]
    with facade(mock_server) as ms:
        expected = [job.job_id for job in ms.iter_video_jobs(page_size=50, **FILTERS)]

    async def main() -> tuple[list[str | Unset], VideoJobDetail, TrainingJob]:
        async with async_facade(mock_server) as ms:
            listed = [job.job_id async for job in ms.iter_video_jobs(page_size=4, **FILTERS)]
            video, training = await asyncio.gather(
                ms.wait_for_video_job(video_id, timeout=30, progress=False, **FAST),
                ms.wait_for_training_job(training_id, timeout=30, progress=False, **FAST),
            )
            return listed, video, training

    listed, video, training = asyncio.run(main())
    assert listed == expected
    assert video.job_id == video_id and video.state == VideoJobState.SUCCEED
    assert training.job_id == training_id and training.state == TrainingJobState.JOB_SUCCESS


def test_async_errors_and_close(mock_server: MockServer) -> None:
    async def main() -> NotFoundError:
        ms = async_facade(mock_server)
        try:
            await ms.show_video_job("no-such-video")
        except NotFoundError as exc:
            return exc
        finally:
            await ms.aclose()
            assert ms.http_client.is_closed
        raise AssertionError("no error")

    error = asyncio.run(main())
    assert error.status_code == 404 and error.error_code == "MSS.00000002"
    assert error.request_id == error.response.headers["X-Request-Id"]


# -- the signature oracle -------------------------------------------------------------------------


class Recording(httpx.BaseTransport):
    """The network transport, keeping every request as it goes on the wire."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture(scope="module")
def sdk_signer(official_sdk: SimpleNamespace) -> SimpleNamespace:
    return official_sdk


def test_facade_signature_is_the_official_sdks(
    mock_server: MockServer, sdk_signer: SimpleNamespace
) -> None:
    wire = Recording()
    asset_name = "数字人 One Day/a+b&c=d ü~*"
    with facade(mock_server, transport=wire) as ms:
        page = ms.list_video_jobs(
            state=[VideoJobState.SUCCEED, VideoJobState.FAILED], asset_name=asset_name, limit=5
        )
    assert isinstance(page, VideoJobList)  # the mock verified the signature too
    (sent,) = wire.requests
    assert sent.url.params["state"] == "SUCCEED,FAILED"
    assert b"state=SUCCEED%2CFAILED" in sent.url.query
    assert sent.url.params["asset_name"] == asset_name

    ours = sent.headers["Authorization"]
    signed_names = ours.split("SignedHeaders=")[1].split(",")[0].split(";")
    assert {"host", "x-sdk-date", "x-project-id", "user-agent"} <= set(signed_names)
    headers = {
        name.decode(): value.decode()
        for name, value in sent.headers.raw
        if name.decode().lower() in signed_names
    }
    request = sdk_signer.SdkRequest(
        method=sent.method,
        schema=sent.url.scheme,
        host=sent.url.netloc.decode(),
        resource_path=sent.url.path,
        query_params=sent.url.params.multi_items(),
        header_params=headers,
        body=sent.content or None,
    )
    theirs = sdk_signer.Signer(SimpleNamespace(ak=mock_server.ak, sk=mock_server.sk)).sign(request)
    assert theirs.header_params["Authorization"] == ours


def test_readme_example_types_exist() -> None:
    # Names the quick start relies on stay importable from the package root.
    import metastudio_client

    for name in ("MetaStudio", "AsyncMetaStudio", "NotFoundError", "ClientConfig"):
        assert name in metastudio_client.__all__
