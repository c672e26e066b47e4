"""Table tests for every branch of the retry policy."""

from __future__ import annotations

import random
from datetime import datetime, timezone
from email.utils import format_datetime

import pytest

from resourcekit.core.errors import (
    APIError,
    BadRequestError,
    ConflictError,
    ConnectionError,
    RateLimitError,
    ServerError,
    TimeoutError,
)
from resourcekit.core.retry import RetryPolicy, mark_already_retried, parse_retry_after

POLICY = RetryPolicy()


@pytest.mark.parametrize(
    ("error", "idempotent", "expected"),
    [
        (ConnectionError("refused", sent=False), False, True),
        (ConnectionError("refused", sent=False), True, True),
        (TimeoutError("connect timeout", sent=False), False, True),
        (TimeoutError("read timeout", sent=True), False, False),
        (TimeoutError("read timeout", sent=True), True, True),
        (ConnectionError("reset after send", sent=True), False, False),
        (ConnectionError("reset after send", sent=True), True, True),
        *[(APIError("x", status=status), False, True) for status in (408, 429, 503)],
        # A gateway's 502/504 may come after the backend acted: only an idempotent call repeats.
        *[(APIError("x", status=status), False, False) for status in (502, 504)],
        *[(APIError("x", status=status), True, True) for status in (502, 504)],
        (ServerError("x", status=500), False, False),
        (ServerError("x", status=500), True, True),
        (ServerError("x", status=501), True, True),
        (BadRequestError("x"), True, False),
        (ConflictError("x"), True, False),
        (APIError("temporary", status=200, temporary=True), True, True),
        (APIError("temporary", status=200, temporary=True), False, False),
        (RateLimitError("slow down", retry_after=120), False, True),
        (RateLimitError("slow down", retry_after=121), False, False),
        (mark_already_retried(ConnectionError("login failed", sent=False)), True, False),
        (ValueError("not ours"), True, False),
    ],
)
def test_is_retryable(error: BaseException, idempotent: bool, expected: bool) -> None:
    assert POLICY.is_retryable(error, idempotent=idempotent) is expected


@pytest.mark.parametrize(
    ("retries_taken", "low", "high"),
    [(0, 0.375, 0.5), (1, 0.75, 1.0), (2, 1.5, 2.0), (3, 3.0, 4.0), (4, 6.0, 8.0), (5, 6.0, 8.0), (10, 6.0, 8.0)],
)
def test_backoff_is_capped_with_jitter(retries_taken: int, low: float, high: float) -> None:
    rng = random.Random(7)
    for _ in range(50):
        assert low <= POLICY.delay(retries_taken, ServerError("x"), rng) <= high


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [(3.0, 3.0), (120.0, 120.0), (0.25, 0.25), (0.0, None), (121.0, None)],
)
def test_delay_honours_retry_after_up_to_the_limit(retry_after: float, expected: float | None) -> None:
    delay = POLICY.delay(0, RateLimitError("x", retry_after=retry_after), random.Random(1))
    if expected is None:
        assert 0.375 <= delay <= 0.5
    else:
        assert delay == expected


NOW = 1_700_000_000.0


def _http_date(timestamp: float) -> str:
    return format_datetime(datetime.fromtimestamp(timestamp, tz=timezone.utc), usegmt=True)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"Retry-After": "5"}, 5.0),
        ({"retry-after": "2.5"}, 2.5),
        ({"Retry-After-Ms": "1500"}, 1.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after-ms": "nope", "retry-after": "9"}, 9.0),
        ({"retry-after": "-1"}, None),
        ({"retry-after": "inf"}, None),
        ({"retry-after": "soon"}, None),
        ({"retry-after": format_datetime(datetime.fromtimestamp(NOW + 30, tz=timezone.utc), usegmt=True)}, 30.0),
        ({"retry-after": format_datetime(datetime.fromtimestamp(NOW - 30, tz=timezone.utc), usegmt=True)}, 0.0),
        # The server's clock runs 1000 s ahead of ours: its Date header is the reference, not now().
        ({"retry-after": _http_date(NOW + 1030), "date": _http_date(NOW + 1000)}, 30.0),
        ({"retry-after": _http_date(NOW + 30), "date": "not a date"}, 30.0),
        ({"retry-after": _http_date(NOW + 30), "date": _http_date(NOW + 3)}, 30.0),  # within tolerance
        ({"retry-after": "Mon, 99 Foo 99999 99:99:99 GMT"}, None),
    ],
)
def test_parse_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(headers, now=lambda: NOW) == expected


def test_exceeds_retry_after() -> None:
    assert POLICY.exceeds_retry_after(ServerError("x", retry_after=500))
    assert not POLICY.exceeds_retry_after(ServerError("x", retry_after=60))
    assert not POLICY.exceeds_retry_after(ServerError("x"))
