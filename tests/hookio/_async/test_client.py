"""The client itself: configuration, secrets, raw access, retries, hooks calling back into hook.io."""

from __future__ import annotations

import logging
import pickle
from typing import Any

import httpx
import pytest

from resourcekit.core.concurrency import async_map_bounded
from resourcekit.core.errors import ConfigurationError, ConnectionError, ResponseValidationError, UnboundRecordError
from resourcekit.core.response import capture_responses
from resourcekit.hookio import AsyncHook, AsyncHookIO
from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import async_no_sleep, unique


@pytest.mark.anyio
async def test_key_and_url_from_the_environment(sandbox: RunningSandbox) -> None:
    key = sandbox.credentials["hook_private_key"]
    async with AsyncHookIO(environ={"hook_private_key": key, "HOOKIO_URL": sandbox.url}) as hookio:
        assert hookio.url == sandbox.url
        assert await hookio.owner() == "marak"
    access_key = sandbox.credentials["hookAccessKey"]
    async with AsyncHookIO(environ={"hookAccessKey": access_key, "HOOKIO_URL": sandbox.url}) as hookio:
        assert await hookio.env.get("GREETING") == "hello"
    async with AsyncHookIO(api_key="explicit", url=sandbox.url, environ={"hook_private_key": key}) as hookio:
        assert await hookio.keys.check_access("hook::run") is False  # the explicit key wins
    async with AsyncHookIO(environ={}) as default:
        assert default.url == "https://hook.io"
        assert not default.has_key
    with pytest.raises(ConfigurationError):
        AsyncHookIO(url="hook.io", environ={})
    assert sandbox.provider.environment(sandbox.url, sandbox.credentials) == {
        "hook_private_key": key,
        "HOOKIO_URL": sandbox.url,
    }


