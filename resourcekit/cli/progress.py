"""A progress bar on stderr for commands that make more than one request, when stderr is a
terminal; nothing at all when it is piped or redirected."""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator
from contextlib import contextmanager

from resourcekit.cli.output import console, is_terminal

Advance = Callable[[int], None]


def _ignore(count: int) -> None:
    del count


@contextmanager
def progress(description: str, total: int | None = None) -> Generator[Advance, None, None]:
    """Yields ``advance(count)``; the bar counts items (``total`` when known, else a running count)."""
    if not is_terminal(sys.stderr):
        yield _ignore
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn())
    screen = console(stderr=True, terminal=True)  # only reached when stderr is a terminal
    with Progress(*columns, TimeElapsedColumn(), console=screen, transient=True) as bar:
        task = bar.add_task(description, total=total)

        def advance(count: int) -> None:
            bar.advance(task, count)

        yield advance
