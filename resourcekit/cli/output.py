"""Output every provider's commands share: tables, ``key: value`` views, JSON and raw text.

Nothing printed here is ever read as rich markup, and text that came from a server or a user has
its control and formatting characters shown as escapes (``\\x1b``), so a reply cannot restyle the
terminal, plant a hyperlink or forge lines. Tables fold long cells instead of cutting them, and are
as wide as their content when the output is not a terminal, so ids can always be copied.

``--json`` prints records as ``model_dump(mode="json", by_alias=False)``: the Python field names
of the records, the same keys in every provider, with secrets masked.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import unicodedata
import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from resourcekit.core.redact import DEFAULT_REDACTOR, Redactor

if TYPE_CHECKING:
    from rich.console import Console

JSON_HELP = "Print JSON (the records' fields, as model_dump(mode='json') names them) instead of a table."
JSON_OPTION = typer.Option(False, "--json", help=JSON_HELP)

# A width no table reaches: when piped, a table is exactly as wide as its content.
UNBOUNDED_WIDTH = 100_000
_VISIBLE_WHITESPACE = frozenset(" ")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r"}


def sanitize(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with control, format and line-separator characters shown as escapes.

    Escape sequences (``\\x1b[``, OSC 8 hyperlinks), bidirectional overrides, NUL, CR and the
    Unicode line separators cannot then reach the terminal. Tabs become spaces; newlines are kept
    with ``keep_newlines`` (multi-line text), else escaped as ``\\n``.
    """
    out: list[str] = []
    for char in text:
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char == "\t":
            out.append(" ")
        elif char in _NAMED_ESCAPES:
            out.append(_NAMED_ESCAPES[char])
        elif unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char not in _VISIBLE_WHITESPACE:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def is_terminal(stream: Any) -> bool:
    """Whether ``stream`` is an interactive terminal (``False`` for pipes, files and ``None``)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def console(*, stderr: bool = False, terminal: bool | None = None, tables: bool = False) -> Console:
    """A console that reads no markup and highlights nothing (``terminal`` overrides the detection).

    With ``tables``, output that is not a terminal has no width limit, so a table is as wide as
    its content and no cell is folded; rules and other full-width things keep the usual width.
    """
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = UNBOUNDED_WIDTH if tables and not (terminal or is_terminal(stream)) else None
    return Console(
        file=stream, width=width, markup=False, highlight=False, emoji=False, soft_wrap=False, force_terminal=terminal
    )


def plain(value: Any, redactor: Redactor = DEFAULT_REDACTOR) -> Any:
    """A JSON-ready copy of a record, list or mapping, with secrets masked.

    A record is dumped as ``model_dump(mode="json", by_alias=False)`` and masked with its own
    class's redactor as well as ``redactor``.
    """
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return plain(value.model_dump(mode="json", by_alias=False), _record_redactor(value, redactor))
    if isinstance(value, Mapping):
        return {str(key): plain(redactor.value(str(key), item), redactor) for key, item in value.items()}  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
    if isinstance(value, list | tuple):
        return [plain(item, redactor) for item in value]  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _record_redactor(record: Any, redactor: Redactor) -> Redactor:
    kind: type = type(record)  # pyright: ignore[reportUnknownVariableType]
    own: Redactor = getattr(kind, "__redactor__", redactor)
    return redactor.with_names(*own.names, line_fields=own.line_fields)


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """JSON with letters as they are (``€``, not ``\\u20ac``) but every control or formatting
    character escaped (``\\u009b``, ``\\u202e``): still valid JSON, harmless on a terminal."""
    text = json.dumps(value, indent=indent, sort_keys=True, default=str, ensure_ascii=False)
    return "".join(
        f"\\u{ord(char):04x}" if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char != "\n" else char
        for char in text
    )


def print_json(value: Any, redactor: Redactor = DEFAULT_REDACTOR) -> None:
    """JSON on stdout (pretty, sorted keys; see `json_text`)."""
    sys.stdout.write(json_text(plain(value, redactor)) + "\n")


def cell(value: Any) -> str:
    """How a value reads in a table: dates as dates, money with its currency, lists joined, booleans
    as yes/no, enums by name; never a Python repr."""
    from pydantic import BaseModel

    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return _moment(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.name)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, BaseModel):
        return _record_cell(value)
    if isinstance(value, Mapping):
        return ", ".join(f"{key}={cell(item)}" for key, item in value.items())  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(cell(item) for item in value)  # pyright: ignore[reportUnknownVariableType]
    return sanitize(str(value))


def _moment(value: datetime) -> str:
    if value.tzinfo is not None and value.utcoffset() == timezone.utc.utcoffset(None):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat(sep=" ", timespec="minutes")


def _record_cell(record: Any) -> str:
    amount = getattr(record, "value", None)
    currency = getattr(record, "currency_code", None) or getattr(record, "currency", None)
    if isinstance(amount, int | float) and isinstance(currency, str):
        return f"{amount:,.2f} {currency}"
    return cell(plain(record))


def epoch(seconds: int | float) -> datetime:
    """A Unix timestamp as an aware UTC datetime (for tables of time series)."""
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def _field(row: Any, column: str, redactor: Redactor) -> Any:
    from pydantic import BaseModel

    if isinstance(row, BaseModel):
        return _record_redactor(row, redactor).value(column, getattr(row, column, None))
    if isinstance(row, Mapping):
        return redactor.value(column, row.get(column))  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType]
    return getattr(row, column, None)


def print_table(
    rows: Iterable[Any], columns: Sequence[str], *, title: str | None = None, redactor: Redactor = DEFAULT_REDACTOR
) -> None:
    """A table of records (or mappings) showing ``columns``; secrets are masked, cells never cut."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(sanitize(title)) if title else None)
    for column in columns:
        table.add_column(Text(column), overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell(_field(row, column, redactor))) for column in columns))
    console(tables=True).print(table)


