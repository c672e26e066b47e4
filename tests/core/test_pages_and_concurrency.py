from __future__ import annotations

import contextvars
import gc
import threading
import weakref
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


def test_sync_map_starts_ahead_only_up_to_the_limit_and_validates_it() -> None:
    calls: list[int] = []
    lock = threading.Lock()
    second_started = threading.Event()

    def record(value: int) -> int:
        with lock:
            calls.append(value)
        if value == 1:
            second_started.set()
        if value == 0:
            # The first result waits for the second call: it must have started without being asked.
            assert second_started.wait(10)
        return value

    stream = map_bounded(record, range(5), 2)
    assert next(stream) == 0
    assert sorted(calls) == [0, 1]  # and no third one: at most ``limit`` calls ahead
    stream.close()
    serial = map_bounded(record, range(5, 8), 1)
    assert next(serial) == 5
    assert calls[-1] == 5  # limit 1: each call only when asked, in the consumer's thread
    serial.close()
    with pytest.raises(ValueError):
        list(map_bounded(lambda value: value, [1], 0))


def test_sync_map_runs_calls_in_parallel_in_input_order() -> None:
    # Each call waits until three calls are running at once: this only finishes if the pool really
    # runs ``limit`` calls together (a serial map would stop at the barrier and time out).
    barrier = threading.Barrier(3, timeout=10)
    lock = threading.Lock()
    in_flight = 0
    peak = 0

    def work(value: int) -> int:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        if value < 3:
            barrier.wait()
        with lock:
            in_flight -= 1
        return value * 10

    assert list(map_bounded(work, range(12), 3)) == [value * 10 for value in range(12)]
    assert peak == 3


def test_sync_map_raises_the_first_failure_in_input_order() -> None:
    second_failed = threading.Event()

    def work(value: int) -> int:
        if value == 2:
            second_failed.set()
            raise KeyError("two")
        if value == 1:
            # Finishes after the later item has failed: its own error must still come first.
            second_failed.wait(10)
            raise LookupError("one")
        return value

    stream = map_bounded(work, range(6), 4)
    assert next(stream) == 0
    with pytest.raises(LookupError, match="one"):
        next(stream)


def test_sync_map_cancels_unstarted_calls_and_leaves_no_thread_when_the_consumer_stops() -> None:
    before = {thread.ident for thread in threading.enumerate()}
    started: list[int] = []
    lock = threading.Lock()
    release = threading.Event()

    def work(value: int) -> int:
        with lock:
            started.append(value)
        if value:
            release.wait(10)
        return value

    stream = map_bounded(work, range(100), 4)
    assert next(stream) == 0
    release.set()
    stream.close()
    assert len(started) <= 5  # the first result plus at most ``limit`` calls ahead; the rest never ran
    left = [t for t in threading.enumerate() if t.ident not in before and t.name.startswith("resourcekit-map")]
    assert left == []


def pool_threads(before: set[int | None]) -> list[threading.Thread]:
    """The map's worker threads started since ``before`` (the thread ids seen then)."""
    return [t for t in threading.enumerate() if t.ident not in before and t.name.startswith("resourcekit-map")]


def thread_ids() -> set[int | None]:
    return {thread.ident for thread in threading.enumerate()}


def test_sync_map_neither_blocks_nor_runs_further_ahead_while_the_consumer_is_slow() -> None:
    before = thread_ids()
    lock = threading.Lock()
    started: list[int] = []
    finished: list[int] = []
    ahead_done = threading.Event()

    def work(value: int) -> int:
        with lock:
            started.append(value)
        with lock:
            finished.append(value)
            if len(finished) == 4:  # the first result and the three calls running ahead of it
                ahead_done.set()
        return value

    stream = map_bounded(work, range(10), 4)
    assert next(stream) == 0
    # The consumer holds on to its item: the calls ahead finish without it, and no more start.
    assert ahead_done.wait(10)
    assert sorted(started) == [0, 1, 2, 3]
    assert list(stream) == list(range(1, 10))
    assert pool_threads(before) == []


