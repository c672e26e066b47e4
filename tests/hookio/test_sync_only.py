"""What only the sync client offers: item assignment, and a plain ``for`` loop closing its stream."""

from __future__ import annotations

import pytest

from resourcekit.hookio import HookIO
from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import log_source, unique, wait_until


def test_datastore_and_env_items(sandbox: RunningSandbox) -> None:
    with sandbox.client() as hookio:
        assert isinstance(hookio, HookIO)
        key = unique("item")
        hookio.datastore[key] = {"x": [1, 2]}
        assert hookio.datastore[key] == {"x": [1, 2]}
        del hookio.datastore[key]
        with pytest.raises(KeyError):
            del hookio.datastore[key]
        with pytest.raises(KeyError):
            hookio.datastore[key]
        hookio.env["ITEM"] = 0
        assert hookio.env["ITEM"] == 0
        del hookio.env["ITEM"]
        assert hookio.env.get("ITEM", "gone") == "gone"


def test_breaking_out_of_a_plain_for_loop_closes_the_stream(sandbox: RunningSandbox) -> None:
    state = sandbox.emulator.state
    with sandbox.client() as hookio:
        hook = hookio.hooks.create(unique("plain"), log_source("p"), language="python")
        hook.run()
        for entry in hook.logs.stream():
            assert entry.value == "test-p"
            assert wait_until(lambda: bool(state.hook_logs("marak", hook.name)._waiters))
            break
        assert wait_until(lambda: not state.hook_logs("marak", hook.name)._waiters)
