"""Exosite's errors: request-level RPC errors by code, per-call statuses, HTTP replies by status.

```
APIError
└── ExositeError
    ├── RPCRequestError                 {"error": {...}} for the whole request
    │   ├── RPCAuthenticationError      code 401 (bad CIK or token)
    │   ├── RPCBadRequestError          code 400 or -1 (malformed, not JSON)
    │   ├── RPCNotSupportedError        code 501 (procedure or arguments not supported)
    │   └── RPCServerError              code 500 (some calls may have run)
    ├── CallError                       one call's non-ok status (``status``, ``code``, ``context``)
    │   ├── CallInvalidError            ``invalid`` (unknown alias, bad argument)
    │   ├── CallNoAuthError             ``noauth``
    │   ├── CallRestrictedError         ``restricted`` (not owned or not visible)
    │   ├── CallLockedError             ``locked``
    │   ├── CallExpiredError            ``expire``
    │   └── RecordBatchError            recordbatch refused some points (``rejected``)
    └── ExositeHTTPError                provisioning / HTTP Data Interface replies of 400 and above
        ├── ExositeBadRequestError (400), ExositeAuthenticationError (401),
        ├── ExositeForbiddenError (403), ExositeNotFoundError (404),
        └── ExositeConflictError (409), ExositeServerError (5xx)
```
"""

from __future__ import annotations

from typing import Any

from resourcekit.core.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
)

CallStatus = str | list[Any]
"""A call's status: ``ok``, ``invalid``, ``noauth``... or recordbatch's list of ``[timestamp, status]``."""


class ExositeError(APIError):
    """Base of every error the One Platform reports."""

    def __init__(self, message: str, *, context: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.context: str | None = context
        """The RPC error ``context`` (``auth``, ``arguments``, ``calls``, ``procedure``), if any."""


class RPCRequestError(ExositeError):
    """The RPC request as a whole was refused (``{"error": {"code", "message", "context"}}``)."""


class RPCAuthenticationError(RPCRequestError, AuthenticationError):
    """Code 401: the CIK or token is unknown, revoked or expired."""


class RPCBadRequestError(RPCRequestError, BadRequestError):
    """Code 400 (malformed request) or -1 (not JSON)."""


class RPCNotSupportedError(RPCRequestError, BadRequestError):
    """Code 501: the procedure or its arguments are not supported."""


class RPCServerError(RPCRequestError, ServerError):
    """Code 500: the platform failed; some calls of the request may have run."""


class CallError(ExositeError):
    """One call came back with a status other than ``ok``."""

    def __init__(
        self,
        message: str,
        *,
        procedure: str,
        call_status: CallStatus,
        call_id: int | str | None = None,
        **kwargs: Any,
    ) -> None:
        # A call's failure has no HTTP status of its own (the reply was 200).
        super().__init__(message, **{"status": None, **kwargs})
        self.procedure: str = procedure
        """The procedure called."""
        self.call_status: CallStatus = call_status
        """The status: ``fail``, ``invalid``, ``noauth``... or recordbatch's list of ``[timestamp, status]``."""
        self.call_id: int | str | None = call_id
        """The id of the call in its request."""


class CallInvalidError(CallError, NotFoundError):
    """Status ``invalid``: usually an unknown alias or a bad argument."""


class CallNoAuthError(CallError, PermissionDeniedError):
    """Status ``noauth``: the caller may not do this."""


class CallRestrictedError(CallError, PermissionDeniedError):
    """Status ``restricted``: the resource is not owned by, or not visible to, the caller."""


class CallLockedError(CallError, PermissionDeniedError):
    """Status ``locked``: the client is locked."""


class CallExpiredError(CallError):
    """Status ``expire``: a wait ran out of time, or a resource expired."""


class RecordBatchError(CallError, BadRequestError):
    """recordbatch refused some points; ``rejected`` lists ``(timestamp, status)`` per point."""

    def __init__(self, message: str, *, rejected: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.rejected: list[tuple[int, str]] = rejected
        """``(timestamp, status)`` of each refused point."""


class ExositeHTTPError(ExositeError):
    """A provisioning or HTTP Data Interface reply of 400 or above."""

    def __init__(self, message: str, *, reason: str = "", body: str = "", **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.reason: str = reason
        """The HTTP reason phrase."""
        self.body: str = body
        """The reply body as text."""

    def __str__(self) -> str:
        return self.message  # "409 Conflict" (the status leads the message already)


class ExositeBadRequestError(ExositeHTTPError, BadRequestError):
    """400: bad vendor, model or serial number."""


class ExositeAuthenticationError(ExositeHTTPError, AuthenticationError):
    """401: missing or bad CIK or token."""


class ExositeForbiddenError(ExositeHTTPError, PermissionDeniedError):
    """403: the credentials may not do this."""


class ExositeNotFoundError(ExositeHTTPError, NotFoundError):
    """404: no such model, serial number, content or vendor."""


class ExositeConflictError(ExositeHTTPError, ConflictError):
    """409: duplicate, serial number not enabled, or too few owner resources."""


class ExositeServerError(ExositeHTTPError, ServerError):
    """5xx from the platform."""


__all__ = [
    "CallError",
    "CallExpiredError",
    "CallStatus",
    "CallInvalidError",
    "CallLockedError",
    "CallNoAuthError",
    "CallRestrictedError",
    "ExositeAuthenticationError",
    "ExositeBadRequestError",
    "ExositeConflictError",
    "ExositeError",
    "ExositeForbiddenError",
    "ExositeHTTPError",
    "ExositeNotFoundError",
    "ExositeServerError",
    "RPCAuthenticationError",
    "RPCBadRequestError",
    "RPCNotSupportedError",
    "RPCRequestError",
    "RPCServerError",
    "RecordBatchError",
]
