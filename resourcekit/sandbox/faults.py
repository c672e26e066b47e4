"""The fault layer: an ASGI middleware that makes an emulator misbehave on purpose.

Tests script faults (`FaultPlan.fail_next`, `drop_next`, `truncate_next`) or set a latency and a
random failure rate, then read the counters to see what was injected. A dropped or truncated reply
starts a response and breaks off mid-body, so a real client sees the connection die after the
request was sent: exactly the case where only idempotent requests may be retried.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Literal

from starlette.types import ASGIApp, Message, Receive, Scope, Send

FaultKind = Literal["status", "drop", "drop_after", "truncate"]


class DroppedConnection(Exception):
    """Raised inside the server to break a reply off; servers close the connection on it."""


@dataclass(frozen=True)
class Fault:
    """One scripted fault.

    Attributes:
        kind: ``status`` answers with an error status instead of calling the emulator; ``drop``
            breaks the connection before the emulator sees the request; ``drop_after`` lets the
            emulator act, then loses its reply; ``truncate`` sends half of the emulator's reply.
        status: The status of a ``status`` fault.
        retry_after: Seconds for a ``Retry-After`` header.
        retry_after_ms: Milliseconds for a ``retry-after-ms`` header.
        path: Only requests whose path starts with this are affected (all when ``None``).
    """

    kind: FaultKind
    status: int = 503
    retry_after: float | None = None
    retry_after_ms: float | None = None
    path: str | None = None

    def matches(self, path: str) -> bool:
        return self.path is None or path.startswith(self.path)


@dataclass
class FaultPlan:
    """What the fault layer does to the next requests, and what it has done.

    Attributes:
        latency_ms: Delay added before every request reaches the emulator.
        fail_rate: Probability that a request is answered 503 instead (seeded, repeatable).
        requests: Requests seen so far.
        injected: Faults injected so far, by kind.
    """

    latency_ms: float = 0.0
    fail_rate: float = 0.0
    seed: int = 0
    requests: int = 0
    injected: Counter[str] = field(default_factory=lambda: Counter[str]())
    _queue: deque[Fault] = field(default_factory=lambda: deque[Fault]())
    _rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def fail_next(
        self,
        count: int = 1,
        status: int = 503,
        *,
        retry_after: float | None = None,
        retry_after_ms: float | None = None,
        path: str | None = None,
    ) -> None:
        """Answer the next ``count`` matching requests with ``status`` (and retry headers)."""
        self._queue.extend([Fault("status", status, retry_after, retry_after_ms, path)] * count)

    def drop_next(self, count: int = 1, *, after_app: bool = False, path: str | None = None) -> None:
        """Break the connection on the next ``count`` matching requests.

        With ``after_app=True`` the emulator handles the request first (its side effects happen)
        and only the reply is lost.
        """
        self._queue.extend([Fault("drop_after" if after_app else "drop", path=path)] * count)

    def truncate_next(self, count: int = 1, *, path: str | None = None) -> None:
        """Send only half of the reply body of the next ``count`` matching requests."""
        self._queue.extend([Fault("truncate", path=path)] * count)

    def clear(self) -> None:
        """Forget scripted faults, latency and failure rate; counters are kept."""
        self._queue.clear()
        self.latency_ms = 0.0
        self.fail_rate = 0.0

    @property
    def pending(self) -> int:
        return len(self._queue)

    def take(self, path: str) -> Fault | None:
        """The fault for a request to ``path``, if any (scripted faults first, then the rate)."""
        self.requests += 1
        for fault in self._queue:
            if fault.matches(path):
                self._queue.remove(fault)
                self.injected[fault.kind] += 1
                return fault
        if self.fail_rate and self._rng.random() < self.fail_rate:
            self.injected["status"] += 1
            return Fault("status", 503)
        return None


class FaultMiddleware:
    """Wraps an emulator's ASGI app with a `FaultPlan`."""

    def __init__(self, app: ASGIApp, plan: FaultPlan) -> None:
        self.app = app
        self.plan = plan

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.plan.latency_ms:
            await asyncio.sleep(self.plan.latency_ms / 1000)
        fault = self.plan.take(scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
        elif fault.kind == "status":
            await _send_status(send, fault)
        elif fault.kind == "drop":
            await _send_broken(send, b"")
        else:
            body = await _capture(self.app, scope, receive)
            await _send_broken(send, body if fault.kind == "truncate" else b"", fault.kind == "truncate")


async def _send_status(send: Send, fault: Fault) -> None:
    headers = [(b"content-type", b"application/json")]
    if fault.retry_after is not None:
        headers.append((b"retry-after", str(fault.retry_after).encode()))
    if fault.retry_after_ms is not None:
        headers.append((b"retry-after-ms", str(fault.retry_after_ms).encode()))
    body = json.dumps({"message": f"sandbox fault: injected status {fault.status}"}).encode()
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": fault.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _capture(app: ASGIApp, scope: Scope, receive: Receive) -> bytes:
    chunks: list[bytes] = []

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    return b"".join(chunks)


async def _send_broken(send: Send, body: bytes, send_half: bool = False) -> None:
    """Promise a body, send part of it, and break off."""
    length = max(len(body), 2)
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-length", str(length).encode()), (b"content-type", b"application/octet-stream")],
        }
    )
    part = body[: len(body) // 2] if send_half else b""
    await send({"type": "http.response.body", "body": part, "more_body": True})
    raise DroppedConnection("sandbox fault: connection dropped")
