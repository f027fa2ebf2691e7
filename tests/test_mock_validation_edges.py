"""Edges of the mock's request validation that `make mutate` found untested: the query-field
limit, the int32/int64 and finite-float formats at their bounds, the cut of a long detail, a
type found through allOf, and maxLength in the fast path."""

from __future__ import annotations

import pytest

from generator.mock.limits import MAX_QUERY_FIELDS
from generator.mock.validation import (
    FORMAT_CHECKER,
    ValidationFailed,
    _type_of,
    fast_check,
    parse_query,
)


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
