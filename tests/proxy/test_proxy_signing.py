"""Re-signing, proven without the real service.

The official SDK holds key pair A and talks to the proxy; the proxy holds key pair B (with an
STS token) and talks to the mock, which accepts only B. All five operations pass through, and
the same SDK sent straight to the mock is refused: what verifies is the proxy's signature.
A client with a token, with its own signature or with nothing at all gets the same result.
Hop-by-hop headers never reach the upstream and are never signed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from mockserver import EXAMPLE_TRAINING_JOB, EXAMPLE_VIDEO_JOB, UPDATABLE_STATE
from proxyutil import PROJECT, A, B, running_proxy

from generator.mock.app import create_app
from generator.mock.config import MockConfig
from generator.mock.serve import ThreadServer
from generator.proxy.app import ProxyApp
from generator.runtime.auth import AkSkAuth, TokenAuth
from generator.runtime.signing import parse_authorization

TRAINING = f"/v1/{PROJECT}/digital-human-training-manage/user/jobs"


class Capture:
    """Wraps the mock: keeps the headers of every API request that reaches it."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: list[dict[str, str]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/_mock/"):
            self.seen.append({k.decode().lower(): v.decode() for k, v in scope["headers"]})
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Capture]]:
    db: Path = tmp_path_factory.mktemp("proxy-signing") / "state.sqlite"
    mock = create_app(MockConfig(db_path=db, credentials=B, speed=1000.0))
    capture = Capture(mock)
    server = ThreadServer(capture).start()
    try:
        yield server.base_url, capture
    finally:
        server.stop()


@pytest.fixture(scope="module")
def proxy(upstream: tuple[str, Capture]) -> Iterator[tuple[str, ProxyApp]]:
    with running_proxy(upstream[0], allow_writes=True) as running:
        yield running


def sdk_client(sdk: SimpleNamespace, endpoint: str) -> Any:
    config = sdk.HttpConfig.get_default_config()
    config.timeout = (5, 10)
    return (
        sdk.ms.MetaStudioClient.new_builder()
        .with_http_config(config)
        .with_credentials(sdk.BasicCredentials(A.ak, A.sk, PROJECT))
        .with_endpoints([endpoint])
        .build()
    )


def new_job(base_url: str, state: str) -> str:
    response = httpx.post(
        f"{base_url}/_mock/v1/{PROJECT}/training-jobs",
        json={"state": state, "hold": True},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["job_id"])


def test_the_sdk_with_key_pair_a_runs_all_five_operations_through_the_proxy(
    official_sdk: SimpleNamespace,
    upstream: tuple[str, Capture],
    proxy: tuple[str, ProxyApp],
) -> None:
    sdk, (mock_url, capture), (proxy_url, app) = official_sdk, upstream, proxy
    ms = sdk.ms

    direct = sdk_client(sdk, mock_url)
    with pytest.raises(sdk.ClientRequestException) as refused:
        direct.show2d_model_training_job(
            ms.Show2dModelTrainingJobRequest(job_id=EXAMPLE_TRAINING_JOB)
        )
    assert refused.value.status_code == 401  # the mock knows only key pair B

    client = sdk_client(sdk, proxy_url)
    shown = client.show2d_model_training_job(
        ms.Show2dModelTrainingJobRequest(job_id=EXAMPLE_TRAINING_JOB)
    )
    assert shown.job_id == EXAMPLE_TRAINING_JOB and shown.state == "MANUAL_VERIFYING"

    job_id = new_job(mock_url, UPDATABLE_STATE)
    body = ms.Update2dModelTrainingJobReq(name="Through the proxy", video_multipart_count=1)
    updated = client.update2d_model_training_job(
        ms.Update2dModelTrainingJobRequest(job_id=job_id, body=body)
    )
    assert updated.job_id == job_id and len(updated.training_video_upload_url) == 1

    answered = client.execute2d_model_training_command_by_user(
        ms.Execute2dModelTrainingCommandByUserRequest(
            job_id=job_id,
            body=ms.Execute2dModelTrainingCommandByUserReq(command="GET_MULTIPART_UPLOADED"),
        )
    )
    assert answered.commond_result == "EXCUTE_SUCCESS"

    video = client.show2_d_digital_human_video(
        ms.Show2DDigitalHumanVideoRequest(job_id=EXAMPLE_VIDEO_JOB)
    )
    assert video.job_id == EXAMPLE_VIDEO_JOB
    listed = client.list_digital_human_video(
        ms.ListDigitalHumanVideoRequest(limit=3, state="SUCCEED,FAILED")
    )
    assert 0 < len(listed.jobs) <= 3

    forwarded = capture.seen[-5:]
    for headers in forwarded:
        ak, signed, _ = parse_authorization(headers["authorization"])
        assert ak == B.ak
        assert "x-security-token" in signed and headers["x-security-token"] == B.security_token
    rows = app.tally.rows
    for operation in ("show_training_job", "update_training_job", "execute_training_command"):
        assert rows[operation].exchanges >= 1 and rows[operation].violations == 0
    assert rows["show_video_job"].exchanges == 1 and rows["list_video_jobs"].exchanges == 1


