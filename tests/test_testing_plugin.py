"""The pytest plugin users get: sandbox factories for their own tests."""

from __future__ import annotations

import pytest

from resourcekit.sandbox.registry import PROVIDERS
from resourcekit.testing import SandboxFactory
from tests.core._sync.toy_client import Toy


@pytest.fixture(autouse=True)
def toy_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(PROVIDERS, "toy", "tests.core.toy.app:TOY")


def test_the_factory_serves_a_provider_over_http(resourcekit_sandbox: SandboxFactory) -> None:
    sandbox = resourcekit_sandbox("toy", seed_size=3)
    assert sandbox.url.startswith("http://127.0.0.1:")
    client: Toy = sandbox.client()
    with client:
        assert [note.id for note in client.notes.list(per_page=2)] == [1, 2, 3]
        client.notes.create("written by a user's test")
    assert sandbox.side_effects["create"] == 1
    assert sandbox.environment()["TOY_URL"] == sandbox.url


def test_in_process_sandboxes_and_session_sharing(
    resourcekit_sandbox: SandboxFactory, resourcekit_sandbox_session: SandboxFactory
) -> None:
    in_process = resourcekit_sandbox("toy", in_process=True)
    with in_process.client() as client:
        assert client.notes.get(1).id == 1
    shared = resourcekit_sandbox_session("toy")
    assert resourcekit_sandbox_session("toy") is shared
    assert resourcekit_sandbox_session("toy", seed_size=2) is not shared


def test_unknown_providers_are_named() -> None:
    from resourcekit.sandbox.registry import get_provider

    with pytest.raises(KeyError, match="unknown sandbox provider 'nope'"):
        get_provider("nope")
