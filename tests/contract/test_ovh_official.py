"""The official ``ovh`` package, pointed at the sandbox, runs the scenarios of the seed README.

If the emulator signs, encodes or answers differently from the real API, the official client (which
works against the real API) fails here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import ovh  # pyright: ignore[reportMissingTypeStubs]
import ovh.client  # pyright: ignore[reportMissingTypeStubs]
import pytest
from ovh.exceptions import (  # pyright: ignore[reportMissingTypeStubs]
    BadParametersError,
    InvalidCredential,
    InvalidKey,
    NotGrantedCall,
    OAuth2FailureError,
    ResourceConflictError,
    ResourceNotFoundError,
)

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.ovh import endpoint
from resourcekit.sandbox.ovh.state import OVHState
from resourcekit.sandbox.server import RunningSandbox, run_sandbox
from tests.contract import harness

SANDBOX = "resourcekit-sandbox"
SERVICES = harness.load("ovh-services.yaml")
PYTHON_OVH_TYPES = [name for name, entry in SERVICES["types"].items() if entry["source"] == "python-ovh"]
# python-asyncovh's copies of the service examples predate two of python-ovh's types.
ASYNCOVH_TYPES = [name for name in PYTHON_OVH_TYPES if name not in ("hosting/windows", "partner")]


@pytest.fixture(scope="module")
def sandbox() -> Generator[RunningSandbox, None, None]:
    with run_sandbox("ovh", settings=SandboxSettings(seed_size=8)) as running:
        yield running


@pytest.fixture
def official(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Build ``ovh.Client`` objects for the sandbox (its endpoint table gains one name)."""
    monkeypatch.setitem(ovh.client.ENDPOINTS, SANDBOX, endpoint(sandbox.url))

    def build(**overrides: Any) -> Any:
        creds = sandbox.credentials
        options = {
            "endpoint": SANDBOX,
            "application_key": creds["application_key"],
            "application_secret": creds["application_secret"],
            "consumer_key": creds["consumer_key"],
            "config_file": "/nonexistent/ovh.conf",
            **overrides,
        }
        return ovh.Client(**options)

    return build


def state_of(sandbox: RunningSandbox) -> OVHState:
    found = sandbox.emulator.state
    assert isinstance(found, OVHState)
    return found


def test_welcome_message(official: Any) -> None:
    client = official()
    assert client.get("/me")["firstname"] == "Ada"
    assert client.get("/v1/me")["nichandle"] == "xx1234-ovh"


def test_consumer_key_request_then_validated_key_works(official: Any) -> None:
    client = official(consumer_key=None)
    request = client.new_consumer_key_request()
    request.add_rules(ovh.API_READ_ONLY, "/me")
    validation = request.request()
    assert validation["state"] == "pendingValidation"
    with pytest.raises(InvalidCredential):
        client.get("/me")
    assert httpx.post(validation["validationUrl"]).status_code == 200
    assert client.get("/me")["firstname"] == "Ada"
    with pytest.raises(NotGrantedCall) as caught:
        client.get("/me/bill")
    assert caught.value.query_id is not None


def test_recursive_full_access_rules(official: Any) -> None:
    client = official(consumer_key=None)
    request = client.new_consumer_key_request()
    request.add_recursive_rules(ovh.API_READ_WRITE, "/")
    validation = request.request(allowedIPs=["192.0.2.0/24"])
    httpx.post(validation["validationUrl"])
    assert client.get("/me/bill") != []


def test_mail_redirection_with_from(official: Any, sandbox: RunningSandbox) -> None:
    client = official()
    task = client.post(
        "/email/domain/example.com/redirection", _from="sales@example.com", to="contact@example.com", localCopy=False
    )
    assert task["action"] == "add"
    found = client.get("/email/domain/example.com/redirection", _from="sales@example.com")
    assert len(found) == 1
    assert client.get(f"/email/domain/example.com/redirection/{found[0]}")["to"] == "contact@example.com"
    with pytest.raises(ResourceConflictError):
        client.post(
            "/email/domain/example.com/redirection",
            _from="sales@example.com",
            to="contact@example.com",
            localCopy=False,
        )
    assert sandbox.side_effects["redirection.create"] == 1


def test_bill_list_with_details(official: Any, sandbox: RunningSandbox) -> None:
    client = official()
    bills = client.get("/me/bill")
    assert bills == list(state_of(sandbox).bills)
    for bill_id in bills:
        bill = client.get(f"/me/bill/{bill_id}")
        assert bill["priceWithTax"]["text"].endswith("\u20ac")
        assert bill["pdfUrl"].endswith(bill_id)
        for detail_id in client.get(f"/me/bill/{bill_id}/details"):
            assert client.get(f"/me/bill/{bill_id}/details/{detail_id}")["billDetailId"] == detail_id
    ranged = client.get("/me/bill", **{"date.from": "2024-01-20", "date.to": "2024-02-20"})
    assert 0 < len(ranged) < len(bills)
    assert client.get("/me/bill", category="purchase")