@pytest.mark.anyio
async def test_secrets_stay_out_of_reprs_logs_and_errors(
    sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    key = sandbox.credentials["hook_private_key"]
    caplog.set_level(logging.DEBUG, logger="resourcekit")
    async with sandbox.async_client() as hookio:
        assert key not in repr(hookio)
        assert key not in repr(hookio._transport.auth)
        await hookio.keys.all()
        await hookio.datastore.get("key-1")
        own = await hookio.keys.create(unique("shown"), ["a"])
        assert own.hook_private_key is not None
        assert own.hook_private_key not in repr(own)
        me = await hookio.account.whoami()
        assert key not in repr(me)
    async with sandbox.async_client(api_key=sandbox.credentials["readonly_key"]) as readonly:
        with pytest.raises(Exception) as caught:
            await readonly.request("POST", "/keys/create", json={"name": "x", "roles": "a"}, auth="keys")
        assert sandbox.credentials["readonly_key"] not in str(caught.value)
        assert sandbox.credentials["readonly_key"] not in repr(caught.value.args)
    assert caplog.records, "debug logging produced no lines"
    for secret in (key, sandbox.credentials["readonly_key"]):
        assert secret not in caplog.text


@pytest.mark.anyio
async def test_raw_access_and_captured_responses(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        response = await hookio.request_raw("GET", "/marak/echo/resource")
        assert response.status_code == 200
        assert response.parsed["name"] == "echo"
        assert "id" not in response.parsed
        hits = await hookio.request("GET", "/metrics/marak/echo/hits", reply="text", auth="anonymous")
        assert hits.isdigit()
        with capture_responses() as log:
            await hookio.hooks.get("marak/echo")
            await hookio.datastore.recent()
        assert [entry.status_code for entry in log] == [200, 200]
        assert log.last.url.endswith("/datastore/recent")
        logs_reply = await hookio.request_raw("GET", "/marak/echo/logs")
        assert logs_reply.headers["content-type"].startswith("text/json")


@pytest.mark.anyio
async def test_with_options_shares_the_connection(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        await hookio.owner()
        quick = hookio.with_options(timeout=3.0, max_retries=0)
        assert quick._transport.options.max_retries == 0
        assert (await quick.hooks.get("marak/echo")).name == "echo"
        await quick.aclose()
        assert not hookio._transport.is_closed
        assert (await hookio.hooks.get("marak/echo")).name == "echo"


@pytest.mark.anyio
async def test_idempotent_reads_are_retried_and_runs_are_not(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client(sleep=async_no_sleep) as hookio:
        sandbox.faults.fail_next(2, status=503, path="/marak/echo/resource")
        with capture_responses() as log:
            assert (await hookio.hooks.get("marak/echo")).name == "echo"
        assert log.last.retries_taken == 2
        runs = sandbox.side_effects["hook.run"]
        sandbox.faults.drop_next(1, after_app=True, path="/marak/echo")
        with pytest.raises(ConnectionError):
            await hookio.hooks.run("marak/echo", {"once": True})
        assert sandbox.side_effects["hook.run"] == runs + 1  # ran once, never sent again
        sets = sandbox.side_effects["datastore.set"]
        sandbox.faults.drop_next(1, after_app=True, path="/datastore/set")
        await hookio.datastore.set("retried", {"safe": "to repeat"})
        assert sandbox.side_effects["datastore.set"] == sets + 2
        assert await hookio.datastore.get("retried") == {"safe": "to repeat"}
        sandbox.faults.clear()


@pytest.mark.anyio
async def test_records_pickle_without_their_client(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        echo = await hookio.hooks.get("marak/echo")
        copy = pickle.loads(pickle.dumps(echo))
        assert isinstance(copy, AsyncHook)
        assert not copy.is_bound
        with pytest.raises(UnboundRecordError):
            await copy.refresh()
        copy.bind(hookio)
        assert (await copy.refresh()).name == "echo"


@pytest.mark.anyio
async def test_from_hook_environment_reaches_the_server_of_the_hook(sandbox: RunningSandbox) -> None:
    hook: dict[str, Any] = {
        "env": {"hookAccessKey": sandbox.credentials["hookAccessKey"], "HOOKIO_URL": sandbox.url},
        "req": {"host": "somewhere.example.invalid", "headers": {}},
        "params": {},
    }
    async with AsyncHookIO.from_hook_environment(hook, environ={}) as hookio:
        assert hookio.url == sandbox.url
        assert await hookio.owner() == "marak"
        assert await hookio.env.get("GREETING") == "hello"
    with pytest.raises(ConfigurationError):
        AsyncHookIO.from_hook_environment(environ={})


@pytest.mark.anyio
async def test_a_python_hook_uses_the_sdk_inside_the_sandbox(sandbox: RunningSandbox) -> None:
    source = (
        "import json\n"
        "from resourcekit.hookio import HookIO\n"
        "with HookIO.from_hook_environment() as sdk:\n"
        "    sdk.datastore['written-by-hook'] = Hook.params['v']\n"
        "    print(json.dumps({'owner': sdk.owner(), 'stored': sdk.datastore['written-by-hook']}))\n"
    )
    async with sandbox.async_client() as hookio:
        hook = await hookio.hooks.create(unique("inside"), source, language="python")
        result = await hook.run({"v": [1, "two"]})
        assert result.json() == {"owner": "marak", "stored": [1, "two"]}
        assert await hookio.datastore.get("written-by-hook") == [1, "two"]


@pytest.mark.anyio
async def test_a_client_shared_by_many_tasks_learns_its_owner_once(sandbox: RunningSandbox) -> None:
    events = sandbox.emulator.state.owner_events("marak")

    def probes() -> int:
        return sum(1 for entry in events.newest_first() if entry["type"] == "keys::authAttempt")

    before = probes()
    async with sandbox.async_client() as hookio:

        async def run(n: int) -> int:
            return (await hookio.hooks.run("marak/echo", {"n": n})).json()["n"]

        results = [value async for value in async_map_bounded(run, range(8), 8)]
    assert results == list(range(8))
    assert probes() == before + 1


@pytest.mark.anyio
async def test_write_log_from_inside_a_hook(sandbox: RunningSandbox) -> None:
    source = "from resourcekit.hookio import write_log\nwrite_log({'step': Hook.params['step']})\nprint('done')\n"
    async with sandbox.async_client() as hookio:
        hook = await hookio.hooks.create(unique("writer"), source, language="python")
        assert (await hook.run({"step": 7})).text == "done\n"
        assert [entry.value for entry in await hook.logs.read()] == [{"step": 7}]


@pytest.mark.anyio
async def test_replies_of_the_wrong_shape_are_validation_errors() -> None:
    replies = {
        "/marak/echo/resource": httpx.Response(200, json={"name": "echo"}),  # no owner
        "/datastore/recent": httpx.Response(200, json={"not": "a list"}),
        "/datastore/set": httpx.Response(200, json="NOPE"),
        "/metrics/marak/echo/hits": httpx.Response(200, text="many"),
    }
    transport = httpx.MockTransport(lambda request: replies[request.url.path])
    async with AsyncHookIO(api_key="k", url="http://sandbox.test", http_transport=transport) as hookio:
        with pytest.raises(ResponseValidationError):
            await hookio.hooks.get("marak/echo")
        with pytest.raises(ResponseValidationError):
            await hookio.datastore.recent()
        with pytest.raises(ResponseValidationError):
            await hookio.datastore.set("k", 1)
        with pytest.raises(ResponseValidationError):
            await hookio.metrics.hits("marak/echo")
