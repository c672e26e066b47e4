"""Provisioning against the sandbox over real HTTP: pyonep's example flow, the serial-number
lifecycle, content with ranges, groups, shares, admin tokens and raw access."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from resourcekit.core.errors import ConfigurationError, InvalidInputError
from resourcekit.core.response import capture_responses
from resourcekit.exosite import (
    AsyncOnePlatform,
    AsyncProvisioning,
    AsyncSerialNumber,
    CallInvalidError,
    ExositeBadRequestError,
    ExositeConflictError,
    ExositeForbiddenError,
    ExositeNotFoundError,
    ExositeServerError,
    ProvisionResponse,
    RPCAuthenticationError,
    SerialNumberRange,
)
from resourcekit.sandbox.server import RunningSandbox

_counter = iter(range(1_000_000))


def unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}"


@pytest.fixture
async def vendor(sandbox: RunningSandbox) -> AsyncIterator[AsyncProvisioning]:
    """Managing as the seeded vendor, by vendor token (the vendor CIK is set too)."""
    credentials = sandbox.credentials
    async with AsyncProvisioning(credentials["vendor_token"], credentials["cik"], url=sandbox.url) as client:
        yield client


@pytest.mark.anyio
async def test_the_provisioning_example_flow(sandbox: RunningSandbox, op: AsyncOnePlatform) -> None:
    """pyonep's examples/provisioning.py, step by step, with typed results instead of bodies."""
    vendor_name = sandbox.credentials["vendor"]
    # the portal's RID and the RID of the client to clone, each looked up with its own CIK
    portal_rid = await op.lookup("")
    template = await (await op.me()).create_client(name=unique("clone"), limits={"dataport": "inherit"})
    await template.create_dataport("string", alias="status")
    assert template.key is not None
    async with AsyncOnePlatform(template.key.get_secret_value(), url=sandbox.url) as clone_client:
        clone_rid = await clone_client.lookup("")
    assert clone_rid == template.rid
    model_name = unique("MyTestModel")
    sn1, sn2, sn3 = (f"00{index}{model_name}" for index in (1, 2, 3))

    async with AsyncProvisioning(sandbox.credentials["vendor_token"], url=sandbox.url) as provision:
        model = await provision.models.create(model_name, rid=clone_rid, aliases=False)
        assert model_name in await provision.models.names()
        info = await provision.models.get(model_name)
        assert (info.rid, info.options) == (clone_rid, ["noaliases"])

        await model.serial_numbers.add(sn1)
        await model.serial_numbers.add_many([sn2, sn3])
        assert [sn.sn for sn in await model.serial_numbers.list(page_size=10).to_list()] == [sn1, sn2, sn3]
        await model.serial_numbers.delete_many([sn2, sn3])
        assert [sn.sn async for sn in model.serial_numbers.list()] == [sn1]

        serial = await model.serial_numbers.get(sn1)
        device_rid = await serial.enable(portal_rid)
        after_enable = await model.serial_numbers.get(sn1)
        assert (after_enable.status, after_enable.rid) == ("notactivated", device_rid)
        await serial.disable()
        assert (await model.serial_numbers.get(sn1)).status == "expired"
        await serial.reenable()
        assert (await model.serial_numbers.get(sn1)).status == "notactivated"
        sn_cik = await provision.activate(vendor_name, model_name, sn1)
        assert (await model.serial_numbers.get(sn1)).status == "activated"
        async with AsyncOnePlatform(sn_cik, url=sandbox.url) as device:
            assert await device.lookup("") == device_rid
            with pytest.raises(CallInvalidError):
                await device.lookup("status")  # the model clones without aliases

        content_id = "a.txt"
        content = await model.content.create(content_id, meta="This is text")
        assert await model.content.ids() == [content_id]
        await content.upload(b"This is content data", "text/plain")
        assert await model.content.ids() == [content_id]
        info_after = await model.content.get(content_id)
        assert (info_after.type, info_after.size, info_after.meta) == ("text/plain", 20, "This is text")
        device_side = provision.device(sn_cik)
        assert await device_side.content_ids(vendor_name, model_name) == [content_id]
        assert (await device_side.content_info(vendor_name, model_name, content_id)).size == 20
        assert await device_side.download(vendor_name, model_name, content_id) == b"This is content data"
        assert await device_side.download(vendor_name, model_name, content_id, byte_range=(8, None)) == b"content data"
        await content.delete()
        assert await model.content.ids() == []

        await model.serial_numbers.delete(sn1)
        assert await model.serial_numbers.list().to_list() == []
        await model.delete()
        assert model_name not in await provision.models.names()


