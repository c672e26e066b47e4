"""Attempt budgets and call deadlines, with the clock under the test's control."""

from __future__ import annotations

import httpx
import pytest

from resourcekit.core import deadlines
from resourcekit.core.deadlines import (
    MIN_WAIT,
    AttemptBudget,
    BudgetedSeconds,
    attempt_seconds,
    call_ends_at,
    deadline,
    seconds_left,
)
from resourcekit.core.errors import (
    ConfigurationError,
    ConnectionError,
    InvalidInputError,
    ResponseValidationError,
    TimeoutError,
    TransportError,
)
from resourcekit.core.failures import map_http_failure


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(deadlines.time, "monotonic", fake)
    return fake


def test_an_attempt_lasts_as_long_as_its_longest_phase() -> None:
    assert attempt_seconds(httpx.Timeout(3.0)) == 3.0
    assert attempt_seconds(httpx.Timeout(60.0, connect=5.0)) == 60.0
    assert attempt_seconds(httpx.Timeout(None, connect=5.0)) is None


def test_each_phase_gets_what_is_left_of_the_attempt(clock: Clock) -> None:
    budget = AttemptBudget(httpx.Timeout(10.0, connect=2.0), ends_at=clock.now + 3.0)
    assert budget["connect"] == 2.0
    assert budget.get("read") == 3.0
    clock.now += 2.5
    read = budget.get("read")
    assert isinstance(read, BudgetedSeconds) and read == pytest.approx(0.5)
    # httpcore reads a phase's timeout once; each socket operation asks what is left of it.
    clock.now += 0.4
    assert seconds_left(read) == pytest.approx(0.1)
    clock.now += 5
    assert seconds_left(read) == MIN_WAIT
    assert budget.get("unknown", 7.0) == 7.0
    assert dict(budget).keys() == {"connect", "read", "write", "pool"}


def test_an_unbounded_budget_hands_out_the_plain_timeouts() -> None:
    budget = AttemptBudget(httpx.Timeout(4.0), ends_at=None)
    assert budget.get("read") == 4.0 and not isinstance(budget.get("read"), BudgetedSeconds)
    assert seconds_left(4.0) == 4.0 and seconds_left(None) is None


def test_a_stream_switches_to_its_idle_timeout(clock: Clock) -> None:
    budget = AttemptBudget(httpx.Timeout(10.0), ends_at=clock.now + 10)
    budget.start_streaming(idle=30.0, ends_at=None)
    assert budget.get("read") == 30.0
    budget.start_streaming(idle=30.0, ends_at=clock.now + 5)
    assert budget.get("read") == 5.0


def test_deadline_blocks_nest_and_only_shorten(clock: Clock) -> None:
    assert call_ends_at(None, clock.now) is None
    assert call_ends_at(20.0, clock.now) == clock.now + 20
    with deadline(10):
        assert call_ends_at(None, clock.now) == clock.now + 10
        assert call_ends_at(5.0, clock.now) == clock.now + 5
        with deadline(60):
            assert call_ends_at(None, clock.now) == clock.now + 10
    assert call_ends_at(None, clock.now) is None


@pytest.mark.parametrize("seconds", [0, -1, float("nan"), float("inf")])
def test_a_deadline_must_be_a_positive_finite_number(seconds: float) -> None:
    with pytest.raises(InvalidInputError), deadline(seconds):
        pass


@pytest.mark.parametrize(
    ("error", "kind", "sent"),
    [
        (httpx.ConnectError("refused"), ConnectionError, False),
        (httpx.ConnectTimeout("slow"), TimeoutError, False),
        (httpx.PoolTimeout("busy"), TimeoutError, False),
        (httpx.ProxyError("proxy"), ConnectionError, False),
        (httpx.ReadTimeout("drip"), TimeoutError, True),
        (httpx.WriteTimeout("slow"), TimeoutError, True),
        (
            httpx.RemoteProtocolError("peer closed connection without sending complete message body"),
            ConnectionError,
            True,
        ),
        (httpx.ReadError("reset"), ConnectionError, True),
    ],
)
def test_http_failures_map_onto_the_tree_with_what_they_prove(
    error: httpx.HTTPError, kind: type[Exception], sent: bool
) -> None:
    mapped = map_http_failure(error, "POST", "https://api.example/x")
    assert isinstance(mapped, kind) and isinstance(mapped, TransportError)
    assert mapped.sent is sent


def test_other_http_failures_have_their_own_branches() -> None:
    assert isinstance(map_http_failure(httpx.UnsupportedProtocol("ftp"), "GET", "ftp://x"), ConfigurationError)
    assert isinstance(map_http_failure(httpx.LocalProtocolError("bad header"), "GET", "/"), InvalidInputError)
    assert isinstance(map_http_failure(httpx.DecodingError("garbled"), "GET", "/"), ResponseValidationError)
