"""The pyhedgehog test vectors (hookio.md A7), run against the sandbox instead of the live service."""

from __future__ import annotations

import pytest

from resourcekit.core.errors import NotFoundError
from resourcekit.hookio import RoleAccessError, roles
from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import log_source, unique

GET_ERROR_MODEL_2019 = {
    "error": True,
    "message": (
        '"anonymous" does not have the role "events::read" which is required to access "/marak/events"\n\n'
        "If you are the owner of this resource try logging in at https://hook.io/login\n\n"
        "If any access keys have been created you can provide a `hook_private_key` parameter to access this URL."
    ),
    "user": "anonymous",
    "role": "events::read",
    "type": "unauthorized-role-access",
}


@pytest.mark.anyio
async def test_anonymous_calls_get_role_errors(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client(api_key=None, environ={}) as anonymous:
        with pytest.raises(RoleAccessError) as recent:
            await anonymous.datastore.recent()
        assert recent.value.role == roles.DATASTORE_RECENT
        with pytest.raises(RoleAccessError) as env:
            await anonymous.env.all()
        assert env.value.role == roles.ENV_READ
        with pytest.raises(RoleAccessError) as domains:
            await anonymous.domains.all()
        assert domains.value.role == roles.DOMAIN_GET
        with pytest.raises(RoleAccessError) as events:
            await anonymous.events.get("marak")
        assert events.value.raw == GET_ERROR_MODEL_2019
        assert events.value.status == 200
        # The same reply through the raw escape hatch: HTTP 200, detected all the same.
        with pytest.raises(RoleAccessError):
            await anonymous.request("GET", "/marak/events", auth="anonymous")


@pytest.mark.anyio
async def test_datastore_vector(sandbox: RunningSandbox) -> None:
    key = unique("pythonsdktest")
    value = {"a": 1, "b": None, "c": ["x", {"d": None}]}
    async with sandbox.async_client() as hookio:
        assert await hookio.request("POST", "/datastore/set", json={"key": key, "value": value}) == "OK"
        assert await hookio.datastore.get(key) == value
        assert await hookio.request("POST", "/datastore/del", json={"key": key}) == 1
        assert await hookio.request("POST", "/datastore/del", json={"key": key}) == 0
        assert await hookio.datastore.get(key) is None


@pytest.mark.anyio
async def test_files_vector(sandbox: RunningSandbox) -> None:
    stem = unique("ef1b6b33")
    value = stem[::-1]
    stat_model = {
        "basename": f"{stem}.txt",
        "contents": None,
        "dirname": "/",
        "extname": ".txt",
        "path": f"/{stem}.txt",
        "relative": f"{stem}.txt",
        "stem": stem,
    }
    async with sandbox.async_client() as hookio:
        path = f"/{stem}.txt"
        assert await hookio.request("POST", "/files/writeFile", json={"path": path, "contents": value}) == stat_model
        assert await hookio.request("POST", "/files/stat", json={"path": path}) == stat_model
        read = await hookio.request("POST", "/files/readFile", json={"path": path})
        assert read == {**stat_model, "contents": value}
        rows = await hookio.request("POST", "/files/readdir", json={"path": "/"})
        assert len([row for row in rows if row["name"].endswith(f"{stem}.txt")]) == 1
        assert await hookio.request("POST", "/files/removeFile", json={"path": path}) == "removing"
        with pytest.raises(NotFoundError) as again:
            await hookio.request("POST", "/files/removeFile", json={"path": path})
        assert again.value.raw == "Not Found"


@pytest.mark.anyio
async def test_keys_vector(sandbox: RunningSandbox) -> None:
    name = unique("pythonsdktest")
    async with sandbox.async_client() as hookio:
        created = await hookio.request(
            "POST", "/keys/create", json={"name": name, "roles": "pythonsdktest::test,keys::destroy"}, auth="keys"
        )
        assert created["name"] == name
        assert created["roles"] == "pythonsdktest::test,keys::destroy"
        assert await hookio.request("POST", "/keys/destroy", json={"name": name}, auth="keys") == {"status": "deleted"}
        # /keys/* reads only the body parameter: the header alone is not enough (stackvana/hook.io#243).
        assert await hookio.request("POST", "/keys/checkAccess", json={"role": "hook::run"}) == {"hasAccess": False}


@pytest.mark.anyio
async def test_hook_vector(sandbox: RunningSandbox) -> None:
    name = unique("testeb43df31hook")
    value = name[::-1]
    source = f"print({value!r})"
    async with sandbox.async_client() as hookio:
        created = await hookio.request(
            "POST", "/new", json={"name": name, "language": "python", "source": source, "hookSource": "code"}
        )
        assert created["status"] == "created"
        assert (created["hook"]["name"], created["hook"]["language"]) == (name, "python")
        path = f"{created['hook']['owner']}/{name}"
        assert await hookio.hooks.source(path) == source
        assert (await hookio.hooks.run(path, send_key=False)).text == value + "\n"
        updated = await hookio.request(
            "POST", "/admin", json={"owner": "marak", "name": name, "save": True, "source": f"print(repr({value!r}))"}
        )
        assert updated["value"]["source"] == f"print(repr({value!r}))"  # 2016 servers
        assert updated["hook"] == updated["value"]  # 2019 servers
        deleted = await hookio.hooks.destroy(path)
        assert deleted.message == f'Hook "{name}" has been deleted!'
        with pytest.raises(NotFoundError) as missing:
            await hookio.hooks.run(path, send_key=False)
        assert missing.value.message == f"404 not found /{path}"


@pytest.mark.anyio
async def test_logs_and_metrics_vector(sandbox: RunningSandbox) -> None:
    value = unique("b834c0f0")[::-1]
    async with sandbox.async_client() as hookio:
        hook = await hookio.hooks.create(unique("log"), log_source(value), language="python")
        assert await hook.logs.read() == []
        hits = await hook.metrics.hits()
        assert (await hook.run(send_key=False)).json() == value
        entries = await hook.logs.read()
        assert [entry.value for entry in entries] == [f"test-{value}"]
        assert await hook.metrics.hits() == hits + 1
        await hook.run(send_key=False)
        assert await hook.metrics.hits() == hits + 2
        await hook.logs.flush()
        assert await hook.logs.read() == []


@pytest.mark.anyio
async def test_echo_vector(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client(api_key=None, environ={}) as anonymous:
        assert (await anonymous.hooks.run("marak/echo", {})).json() == {"param1": "foo", "param2": "bar"}
        data = {"param2": "123", "random": "x", "a": "2"}
        assert (await anonymous.hooks.run("marak/echo", data, method="GET")).json() == {**data, "param1": "foo"}
        repeated = await anonymous.request("GET", "/marak/echo?param2=123&random=x&a=1&a=2", auth="anonymous")
        assert repeated == {**data, "param1": "foo"}  # the last of repeated parameters wins
