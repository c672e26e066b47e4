"""Helpers for code running inside a hook on hook.io (or the sandbox's runner)."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from resourcekit.hookio import wire


def write_log(entry: Any, stream: TextIO | None = None) -> None:
    """Add ``entry`` (anything JSON can hold) to the running hook's log.

    hook.io's runners read log entries from the hook's stderr as
    ``{"type": "log", "payload": {"entry": ...}}`` lines; this writes one and flushes.

    Raises:
        InvalidInputError: ``entry`` cannot be sent as JSON.
    """
    target = sys.stderr if stream is None else stream
    target.write(wire.log_line(entry))
    target.flush()


__all__ = ["write_log"]
