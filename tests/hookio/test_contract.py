"""models/hookio.openapi.yaml holds the records, the client's requests and the sandbox's routes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from resourcekit.core.errors import AuthenticationError, NotFoundError
from resourcekit.hookio import (
    Account,
    Cron,
    DeletedHook,
    Domain,
    Event,
    File,
    Hook,
    HookIO,
    Key,
    KeyUser,
    LogEntry,
    RoleAccessError,
    StorageObject,
)
from resourcekit.sandbox.server import RunningSandbox, run_sandbox
from tests.contract.harness import (
    assert_record_matches_schema,
    assert_requests_described,
    assert_routes_served,
    load,
    openapi_operations,
    schema_properties,
)
from tests.hookio.helpers import log_source

SPEC = load("hookio.openapi.yaml")


class Recorder(httpx.HTTPTransport):
    """Remembers every request that leaves the client, streams included."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.method, str(request.url)))
        return super().handle_request(request)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox("hookio") as running:
        yield running


@pytest.mark.parametrize(
    ("record", "schema"),
    [
        (Hook, "Hook"),
        (Key, "Key"),
        (Domain, "Domain"),
        (Cron, "Cron"),
        (File, "File"),
        (LogEntry, "LogEntry"),
        (Event, "Event"),
        (Account, "Account"),
        (StorageObject, "StorageObject"),
        (KeyUser, "KeyUser"),
        (DeletedHook, "DeletedHook"),
    ],
)
def test_records_match_their_schemas(record: type[BaseModel], schema: str) -> None:
    assert_record_matches_schema(record, SPEC, schema)


def test_every_described_operation_is_served_by_the_sandbox(sandbox: RunningSandbox) -> None:
    assert_routes_served(SPEC, sandbox.emulator.app)


def test_every_roles_list_agrees() -> None:
    from resourcekit.hookio.roles import ALL_ROLES
    from resourcekit.sandbox.hookio.state import ALL_ROLES as SANDBOX_ROLES

    assert list(ALL_ROLES) == SPEC["x-roles"] == list(SANDBOX_ROLES)


def exercise_everything(hookio: HookIO, sandbox: RunningSandbox, recorder: Recorder) -> None:
    """One call of every client operation."""
    hook = hookio.hooks.create("contract", log_source("c"), language="python")
    hookio.hooks.get("marak/contract")
    hookio.hooks.list("marak")
    hookio.hooks.services()
    hookio.hooks.source("marak/contract")
    hook.view()
    hook.presenter()
    hook.package()
    hook.refresh_source()
    for method in ("GET", "POST", "PUT", "DELETE", "PATCH"):
        hook.run({"m": method}, method=method)
    hook.run(method="GET", subpath="sub")
    hook.run({"a": 1}, subpath="sub")
    with hook.run_stream() as output:
        output.read()
    hook.logs.read()
    hook.logs.stream().take(1)
    hook.logs.flush()
    hook.metrics.hits()
    hook.source = "print(1)"
    hook.save()
    forked = hookio.hooks.fork("alice/echo", new_name="contract-fork")
    forked.delete()
    hookio.events.get()
    hookio.events.stream().take(1)
    hookio.datastore.set("contract", {"a": 1})
    hookio.datastore.get("contract")
    hookio.datastore.recent()
    hookio.datastore.delete("contract")
    key = hookio.keys.create("contract", ["a"])
    hookio.keys.all()
    key.check_access("a")
    key.delete()
    hookio.files.write("/contract.txt", "x")
    hookio.files.read("/contract.txt")
    hookio.files.stat("/contract.txt")
    hookio.files.readdir("/")
    hookio.files.remove("/contract.txt")
    hookio.files.upload("/contract.bin", b"\x00")
    hookio.files.download("/contract.bin")
    hookio.env.set("CONTRACT", 1)
    hookio.env.all()
    domain = hookio.domains.create("contract.example.org", "/marak/echo")
    hookio.domains.all()
    hookio.domains.get(domain.name)
    hookio.domains.find(name=domain.name)
    hookio.domains.update(domain.name, forward_url="/marak/hello")
    domain.delete()
    hookio.server.languages()
    hookio.server.roles()
    hookio.hooks.find("marak", language="python")
    hookio.gateway.run("print(1)", params={"x": 1})
    cron = hookio.crons.create("contract", "https://example.org/x", "* * * * *")
    hookio.crons.all()
    hookio.crons.get(cron.path)
    cron.pause()
    cron.delete()
    own = Recorder()
    with HookIO(url=sandbox.url, api_key=None, environ={}, http_transport=own) as visitor:
        visitor.account.signup("contract-user", "pw")
    recorder.sent.extend(own.sent)
    hookio.account.login("marak", sandbox.credentials["password"])
    hookio.account.whoami()
    hook.delete()


