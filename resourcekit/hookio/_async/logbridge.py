"""hook.io logs into Python `logging`: several hooks' streams joined, and forwarded in the background."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from types import TracebackType
from typing import TYPE_CHECKING

from typing_extensions import Self

from resourcekit.core.errors import InvalidInputError
from resourcekit.hookio import wire
from resourcekit.hookio._async.records import AsyncHook
from resourcekit.hookio._async.streams import AsyncEntryStream
from resourcekit.hookio._bridge import AsyncStopSignal, AsyncWorker, async_merge
from resourcekit.hookio.logrecords import entry_record
from resourcekit.hookio.models import LogEntry

if TYPE_CHECKING:
    from resourcekit.hookio._async.client import AsyncHookIO

HookName = str | AsyncHook
"""A hook as ``"owner/name"`` or as a record."""

DEFAULT_BACKOFF = 0.5
"""Seconds before the first reconnection of a forwarded stream (doubled each time, up to 8)."""


def _paths(hooks: Iterable[HookName]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for hook in hooks:
        owner, name = (hook.owner, hook.name) if isinstance(hook, AsyncHook) else wire.split_hook_path(hook)
        if (owner, name) not in found:
            found.append((owner, name))
    if not found:
        raise InvalidInputError('name at least one hook ("owner/name")')
    return found


class AsyncLogs:
    """Logs across hooks: `join` several streams into one, `forward` them into `logging`.

    One hook's log is ``hook.logs`` (read, stream, flush).
    """

    def __init__(self, client: AsyncHookIO) -> None:
        self._client = client

    def _streams(
        self,
        paths: list[tuple[str, str]],
        reconnect: bool,
        backoff: float,
        max_reconnects: int | None,
        stop: AsyncStopSignal,
    ) -> list[AsyncEntryStream[LogEntry]]:
        return [
            self._client.hooks.stream_logs(
                owner, name, reconnect=reconnect, max_reconnects=max_reconnects, backoff=backoff, sleep=stop.sleep
            )
            for owner, name in paths
        ]

    async def join(
        self,
        hooks: Iterable[HookName],
        *,
        reconnect: bool = True,
        backoff: float = DEFAULT_BACKOFF,
        max_reconnects: int | None = None,
    ) -> AsyncIterator[tuple[str, LogEntry]]:
        """``("owner/name", entry)`` from the streams of every hook in ``hooks``, as entries come.

        Each stream sends its recent entries first, then live ones; streams reconnect by default
        (``backoff`` seconds, doubled up to 8, without limit unless ``max_reconnects``), and the
        entries a reconnection sends again are skipped. Leave the loop to close every stream.
        """
        paths = _paths(hooks)
        streams = self._streams(paths, reconnect, backoff, max_reconnects, AsyncStopSignal())
        async for index, entry in async_merge(streams):
            yield "/".join(paths[index]), entry

    def forward(
        self,
        logger: logging.Logger | str,
        hooks: Iterable[HookName],
        *,
        backoff: float = DEFAULT_BACKOFF,
    ) -> AsyncLogForwarder:
        """Start emitting every entry of ``hooks``' logs as a `logging` record of ``logger``.

        Runs in the background (a task in async code, a daemon thread in sync code) until
        `AsyncLogForwarder.stop`; reconnects with backoff, without duplicates. The records are built
        by `resourcekit.hookio.logrecords.entry_record` (level, time, hook name, message, extra
        fields). The recent entries each stream starts with are forwarded too.
        """
        target = logging.getLogger(logger) if isinstance(logger, str) else logger
        return AsyncLogForwarder(self, target, _paths(hooks), backoff)


class AsyncLogForwarder:
    """Hook logs flowing into a `logging.Logger` in the background; ``stop()`` ends it.

    Use it as a context manager to stop on leaving the block. ``forwarded`` counts the records
    emitted so far.
    """

    def __init__(self, logs: AsyncLogs, logger: logging.Logger, paths: list[tuple[str, str]], backoff: float) -> None:
        self.logger: logging.Logger = logger
        """Where the records go."""
        self.hooks: list[str] = ["/".join(path) for path in paths]
        """The forwarded hooks, as ``"owner/name"``."""
        self.forwarded: int = 0
        """Records emitted so far."""
        self._stop = AsyncStopSignal()
        self._streams = logs._streams(paths, True, backoff, None, self._stop)
        self._worker = AsyncWorker(self._run, name="hookio-log-forwarder")

    async def _run(self) -> None:
        async for index, entry in async_merge(self._streams):
            if self._stop.is_set():
                break
            record = entry_record(entry, self.hooks[index], self.logger.name)
            if self.logger.isEnabledFor(record.levelno):
                self.logger.handle(record)
            self.forwarded += 1

    @property
    def running(self) -> bool:
        return not self._worker.done

    async def stop(self) -> None:
        """Stop forwarding and close the streams (returns when they are closed)."""
        self._stop.set()
        for stream in self._streams:
            stream.stop()
        self._worker.cancel()
        await self._worker.wait()

    async def wait(self) -> None:
        """Until forwarding ends by itself (a stream that gave up); its error is raised here."""
        await self._worker.wait()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()


__all__ = ["AsyncLogForwarder", "AsyncLogs"]
