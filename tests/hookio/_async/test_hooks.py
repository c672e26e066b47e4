"""Hooks end to end against the sandbox: create, run, read, change, fork, destroy."""

from __future__ import annotations

import json

import pytest

from resourcekit.core.errors import ConflictError, InvalidInputError, NotFoundError, ReadOnlyFieldError, ServerError
from resourcekit.hookio import AsyncHook, RoleAccessError, roles
from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import unique

HEADER_PROBE = "import json\nprint(json.dumps({'key_sent': 'hookio-private-key' in Hook.req.headers}))\n"


@pytest.mark.anyio
async def test_get_list_and_source(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        echo = await hookio.hooks.get("marak/echo")
        assert isinstance(echo, AsyncHook)
        assert (echo.owner, echo.name, echo.language, echo.is_private) == ("marak", "echo", "javascript", False)
        assert echo.ctime is not None
        assert await echo.fetch_source() == echo.source
        assert await hookio.hooks.source("marak", "echo") == echo.source
        public = {hook.name for hook in await hookio.hooks.list("marak")}
        assert {"echo", "hello", "hook-1", "hook-3"} <= public
        assert "secret" not in public  # listings show public hooks only, even to their owner
        theirs = {hook.name for hook in await hookio.hooks.list("alice")}
        assert theirs == {"echo"}
        services = {hook.name for hook in await hookio.hooks.services()}
        assert services == public | {"secret"}
        with pytest.raises(NotFoundError):
            await hookio.hooks.get("marak/missing")
        with pytest.raises(InvalidInputError):
            await hookio.hooks.get("no-slash")


@pytest.mark.anyio
async def test_create_run_update_destroy(sandbox: RunningSandbox) -> None:
    name = unique("Life")
    async with sandbox.async_client() as hookio:
        hook = await hookio.hooks.create(name, "print('one')", language="python")
        assert hook.name == name.lower()
        assert sandbox.side_effects["hook.create"] >= 1
        assert (await hook.run()).text == "one\n"
        hook.source = "print('two')"
        hook.custom_timeout = 5000
        assert set(hook.changes()) == {"source", "customTimeout"}
        await hook.save()
        assert not hook.has_changes
        fresh = await hookio.hooks.get(hook.path)
        assert (fresh.source, fresh.custom_timeout) == ("print('two')", 5000)
        assert (await fresh.run()).text == "two\n"
        with pytest.raises(ReadOnlyFieldError):
            hook.owner = "someone"  # type: ignore[misc]
        with pytest.raises(ConflictError):
            await hookio.hooks.create(name, "print(1)", language="python")
        renamed = unique("renamed")
        hook.name = renamed
        await hook.save()
        assert (await hookio.hooks.get("marak", renamed)).source == "print('two')"
        with pytest.raises(NotFoundError):
            await hookio.hooks.get("marak", name.lower())
        deleted = await hook.delete()
        assert (deleted.status, deleted.name, deleted.owner) == ("deleted", renamed, "marak")
        assert deleted.message == f'Hook "{renamed}" has been deleted!'
        with pytest.raises(NotFoundError):
            await hookio.hooks.run(f"marak/{renamed}")
        with pytest.raises(NotFoundError):
            await hookio.hooks.destroy("marak", renamed)


@pytest.mark.anyio
async def test_refresh_re_reads_the_document(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        hook = await hookio.hooks.create(unique("refresh"), "print(1)", language="python")
        await hookio.hooks.update(hook.path, source="print(2)")
        assert hook.source == "print(1)"
        assert (await hook.refresh()).source == "print(2)"
        reloaded = await hook.refresh_source()
        assert reloaded.mtime is not None
        assert sandbox.side_effects["hook.refresh"] >= 1


@pytest.mark.anyio
async def test_run_methods_and_bodies(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        posted = await hookio.hooks.run("marak/echo", {"a": 1})
        assert posted.status_code == 200
        assert posted.json() == {"a": 1, "param1": "foo", "param2": "bar"}
        got = await hookio.hooks.run("marak/echo", {"q": "x y&z"}, method="GET")
        assert got.json() == {"q": "x y&z", "param1": "foo", "param2": "bar"}
        put = await hookio.hooks.run("marak/echo", {"p": True}, method="PUT", params={"extra": "1"})
        assert put.json()["p"] is True
        assert put.json()["extra"] == "1"
        text = await hookio.hooks.run("marak/echo", "raw text body")
        assert text.text == "raw text body"
        assert text.value == "raw text body"
        raw = await hookio.hooks.run("marak/echo", b"\x00\x01\x02")
        assert raw.content == b"\x00\x01\x02"
        hello = await hookio.hooks.run("marak/hello", {"name": "bob"})
        assert hello.json() == {"hello": "bob"}
        assert hello.content_type.startswith("text/plain")
        with pytest.raises(InvalidInputError):
            await hookio.hooks.run("marak/echo", method="GE T")
        with pytest.raises(InvalidInputError):
            await hookio.hooks.run("marak/echo", {"nested": {"a": 1}}, method="GET")


@pytest.mark.anyio
async def test_run_stream_yields_the_output(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        hook = await hookio.hooks.create(
            unique("lines"), "for i in range(3):\n    print('line', i, flush=True)\n", language="python"
        )
        async with hook.run_stream() as output:
            assert output.status_code == 200
            lines = [line async for line in output.aiter_lines()]
        assert lines == ["line 0", "line 1", "line 2"]
        async with hookio.hooks.run_stream("marak/echo", {"k": "v"}) as output:
            assert json.loads(await output.aread())["k"] == "v"
        async with sandbox.async_client(api_key=None, environ={}) as anonymous:
            with pytest.raises(RoleAccessError):
                async with anonymous.hooks.run_stream("marak/secret"):
                    pass


@pytest.mark.anyio
async def test_private_hooks_need_the_key_of_their_owner(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        assert (await hookio.hooks.run("marak/secret")).text == "the secret is safe\n"
        with pytest.raises(RoleAccessError) as caught:
            await hookio.hooks.run("alice/private")
        assert caught.value.role == roles.HOOK_RUN
        assert caught.value.status == 200
        assert sandbox.credentials["hook_private_key"] not in str(caught.value)
    async with sandbox.async_client(api_key=None, environ={}) as anonymous:
        assert not anonymous.has_key
        with pytest.raises(RoleAccessError) as caught:
            await anonymous.hooks.run("marak/secret")
        assert caught.value.user == "anonymous"
        assert (await anonymous.hooks.run("marak/echo")).json()["param1"] == "foo"


@pytest.mark.anyio
async def test_the_key_never_goes_to_other_owners_hooks_unless_asked(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client(api_key=sandbox.credentials["other_key"]) as alice:
        probe = await alice.hooks.create(unique("probe"), HEADER_PROBE, language="python")
        assert (await alice.hooks.run(probe.path)).json() == {"key_sent": True}
    async with sandbox.async_client() as marak:
        assert (await marak.hooks.run(probe.path)).json() == {"key_sent": False}
        assert (await marak.hooks.run(probe.path, send_key=True)).json() == {"key_sent": True}
        own = await marak.hooks.create(unique("own-probe"), HEADER_PROBE, language="python")
        assert (await own.run()).json() == {"key_sent": True}
        assert (await own.run(send_key=False)).json() == {"key_sent": False}


@pytest.mark.anyio
async def test_fork_package_view_presenter(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        theirs = await hookio.hooks.get("alice/echo")
        forked = await theirs.fork(unique("forked"))
        assert forked.owner == "marak"
        assert forked.source == theirs.source
        assert sandbox.side_effects["hook.fork"] >= 1
        package = await forked.package()
        assert package["name"] == forked.name
        assert package["author"] == "marak"
        assert "hook-output" in await forked.view()
        assert "module['exports']" in await forked.presenter()
        with pytest.raises(NotFoundError):
            await hookio.hooks.fork("alice", "missing")


@pytest.mark.anyio
async def test_roles_are_enforced_for_hook_changes(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client(api_key=sandbox.credentials["readonly_key"]) as readonly:
        with pytest.raises(RoleAccessError) as caught:
            await readonly.hooks.create(unique("nope"), "print(1)")
        assert caught.value.role == roles.HOOK_CREATE
        with pytest.raises(RoleAccessError) as updating:
            await readonly.hooks.update("marak/echo", source="x")
        assert updating.value.role == roles.HOOK_UPDATE
        with pytest.raises(RoleAccessError):
            await readonly.hooks.destroy("marak/echo")
        with pytest.raises(RoleAccessError) as reading:
            await readonly.hooks.source("marak/secret")
        assert reading.value.role == roles.HOOK_SOURCE_READ
    assert sandbox.emulator.state.hooks[("marak", "echo")]["source"].startswith("module")


@pytest.mark.anyio
async def test_hook_timeouts_and_failures_are_server_errors(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        slow = await hookio.hooks.create(
            unique("slow"), "import time\ntime.sleep(5)\n", language="python", custom_timeout=300
        )
        with pytest.raises(ServerError) as timed_out:
            await slow.run()
        assert timed_out.value.status == 500
        assert "Timeout Limit Hit" in timed_out.value.message
        broken = await hookio.hooks.create(unique("broken"), "raise ValueError('boom')\n", language="python")
        runs = sandbox.side_effects["hook.run"]
        with pytest.raises(ServerError) as failed:
            await broken.run()
        assert "ValueError: boom" in failed.value.message
        assert sandbox.side_effects["hook.run"] == runs + 1  # a failed run is not sent again


@pytest.mark.anyio
async def test_metrics_count_runs(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        echo = await hookio.hooks.get("marak/echo")
        before = await echo.metrics.hits()
        await echo.run()
        await echo.run()
        assert await echo.metrics.hits() == before + 2
        assert await hookio.metrics.hits("marak", "never-ran") == 0
