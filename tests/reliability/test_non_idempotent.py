"""Creating calls under the same mixed faults: each succeeds exactly once or raises, never twice.

Per provider, ``CALLS`` creations of uniquely named objects (HEXONET ``AddDomain``, OVH redirection
create, Exosite ``create``, hook.io ``keys/create``, Siminars create) run with 20% of requests
faulted: 503, 502, a drop before the emulator, a drop after it acted (``drop_after``), a truncated
reply and a latency spike past the read timeout (both also after it acted). 503 is retried; 502
is not, for a creating call (a gateway may answer it after the backend acted, so the call
raises); a broken or late reply to a creating call must raise
(`TransportError` with ``sent=True``), never be sent again. Afterwards the emulator's own state
and its side-effect counters are compared with what each call reported.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from resourcekit.core.errors import APIError, ResourceKitError, TransportError
from resourcekit.core.retry import ALWAYS_RETRIED_STATUSES
from resourcekit.exosite import DataportDescription
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.faults import DEFAULT_FAULT_MIX
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

CALLS = 100
FAULT_RATE = 0.2
MAX_RETRIES = 4
READ_TIMEOUT = 0.05
SPIKE_MS = 300.0
MIX = {**DEFAULT_FAULT_MIX, "drop_after": 1.0}
SEEDS = {"hexonet": 901, "ovh": 902, "exosite": 903, "hookio": 904, "siminars": 905}
# The side-effect counter each creation increments.
COUNTERS = {
    "hexonet": "AddDomain",
    "ovh": "redirection.create",
    "exosite": "create",
    "hookio": "keys.create",
    "siminars": "siminar.create",
}


class RecordingSleep:
    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def name_of(provider: str, number: int) -> str:
    if provider == "hexonet":
        return f"rk-once-{number:03d}.com"
    if provider == "ovh":
        return f"rk-once-{number:03d}@example.com"
    return f"rk-once-{number:03d}"


def creator(provider: str, client: Any, sandbox: RunningSandbox) -> Callable[[str], Any]:
    """The creating call, after whatever setup (a contact, a login) it needs, done before faults."""
    if provider == "hexonet":
        owner = client.contacts.list().first()
        assert owner is not None
        return lambda name: client.domains.create(name, owner_contact=owner.id)
    if provider == "ovh":
        redirections = client.email.domain("example.com").redirections
        return lambda name: redirections.create(name, "postmaster@example.org")
    if provider == "exosite":
        return lambda name: client.create(DataportDescription(format="string", name=name))
    if provider == "hookio":
        return lambda name: client.keys.create(name, ["hook::run"])
    if provider == "siminars":
        client.login(sandbox.credentials["email"], sandbox.credentials["password"])
        return lambda name: client.siminars.create(name)
    raise AssertionError(provider)


def created_names(provider: str, sandbox: RunningSandbox) -> Counter[str]:
    """How many objects of each name the emulator holds (our names start with ``rk-once-``)."""
    state = sandbox.emulator.state
    names: list[str]
    if provider == "hexonet":
        names = [name for store in state.stores.values() for name in store.domains]
    elif provider == "ovh":
        names = [r["from"] for domain in state.email_domains.values() for r in domain.values()]
    elif provider == "exosite":
        names = [str(node.description.get("name")) for node in state.nodes.values()]
    elif provider == "hookio":
        names = [str(doc["name"]) for doc in state.keys_of(sandbox.credentials["owner"])]
    else:
        names = [str(siminar["title"]) for siminar in state.siminars.values()]
    return Counter(name for name in names if name.startswith("rk-once-"))


def hexonet_adds_received(sandbox: RunningSandbox) -> Counter[str]:
    """``AddDomain`` commands that reached the HEXONET emulator, by domain (its request log)."""
    return Counter(
        received.command.get("DOMAIN", "")
        for received in sandbox.emulator.state.requests
        if received.command.get("COMMAND", "").lower() == "adddomain"
    )


@pytest.fixture(scope="module", params=tuple(SEEDS))
def served(request: pytest.FixtureRequest) -> Iterator[RunningSandbox]:
    with run_sandbox(request.param, settings=SandboxSettings(seed_size=3)) as sandbox:
        yield sandbox


def test_creations_happen_once_or_raise(served: RunningSandbox, reliability_figures: Callable[..., None]) -> None:
    provider = served.provider.name
    plan = served.faults
    plan.reset()
    sleep = RecordingSleep()
    timeout = httpx.Timeout(5.0, read=READ_TIMEOUT)
    names = [name_of(provider, number) for number in range(CALLS)]
    succeeded: list[str] = []
    raised: dict[str, ResourceKitError] = {}
    with served.client(max_retries=MAX_RETRIES, sleep=sleep, timeout=timeout) as client:
        create = creator(provider, client, served)
        counter_before = served.side_effects[COUNTERS[provider]]
        plan.inject_mixed(FAULT_RATE, mix=MIX, spike_ms=SPIKE_MS, seed=SEEDS[provider])
        started = time.perf_counter()
        for name in names:
            try:
                create(name)
            except ResourceKitError as error:
                raised[name] = error
            else:
                succeeded.append(name)
        elapsed = time.perf_counter() - started
        plan.clear()
    # A spike holds back a reply the emulator has already made: the state is final now.
    held = created_names(provider, served)
    created_by_us = served.side_effects[COUNTERS[provider]] - counter_before

    duplicates = sum(count - 1 for count in held.values() if count > 1)
    raised_after_app = sorted(name for name in raised if held[name] == 1)
    raised_before_app = sorted(name for name in raised if held[name] == 0)
    reliability_figures(
        f"non_idempotent.{provider}",
        calls=CALLS,
        succeeded=len(succeeded),
        raised=len(raised),
        raised_after_acting=len(raised_after_app),
        raised_before_acting=len(raised_before_app),
        faults=plan.injected.total(),
        faults_after_acting=plan.injected["drop_after"] + plan.injected["truncate"] + plan.injected["spike"],
        retries=len(sleep.delays),
        duplicates=duplicates,
        seconds=round(elapsed, 1),
    )
    # No name was ever created twice, and the counter saw exactly the objects the state holds.
    assert duplicates == 0, [name for name, count in held.items() if count > 1]
    assert set(held) <= set(names)
    assert created_by_us == sum(held.values())
    # Every call that returned success created exactly one object.
    assert all(held[name] == 1 for name in succeeded)
    # A call that raised did so because its reply was lost: a broken or late reply after sending
    # (whether or not the emulator had acted), a 502 (never repeated for a write), or an
    # always-retried status on every attempt.
    for name, error in raised.items():
        if isinstance(error, TransportError):
            assert error.sent, (name, error)
        else:
            assert isinstance(error, APIError), (name, error)
            assert error.status in ALWAYS_RETRIED_STATUSES or error.status == 502, (name, error)
            assert held[name] == 0, name
    # The case this test exists for happened: replies lost after the emulator acted, and those calls
    # raised instead of sending again.
    assert raised_after_app, "no fault hit a creation after the emulator acted: the test proved nothing"
    if provider == "hexonet":
        # The emulator's request log: no AddDomain ever reached it twice.
        assert max(hexonet_adds_received(served).values()) == 1
