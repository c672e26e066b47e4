"""Core benchmarks: what the shared transport costs, and what bounded fan-out saves.

    .venv/bin/python -m tests.benchmarks.bench_core [--requests N] [--objects N] [--latency-ms MS]

Each line compares resourcekit against a baseline measured in the same run on the same sandbox:

- transport overhead: sequential GETs through `Transport` (hooks, retry wiring, parsing, error
  mapping, capture) against the same GETs on a bare `httpx.Client` with the same pool;
- fan-out: "list ids, then get each" with `AsyncPage.from_ids` (8 in flight) against fetching the
  same objects one by one, with a per-request latency added by the fault layer.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from resourcekit.core._sync.transport import Transport
from resourcekit.core.options import TransportOptions
from resourcekit.core.request import RequestSpec
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import run_sandbox
from tests.core._async.toy_client import AsyncToy
from tests.core.toy.app import TOY


@dataclass
class Result:
    name: str
    baseline: float
    measured: float

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline

    def line(self) -> str:
        return (
            f"{self.name:<44} baseline {self.baseline * 1000:9.1f} ms   "
            f"resourcekit {self.measured * 1000:9.1f} ms   ratio {self.ratio:5.2f}"
        )


def best_of(runs: int, work: Callable[[], object]) -> float:
    timings: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def transport_overhead(requests: int) -> Result:
    with (
        run_sandbox(TOY) as sandbox,
        httpx.Client(base_url=sandbox.url) as bare,
        Transport(TransportOptions(base_url=sandbox.url)) as ours,
    ):

        def baseline() -> None:
            for _ in range(requests):
                bare.get("/echo").json()

        def measured() -> None:
            for _ in range(requests):
                ours.request(RequestSpec("GET", "/echo"))

        baseline()
        measured()  # warm both pools
        return Result(f"transport overhead, {requests} GETs", best_of(3, baseline), best_of(3, measured))


def fan_out(objects: int, latency_ms: float) -> Result:
    settings = SandboxSettings(seed_size=objects)
    with run_sandbox(TOY, settings=settings) as sandbox:
        sandbox.faults.latency_ms = latency_ms

        async def sequential() -> None:
            toy: AsyncToy = sandbox.async_client()
            async with toy:
                ids = (await toy.transport.request(RequestSpec("GET", "/notes/ids"))).parsed
                for number in ids:
                    await toy.notes.get(number)

        async def bounded() -> None:
            toy: AsyncToy = sandbox.async_client()
            async with toy:
                await toy.notes.each(concurrency=8, page_size=50).to_list()

        return Result(
            f"list ids then get {objects}, {latency_ms:.0f} ms latency",
            best_of(1, lambda: asyncio.run(sequential())),
            best_of(1, lambda: asyncio.run(bounded())),
        )


def main(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--objects", type=int, default=40)
    parser.add_argument("--latency-ms", type=float, default=10.0)
    arguments = parser.parse_args(argv)
    results = [transport_overhead(arguments.requests), fan_out(arguments.objects, arguments.latency_ms)]
    for result in results:
        print(result.line())
    return results


if __name__ == "__main__":
    main()
