"""What an IDE sees with HEXONET, checked by pyright (strict) in the test command; never run."""

from __future__ import annotations

from collections.abc import Coroutine
from datetime import datetime
from decimal import Decimal
from typing import Any

from typing_extensions import assert_type

from resourcekit.hexonet import (
    AccountStatus,
    AsyncDomain,
    AsyncHexonet,
    AsyncListing,
    Contact,
    DNSZone,
    Domain,
    DomainCheck,
    Hexonet,
    HexonetNotFoundError,
    Listing,
    Nameserver,
    ResourceRecord,
    Response,
    SavedSession,
    SessionScope,
    TransferAction,
)


def sync_shapes(hexonet: Hexonet) -> None:
    assert_type(hexonet.command({"COMMAND": "StatusAccount"}), Response)
    assert_type(hexonet.domains.list(), Listing[Domain])
    for domain in hexonet.domains.list({"DOMAIN": "*.com"}):
        assert_type(domain, Domain)
        assert_type(domain.refresh(), Domain)
        assert_type(domain.save(), Domain)
        assert_type(domain.renew(2), Domain)
        assert_type(domain.expiration_date, datetime | None)
        assert_type(domain.nameservers, list[str])
        assert_type(domain.owner(), Contact | None)
        assert_type(domain.zone(), DNSZone)
    assert_type(hexonet.domains.check_many(["a.com"]), list[DomainCheck])
    assert_type(hexonet.nameservers.get("ns1.a.com"), Nameserver)
    assert_type(hexonet.zones.get("a.com").records().to_list(), list[ResourceRecord])
    assert_type(hexonet.account.status(), AccountStatus)
    assert_type(hexonet.account.status().amount, Decimal | None)
    assert_type(hexonet.login(), SavedSession)
    assert_type(hexonet.with_options(user_view="sub"), Hexonet)
    assert_type(hexonet.paginate({"COMMAND": "QueryDomainList"}), Listing[dict[str, str]])
    try:
        hexonet.domains.get("a.com")
    except HexonetNotFoundError as error:
        assert_type(error.code, int)
        assert_type(error.detail, str | None)


def sync_fields_and_scopes() -> None:
    with Hexonet() as hexonet:
        assert_type(hexonet, Hexonet)
        assert_type(hexonet.session(), SessionScope)
        with hexonet.session() as same:
            assert_type(same, Hexonet)
        domain = hexonet.domains.list().first()
        if domain is not None:
            assert_type(domain.transfer_lock, bool | None)
            assert_type(domain.paid_until_date, datetime | None)
            owner = domain.owner()
            if owner is not None:
                assert_type(owner.email, str | None)
        zone = hexonet.zones.get("a.com")
        assert_type(zone.soa_refresh, int | None)
        assert_type(hexonet.account.status().vat, Decimal | None)
        action: TransferAction = "CANCEL"
        hexonet.domains.transfer("a.com", action=action)


async def async_shapes(hexonet: AsyncHexonet) -> None:
    pending: Coroutine[Any, Any, AsyncDomain] = hexonet.domains.get("a.com")  # awaitable, typed
    assert_type(await pending, AsyncDomain)
    assert_type(hexonet.domains.list(), AsyncListing[AsyncDomain])
    async for domain in hexonet.domains.list():
        assert_type(domain, AsyncDomain)
        assert_type(await domain.refresh(), AsyncDomain)
    async with hexonet.session() as same:
        assert_type(same, AsyncHexonet)
    async with AsyncHexonet() as entered:
        assert_type(entered, AsyncHexonet)
        async for zone in entered.zones.list():
            assert_type(zone.rrs_total, int | None)
