"""One Exosite sandbox per test module, served over real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Generator
from typing import Literal

import pytest

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.exosite import OnePlatformState
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

# Limits for a scratch client: as many children of each kind as its owner may have.
UNLIMITED: dict[str, int | Literal["inherit"]] = {
    "client": "inherit",
    "dataport": "inherit",
    "datarule": "inherit",
    "dispatch": "inherit",
}


@pytest.fixture(scope="module")
def served() -> Generator[RunningSandbox, None, None]:
    with run_sandbox("exosite", settings=SandboxSettings(seed_size=3)) as running:
        yield running


@pytest.fixture
def sandbox(served: RunningSandbox) -> RunningSandbox:
    served.faults.clear()
    served.side_effects.reset()
    return served


def emulator_state(sandbox: RunningSandbox) -> OnePlatformState:
    state = sandbox.emulator.state
    assert isinstance(state, OnePlatformState)
    return state
