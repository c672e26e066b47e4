"""A HEXONET sandbox on a real socket whose server counts how many calls it holds at once.

`OverlapGate` sits in front of the emulator: the first call passes straight through (a listing's
first page, which has to come back before the others are known); every later call is held until
``target`` calls are held together, then all are let go. A client that sends calls in parallel
therefore brings the count to ``target`` at once; one that sends them one by one leaves each call
alone until ``patience`` passes, and the peak stays at 1. The test reads the peak, not a clock.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Generator
from dataclasses import dataclass

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import build, serve_app


@dataclass
class OverlapGate:
    app: object
    target: int
    patience: float = 20.0
    seen: int = 0
    held: int = 0
    peak: int = 0

    def __post_init__(self) -> None:
        self._enough: asyncio.Event | None = None

    async def __call__(self, scope: dict[str, object], receive: object, send: object) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)  # type: ignore[operator]
            return
        self.seen += 1
        if self.seen > 1:
            if self._enough is None:
                self._enough = asyncio.Event()
            self.held += 1
            self.peak = max(self.peak, self.held)
            if self.held >= self.target:
                self._enough.set()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._enough.wait(), self.patience)
            self.held -= 1
        await self.app(scope, receive, send)  # type: ignore[operator]


@contextlib.contextmanager
def gated_sandbox(target: int, settings: SandboxSettings) -> Generator[tuple[str, OverlapGate], None, None]:
    """The HEXONET emulator behind an `OverlapGate`, served over TCP; yields its URL and the gate."""
    _, emulator = build("hexonet", settings)
    gate = OverlapGate(emulator.app, target)
    with serve_app(gate) as url:
        yield url, gate
