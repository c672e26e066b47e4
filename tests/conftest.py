"""Shared fixtures: async tests run on asyncio through anyio's pytest plugin.

Tests of the transport, of reliability and of providers over real sockets that use async clients
run once per async HTTP backend (``[aiohttp]`` and ``[httpcore]`` in their ids): the
``http_backend`` fixture sets ``RESOURCEKIT_HTTP_BACKEND`` for clients that leave the choice to
``"auto"``. Other tests use the default (aiohttp when installed); ``RESOURCEKIT_HTTP_BACKEND=httpcore
pytest ...`` runs them on httpcore.

Also the hypothesis profiles (``ci`` by default, ``long`` with ``HYPOTHESIS_PROFILE=long``) and the
``reliability_figures`` fixture, whose figures are printed in a table at the end of the run.
"""

from __future__ import annotations

import inspect
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from resourcekit.core.backends import BACKEND_VARIABLE, aiohttp_installed

pytest_plugins = ["pytester"]

# CI explores the same 500 examples per property every run, so a red build is reproducible (and the
# run stays within its time budget); the long run draws fresh ones and a hundred times more.
settings.register_profile("ci", max_examples=500, deadline=None, derandomize=True, database=None)
settings.register_profile("long", max_examples=50_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FIGURES_KEY = "reliability_figures"
Figure = int | float | str
RecordFigures = Callable[..., None]


def pytest_configure(config: pytest.Config) -> None:
    """Give each test process a Jedi cache of its own.

    The completion tests run Jedi in every xdist worker; by default all of them share one pickled
    parse cache under ``~/.cache/jedi``, and two workers writing the same entry at once can leave a
    file the other reads half-written.
    """
    try:
        import jedi
    except ImportError:  # installed with the development extra only
        return
    cache = tempfile.mkdtemp(prefix="resourcekit-jedi-")
    jedi.settings.cache_directory = cache
    config.add_cleanup(lambda: shutil.rmtree(cache, ignore_errors=True))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


TESTS = Path(__file__).parent
BOTH_BACKENDS = (
    TESTS / "core" / "_async" / "test_transport_options.py",
    TESTS / "core" / "_async" / "test_limits_and_headers.py",
    TESTS / "reliability",
    TESTS / "hexonet" / "test_transports.py",
)
"""Where tests that build async clients run on each backend (tests that change a sandbox shared by
their module cannot run twice against it, so they stay on the default backend)."""


def _uses_async_clients(metafunc: pytest.Metafunc) -> bool:
    path = Path(str(metafunc.definition.fspath))
    if not any(path == place or place in path.parents for place in BOTH_BACKENDS):
        return False
    function = metafunc.function
    if inspect.iscoroutinefunction(function):
        return True
    try:
        return "async" in inspect.getsource(function).lower()
    except (OSError, TypeError):
        return False


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "http_backend" in metafunc.fixturenames and _uses_async_clients(metafunc):
        backends = ["aiohttp", "httpcore"] if aiohttp_installed() else ["httpcore"]
        metafunc.parametrize("http_backend", backends, indirect=True)


@pytest.fixture(autouse=True)
def http_backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """The async HTTP backend this test's clients use (parametrized where `BOTH_BACKENDS` says)."""
    chosen = getattr(request, "param", None)
    if chosen is None:
        yield os.environ.get(BACKEND_VARIABLE, "auto")
        return
    previous = os.environ.get(BACKEND_VARIABLE)
    os.environ[BACKEND_VARIABLE] = chosen
    try:
        yield chosen
    finally:
        if previous is None:
            del os.environ[BACKEND_VARIABLE]
        else:
            os.environ[BACKEND_VARIABLE] = previous


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
