"""How every command fails: one line on stderr, exit status 1, whatever was raised.

The line is ``error: <Type>: <message>``, followed by ``; hint: ...`` when the CLI knows the next
step (a command to run, the option to add). The message is shown with its control characters
escaped and never read as markup, and it is never wrapped, so a script can grep it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import typer
from typer.exceptions import TyperException

from resourcekit.cli.output import console, is_terminal, sanitize

P = ParamSpec("P")
R = TypeVar("R")

Hint = Callable[[BaseException], "str | None"]
Describer = Callable[[BaseException], "str | None"]

#: The longest message shown (a server may answer with megabytes; the start says what went wrong).
MAX_MESSAGE = 2000

_hints: list[Hint] = []
_describers: list[Describer] = []


def add_describer(describer: Describer) -> Describer:
    """Register a function that may word an error better than its own message (``None`` if not):
    for a server's message that sends a command-line user somewhere unhelpful."""
    _describers.append(describer)
    return describer


def _message(error: BaseException) -> str:
    for describer in _describers:
        described = describer(error)
        if described:
            return described
    return str(error)


def _allow_http_hint(error: BaseException) -> str | None:
    # The clients name their keyword argument; on the command line it is an option.
    if "allow_http" in str(error):
        return "on the command line, add --allow-http (after the provider's name) to allow it"
    return None


_hints.append(_allow_http_hint)


def add_hint(hint: Hint) -> Hint:
    """Register a function that may suggest the next step for an error (returns ``None`` if not)."""
    _hints.append(hint)
    return hint


def hint_for(error: BaseException) -> str | None:
    """The first registered hint (`add_hint`) that has something to say about ``error``."""
    for hint in _hints:
        found = hint(error)
        if found:
            return found
    return None


def error_line(error: BaseException) -> str:
    """The one line that reports ``error``."""
    message = " ".join(sanitize(_message(error)).split()) or "(no message)"
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE] + f"... ({len(message) - MAX_MESSAGE} more characters)"
    line = f"error: {type(error).__name__}: {message}"
    hint = hint_for(error)
    return f"{line}; hint: {sanitize(hint)}" if hint else line


def print_error(line: str) -> None:
    """Write one error line on stderr (red ``error:`` on a terminal)."""
    if is_terminal(sys.stderr):
        from rich.text import Text

        text = Text(line)
        text.stylize("bold red", 0, len("error:"))
        console(stderr=True).print(text, soft_wrap=True)
    else:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def fail(message: str) -> typer.Exit:
    """Print ``error: message`` and return the exit to raise: ``raise fail("no such variable")``."""
    print_error(f"error: {sanitize(message)}")
    return typer.Exit(1)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn any exception a command raises into one line on stderr and exit status 1.

    Usage errors (click's own, ``typer.BadParameter``) keep click's usage message and status 2.
    """

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except (TyperException, typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            print_error("error: interrupted")
            raise typer.Exit(130) from None
        except Exception as error:
            print_error(error_line(error))
            raise typer.Exit(1) from None

    return wrapper
