"""The exception tree every provider raises from.

```
ResourceKitError
├── ConfigurationError            missing or conflicting credentials / settings
│   └── UnboundRecordError        a record used for I/O before it was bound to a client
├── InvalidInputError             rejected before sending
│   └── ReadOnlyFieldError        assignment to a field the API does not let you change
├── TransportError                no usable reply
│   ├── ConnectionError
│   └── TimeoutError
├── ResponseValidationError       the reply does not match the model
│   └── ResponseTooLargeError     the reply, or one line of a stream, exceeds the set limit
└── APIError                      the provider said no
    ├── BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError,
    ├── ConflictError, RateLimitError
    └── ServerError
```

Messages never carry secrets: providers build them from codes and descriptions, and the URL a
transport error mentions is redacted.
"""

from __future__ import annotations

import builtins
import re
from typing import Any

MESSAGE_LIMIT = 1000
"""The most characters of a server's text an `APIError` message carries; the whole text stays on
``error.raw``."""

DETAIL_LIMIT = 100
"""The most characters of a server's error code or request id an `APIError`'s text shows."""

# C0 and C1 controls, DEL and the Unicode line and paragraph separators: in a message they could
# end a log line early and forge the next one, or drive a terminal.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean_message(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` safe to log: control characters escaped (``\\n``, ``\\x1b``), cut to ``limit``
    characters with a note of how much was left out."""
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)
    if len(text) > limit:
        text = f"{text[:limit]}... [{len(text) - limit} more characters]"
    return text


class ResourceKitError(Exception):
    """Base of every error resourcekit raises on purpose."""


class ConfigurationError(ResourceKitError):
    """Missing or conflicting credentials or settings; nothing was sent."""


class UnboundRecordError(ConfigurationError):
    """A record was asked to do I/O but is bound to no client (for example after unpickling)."""


class InvalidInputError(ResourceKitError, ValueError):
    """The input was rejected before anything was sent (a bad domain name, identifier or value)."""


class ReadOnlyFieldError(InvalidInputError, AttributeError):
    """Assignment to a record field that the API does not let clients change."""


class TransportError(ResourceKitError):
    """No usable reply arrived.

    Attributes:
        method: The HTTP method of the request.
        url: The request URL with secrets masked.
        sent: Whether the request may have reached the server. Only requests that surely did not
            are retried when they are not idempotent.
    """

    def __init__(self, message: str, *, method: str = "", url: str = "", sent: bool = True) -> None:
        super().__init__(message)
        self.method = method
        self.url = url
        self.sent = sent


class ConnectionError(TransportError, builtins.ConnectionError):  # noqa: A001 - the tree's name
    """The connection failed or broke."""


class TimeoutError(TransportError, builtins.TimeoutError):  # noqa: A001 - the tree's name
    """A connect, read, write or pool timeout expired."""


class ResponseValidationError(ResourceKitError):
    """The reply could not be parsed, or did not match the model."""

    def __init__(self, message: str, *, raw: Any = None) -> None:
        # Parse errors quote the reply: bounded and escaped like an `APIError`'s message.
        super().__init__(clean_message(message))
        self.raw = raw


class ResponseTooLargeError(ResponseValidationError):
    """A reply, or one line of a streamed reply, exceeded the client's size limit; reading stopped.

    Attributes:
        limit: The limit in bytes (``max_response_bytes`` or ``max_line_bytes``).
    """

    def __init__(self, message: str, *, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


class _Default:
    """Marks an argument that was not given (``None`` is a meaningful value there)."""


_DEFAULT = _Default()


class APIError(ResourceKitError):
    """The provider answered and said no.

    Attributes:
        message: The provider's message (or description).
        status: The HTTP status, when the protocol has one that means something.
        code: The provider's own error code (OVH ``errorCode``, HEXONET result code...).
        request_id: The provider's request or query id, for support tickets.
        raw: The parsed error body.
        retry_after: Seconds the server asked us to wait, when it said so.
        temporary: The provider marked the failure as temporary (retried when idempotent).
    """

    default_status: int | None = None

    def __init__(
        self,
        message: str,
        *,
        status: int | _Default | None = _DEFAULT,
        code: str | int | None = None,
        request_id: str | None = None,
        raw: Any = None,
        retry_after: float | None = None,
        temporary: bool = False,
    ) -> None:
        # The message comes from the server: bounded and escaped, the full text kept on ``raw``.
        shown = clean_message(message)
        if shown != message and raw is None:
            raw = message
        super().__init__(shown)
        self.message = shown
        # Without a status the class's default applies; an explicit None says no HTTP status applies.
        self.status: int | None = self.default_status if isinstance(status, _Default) else status
        self.code = code
        self.request_id = request_id
        self.raw = raw
        self.retry_after = retry_after
        self.temporary = temporary

    def __str__(self) -> str:
        # The code and request id come from the reply too (OVH's ``errorCode`` is any JSON string):
        # bounded and escaped like the message, while the attributes keep them as sent.
        details = [
            f"{name}={clean_message(str(value), DETAIL_LIMIT)}"
            for name, value in (("status", self.status), ("code", self.code), ("request_id", self.request_id))
            if value is not None
        ]
        return f"{self.message} ({', '.join(details)})" if details else self.message


class BadRequestError(APIError):
    """The request was malformed or a parameter was refused (400 and the like)."""

    default_status: int | None = 400


class AuthenticationError(APIError):
    """The credentials were missing, wrong or expired (401 and the like)."""

    default_status: int | None = 401


class PermissionDeniedError(APIError):
    """The credentials are valid but not allowed to do this (403 and the like)."""

    default_status: int | None = 403


class NotFoundError(APIError):
    """The object does not exist (404 and the like)."""

    default_status: int | None = 404


class ConflictError(APIError):
    """The request conflicts with the object's state (409 and the like)."""

    default_status: int | None = 409


class RateLimitError(APIError):
    """Too many requests; ``retry_after`` says how long the server asked us to wait."""

    default_status: int | None = 429


class ServerError(APIError):
    """The provider failed (5xx and temporary provider errors)."""

    default_status: int | None = 500


_STATUS_CLASSES: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def error_class_for_status(status: int) -> type[APIError]:
    """The error class that fits an HTTP status (any other 4xx is a bad request, 5xx a server error)."""
    if status in _STATUS_CLASSES:
        return _STATUS_CLASSES[status]
    if status >= 500:
        return ServerError
    if 400 <= status < 500:
        return BadRequestError
    return APIError


__all__ = [
    "APIError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "ConnectionError",
    "InvalidInputError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ReadOnlyFieldError",
    "ResourceKitError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "ServerError",
    "TimeoutError",
    "TransportError",
    "UnboundRecordError",
    "clean_message",
    "error_class_for_status",
]
