"""Websockets to hooks against the sandbox over real sockets: send, receive, iterate, close codes."""

from __future__ import annotations

import pytest

from resourcekit.core.errors import NotFoundError, PermissionDeniedError, TimeoutError
from resourcekit.hookio import AsyncHookIO
from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import unique

DOUBLER = """
import json
body = Hook.params.get("body")
if body is not None:
    print(json.dumps({"echo": body}))
else:
    print(json.dumps({"double": Hook.params["n"] * 2, "tag": Hook.params.get("tag")}))
"""


@pytest.mark.anyio
async def test_each_message_runs_the_hook(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        hook = await hookio.hooks.create(unique("ws"), DOUBLER, language="python")
        async with hook.websocket(params={"tag": "q"}) as socket:
            await socket.send({"n": 21})
            assert await socket.receive() == {"double": 42, "tag": "q"}
            await socket.send("plain text ✓")
            assert await socket.receive_json() == {"echo": "plain text ✓"}
            await socket.send("[1, 2]")
            assert await socket.receive() == {"echo": [1, 2]}


@pytest.mark.anyio
async def test_the_echo_example_over_a_websocket(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio, hookio.hooks.websocket("examples/echo") as socket:
        await socket.send({"hello": "world"})
        assert (await socket.receive())["hello"] == "world"
        await socket.send("not json")
        assert (await socket.receive())["body"] == "not json"
        await socket.send(b'{"raw": true}')
        assert (await socket.receive())["raw"] is True
        await socket.close()


@pytest.mark.anyio
async def test_iteration_reads_replies_until_closed(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio, hookio.hooks.websocket("marak/echo") as socket:
        for n in range(3):
            await socket.send({"n": n})
        seen: list[int] = []
        async for message in socket:
            seen.append(int(message["n"]))
            if len(seen) == 3:
                break
        assert seen == [0, 1, 2]


async def talk_once(hookio: AsyncHookIO, path: str) -> object:
    async with hookio.hooks.websocket(path) as socket:
        await socket.send({"x": 1})
        return await socket.receive()


@pytest.mark.anyio
async def test_missing_and_private_hooks_close_with_clear_codes(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        with pytest.raises(NotFoundError, match="404 not found /marak/nothing-here"):
            await talk_once(hookio, "marak/nothing-here")
    async with sandbox.async_client(api_key=None, environ={}) as anonymous:
        with pytest.raises(PermissionDeniedError, match="hook::run"):
            await talk_once(anonymous, "marak/secret")
    async with sandbox.async_client() as owner, owner.hooks.websocket("marak/secret") as socket:
        await socket.send({})
        assert await socket.receive() is not None  # the owner's key goes along to their hook


HEADER_PROBE = "import json\nprint(json.dumps({'key_sent': 'hookio-private-key' in Hook.req.headers}))\n"


@pytest.mark.anyio
async def test_the_key_goes_only_to_your_own_hooks(sandbox: RunningSandbox) -> None:
    name = unique("ws-probe")
    async with sandbox.async_client(api_key=sandbox.credentials["other_key"]) as alice:
        await alice.hooks.create(name, HEADER_PROBE, language="python")
    async with sandbox.async_client() as marak:
        await marak.hooks.create(name, HEADER_PROBE, language="python")
        async with marak.hooks.websocket(f"alice/{name}") as theirs:
            await theirs.send({})
            assert await theirs.receive() == {"key_sent": False}
        async with marak.hooks.websocket(f"marak/{name}") as mine:
            await mine.send({})
            assert await mine.receive() == {"key_sent": True}


@pytest.mark.anyio
async def test_a_receive_with_nothing_to_read_times_out(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio, hookio.hooks.websocket("examples/echo") as socket:
        with pytest.raises(TimeoutError):
            await socket.receive(timeout=0.2)
        await socket.send({"still": "open"})
        assert (await socket.receive())["still"] == "open"
