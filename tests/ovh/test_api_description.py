"""Records, client requests and sandbox routes agree with ``models/ovh.openapi.yaml``."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from resourcekit.core.response import capture_responses
from resourcekit.ovh import models as m
from resourcekit.ovh import rules
from resourcekit.sandbox.ovh.app import ROUTES, route_list
from resourcekit.sandbox.server import inprocess_sandbox
from tests.contract import harness

SPEC = harness.load("ovh.openapi.yaml")
SERVICES = harness.load("ovh-services.yaml")


def service_operations() -> set[tuple[str, str]]:
    """``GET /{type}`` and ``GET /{type}/{id}/serviceInfos`` of every type in ``ovh-services.yaml``."""
    found: set[tuple[str, str]] = set()
    for service_type, entry in SERVICES["types"].items():
        found.add(("GET", f"/{service_type}"))
        if entry.get("service_infos", True):
            found.add(("GET", f"/{service_type}/{{}}/serviceInfos"))
    return found


RECORDS: list[tuple[type[BaseModel], str]] = [
    (m.MeData, "Me"),
    (m.BillData, "Bill"),
    (m.BillDetailData, "BillDetail"),
    (m.PaymentData, "Payment"),
    (m.ApiCredentialData, "ApiCredential"),
    (m.ApiApplicationData, "ApiApplication"),
    (m.DedicatedServerData, "DedicatedServer"),
    (m.BurstData, "Burst"),
    (m.IpmiData, "Ipmi"),
    (m.TaskData, "Task"),
    (m.RedirectionData, "Redirection"),
    (m.DnsZoneData, "DnsZone"),
    (m.DnsRecordData, "DnsRecord"),
    (m.IpmiAccess, "IpmiAccess"),
    (m.RedirectionTask, "RedirectionTask"),
    (m.CredentialRequest, "CredentialRequest"),
    (m.Price, "Price"),
    (m.AccessRule, "AccessRule"),
    (m.Currency, "Currency"),
]


@pytest.mark.parametrize(("record", "schema"), RECORDS, ids=[schema for _, schema in RECORDS])
def test_records_match_schemas(record: type[BaseModel], schema: str) -> None:
    harness.assert_record_matches_schema(record, SPEC, schema)


def shape(template: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", template)


def test_sandbox_serves_exactly_the_described_operations() -> None:
    described = {(method, shape(path)) for method, path in harness.openapi_operations(SPEC)} | service_operations()
    served = {(method, shape(path)) for method, path in route_list()} | {("POST", "/auth/oauth2/token")}
    assert described == served


def test_the_sandbox_batches_exactly_the_operations_described_with_x_ovh_batch() -> None:
    batch_header = {"$ref": "#/components/parameters/OvhBatch"}
    described = {
        shape(path) for path, item in SPEC["paths"].items() if batch_header in item.get("get", {}).get("parameters", [])
    }
    batched = {shape("/" + "/".join(r.template)) for r in ROUTES if r.batch and r.method == "GET"}
    assert described == batched
    assert len(batched) == 8  # bills, bill lines, credentials, applications, servers, redirections, zones, records


def test_every_client_request_is_described_and_every_operation_is_used() -> None:
    with inprocess_sandbox("ovh") as sandbox, capture_responses() as log:
        creds = sandbox.credentials
        with sandbox.client() as ovh:
            me = ovh.me.get()
            me.save()
            me.firstname = "Grace"
            me.save()
            bill = ovh.me.bills.list(category="purchase", order_id=None).to_list()[0]
            bill.details()
            bill.payment()
            credential = ovh.me.api.credentials.list(status="validated").to_list()[-1]
            credential.application()
            credential.allowed_ips = ["192.0.2.0/24"]
            credential.save()
            ovh.me.api.applications.list().to_list()
            server = ovh.dedicated.servers.list().to_list()[0]
            server.monitoring = False
            server.save()
            burst = server.burst()
            burst.status = "active"
            burst.save()
            server.ipmi()
            server.request_ipmi_access("kvmipHtml5URL", 1, ip_to_allow="192.0.2.1").wait(interval=0.001)
            server.ipmi_access("kvmipHtml5URL")
            domain = ovh.email.domain(ovh.email.domains.names()[0])
            domain.redirections.create("a@example.com", "b@example.com")
            redirection = domain.redirections.list(from_="a@example.com").to_list()[0]
            redirection.change_target("c@example.com")
            redirection.delete()
            ovh.domain.names()
            zone = ovh.domain.zones.list().to_list()[0]
            record = zone.records.create("TXT", '"x"', sub_domain="x")
            zone.records.list(field_type="TXT").to_list()
            record.target = '"y"'
            record.save()
            record.delete()
            zone.refresh_zone()
            credential.delete()
            ovh.me.api.applications.get(3).delete()
            ovh.request_consumer_key(rules.read_only("/me"))
        oauth2_options = {"client_id": creds["client_id"], "client_secret": creds["client_secret"]}
        with sandbox.client(**oauth2_options) as oauth2:
            assert oauth2.auth_mode == "oauth2"
            oauth2.me.get()
    seen = harness.assert_requests_described(SPEC, [(r.method, r.url) for r in log], prefix="/1.0")
    assert seen == set(harness.openapi_operations(SPEC).values())
