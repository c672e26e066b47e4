"""Time budgets: one attempt end to end, a whole call across retries, a stream while it is read.

httpx's timeouts bound each socket operation, so a server that drips one byte just inside the read
timeout holds a call for as long as it likes. An `AttemptBudget` stands in for the timeout mapping
that httpx hands its transport in ``request.extensions["timeout"]``: every time the backend asks
how long the next connect, write or read may take, it answers with what is left of the attempt (and
of the call's deadline), so the phases together can never outlast it.

A call's deadline (retries and ``Retry-After`` waits included) comes from the client's
``deadline`` option, or from the innermost `deadline()` block around the call.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from operator import attrgetter

import httpx

from resourcekit.core.errors import InvalidInputError

MIN_WAIT = 0.001
"""What a phase gets once its budget is spent: long enough for the backend to raise its own
timeout (a zero would switch a socket to non-blocking mode instead)."""

DEFAULT_STREAM_IDLE_TIMEOUT = 120.0
"""Seconds a streamed reply may send nothing before the read fails with `TimeoutError`."""

_PHASES = ("connect", "read", "write", "pool")

_PHASE_READERS: dict[str, Callable[[httpx.Timeout], float | None]] = {phase: attrgetter(phase) for phase in _PHASES}
"""How each phase's timeout is read off an `httpx.Timeout`."""

_call_deadline: ContextVar[float | None] = ContextVar("resourcekit_call_deadline", default=None)


def check_seconds(name: str, value: float | None) -> None:
    """Refuse a time setting that is not a positive, finite number of seconds."""
    if value is not None and not (isinstance(value, int | float) and math.isfinite(value) and value > 0):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"{name} must be a positive number of seconds")


@contextmanager
def deadline(seconds: float) -> Generator[None, None, None]:
    """Bound every call made inside the block, retries and waits included, to end within ``seconds``
    of entering it (a nested block can only shorten it)::

        with deadline(10):
            bill = ovh.me.bills.get("FR123")

    A call still running at the deadline raises `TimeoutError`; a retry whose wait would pass it is
    not attempted (a ``Retry-After`` that would raises `RateLimitError` at once).
    """
    check_seconds("deadline", seconds)
    ends_at = time.monotonic() + seconds
    outer = _call_deadline.get()
    token = _call_deadline.set(ends_at if outer is None else min(outer, ends_at))
    try:
        yield
    finally:
        _call_deadline.reset(token)


def call_ends_at(client_deadline: float | None, started: float) -> float | None:
    """The monotonic time a call started at ``started`` must end by, or ``None`` when unbounded."""
    ends = _call_deadline.get()
    if client_deadline is not None:
        own = started + client_deadline
        ends = own if ends is None else min(ends, own)
    return ends


def attempt_seconds(timeout: httpx.Timeout) -> float | None:
    """How long one attempt may take end to end: the longest phase timeout set, or ``None`` when the
    read timeout is unset (a reply may then take as long as it needs)."""
    if timeout.read is None:
        return None
    return max(value for value in (timeout.connect, timeout.read, timeout.write, timeout.pool) if value is not None)


class BudgetedSeconds(float):
    """A phase timeout that also carries the monotonic time its attempt must end by.

    httpcore reads a phase's timeout once and hands the same value to every socket operation of
    the phase; carrying the end along lets each operation wait only for what is left
    (`seconds_left`).
    """

    ends_at: float

    def __new__(cls, seconds: float, ends_at: float) -> BudgetedSeconds:
        value = float.__new__(cls, seconds)
        value.ends_at = ends_at
        return value


def seconds_left(timeout: float | None) -> float | None:
    """How long one socket operation may wait: ``timeout``, cut to what is left of its attempt when
    it is a `BudgetedSeconds` (never below `MIN_WAIT`)."""
    if isinstance(timeout, BudgetedSeconds):
        return min(float(timeout), max(timeout.ends_at - time.monotonic(), MIN_WAIT))
    return timeout


class AttemptBudget(Mapping[str, float | None]):
    """The per-phase timeouts of one attempt, shrinking as the attempt's time runs out.

    Args:
        timeout: The per-operation timeouts.
        ends_at: The monotonic time by which the attempt must be over (``None``: no bound).
    """

    ends_at: float | None
    """The monotonic time by which the attempt (or, once streaming, the stream) must be over."""

    def __init__(self, timeout: httpx.Timeout, ends_at: float | None) -> None:
        self._timeout = timeout
        self.ends_at = ends_at
        self._idle: float | None = None
        self._streaming = False

    def start_streaming(self, idle: float | None, ends_at: float | None) -> None:
        """After the headers of a streamed reply: each read may wait ``idle`` seconds, and the whole
        stream must end by ``ends_at`` (``None``: as long as data keeps coming)."""
        self._streaming = True
        self._idle = idle
        self.ends_at = ends_at

    def get(self, key: str, default: float | None = None) -> float | None:  # type: ignore[override]
        # Asked several times per attempt (once per phase by httpcore): kept to a few steps.
        if key not in _PHASE_READERS:
            return default
        seconds = self.seconds_left(key)
        ends_at = self.ends_at
        if ends_at is None or seconds is None:
            return seconds
        return BudgetedSeconds(seconds, ends_at)

    def seconds_left(self, key: str) -> float | None:
        """`seconds_left` of ``get(key)``, as a plain number: what a backend that asks only once
        per phase (aiohttp) waits."""
        read_phase = _PHASE_READERS[key]
        base = self._idle if self._streaming and key == "read" else read_phase(self._timeout)
        ends_at = self.ends_at
        if ends_at is None:
            return base
        left = ends_at - time.monotonic()
        if left < MIN_WAIT:
            left = MIN_WAIT
        return left if base is None or left < base else base

    def __getitem__(self, key: str) -> float | None:
        if key not in _PHASE_READERS:
            raise KeyError(key)
        return self.get(key)

    def __iter__(self) -> Iterator[str]:
        return iter(_PHASES)

    def __len__(self) -> int:
        return len(_PHASES)


def phase_seconds_left(timeouts: Mapping[str, float | None], phase: str) -> float | None:
    """`seconds_left` of the ``phase`` timeout in a request's ``timeout`` extension (an
    `AttemptBudget` answers directly, without the `BudgetedSeconds` it hands httpcore)."""
    if type(timeouts) is AttemptBudget:
        return timeouts.seconds_left(phase)
    return seconds_left(timeouts.get(phase))
