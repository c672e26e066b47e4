"""The providers the sandbox can serve, by name, imported only when asked for."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Literal, overload

from typing_extensions import TypeIs

from resourcekit.sandbox.base import SandboxProvider

if TYPE_CHECKING:
    from resourcekit.exosite import AsyncOnePlatform, OnePlatform
    from resourcekit.hexonet import AsyncHexonet, Hexonet
    from resourcekit.hookio import AsyncHookIO, HookIO
    from resourcekit.ovh import OVH, AsyncOVH
    from resourcekit.siminars import AsyncSiminars, Siminars

ProviderName = Literal["exosite", "hexonet", "hookio", "ovh", "siminars"]
"""The name of every provider the sandbox serves."""

# name -> "module:attribute" of the provider's `SandboxProvider`.
PROVIDERS: dict[str, str] = {
    "exosite": "resourcekit.sandbox.exosite:PROVIDER",
    "hexonet": "resourcekit.sandbox.hexonet:PROVIDER",
    "hookio": "resourcekit.sandbox.hookio:PROVIDER",
    "ovh": "resourcekit.sandbox.ovh:PROVIDER",
    "siminars": "resourcekit.sandbox.siminars:PROVIDER",
}


def provider_names() -> list[str]:
    """The registered providers' names, sorted."""
    return sorted(PROVIDERS)


@overload
def get_provider(name: Literal["exosite"]) -> SandboxProvider[OnePlatform, AsyncOnePlatform]: ...
@overload
def get_provider(name: Literal["hexonet"]) -> SandboxProvider[Hexonet, AsyncHexonet]: ...
@overload
def get_provider(name: Literal["hookio"]) -> SandboxProvider[HookIO, AsyncHookIO]: ...
@overload
def get_provider(name: Literal["ovh"]) -> SandboxProvider[OVH, AsyncOVH]: ...
@overload
def get_provider(name: Literal["siminars"]) -> SandboxProvider[Siminars, AsyncSiminars]: ...
@overload
def get_provider(name: str) -> SandboxProvider: ...
def get_provider(name: str) -> SandboxProvider:
    """The registered provider called ``name``; its clients' types follow from a literal name.

    Raises:
        KeyError: No provider of that name (the message lists the known ones).
    """
    try:
        target = PROVIDERS[name]
    except KeyError:
        raise KeyError(f"unknown sandbox provider {name!r}; known: {', '.join(provider_names())}") from None
    module_name, _, attribute = target.partition(":")
    provider: object = getattr(importlib.import_module(module_name), attribute)
    if not _is_provider(provider):
        raise TypeError(f"{target} is not a SandboxProvider")
    return provider


def _is_provider(value: object) -> TypeIs[SandboxProvider]:
    return isinstance(value, SandboxProvider)


__all__ = ["PROVIDERS", "ProviderName", "get_provider", "provider_names"]
