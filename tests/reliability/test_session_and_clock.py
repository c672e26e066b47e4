"""Session and clock faults: a HEXONET session that expires mid-run is renewed once, an OVH clock
that jumps is re-synced once (one call at a time and with 50 calls in flight), and Exosite's close
of a keep-alive connection after 100 requests is survived without an error or a retry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import anyio
import pytest

from resourcekit.core.response import capture_responses
from resourcekit.exosite import Alias
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

IN_FLIGHT = 50


@pytest.fixture(scope="module")
def hexonet() -> Iterator[RunningSandbox]:
    with run_sandbox("hexonet", settings=SandboxSettings(seed_size=3)) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def ovh() -> Iterator[RunningSandbox]:
    with run_sandbox("ovh", settings=SandboxSettings(seed_size=3)) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def exosite() -> Iterator[RunningSandbox]:
    with run_sandbox("exosite", settings=SandboxSettings(seed_size=3)) as sandbox:
        yield sandbox


async def gather(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls concurrently; their results in order."""
    results: list[Any] = [None] * len(calls)

    async def run(index: int) -> None:
        results[index] = await calls[index]()

    async with anyio.create_task_group() as group:
        for index in range(len(calls)):
            group.start_soon(run, index)
    return results


# -- HEXONET: the session expires mid-run ---------------------------------------------------------


def test_hexonet_session_expiry_mid_run_is_renewed_once(
    hexonet: RunningSandbox, reliability_figures: Callable[..., None]
) -> None:
    state = hexonet.emulator.state
    starts = hexonet.side_effects["StartSession"]
    with hexonet.client() as client, capture_responses() as log:
        client.login()
        session = client.save_session().session
        amounts: list[Any] = []
        for number in range(40):
            if number == 20:
                state.expire_sessions()
            amounts.append(client.account.status().amount)
        renewed = client.save_session().session
    assert len(set(amounts)) == 1
    assert hexonet.side_effects["StartSession"] == starts + 2  # the login and one renewal
    assert renewed != session
    assert len(log) == 1 + 40 + 1  # login, 40 reads, the renewal (the refused read is not a reply)
    reliability_figures("session.hexonet.sequential", calls=40, renewals=1, errors=0)


@pytest.mark.anyio
async def test_hexonet_session_expiry_with_calls_in_flight_is_renewed_once(
    hexonet: RunningSandbox, reliability_figures: Callable[..., None]
) -> None:
    state = hexonet.emulator.state
    async with hexonet.async_client() as client:
        await client.login()
        await client.account.status()
        starts = hexonet.side_effects["StartSession"]
        state.expire_sessions()
        results = await gather([client.account.status for _ in range(IN_FLIGHT)])
    assert all(result.amount == results[0].amount for result in results)
    assert hexonet.side_effects["StartSession"] == starts + 1
    reliability_figures("session.hexonet.in_flight", calls=IN_FLIGHT, renewals=1, errors=0)


# -- OVH: the server's clock jumps ----------------------------------------------------------------


def time_requests(log: Any) -> int:
    return sum(1 for response in log if str(response.url).endswith("/auth/time"))


def test_ovh_clock_skew_is_resynced_once(ovh: RunningSandbox, reliability_figures: Callable[..., None]) -> None:
    state = ovh.emulator.state
    try:
        with ovh.client() as client, capture_responses() as log:
            for number in range(40):
                if number == 20:
                    state.clock_offset += 1000
                assert client.me.get().nichandle
            delta = client.time_delta()
    finally:
        state.clock_offset = 0
    assert delta == 1000
    assert time_requests(log) == 2  # the first sync and one re-sync
    reliability_figures("clock.ovh.sequential", calls=40, time_syncs=2, errors=0)


@pytest.mark.anyio
async def test_ovh_clock_skew_with_calls_in_flight_is_resynced_once(
    ovh: RunningSandbox, reliability_figures: Callable[..., None]
) -> None:
    state = ovh.emulator.state
    try:
        async with ovh.async_client() as client:
            await client.me.get()
            state.clock_offset += 1000
            with capture_responses() as log:
                results = await gather([client.me.get for _ in range(IN_FLIGHT)])
            delta = await client.time_delta()
    finally:
        state.clock_offset = 0
    assert {result.nichandle for result in results} == {"xx1234-ovh"}
    assert delta == 1000
    resyncs = time_requests(log)
    reliability_figures("clock.ovh.in_flight", calls=IN_FLIGHT, time_syncs=resyncs, errors=0)
    assert resyncs == 1


# -- Exosite: the platform closes a keep-alive connection after 100 requests ----------------------


def test_exosite_close_after_100_requests_is_survived(
    exosite: RunningSandbox, reliability_figures: Callable[..., None]
) -> None:
    state = exosite.emulator.state
    plan = exosite.faults
    plan.reset()
    state.requests_on_connection.clear()
    with exosite.client() as client, capture_responses() as log:
        values = [client.read(Alias("temperature")) for _ in range(250)]
    assert all(value == values[0] for value in values)
    assert sum(response.retries_taken for response in log) == 0  # nothing failed, nothing resent
    # Three connections: 100 + 100 + 50 requests, each closed by the server after the 100th reply.
    assert plan.connections == 3 and plan.requests == 250
    assert sum(state.requests_on_connection.values()) == 250
    reliability_figures("keepalive.exosite.sync", calls=250, connections=3, retries=0, errors=0)


@pytest.mark.anyio
async def test_exosite_close_after_100_requests_is_survived_async(exosite: RunningSandbox) -> None:
    state = exosite.emulator.state
    state.requests_on_connection.clear()
    exosite.faults.reset()
    async with exosite.async_client() as client:
        with capture_responses() as log:
            for _ in range(250):
                await client.read(Alias("temperature"))
    assert sum(response.retries_taken for response in log) == 0
    assert exosite.faults.connections == 3 and exosite.faults.requests == 250
    assert sum(state.requests_on_connection.values()) == 250
