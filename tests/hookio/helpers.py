"""Helpers shared by the hook.io tests (sync and async twins)."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

_counter = itertools.count(1)


def unique(prefix: str) -> str:
    """A name no other test in the module uses."""
    return f"{prefix}-{next(_counter)}"


async def async_no_sleep(seconds: float) -> None:
    """Retries in tests do not wait."""


def no_sleep(seconds: float) -> None:
    """Retries in tests do not wait."""


def log_source(value: str) -> str:
    """pyhedgehog's logs test hook: prints a JSON string and writes one log line."""
    return (
        "import sys\n"
        f"sys.stdout.write('\"{value}\"')\n"
        f'sys.stderr.write(\'{{"type":"log","payload":{{"entry":"test-{value}"}}}}\\n\')\n'
    )


def wait_until(predicate: Any, timeout: float = 5.0) -> bool:
    """Poll ``predicate`` until it holds or ``timeout`` passes (server-side effects of a disconnect)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return bool(predicate())


async def async_eventually(predicate: Any, timeout: float = 10.0) -> bool:
    """Wait (yielding to the event loop) until ``predicate()`` holds or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.02)
    return bool(predicate())


def eventually(predicate: Any, timeout: float = 10.0) -> bool:
    """Wait until ``predicate()`` holds or ``timeout`` passes (work runs in other threads)."""
    return wait_until(predicate, timeout)
