"""generator/runtime/pagination.py at its edges (found by `make mutate`), through the generated
client's copy (`metastudio_client.runtime`, what users run): its pagination: bounds, defaults
and a count that shrinks mid-walk."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from metastudio_client.runtime import (
    PaginationError,
    aiter_pages,
    iter_pages,
)


def test_pagination_stops_once_the_offset_passes_a_shrunken_count() -> None:
    calls: list[tuple[int, int]] = []

    def fetch(offset: int, limit: int) -> tuple[list[int], int | None]:
        calls.append((offset, limit))
        count = 10 if offset == 0 else 5  # jobs went away between the pages
        return list(range(offset, offset + limit)), count

    assert list(iter_pages(fetch, page_size=3)) == [0, 1, 2, 3, 4, 5]
    assert calls == [(0, 3), (3, 3)]  # offset 6 is past the count of 5: no third request


def test_pagination_bounds_and_defaults() -> None:
    calls: list[tuple[int, int]] = []

    def endless(offset: int, limit: int) -> tuple[list[int], int | None]:
        calls.append((offset, limit))
        return [offset], None  # one item a page, no count: only max_pages ends it

    with pytest.raises(PaginationError, match="stopped after 10000 pages"):
        list(iter_pages(endless))
    assert len(calls) == 10_000 and calls[0] == (0, 50)  # the defaults
    calls.clear()
    assert list(itertools.islice(iter_pages(endless, page_size=1, max_pages=1), 1)) == [0]
    with pytest.raises(PaginationError, match="stopped after 3 pages"):
        list(iter_pages(endless, page_size=1, max_pages=3))
    assert len(calls) == 1 + 3
    with pytest.raises(ValueError, match="max_pages must be >= 1"):
        iter_pages(endless, max_pages=0)

    async def aendless(offset: int, limit: int) -> tuple[list[int], int | None]:
        return endless(offset, limit)

    async def drain() -> list[int]:
        return [item async for item in aiter_pages(aendless, max_pages=3)]

    calls.clear()
    with pytest.raises(PaginationError, match="stopped after 3 pages"):
        asyncio.run(drain())
    assert len(calls) == 3
