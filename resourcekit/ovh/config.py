"""Where an OVH client finds its endpoint and credentials, exactly as python-ovh looks.

Precedence, first found wins: explicit argument > ``OVH_*`` environment variable > the
``config_file`` given > ``./ovh.conf`` > ``~/.ovh.conf`` > ``~/.ovhrc`` > ``/etc/ovh.conf``.
The endpoint is read from the ``[default]`` section, the keys from the section named after the
endpoint:

```ini
[default]
endpoint=ovh-eu

[ovh-eu]
application_key=my_app_key
application_secret=my_application_secret
consumer_key=my_consumer_key
```
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from resourcekit.core.config import ConfigResolver, IniFile
from resourcekit.core.errors import ConfigurationError
from resourcekit.core.redact import MASK
from resourcekit.ovh import wire

CONFIG_FILES: tuple[str, ...] = ("./ovh.conf", "~/.ovh.conf", "~/.ovhrc", "/etc/ovh.conf")
"""The default config files, most important first."""

SECRET_KEYS = frozenset({"application_secret", "consumer_key", "client_secret"})

AuthMode = Literal["signature", "oauth2"]


@dataclass(frozen=True, repr=False)
class OVHConfig:
    """A resolved configuration (its repr masks every credential).

    Attributes:
        endpoint: The endpoint name (``ovh-eu``...) or base URL.
        base_url: The API base URL (``https://eu.api.ovh.com/1.0``).
        auth_mode: ``signature`` (application key + secret, consumer key) or ``oauth2`` (client
            credentials).
    """

    endpoint: str
    base_url: str
    auth_mode: AuthMode
    application_key: str | None = None
    application_secret: str | None = None
    consumer_key: str | None = None
    client_id: str | None = None
    client_secret: str | None = None

    def __repr__(self) -> str:
        shown = {
            "endpoint": self.endpoint,
            "auth_mode": self.auth_mode,
            "application_key": MASK if self.application_key else None,
            "consumer_key": MASK if self.consumer_key else None,
            "client_id": self.client_id,
        }
        return "OVHConfig(" + ", ".join(f"{name}={value!r}" for name, value in shown.items()) + ")"


def config_paths(config_file: str | Path | None = None) -> list[str]:
    """The files read, most important first (a custom file comes before the default ones)."""
    return ([str(config_file)] if config_file is not None else []) + list(CONFIG_FILES)


def resolve_config(
    endpoint: str | None = None,
    application_key: str | None = None,
    application_secret: str | None = None,
    consumer_key: str | None = None,
    *,
    client_id: str | None = None,
    client_secret: str | None = None,
    config_file: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    files: Sequence[str] | None = None,
) -> OVHConfig:
    """Resolve the endpoint and credentials.

    Args:
        files: Override the config files read (most important first); tests use this.

    Raises:
        ConfigurationError: No endpoint, an unknown endpoint, a half pair of credentials, both
            kinds of credentials at once, or none at all (the message names where it looked).
    """
    paths = list(files) if files is not None else config_paths(config_file)
    defaults = ConfigResolver("ovh", [IniFile(p, ("default",)) for p in paths], environ=environ)
    found_endpoint = defaults.value("endpoint", endpoint, env=["OVH_ENDPOINT"])
    if found_endpoint is None:
        raise ConfigurationError(
            str(defaults.missing("endpoint", env=["OVH_ENDPOINT"]))
            + f"; use one of {', '.join(wire.ENDPOINTS)} or a base URL"
        )
    base = wire.base_url(found_endpoint)
    section = ConfigResolver(
        "ovh", [IniFile(p, (found_endpoint,)) for p in paths], environ=environ, secret_keys=SECRET_KEYS
    )

    def value(name: str, explicit: str | None) -> str | None:
        return section.value(name, explicit, env=[f"OVH_{name.upper()}"])

    keys = {
        "application_key": value("application_key", application_key),
        "application_secret": value("application_secret", application_secret),
        "consumer_key": value("consumer_key", consumer_key),
        "client_id": value("client_id", client_id),
        "client_secret": value("client_secret", client_secret),
    }
    signed = _pair(keys, "application_key", "application_secret")
    oauth2 = _pair(keys, "client_id", "client_secret")
    if signed and oauth2:
        raise ConfigurationError(
            "ovh: both application_key/application_secret and client_id/client_secret are set; "
            "choose signed requests or OAuth2, not both"
        )
    if not signed and not oauth2:
        looked = str(section.missing("application_key", env=["OVH_APPLICATION_KEY"])).split("; looked in ", 1)[-1]
        raise ConfigurationError(
            "ovh: missing authentication information; set application_key and application_secret "
            f"(plus consumer_key), or client_id and client_secret; looked in {looked}"
        )
    if oauth2:
        wire.oauth2_token_url(found_endpoint)  # OAuth2 exists on ovh-eu/ca/us (and sandboxes) only
    return OVHConfig(
        endpoint=found_endpoint,
        base_url=base,
        auth_mode="signature" if signed else "oauth2",
        application_key=keys["application_key"],
        application_secret=keys["application_secret"],
        consumer_key=keys["consumer_key"],
        client_id=keys["client_id"],
        client_secret=keys["client_secret"],
    )


def _pair(keys: Mapping[str, str | None], first: str, second: str) -> bool:
    if (keys[first] is None) != (keys[second] is None):
        missing = second if keys[second] is None else first
        given = first if missing == second else second
        raise ConfigurationError(f"ovh: {given} is set but {missing} is not; they go together")
    return keys[first] is not None


__all__ = ["CONFIG_FILES", "OVHConfig", "config_paths", "resolve_config"]
