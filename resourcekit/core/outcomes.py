"""What a bulk run reports: one outcome per item, in input order, and a summary over them.

These types have no I/O and are shared by the sync and async runners (`resourcekit.core.bulk`).
They pickle, so runs made in worker processes can be sent back and combined.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar, cast

from resourcekit.core.errors import InvalidInputError, ResourceKitError

K = TypeVar("K")
T = TypeVar("T")

Status = Literal["ok", "failed", "planned"]
"""``ok``: the action returned; ``failed``: it raised a caught error; ``planned``: a dry run's item."""


@dataclass(frozen=True)
class Outcome(Generic[K, T]):
    """The result of the action on one item.

    Attributes:
        item: The item (id or record) the action was given.
        status: ``"ok"``, ``"failed"`` or ``"planned"`` (dry run: the action was not called).
        value: What the action returned (``None`` unless ``status`` is ``"ok"``).
        error: The error it raised (``None`` unless ``status`` is ``"failed"``).
    """

    item: K
    status: Status
    value: T | None = None
    error: Exception | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def error_type(self) -> str | None:
        """The error's class name (``"NotFoundError"``), for summaries."""
        return None if self.error is None else type(self.error).__name__

    def unwrap(self) -> T:
        """The value; the error is raised again when the item failed.

        Raises:
            InvalidInputError: The item was only planned (dry run), so there is no value.
        """
        if self.error is not None:
            raise self.error
        if self.status == "planned":
            raise InvalidInputError("a dry run's item has no value: the action was not called")
        return cast("T", self.value)  # an ``ok`` outcome carries the action's value, which may be None


class ProgressCallback(Protocol[K, T]):
    """Called once per finished item: ``progress(done, total, outcome)``.

    Calls come in the order items finish (not input order), one at a time.
    """

    def __call__(self, done: int, total: int, outcome: Outcome[K, T], /) -> None: ...


class BulkError(ResourceKitError):
    """At least one item of a bulk run failed (raised by `BulkReport.raise_for_failures`).

    Attributes:
        report: The whole report; ``report.failures`` holds the failed outcomes with their errors.
    """

    def __init__(self, message: str, report: BulkReport[Any, Any]) -> None:
        super().__init__(message)
        self.report = report

    def __reduce__(self) -> tuple[type[BulkError], tuple[str, BulkReport[Any, Any]]]:
        return type(self), (str(self), self.report)


@dataclass(frozen=True)
class BulkReport(Generic[K, T]):
    """Every item's outcome, in input order, with counts and the failures grouped by error type.

    Attributes:
        outcomes: One `Outcome` per item, in the order the items were given.
        dry_run: Whether this was a dry run (every outcome is ``planned``; nothing was sent).
    """

    outcomes: tuple[Outcome[K, T], ...]
    dry_run: bool = False

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def succeeded(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.ok)

    @property
    def failed(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.failed)

    @property
    def ok(self) -> bool:
        """No item failed (a dry run is ok)."""
        return self.failed == 0

    @property
    def items(self) -> list[K]:
        """The items, in input order (for a dry run: what would run)."""
        return [outcome.item for outcome in self.outcomes]

    @property
    def values(self) -> list[T]:
        """The values of the items that succeeded, in input order."""
        return [outcome.unwrap() for outcome in self.outcomes if outcome.ok]

    @property
    def failures(self) -> list[Outcome[K, T]]:
        """The failed outcomes, in input order."""
        return [outcome for outcome in self.outcomes if outcome.failed]

    def failures_by_type(self) -> dict[str, list[Outcome[K, T]]]:
        """The failed outcomes grouped by error class name, the most frequent first."""
        groups: dict[str, list[Outcome[K, T]]] = {}
        for outcome in self.failures:
            groups.setdefault(outcome.error_type or "", []).append(outcome)
        return dict(sorted(groups.items(), key=lambda group: (-len(group[1]), group[0])))

    def summary(self) -> str:
        """One line: ``"10 items: 8 ok, 2 failed (NotFoundError: 2)"``."""
        if self.dry_run:
            return f"dry run: {self.total} item(s) would be processed; nothing was sent"
        line = f"{self.total} item(s): {self.succeeded} ok, {self.failed} failed"
        if self.failed:
            counts = ", ".join(f"{name}: {len(group)}" for name, group in self.failures_by_type().items())
            line += f" ({counts})"
        return line

    def raise_for_failures(self) -> None:
        """Raise `BulkError` (its ``__cause__`` is the first failure) when any item failed."""
        failures = self.failures
        if failures:
            raise BulkError(self.summary(), self) from failures[0].error


DEFAULT_CATCH: tuple[type[Exception], ...] = (ResourceKitError,)
"""What a bulk run records as an item's failure by default: the library's typed errors. Anything
else (a bug in the action) stops the run, as do ``KeyboardInterrupt`` and cancellation, always."""


def check_bulk_options(concurrency: int, catch: tuple[type[Exception], ...], progress: object = None) -> None:
    """Refuse a bulk run's options before any item is touched.

    Raises:
        InvalidInputError: ``concurrency`` below 1; ``catch`` not a tuple (``except`` takes no other
            collection, and would fail only at the first failure, mid-run) or naming something
            that is not an `Exception` class (``KeyboardInterrupt`` and cancellation must always
            stop a run); ``progress`` neither ``None`` nor callable.
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"concurrency must be a whole number of at least 1, not {concurrency!r}")
    if progress is not None and not callable(progress):
        raise InvalidInputError(f"progress must be a function of (done, total, outcome), not {type(progress).__name__}")
    if not isinstance(catch, tuple):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"catch takes a tuple of Exception classes, not {catch!r}")
    for kind in catch:
        if not (isinstance(kind, type) and issubclass(kind, Exception)):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"catch takes Exception classes only, not {kind!r}")


def configured_concurrency(action: object) -> int | None:
    """The concurrency configured on the client behind ``action``, or ``None`` when it has none.

    ``action`` may be a bound method of a client (``ovh.delete``), of a manager
    (``ovh.me.api.credentials.get``) or of a record bound to a client, or the client itself. A
    client that sets how many requests it sends at once (OVH's ``concurrency=``) is asked; a plain
    function, or a client without such a setting, gives ``None``.
    """
    owner = getattr(action, "__self__", action)
    for candidate in (owner, getattr(owner, "_client", None), getattr(owner, "_ovh", None)):
        if candidate is None:
            continue
        value = getattr(candidate, "concurrency", None)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
    return None


def combine_reports(reports: Iterable[BulkReport[K, T]]) -> BulkReport[K, T]:
    """One report from several (the chunks of a run split over processes), in the order given.

    Raises:
        InvalidInputError: A dry run's report mixed with a real run's.
    """
    collected = list(reports)
    if len({report.dry_run for report in collected}) > 1:
        raise InvalidInputError("cannot combine a dry run's report with a real run's")
    outcomes = tuple(outcome for report in collected for outcome in report.outcomes)
    return BulkReport(outcomes, dry_run=bool(collected) and collected[0].dry_run)


def planned_report(items: Iterable[K]) -> BulkReport[K, Any]:
    """A dry run's report: every item ``planned``, nothing called."""
    return BulkReport(tuple(Outcome[K, Any](item, "planned") for item in items), dry_run=True)
