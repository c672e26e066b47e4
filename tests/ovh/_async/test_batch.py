"""Batch GETs (``X-Ovh-Batch``) over real HTTP: raw calls, batched listings and the fallback."""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from typing import Any

import pytest

from resourcekit.core._async.pages import AsyncPage
from resourcekit.core.errors import InvalidInputError
from resourcekit.ovh import AsyncOVH, OVHNotFoundError
from resourcekit.ovh.batch import SEPARATORS
from resourcekit.sandbox.ovh.state import OVHState
from resourcekit.sandbox.server import RunningSandbox
from tests.ovh.conftest import SEED_SIZE

Listing = Callable[[AsyncOVH, int | None], AsyncPage[Any]]

LISTINGS: dict[str, Listing] = {
    "bills": lambda ovh, batch: ovh.me.bills.list(batch=batch),
    "credentials": lambda ovh, batch: ovh.me.api.credentials.list(batch=batch),
    "applications": lambda ovh, batch: ovh.me.api.applications.list(batch=batch),
    "servers": lambda ovh, batch: ovh.dedicated.servers.list(batch=batch),
    "redirections": lambda ovh, batch: ovh.email.domain("example.org").redirections.list(batch=batch),
    "zones": lambda ovh, batch: ovh.domain.zones.list(batch=batch),
    "records": lambda ovh, batch: ovh.domain.zones.records("example.net").list(batch=batch),
}


@pytest.fixture
def batching(state: OVHState) -> Generator[OVHState, None, None]:
    """The sandbox state, with batch support restored after the test."""
    yield state
    state.batch_enabled = True


@pytest.fixture
def stopped_clock(state: OVHState) -> Generator[OVHState, None, None]:
    """The server's clock stopped: a credential's ``lastUse``, set by every signed request, then reads
    the same in two listings however long apart they run."""
    clock = state.clock
    now = clock()
    state.clock = lambda: now
    yield state
    state.clock = clock


def dumped(items: list[Any]) -> list[dict[str, Any]]:
    return [item.model_dump() for item in items]


@pytest.mark.anyio
async def test_raw_batch_get_returns_one_entry_per_key(sandbox: RunningSandbox, state: OVHState) -> None:
    async with sandbox.async_client() as ovh:
        first, second = list(state.bills)[:2]
        entries = await ovh.get(f"/me/bill/{first},{second},FR0", _batch=",")
    assert [entry["key"] for entry in entries] == [first, second, "FR0"]
    assert entries[0] == {"key": first, "value": state.bills[first], "error": None}
    assert entries[1]["value"]["billId"] == second
    assert entries[2] == {"key": "FR0", "value": None, "error": "The requested object (billId = FR0) does not exist"}


@pytest.mark.anyio
@pytest.mark.parametrize("separator", sorted(SEPARATORS))
async def test_raw_batch_get_takes_every_allowed_separator(
    sandbox: RunningSandbox, state: OVHState, separator: str
) -> None:
    async with sandbox.async_client() as ovh:
        ids = list(state.bills)[:3]
        entries = await ovh.get("/me/bill/" + separator.join(ids), _batch=separator)
    assert [entry["value"]["billId"] for entry in entries] == ids


@pytest.mark.anyio
@pytest.mark.parametrize("separator", ["", "a", "/", "%", ".", ",,", "\n"])
async def test_bad_separator_is_refused_before_sending(
    sandbox: RunningSandbox, state: OVHState, separator: str
) -> None:
    before = state.query_count
    async with sandbox.async_client() as ovh:
        with pytest.raises(InvalidInputError, match="_batch"):
            await ovh.get("/me/bill/FR1,FR2", _batch=separator)
    assert state.query_count == before


@pytest.mark.anyio
async def test_bills_list_batched_sends_one_request_per_batch(
    sandbox: RunningSandbox, state: OVHState, batching: OVHState
) -> None:
    async with sandbox.async_client(concurrency=1) as ovh:
        single = await ovh.me.bills.list().to_list()
        before, batches, writes = state.query_count, state.batch_count, sandbox.side_effects.total()
        pages = [page async for page in ovh.me.bills.list(batch=4).pages()]
    assert state.query_count - before == 1 + math.ceil(SEED_SIZE / 4)
    assert state.batch_count - batches == math.ceil(SEED_SIZE / 4)
    assert sandbox.side_effects.total() == writes  # batch GETs are reads
    assert [len(page) for page in pages] == [4, SEED_SIZE - 4]
    assert dumped([bill for page in pages for bill in page]) == dumped(single)
    assert all(bill.pdf_url for page in pages for bill in page)


