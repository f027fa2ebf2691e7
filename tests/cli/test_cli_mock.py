"""Every `metastudio` command against the mock over real HTTP, its output checked in each
format against what the facade itself returns for the same call; pagination, waits, dry runs
and --query.

Run in this process (`run_cli`); the exit codes and streams of the real console script are in
test_cli_errors.py.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from cliutil import (
    METASTUDIO,
    Result,
    advance_past,
    clock_mock,
    environment,
    run_cli,
    system_chain,
    use_environment,
)
from metastudio_cli.commands import RESOURCES
from metastudio_client import MetaStudio
from metastudio_client.models import UpdateTrainingJobRequest, VideoJobState
from mockserver import EXAMPLE_TRAINING_JOB, EXAMPLE_VIDEO_JOB, MockServer

from generator.mock.validation import compile_schema
from generator.specmodel import default_model

FORMATS = ("json", "yaml", "table", "text")
LIFE = default_model().lifecycles["TrainingJobState"]
# An unguarded tenant command of the training lifecycle: (state it is legal in, command, to).
COMMAND = next(
    (t.sources[0], t.trigger, t.to)
    for t in LIFE.transitions
    if "TrainingCommand" in t.trigger_kind and t.guard is None
)
UPDATE_STATE = default_model().operation("update_training_job").allowed_states[0]
__all__ = ["clock_mock"]  # a fixture


@pytest.fixture
def env(
    mock_server: MockServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    chosen = environment(mock_server, tmp_path)
    use_environment(monkeypatch, chosen)
    yield chosen


@pytest.fixture
def facade(mock_server: MockServer, env: dict[str, str]) -> Iterator[MetaStudio]:
    with MetaStudio(
        endpoint=mock_server.base_url,
        project_id=mock_server.project_id,
        auth_token=mock_server.token,
    ) as client:
        yield client


def check_formats(capsys: pytest.CaptureFixture[str], expected: Any, *argv: str) -> None:
    """ARGV prints `expected` as JSON and YAML exactly; table and text show its scalars."""
    results: dict[str, Result] = {}
    for fmt in FORMATS:
        results[fmt] = run_cli(capsys, *argv, "--output", fmt)
        assert results[fmt].code == 0, (fmt, results[fmt])
        assert results[fmt].err == "", (fmt, results[fmt].err)
    assert json.loads(results["json"].out) == expected
    assert yaml.safe_load(results["yaml"].out) == expected
    scalars = [v for v in _leaves(expected) if isinstance(v, str) and v and len(v) < 40]
    assert scalars
    table, text = results["table"].out, results["text"].out
    assert table.splitlines()[0].startswith("+-") and "\n| " in table
    for value in scalars[:20]:
        assert value in table, (value, table)
        assert value in text.split("\t") or any(
            value in line.split("\t") for line in text.splitlines()
        ), (value, text)
    # default off a terminal: JSON
    assert run_cli(capsys, *argv).out == results["json"].out


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for child in value.values():
            yield from _leaves(child)
    elif isinstance(value, list):
        for child in value:
            yield from _leaves(child)
    else:
        yield value


def test_show_in_every_format(capsys: pytest.CaptureFixture[str], facade: MetaStudio) -> None:
    training = facade.show_training_job(EXAMPLE_TRAINING_JOB).to_dict()
    check_formats(capsys, training, "training-jobs", "show", EXAMPLE_TRAINING_JOB)
    video = facade.show_video_job(EXAMPLE_VIDEO_JOB, show_script=True).to_dict()
    check_formats(capsys, video, "video-jobs", "show", EXAMPLE_VIDEO_JOB, "--show-script")


def test_list_in_every_format_follows_every_page(
    capsys: pytest.CaptureFixture[str], facade: MetaStudio
) -> None:
    states = [VideoJobState("FAILED"), VideoJobState("SUCCEED")]
    everything = [job.to_dict() for job in facade.iter_video_jobs(state=states, page_size=100)]
    assert len(everything) > 3
    expected = {"count": len(everything), "jobs": everything}
    check_formats(
        capsys, expected, "video-jobs", "list", "--state", "FAILED,SUCCEED", "--page-size", "2"
    )
    repeated = run_cli(capsys, "video-jobs", "list", "--state", "FAILED", "--state", "SUCCEED")
    assert repeated.json() == expected


def test_max_items_cuts_and_the_token_goes_on(
    capsys: pytest.CaptureFixture[str], facade: MetaStudio
) -> None:
    everything = [job.to_dict()["job_id"] for job in facade.iter_video_jobs()]
    first = run_cli(capsys, "video-jobs", "list", "--max-items", "3", "--page-size", "2").json()
    assert [job["job_id"] for job in first["jobs"]] == everything[:3]
    assert first["next_token"] == "3" and first["count"] == len(everything)
    rest = run_cli(
        capsys, "video-jobs", "list", "--starting-token", first["next_token"], "--page-size", "7"
    ).json()
    assert [job["job_id"] for job in rest["jobs"]] == everything[3:]
    assert "next_token" not in rest
    exact = run_cli(capsys, "video-jobs", "list", "--max-items", str(len(everything))).json()
    assert len(exact["jobs"]) == len(everything) and "next_token" not in exact


def test_query_filters_before_formatting(
    capsys: pytest.CaptureFixture[str], facade: MetaStudio
) -> None:
    states = [str(job.state) for job in facade.iter_video_jobs()]
    result = run_cli(capsys, "video-jobs", "list", "--query", "jobs[].state", "--output", "text")
    assert result.out.split() == [s.split(".")[-1] if "." in s else s for s in states]
    one = run_cli(capsys, "training-jobs", "show", EXAMPLE_TRAINING_JOB, "--query", "state")
    assert one.json() == facade.show_training_job(EXAMPLE_TRAINING_JOB).to_dict()["state"]


def test_update_and_command_change_the_job(
    capsys: pytest.CaptureFixture[str], mock_server: MockServer, facade: MetaStudio, tmp_path: Path
) -> None:
    job = mock_server.create_training_job(UPDATE_STATE)["job_id"]
    body = tmp_path / "body.json"
    body.write_text(json.dumps({"name": "from a file", "video_multipart_count": 2}))
    result = run_cli(
        capsys, "training-jobs", "update", job, "--body", f"@{body}", "--name", "from the option"
    )
    assert result.code == 0, result
    answer = result.json()
    assert answer["job_id"] == job and len(answer["training_video_upload_url"]) == 2
    assert facade.show_training_job(job).name == "from the option"  # the option wins over --body

    source, command, target = COMMAND
    job = mock_server.create_training_job(source)["job_id"]
    result = run_cli(capsys, "training-jobs", "command", job, "--command", command)
    assert result.code == 0, result
    assert facade.show_training_job(job).state == target


def test_dry_run_sends_nothing_and_masks_secrets(
    capsys: pytest.CaptureFixture[str],
    mock_server: MockServer,
    facade: MetaStudio,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source, command, _ = COMMAND
    job = mock_server.create_training_job(source)["job_id"]
    result = run_cli(capsys, "training-jobs", "command", job, "--command", command, "--dry-run")
    assert result.code == 0, result
    request = result.json()
    assert request["method"] == "POST"
    assert request["url"] == f"{mock_server.base_url}{mock_server.training_path(job, command=True)}"
    assert request["body"] == {"command": command}
    assert request["headers"]["x-auth-token"] == "****"
    assert mock_server.token not in result.out
    assert facade.show_training_job(job).state == source  # nothing was sent

    monkeypatch.delenv("METASTUDIO_AUTH_TOKEN")
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", mock_server.ak)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", mock_server.sk)
    signed = run_cli(capsys, "video-jobs", "list", "--state", "FAILED,SUCCEED", "--dry-run")
    authorization = signed.json()["headers"]["authorization"]
    assert authorization.startswith("SDK-HMAC-SHA256 Access=" + mock_server.ak[:4] + "****,")
    assert authorization.endswith("Signature=****")
    assert mock_server.ak not in signed.out and mock_server.sk not in signed.out
    assert "state=FAILED%2CSUCCEED" in signed.json()["url"]  # one comma-joined value


@pytest.mark.usefixtures("env")
def test_skeleton_is_a_body_the_client_accepts(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "training-jobs", "update", "any-id", "--generate-skeleton")
    assert result.code == 0, result
    skeleton = result.json()
    request = UpdateTrainingJobRequest.from_dict(skeleton)
    assert set(skeleton) == set(request.to_dict())
    schema = default_model().doc.data["components"]["schemas"]["UpdateTrainingJobRequest"]
    assert set(skeleton) == set(schema["properties"])


def test_wait_prints_one_line_per_state_change_off_a_terminal(
    clock_mock: MockServer, tmp_path: Path
) -> None:
    """The console script polls every 0.02 s; the mock's clock moves the job on only after
    the line for its current state was printed, so every state must get its own line."""
    chain = system_chain(LIFE, "TRAINING")
    job = clock_mock.create_training_job(chain[0][0])["job_id"]
    proc = subprocess.Popen(
        [str(METASTUDIO), "training-jobs", "wait", job, "--interval", "0.02", "--timeout", "60"],
        env=environment(clock_mock, tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        lines = []
        for state, after in chain:
            lines.append(proc.stderr.readline())
            assert lines[-1].split(": ", 1)[1].startswith(f"{state} (after "), lines
            if after:
                advance_past(clock_mock, after)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert err == ""  # nothing more: one line per state change, not per poll
    assert json.loads(out)["state"] == chain[-1][0]
    assert chain[-1][0] in LIFE.final and chain[-1][0] not in LIFE.failed
    assert all(
        re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ training job \w+: \w+ \(after \d+s\)\n", line
        )
        for line in lines
    ), lines


@pytest.mark.parametrize("resource", ["training-jobs", "video-jobs"])
@pytest.mark.usefixtures("env")
def test_wait_fails_fast_on_a_failed_final_state(
    capsys: pytest.CaptureFixture[str], mock_server: MockServer, resource: str
) -> None:
    enum = "TrainingJobState" if resource == "training-jobs" else "VideoJobState"
    life = default_model().lifecycles[enum]
    failed = next(s for s in life.final if s in life.failed)
    if resource == "training-jobs":
        job = mock_server.create_training_job(failed)["job_id"]
    else:
        created = mock_server.control(
            "POST", "/_mock/v1/{project_id}/video-jobs", {"state": failed}
        )
        job = created.json()["job_id"]
    result = run_cli(capsys, resource, "wait", job, "--interval", "5", "--timeout", "600")
    assert result.code == 255
    assert result.json()["state"] == failed
    assert (
        result.err.splitlines()[-1]
        == f"metastudio: {resource[:-5]} job {job} is {failed}, a failed final state"
    )


@pytest.mark.usefixtures("env")
def test_wait_timeout_names_the_current_state(
    capsys: pytest.CaptureFixture[str], mock_server: MockServer
) -> None:
    job = mock_server.create_training_job("TRAINING", hold=True)["job_id"]
    result = run_cli(capsys, "training-jobs", "wait", job, "--interval", "0.05", "--timeout", "0.3")
    assert result.code == 255
    assert result.out == ""
    assert (
        result.err.splitlines()[-1]
        == f"metastudio: timed out after 0s: training job {job} is still TRAINING"
    )


def _prepared(server: MockServer, resource: str, action: str) -> list[str]:
    """Arguments running `resource action` on a fresh job it succeeds on."""
    if resource == "training-jobs":
        if action == "update":
            return [server.create_training_job(UPDATE_STATE)["job_id"], "--name", "n"]
        if action == "command":
            source, command, _ = COMMAND
            return [server.create_training_job(source)["job_id"], "--command", command]
        final = next(s for s in LIFE.final if s not in LIFE.failed)
        return [server.create_training_job(final, hold=True)["job_id"]]
    life = default_model().lifecycles["VideoJobState"]
    final = next(s for s in life.final if s not in life.failed)
    created = server.control("POST", "/_mock/v1/{project_id}/video-jobs", {"state": final})
    return [] if action == "list" else [created.json()["job_id"]]


def _success_validator(operation_id: str) -> Any:
    model = default_model()
    response, _ = model.doc.deref(model.operation(operation_id).data["responses"]["200"])
    return compile_schema(model.doc, response["content"]["application/json"]["schema"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_action_answers_in_every_format(
    capsys: pytest.CaptureFixture[str], mock_server: MockServer, env: dict[str, str], fmt: str
) -> None:
    """Each action of the table on a fresh job: JSON and YAML are the documented 200 body (the
    list's: every page in one), table and text show it (show and list are compared value by
    value with the facade in the tests above)."""
    ran = set()
    for resource, facts in RESOURCES.items():
        for action, spec in facts["actions"].items():
            argv = _prepared(mock_server, resource, action)
            extra = ["--interval", "0.01"] if action == "wait" else []
            result = run_cli(capsys, resource, action, *argv, *extra, "--output", fmt)
            assert result.code == 0, (resource, action, result)
            job_id = argv[0] if argv else None
            if fmt in ("json", "yaml"):
                data = json.loads(result.out) if fmt == "json" else yaml.safe_load(result.out)
                errors = list(_success_validator(spec["operation"]).iter_errors(data))
                assert not errors, (resource, action, [e.message for e in errors[:3]])
                if "job_id" in data:
                    assert data["job_id"] == job_id
            elif fmt == "table":
                assert result.out.startswith("+-") and "\n| " in result.out, result.out
            else:
                assert result.out.strip() and not result.out.startswith(("+", "{")), result.out
            if job_id is not None and action in ("show", "wait"):
                assert job_id in result.out
            ran.add((resource, action))
    assert ran == {(r, a) for r, facts in RESOURCES.items() for a in facts["actions"]}


def test_text_the_service_chose_cannot_drive_the_terminal(
    capsys: pytest.CaptureFixture[str], mock_server: MockServer, env: dict[str, str]
) -> None:
    hostile = "evil\x1b[2J\x1b]0;owned\x07\rname"
    job = mock_server.create_training_job("JOB_SUCCESS", name=hostile, hold=True)["job_id"]
    for fmt in FORMATS:
        result = run_cli(capsys, "training-jobs", "show", job, "--output", fmt)
        assert result.code == 0, result
        assert "\x1b" not in result.out and "\x07" not in result.out and "\r" not in result.out
    table = run_cli(capsys, "training-jobs", "show", job, "--output", "table").out
    assert "evil\\x1b[2J\\x1b]0;owned\\x07\\rname" in table
    assert json.loads(run_cli(capsys, "training-jobs", "show", job).out)["name"] == hostile


def test_sts_credentials_and_the_credentials_file(
    capsys: pytest.CaptureFixture[str],
    mock_server: MockServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_environment(monkeypatch, {"HOME": str(tmp_path)})
    profile = tmp_path / "credentials"
    lines = ["[basic]", f"ak = {mock_server.ak}", f"sk = {mock_server.sk}"]
    profile.write_text("\n".join([*lines, f"project_id = {mock_server.project_id}", ""]))
    monkeypatch.setenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", str(profile))
    args = ("training-jobs", "show", EXAMPLE_TRAINING_JOB, "--endpoint", mock_server.base_url)
    result = run_cli(capsys, *args)
    assert result.code == 0, result
    assert result.json()["job_id"] == EXAMPLE_TRAINING_JOB

    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", mock_server.ak)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", mock_server.sk)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SECURITY_TOKEN", "sts-token-secret-0123")
    dry = run_cli(capsys, *args, "--dry-run", "--project-id", mock_server.project_id)
    assert dry.code == 0, dry
    headers = dry.json()["headers"]
    assert headers["x-security-token"] == "****"
    assert "x-security-token" in headers["authorization"]  # signed, as the SDK signs it
    assert "sts-token-secret-0123" not in dry.out