@pytest.mark.parametrize("kind", ["none", "token", "signature"])
def test_every_kind_of_client_credential_goes_out_signed_by_the_proxy(
    kind: str, upstream: tuple[str, Capture], proxy: tuple[str, ProxyApp]
) -> None:
    auth: httpx.Auth | None = {
        "none": None,
        "token": TokenAuth(A.token, PROJECT),
        "signature": AkSkAuth(A.ak, A.sk, PROJECT),
    }[kind]
    with httpx.Client(base_url=proxy[0], auth=auth, timeout=10) as client:
        response = client.get(f"{TRAINING}/{EXAMPLE_TRAINING_JOB}")
    assert response.status_code == 200, response.text
    seen = upstream[1].seen[-1]
    assert "x-auth-token" not in seen
    assert parse_authorization(seen["authorization"])[0] == B.ak


def test_hop_by_hop_headers_are_stripped_and_never_signed(
    upstream: tuple[str, Capture], proxy: tuple[str, ProxyApp]
) -> None:
    hop = {
        "Connection": "keep-alive, X-Private-Hop",
        "X-Private-Hop": "named in Connection",
        "Keep-Alive": "timeout=5",
        "TE": "trailers",
        "Trailer": "X-Checksum",
        "Upgrade": "h2c",
        "Proxy-Authorization": "Basic c2VjcmV0",
        "Proxy-Whatever": "1",
        "X-App-UserId": "kept-and-signed",
    }
    with httpx.Client(base_url=proxy[0], timeout=10) as client:
        response = client.get(f"{TRAINING}/{EXAMPLE_TRAINING_JOB}", headers=hop)
        assert response.status_code == 200, response.text
        # Expect and Transfer-Encoding on a request with a body
        put = client.put(
            f"{TRAINING}/{EXAMPLE_TRAINING_JOB}",
            content=b'{"name": "x"}',
            headers={"Expect": "100-continue", "Content-Type": "application/json", **hop},
        )
    assert put.status_code in (200, 400), put.text
    for seen in upstream[1].seen[-2:]:
        _, signed, _ = parse_authorization(seen["authorization"])
        for name in ("keep-alive", "te", "trailer", "upgrade", "expect", "x-private-hop"):
            assert name not in seen, (name, seen)
            assert name not in signed
        assert not [n for n in seen if n.startswith("proxy-")]
        assert not [n for n in signed if n.startswith("proxy-") or n == "connection"]
        assert "transfer-encoding" not in signed
        assert seen["x-app-userid"] == "kept-and-signed" and "x-app-userid" in signed


def test_the_answer_comes_back_with_the_upstreams_headers_and_head_works(
    upstream: tuple[str, Capture], proxy: tuple[str, ProxyApp]
) -> None:
    with httpx.Client(base_url=proxy[0], timeout=10) as client:
        got = client.get(f"{TRAINING}/{EXAMPLE_TRAINING_JOB}")
        head = client.head(f"{TRAINING}/{EXAMPLE_TRAINING_JOB}")
    assert got.headers["x-request-id"] and got.headers["content-type"] == "application/json"
    assert got.headers.get_list("content-length") == [str(len(got.content))]
    assert head.status_code == 200 and head.content == b""
    assert "x-spec-violations" not in got.headers and "x-spec-violations" not in head.headers
    assert head.headers["x-request-id"] != got.headers["x-request-id"]
