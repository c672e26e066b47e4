"""What only the async client can show: waits woken by concurrent writes, one client shared by tasks."""

from __future__ import annotations

import asyncio

import pytest

from resourcekit.exosite import Alias, AsyncOnePlatform, Point
from resourcekit.sandbox.server import RunningSandbox


@pytest.mark.anyio
async def test_wait_wakes_on_a_concurrent_write(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as op:
        waiter = asyncio.ensure_future(op.wait(Alias("humidity"), timeout=10))
        await asyncio.sleep(0.2)
        await op.write(Alias("humidity"), 3.3)
        point = await asyncio.wait_for(waiter, 5)
        assert isinstance(point, Point) and point.value == 3.3


@pytest.mark.anyio
async def test_long_poll_wakes_on_a_concurrent_write(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as op:
        poll = asyncio.ensure_future(op.http_wait("pressure", timeout=10))
        await asyncio.sleep(0.2)
        await op.http_write({"pressure": 990})
        found = await asyncio.wait_for(poll, 5)
        assert found is not None and found[0] == "990.0"


@pytest.mark.anyio
async def test_one_client_shared_by_many_tasks(sandbox: RunningSandbox) -> None:
    async with AsyncOnePlatform(sandbox.credentials["cik"], url=sandbox.url) as op:
        aliases = ["temperature", "humidity", "pressure"] * 10
        results = await asyncio.gather(*(op.lookup(alias) for alias in aliases))
        expected = {alias: await op.lookup(alias) for alias in set(aliases)}
        assert results == [expected[alias] for alias in aliases]
