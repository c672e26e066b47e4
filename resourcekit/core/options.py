"""Connection and request settings shared by every client."""

from __future__ import annotations

import platform
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from resourcekit._version import __version__

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)

# Settings that shape the connection pool: changing one needs a pool of its own.
POOL_SETTINGS = frozenset({"proxy", "verify", "http2", "uds", "base_url"})


def user_agent(extra: str | None = None) -> str:
    """``resourcekit/<version> python/<version>``, followed by ``extra`` when given."""
    agent = f"resourcekit/{__version__} python/{platform.python_version()}"
    return f"{agent} {extra}" if extra else agent


def as_timeout(value: float | httpx.Timeout | None) -> httpx.Timeout:
    """A timeout from seconds (all phases, connect capped at 5 s) or an `httpx.Timeout`."""
    if value is None:
        return DEFAULT_TIMEOUT
    if isinstance(value, httpx.Timeout):
        return value
    return httpx.Timeout(value, connect=min(value, DEFAULT_TIMEOUT.connect or value))


@dataclass(frozen=True)
class TransportOptions:
    """Everything a transport needs to know besides the provider.

    Attributes:
        base_url: Where relative request paths are resolved.
        timeout: Default connect 5 s, read/write/pool 60 s.
        max_retries: Retries after the first attempt (2 means up to 3 sends).
        headers: Headers sent with every request.
        proxy: Proxy URL (``http://``, ``https://`` or ``socks5://``).
        verify: ``True``, ``False``, a CA bundle path or an `ssl.SSLContext`.
        http2: Negotiate HTTP/2 (needs the ``http2`` extra).
        uds: Path of a Unix domain socket to connect through.
        user_agent_extra: Appended to the ``User-Agent`` header.
    """

    base_url: str
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    max_retries: int = DEFAULT_MAX_RETRIES
    headers: Mapping[str, str] = field(default_factory=dict[str, str])
    proxy: str | None = None
    verify: bool | str | ssl.SSLContext = True
    http2: bool = False
    uds: str | None = None
    user_agent_extra: str | None = None

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be 0 or more")

    @property
    def user_agent(self) -> str:
        return user_agent(self.user_agent_extra)

    def replace(self, **changes: Any) -> TransportOptions:
        if "timeout" in changes:
            changes["timeout"] = as_timeout(changes["timeout"])
        return replace(self, **changes)

    def needs_new_pool(self, changes: Mapping[str, Any]) -> bool:
        return any(name in POOL_SETTINGS and changes[name] != getattr(self, name) for name in changes)
