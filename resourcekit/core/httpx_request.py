"""The `httpx.Request` for a request with a body of bytes (or none), built from its parts.

``httpx.Request(..., content=...)`` normalises the headers, works out the automatic ones, copies
the header list twice and then reads its own body back from the stream it made. The transport
already has everything in final form: the headers it encodes once as ASCII byte pairs (with
``Host`` and ``Content-Length`` added as httpx would add them) and the body as bytes. Here the
request's attributes are set directly.

Those attributes are httpx's own, so the first use checks that a request built this way matches
one from the public constructor, attribute for attribute; on an httpx where it does not, every
request goes through the public constructor instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from resourcekit.core.headers import headers_from_raw
from resourcekit.core.selfcheck import CheckedOnce

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
"""Methods that get ``Content-Length: 0`` without a body, as httpx gives them."""


def request_with_bytes(
    method: str, url: httpx.URL, headers: Mapping[str, str], content: bytes, extensions: dict[str, Any]
) -> httpx.Request:
    """The request ``httpx.Request(method, url, headers=headers, content=content)`` would build.

    Raises:
        UnicodeEncodeError: A header name or value is not ASCII.
    """
    method = method.upper()
    raw = _automatic_headers(method, url, headers, content)
    raw += [(name.encode("ascii"), value.encode("ascii")) for name, value in headers.items()]
    if _fast_path_fits():
        return _assembled(method, url, raw, content, extensions)
    return _constructed(method, url, raw, content, extensions)


def _automatic_headers(
    method: str, url: httpx.URL, headers: Mapping[str, str], content: bytes
) -> list[tuple[bytes, bytes]]:
    """``Host`` and ``Content-Length``, when the caller's headers do not have them (httpx's rules)."""
    named = {name.lower() for name in headers}
    automatic: list[tuple[bytes, bytes]] = []
    if "host" not in named and url.host:
        automatic.append((b"Host", url.netloc))
    if "content-length" not in named and "transfer-encoding" not in named:
        if content:
            automatic.append((b"Content-Length", str(len(content)).encode("ascii")))
        elif method in _BODY_METHODS:
            automatic.append((b"Content-Length", b"0"))
    return automatic


def _assembled(
    method: str, url: httpx.URL, raw: list[tuple[bytes, bytes]], content: bytes, extensions: dict[str, Any]
) -> httpx.Request:
    request = object.__new__(httpx.Request)
    request.method = method
    request.url = url
    # Every name and value was just encoded as ASCII: httpx would work that out again, by decoding
    # them all, at the first lookup.
    request.headers = headers_from_raw(raw, ascii_only=True)
    request.extensions = extensions
    request.stream = httpx.ByteStream(content)
    request._content = content  # pyright: ignore[reportPrivateUsage]  # what `read()` leaves
    return request


def _constructed(
    method: str, url: httpx.URL, raw: list[tuple[bytes, bytes]], content: bytes, extensions: dict[str, Any]
) -> httpx.Request:
    request = httpx.Request(method, url, headers=raw, stream=httpx.ByteStream(content), extensions=extensions)
    request.headers.encoding = "ascii"
    request.read()
    return request


def _same_as_public() -> bool:
    """Whether a request assembled here is, attribute for attribute, the public constructor's."""
    url = httpx.URL("http://127.0.0.1:8080/a?b=1")
    raw = [(b"Host", b"127.0.0.1:8080"), (b"Content-Length", b"2"), (b"Accept", b"*/*")]
    try:
        ours = _assembled("POST", url, list(raw), b"{}", {"timeout": {}})
        theirs = _constructed("POST", url, list(raw), b"{}", {"timeout": {}})
        return (
            vars(ours).keys() == vars(theirs).keys()
            and ours.method == theirs.method
            and ours.url == theirs.url
            and ours.headers.raw == theirs.headers.raw
            and ours.headers.encoding == theirs.headers.encoding
            and ours.extensions == theirs.extensions
            and ours.content == theirs.content
            and list(ours.stream) == list(theirs.stream)  # pyright: ignore[reportArgumentType]
            and ours.read() == theirs.read()
        )
    except (AttributeError, TypeError, ValueError, httpx.HTTPError):
        return False


_fast_path_fits = CheckedOnce(_same_as_public)
