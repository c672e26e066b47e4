"""Bulk runs: the report's pure parts, what stops a run, and a run split over processes."""

from __future__ import annotations

import asyncio
import multiprocessing
import pickle
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pytest

from resourcekit.core.bulk import (
    BulkError,
    BulkReport,
    Outcome,
    async_run_bulk,
    combine_reports,
    configured_concurrency,
    run_bulk,
)
from resourcekit.core.errors import InvalidInputError, NotFoundError, ResourceKitError, ServerError
from resourcekit.hookio import Hook, HookIO
from resourcekit.hookio.models import DeletedHook
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import RunningSandbox, run_sandbox
from tests.hookio.helpers import unique


def mixed_report() -> BulkReport[str, int]:
    return BulkReport(
        (
            Outcome("a", "ok", value=1),
            Outcome("b", "failed", error=NotFoundError("no b")),
            Outcome("c", "failed", error=ServerError("boom")),
            Outcome("d", "failed", error=NotFoundError("no d")),
            Outcome("e", "ok", value=None),
        )
    )


def test_failures_are_grouped_by_type_most_frequent_first() -> None:
    report = mixed_report()
    groups = report.failures_by_type()
    assert list(groups) == ["NotFoundError", "ServerError"]
    assert [outcome.item for outcome in groups["NotFoundError"]] == ["b", "d"]
    assert report.summary() == "5 item(s): 2 ok, 3 failed (NotFoundError: 2, ServerError: 1)"
    assert report.values == [1, None]  # None is a value when the action returned it


def test_raise_for_failures_carries_the_report_and_the_first_error() -> None:
    report = mixed_report()
    with pytest.raises(BulkError) as raised:
        report.raise_for_failures()
    assert raised.value.report is report
    assert isinstance(raised.value, ResourceKitError)
    assert isinstance(raised.value.__cause__, NotFoundError)
    assert str(raised.value) == report.summary()
    BulkReport((Outcome("a", "ok", value=1),)).raise_for_failures()  # nothing failed: no error


def test_unwrap_raises_the_items_error() -> None:
    outcome = mixed_report().outcomes[1]
    with pytest.raises(NotFoundError, match="no b"):
        outcome.unwrap()
    assert mixed_report().outcomes[0].unwrap() == 1


def test_reports_and_bulk_errors_pickle() -> None:
    report = mixed_report()
    copy = pickle.loads(pickle.dumps(report))
    assert copy.items == report.items
    assert copy.summary() == report.summary()
    error = pickle.loads(pickle.dumps(BulkError(report.summary(), report)))
    assert error.report.failed == 3


def test_combine_keeps_the_order_of_the_chunks() -> None:
    first = BulkReport((Outcome("a", "ok", value=1),))
    second = mixed_report()
    combined = combine_reports([first, second])
    assert combined.items == ["a", "a", "b", "c", "d", "e"]
    assert combined.failed == 3
    assert combine_reports([]).total == 0
    with pytest.raises(InvalidInputError):
        combine_reports([first, BulkReport((), dry_run=True)])


def test_keyboard_interrupt_stops_even_a_catch_all_run() -> None:
    started: list[int] = []

    def action(number: int) -> int:
        started.append(number)
        if number == 1:
            raise KeyboardInterrupt
        return number

    with pytest.raises(KeyboardInterrupt):
        # One at a time, so "never started" is exact however the sync runner schedules its calls.
        run_bulk(action, range(5), concurrency=1, catch=(Exception,))
    assert started == [0, 1]


@pytest.mark.anyio
async def test_cancelling_a_run_cancels_the_calls_in_flight() -> None:
    started = asyncio.Event()
    cancelled: list[int] = []

    async def action(number: int) -> int:
        try:
            if number == 1:
                started.set()
            await asyncio.Event().wait()  # never set: only cancellation ends it
        except asyncio.CancelledError:
            cancelled.append(number)
            raise
        return number

    run = asyncio.ensure_future(async_run_bulk(action, range(5), concurrency=2))
    await started.wait()
    run.cancel()
    with pytest.raises(asyncio.CancelledError):
        await run
    assert sorted(cancelled) == [0, 1]


@pytest.mark.anyio
async def test_async_runs_fill_the_concurrency_they_are_given() -> None:
    gate = asyncio.Event()
    in_flight = 0
    most = 0

    async def action(number: int) -> int:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        if in_flight == 4:
            gate.set()
        await gate.wait()
        in_flight -= 1
        return number

    report = await async_run_bulk(action, range(12), concurrency=4)
    assert report.values == list(range(12))
    assert most == 4


# -- a run split over processes ------------------------------------------------------------------


