"""Every script in examples/ runs as a newcomer runs it: `python examples/<name>.py`, in its own
process, configured only by the environment variables of the README's quick start, against a
mock of its own (a fresh state file, so no script depends on another's leftovers).

A new example comes with its entry in EXPECTED: what it must print, so a script that runs but
no longer shows what it is there to show fails too.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from mockserver import CREDENTIALS, REPO, SPEC

from generator.mock.app import create_app
from generator.mock.config import MockConfig
from generator.mock.serve import ThreadServer
from generator.runtime._constants import (
    ENV_AK,
    ENV_CREDENTIALS_FILE,
    ENV_ENDPOINT,
    ENV_LOG,
    ENV_PROJECT_ID,
    ENV_REGION,
    ENV_SECURITY_TOKEN,
    ENV_SK,
    ENV_TOKEN,
)

pytestmark = pytest.mark.slow  # each example is its own Python process against a mock

EXAMPLES = REPO / "examples"
# The mock's clock runs this much faster than real time: the 33 nominal seconds of the
# training lifecycle take 3.3 s, slow enough for a waiter to see states move on a busy machine.
SPEED = 10.0
RUN_TIMEOUT = 60.0  # seconds for one script, start-up included


@dataclass(frozen=True)
class Expect:
    """Regular expressions that must match lines of stdout (in this order) and of stderr."""

    stdout: tuple[str, ...]
    stderr: tuple[str, ...] = ()


EXPECTED: dict[str, Expect] = {
    "handle_errors.py": Expect(
        stdout=(
            r"^404: MSS\.00000002 training job 0{32} not found \(request id \w+\)$",
            r"^400: job \w+ is in state MANUAL_VERIFYING; command CONFIRM_ACCEPT is allowed only",
            r"^401: Unauthorized: the credentials are not valid for project",
            r"^     sent as project f{32} \(from argument\) with AK \S+ \(from HUAWEICLOUD_SDK_AK",
            r"^404: caught as APIStatusError$",
            r"^not sent: state: 'DONE' is not a VideoJobState; the spec lists WAITING, ",
            r"^no answer: APIConnectionError$",
        )
    ),
    "list_video_jobs.py": Expect(
        stdout=(
            r"^\d+ jobs, the 5 newest:$",
            *[r"^  \d{4}-\d\d-\d\dT\S+ [A-Z]+ [A-Z_0-9]+ [-0-9a-f]{36}$"] * 5,
            r"^finished \(succeeded or failed\): [1-9]\d*$",
            r"^photo-based videos that succeeded: [1-9]\d*$",
            r"^waiting, all pages: [1-9]\d*$",
            r"^refused: sort_dir: 'descending' is not a SortDir; the spec lists asc, desc$",
        )
    ),
    "retry_on_fault.py": Expect(
        stdout=(
            r"^fault rule \S+: the next 2 list calls answer 503$",
            r"^listed \d+ of \d+ video jobs$",
            r"^the mock saw 3 list calls; 2 answered 503$",
        ),
        # the client's INFO line per retry: after the first and after the second 503
        stderr=(r"retrying GET \S+ after 503 .*\(attempt 2\)", r"after 503 .*\(attempt 3\)"),
    ),
    "training_job.py": Expect(
        stdout=(
            r"job \S+: AUTO_VERIFY_FAILED",
            r"upload URLs: 1",
            r"job \S+: JOB_SUCCESS",
        ),
        # the waiter's progress: one line per state change seen, ending in the final state
        stderr=(
            r"training job \S+: (?!JOB_SUCCESS)[A-Z_]+ \(",
            r"training job \S+: JOB_SUCCESS \(",
        ),
    ),
}


def _in_order(patterns: tuple[str, ...], text: str) -> list[str]:
    """The patterns that do not match a line after the previous pattern's line."""
    lines, at, unmatched = text.splitlines(), 0, []
    for pattern in patterns:
        for index in range(at, len(lines)):
            if re.search(pattern, lines[index]):
                at = index + 1
                break
        else:
            unmatched.append(pattern)
    return unmatched


def run_example(name: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`python examples/<name>` against a fresh mock, with the quick start's variables."""
    config = MockConfig(
        db_path=tmp_path / "state.sqlite", credentials=CREDENTIALS, speed=SPEED, spec_path=SPEC
    )
    server = ThreadServer(create_app(config)).start()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in (ENV_TOKEN, ENV_REGION, ENV_SECURITY_TOKEN, ENV_LOG)
    }
    env.update(
        {
            ENV_ENDPOINT: server.base_url,
            ENV_AK: CREDENTIALS.ak,
            ENV_SK: CREDENTIALS.sk,
            ENV_PROJECT_ID: CREDENTIALS.project_id,
            ENV_CREDENTIALS_FILE: str(tmp_path / "no-credentials-file"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    try:
        return subprocess.run(
            [sys.executable, str(EXAMPLES / name)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )
    finally:
        server.stop()


def test_every_example_states_what_it_prints() -> None:
    scripts = sorted(path.name for path in EXAMPLES.glob("*.py"))
    assert scripts, "examples/ has no scripts"
    assert scripts == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs_against_the_mock(name: str, tmp_path: Path) -> None:
    run = run_example(name, tmp_path)
    output = f"--- stdout\n{run.stdout}--- stderr\n{run.stderr}"
    assert run.returncode == 0, output
    assert "Traceback" not in run.stderr, output
    expect = EXPECTED[name]
    assert not _in_order(expect.stdout, run.stdout), output
    assert not _in_order(expect.stderr, run.stderr), output


def test_every_example_explains_how_to_run_it() -> None:
    for path in sorted(EXAMPLES.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith('"""'), f"{path.name}: starts with its docstring"
        assert f"examples/{path.name}" in text.split('"""')[1], f"{path.name}: says how to run it"


def test_examples_import_only_the_client_httpx_and_the_standard_library() -> None:
    allowed = {"metastudio_client", "httpx", "__future__"}
    for path in sorted(EXAMPLES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in allowed or top in sys.stdlib_module_names, f"{path.name}: {name}"
