"""Siminars errors: one class per documented status, each keeping the server's message.

```
APIError
└── SiminarsError                         .status_name ("NOT_ALLOWED", ...)
    ├── LoginRequiredError                401 (also an AuthenticationError)
    ├── PaymentRequiredError              402 (also a PermissionDeniedError)
    ├── AccessDeniedError                 403 (also a PermissionDeniedError)
    ├── SiminarsNotFoundError             404 (also a NotFoundError)
    ├── NotAllowedError                   405 (also a PermissionDeniedError)
    ├── SiminarsConflictError             409 (also a ConflictError)
    ├── InvalidParamError                 412 (also a BadRequestError)
    └── InternalServerError               500 (also a ServerError)
InvalidInputError
└── UnknownRouteError                     a route name missing from the URL map (nothing sent)
```
"""

from __future__ import annotations

from resourcekit.core.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
)


class SiminarsError(APIError):
    """The Siminars server refused a call; ``status`` is the envelope's status, ``message`` its reason."""

    @property
    def status_name(self) -> str:
        """The documented name of the status (``"INVALID_PARAM"``...), or ``"HTTP <n>"``."""
        from resourcekit.siminars.wire import status_name

        return status_name(self.status)


class LoginRequiredError(SiminarsError, AuthenticationError):
    """401 LOGIN_REQUIRED: no authtoken, or an expired or unknown one."""

    default_status: int | None = 401


class PaymentRequiredError(SiminarsError, PermissionDeniedError):
    """402 PAYMENT_REQUIRED: the siminar must be bought first (through the cart)."""

    default_status: int | None = 402


class AccessDeniedError(SiminarsError, PermissionDeniedError):
    """403 ACCESS_DENIED: the user may not do this (for example edit someone else's siminar)."""

    default_status: int | None = 403


class SiminarsNotFoundError(SiminarsError, NotFoundError):
    """404 NOT_FOUND: no such object, or an unlaunched siminar seen by anyone but its facilitator."""

    default_status: int | None = 404


class NotAllowedError(SiminarsError, PermissionDeniedError):
    """405 NOT_ALLOWED: for example a paid siminar opened with the authtoken of a non-member."""

    default_status: int | None = 405


class SiminarsConflictError(SiminarsError, ConflictError):
    """409 CONFLICT: the change clashes with the object's state (a member added twice...)."""

    default_status: int | None = 409


class InvalidParamError(SiminarsError, BadRequestError):
    """412 INVALID_PARAM (also NULL_PARAM, CONDITION_FAIL): a parameter is missing or refused."""

    default_status: int | None = 412


class InternalServerError(SiminarsError, ServerError):
    """500 INTERNAL_ERROR (also FAIL)."""

    default_status: int | None = 500


class UnknownRouteError(InvalidInputError, KeyError):
    """A route name that the URL map does not hold; nothing was sent."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown route"


__all__ = [
    "AccessDeniedError",
    "InternalServerError",
    "InvalidParamError",
    "LoginRequiredError",
    "NotAllowedError",
    "PaymentRequiredError",
    "SiminarsConflictError",
    "SiminarsError",
    "SiminarsNotFoundError",
    "UnknownRouteError",
]
