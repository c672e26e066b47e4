"""Scenarios 3, 4 and 5: connection reuse, reply parsing and large listings, against ``hexonet.apiconnector``."""

from __future__ import annotations

import asyncio
import itertools
import os
import warnings
from collections.abc import Generator
from contextlib import contextmanager
from typing import Any

from resourcekit.core._sync.pages import DEFAULT_CONCURRENCY
from resourcekit.hexonet import AsyncHexonet, Hexonet, wire
from resourcekit.sandbox.hexonet import endpoint as hexonet_endpoint
from tests.benchmarks.latency_proxy import behind_latency
from tests.benchmarks.measure import Pair, Row, Target, alternate_many, peak_memory
from tests.benchmarks.sandbox import Certificate, Sandbox, local_certificate, sandbox_process

with warnings.catch_warnings():
    # Some releases of the connector import pkg_resources, which warns that it is deprecated.
    warnings.filterwarnings("ignore", message=r".*pkg_resources", category=DeprecationWarning)
    warnings.filterwarnings("ignore", message=r".*pkg_resources", category=UserWarning)
    from hexonet.apiconnector.apiclient import APIClient  # pyright: ignore[reportMissingTypeStubs]
    from hexonet.apiconnector.response import Response as ConnectorResponse  # pyright: ignore[reportMissingTypeStubs]


def official_client(sandbox: Sandbox) -> Any:
    """An apiconnector ``APIClient`` on the OT&E system, pointed at the sandbox, sending the credentials."""
    client: Any = APIClient()
    client.useOTESystem()
    client.setURL(hexonet_endpoint(sandbox.url))
    client.setCredentials(sandbox.credentials["login"], sandbox.credentials["password"])
    return client


def succeeded(response: Any) -> Any:
    """The connector reports failures (even unreachable hosts) as replies; a benchmark must not time those."""
    if not response.isSuccess():
        raise RuntimeError(f"apiconnector: {response.getCode()} {response.getDescription()}")
    return response


def ours(sandbox: Sandbox, **options: Any) -> Hexonet:
    creds = sandbox.credentials
    verify: bool | str = sandbox.ca_file or True
    return Hexonet(
        login=creds["login"],
        password=creds["password"],
        system="ote",
        url=hexonet_endpoint(sandbox.url),
        verify=verify,
        **options,
    )


def ours_async(sandbox: Sandbox, **options: Any) -> AsyncHexonet:
    creds = sandbox.credentials
    return AsyncHexonet(
        login=creds["login"], password=creds["password"], system="ote", url=hexonet_endpoint(sandbox.url), **options
    )


@contextmanager
def trusted(ca_file: str | None) -> Generator[None, None, None]:
    """``SSL_CERT_FILE`` pointing at the run's CA, so that urllib (the connector) trusts the sandbox."""
    saved = os.environ.get("SSL_CERT_FILE")
    if ca_file is not None:
        os.environ["SSL_CERT_FILE"] = ca_file
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SSL_CERT_FILE", None)
        else:
            os.environ["SSL_CERT_FILE"] = saved


def _reuse_once(
    calls: int, rounds: int, certificate: Certificate | None, scheme: str, target: Target | None, rtt_ms: float = 0
) -> Row:
    with (
        sandbox_process("hexonet", seed_size=20, certificate=certificate) as served,
        behind_latency(served.url, rtt_ms) as url,
        served.reached_through(url) as sandbox,
        trusted(sandbox.ca_file),
    ):
        official = official_client(sandbox)
        client = ours(sandbox)
        try:
            names = [domain.name for domain in client.domains.list(page_size=20).to_list(limit=20)]
            targets = [names[index % len(names)] for index in range(calls)]

            def resourcekit() -> None:
                for name in targets:
                    client.domains.get(name)

            def connector() -> None:
                for name in targets:
                    succeeded(official.request({"COMMAND": "StatusDomain", "DOMAIN": name}))

            found = alternate_many({"rk": resourcekit, "connector": connector}, rounds, "wall")
            connections: dict[str, int] = {}
            for side, work in (("rk", resourcekit), ("connector", connector)):
                sandbox.reset()
                work()
                connections[side] = int(sandbox.stats()["connections"])
        finally:
            client.close()
    note = f"TCP connections per {calls} calls: rk {connections['rk']}, connector {connections['connector']}"
    network = f", {rtt_ms:g} ms RTT" if rtt_ms else ""
    return Pair(found["rk"], found["connector"]).row(
        3, f"{calls} StatusDomain, sync, {scheme}{network}", "wall", "apiconnector", target, speedup=True, note=note
    )


