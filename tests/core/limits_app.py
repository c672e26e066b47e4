"""A server that misbehaves by size: a declared huge body, an endless body, lines with no end."""

from __future__ import annotations

import asyncio

from starlette.types import Receive, Scope, Send

CHUNK = b"x" * 65536
MAX_CHUNKS = 2000


class Server:
    """Answers by path: a declared huge body, an endless chunked body, NDJSON lines, header echo."""

    def __init__(self) -> None:
        self.requests = 0
        self.chunks_sent = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        self.requests += 1
        path = scope["path"]
        if path == "/declared-huge":
            headers = [(b"content-length", b"10000000000")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": CHUNK, "more_body": False})
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        if path == "/endless":
            await self._send_until_disconnect(receive, send, b"")
        elif path == "/lines":
            await send({"type": "http.response.body", "body": b'{"a":1}\r\n{"b":', "more_body": True})
            await send({"type": "http.response.body", "body": b'2}\n\xff\n{"c":3}', "more_body": True})
        elif path == "/endless-line":
            await self._send_until_disconnect(receive, send, b'{"ok":true}\n')
        await send({"type": "http.response.body", "body": b""})

    async def _send_until_disconnect(self, receive: Receive, send: Send, first: bytes) -> None:
        """Send up to 128 MiB, stopping as soon as the client hangs up (which the tests expect)."""
        watcher = asyncio.ensure_future(_disconnected(receive))
        await send({"type": "http.response.body", "body": first, "more_body": True})
        self.chunks_sent = 0
        while self.chunks_sent < MAX_CHUNKS and not watcher.done():
            self.chunks_sent += 1
            await send({"type": "http.response.body", "body": CHUNK, "more_body": True})
            await asyncio.sleep(0)
        watcher.cancel()


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
