"""Running `metastudio` in tests: in this process (`run_cli`, fast, for output checks) or as
the installed console script in a child process (`spawn_cli`, for exit codes and streams as a
shell sees them). Both configure the client the user's way: environment variables only, HOME
in a temporary folder so no real credentials file is read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from metastudio_cli.main import main
from mockserver import CREDENTIALS, SPEC, MockServer, start_thread_server

from generator.mock.config import MockConfig

METASTUDIO = Path(sys.executable).with_name("metastudio")
# The variables the client reads; each test sets its own (and clears the others).
CLIENT_VARIABLES = (
    "METASTUDIO_ENDPOINT",
    "METASTUDIO_REGION",
    "METASTUDIO_AUTH_TOKEN",
    "METASTUDIO_LOG",
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def one_error_line(self) -> str:
        """stderr is exactly one line, starting with `metastudio`; returns it."""
        lines = self.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("metastudio"), self.err
        return lines[0]


def environment(server: MockServer, home: Path, auth: str = "token") -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in CLIENT_VARIABLES}
    env.update(HOME=str(home), METASTUDIO_ENDPOINT=server.base_url)
    env["HUAWEICLOUD_SDK_PROJECT_ID"] = server.project_id
    if auth == "token":
        env["METASTUDIO_AUTH_TOKEN"] = server.token
    elif auth == "aksk":
        env.update(HUAWEICLOUD_SDK_AK=server.ak, HUAWEICLOUD_SDK_SK=server.sk)
    return env


def use_environment(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for name in CLIENT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        if name in CLIENT_VARIABLES or name == "HOME":
            monkeypatch.setenv(name, value)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Result:
    """`metastudio ARGV` in this process (the environment as the test set it)."""
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def spawn_cli(
    env: dict[str, str], *argv: str, stdin: str | None = None, timeout: float = 60
) -> Result:
    """The installed console script in a child process."""
    assert METASTUDIO.is_file(), f"{METASTUDIO} missing: run make .venv/.installed"
    done = subprocess.run(
        [str(METASTUDIO), *argv],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is not installed: run `make terminal`"
    return found


# Speed of `clock_mock`: a lifecycle step of N nominal seconds takes 20 N real seconds, so a
# job moves only when a test advances the mock's clock (`advance_past`), never by itself while
# a command starts or polls.
CLOCK_SPEED = 0.05


@pytest.fixture(scope="module")
def clock_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServer]:
    """The mock in a thread of this process at CLOCK_SPEED (conftest's runs at 1000)."""
    db = tmp_path_factory.mktemp("clock-mock") / "state.sqlite"
    config = MockConfig(db_path=db, credentials=CREDENTIALS, speed=CLOCK_SPEED, spec_path=SPEC)
    server = start_thread_server(config)
    try:
        yield MockServer(server.base_url, db)
    finally:
        server.stop()


def advance_past(server: MockServer, nominal: float) -> None:
    """Move `server`'s clock just past a step of `nominal` seconds at CLOCK_SPEED."""
    response = server.control(
        "POST", "/_mock/clock/advance", {"seconds": nominal / CLOCK_SPEED + 1}
    )
    assert response.status_code == 200, response.text


def system_chain(life: Any, start: str) -> list[tuple[str, float]]:
    """(state, nominal seconds until the next system step) from `start` to where none leaves."""
    chain: list[tuple[str, float]] = []
    state = start
    while (step := life.system_step(state)) is not None and len(chain) <= len(life.states):
        chain.append((state, float(step.after or 0)))
        state = step.to
    return [*chain, (state, 0.0)]