def connection_reuse_over_network(calls: int, rounds: int, rtt_ms: float) -> list[Row]:
    """Scenario 3 with ``rtt_ms`` per round trip: what reusing one TLS connection saves when the
    handshake costs round trips, as it does off loopback (ECDSA certificate; the target)."""
    with local_certificate() as certificate:
        return [_reuse_once(calls, rounds, certificate, "HTTPS (ECDSA P-256)", Target(">=", 4), rtt_ms)]


def connection_reuse(calls: int, rounds: int) -> list[Row]:
    """Scenario 3: sequential ``StatusDomain`` calls over HTTPS with an ECDSA certificate (the
    target), then with an RSA 2048 one and over plain HTTP (reported: the handshake's price depends
    on the key type, and on plain loopback it is nearly free)."""
    with local_certificate() as certificate:
        ecdsa = _reuse_once(calls, rounds, certificate, "HTTPS (ECDSA P-256)", Target(">=", 4))
    with local_certificate(rsa=True) as certificate:
        rsa = _reuse_once(calls, rounds, certificate, "HTTPS (RSA 2048)", None)
    return [ecdsa, rsa, _reuse_once(calls, rounds, None, "HTTP", None)]


def list_reply(rows: int, columns: int = 10) -> bytes:
    """A successful ``QueryDomainList`` reply with ``rows`` records of ``columns`` columns each."""
    names = ["DOMAIN", "STATUS", "OWNERCONTACT", "CREATEDDATE", "UPDATEDDATE"]
    names += ["EXPIRATIONDATE", "RENEWALMODE", "TRANSFERLOCK", "USER", "NAMESERVER0"]
    names += [f"EXTRA{index}" for index in range(max(columns - len(names), 0))]
    lines = ["[RESPONSE]", "CODE=200", "DESCRIPTION=Command completed successfully"]
    values = {
        "DOMAIN": "example-{}.com",
        "STATUS": "ACTIVE",
        "OWNERCONTACT": "P-ABC{:05d}",
        "CREATEDDATE": "2024-03-01 10:00:00",
        "UPDATEDDATE": "2025-01-15 08:30:00",
        "EXPIRATIONDATE": "2026-03-01 10:00:00",
        "RENEWALMODE": "AUTORENEW",
        "TRANSFERLOCK": "1",
        "USER": "test.user",
        "NAMESERVER0": "ns1.example-{}.com",
    }
    for name in names[:columns]:
        pattern = values.get(name, "value-{}")
        lines += [f"PROPERTY[{name}][{index}]={pattern.format(index)}" for index in range(rows)]
    lines += ["PROPERTY[FIRST][0]=0", f"PROPERTY[LAST][0]={rows - 1}", f"PROPERTY[COUNT][0]={rows}"]
    lines += [f"PROPERTY[LIMIT][0]={rows}", f"PROPERTY[TOTAL][0]={rows}", "QUEUETIME=0", "RUNTIME=0.25", "EOF"]
    return ("\r\n".join(lines) + "\r\n").encode()


def parsing(rows: int, rounds: int) -> list[Row]:
    """Scenario 4: a ``rows`` x 10 reply parsed into records, in this process (client CPU)."""
    raw = list_reply(rows)
    text = raw.decode()
    command = {"COMMAND": "QueryDomainList"}

    def resourcekit() -> list[dict[str, str]]:
        return wire.parse_response(raw).records

    def connector() -> list[Any]:
        response: Any = ConnectorResponse(text, command)
        return [record.getData() for record in response.getRecords()]

    if resourcekit() != [dict(row) for row in connector()]:
        raise RuntimeError("parsing: both sides must read the same records")
    found = alternate_many({"rk": resourcekit, "connector": connector}, rounds, "cpu")
    name = f"QueryDomainList reply, {rows} rows x 10 columns -> records"
    return [Pair(found["rk"], found["connector"]).row(4, name, "cpu", "apiconnector", Target("<=", 0.5))]


