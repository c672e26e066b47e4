"""Lazy iteration over paged listings.

A page source is one async function: given the cursor of a page (``None`` for the first), it
returns that page's items and the next cursor. `AsyncPage` turns it into an async iterator of
items that fetches a page only when the previous one is used up.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from resourcekit.core.concurrency import async_map_bounded
from resourcekit.core.errors import ResponseValidationError

T = TypeVar("T")
K = TypeVar("K")

DEFAULT_CONCURRENCY = 8


@dataclass(frozen=True)
class PageResult(Generic[T]):
    """One page: its items, the cursor of the next page (``None`` at the end), the total if known."""

    items: Sequence[T]
    next_cursor: Any = None
    total: int | None = None


class AsyncPage(Generic[T]):
    """Items of a listing, fetched page by page as they are consumed.

    ``async for item in page`` walks every item; `pages` yields whole pages; `first` and
    `to_list` are shortcuts. Nothing is fetched until iteration starts, and each iteration starts
    again from the first page.
    """

    def __init__(self, fetch_page: Callable[[Any], Awaitable[PageResult[T]]], *, first_cursor: Any = None) -> None:
        self._fetch_page = fetch_page
        self._first_cursor = first_cursor

    @classmethod
    def from_ids(
        cls,
        list_ids: Callable[[], Awaitable[Sequence[K]]],
        get: Callable[[K], Awaitable[T]],
        *,
        page_size: int = 50,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> AsyncPage[T]:
        """A listing that returns ids, each object needing a request of its own.

        The ids are listed once; objects are fetched with at most ``concurrency`` requests in
        flight and handed out in pages of ``page_size``. Fetching runs up to ``concurrency``
        objects ahead of the page being read (the sync twin runs them in a bounded thread pool
        through the same thread-safe client). When a caller stops early, the requests not yet
        sent are cancelled once the listing is dropped.
        """

        async def fetch_page(cursor: Any) -> PageResult[T]:
            # One bounded map over every id, cut into pages as the items arrive: the requests for the
            # next page start while the last ones of this page are still in flight (fetching each
            # page on its own left only the last few requests of every page in flight).
            if cursor is None:
                ids = list(await list_ids())
                fetched = async_map_bounded(get, ids, concurrency).__aiter__()
                start = 0
            else:
                start, ids, fetched = cursor
            count = min(page_size, len(ids) - start)
            items = [await fetched.__anext__() for _ in range(count)]
            next_start = start + count
            return PageResult(items, (next_start, ids, fetched) if next_start < len(ids) else None, len(ids))

        return cls(fetch_page)

    async def pages(self) -> AsyncIterator[list[T]]:
        """Yield each page's items as a list, fetching the next page only when asked."""
        cursor = self._first_cursor
        while True:
            page = await self._fetch_page(cursor)
            items, next_cursor = list(page.items), page.next_cursor
            # Neither the page nor its items are held here while the next page is fetched: a long
            # listing read one page at a time holds about one page.
            del page
            yield items
            del items
            if next_cursor is None:
                return
            if next_cursor == cursor:
                # A server that hands back the cursor it was given would loop forever.
                raise ResponseValidationError(f"the listing repeated its page cursor ({cursor!r})")
            cursor = next_cursor

    # The iterator comes from a plain method that returns a generator: editors' completion engines
    # (Jedi) infer the items of a loop over the page only this way.
    def __aiter__(self) -> AsyncIterator[T]:
        return self._each_item()

    async def _each_item(self) -> AsyncIterator[T]:
        async for items in self.pages():
            for item in items:
                yield item
            del items  # not held while the next page is fetched

    async def first(self) -> T | None:
        """The first item, or ``None`` for an empty listing (fetches one page)."""
        async for items in self.pages():
            if items:
                return items[0]
        return None

    async def to_list(self, limit: int | None = None) -> list[T]:
        """Every item (or the first ``limit``) in a list."""
        collected: list[T] = []
        async for item in self:
            if limit is not None and len(collected) >= limit:
                break
            collected.append(item)
        return collected
