"""The mock MetaStudio server for tests, over real HTTP on 127.0.0.1: where a running mock is
(`MockServer`), how to start one in this process (`start_thread_server`) or as a subprocess
(`start_process`, `MockProcess`), and the constants every test shares (`REPO`, `SPEC`,
`CREDENTIALS`, the spec's example ids). The fixtures built on these are in tests/conftest.py.

Everything has a timeout: start-up waits at most `START_TIMEOUT` seconds.
"""

from __future__ import annotations

import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from generator.mock.app import create_app
from generator.mock.config import (
    Credentials,
    MockConfig,
)
from generator.mock.serve import ThreadServer, spawn
from generator.runtime.auth import AkSkAuth, TokenAuth
from generator.spec import SPEC_PATH
from generator.specmodel import default_model

REPO = Path(__file__).resolve().parents[2]
SPEC = SPEC_PATH
# The spec's example ids (its path parameters' examples; the mock seeds those jobs).
EXAMPLE_PROJECT = default_model().examples.project_id
EXAMPLE_TRAINING_JOB = str(default_model().examples.of("show_training_job", "job_id"))
EXAMPLE_VIDEO_JOB = str(default_model().examples.of("show_video_job", "job_id"))


def _updatable_state() -> str:
    model = default_model()
    for life in model.lifecycles.values():
        update = model.updater_of(life)
        if update is not None:
            return life.states_for(update)[0]
    raise LookupError("no x-lifecycle has an update operation")


# The first state the update (the PUT) is legal in, from x-lifecycle: where a test holds a job
# it means to update.
UPDATABLE_STATE = _updatable_state()
START_TIMEOUT = 20.0
CREDENTIALS = Credentials(
    ak="TESTAKEXAMPLE0000001",
    sk="test/secret+key=0123456789",
    project_id="0123456789abcdef0123456789abcdef",
    token="test-token-0123456789",
)


@dataclass
class MockServer:
    """Where a running mock is and how to talk to it."""

    base_url: str
    db_path: Path
    credentials: Credentials = CREDENTIALS

    @property
    def project_id(self) -> str:
        return self.credentials.project_id

    @property
    def ak(self) -> str:
        return self.credentials.ak

    @property
    def sk(self) -> str:
        return self.credentials.sk

    @property
    def token(self) -> str:
        return self.credentials.token

    def client(self, auth: str | None = "token", **kwargs: Any) -> httpx.Client:
        """An httpx client on base_url; auth "token" (X-Auth-Token), "aksk" (signed) or None."""
        chosen: httpx.Auth | None = None
        if auth == "token":
            chosen = TokenAuth(self.token)
        elif auth == "aksk":
            chosen = AkSkAuth(self.ak, self.sk, self.project_id)
        kwargs.setdefault("timeout", 10.0)
        return httpx.Client(base_url=self.base_url, auth=chosen, **kwargs)

    def control(self, method: str, path: str, json: Any = None) -> httpx.Response:
        """Call the unauthenticated control API, e.g. control("POST", "/_mock/clock/advance",
        {"seconds": 5}); `{project_id}` in `path` is filled in. A POST always sends JSON (the
        control API takes nothing else)."""
        if json is None and method == "POST":
            json = {}
        with httpx.Client(base_url=self.base_url, timeout=10.0) as client:
            return client.request(method, path.format(project_id=self.project_id), json=json)

    def training_path(self, job_id: str, command: bool = False) -> str:
        path = f"/v1/{self.project_id}/digital-human-training-manage/user/jobs/{job_id}"
        return path + "/command" if command else path

    def create_training_job(self, state: str, **extra: Any) -> dict[str, Any]:
        response = self.control(
            "POST", "/_mock/v1/{project_id}/training-jobs", {"state": state, **extra}
        )
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result


def start_thread_server(config: MockConfig) -> ThreadServer:
    """The mock for `config` on uvicorn in a thread of this process (`.base_url`, `.app`)."""
    return ThreadServer(create_app(config)).start()


@dataclass
class MockProcess(MockServer):
    proc: subprocess.Popen[str] | None = None
    output: list[str] = field(default_factory=list)

    def stop(self, timeout: float = 10.0) -> int:
        """SIGTERM (uvicorn's graceful shutdown) and wait; returns the exit status."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs at all."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)


def start_process(
    db_path: Path,
    speed: float = 1000.0,
    credentials: Credentials = CREDENTIALS,
    extra_args: tuple[str, ...] = (),
) -> MockProcess:
    """Start `python -m generator mock --port 0` and wait for its ready line."""
    args = ["--speed", repr(speed), "--spec", str(SPEC), *extra_args]
    proc, base_url, output = spawn(db_path, credentials, args, cwd=REPO)
    return MockProcess(base_url, db_path, credentials, proc, output)
