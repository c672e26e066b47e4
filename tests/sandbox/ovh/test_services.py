"""The emulator's service catalogue agrees with ``models/ovh-services.yaml`` and serves its shapes."""

from __future__ import annotations

import datetime as dt

import pytest

from resourcekit import NotFoundError
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.ovh import create
from resourcekit.sandbox.ovh.catalogue import SERVICE_TYPES
from resourcekit.sandbox.ovh.services import service_ids, service_infos
from resourcekit.sandbox.ovh.state import OVHState
from resourcekit.sandbox.server import run_sandbox
from tests.contract import harness

DESCRIPTION = harness.load("ovh-services.yaml")
TYPES = DESCRIPTION["types"]


def test_the_catalogue_and_the_description_list_the_same_types_alike() -> None:
    assert list(SERVICE_TYPES) == list(TYPES)
    for name, kind in SERVICE_TYPES.items():
        entry = TYPES[name]
        assert kind.id == entry["id"], name
        assert kind.seeded == tuple(entry.get("seeded", ())), name
        assert kind.modeled == entry.get("modeled", False), name
        assert kind.service_infos == entry.get("service_infos", True), name


def test_every_type_python_ovh_walks_is_listed() -> None:
    from_examples = [name for name, entry in TYPES.items() if entry["source"] == "python-ovh"]
    assert len(from_examples) == 39
    assert len(TYPES) >= 50


def seeded_state(size: int) -> OVHState:
    state = create(SandboxSettings(seed_size=size)).state
    assert isinstance(state, OVHState)
    return state


def test_seeded_and_modeled_types_hold_ids_and_the_rest_none() -> None:
    state = seeded_state(3)
    holding = {name for name in SERVICE_TYPES if service_ids(state, name)}
    assert holding == {
        "cloud/project",
        "dedicated/server",
        "domain",
        "domain/zone",
        "email/domain",
        "hosting/web",
        "ip",
        "vps",
    }
    assert service_ids(state, "ip")[0].endswith("/32")
    assert all(not service_ids(seeded_state(0), name) for name in SERVICE_TYPES if not SERVICE_TYPES[name].modeled)


@pytest.mark.parametrize("service_type", ["vps", "dedicated/server", "domain/zone"])
def test_service_infos_follow_the_described_schema(service_type: str) -> None:
    state = seeded_state(2)
    name = service_ids(state, service_type)[0]
    infos = service_infos(state, service_type, name)
    schema = DESCRIPTION["service_infos"]
    assert set(schema["required"]) <= set(infos) <= set(schema["properties"])
    assert infos["domain"] == name
    assert infos["status"] in schema["properties"]["status"]["enum"]
    expiration = dt.datetime.strptime(infos["expiration"], "%Y-%m-%d").date()  # as python-ovh's example reads it
    assert expiration > state.now().date()
    assert infos == service_infos(state, service_type, name)


def test_every_described_type_answers_over_http_as_the_api_does() -> None:
    """Each of the file's types, listing and serviceInfos, through a real socket; then OVH's 404s."""
    with run_sandbox("ovh", settings=SandboxSettings(seed_size=2)) as sandbox, sandbox.client() as ovh:
        state = sandbox.emulator.state
        assert isinstance(state, OVHState)
        for name, entry in TYPES.items():
            listed = ovh.get(f"/{name}")
            assert listed == service_ids(state, name), name
            if not entry.get("service_infos", True):
                with pytest.raises(NotFoundError, match=r"^Got an invalid \(or empty\) URL"):
                    ovh.get(f"/{name}/anything/serviceInfos")
                continue
            for service in listed:
                assert ovh.get(f"/{name}/{service}/serviceInfos") == service_infos(state, name, service)
            with pytest.raises(NotFoundError) as missing:
                ovh.get(f"/{name}/not-held/serviceInfos")
            assert missing.value.message == f"The requested object ({entry['id']} = not-held) does not exist"
        for unknown in ("/nosuchservice", "/vps/vps-5d8e1f2a.vps.ovh.net/ips", "/license"):
            with pytest.raises(NotFoundError) as caught:
                ovh.get(unknown)
            assert caught.value.message == "Got an invalid (or empty) URL"