def test_sync_map_an_interrupt_stops_the_pool_and_cancels_what_has_not_started() -> None:
    before = thread_ids()
    started: list[int] = []
    lock = threading.Lock()

    def work(value: int) -> int:
        with lock:
            started.append(value)
        return value

    # Ctrl-C while the consumer works on an item: raised where it is, nothing more starts.
    stream = map_bounded(work, range(100), 3)
    assert next(stream) == 0
    with pytest.raises(KeyboardInterrupt):
        stream.throw(KeyboardInterrupt())
    assert len(started) <= 4 and pool_threads(before) == []

    # An interrupt inside a call reaches the consumer as it is, in input order.
    def interrupted(value: int) -> int:
        if value == 2:
            raise KeyboardInterrupt
        return value

    seen: list[int] = []
    with pytest.raises(KeyboardInterrupt):
        seen.extend(map_bounded(interrupted, range(100), 3))
    assert seen == [0, 1] and pool_threads(before) == []


def test_sync_map_dropped_without_close_leaves_no_thread() -> None:
    before = thread_ids()
    stream = map_bounded(lambda value: value, range(100), 4)
    assert next(stream) == 0
    assert pool_threads(before) != []
    del stream  # the generator is finalised: the pool shuts down with it
    assert pool_threads(before) == []


def test_sync_maps_nest_without_deadlock() -> None:
    # A call that maps in turn (a listing inside a fan-out) gets a pool of its own, not a slot of
    # the outer one, so the outer calls cannot wait on inner calls that never get a thread.
    def inner(value: int) -> int:
        return sum(map_bounded(lambda part: value * part, range(3), 2))

    assert list(map_bounded(inner, range(6), 2)) == [value * 3 for value in range(6)]


@pytest.mark.parametrize("limit", [1, 3])
def test_sync_map_runs_each_call_in_a_copy_of_the_callers_context(limit: int) -> None:
    # As an asyncio task gets one, whatever the limit (1 runs the calls in the consumer's thread).
    marker: contextvars.ContextVar[str] = contextvars.ContextVar("marker", default="unset")
    marker.set("caller")

    def work(value: int) -> str:
        seen = marker.get()
        marker.set(f"call {value}")  # must not leak into the caller or another call
        return seen

    assert list(map_bounded(work, range(6), limit)) == ["caller"] * 6
    assert marker.get() == "caller"


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


def test_sync_id_pages_fetch_in_parallel() -> None:
    barrier = threading.Barrier(4, timeout=10)

    def get(value: int) -> int:
        if value < 4:
            barrier.wait()  # only passes when four objects are being fetched at once
        return value

    page = SyncPage.from_ids(lambda: list(range(10)), get, page_size=3, concurrency=4)
    assert list(page.pages()) == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]


class _Item:
    """A listed object that can be watched with a weak reference."""


def _pages_that_watch_the_previous_one(still_alive: list[int]) -> Any:
    """A page fetcher of three pages of 50 that counts, at each fetch, the previous page's live items."""
    previous: list[weakref.ref[_Item]] = []

    def fetch(cursor: Any) -> PageResult[_Item]:
        gc.collect()
        if previous:
            still_alive.append(sum(ref() is not None for ref in previous))
        items = [_Item() for _ in range(50)]
        previous[:] = [weakref.ref(item) for item in items]
        number = cursor or 0
        return PageResult(items, number + 1 if number < 2 else None)

    return fetch


def test_sync_listing_lets_a_page_go_before_fetching_the_next() -> None:
    still_alive: list[int] = []
    count = 0
    for _ in SyncPage(_pages_that_watch_the_previous_one(still_alive)):
        count += 1
    assert count == 150
    # The loop variable holds the last item of a page while the next one is fetched, nothing more.
    assert still_alive == [1, 1]


@pytest.mark.anyio
async def test_async_listing_lets_a_page_go_before_fetching_the_next() -> None:
    still_alive: list[int] = []
    fetch = _pages_that_watch_the_previous_one(still_alive)

    async def fetch_async(cursor: Any) -> PageResult[_Item]:
        return fetch(cursor)

    count = 0
    async for _ in AsyncPage(fetch_async):
        count += 1
    assert count == 150
    assert still_alive == [1, 1]
