"""Fault injection (generator/mock/faults.py) over real HTTP: Prism's `Prefer` and `__code`
forms, the gateway catalogue's answers, scheduled rules under /_mock/faults (times, after,
probability + seed, job_id, phase), their bounds, and the fault plan file."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from mockserver import CREDENTIALS, SPEC, MockServer
from mockutil import assert_conforms, assert_error, model

from generator.mock.app import create_app
from generator.mock.config import MockConfig
from generator.mock.faults import PlanError
from generator.mock.limits import MAX_FAULT_DELAY_MS, MAX_FAULT_RULES
from generator.specmodel import default_model

GATEWAY = default_model().gateway.by_status()


@pytest.fixture
def server(mock_server: MockServer) -> Iterator[MockServer]:
    """The session's mock with no fault rule before and after the test."""
    assert mock_server.control("DELETE", "/_mock/faults").status_code == 200
    yield mock_server
    mock_server.control("DELETE", "/_mock/faults")


def list_path(server: MockServer) -> str:
    return f"/v1/{server.project_id}/digital-human-videos"


def add(server: MockServer, **rule: Any) -> dict[str, Any]:
    response = server.control("POST", "/_mock/faults", rule)
    assert response.status_code == 201, response.text
    added: dict[str, Any] = response.json()
    return added


def rules(server: MockServer) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = server.control("GET", "/_mock/faults").json()["faults"]
    return listed


# --------------------------------------------------------------------------- Prefer


@pytest.mark.parametrize("form", ["header", "query"])
def test_prefer_gateway_status_answers_the_catalogue(server: MockServer, form: str) -> None:
    with server.client() as client:
        if form == "header":
            response = client.get(list_path(server), headers={"Prefer": "code=429"})
        else:
            response = client.get(list_path(server) + "?__code=429")
    assert response.status_code == 429
    body = response.json()
    assert body["error_code"] == GATEWAY[429].error_code == "APIG.0308"
    assert body["error_msg"] == GATEWAY[429].error_msg
    assert body["request_id"] == response.headers["x-request-id"]


def test_prefer_documented_status_answers_the_spec(server: MockServer) -> None:
    """A documented status is the spec's own answer (not the gateway's), with the example."""
    with server.client() as client:
        not_found = client.get(list_path(server), headers={"Prefer": "code=404"})
        page = client.get(list_path(server), headers={"Prefer": 'code=200, example="page"'})
        dynamic = client.get(list_path(server) + "?__dynamic=true&limit=5")
    assert_error(not_found, 404)
    assert_conforms(page, "list_video_jobs")
    op = model().operations["list_video_jobs"].data
    content = op["responses"]["200"]["content"]["application/json"]
    assert page.json() == content["examples"]["page"]["value"]
    assert_conforms(dynamic, "list_video_jobs")


def test_prefer_own_success_status_runs_the_operation(server: MockServer) -> None:
    """`code=200` alone is the operation's normal answer: the stateful mock's own list."""
    with server.client() as client:
        plain = client.get(list_path(server) + "?limit=3").json()
        preferred = client.get(list_path(server) + "?limit=3", headers={"Prefer": "code=200"})
    assert preferred.json() == plain


@pytest.mark.parametrize(
    ("prefer", "needles"),
    [
        ("code=418", ["header.Prefer", "418", "possible: 200, 400, 401", "429", "504"]),
        ("code=abc", ["header.Prefer", "three-digit"]),
        ("dynamic=maybe", ["header.Prefer", "true or false"]),
        ("code=200, example=nope", ["header.Prefer", "'nope'", "page"]),
        ("code=429, example=page", ["header.Prefer", "no examples"]),
    ],
)
def test_prefer_refusals_name_the_choice(
    server: MockServer, prefer: str, needles: list[str]
) -> None:
    with server.client() as client:
        response = client.get(list_path(server), headers={"Prefer": prefer})
    assert_error(response, 400, *needles)


def test_query_form_refusal_names_the_query_field(server: MockServer) -> None:
    with server.client() as client:
        response = client.get(list_path(server) + "?__code=299")
    assert_error(response, 400, "query.__code", "299")


