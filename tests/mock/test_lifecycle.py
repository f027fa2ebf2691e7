"""The training-job lifecycle end to end over HTTP, driven by the spec's x-lifecycle."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import lifecycle_facts as facts
import pytest
from mockserver import CREDENTIALS, SPEC, MockServer, start_thread_server
from mockutil import assert_conforms, assert_error, model, poll

from generator.mock.config import MockConfig
from generator.mock.lifecycle import Lifecycle, LifecycleError
from generator.mock.validation import parse_rfc3339


def _command(
    client: httpx.Client, server: MockServer, job_id: str, command: str, **extra: Any
) -> httpx.Response:
    return client.post(
        server.training_path(job_id, command=True), json={"command": command, **extra}
    )


def _upload_failed_state() -> str:
    return facts.UPDATE_ALLOWED[0]


def test_update_upload_confirm_then_poll_to_the_end(mock_server: MockServer) -> None:
    job_id = mock_server.create_training_job(_upload_failed_state(), name="E2E")["job_id"]
    with mock_server.client("aksk") as client:
        response = client.put(
            mock_server.training_path(job_id),
            json={"name": "Renamed", "contact": "a@example.com", "video_multipart_count": 3},
        )
        assert_conforms(response, model().ops.update_training)
        urls = response.json()["training_video_upload_url"]
        assert len(urls) == 3
        assert all(u.startswith(mock_server.base_url + "/_mock/uploads/") for u in urls)

        job = client.get(mock_server.training_path(job_id)).json()
        assert job["state"] == facts.INITIAL
        assert job["name"] == "Renamed" and job["contact"] == "a@example.com"

        listed = _command(client, mock_server, job_id, "GET_MULTIPART_UPLOADED")
        assert listed.status_code == 200 and listed.json()["multipart_data"] == []

        early = _command(client, mock_server, job_id, "CONFIRM_MULTIPART_UPLOADED")
        assert_error(early, 400, facts.INITIAL, "CONFIRM_MULTIPART_UPLOADED", "0 of 3")

        parts = [f"part {n} ".encode() * 1000 for n in range(1, 4)]
        with httpx.Client(timeout=10) as raw:  # presigned-style URLs need no credentials
            for url, data in zip(urls, parts, strict=True):
                put = raw.put(url, content=data)
                assert put.status_code == 200, put.text
                assert put.headers["etag"] == f'"{hashlib.md5(data).hexdigest()}"'

        listed = _command(client, mock_server, job_id, "GET_MULTIPART_UPLOADED")
        assert_conforms(listed, "execute_training_command")
        assert listed.json()["multipart_data"] == [
            {"part_number": str(n), "etag": hashlib.md5(d).hexdigest()}
            for n, d in enumerate(parts, 1)
        ]

        confirmed = _command(client, mock_server, job_id, "CONFIRM_MULTIPART_UPLOADED")
        assert_conforms(confirmed, "execute_training_command")
        assert confirmed.json() == facts.COMMAND_OK

        end = facts.SYSTEM_CHAIN[-1].to
        done = poll(
            lambda: client.get(mock_server.training_path(job_id)),
            lambda r: r.json()["state"] == end,
        )
        assert_conforms(done, "show_training_job")
        logs = done.json()["operation_logs"]
        expected = [
            facts.CREATE_LOG_TYPE,
            facts.UPDATE.log_type,
            facts.CONFIRM_UPLOAD.log_type,
            *[step.log_type for step in facts.SYSTEM_CHAIN],
        ]
        assert [entry["log_type"] for entry in logs] == expected
        times = [parse_rfc3339(entry["operate_time"]) for entry in logs]
        assert all(t is not None for t in times)
        assert times == sorted(times)  # type: ignore[type-var]


def test_each_upload_url_takes_exactly_one_upload(mock_server: MockServer) -> None:
    job = mock_server.create_training_job(facts.INITIAL, video_multipart_count=1)
    url = job["training_video_upload_url"][0]
    with httpx.Client(timeout=10) as raw:
        assert raw.put(url, content=b"first").status_code == 200
        second = raw.put(url, content=b"second")
        assert second.status_code == 409
        assert "already used" in second.json()["error_msg"]
        info = raw.get(url).json()
        assert info["etag"] == hashlib.md5(b"first").hexdigest()
        assert (
            raw.put(mock_server.base_url + "/_mock/uploads/nope", content=b"x").status_code == 404
        )


def test_failed_review_then_second_update_supersedes_old_urls(mock_server: MockServer) -> None:
    failed = _upload_failed_state()
    job_id = mock_server.create_training_job(failed, hold=True)["job_id"]  # held: no system steps
    with mock_server.client() as client, httpx.Client(timeout=10) as raw:
        first = client.put(mock_server.training_path(job_id), json={}).json()
        assert len(first["training_video_upload_url"]) == 1  # the spec's default part count
        assert raw.put(first["training_video_upload_url"][0], content=b"video").status_code == 200
        assert _command(client, mock_server, job_id, "SUBMITVERIFYING").status_code == 200
        reviewing = client.get(mock_server.training_path(job_id)).json()["state"]
        step = facts.AUTO_REVIEW_FAILS
        assert reviewing == step.source and step.to == failed
        url = f"/_mock/v1/{{project_id}}/training-jobs/{job_id}/system-failure"
        assert mock_server.control("POST", url).json()["state"] == failed
        second = client.put(
            mock_server.training_path(job_id), json={"video_multipart_count": 2}
        ).json()
        old = raw.put(first["cover_upload_url"], content=b"cover")
        assert old.status_code == 403 and "superseded" in old.json()["error_msg"]
        assert raw.put(second["cover_upload_url"], content=b"cover").status_code == 200
        job = client.get(mock_server.training_path(job_id)).json()
    assert [e["log_type"] for e in job["operation_logs"]][-2:] == [
        step.log_type,
        facts.UPDATE.log_type,
    ]
    bad = mock_server.control("POST", url.replace(job_id, "nope"))
    assert_error(bad, 404, "nope")


def test_update_refused_outside_allowed_states_naming_the_state(mock_server: MockServer) -> None:
    allowed = set(facts.UPDATE_ALLOWED)
    for state in [facts.INITIAL, "MANUAL_VERIFYING", facts.A_FINAL_STATE]:
        assert state not in allowed
        job_id = mock_server.create_training_job(state, hold=True)["job_id"]
        with mock_server.client() as client:
            response = client.put(mock_server.training_path(job_id), json={"name": "x"})
        assert_error(response, 400, f"state {state}", model().ops.update_training, *allowed)


def test_command_refused_in_wrong_state_naming_state_and_command(mock_server: MockServer) -> None:
    job_id = mock_server.create_training_job(facts.INITIAL)["job_id"]
    with mock_server.client() as client:
        response = _command(client, mock_server, job_id, "CONFIRM_ACCEPT")
        assert_error(response, 400, facts.INITIAL, "CONFIRM_ACCEPT", *facts.CONFIRM_STATES)
        state = client.get(mock_server.training_path(job_id)).json()["state"]
        assert state == facts.INITIAL


def test_user_confirmation_commands_follow_the_lifecycle(mock_server: MockServer) -> None:
    confirm = facts.CONFIRM_PENDING
    start = confirm.source
    job_id = mock_server.create_training_job(start)["job_id"]
    with mock_server.client() as client:
        assert _command(client, mock_server, job_id, "CONFIRM_PENDING").status_code == 200
        assert client.get(mock_server.training_path(job_id)).json()["state"] == confirm.to
        assert _command(client, mock_server, job_id, "CONFIRM_ACTIVE").status_code == 200
        assert client.get(mock_server.training_path(job_id)).json()["state"] == start
        reject = facts.CONFIRM_REJECT
        response = _command(
            client,
            mock_server,
            job_id,
            "CONFIRM_REJECT",
            comment_data={"comment_title": "No", "comment_message": "Lips out of sync"},
        )
        assert response.status_code == 200, response.text
        job = client.get(mock_server.training_path(job_id))
        assert_conforms(job, "show_training_job")
        body = job.json()
        assert body["state"] == reject.to
        assert body["comment_logs"][-1]["comment_type"] == reject.comment_type
        assert body["comment_logs"][-1]["comment_message"] == "Lips out of sync"
        assert body["operation_logs"][-1]["log_type"] == reject.log_type
        assert body["operation_logs"][-1]["operate_user"] == reject.operate_user
        # a final state takes no more commands, not even a comment
        late = _command(
            client, mock_server, job_id, "CONFIRM_ANSWER", comment_data={"comment_message": "?"}
        )
        assert_error(late, 400, reject.to, "CONFIRM_ANSWER")


def test_confirm_answer_adds_a_comment_log_and_keeps_the_state(mock_server: MockServer) -> None:
    job_id = mock_server.create_training_job("MANUAL_VERIFYING", hold=True)["job_id"]
    with mock_server.client("aksk") as client:
        response = _command(
            client,
            mock_server,
            job_id,
            "CONFIRM_ANSWER",
            comment_data={
                "comment_title": "Q",
                "comment_message": "When?",
                "attachment_name": ["a.png"],
            },
        )
        assert_conforms(response, "execute_training_command")
        upload = response.json()["attachment_upload_url"]
        assert len(upload) == 1
        job = client.get(mock_server.training_path(job_id)).json()
    assert job["state"] == "MANUAL_VERIFYING"
    entry = job["comment_logs"][-1]
    assert entry["comment_type"] == facts.ANSWER_COMMENT_TYPE
    assert entry["comment_title"] == "Q" and entry["comment_message"] == "When?"
    assert parse_rfc3339(entry["operate_time"]) is not None
    with httpx.Client(timeout=10) as raw:
        assert raw.put(upload[0], content=b"png").status_code == 200


def test_seeded_example_job_is_the_page_example(mock_server: MockServer) -> None:
    example = dict(model().example_training_job)
    with mock_server.client() as client:
        response = client.get(mock_server.training_path(example["job_id"]))
    assert_conforms(response, "show_training_job")
    assert response.json() == {**example, "project_id": mock_server.project_id}


@pytest.fixture
def slow_server(tmp_path: Path) -> Iterator[MockServer]:
    """A private server at speed 1, whose clock only moves when the test says so."""
    config = MockConfig(
        db_path=tmp_path / "s.sqlite", credentials=CREDENTIALS, speed=1.0, spec_path=SPEC
    )
    server = start_thread_server(config)
    try:
        yield MockServer(server.base_url, config.db_path)
    finally:
        server.stop()


def test_clock_advance_drives_system_steps_deterministically(slow_server: MockServer) -> None:
    start = facts.CONFIRM_UPLOAD.to
    chain = [(step.to, step.log_type, step.after or 0.0) for step in facts.SYSTEM_CHAIN]
    job_id = slow_server.create_training_job(start)["job_id"]
    with slow_server.client() as client:
        assert client.get(slow_server.training_path(job_id)).json()["state"] == start
        first_after = chain[0][2]
        slow_server.control("POST", "/_mock/clock/advance", {"seconds": first_after + 0.5})
        assert client.get(slow_server.training_path(job_id)).json()["state"] == chain[0][0]
        total = sum(after for _, _, after in chain)
        slow_server.control("POST", "/_mock/clock/advance", {"seconds": total})
        job = client.get(slow_server.training_path(job_id)).json()
    assert job["state"] == chain[-1][0]
    logs = job["operation_logs"][1:]
    assert [e["log_type"] for e in logs] == [log for _, log, _ in chain]
    stamps = [parse_rfc3339(e["operate_time"]) for e in logs]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(stamps)]  # type: ignore[operator]
    # each step is stamped when it became due: gaps are the nominal `after`s (to the second)
    assert [round(g) for g in gaps] == [round(after) for _, _, after in chain[1:]]
    bad = slow_server.control("POST", "/_mock/clock/advance", {"seconds": -1})
    assert_error(bad, 400, "body.seconds")


def test_video_job_goes_waiting_processing_succeed(mock_server: MockServer) -> None:
    created = mock_server.control(
        "POST", "/_mock/v1/{project_id}/video-jobs", {"asset_name": "Lifecycle"}
    )
    assert created.status_code == 201, created.text
    job_id = created.json()["job_id"]
    end = facts.VIDEO_PATH[-1]
    with mock_server.client() as client:
        path = f"/v1/{mock_server.project_id}/2d-digital-human-videos/{job_id}"
        done = poll(lambda: client.get(path), lambda r: r.json()["state"] == end)
        assert_conforms(done, "show_video_job")
        body = done.json()
        assert body["start_time"] <= body["end_time"]
        assert body["output_asset_config"]["asset_name"] == "Lifecycle"


def test_control_api_validates_and_knows_one_project(mock_server: MockServer) -> None:
    bad_state = mock_server.control(
        "POST", "/_mock/v1/{project_id}/training-jobs", {"state": "NOPE"}
    )
    assert_error(bad_state, 400, "body.state")
    missing = mock_server.control("POST", "/_mock/v1/{project_id}/training-jobs", {})
    assert_error(missing, 400, "body.state")
    other = mock_server.control("POST", "/_mock/v1/other/training-jobs", {"state": "JOB_SUCCESS"})
    assert_error(other, 404, mock_server.project_id)
    health = mock_server.control("GET", "/_mock/health").json()
    assert health["project_id"] == mock_server.project_id


def test_control_api_bodies_are_bounded(mock_server: MockServer) -> None:
    with httpx.Client(base_url=mock_server.base_url, timeout=10) as client:
        big = b'{"state": "' + b"x" * (2 * 1024 * 1024) + b'"}'
        json = {"Content-Type": "application/json"}
        response = client.post(
            f"/_mock/v1/{mock_server.project_id}/training-jobs", content=big, headers=json
        )
        assert_error(response, 400, "too large")
        broken = client.post(
            f"/_mock/v1/{mock_server.project_id}/video-jobs", content=b"{", headers=json
        )
        assert_error(broken, 400, "not valid JSON")


def test_app_user_id_set_at_creation_is_carried_back(mock_server: MockServer) -> None:
    with httpx.Client(base_url=mock_server.base_url, timeout=10.0) as control:
        created = control.post(
            f"/_mock/v1/{mock_server.project_id}/training-jobs",
            json={"state": _upload_failed_state(), "hold": True},
            headers={"X-App-UserId": "third-party-user-7"},
        )
    assert created.status_code == 201, created.text
    plain = mock_server.create_training_job(_upload_failed_state(), hold=True)
    with mock_server.client() as client:
        carried = client.get(mock_server.training_path(created.json()["job_id"])).json()
        absent = client.get(mock_server.training_path(plain["job_id"])).json()
    assert carried["app_user_id"] == "third-party-user-7"
    assert "app_user_id" not in absent


# --- Edges of the mock's lifecycle engine that `make mutate` found untested: a negative `after`,
# a trigger defined twice (as two queries, or as a query and a transition), and which names
# count as triggers. On a small lifecycle written here, not the spec's.


def schema(**changes: Any) -> dict[str, Any]:
    life: dict[str, Any] = {
        "initial": "B",
        "final": ["D"],
        "transitions": [
            {"from": ["B"], "trigger": "system", "after": 2, "to": "C", "log_type": "BC"},
            {"from": ["B", "C"], "trigger": "MOVE", "to": "D"},
        ],
        "queries": [{"trigger": "ASK", "in": "any_non_final", "comment_type": "Q"}],
    }
    life.update(changes)
    return {"type": "string", "enum": ["B", "C", "D"], "x-lifecycle": life}


@pytest.mark.parametrize("after", [-1, -0.5, True, "2"])
def test_after_must_be_a_number_of_at_least_zero(after: object) -> None:
    steps = [{"from": ["B"], "trigger": "system", "after": after, "to": "C"}]
    with pytest.raises(LifecycleError, match="after must be a number >= 0"):
        Lifecycle.from_schema("S", schema(transitions=steps))


@pytest.mark.parametrize(
    "queries",
    [
        [{"trigger": "ASK", "in": ["B"]}, {"trigger": "ASK", "in": ["C"]}],  # two queries
        [{"trigger": "MOVE", "in": ["B"]}],  # a query named like a transition's trigger
    ],
)
def test_a_trigger_is_defined_once(queries: list[dict[str, Any]]) -> None:
    with pytest.raises(LifecycleError, match="is defined twice"):
        Lifecycle.from_schema("S", schema(queries=queries))


def test_which_names_are_triggers() -> None:
    life = Lifecycle.from_schema("S", schema())
    assert life.is_trigger("ASK") and life.is_trigger("MOVE") and life.is_trigger("system")
    for name in ("AAA", "ZZZ", "move", "B"):  # before and after every trigger, case, a state
        assert not life.is_trigger(name), name
