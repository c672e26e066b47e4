"""HEXONET records end to end against the sandbox: domains, contacts, name servers, zones, account, paging."""

from __future__ import annotations

import pickle
from collections.abc import AsyncIterator
from datetime import datetime
from decimal import Decimal

import pytest

from resourcekit.core.errors import InvalidInputError, ReadOnlyFieldError, UnboundRecordError
from resourcekit.hexonet import (
    AsyncContact,
    AsyncDomain,
    AsyncHexonet,
    HexonetBadRequestError,
    HexonetConflictError,
    HexonetCreditLimitError,
    HexonetNotFoundError,
    ResourceRecord,
)
from resourcekit.sandbox.server import RunningSandbox
from tests.hexonet.conftest import state

SEEDED = ["breeze-000.com", "delta-003.de", "ember-001.net", "ember-002.org", "fjord-004.info", "xn--mnchen-3ya.de"]


async def no_sleep(seconds: float) -> None:
    del seconds


@pytest.fixture
async def hexonet(sandbox: RunningSandbox) -> AsyncIterator[AsyncHexonet]:
    async with sandbox.async_client(sleep=no_sleep) as client:
        yield client


async def owner_id(hexonet: AsyncHexonet) -> str:
    contact = await hexonet.contacts.list().first()
    assert contact is not None
    return contact.id


# -- domains --------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_check_and_check_many(hexonet: AsyncHexonet) -> None:
    free = await hexonet.domains.check("a-free-name.com")
    taken = await hexonet.domains.check("breeze-000.com")
    assert (free.available, free.code, taken.available, taken.code) == (True, 210, False, 211)
    results = await hexonet.domains.check_many(["new-name.net", "xy.com", "example.com", "bücher.de"])
    assert [r.domain for r in results] == ["new-name.net", "xy.com", "example.com", "xn--bcher-kva.de"]
    assert [r.available for r in results] == [True, False, False, True]
    premium = results[1]
    assert premium.premium and premium.price == Decimal("1200.00") and premium.currency == "USD"
    assert premium.domain_class == "PREMIUM_COM_A"
    assert not results[2].premium and results[2].reason == "Domain exists"
    assert await hexonet.domains.check_many([]) == []


@pytest.mark.anyio
async def test_get_types_every_field(hexonet: AsyncHexonet) -> None:
    domain = await hexonet.domains.get("münchen.de")
    assert isinstance(domain, AsyncDomain)
    assert domain.domain == "xn--mnchen-3ya.de" and domain.domain_umlaut == "münchen.de"
    assert domain.status == ["ACTIVE"]
    assert isinstance(domain.expiration_date, datetime)
    assert domain.owner_contact and domain.admin_contacts and domain.tech_contacts and domain.billing_contacts
    assert domain.transfer_lock is False and domain.renewal_mode == "AUTORENEW"
    assert domain.class_ == "DOMAIN"  # unknown properties are kept as attributes
    seeded = await hexonet.domains.get("breeze-000.com")
    assert seeded.updated_date is None  # 0000-00-00 00:00:00
    assert seeded.hosts == ["ns1.breeze-000.com", "ns2.breeze-000.com"]
    assert seeded.auth and seeded.auth not in repr(seeded)
    with pytest.raises(ReadOnlyFieldError):
        seeded.expiration_date = None


