"""HEXONET benchmarks: resourcekit against the official ``hexonet.apiconnector`` on the same sandbox.

    .venv/bin/python -m tests.benchmarks.bench_hexonet [--domains N] [--page-size N] [--commands N]
        [--concurrency N] [--latency-ms MS] [--runs N] [--server {process,thread}]

Both clients talk to one HEXONET sandbox seeded with about ``--domains`` domains, in the same run;
each line prints the apiconnector time (the baseline), the resourcekit time and their ratio (below
1: resourcekit is faster). Timings are the median of ``--runs`` runs, after one warm-up run of each.

- domains, sync: ``requestAllResponsePages({"COMMAND": "QueryDomainList", "WIDE": 1, "LIMIT": P})``
  (parsed `Response` pages) against ``hexonet.domains.list(page_size=P).to_list()`` (``Domain``
  records built from the same wide rows);
- domains, async: the same baseline against ``AsyncHexonet.domains.list(page_size=P,
  concurrency=N)``, which fetches the remaining pages in parallel once the first reports ``TOTAL``;
- StatusAccount / CheckDomain: ``--commands`` sequential ``request({...})`` calls against
  ``hexonet.account.status()`` / ``hexonet.domains.check(name)``. The connector opens a new
  connection (urllib, no keep-alive) for every command; resourcekit reuses pooled keep-alive
  connections, which is what these lines measure;
- memory, held / peak: tracemalloc while listing every domain, then holding the result: the
  connector's `Response` pages against resourcekit's ``Domain`` records (KiB).

The sandbox runs in a child process by default (see `tests.benchmarks.bench_ovh.served`), and each
timing line is followed by a "client CPU" line (this process's CPU time: the client's own cost);
``--server thread`` serves it from a thread of this process instead (no CPU lines). ``--latency-ms`` delays every
request in the sandbox. Only loopback traffic: nothing here reaches a real HEXONET endpoint.
"""

from __future__ import annotations

import argparse
import asyncio
import warnings
from typing import Any

from resourcekit.sandbox.hexonet import endpoint as hexonet_endpoint
from resourcekit.sandbox.registry import get_provider
from tests.benchmarks.bench_core import Result
from tests.benchmarks.bench_ovh import Endpoint, Timer, memory_results, same_count, served

with warnings.catch_warnings():
    # Some releases of the connector import pkg_resources, which warns that it is deprecated.
    warnings.filterwarnings("ignore", message=r".*pkg_resources", category=DeprecationWarning)
    warnings.filterwarnings("ignore", message=r".*pkg_resources", category=UserWarning)
    from hexonet.apiconnector.apiclient import APIClient  # pyright: ignore[reportMissingTypeStubs]

CHECKED = "resourcekit-benchmark.com"


def official_client(found: Endpoint) -> Any:
    """An apiconnector ``APIClient`` on the OT&E system, pointed at the sandbox, sending the credentials."""
    client: Any = APIClient()
    client.useOTESystem()
    client.setURL(hexonet_endpoint(found.url))
    client.setCredentials(found.credentials["login"], found.credentials["password"])
    return client


def succeeded(response: Any) -> Any:
    """The connector reports failures (even unreachable hosts) as replies; a benchmark must not time those."""
    if not response.isSuccess():
        raise RuntimeError(f"apiconnector: {response.getCode()} {response.getDescription()}")
    return response


def official_pages(client: Any, page_size: int) -> list[Any]:
    pages = client.requestAllResponsePages({"COMMAND": "QueryDomainList", "WIDE": 1, "LIMIT": page_size})
    return [succeeded(page) for page in pages]


def official_domains(client: Any, page_size: int) -> list[str]:
    return [name for page in official_pages(client, page_size) for name in page.getColumn("DOMAIN").getData()]


def domains(found: Endpoint, official: Any, ours: Any, page_size: int, concurrency: int, timer: Timer) -> list[Result]:
    count = same_count(
        "domains", official_domains(official, page_size), ours.domains.list(page_size=page_size).to_list()
    )
    baseline = timer(lambda: official_pages(official, page_size))
    sync = timer(lambda: ours.domains.list(page_size=page_size).to_list())

    loop = asyncio.new_event_loop()
    try:
        concurrent: Any = get_provider("hexonet").async_client(found.url, found.credentials)

        def fetch_all() -> list[Any]:
            listing = concurrent.domains.list(page_size=page_size, concurrency=concurrency)
            return loop.run_until_complete(listing.to_list())

        try:
            same_count("domains, async", official_domains(official, page_size), fetch_all())
            measured = timer(fetch_all)
        finally:
            loop.run_until_complete(concurrent.aclose())
    finally:
        loop.close()
    return [
        *timer.results(f"QueryDomainList {count}, sync", baseline, sync),
        *timer.results(f"QueryDomainList {count}, async x{concurrency}", baseline, measured),
    ]


def commands(official: Any, ours: Any, count: int, timer: Timer) -> list[Result]:
    def official_status() -> None:
        for _ in range(count):
            succeeded(official.request({"COMMAND": "StatusAccount"}))

    def our_status() -> None:
        for _ in range(count):
            ours.account.status()

    def official_check() -> None:
        for _ in range(count):
            succeeded(official.request({"COMMAND": "CheckDomain", "DOMAIN": CHECKED}))

    def our_check() -> None:
        for _ in range(count):
            ours.domains.check(CHECKED)

    for work in (official_status, our_status, official_check, our_check):
        work()
    return [
        *timer.results(f"StatusAccount x{count}, sequential", timer(official_status), timer(our_status)),
        *timer.results(f"CheckDomain x{count}, sequential", timer(official_check), timer(our_check)),
    ]


def main(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--domains", type=int, default=1000, help="seed size of the sandbox (default 1000)")
    parser.add_argument("--page-size", type=int, default=100, help="LIMIT of each QueryDomainList (default 100)")
    parser.add_argument("--commands", type=int, default=200, help="sequential commands per line (default 200)")
    parser.add_argument("--concurrency", type=int, default=8, help="pages in flight for AsyncHexonet (default 8)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay the sandbox adds to each request")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each side; the median is kept")
    parser.add_argument("--server", choices=("process", "thread"), default="process", help="where the sandbox runs")
    arguments = parser.parse_args(argv)
    print(
        f"hexonet: seed size {arguments.domains}, pages of {arguments.page_size}, {arguments.commands} commands, "
        f"latency {arguments.latency_ms:g} ms, sandbox in a {arguments.server}, median of {arguments.runs} runs "
        "(baseline: hexonet.apiconnector)"
    )
    results: list[Result] = []
    timer = Timer(arguments.runs, cpu=arguments.server == "process")

    def report(found: list[Result]) -> None:
        for result in found:
            print(result.line(), flush=True)
        results.extend(found)

    page_size = arguments.page_size
    sandbox = served("hexonet", seed_size=arguments.domains, latency_ms=arguments.latency_ms, server=arguments.server)
    with sandbox as found, get_provider("hexonet").sync_client(found.url, found.credentials) as ours:
        official = official_client(found)
        report(domains(found, official, ours, page_size, arguments.concurrency, timer))
        report(commands(official, ours, arguments.commands, timer))
        report(
            memory_results(
                f"{arguments.domains} domains (wide)",
                lambda: official_pages(official, page_size),
                lambda: ours.domains.list(page_size=page_size).to_list(),
            )
        )
    return results


if __name__ == "__main__":
    main()
