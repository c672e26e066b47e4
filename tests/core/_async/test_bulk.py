"""Bulk runs: fake actions for the bookkeeping, and the hook.io and HEXONET sandboxes over HTTP end to end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from resourcekit.core._async.bulk import async_run_bulk
from resourcekit.core.concurrency import async_sleep
from resourcekit.core.errors import InvalidInputError, NotFoundError, ServerError
from resourcekit.core.outcomes import Outcome
from resourcekit.hexonet import AsyncContact, AsyncHexonet
from resourcekit.hookio import AsyncHook, AsyncHookIO
from resourcekit.hookio.models import DeletedHook
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import RunningSandbox, run_sandbox
from tests.hookio.helpers import unique

HOOK_SOURCE = "print('bulk')\n"


@pytest.fixture(scope="module")
def hookio_sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox("hookio", settings=SandboxSettings(seed_size=1)) as running:
        yield running


@pytest.fixture(scope="module")
def hexonet_sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox("hexonet") as running:
        yield running


async def double_unless_odd_multiple_of_three(number: int) -> int:
    """A fake action: fails for 3, 9, 15... with a typed error, else doubles."""
    await async_sleep(0)
    if number % 6 == 3:
        raise NotFoundError(f"no item {number}")
    return number * 2


@pytest.mark.anyio
async def test_every_item_runs_and_outcomes_keep_input_order() -> None:
    report = await async_run_bulk(double_unless_odd_multiple_of_three, range(1, 11), concurrency=3)
    assert report.items == list(range(1, 11))
    assert [outcome.status for outcome in report.outcomes] == ["failed" if n in (3, 9) else "ok" for n in range(1, 11)]
    assert report.values == [n * 2 for n in range(1, 11) if n not in (3, 9)]
    assert (report.total, report.succeeded, report.failed, report.ok) == (10, 8, 2, False)
    failed = report.failures
    assert [outcome.item for outcome in failed] == [3, 9]
    assert all(isinstance(outcome.error, NotFoundError) for outcome in failed)
    assert list(report.failures_by_type()) == ["NotFoundError"]
    assert report.summary() == "10 item(s): 8 ok, 2 failed (NotFoundError: 2)"


@pytest.mark.anyio
async def test_progress_counts_every_item_once() -> None:
    seen: list[tuple[int, int, Outcome[int, int]]] = []

    def progress(done: int, total: int, outcome: Outcome[int, int]) -> None:
        seen.append((done, total, outcome))

    report = await async_run_bulk(double_unless_odd_multiple_of_three, [1, 2, 3, 4], concurrency=2, progress=progress)
    assert [done for done, _, _ in seen] == [1, 2, 3, 4]
    assert {total for _, total, _ in seen} == {4}
    assert sorted(outcome.item for _, _, outcome in seen) == [1, 2, 3, 4]
    assert {id(outcome) for _, _, outcome in seen} == {id(outcome) for outcome in report.outcomes}


@pytest.mark.anyio
async def test_dry_run_calls_nothing_and_lists_the_items() -> None:
    called: list[str] = []

    async def action(name: str) -> str:
        called.append(name)
        return name

    def progress(done: int, total: int, outcome: Outcome[str, str]) -> None:
        called.append(f"progress {done}")

    report = await async_run_bulk(action, iter(["a", "b", "c"]), dry_run=True, progress=progress)
    assert called == []
    assert report.dry_run and report.ok
    assert report.items == ["a", "b", "c"]
    assert {outcome.status for outcome in report.outcomes} == {"planned"}
    assert report.summary() == "dry run: 3 item(s) would be processed; nothing was sent"
    with pytest.raises(InvalidInputError):
        report.outcomes[0].unwrap()


@pytest.mark.anyio
async def test_errors_outside_catch_stop_the_run() -> None:
    started: list[int] = []

    async def action(number: int) -> int:
        started.append(number)
        if number == 2:
            raise RuntimeError("a bug in the action")
        return number

    with pytest.raises(RuntimeError, match="a bug"):
        await async_run_bulk(action, range(6), concurrency=1)
    assert started == [0, 1, 2]


@pytest.mark.anyio
async def test_catch_widens_what_counts_as_an_item_failure() -> None:
    async def action(key: str) -> int:
        return {"a": 1}[key]

    report = await async_run_bulk(action, ["a", "zz"], catch=(KeyError,))
    assert [outcome.status for outcome in report.outcomes] == ["ok", "failed"]
    assert report.failures[0].error_type == "KeyError"


@pytest.mark.anyio
async def test_bad_options_are_refused_before_any_call() -> None:
    called: list[int] = []

    async def action(number: int) -> int:
        called.append(number)
        return number

    with pytest.raises(InvalidInputError, match="concurrency"):
        await async_run_bulk(action, [1], concurrency=0)
    with pytest.raises(InvalidInputError, match="Exception classes"):
        await async_run_bulk(action, [1], catch=(KeyboardInterrupt,))  # type: ignore[arg-type]
    assert called == []


@pytest.mark.anyio
async def test_destroying_many_hooks_goes_past_a_missing_one(hookio_sandbox: RunningSandbox) -> None:
    async with hookio_sandbox.async_client() as hookio:
        assert isinstance(hookio, AsyncHookIO)
        names = [unique("bulk-a"), unique("bulk-b"), unique("bulk-c")]
        for name in names:
            await hookio.hooks.create(name, source=HOOK_SOURCE, language="python")
        targets = [f"marak/{names[0]}", "marak/never-created", f"marak/{names[1]}", f"marak/{names[2]}"]
        destroyed_before = hookio_sandbox.side_effects["hook.destroy"]

        planned = await async_run_bulk(hookio.hooks.destroy, targets, dry_run=True)
        assert planned.items == targets
        assert hookio_sandbox.side_effects["hook.destroy"] == destroyed_before

        report = await async_run_bulk(hookio.hooks.destroy, targets, concurrency=2)
        assert [outcome.status for outcome in report.outcomes] == ["ok", "failed", "ok", "ok"]
        assert isinstance(report.failures[0].error, NotFoundError)
        assert all(isinstance(value, DeletedHook) for value in report.values)
        assert [value.name for value in report.values] == names
        assert hookio_sandbox.side_effects["hook.destroy"] == destroyed_before + 3
        for name in names:
            with pytest.raises(NotFoundError):
                await hookio.hooks.get("marak", name)


@pytest.mark.anyio
async def test_bulk_over_records_with_a_server_failure(hookio_sandbox: RunningSandbox) -> None:
    async with hookio_sandbox.async_client(max_retries=0) as hookio:
        hooks: list[AsyncHook] = [
            await hookio.hooks.create(unique("bulk-record"), source=HOOK_SOURCE, language="python") for _ in range(3)
        ]
        # The second hook's delete fails on the server once: that item fails, the others go on.
        hookio_sandbox.faults.fail_next(1, 500, path=f"/marak/{hooks[1].name}/delete")
        try:
            report = await async_run_bulk(AsyncHook.delete, hooks, concurrency=1)
        finally:
            hookio_sandbox.faults.clear()
        assert [outcome.status for outcome in report.outcomes] == ["ok", "failed", "ok"]
        assert isinstance(report.failures[0].error, ServerError)
        assert list(report.failures_by_type()) == ["ServerError"]
        with pytest.raises(NotFoundError):
            await hookio.hooks.get("marak", hooks[0].name)
        assert (await hookio.hooks.get("marak", hooks[1].name)).name == hooks[1].name


@pytest.mark.anyio
async def test_deleting_many_contacts_reports_the_one_in_use(hexonet_sandbox: RunningSandbox) -> None:
    async with hexonet_sandbox.async_client() as hexonet:
        assert isinstance(hexonet, AsyncHexonet)
        spares = [
            await hexonet.contacts.create(
                first_name="Zoë",
                last_name=f"Spare {n}",
                street="Hauptstraße 1",
                city="Homburg",
                zip="66424",
                country="de",
                phone="+49.68411234",
                email=f"spare{n}@example.org",
            )
            for n in range(2)
        ]
        in_use = await hexonet.contacts.get((await hexonet.domains.get("breeze-000.com")).owner_contact or "")
        report = await async_run_bulk(AsyncContact.delete, [spares[0], in_use, spares[1]], concurrency=2)
        assert [outcome.status for outcome in report.outcomes] == ["ok", "failed", "ok"]
        assert "in use" in str(report.failures[0].error)
        for spare in spares:
            with pytest.raises(NotFoundError):
                await hexonet.contacts.get(spare.id)
        assert (await in_use.refresh()).id == in_use.id
