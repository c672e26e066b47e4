"""The few primitives whose async and sync versions differ by more than ``await``.

Both versions are written here by hand; the sync-generation script maps each async name to its
sync twin (``AsyncLock`` to ``Lock``, ``async_sleep`` to ``sleep``, ``async_map_bounded`` to
``map_bounded``).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K")

AsyncLock = asyncio.Lock
Lock = threading.Lock

async_sleep = asyncio.sleep
sleep = time.sleep


async def async_map_bounded(fn: Callable[[K], Awaitable[T]], items: Iterable[K], limit: int) -> AsyncIterator[T]:
    """Yield ``fn(item)`` for each item, in order, with at most ``limit`` calls in flight.

    Calls start ahead of the consumer up to the limit; when the consumer stops early, the calls
    still running are cancelled.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    pending: deque[asyncio.Task[T]] = deque()
    source = iter(items)
    try:
        for item in source:
            pending.append(asyncio.ensure_future(fn(item)))
            if len(pending) >= limit:
                yield await pending.popleft()
        while pending:
            yield await pending.popleft()
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)


def map_bounded(fn: Callable[[K], T], items: Iterable[K], limit: int) -> Iterator[T]:
    """The sync twin of `async_map_bounded`: one call at a time, each when the consumer asks."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    for item in items:
        yield fn(item)
