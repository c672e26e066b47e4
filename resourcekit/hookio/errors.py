"""hook.io errors: role-access failures carry the role that was missing."""

from __future__ import annotations

from typing import Any

from resourcekit.core.errors import APIError, ConnectionError, PermissionDeniedError


class HookIOError(APIError):
    """An error reply from hook.io that fits no narrower class (often a 200 with an error text)."""


class RoleAccessError(HookIOError, PermissionDeniedError):
    """The key (or session) lacks the role the route needs.

    hook.io answers these with HTTP 200 (403 under ``/files``); they are detected from the body.
    """

    def __init__(
        self,
        message: str,
        *,
        role: str,
        user: str | None = None,
        path: str | None = None,
        status: int | None = None,
        raw: Any = None,
    ) -> None:
        super().__init__(message, status=status, code="unauthorized-role-access", raw=raw)
        self.role = role
        """The role that was required, e.g. ``"datastore::get"``."""
        self.user = user
        """Who the server saw: ``"anonymous"``, a key's name or the session's user."""
        self.path = path
        """The path that was refused, when the server named it."""


class WebSocketClosed(ConnectionError):
    """The server closed a hook's websocket."""

    NORMAL = (1000, 1001)

    def __init__(self, code: int, reason: str, url: str = "") -> None:
        super().__init__(f"the websocket closed ({code}){': ' + reason if reason else ''}", url=url)
        self.code = code
        """The close code (1000 is a normal close)."""
        self.reason = reason
        """The reason the server gave."""

    @property
    def normal(self) -> bool:
        """Whether the close was a normal one (the end of the conversation, not a failure)."""
        return self.code in self.NORMAL


__all__ = ["HookIOError", "RoleAccessError", "WebSocketClosed"]
