"""Read-only record fields are refused by the type checkers, not only at run time; never run.

Each refused write carries ``# type: ignore[misc]``, which both checkers honour. The file turns on
pyright's ``reportUnnecessaryTypeIgnoreComment`` (and mypy's strict mode warns about unused ignores),
so a write that stopped being an error fails the check: the comment would then ignore nothing.

Read-only fields are ``Final`` with or without a default; those with one stay keyword arguments of
the record's constructor (by wire name), with their defaults, for both checkers.
"""

# pyright: reportUnnecessaryTypeIgnoreComment=error

from __future__ import annotations

from datetime import datetime

from resourcekit.exosite import Dataport
from resourcekit.hexonet import Domain
from resourcekit.hookio import AsyncHook, Hook
from resourcekit.ovh import AsyncBill, Bill, DedicatedServer, Me, Price
from resourcekit.siminars import Siminar


def ovh_writes(server: DedicatedServer, bill: Bill, me: Me) -> None:
    server.datacenter = "gra3"  # type: ignore[misc]
    server.server_id = 1  # type: ignore[misc]
    bill.bill_id = "FR1"  # type: ignore[misc]
    me.nichandle = "xx1-ovh"  # type: ignore[misc]
    # Writable fields stay assignable.
    server.monitoring = True
    me.firstname = "Ada"


def other_providers(domain: Domain, dataport: Dataport, hook: Hook, siminar: Siminar) -> None:
    domain.domain = "example.org"  # type: ignore[misc]
    dataport.rid = "0" * 40  # type: ignore[misc]
    hook.owner = "marak"  # type: ignore[misc]
    siminar.id = "x"  # type: ignore[misc]


def fields_with_a_default(
    server: DedicatedServer, bill: Bill, async_bill: AsyncBill, me: Me, domain: Domain, dataport: Dataport
) -> None:
    bill.category = "purchase"  # type: ignore[misc]
    bill.pdf_url = None  # type: ignore[misc]
    async_bill.url = None  # type: ignore[misc]
    me.customer_code = "1234-5678"  # type: ignore[misc]
    server.region = "eu-west-gra"  # type: ignore[misc]
    domain.created_date = datetime(2024, 1, 1)  # type: ignore[misc]
    domain.hosts = []  # type: ignore[misc]
    dataport.status = None  # type: ignore[misc]


def more_fields_with_a_default(hook: Hook, async_hook: AsyncHook, siminar: Siminar) -> None:
    hook.status = "active"  # type: ignore[misc]
    hook.is_public = False  # type: ignore[misc]
    async_hook.mode = "Code"  # type: ignore[misc]
    siminar.created_on = 0  # type: ignore[misc]
    siminar.deleted = True  # type: ignore[misc]


def constructors_still_take_them(price: Price) -> None:
    # Required fields and fields with a default alike, by wire name; leaving out the latter is fine.
    Bill(billId="FR1", date=datetime(2024, 1, 1), orderId=1, priceWithTax=price, priceWithoutTax=price, tax=price)
    Bill(
        billId="FR1",
        date=datetime(2024, 1, 1),
        orderId=1,
        priceWithTax=price,
        priceWithoutTax=price,
        tax=price,
        category="purchase",
        pdfUrl="https://example.test/FR1.pdf",
        url=None,
        password=None,
    )
    Hook(name="echo", owner="marak", hookSource="code", isPublic=True, status="active")
