"""Cancellable iterators over hook.io's never-ending NDJSON streams, and streamed hook output."""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, Generic, TypeVar

import httpx

from resourcekit.core import concurrency
from resourcekit.core._async.lines import async_read_lines
from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core.errors import ConnectionError, TimeoutError
from resourcekit.core.options import DEFAULT_MAX_LINE_BYTES
from resourcekit.core.request import RequestSpec
from resourcekit.hookio import wire
from resourcekit.hookio._bridge import async_interrupt

T = TypeVar("T")

SEEN_WINDOW = wire.MAX_STREAM_ENTRIES * 2


class AsyncEntryStream(Generic[T]):
    """The entries of a log or event stream, as they come: the recent ones first, then live ones.

    hook.io never ends these streams; stop by leaving the loop. The connection is released when
    the loop ends: at once in a ``with`` block (``async with`` in async code) or when the caller
    breaks out of a plain ``for`` loop, and on task cancellation. Each iteration opens a new
    connection, so iterating again reconnects.

    With ``reconnect=True`` a dropped connection is opened again (up to ``max_reconnects`` times
    in a row, without limit for ``None``; waiting ``backoff`` seconds, doubled each time up to 8,
    between attempts) and the recent entries the server sends again are skipped.

    `stop` ends the iteration from elsewhere (another thread in sync code): no reconnection
    follows, and a sync reader blocked on the connection is released.

    Lines are read with a bound (the client's ``max_line_bytes``): a line that grows past it
    without ending raises `ResponseTooLargeError` (never reconnected) instead of filling memory.
    """

    def __init__(
        self,
        transport: AsyncTransport,
        build: Callable[[], Awaitable[RequestSpec]],
        parse: Callable[[Mapping[str, Any]], T],
        *,
        reconnect: bool = False,
        max_reconnects: int | None = 5,
        backoff: float = 0.0,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self._transport = transport
        self._build = build
        self._parse = parse
        self._reconnect = reconnect
        self._max_reconnects = max_reconnects
        self._backoff = backoff
        self._sleep = sleep or concurrency.async_sleep
        self._active: AsyncGenerator[T, None] | None = None
        self._response: httpx.Response | None = None
        self._stopped = False

    def stop(self) -> None:
        """End the iteration: no reconnection, and a reader blocked on the connection is released."""
        self._stopped = True
        if self._response is not None:
            async_interrupt(self._response)

    def _gives_up(self, failures: int) -> bool:
        if self._stopped or not self._reconnect:
            return True
        return self._max_reconnects is not None and failures >= self._max_reconnects

    async def __aiter__(self) -> AsyncGenerator[T, None]:
        seen: deque[str] = deque(maxlen=SEEN_WINDOW)
        failures = 0
        resumed = False
        spec = await self._build()
        while not self._stopped:
            try:
                async with self._transport.stream(spec) as response:
                    self._response = response
                    if self._stopped:  # stop() came before the connection was known to it
                        return
                    async for line in self._lines(response, spec):
                        entry = wire.parse_stream_line(line)
                        if entry is None:
                            continue
                        identity = wire.entry_identity(entry)
                        if resumed and identity in seen:
                            continue
                        seen.append(identity)
                        failures = 0
                        yield self._parse(entry)
            except ConnectionError:
                if self._stopped:
                    return
                if self._gives_up(failures):
                    raise
            except Exception:
                if self._stopped:  # the connection was closed under the reader by stop()
                    return
                raise
            finally:
                self._response = None
            if self._gives_up(failures):
                return
            if self._backoff > 0:
                await self._sleep(min(self._backoff * 2**failures, 8.0))
            failures += 1
            resumed = True

    async def _lines(self, response: httpx.Response, spec: RequestSpec) -> AsyncIterator[str]:
        try:
            async for line in async_read_lines(response, self._transport.options.max_line_bytes):
                yield line
        except httpx.TimeoutException as error:
            raise TimeoutError(f"the stream went quiet: {error}", method=spec.method, url=spec.url) from error
        except httpx.TransportError as error:
            raise ConnectionError(f"the stream broke: {error}", method=spec.method, url=spec.url) from error

    async def take(self, count: int) -> list[T]:
        """The next ``count`` entries, then the connection is closed."""
        taken: list[T] = []
        if count <= 0:
            return taken
        async with self as entries:
            async for entry in entries:
                taken.append(entry)
                if len(taken) >= count:
                    break
        return taken

    async def __aenter__(self) -> AsyncGenerator[T, None]:
        self._active = self.__aiter__()
        return self._active

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection of the iteration opened by ``with``."""
        active, self._active = self._active, None
        if active is not None:
            await active.aclose()


class AsyncRunStream:
    """A hook's output while it arrives (from ``hook.run_stream()``)."""

    def __init__(self, response: httpx.Response, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> None:
        self._response = response
        self.max_line_bytes: int = max_line_bytes
        """The longest line `aiter_lines` accepts (`ResponseTooLargeError` beyond)."""
        self.status_code: int = response.status_code
        """The HTTP status of the run."""
        self.headers: Mapping[str, str] = response.headers
        """The reply headers."""

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        """The output in chunks as they arrive."""
        try:
            async for chunk in self._response.aiter_bytes():
                yield chunk
        except httpx.TransportError as error:
            raise ConnectionError(f"the hook's output broke off: {error}") from error

    async def aiter_lines(self) -> AsyncIterator[str]:
        """The output line by line (line endings removed).

        Raises:
            ResponseTooLargeError: A line grew past ``max_line_bytes`` before its end arrived.
        """
        try:
            async for line in async_read_lines(self._response, self.max_line_bytes):
                yield line
        except httpx.TransportError as error:
            raise ConnectionError(f"the hook's output broke off: {error}") from error

    async def aread(self) -> bytes:
        """The rest of the output."""
        return b"".join([chunk async for chunk in self.aiter_bytes()])
