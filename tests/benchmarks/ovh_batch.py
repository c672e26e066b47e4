"""Scenario 7: the fan-out of scenario 2 with OVH batch GETs (``bills.list(batch=50)``).

The same listing (every bill, each fetched) is timed three ways with ``latency_ms`` added to each
request: batched (50 bills per request), one request per bill (resourcekit's default, concurrent)
and python-ovh's loop of single GETs. Batching divides the requests by the batch size, so with
latency the wall time should fall by about that much.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any

from tests.benchmarks.measure import Pair, Row, Target, alternate_many
from tests.benchmarks.ovh_scenarios import official_client, ours_async
from tests.benchmarks.sandbox import Sandbox

BATCH = 50


def batched_fan_out(sandbox: Sandbox, latency_ms: float, rounds: int) -> list[Row]:
    """List every bill and fetch each, ``BATCH`` per request, against per-bill requests; wall time."""
    with official_client(sandbox) as official:
        loop = asyncio.new_event_loop()
        client = ours_async(sandbox)
        try:
            concurrency = client.concurrency

            def batched() -> list[Any]:
                return loop.run_until_complete(client.me.bills.list(batch=BATCH).to_list())

            def single() -> list[Any]:
                return loop.run_until_complete(client.me.bills.list().to_list())

            def python_ovh() -> list[Any]:
                return [official.get(f"/me/bill/{bill_id}") for bill_id in official.get("/me/bill")]

            bills = len(batched())
            if not bills == len(single()) == len(python_ovh()):
                raise RuntimeError("batched fan-out: every side must fetch every bill")
            sandbox.faults(latency_ms=latency_ms)
            found = alternate_many({"batch": batched, "single": single, "ovh": python_ovh}, rounds, "wall")
            sandbox.reset()
        finally:
            loop.run_until_complete(client.aclose())
            loop.close()
    requests = 1 + math.ceil(math.ceil(bills / BATCH) / concurrency)
    name = f"list + get {bills} bills, batch={BATCH}, {latency_ms:g} ms latency, AsyncOVH x{concurrency}"
    note = f"latency bound: {requests} x {latency_ms:g} ms"
    return [
        Pair(found["batch"], found["single"]).row(
            7, name, "wall", "rk one GET per bill", Target(">=", 3), speedup=True, note=note
        ),
        Pair(found["batch"], found["ovh"]).row(7, name, "wall", "python-ovh", Target(">=", 20), speedup=True),
    ]
