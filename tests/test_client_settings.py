"""Every provider's clients take the shared connection settings and hand them to the transport."""

from __future__ import annotations

from typing import Any

import anyio
import pytest

from resourcekit.core.options import as_timeout
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.registry import get_provider, provider_names

SETTINGS: dict[str, Any] = {
    "timeout": 7.5,
    "max_retries": 4,
    "headers": {"X-Team": "ops"},
    "proxy": "http://proxy.invalid:3128",
    "verify": False,
    "http2": True,
    "user_agent_extra": "nightly-report/2",
}


def check(client: Any) -> None:
    options = client.transport.options
    assert options.timeout == as_timeout(7.5)
    assert options.max_retries == 4
    assert options.headers["X-Team"] == "ops"
    assert (options.proxy, options.verify, options.http2) == ("http://proxy.invalid:3128", False, True)
    assert options.user_agent.endswith(" nightly-report/2")
    assert options.user_agent.startswith("resourcekit/")


@pytest.mark.parametrize("name", provider_names())
def test_sync_clients_take_every_connection_setting(name: str) -> None:
    provider = get_provider(name)
    credentials = provider.create(SandboxSettings()).credentials
    client = provider.sync_client("http://127.0.0.1:9", credentials, **SETTINGS)
    with client:
        check(client)


@pytest.mark.parametrize("name", provider_names())
def test_async_clients_take_every_connection_setting(name: str) -> None:
    provider = get_provider(name)
    credentials = provider.create(SandboxSettings()).credentials

    async def main() -> None:
        client = provider.async_client("http://127.0.0.1:9", credentials, **SETTINGS)
        async with client:
            check(client)

    anyio.run(main)
