"""Choosing the HTTP library a client sends through.

Async clients use aiohttp when it is installed (``pip install 'resourcekit[aiohttp]'``) and the
settings allow it, httpcore otherwise; ``http_backend="httpcore"`` or ``"aiohttp"`` on a client
chooses. HTTP/2 and SOCKS proxies exist only on httpcore. Sync clients always use httpcore.

Both backends are httpx transports, so a user's own ``httpx`` transport plugs in the same way
(``http_transport=``), and so does the in-process sandbox.
"""

from __future__ import annotations

import functools
import importlib.util
import os

import httpx

from resourcekit.core._async.httpcore_backend import AsyncHttpcoreBackend
from resourcekit.core._sync.httpcore_backend import HttpcoreBackend
from resourcekit.core.errors import ConfigurationError
from resourcekit.core.options import TransportOptions

BACKEND_VARIABLE = "RESOURCEKIT_HTTP_BACKEND"
"""Environment variable naming the async backend for clients that leave ``http_backend="auto"``
(``aiohttp`` or ``httpcore``), for example to run a test suite on each."""


@functools.cache
def aiohttp_installed() -> bool:
    return importlib.util.find_spec("aiohttp") is not None


def async_backend_name(options: TransportOptions) -> str:
    """``"aiohttp"`` or ``"httpcore"``: what an async client with ``options`` sends through.

    Raises:
        ConfigurationError: aiohttp was asked for but is not installed, or cannot do what the
            options ask (HTTP/2, a SOCKS proxy).
    """
    wanted = options.http_backend
    if wanted == "auto":
        wanted = os.environ.get(BACKEND_VARIABLE, "").strip().lower() or "auto"
    fits = not options.http2 and (options.proxy is None or options.proxy.lower().startswith(("http://", "https://")))
    if wanted == "httpcore":
        return "httpcore"
    if wanted == "aiohttp" and options.http_backend == "aiohttp":
        if not aiohttp_installed():
            raise ConfigurationError("http_backend='aiohttp' needs aiohttp: pip install 'resourcekit[aiohttp]'")
        if not fits:
            raise ConfigurationError("http_backend='aiohttp' supports neither HTTP/2 nor SOCKS proxies; use 'httpcore'")
        return "aiohttp"
    return "aiohttp" if fits and aiohttp_installed() else "httpcore"


class _AiohttpOnFirstUse(httpx.AsyncBaseTransport):
    """Imports aiohttp and opens its session at the first request: importing aiohttp takes longer
    than everything else a client does when it is built."""

    def __init__(self, options: TransportOptions) -> None:
        self._options = options
        self._backend: httpx.AsyncBaseTransport | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._backend is None:
            from resourcekit.core.aiohttp_backend import AiohttpBackend

            self._backend = AiohttpBackend(self._options)
        return await self._backend.handle_async_request(request)

    async def aclose(self) -> None:
        if self._backend is not None:
            await self._backend.aclose()


def async_open_backend(options: TransportOptions) -> httpx.AsyncBaseTransport:
    """The async backend for ``options``; it connects (and makes its SSL context) on first use."""
    if async_backend_name(options) == "aiohttp":
        return _AiohttpOnFirstUse(options)
    return AsyncHttpcoreBackend(options)


def open_backend(options: TransportOptions) -> httpx.BaseTransport:
    """The sync backend (httpcore) for ``options``; it connects on first use.

    Raises:
        ConfigurationError: ``http_backend="aiohttp"``, which has no sync client.
    """
    if options.http_backend == "aiohttp":
        raise ConfigurationError("http_backend='aiohttp' is for async clients; sync clients use 'httpcore'")
    return HttpcoreBackend(options)