def test_authentication_comes_before_prefer(server: MockServer) -> None:
    with server.client(auth=None) as client:
        for prefer in ("code=200", "code=429", "code=418"):
            response = client.get(list_path(server), headers={"Prefer": prefer})
            assert_error(response, 401)


# --------------------------------------------------------------------------- rules


def test_times_fails_n_calls_then_recovers(server: MockServer) -> None:
    rule = add(server, operation="list_video_jobs", times=2, status=503, retry_after=7)
    assert rule["id"] and rule["hits"] == 0
    with server.client() as client:
        answers = [client.get(list_path(server)) for _ in range(3)]
    assert [a.status_code for a in answers] == [503, 503, 200]
    assert answers[0].headers["retry-after"] == "7"
    assert answers[0].json()["error_code"] == model().error_examples[500]["error_code"]
    [listed] = rules(server)
    assert (listed["id"], listed["seen"], listed["hits"]) == (rule["id"], 3, 2)


def test_after_skips_then_fires(server: MockServer) -> None:
    add(server, operation="list_video_jobs", after=2, times=1, status=502)
    with server.client() as client:
        statuses = [client.get(list_path(server)).status_code for _ in range(4)]
    assert statuses == [200, 200, 502, 200]


def test_probability_with_seed_is_reproducible(server: MockServer) -> None:
    def run() -> list[int]:
        server.control("DELETE", "/_mock/faults")
        add(server, operation="list_video_jobs", probability=0.5, seed=42, status=504)
        with server.client() as client:
            return [client.get(list_path(server)).status_code for _ in range(12)]

    first, second = run(), run()
    assert first == second
    assert {200, 504} == set(first)  # 0.5 over 12 calls: both happen (fixed by the seed)


def test_a_rule_touches_only_its_own_requests(server: MockServer) -> None:
    mine = server.create_training_job("WAIT_USER_CONFIRM")["job_id"]
    other = server.create_training_job("WAIT_USER_CONFIRM")["job_id"]
    add(server, operation="show_training_job", job_id=mine, status=500)
    with server.client() as client:
        assert client.get(server.training_path(other)).status_code == 200
        assert client.get(list_path(server)).status_code == 200
        assert_error(client.get(server.training_path(mine)), 500)
    assert rules(server)[0]["seen"] == 1


def test_times_is_exact_under_concurrency(server: MockServer) -> None:
    add(server, operation="list_video_jobs", times=3, status=429)
    statuses: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        with server.client() as client:
            for _ in range(5):
                code = client.get(list_path(server) + "?limit=1").status_code
                with lock:
                    statuses.append(code)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(statuses) == 30
    assert statuses.count(429) == 3 and statuses.count(200) == 27
    assert rules(server)[0]["hits"] == 3


def _command_step() -> tuple[str, str, str]:
    """(state, command, next state) of an unguarded command transition of the training jobs."""
    api = default_model()
    life = api.lifecycles["TrainingJobState"]
    step = next(t for t in life.transitions if t.trigger in api.commands and not t.guard)
    return step.sources[0], step.trigger, step.to


def test_before_commits_nothing_and_after_commits(server: MockServer) -> None:
    state, command, target = _command_step()
    with server.client() as client:
        for phase, expected in (("before", state), ("after", target)):
            job = server.create_training_job(state, hold=True)["job_id"]
            add(server, operation="execute_training_command", job_id=job, status=500, phase=phase)
            answer = client.post(server.training_path(job, command=True), json={"command": command})
            assert_error(answer, 500)
            assert client.get(server.training_path(job)).json()["state"] == expected, phase


def test_delete_one_delete_all_and_reset(server: MockServer) -> None:
    first = add(server, operation="list_video_jobs", status=500)
    add(server, operation="show_video_job", status=500)
    assert server.control("DELETE", f"/_mock/faults/{first['id']}").json() == {"removed": 1}
    assert server.control("DELETE", f"/_mock/faults/{first['id']}").status_code == 404
    assert [r["operation"] for r in rules(server)] == ["show_video_job"]
    with server.client() as client:
        assert client.get(list_path(server)).status_code == 200
    assert server.control("DELETE", "/_mock/faults").json() == {"removed": 1}
    add(server, status=500)
    assert server.control("POST", "/_mock/reset").status_code == 200
    assert rules(server) == []
    with server.client() as client:
        assert client.get(list_path(server)).status_code == 200


