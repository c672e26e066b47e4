"""The primitives of the log bridge whose async and sync versions differ by more than ``await``.

Both versions are written here by hand; the sync-generation script maps each async name to its
sync twin (``async_merge`` to ``merge``, ``AsyncWorker`` to ``Worker``...). Async code runs in
tasks and stops by cancellation; sync code runs in threads and stops by a signal plus closing
the connection a thread is blocked on.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import queue
import socket
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar, cast

import httpx

from resourcekit.core.errors import (
    ConfigurationError,
    ConnectionError,
    NotFoundError,
    PermissionDeniedError,
    ResourceKitError,
    TimeoutError,
    error_class_for_status,
)
from resourcekit.hookio.errors import WebSocketClosed

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


# -- websockets (httpx-ws, the ``websockets`` extra) -------------------------------------------------


def _httpx_ws() -> Any:
    try:
        import httpx_ws
    except ImportError as error:  # the optional extra
        raise ConfigurationError("hook.io websockets need httpx-ws: pip install 'resourcekit[websockets]'") from error
    return httpx_ws


def async_connect_ws(url: str, client: httpx.AsyncClient, **options: Any) -> Any:
    """httpx-ws's ``aconnect_ws`` (an async context manager of a session)."""
    return _httpx_ws().aconnect_ws(url, client, **options)


def connect_ws(url: str, client: httpx.Client, **options: Any) -> Any:
    """httpx-ws's ``connect_ws`` (a context manager of a session)."""
    return _httpx_ws().connect_ws(url, client, **options)


def websocket_error(error: BaseException, url: str) -> ResourceKitError | None:
    """The typed error of an httpx-ws failure, or ``None`` when it is not one."""
    try:
        from httpx_ws import WebSocketDisconnect, WebSocketNetworkError, WebSocketUpgradeError
    except ImportError:
        return None
    if isinstance(error, WebSocketDisconnect):
        code, reason = int(error.code), str(error.reason or "")
        if code == CLOSE_NOT_FOUND:
            return NotFoundError(reason or f"no hook at {url}", status=404, code=str(code), raw=reason)
        if code == CLOSE_FORBIDDEN:
            return PermissionDeniedError(reason or f"not allowed: {url}", status=403, code=str(code), raw=reason)
        return WebSocketClosed(code, reason, url)
    if isinstance(error, WebSocketUpgradeError):
        status = error.response.status_code
        return error_class_for_status(status)(f"the server refused the websocket ({status})", status=status)
    if isinstance(error, queue.Empty | builtins.TimeoutError):  # sync and async receive timeouts
        return TimeoutError(f"no websocket message arrived in time: {url}", url=url)
    if isinstance(error, WebSocketNetworkError | httpx.TransportError):
        return ConnectionError(f"the websocket broke: {error}", url=url)
    return None


def single_error(error: BaseException) -> BaseException:
    """The one error inside (nested) exception groups of one error each, else ``error`` itself.

    httpx-ws runs its socket in a task group, which wraps whatever leaves the ``with`` block.
    """
    inner: Any = getattr(error, "exceptions", None)
    while isinstance(inner, tuple) and len(cast("tuple[BaseException, ...]", inner)) == 1:
        error = cast("tuple[BaseException, ...]", inner)[0]
        inner = getattr(error, "exceptions", None)
    return error


CLOSE_NOT_FOUND = 4404
"""The close code the sandbox sends for a missing hook (4000-4999 are the application's)."""
CLOSE_FORBIDDEN = 4403
"""The close code for a private hook the key may not run."""


__all__ = [
    "CLOSE_FORBIDDEN",
    "CLOSE_NOT_FOUND",
    "AsyncStopSignal",
    "AsyncStoppable",
    "AsyncWorker",
    "StopSignal",
    "Stoppable",
    "Worker",
    "async_connect_ws",
    "async_interrupt",
    "async_merge",
    "connect_ws",
    "interrupt",
    "merge",
    "single_error",
    "websocket_error",
]