@pytest.fixture(scope="module")
def socket_sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox("hookio", settings=SandboxSettings(seed_size=1)) as running:
        yield running


def delete_hooks(hooks: list[Hook]) -> BulkReport[Hook, DeletedHook]:
    """Runs in a worker process: a client from the environment, the unpickled records bound to it."""
    with HookIO() as client:
        return run_bulk(lambda hook: hook.bind(client).delete(), hooks, concurrency=2)


@pytest.mark.slow
def test_a_run_split_over_worker_processes(socket_sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in socket_sandbox.environment().items():
        monkeypatch.setenv(name, value)  # what the workers' HookIO() reads
    with HookIO() as client:
        hooks = [client.hooks.create(unique("split"), source="print(1)\n", language="python") for _ in range(6)]
        hooks[3].delete()  # its record survives; deleting it again in a worker fails
    chunks = [hooks[start : start + 2] for start in range(0, len(hooks), 2)]
    # "spawn": a fresh interpreter per worker (forking a process that runs server threads is unsafe).
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        report = combine_reports(pool.map(delete_hooks, chunks))
    assert [hook.name for hook in report.items] == [hook.name for hook in hooks]
    assert [outcome.status for outcome in report.outcomes] == ["ok", "ok", "ok", "failed", "ok", "ok"]
    assert isinstance(report.failures[0].error, NotFoundError)
    assert all(not hook.is_bound for hook in report.items)  # records come back unbound
    assert {value.name for value in report.values} == {hook.name for i, hook in enumerate(hooks) if i != 3}
    with HookIO() as client:
        remaining = {hook.name for hook in client.hooks.list("marak")}
    assert remaining.isdisjoint(hook.name for hook in hooks)


# -- the default concurrency: the client's ---------------------------------------------------------


class Throttled:
    """An owner with a configured concurrency whose action records the most calls in flight."""

    def __init__(self, concurrency: int) -> None:
        self.concurrency = concurrency
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most = 0

    def act(self, number: int) -> int:
        with self.lock:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
        time.sleep(0.02)
        with self.lock:
            self.in_flight -= 1
        return number


def test_a_bound_action_runs_at_its_owners_concurrency() -> None:
    owner = Throttled(3)
    report = run_bulk(owner.act, range(12))
    assert report.values == list(range(12))
    assert owner.most == 3
    explicit = Throttled(3)
    run_bulk(explicit.act, range(6), concurrency=1)  # an explicit value wins
    assert explicit.most == 1


def test_configured_concurrency_is_found_behind_managers_and_records(ovh_sandbox: RunningSandbox) -> None:
    with ovh_sandbox.client(concurrency=3) as ovh:
        assert configured_concurrency(ovh) == 3
        assert configured_concurrency(ovh.me.api.credentials.get) == 3  # a manager's method
        credential_ids = ovh.me.api.credentials.ids()[:2]
        credential = ovh.me.api.credentials.get(credential_ids[0])
        assert configured_concurrency(credential.refresh) == 3  # a bound record's method
        report = run_bulk(ovh.me.api.credentials.get, [*credential_ids, 999_999_999])
    assert [outcome.status for outcome in report.outcomes] == ["ok", "ok", "failed"]
    assert isinstance(report.failures[0].error, NotFoundError)
    assert configured_concurrency(str.upper) is None  # an unbound function
    assert configured_concurrency(len) is None  # a builtin's owner is a module with no such setting
    assert configured_concurrency(Throttled(0).act) is None  # not a usable setting


@pytest.fixture(scope="module")
def ovh_sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox("ovh") as running:
        yield running


class AsyncThrottled:
    """The async twin of `Throttled`: tasks instead of threads."""

    def __init__(self, concurrency: int) -> None:
        self.concurrency = concurrency
        self.in_flight = 0
        self.most = 0

    async def act(self, number: int) -> int:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        await asyncio.sleep(0.01)
        self.in_flight -= 1
        return number


@pytest.mark.anyio
async def test_an_async_bound_action_runs_at_its_owners_concurrency(ovh_sandbox: RunningSandbox) -> None:
    owner = AsyncThrottled(3)
    report = await async_run_bulk(owner.act, range(10))
    assert report.values == list(range(10)) and owner.most == 3
    async with ovh_sandbox.async_client(concurrency=2) as ovh:
        assert configured_concurrency(ovh.me.bills.get) == 2
        bill_ids = (await ovh.me.bills.ids())[:3]
        fetched = await async_run_bulk(ovh.me.bills.get, bill_ids)
    assert [bill.bill_id for bill in fetched.values] == bill_ids
