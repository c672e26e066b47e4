"""Serving an emulator to a client without sockets, through httpx's ASGI support.

`InProcessTransport` (async) and `SyncInProcessTransport` (sync, running the app on a private
event loop thread) turn the fault layer's broken replies into the same `httpx` errors a real
socket would raise, so retry behaviour is the same in both modes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import ExitStack
from typing import cast

import anyio
import anyio.from_thread
import httpx
from starlette.types import ASGIApp

from resourcekit.sandbox.faults import DroppedConnection


class InProcessTransport(httpx.AsyncBaseTransport):
    """An async httpx transport that calls an ASGI app directly."""

    def __init__(self, app: ASGIApp) -> None:
        self._inner = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # Honour the read timeout as a socket would, so timeout handling is the same in both modes.
        read_timeout = request.extensions.get("timeout", {}).get("read")
        try:
            with anyio.fail_after(read_timeout):
                response = await self._inner.handle_async_request(request)
                content = await response.aread()
        except DroppedConnection as error:
            raise httpx.RemoteProtocolError(str(error), request=request) from error
        except TimeoutError as error:
            raise httpx.ReadTimeout("in-process read timed out", request=request) from error
        return httpx.Response(
            response.status_code, headers=response.headers, content=content, extensions=response.extensions
        )


class SyncInProcessTransport(httpx.BaseTransport):
    """A sync httpx transport that runs an ASGI app on a private event loop thread."""

    def __init__(self, app: ASGIApp) -> None:
        self._inner = InProcessTransport(app)
        self._lock = threading.Lock()
        self._stack = ExitStack()
        self._portal: anyio.from_thread.BlockingPortal | None = None

    def _get_portal(self) -> anyio.from_thread.BlockingPortal:
        with self._lock:
            portal = self._portal
            if portal is None:
                portal = self._stack.enter_context(anyio.from_thread.start_blocking_portal())
                self._portal = portal
            return portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        # Read the stream without caching it on the request, as a socket transport would.
        body = b"".join(cast("Iterable[bytes]", request.stream))
        copy = httpx.Request(
            request.method, request.url, headers=request.headers, content=body, extensions=request.extensions
        )
        response = self._get_portal().call(self._inner.handle_async_request, copy)
        return httpx.Response(response.status_code, headers=response.headers, content=response.content)

    def close(self) -> None:
        with self._lock:
            self._stack.close()
            self._portal = None
