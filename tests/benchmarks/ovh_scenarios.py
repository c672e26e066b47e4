"""Scenarios 1 and 2: per-call overhead and fan-out, against raw httpx and the official ``ovh`` client."""

from __future__ import annotations

import asyncio
import hashlib
import math
import time
from collections.abc import Generator
from contextlib import contextmanager
from typing import Any

import httpx
import ovh  # pyright: ignore[reportMissingTypeStubs]
import ovh.client  # pyright: ignore[reportMissingTypeStubs]

from resourcekit.ovh import OVH, AsyncOVH
from resourcekit.sandbox.ovh import endpoint as ovh_endpoint
from tests.benchmarks.latency_proxy import behind_latency
from tests.benchmarks.measure import Pair, Row, Target, alternate_many, timed
from tests.benchmarks.sandbox import Sandbox

SANDBOX_ENDPOINT = "resourcekit-benchmark"


@contextmanager
def official_client(sandbox: Sandbox) -> Generator[Any, None, None]:
    """A python-ovh ``Client`` signing for the sandbox (its endpoint table gains one name meanwhile)."""
    ovh.client.ENDPOINTS[SANDBOX_ENDPOINT] = ovh_endpoint(sandbox.url)
    creds = sandbox.credentials
    try:
        client: Any = ovh.Client(
            endpoint=SANDBOX_ENDPOINT,
            application_key=creds["application_key"],
            application_secret=creds["application_secret"],
            consumer_key=creds["consumer_key"],
            config_file="/nonexistent/ovh.conf",
        )
        try:
            yield client
        finally:
            client._session.close()
    finally:
        ovh.client.ENDPOINTS.pop(SANDBOX_ENDPOINT, None)


def ours(sandbox: Sandbox, **options: Any) -> OVH:
    creds = sandbox.credentials
    return OVH(
        ovh_endpoint(sandbox.url),
        creds["application_key"],
        creds["application_secret"],
        creds["consumer_key"],
        **options,
    )


def ours_async(sandbox: Sandbox, **options: Any) -> AsyncOVH:
    creds = sandbox.credentials
    return AsyncOVH(
        ovh_endpoint(sandbox.url),
        creds["application_key"],
        creds["application_secret"],
        creds["consumer_key"],
        **options,
    )


class RawSigned:
    """The same signed ``GET`` made with a bare ``httpx.Client``: same headers, ``json()`` only."""

    def __init__(self, sandbox: Sandbox, time_delta: int) -> None:
        creds = sandbox.credentials
        self.base = ovh_endpoint(sandbox.url)
        self.secret = creds["application_secret"]
        self.consumer = creds["consumer_key"]
        self.application = creds["application_key"]
        self.time_delta = time_delta
        self.client = httpx.Client()

    def get(self, path: str) -> Any:
        url = self.base + path
        timestamp = str(int(time.time()) + self.time_delta)
        signed = "+".join((self.secret, self.consumer, "GET", url, "", timestamp))
        headers = {
            "X-Ovh-Application": self.application,
            "X-Ovh-Consumer": self.consumer,
            "X-Ovh-Timestamp": timestamp,
            "X-Ovh-Signature": "$1$" + hashlib.sha1(signed.encode()).hexdigest(),
        }
        return self.client.get(url, headers=headers).json()

    def close(self) -> None:
        self.client.close()


def per_call_overhead(sandbox: Sandbox, calls: int, rounds: int) -> list[Row]:
    """Scenario 1: ``calls`` sequential signed ``GET /me/bill/{id}`` per round, client CPU."""
    with official_client(sandbox) as official:
        client = ours(sandbox)
        raw = RawSigned(sandbox, client.time_delta())
        try:
            ids = client.me.bills.ids()
            paths = [f"/me/bill/{ids[index % len(ids)]}" for index in range(calls)]
            bills = [ids[index % len(ids)] for index in range(calls)]

            def resourcekit() -> None:
                for bill_id in bills:
                    client.me.bills.get(bill_id)

            def bare() -> None:
                for path in paths:
                    raw.get(path)

            def python_ovh() -> None:
                for path in paths:
                    official.get(path)

            found = alternate_many({"rk": resourcekit, "httpx": bare, "ovh": python_ovh}, rounds, "cpu")
        finally:
            raw.close()
            client.close()
    name = f"{calls} signed GET /me/bill/{{id}} -> Bill"
    return [
        Pair(found["rk"], found["httpx"]).row(1, name, "cpu", "raw httpx", Target("<=", 1.25)),
        Pair(found["rk"], found["ovh"]).row(1, name, "cpu", "python-ovh", Target("<=", 0.75)),
    ]


def fan_out(sandbox: Sandbox, latency_ms: float, rounds: int, rtt_ms: float = 0) -> list[Row]:
    """Scenario 2: list every bill and fetch each, ``latency_ms`` per request (plus ``rtt_ms`` per
    network round trip, through a relay); wall time."""
    with behind_latency(sandbox.url, rtt_ms) as url, sandbox.reached_through(url) as reached:
        return _fan_out(reached, latency_ms, rounds, rtt_ms)


def _fan_out(sandbox: Sandbox, latency_ms: float, rounds: int, rtt_ms: float) -> list[Row]:
    with official_client(sandbox) as official:
        loop = asyncio.new_event_loop()
        client = ours_async(sandbox)
        try:
            concurrency = client.concurrency

            def resourcekit() -> list[Any]:
                return loop.run_until_complete(client.me.bills.list().to_list())

            def python_ovh() -> list[Any]:
                return [official.get(f"/me/bill/{bill_id}") for bill_id in official.get("/me/bill")]

            bills = len(resourcekit())
            if bills != len(python_ovh()):
                raise RuntimeError("fan-out: both sides must fetch every bill")
            sandbox.faults(latency_ms=latency_ms)
            found = alternate_many({"rk": resourcekit, "ovh": python_ovh}, rounds, "wall")
            bound = (1 + math.ceil(bills / concurrency)) * latency_ms / 1000
            sandbox.reset()
            idle = [timed(resourcekit, time.perf_counter) for _ in range(rounds)]
        finally:
            loop.run_until_complete(client.aclose())
            loop.close()
    network = f", {rtt_ms:g} ms RTT" if rtt_ms else ""
    name = f"list + get {bills} bills, {latency_ms:g} ms latency{network}, AsyncOVH x{concurrency}"
    rows = [Pair(found["rk"], found["ovh"]).row(2, name, "wall", "python-ovh", Target(">=", 10), speedup=True)]
    if rtt_ms:
        return rows  # the latency bound below counts the server's latency only
    bounded = Pair(found["rk"], [bound] * len(found["rk"]))
    rows.append(
        bounded.row(
            2,
            f"same, against the latency bound (1 + ceil({bills}/{concurrency})) x {latency_ms:g} ms",
            "wall",
            "bound",
            Target("<=", 1.5),
            note=(
                f"without latency: {sorted(idle)[len(idle) // 2] * 1000:.0f} ms; at this bound the speed-up "
                f"over python-ovh could reach {Pair(found['rk'], found['ovh']).baseline_median / bound:.1f}x"
            ),
        )
    )
    return rows
