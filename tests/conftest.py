"""Shared fixtures: async tests run on asyncio through anyio's pytest plugin.

Also the hypothesis profiles (``ci`` by default, ``long`` with ``HYPOTHESIS_PROFILE=long``) and the
``reliability_figures`` fixture, whose figures are printed in a table at the end of the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from hypothesis import settings

pytest_plugins = ["pytester"]

# CI explores the same 2,000 examples per property every run, so a red build is reproducible;
# the long run draws fresh ones and many more.
settings.register_profile("ci", max_examples=2000, deadline=None, derandomize=True, database=None)
settings.register_profile("long", max_examples=50_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FIGURES_KEY = "reliability_figures"
Figure = int | float | str
RecordFigures = Callable[..., None]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def reliability_figures(request: pytest.FixtureRequest) -> RecordFigures:
    """Record what a reliability test measured: ``reliability_figures("faults.ovh", calls=1000)``.

    The figures travel with the test report (also from xdist workers) and are printed by
    `pytest_terminal_summary` as one table.
    """

    def record(scenario: str, **figures: Figure) -> None:
        # Plain types only: xdist ships user properties between processes, and a float subclass
        # (tenacity's sleep values) cannot cross.
        plain = {name: _plain(value) for name, value in figures.items()}
        request.node.user_properties.append((FIGURES_KEY, (scenario, plain)))

    return record


def _plain(value: Figure) -> Figure:
    if isinstance(value, bool | int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    rows: list[tuple[str, dict[str, Figure]]] = []
    for report in terminalreporter.stats.get("passed", []):
        if getattr(report, "when", None) != "call":
            continue
        for key, value in getattr(report, "user_properties", []):
            if key == FIGURES_KEY:
                scenario, figures = value
                rows.append((scenario, figures))
    if not rows:
        return
    terminalreporter.section("reliability figures")
    for scenario, figures in sorted(rows, key=lambda row: row[0]):
        shown = ", ".join(f"{name}={value}" for name, value in figures.items())
        terminalreporter.write_line(f"{scenario:<36} {shown}")
