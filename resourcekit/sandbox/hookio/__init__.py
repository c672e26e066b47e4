"""The hook.io emulator: hooks (Python ones really run), datastore, logs, events, keys and roles,
files, env, metrics, domains and accounts, speaking hook.io's wire protocol."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from resourcekit.sandbox.base import Emulator, SandboxProvider, SandboxSettings
from resourcekit.sandbox.hookio.app import create_app
from resourcekit.sandbox.hookio.state import HookIOState, seed

if TYPE_CHECKING:
    from resourcekit.hookio import AsyncHookIO, HookIO


def create(settings: SandboxSettings) -> Emulator:
    """A fresh emulator with deterministic owners, keys, hooks, datastore, files, env and domains."""
    state, credentials = seed(settings)
    return Emulator(app=create_app(state), credentials=credentials, side_effects=state.side_effects, state=state)


def environment(url: str, credentials: Mapping[str, str]) -> dict[str, str]:
    """``hook_private_key`` and ``HOOKIO_URL``: what ``HookIO()`` reads to reach this sandbox."""
    return {"hook_private_key": credentials["hook_private_key"], "HOOKIO_URL": url}


def sync_client(url: str, credentials: Mapping[str, str], **options: Any) -> HookIO:
    """A `HookIO` for the sandbox with the main account's key (``api_key=`` to use another)."""
    from resourcekit.hookio import HookIO

    options.setdefault("api_key", credentials["hook_private_key"])
    return HookIO(url=url, **options)


def async_client(url: str, credentials: Mapping[str, str], **options: Any) -> AsyncHookIO:
    """An `AsyncHookIO` for the sandbox with the main account's key (``api_key=`` to use another)."""
    from resourcekit.hookio import AsyncHookIO

    options.setdefault("api_key", credentials["hook_private_key"])
    return AsyncHookIO(url=url, **options)


PROVIDER: SandboxProvider[HookIO, AsyncHookIO] = SandboxProvider(
    name="hookio",
    create=create,
    environment=environment,
    sync_client=sync_client,
    async_client=async_client,
)

__all__ = ["PROVIDER", "HookIOState", "create", "environment"]
