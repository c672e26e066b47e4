"""The few primitives whose async and sync versions differ by more than ``await``.

Both versions are written here by hand; the sync-generation script maps each async name to its
sync twin (``AsyncLock`` to ``Lock``, ``async_sleep`` to ``sleep``, ``async_map_bounded`` to
``map_bounded``).
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K")

AsyncLock = asyncio.Lock
Lock = threading.Lock

async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
"""Wait a number of seconds without blocking the event loop (`asyncio.sleep`)."""
sleep: Callable[[float], None] = time.sleep
"""Wait a number of seconds, blocking the thread (`time.sleep`)."""


async def async_map_bounded(fn: Callable[[K], Awaitable[T]], items: Iterable[K], limit: int) -> AsyncGenerator[T, None]:
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


def map_bounded(fn: Callable[[K], T], items: Iterable[K], limit: int) -> Generator[T, None, None]:
    """Yield ``fn(item)`` for each item, in order, with at most ``limit`` calls running in threads.

    The sync twin of `async_map_bounded`: calls start ahead of the consumer up to the limit, each in
    a copy of the caller's context (as an asyncio task gets one), so ``fn`` must be safe to call
    from several threads at once (the clients are). The first failure, in input order, is raised
    where the consumer reads it. When the consumer stops early (``break``, an error, or dropping the
    iterator), calls not yet started are cancelled and the ones already running are waited for:
    threads cannot be interrupted, and none is left behind. With ``limit=1`` each call runs in the
    consumer's own thread (still in a copy of its context) when it asks for the next result.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if limit == 1:
        for item in items:
            yield contextvars.copy_context().run(fn, item)
        return
    # Threads start only as calls are submitted, so a short input never starts ``limit`` of them.
    executor = ThreadPoolExecutor(max_workers=limit, thread_name_prefix="resourcekit-map")
    pending: deque[Future[T]] = deque()
    try:
        for item in items:
            pending.append(executor.submit(contextvars.copy_context().run, fn, item))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        # Cancels every call not yet started (``pending`` and any future the consumer stopped waiting
        # for alike) and waits for the running ones.
        executor.shutdown(wait=True, cancel_futures=True)
