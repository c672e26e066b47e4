"""What a test author sees from the sandbox and its pytest fixtures, checked by pyright and mypy; never run."""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

from resourcekit.exosite import AsyncOnePlatform, OnePlatform
from resourcekit.hexonet import AsyncHexonet, Hexonet
from resourcekit.hookio import AsyncHookIO, HookIO
from resourcekit.ovh import OVH, AsyncOVH
from resourcekit.sandbox.base import SandboxProvider
from resourcekit.sandbox.registry import get_provider
from resourcekit.sandbox.server import RunningSandbox, inprocess_sandbox, run_sandbox
from resourcekit.siminars import AsyncSiminars, Siminars
from resourcekit.testing import SandboxFactory


def fixture_clients(resourcekit_sandbox: SandboxFactory) -> None:
    assert_type(resourcekit_sandbox("exosite").client(), OnePlatform)
    assert_type(resourcekit_sandbox("exosite").async_client(), AsyncOnePlatform)
    assert_type(resourcekit_sandbox("hexonet").client(), Hexonet)
    assert_type(resourcekit_sandbox("hexonet").async_client(), AsyncHexonet)
    assert_type(resourcekit_sandbox("hookio").client(), HookIO)
    assert_type(resourcekit_sandbox("hookio").async_client(), AsyncHookIO)
    assert_type(resourcekit_sandbox("ovh", seed_size=20).client(), OVH)
    assert_type(resourcekit_sandbox("ovh", in_process=True).async_client(), AsyncOVH)
    assert_type(resourcekit_sandbox("siminars").client(), Siminars)
    assert_type(resourcekit_sandbox("siminars").async_client(), AsyncSiminars)
    sandbox = resourcekit_sandbox("ovh")
    assert_type(sandbox, RunningSandbox[OVH, AsyncOVH])
    with sandbox.client() as ovh:
        assert_type(ovh, OVH)


def fixture_with_a_name_known_at_run_time(resourcekit_sandbox: SandboxFactory, name: str) -> None:
    assert_type(resourcekit_sandbox(name), RunningSandbox[Any, Any])


async def served_clients() -> None:
    with run_sandbox("hexonet") as sandbox:
        assert_type(sandbox, RunningSandbox[Hexonet, AsyncHexonet])
        with sandbox.client() as hexonet:
            assert_type(hexonet, Hexonet)
        async with sandbox.async_client() as async_hexonet:
            assert_type(async_hexonet, AsyncHexonet)
    with inprocess_sandbox("hookio") as sandbox:
        assert_type(sandbox.client(), HookIO)
    with run_sandbox("siminars", uds="/tmp/siminars.sock") as sandbox:
        assert_type(sandbox.async_client(), AsyncSiminars)


def registry_entries() -> None:
    entry = get_provider("exosite")
    assert_type(entry, SandboxProvider[OnePlatform, AsyncOnePlatform])
    with run_sandbox(entry) as sandbox:
        assert_type(sandbox.client(), OnePlatform)
