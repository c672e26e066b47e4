"""The options every provider's commands share, and what they do.

- ``--url``/``-u``: the server, in every provider (the provider's old name stays an alias:
  ``--endpoint`` for OVH, ``--address`` for Siminars);
- ``--allow-http``: let a plain ``http://`` URL to a host that is not loopback through;
- ``--limit N``/``--all`` on every listing (``DEFAULT_LIMIT`` when neither is given);
- ``--json`` on every command that prints records (`resourcekit.cli.output`);
- ``--yes``/``-y`` on paid or destructive commands, which otherwise ask on a terminal and refuse
  when nobody can answer.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any, TypeVar

import typer

from resourcekit.cli.errors import fail
from resourcekit.cli.output import is_terminal
from resourcekit.cli.progress import progress

T = TypeVar("T")

DEFAULT_LIMIT = 100

ALLOW_HTTP_OPTION = typer.Option(
    False,
    "--allow-http",
    help="Allow a plain http:// URL to a host that is not loopback (credentials would travel unencrypted).",
)
LIMIT_OPTION = typer.Option(
    None, "--limit", "-n", min=1, help=f"Show at most this many (default {DEFAULT_LIMIT}).", show_default=False
)
ALL_OPTION = typer.Option(False, "--all", help="Show every one, however many.")
YES_OPTION = typer.Option(False, "--yes", "-y", help="Do it without asking for confirmation.")


def url_option(what: str, env: str, *aliases: str) -> Any:
    """The ``--url``/``-u`` option (plus the provider's own ``aliases``)."""
    return typer.Option("--url", "-u", *aliases, help=f"{what} [env {env}].", show_default=False)


def effective_limit(limit: int | None, show_all: bool) -> int | None:
    """How many a listing shows: ``None`` (every one) with ``--all``."""
    if show_all:
        if limit is not None:
            raise typer.BadParameter("--limit and --all exclude each other")
        return None
    return DEFAULT_LIMIT if limit is None else limit


def collect(items: Iterable[T], description: str, limit: int | None, total: int | None = None) -> list[T]:
    """Up to ``limit`` items, fetched lazily under a progress bar (on a terminal); a note on stderr
    says when more were left out."""
    found: list[T] = []
    more = False
    with progress(description, total if limit is None or total is None else min(total, limit)) as advance:
        for item in items:
            if limit is not None and len(found) >= limit:
                more = True
                break
            found.append(item)
            advance(1)
    if more:
        sys.stderr.write(f"note: showing the first {limit}; --all shows every one, --limit N more or fewer\n")
    return found


def confirm(question: str, yes: bool) -> None:
    """Go on when ``--yes`` was given or the user agrees on a terminal; else exit with status 1."""
    if yes:
        return
    if not (is_terminal(sys.stdin) and is_terminal(sys.stderr)):
        raise fail(f"{question} Refusing without a terminal to ask on; add --yes to do it.")
    if not typer.confirm(question, default=False, err=True):
        raise fail("cancelled")


def command_group(help: str, **settings: Any) -> typer.Typer:
    """A group of commands: help as written (no markup), usage shown when called without a command."""
    settings.setdefault("no_args_is_help", True)
    return typer.Typer(help=help, rich_markup_mode=None, add_completion=False, **settings)
