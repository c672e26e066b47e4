"""Every OVH service type answers its listing and ``serviceInfos`` over real HTTP, as the API does."""

from __future__ import annotations

import pytest

from resourcekit.ovh import OVHNotFoundError, wire
from resourcekit.sandbox.ovh.catalogue import SERVICE_TYPES
from resourcekit.sandbox.server import RunningSandbox


@pytest.mark.anyio
async def test_walking_every_service_type_finds_the_seeded_services(sandbox: RunningSandbox) -> None:
    found: dict[str, list[str]] = {}
    async with sandbox.async_client() as ovh:
        for service_type, kind in SERVICE_TYPES.items():
            names: list[str] = await ovh.get(f"/{service_type}")
            assert isinstance(names, list), service_type
            if not kind.service_infos:
                continue
            for name in names:
                infos = await ovh.get(wire.path(f"/{service_type}/{{}}/serviceInfos", name))
                assert (infos["domain"], infos["status"]) == (name, "ok")
            found[service_type] = names
    assert found["vps"] == list(SERVICE_TYPES["vps"].seeded)
    assert found["sms"] == [] and found["license/plesk"] == []
    assert found["dedicated/server"] and found["domain/zone"] and found["email/domain"]


@pytest.mark.anyio
async def test_an_unknown_service_id_gets_the_api_404(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as ovh:
        with pytest.raises(OVHNotFoundError) as caught:
            await ovh.get("/vps/vps-unknown.vps.ovh.net/serviceInfos")
        assert caught.value.message == "The requested object (serviceName = vps-unknown.vps.ovh.net) does not exist"
        with pytest.raises(OVHNotFoundError, match=r"\(billingAccount = ab1234-ovh-1\)"):
            await ovh.get("/telephony/ab1234-ovh-1/serviceInfos")


@pytest.mark.anyio
@pytest.mark.parametrize("path", ["/nosuchservice", "/vps/a/b/c", "/ip/192.0.2.0%2F32/serviceInfos"])
async def test_unknown_routes_keep_the_exact_404_text(sandbox: RunningSandbox, path: str) -> None:
    async with sandbox.async_client() as ovh:
        with pytest.raises(OVHNotFoundError) as caught:
            await ovh.get(path)
    assert caught.value.message == "Got an invalid (or empty) URL"
