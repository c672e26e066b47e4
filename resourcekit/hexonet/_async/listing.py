"""Lazy iteration over HEXONET list commands (``Query*List``), page by page with FIRST/LIMIT."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, TypeVar, cast

from resourcekit.core._async.pages import DEFAULT_CONCURRENCY, AsyncPage, PageResult
from resourcekit.core.concurrency import async_map_bounded
from resourcekit.core.errors import InvalidInputError
from resourcekit.hexonet.wire import Response, data_row_count, server_paging

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 100


def paging_window(command: Mapping[str, Any], page_size: int | None) -> tuple[int, int]:
    """The first offset and page size of a listing, checked before anything is sent.

    Raises:
        InvalidInputError: ``LAST`` is given (it would stop paging), or the page size is not positive
            (``LIMIT=0`` would never advance).
    """
    upper = {key.upper(): value for key, value in command.items()}
    if upper.get("LAST") is not None:
        raise InvalidInputError("LAST cannot be combined with paging; iterate and stop, or use to_list(limit)")
    limit: Any = page_size if page_size is not None else upper.get("LIMIT", DEFAULT_PAGE_SIZE)
    first: Any = upper.get("FIRST") or 0
    try:
        limit, first = int(limit), int(first)
    except (TypeError, ValueError) as error:
        raise InvalidInputError(f"FIRST and LIMIT must be whole numbers: {error}") from error
    if limit < 1:
        raise InvalidInputError(f"the page size (LIMIT) must be at least 1, not {limit}")
    if first < 0:
        raise InvalidInputError(f"FIRST must be 0 or more, not {first}")
    return first, limit


class AsyncListing(AsyncPage[T]):
    """The items of a list command, fetched a page at a time as they are consumed.

    Once the first page reports ``TOTAL``, the remaining offsets are known and the async listing
    fetches up to ``concurrency`` pages ahead in parallel (the sync one in a bounded thread pool).
    Without ``TOTAL`` it follows ``FIRST`` until a short page. Either way a page with fewer rows than
    the page size (an empty one included) ends the listing, whatever ``TOTAL`` claimed, so a server
    reporting a huge total cannot keep it paging once its rows run out.
    """

    def __init__(
        self,
        fetch: Callable[[int, int], Awaitable[Response]],
        convert: Callable[[dict[str, str]], T],
        *,
        first: int = 0,
        page_size: int = DEFAULT_PAGE_SIZE,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> None:
        if page_size < 1:
            raise InvalidInputError(f"the page size (LIMIT) must be at least 1, not {page_size}")
        if concurrency < 1:
            raise InvalidInputError(f"concurrency must be at least 1, not {concurrency}")
        super().__init__(self._fetch_sequential)
        self._fetch = fetch
        self._convert = convert
        self._first = first
        self._page_size = page_size
        self._concurrency = concurrency

    async def responses(self) -> AsyncIterator[Response]:
        """Each page's parsed reply, in order.

        A page is let go before the next one is fetched (unless the caller keeps it), so a long
        listing holds about one page at a time (``concurrency`` pages when they are fetched ahead).
        """
        response = await self._fetch(self._first, self._page_size)
        step = self._step(response)
        _, total = server_paging(response)
        yield response
        del response
        if step is None:
            return
        if total is not None:
            offsets = range(self._first + step, total, step)
            fetching = async_map_bounded(lambda offset: self._fetch(offset, step), offsets, self._concurrency)
            try:
                async for page in fetching:
                    server_paging(page)
                    short = data_row_count(page) < step
                    yield page
                    del page
                    if short:
                        return  # the rows ran out before TOTAL said they would
            finally:
                # Closed here, when the listing ends or its reader stops, rather than whenever the
                # garbage collector finalises it: pages fetched ahead are cancelled (or, in threads,
                # waited for) before the listing returns.
                await fetching.aclose()
            return
        offset = self._first + step
        while True:
            response = await self._fetch(offset, step)
            last = data_row_count(response) < step
            yield response
            del response
            if last:
                return
            offset += step

    async def pages(self) -> AsyncIterator[list[T]]:
        """The records page by page (``FIRST``/``LIMIT``), one request per page."""
        if self._concurrency == 1:
            # One page at a time, each fetched only when the previous one is used up.
            async for items in super().pages():
                yield items
                del items
            return
        async for response in self.responses():
            items = self._items(response)
            del response
            yield items
            del items

    def __aiter__(self) -> AsyncIterator[T]:
        # A plain method handing out the generator: completion engines (Jedi too) follow it into
        # the loop variable, which they do not for a generator-style iteration method.
        return self._each_item()

    async def _each_item(self) -> AsyncIterator[T]:
        async for items in self.pages():
            for item in items:
                yield item
            del items  # not held while the next page is fetched

    def _step(self, response: Response, offset: int | None = None) -> int | None:
        """How far the next page starts after the page at ``offset``, or ``None`` when it is the last."""
        offset = self._first if offset is None else offset
        count = data_row_count(response)
        limit, total = server_paging(response)
        limit = limit or self._page_size
        if count < limit or (total is not None and offset + limit >= total):
            return None
        return limit

    def _items(self, response: Response) -> list[T]:
        return [self._convert(row) for row in response.records[: data_row_count(response)] if row]

    async def _fetch_sequential(self, cursor: Any) -> PageResult[T]:
        offset, limit = (self._first, self._page_size) if cursor is None else cast("tuple[int, int]", cursor)
        response = await self._fetch(offset, limit)
        step = self._step(response, offset)
        following = None if step is None else (offset + step, step)
        return PageResult(self._items(response), following, response.int_value("TOTAL"))
