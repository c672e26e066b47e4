"""The fault layer: an ASGI middleware that makes an emulator misbehave on purpose.

Tests script faults (`FaultPlan.fail_next`, `drop_next`, `truncate_next`), set a latency, a
503 rate (``fail_rate``) or a rate of mixed random faults (``fault_rate`` drawn from
``fault_mix``), then read the counters to see what was injected. A dropped or truncated reply
starts a response and breaks off mid-body, so a real client sees the connection die after the
request was sent: exactly the case where only idempotent requests may be retried.

A sandbox in another process is steered and read over HTTP through the reserved path prefix
``/__sandbox__/`` (never passed to the emulator, never faulted, not counted). The channel can
change what every client of the sandbox sees, so it answers only requests that carry the sandbox's
control token (``X-Sandbox-Token``, printed by ``resourcekit sandbox serve``), name a loopback or
IP-literal ``Host`` (a web page cannot reach it by DNS rebinding), come without a browser's
``Origin``, and POST JSON (a cross-site form can only send ``text/plain`` or form bodies):

- ``GET /__sandbox__/stats``: ``{"requests", "connections", "injected", "statuses", "side_effects"}``;
- ``GET /__sandbox__/faults``: the current knobs;
- ``POST /__sandbox__/faults`` with a JSON object of knobs (`FaultPlan.KNOBS`) sets them (an
  unknown key or a bad value answers 400 and changes nothing);
- ``POST /__sandbox__/reset``: clears every fault and knob and zeroes every counter.
"""

from __future__ import annotations

import asyncio
import email.utils
import hmac
import ipaddress
import json
import math
import random
import secrets
import time
import weakref
from collections import Counter, deque
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resourcekit.sandbox.base import SideEffects, connection_of

FaultKind = Literal["status", "drop", "drop_after", "truncate", "spike"]

CONTROL_PREFIX = "/__sandbox__/"
#: The header that carries the control token.
CONTROL_TOKEN_HEADER = "x-sandbox-token"
#: The longest delay a knob may ask for (latency, spikes): ten minutes. Longer is a typo that would
#: hang every client of the sandbox.
MAX_DELAY_MS = 600_000.0

#: The default mix of random faults: equal shares of 503, 502, a connection dropped before the
#: emulator sees the request, a truncated body and a latency spike.
DEFAULT_FAULT_MIX: Mapping[str, float] = {"503": 1.0, "502": 1.0, "drop": 1.0, "truncate": 1.0, "spike": 1.0}
_NAMED_MIX_KINDS = frozenset({"drop", "drop_after", "truncate", "spike"})


class DroppedConnection(Exception):
    """Raised inside the server to break a reply off; servers close the connection on it."""


@dataclass(frozen=True)
class Fault:
    """One scripted fault.

    Attributes:
        kind: ``status`` answers with an error status instead of calling the emulator; ``drop``
            breaks the connection before the emulator sees the request; ``drop_after`` lets the
            emulator act, then loses its reply; ``truncate`` sends half of the emulator's reply;
            ``spike`` lets the emulator act and holds its reply back for ``delay_ms``.
        status: The status of a ``status`` fault.
        retry_after: Seconds for a ``Retry-After`` header (a number, or a string such as an HTTP date).
        retry_after_ms: Milliseconds for a ``retry-after-ms`` header.
        path: Only requests whose path starts with this are affected (all when ``None``).
        delay_ms: How long a ``spike`` holds the reply back.
        retry_after_date: Seconds from the server's clock at reply time, sent as an HTTP-date
            ``Retry-After`` (whole seconds, as the format allows).
    """

    kind: FaultKind
    status: int = 503
    retry_after: float | str | None = None
    retry_after_ms: float | None = None
    path: str | None = None
    delay_ms: float = 0.0
    retry_after_date: float | None = None

    def matches(self, path: str) -> bool:
        return self.path is None or path.startswith(self.path)


def _mix_fault(kind: str, spike_ms: float) -> Fault:
    if kind == "spike":
        return Fault("spike", delay_ms=spike_ms)
    if kind in _NAMED_MIX_KINDS:
        return Fault(kind)  # pyright: ignore[reportArgumentType]
    return Fault("status", int(kind))


