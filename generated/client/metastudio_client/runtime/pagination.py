"""Lazy offset/limit pagination: iterate every match, fetching a page only when needed.

``fetch(offset, limit)`` returns one page and the total number of matches (``count`` in
MetaStudio's list responses; ``None`` when unknown). Iteration stops when ``offset`` reaches
the count, on an empty page, or after ``max_pages`` pages (a ``PaginationError``: a server
that never stops must not hang a loop forever).

The offset advances by the number of items actually received, not by ``page_size``, so a
service that caps ``limit`` below the requested size still yields every item. As with any
offset pagination, jobs created or deleted during the walk can shift pages by a few items.

Copied verbatim into the generated client: imports only the standard library and siblings.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import TypeVar

from .errors import MetaStudioError

__all__ = ["DEFAULT_MAX_PAGES", "DEFAULT_PAGE_SIZE", "PaginationError", "aiter_pages", "iter_pages"]

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 50
DEFAULT_MAX_PAGES = 10_000

Page = tuple[Sequence[T], int | None]


class PaginationError(MetaStudioError):
    """The server kept returning pages beyond ``max_pages``."""


def _check(page_size: int, start: int, max_pages: int) -> None:
    if page_size < 1:
        raise ValueError("page_size must be >= 1")
    if start < 0:
        raise ValueError("start must be >= 0")
    if max_pages < 1:
        raise ValueError("max_pages must be >= 1")


def _done(offset: int, count: int | None) -> bool:
    return count is not None and offset >= count


def iter_pages(
    fetch: Callable[[int, int], Page[T]],
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    start: int = 0,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> Iterator[T]:
    """Yield the items of every page from ``start`` on; ``fetch`` runs only as items are used."""
    _check(page_size, start, max_pages)  # here, not at the first next(): fail at the call
    return _iter(fetch, page_size, start, max_pages)


def _iter(
    fetch: Callable[[int, int], Page[T]], page_size: int, start: int, max_pages: int
) -> Iterator[T]:
    offset, pages = start, 0
    while True:
        if pages >= max_pages:
            raise PaginationError(f"stopped after {max_pages} pages (offset {offset})")
        items, count = fetch(offset, page_size)
        pages += 1
        if not items:
            return
        yield from items
        offset += len(items)
        if _done(offset, count):
            return


def aiter_pages(
    fetch: Callable[[int, int], Awaitable[Page[T]]],
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    start: int = 0,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> AsyncIterator[T]:
    """Async twin of ``iter_pages``: ``async for job in aiter_pages(fetch): ...``."""
    _check(page_size, start, max_pages)
    return _aiter(fetch, page_size, start, max_pages)


async def _aiter(
    fetch: Callable[[int, int], Awaitable[Page[T]]], page_size: int, start: int, max_pages: int
) -> AsyncIterator[T]:
    offset, pages = start, 0
    while True:
        if pages >= max_pages:
            raise PaginationError(f"stopped after {max_pages} pages (offset {offset})")
        items, count = await fetch(offset, page_size)
        pages += 1
        if not items:
            return
        for item in items:
            yield item
        offset += len(items)
        if _done(offset, count):
            return
