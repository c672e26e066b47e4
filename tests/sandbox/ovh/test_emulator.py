"""The OVH emulator checked with a hand-written signer (independent of the client's wire module)."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Generator

import httpx
import pytest

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.ovh import PROVIDER, create, environment
from resourcekit.sandbox.ovh.app import route_list
from resourcekit.sandbox.ovh.state import OVHState
from resourcekit.sandbox.registry import get_provider
from resourcekit.sandbox.server import RunningSandbox, run_sandbox
from resourcekit.testing import SandboxFactory


@pytest.fixture(scope="module")
def sandbox() -> Generator[RunningSandbox, None, None]:
    with run_sandbox("ovh", settings=SandboxSettings(seed_size=3)) as running:
        yield running


@pytest.fixture
def http(sandbox: RunningSandbox) -> Generator[httpx.Client, None, None]:
    with httpx.Client(base_url=sandbox.url) as client:
        yield client


def state_of(sandbox: RunningSandbox) -> OVHState:
    found = sandbox.emulator.state
    assert isinstance(found, OVHState)
    return found


def signed(
    sandbox: RunningSandbox,
    method: str,
    path: str,
    body: bytes = b"",
    *,
    secret: str | None = None,
    consumer_key: str | None = None,
    timestamp: int | None = None,
) -> httpx.Request:
    creds = sandbox.credentials
    url = sandbox.url + path
    ck = consumer_key or creds["consumer_key"]
    ts = str(int(time.time()) if timestamp is None else timestamp)
    text = "+".join([secret or creds["application_secret"], ck, method, url, body.decode(), ts])
    headers = {
        "X-Ovh-Application": creds["application_key"],
        "X-Ovh-Consumer": ck,
        "X-Ovh-Timestamp": ts,
        "X-Ovh-Signature": "$1$" + hashlib.sha1(text.encode()).hexdigest(),
    }
    if body:
        headers["Content-Type"] = "application/json"
    return httpx.Request(method, url, content=body, headers=headers)


def error_of(response: httpx.Response) -> tuple[int, str | None, str]:
    body = response.json()
    assert response.headers["X-Ovh-QueryID"].startswith("EU.ext-")
    return response.status_code, body.get("errorCode"), body["message"]


def test_provider_is_registered_and_environment_points_at_1_0() -> None:
    assert get_provider("ovh") is PROVIDER
    env = environment("http://127.0.0.1:1", {"application_key": "a", "application_secret": "b", "consumer_key": "c"})
    assert env == {
        "OVH_ENDPOINT": "http://127.0.0.1:1/1.0",
        "OVH_APPLICATION_KEY": "a",
        "OVH_APPLICATION_SECRET": "b",
        "OVH_CONSUMER_KEY": "c",
    }


def test_seed_is_deterministic_and_sized() -> None:
    first, second = create(SandboxSettings(seed_size=7, seed=3)), create(SandboxSettings(seed_size=7, seed=3))
    assert first.credentials == second.credentials
    a, b = first.state, second.state
    assert isinstance(a, OVHState) and isinstance(b, OVHState)
    assert a.bills == b.bills and len(a.bills) == 7 and len(a.servers) == 7
    assert any(server["datacenter"] == "sbg1" for server in a.servers.values())
    other = create(SandboxSettings(seed_size=7, seed=4))
    assert other.credentials != first.credentials
    empty = create(SandboxSettings(seed_size=0)).state
    assert isinstance(empty, OVHState) and empty.bills == {} and empty.servers == {}


def test_signed_get_and_unauthenticated_time(sandbox: RunningSandbox, http: httpx.Client) -> None:
    reply = http.send(signed(sandbox, "GET", "/1.0/me"))
    assert reply.status_code == 200 and reply.json()["nichandle"] == "xx1234-ovh"
    assert http.send(signed(sandbox, "GET", "/v1/me")).status_code == 200
    now = http.get("/1.0/auth/time")
    assert abs(now.json() - time.time()) < 5
    assert "X-Ovh-QueryID" in now.headers


def test_signature_covers_method_url_query_body_and_time(sandbox: RunningSandbox, http: httpx.Client) -> None:
    request = signed(sandbox, "GET", "/1.0/me/bill?category=purchase")
    request.url = request.url.copy_with(query=b"category=autorenew")
    assert error_of(http.send(request)) == (400, "INVALID_SIGNATURE", "Invalid signature")
    body = json.dumps({"firstname": "Eve"}, separators=(",", ":")).encode()
    tampered = signed(sandbox, "PUT", "/1.0/me", body)
    tampered = httpx.Request("PUT", tampered.url, content=body.replace(b"Eve", b"Bob"), headers=tampered.headers)
    assert error_of(http.send(tampered))[1] == "INVALID_SIGNATURE"
    assert error_of(http.send(signed(sandbox, "GET", "/1.0/me", secret="wrong")))[1] == "INVALID_SIGNATURE"
    old = signed(sandbox, "GET", "/1.0/me", timestamp=int(time.time()) - 3600)
    assert error_of(http.send(old)) == (400, "QUERY_TIME_OUT", "Query out of time")


def test_keys_are_checked_in_order(sandbox: RunningSandbox, http: httpx.Client) -> None:
    request = signed(sandbox, "GET", "/1.0/me")
    request.headers["X-Ovh-Application"] = "unknown"
    assert error_of(http.send(request)) == (403, "INVALID_KEY", "This application key is invalid")
    assert error_of(http.get("/1.0/me")) == (403, "INVALID_KEY", "This application key is invalid")
    unknown = signed(sandbox, "GET", "/1.0/me", consumer_key="not-a-key")
    assert error_of(http.send(unknown)) == (403, "NOT_CREDENTIAL", "This credential does not exist")


def test_consumer_key_request_validation_and_rules(sandbox: RunningSandbox, http: httpx.Client) -> None:
    creds = sandbox.credentials
    body = {"accessRules": [{"method": "GET", "path": "/me"}], "redirection": None, "allowedIPs": None}
    reply = http.post("/1.0/auth/credential", json=body, headers={"X-Ovh-Application": creds["application_key"]})
    assert reply.status_code == 200
    answer = reply.json()
    assert answer["state"] == "pendingValidation"
    assert answer["validationUrl"].startswith(sandbox.url + "/auth/?credentialToken=")
    consumer_key = answer["consumerKey"]
    pending = http.send(signed(sandbox, "GET", "/1.0/me", consumer_key=consumer_key))
    assert error_of(pending) == (403, "INVALID_CREDENTIAL", "This credential is not valid")
    assert "<form" in http.get(answer["validationUrl"]).text
    assert http.post(answer["validationUrl"]).status_code == 200
    assert http.send(signed(sandbox, "GET", "/1.0/me", consumer_key=consumer_key)).status_code == 200
    denied = http.send(signed(sandbox, "GET", "/1.0/me/bill", consumer_key=consumer_key))
    assert error_of(denied) == (403, "NOT_GRANTED_CALL", "This call has not been granted")
    assert http.post("/1.0/auth/credential", json=body).status_code == 403
    bad = {"accessRules": [{"method": "PATCH", "path": "/me"}]}
    refused = http.post("/1.0/auth/credential", json=bad, headers={"X-Ovh-Application": creds["application_key"]})
    assert error_of(refused)[0] == 400
    assert http.post("/auth/?credentialToken=nope").status_code == 404


def test_wildcard_rules_match_sub_paths(sandbox: RunningSandbox, http: httpx.Client) -> None:
    state = state_of(sandbox)
    app_id = state.application_by_key(sandbox.credentials["application_key"])
    assert app_id is not None
    credential = state.new_credential(
        app_id.application_id, [{"method": "GET", "path": "/dedicated/server/*"}], redirection=None, allowed_ips=None
    )
    state.validate(credential.consumer_key)
    name = next(iter(state.servers))
    ok = http.send(signed(sandbox, "GET", f"/1.0/dedicated/server/{name}/burst", consumer_key=credential.consumer_key))
    assert ok.status_code == 200
    listing = http.send(signed(sandbox, "GET", "/1.0/dedicated/server", consumer_key=credential.consumer_key))
    assert error_of(listing)[1] == "NOT_GRANTED_CALL"


def test_error_bodies_routes_and_bodies(sandbox: RunningSandbox, http: httpx.Client) -> None:
    missing = http.send(signed(sandbox, "GET", "/1.0/me/bill/nope"))
    status, code, message = error_of(missing)
    assert (status, code) == (404, "RESOURCE_NOT_FOUND") and "billId = nope" in message
    assert missing.json()["httpCode"] == "404 Not Found"
    assert error_of(http.send(signed(sandbox, "GET", "/1.0/no/such/route")))[0] == 404
    assert error_of(http.send(signed(sandbox, "PATCH", "/1.0/me")))[0] == 405
    assert error_of(http.get("/2.0/me"))[0] == 404
    with_body = http.send(signed(sandbox, "GET", "/1.0/me", b'{"x":1}'))
    assert error_of(with_body)[2] == "You provided an input body while none was expected"
    not_json = http.send(signed(sandbox, "PUT", "/1.0/me", b"{nope"))
    assert error_of(not_json)[0] == 400
    read_only = http.send(signed(sandbox, "PUT", "/1.0/me", b'{"email":"x@example.com"}'))
    assert "read-only" in error_of(read_only)[2]


def test_percent_encoded_segments_stay_one_segment(sandbox: RunningSandbox, http: httpx.Client) -> None:
    state = state_of(sandbox)
    state.zones["a/b"] = {"name": "a/b", "nameServers": [], "dnssecSupported": False, "hasDnsAnycast": False}
    state.zone_records["a/b"] = {}
    reply = http.send(signed(sandbox, "GET", "/1.0/domain/zone/a%2Fb"))
    assert reply.status_code == 200 and reply.json()["name"] == "a/b"


def test_oauth2_token_endpoint(sandbox: RunningSandbox, http: httpx.Client) -> None:
    creds = sandbox.credentials
    form = {"grant_type": "client_credentials", "scope": "all"}
    basic = http.post("/auth/oauth2/token", data=form, auth=(creds["client_id"], creds["client_secret"]))
    token = basic.json()
    assert (token["token_type"], token["scope"], token["expires_in"]) == ("Bearer", "all", 3600)
    in_body = http.post(
        "/auth/oauth2/token", data={**form, "client_id": creds["client_id"], "client_secret": creds["client_secret"]}
    )
    assert in_body.status_code == 200
    me = http.get("/1.0/me", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert me.status_code == 200
    wrong = http.post("/auth/oauth2/token", data=form, auth=(creds["client_id"], "nope"))
    assert (wrong.status_code, wrong.json()["error"]) == (401, "invalid_client")
    grant = http.post("/auth/oauth2/token", data={"grant_type": "password"}, auth=(creds["client_id"], "x"))
    assert grant.json()["error"] == "unsupported_grant_type"
    bogus = http.get("/1.0/me", headers={"Authorization": "Bearer nope"})
    assert error_of(bogus) == (401, "INVALID_CREDENTIAL", "This credential is not valid")
    assert http.get("/auth/oauth2/token").status_code == 405


def test_ipmi_access_becomes_ready_as_its_task_runs(sandbox: RunningSandbox, http: httpx.Client) -> None:
    name = next(iter(state_of(sandbox).servers))
    path = f"/1.0/dedicated/server/{name}/features/ipmi/access"
    body = json.dumps({"ipToAllow": "192.0.2.1", "ttl": 15, "type": "kvmipHtml5URL"}).encode()
    task = http.send(signed(sandbox, "POST", path, body)).json()
    assert (task["function"], task["status"]) == ("requestAccessIPMI", "todo")
    assert http.send(signed(sandbox, "GET", path + "?type=kvmipHtml5URL")).status_code == 404
    ready = http.send(signed(sandbox, "GET", path + "?type=kvmipHtml5URL"))
    assert ready.status_code == 200 and ready.json()["value"].startswith("https://ipmi.sandbox.invalid/")
    bad_ttl = json.dumps({"ipToAllow": "192.0.2.1", "ttl": 2, "type": "kvmipHtml5URL"}).encode()
    assert error_of(http.send(signed(sandbox, "POST", path, bad_ttl)))[0] == 400
    never = http.send(signed(sandbox, "GET", path + "?type=kvmipJnlp"))
    assert error_of(never)[0] == 404


def test_every_route_is_served_under_1_0_and_v1() -> None:
    routes = route_list()
    assert ("GET", "/me/bill/{billId}/details/{billDetailId}") in routes
    assert ("POST", "/email/domain/{domain}/redirection/{id}/changeRedirection") in routes
    assert len(routes) == len(set(routes))


def test_pytest_fixture_serves_a_sized_sandbox(resourcekit_sandbox: SandboxFactory) -> None:
    big = resourcekit_sandbox("ovh", seed_size=20)
    with big.client() as ovh:
        assert len(ovh.me.bills.ids()) == 20
        assert len(ovh.dedicated.servers.names()) == 20
    assert big.side_effects.total() == 0


def test_batch_get_lists_one_entry_per_key_and_off_means_ignored(sandbox: RunningSandbox, http: httpx.Client) -> None:
    state = state_of(sandbox)
    first, second = list(state.servers)[:2]
    request = signed(sandbox, "GET", f"/1.0/dedicated/server/{first};{second};gone")
    request.headers["X-Ovh-Batch"] = ";"
    entries = http.send(request).json()
    assert [(entry["key"], entry["error"]) for entry in entries[:2]] == [(first, None), (second, None)]
    assert entries[0]["value"] == state.servers[first]
    assert entries[2] == {
        "key": "gone",
        "value": None,
        "error": "The requested object (serviceName = gone) does not exist",
    }
    # A key holding the separator arrives percent-encoded, so it stays one key.
    request = signed(sandbox, "GET", "/1.0/me/bill/FR%3B1;FR2")
    request.headers["X-Ovh-Batch"] = ";"
    assert [entry["key"] for entry in http.send(request).json()] == ["FR;1", "FR2"]
    # Without the header, or on a route without batch support, the joined ids are one unknown id.
    plain = http.send(signed(sandbox, "GET", f"/1.0/dedicated/server/{first};{second}"))
    assert error_of(plain)[:2] == (404, "RESOURCE_NOT_FOUND")
    state.batch_enabled = False
    try:
        request = signed(sandbox, "GET", f"/1.0/dedicated/server/{first};{second}")
        request.headers["X-Ovh-Batch"] = ";"
        assert error_of(http.send(request))[:2] == (404, "RESOURCE_NOT_FOUND")
    finally:
        state.batch_enabled = True
    request = signed(sandbox, "GET", f"/1.0/dedicated/server/{first}/burst")
    request.headers["X-Ovh-Batch"] = ";"
    assert http.send(request).json()["status"] in ("active", "inactive")
