"""One OVH sandbox per test module, served over real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Generator

import pytest

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.ovh.state import OVHState
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

SEED_SIZE = 6


@pytest.fixture(scope="module")
def sandbox() -> Generator[RunningSandbox, None, None]:
    with run_sandbox("ovh", settings=SandboxSettings(seed_size=SEED_SIZE)) as running:
        yield running


@pytest.fixture
def state(sandbox: RunningSandbox) -> OVHState:
    found = sandbox.emulator.state
    assert isinstance(found, OVHState)
    return found
