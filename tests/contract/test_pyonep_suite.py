"""pyonep's own test suite and examples against the Exosite sandbox, on the wire.

pyonep is not on the package index, so its suite cannot run here. These tests send the JSON-RPC
bodies its ``OnepV1`` sends (``{"auth": {"cik": ...}, "calls": [...]}`` from ``json.dumps``, call ids
counted up across the object's life, deferred calls sent together by ``send_deferred``) for the
scenarios of ``test/test_base.py`` and ``test/test_rpc.py`` and of ``examples/mult_cmd.py``,
``read_write_direct.py`` and ``grant_token.py``, and read the replies as ``OnepV1`` reads them:
matched to their calls by id, ``(ok, result)`` per call. The token, tag, doctest and provisioning
scenarios are in ``tests/exosite/*/test_pyonep_scenarios.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

RID = re.compile(r"^[0-9a-f]{40}$")
# test_base.py's limits for every client and dataport it creates.
LIMIT_NAMES = (
    "dataport",
    "datarule",
    "dispatch",
    "disk",
    "io",
    "share",
    "client",
    "sms",
    "sms_bucket",
    "email",
    "email_bucket",
    "http",
    "http_bucket",
    "xmpp",
    "xmpp_bucket",
)
INHERITED_LIMITS = dict.fromkeys(LIMIT_NAMES, "inherit")
EVERY_PROCEDURE = [
    "read",
    "write",
    "writegroup",
    "record",
    "flush",
    "wait",
    "info",
    "create",
    "move",
    "update",
    "listing",
    "drop",
    "usage",
    "map",
    "lookup",
    "unmap",
    "share",
    "revoke",
]


class OnepWire:
    """The requests of pyonep's ``OnepV1``: one id counter, deferred calls per auth."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http
        self.next_id = 0
        self.deferred: list[tuple[str, list[Any]]] = []

    def send(self, cik: str, calls: list[tuple[str, list[Any]]]) -> list[tuple[bool, Any]]:
        composed = []
        for procedure, arguments in calls:
            composed.append({"id": self.next_id, "procedure": procedure, "arguments": arguments})
            self.next_id += 1
        body = json.dumps({"auth": {"cik": cik}, "calls": composed})
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "*/*"}
        reply = self.http.post("/onep:v1/rpc/process", content=body, headers=headers)
        assert reply.status_code == 200
        by_id = {entry["id"]: entry for entry in reply.json()}
        assert sorted(by_id) == [call["id"] for call in composed]
        results = []
        for call in composed:
            entry = by_id[call["id"]]
            ok = entry["status"] == "ok"
            results.append((ok, entry.get("result", "ok") if ok else entry["status"]))
        return results

    def call(self, cik: str, procedure: str, arguments: list[Any]) -> tuple[bool, Any]:
        return self.send(cik, [(procedure, arguments)])[0]

    def defer(self, procedure: str, arguments: list[Any]) -> None:
        self.deferred.append((procedure, arguments))

    def send_deferred(self, cik: str) -> list[tuple[bool, Any]]:
        calls, self.deferred = self.deferred, []
        return self.send(cik, calls)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox("exosite", settings=SandboxSettings(seed_size=2)) as running:
        yield running


@pytest.fixture
def onep(sandbox: RunningSandbox) -> Iterator[OnepWire]:
    with httpx.Client(base_url=sandbox.url) as http:
        yield OnepWire(http)


# test_base.py's setUp describes its client so; makeClient gives the limits alone (less io).
SETUP_CLIENT = {"writeinterval": "inherit", "name": "testclient", "visibility": "parent", "limits": INHERITED_LIMITS}
HELPER_CLIENT = {"limits": {name: value for name, value in INHERITED_LIMITS.items() if name != "io"}}


def make_client(onep: OnepWire, parent_cik: str, description: dict[str, Any] = HELPER_CLIENT) -> tuple[str, str]:
    """test_base.py's makeClient: create a client, then read its key with info."""
    ok, rid = onep.call(parent_cik, "create", ["client", description])
    assert ok and RID.match(rid)
    ok, info = onep.call(parent_cik, "info", [rid, {"key": True}])
    assert ok and RID.match(info["key"])
    return info["key"], rid


