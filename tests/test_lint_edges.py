"""House lint rules at edges `make mutate` found untested, end to end like tests/test_lint.py
(whose helpers these are): a $ref with a sibling is not described by its target, and
errata.yaml may map ids to entries."""

from __future__ import annotations

from pathlib import Path

from test_lint import at, damage, lint_damaged, run_lint


def test_a_ref_with_siblings_needs_its_own_description(tmp_path: Path) -> None:
    text, result = lint_damaged(
        tmp_path,
        ("          $ref: '#/components/schemas/Resolution'\n        priority:",
         "          $ref: '#/components/schemas/Resolution'\n          readOnly: true\n"
         "        priority:"),
    )  # fmt: skip
    line = at(text, "resolution:", after="JobRequest:")
    rules = {rule for _, at_line, rule in result.problems if at_line == line}
    assert "field-descriptions" in rules, result.stdout


def test_errata_may_map_ids_to_entries(tmp_path: Path) -> None:
    damage(
        tmp_path,
        errata_edits=(("errata:\n  - id: E01\n    pointer:", "errata:\n  E01:\n    pointer:"),),
    )
    result = run_lint(tmp_path, "spec.yaml")
    assert result.rc == 0, result.stdout
