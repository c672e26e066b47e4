"""OVH benchmarks: resourcekit against the official ``ovh`` package (python-ovh) on the same sandbox.

    .venv/bin/python -m tests.benchmarks.bench_ovh [--bills N] [--requests N] [--concurrency N]
        [--latency-ms MS] [--runs N] [--server {process,thread}]

Both clients talk to one OVH sandbox seeded with ``--bills`` bills, in the same run; each line
prints the python-ovh time (the baseline), the resourcekit time and their ratio (below 1: resourcekit
is faster). Timings are the median of ``--runs`` runs, after one warm-up run of each side.

- bills, sync: python-ovh ``client.get('/me/bill')`` then ``client.get(f'/me/bill/{id}')`` for each
  bill (dicts), against ``ovh.me.bills.list().to_list()`` (validated ``Bill`` records, one request at
  a time);
- bills, async: the same baseline against ``AsyncOVH(concurrency=N).me.bills.list().to_list()``
  (at most N requests in flight);
- GET /me raw: ``--requests`` sequential signed ``client.get('/me')`` against ``ovh.get('/me')``
  (per-request cost: clock offset, signature, transport, JSON);
- GET /me typed: the same baseline against ``ovh.me.get()`` (adds validation into a ``Me`` record);
- memory, held / peak: tracemalloc while fetching every bill, then holding them: python-ovh's dicts
  against resourcekit's ``Bill`` records (KiB; held = still allocated after a garbage collection).

By default the sandbox runs in a child process (``resourcekit sandbox serve``), so the client under
test does not share its interpreter lock with the emulator and tracemalloc sees only the clients;
each timing line is then followed by a "client CPU" line: the CPU time of this process alone (the
client's own cost, without the emulator's work and the waiting that blur wall-clock figures).
``--server thread`` serves it from a thread of this process instead (quicker to start; no CPU
lines, and memory figures include the emulator's allocations). ``--latency-ms`` delays every request in the
sandbox, to see what concurrency buys when each request waits on the network.

Only loopback traffic: nothing here reaches a real OVH endpoint.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import select
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Generator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import ovh  # pyright: ignore[reportMissingTypeStubs]
import ovh.client  # pyright: ignore[reportMissingTypeStubs]

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.ovh import endpoint as ovh_endpoint
from resourcekit.sandbox.registry import get_provider
from resourcekit.sandbox.server import run_sandbox
from tests.benchmarks.bench_core import Result, best_of

SANDBOX_ENDPOINT = "resourcekit-benchmark"
STARTUP_TIMEOUT = 30.0
PROXY_VARIABLES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


# -- shared with bench_hexonet ---------------------------------------------------------------------


class MemoryResult(Result):
    """A `Result` whose figures are bytes (printed in KiB) rather than seconds."""

    def line(self) -> str:
        return (
            f"{self.name:<44} baseline {self.baseline / 1024:9.1f} KiB  "
            f"resourcekit {self.measured / 1024:9.1f} KiB  ratio {self.ratio:5.2f}"
        )


@dataclass(frozen=True)
class Endpoint:
    """Where a running sandbox answers, and the credentials it accepts."""

    url: str
    credentials: dict[str, str]


@contextmanager
def served(
    provider: str, *, seed_size: int, latency_ms: float = 0.0, server: str = "process"
) -> Generator[Endpoint, None, None]:
    """Serve a provider's sandbox on 127.0.0.1 for the block: in a child process or in a thread.

    Proxy variables are removed from the environment meanwhile, so that no client sends loopback
    calls to a proxy.
    """
    saved = {name: os.environ.pop(name) for name in PROXY_VARIABLES if name in os.environ}
    try:
        if server == "thread":
            with run_sandbox(provider, settings=SandboxSettings(seed_size=seed_size)) as sandbox:
                sandbox.faults.latency_ms = latency_ms
                yield Endpoint(sandbox.url, dict(sandbox.credentials))
        else:
            with _child_sandbox(provider, seed_size, latency_ms) as found:
                yield found
    finally:
        os.environ.update(saved)


@contextmanager
def _child_sandbox(provider: str, seed_size: int, latency_ms: float) -> Generator[Endpoint, None, None]:
    command = [sys.executable, "-m", "resourcekit", "sandbox", "serve", "--provider", provider]
    command += ["--host", "127.0.0.1", "--seed-size", str(seed_size), "--latency-ms", str(latency_ms)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    try:
        ready, _, _ = select.select([process.stdout], [], [], STARTUP_TIMEOUT)
        line = process.stdout.readline() if ready else ""
        if not line:
            raise RuntimeError(f"the {provider} sandbox process did not start")
        announced = json.loads(line)
        yield Endpoint(announced["url"], dict(announced["credentials"]))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def traced(work: Callable[[], object]) -> tuple[int, int]:
    """Bytes still allocated after ``work()`` (its result kept alive), and the peak while it ran."""
    gc.collect()
    tracemalloc.start()
    try:
        held = work()
        gc.collect()
        retained, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del held
    return retained, peak


def memory_results(label: str, baseline: Callable[[], object], measured: Callable[[], object]) -> list[Result]:
    base_held, base_peak = traced(baseline)
    held, peak = traced(measured)
    return [
        MemoryResult(f"memory held, {label}", base_held, held),
        MemoryResult(f"memory peak, {label}", base_peak, peak),
    ]


def cpu_of(runs: int, work: Callable[[], object]) -> float:
    """The median CPU time this process spends in ``work()`` (`best_of` with another clock)."""
    timings: list[float] = []
    for _ in range(runs):
        started = time.process_time()
        work()
        timings.append(time.process_time() - started)
    return statistics.median(timings)


@dataclass(frozen=True)
class Timer:
    """Times work with `best_of` (wall clock) and, when ``cpu`` is set, with `cpu_of` as well.

    With the sandbox in a child process, this process's CPU time is the client's own cost: it
    leaves out the emulator and the waiting, which dominate (and blur) the wall-clock figures.
    """

    runs: int
    cpu: bool

    def __call__(self, work: Callable[[], object]) -> tuple[float, float]:
        return best_of(self.runs, work), (cpu_of(self.runs, work) if self.cpu else 0.0)

    def results(self, name: str, baseline: tuple[float, float], measured: tuple[float, float]) -> list[Result]:
        """The wall-clock line, then (with ``cpu``) the client CPU line."""
        found = [Result(name, baseline[0], measured[0])]
        if self.cpu:
            found.append(Result(f"{name}, client CPU", baseline[1], measured[1]))
        return found


def same_count(what: str, baseline: list[Any], measured: list[Any]) -> int:
    """Both sides fetched the same number of objects (a benchmark of a failing call proves nothing)."""
    if len(baseline) != len(measured) or not measured:
        raise RuntimeError(f"{what}: the baseline got {len(baseline)}, resourcekit {len(measured)}")
    return len(measured)


# -- OVH -------------------------------------------------------------------------------------------


@contextmanager
def official_client(found: Endpoint) -> Generator[Any, None, None]:
    """A python-ovh ``Client`` signing for the sandbox (its endpoint table gains one name meanwhile)."""
    ovh.client.ENDPOINTS[SANDBOX_ENDPOINT] = ovh_endpoint(found.url)
    creds = found.credentials
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


def official_bills(client: Any) -> list[Any]:
    return [client.get(f"/me/bill/{bill_id}") for bill_id in client.get("/me/bill")]


def bills(found: Endpoint, official: Any, ours: Any, concurrency: int, timer: Timer) -> list[Result]:
    count = same_count("bills", official_bills(official), ours.me.bills.list().to_list())
    baseline = timer(lambda: official_bills(official))
    sync = timer(lambda: ours.me.bills.list().to_list())

    loop = asyncio.new_event_loop()
    try:
        concurrent: Any = get_provider("ovh").async_client(found.url, found.credentials, concurrency=concurrency)

        def fetch_all() -> list[Any]:
            return loop.run_until_complete(concurrent.me.bills.list().to_list())

        try:
            same_count("bills, async", official_bills(official), fetch_all())
            measured = timer(fetch_all)
        finally:
            loop.run_until_complete(concurrent.aclose())
    finally:
        loop.close()
    return [
        *timer.results(f"bills: list + get {count}, sync", baseline, sync),
        *timer.results(f"bills: list + get {count}, async x{concurrency}", baseline, measured),
    ]


def get_me(official: Any, ours: Any, requests: int, timer: Timer) -> list[Result]:
    def baseline() -> None:
        for _ in range(requests):
            official.get("/me")

    def raw() -> None:
        for _ in range(requests):
            ours.get("/me")

    def typed() -> None:
        for _ in range(requests):
            ours.me.get()

    for work in (baseline, raw, typed):
        work()
    base = timer(baseline)
    return [
        *timer.results(f"GET /me x{requests}, raw get", base, timer(raw)),
        *timer.results(f"GET /me x{requests}, typed me.get()", base, timer(typed)),
    ]


def main(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bills", type=int, default=200, help="bills seeded in the sandbox (default 200)")
    parser.add_argument("--requests", type=int, default=300, help="sequential GET /me calls (default 300)")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight for AsyncOVH (default 8)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay the sandbox adds to each request")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each side; the median is kept")
    parser.add_argument("--server", choices=("process", "thread"), default="process", help="where the sandbox runs")
    arguments = parser.parse_args(argv)
    print(
        f"ovh: {arguments.bills} bills, {arguments.requests} requests, latency {arguments.latency_ms:g} ms, "
        f"sandbox in a {arguments.server}, median of {arguments.runs} runs (baseline: python-ovh)"
    )
    results: list[Result] = []
    timer = Timer(arguments.runs, cpu=arguments.server == "process")

    def report(found: list[Result]) -> None:
        for result in found:
            print(result.line(), flush=True)
        results.extend(found)

    with (
        served("ovh", seed_size=arguments.bills, latency_ms=arguments.latency_ms, server=arguments.server) as found,
        official_client(found) as official,
        get_provider("ovh").sync_client(found.url, found.credentials) as ours,
    ):
        report(bills(found, official, ours, arguments.concurrency, timer))
        report(get_me(official, ours, arguments.requests, timer))
        report(
            memory_results(
                f"{arguments.bills} bills", lambda: official_bills(official), lambda: ours.me.bills.list().to_list()
            )
        )
    return results


if __name__ == "__main__":
    main()
