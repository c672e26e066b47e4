"""Output helpers every provider's commands share: tables or JSON, ``k=v`` arguments, errors."""

from __future__ import annotations

import json
import os
import stat
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from resourcekit.core.config import InsecureConfigWarning
from resourcekit.core.errors import ResourceKitError
from resourcekit.core.redact import DEFAULT_REDACTOR, Redactor

P = ParamSpec("P")
R = TypeVar("R")

JSON_OPTION = typer.Option(False, "--json", help="Print JSON instead of a table.")


def console() -> Console:
    return Console(soft_wrap=True)


def plain(value: Any, redactor: Redactor = DEFAULT_REDACTOR) -> Any:
    """A JSON-ready copy of a record, list or mapping, with secrets masked.

    A record is masked with its own class's redactor as well as ``redactor``.
    """
    if isinstance(value, BaseModel):
        own = getattr(type(value), "__redactor__", redactor)
        combined = redactor.with_names(*own.names, line_fields=own.line_fields)
        return plain(value.model_dump(mode="json", by_alias=False), combined)
    if isinstance(value, Mapping):
        return {str(key): plain(redactor.value(str(key), item), redactor) for key, item in value.items()}  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
    if isinstance(value, list | tuple):
        return [plain(item, redactor) for item in value]  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def print_json(value: Any, redactor: Redactor = DEFAULT_REDACTOR) -> None:
    sys.stdout.write(json.dumps(plain(value, redactor), indent=2, sort_keys=True, default=str) + "\n")


def print_table(
    rows: Iterable[Any], columns: Sequence[str], *, title: str | None = None, redactor: Redactor = DEFAULT_REDACTOR
) -> None:
    """A table of records (or mappings) showing ``columns``; secrets are masked."""
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        data = plain(row, redactor)
        table.add_row(*("" if data.get(column) is None else escape(str(data.get(column))) for column in columns))
    console().print(table)


def show(
    value: Any,
    *,
    as_json: bool,
    columns: Sequence[str] = (),
    title: str | None = None,
    redactor: Redactor = DEFAULT_REDACTOR,
) -> None:
    """Print a value as JSON, as a table (lists with ``columns``), or as ``key: value`` lines."""
    if as_json:
        print_json(value, redactor)
    elif isinstance(value, list | tuple) and columns:
        print_table(value, columns, title=title, redactor=redactor)  # pyright: ignore[reportUnknownArgumentType]
    elif isinstance(value, BaseModel | Mapping):
        data = plain(value, redactor)
        table = Table(show_header=False, title=title)
        table.add_column("field", style="bold")
        table.add_column("value")
        for key, item in data.items():
            text = "" if item is None else json.dumps(item) if isinstance(item, dict | list) else str(item)
            table.add_row(escape(str(key)), escape(text))
        console().print(table)
    else:
        text = str(value)  # pyright: ignore[reportUnknownArgumentType]
        console().print(escape(text))


def parse_pairs(pairs: Sequence[str] | None) -> dict[str, str]:
    """``["a=1", "b=x=y"]`` as ``{"a": "1", "b": "x=y"}``; a pair without ``=`` is a usage error."""
    result: dict[str, str] = {}
    for pair in pairs or ():
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"expected KEY=VALUE, got {pair!r}")
        result[name] = value
    return result


def read_secret_file(path: Path) -> str | None:
    """The secret a file keeps (a token, a consumer key), ``None`` when the file is missing or empty.

    Warns (`InsecureConfigWarning`) when other users can read the file, as config files are.
    """
    if not path.is_file():
        return None
    if os.name == "posix" and path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH):
        warnings.warn(
            f"{path} holds a secret and can be read by other users; run: chmod 600 {path}",
            InsecureConfigWarning,
            stacklevel=2,
        )
    return path.read_text().strip() or None


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn resourcekit errors into one red line on stderr and exit status 1."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except ResourceKitError as error:
            Console(stderr=True).print(
                f"[red]error:[/red] {type(error).__name__}: {error}", markup=True, highlight=False
            )
            raise typer.Exit(1) from error

    return wrapper