@pytest.mark.parametrize(
    ("rule", "needles"),
    [
        ({"status": 418}, ["body.status", "418", "possible"]),
        ({"operation": "nope", "status": 500}, ["body.operation", "nope"]),
        ({"status": 500, "colour": "red"}, ["colour"]),
        ({"delay_ms": MAX_FAULT_DELAY_MS + 1}, ["body.delay_ms"]),
        (
            {"delay_ms": {"uniform": [1, 10**9]}},
            ["body.delay_ms.uniform[1]", str(MAX_FAULT_DELAY_MS)],
        ),
        ({"delay_ms": {"lognormal": {"median": 0, "sigma": 1}}}, ["body.delay_ms"]),
        ({"times": 0, "status": 500}, ["body.times"]),
        ({"probability": 1.5, "status": 500}, ["body.probability"]),
        ({"retry_after": 3}, ["body.retry_after", "status"]),
        ({"connection": "explode"}, ["body.connection"]),
        ({"connection": "slow_body", "phase": "before"}, ["body.phase", "status"]),
        ({"connection": "reset", "duration_ms": 5}, ["body.duration_ms"]),
        ({"times": 3}, ["status, delay_ms or connection"]),
        ({"job_id": "x" * 257, "status": 500}, ["body.job_id"]),
    ],
)
def test_rules_are_validated(server: MockServer, rule: dict[str, Any], needles: list[str]) -> None:
    assert_error(server.control("POST", "/_mock/faults", rule), 400, *needles)
    assert rules(server) == []


def test_rules_are_bounded(server: MockServer) -> None:
    rule = {"operation": "show_video_job", "job_id": "no-such-job", "status": 500}
    with httpx.Client(base_url=server.base_url, timeout=10.0) as client:
        for _ in range(MAX_FAULT_RULES):
            assert client.post("/_mock/faults", json=rule).status_code == 201
    refused = server.control("POST", "/_mock/faults", {"status": 500})
    assert_error(refused, 400, str(MAX_FAULT_RULES))
    assert len(rules(server)) == MAX_FAULT_RULES


# --------------------------------------------------------------------------- plan file


def test_plan_file_loads_at_start(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("- operation: list_video_jobs\n  times: 2\n  status: 503\n")
    config = MockConfig(
        db_path=tmp_path / "s.sqlite", credentials=CREDENTIALS, spec_path=SPEC, faults_path=plan
    )
    app = create_app(config)
    [rule] = app.state.mock.faults.describe()
    assert (rule["operation"], rule["times"], rule["status"]) == ("list_video_jobs", 2, 503)


@pytest.mark.parametrize(
    ("text", "line", "needles"),
    [
        (
            "faults:\n  - status: 503\n  - operation: list_video_jobs\n    phase: middle\n",
            4,
            ["faults[1].phase", "middle"],
        ),
        (
            "- status: 503\n- delay_ms:\n    uniform: [1, 99999999]\n",
            3,
            ["faults[1].delay_ms.uniform[1]"],
        ),
        ("- status: 418\n", 1, ["faults[0].status", "418"]),
        ("status: 503\n", 1, ["a list of rules"]),
        ("- [unclosed\n", 2, ["flow sequence"]),
    ],
)
def test_bad_plan_is_refused_with_file_line_and_field(
    tmp_path: Path, text: str, line: int, needles: list[str]
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(text)
    config = MockConfig(
        db_path=tmp_path / "s.sqlite", credentials=CREDENTIALS, spec_path=SPEC, faults_path=plan
    )
    with pytest.raises(PlanError) as caught:
        create_app(config)
    message = str(caught.value)
    assert message.startswith(f"{plan}:{line}:"), message
    for needle in needles:
        assert needle in message, (needle, message)


def test_bad_plan_stops_the_command_line(tmp_path: Path) -> None:
    from generator.mock.cli import main

    plan = tmp_path / "plan.yaml"
    plan.write_text("- status: 503\n  phase: later\n")
    code = main(["--port", "0", "--db", str(tmp_path / "s.sqlite"), "--faults", str(plan)])
    assert code == 1