@pytest.mark.anyio
async def test_batched_listing_falls_back_to_single_gets_when_refused(
    sandbox: RunningSandbox, state: OVHState, batching: OVHState
) -> None:
    async with sandbox.async_client(concurrency=1) as ovh:
        single = await ovh.me.bills.list().to_list()
        batching.batch_enabled = False
        before, batches = state.query_count, state.batch_count
        fetched = await ovh.me.bills.list(batch=4).to_list()
    assert dumped(fetched) == dumped(single)
    # The id listing, the one refused batch, then every bill alone: the refusal is remembered.
    assert state.query_count - before == 1 + 1 + SEED_SIZE
    assert state.batch_count == batches


@pytest.mark.anyio
async def test_a_key_the_batch_reports_failed_gets_the_single_get_error(
    sandbox: RunningSandbox, state: OVHState
) -> None:
    async with sandbox.async_client(concurrency=1) as ovh:
        zone = ovh.domain.zones.records("example.com")
        pages = zone.list(batch=2).pages()
        first = await pages.__anext__()
        assert len(first) == 2
        records = state.zone_records["example.com"]
        last_id = list(records)[-1]
        removed = records.pop(last_id)
        try:
            with pytest.raises(OVHNotFoundError, match=str(last_id)):
                async for _ in pages:
                    pass
        finally:
            records[last_id] = removed


@pytest.mark.anyio
@pytest.mark.parametrize("name", sorted(LISTINGS))
async def test_every_listing_gives_the_same_objects_batched(
    sandbox: RunningSandbox, stopped_clock: OVHState, name: str
) -> None:
    listing = LISTINGS[name]
    async with sandbox.async_client() as ovh:
        single = await listing(ovh, None).to_list()
        batched = await listing(ovh, 3).to_list()
    assert single
    assert dumped(batched) == dumped(single)


@pytest.mark.anyio
@pytest.mark.parametrize("size", [0, -1, 201, True, 2.5])
async def test_batch_size_is_checked_when_the_listing_is_built(sandbox: RunningSandbox, size: Any) -> None:
    async with sandbox.async_client() as ovh:
        with pytest.raises(InvalidInputError, match="batch"):
            ovh.me.bills.list(batch=size)


@pytest.mark.anyio
async def test_refused_batches_under_concurrency_still_give_every_object_in_order(
    sandbox: RunningSandbox, batching: OVHState
) -> None:
    async with sandbox.async_client(concurrency=4) as ovh:
        single = await ovh.domain.zones.records("example.com").list().to_list()
        batching.batch_enabled = False
        fetched = await ovh.domain.zones.records("example.com").list(batch=2).to_list()
    assert dumped(fetched) == dumped(single)


@pytest.mark.anyio
async def test_an_empty_batched_listing_sends_only_the_id_listing(sandbox: RunningSandbox, state: OVHState) -> None:
    async with sandbox.async_client() as ovh:
        await ovh.time_delta()  # a new client's first request reads the server's time
        before = state.query_count
        pages = [page async for page in ovh.me.api.credentials.list(application_id=999, batch=5).pages()]
    assert pages == [[]]
    assert state.query_count - before == 1


@pytest.mark.anyio
async def test_bill_lines_batched(sandbox: RunningSandbox, state: OVHState) -> None:
    bill_id = next(bill for bill, lines in state.bill_details.items() if len(lines) == 3)
    async with sandbox.async_client() as ovh:
        bill = await ovh.me.bills.get(bill_id)
        single = await bill.details()
        batches = state.batch_count
        batched = await bill.details(batch=2)
    assert dumped(batched) == dumped(single)
    assert [line.bill_detail_id for line in batched] == list(state.bill_details[bill_id])
    assert state.batch_count - batches == 1  # lines 1-2 in one batch, line 3 alone
