"""What an IDE sees with OVH, checked by pyright (strict) in the test command; never run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Coroutine
from typing import Any

from typing_extensions import assert_type

from resourcekit.core.pages import AsyncPage, SyncPage
from resourcekit.core.response import APIResponse
from resourcekit.ovh import (
    OVH,
    ApiApplication,
    ApplicationStatus,
    AsyncBill,
    AsyncDedicatedServer,
    AsyncMeManager,
    AsyncOVH,
    AsyncTask,
    Bill,
    BillDetail,
    Burst,
    BurstStatus,
    CredentialRequest,
    CredentialStatus,
    DedicatedServer,
    DedicatedServerManager,
    DnsFieldType,
    DnsRecord,
    IpmiAccess,
    Me,
    Payment,
    Price,
    Redirection,
    RedirectionTask,
    Task,
    TaskFailedError,
    TaskStatus,
    rules,
)
from resourcekit.ovh.models import TaskData


def sync_shapes(ovh: OVH) -> None:
    assert_type(ovh.me.get(), Me)
    assert_type(ovh.me.bills.list(category="purchase"), SyncPage[Bill])
    for bill in ovh.me.bills.list():
        assert_type(bill, Bill)
        assert_type(bill.refresh(), Bill)
        assert_type(bill.price_with_tax, Price)
        assert_type(bill.date, dt.datetime)
        assert_type(bill.details(), list[BillDetail])
        assert_type(bill.payment(), Payment)
    server = ovh.dedicated.servers.get("ns1.example.net")
    assert_type(server, DedicatedServer)
    assert_type(server.save(), DedicatedServer)
    assert_type(server.burst(), Burst)
    task = server.request_ipmi_access("kvmipJnlp", 15, ip_to_allow="192.0.2.1")
    assert_type(task, Task)
    assert_type(task.wait(), Task)
    assert_type(server.ipmi_access("kvmipJnlp"), IpmiAccess)
    redirections = ovh.email.domain("example.com").redirections
    assert_type(redirections.create("a@example.com", "b@example.com"), RedirectionTask)
    assert_type(redirections.list(from_="a@example.com").first(), Redirection | None)
    assert_type(ovh.domain.zones.get("example.com").records.create("A", "192.0.2.1"), DnsRecord)
    assert_type(ovh.request_consumer_key(rules.read_only("/me")), CredentialRequest)
    assert_type(ovh.get("/me"), Any)
    # Query names that are no identifier go in params, clear of need_auth's bool.
    since: dict[str, str] = {"date.from": "2024-01-01"}
    assert_type(ovh.get("/me/bill", params=since), Any)
    assert_type(ovh.get("/me/bill", params={"date.to": "2024-02-01"}, category="purchase", need_auth=True), Any)
    assert_type(ovh.delete("/me/bill/x", params=since), Any)
    assert_type(ovh.raw_call("GET", "/me"), APIResponse)


async def async_shapes(ovh: AsyncOVH) -> None:
    assert_type(ovh.me.bills.list(), AsyncPage[AsyncBill])
    pending: Coroutine[Any, Any, AsyncBill] = ovh.me.bills.get("FR1")
    assert_type(await pending, AsyncBill)
    async for server in ovh.dedicated.servers.list():
        assert_type(server, AsyncDedicatedServer)
        assert_type(await server.refresh(), AsyncDedicatedServer)
        task = await server.request_ipmi_access("kvmipHtml5URL", 1)
        assert_type(task, AsyncTask)
        assert_type(await task.wait(timeout=60), AsyncTask)
    assert_type(await ovh.time_delta(), int)


def with_blocks_and_literals() -> None:
    with OVH() as ovh:
        assert_type(ovh, OVH)
        assert_type(ovh.dedicated.servers, DedicatedServerManager)
        server = ovh.dedicated.servers.get("ns1.example.net")
        burst = server.burst()
        assert_type(burst.status, BurstStatus)
        burst.status = "active"
        assert_type(server.task(1).status, TaskStatus)
        assert_type(ovh.me.api.credentials.get(1).status, CredentialStatus)
        application: ApiApplication = ovh.me.api.applications.get(1)
        assert_type(application.status, ApplicationStatus)
        assert_type(ovh.domain.zones.records("example.com").get(1).field_type, DnsFieldType)
        assert_type(ovh.me.get().save().currency.code, str)
        first = ovh.me.bills.list().first()
        if first is not None:
            assert_type(first.price_with_tax.value, float)


async def async_with_block(error: TaskFailedError) -> None:
    async with AsyncOVH() as ovh:
        assert_type(ovh, AsyncOVH)
        assert_type(ovh.me, AsyncMeManager)
        assert_type((await ovh.me.get()).nichandle, str)
    assert_type(error.task, TaskData)
    assert_type(error.task.status, TaskStatus)
