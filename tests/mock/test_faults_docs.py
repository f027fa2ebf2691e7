"""docs/faults.md lists the gateway catalogue (`x-gateway-errors`) exactly, row for row."""

from __future__ import annotations

from mockserver import REPO

from generator.specmodel import default_model


def test_the_docs_table_is_the_catalogue() -> None:
    text = (REPO / "docs" / "faults.md").read_text(encoding="utf-8")
    section = text.split("## The API gateway's answers", 1)[1]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| ") and line[2:3].isdigit()
    ]
    expected = [
        [str(a.status), a.error_code, a.error_msg, a.client_error]
        for a in default_model().gateway.answers
    ]
    assert rows == expected
