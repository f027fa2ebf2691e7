"""Every fault kind over real sockets, met by the generated client and by the official SDK.

The generated client (metastudio_client.MetaStudio): a 429 with Retry-After is retried on
every method honouring the pause; a 503 is retried on GET and not on POST; a `reset` after the
command ran is not retried and the job shows the command ran once; a `slow_body` ends at the
call's deadline; broken answers end as typed errors, never hangs.

The official SDK meets the same faults; docs/faults.md ("How the official SDK reacts") is the
table this module measures, row by row.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from metastudio_client import MetaStudio
from metastudio_client.runtime.errors import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    RateLimitError,
)
from mockserver import REPO, MockServer

from generator.specmodel import default_model


@pytest.fixture
def server(mock_server: MockServer) -> Iterator[MockServer]:
    assert mock_server.control("DELETE", "/_mock/faults").status_code == 200
    yield mock_server
    mock_server.control("DELETE", "/_mock/faults")


def add(server: MockServer, **rule: Any) -> str:
    response = server.control("POST", "/_mock/faults", rule)
    assert response.status_code == 201, response.text
    rule_id: str = response.json()["id"]
    return rule_id


def counts(server: MockServer, rule_id: str) -> tuple[int, int]:
    """(seen, hits) of a rule."""
    rule = server.control("GET", f"/_mock/faults/{rule_id}").json()
    return rule["seen"], rule["hits"]


def client(server: MockServer, **settings: Any) -> MetaStudio:
    settings.setdefault("max_retries", 2)
    settings.setdefault("backoff_base", 0.01)
    settings.setdefault("backoff_cap", 0.05)
    return MetaStudio(
        endpoint=server.base_url,
        project_id=server.project_id,
        ak=server.ak,
        sk=server.sk,
        **settings,
    )


def command_step() -> tuple[str, str, str, str | None]:
    """(state, command, next state, log type) of an unguarded command transition."""
    api = default_model()
    life = api.lifecycles["TrainingJobState"]
    step = next(t for t in life.transitions if t.trigger in api.commands and not t.guard)
    return step.sources[0], step.trigger, step.to, step.log_type


def log_types(server: MockServer, job_id: str) -> list[str]:
    with server.client() as raw:
        job = raw.get(server.training_path(job_id)).json()
    return [log["log_type"] for log in job.get("operation_logs") or []]


# --------------------------------------------------------------------------- generated client


@pytest.mark.slow
def test_429_with_retry_after_is_retried_on_every_method(server: MockServer) -> None:
    state, command, _, log_type = command_step()
    job = server.create_training_job(state, hold=True)["job_id"]
    editable = default_model().operations["update_training_job"].allowed_states[0]
    other = server.create_training_job(editable, hold=True)["job_id"]
    calls: dict[str, tuple[str, Callable[[MetaStudio], Any]]] = {
        "GET": ("list_video_jobs", lambda ms: ms.list_video_jobs(limit=1)),
        "PUT": (
            "update_training_job",
            lambda ms: ms.update_training_job(other, body={"name": "n"}),
        ),
        "POST": (
            "execute_training_command",
            lambda ms: ms.execute_training_command(job, body={"command": command}),
        ),
    }
    with client(server) as ms:
        for method, (operation, call) in calls.items():
            rule = add(server, operation=operation, times=1, status=429, retry_after=1)
            started = time.monotonic()
            call(ms)
            assert time.monotonic() - started >= 1.0, method  # the pause was honoured
            assert counts(server, rule) == (2, 1), method
    if log_type is not None:
        assert log_types(server, job).count(log_type) == 1  # the retried command ran once


def test_503_is_retried_on_get_not_on_post(server: MockServer) -> None:
    state, command, _, _ = command_step()
    job = server.create_training_job(state, hold=True)["job_id"]
    with client(server) as ms:
        rule = add(server, operation="list_video_jobs", times=2, status=503)
        ms.list_video_jobs(limit=1)
        assert counts(server, rule) == (3, 2)
        rule = add(server, operation="execute_training_command", times=1, status=503)
        with pytest.raises(InternalServerError) as caught:
            ms.execute_training_command(job, body={"command": command})
        assert caught.value.status_code == 503
        assert counts(server, rule) == (1, 1)


def test_reset_after_the_command_ran_is_not_retried_and_it_ran_once(server: MockServer) -> None:
    state, command, target, log_type = command_step()
    job = server.create_training_job(state, hold=True)["job_id"]
    rule = add(
        server, operation="execute_training_command", job_id=job, connection="reset", phase="after"
    )
    with client(server) as ms:
        with pytest.raises(APIConnectionError):
            ms.execute_training_command(job, body={"command": command})
        assert counts(server, rule) == (1, 1)
        assert ms.show_training_job(job).state == target
    if log_type is not None:
        assert log_types(server, job).count(log_type) == 1


def test_slow_body_ends_at_the_calls_deadline(server: MockServer) -> None:
    add(server, operation="list_video_jobs", connection="slow_body", duration_ms=20_000)
    with client(server, max_retries=0) as ms:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            ms.list_video_jobs(limit=1, timeout=1.0)
        assert time.monotonic() - started < 4.0


@pytest.mark.parametrize(
    ("kind", "attempts"),
    # no head at all: a GET is retried; a head then a broken body: the answer had begun
    [("garbage_then_close", 2), ("empty", 2), ("truncated", 1), ("malformed_chunk", 1)],
)
def test_broken_answers_end_as_typed_errors(server: MockServer, kind: str, attempts: int) -> None:
    rule = add(server, operation="list_video_jobs", connection=kind)
    with client(server, max_retries=1) as ms:
        started = time.monotonic()
        with pytest.raises(APIConnectionError):
            ms.list_video_jobs(limit=1, timeout=10.0)
        assert time.monotonic() - started < 5.0
    assert counts(server, rule) == (attempts, attempts)


def test_gateway_throttling_is_a_rate_limit_error_from_the_gateway(server: MockServer) -> None:
    add(server, operation="show_video_job", status=429)
    video = str(default_model().examples.of("show_video_job", "job_id"))
    with client(server, max_retries=0) as ms, pytest.raises(RateLimitError) as caught:
        ms.show_video_job(video)
    assert caught.value.error_code == "APIG.0308"
    assert caught.value.from_gateway


# --------------------------------------------------------------------------- official SDK


def sdk_rows() -> list[tuple[str, dict[str, Any], str, int]]:
    """(call, rule, exception class name or `ok`, requests the mock saw) per table row."""
    text = (REPO / "docs" / "faults.md").read_text(encoding="utf-8")
    section = text.split("## How the official SDK reacts", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[1].startswith("`{"):
            rows.append(
                (cells[0], json.loads(cells[1].strip("`")), cells[2].strip("`"), int(cells[3]))
            )
    return rows


@pytest.mark.slow
def test_the_sdk_reacts_as_the_docs_table_says(
    server: MockServer, official_sdk: SimpleNamespace
) -> None:
    rows = sdk_rows()
    assert len(rows) >= 8
    ms = official_sdk.ms
    config = official_sdk.HttpConfig.get_default_config()
    config.timeout = (2, 2)
    credentials = official_sdk.BasicCredentials(server.ak, server.sk, server.project_id)
    sdk = (
        ms.MetaStudioClient.new_builder()
        .with_http_config(config)
        .with_credentials(credentials)
        .with_endpoints([server.base_url])
        .build()
    )
    state, command, _, _ = command_step()

    def send(call: str, job: str) -> Any:
        if call == "list":
            return sdk.list_digital_human_video(ms.ListDigitalHumanVideoRequest(limit=1))
        body = ms.Execute2dModelTrainingCommandByUserReq(command=command)
        request = ms.Execute2dModelTrainingCommandByUserRequest(job_id=job, body=body)
        return sdk.execute2d_model_training_command_by_user(request)

    measured = []
    for call, rule, _, _ in rows:
        server.control("DELETE", "/_mock/faults")
        job = server.create_training_job(state, hold=True)["job_id"]
        rule_id = add(server, **rule)
        try:
            send(call, job)
            outcome = "ok"
        except Exception as exc:  # the SDK's reaction is what is measured
            outcome = type(exc).__name__
        measured.append((call, rule, outcome, counts(server, rule_id)[0]))
    assert measured == rows
