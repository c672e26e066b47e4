"""Siminars sandboxes for the end-to-end tests: served over real HTTP, on TCP and on a Unix socket."""

from __future__ import annotations

import tempfile
from collections.abc import Generator
from pathlib import Path

import pytest

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import RunningSandbox, run_sandbox
from resourcekit.sandbox.siminars import SiminarsState

SEED_SIZE = 6


@pytest.fixture(scope="module")
def sandbox() -> Generator[RunningSandbox, None, None]:
    """One sandbox per test module, on 127.0.0.1."""
    with run_sandbox("siminars", settings=SandboxSettings(seed_size=SEED_SIZE)) as running:
        yield running


@pytest.fixture(scope="module", params=["tcp", "uds"])
def served(request: pytest.FixtureRequest) -> Generator[RunningSandbox, None, None]:
    """One sandbox per test module and transport: TCP on 127.0.0.1, then a Unix socket."""
    settings = SandboxSettings(seed_size=SEED_SIZE)
    if request.param == "tcp":
        with run_sandbox("siminars", settings=settings) as running:
            yield running
        return
    # A short directory: socket paths are limited to about 100 bytes.
    with (
        tempfile.TemporaryDirectory(prefix="rk-sim-") as folder,
        run_sandbox("siminars", settings=settings, uds=str(Path(folder) / "api.sock")) as running,
    ):
        yield running


@pytest.fixture
def state(sandbox: RunningSandbox) -> SiminarsState:
    found = sandbox.emulator.state
    assert isinstance(found, SiminarsState)
    return found
