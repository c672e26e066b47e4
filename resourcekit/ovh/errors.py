"""OVH errors: the core tree, plus what OVH says about a failure.

Every error the API returns is an `OVHError` that is also the core category it belongs to, so
``except NotFoundError`` and ``except OVHNotFoundError`` both work:

```
OVHError(APIError)                    error_code, http_code, query_id
├── OVHBadRequestError                400 (BadRequestError)
├── OVHAuthenticationError            INVALID_KEY, INVALID_CREDENTIAL, NOT_CREDENTIAL,
│   │                                 INVALID_SIGNATURE, QUERY_TIME_OUT, 401 (AuthenticationError)
│   └── OVHOAuth2Error                the OAuth2 token endpoint refused the client
├── OVHPermissionDeniedError          NOT_GRANTED_CALL, FORBIDDEN, other 403 (PermissionDeniedError)
├── OVHNotFoundError                  404 (NotFoundError)
├── OVHConflictError                  409 (ConflictError)
├── OVHResourceExpiredError           460, the service has expired
├── OVHRateLimitError                 429 (RateLimitError)
└── OVHServerError                    5xx (ServerError)
```
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

from resourcekit.core.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResourceKitError,
    ServerError,
)

if TYPE_CHECKING:
    from resourcekit.ovh.models import TaskData


class OVHError(APIError):
    """An error reply of the OVH API.

    Attributes:
        error_code: OVH's ``errorCode`` (``INVALID_SIGNATURE``, ``NOT_GRANTED_CALL``...), when given.
        http_code: OVH's ``httpCode`` text (``"400 Bad Request"``), when given.
        query_id: The ``X-Ovh-QueryID`` of the reply, to quote to OVH support (also ``request_id``).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        error_code: str | None = None,
        http_code: str | None = None,
        query_id: str | None = None,
        raw: Any = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status=status, code=error_code, request_id=query_id, raw=raw, retry_after=retry_after)
        self.error_code: str | None = error_code
        """OVH's ``errorCode`` (``INVALID_SIGNATURE``, ``NOT_GRANTED_CALL``...), when given."""
        self.http_code: str | None = http_code
        """OVH's ``httpCode`` text (``"400 Bad Request"``), when given."""

    @property
    def query_id(self) -> str | None:
        """The ``X-Ovh-QueryID`` of the reply, to quote to OVH support (also ``request_id``)."""
        return self.request_id


class OVHBadRequestError(OVHError, BadRequestError):
    """A parameter or the body was refused (python-ovh's ``BadParametersError``)."""


class OVHAuthenticationError(OVHError, AuthenticationError):
    """The application key, the consumer key, the signature or the timestamp was refused."""


class OVHOAuth2Error(OVHAuthenticationError):
    """The OAuth2 token endpoint did not hand out a token (python-ovh's ``OAuth2FailureError``)."""


class OVHPermissionDeniedError(OVHError, PermissionDeniedError):
    """The consumer key is valid but its access rules do not cover this call."""


class OVHNotFoundError(OVHError, NotFoundError):
    """The object does not exist (python-ovh's ``ResourceNotFoundError``)."""


class OVHConflictError(OVHError, ConflictError):
    """The object already exists or is busy (python-ovh's ``ResourceConflictError``)."""


class OVHResourceExpiredError(OVHError):
    """The service has expired (HTTP 460)."""


class OVHRateLimitError(OVHError, RateLimitError):
    """Too many requests."""


class OVHServerError(OVHError, ServerError):
    """OVH failed to answer (5xx)."""


class TaskFailedError(ResourceKitError):
    """A task ended in ``cancelled``, ``customerError`` or ``ovhError``.

    Attributes:
        task: The task as it was last fetched.
    """

    def __init__(self, message: str, *, task: TaskData) -> None:
        super().__init__(message)
        self.task: TaskData = task
        """The task as it was last fetched (a `Task` or an `AsyncTask`)."""


class TaskTimeoutError(ResourceKitError, builtins.TimeoutError):
    """A task did not finish within the time ``wait()`` was given.

    Attributes:
        task: The task as it was last fetched.
    """

    def __init__(self, message: str, *, task: TaskData) -> None:
        super().__init__(message)
        self.task: TaskData = task
        """The task as it was last fetched (a `Task` or an `AsyncTask`)."""


__all__ = [
    "OVHAuthenticationError",
    "OVHBadRequestError",
    "OVHConflictError",
    "OVHError",
    "OVHNotFoundError",
    "OVHOAuth2Error",
    "OVHPermissionDeniedError",
    "OVHRateLimitError",
    "OVHResourceExpiredError",
    "OVHServerError",
    "TaskFailedError",
    "TaskTimeoutError",
]
