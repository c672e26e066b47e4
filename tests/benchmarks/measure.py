"""How the benchmarks measure: alternating rounds, medians, spreads, and the table they print.

Every comparison runs resourcekit (A) and its baseline (B) alternately, A B A B ..., so that a burst
of load from elsewhere on the machine hits both sides alike; the figure kept for each side is the
median over the rounds, and the spread printed beside it is the range of the per-round ratios.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
import tracemalloc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

Metric = Literal["cpu", "wall", "peak", "time"]
Clock = Callable[[], float]

CLOCKS: dict[str, Clock] = {"cpu": time.process_time, "wall": time.perf_counter, "time": time.perf_counter}


@dataclass(frozen=True)
class Target:
    """What a ratio (resourcekit / baseline) must satisfy: ``<= limit`` or ``>= limit``."""

    op: Literal["<=", ">="]
    limit: float

    def met(self, ratio: float) -> bool:
        return ratio <= self.limit if self.op == "<=" else ratio >= self.limit

    def __str__(self) -> str:
        return f"{self.op} {self.limit:g}"


@dataclass
class Row:
    """One line of the table.

    Attributes:
        scenario: The scenario number (1-6).
        name: What is compared.
        metric: ``cpu`` (client process CPU), ``wall``, ``peak`` (tracemalloc bytes) or ``time``.
        ours: resourcekit's median (seconds or bytes).
        baseline: The baseline's median; ``None`` when the row reports a figure on its own.
        baseline_name: What the baseline is.
        ratio: How the target reads the two figures (``ours / baseline`` unless a scenario says
            otherwise, e.g. a speed-up ``baseline / ours``).
        ratio_label: How ``ratio`` is computed, for the table header.
        target: The target, or ``None`` where none applies.
        spread: The range of the per-round ratios (or of the figure, for rows without a baseline).
        note: Anything else worth printing (connection counts...).
    """

    scenario: int
    name: str
    metric: Metric
    ours: float
    baseline: float | None = None
    baseline_name: str = ""
    ratio: float | None = None
    ratio_label: str = "rk/base"
    target: Target | None = None
    spread: tuple[float, float] | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.target is None or self.ratio is None:
            return "-"
        return "met" if self.target.met(self.ratio) else "MISSED"


@dataclass
class Pair:
    """The per-round figures of both sides."""

    ours: list[float] = field(default_factory=list[float])
    baseline: list[float] = field(default_factory=list[float])

    @property
    def ours_median(self) -> float:
        return statistics.median(self.ours)

    @property
    def baseline_median(self) -> float:
        return statistics.median(self.baseline)

    def ratios(self, speedup: bool = False) -> list[float]:
        if speedup:
            return [b / a for a, b in zip(self.ours, self.baseline, strict=True)]
        return [a / b for a, b in zip(self.ours, self.baseline, strict=True)]

    def ratio(self, speedup: bool = False) -> float:
        if speedup:
            return self.baseline_median / self.ours_median
        return self.ours_median / self.baseline_median

    def row(
        self,
        scenario: int,
        name: str,
        metric: Metric,
        baseline_name: str,
        target: Target | None,
        *,
        speedup: bool = False,
        note: str = "",
    ) -> Row:
        ratios = self.ratios(speedup)
        return Row(
            scenario,
            name,
            metric,
            self.ours_median,
            self.baseline_median,
            baseline_name,
            self.ratio(speedup),
            "base/rk" if speedup else "rk/base",
            target,
            (min(ratios), max(ratios)),
            note,
        )


def timed(work: Callable[[], object], clock: Clock) -> float:
    started = clock()
    work()
    return clock() - started


def alternate_many(sides: Mapping[str, Callable[[], object]], rounds: int, metric: Metric) -> dict[str, list[float]]:
    """Time every side in turn (A B C A B C ...) for ``rounds`` rounds, after one warm-up of each."""
    clock = CLOCKS[metric]
    for work in sides.values():
        work()
    found: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, work in sides.items():
            gc.collect()
            found[name].append(timed(work, clock))
    return found


def alternate(ours: Callable[[], object], baseline: Callable[[], object], rounds: int, metric: Metric) -> Pair:
    """Time both sides alternately (A B A B ...) for ``rounds`` rounds, after one warm-up of each."""
    found = alternate_many({"ours": ours, "baseline": baseline}, rounds, metric)
    return Pair(found["ours"], found["baseline"])


def peak_memory(work: Callable[[], object]) -> int:
    """The most bytes tracemalloc saw allocated while ``work()`` ran (its result dropped after)."""
    gc.collect()
    tracemalloc.start()
    try:
        work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


# -- the table ----------------------------------------------------------------------------------


def _figure(value: float | None, metric: Metric) -> str:
    if value is None:
        return "-"
    if metric == "peak":
        return f"{value / 1024 / 1024:.2f} MiB" if value >= 1024 * 1024 else f"{value / 1024:.0f} KiB"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.1f} ms"


def _ratio(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "-"
    return f"{value:.2f}"


HEADER = ("#", "scenario", "measure", "resourcekit", "baseline", "ratio", "target", "verdict", "round ratios")


def table_lines(rows: Sequence[Row]) -> list[str]:
    """The rows as a Markdown table (printed as it is, pasted into docs/performance.md)."""
    body: list[tuple[str, ...]] = []
    for row in rows:
        spread = "-" if row.spread is None else f"{row.spread[0]:.2f}-{row.spread[1]:.2f}"
        name = row.name + (f" ({row.note})" if row.note else "")
        baseline = "-" if row.baseline is None else f"{_figure(row.baseline, row.metric)} {row.baseline_name}"
        ratio = "-" if row.ratio is None else f"{_ratio(row.ratio)} {row.ratio_label}"
        body.append(
            (
                str(row.scenario),
                name,
                row.metric,
                _figure(row.ours, row.metric),
                baseline,
                ratio,
                "-" if row.target is None else str(row.target),
                row.verdict,
                spread,
            )
        )
    widths = [max(len(cells[i]) for cells in [HEADER, *body]) for i in range(len(HEADER))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    return [line(HEADER), "|" + "|".join("-" * (width + 2) for width in widths) + "|", *(line(b) for b in body)]
