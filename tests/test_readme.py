"""README.md stays true: its "Client quick start" runs, as written, against a mock started
the way `make mock` starts it (default credentials, which the section states), and prints what
its comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from mockserver import SPEC, start_thread_server
from quickstart import MAKE_MOCK_URL, exports, quick_start

from generator.mock.config import (
    DEFAULT_AK,
    DEFAULT_PROJECT_ID,
    DEFAULT_SK,
    DEFAULT_TOKEN,
    Credentials,
    MockConfig,
)


def test_quick_start_is_short_and_states_the_mock_defaults() -> None:
    section, sh, python = quick_start()
    lines = [line for line in (sh + python).splitlines() if line.strip()]
    assert len(lines) <= 10, lines
    assert exports(sh) == {
        "METASTUDIO_ENDPOINT": MAKE_MOCK_URL,
        "HUAWEICLOUD_SDK_PROJECT_ID": DEFAULT_PROJECT_ID,
        "HUAWEICLOUD_SDK_AK": DEFAULT_AK,
        "HUAWEICLOUD_SDK_SK": DEFAULT_SK,
    }
    for value in (DEFAULT_AK, DEFAULT_SK, DEFAULT_PROJECT_ID, DEFAULT_TOKEN):
        assert f"`{value}`" in section  # the defaults the mock prints, stated in the text


def test_quick_start_runs_against_the_mock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, sh, python = quick_start()
    server = start_thread_server(
        MockConfig(
            db_path=tmp_path / "state.sqlite",
            credentials=Credentials(),  # the defaults, as `make mock` without variables
            speed=1000.0,
            spec_path=SPEC,
        )
    )
    try:
        for name, value in exports(sh).items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("METASTUDIO_ENDPOINT", server.base_url)  # a free port, not 8000
        monkeypatch.delenv("METASTUDIO_AUTH_TOKEN", raising=False)  # it would win over AK/SK
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(python, "README.md (Client quick start)", "exec"), {})
    finally:
        server.stop()
    printed = out.getvalue().splitlines()
    promised = [
        line.split("#", 1)[1].strip()
        for line in python.splitlines()
        if line.strip().startswith("print(") and "#" in line
    ]
    assert len(promised) == 2
    assert printed[0] == promised[0]  # Test Name MANUAL_VERIFYING
    assert printed[-1] == promised[-1]  # SUCCESS
    listed = printed[1:-1]
    assert len(listed) >= 2
    assert all(re.fullmatch(r"\S+ \d{4}-\d\d-\d\dT\S+", line) for line in listed), listed
