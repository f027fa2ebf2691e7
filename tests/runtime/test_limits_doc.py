"""docs/limits.md lists every numeric default of the client (`runtime/_constants.py`): a
limit added there without a row here fails."""

from __future__ import annotations

from pathlib import Path

from generator.runtime import _constants

REPO = Path(__file__).resolve().parents[2]


def test_the_limits_doc_lists_every_client_limit() -> None:
    text = (REPO / "docs" / "limits.md").read_text(encoding="utf-8")
    section = text.split("## Client", 1)[1].split("\n## ", 1)[0]
    numeric = [
        name
        for name, value in vars(_constants).items()
        if name.isupper() and isinstance(value, int | float) and not isinstance(value, bool)
    ]
    assert "DEFAULT_MAX_RESPONSE_BYTES" in numeric, numeric
    for name in numeric:
        assert f"| `{name}` |" in section, name