@pytest.mark.anyio
async def test_serial_number_lifecycle(
    sandbox: RunningSandbox, vendor: AsyncProvisioning, op: AsyncOnePlatform
) -> None:
    model = await vendor.models.get("thermostat")
    sn = await model.serial_numbers.add(unique("LC"))
    owner = await op.lookup("devices")
    await sn.enable(owner)
    with pytest.raises(ExositeConflictError):
        await sn.enable(owner)  # already enabled
    vendor_name = sandbox.credentials["vendor"]
    first = await vendor.activate(vendor_name, "thermostat", sn.sn)
    with pytest.raises(ExositeConflictError):
        await vendor.activate(vendor_name, "thermostat", sn.sn)  # already activated
    assert (await model.serial_numbers.get(sn.sn)).status == "activated"

    await sn.reenable()
    async with AsyncOnePlatform(first, url=sandbox.url) as old:
        with pytest.raises(RPCAuthenticationError):
            await old.lookup("")
    assert (await model.serial_numbers.get(sn.sn)).status == "notactivated"
    second = await vendor.activate(vendor_name, "thermostat", sn.sn)
    assert second != first
    async with AsyncOnePlatform(second, url=sandbox.url) as new:
        assert await new.lookup("") == sn.rid

    await sn.disable()
    await sn.refresh()
    assert sn.status == "expired"
    async with AsyncOnePlatform(second, url=sandbox.url) as expired:
        with pytest.raises(RPCAuthenticationError):
            await expired.lookup("")
    with pytest.raises(ExositeConflictError):
        await vendor.activate(vendor_name, "thermostat", sn.sn)
    entries = [entry.entry for entry in await sn.activation_log()]
    assert entries == ["enabled", "activated", "reenabled", "activated", "disabled"]

    other = await model.serial_numbers.add(unique("LC"))
    await other.remap(sn.sn)
    assert other.rid == sn.rid
    assert (await model.serial_numbers.get(sn.sn)).rid is None

    await sn.delete()
    assert sn.sn not in [s.sn async for s in model.serial_numbers.list()]
    with pytest.raises(ExositeNotFoundError):
        await vendor.activate(vendor_name, "thermostat", "no-such-sn")


@pytest.mark.anyio
async def test_bulk_serial_numbers(vendor: AsyncProvisioning, op: AsyncOnePlatform) -> None:
    model = await vendor.models.create(unique("bulk"), rid=await op.lookup("template"))
    sns = model.serial_numbers
    await sns.add_csv([("C1", "from csv"), "C2"])
    await sns.add_ranges([SerialNumberRange(first=1, last=12, length=3)])
    await sns.add_ranges([SerialNumberRange(format="mac:48", first=0xA0, last=0xA1, casing="upper")])
    assert await sns.ranges() == [
        SerialNumberRange(first=1, last=12, length=3),
        SerialNumberRange(format="mac:48", first=0xA0, last=0xA1, casing="upper"),
    ]
    with pytest.raises(ExositeConflictError):
        await sns.add("C1")
    page = sns.list(page_size=5)
    pages = [items async for items in page.pages()]
    assert [len(items) for items in pages] == [5, 5, 5, 1]
    everything = [s.sn for items in pages for s in items]
    assert everything[:3] == ["C1", "C2", "001"] and everything[-2:] == ["0000000000A0", "0000000000A1"]
    assert pages[0][0].extra == "from csv"
    await sns.delete_many(["C1", "C2"])
    await sns.delete_csv(["001", "002"])
    await sns.delete_ranges([SerialNumberRange(format="mac:48", first=0xA0, last=0xA1, casing="upper")])
    assert len(await sns.list().to_list()) == 10
    with pytest.raises(InvalidInputError):
        sns.list(page_size=2)
    with pytest.raises(InvalidInputError):
        await sns.add_many([])
    await model.delete()


