"""The OVH emulator: ``PROVIDER`` for the sandbox registry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from resourcekit.sandbox.base import Emulator, SandboxProvider, SandboxSettings, SideEffects
from resourcekit.sandbox.ovh.app import OVHApp, route_list
from resourcekit.sandbox.ovh.services import service_ids, service_infos  # importing it registers the routes
from resourcekit.sandbox.ovh.state import OVHState, seed_state

if TYPE_CHECKING:
    from resourcekit.ovh import OVH, AsyncOVH


def create(settings: SandboxSettings) -> Emulator:
    """A fresh emulator holding ``settings.seed_size`` bills, servers, credentials and redirections."""
    state, credentials = seed_state(settings)
    side_effects = SideEffects()
    app = OVHApp(state, side_effects)
    return Emulator(app=app, credentials=credentials, side_effects=side_effects, state=state)


def endpoint(url: str) -> str:
    """The API base URL of a sandbox served at ``url``."""
    if not url.startswith(("http://", "https://")):
        url = "http://localhost"
    return url.rstrip("/") + "/1.0"


def environment(url: str, credentials: Mapping[str, str]) -> dict[str, str]:
    """``OVH_*`` variables that make ``OVH()`` (no arguments) sign requests for this sandbox."""
    return {
        "OVH_ENDPOINT": endpoint(url),
        "OVH_APPLICATION_KEY": credentials["application_key"],
        "OVH_APPLICATION_SECRET": credentials["application_secret"],
        "OVH_CONSUMER_KEY": credentials["consumer_key"],
    }


def _arguments(url: str, credentials: Mapping[str, str], options: dict[str, Any]) -> dict[str, Any]:
    """Client arguments: the sandbox's signing keys, unless OAuth2 credentials are given."""
    keys = ("application_key", "application_secret", "consumer_key")
    signing = {} if options.get("client_id") else {key: credentials[key] for key in keys}
    return {"endpoint": endpoint(url), "config_file": None, **signing, **options}


def sync_client(url: str, credentials: Mapping[str, str], **options: Any) -> OVH:
    """An `OVH` client for the sandbox (pass ``client_id``/``client_secret`` for OAuth2)."""
    from resourcekit.ovh import OVH

    return OVH(**_arguments(url, credentials, options))


def async_client(url: str, credentials: Mapping[str, str], **options: Any) -> AsyncOVH:
    """An `AsyncOVH` client for the sandbox (pass ``client_id``/``client_secret`` for OAuth2)."""
    from resourcekit.ovh import AsyncOVH

    return AsyncOVH(**_arguments(url, credentials, options))


PROVIDER: SandboxProvider[OVH, AsyncOVH] = SandboxProvider(
    name="ovh",
    create=create,
    environment=environment,
    sync_client=sync_client,
    async_client=async_client,
)

__all__ = ["PROVIDER", "OVHApp", "OVHState", "create", "environment", "route_list", "service_ids", "service_infos"]
