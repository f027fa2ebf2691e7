"""Auth on every spec operation: X-Auth-Token or SDK-HMAC-SHA256 by the configured AK/SK."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import specops
from mockserver import MockServer
from mockutil import assert_error, model

from generator.mock.auth import SIGNATURE_REFUSED, Authenticator, AuthFailed
from generator.mock.config import Credentials
from generator.runtime.auth import AkSkAuth
from generator.runtime.signing import sign
from generator.specmodel import default_model

TRAINING = default_model().examples.of("show_training_job", "job_id")  # seeded in the mock
CALLS = specops.calls("p")  # one per spec operation: a new one is covered with no edit here


def test_every_operation_is_covered() -> None:
    paths = {(op.method.upper(), op.path) for op in model().operations.values()}
    assert len(paths) == len(CALLS) == len(list(model().doc.operations())) > 0  # the spec's
    assert {c.operation_id for c in CALLS} == set(default_model().operations)


def _call(mock_server: MockServer, operation_id: str) -> specops.Call:
    return next(c for c in specops.calls(mock_server.project_id) if c.operation_id == operation_id)


@pytest.mark.parametrize("operation_id", [c.operation_id for c in CALLS])
def test_no_credentials_is_401_on_every_operation(
    mock_server: MockServer, operation_id: str
) -> None:
    call = _call(mock_server, operation_id)
    with mock_server.client(auth=None) as client:
        response = client.request(call.method, call.path, json=call.body)
    assert_error(response, 401, "no credentials")


@pytest.mark.parametrize("operation_id", [c.operation_id for c in CALLS])
def test_signed_requests_pass_on_every_operation(
    mock_server: MockServer, operation_id: str
) -> None:
    """Past authentication and validation: a read answers 200; a lifecycle write the answer
    its lifecycle gives in the seeded job's state (the spec's example bodies are refused there,
    a 400 naming the state, so the shared seeded jobs stay as they are)."""
    api, call = default_model(), _call(mock_server, operation_id)
    life = api.lifecycle_of_operation(operation_id)
    with mock_server.client("aksk") as client:
        state = None
        if life is not None:
            read = _call(mock_server, str(api.reader_of(life)))
            state = client.get(read.path).json()["state"]
        response = client.request(call.method, call.path, json=call.body)
    legal = life is None or specops.legal_in(api, life, call, str(state))
    assert response.status_code == (200 if legal else 400), response.text
    if not legal:
        assert f"in state {state}" in response.json()["error_msg"]


def test_wrong_token(mock_server: MockServer) -> None:
    with mock_server.client(auth=None, headers={"X-Auth-Token": "nope"}) as client:
        response = client.get(mock_server.training_path(TRAINING))
    assert_error(response, 401, "X-Auth-Token")


def test_wrong_secret(mock_server: MockServer) -> None:
    auth = AkSkAuth(mock_server.ak, mock_server.sk + "x", mock_server.project_id)
    with httpx.Client(base_url=mock_server.base_url, auth=auth, timeout=10) as client:
        response = client.get(mock_server.training_path(TRAINING))
    assert_error(response, 401, SIGNATURE_REFUSED)


def test_unknown_access_key(mock_server: MockServer) -> None:
    auth = AkSkAuth("SOMEONEELSE000000000", mock_server.sk, mock_server.project_id)
    with httpx.Client(base_url=mock_server.base_url, auth=auth, timeout=10) as client:
        response = client.get(mock_server.training_path(TRAINING))
    assert_error(response, 401, SIGNATURE_REFUSED)


@pytest.mark.parametrize("minutes", [-16, 16])
def test_stale_or_future_date(mock_server: MockServer, minutes: int) -> None:
    when = datetime.now(UTC) - timedelta(minutes=minutes)
    auth = AkSkAuth(mock_server.ak, mock_server.sk, mock_server.project_id, clock=lambda: when)
    with httpx.Client(base_url=mock_server.base_url, auth=auth, timeout=10) as client:
        response = client.get(mock_server.training_path(TRAINING))
    assert_error(response, 401, "stale X-Sdk-Date")


def test_date_within_fifteen_minutes_passes(mock_server: MockServer) -> None:
    when = datetime.now(UTC) - timedelta(minutes=14)
    auth = AkSkAuth(mock_server.ak, mock_server.sk, mock_server.project_id, clock=lambda: when)
    with httpx.Client(base_url=mock_server.base_url, auth=auth, timeout=10) as client:
        assert client.get(mock_server.training_path(TRAINING)).status_code == 200


def test_tampered_body_or_query(mock_server: MockServer) -> None:
    url = mock_server.base_url + mock_server.training_path(TRAINING, command=True)
    body = b'{"command": "GET_MULTIPART_UPLOADED"}'
    headers = {"Content-Type": "application/json", "X-Project-Id": mock_server.project_id}
    headers |= sign("POST", url, headers, body, mock_server.ak, mock_server.sk)
    with httpx.Client(timeout=10) as client:
        passed = client.post(url, content=body, headers=headers)  # authenticated, then refused
        assert_error(passed, 400, "MANUAL_VERIFYING", "GET_MULTIPART_UPLOADED")
        tampered = client.post(url, content=body.replace(b"GET", b"PUT"), headers=headers)
        assert_error(tampered, 401, SIGNATURE_REFUSED)
        extra = client.post(url + "?x=1", content=body, headers=headers)
        assert_error(extra, 401, SIGNATURE_REFUSED)


def test_other_project_in_path_is_refused(mock_server: MockServer) -> None:
    other = "f" * 32
    with mock_server.client() as client:
        response = client.get(f"/v1/{other}/digital-human-training-manage/user/jobs/{TRAINING}")
    assert_error(response, 401, other)
    auth = AkSkAuth(mock_server.ak, mock_server.sk, other)  # signs X-Project-Id = other too
    with httpx.Client(base_url=mock_server.base_url, auth=auth, timeout=10) as client:
        response = client.get(f"/v1/{other}/digital-human-videos")
    assert_error(response, 401, other)


def test_x_project_id_must_match_the_path(mock_server: MockServer) -> None:
    auth = AkSkAuth(mock_server.ak, mock_server.sk, "f" * 32)
    with httpx.Client(base_url=mock_server.base_url, auth=auth, timeout=10) as client:
        response = client.get(mock_server.training_path(TRAINING))
    assert_error(response, 401, "X-Project-Id")
    with mock_server.client(headers={"X-Project-Id": "f" * 32}) as client:
        response = client.get(mock_server.training_path(TRAINING))
    assert_error(response, 401, "X-Project-Id")


def test_malformed_authorization(mock_server: MockServer) -> None:
    date = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    signed = "SDK-HMAC-SHA256 Access=\u00fc\u20ac, SignedHeaders=host;x-sdk-date, Signature="
    for value in [
        "Basic abc",
        "SDK-HMAC-SHA256 Access=x",
        signed + "0" * 64,
        signed + "\u00fc" * 64,
    ]:
        headers = {"Authorization": value.encode(), "X-Sdk-Date": date.encode()}
        with mock_server.client(auth=None, headers=headers) as client:
            response = client.get(mock_server.training_path(TRAINING))
        assert_error(response, 401)


def test_official_sdk_against_the_mock(
    mock_server: MockServer, official_sdk: SimpleNamespace
) -> None:
    """huaweicloudsdkmetastudio signs with its own code; the mock must accept it."""
    ms = official_sdk.ms

    def client(sk: str) -> Any:
        return (
            ms.MetaStudioClient.new_builder()
            .with_http_config(official_sdk.HttpConfig.get_default_config())
            .with_credentials(
                official_sdk.BasicCredentials(mock_server.ak, sk, mock_server.project_id)
            )
            .with_endpoints([mock_server.base_url])
            .build()
        )

    sdk = client(mock_server.sk)
    job = sdk.show2d_model_training_job(ms.Show2dModelTrainingJobRequest(job_id=TRAINING))
    assert job.job_id == TRAINING and job.x_request_id
    listed = sdk.list_digital_human_video(
        ms.ListDigitalHumanVideoRequest(state="SUCCEED,FAILED", limit=5, sort_dir="desc")
    )
    assert listed.count >= len(listed.jobs) > 0
    assert {j.state for j in listed.jobs} <= {"SUCCEED", "FAILED"}
    with pytest.raises(official_sdk.ClientRequestException) as wrong_state:
        sdk.execute2d_model_training_command_by_user(
            ms.Execute2dModelTrainingCommandByUserRequest(
                job_id=TRAINING,
                body=ms.Execute2dModelTrainingCommandByUserReq(command="CONFIRM_ACCEPT"),
            )
        )
    assert wrong_state.value.status_code == 400
    assert wrong_state.value.error_code == "MSS.00000003"
    assert "MANUAL_VERIFYING" in wrong_state.value.error_msg
    with pytest.raises(official_sdk.ClientRequestException) as refused:
        client(mock_server.sk + "x").show2d_model_training_job(
            ms.Show2dModelTrainingJobRequest(job_id=TRAINING)
        )
    assert refused.value.status_code == 401
    assert refused.value.error_code == "MSS.00000001"


# --- The mock's Authenticator at its edges (found by `make mutate`): the 15-minute date window,
# temporary credentials (X-Security-Token), and project ids that differ in either direction.
# Requests are signed with the runtime's real signer; the Authenticator is the mock's own.


WHEN = datetime(2025, 1, 1, tzinfo=UTC)
PROJECT = "5" * 32
CREDS = Credentials(ak="EDGEAK00000000000002", sk="edge-sk", project_id=PROJECT, token="tok")
TARGET = f"/v1/{PROJECT}/digital-human-videos"


def signed(extra: dict[str, str] | None = None, project: str = PROJECT) -> dict[str, str]:
    """Lower-case headers of a GET signed with CREDS at WHEN (`extra` signed too)."""
    headers = dict(extra or {})
    url = f"http://metastudio.test/v1/{project}/digital-human-videos"
    headers.update(sign("GET", url, headers, b"", CREDS.ak, CREDS.sk, now=WHEN))
    return {name.lower(): value for name, value in headers.items()}


def check(headers: dict[str, str], auth: Authenticator | None = None, **kw: object) -> str:
    auth = auth or Authenticator(CREDS)
    project = str(kw.get("project", PROJECT))
    now = kw.get("now", WHEN)
    assert isinstance(now, datetime)
    return auth.check("GET", f"/v1/{project}/digital-human-videos", headers, b"", project, now)


def test_the_date_window_is_fifteen_minutes_each_way() -> None:
    headers = signed()
    for seconds in (899.5, -899.5):
        assert check(headers, now=WHEN + timedelta(seconds=seconds)) == "aksk"
    for seconds, side in ((900.5, "old"), (-900.5, "in the future")):
        with pytest.raises(AuthFailed, match=f"stale X-Sdk-Date.*{side}"):
            check(headers, now=WHEN + timedelta(seconds=seconds))


def test_temporary_credentials_need_the_configured_token_signed() -> None:
    sts = Authenticator(dataclasses.replace(CREDS, security_token="sts-1"))
    assert check(signed({"X-Security-Token": "sts-1"}), sts) == "aksk"
    assert check(signed(), sts) == "aksk"  # permanent credentials still work
    with pytest.raises(AuthFailed, match="invalid X-Security-Token"):
        check(signed({"X-Security-Token": "sts-2"}), sts)
    with pytest.raises(AuthFailed, match="invalid X-Security-Token"):
        check(signed({"X-Security-Token": "sts-1"}))  # this mock has none configured
    unsigned = {**signed(), "x-security-token": "sts-1"}  # added after signing
    with pytest.raises(AuthFailed, match="X-Security-Token not signed"):
        check(unsigned, sts)


@pytest.mark.parametrize("other", ["0" * 32, "9" * 32])  # sorts before and after PROJECT
def test_other_project_ids_are_refused_either_way(other: str) -> None:
    with pytest.raises(AuthFailed, match="X-Project-Id does not match"):
        check({"x-auth-token": "tok", "x-project-id": other})
    with pytest.raises(AuthFailed, match=f"not valid for project '{other}'"):
        check({"x-auth-token": "tok"}, project=other)


def test_a_long_foreign_project_id_is_cut_in_the_message() -> None:
    long = "a" * 100
    with pytest.raises(AuthFailed) as caught:
        check({"x-auth-token": "tok"}, project=long)
    assert caught.value.reason == f"the credentials are not valid for project {'a' * 64!r}"


def put_unsigned(content_type: str | None, body: bytes) -> str:
    """A PUT whose signature leaves the payload out (X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD)."""
    headers = {"X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD"}
    if content_type is not None:
        headers["Content-Type"] = content_type
    url = f"http://metastudio.test{TARGET}"
    headers.update(sign("PUT", url, headers, body, CREDS.ak, CREDS.sk, now=WHEN))
    lower = {name.lower(): value for name, value in headers.items()}
    return Authenticator(CREDS).check("PUT", TARGET, lower, body, PROJECT, WHEN)


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "Application/JSON; charset=utf-8", "application/bson", None],
)
def test_an_unsigned_payload_is_refused_for_json_or_untyped_bodies(
    content_type: str | None,
) -> None:
    with pytest.raises(AuthFailed, match="UNSIGNED-PAYLOAD is only accepted for a body"):
        put_unsigned(content_type, b'{"name": "swapped"}')


@pytest.mark.parametrize("content_type", ["application/octet-stream", "text/plain; a=b;c"])
def test_an_unsigned_payload_passes_for_other_bodies(content_type: str) -> None:
    assert put_unsigned(content_type, b"raw bytes") == "aksk"


def test_an_unsigned_payload_with_no_body_is_nothing_to_swap() -> None:
    assert put_unsigned("application/json", b"") == "aksk"
