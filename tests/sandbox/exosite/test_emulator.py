"""The Exosite emulator spoken to directly (its own wire parsing, statuses and lifecycle)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.exosite import PROVIDER, OnePlatformState
from resourcekit.sandbox.exosite.app import REQUESTS_PER_CONNECTION
from resourcekit.sandbox.registry import get_provider


@pytest.fixture
async def http() -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, str], OnePlatformState]]:
    emulator = PROVIDER.create(SandboxSettings(seed_size=2))
    assert isinstance(emulator.state, OnePlatformState)
    transport = httpx.ASGITransport(app=emulator.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        yield client, dict(emulator.credentials), emulator.state


async def rpc(client: httpx.AsyncClient, auth: dict[str, Any], *calls: Any) -> Any:
    body = {"auth": auth, "calls": list(calls)}
    response = await client.post("/onep:v1/rpc/process", content=json.dumps(body))
    assert response.status_code == 200
    return response.json() if response.content else None


def call(call_id: int | None, procedure: str, *arguments: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"procedure": procedure, "arguments": list(arguments)}
    if call_id is not None:
        entry["id"] = call_id
    return entry


Http = tuple[httpx.AsyncClient, dict[str, str], OnePlatformState]


def test_registered_and_deterministic() -> None:
    assert get_provider("exosite") is PROVIDER
    first = PROVIDER.create(SandboxSettings(seed_size=3, seed=7))
    second = PROVIDER.create(SandboxSettings(seed_size=3, seed=7))
    other = PROVIDER.create(SandboxSettings(seed_size=3, seed=8))
    assert first.credentials == second.credentials != other.credentials
    assert PROVIDER.environment("http://x", first.credentials)["EXOSITE_CIK"] == first.credentials["cik"]


@pytest.mark.anyio
async def test_replies_in_another_order_and_skips_calls_without_id(http: Http) -> None:
    client, credentials, _ = http
    auth = {"cik": credentials["cik"]}
    reply = await rpc(
        client,
        auth,
        call(0, "lookup", "alias", "temperature"),
        call(None, "lookup", "alias", ""),
        call(1, "lookup", "alias", ""),
    )
    assert [entry["id"] for entry in reply] == [1, 0]
    assert all(entry["status"] == "ok" for entry in reply)
    assert await rpc(client, auth, call(None, "write", {"alias": "temperature"}, 1)) is None


@pytest.mark.anyio
async def test_request_level_errors(http: Http) -> None:
    client, credentials, _ = http
    not_json = await client.post("/onep:v1/rpc/process", content=b"{nope")
    assert not_json.json()["error"]["code"] == -1
    malformed = await client.post("/onep:v1/rpc/process", content=b'{"calls": []}')
    assert malformed.json()["error"]["code"] == 400
    assert (await rpc(client, {"cik": "0" * 40}, call(0, "info", {"alias": ""}, {})))["error"] == {
        "code": 401,
        "message": "Invalid",
        "context": "auth",
    }
    outsider = await rpc(client, {"cik": credentials["cik"], "client_id": "f" * 40}, call(0, "info", {"alias": ""}, {}))
    assert outsider["error"]["code"] == 401
    unknown = await rpc(client, {"cik": credentials["cik"]}, call(0, "explode"))
    assert unknown[0]["status"] == "fail" and unknown[0]["error"]["context"] == "procedure"
    bad_args = await rpc(
        client, {"cik": credentials["cik"]}, call(0, "create", {"alias": ""}, "dataport", {"format": "x"})
    )
    assert bad_args[0] == {
        "id": 0,
        "status": "fail",
        "error": {"code": 501, "message": "format", "context": "arguments"},
    }


@pytest.mark.anyio
async def test_deprecated_forms_pyonep_sends_are_accepted(http: Http) -> None:
    client, credentials, _ = http
    auth = {"cik": credentials["cik"]}
    port = {"alias": "temperature"}
    reply = await rpc(
        client,
        auth,
        call(0, "write", port, 42.5, {}),
        call(1, "listing", ["dataport", "client"]),
        call(2, "lookup", "alias", "temperature"),
        call(3, "read", port, {"limit": 1}),
    )
    by_id = {entry["id"]: entry for entry in reply}
    assert by_id[0] == {"id": 0, "status": "ok"}
    assert isinstance(by_id[1]["result"], list) and len(by_id[1]["result"]) == 2
    assert len(by_id[2]["result"]) == 40
    assert by_id[3]["result"][0][1] == 42.5
    created = await rpc(client, auth, call(0, "create", "dataport", {"format": "integer", "name": "x"}))
    rid = created[0]["result"]
    mapped = await rpc(client, auth, call(0, "map", "alias", rid, "x"), call(1, "unmap", "alias", "x"))
    assert {entry["status"] for entry in mapped} == {"ok"}


@pytest.mark.anyio
async def test_statuses(http: Http) -> None:
    client, credentials, state = http
    auth = {"cik": credentials["cik"]}
    reply = await rpc(
        client,
        auth,
        call(0, "read", {"alias": "nope"}, {}),
        call(1, "info", "f" * 40, {}),
        call(2, "write", {"alias": "temperature"}, "not a float"),
        call(3, "wait", {"alias": "temperature"}, {"timeout": 10}),
        call(4, "listing", {"alias": ""}, ["gadget"], {}),
        call(5, "recordbatch", {"alias": "temperature"}, [[1, 1.0], [2, "x"]]),
    )
    statuses = {entry["id"]: entry["status"] for entry in reply}
    assert statuses == {0: "invalid", 1: "restricted", 2: "invalid", 3: "expire", 4: "error", 5: [[2, "invalid"]]}
    devices = state.nodes[state.root].aliases["devices"]
    await rpc(client, auth, call(0, "update", devices, {"locked": True}))
    locked = await rpc(
        client,
        {"cik": credentials["cik"], "client_id": devices},
        call(0, "create", {"alias": ""}, "dataport", {"format": "float"}),
    )
    assert locked[0]["status"] == "locked"


@pytest.mark.anyio
async def test_retention_limits_and_tokens(http: Http) -> None:
    client, credentials, state = http
    auth = {"cik": credentials["cik"]}
    created = await rpc(
        client,
        auth,
        call(
            0,
            "create",
            {"alias": ""},
            "dataport",
            {"format": "integer", "retention": {"count": "infinity", "duration": 1}},
        ),
    )
    rid = created[0]["result"]
    now = state.now()
    await rpc(client, auth, call(0, "record", rid, [[now - 7200, 1], [now - 60, 2], [-30, 3]], {}))
    kept = (await rpc(client, auth, call(0, "read", rid, {"limit": 10, "sort": "asc"})))[0]["result"]
    assert [value for _, value in kept] == [2, 3]  # older than an hour is gone
    child = (await rpc(client, auth, call(0, "create", {"alias": ""}, "client", {"limits": {"dataport": 1}})))[0][
        "result"
    ]
    as_child = {"cik": credentials["cik"], "client_id": child}
    first = await rpc(client, as_child, call(0, "create", {"alias": ""}, "dataport", {"format": "float"}))
    second = await rpc(client, as_child, call(0, "create", {"alias": ""}, "dataport", {"format": "float"}))
    assert first[0]["status"] == "ok" and second[0]["status"] == "fail"
    lowered = await rpc(client, auth, call(0, "update", child, {"limits": {"dataport": 0}}))
    assert lowered[0]["status"] == "invalid"  # limits cannot drop below use
    token = (await rpc(client, auth, call(0, "grant", rid, {rid: ["read"]}, {"ttl": 60})))[0]["result"]
    assert (await rpc(client, {"token": token}, call(0, "read", rid, {})))[0]["status"] == "ok"
    assert (await rpc(client, {"token": token}, call(0, "write", rid, 1)))[0]["status"] == "noauth"
    state.clock = lambda: now + 3600.0
    assert (await rpc(client, {"token": token}, call(0, "read", rid, {})))["error"]["code"] == 401


@pytest.mark.anyio
async def test_every_hundredth_response_closes_the_connection(http: Http) -> None:
    client, credentials, _ = http
    headers: list[str | None] = []
    for _ in range(REQUESTS_PER_CONNECTION):
        response = await client.get("/timestamp", headers={"X-Exosite-CIK": credentials["cik"]})
        headers.append(response.headers.get("connection"))
    assert headers[:-1] == [None] * (REQUESTS_PER_CONNECTION - 1)
    assert headers[-1] == "close"


@pytest.mark.anyio
async def test_data_interface(http: Http) -> None:
    client, credentials, _ = http
    cik = {"X-Exosite-CIK": credentials["cik"]}
    assert (await client.get("/onep:v1/stack/alias?temperature")).status_code == 401
    assert (await client.get("/timestamp", headers={"X-Exosite-CIK": "0" * 40})).status_code == 401
    assert (await client.get("/onep:v1/stack/alias?nothing", headers=cik)).status_code == 204
    assert (await client.post("/onep:v1/stack/alias", content=b"nothing=1", headers=cik)).status_code == 400
    written = await client.post("/onep:v1/stack/alias", content=b"temperature=5", headers=cik)
    assert written.status_code == 204
    polled = await client.get("/onep:v1/stack/alias?temperature", headers={**cik, "Request-Timeout": "50"})
    assert polled.status_code == 304
    since = await client.get(
        "/onep:v1/stack/alias?temperature", headers={**cik, "Request-Timeout": "50", "If-Modified-Since": "0"}
    )
    assert since.status_code == 200 and since.text == "temperature=5.0" and "GMT" in since.headers["last-modified"]
    two = await client.get("/onep:v1/stack/alias?temperature&humidity", headers={**cik, "Request-Timeout": "50"})
    assert two.status_code == 400  # a long poll takes one alias
    conflict = await client.post("/onep:v1/stack/record", content=b"alias=humidity&100=1&100=2", headers=cik)
    assert conflict.status_code == 409 and conflict.text == "humidity=100"
    assert (
        await client.post("/onep:v1/stack/record", content=b"alias=humidity&100=1&200=2", headers=cik)
    ).status_code == 204


@pytest.mark.anyio
async def test_provisioning_errors_and_ranges(http: Http) -> None:
    client, credentials, _ = http
    token = {"X-Exosite-Token": credentials["vendor_token"]}
    assert (await client.get("/provision/manage/model/")).status_code == 403
    assert (await client.get("/provision/manage/model/", headers=token)).text == "thermostat\r\n"
    too_many = await client.get("/provision/manage/model/thermostat/", params={"limit": "2"}, headers=token)
    assert too_many.status_code == 400
    unused = await client.get("/provision/manage/model/thermostat/SN0001", headers=token)
    assert unused.status_code == 204
    missing = await client.get("/provision/manage/model/thermostat/NOPE", headers=token)
    assert missing.status_code == 404
    part = await client.get(
        "/provision/manage/content/thermostat/firmware.bin",
        params={"download": "true"},
        headers={**token, "Range": "bytes=-2"},
    )
    assert (
        part.status_code == 206
        and part.content == bytes([254, 255])
        and part.headers["content-range"] == "bytes 1022-1023/1024"
    )
    bad = await client.get(
        "/provision/manage/content/thermostat/firmware.bin",
        params={"download": "true"},
        headers={**token, "Range": "bytes=5000-"},
    )
    assert bad.status_code == 416
    not_enabled = await client.post("/provision/activate", content=b"vendor=acme&model=thermostat&sn=SN0001")
    assert not_enabled.status_code == 409
    write = await client.post("/provision/manage/content/thermostat/", content=b"id=x&meta=y", headers=token)
    assert write.status_code == 205 and write.content == b""


@pytest.mark.anyio
async def test_listing_by_tag_passes_over_what_cannot_be_a_tag(http: Http) -> None:
    client, credentials, _ = http
    auth = {"cik": credentials["cik"]}
    tagged = await rpc(client, auth, call(0, "tag", {"alias": "temperature"}, "add", "kitchen"))
    assert tagged == [{"id": 0, "status": "ok"}]
    mixed: list[Any] = [["kitchen"], {"kitchen": 1}, 5, "kitchen"]
    (listed,) = await rpc(client, auth, call(0, "listing", {"alias": ""}, ["dataport"], {"tagged": mixed}))
    assert listed["status"] == "ok" and len(listed["result"]["dataport"]) == 1
    (unhashable,) = await rpc(client, auth, call(0, "listing", {"alias": ""}, ["dataport"], {"tagged": [["kitchen"]]}))
    assert unhashable == {"id": 0, "status": "ok", "result": {"dataport": []}}
