"""Run one action over many items with bounded concurrency, keeping every item's outcome.

One failing item does not stop the others: its typed error is recorded in its `Outcome` and the run
goes on. ``KeyboardInterrupt``, cancellation and errors outside ``catch`` still stop the run, and
then the items not yet started are never called.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

from resourcekit.core._async.pages import DEFAULT_CONCURRENCY
from resourcekit.core.concurrency import AsyncLock, async_map_bounded
from resourcekit.core.outcomes import (
    DEFAULT_CATCH,
    BulkReport,
    Outcome,
    ProgressCallback,
    check_bulk_options,
    configured_concurrency,
    planned_report,
)

K = TypeVar("K")
T = TypeVar("T")


async def async_run_bulk(
    action: Callable[[K], Awaitable[T]],
    items: Iterable[K],
    *,
    concurrency: int | None = None,
    dry_run: bool = False,
    progress: ProgressCallback[K, T] | None = None,
    catch: tuple[type[Exception], ...] = DEFAULT_CATCH,
) -> BulkReport[K, T]:
    """Call ``action(item)`` for every item, at most ``concurrency`` at a time.

    Args:
        action: What to do with one item: a bound method (``client.hooks.destroy``), an unbound
            record method (``AsyncHook.delete``) or any function of one argument.
        items: Ids or records; read once, up front (the total is known before the first call).
        concurrency: The most calls in flight. Keep it within what the provider's rate limits
            allow; retries of each call follow the client's retry policy. By default, the
            concurrency configured on the client behind a bound ``action`` (OVH's
            ``concurrency=``; see `configured_concurrency`), else `DEFAULT_CONCURRENCY` (8).
        dry_run: Call nothing: the report lists the items as ``planned``.
        progress: Called as each item finishes, with ``(done, total, outcome)``.
        catch: The errors recorded as an item's failure (the library's typed errors by default).

    Returns:
        A `BulkReport` with one `Outcome` per item, in input order.

    Raises:
        InvalidInputError: Bad ``concurrency``, ``catch`` or ``progress``, before any call.
    """
    if concurrency is None:
        concurrency = configured_concurrency(action) or DEFAULT_CONCURRENCY
    check_bulk_options(concurrency, catch, progress)
    planned = list(items)
    if dry_run:
        return planned_report(planned)
    total = len(planned)
    done = 0
    lock = AsyncLock()

    async def attempt(item: K) -> Outcome[K, T]:
        nonlocal done
        try:
            outcome = Outcome[K, T](item, "ok", value=await action(item))
        except catch as error:
            outcome = Outcome[K, T](item, "failed", error=error)
        # One at a time, so the count is exact and callbacks never overlap when calls run in parallel.
        async with lock:
            done += 1
            if progress is not None:
                progress(done, total, outcome)
        return outcome

    outcomes = [outcome async for outcome in async_map_bounded(attempt, planned, concurrency)]
    return BulkReport(tuple(outcomes))
