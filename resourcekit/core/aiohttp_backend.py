"""The aiohttp backend: an httpx transport over one ``aiohttp.ClientSession``.

aiohttp's HTTP/1.1 client does a request's work in C (its parser and its writer), several times
less CPU than httpcore per call; async clients use it when it is installed (``resourcekit[aiohttp]``).
The session is made on first use, and sends exactly the request the core built: no decompression
(the core decodes, with a bound), no cookie jar (the core keeps the cookies a provider uses), no
redirects, no re-quoting of the URL (signatures cover its exact bytes).

Failures are raised as the httpx exceptions the core maps onto its error tree, with one care that
matters for writes: only a failure to connect says "nothing was sent"; a connection lost after the
request left is a read error.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Any

import aiohttp
import httpx
from multidict import CIMultiDict
from yarl import URL

from resourcekit.core.deadlines import phase_seconds_left
from resourcekit.core.headers import headers_from_raw
from resourcekit.core.options import DEFAULT_CONNECTION_LIMITS, TransportOptions, ssl_context_for

if sys.version_info >= (3, 11):
    from asyncio import timeout as _time_limit
else:  # pragma: no cover - aiohttp installs async-timeout on these versions
    from async_timeout import timeout as _time_limit  # pyright: ignore[reportMissingImports, reportUnknownVariableType]

READ_BYTES = 64 * 1024

_NO_CONTENT_TYPE = ("Content-Type",)


class _AsHttpxErrors:
    """Raises aiohttp's failures as the httpx exceptions the core maps (a class, not a generator
    context manager: it is entered for every request and every read)."""

    def __init__(self, *, connecting: bool) -> None:
        self._connecting = connecting

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if error is not None and isinstance(error, _MAPPED):
            raise _as_httpx_error(error, connecting=self._connecting) from error


_MAPPED = (asyncio.TimeoutError, aiohttp.ClientError, OSError)
_WHILE_CONNECTING = _AsHttpxErrors(connecting=True)
_WHILE_READING = _AsHttpxErrors(connecting=False)


def _as_httpx_error(error: BaseException, *, connecting: bool) -> httpx.HTTPError:
    if isinstance(error, asyncio.TimeoutError):
        kind = httpx.ConnectTimeout if connecting and isinstance(error, aiohttp.ConnectionTimeoutError) else None
        return (kind or httpx.ReadTimeout)(str(error) or "timed out")
    if isinstance(error, aiohttp.ClientProxyConnectionError):
        return httpx.ProxyError(str(error))
    if isinstance(error, aiohttp.ClientConnectorError):
        # Includes certificate and SSL failures: the request never left.
        return httpx.ConnectError(str(error))
    if isinstance(error, aiohttp.InvalidURL):
        return httpx.UnsupportedProtocol(str(error))
    if isinstance(error, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError | aiohttp.ClientResponseError):
        return httpx.RemoteProtocolError(str(error) or type(error).__name__)
    return httpx.ReadError(str(error) or type(error).__name__)


class _ReplyStream(httpx.AsyncByteStream):
    """The body of an aiohttp reply; each read waits no longer than its attempt allows."""

    def __init__(self, reply: aiohttp.ClientResponse, timeouts: Any) -> None:
        self._reply = reply
        self._timeouts = timeouts

    async def __aiter__(self) -> AsyncIterator[bytes]:
        content = self._reply.content
        while True:
            with _WHILE_READING:
                # What has already arrived needs no timer (a small reply comes with its headers).
                chunk = content.read_nowait()
                if not chunk and not content.at_eof():
                    async with _time_limit(phase_seconds_left(self._timeouts, "read")):
                        chunk = await content.readany()
            if not chunk:
                return
            yield chunk

    async def aclose(self) -> None:
        if self._reply.content.at_eof():
            self._reply.release()  # back to the pool
        else:
            # Left early (a stream the caller stopped reading): the server must see the reader go.
            # asyncio closes the socket on the loop's next turn; give it that turn before returning.
            self._reply.close()
            await asyncio.sleep(0)


class AiohttpBackend(httpx.AsyncBaseTransport):
    """Sends over an ``aiohttp.ClientSession`` made on first use: TCP or a Unix socket, directly or
    through an HTTP proxy, with TLS verification as ``options.verify`` says."""

    def __init__(self, options: TransportOptions) -> None:
        self._options = options
        self._session: aiohttp.ClientSession | None = None
        self._proxy = None if options.proxy is None else URL(options.proxy)
        # The connect limit is the same on nearly every request (only an attempt about to run out
        # of time cuts it): the last one's `ClientTimeout` is kept for the next.
        self._connect_limit: float | None = None
        self._client_timeout = aiohttp.ClientTimeout(total=None)

    def _client_timeout_for(self, connect: float | None) -> aiohttp.ClientTimeout:
        if connect != self._connect_limit:
            self._client_timeout = aiohttp.ClientTimeout(total=None, sock_connect=connect)
            self._connect_limit = connect
        return self._client_timeout

    def _client_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            options = self._options
            limit = DEFAULT_CONNECTION_LIMITS.max_connections or 0
            expiry = DEFAULT_CONNECTION_LIMITS.keepalive_expiry or 5.0
            connector: aiohttp.BaseConnector
            if options.uds is not None:
                connector = aiohttp.UnixConnector(path=options.uds, limit=limit, keepalive_timeout=expiry)
            else:
                connector = aiohttp.TCPConnector(
                    limit=limit, keepalive_timeout=expiry, ssl=ssl_context_for(options.verify)
                )
            self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,
                timeout=aiohttp.ClientTimeout(total=None),
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._client_session()
        timeouts: Any = request.extensions.get("timeout", {})
        headers = CIMultiDict(
            [(name.decode("latin-1"), value.decode("latin-1")) for name, value in request.headers.raw]
        )
        body: Any
        if isinstance(request.stream, httpx.ByteStream):
            body = bytes(request.content) or None
        else:
            # aiohttp frames a streamed body itself.
            headers.popall("transfer-encoding", None)
            body = _chunks(request.stream)
        # The core always sends Accept, Accept-Encoding and User-Agent, so aiohttp adds none of its
        # own; it would add a Content-Type to a body sent without one, which httpx does not.
        skip = _NO_CONTENT_TYPE if body is not None and "content-type" not in headers else None
        client_timeout = self._client_timeout_for(phase_seconds_left(timeouts, "connect"))
        with _WHILE_CONNECTING:
            # The headers must arrive within what is left of the attempt, however they trickle in.
            async with _time_limit(phase_seconds_left(timeouts, "read")):
                reply = await session.request(
                    request.method,
                    URL(str(request.url), encoded=True),
                    headers=headers,
                    data=body,
                    allow_redirects=False,
                    proxy=self._proxy,
                    timeout=client_timeout,
                    skip_auto_headers=skip,
                )
        response = httpx.Response(
            status_code=reply.status,
            stream=_ReplyStream(reply, timeouts),
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": (reply.reason or "").encode("latin-1")},
        )
        # aiohttp hands the headers over as the bytes that arrived: nothing to normalise.
        response.headers = headers_from_raw(reply.raw_headers)
        return response

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()


async def _chunks(stream: Any) -> AsyncIterator[bytes]:
    async for chunk in stream:
        yield chunk
