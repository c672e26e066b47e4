"""Scenario 8: how long the ``resourcekit`` command takes to start, in a fresh interpreter each time.

``resourcekit version`` and ``resourcekit --help`` import neither a provider nor the sandbox; the
target is 0.3 s of wall time for either (the figure is the median of the rounds, the spread their
range).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.measure import Row, Target

ROOT = Path(__file__).resolve().parents[2]
TARGET_SECONDS = 0.3
COMMANDS = {"resourcekit version": ["version"], "resourcekit --help": ["--help"]}


def _once(arguments: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "resourcekit", *arguments], cwd=ROOT, capture_output=True, check=True)
    return time.perf_counter() - started


def startup_times(rounds: int, *, warm_up: bool = True) -> list[Row]:
    """The wall time of each command, alternating between them round by round."""
    if warm_up:
        for arguments in COMMANDS.values():
            _once(arguments)  # byte code and file cache
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(max(rounds, 3)):
        for name, arguments in COMMANDS.items():
            times[name].append(_once(arguments))
    rows: list[Row] = []
    for name, figures in times.items():
        median = statistics.median(figures)
        rows.append(
            Row(
                8,
                f"{name}: wall time to exit",
                "time",
                median,
                ratio=median,
                ratio_label="s",
                target=Target("<=", TARGET_SECONDS),
                spread=(min(figures), max(figures)),
            )
        )
    return rows
