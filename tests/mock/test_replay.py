"""`--replay FILE`: the mock answers a cassette's exchanges first, the rest as before.

The cassettes here are written by hand in vcrpy's format (not by our proxy), so the replay is
judged against the format, not against our own writer.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from mockserver import CREDENTIALS, REPO, start_thread_server

from generator.mock.config import MockConfig
from generator.mock.replay import Cassette, ReplayError
from generator.runtime.auth import AkSkAuth, TokenAuth

PROJECT = CREDENTIALS.project_id
VIDEO = f"/v1/{PROJECT}/2d-digital-human-videos/recorded-job"
LIST = f"/v1/{PROJECT}/digital-human-videos"
BINARY = bytes(range(256))


def interaction(method: str, uri: str, body: str | bytes, status: int = 200) -> dict[str, Any]:
    return {
        "request": {
            "body": None,
            "headers": {"Authorization": ["REDACTED"], "X-Sdk-Date": ["REDACTED"]},
            "method": method,
            "uri": uri,
        },
        "response": {
            "body": {"string": body},
            "headers": {
                "Content-Type": ["application/json"],
                "X-Request-Id": ["recorded-request-id"],
                "Content-Length": ["999"],
                "Connection": ["keep-alive"],
            },
            "status": {"code": status, "message": "OK"},
        },
    }


def write(path: Path, interactions: list[dict[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump({"interactions": interactions, "version": 1}))
    return path


@pytest.fixture
def cassette(tmp_path: Path) -> Path:
    host = "https://metastudio.cn-north-4.myhuaweicloud.com"
    return write(
        tmp_path / "cassette.yaml",
        [
            interaction("GET", f"{host}{VIDEO}", '{"job_id": "recorded-job", "state": "WAITING"}'),
            interaction("GET", f"{host}{VIDEO}", '{"job_id": "recorded-job", "state": "SUCCEED"}'),
            interaction("GET", f"{host}{LIST}?state=SUCCEED%2CFAILED&limit=2", '{"count": 7}'),
            interaction("GET", f"{host}/v1/{PROJECT}/2d-digital-human-videos/bin", BINARY),
        ],
    )


@pytest.fixture
def replaying(tmp_path: Path, cassette: Path) -> Iterator[Any]:
    def start(only: bool) -> str:
        config = MockConfig(
            db_path=tmp_path / f"state-{only}.sqlite",
            credentials=CREDENTIALS,
            speed=1000.0,
            replay=cassette,
            replay_only=only,
        )
        server = start_thread_server(config)
        started.append(server)
        return server.base_url

    started: list[Any] = []
    yield start
    for server in started:
        server.stop()


def client(base_url: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, auth=TokenAuth(CREDENTIALS.token), timeout=10)


def test_recorded_requests_are_answered_in_order_then_the_last_again(replaying: Any) -> None:
    with client(replaying(False)) as c:
        states = [c.get(VIDEO).json()["state"] for _ in range(3)]
        answer = c.get(VIDEO)
    assert states == ["WAITING", "SUCCEED", "SUCCEED"]
    # the mock's own unique X-Request-Id, not the recorded one
    assert answer.headers.get_list("x-request-id") != ["recorded-request-id"]
    assert len(answer.headers.get_list("x-request-id")) == 1
    # the recorded Content-Length (999) is not replayed: it is the replayed body's
    assert answer.headers.get_list("content-length") == [str(len(answer.content))]


def test_matching_ignores_query_order_and_encoding_and_signing(replaying: Any) -> None:
    url = replaying(True)
    signed = httpx.Client(
        base_url=url, auth=AkSkAuth(CREDENTIALS.ak, CREDENTIALS.sk, PROJECT), timeout=10
    )
    with signed, client(url) as c:
        reordered = signed.get(f"{LIST}?limit=2&state=SUCCEED,FAILED")  # its own X-Sdk-Date
        binary = c.get(f"/v1/{PROJECT}/2d-digital-human-videos/bin")
        anonymous = httpx.get(url + VIDEO, timeout=10)
    assert reordered.status_code == 200 and reordered.json() == {"count": 7}
    assert binary.content == BINARY
    # authentication comes first: a recorded answer only for a request the mock accepts
    assert anonymous.status_code == 401


def test_the_rest_is_served_statefully_or_404_with_replay_only(replaying: Any) -> None:
    other = f"{LIST}?limit=3"
    with client(replaying(False)) as c:
        stateful = c.get(other)  # not recorded: the stateful mock's own (seeded) list
        control = c.get("/_mock/health")
    assert stateful.status_code == 200 and stateful.json()["count"] > 0
    assert control.status_code == 200
    with client(replaying(True)) as c:
        missing = c.get(other)
        control = c.get("/_mock/health")  # the control API is never replayed
    assert control.status_code == 200
    assert missing.status_code == 404
    body = missing.json()
    assert set(body) == {"error_code", "error_msg"}
    assert body["error_msg"] == (
        f"not recorded: GET {other} (--replay-only; cassette.yaml holds 4 exchanges)"
    )
    assert missing.headers["x-request-id"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- just a list\n", "not a vcrpy cassette (no `interactions` list)"),
        ("interactions: [{request: {uri: /x}}]\n", "interaction 1: request has no method and uri"),
        (
            "interactions: [{request: {method: GET, uri: /x}, response: {status: {}}}]\n",
            "interaction 1: response has no status code",
        ),
        ("interactions: [\n", "not YAML"),
    ],
)
def test_a_bad_cassette_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    with pytest.raises(ReplayError) as raised:
        Cassette(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert message in str(raised.value)


def test_the_command_line_refuses_a_bad_cassette_and_replay_only_alone(tmp_path: Path) -> None:
    base = [sys.executable, "-m", "generator", "mock", "--port", "0", "--db"]
    base.append(str(tmp_path / "s.sqlite"))
    missing = subprocess.run(
        [*base, "--replay", str(tmp_path / "none.yaml")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 1
    assert "cannot start" in missing.stderr and "none.yaml: cannot read the cassette" in (
        missing.stderr
    )
    alone = subprocess.run(
        [*base, "--replay-only"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert alone.returncode == 2 and "--replay-only needs --replay FILE" in alone.stderr
