"""House lint rules at edges `make mutate` found untested, end to end like tests/test_lint.py
(whose helpers these are): a $ref with a sibling is not described by its target, and
errata.yaml may map ids to entries; and single rules called directly on a tiny spec."""

from __future__ import annotations

from pathlib import Path

from test_lint import at, damage, lint_damaged, run_lint

from generator.lint.rules import RULES, Context
from generator.lint.walk import Walk
from generator.spec import SpecDoc


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


TINY = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Level:
      type: integer
      enum: [1, 2, 3]
      x-enum-varnames: [LOW, HIGH]
      x-enum-descriptions: [low, middle, high, extra]
    Quality:
      type: string
      enum: [HD, 4K]
    Holder:
      type: object
      properties:
        level: {$ref: '#/components/schemas/Level', $comment: a sibling that sorts before}
"""


def findings(tmp_path: Path, rule_id: str, errata: str | None = None) -> list[tuple[str, str]]:
    """One rule over TINY (and `errata`), called directly (no Node tools, no subprocess)."""
    (tmp_path / "spec.yaml").write_text(TINY, encoding="utf-8")
    if errata is not None:
        (tmp_path / "errata.yaml").write_text(errata, encoding="utf-8")
    doc = SpecDoc(tmp_path / "spec.yaml")
    found = RULES[rule_id](Context(doc, Walk.of(doc.data)))
    return [(f.pointer, f.message) for f in found if f.in_errata == (errata is not None)]


def test_fewer_varnames_than_values_are_reported(tmp_path: Path) -> None:
    assert findings(tmp_path, "enum-varnames") == [
        (
            "/components/schemas/Level/x-enum-varnames",
            "x-enum-varnames has 2 entries, enum has 3",
        ),
        (
            "/components/schemas/Quality/enum",
            "enum value '4K' is not a valid name; add x-enum-varnames",
        ),
    ]


def test_more_enum_descriptions_than_values_are_reported(tmp_path: Path) -> None:
    assert (
        "/components/schemas/Level/x-enum-descriptions",
        "x-enum-descriptions has 4 entries, enum has 3",
    ) in findings(tmp_path, "enum-descriptions")


def test_every_sibling_of_a_ref_is_named(tmp_path: Path) -> None:
    assert findings(tmp_path, "no-ref-siblings") == [
        (
            "/components/schemas/Holder/properties/level/$ref",
            "$ref has sibling keys ($comment); use allOf/anyOf to add them",
        )
    ]


def test_errata_pointers_must_be_json_pointers(tmp_path: Path) -> None:
    errata = (
        "- id: E01\n  pointer: components/schemas/Level\n"
        "- id: E02\n  pointers: [/components/schemas/Level, 7]\n"
    )
    assert findings(tmp_path, "errata-refs", errata) == [
        ("/0/pointer", "errata E01: 'components/schemas/Level' is not a JSON pointer"),
        ("/1/pointers/1", "errata E02: 7 is not a JSON pointer"),
    ]
