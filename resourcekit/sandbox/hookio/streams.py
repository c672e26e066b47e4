"""Never-ending log and event streams: the recent entries, then live ones, until the reader leaves."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import anyio
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from resourcekit.sandbox.hookio.state import Topic

ENDLESS_CHUNK = 64 * 1024


def ndjson_line(entry: dict[str, Any]) -> bytes:
    return (json.dumps(entry, separators=(",", ":")) + "\n").encode()


def text_line(entry: dict[str, Any]) -> bytes:
    return f"{entry.get('time')}, {entry.get('data', entry.get('type'))}\n".encode()


class TopicStream(Response):
    """Streams a topic's recent entries (oldest first), then each new one, one line each.

    The reply never ends on its own, as on hook.io; it stops when the reader disconnects (watched
    for while waiting, so an idle stream is released at once).
    """

    def __init__(self, topic: Topic, render: Callable[[dict[str, Any]], bytes], media_type: str) -> None:
        super().__init__(content=b"", media_type=media_type)
        self.topic = topic
        self.render_entry = render
        # A streamed body has no length.
        self.raw_headers: list[tuple[bytes, bytes]] = [
            (name, value) for name, value in self.raw_headers if name != b"content-length"
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        async with anyio.create_task_group() as group:

            async def watch_disconnect() -> None:
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        group.cancel_scope.cancel()
                        return

            group.start_soon(watch_disconnect)
            try:
                await self._send_endless_line(send)
                sequence = 0
                while True:
                    batch = self.topic.after(sequence)
                    sequence = self.topic.sequence
                    for _, entry in batch:
                        await send({"type": "http.response.body", "body": self.render_entry(entry), "more_body": True})
                    await self.topic.wait_after(sequence)
            except OSError:
                pass
            group.cancel_scope.cancel()

    async def _send_endless_line(self, send: Send) -> None:
        """The knob `Topic.endless_line_bytes`: bytes with no line end, then silence."""
        remaining = self.topic.endless_line_bytes
        if not remaining:
            return
        while remaining > 0:
            size = min(remaining, ENDLESS_CHUNK)
            await send({"type": "http.response.body", "body": b"x" * size, "more_body": True})
            remaining -= size
        await anyio.sleep_forever()