def print_fields(value: Any, *, title: str | None = None, redactor: Redactor = DEFAULT_REDACTOR) -> None:
    """A record or mapping as a two-column ``field | value`` table."""
    from pydantic import BaseModel
    from rich.table import Table
    from rich.text import Text

    if isinstance(value, BaseModel):
        names = list(type(value).model_fields)
        items = [(name, _field(value, name, redactor)) for name in names]
    else:
        items = [(str(key), redactor.value(str(key), item)) for key, item in dict(value).items()]
    table = Table(show_header=False, title=Text(sanitize(title)) if title else None)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for name, item in items:
        table.add_row(Text(sanitize(name)), Text(cell(item)))
    console(tables=True).print(table)


def show(
    value: Any,
    *,
    as_json: bool,
    columns: Sequence[str] = (),
    title: str | None = None,
    redactor: Redactor = DEFAULT_REDACTOR,
) -> None:
    """Print a value as JSON, as a table (lists with ``columns``), or as ``field | value`` lines."""
    from pydantic import BaseModel

    if as_json:
        print_json(value, redactor)
    elif isinstance(value, list | tuple) and columns:
        print_table(value, columns, title=title, redactor=redactor)  # pyright: ignore[reportUnknownArgumentType]
    elif isinstance(value, BaseModel | Mapping):
        print_fields(value, title=title, redactor=redactor)
    elif isinstance(value, list | tuple):
        print_lines(cell(item) for item in value)  # pyright: ignore[reportUnknownVariableType]
    else:
        print_lines([cell(value)])


def print_lines(lines: Iterable[str]) -> None:
    """Lines of text on stdout, control characters escaped."""
    for line in lines:
        sys.stdout.write(sanitize(line, keep_newlines=True) + "\n")
    sys.stdout.flush()


def write_text(text: str) -> None:
    """Text the user asked for as it is (a hook's source, a file): untouched when piped, with
    control characters escaped on a terminal."""
    sys.stdout.write(sanitize(text, keep_newlines=True) if is_terminal(sys.stdout) else text)
    sys.stdout.flush()


def write_bytes(data: bytes) -> None:
    """Bytes the user asked for (a hook's reply, a download): as they are when piped; on a terminal
    decoded and shown with control characters escaped."""
    if is_terminal(sys.stdout):
        write_text(data.decode("utf-8", errors="replace"))
        return
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


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
    from resourcekit.core.config import InsecureConfigWarning

    if not path.is_file():
        return None
    if os.name == "posix" and path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH):
        warnings.warn(
            f"{path} holds a secret and can be read by other users; run: chmod 600 {path}",
            InsecureConfigWarning,
            stacklevel=2,
        )
    return path.read_text().strip() or None


def write_secret_file(path: Path, secret: str) -> None:
    """Keep a secret in a file only its owner can read (mode 600), creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret + "\n")
