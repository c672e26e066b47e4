"""One paid or destructive action over many targets, as every provider's commands do it.

Targets come from the command line, from a file (``--from-file FILE``, one per line, ``#``
comments) or from standard input (``-``). The run asks once on a terminal (``--yes`` skips the
question), ``--dry-run`` lists what would be done and sends nothing, a progress bar counts the
targets on a terminal, and the summary table gives every target's outcome. The exit status is 1
when any target failed; the others are done regardless (`resourcekit.core.bulk.run_bulk`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import typer

from resourcekit.cli.options import confirm
from resourcekit.cli.output import print_json, print_table, sanitize
from resourcekit.cli.progress import progress
from resourcekit.core.bulk import BulkReport, Outcome, configured_concurrency, run_bulk
from resourcekit.core.errors import InvalidInputError

K = TypeVar("K")
T = TypeVar("T")

FROM_FILE_OPTION: Any = typer.Option(
    None, "--from-file", help="Read more targets from this file, one per line ('-': standard input)."
)
"""``--from-file FILE``: more targets, one per line (``#`` comments), ``-`` for standard input."""
DRY_RUN_OPTION: Any = typer.Option(False, "--dry-run", help="List what would be done; send nothing.")
"""``--dry-run``: list the targets as ``planned``; nothing is sent."""
CONCURRENCY_OPTION: Any = typer.Option(
    None,
    "--concurrency",
    min=1,
    max=32,
    help="The most requests in flight (default: the client's setting, else 8).",
    show_default=False,
)
"""``--concurrency N``: the most requests in flight; by default the client's own setting."""


@dataclass(frozen=True, kw_only=True)
class BulkFlags:
    """The options every many-target command reads, built once and handed to `run_targets`.

    Keywords only: two booleans side by side are too easy to swap by position.
    """

    from_file: str | None = None
    """``--from-file``: more targets, one per line; ``-`` for standard input."""
    yes: bool = False
    """``--yes``: do it without asking."""
    dry_run: bool = False
    """``--dry-run``: list the targets as ``planned``; send nothing."""
    concurrency: int | None = None
    """``--concurrency``: the most requests in flight; ``None``: the client's setting, else 8."""
    as_json: bool = False
    """``--json``: the outcomes as JSON instead of a table."""

    def targets(self, arguments: Sequence[str] | None) -> list[str]:
        """The targets named by ``arguments`` then by ``--from-file`` (see `read_targets`)."""
        return read_targets(arguments, self.from_file)


def read_targets(arguments: Sequence[str] | None, from_file: str | None) -> list[str]:
    """The targets named on the command line then in ``from_file``, duplicates dropped, in order.

    A ``-`` argument (or ``--from-file -``) reads standard input.
    """
    named: list[str] = []
    for argument in arguments or ():
        named.extend(_lines(sys.stdin.read()) if argument == "-" else [argument])
    if from_file is not None:
        text = sys.stdin.read() if from_file == "-" else Path(from_file).read_text(encoding="utf-8")
        named.extend(_lines(text))
    if not named:
        raise typer.BadParameter("name at least one target (arguments, --from-file FILE or - for standard input)")
    return list(dict.fromkeys(named))


def whole_numbers(targets: Sequence[str], what: str) -> list[int]:
    """The targets as whole numbers (ids), all checked before anything is sent.

    Raises:
        InvalidInputError: A target is not a whole number (the first such is named).
    """
    numbers: list[int] = []
    for target in targets:
        try:
            numbers.append(int(target))
        except ValueError:
            raise InvalidInputError(f"{what} {target!r} is not a number") from None
    return numbers


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def run_targets(
    action: Callable[[K], T],
    targets: Sequence[K],
    flags: BulkFlags | None = None,
    *,
    verb: str,
    yes: bool = False,
    dry_run: bool = False,
    as_json: bool = False,
    concurrency: int | None = None,
    client: object = None,
    detail: Callable[[T], str] = lambda value: "",
    warning: str = "",
    finish: Callable[[BulkReport[K, T]], None] | None = None,
) -> BulkReport[K, T]:
    """Run ``action`` on every target and report; raises ``typer.Exit(1)`` when any failed.

    ``verb`` names the action in the question and the table's title; ``warning`` follows the
    question (what it costs). Without ``concurrency``, the concurrency configured on the client
    behind ``action`` (or on ``client``, for an action that is a plain function) is used, else 8.
    ``finish(report)`` runs after a real run (not a dry run), before the outcomes are printed.

    A command passes its ``flags``; a caller outside a command may give ``yes``, ``dry_run``,
    ``as_json`` and ``concurrency`` one by one instead, not both ways at once.
    """
    if flags is None:
        flags = BulkFlags(yes=yes, dry_run=dry_run, as_json=as_json, concurrency=concurrency)
    elif (yes, dry_run, as_json, concurrency) != (False, False, False, None):
        raise TypeError("run_targets takes flags or the single options, not both")
    if flags.dry_run:
        report: BulkReport[K, T] = run_bulk(action, targets, dry_run=True)
    else:
        names = [str(target) for target in targets]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        confirm(" ".join(filter(None, [f"{verb.capitalize()} {shown}?", warning])), flags.yes)
        concurrency = flags.concurrency or configured_concurrency(action) or configured_concurrency(client)
        with progress(verb, len(targets)) as advance:

            def counted(done: int, total: int, outcome: Outcome[K, T]) -> None:
                advance(1)

            report = run_bulk(action, targets, concurrency=concurrency, progress=counted)
        if finish is not None:
            finish(report)
    rows = [_row(outcome, detail) for outcome in report.outcomes]
    if flags.as_json:
        print_json(rows)
    else:
        print_table(rows, ("target", "status", "detail"), title=verb)
    sys.stderr.write(sanitize(report.summary()) + "\n")
    if not report.ok:
        raise typer.Exit(1)
    return report


def _row(outcome: Outcome[Any, Any], detail: Callable[[Any], str]) -> dict[str, Any]:
    if outcome.failed:
        text = f"{outcome.error_type}: {outcome.error}"
    elif outcome.ok:
        text = detail(outcome.value)
    else:
        text = ""
    target = outcome.item if isinstance(outcome.item, str | int) else str(outcome.item)
    return {"target": target, "status": outcome.status, "detail": " ".join(text.split())}
