"""The installed `metastudio` console script as a shell runs it: bad input gives one line on
stderr and the AWS CLI's exit code; the exit codes are in the help; --debug logs attempts; an
interrupt exits 130; `--help` imports neither the client nor httpx."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from cliutil import METASTUDIO, environment, spawn_cli
from metastudio_cli.main import EXIT_CODES
from mockserver import EXAMPLE_TRAINING_JOB, MockServer


@pytest.fixture
def env(mock_server: MockServer, tmp_path: Path) -> dict[str, str]:
    return environment(mock_server, tmp_path)


def test_help_documents_every_exit_code(env: dict[str, str]) -> None:
    assert set(EXIT_CODES) == {0, 252, 253, 254, 255, 130}
    for argv in ([], ["video-jobs", "list"], ["training-jobs", "wait"]):
        result = spawn_cli(env, *argv, "--help")
        assert result.code == 0, result
        for code, meaning in EXIT_CODES.items():
            assert f"  {code:<4} {meaning}" in result.out, (argv, code)


def test_no_command_is_bad_usage(env: dict[str, str]) -> None:
    result = spawn_cli(env)
    assert result.code == 252 and "usage: metastudio" in result.err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (
            ["video-jobs", "list", "--state", "SUCCED"],
            "invalid choice 'SUCCED' (did you mean SUCCEED?)",
        ),
        (["video-jobs", "list", "--sort-dir", "up"], "argument --sort-dir: invalid choice 'up'"),
        (["video-jobs", "list", "--create-since", "yesterday"], "not an ISO 8601 date-time"),
        (["video-jobs", "list", "--max-items", "0"], "must be at least 1"),
        (["training-jobs", "command", "j1", "--body", "{bad"], "--body: the argument is not JSON"),
        (
            ["training-jobs", "command", "j1", "--body", "@/no/such/file.json"],
            "cannot read /no/such/file.json",
        ),
        (["training-jobs", "command", "j1", "--body", "[1]"], "must be a JSON object, not list"),
        (["training-jobs", "command", "j1"], "the request body needs command (--command)"),
        (
            ["training-jobs", "command", "j1", "--body", '{"command": "NOPE"}'],
            "--body: command: invalid choice 'NOPE'",
        ),
        (["training-jobs", "show"], "the following arguments are required: JOB_ID"),
        (["training-jobs", "fly", "j1"], "invalid choice: 'fly'"),
        (["video-jobs", "list", "--query", "jobs[0"], "--query: not a JMESPath expression"),
        (["video-jobs", "list", "--starting-token", "abc"], "--starting-token: not a token"),
    ],
)
def test_bad_input_is_one_line_and_252(env: dict[str, str], argv: list[str], needle: str) -> None:
    result = spawn_cli(env, *argv)
    assert result.code == 252, result
    assert needle in result.one_error_line()
    assert result.out == ""


def test_body_from_stdin(env: dict[str, str], mock_server: MockServer) -> None:
    result = spawn_cli(
        env,
        "training-jobs",
        "command",
        "j1",
        "--body",
        "-",
        "--dry-run",
        stdin='{"command": "CONFIRM_ACCEPT"}',
    )
    assert result.code == 0, result
    assert '"command": "CONFIRM_ACCEPT"' in result.out


def test_missing_credentials_are_253(env: dict[str, str]) -> None:
    del env["METASTUDIO_AUTH_TOKEN"]
    result = spawn_cli(env, "training-jobs", "show", EXAMPLE_TRAINING_JOB)
    assert result.code == 253, result
    line = result.one_error_line()
    assert line.startswith("metastudio: configuration: missing environment variables: ")
    assert "HUAWEICLOUD_SDK_AK" in line and "Credential sources tried" in line


def test_options_override_the_environment(env: dict[str, str], mock_server: MockServer) -> None:
    del env["METASTUDIO_ENDPOINT"], env["HUAWEICLOUD_SDK_PROJECT_ID"]
    result = spawn_cli(
        env,
        "training-jobs",
        "show",
        EXAMPLE_TRAINING_JOB,
        "--endpoint",
        mock_server.base_url,
        "--project-id",
        mock_server.project_id,
    )
    assert result.code == 0, result
    assert result.json()["job_id"] == EXAMPLE_TRAINING_JOB
    region = spawn_cli(
        env,
        "--region",
        "cn-north-4",
        "training-jobs",
        "show",
        "x",
        "--project-id",
        "p",
        "--dry-run",
    )
    assert (
        region.json()["url"]
        == "https://metastudio.cn-north-4.myhuaweicloud.com/v1/p/digital-human-training-manage/user/jobs/x"
    )


def test_a_job_that_does_not_exist_is_254_with_the_service_error(env: dict[str, str]) -> None:
    result = spawn_cli(env, "training-jobs", "show", "no-such-job")
    assert result.code == 254, result
    line = result.one_error_line()
    assert line.startswith("metastudio: 404 MSS.00000002 "), line
    assert "no-such-job" in line
    assert " (request id " in line and line.endswith(")")


def test_no_answer_is_255(env: dict[str, str]) -> None:
    env["METASTUDIO_ENDPOINT"] = "http://127.0.0.1:9"  # discard: nothing listens
    result = spawn_cli(env, "training-jobs", "show", "j1")
    assert result.code == 255, result
    assert result.one_error_line().startswith("metastudio: no answer from the service")


def test_debug_logs_each_attempt(env: dict[str, str]) -> None:
    quiet = spawn_cli(env, "training-jobs", "show", EXAMPLE_TRAINING_JOB)
    assert quiet.err == ""
    result = spawn_cli(env, "training-jobs", "show", EXAMPLE_TRAINING_JOB, "--debug")
    assert result.code == 0, result
    assert "metastudio_client DEBUG" in result.err
    assert "GET /v1/" in result.err and "200" in result.err


def test_interrupt_exits_130(env: dict[str, str], mock_server: MockServer) -> None:
    job = mock_server.create_training_job("TRAINING", hold=True)["job_id"]
    proc = subprocess.Popen(
        [str(METASTUDIO), "training-jobs", "wait", job, "--interval", "0.1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()  # the first state line: the wait is polling
        assert "TRAINING" in first
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert err.splitlines()[-1] == "metastudio: interrupted"


def test_help_imports_neither_the_client_nor_httpx() -> None:
    probe = (
        "import sys\n"
        "from metastudio_cli.main import build_parser, main\n"
        "build_parser().format_help()\n"
        "from metastudio_cli.complete import candidates\n"
        "candidates(['video-jobs', 'list', '--state', ''])\n"
        "heavy = ('httpx', 'metastudio_client', 'jmespath', 'yaml')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