def listing_memory(sandbox: Sandbox, domains: int, page_size: int) -> list[Row]:
    """Scenario 5a: iterate the ``domains`` seeded domains page by page; peak memory against one page's worth.

    Two rows: ``concurrency=1`` (one page fetched at a time, the target: about one page held) and
    the default, where the sync listing fetches up to ``DEFAULT_CONCURRENCY`` pages ahead in
    threads and so holds that many pages at its peak (reported against that bound, no target).
    """
    client = ours(sandbox)
    rows: list[Row] = []
    try:
        for concurrency in (1, DEFAULT_CONCURRENCY):
            rows.append(_listing_peak(client, domains, page_size, concurrency))
    finally:
        client.close()
    return rows


def _listing_peak(client: Hexonet, domains: int, page_size: int, concurrency: int) -> Row:
    counted: list[int] = []

    def one_page() -> None:
        listing = client.domains.list(page_size=page_size, concurrency=concurrency)
        counted.append(len(list(itertools.islice(listing, page_size))))

    def everything() -> None:
        counted.append(sum(1 for _ in client.domains.list(page_size=page_size, concurrency=concurrency)))

    one_page()
    everything()
    page = peak_memory(one_page)
    whole = peak_memory(everything)
    if counted[-1] < domains:
        raise RuntimeError(f"listing: {counted[-1]} domains iterated, {domains} seeded")
    pages = len(range(0, counted[-1], page_size))
    if concurrency == 1:
        name = f"iterate {counted[-1]} domains, pages of {page_size}, sync, one page at a time: peak memory"
        target: Target | None = Target("<=", 1.5)
    else:
        name = f"same, default concurrency ({concurrency} pages fetched ahead): peak memory"
        target = None
    return Row(
        5,
        name,
        "peak",
        whole,
        page,
        "one page",
        whole / page,
        "rk/page",
        target,
        note=f"{pages} pages; one page = {page_size} Domain records",
    )


def listing_speed(sandbox: Sandbox, page_size: int, latency_ms: float, rounds: int, rtt_ms: float = 0) -> list[Row]:
    """Scenario 5b: the async listing with pages fetched concurrently once TOTAL is known, against
    sequential (``rtt_ms`` per network round trip on top, through a relay)."""
    with behind_latency(sandbox.url, rtt_ms) as url, sandbox.reached_through(url) as reached:
        return _listing_speed(reached, page_size, latency_ms, rounds, rtt_ms)


def _listing_speed(sandbox: Sandbox, page_size: int, latency_ms: float, rounds: int, rtt_ms: float) -> list[Row]:
    loop = asyncio.new_event_loop()
    client = ours_async(sandbox)
    try:
        concurrency = 8

        def concurrent() -> int:
            listing = client.domains.list(page_size=page_size, concurrency=concurrency)
            return len(loop.run_until_complete(listing.to_list()))

        def sequential() -> int:
            listing = client.domains.list(page_size=page_size, concurrency=1)
            return len(loop.run_until_complete(listing.to_list()))

        domains = concurrent()
        if domains != sequential():
            raise RuntimeError("listing: both sides must list the same domains")
        sandbox.faults(latency_ms=latency_ms)
        found = alternate_many({"rk": concurrent, "sequential": sequential}, rounds, "wall")
        sandbox.reset()
    finally:
        loop.run_until_complete(client.aclose())
        loop.close()
    network = f", {rtt_ms:g} ms RTT" if rtt_ms else ""
    name = f"list {domains} domains, pages of {page_size}, {latency_ms:g} ms latency{network}, async x{concurrency}"
    return [
        Pair(found["rk"], found["sequential"]).row(5, name, "wall", "sequential paging", Target(">=", 3), speedup=True)
    ]
