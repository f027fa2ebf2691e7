"""The README's "Client quick start", read as its blocks: the tests run it as written (against
the mock here, from built wheels in tests/release/test_dist.py)."""

from __future__ import annotations

import re
import shlex

from mockserver import REPO

README = REPO / "README.md"
MAKE_MOCK_URL = "http://127.0.0.1:8000"  # `make mock` (Makefile: PORT ?= 8000)


def quick_start() -> tuple[str, str, str]:
    """(section text, sh block, python block) of the README's "Client quick start"."""
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Client quick start\n(.*?)(?=^## )", text, re.M | re.S)
    assert match, "README.md has no '## Client quick start' section"
    section = match.group(1)
    blocks = dict(re.findall(r"^```(sh|python)\n(.*?)^```", section, re.M | re.S))
    assert set(blocks) == {"sh", "python"}, blocks.keys()
    return section, blocks["sh"], blocks["python"]


def exports(sh: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in sh.splitlines():
        words = shlex.split(line)
        assert words and words[0] == "export", line
        for word in words[1:]:
            name, _, value = word.partition("=")
            found[name] = value
    return found
