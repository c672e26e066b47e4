"""Logs and events: read, stream live, cancel (the server sees the reader leave), reconnect."""

from __future__ import annotations

import json

import httpx
import pytest

from resourcekit.core.errors import ConnectionError
from resourcekit.hookio import AsyncEntryStream, AsyncHookIO, Event, LogEntry, RoleAccessError, roles
from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import log_source, unique, wait_until


def no_readers(sandbox: RunningSandbox, owner: str, name: str) -> bool:
    return not sandbox.emulator.state.hook_logs(owner, name)._waiters


@pytest.mark.anyio
async def test_logs_read_run_flush(sandbox: RunningSandbox) -> None:
    value = unique("v")
    async with sandbox.async_client() as hookio:
        hook = await hookio.hooks.create(unique("logs"), log_source(value), language="python")
        assert await hook.logs.read() == []
        assert (await hook.run(send_key=False)).json() == value
        entries = await hook.logs.read()
        assert len(entries) == 1
        assert isinstance(entries[0], LogEntry)
        assert entries[0].value == f"test-{value}"
        assert entries[0].data == json.dumps(f"test-{value}")
        assert await hook.logs.flush() is True
        assert await hook.logs.read() == []
        assert await hookio.hooks.logs(hook.path).flush() is False


@pytest.mark.anyio
async def test_logs_keep_the_last_50_newest_first(sandbox: RunningSandbox) -> None:
    source = 'import sys\nfor i in range(60):\n    sys.stderr.write(\'{"type":"log","payload":{"entry":%d}}\\n\' % i)\n'
    async with sandbox.async_client() as hookio:
        hook = await hookio.hooks.create(unique("many"), source, language="python")
        await hook.run()
        entries = await hook.logs.read()
        assert [entry.value for entry in entries] == list(range(59, 9, -1))


@pytest.mark.anyio
async def test_log_stream_sends_recent_then_live_entries_and_closes(sandbox: RunningSandbox) -> None:
    value = unique("live")
    async with sandbox.async_client() as hookio:
        hook = await hookio.hooks.create(unique("stream"), log_source(value), language="python")
        await hook.run()
        await hook.run()
        async with hook.logs.stream() as entries:
            received: list[LogEntry] = []
            async for entry in entries:
                received.append(entry)
                if len(received) == 2:
                    await hook.run()  # while the stream stays open
                if len(received) == 3:
                    break
        assert [entry.value for entry in received] == [f"test-{value}"] * 3
        assert received[0].time <= received[1].time <= received[2].time
        assert wait_until(lambda: no_readers(sandbox, "marak", hook.name))


@pytest.mark.anyio
async def test_log_stream_take_cancel_and_reconnect(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        hook = await hookio.hooks.create(unique("again"), log_source("x"), language="python")
        await hook.run()
        first = await hook.logs.stream().take(1)
        assert len(first) == 1
        assert wait_until(lambda: no_readers(sandbox, "marak", hook.name))
        await hook.run()
        again = await hook.logs.stream().take(2)  # a new connection sends the recent entries again
        assert [entry.value for entry in again] == ["test-x", "test-x"]
        assert again[0].time == first[0].time
        assert await hook.logs.stream().take(0) == []
        assert wait_until(lambda: no_readers(sandbox, "marak", hook.name))


@pytest.mark.anyio
async def test_stream_of_a_private_hook_needs_the_role(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client(api_key=None, environ={}) as anonymous:
        with pytest.raises(RoleAccessError) as caught:
            await anonymous.hooks.logs("marak/secret").stream().take(1)
        assert caught.value.role == roles.HOOK_LOGS_READ


@pytest.mark.anyio
async def test_events_get_and_stream(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        await hookio.hooks.run("marak/echo", {"from": "events"})
        events = await hookio.events.get()
        assert events
        assert all(isinstance(event, Event) for event in events)
        assert len(events) <= 50
        assert events[0].type == "hook::run"
        assert events[0].url == "/marak/echo"
        assert [event.time for event in events] == sorted((event.time for event in events), reverse=True)
        async with hookio.events.stream("marak") as stream:
            async for event in stream:
                assert isinstance(event, Event)
                break
        name = unique("evt")
        backlog = len(await hookio.events.get())
        async with hookio.events.stream() as stream:
            count = 0
            async for event in stream:
                count += 1
                if count == backlog:
                    await hookio.keys.create(name, ["a"])  # a live event, after the recent ones
                if count > backlog and event.type == "keys::created":
                    assert event.name == name
                    break
        assert wait_until(lambda: not sandbox.emulator.state.owner_events("marak")._waiters)
    async with sandbox.async_client(api_key=None, environ={}) as anonymous:
        with pytest.raises(RoleAccessError) as caught:
            await anonymous.events.get("marak")
        assert caught.value.role == roles.EVENTS_READ


# -- the stream iterator against scripted replies (reconnection) ----------------------------


def scripted(bodies: list[bytes]) -> httpx.MockTransport:
    """A server whose log stream ends after each scripted body (then fails when out of script)."""
    replies = list(bodies)

    def handler(request: httpx.Request) -> httpx.Response:
        if not replies:
            raise httpx.ConnectError("no more replies", request=request)
        return httpx.Response(200, content=replies.pop(0), headers={"content-type": "application/json"})

    return httpx.MockTransport(handler)


def lines(*entries: dict[str, str]) -> bytes:
    return b"".join(json.dumps(entry).encode() + b"\n" for entry in entries)


ONE = {"time": "2016-06-01T00:00:00.000Z", "data": '"one"', "ip": "1.1.1.1"}
TWO = {"time": "2016-06-01T00:00:01.000Z", "data": '"two"', "ip": "1.1.1.1"}
THREE = {"time": "2016-06-01T00:00:02.000Z", "data": '"three"', "ip": "1.1.1.1"}


@pytest.mark.anyio
async def test_reconnect_skips_entries_already_seen() -> None:
    transport = scripted([lines(ONE, TWO), b"\n" + lines(ONE, TWO, THREE), b""])
    async with AsyncHookIO(api_key="k", url="http://sandbox.test", http_transport=transport, max_retries=0) as hookio:
        stream = hookio.hooks.logs("marak/echo").stream(reconnect=True, max_reconnects=1)
        assert isinstance(stream, AsyncEntryStream)
        values = [entry.value async for entry in stream]
    assert values == ["one", "two", "three"]


@pytest.mark.anyio
async def test_without_reconnect_the_stream_ends_with_the_connection() -> None:
    transport = scripted([lines(ONE), lines(ONE, TWO)])
    async with AsyncHookIO(api_key="k", url="http://sandbox.test", http_transport=transport, max_retries=0) as hookio:
        values = [entry.value async for entry in hookio.hooks.logs("marak/echo").stream()]
    assert values == ["one"]


@pytest.mark.anyio
async def test_reconnect_gives_up_after_max_reconnects() -> None:
    transport = scripted([lines(ONE)])
    async with AsyncHookIO(api_key="k", url="http://sandbox.test", http_transport=transport, max_retries=0) as hookio:
        stream = hookio.hooks.logs("marak/echo").stream(reconnect=True, max_reconnects=2)
        seen: list[str] = []

        async def drain() -> None:
            async for entry in stream:
                seen.append(entry.value)

        with pytest.raises(ConnectionError):
            await drain()
    assert seen == ["one"]
