"""The Exosite One Platform emulator: RPC, provisioning and the HTTP Data Interface, with state.

Credentials it hands out: ``cik`` (the vendor portal's CIK, also the vendor CIK of ``vendor``),
``vendor`` (``acme``), ``vendor_token``, and a second vendor (``partner_cik``, ``partner_vendor``)
to share models with.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from resourcekit.sandbox.base import Emulator, SandboxProvider, SandboxSettings, SideEffects
from resourcekit.sandbox.exosite.app import create_app
from resourcekit.sandbox.exosite.state import OnePlatformState

if TYPE_CHECKING:
    from resourcekit.exosite import AsyncOnePlatform, OnePlatform


def create(settings: SandboxSettings) -> Emulator:
    side_effects = SideEffects()
    app, state, credentials = create_app(settings, side_effects)
    return Emulator(app=app, credentials=credentials, side_effects=side_effects, state=state)


def environment(url: str, credentials: Mapping[str, str]) -> dict[str, str]:
    return {
        "EXOSITE_URL": url,
        "EXOSITE_CIK": credentials["cik"],
        "EXOSITE_VENDOR": credentials["vendor"],
        "EXOSITE_VENDOR_TOKEN": credentials["vendor_token"],
    }


def sync_client(url: str, credentials: Mapping[str, str], **options: Any) -> OnePlatform:
    from resourcekit.exosite import OnePlatform

    return OnePlatform(credentials["cik"], url=url, **options)


def async_client(url: str, credentials: Mapping[str, str], **options: Any) -> AsyncOnePlatform:
    from resourcekit.exosite import AsyncOnePlatform

    return AsyncOnePlatform(credentials["cik"], url=url, **options)


PROVIDER: SandboxProvider[OnePlatform, AsyncOnePlatform] = SandboxProvider(
    name="exosite",
    create=create,
    environment=environment,
    sync_client=sync_client,
    async_client=async_client,
)

__all__ = ["PROVIDER", "OnePlatformState", "create", "environment"]
