"""resourcekit: typed, object-oriented clients for HEXONET, OVH, Exosite, hook.io and Siminars.

Each provider lives in its own subpackage (``resourcekit.ovh``, ``resourcekit.hexonet``...). This
top level holds what every provider shares: the error tree and response capture.
"""

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
from resourcekit.core.response import APIResponse, ResponseLog, capture_responses

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
]
