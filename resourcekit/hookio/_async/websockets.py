"""A websocket to a hook: each message sent runs the hook, its reply comes back as a message."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import httpx

from resourcekit.core.errors import InvalidInputError, ResourceKitError
from resourcekit.core.options import TransportOptions, ssl_context_for, user_agent
from resourcekit.hookio import wire
from resourcekit.hookio._bridge import async_connect_ws, single_error, websocket_error
from resourcekit.hookio.errors import WebSocketClosed

if TYPE_CHECKING:
    from resourcekit.hookio._async.client import AsyncHookIO


class AsyncHookSocket:
    """An open websocket to a hook (from ``hook.websocket()``).

    `send` a mapping or list (sent as JSON text), text, or bytes; the server runs the hook with it
    (a JSON object becomes ``Hook.params``, other text ``Hook.params.body``) and sends the hook's
    output back. `receive` returns the next message, parsed as JSON when it is JSON; iterate to
    read messages until the server closes.

    Errors: a missing hook closes with code 4404 (`NotFoundError`), a private hook your key may
    not run with 4403 (`PermissionDeniedError`), a broken connection raises `ConnectionError`.
    """

    def __init__(self, session: Any, url: str, timeout: float | None) -> None:
        self._session = session
        self.url: str = url
        """The websocket URL the hook runs at."""
        self.timeout: float | None = timeout
        """Seconds to wait for a message before `receive` gives up (``None``: no limit)."""

    async def send(self, message: Any) -> None:
        """Send ``message``: bytes as binary, text as is, anything else as JSON text."""
        try:
            if isinstance(message, bytes):
                await self._session.send_bytes(message)
            elif isinstance(message, str):
                await self._session.send_text(message)
            else:
                await self._session.send_text(json.dumps(wire.check_json(message, "a websocket message")))
        except ResourceKitError:
            raise
        except Exception as error:
            found = websocket_error(error, self.url) or await self._close_reason()
            if found is None:
                raise
            raise found from error

    async def _close_reason(self) -> ResourceKitError | None:
        """Why a send failed when the server had already closed: the close it sent (a missing hook
        is closed at once, so a first send can race the close)."""
        try:
            await self._session.receive(timeout=1.0)
        except Exception as error:
            return websocket_error(error, self.url)
        return None

    async def receive_text(self, timeout: float | None = None) -> str:
        """The next message as text (a binary one decoded as UTF-8)."""
        try:
            event: Any = await self._session.receive(timeout=timeout if timeout is not None else self.timeout)
        except Exception as error:
            raise self._error(error) from error
        data: Any = getattr(event, "data", "")
        return data.decode("utf-8", errors="replace") if isinstance(data, bytes | bytearray) else str(data)

    async def receive(self, timeout: float | None = None) -> Any:
        """The next message: parsed JSON when it is JSON, else its text."""
        text = await self.receive_text(timeout)
        try:
            return json.loads(text)
        except ValueError:
            return text

    async def receive_json(self, timeout: float | None = None) -> Any:
        """The next message parsed as JSON.

        Raises:
            ResponseValidationError: The message is not JSON.
        """
        text = await self.receive_text(timeout)
        return wire.parse_json_message(text)

    async def __aiter__(self) -> AsyncIterator[Any]:
        """Messages (as `receive` returns them) until the server closes normally."""
        while True:
            try:
                yield await self.receive()
            except WebSocketClosed as closed:
                if closed.normal:
                    return
                raise

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await self._session.close(code, reason)

    def _error(self, error: BaseException) -> ResourceKitError:
        found = websocket_error(error, self.url)
        if found is None:
            raise error
        return found


@asynccontextmanager
async def async_open_socket(
    client: AsyncHookIO, owner: str, name: str, send_key: bool | None, params: dict[str, Any] | None
) -> AsyncGenerator[AsyncHookSocket, None]:
    url = wire.hook_url(owner, name)
    query = wire.query_params(params or {}, "params")
    if send_key is None:
        send_key = await client._owns(owner)
    headers: dict[str, str] = {}
    if send_key:
        if client._api_key is None:
            raise InvalidInputError("send_key=True needs a client with a key")
        headers[wire.KEY_HEADER] = client._api_key
    options = client._transport.options
    try:
        async with (
            _upgrade_client(options) as http,
            async_connect_ws(url, http, headers=headers, params=query or None) as session,
        ):
            yield AsyncHookSocket(session, url, options.timeout.read)
    except Exception as error:
        inner = single_error(error)
        if isinstance(inner, ResourceKitError):
            raise inner from None
        found = websocket_error(inner, url) if isinstance(inner, Exception) else None
        if found is not None:
            raise found from inner
        if inner is not error:
            raise inner from None  # the caller's own error, out of httpx-ws's task group
        raise


def _upgrade_client(options: TransportOptions) -> httpx.AsyncClient:
    """An httpx client of the socket's own, over httpcore, with the client's connection settings.

    httpx-ws takes over httpcore's network stream after the upgrade, which the pooled backend
    (aiohttp by default for async clients) does not offer; a websocket holds its connection for
    its whole life anyway, so it gains nothing from the pool.
    """
    return httpx.AsyncClient(
        transport=httpx.AsyncHTTPTransport(
            verify=ssl_context_for(options.verify), uds=options.uds, proxy=options.proxy
        ),
        base_url=options.base_url,
        headers={"User-Agent": user_agent(options.user_agent_extra), **options.headers},
        timeout=options.timeout,
    )


__all__ = ["AsyncHookSocket", "async_open_socket"]