@pytest.mark.anyio
async def test_models_update_and_options(vendor: AsyncProvisioning, op: AsyncOnePlatform) -> None:
    template = await op.lookup("template")
    name = unique("opts")
    with capture_responses() as log:
        model = await vendor.models.create(name, rid=template, aliases=False, historical=False)
    assert log.last.status_code == 205
    assert model.options == ["noaliases", "nohistorical"]
    fetched = await vendor.models.get(name)
    assert fetched.options == ["noaliases", "nohistorical"]
    code = await op.share(template)
    await fetched.update(code=code)
    assert (fetched.rid, fetched.code, fetched.options) == (None, code, [])
    with pytest.raises(ExositeConflictError):
        await vendor.models.create(name, rid=template)
    assert name in [m.name for m in await vendor.models.list()]
    await fetched.delete()
    with pytest.raises(ExositeNotFoundError):
        await vendor.models.get(name)


@pytest.mark.anyio
async def test_protected_content_groups_and_ranges(sandbox: RunningSandbox, vendor: AsyncProvisioning) -> None:
    model = await vendor.models.get("thermostat")
    firmware = await model.content.get("firmware.bin")
    assert firmware.size == 1024
    assert await firmware.download(byte_range=(0, 3)) == bytes([0, 1, 2, 3])
    secret = await model.content.create(unique("secret"), meta="keys", protected=True)
    assert secret.protected
    await secret.upload(b"s3cr3t")
    assert {"firmware.bin", secret.id} <= {content.id for content in await model.content.list()}
    sn = await model.serial_numbers.add(unique("G"))
    assert secret.id not in await model.content.ids(sn=sn.sn)
    group = unique("group")
    await model.groups.create(group, meta="beta testers")
    await model.groups.add_member(group, "sn", sn.sn)
    await model.groups.add_member(group, "content", secret.id)
    assert secret.id in await model.content.ids(sn=sn.sn)
    assert group in [g.id for g in await model.groups.list()]
    assert {m.member_id for m in await model.groups.members(group)} == {sn.sn, secret.id}
    assert await sn.groups() == [group]
    assert await secret.groups() == [group]
    await model.groups.remove_member(group, "content", secret.id)
    assert secret.id not in await model.content.ids(sn=sn.sn)
    await model.groups.delete(group)
    assert group not in [g.id for g in await model.groups.list()]
    await secret.delete()


@pytest.mark.anyio
async def test_shared_models(sandbox: RunningSandbox, vendor: AsyncProvisioning, op: AsyncOnePlatform) -> None:
    credentials = sandbox.credentials
    model = await vendor.models.create(unique("shared"), rid=await op.lookup("template"))
    await model.shares.add(credentials["partner_vendor"])
    assert await model.shares.list() == [credentials["partner_vendor"]]
    assert await model.shares.is_shared(credentials["partner_vendor"])
    sn = await model.serial_numbers.add(unique("P"))
    async with AsyncProvisioning(cik=credentials["partner_cik"], url=sandbox.url) as partner:
        assert (credentials["vendor"], model.name) in await partner.models.shared()
        as_partner = partner.with_options(owner_vendor=credentials["vendor"])
        async with AsyncOnePlatform(credentials["partner_cik"], url=sandbox.url) as partner_rpc:
            partner_me = await partner_rpc.lookup("")
        remote = AsyncSerialNumber(model=model.name, sn=sn.sn).bind(as_partner)
        await remote.enable(partner_me)
        await remote.disable()
        with pytest.raises(ExositeForbiddenError):
            await remote.delete()  # only enable, re-enable and disable are allowed on a shared model
    await model.shares.remove(credentials["partner_vendor"])
    assert not await model.shares.is_shared(credentials["partner_vendor"])
    await model.delete()


