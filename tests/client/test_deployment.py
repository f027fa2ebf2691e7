"""The client as a real deployment meets it, with the official SDK (huaweicloudsdkcore,
huaweicloudsdkmetastudio) as the oracle: the wire form of awkward query values and headers,
temporary (STS) credentials, the SDK's credentials file, regions, and the refusal of ids
that no HTTP stack sends as signed.

Both clients talk to one capturing server on 127.0.0.1 that records the raw request target
and header bytes and verifies every signature with `generator.runtime.signing.verify`.
"""

from __future__ import annotations

import importlib
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from metastudio_client import MetaStudio
from metastudio_client.facade import SERVER
from metastudio_client.models import VideoJobState
from metastudio_client.runtime import (
    AkSkAuth,
    AuthenticationError,
    ConfigError,
    InvalidRequestError,
    from_env,
)
from mockserver import SPEC, start_thread_server

from generator.mock.config import Credentials, MockConfig
from generator.runtime.signing import verify

AK = "DEPLOYAK000000000001"
SK = "deploy/secret+key=0123456789~"
PROJECT = "0d0e0f0d0e0f0d0e0f0d0e0f0d0e0f00"
STS = "sts-token/with+odd=chars~0123456789"
WHEN = datetime(2026, 11, 29, 12, 0, 0, tzinfo=UTC)
AWKWARD = ["a b", "a+b", "a,b", "a/b", "a*b", "a~b", "数字人", "", "ü é", "%20", "a&b=c", "'!()"]


@pytest.fixture(scope="module")
def sdk(official_sdk: SimpleNamespace) -> SimpleNamespace:
    return official_sdk


# --------------------------------------------------------------------------- capturing server


class Capture:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.verified: list[bool] = []

    def record(self, method: str, target: str, headers: dict[str, str], body: bytes) -> None:
        self.requests.append((method, target, headers))
        try:
            verify(method, target, headers, body, lambda ak: SK if ak == AK else None)
            self.verified.append(True)
        except Exception:
            self.verified.append(False)


def capture_server(capture: Capture) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            capture.record(self.command, self.path, dict(self.headers.items()), body)
            if "digital-human-videos" in self.path and "2d" not in self.path:
                answer: dict[str, Any] = {"count": 0, "videos": []}
            else:
                answer = {"job_id": "j", "state": "WAITING"}
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_POST = _any

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def captured() -> Iterator[tuple[Capture, str]]:
    capture = Capture()
    server = capture_server(capture)
    try:
        yield capture, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def sdk_client(sdk: SimpleNamespace, endpoint: str, credentials: Any = None) -> Any:
    config = sdk.HttpConfig.get_default_config()
    config.timeout = (5, 10)
    return (
        sdk.ms.MetaStudioClient.new_builder()
        .with_http_config(config)
        .with_credentials(credentials or sdk.BasicCredentials(AK, SK, PROJECT))
        .with_endpoints([endpoint])
        .build()
    )


def ours(endpoint: str, **extra: Any) -> MetaStudio:
    return MetaStudio(endpoint=endpoint, project_id=PROJECT, ak=AK, sk=SK, max_retries=0, **extra)


# --------------------------------------------------------------------------- wire form


def test_awkward_query_values_go_on_the_wire_as_the_sdk_sends_them(
    sdk: SimpleNamespace, captured: tuple[Capture, str]
) -> None:
    capture, endpoint = captured
    client = sdk_client(sdk, endpoint)
    start = len(capture.requests)
    with ours(endpoint) as ms:
        for value in AWKWARD:
            client.list_digital_human_video(
                sdk.ms.ListDigitalHumanVideoRequest(asset_name=value, state="SUCCEED,FAILED")
            )
            ms.list_video_jobs(
                asset_name=value, state=[VideoJobState.SUCCEED, VideoJobState.FAILED]
            )
        client.show2_d_digital_human_video(
            sdk.ms.Show2DDigitalHumanVideoRequest(job_id="a b+c", show_script=True)
        )
        ms.show_video_job("a b+c", show_script=True)
    sent = capture.requests[start:]
    assert len(sent) == 2 * len(AWKWARD) + 2
    for theirs, mine in zip(sent[::2], sent[1::2], strict=True):
        assert mine[1] == theirs[1]  # byte for byte: path and query
    assert "asset_name=a%20b&" in sent[0][1] and "+" not in sent[2][1].split("?")[1]
    assert all(capture.verified[start:])


def test_non_ascii_app_user_id_is_sent_as_the_sdk_sends_it(
    sdk: SimpleNamespace, captured: tuple[Capture, str]
) -> None:
    capture, endpoint = captured
    client = sdk_client(sdk, endpoint)
    start = len(capture.requests)
    with ours(endpoint) as ms:
        for user in ("用户", "é"):
            client.show2d_model_training_job(
                sdk.ms.Show2dModelTrainingJobRequest(job_id="j", x_app_user_id=user)
            )
            ms.show_training_job("j", x_app_user_id=user)
    sent = capture.requests[start:]
    for theirs, mine in zip(sent[::2], sent[1::2], strict=True):
        assert mine[2]["X-App-UserId"] == theirs[2]["X-App-UserId"]  # the same UTF-8 bytes
    assert sent[1][2]["X-App-UserId"].encode("latin-1").decode("utf-8") == "用户"
    assert all(capture.verified[start:])


