"""resourcekit: typed, object-oriented clients for HEXONET, OVH, Exosite, hook.io and Siminars.

Each provider lives in its own subpackage (``resourcekit.ovh``, ``resourcekit.hexonet``...). This
top level holds what every provider shares: the error tree, response capture and call deadlines.
"""

from typing import TYPE_CHECKING, Any

from resourcekit._version import __version__
from resourcekit.core.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    ConnectionError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ReadOnlyFieldError,
    ResourceKitError,
    ResponseTooLargeError,
    ResponseValidationError,
    ServerError,
    TimeoutError,
    TransportError,
    UnboundRecordError,
)

if TYPE_CHECKING:
    from resourcekit.core.deadlines import deadline
    from resourcekit.core.response import APIResponse, ResponseLog, capture_responses

# Response capture and deadlines need httpx; they are imported on first use so that
# `import resourcekit` (and the `resourcekit` command's start-up) stays light.
_RESPONSE_NAMES = frozenset({"APIResponse", "ResponseLog", "capture_responses"})


def __getattr__(name: str) -> Any:
    if name in _RESPONSE_NAMES:
        from resourcekit.core import response

        return getattr(response, name)
    if name == "deadline":
        from resourcekit.core.deadlines import deadline

        return deadline
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "APIError",
    "APIResponse",
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
    "ResponseLog",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "ServerError",
    "TimeoutError",
    "TransportError",
    "UnboundRecordError",
    "__version__",
    "capture_responses",
    "deadline",
]