@pytest.mark.anyio
async def test_list_pages_lazily_wide_and_narrow(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    listing = hexonet.domains.list(page_size=2, concurrency=1)
    assert len(state(sandbox).requests) == 0  # nothing is fetched before iterating
    domains = [domain async for domain in listing]
    assert [d.domain for d in domains] == SEEDED
    assert [r.command["FIRST"] for r in state(sandbox).requests] == ["0", "2", "4"]
    assert all(r.command["LIMIT"] == "2" and r.command["WIDE"] == "1" for r in state(sandbox).requests)
    first = domains[0]
    assert first.status and first.expiration_date and first.nameservers == ["ns1.breeze-000.com", "ns2.breeze-000.com"]
    assert first.auth and first.owner_contact
    narrow = await hexonet.domains.list({"DOMAIN": "e*"}, wide=False).to_list()
    assert [d.domain for d in narrow] == ["ember-001.net", "ember-002.org"]
    assert narrow[0].expiration_date is None
    await narrow[0].refresh()
    assert narrow[0].expiration_date is not None
    pages = [[d.domain for d in page] async for page in hexonet.domains.list(page_size=4).pages()]
    assert pages == [SEEDED[:4], SEEDED[4:]]


@pytest.mark.anyio
async def test_listing_fetches_pages_concurrently_once_total_is_known(
    sandbox: RunningSandbox, hexonet: AsyncHexonet
) -> None:
    sandbox.faults.latency_ms = 30
    domains = await hexonet.domains.list(page_size=1, concurrency=6).to_list()
    assert [d.domain for d in domains] == SEEDED
    firsts = sorted(int(r.command["FIRST"]) for r in state(sandbox).requests)
    assert firsts == [0, 1, 2, 3, 4, 5]


@pytest.mark.anyio
async def test_paging_guards_and_server_defaults(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    with pytest.raises(InvalidInputError, match="at least 1"):
        hexonet.domains.list(page_size=0)
    with pytest.raises(InvalidInputError, match="LAST"):
        hexonet.paginate({"COMMAND": "QueryDomainList", "LAST": 3})
    with pytest.raises(InvalidInputError, match="filter"):
        hexonet.domains.list({"LIMIT": 5})
    state(sandbox).default_limit = 3
    response = await hexonet.command({"COMMAND": "QueryDomainList"})
    assert response.row_count == 3 and response.pagination.total == 6 and response.pagination.pages == 2
    rows = await hexonet.paginate({"COMMAND": "QueryDomainList", "FIRST": 1, "LIMIT": 2}).to_list()
    assert [row["DOMAIN"] for row in rows] == SEEDED[1:]
    assert "TOTAL" not in rows[0]
    no_total = await hexonet.paginate({"COMMAND": "QueryDomainList", "NOTOTAL": 1}, page_size=4).to_list()
    assert [row["DOMAIN"] for row in no_total] == SEEDED
    assert [r.command.get("FIRST") for r in state(sandbox).requests][-2:] == ["0", "4"]
    responses = [page async for page in hexonet.paginate({"COMMAND": "QueryDomainList"}, page_size=4).responses()]
    assert [page.pagination.current_page for page in responses] == [1, 2]


@pytest.mark.anyio
async def test_create_renew_delete(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    owner = await owner_id(hexonet)
    domain = await hexonet.domains.create(
        "grüne-wiese.com", owner_contact=owner, nameservers=["ns1.ispapi.net", "ns2.ispapi.net"], period=2
    )
    assert domain.domain == "xn--grne-wiese-beb.com" and domain.status == ["ACTIVE"]
    assert domain.nameservers == ["ns1.ispapi.net", "ns2.ispapi.net"]
    assert domain.expiration_date is not None
    year = domain.expiration_date.year
    assert sandbox.side_effects["AddDomain"] == 1
    await domain.renew(1)
    assert domain.expiration_date is not None and domain.expiration_date.year == year + 1
    stale = await hexonet.domains.get(domain.domain)
    await domain.renew()
    with pytest.raises(HexonetConflictError) as caught:  # a renewal based on an old expiry is not applied twice
        await stale.renew()
    assert caught.value.code == 555
    operation = await domain.delete()
    assert operation.pending and operation.status == "PENDINGDELETE"
    assert "action pending" in operation.description
    with pytest.raises(HexonetConflictError):
        await domain.delete()
    with pytest.raises(HexonetConflictError) as taken:
        await hexonet.domains.create("breeze-000.com", owner_contact=owner)
    assert taken.value.code == 554
    pending = await hexonet.domains.create("slow-registry.jp", owner_contact=owner)
    assert pending.status == ["REQUESTEDCREATE"]
    with pytest.raises(InvalidInputError):
        await hexonet.domains.create("x-y.com", owner_contact=owner, period=0)


@pytest.mark.anyio
async def test_credit_limit(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    state(sandbox).accounts["test.user"].amount = Decimal("-495.00")
    with pytest.raises(HexonetCreditLimitError) as caught:
        await hexonet.domains.create("too-expensive.com", owner_contact=await owner_id(hexonet))
    assert caught.value.code == 546
    assert sandbox.side_effects["AddDomain"] == 0


@pytest.mark.anyio
async def test_save_sends_only_changes_through_modify_domain(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    domain = await hexonet.domains.get("ember-002.org")
    await domain.save()
    assert state(sandbox).last.command["COMMAND"] == "StatusDomain"  # nothing changed, nothing sent
    contacts = [c.id async for c in hexonet.contacts.list()]
    domain.nameservers = ["ns1.münchen.de", "ns2.example.org"]
    domain.admin_contacts = contacts[2:4]
    domain.owner_contact = contacts[3]
    domain.status = [*domain.status, "clientTransferProhibited"]
    domain.auth = "fresh-auth-code"
    assert domain.transfer_lock is True
    domain.transfer_lock = False
    domain.renewal_mode = "AUTOEXPIRE"
    await domain.save()
    sent = state(sandbox).last.command
    assert sent["COMMAND"] == "ModifyDomain" and sent["NAMESERVER0"] == "ns1.xn--mnchen-3ya.de"
    assert sent["ADDSTATUS0"] == "clientTransferProhibited" and "DELSTATUS0" not in sent
    assert sent["OWNERCONTACT0"] == contacts[3] and sent["TRANSFERLOCK"] == "0"
    assert not domain.has_changes
    fresh = await hexonet.domains.get("ember-002.org")
    assert fresh.nameservers == ["ns1.xn--mnchen-3ya.de", "ns2.example.org"]
    assert fresh.admin_contacts == contacts[2:4] and fresh.owner_contact == contacts[3]
    assert fresh.status == ["ACTIVE", "clientTransferProhibited"]
    assert (fresh.auth, fresh.transfer_lock, fresh.renewal_mode) == ("fresh-auth-code", False, "AUTOEXPIRE")
    fresh.status = ["ACTIVE"]
    fresh.nameservers = []
    await fresh.save()
    assert state(sandbox).last.command["DELSTATUS0"] == "clientTransferProhibited"
    await fresh.refresh()
    assert fresh.status == ["ACTIVE"] and fresh.nameservers == []
    fresh.status = ["ACTIVE", "serverHold"]
    before = state(sandbox).last
    with pytest.raises(InvalidInputError, match="serverHold"):  # a server status: refused before sending
        await fresh.save()
    assert state(sandbox).last is before


@pytest.mark.anyio
async def test_transfers(hexonet: AsyncHexonet) -> None:
    assert (await hexonet.domains.check_transfer("example.net")).available
    wrong = await hexonet.domains.check_transfer("example.net", auth="nope")
    assert (wrong.available, wrong.code, wrong.reason) == (False, 219, "Invalid authorization code")
    with pytest.raises(HexonetBadRequestError):
        await hexonet.domains.transfer("example.net", auth="nope")
    operation = await hexonet.domains.transfer("example.net", auth="transfer-me", period=1)
    assert operation.pending and "domain transfer initiated" in operation.description
    with pytest.raises(HexonetConflictError) as caught:
        await hexonet.domains.transfer("example.net", auth="transfer-me")
    assert caught.value.code == 536
    assert (await hexonet.domains.transfer("example.net", action="CANCEL")).code == 200
    own = await hexonet.domains.get("breeze-000.com")
    assert not (await own.check_transfer()).available


@pytest.mark.anyio
async def test_navigation_from_a_domain(hexonet: AsyncHexonet) -> None:
    domain = await hexonet.domains.get("breeze-000.com")
    owner = await domain.owner()
    assert isinstance(owner, AsyncContact) and owner.id == domain.owner_contact
    zone = await domain.zone()
    assert zone.name == "breeze-000.com."
    no_zone = await hexonet.domains.get("xn--mnchen-3ya.de")
    with pytest.raises(HexonetNotFoundError):
        await no_zone.zone()


@pytest.mark.anyio
async def test_records_pickle_without_their_client(hexonet: AsyncHexonet) -> None:
    domain = await hexonet.domains.get("breeze-000.com")
    copy = pickle.loads(pickle.dumps(domain))
    assert copy.domain == domain.domain and not copy.is_bound
    with pytest.raises(UnboundRecordError):
        await copy.refresh()
    await copy.bind(hexonet).refresh()
    assert copy.expiration_date == domain.expiration_date


# -- contacts -------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_contacts(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    contact = await hexonet.contacts.create(
        first_name="Jürgen",
        last_name="Bauer",
        organization="Bauer KG",
        street=["Hauptstraße 1", "Hinterhaus"],
        city="Homburg",
        zip="66424",
        country="de",
        phone="+49.68411234",
        email="jb@example.org",
    )
    assert contact.id.startswith("P-JB") and contact.street == ["Hauptstraße 1", "Hinterhaus"]
    assert contact.country == "DE" and contact.created_date is not None
    contact.email = "juergen@example.org"
    contact.street = ["Neue Straße 2"]
    await contact.save()
    assert state(sandbox).last.command["STREET0"] == "Neue Straße 2"
    again = await hexonet.contacts.get(contact.id)
    assert (again.email, again.street) == ("juergen@example.org", ["Neue Straße 2"])
    found = await hexonet.contacts.list({"EMAIL": "juergen@*"}).to_list()
    assert [c.id for c in found] == [contact.id] and found[0].last_name == "Bauer"
    contact.phone = "0049 123"
    with pytest.raises(HexonetBadRequestError, match="PHONE"):
        await contact.save()
    await contact.refresh()
    assert contact.phone == "+49.68411234"
    await contact.delete()
    with pytest.raises(HexonetNotFoundError):
        await hexonet.contacts.get(contact.id)
    in_use = await hexonet.contacts.get((await hexonet.domains.get("breeze-000.com")).owner_contact or "")
    with pytest.raises(HexonetBadRequestError, match="in use"):
        await in_use.delete()


# -- name servers ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_nameservers(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    assert not (await hexonet.nameservers.check("ns1.breeze-000.com")).available
    assert (await hexonet.nameservers.check("ns3.breeze-000.com")).available
    host = await hexonet.nameservers.create("ns3.breeze-000.com", ["192.0.2.53", "2001:db8::53"])
    assert host.ip_addresses == ["192.0.2.53", "2001:db8::53"] and host.domain == "breeze-000.com"
    host.ip_addresses = ["192.0.2.54"]
    await host.save()
    assert (await hexonet.nameservers.get("ns3.breeze-000.com")).ip_addresses == ["192.0.2.54"]
    await host.delete()
    with pytest.raises(HexonetNotFoundError):
        await host.refresh()
    used = await hexonet.nameservers.get("ns1.breeze-000.com")
    with pytest.raises(HexonetConflictError) as caught:
        await used.delete()
    assert caught.value.code == 532
    await used.delete(force=True)
    assert "ns1.breeze-000.com" not in (await hexonet.domains.get("breeze-000.com")).nameservers
    with pytest.raises(InvalidInputError):
        await hexonet.nameservers.create("ns9.breeze-000.com", [])


# -- zones ----------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_zones(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    names = [zone.name async for zone in hexonet.zones.list()]
    assert names == sorted(f"{name}." for name in SEEDED if "mnchen" not in name)
    zone = await hexonet.zones.create("bücher.de", ["bücher.de. 3600 IN A 192.0.2.7"])
    assert zone.name == "xn--bcher-kva.de." and zone.rrs_total == 1
    serial = zone.soa_serial or 0
    www = ResourceRecord("www.xn--bcher-kva.de.", 300, "CNAME", "xn--bcher-kva.de.")
    await zone.add_records(www, "xn--bcher-kva.de. 3600 IN MX 10 mail.xn--bcher-kva.de.")
    assert zone.rrs_total == 3 and (zone.soa_serial or 0) > serial
    with pytest.raises(HexonetBadRequestError, match="duplicate record"):
        await zone.add_records(www)
    records = await zone.records(page_size=2).to_list()
    assert www in records and len(records) == 3
    await zone.delete_records(www)
    assert www not in await zone.records().to_list()
    await zone.replace_records(["xn--bcher-kva.de. 60 IN TXT hello"])
    assert [str(r) for r in await zone.records().to_list()] == ["xn--bcher-kva.de. 60 IN TXT hello"]
    zone.soa_refresh = 3600
    await zone.save()
    assert (await hexonet.zones.get("xn--bcher-kva.de")).soa_refresh == 3600
    with pytest.raises(InvalidInputError):
        await zone.add_records()
    with pytest.raises(InvalidInputError):
        await zone.add_records("not a record")
    await zone.delete()
    with pytest.raises(HexonetNotFoundError):
        await zone.refresh()
    with pytest.raises(HexonetConflictError):
        await hexonet.zones.create("breeze-000.com.")


# -- account --------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_account_status(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    status = await hexonet.account.status()
    assert (status.amount, status.credit, status.currency, status.deposit, status.vat) == (
        Decimal("1000.00"),
        Decimal("500.00"),
        "USD",
        Decimal("0.00"),
        Decimal("19"),
    )
    assert status.available == Decimal("1500.00")
    await hexonet.domains.create("paid-for.com", owner_contact=await owner_id(hexonet))
    assert (await hexonet.account.status()).amount == Decimal("988.00")
