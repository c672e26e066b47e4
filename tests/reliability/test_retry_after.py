"""``Retry-After`` (seconds or an HTTP date) and ``retry-after-ms`` are honoured within 10%;
a wait above 120 s is not: the call raises `RateLimitError` with ``retry_after`` at once.

Each provider's client gets a 429 or 503 carrying each form, with a recording sleep (the requested
wait is checked, nothing is waited for). Then one real-time check per form, with small waits,
measures the wall time of the whole call: the one timing check of the suite, with margins of 10%
of the wait (at least 50 ms) for two loopback requests on a loaded machine.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from resourcekit.core.errors import APIError, RateLimitError
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import RunningSandbox, run_sandbox
from tests.reliability.test_faults import RecordingSleep, reads

PROVIDERS = ("hexonet", "ovh", "exosite", "hookio", "siminars")
TOLERANCE = 0.10
DATE_SECONDS = 30.0


@pytest.fixture(scope="module", params=PROVIDERS)
def served(request: pytest.FixtureRequest) -> Iterator[RunningSandbox]:
    with run_sandbox(request.param, settings=SandboxSettings(seed_size=3)) as sandbox:
        yield sandbox


def one_read(sandbox: RunningSandbox, client: Any) -> Callable[[], Any]:
    call = reads(sandbox.provider.name, client)[0]
    call()  # logins, time syncs and route tables happen here, before any fault
    return call


def within(value: float, expected: float, tolerance: float = TOLERANCE) -> bool:
    return abs(value - expected) <= tolerance * expected


@pytest.mark.parametrize("status", [429, 503])
def test_each_form_is_honoured(served: RunningSandbox, status: int, reliability_figures: Callable[..., None]) -> None:
    plan = served.faults
    plan.reset()
    sleep = RecordingSleep()
    with served.client(max_retries=2, sleep=sleep) as client:
        call = one_read(served, client)
        plan.fail_next(1, status, retry_after=7)
        call()
        plan.fail_next(1, status, retry_after=2.5)  # not integral: accepted as a number of seconds
        call()
        plan.fail_next(1, status, retry_after_ms=1500)
        call()
        plan.fail_next(1, status, retry_after_ms=250, retry_after=60)  # the precise header wins
        call()
        before = time.time()
        plan.fail_next(1, status, retry_after_date=DATE_SECONDS)
        call()
        after = time.time()
    seconds, fractional, milliseconds, both, dated = sleep.delays
    assert (seconds, fractional, milliseconds, both) == (7.0, 2.5, 1.5, 0.25)
    # The server wrote whole seconds of its clock, between before and after, plus 30 s; the client
    # measured from its clock when the reply came: the wait lies in these bounds, and within 10%.
    earliest = int(before + DATE_SECONDS) - after
    latest = int(after + DATE_SECONDS) - before
    assert earliest <= dated <= latest
    assert within(dated, DATE_SECONDS)
    assert plan.injected["status"] == 5 and plan.statuses[status] == 5
    reliability_figures(
        f"retry_after.{served.provider.name}.{status}",
        seconds_asked=7,
        seconds_waited=seconds,
        ms_asked=1500,
        ms_waited=milliseconds,
        date_asked=DATE_SECONDS,
        date_waited=round(dated, 3),
    )


def test_above_120_seconds_raises_at_once(served: RunningSandbox) -> None:
    plan = served.faults
    plan.reset()
    sleep = RecordingSleep()
    with served.client(max_retries=4, sleep=sleep) as client:
        call = one_read(served, client)
        asked: list[tuple[dict[str, Any], float]] = [
            ({"status": 429, "retry_after": 121}, 121.0),
            ({"status": 503, "retry_after": 3600}, 3600.0),
            ({"status": 429, "retry_after_ms": 120_500}, 120.5),
            ({"status": 503, "retry_after_date": 300}, 300.0),
        ]
        for fault, expected in asked:
            requests = plan.requests
            plan.fail_next(1, **fault)
            with pytest.raises(RateLimitError) as caught:
                call()
            assert plan.requests == requests + 1, fault  # not sent again
            assert caught.value.retry_after is not None and within(caught.value.retry_after, expected), fault
            assert isinstance(caught.value, APIError) and caught.value.status == fault["status"]
        assert sleep.delays == []  # nothing waited for
        # 120 s itself is still honoured.
        plan.fail_next(1, 429, retry_after=120)
        call()
    assert sleep.delays == [120.0]


class TimedSleep:
    """The real sleep, recording what was asked."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        time.sleep(seconds)


@pytest.fixture(scope="module")
def realtime() -> Iterator[RunningSandbox]:
    with run_sandbox("hookio", settings=SandboxSettings(seed_size=3)) as sandbox:
        yield sandbox


def server_time(sandbox: RunningSandbox) -> float:
    """The server's clock, from its ``Date`` header (whole seconds)."""
    reply = httpx.get(f"{sandbox.url}/__sandbox__/stats", headers=sandbox.control_headers())
    parsed = email.utils.parsedate_to_datetime(reply.headers["date"])
    return parsed.timestamp()


@pytest.mark.parametrize("form", ["seconds", "milliseconds", "http_date"])
def test_real_waits_match_the_header(
    realtime: RunningSandbox, form: str, reliability_figures: Callable[..., None]
) -> None:
    plan = realtime.faults
    plan.reset()
    sleep = TimedSleep()
    with realtime.client(max_retries=1, sleep=sleep) as client:
        call = one_read(realtime, client)
        target = 0.0
        if form == "seconds":
            plan.fail_next(1, 503, retry_after=0.5)
        elif form == "milliseconds":
            plan.fail_next(1, 429, retry_after_ms=500)
        else:
            # A date the server computes from its own clock: its Date header plus 2 s.
            target = server_time(realtime) + 2
            plan.fail_next(1, 429, retry_after=email.utils.formatdate(target, usegmt=True))
        started_wall, started = time.time(), time.monotonic()
        call()
        elapsed = time.monotonic() - started
    (asked,) = sleep.delays
    expected = 0.5 if form != "http_date" else target - started_wall
    margin = max(TOLERANCE * expected, 0.05)
    reliability_figures(
        f"retry_after.realtime.{form}",
        expected_s=round(expected, 3),
        asked_s=round(asked, 3),
        elapsed_s=round(elapsed, 3),
    )
    assert abs(asked - expected) <= margin, (asked, expected)
    assert expected - margin <= elapsed <= expected + margin, (elapsed, expected)
