"""The providers the sandbox can serve, by name, imported only when asked for."""

from __future__ import annotations

import importlib

from resourcekit.sandbox.base import SandboxProvider

# name -> "module:attribute" of the provider's `SandboxProvider`.
PROVIDERS: dict[str, str] = {
    "exosite": "resourcekit.sandbox.exosite:PROVIDER",
    "hexonet": "resourcekit.sandbox.hexonet:PROVIDER",
    "hookio": "resourcekit.sandbox.hookio:PROVIDER",
    "ovh": "resourcekit.sandbox.ovh:PROVIDER",
    "siminars": "resourcekit.sandbox.siminars:PROVIDER",
}


def provider_names() -> list[str]:
    return sorted(PROVIDERS)


def get_provider(name: str) -> SandboxProvider:
    """The registered provider called ``name``.

    Raises:
        KeyError: No provider of that name (the message lists the known ones).
    """
    try:
        target = PROVIDERS[name]
    except KeyError:
        raise KeyError(f"unknown sandbox provider {name!r}; known: {', '.join(provider_names())}") from None
    module_name, _, attribute = target.partition(":")
    provider = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(provider, SandboxProvider):
        raise TypeError(f"{target} is not a SandboxProvider")
    return provider
