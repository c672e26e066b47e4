"""Fixtures for the core tests: the toy API served over a socket and in-process."""

from __future__ import annotations

from collections.abc import Generator

import pytest

from resourcekit.sandbox.server import RunningSandbox, inprocess_sandbox, run_sandbox
from tests.core.toy.app import TOY


@pytest.fixture(scope="module", params=["socket", "in-process"])
def toy_sandbox(request: pytest.FixtureRequest) -> Generator[RunningSandbox, None, None]:
    runner = run_sandbox(TOY) if request.param == "socket" else inprocess_sandbox(TOY)
    with runner as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(toy_sandbox: RunningSandbox) -> RunningSandbox:
    """The module's toy sandbox with no faults left over from an earlier test."""
    toy_sandbox.faults.clear()
    toy_sandbox.side_effects.reset()
    return toy_sandbox


class SleepRecorder:
    """An injectable sleep that records the waits instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def async_sleep(self, seconds: float) -> None:
        self.delays.append(seconds)

    def sleep(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def recorder() -> SleepRecorder:
    return SleepRecorder()
