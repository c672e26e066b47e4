"""The primitives of the log bridge whose async and sync versions differ by more than ``await``.

Both versions are written here by hand; the sync-generation script maps each async name to its
sync twin (``async_merge`` to ``merge``, ``AsyncWorker`` to ``Worker``...). Async code runs in
tasks and stops by cancellation; sync code runs in threads and stops by a signal plus closing
the connection a thread is blocked on.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import socket
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

import httpx

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class AsyncStoppable(Protocol[T_co]):
    def __aiter__(self) -> AsyncIterator[T_co]: ...

    def stop(self) -> None: ...


class Stoppable(Protocol[T_co]):
    def __iter__(self) -> Iterator[T_co]: ...

    def stop(self) -> None: ...


# -- interrupting a blocked read -------------------------------------------------------------------


def async_interrupt(response: httpx.Response) -> None:
    """Async readers stop by task cancellation, which closes their response itself."""


def interrupt(response: httpx.Response) -> None:
    """Release a thread blocked reading ``response``: its socket is shut down, so the read ends
    at once (closing a socket from another thread does not wake a blocked read). The reader then
    closes the response itself. Without a socket (an in-process transport), the response is closed.
    """
    network = response.extensions.get("network_stream")
    sock: Any = network.get_extra_info("socket") if network is not None else None
    with contextlib.suppress(Exception):
        if isinstance(sock, socket.socket):
            sock.shutdown(socket.SHUT_RDWR)
        else:
            response.close()


# -- a stop signal whose sleep wakes when it is set ---------------------------------------------------


class AsyncStopSignal:
    """Set once to stop; `sleep` returns early when it is set (cancellation works as well)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    async def sleep(self, seconds: float) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._event.wait(), seconds)


class StopSignal:
    """Set once (from any thread) to stop; `sleep` returns early when it is set."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def sleep(self, seconds: float) -> None:
        self._event.wait(seconds)


# -- merging several endless streams -----------------------------------------------------------------

_DONE = object()


async def async_merge(sources: Sequence[AsyncStoppable[T]]) -> AsyncIterator[tuple[int, T]]:
    """``(index of the source, item)`` from every source as items arrive.

    One task reads each source. The first error of a source ends the merge with that error;
    leaving the loop (or cancelling the consumer) cancels every reader.
    """
    inbox: asyncio.Queue[tuple[int, Any]] = asyncio.Queue(maxsize=len(sources) * 64 or 1)

    async def pump(index: int, source: AsyncStoppable[T]) -> None:
        try:
            async for item in source:
                await inbox.put((index, item))
        except Exception as error:  # handed to the consumer, which raises it
            await inbox.put((index, error))
            return
        await inbox.put((index, _DONE))

    readers = [asyncio.ensure_future(pump(index, source)) for index, source in enumerate(sources)]
    running = len(readers)
    try:
        while running:
            index, item = await inbox.get()
            if item is _DONE:
                running -= 1
            elif isinstance(item, Exception):
                raise item
            else:
                yield index, item
    finally:
        for reader in readers:
            reader.cancel()
        for reader in readers:
            with contextlib.suppress(BaseException):
                await reader


def merge(sources: Sequence[Stoppable[T]]) -> Iterator[tuple[int, T]]:
    """``(index of the source, item)`` from every source as items arrive.

    One daemon thread reads each source. The first error of a source ends the merge with that
    error; leaving the loop stops every source (closing the connection its thread waits on).
    """
    inbox: queue.Queue[tuple[int, Any]] = queue.Queue(maxsize=len(sources) * 64 or 1)
    leaving = threading.Event()

    def put(entry: tuple[int, Any]) -> None:
        while not leaving.is_set():
            with contextlib.suppress(queue.Full):
                inbox.put(entry, timeout=0.1)
                return

    def pump(index: int, source: Stoppable[T]) -> None:
        try:
            for item in source:
                if leaving.is_set():
                    return
                put((index, item))
        except Exception as error:  # handed to the consumer, which raises it
            put((index, error))
            return
        put((index, _DONE))

    readers = [
        threading.Thread(target=pump, args=(index, source), daemon=True, name=f"hookio-merge-{index}")
        for index, source in enumerate(sources)
    ]
    for reader in readers:
        reader.start()
    running = len(readers)
    try:
        while running:
            index, item = inbox.get()
            if item is _DONE:
                running -= 1
            elif isinstance(item, Exception):
                raise item
            else:
                yield index, item
    finally:
        leaving.set()
        for source in sources:
            source.stop()
        for reader in readers:
            reader.join(timeout=5)


# -- a background worker -----------------------------------------------------------------------------


class AsyncWorker:
    """``work()`` running as a task of the current event loop."""

    def __init__(self, work: Callable[[], Awaitable[None]], name: str) -> None:
        self._task = asyncio.ensure_future(work())
        self._task.set_name(name)

    def cancel(self) -> None:
        self._task.cancel()

    @property
    def done(self) -> bool:
        return self._task.done()

    async def wait(self) -> None:
        """Until the work ends; its error (not a cancellation) is raised here."""
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


class Worker:
    """``work()`` running in a daemon thread."""

    def __init__(self, work: Callable[[], None], name: str) -> None:
        self._error: BaseException | None = None

        def run() -> None:
            try:
                work()
            except BaseException as error:  # kept for wait(), raised there
                self._error = error

        self._thread = threading.Thread(target=run, daemon=True, name=name)
        self._thread.start()

    def cancel(self) -> None:
        """Threads cannot be cancelled: the caller's stop signal ends the work."""

    @property
    def done(self) -> bool:
        return not self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Until the work ends (or ``timeout`` seconds); its error is raised here."""
        self._thread.join(timeout)
        if self._error is not None:
            raise self._error


__all__ = [
    "AsyncStopSignal",
    "AsyncStoppable",
    "AsyncWorker",
    "StopSignal",
    "Stoppable",
    "Worker",
    "async_interrupt",
    "async_merge",
    "interrupt",
    "merge",
]