def test_burst_on_sbg1_servers(official: Any, sandbox: RunningSandbox) -> None:
    client = official()
    enabled = []
    for server in client.get("/dedicated/server/"):
        details = client.get(f"/dedicated/server/{server}")
        if details["datacenter"] == "sbg1":
            assert client.put(f"/dedicated/server/{server}/burst", status="active") is None
            enabled.append(server)
    state = state_of(sandbox)
    assert enabled and all(state.bursts[name]["status"] == "active" for name in enabled)
    assert all(state.bursts[name]["status"] == "inactive" for name in state.bursts if name not in enabled)


def test_validated_credentials_table(official: Any, sandbox: RunningSandbox) -> None:
    client = official()
    table = []
    for credential_id in client.get("/me/api/credential", status="validated"):
        credential = client.get(f"/me/api/credential/{credential_id}")
        application = client.get(f"/me/api/credential/{credential_id}/application")
        table.append([credential_id, f"[{application['status']}] {application['name']}", credential["creation"]])
    validated = [c.credential_id for c in state_of(sandbox).credentials.values() if c.status == "validated"]
    assert [row[0] for row in table] == validated
    assert table[0][1] == "[active] resourcekit-sandbox"


def test_ipmi_kvm_access(official: Any, sandbox: RunningSandbox) -> None:
    client = official()
    server = next(iter(state_of(sandbox).servers))
    task = client.post(
        f"/dedicated/server/{server}/features/ipmi/access", ipToAllow="192.0.2.7", ttl=15, type="kvmipJnlp"
    )
    assert task["function"] == "requestAccessIPMI"
    for _ in range(5):
        try:
            kvm = client.get(f"/dedicated/server/{server}/features/ipmi/access?type=kvmipJnlp")
            break
        except ResourceNotFoundError:
            continue
    else:
        pytest.fail("the IPMI access never became ready")
    assert "<jnlp" in kvm["value"]


def test_dns_records(official: Any) -> None:
    client = official()
    record = client.post("/domain/zone/example.net/record", fieldType="TXT", subDomain="c", target='"hi"', ttl=60)
    assert client.get("/domain/zone/example.net/record", fieldType="TXT", subDomain="c") == [record["id"]]
    assert client.put(f"/domain/zone/example.net/record/{record['id']}", target='"bye"') is None
    assert client.post("/domain/zone/example.net/refresh") is None
    assert client.delete(f"/domain/zone/example.net/record/{record['id']}") is None


def test_wrong_secret_is_rejected_like_the_real_api(official: Any) -> None:
    with pytest.raises(BadParametersError) as caught:
        official(application_secret="not-the-secret").get("/me")
    assert str(caught.value).startswith("Invalid signature")
    assert caught.value.response.json()["errorCode"] == "INVALID_SIGNATURE"
    assert caught.value.query_id is not None
    with pytest.raises(InvalidKey):
        official(application_key="not-a-key").get("/me")


def test_oauth2_client_credentials(official: Any, sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    creds = sandbox.credentials
    monkeypatch.setitem(ovh.client.OAUTH2_TOKEN_URLS, SANDBOX, sandbox.url + "/auth/oauth2/token")
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the sandbox speaks plain HTTP on loopback
    client = official(
        application_key=None,
        application_secret=None,
        consumer_key=None,
        client_id=creds["client_id"],
        client_secret=creds["client_secret"],
    )
    assert client.get("/me")["nichandle"] == "xx1234-ovh"
    assert sandbox.side_effects["oauth2.token"] == 1
    wrong = official(
        application_key=None,
        application_secret=None,
        consumer_key=None,
        client_id=creds["client_id"],
        client_secret="wrong",
    )
    with pytest.raises(OAuth2FailureError, match=r"invalid_client"):
        wrong.get("/me")


def test_service_list_example_walks_every_type(official: Any, sandbox: RunningSandbox) -> None:
    """python-ovh's examples/serviceList: every service of the account with its status and expiration."""
    assert len(PYTHON_OVH_TYPES) == 39
    client = official()
    table: list[list[str]] = []
    for service_type in PYTHON_OVH_TYPES:
        services: list[str] = client.get(f"/{service_type}")
        for service in services:
            infos: dict[str, Any] = client.get(f"/{service_type}/{service}/serviceInfos")
            dt.datetime.strptime(infos["expiration"], "%Y-%m-%d")  # the example parses it so
            table.append([service_type, service, infos["status"], infos["expiration"]])
    state = state_of(sandbox)
    listed = {(row[0], row[1]) for row in table}
    assert {("dedicated/server", name) for name in state.servers} <= listed
    assert {("vps", name) for name in SERVICES["types"]["vps"]["seeded"]} <= listed
    assert {row[2] for row in table} == {"ok"}
    with pytest.raises(ResourceNotFoundError, match=r"\(serviceName = nope\) does not exist"):
        client.get("/vps/nope/serviceInfos")
    with pytest.raises(ResourceNotFoundError, match=r"^Got an invalid \(or empty\) URL"):
        client.get("/nosuchservice")


def test_service_expiration_example_keeps_the_services_expiring_within_60_days(official: Any) -> None:
    """python-ovh's examples/serviceExpiration: the same walk, kept when expiring before now + 60 days."""
    client = official()
    delay_date = dt.datetime.now() + dt.timedelta(days=60)
    walked: list[tuple[str, str]] = []
    expiring: list[tuple[str, str]] = []
    for service_type in PYTHON_OVH_TYPES:
        for service in client.get(f"/{service_type}"):
            infos: dict[str, Any] = client.get(f"/{service_type}/{service}/serviceInfos")
            walked.append((service_type, service))
            if dt.datetime.strptime(infos["expiration"], "%Y-%m-%d") < delay_date:
                expiring.append((service_type, service))
    # Seeded expirations fall 15 to 364 days ahead, so the filter keeps some services and drops others.
    assert expiring and len(expiring) < len(walked)


def gather(calls: Iterable[Callable[[], Any]]) -> list[Any]:
    """python-asyncovh's ``asyncio.gather`` over many GETs, with threads: every call in flight at once."""
    pending = list(calls)
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda call: call(), pending))