@pytest.fixture
def device(onep: OnepWire, sandbox: RunningSandbox) -> Iterator[tuple[str, str]]:
    """test_base.py's setUp and tearDown: a test client under the portal, dropped afterwards."""
    portal = sandbox.credentials["cik"]
    cik, rid = make_client(onep, portal, SETUP_CLIENT)
    yield cik, rid
    assert onep.call(portal, "drop", [rid]) == (True, "ok")


def make_dataport(onep: OnepWire, cik: str, alias: str, data_format: str = "string") -> str:
    """test_base.py's makeDataport: create, then map the alias."""
    description = {"format": data_format, "retention": {"count": "infinity", "duration": "infinity"}}
    ok, rid = onep.call(cik, "create", ["dataport", description])
    assert ok
    assert onep.call(cik, "map", ["alias", rid, alias]) == (True, "ok")
    return str(rid)


def test_http(onep: OnepWire, device: tuple[str, str]) -> None:
    cik, _ = device
    ok, info = onep.call(cik, "info", [{"alias": ""}, {"basic": True}])
    assert ok and info["basic"]["status"] == "activated"


def test_move(onep: OnepWire, device: tuple[str, str]) -> None:
    cik, rid = device
    cik2, rid2 = make_client(onep, cik)
    _, rid3 = make_client(onep, cik2)
    assert onep.call(cik, "move", [rid3, rid, {"aliases": True}]) == (True, "ok")
    ok, children = onep.call(cik, "listing", [{"alias": ""}, ["client"], {}])
    assert ok and sorted(children["client"]) == sorted([rid2, rid3])


def test_create(onep: OnepWire, device: tuple[str, str]) -> None:
    cik, _ = device
    client_cik, _ = make_client(onep, cik, SETUP_CLIENT)  # test_create's own description
    description = {
        "format": "string",
        "retention": {"count": "infinity", "duration": "infinity"},
        "limits": INHERITED_LIMITS,
    }
    ok, dataport_rid = onep.call(client_cik, "create", ["dataport", description])
    assert ok and RID.match(dataport_rid)


def test_drop(onep: OnepWire, device: tuple[str, str]) -> None:
    cik, _ = device
    _, client_rid = make_client(onep, cik)
    assert onep.call(cik, "drop", [client_rid]) == (True, "ok")
    ok, _ = onep.call(cik, "info", [client_rid, {}])
    assert not ok


def test_read_write_direct_example(onep: OnepWire, device: tuple[str, str]) -> None:
    cik, _ = device
    make_dataport(onep, cik, "direct", "integer")
    assert onep.call(cik, "write", [{"alias": "direct"}, "1", {}]) == (True, "ok")
    ok, points = onep.call(cik, "read", [{"alias": "direct"}, {"limit": 1, "sort": "desc", "selection": "all"}])
    assert ok and len(points) == 1 and points[0][1] == 1  # "expect Read back [[1374522992, 1]]"


def test_mult_cmd_example_sends_two_calls_in_one_request(onep: OnepWire, device: tuple[str, str]) -> None:
    cik, _ = device
    make_dataport(onep, cik, "temperature", "float")
    onep.defer("write", [{"alias": "temperature"}, 42.5, {}])
    onep.defer("read", [{"alias": "temperature"}, {"limit": 1, "sort": "desc", "selection": "all"}])
    (written, wrote), (read, points) = onep.send_deferred(cik)
    assert (written, wrote) == (True, "ok")
    assert read and points[0][1] == 42.5


def test_grant_token_example_grants_every_procedure(onep: OnepWire, device: tuple[str, str]) -> None:
    cik, rid = device
    onep.defer("grant", [rid, {rid: EVERY_PROCEDURE}, {"ttl": 60}])
    ((ok, token),) = onep.send_deferred(cik)
    assert ok and len(token) == 40
    make_dataport(onep, cik, "granted")
    info = {"id": 0, "procedure": "info", "arguments": [{"alias": "granted"}, {}]}
    with_token = onep.http.post(
        "/onep:v1/rpc/process",
        content=json.dumps({"auth": {"token": token}, "calls": [info]}),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert with_token.json()[0]["status"] == "ok"  # a grant on the client covers its dataport