def check_fault_mix(mix: Mapping[str, object]) -> dict[str, float]:
    """A validated copy of a fault mix: kinds are a status code (``"503"``) or one of ``drop``,
    ``drop_after``, ``truncate``, ``spike``; weights are finite, non-negative and not all zero."""
    checked: dict[str, float] = {}
    for kind, weight in mix.items():
        if kind not in _NAMED_MIX_KINDS and not (kind.isdigit() and 400 <= int(kind) <= 599):
            raise ValueError(f"unknown fault kind {kind!r} in the fault mix")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight) or weight < 0:
            raise ValueError(f"the weight of {kind!r} must be a non-negative number")
        checked[kind] = float(weight)
    if not checked or sum(checked.values()) <= 0:
        raise ValueError("the fault mix needs at least one kind with a positive weight")
    return checked


def check_delay(name: str, value: object) -> float:
    """A delay in milliseconds, finite and between 0 and `MAX_DELAY_MS`."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number")
    if not 0 <= value <= MAX_DELAY_MS:
        raise ValueError(f"{name} must be between 0 and {MAX_DELAY_MS:.0f} ms")
    return float(value)


@dataclass
class FaultPlan:
    """What the fault layer does to the next requests, and what it has done.

    Attributes:
        latency_ms: Delay added before every request reaches the emulator.
        fail_rate: Probability that a request is answered 503 instead (seeded, repeatable).
        seed: Seed of the random draws (``fail_rate``, ``fault_rate`` and the mix).
        fault_rate: Probability that a request gets a random fault drawn from ``fault_mix``.
        fault_mix: Weights of the random faults' kinds: a status code (``"503"``), ``drop``,
            ``drop_after``, ``truncate`` or ``spike``.
        spike_ms: How long a random ``spike`` holds the emulator's reply back.
        fault_path: Only requests whose path starts with this get random faults (all when ``None``).
        requests: Requests seen so far (control requests excluded).
        injected: Faults injected so far, by kind (``status``, ``drop``, ``drop_after``,
            ``truncate``, ``spike``).
        statuses: Injected ``status`` faults, by status code.
    """

    KNOBS = frozenset({"latency_ms", "fail_rate", "seed", "fault_rate", "fault_mix", "spike_ms", "fault_path"})

    latency_ms: float = 0.0
    fail_rate: float = 0.0
    seed: int = 0
    fault_rate: float = 0.0
    fault_mix: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_FAULT_MIX))
    spike_ms: float = 1000.0
    fault_path: str | None = None
    requests: int = 0
    injected: Counter[str] = field(default_factory=lambda: Counter[str]())
    statuses: Counter[int] = field(default_factory=lambda: Counter[int]())
    _queue: deque[Fault] = field(default_factory=lambda: deque[Fault]())
    _rng: random.Random = field(init=False)
    _connections: int = 0
    # The connection last seen from each (host, port): a weak reference to the server's transport
    # object when the server exposes it, else the pair alone.
    _peers: dict[tuple[str, int], Callable[[], object] | None] = field(
        default_factory=lambda: dict[tuple[str, int], "Callable[[], object] | None"]()
    )

    def __post_init__(self) -> None:
        given = {name: getattr(self, name) for name in self.KNOBS if name != "fault_mix"}
        self.configure({**given, "fault_mix": self.fault_mix})
        self._rng = random.Random(self.seed)

    # -- scripting ----------------------------------------------------------------------------

    def fail_next(
        self,
        count: int = 1,
        status: int = 503,
        *,
        retry_after: float | str | None = None,
        retry_after_ms: float | None = None,
        retry_after_date: float | None = None,
        path: str | None = None,
    ) -> None:
        """Answer the next ``count`` matching requests with ``status`` (and retry headers).

        ``retry_after`` may be a number of seconds or a string sent as is (an HTTP date);
        ``retry_after_date`` sends the HTTP date that many seconds after the server's clock at reply
        time; ``retry_after_ms`` sends ``retry-after-ms``.
        """
        fault = Fault("status", status, retry_after, retry_after_ms, path, retry_after_date=retry_after_date)
        self._queue.extend([fault] * count)

    def drop_next(self, count: int = 1, *, after_app: bool = False, path: str | None = None) -> None:
        """Break the connection on the next ``count`` matching requests.

        With ``after_app=True`` the emulator handles the request first (its side effects happen)
        and only the reply is lost.
        """
        self._queue.extend([Fault("drop_after" if after_app else "drop", path=path)] * count)

    def truncate_next(self, count: int = 1, *, path: str | None = None) -> None:
        """Send only half of the reply body of the next ``count`` matching requests."""
        self._queue.extend([Fault("truncate", path=path)] * count)

    def spike_next(self, count: int = 1, *, delay_ms: float | None = None, path: str | None = None) -> None:
        """Hold back the reply of the next ``count`` matching requests (``spike_ms`` by default)."""
        delay = self.spike_ms if delay_ms is None else check_delay("delay_ms", delay_ms)
        self._queue.extend([Fault("spike", path=path, delay_ms=delay)] * count)

    def inject_mixed(
        self,
        rate: float,
        *,
        mix: Mapping[str, float] | None = None,
        spike_ms: float | None = None,
        seed: int | None = None,
        path: str | None = None,
    ) -> None:
        """Give a share ``rate`` of the next requests a random fault drawn from ``mix``.

        ``plan.inject_mixed(0.2, spike_ms=500, seed=7)`` faults 20% of requests with equal shares
        of 503, 502, a drop before the emulator, a truncated body and a 500 ms latency spike.
        """
        self.configure(
            {
                "fault_rate": rate,
                "fault_mix": dict(DEFAULT_FAULT_MIX if mix is None else mix),
                "spike_ms": self.spike_ms if spike_ms is None else spike_ms,
                "fault_path": path,
                **({} if seed is None else {"seed": seed}),
            }
        )

    def configure(self, knobs: Mapping[str, Any]) -> None:
        """Set knobs by name (`KNOBS`); all are checked before any is set.

        Raises:
            ValueError: An unknown knob or a value out of range.
        """
        unknown = sorted(set(knobs) - self.KNOBS)
        if unknown:
            raise ValueError(f"unknown fault knobs: {', '.join(unknown)}")
        checked: dict[str, Any] = {}
        for name, value in knobs.items():
            if name == "fault_mix":
                if not isinstance(value, Mapping):
                    raise ValueError("fault_mix must be an object of kind -> weight")
                checked[name] = check_fault_mix(value)  # pyright: ignore[reportUnknownArgumentType]
            elif name == "fault_path":
                if value is not None and not isinstance(value, str):
                    raise ValueError("fault_path must be a string or null")
                checked[name] = value
            elif name == "seed":
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ValueError("seed must be an integer")
                checked[name] = value
            else:
                if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                    raise ValueError(f"{name} must be a number")
                if name in ("latency_ms", "spike_ms"):
                    checked[name] = check_delay(name, value)
                    continue
                if value < 0 or value > 1:
                    raise ValueError(f"{name} is out of range (0..1)")
                checked[name] = float(value)
        for name, value in checked.items():
            setattr(self, name, value)
        if "seed" in checked:
            self._rng = random.Random(self.seed)

    def knobs(self) -> dict[str, Any]:
        """The current knobs, as `configure` takes them."""
        return {name: getattr(self, name) for name in sorted(self.KNOBS)}

    def clear(self) -> None:
        """Forget scripted faults, latency and random faults; counters are kept."""
        self._queue.clear()
        self.latency_ms = 0.0
        self.fail_rate = 0.0
        self.fault_rate = 0.0
        self.fault_mix = dict(DEFAULT_FAULT_MIX)
        self.fault_path = None

    def reset(self) -> None:
        """`clear`, zero every counter and restart the random draws from ``seed``."""
        self.clear()
        self.requests = 0
        self.injected.clear()
        self.statuses.clear()
        self._peers.clear()
        self._connections = 0
        self._rng = random.Random(self.seed)

    # -- serving ------------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        return len(self._queue)

    @property
    def connections(self) -> int:
        """Client connections seen: a request from a new (host, port), or from a known one over
        another connection (the client's kernel reuses the port of a closed connection quickly, so
        pairs alone would undercount); in-process clients count as one."""
        return self._connections

    def note_client(self, client: Any, connection: object = None) -> None:
        """Count the connection a request came on.

        Args:
            client: ``scope["client"]``, the (host, port) pair of the peer.
            connection: The server's object for the TCP connection (uvicorn's transport), when
                known: a reused port with another connection object is a new connection.
        """
        if not (isinstance(client, tuple | list) and len(client) == 2):  # pyright: ignore[reportUnknownArgumentType]
            return
        host, port = client  # pyright: ignore[reportUnknownVariableType]
        peer = (str(host), int(port))  # pyright: ignore[reportUnknownArgumentType]
        known = self._peers.get(peer, _UNSEEN)
        if known is not _UNSEEN and (connection is None or (known is not None and known() is connection)):
            return
        self._connections += 1
        self._peers[peer] = None if connection is None else _reference(connection)

    def take(self, path: str) -> Fault | None:
        """The fault for a request to ``path``, if any (scripted faults first, then the rates)."""
        self.requests += 1
        fault = self._draw(path)
        if fault is not None:
            self.injected[fault.kind] += 1
            if fault.kind == "status":
                self.statuses[fault.status] += 1
        return fault

    def _draw(self, path: str) -> Fault | None:
        for fault in self._queue:
            if fault.matches(path):
                self._queue.remove(fault)
                return fault
        if self.fail_rate and self._rng.random() < self.fail_rate:
            return Fault("status", 503)
        in_scope = self.fault_path is None or path.startswith(self.fault_path)
        if self.fault_rate and in_scope and self._rng.random() < self.fault_rate:
            kinds = list(self.fault_mix)
            kind = self._rng.choices(kinds, weights=[self.fault_mix[k] for k in kinds])[0]
            return _mix_fault(kind, self.spike_ms)
        return None

    def stats(self, side_effects: SideEffects | None = None) -> dict[str, Any]:
        """The counters, as ``GET /__sandbox__/stats`` answers them."""
        return {
            "requests": self.requests,
            "connections": self.connections,
            "injected": dict(self.injected),
            "statuses": {str(status): count for status, count in sorted(self.statuses.items())},
            "side_effects": {} if side_effects is None else dict(side_effects.counts),
        }


class FaultMiddleware:
    """Wraps an emulator's ASGI app with a `FaultPlan` and serves the control channel.

    Args:
        app: The emulator.
        plan: The faults to inject and the counters.
        side_effects: The emulator's write counters, reported by ``GET /__sandbox__/stats`` and
            zeroed by ``POST /__sandbox__/reset`` (pass ``emulator.side_effects``).
        control_token: The token control requests must carry in ``X-Sandbox-Token``; a random
            one (`control_token`) when not given.
        allowed_hosts: Host names accepted besides ``localhost`` and IP literals (the in-process
            sandbox's made-up name).
    """

    def __init__(
        self,
        app: ASGIApp,
        plan: FaultPlan,
        side_effects: SideEffects | None = None,
        *,
        control_token: str | None = None,
        allowed_hosts: Collection[str] = (),
    ) -> None:
        self.app = app
        self.plan = plan
        self.side_effects = side_effects
        self.control_token: str = control_token or new_control_token()
        self.allowed_hosts: frozenset[str] = frozenset(name.lower() for name in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(CONTROL_PREFIX):
            await self._control(scope, receive, send)
            return
        self.plan.note_client(scope.get("client"), connection_of(receive))
        if self.plan.latency_ms:
            await asyncio.sleep(self.plan.latency_ms / 1000)
        fault = self.plan.take(path)
        if fault is None:
            await self.app(scope, receive, send)
        elif fault.kind == "status":
            await _send_status(send, fault)
        elif fault.kind == "drop":
            await _send_broken(send, b"")
        elif fault.kind == "spike":
            await self.app(scope, receive, _delayed(send, fault.delay_ms / 1000))
        else:
            body = await _capture(self.app, scope, receive)
            await _send_broken(send, body if fault.kind == "truncate" else b"", fault.kind == "truncate")

    async def _control(self, scope: Scope, receive: Receive, send: Send) -> None:
        action = scope["path"][len(CONTROL_PREFIX) :]
        method: str = scope["method"]
        body = await _read_body(receive)
        refusal = self._refusal(scope, method)
        if refusal is not None:
            status, message = refusal
            await _send_json(send, status, {"error": message})
            return
        routes = {("stats", "GET"), ("faults", "GET"), ("faults", "POST"), ("reset", "POST")}
        if (action, method) not in routes:
            known = any(name == action for name, _ in routes)
            status = 405 if known else 404
            await _send_json(send, status, {"error": "method not allowed" if known else "unknown control path"})
            return
        if action == "stats":
            await _send_json(send, 200, self.plan.stats(self.side_effects))
        elif action == "reset":
            self.plan.reset()
            if self.side_effects is not None:
                self.side_effects.reset()
            await _send_json(send, 200, self.plan.stats(self.side_effects))
        elif method == "GET":
            await _send_json(send, 200, self.plan.knobs())
        else:
            try:
                knobs = json.loads(body or b"{}")
                if not isinstance(knobs, dict):
                    raise ValueError("the body must be a JSON object of knobs")
                self.plan.configure(knobs)  # pyright: ignore[reportUnknownArgumentType]
            except ValueError as error:
                await _send_json(send, 400, {"error": str(error), "knobs": sorted(FaultPlan.KNOBS)})
                return
            await _send_json(send, 200, self.plan.knobs())

    def _refusal(self, scope: Scope, method: str) -> tuple[int, str] | None:
        """Why a control request is refused (status and message), or ``None`` when it may proceed."""
        headers = _headers(scope)
        if not host_is_local(headers.get("host", ""), self.allowed_hosts):
            return 403, "the control channel answers only loopback or IP-literal Host names"
        if "origin" in headers or headers.get("sec-fetch-site", "none") not in ("none", "same-origin"):
            return 403, "the control channel does not answer web pages"
        given = headers.get(CONTROL_TOKEN_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.control_token.encode()):
            return 401, "the control channel needs the X-Sandbox-Token printed by `resourcekit sandbox serve`"
        media_type = headers.get("content-type", "").partition(";")[0].strip().lower()
        if method == "POST" and media_type not in ("", "application/json"):
            return 415, "control requests send application/json"
        return None


def new_control_token() -> str:
    """A fresh random control token."""
    return secrets.token_urlsafe(24)


def host_is_local(host: str, allowed: Collection[str] = ()) -> bool:
    """Whether a ``Host`` header names ``localhost``, an IP literal or one of ``allowed``.

    A DNS name other than these could be a web page's own name re-pointed at 127.0.0.1 (DNS
    rebinding); an IP literal or ``localhost`` cannot.
    """
    name = host.strip().lower()
    if name.startswith("["):
        name = name[1 : name.find("]")] if "]" in name else ""
    else:
        name = name.rpartition(":")[0] if name.count(":") == 1 else name
    if not name:
        return False
    if name == "localhost" or name in allowed:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _headers(scope: Scope) -> dict[str, str]:
    return {bytes(key).decode("latin-1").lower(): bytes(value).decode("latin-1") for key, value in scope["headers"]}


_UNSEEN: Any = object()


def _reference(connection: object) -> Callable[[], object]:
    """A weak reference when the object allows one (a dead one never matches a new connection)."""
    try:
        return weakref.ref(connection)
    except TypeError:
        return lambda: connection


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _send_json(send: Send, status: int, payload: Any) -> None:
    body = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _delayed(send: Send, seconds: float) -> Send:
    """A ``send`` that holds the reply's start back for ``seconds`` (the emulator has acted)."""

    async def delayed_send(message: Message) -> None:
        if message["type"] == "http.response.start":
            await asyncio.sleep(seconds)
        await send(message)

    return delayed_send


async def _send_status(send: Send, fault: Fault) -> None:
    headers = [(b"content-type", b"application/json")]
    if fault.retry_after is not None:
        headers.append((b"retry-after", str(fault.retry_after).encode()))
    elif fault.retry_after_date is not None:
        date = email.utils.formatdate(time.time() + fault.retry_after_date, usegmt=True)
        headers.append((b"retry-after", date.encode()))
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
