"""The `httpcore.Request` for an `httpx.Request`, built from its parts.

httpcore's constructor checks every argument again: the method, each URL part, and each header
name and value (a call and two type checks apiece), and tests the body against the typing
module's abstract classes. The httpx request already holds all of it as bytes, so the request
here is assembled directly. A request without a body gets a stream with no chunks: httpcore would
otherwise put an empty data event through h11 for the empty bytes an `httpx.ByteStream` yields.

The attributes set are httpcore's own, so the first use checks that a request assembled here
matches one from the public constructor; on an httpcore where it does not (or for a request that
names its own ``target``), requests go through the public constructor.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpcore
import httpx

from resourcekit.core.selfcheck import CheckedOnce


class _NoChunks:
    """A request body with nothing in it, for httpcore's sync and async connections alike."""

    def __iter__(self) -> Iterator[bytes]:
        return iter(())

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self

    async def __anext__(self) -> bytes:
        raise StopAsyncIteration


NO_CHUNKS = _NoChunks()


def httpcore_request(request: httpx.Request) -> httpcore.Request:
    """What httpcore sends for ``request``: same method, URL, headers, body and extensions."""
    stream: Any = request.stream
    if isinstance(stream, httpx.ByteStream) and _is_empty(request):
        stream = NO_CHUNKS
    extensions = dict(request.extensions)
    if "target" in extensions or not _fast_path_fits():
        return _constructed(request, stream, extensions)
    return _assembled(request, stream, extensions)


def _is_empty(request: httpx.Request) -> bool:
    try:
        return not request.content
    except httpx.RequestNotRead:
        return False


def _assembled(request: httpx.Request, stream: Any, extensions: dict[str, Any]) -> httpcore.Request:
    url = request.url
    target = object.__new__(httpcore.URL)
    target.scheme = url.raw_scheme
    target.host = url.raw_host
    target.port = url.port
    target.target = url.raw_path
    sent = object.__new__(httpcore.Request)
    sent.method = request.method.encode("ascii")
    sent.url = target
    sent.headers = request.headers.raw
    sent.stream = stream
    sent.extensions = extensions
    return sent


def _constructed(request: httpx.Request, stream: Any, extensions: dict[str, Any]) -> httpcore.Request:
    url = request.url
    return httpcore.Request(
        method=request.method,
        url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
        headers=request.headers.raw,
        content=stream,
        extensions=extensions,
    )


def _same_as_public() -> bool:
    """Whether a request assembled here is, attribute for attribute, the public constructor's."""
    try:
        request = httpx.Request("PUT", "https://127.0.0.1:8443/a/b?c=1", headers={"X-A": "1"}, content=b"{}")
        ours = _assembled(request, request.stream, {"timeout": {}})
        theirs = _constructed(request, request.stream, {"timeout": {}})
        return (
            vars(ours).keys() == vars(theirs).keys()
            and vars(ours.url) == vars(theirs.url)
            and ours.url == theirs.url
            and ours.url.origin == theirs.url.origin
            and ours.method == theirs.method
            and ours.headers == theirs.headers
            and ours.stream is theirs.stream
            and vars(ours)["extensions"] == vars(theirs)["extensions"]
        )
    except (AttributeError, TypeError, ValueError):
        return False


_fast_path_fits = CheckedOnce(_same_as_public)
