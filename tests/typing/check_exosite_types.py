"""What an IDE sees with Exosite, checked by pyright (strict) in the test command; never run."""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

from resourcekit.core.pages import AsyncPage, SyncPage
from resourcekit.exosite import (
    Alias,
    AsyncBatch,
    AsyncClientResource,
    AsyncDataport,
    AsyncModel,
    AsyncOnePlatform,
    AsyncProvisioning,
    AsyncSerialNumber,
    Batch,
    CallError,
    ClientResource,
    Dataport,
    Datarule,
    Dispatch,
    Handle,
    Info,
    Model,
    OnePlatform,
    Point,
    Provisioning,
    ProvisionResponse,
    RecordBatchError,
    Resource,
    SerialNumber,
    SimpleRule,
)
from resourcekit.exosite.errors import CallStatus
from resourcekit.exosite.models import (
    BasicInfo,
    GroupMember,
    GroupMemberType,
    ResourceDescription,
    ResourceStatus,
    Rule,
)


def sync_shapes(op: OnePlatform) -> None:
    with op as same:
        assert_type(same, OnePlatform)
    me = op.me()
    assert_type(me, ClientResource)
    assert_type(me.save(), ClientResource)
    port = me.dataport("temperature")
    assert_type(port, Dataport)
    assert_type(port.refresh(), Dataport)
    assert_type(port.update(name="T"), Dataport)
    assert_type(port.read(), list[Point])
    assert_type(port.latest(), Point | None)
    assert_type(port.status, ResourceStatus | None)
    assert_type(me.get(Alias("x")), Resource)
    assert_type(me.create_datarule(SimpleRule(comparison="gt", constant=1)).rule, Rule | None)
    assert_type(me.create_dispatch("email", "a@example.com"), Dispatch)
    assert_type(me.create_datarule(SimpleRule(comparison="gt", constant=1)).refresh(), Datarule)
    info = op.info()
    assert_type(info, Info)
    assert_type(info.basic, BasicInfo | None)
    assert_type(info.description, ResourceDescription | None)
    with op.batch() as batch:
        assert_type(batch, Batch)
        handle = batch.read(Alias("temperature"))
    assert_type(handle, Handle[list[Point]])
    try:
        port.record([(1, 2.0)])
    except RecordBatchError as error:
        assert_type(error.rejected, list[tuple[int, str]])
    except CallError as error:
        assert_type(error.call_status, CallStatus)
        assert_type(error.procedure, str)


def sync_provisioning(prov: Provisioning) -> None:
    with prov as same:
        assert_type(same, Provisioning)
    model = prov.models.get("thermostat")
    assert_type(model, Model)
    assert_type(model.refresh(), Model)
    assert_type(model.serial_numbers.list(), SyncPage[SerialNumber])
    serial = model.serial_numbers.get("001")
    assert_type(serial.status, str | None)
    assert_type(serial.refresh(), SerialNumber)
    member = model.groups.members("g")[0]
    assert_type(member, GroupMember)
    assert_type(member.type, GroupMemberType)
    reply = prov.raw("GET", "/provision/manage/model/")
    assert_type(reply, ProvisionResponse)  # the same class the async client returns


async def async_shapes(op: AsyncOnePlatform, prov: AsyncProvisioning) -> None:
    async with op as same:
        assert_type(same, AsyncOnePlatform)
    me = await op.me()
    assert_type(me, AsyncClientResource)
    port = await me.dataport("temperature")
    assert_type(port, AsyncDataport)
    assert_type(await port.refresh(), AsyncDataport)
    async with op.batch() as batch:
        assert_type(batch, AsyncBatch)
    async with prov as also_same:
        assert_type(also_same, AsyncProvisioning)
    model = await prov.models.get("thermostat")
    assert_type(model, AsyncModel)
    page = model.serial_numbers.list()
    assert_type(page, AsyncPage[AsyncSerialNumber])
    async for serial in page:
        assert_type(serial, AsyncSerialNumber)
    assert_type(await prov.raw("GET", "/provision/manage/model/"), ProvisionResponse)


def reading_fields(port: Dataport) -> dict[str, Any]:
    return {"format": port.format, "retention": port.retention, "storage": port.storage}
