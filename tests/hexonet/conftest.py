"""One HEXONET sandbox per test module over real HTTP, re-seeded before each test.

After each test, every command the sandbox received is checked against ``models/hexonet.yaml``
(the commands the client models) or, for the other documented commands a test sends through
``command()``, against ``models/hexonet-commands.yaml``: nothing is sent that the API does not know.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.hexonet import HexonetState
from resourcekit.sandbox.server import RunningSandbox, run_sandbox
from tests.contract.harness import assert_command_described, load

SETTINGS = SandboxSettings(seed_size=5)
DESCRIPTION: dict[str, Any] = load("hexonet.yaml")
COMMAND_SET: dict[str, Any] = load("hexonet-commands.yaml")
# Commands tests send on purpose although no API has them.
UNDESCRIBED = frozenset({"NoSuchCommand", "QueryCertificateList"})


@pytest.fixture(scope="module")
def served() -> Generator[RunningSandbox, None, None]:
    with run_sandbox("hexonet", settings=SETTINGS) as running:
        yield running


@pytest.fixture
def sandbox(served: RunningSandbox) -> Generator[RunningSandbox, None, None]:
    """The module's sandbox, back to its seed, with no faults and zeroed counters."""
    state(served).reset(SETTINGS)
    served.faults.clear()
    served.side_effects.reset()
    yield served
    for received in state(served).requests:
        name = received.command.get("COMMAND", "")
        if name not in UNDESCRIBED:
            described = DESCRIPTION if name in DESCRIPTION["commands"] else COMMAND_SET
            assert_command_described(described, name, [key for key in received.command if key != "COMMAND"])


def state(sandbox: RunningSandbox) -> HexonetState:
    found = sandbox.emulator.state
    assert isinstance(found, HexonetState)
    return found
