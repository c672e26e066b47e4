from __future__ import annotations

from typing import Any

import anyio
import pytest

from resourcekit.core._async.pages import AsyncPage, PageResult
from resourcekit.core._sync.pages import SyncPage
from resourcekit.core.concurrency import async_map_bounded, map_bounded
from resourcekit.core.errors import ResponseValidationError


@pytest.mark.anyio
async def test_map_bounded_keeps_order_and_limits_flight() -> None:
    in_flight = 0
    peak = 0

    async def work(value: int) -> int:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await anyio.sleep(0.001 * (5 - value % 5))
        in_flight -= 1
        return value * 10

    results = [item async for item in async_map_bounded(work, range(12), 3)]
    assert results == [value * 10 for value in range(12)]
    assert peak == 3


@pytest.mark.anyio
async def test_map_bounded_cancels_what_the_consumer_leaves() -> None:
    finished: list[int] = []

    async def work(value: int) -> int:
        await anyio.sleep(0.01 if value else 0)
        finished.append(value)
        return value

    stream = async_map_bounded(work, range(10), 4)
    async for value in stream:
        assert value == 0
        break
    await stream.aclose()  # pyright: ignore[reportAttributeAccessIssue]
    await anyio.sleep(0.05)
    assert finished == [0]


def test_sync_map_is_lazy_and_validates_limit() -> None:
    calls: list[int] = []
    stream = map_bounded(lambda value: calls.append(value) or value, range(5), 2)
    assert next(stream) == 0
    assert calls == [0]
    with pytest.raises(ValueError):
        list(map_bounded(lambda value: value, [1], 0))


@pytest.mark.anyio
async def test_a_repeated_cursor_is_an_error_not_a_loop() -> None:
    async def fetch(cursor: Any) -> PageResult[int]:
        return PageResult([1], next_cursor="same")

    with pytest.raises(ResponseValidationError, match="repeated"):
        await AsyncPage(fetch).to_list()


def test_empty_listing_and_id_pages() -> None:
    assert SyncPage(lambda cursor: PageResult([])).first() is None
    fetched: list[int] = []

    def get(value: int) -> int:
        fetched.append(value)
        return value * 2

    page = SyncPage.from_ids(lambda: list(range(7)), get, page_size=3)
    assert [len(items) for items in page.pages()] == [3, 3, 1]
    assert page.first() == 0
    assert list(page) == [0, 2, 4, 6, 8, 10, 12]


@pytest.mark.anyio
async def test_async_id_pages_keep_the_window_full_across_pages() -> None:
    started: list[int] = []
    in_flight = 0
    peak = 0

    async def get(value: int) -> int:
        nonlocal in_flight, peak
        started.append(value)
        in_flight += 1
        peak = max(peak, in_flight)
        await anyio.sleep(0.001)
        in_flight -= 1
        return value

    async def list_ids() -> list[int]:
        return list(range(10))

    page = AsyncPage.from_ids(list_ids, get, page_size=3, concurrency=4)
    pages = page.pages()
    assert await anext(pages) == [0, 1, 2]
    assert 3 in started  # the next page's first request left before this page was handed out
    assert [items async for items in pages] == [[3, 4, 5], [6, 7, 8], [9]]
    assert peak == 4
    assert await AsyncPage.from_ids(list_ids, get, page_size=4, concurrency=2).to_list() == list(range(10))
