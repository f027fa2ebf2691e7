"""Shared fixtures: the mock MetaStudio server over real HTTP on 127.0.0.1 (built from
tests/support/mockserver.py, which also holds the shared constants: `from mockserver import
SPEC, CREDENTIALS, MockServer, start_thread_server`).

Fixtures (reuse them; every server here uses `mockserver.CREDENTIALS`):

- `mock_server` (session scope): the mock in this process, on uvicorn (uvloop + httptools, as
  shipped) in a background thread, on a free loopback port, with a temporary SQLite file and
  speed 1000 (a 10 s lifecycle step takes 10 ms). Yields a `MockServer`: `base_url`,
  `project_id`, `ak`, `sk`, `token`, `db_path`, plus `client(auth="token"|"aksk"|None)`
  returning an `httpx.Client` with that authentication and `control(method, path, json)` for
  the `/_mock/` control API. Shared by many tests: create your own jobs through the control
  API rather than changing the seeded ones, and do not call `/_mock/reset`.
- `mock_factory` (function scope): `mock_factory(db_path, speed=1000.0)` starts the mock as
  a subprocess (`python -m generator mock --port 0`, credentials passed through the SDK's
  environment variables) and returns a `MockProcess` (a `MockServer` with `stop()` for a
  graceful SIGTERM and `kill()` for SIGKILL). Every process still running at teardown is
  killed.
- `official_sdk` (session scope): the official SDK's modules, imported with HOME in a
  temporary folder.

Layout (see ARCHITECTURE.md): tests/<part>/ holds the tests of generator/<part>/, tests/client/
those of the generated client, tests/spec/ the spec against its sources, tests/support/ the
helpers (importable by bare name). Markers: `slow` (over ~5 s), `browser` (drives Chromium);
`make test-fast` leaves both out.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mockserver import (
    CREDENTIALS,
    SPEC,
    MockProcess,
    MockServer,
    start_process,
    start_thread_server,
)

from generator.mock.config import MockConfig


@pytest.fixture(scope="session")
def mock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServer]:
    db = tmp_path_factory.mktemp("mock") / "state.sqlite"
    config = MockConfig(db_path=db, credentials=CREDENTIALS, speed=1000.0, spec_path=SPEC)
    server = start_thread_server(config)
    try:
        yield MockServer(server.base_url, db)
    finally:
        server.stop()


@pytest.fixture
def mock_factory() -> Iterator[Callable[..., MockProcess]]:
    started: list[MockProcess] = []

    def factory(db_path: Path, speed: float = 1000.0, **kwargs: Any) -> MockProcess:
        process = start_process(db_path, speed, **kwargs)
        started.append(process)
        return process

    yield factory
    for process in started:
        process.kill()


@pytest.fixture(scope="session")
def official_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """The official SDK, imported once per session with HOME in a temporary folder.

    Importing huaweicloudsdkcore writes `$HOME/.huaweicloud/application_id`; every test that
    needs the SDK takes it from here so that write always lands in `home`, never in the
    user's real HOME, whichever test module runs first.
    """
    assert "huaweicloudsdkcore" not in sys.modules, "import the SDK only through this fixture"
    home = tmp_path_factory.mktemp("sdk-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(home))
        credentials = importlib.import_module("huaweicloudsdkcore.auth.credentials")
        http_config = importlib.import_module("huaweicloudsdkcore.http.http_config")
        exceptions = importlib.import_module("huaweicloudsdkcore.exceptions.exceptions")
        signer = importlib.import_module("huaweicloudsdkcore.signer.signer")
        sdk_request = importlib.import_module("huaweicloudsdkcore.sdk_request")
        metastudio = importlib.import_module("huaweicloudsdkmetastudio.v1")
        yield SimpleNamespace(
            BasicCredentials=credentials.BasicCredentials,
            HttpConfig=http_config.HttpConfig,
            ClientRequestException=exceptions.ClientRequestException,
            Signer=signer.Signer,
            SdkRequest=sdk_request.SdkRequest,
            ms=metastudio,
            home=Path(home),
        )


_SLOW_MODULE = "\npytestmark = pytest.mark.slow"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """A run that leaves `slow` out (`make test-fast`) does not import a module marked slow
    as a whole: importing one (schemathesis schemas, SDK walks) costs seconds of collection,
    and its tests would all be deselected anyway."""
    if collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    if "not slow" not in (config.getoption("markexpr") or ""):
        return None
    return _SLOW_MODULE in collection_path.read_text(encoding="utf-8") or None
