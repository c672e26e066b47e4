"""Which error of the tree a failure of the HTTP layer is. Pure: an exception in, an exception out.

Every backend raises httpx's exceptions (ours translate httpcore's and aiohttp's into them), so this
one table decides for all of them, and in particular what ``sent`` says: only a failure that proves
the request never left (no connection, no pool slot) is ``sent=False``, the one kind a write may
be retried after.
"""

from __future__ import annotations

import httpx

from resourcekit.core.errors import (
    ConfigurationError,
    ConnectionError,
    InvalidInputError,
    ResourceKitError,
    ResponseValidationError,
    TimeoutError,
)

_NOT_SENT = (httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ConnectError, httpx.ProxyError)


def map_http_failure(error: httpx.HTTPError, method: str, url: str) -> ResourceKitError:
    """The resourcekit error for an httpx failure of ``method url`` (``url`` already redacted)."""
    reason = str(error) or type(error).__name__
    where = f"{method} {url}"
    if isinstance(error, httpx.UnsupportedProtocol):
        return ConfigurationError(f"cannot send to {url}: {reason}")
    if isinstance(error, httpx.LocalProtocolError):
        return InvalidInputError(f"{where} cannot be encoded as HTTP: {reason}; nothing was sent")
    if isinstance(error, httpx.DecodingError):
        return ResponseValidationError(f"{where}: the reply body could not be decoded: {reason}")
    sent = not isinstance(error, _NOT_SENT)
    if isinstance(error, httpx.TimeoutException):
        return TimeoutError(f"{where}: {reason}", method=method, url=url, sent=sent)
    return ConnectionError(f"{where}: {reason}", method=method, url=url, sent=sent)
