"""`generate.specinfo.TemplateFacts` on spec copies with shapes the spec does not have yet.

- an inline enum on an operation-level query parameter (the spec's enums are all components
  or path-level today) is an enum group of its own, used by that parameter, and gets its docs
  page: its pointer holds the path with "/" escaped as "~1", which once made `_label` look up
  the escaped key and raise KeyError.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.generate import docs
from generator.generate.specinfo import TemplateFacts
from generator.generate.tree import ERRATA, SPEC
from generator.spec import SpecDoc
from generator.specmodel import build, default_model


def _with_inline_query_enum(folder: Path) -> tuple[Path, str]:
    """A spec copy whose list operation takes a query parameter with an inline enum."""
    lister = next(op for op in default_model().operations.values() if op.method == "get")
    data: Any = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    operation = data["paths"][lister.path]["get"]
    operation.setdefault("parameters", []).append(
        {
            "name": "colour",
            "in": "query",
            "required": False,
            "description": "A colour to filter by.",
            "schema": {
                "type": "string",
                "description": "A colour.",
                "enum": ["red", "blue"],
                "x-enum-descriptions": ["Red.", "Blue."],
            },
        }
    )
    copy = folder / SPEC.name
    copy.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return copy, lister.operation_id


def test_an_inline_enum_on_an_operation_query_parameter_is_a_group_with_its_page(
    tmp_path: Path,
) -> None:
    spec, operation_id = _with_inline_query_enum(tmp_path)
    info = TemplateFacts(build(SpecDoc(spec, ERRATA)))
    (group,) = [g for g in info.enums if g.name == f"{operation_id}_query_colour"]
    assert [v.value for v in group.values] == ["red", "blue"]
    assert [v.description for v in group.values] == ["Red.", "Blue."]
    (usage,) = group.usages
    assert (usage.where, usage.kind, usage.required) == (
        f"{operation_id} query colour",
        "query parameter",
        False,
    )
    assert usage.description == "A colour to filter by."
    assert usage.pointer.startswith("/paths/~1v1~1") and usage.line > 0
    docs.render(info, tmp_path / "docs")
    page = (tmp_path / "docs" / "enums" / f"{group.name}.md").read_text(encoding="utf-8")
    assert "red" in page and "Blue." in page