@pytest.mark.anyio
async def test_vendor_registration_and_admin_tokens(
    sandbox: RunningSandbox, vendor: AsyncProvisioning, op: AsyncOnePlatform
) -> None:
    assert await vendor.vendor() == sandbox.credentials["vendor"]
    token = await vendor.admin_tokens.create(unique("admin"))
    ids = await vendor.admin_tokens.list()
    assert token in [await vendor.admin_tokens.get(token_id) for token_id in ids]
    async with AsyncProvisioning(token, url=sandbox.url) as admin:
        assert "thermostat" in await admin.models.names()
    for token_id in ids:
        await vendor.admin_tokens.delete(token_id)
    async with AsyncProvisioning(token, url=sandbox.url) as revoked:
        with pytest.raises(ExositeForbiddenError):
            await revoked.models.names()
        with pytest.raises(ConfigurationError):
            await revoked.admin_tokens.list()  # admin tokens need the vendor CIK
    me = await op.me()
    fresh = await me.create_client(name="new vendor")
    key = fresh.key
    assert key is not None
    async with AsyncProvisioning(cik=key.get_secret_value(), url=sandbox.url) as newcomer:
        assert await newcomer.vendor() is None
        name = unique("vendor")
        await newcomer.register(name)
        assert await newcomer.vendor() == name
        with pytest.raises(ExositeConflictError):
            await newcomer.register(unique("vendor"))
        await newcomer.unregister(name)
        assert await newcomer.vendor() is None


@pytest.mark.anyio
async def test_raw_access_and_errors(sandbox: RunningSandbox, vendor: AsyncProvisioning) -> None:
    response = await vendor.raw("GET", "/provision/manage/model/")
    assert response.isok and response.status == 200 and "thermostat" in response.body
    assert isinstance(response, ProvisionResponse)  # the one public class, whichever flavour sent it
    missing = await vendor.raw("GET", "/provision/manage/model/nope")
    assert (missing.status, missing.reason, missing.isok) == (404, "Not Found", False)
    created = await vendor.raw("POST", "/provision/manage/content/thermostat/", form=[("id", unique("raw"))])
    assert created.status == 205 and created.body == ""
    with pytest.raises(ExositeBadRequestError):
        await vendor.models.create(unique("bad"), rid="f" * 40)
    async with AsyncProvisioning("0" * 40, url=sandbox.url) as stranger:
        with pytest.raises(ExositeForbiddenError) as caught:
            await stranger.models.names()
        assert str(caught.value).startswith("403 Forbidden")
    assert sandbox.credentials["vendor_token"] not in repr(vendor)
    with pytest.raises(InvalidInputError):
        await vendor.models.get("")


@pytest.mark.anyio
async def test_environment_configuration(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in sandbox.environment().items():
        monkeypatch.setenv(name, value)
    async with AsyncProvisioning() as from_env:
        assert "thermostat" in await from_env.models.names()
    for name in ("EXOSITE_VENDOR_TOKEN", "EXOSITE_CIK"):
        monkeypatch.delenv(name)
    async with AsyncProvisioning() as nothing:
        with pytest.raises(ConfigurationError):
            await nothing.models.names()


@pytest.mark.anyio
async def test_retries_only_what_is_safe(sandbox: RunningSandbox, vendor: AsyncProvisioning) -> None:
    fast = vendor.with_options(max_retries=2)
    sandbox.faults.fail_next(1, status=500)
    assert "thermostat" in await fast.models.names()  # a GET is retried after a 500
    sandbox.faults.fail_next(1, status=500)
    with pytest.raises(ExositeServerError):
        await fast.activate(sandbox.credentials["vendor"], "thermostat", "nope")  # POST activate is not
    assert "thermostat" in await fast.models.names()
