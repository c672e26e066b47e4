"""Scenario 9: the transport's own cost, per backend, against the bare HTTP libraries.

The same signed ``GET /me/bill/{id}`` made by ``AsyncOVH`` (on each async backend) and by a bare
``aiohttp.ClientSession`` with ``asyncio.gather`` (python-asyncovh's way), 8 in flight; and by
``OVH`` and a bare ``urllib3`` pool on one connection. Client CPU per request, and wall time for
the async fan-out; alternating rounds in one run.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import urllib3

from resourcekit.sandbox.ovh import endpoint as ovh_endpoint
from tests.benchmarks.measure import Pair, Row, Target
from tests.benchmarks.ovh_scenarios import ours, ours_async
from tests.benchmarks.sandbox import Sandbox

IN_FLIGHT = 8


class Signer:
    """OVH's request signature, as python-ovh and python-asyncovh compute it."""

    def __init__(self, sandbox: Sandbox, time_delta: int) -> None:
        creds = sandbox.credentials
        self.base = ovh_endpoint(sandbox.url)
        self.secret = creds["application_secret"]
        self.consumer = creds["consumer_key"]
        self.application = creds["application_key"]
        self.time_delta = time_delta

    def headers(self, url: str) -> dict[str, str]:
        timestamp = str(int(time.time()) + self.time_delta)
        signed = "+".join((self.secret, self.consumer, "GET", url, "", timestamp))
        return {
            "X-Ovh-Application": self.application,
            "X-Ovh-Consumer": self.consumer,
            "X-Ovh-Timestamp": timestamp,
            "X-Ovh-Signature": "$1$" + hashlib.sha1(signed.encode()).hexdigest(),
        }


async def _bounded(calls: list[Callable[[], Awaitable[Any]]]) -> None:
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def one(call: Callable[[], Awaitable[Any]]) -> None:
        async with gate:
            await call()

    await asyncio.gather(*(one(call) for call in calls))


def _measure(sides: dict[str, Callable[[], object]], rounds: int) -> dict[str, tuple[list[float], list[float]]]:
    """CPU and wall time of each side, alternating, after one warm-up of each."""
    for work in sides.values():
        work()
    found: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in sides}
    for _ in range(rounds):
        for name, work in sides.items():
            gc.collect()
            cpu, wall = time.process_time(), time.perf_counter()
            work()
            found[name][0].append(time.process_time() - cpu)
            found[name][1].append(time.perf_counter() - wall)
    return found


def async_fan_out(sandbox: Sandbox, requests: int, rounds: int) -> list[Row]:
    loop = asyncio.new_event_loop()
    on_aiohttp = ours_async(sandbox, http_backend="aiohttp")
    on_httpcore = ours_async(sandbox, http_backend="httpcore")
    session = loop.run_until_complete(_session())
    try:
        ids = loop.run_until_complete(on_aiohttp.me.bills.ids())
        chosen = [ids[index % len(ids)] for index in range(requests)]
        signer = Signer(sandbox, loop.run_until_complete(on_aiohttp.time_delta()))

        async def raw_get(bill_id: str) -> Any:
            url = f"{signer.base}/me/bill/{bill_id}"
            async with session.get(url, headers=signer.headers(url)) as reply:
                return await reply.json()

        def client_side(client: Any) -> Callable[[], object]:
            return lambda: loop.run_until_complete(
                _bounded([lambda bill_id=bill_id: client.me.bills.get(bill_id) for bill_id in chosen])
            )

        def bare() -> object:
            return loop.run_until_complete(_bounded([lambda bill_id=bill_id: raw_get(bill_id) for bill_id in chosen]))

        async def all_at_once() -> None:
            await asyncio.gather(*(raw_get(bill_id) for bill_id in chosen))

        def gathered() -> object:
            return loop.run_until_complete(all_at_once())

        found = _measure(
            {"aiohttp": client_side(on_aiohttp), "httpcore": client_side(on_httpcore), "raw": bare, "gather": gathered},
            rounds,
        )
    finally:
        loop.run_until_complete(on_aiohttp.aclose())
        loop.run_until_complete(on_httpcore.aclose())
        loop.run_until_complete(session.close())
        loop.close()
    per_request = f"{requests} AsyncOVH bills.get, {IN_FLIGHT} in flight"
    cpu_raw = found["raw"][0]
    note = _per_call(found, requests)
    return [
        Pair(found["aiohttp"][0], cpu_raw).row(
            9, f"{per_request}, aiohttp backend", "cpu", "raw aiohttp", Target("<=", 1.5), note=note
        ),
        Pair(found["httpcore"][0], cpu_raw).row(9, f"{per_request}, httpcore backend", "cpu", "raw aiohttp", None),
        Pair(found["aiohttp"][1], found["gather"][1]).row(
            9, f"{per_request}, aiohttp backend", "wall", "raw aiohttp gather", Target("<=", 1.2)
        ),
        Pair(found["httpcore"][1], found["gather"][1]).row(
            9, f"{per_request}, httpcore backend", "wall", "raw aiohttp gather", None
        ),
    ]


async def _session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession()


def _per_call(found: dict[str, tuple[list[float], list[float]]], requests: int) -> str:
    shown = ", ".join(
        f"{name} {statistics.median(found[name][0]) / requests * 1e6:.0f} us" for name in ("aiohttp", "httpcore", "raw")
    )
    return f"CPU per request: {shown}"


def sync_per_call(sandbox: Sandbox, requests: int, rounds: int) -> list[Row]:
    client = ours(sandbox)
    pool = urllib3.PoolManager(maxsize=1)
    try:
        ids = client.me.bills.ids()
        chosen = [ids[index % len(ids)] for index in range(requests)]
        signer = Signer(sandbox, client.time_delta())

        def resourcekit() -> None:
            for bill_id in chosen:
                client.me.bills.get(bill_id)

        def bare() -> None:
            for bill_id in chosen:
                url = f"{signer.base}/me/bill/{bill_id}"
                json.loads(pool.request("GET", url, headers=signer.headers(url)).data)

        found = _measure({"rk": resourcekit, "urllib3": bare}, rounds)
    finally:
        client.close()
        pool.clear()
    us = {name: statistics.median(found[name][0]) / requests * 1e6 for name in found}
    note = f"CPU per request: rk {us['rk']:.0f} us, urllib3 {us['urllib3']:.0f} us"
    name = f"{requests} OVH bills.get, one connection"
    return [Pair(found["rk"][0], found["urllib3"][0]).row(9, name, "cpu", "raw urllib3", Target("<=", 1.5), note=note)]
