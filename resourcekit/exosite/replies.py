"""What a raw provisioning request returns, the same class for the sync and async clients.

It lives outside ``_async/`` so the generated sync twin imports this very class rather than a copy
of its own (``isinstance`` then holds whichever client made the reply).
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class ProvisionResponse:
    """A provisioning reply as it came: status, reason, body (what pyonep's ProvisionResponse held)."""

    status: int
    """The HTTP status code (``status()`` in pyonep)."""
    reason: str
    """The HTTP reason phrase (``reason()`` in pyonep)."""
    body: str
    """The body decoded as text."""
    content: bytes
    """The body as the bytes that came."""
    headers: httpx.Headers
    """The reply's HTTP headers."""

    @property
    def isok(self) -> bool:
        """Whether the status is below 400."""
        return self.status < 400


__all__ = ["ProvisionResponse"]