def test_every_request_of_the_client_is_described_and_every_operation_is_used(sandbox: RunningSandbox) -> None:
    recorder = Recorder()
    with HookIO(url=sandbox.url, api_key=sandbox.credentials["hook_private_key"], http_transport=recorder) as hookio:
        exercise_everything(hookio, sandbox, recorder)
    seen = assert_requests_described(SPEC, recorder.sent)
    described = set(openapi_operations(SPEC).values())
    assert described - seen == set(), "described operations the client never sent"


def assert_shape(schema: str, body: Mapping[str, Any]) -> None:
    properties, required = schema_properties(SPEC, schema)
    assert required <= set(body), f"{schema}: missing {sorted(required - set(body))} in {body}"
    extra = set(body) - properties
    assert not extra, f"{schema}: undescribed {sorted(extra)}"


def test_sandbox_replies_have_the_described_shapes(sandbox: RunningSandbox) -> None:
    with sandbox.client() as hookio:
        assert_shape("Hook", hookio.request("GET", "/marak/echo/resource"))
        for key in hookio.request("POST", "/keys/all", json={}, auth="keys"):
            assert_shape("Key", key)
        access = hookio.request("POST", "/keys/checkAccess", json={"role": "hook::run"}, auth="keys")
        assert_shape("KeyAccess", access)
        assert_shape("KeyUser", access["user"])
        for cron in hookio.request("GET", "/cron/marak"):
            assert_shape("Cron", cron)
        assert_shape("Cron", hookio.request("GET", "/cron/marak/nightly"))
        for domain in hookio.request("GET", "/domains"):
            assert_shape("Domain", domain)
        for entry in hookio.request("GET", "/marak/echo/logs"):
            assert_shape("LogEntry", entry)
        hookio.hooks.run("marak/echo")
        hookio.keys.check_access("hook::run")
        for event in hookio.request("GET", "/marak/events"):
            assert_shape("Event", event)
        assert_shape("File", hookio.request("POST", "/files/stat", json={"path": "/readme.txt"}))
        for row in hookio.request("POST", "/files/readdir", json={"path": "/"}):
            assert_shape("StorageObject", row)
        with pytest.raises(AuthenticationError) as refused:
            hookio.request("POST", "/login", json={"name": "alice", "password": "x"}, auth="anonymous")
        assert_shape("LoginResult", refused.value.raw)
        login = {"name": "marak", "password": sandbox.credentials["password"]}
        assert_shape("LoginResult", hookio.request("POST", "/login", json=login, auth="anonymous"))
        assert_shape("Account", hookio.request("GET", "/account"))
        created = hookio.request("POST", "/new", json={"name": "shape", "source": "x"})
        assert_shape("HookCreated", created)
        assert_shape("DeletedHook", hookio.request("POST", "/marak/shape/delete", json={}))
    with sandbox.client(api_key=None, environ={}) as anonymous:
        with pytest.raises(RoleAccessError) as caught:
            anonymous.events.get("marak")
        assert_shape("RoleAccessError", caught.value.raw)
        with pytest.raises(NotFoundError) as missing:
            anonymous.request("GET", "/nobody", auth="anonymous")
        assert_shape("NotFoundView", missing.value.raw)
