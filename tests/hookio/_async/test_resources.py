"""Datastore, env, files, keys, domains and account end to end against the sandbox."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from resourcekit.core.errors import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
)
from resourcekit.hookio import (
    AsyncCron,
    AsyncDatastoreKey,
    AsyncDomain,
    AsyncFile,
    AsyncKey,
    HookIOError,
    RoleAccessError,
    roles,
)
from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import unique

AWKWARD_VALUE: dict[str, Any] = {
    "none": None,
    "float": 1.0,
    "big": 12345678901234567890,
    "text": 'é ☃ "quoted" \n',
    "nested": [1, [2, {"three": [True, False]}]],
    "empty": {},
}


@pytest.mark.anyio
async def test_datastore_round_trips_json_exactly(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        for key in (unique("plain"), "with spaces & = ? / #", "ünïcode/ключ"):
            await hookio.datastore.set(key, AWKWARD_VALUE)
            got = await hookio.datastore.get(key)
            assert got == AWKWARD_VALUE
            assert isinstance(got["float"], float)
            assert await hookio.datastore[key] == AWKWARD_VALUE
        scalars: tuple[Any, ...] = ("", 0, False, [], "OK")
        for value in scalars:
            await hookio.datastore.set("scalar", value)
            assert await hookio.datastore.get("scalar", default="missing") == value
        assert sandbox.emulator.state.datastore["marak"]["with spaces & = ? / #"]


@pytest.mark.anyio
async def test_datastore_delete_recent_and_records(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        key = unique("del")
        await hookio.datastore.set(key, {"a": 1})
        recent = await hookio.datastore.recent()
        assert recent[0] == key
        assert len(recent) <= 5
        assert await hookio.datastore.delete(key) is True
        assert await hookio.datastore.delete(key) is False
        assert await hookio.datastore.get(key) is None
        with pytest.raises(KeyError):
            await hookio.datastore[key]
        record = await hookio.datastore.fetch("key-1")
        assert isinstance(record, AsyncDatastoreKey)
        assert record.value["n"] == 1
        record.value = {"n": 100}
        await record.save()
        assert await hookio.datastore.get("key-1") == {"n": 100}
        await hookio.datastore.set("key-1", {"n": 101})
        assert (await record.refresh()).value == {"n": 101}
        fresh = hookio.datastore.key(unique("fresh"), [1, 2])
        await fresh.save()
        assert await hookio.datastore.get(fresh.key) == [1, 2]
        assert await fresh.delete() is True
        with pytest.raises(InvalidInputError):
            await hookio.datastore.get("")
        writes = sandbox.side_effects["datastore.set"]
        with pytest.raises(InvalidInputError):
            await hookio.datastore.set("nan", float("nan"))
        assert sandbox.side_effects["datastore.set"] == writes  # refused before sending


@pytest.mark.anyio
async def test_datastore_roles_and_quota(resourcekit_sandbox: Callable[..., RunningSandbox]) -> None:
    sandbox = resourcekit_sandbox("hookio", seed_size=1)
    async with sandbox.async_client(api_key=sandbox.credentials["readonly_key"]) as readonly:
        assert (await readonly.datastore.get("key-1"))["n"] == 1
        with pytest.raises(RoleAccessError) as caught:
            await readonly.datastore.set("x", 1)
        assert caught.value.role == roles.DATASTORE_SET
        assert sandbox.credentials["readonly_key"] not in str(caught.value)
    async with sandbox.async_client() as hookio:
        for index in range(99):
            await hookio.datastore.set(f"fill-{index}", index)
        with pytest.raises(HookIOError) as quota:
            await hookio.datastore.set("one-too-many", 1)
        assert "quota" in quota.value.message
        await hookio.datastore.set("fill-0", "replacing is fine")
        await hookio.datastore.delete("fill-1")
        await hookio.datastore.set("one-too-many", 1)
    assert len(sandbox.emulator.state.datastore["marak"]) == 100


@pytest.mark.anyio
async def test_env_keeps_empty_and_zero_values(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        name = unique("VAR")
        await hookio.env.set(name, "")
        await hookio.env.set(f"{name}_ZERO", 0)
        variables = await hookio.env.all()
        assert variables[name] == ""
        assert variables[f"{name}_ZERO"] == 0
        assert await hookio.env[name] == ""
        assert await hookio.env.get("GREETING") == "hello"
        await hookio.env.update({name: "x", f"{name}_ZERO": None})
        assert await hookio.env.get(name) == "x"
        assert f"{name}_ZERO" not in await hookio.env.all()
        await hookio.env.delete(name)
        with pytest.raises(KeyError):
            await hookio.env[name]
        with pytest.raises(InvalidInputError):
            await hookio.env.set(name, None)
        variable = await hookio.env.variable("RETRIES")
        assert variable.value == 3
        variable.value = 0
        await variable.save()
        assert await hookio.env.get("RETRIES") == 0
        await hookio.env.set("RETRIES", 4)
        assert (await variable.refresh()).value == 4
        await variable.delete()
        assert await hookio.env.get("RETRIES") is None


@pytest.mark.anyio
async def test_hooks_see_env_in_their_hook_object(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        await hookio.env.set("SEEN_BY_HOOK", {"deep": [1]})
        source = "import json\nprint(json.dumps(Hook.env.SEEN_BY_HOOK))\n"
        hook = await hookio.hooks.create(unique("env-reader"), source, language="python")
        assert (await hook.run()).json() == {"deep": [1]}


@pytest.mark.anyio
async def test_files_write_read_stat_readdir_remove(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        stem = unique("note")
        path = f"/{stem}.txt"
        written = await hookio.files.write(path, "hello")
        assert isinstance(written, AsyncFile)
        expected = {
            "basename": f"{stem}.txt",
            "contents": None,
            "dirname": "/",
            "extname": ".txt",
            "path": path,
            "relative": f"{stem}.txt",
            "stem": stem,
        }
        assert written.model_dump(exclude_none=False, include=set(expected)) == expected
        assert (await hookio.files.stat(path)).model_dump(include=set(expected)) == expected
        read = await hookio.files.read(path)
        assert read.contents == "hello"
        assert await hookio.files.read_text(path) == "hello"
        rows = [row for row in await hookio.files.readdir("/") if row.name.endswith(f"{stem}.txt")]
        assert len(rows) == 1
        assert rows[0].basename == f"{stem}.txt"
        assert rows[0].size == 5
        assert await written.read() == "hello"
        assert (await written.refresh()).contents is None
        await written.delete()
        with pytest.raises(NotFoundError):
            await hookio.files.remove(path)
        with pytest.raises(NotFoundError):
            await hookio.files.read(path)
        with pytest.raises(InvalidInputError):
            await hookio.files.write(path, "")


@pytest.mark.anyio
async def test_files_upload_and_download_bytes(sandbox: RunningSandbox, tmp_path: Path) -> None:
    payload = os.urandom(300_000)
    source = tmp_path / "blob.bin"
    source.write_bytes(payload)
    async with sandbox.async_client() as hookio:
        uploaded = await hookio.files.upload("/blobs/a.bin", source)
        assert (uploaded.path, uploaded.size) == ("/blobs/a.bin", len(payload))
        assert await hookio.files.download("/blobs/a.bin") == payload
        chunks = [chunk async for chunk in hookio.files.iter_download("/blobs/a.bin")]
        assert b"".join(chunks) == payload
        await hookio.files.upload("/blobs/b.bin", io.BytesIO(b"from a file object"))
        file = await hookio.files.stat("/blobs/b.bin")
        assert await file.download() == b"from a file object"
        await hookio.files.upload("/blobs/c.bin", b"raw", content_type="text/plain")
        assert await hookio.files.download("/blobs/c.bin") == b"raw"
        assert {row.basename for row in await hookio.files.readdir("/blobs")} == {"a.bin", "b.bin", "c.bin"}
        with pytest.raises(NotFoundError):
            await hookio.files.download("/blobs/missing.bin")


@pytest.mark.anyio
async def test_files_refuse_with_403(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client(api_key=sandbox.credentials["readonly_key"]) as readonly:
        with pytest.raises(RoleAccessError) as caught:
            await readonly.files.readdir("/")
        assert (caught.value.status, caught.value.role) == (403, roles.FILES_READDIR)


@pytest.mark.anyio
async def test_keys_create_check_destroy(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        name = unique("key")
        key = await hookio.keys.create(name, ["pythonsdktest::test", roles.KEYS_DESTROY])
        assert isinstance(key, AsyncKey)
        assert (key.name, key.roles, key.owner) == (name, ["pythonsdktest::test", "keys::destroy"], "marak")
        assert key.hook_private_key
        assert key.hook_private_key not in repr(key)
        assert key.has_role("pythonsdktest::test")
        assert await key.check_access("pythonsdktest::test") is True
        assert await key.check_access(roles.HOOK_RUN) is False
        assert await hookio.keys.check_access(roles.HOOK_RUN) is True
        has_access, found, user = await hookio.keys.access(roles.KEYS_READ)
        assert has_access
        assert found is not None
        assert found.name == "admin"
        assert user is not None
        assert user.email == "marak@example.com"
        assert name in {each.name for each in await hookio.keys.all()}
        with pytest.raises(ConflictError):
            await hookio.keys.create(name, "a")
        await key.delete()
        assert name not in {each.name for each in await hookio.keys.all()}
        with pytest.raises(InvalidInputError):
            await hookio.keys.create("", ["a"])
        with pytest.raises(InvalidInputError):
            await hookio.keys.create("x", ["a,b"])
        assert len(hookio.keys.roles) == 43
    async with sandbox.async_client(api_key=sandbox.credentials["readonly_key"]) as readonly:
        with pytest.raises(RoleAccessError) as caught:
            await readonly.keys.create(unique("nope"), ["a"])
        assert caught.value.role == roles.KEYS_CREATE
        assert sandbox.credentials["readonly_key"] not in str(caught.value)
        assert sandbox.credentials["readonly_key"] not in str(caught.value.raw)


@pytest.mark.anyio
async def test_domains(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        assert [domain.name for domain in await hookio.domains.all()] == ["marak.example.com"]
        name = f"{unique('d')}.example.org"
        domain = await hookio.domains.create(name, "/marak/echo")
        assert isinstance(domain, AsyncDomain)
        assert (domain.forward_url, domain.owner) == ("/marak/echo", "marak")
        with pytest.raises(ConflictError):
            await hookio.domains.create(name, "/marak/echo")
        assert (await hookio.domains.get(name)).forward_url == "/marak/echo"
        found = await hookio.domains.find(forwardUrl="/marak/echo")
        assert {each.name for each in found} == {"marak.example.com", name}
        domain.forward_url = "/marak/hello"
        await domain.save()
        assert (await hookio.domains.get(name)).forward_url == "/marak/hello"
        updated = await hookio.domains.update(name, forward_url="/marak/hook-1")
        assert (await domain.refresh()).forward_url == updated.forward_url == "/marak/hook-1"
        await domain.delete()
        with pytest.raises(NotFoundError):
            await hookio.domains.get(name)
        with pytest.raises(InvalidInputError):
            await hookio.domains.create("bad name", "/x")
    async with sandbox.async_client(api_key=sandbox.credentials["readonly_key"]) as readonly:
        with pytest.raises(RoleAccessError) as caught:
            await readonly.domains.all()
        assert caught.value.role == roles.DOMAIN_GET


@pytest.mark.anyio
async def test_account_login_whoami_services(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client(api_key=None, environ={}) as visitor:
        with pytest.raises(ConfigurationError):
            await visitor.account.whoami()
        with pytest.raises(AuthenticationError) as wrong:
            await visitor.account.login("marak", "wrong")
        assert wrong.value.code == "invalid"
        with pytest.raises(AuthenticationError) as unknown:
            await visitor.account.login("nobody", "x")
        assert unknown.value.code == "available"
        with pytest.raises(InvalidInputError):
            await visitor.account.login("marak", "")
        await visitor.account.login("marak", sandbox.credentials["password"])
        me = await visitor.account.whoami()
        assert (me.name, me.email, me.service_plan) == ("marak", "marak@example.com", "premium")
        assert me.hook_access_key == sandbox.credentials["hookAccessKey"]
        assert sandbox.credentials["hookAccessKey"] not in repr(me)
        # The session gives the owner every role, keyless.
        assert "secret" in {hook.name for hook in await visitor.account.services()}
        assert (await visitor.hooks.run("marak/secret", send_key=False)).status_code == 200
        assert await visitor.env.get("GREETING") == "hello"
    async with sandbox.async_client() as hookio:
        assert (await hookio.account.whoami()).name == "marak"
        assert await hookio.owner() == "marak"


@pytest.mark.anyio
async def test_signup_opens_a_session_for_the_new_account(sandbox: RunningSandbox) -> None:
    email = f"{unique('new')}@example.org"
    async with sandbox.async_client(api_key=None, environ={}) as visitor:
        await visitor.account.signup(email, "s3cret")
        me = await visitor.account.whoami()
        assert (me.name, me.email) == (email.replace("@", "-").replace(".", "-"), email)
        assert await visitor.env.all() == {}
        with pytest.raises(ConflictError):
            await visitor.account.signup(email, "again")
        with pytest.raises(InvalidInputError):
            await visitor.account.signup("ab", "x")
        with pytest.raises(InvalidInputError):
            await visitor.account.signup("someone", "")
    assert sandbox.side_effects["account.signup"] >= 1


@pytest.mark.anyio
async def test_server_languages(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client(api_key=None, environ={}) as anonymous:
        languages = await anonymous.server.languages()
    assert {"javascript", "python", "python3", "bash"} <= set(languages)
    assert languages[0] == "javascript"


@pytest.mark.anyio
async def test_crons(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        assert [cron.name for cron in await hookio.crons.all()] == ["nightly"]
        name = unique("every-minute")
        cron = await hookio.crons.create(name, f"{sandbox.url}/marak/echo", "* * * * *")
        assert isinstance(cron, AsyncCron)
        assert (cron.owner, cron.status, cron.cron_expression) == ("marak", "active", "* * * * *")
        fetched = await hookio.crons.get(cron.path)
        assert (fetched.uri, fetched.last_execution_date) == (cron.uri, "n/a")
        await fetched.pause()
        assert (await hookio.crons.get("marak", name)).status == "paused"
        fetched.cron_expression = "0 * * * *"
        fetched.name = f"{name}-hourly"
        await fetched.save()
        assert (await fetched.refresh()).cron_expression == "0 * * * *"
        await fetched.resume()
        listed = {each.name: each for each in await hookio.crons.all("marak")}
        assert listed[f"{name}-hourly"].status == "active"
        assert listed[f"{name}-hourly"].uri is None  # the listing leaves it out
        with pytest.raises(ConflictError):
            await hookio.crons.create(f"{name}-hourly", "https://example.org", "* * * * *")
        with pytest.raises(InvalidInputError):
            await hookio.crons.create("bad", "https://example.org", "every minute")
        with pytest.raises(BadRequestError):
            await hookio.request("POST", "/cron/new", json={"name": "no-uri"})
        await fetched.delete()
        with pytest.raises(NotFoundError):
            await hookio.crons.get("marak", f"{name}-hourly")
        assert sandbox.side_effects["cron.create"] >= 1
    async with sandbox.async_client(api_key=sandbox.credentials["readonly_key"]) as readonly:
        with pytest.raises(RoleAccessError) as caught:
            await readonly.crons.all("marak")
        assert caught.value.role == roles.CRON_READ
