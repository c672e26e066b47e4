"""One async client per provider, each shared by 200 concurrent tasks, all providers at once.

Every task asks for a different object (by name or id) and must get exactly that object's data, as
fetched before one call at a time. A fresh OVH client fetches the server's time once for all its
tasks, and a fresh OVH OAuth2 client fetches one token for all of its (single flight).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, ExitStack
from typing import Any

import anyio
import pytest

from resourcekit.core.response import capture_responses
from resourcekit.exosite import Alias
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import RunningSandbox, run_sandbox
from tests.reliability.test_faults import snapshot

TASKS = 200
PROVIDERS = ("hexonet", "ovh", "exosite", "hookio", "siminars")
LATENCY_MS = 10.0  # every reply takes this long: the tasks really overlap

# The objects the tasks ask for (task n asks for KEYS[p][n % len]).
KEYS: dict[str, list[str]] = {
    "hexonet": ["breeze-000.com", "ember-001.net", "ember-002.org", "delta-003.de", "fjord-004.info"],
    "exosite": ["temperature", "humidity", "pressure", "voltage", "status"],
    "hookio": ["echo", "hello", "secret"],
    "siminars": [
        "134936656289522642318098",
        "138400003951087016318098",
        "138400004609561172018098",
        "138400005926579251818098",
    ],
}


def fetch(provider: str, client: Any, key: str) -> Any:
    """The read for ``key`` (a coroutine with an async client, a value with a sync one)."""
    if provider == "hexonet":
        return client.domains.get(key)
    if provider in ("ovh", "ovh-oauth2"):
        return client.me.bills.get(key)
    if provider == "exosite":
        return client.read(Alias(key), limit=3)
    if provider == "hookio":
        return client.hooks.get("marak", key)
    if provider == "siminars":
        return client.siminars.get(key)
    raise AssertionError(provider)


@pytest.fixture(scope="module")
def sandboxes() -> Iterator[dict[str, RunningSandbox]]:
    with ExitStack() as stack:
        yield {
            name: stack.enter_context(run_sandbox(name, settings=SandboxSettings(seed_size=5))) for name in PROVIDERS
        }


@pytest.mark.anyio
async def test_one_client_per_provider_shared_by_200_tasks(
    sandboxes: dict[str, RunningSandbox], reliability_figures: Callable[..., None]
) -> None:
    ovh = sandboxes["ovh"]
    keys_of = dict(KEYS)
    with ovh.client() as sync_ovh:
        keys_of["ovh"] = keys_of["ovh-oauth2"] = sync_ovh.me.bills.ids()[:5]
    expected: dict[str, dict[str, Any]] = {}
    for name, sandbox in sandboxes.items():
        with sandbox.client() as client:
            expected[name] = {key: snapshot(fetch(name, client, key)) for key in keys_of[name]}
    expected["ovh-oauth2"] = expected["ovh"]
    for sandbox in sandboxes.values():
        sandbox.faults.reset()
        sandbox.faults.latency_ms = LATENCY_MS
    tokens_before = ovh.side_effects["oauth2.token"]

    results: dict[str, list[Any]] = {}
    async with AsyncExitStack() as stack:
        clients: dict[str, Any] = {
            name: await stack.enter_async_context(sandbox.async_client()) for name, sandbox in sandboxes.items()
        }
        credentials = ovh.credentials
        clients["ovh-oauth2"] = await stack.enter_async_context(
            ovh.async_client(client_id=credentials["client_id"], client_secret=credentials["client_secret"])
        )
        calls: list[tuple[str, str, Callable[[], Awaitable[Any]]]] = []
        for name, client in clients.items():
            keys = keys_of[name]
            for number in range(TASKS):
                key = keys[number % len(keys)]
                calls.append((name, key, lambda name=name, client=client, key=key: fetch(name, client, key)))

        async def run(name: str, key: str, call: Callable[[], Awaitable[Any]]) -> None:
            results.setdefault(name, []).append((key, snapshot(await call())))

        started = time.perf_counter()
        with capture_responses() as log:
            async with anyio.create_task_group() as group:
                for name, key, call in calls:
                    group.start_soon(run, name, key, call)
        elapsed = time.perf_counter() - started
        time_syncs = clients["ovh"]._auth.time_syncs
        tokens_fetched = clients["ovh-oauth2"]._auth.tokens_fetched
    for sandbox in sandboxes.values():
        sandbox.faults.clear()

    wrong = sum(value != expected[name][key] for name, pairs in results.items() for key, value in pairs)
    time_requests = sum(1 for response in log if str(response.url).endswith("/auth/time"))
    token_requests = ovh.side_effects["oauth2.token"] - tokens_before
    connections = {name: sandbox.faults.connections for name, sandbox in sandboxes.items()}
    reliability_figures(
        "concurrency.shared_clients",
        clients=len(calls) // TASKS,
        tasks=len(calls),
        wrong=wrong,
        time_fetches=time_requests,
        token_fetches=token_requests,
        connections=sum(connections.values()),
        seconds=round(elapsed, 1),
    )
    assert {name: len(pairs) for name, pairs in results.items()} == dict.fromkeys(clients, TASKS)
    assert wrong == 0
    assert time_requests == time_syncs == 1  # one /auth/time for 200 signed calls
    assert token_requests == tokens_fetched == 1  # one OAuth2 token for 200 calls
    # The tasks overlapped: each client opened several connections of its pool.
    assert all(count > 1 for count in connections.values()), connections
