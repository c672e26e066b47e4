"""Hostile inputs around hook.io code running inside a hook.

The request that starts a hook is written by whoever calls it, so ``Hook.req.host`` (the
``Host`` header) is attacker-chosen. A client built with ``from_hook_environment()`` holds the
owner's ``hookAccessKey``; it must reach only the API host the hook is configured with
(``Hook.env.HOOKIO_URL``, the ``HOOKIO_URL`` environment variable) or the default, never the
host the caller named.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from resourcekit.hookio import AsyncHookIO, HookIO, wire

OWNER_KEY = "0b5e55ed-1111-4222-8333-444455556666"


def hostile_hook(host: str = "attacker.example.invalid", env: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "req": {"host": host, "headers": {}},
        "params": {},
        "env": {"hookAccessKey": OWNER_KEY, **(env or {})},
    }


def test_the_request_host_never_chooses_the_api_host() -> None:
    settings = wire.hook_environment(hostile_hook(), {})
    assert "attacker" not in settings.url
    assert settings.url.rstrip("/") in (wire.DEFAULT_URL, wire.DEFAULT_URL + ":443")
    assert settings.api_key == OWNER_KEY


def test_the_configured_environment_chooses_the_api_host() -> None:
    from_hook = wire.hook_environment(hostile_hook(env={"HOOKIO_URL": "https://api.internal.example"}), {})
    assert from_hook.url == "https://api.internal.example"
    from_process = wire.hook_environment(hostile_hook(), {"HOOKIO_URL": "https://other.example"})
    assert from_process.url == "https://other.example"


@pytest.mark.parametrize("host", ["attacker.example.invalid", "127.0.0.1:1", "evil.example:443", "[::1]:8080"])
def test_the_owner_key_is_never_sent_to_the_named_host(host: str) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"hasAccess": False})

    transport = httpx.MockTransport(handler)
    with HookIO.from_hook_environment(hostile_hook(host), environ={}, http_transport=transport) as sdk:
        sdk.keys.check_access("hook::run")
    assert seen
    assert {request.url.host for request in seen} == {"hook.io"}
    assert {request.url.port for request in seen} == {None}


@pytest.mark.anyio
async def test_the_async_client_ignores_the_named_host_too() -> None:
    seen: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.host)
        return httpx.Response(200, json={"hasAccess": False})

    async with AsyncHookIO.from_hook_environment(
        hostile_hook(), environ={}, http_transport=httpx.MockTransport(handler)
    ) as sdk:
        await sdk.keys.check_access("hook::run")
    assert seen == ["hook.io"]
