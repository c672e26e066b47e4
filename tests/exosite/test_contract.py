"""The records, the client's requests and the sandbox agree with models/exosite-*.yaml."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from resourcekit.core.response import capture_responses
from resourcekit.exosite import Alias, Content, Model, OnePlatform, Provisioning, SerialNumber, models, wire
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.exosite.rpc import RPC
from resourcekit.sandbox.inprocess import SyncInProcessTransport
from resourcekit.sandbox.server import RunningSandbox, inprocess_sandbox
from tests.contract import harness

RPC_SPEC = harness.load("exosite-rpc.yaml")
PROVISION_SPEC = harness.load("exosite-provisioning.openapi.yaml")

# Every documented procedure, built by the client's wire layer with its arguments.
BUILT: dict[str, wire.Operation[Any]] = {
    "read": wire.read_op(Alias("a")),
    "write": wire.write_op(Alias("a"), 1),
    "writegroup": wire.writegroup_op([(Alias("a"), 1)]),
    "record": wire.record_op(Alias("a"), [(1, 1)]),
    "recordbatch": wire.recordbatch_op(Alias("a"), [(1, 1)]),
    "flush": wire.flush_op(Alias("a"), newer_than=1),
    "wait": wire.wait_op(Alias("a")),
    "create": wire.create_op(models.ClientDescription()),
    "move": wire.move_op(Alias("a"), Alias("b")),
    "update": wire.update_op(Alias("a"), {"name": "x"}),
    "info": wire.info_op(Alias("a")),
    "listing": wire.listing_op(["client"]),
    "drop": wire.drop_op(Alias("a")),
    "usage": wire.usage_op("client", 0, 1),
    "map": wire.map_op(Alias("a"), "b"),
    "unmap": wire.unmap_op("a"),
    "lookup": wire.lookup_op("alias", "a"),
    "share": wire.share_op(Alias("a")),
    "revoke": wire.revoke_op("share", "c"),
    "activate": wire.activate_op("share", "c"),
    "deactivate": wire.deactivate_op("share", "c"),
    "grant": wire.grant_op(Alias("a"), {Alias("a"): ["read"]}),
    "tag": wire.tag_op(Alias("a"), "add", "t"),
}


def test_every_described_procedure_is_built_and_served() -> None:
    described = set(harness.commands(RPC_SPEC))
    assert described == set(BUILT)
    served = set(vars(RPC))
    assert {f"p_{name}" for name in described} <= served


@pytest.mark.parametrize("procedure", sorted(BUILT))
def test_argument_forms_match_the_description(procedure: str) -> None:
    parameters = harness.commands(RPC_SPEC)[procedure]["parameters"]
    required = [name for name, spec in parameters.items() if spec.get("required")]
    arguments = BUILT[procedure].call.arguments
    assert len(required) <= len(arguments) <= len(parameters), procedure
    assert BUILT[procedure].read_only == harness.commands(RPC_SPEC)[procedure]["idempotent"]


def test_description_fields_match_the_models() -> None:
    descriptions = RPC_SPEC["descriptions"]
    assert set(models.ClientDescription.model_fields) == set(descriptions["client"])
    assert set(models.Limits.model_fields) == set(descriptions["client_limits"])
    assert set(models.DataportDescription.model_fields) == set(descriptions["dataport"])
    assert set(models.DataruleDescription.model_fields) == set(descriptions["datarule"])
    assert set(models.DispatchDescription.model_fields) == set(descriptions["dispatch"])
    assert set(wire.INFO_SECTIONS) == set(descriptions["info_sections"])
    assert set(models.Info.model_fields) == set(descriptions["info_sections"])


@pytest.mark.parametrize(("record", "schema"), [(Model, "Model"), (SerialNumber, "SerialNumber"), (Content, "Content")])
def test_records_match_the_schemas(record: Any, schema: str) -> None:
    harness.assert_record_matches_schema(record, PROVISION_SPEC, schema)


@pytest.fixture(scope="module")
def inprocess() -> Generator[RunningSandbox, None, None]:
    with inprocess_sandbox("exosite", settings=SandboxSettings(seed_size=2)) as running:
        yield running


def test_the_sandbox_serves_every_described_route(inprocess: RunningSandbox) -> None:
    harness.assert_routes_served(PROVISION_SPEC, inprocess.emulator.app)


def test_client_requests_are_described(inprocess: RunningSandbox) -> None:
    credentials = inprocess.credentials
    transport = SyncInProcessTransport(inprocess.emulator.app)
    try:
        with (
            capture_responses() as log,
            Provisioning(
                credentials["vendor_token"], credentials["cik"], url=inprocess.url, http_transport=transport
            ) as prov,
            OnePlatform(credentials["cik"], url=inprocess.url, http_transport=transport) as op,
        ):
            model = prov.models.get("thermostat")
            sn = model.serial_numbers.list(page_size=5).first()
            assert sn is not None
            sn.refresh()
            model.serial_numbers.ranges()
            content = model.content.get("firmware.bin")
            content.download(byte_range=(0, 1))
            model.groups.list()
            model.shares.list()
            prov.admin_tokens.list()
            prov.vendor()
            op.http_read("temperature")
            op.http_write({"temperature": 1})
            op.timestamp()
            op.read(Alias("temperature"))
    finally:
        transport.close()
    requests = [(response.method, response.url) for response in log]
    seen = harness.assert_requests_described(PROVISION_SPEC, requests, ignore=["/onep:v1/rpc"])
    assert {"getModel", "getSerialNumber", "getContent", "hdiRead", "hdiWrite", "hdiTimestamp"} <= seen
