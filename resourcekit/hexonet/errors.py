"""HEXONET errors: the core tree, plus the result code, description and reply of each failure.

HEXONET answers every command with HTTP 200 and puts the outcome in ``CODE``; these errors carry
that code in `HexonetError.code` and leave ``status`` unset.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

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
from resourcekit.core.redact import Redactor

if TYPE_CHECKING:
    from resourcekit.hexonet.wire import Response


HEXONET_SECRETS: Final = Redactor().with_names(
    # the form's credentials
    "s_pw",
    "s_otp",
    "s_session",
    # transfer and registry codes
    "AUTH",
    "DOMAINAUTH",
    "X-ASSOCIATION-AUTH",
    "X-AERO-ENS-AUTH-KEY",
    "X-CAT-ENS-AUTH-KEY",
    "X-IT-PIN",
    # the one-time passwords ModifyUserPassword takes
    "OTP",
    "OLDOTP",
)
"""Which command parameters are secret: ``*PASSWORD*``, ``*SESSION*``, ``*TOKEN*``, ``AUTH``, the
registries' auth codes, keys and PINs, one-time passwords (see `Redactor`)."""


class HexonetError(APIError):
    """A HEXONET command failed.

    Attributes:
        code: The result code (``545``...).
        description: The description as sent, with any ``; detail`` suffix.
        detail: The part of the description after ``; `` (``DOMAIN NAME NOT FOUND``), if any.
        command: The name of the command that failed (``StatusDomain``...).
        command_sent: The whole command as sent, flattened, with secrets (``PASSWORD``, ``AUTH``...)
            masked as ``***``; empty when not known.
        response: The parsed reply.
    """

    def __init__(
        self,
        message: str,
        *,
        code: int,
        response: Response | None = None,
        command: str = "",
        command_sent: Mapping[str, str] | None = None,
        temporary: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, code=code, raw=response, temporary=temporary, **kwargs)
        # HEXONET replies are HTTP 200 whatever happened; the result code says what.
        self.status: int | None = None
        """Always ``None``: every HEXONET reply is HTTP 200 (`code` says what happened)."""
        self.code: int = code
        """The HEXONET result code (``545``...); the HTTP status is always 200, so `status` is ``None``."""
        self.description: str = message
        """The description as sent, with any ``; detail`` suffix."""
        self.command: str = command
        """The name of the command that failed (``StatusDomain``...)."""
        # Masked when the reply was parsed; masked again here for errors built from a bare command.
        sent = command_sent if command_sent is not None else (response.command if response is not None else {})
        self.command_sent: dict[str, str] = HEXONET_SECRETS.mapping(sent)
        """The command's fields as sent, secrets masked."""
        self.response: Response | None = response
        """The parsed reply, when there was one."""

    @property
    def command_plain(self) -> str:
        """`command_sent` as ``KEY = value`` lines, keys sorted (the connector's ``getCommandPlain()``)."""
        return "".join(f"{key} = {value}\n" for key, value in sorted(self.command_sent.items()))

    @property
    def detail(self) -> str | None:
        """The part of the description after ``; `` (``DOMAIN NAME NOT FOUND``), if any."""
        _, separator, rest = self.description.partition("; ")
        return rest if separator else None

    def __str__(self) -> str:
        # `message` is the description bounded and escaped (`description` keeps it as sent): the
        # server writes it, and a megabyte of it or an escape sequence has no place in a log line.
        where = f"{self.command}: " if self.command else ""
        return f"{where}{self.code} {self.message}"

    def __reduce__(self) -> Any:
        return (_rebuild, (type(self), self.description, self.code, self.command, self.command_sent, self.temporary))


def _rebuild(
    cls: type[HexonetError], description: str, code: int, command: str, command_sent: dict[str, str], temporary: bool
) -> HexonetError:
    return cls(description, code=code, command=command, command_sent=command_sent, temporary=temporary)


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
