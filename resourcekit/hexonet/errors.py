"""HEXONET errors: the core tree, plus the result code, description and reply of each failure.

HEXONET answers every command with HTTP 200 and puts the outcome in ``CODE``; these errors carry
that code in `HexonetError.code` and leave ``status`` unset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from resourcekit.core.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)

if TYPE_CHECKING:
    from resourcekit.hexonet.wire import Response


class HexonetError(APIError):
    """A HEXONET command failed.

    Attributes:
        code: The result code (``545``...).
        description: The description as sent, with any ``; detail`` suffix.
        detail: The part of the description after ``; `` (``DOMAIN NAME NOT FOUND``), if any.
        command: The name of the command that failed (``StatusDomain``...).
        response: The parsed reply.
    """

    code: int

    def __init__(
        self,
        message: str,
        *,
        code: int,
        response: Response | None = None,
        command: str = "",
        temporary: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, code=code, raw=response, temporary=temporary, **kwargs)
        # HEXONET replies are HTTP 200 whatever happened; the result code says what.
        self.status = None
        self.code = code
        self.description = message
        self.command = command
        self.response = response

    @property
    def detail(self) -> str | None:
        _, separator, rest = self.description.partition("; ")
        return rest if separator else None

    def __str__(self) -> str:
        where = f"{self.command}: " if self.command else ""
        return f"{where}{self.code} {self.description}"

    def __reduce__(self) -> Any:
        return (_rebuild, (type(self), self.description, self.code, self.command, self.temporary))


def _rebuild(cls: type[HexonetError], description: str, code: int, command: str, temporary: bool) -> HexonetError:
    return cls(description, code=code, command=command, temporary=temporary)


class HexonetBadRequestError(HexonetError, BadRequestError):
    """The command or a parameter was refused (500, 503-507, 510, 541, 543)."""


class HexonetAuthenticationError(HexonetError, AuthenticationError):
    """Wrong credentials, or an expired session (530)."""


class HexonetPermissionDeniedError(HexonetError, PermissionDeniedError):
    """The account may not do this (531, 544)."""


class HexonetCreditLimitError(HexonetPermissionDeniedError):
    """The account's credit limit is exceeded (546)."""


class HexonetNotFoundError(HexonetError, NotFoundError):
    """The object does not exist (545)."""


class HexonetConflictError(HexonetError, ConflictError):
    """The object's state does not allow this (540, 554, 532, 534, 536, 547, 548, 552, 553, 555)."""


class HexonetRateLimitError(HexonetError, RateLimitError):
    """Usage exceeded (425) or too many sessions (521)."""


class HexonetServerError(HexonetError, ServerError):
    """A temporary server failure (4xx codes); retried for idempotent commands."""


__all__ = [
    "HexonetAuthenticationError",
    "HexonetBadRequestError",
    "HexonetConflictError",
    "HexonetCreditLimitError",
    "HexonetError",
    "HexonetNotFoundError",
    "HexonetPermissionDeniedError",
    "HexonetRateLimitError",
    "HexonetServerError",
]
