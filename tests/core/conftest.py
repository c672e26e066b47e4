"""Fixtures for the core tests: the toy API served over a socket and in-process."""

from __future__ import annotations

import json
from collections.abc import Generator

import pytest
from starlette.types import Receive, Scope, Send

from resourcekit.sandbox.server import RunningSandbox, inprocess_sandbox, run_sandbox, serve_app
from tests.core.limits_app import Server
from tests.core.toy.app import TOY


@pytest.fixture(scope="module", params=["socket", "in-process"])
def toy_sandbox(request: pytest.FixtureRequest) -> Generator[RunningSandbox, None, None]:
    runner = run_sandbox(TOY) if request.param == "socket" else inprocess_sandbox(TOY)
    with runner as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def server() -> Generator[tuple[Server, str], None, None]:
    """The size-misbehaving server of tests/core/limits_app.py over loopback HTTP."""
    app = Server()
    with serve_app(app) as url:
        yield app, url


@pytest.fixture
def sandbox(toy_sandbox: RunningSandbox) -> RunningSandbox:
    """The module's toy sandbox with no faults left over from an earlier test."""
    toy_sandbox.faults.clear()
    toy_sandbox.side_effects.reset()
    return toy_sandbox


async def forward_proxy(scope: Scope, receive: Receive, send: Send) -> None:
    """A forward proxy that answers every request itself, naming the target it was asked for."""
    body = json.dumps({"target": scope["raw_path"].decode(), "host": dict(scope["headers"])[b"host"].decode()})
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body.encode()})


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
