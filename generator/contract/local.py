"""The mock, started by the contract suite itself: in-process (ASGI) or on 127.0.0.1 (uvicorn).

`make fuzz` without `--base-url` and the pytest contract tests use this; it is the only place
`generator.contract` touches `generator.mock`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from generator.mock.serve import ThreadServer

from .credentials import ContractCredentials

__all__ = ["AppSlot", "LocalMock", "mock_app", "mock_credentials"]


def mock_credentials() -> ContractCredentials:
    """The mock's documented default tenant (README, "Mock server")."""
    from generator.mock.config import Credentials

    c = Credentials()
    return ContractCredentials(
        project_id=c.project_id, ak=c.ak, sk=c.sk, token=c.token, source="local mock defaults"
    )


def mock_app(db_path: Path, credentials: ContractCredentials, speed: float = 1000.0) -> Any:
    """A fresh mock ASGI app on its own SQLite file, serving `credentials`' tenant."""
    from generator.mock.app import create_app
    from generator.mock.config import Credentials, MockConfig

    config = MockConfig(
        db_path=db_path,
        credentials=Credentials(
            ak=credentials.ak,
            sk=credentials.sk,
            project_id=credentials.project_id,
            token=credentials.token,
        ),
        speed=speed,
    )
    return create_app(config)


class AppSlot:
    """An ASGI app that forwards to whatever app is put in it later.

    A schemathesis schema (and every clone `@schema.parametrize()` makes of it) is built when a
    test module is imported, before any fixture can create a database; the slot lets the
    schema hold "the mock" and a fixture fill it in.
    """

    def __init__(self) -> None:
        self.target: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.target is None:
            raise RuntimeError("AppSlot is empty: no mock app has been put in it")
        await self.target(scope, receive, send)


class LocalMock:
    """The mock on uvicorn in a daemon thread, on a free loopback port; a context manager.

    The port is bound (and `base_url` known) as soon as the object exists; the app, its
    database and the server only come with `start()`. That lets a test module put the URL
    into a schemathesis schema at import time and start the server in a fixture.
    """

    def __init__(
        self,
        credentials: ContractCredentials | None = None,
        db_path: Path | None = None,
        speed: float = 1000.0,
    ) -> None:
        self.credentials = credentials or mock_credentials()
        self._db_path = db_path
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.speed = speed
        self.app: Any = None
        self._server = ThreadServer(log_level="error")
        self.base_url = self._server.base_url

    @property
    def db_path(self) -> Path:
        if self._db_path is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="metastudio-contract-")
            self._db_path = Path(self._tmp.name) / "state.sqlite"
        return self._db_path

    def start(self) -> LocalMock:
        self.app = mock_app(self.db_path, self.credentials, self.speed)
        try:
            self._server.start(self.app)
        except RuntimeError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        self._server.stop()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> LocalMock:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def control(self, method: str, path: str, json: Any = None) -> httpx.Response:
        """Call the mock's control API; `{project_id}` in `path` is filled in. A POST always
        sends JSON (the control API takes nothing else)."""
        if json is None and method == "POST":
            json = {}
        with httpx.Client(base_url=self.base_url, timeout=10.0) as client:
            return client.request(
                method, path.format(project_id=self.credentials.project_id), json=json
            )