@pytest.mark.parametrize("job_id", ["..", ".", ""])
def test_dot_segment_ids_are_refused_before_sending(
    sdk: SimpleNamespace, captured: tuple[Capture, str], job_id: str
) -> None:
    capture, endpoint = captured
    start = len(capture.requests)
    with ours(endpoint) as ms, pytest.raises(InvalidRequestError, match="refused to send"):
        ms.execute_training_command(job_id, body={"command": "CONFIRM_TRAINING_VIDEO"})
    assert len(capture.requests) == start  # nothing went out
    if job_id == "..":  # why: the SDK's stack collapses it and POSTs to the parent path
        sdk_client(sdk, endpoint).show2d_model_training_job(
            sdk.ms.Show2dModelTrainingJobRequest(job_id=job_id)
        )
        assert capture.requests[-1][1].endswith("/digital-human-training-manage/user/")


# --------------------------------------------------------------------------- STS credentials


def test_security_token_signature_is_byte_identical_to_the_sdks(sdk: SimpleNamespace) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    auth = AkSkAuth(AK, SK, PROJECT, security_token=STS, clock=lambda: WHEN)
    with httpx.Client(
        base_url="http://metastudio.test", auth=auth, transport=httpx.MockTransport(answer)
    ) as client:
        client.put("/v1/p/jobs/j", json={"name": "数字人"})
        client.get("/v1/p/videos?asset_name=a%20b")
    credentials = importlib.import_module("huaweicloudsdkcore.auth.credentials")
    for request in seen:
        assert request.headers["X-Security-Token"] == STS
        sent = {k.decode(): v.decode() for k, v in request.headers.raw}
        names = sent["Authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
        assert "x-security-token" in names
        lower = {k.lower(): k for k in sent}
        headers = {lower[n]: sent[lower[n]] for n in names if n != "x-security-token"}
        path, _, query = request.url.raw_path.decode().partition("?")
        theirs = sdk.SdkRequest(
            method=request.method,
            schema="http",
            host="metastudio.test",
            resource_path=path,
            query_params=parse_qsl(query, keep_blank_values=True),
            header_params=headers,
            body=request.content,
        )
        basic = credentials.BasicCredentials(AK, SK, PROJECT).with_security_token(STS)
        signed = basic.sign_request(theirs)
        assert signed.header_params["X-Security-Token"] == STS
        assert sent["Authorization"] == signed.header_params["Authorization"]
        assert STS not in repr(request.headers) and "[secure]" in repr(request.headers)


def test_mock_accepts_the_configured_security_token_only(
    sdk: SimpleNamespace, tmp_path: Path
) -> None:
    creds = Credentials(ak=AK, sk=SK, project_id=PROJECT, security_token=STS)
    server = start_thread_server(
        MockConfig(db_path=tmp_path / "s.sqlite", credentials=creds, speed=1000.0, spec_path=SPEC)
    )
    try:
        env = {
            "METASTUDIO_ENDPOINT": server.base_url,
            "HUAWEICLOUD_SDK_AK": AK,
            "HUAWEICLOUD_SDK_SK": SK,
            "HUAWEICLOUD_SDK_PROJECT_ID": PROJECT,
            "HUAWEICLOUD_SDK_SECURITY_TOKEN": STS,
        }
        with MetaStudio.from_env(env, max_retries=0) as ms:
            assert ms.config.security_token == STS and STS not in repr(ms.config)
            assert ms.list_video_jobs(limit=1).count is not None
        with MetaStudio.from_env({**env, "HUAWEICLOUD_SDK_SECURITY_TOKEN": "stale"}) as ms:
            with pytest.raises(AuthenticationError, match="X-Security-Token") as caught:
                ms.list_video_jobs(limit=1)
            assert "stale" not in repr(caught.value.response.request.headers)
        # The official SDK with the same temporary credentials passes too.
        basic = sdk.BasicCredentials(AK, SK, PROJECT).with_security_token(STS)
        listed = sdk_client(sdk, server.base_url, basic).list_digital_human_video(
            sdk.ms.ListDigitalHumanVideoRequest(limit=1)
        )
        assert listed.count is not None
    finally:
        server.stop()


# --------------------------------------------------------------------------- credentials file


PROFILES = {
    "plain": "[basic]\nak = {ak}\nsk = {sk}\nproject_id = {p}\n",
    "sts": "[basic]\nak={ak}\nsk={sk}\nproject_id={p}\nsecurity_token={t}\n",
    "defaults": (
        "[DEFAULT]\nproject_id = {p}\n\n[global]\nak = other\n\n[basic]\nAK = {ak}\nsk = {sk}\n"
    ),
}


@pytest.mark.parametrize("name", sorted(PROFILES))
@pytest.mark.parametrize("moved", [True, False])
def test_credentials_file_reads_as_the_sdks_profile_provider(
    sdk: SimpleNamespace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    moved: bool,
) -> None:
    text = PROFILES[name].format(ak=AK, sk=SK.replace("%", "%%"), p=PROJECT, t=STS)
    if moved:
        path = tmp_path / "elsewhere.ini"
        monkeypatch.setenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", str(path))
    else:
        path = tmp_path / ".huaweicloud" / "credentials"
        path.parent.mkdir()
        monkeypatch.delenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    path.write_text(text, encoding="utf-8")
    provider = importlib.import_module("huaweicloudsdkcore.auth.provider")
    theirs = provider.ProfileCredentialProvider.get_basic().get_credentials()
    env = {"HOME": str(tmp_path), "METASTUDIO_ENDPOINT": "http://127.0.0.1:9"}
    if moved:
        env["HUAWEICLOUD_SDK_CREDENTIALS_FILE"] = str(path)
    config = from_env(env)
    assert (config.ak, config.sk, config.project_id, config.security_token) == (
        theirs.ak,
        theirs.sk,
        theirs.project_id,
        theirs.security_token,
    )
    assert config.ak == AK and config.project_id == PROJECT


def test_credential_chain_order_and_what_was_tried(tmp_path: Path) -> None:
    path = tmp_path / "c.ini"
    path.write_text(f"[basic]\nak = FILEAK\nsk = FILESK\nproject_id = {PROJECT}\n")
    env = {"METASTUDIO_ENDPOINT": "http://x", "HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(path)}
    assert from_env(env).ak == "FILEAK"  # the file when the environment has nothing
    both = {**env, "HUAWEICLOUD_SDK_AK": "ENVAK", "HUAWEICLOUD_SDK_SK": "ENVSK"}
    with pytest.raises(ConfigError, match="PROJECT_ID"):  # a source is taken whole, as the SDK
        from_env(both)
    both["HUAWEICLOUD_SDK_PROJECT_ID"] = PROJECT
    assert from_env(both).ak == "ENVAK"  # the environment before the file
    assert from_env(both, project_id="p").project_id == "p"  # arguments first
    assert from_env(both, ak="ARGAK", sk="ARGSK").ak == "ARGAK"
    assert from_env(both, security_token="t").security_token == "t"
    half = {**env, "HUAWEICLOUD_SDK_AK": "ENVAK"}  # AK without SK: on to the file, as the SDK
    assert from_env(half).ak == "FILEAK"
    path.write_text("[global]\nak = x\n")
    with pytest.raises(ConfigError) as caught:
        from_env({**env, "HUAWEICLOUD_SDK_PROJECT_ID": PROJECT})
    assert caught.value.tried == (
        "arguments",
        "environment",
        f"credentials file {path} (no [basic] section)",
    )
    assert f"credentials file {path} (no [basic] section)" in str(caught.value)


# --------------------------------------------------------------------------- regions


def test_regions_equal_the_sdks_metastudio_region(
    sdk: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    region_module = importlib.import_module("huaweicloudsdkmetastudio.v1.region.metastudio_region")
    theirs = region_module.MetaStudioRegion
    monkeypatch.delenv("METASTUDIO_ENDPOINT", raising=False)
    assert sorted(SERVER.known) == sorted(theirs.static_fields)
    creds = {
        "HUAWEICLOUD_SDK_AK": AK,
        "HUAWEICLOUD_SDK_SK": SK,
        "HUAWEICLOUD_SDK_PROJECT_ID": PROJECT,
    }
    for region in SERVER.known:
        expected = theirs.static_fields[region].endpoints[0]
        assert (
            MetaStudio(region=region, ak=AK, sk=SK, project_id=PROJECT).config.endpoint == expected
        )
        assert (
            MetaStudio.from_env({**creds, "METASTUDIO_REGION": region}).config.endpoint == expected
        )
    # The SDK's endpoint override for one region, read by both.
    variable = "HUAWEICLOUD_SDK_REGION_METASTUDIO_AP_TEST_9"
    monkeypatch.setenv(variable, "https://metastudio.example.test,https://backup.example.test")
    override = theirs.value_of("ap-test-9").endpoints[0]
    env = {
        **creds,
        "METASTUDIO_REGION": "ap-test-9",
        variable: "https://metastudio.example.test,https://backup.example.test",
    }
    assert MetaStudio.from_env(env).config.endpoint == override == "https://metastudio.example.test"
    # METASTUDIO_ENDPOINT still wins over a region.
    local = {**creds, "METASTUDIO_REGION": "cn-east-3", "METASTUDIO_ENDPOINT": "http://127.0.0.1:9"}
    assert MetaStudio.from_env(local).config.endpoint == "http://127.0.0.1:9"


def test_unknown_region_lists_the_known_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("METASTUDIO_ENDPOINT", raising=False)
    with pytest.raises(ConfigError) as caught:
        MetaStudio(region="mars-1", ak=AK, sk=SK, project_id=PROJECT)
    assert "unknown region 'mars-1'" in str(caught.value)
    for region in SERVER.known:
        assert region in str(caught.value)
