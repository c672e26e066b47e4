"""Run the scenarios and print the table: ``python -m tests.benchmarks [--quick] [--only N ...]``.

Each scenario compares resourcekit with a baseline in the same run (alternating rounds, medians),
against a sandbox served by ``resourcekit sandbox serve`` in a separate process over loopback
HTTP(S). See docs/performance.md for what each scenario measures and the targets.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks import (
    chart,
    cli_startup,
    hexonet_scenarios,
    ovh_batch,
    ovh_scenarios,
    startup,
    transport_scenarios,
)
from tests.benchmarks.measure import Row, table_lines
from tests.benchmarks.sandbox import Sandbox, sandbox_process

SCENARIOS = {
    1: "per-call overhead",
    2: "fan-out",
    3: "connection reuse",
    4: "parsing",
    5: "large listings",
    6: "import and construction",
    7: "OVH batched fan-out",
    8: "command-line start-up",
    9: "transport backends",
}


@dataclass(frozen=True)
class Sizes:
    """How big each scenario is (the full run, or ``--quick``)."""

    calls: int  # 1: sequential signed GETs per round
    bills: int  # 2: bills listed and fetched
    latency_ms: float  # 2 and 5: latency the sandbox adds to each request
    status_calls: int  # 3: StatusDomain calls per round
    reply_rows: int  # 4: rows of the parsed reply
    listing: int  # 5: domains iterated for the memory figure
    listing_page: int  # 5: page size of that iteration
    paged: int  # 5: domains listed for the speed figure
    paged_page: int  # 5: page size of that listing
    rounds: int  # rounds of the timed comparisons
    slow_rounds: int  # rounds of the comparisons whose baseline takes seconds
    rtt_ms: float  # 2, 3 and 5 again with this round trip added by a relay (0: not again)
    async_requests: int  # 7: AsyncOVH / raw aiohttp fan-out per round
    sync_requests: int  # 7: OVH / raw urllib3 calls per round


FULL = Sizes(
    calls=2000,
    bills=500,
    latency_ms=10,
    status_calls=500,
    reply_rows=10_000,
    listing=100_000,
    listing_page=1000,
    paged=5000,
    paged_page=100,
    rounds=5,
    slow_rounds=3,
    rtt_ms=5,
    async_requests=500,
    sync_requests=600,
)
QUICK = Sizes(
    calls=100,
    bills=40,
    latency_ms=2,
    status_calls=20,
    reply_rows=500,
    listing=400,
    listing_page=100,
    paged=400,
    paged_page=50,
    rounds=1,
    slow_rounds=1,
    rtt_ms=2,
    async_requests=40,
    sync_requests=40,
)


def run(only: Sequence[int], sizes: Sizes, report: Callable[[list[Row]], None]) -> None:
    """Run the chosen scenarios, reporting each one's rows as soon as they are known."""
    if 1 in only or 2 in only or 9 in only:
        with sandbox_process("ovh", seed_size=max(sizes.bills, 50)) as sandbox:
            if 1 in only:
                report(ovh_scenarios.per_call_overhead(sandbox, sizes.calls, sizes.rounds))
            if 2 in only:
                report(ovh_scenarios.fan_out(sandbox, sizes.latency_ms, sizes.slow_rounds))
                if sizes.rtt_ms:
                    report(ovh_scenarios.fan_out(sandbox, sizes.latency_ms, sizes.slow_rounds, sizes.rtt_ms))
            if 9 in only:
                report(transport_scenarios.async_fan_out(sandbox, sizes.async_requests, sizes.rounds))
                report(transport_scenarios.sync_per_call(sandbox, sizes.sync_requests, sizes.rounds))
    if 3 in only:
        report(hexonet_scenarios.connection_reuse(sizes.status_calls, sizes.rounds))
        if sizes.rtt_ms:
            report(hexonet_scenarios.connection_reuse_over_network(sizes.status_calls, sizes.slow_rounds, sizes.rtt_ms))
    if 4 in only:
        report(hexonet_scenarios.parsing(sizes.reply_rows, sizes.rounds))
    if 5 in only:
        with sandbox_process("hexonet", seed_size=sizes.listing) as sandbox:
            report(hexonet_scenarios.listing_memory(sandbox, sizes.listing, sizes.listing_page))
            if sizes.paged == sizes.listing:
                _listing_speeds(sandbox, sizes, report)
        if sizes.paged != sizes.listing:
            with sandbox_process("hexonet", seed_size=sizes.paged) as sandbox:
                _listing_speeds(sandbox, sizes, report)
    if 6 in only:
        report(startup.import_and_build(sizes.rounds, warm_up=sizes is FULL))
    if 7 in only:
        with sandbox_process("ovh", seed_size=max(sizes.bills, 50)) as sandbox:
            report(ovh_batch.batched_fan_out(sandbox, sizes.latency_ms, sizes.slow_rounds))
    if 8 in only:
        report(cli_startup.startup_times(sizes.rounds, warm_up=sizes is FULL))


def _listing_speeds(sandbox: Sandbox, sizes: Sizes, report: Callable[[list[Row]], None]) -> None:
    report(hexonet_scenarios.listing_speed(sandbox, sizes.paged_page, sizes.latency_ms, sizes.slow_rounds))
    if sizes.rtt_ms:
        speed = hexonet_scenarios.listing_speed(
            sandbox, sizes.paged_page, sizes.latency_ms, sizes.slow_rounds, sizes.rtt_ms
        )
        report(speed)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, one round: a smoke run, not a measurement")
    parser.add_argument(
        "--only", type=int, action="append", choices=sorted(SCENARIOS), metavar="N", help="run scenario N (repeatable)"
    )
    parser.add_argument("--chart", type=Path, help="also write the ratios as an SVG chart to this file")
    arguments = parser.parse_args(argv)
    only = sorted(set(arguments.only or SCENARIOS))
    sizes = QUICK if arguments.quick else FULL
    print(
        f"resourcekit benchmarks ({'quick' if arguments.quick else 'full'}): scenarios {', '.join(map(str, only))}; "
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count() or 1} cores",
        flush=True,
    )
    started = time.perf_counter()
    rows: list[Row] = []

    def report(found: list[Row]) -> None:
        rows.extend(found)
        for row in found:
            print(f"  scenario {row.scenario} ({SCENARIOS[row.scenario]}): {row.name}: done", flush=True)

    run(only, sizes, report)
    print()
    print("\n".join(table_lines(rows)))
    missed = [row for row in rows if row.verdict == "MISSED"]
    print(
        f"\n{len(rows)} rows, {sum(row.verdict == 'met' for row in rows)} targets met, {len(missed)} missed, "
        f"in {time.perf_counter() - started:.0f} s"
    )
    if arguments.chart is not None:
        arguments.chart.write_text(chart.svg(rows))
        print(f"chart written to {arguments.chart}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
