"""README.md stays a true front door: at most 200 lines; its client quick start runs, as
written, against a mock started the way `make mock` starts it (default credentials, which the
section states), and prints what its comments say; every `make` target it names exists; every
link of it and of docs/*.md leads to a file; every docs/*.md page is in its "Read more" list
(tests/mock/test_limits.py checks that docs/mock.md names every limit)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from mockserver import REPO, SPEC, start_thread_server
from quickstart import MAKE_MOCK_URL, README, exports, quick_start

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


DOCS = REPO / "docs"
MAX_README_LINES = 200


def test_readme_is_a_front_door() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_README_LINES, "move reference material to docs/*.md"
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    named = set(re.findall(r"`make ([a-z][\w-]*)", text))
    assert named and named <= targets, named - targets
    read_more = text.split("\n## Read more\n", 1)[1]
    listed = set(re.findall(r"\]\(docs/([\w-]+\.md)\)", read_more))
    pages = {p.name for p in DOCS.glob("*.md")}
    assert pages <= listed, f"add a line to README's Read more for {sorted(pages - listed)}"


@pytest.mark.parametrize(
    "page", [README, *sorted(DOCS.glob("*.md"))], ids=lambda p: p.relative_to(REPO).as_posix()
)
def test_every_link_leads_to_a_file(page: Path) -> None:
    text = re.sub(r"(?ms)^```.*?^```", "", page.read_text(encoding="utf-8"))
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = (page.parent / target.split("#", 1)[0]).resolve()
        assert path.exists(), f"{page.name}: link to {target}: no such file"
