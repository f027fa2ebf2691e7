"""Enum and list parameters as people write them, checked against the spec before sending.

An enum parameter takes the member or its string value (``sort_dir="desc"`` as well as
``SortDir.DESC``, as openai-python takes ``Literal`` strings), and a list parameter takes a
single value too (``state="SUCCEED"``). A value the spec does not list is refused here with
``InvalidRequestError`` (a ``ValueError``) naming the allowed values, instead of being sent
for a 400. Answers are not checked here: a value the spec does not list stays readable in a
response (the enums' ``_missing_``), because the real service sends such values (errata E01).

The generated facade calls ``coerce_param`` once per such parameter, at the top of every
method, iterator and raw twin, so the rule lives here once; its overloads give the precise
type back (``list[VideoJobState]``), which is what the endpoint module declares.

Copied verbatim into the generated client: imports only the standard library and siblings.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any, Literal, TypeVar, overload

from .errors import InvalidRequestError

__all__ = ["coerce_param"]

E = TypeVar("E", bound=Enum)


@functools.cache
def _members(enum: type[Enum]) -> dict[object, Enum]:
    """The listed members by value (an unlisted pseudo-member made by ``_missing_`` is not)."""
    return {member.value: member for member in enum}


def _one(name: str, value: object, enum: type[Enum] | None) -> object:
    if enum is None:
        if not isinstance(value, str):
            raise InvalidRequestError(f"{name}: expected a str, got {type(value).__name__}")
        return value
    members = _members(enum)
    key = value.value if isinstance(value, Enum) else value
    try:
        return members[key]
    except (KeyError, TypeError):  # not listed, or an unhashable value
        allowed = ", ".join(str(listed) for listed in members)
        raise InvalidRequestError(
            f"{name}: {key!r} is not a {enum.__name__}; the spec lists {allowed}"
        ) from None


@overload
def coerce_param(name: str, value: object, enum: type[E], *, many: Literal[False] = False) -> E: ...
@overload
def coerce_param(name: str, value: object, enum: type[E], *, many: Literal[True]) -> list[E]: ...
@overload
def coerce_param(name: str, value: object, enum: None, *, many: Literal[True]) -> list[str]: ...
@overload
def coerce_param(name: str, value: object, enum: None, *, many: Literal[False] = False) -> str: ...


def coerce_param(
    name: str, value: object, enum: type[Enum] | None = None, *, many: bool = False
) -> Any:
    """``value`` as the endpoint module sends it: the ``enum`` member (looked up by value for
    a str), or for ``many`` a list of them (a single value becomes a one-item list). With no
    ``enum`` the values are strs, only the single-value rule applies. ``name`` is the
    parameter's, for the message; ``state[1]`` names a list's second item."""
    if not many:
        return _one(name, value, enum)
    if isinstance(value, str | Enum):
        return [_one(name, value, enum)]
    if isinstance(value, Mapping | bytes) or not isinstance(value, Iterable):
        raise InvalidRequestError(
            f"{name}: expected one value or a list of them, got {type(value).__name__}"
        )
    return [_one(f"{name}[{index}]", item, enum) for index, item in enumerate(value)]
