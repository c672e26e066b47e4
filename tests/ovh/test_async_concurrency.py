"""Async-only guarantees: one clock sync under concurrency, bounded fan-out of listings."""

from __future__ import annotations

import asyncio

import pytest

from resourcekit.core.response import capture_responses
from resourcekit.sandbox.server import RunningSandbox
from tests.ovh.conftest import SEED_SIZE


@pytest.mark.anyio
async def test_time_is_fetched_once_by_concurrent_first_calls(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as ovh:
        with capture_responses() as log:
            results = await asyncio.gather(*(ovh.me.get() for _ in range(12)))
        assert {me.nichandle for me in results} == {"xx1234-ovh"}
        assert sum(1 for r in log if r.url.endswith("/auth/time")) == 1


@pytest.mark.anyio
async def test_listing_fetches_objects_with_bounded_concurrency(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client(concurrency=2) as ovh:
        await ovh.me.get()
        in_flight = 0
        peak = 0
        original = ovh.me.bills.get

        async def counting_get(bill_id: str):  # type: ignore[no-untyped-def]
            nonlocal in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            try:
                await asyncio.sleep(0.01)
                return await original(bill_id)
            finally:
                in_flight -= 1

        ovh.me.bills.get = counting_get  # type: ignore[method-assign]
        bills = await ovh.me.bills.list().to_list()
        assert len(bills) == SEED_SIZE
        assert peak == 2
