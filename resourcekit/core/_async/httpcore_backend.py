"""The httpcore backend: an httpx transport over httpcore's connection pool, lean and deadline-aware.

It does what ``httpx.AsyncHTTPTransport`` does for us, with two differences that matter:

- the pool is built on first use, so constructing a client makes no SSL context;
- every socket operation is bounded by what is left of its attempt: httpcore hands each read and
  write the timeout of its phase, and when that timeout carries an attempt's end (see
  `resourcekit.core.deadlines.AttemptBudget`) the network stream here waits no longer than the time
  left. A server that drips a byte at a time cannot stretch an attempt past its budget.
"""

from __future__ import annotations

import ssl
import typing
from collections.abc import AsyncIterator, Iterable
from types import TracebackType

import httpcore
import httpx

from resourcekit.core.deadlines import seconds_left
from resourcekit.core.headers import headers_from_raw
from resourcekit.core.httpcore_request import httpcore_request
from resourcekit.core.options import DEFAULT_CONNECTION_LIMITS, TransportOptions, ssl_context_for

_SocketOption = tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]


class _AsHttpxErrors:
    """Raises httpcore's failures as the httpx exceptions of the same name (the core maps those).

    A class rather than a generator context manager: it is entered for every request and body.
    """

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if isinstance(error, httpcore.UnsupportedProtocol):
            raise httpx.UnsupportedProtocol(str(error)) from error
        if isinstance(
            error, httpcore.TimeoutException | httpcore.NetworkError | httpcore.ProtocolError | httpcore.ProxyError
        ):
            mapped = getattr(httpx, type(error).__name__, httpx.TransportError)
            raise mapped(str(error)) from error


_as_httpx_errors = _AsHttpxErrors()


class _DeadlineStream(httpcore.AsyncNetworkStream):
    """A connection whose every read and write waits no longer than its attempt has left."""

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, seconds_left(timeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, seconds_left(timeout))

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        return _DeadlineStream(await self._stream.start_tls(ssl_context, server_hostname, seconds_left(timeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class _DeadlineNetwork(httpcore.AsyncNetworkBackend):
    """httpcore's own network backend, with each connection wrapped in `_DeadlineStream`.

    The backend is named directly rather than detected per request, which also spares httpcore's
    run-time probe for the async library on every call.
    """

    def __init__(self) -> None:
        # httpcore names a stand-in class when anyio is missing; httpx requires anyio, so it is not.
        self._network = typing.cast("httpcore.AsyncNetworkBackend", httpcore.AnyIOBackend())

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._network.connect_tcp(host, port, seconds_left(timeout), local_address, socket_options)
        return _DeadlineStream(stream)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[_SocketOption] | None = None
    ) -> httpcore.AsyncNetworkStream:
        return _DeadlineStream(await self._network.connect_unix_socket(path, seconds_left(timeout), socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._network.sleep(seconds)


class _ReplyStream(httpx.AsyncByteStream):
    def __init__(self, stream: typing.Any) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _as_httpx_errors:
            async for chunk in self._stream:
                yield chunk

    async def aclose(self) -> None:
        with _as_httpx_errors:
            await self._stream.aclose()


class AsyncHttpcoreBackend(httpx.AsyncBaseTransport):
    """Sends over a pooled httpcore connection: HTTP/1.1 or HTTP/2, TCP or a Unix socket, direct or
    through an HTTP or SOCKS proxy, as ``options`` say."""

    def __init__(self, options: TransportOptions) -> None:
        self._options = options
        self._pool: httpcore.AsyncConnectionPool | None = None

    def _connection_pool(self) -> httpcore.AsyncConnectionPool:
        if self._pool is None:
            self._pool = self._build_pool()
        return self._pool

    def _build_pool(self) -> httpcore.AsyncConnectionPool:
        options = self._options
        limits = DEFAULT_CONNECTION_LIMITS
        shared: dict[str, typing.Any] = {
            "ssl_context": ssl_context_for(options.verify, http2=options.http2),
            "max_connections": limits.max_connections,
            "max_keepalive_connections": limits.max_keepalive_connections,
            "keepalive_expiry": limits.keepalive_expiry,
            "http1": True,
            "http2": options.http2,
            "network_backend": _DeadlineNetwork(),
        }
        if options.proxy is None:
            return httpcore.AsyncConnectionPool(uds=options.uds, **shared)
        proxy = httpx.Proxy(options.proxy)
        proxy_url = httpcore.URL(
            scheme=proxy.url.raw_scheme, host=proxy.url.raw_host, port=proxy.url.port, target=proxy.url.raw_path
        )
        if proxy.url.scheme in ("socks5", "socks5h"):
            return httpcore.AsyncSOCKSProxy(proxy_url=proxy_url, proxy_auth=proxy.raw_auth, **shared)
        return httpcore.AsyncHTTPProxy(
            proxy_url=proxy_url, proxy_auth=proxy.raw_auth, proxy_headers=proxy.headers.raw, **shared
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        sent = httpcore_request(request)
        with _as_httpx_errors:
            reply = await self._connection_pool().handle_async_request(sent)
        # httpcore types its extensions loosely; they hold the HTTP version and reason phrase.
        extensions: dict[str, typing.Any] = getattr(reply, "extensions", {})
        response = httpx.Response(status_code=reply.status, stream=_ReplyStream(reply.stream), extensions=extensions)
        # httpcore hands the headers over as the bytes that arrived: nothing to normalise.
        response.headers = headers_from_raw(reply.headers)
        return response

    async def aclose(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
