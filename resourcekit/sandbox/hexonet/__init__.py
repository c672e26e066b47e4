"""The HEXONET emulator: ``POST /api/call.cgi`` with the ISPAPI commands, sessions and paging.

Log in as ``test.user`` / ``test.passw0rd`` (the OT&E demo account). See
`resourcekit.sandbox.hexonet.state` for the other seeded accounts (roles, a subuser, an OTP
account, an IP-filtered account).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from resourcekit.sandbox.base import Emulator, SandboxProvider, SandboxSettings, SideEffects
from resourcekit.sandbox.hexonet.app import build_app
from resourcekit.sandbox.hexonet.protocol import PATH
from resourcekit.sandbox.hexonet.state import LOGIN, PASSWORD, HexonetState, seed_state

if TYPE_CHECKING:
    from resourcekit.hexonet import AsyncHexonet, Hexonet

SYSTEM = "ote"
ENTITY = "1234"


def create(settings: SandboxSettings) -> Emulator:
    """A fresh emulator with seeded state."""
    side_effects = SideEffects()
    state = seed_state(settings, side_effects)
    credentials = {
        "login": LOGIN,
        "password": settings.credential("password", PASSWORD),
        "system": SYSTEM,
        "entity": ENTITY,
    }
    return Emulator(app=build_app(state), credentials=credentials, side_effects=side_effects, state=state)


def endpoint(url: str) -> str:
    """The command endpoint under a sandbox base URL."""
    return url if url.endswith(PATH) else url.rstrip("/") + PATH


def environment(url: str, credentials: Mapping[str, str]) -> dict[str, str]:
    """What ``Hexonet()`` reads when given no arguments (a path means a Unix socket)."""
    env = {
        "HEXONET_LOGIN": credentials.get("login", LOGIN),
        "HEXONET_PASSWORD": credentials.get("password", PASSWORD),
        "HEXONET_SYSTEM": credentials.get("system", SYSTEM),
    }
    if url.startswith("/"):
        env |= {"HEXONET_URL": endpoint("http://localhost"), "HEXONET_UDS": url}
    else:
        env["HEXONET_URL"] = endpoint(url)
    return env


def _arguments(url: str, credentials: Mapping[str, str], kw: dict[str, Any]) -> dict[str, Any]:
    return {
        "login": credentials.get("login", LOGIN),
        "password": credentials.get("password", PASSWORD),
        "system": credentials.get("system", SYSTEM),
        "url": endpoint(url),
        **kw,
    }


def sync_client(url: str, credentials: Mapping[str, str], **kw: Any) -> Hexonet:
    from resourcekit.hexonet import Hexonet

    return Hexonet(**_arguments(url, credentials, kw))


def async_client(url: str, credentials: Mapping[str, str], **kw: Any) -> AsyncHexonet:
    from resourcekit.hexonet import AsyncHexonet

    return AsyncHexonet(**_arguments(url, credentials, kw))


PROVIDER: SandboxProvider[Hexonet, AsyncHexonet] = SandboxProvider(
    name="hexonet",
    create=create,
    environment=environment,
    sync_client=sync_client,
    async_client=async_client,
)

__all__ = ["PROVIDER", "HexonetState", "create", "endpoint", "environment"]
