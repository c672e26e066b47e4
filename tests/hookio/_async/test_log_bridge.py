"""hook.io logs into Python logging: join several streams, forward in the background, reconnect
without duplicates; entries mapped to LogRecords."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import httpx
import pytest

from resourcekit.hookio import AsyncHookIO, LogEntry
from resourcekit.hookio.logrecords import entry_record
from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import async_eventually, unique

LOGGING_HOOK = """
import logging
from resourcekit.hookio import LogHandler

log = logging.getLogger("worker")
log.addHandler(LogHandler())
log.error("job %s failed", Hook.params["job"], extra={"job": Hook.params["job"]})
print("ok")
"""


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def collected() -> Iterator[tuple[logging.Logger, Collect]]:
    logger = logging.getLogger(unique("bridge"))
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    handler = Collect()
    logger.addHandler(handler)
    yield logger, handler
    logger.removeHandler(handler)


def test_entry_to_record_mapping() -> None:
    entry = LogEntry.from_wire(
        {
            "time": "2026-01-02T03:04:05.250Z",
            "data": json.dumps({"level": "warning", "logger": "db", "message": "slow", "ms": 900, "name": "x"}),
            "ip": "10.0.0.1",
        }
    )
    record = entry_record(entry, "marak/echo", "hooks")
    assert (record.levelno, record.levelname, record.name) == (logging.WARNING, "WARNING", "hooks.db")
    assert record.getMessage() == "slow"
    assert record.created == entry.time.timestamp()
    assert (record.__dict__["hook"], record.__dict__["ip"], record.__dict__["ms"]) == ("marak/echo", "10.0.0.1", 900)
    assert record.__dict__["hookio_entry"]["ms"] == 900
    plain = entry_record(LogEntry.from_wire({"time": "2026-01-02T03:04:05Z", "data": '"hi ✓"'}), "a/b", "hooks")
    assert (plain.levelno, plain.getMessage(), plain.name) == (logging.INFO, "hi ✓", "hooks")
    listed = entry_record(LogEntry.from_wire({"time": "2026-01-02T03:04:05Z", "data": "[1, 2]"}), "a/b", "x")
    assert listed.getMessage() == "[1, 2]"


@pytest.mark.anyio
async def test_join_merges_several_hooks(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        first = await hookio.hooks.create(unique("join-a"), LOGGING_HOOK, language="python")
        second = await hookio.hooks.create(unique("join-b"), LOGGING_HOOK, language="python")
        await first.run({"job": 1})
        await second.run({"job": 2})
        seen: dict[str, object] = {}
        async for hook, entry in hookio.logs.join([first, second.path]):
            seen[hook] = entry.value["job"]
            if len(seen) == 2:
                break
        assert seen == {first.path: 1, second.path: 2}


@pytest.mark.anyio
async def test_forward_emits_records_until_stopped(
    sandbox: RunningSandbox, collected: tuple[logging.Logger, Collect]
) -> None:
    logger, handler = collected
    async with sandbox.async_client() as hookio:
        first = await hookio.hooks.create(unique("fwd-a"), LOGGING_HOOK, language="python")
        second = await hookio.hooks.create(unique("fwd-b"), LOGGING_HOOK, language="python")
        async with hookio.logs.forward(logger, hooks=[first, second]) as forwarder:
            assert forwarder.running
            await first.run({"job": "日本"})
            await second.run({"job": "émoji 🎉"})
            assert await async_eventually(lambda: len(handler.records) >= 2)
        assert not forwarder.running
        by_hook = {record.__dict__["hook"]: record for record in handler.records}
        assert set(by_hook) == {first.path, second.path}
        record = by_hook[first.path]
        assert (record.levelno, record.getMessage(), record.name) == (
            logging.ERROR,
            "job 日本 failed",
            logger.name + ".worker",
        )
        assert record.__dict__["job"] == "日本"
        assert forwarder.forwarded == 2


ONE = {"time": "2026-06-01T00:00:00.000Z", "data": '"one"', "ip": "1.1.1.1"}
TWO = {"time": "2026-06-01T00:00:01.000Z", "data": '"two"', "ip": "1.1.1.1"}
THREE = {"time": "2026-06-01T00:00:02.000Z", "data": '"three"', "ip": "1.1.1.1"}


def dropping_server() -> httpx.MockTransport:
    """A log stream that breaks after each reply, resending the recent entries each time."""
    replies = [[ONE, TWO], [ONE, TWO, THREE]]

    def handler(request: httpx.Request) -> httpx.Response:
        if not replies:
            raise httpx.ConnectError("down", request=request)
        body = b"".join(json.dumps(entry).encode() + b"\n" for entry in replies.pop(0))
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    return httpx.MockTransport(handler)


@pytest.mark.anyio
async def test_forward_reconnects_without_duplicates(collected: tuple[logging.Logger, Collect]) -> None:
    logger, handler = collected
    async with AsyncHookIO(api_key="k", url="http://127.0.0.1:9", http_transport=dropping_server()) as hookio:
        forwarder = hookio.logs.forward(logger, hooks=["marak/echo"], backoff=0.01)
        assert await async_eventually(lambda: len(handler.records) >= 3)
        await forwarder.stop()
    assert [record.getMessage() for record in handler.records] == ["one", "two", "three"]
