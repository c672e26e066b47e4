"""Every provider's clients take the shared connection settings and hand them to the transport."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest

from resourcekit.core.errors import ConfigurationError
from resourcekit.core.options import DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_RESPONSE_BYTES, as_timeout
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
    "allow_http": True,
    "max_response_bytes": 12_345,
    "max_line_bytes": 678,
}


def check(client: Any) -> None:
    options = client.transport.options
    assert options.timeout == as_timeout(7.5)
    assert options.max_retries == 4
    assert options.headers["X-Team"] == "ops"
    assert (options.proxy, options.verify, options.http2) == ("http://proxy.invalid:3128", False, True)
    assert options.user_agent.endswith(" nightly-report/2")
    assert options.user_agent.startswith("resourcekit/")
    assert (options.allow_http, options.max_response_bytes, options.max_line_bytes) == (True, 12_345, 678)


def check_defaults(client: Any) -> None:
    options = client.transport.options
    assert options.allow_http is False
    assert (options.max_response_bytes, options.max_line_bytes) == (DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_LINE_BYTES)


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


@pytest.mark.parametrize("name", provider_names())
def test_sync_clients_default_to_https_only_and_the_default_limits(name: str) -> None:
    provider = get_provider(name)
    credentials = provider.create(SandboxSettings()).credentials
    with provider.sync_client("http://127.0.0.1:9", credentials) as client:
        check_defaults(client)


@pytest.mark.parametrize("name", provider_names())
def test_async_clients_default_to_https_only_and_the_default_limits(name: str) -> None:
    provider = get_provider(name)
    credentials = provider.create(SandboxSettings()).credentials

    async def main() -> None:
        async with provider.async_client("http://127.0.0.1:9", credentials) as client:
            check_defaults(client)

    anyio.run(main)


@pytest.mark.parametrize("name", provider_names())
def test_plain_http_to_a_remote_host_needs_allow_http(name: str) -> None:
    provider = get_provider(name)
    credentials = provider.create(SandboxSettings()).credentials
    with pytest.raises(ConfigurationError, match="allow_http"):
        provider.sync_client("http://192.0.2.10:8080", credentials)

    async def main() -> None:
        with pytest.raises(ConfigurationError, match="allow_http"):
            provider.async_client("http://192.0.2.10:8080", credentials)
        async with provider.async_client("http://192.0.2.10:8080", credentials, allow_http=True) as client:
            assert client.transport.options.allow_http is True

    anyio.run(main)
    with provider.sync_client("http://192.0.2.10:8080", credentials, allow_http=True) as client:
        assert client.transport.options.allow_http is True


@pytest.mark.parametrize("name", provider_names())
def test_in_process_sandboxes_keep_their_fake_http_url(name: str) -> None:
    """``http://sandbox.local`` with an in-process transport needs no ``allow_http``."""
    provider = get_provider(name)
    emulator = provider.create(SandboxSettings())
    with provider.sync_client(
        "http://sandbox.local", emulator.credentials, http_transport=httpx.MockTransport(_unused)
    ) as client:
        assert client.transport.options.allow_http is False

    async def main() -> None:
        transport = httpx.ASGITransport(app=emulator.app)
        async with provider.async_client(
            "http://sandbox.local", emulator.credentials, http_transport=transport
        ) as client:
            assert client.transport.options.allow_http is False

    anyio.run(main)


def _unused(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"nothing is sent in this test: {request.method} {request.url}")
