"""What an IDE sees of bulk runs, checked by pyright (strict); never run.

The report is generic in the item and the action's value, for ids and for records, sync and async.
"""

from __future__ import annotations

from typing_extensions import assert_type

from resourcekit.core.bulk import BulkReport, Outcome, async_run_bulk, combine_reports, run_bulk
from resourcekit.hookio import AsyncHook, AsyncHookIO, Hook, HookIO
from resourcekit.hookio.models import DeletedHook


def sync_shapes(hookio: HookIO, hooks: list[Hook]) -> None:
    by_id = run_bulk(hookio.hooks.destroy, ["marak/a", "marak/b"])
    assert_type(by_id, BulkReport[str, DeletedHook])
    assert_type(by_id.values, list[DeletedHook])
    assert_type(by_id.items, list[str])
    assert_type(by_id.failures, list[Outcome[str, DeletedHook]])
    by_record = run_bulk(Hook.delete, hooks)
    assert_type(by_record, BulkReport[Hook, DeletedHook])
    assert_type(by_record.outcomes[0].unwrap(), DeletedHook)
    assert_type(combine_reports([by_record, by_record]), BulkReport[Hook, DeletedHook])

    def progress(done: int, total: int, outcome: Outcome[str, DeletedHook]) -> None:
        assert_type(outcome.value, DeletedHook | None)

    run_bulk(hookio.hooks.destroy, ["marak/a"], progress=progress)


async def async_shapes(hookio: AsyncHookIO, hooks: list[AsyncHook]) -> None:
    by_id = await async_run_bulk(hookio.hooks.destroy, ["marak/a"])
    assert_type(by_id, BulkReport[str, DeletedHook])
    by_record = await async_run_bulk(AsyncHook.delete, hooks)
    assert_type(by_record, BulkReport[AsyncHook, DeletedHook])
    assert_type(by_record.values, list[DeletedHook])