def test_asyncovh_service_list_example_gathers_every_type_at_once(official: Any, sandbox: RunningSandbox) -> None:
    """python-asyncovh's examples/serviceList: every listing at once, then each type's serviceInfos at once."""
    assert len(ASYNCOVH_TYPES) == 37
    client = official()
    client.get("/auth/time", _need_auth=False)  # the clock offset is read once, before the threads start

    def rows_of(service_type: str) -> list[list[str]]:
        services: list[str] = client.get(f"/{service_type}")
        infos = gather(lambda s=s: client.get(f"/{service_type}/{s}/serviceInfos") for s in services)
        return [[service_type, s, i["status"], i["expiration"]] for s, i in zip(services, infos, strict=True)]

    table = [row for rows in gather(lambda t=t: rows_of(t) for t in ASYNCOVH_TYPES) for row in rows]
    listed = {(row[0], row[1]) for row in table}
    assert {("dedicated/server", name) for name in state_of(sandbox).servers} <= listed
    assert {("cloud/project", name) for name in SERVICES["types"]["cloud/project"]["seeded"]} <= listed
    assert all(dt.datetime.strptime(row[3], "%Y-%m-%d") for row in table)
    assert {row[2] for row in table} == {"ok"}


def test_asyncovh_readme_examples_gather_their_gets(official: Any, sandbox: RunningSandbox) -> None:
    """python-asyncovh's README: the bill list and the credentials table, each object fetched concurrently."""
    client = official()
    client.get("/auth/time", _need_auth=False)
    bills = gather(lambda b=b: client.get(f"/me/bill/{b}") for b in client.get("/me/bill"))
    assert [bill["billId"] for bill in bills] == list(state_of(sandbox).bills)
    assert all({"date", "priceWithTax", "pdfUrl"} <= set(bill) for bill in bills)

    def credential_row(credential_id: int) -> list[Any]:
        credential, application = gather(
            [
                lambda: client.get(f"/me/api/credential/{credential_id}"),
                lambda: client.get(f"/me/api/credential/{credential_id}/application"),
            ]
        )
        return [
            credential_id,
            f"[{application['status']}] {application['name']}",
            application["description"],
            credential["creation"],
            credential["expiration"],
            credential["lastUse"],
        ]

    table = gather(lambda c=c: credential_row(c) for c in client.get("/me/api/credential", status="validated"))
    assert table and table[0][1] == "[active] resourcekit-sandbox"
    assert all(isinstance(row[2], str) for row in table)


def test_batch_get_through_the_official_client(official: Any, sandbox: RunningSandbox) -> None:
    """``X-Ovh-Batch`` as python-asyncovh and the web console send it, here through ``raw_call``."""
    client = official()
    first, second = list(state_of(sandbox).bills)[:2]
    reply = client.raw_call("GET", f"/me/bill/{first},{second},nope", headers={"X-Ovh-Batch": ","})
    assert reply.status_code == 200
    entries = reply.json()
    assert [entry["key"] for entry in entries] == [first, second, "nope"]
    assert [entry["value"]["billId"] for entry in entries[:2]] == [first, second]
    assert entries[2] == {"key": "nope", "value": None, "error": "The requested object (billId = nope) does not exist"}
