"""The `gateway-errors` lint rule: the spec's `x-gateway-errors` catalogue is checked like every
other fact, each problem reported as `file:line: gateway-errors: message`."""

from __future__ import annotations

from pathlib import Path

import pytest
from mockserver import SPEC

from generator.lint import lint
from generator.lint.rules import RULES, Context
from generator.lint.walk import Walk
from generator.spec import SpecDoc
from generator.specmodel import default_model

REAL = SPEC.read_text(encoding="utf-8")


def _lint(tmp_path: Path, old: str, new: str) -> list[str]:
    """`line: message` of each gateway-errors finding in the spec with `old` made `new`."""
    assert REAL.count(old) == 1, old
    spec = tmp_path / "metastudio.yaml"
    spec.write_text(REAL.replace(old, new), encoding="utf-8")
    doc = SpecDoc(spec, load_errata=False)
    findings = RULES["gateway-errors"](Context(doc, Walk.of(doc.data)))
    return [f"{doc.line_of(f.pointer)}: {f.message}" for f in findings]


def _line(text: str, needle: str) -> int:
    [line] = [i for i, row in enumerate(text.splitlines(), 1) if needle in row]
    return line


def test_the_real_catalogue_is_clean_and_complete(tmp_path: Path) -> None:
    problems, _ = lint(SPEC, rule_ids=["gateway-errors"], node_optional=True)
    assert [p for p in problems if p.rule == "gateway-errors"] == []
    spec = tmp_path / "metastudio.yaml"
    spec.write_text(REAL.replace("    - status: 504\n", "    - status: 502\n"), encoding="utf-8")
    problems, _ = lint(spec, rule_ids=["gateway-errors"], node_optional=True)
    rows = spec.read_text(encoding="utf-8").splitlines()
    second = [i for i, row in enumerate(rows, 1) if row == "    - status: 502"][1]
    shown = [str(p) for p in problems if p.rule == "gateway-errors"]
    assert any(
        s.endswith(f":{second}: gateway-errors: status 502 is listed twice") for s in shown
    ), shown
    catalogue = default_model().gateway
    assert {a.status for a in catalogue.answers} >= {429, 502, 504, 413}
    for answer in catalogue.answers:
        assert set(answer.sources) >= {"status", "error_code", "error_msg"}, answer


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("      error_code: APIG.0308\n", "      error_code: ''\n", "error_code must be"),
        ("    - status: 504\n", "    - status: 204\n", "not an error status"),
        ("    - status: 504\n", "    - status: 502\n", "listed twice"),
        (
            "      client_error: RateLimitError\n",
            "      client_error: Rate Limit\n",
            "client_error",
        ),
        (
            "      error_msg: Backend timeout.\n",
            "      error_msg: Backend timeout.\n      colour: red\n",
            "unknown key 'colour'",
        ),
        (
            "        error_msg: https://support.huaweicloud.com/bpconsole_faq/csdp_apifaq_00001.md\n",
            "",
            "where 'error_msg' comes from",
        ),
        (
            "      error_code: APIG.0103\n",
            "      error_code: GW-0103\n",
            "does not fit `body`",
        ),
    ],
)
def test_a_broken_catalogue_is_reported_at_its_line(
    tmp_path: Path, old: str, new: str, needle: str
) -> None:
    found = _lint(tmp_path, old, new)
    assert found, "no gateway-errors problem"
    assert any(needle in message for message in found), found
    text = (tmp_path / "metastudio.yaml").read_text(encoding="utf-8")
    first = _line(text, "x-gateway-errors:")
    last = len(text.splitlines()) + 1
    for message in found:
        assert first < int(message.split(":")[0]) < last, message


def test_an_unsourced_answer_is_reported(tmp_path: Path) -> None:
    page = "https://support.huaweicloud.com/intl/zh-cn/usermanual-apig/apig-ug-180530090.html"
    old = f"      x-source: {page}\n    - status: 504\n"
    found = _lint(tmp_path, old, "    - status: 504\n")
    assert any("x-source must be a page" in m for m in found), found
