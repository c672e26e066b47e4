"""One hook.io sandbox per test module, served over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import RunningSandbox, run_sandbox


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox("hookio", settings=SandboxSettings(seed_size=3)) as running:
        yield running
