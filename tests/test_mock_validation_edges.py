"""Edges of the mock's request validation that `make mutate` found untested: the query-field
limit, the int32/int64 and finite-float formats at their bounds, the cut of a long detail, a
type found through allOf, and maxLength in the fast path."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.mock.limits import MAX_QUERY_FIELDS
from generator.mock.validation import (
    FORMAT_CHECKER,
    OperationValidator,
    ValidationFailed,
    _type_of,
    fast_check,
    parse_query,
)
from generator.spec import SpecDoc


def test_the_query_may_have_200_fields_not_more() -> None:
    assert MAX_QUERY_FIELDS == 200
    assert len(parse_query("&".join(f"k{i}=v" for i in range(200)))) == 200
    with pytest.raises(ValidationFailed, match="more than 200 fields"):
        parse_query("&".join(f"k{i}=v" for i in range(201)))


@pytest.mark.parametrize(
    ("fmt", "inside", "outside"),
    [
        ("int32", [-(2**31), 2**31 - 1, 0], [-(2**31) - 1, 2**31]),
        ("int64", [-(2**63), 2**63 - 1], [-(2**63) - 1, 2**63]),
        ("float", [1.5, 3, -0.0], [float("nan"), float("inf"), float("-inf")]),
    ],
)
def test_number_formats_at_their_bounds(
    fmt: str, inside: list[float], outside: list[float]
) -> None:
    assert all(FORMAT_CHECKER.conforms(v, fmt) for v in inside), inside
    assert not any(FORMAT_CHECKER.conforms(v, fmt) for v in outside), outside


def test_a_long_detail_is_cut_at_300_characters() -> None:
    assert str(ValidationFailed("body.name", "x" * 300)) == "body.name: " + "x" * 300
    assert str(ValidationFailed("body.name", "x" * 301)) == "body.name: " + "x" * 300 + "..."


def test_the_type_is_found_through_all_of() -> None:
    assert _type_of({"description": "a wrapper", "allOf": [{"type": "integer"}]}) == "integer"


def test_max_length_in_the_fast_path() -> None:
    check = fast_check({"type": "string", "maxLength": 3})
    assert check is not None
    assert check("abc") and check("") and not check("abcd")


@pytest.mark.parametrize(
    ("listed", "kind"), [(["number", "null"], "number"), (["null", "object"], "object")]
)
def test_a_nullable_type_list_gives_its_non_null_type(listed: list[str], kind: str) -> None:
    assert _type_of({"type": listed}) == kind
    assert _type_of({"type": ["null"]}) == "string"


def test_the_fast_path_declines_schemas_it_does_not_know() -> None:
    assert fast_check({"type": "string", "const": "a"}) is None  # a keyword outside its set
    assert fast_check(True) is None  # a boolean schema
    nothing = fast_check({"type": []})  # admits no type: rejects every value
    assert nothing is not None
    values: list[object] = ["a", 1, None, [], {}]
    assert not any(nothing(v) for v in values)


SPEC_OF_ONE = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /things/{id}:
    get:
      parameters:
        - {name: id, in: path, schema: {type: string}}
        - {name: flag, in: query, schema: {type: boolean}}
        - {name: X-Trace, in: header, schema: {type: string}}
      responses: {"200": {description: ok}}
"""


def test_parameters_without_required_follow_openapi_defaults(tmp_path: Path) -> None:
    """Only a path parameter is required when the spec does not say; a boolean query parses."""
    (tmp_path / "spec.yaml").write_text(SPEC_OF_ONE, encoding="utf-8")
    doc = SpecDoc(tmp_path / "spec.yaml", load_errata=False)
    item = doc.data["paths"]["/things/{id}"]
    validator = OperationValidator(doc, item["get"], item)
    assert [p.required for p in validator.path_params] == [True]
    assert validator.validate({"id": "a"}, [], {}, b"", None).query == {}
    for raw, value in (("true", True), ("false", False)):
        validated = validator.validate({"id": "a"}, [("flag", raw)], {"x-trace": "t"}, b"", None)
        assert validated.query == {"flag": value}
        assert validated.headers == {"X-Trace": "t"}
    with pytest.raises(ValidationFailed, match="'yes' is not true or false"):
        validator.validate({"id": "a"}, [("flag", "yes")], {}, b"", None)
