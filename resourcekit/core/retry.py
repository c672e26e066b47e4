"""When to send a request again, and how long to wait first. Pure functions, no I/O.

The policy (see the design's "Retries"):

- always retried, because they prove nothing was processed: failures before the request left
  (connect errors, connect and pool timeouts) and the statuses 408, 429 and 503;
- retried only when the request is idempotent: 502 and 504 (a gateway answers them after the
  backend may have acted, so a write could be applied twice), read/write timeouts, broken
  connections after sending, other 5xx and the provider's temporary errors;
- a ``Retry-After`` / ``retry-after-ms`` of up to 120 s is honoured exactly; a longer one is not
  waited for: the call raises `RateLimitError` with ``retry_after`` set;
- otherwise the wait is ``min(0.5 * 2**n, 8) * uniform(0.75, 1)`` for the n-th retry (from 0).
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from resourcekit.core.errors import APIError, TransportError

ALWAYS_RETRIED_STATUSES = frozenset({408, 429, 503})
_ALREADY_RETRIED = "_resourcekit_already_retried"
MAX_RETRY_AFTER = 120.0
CLOCK_SKEW_TOLERANCE = 5.0
"""Seconds a reply's ``Date`` may differ from our clock before we trust its clock instead (HTTP
dates have whole seconds, and the reply took some time to arrive)."""


def parse_retry_after(headers: Mapping[str, str], now: Callable[[], float] = time.time) -> float | None:
    """Seconds the server asked us to wait, from ``retry-after-ms`` or ``Retry-After``.

    ``Retry-After`` may be seconds or an HTTP date. A date is measured from ``now()``, unless the
    reply's own ``Date`` header shows the two clocks disagree by more than `CLOCK_SKEW_TOLERANCE`:
    then from that header, so a client clock that is off neither stretches nor cuts the wait.
    Unparseable, negative or non-finite values count as absent.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    milliseconds = lowered.get("retry-after-ms")
    if milliseconds is not None:
        try:
            value = float(milliseconds) / 1000
        except ValueError:
            value = math.nan
        if math.isfinite(value) and value >= 0:
            return value
    header = lowered.get("retry-after")
    if header is None:
        return None
    try:
        value = float(header)
    except ValueError:
        until = _http_date(header)
        if until is None:
            return None
        reference = now()
        sent = _http_date(lowered.get("date", ""))
        if sent is not None and abs(sent - reference) > CLOCK_SKEW_TOLERANCE:
            reference = sent
        return max(until - reference, 0.0)
    return value if math.isfinite(value) and value >= 0 else None


def _http_date(text: str) -> float | None:
    """The timestamp of an HTTP date, or ``None`` when ``text`` is not one."""
    try:
        if email.utils.parsedate_tz(text) is None:
            return None
        return email.utils.parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, OverflowError):
        return None


def mark_already_retried(error: BaseException) -> BaseException:
    """Mark an error that went through retries of its own (an auth request made while preparing
    another one), so that the outer request does not multiply them."""
    setattr(error, _ALREADY_RETRIED, True)
    return error


@dataclass(frozen=True)
class RetryPolicy:
    """Decides whether a failed attempt is sent again, and after how long.

    Attributes:
        max_retries: Retries after the first attempt.
        base_delay: The first backoff step in seconds.
        max_delay: The cap of the backoff.
        max_retry_after: The longest server-requested wait that is honoured.
    """

    max_retries: int = 2
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = MAX_RETRY_AFTER

    def is_retryable(self, error: BaseException, *, idempotent: bool) -> bool:
        """Whether ``error`` may be retried, ignoring how many retries are left."""
        if getattr(error, _ALREADY_RETRIED, False):
            return False
        if isinstance(error, TransportError):
            return idempotent or not error.sent
        if isinstance(error, APIError):
            if error.retry_after is not None and error.retry_after > self.max_retry_after:
                return False
            if error.status in ALWAYS_RETRIED_STATUSES:
                return True
            return idempotent and (error.temporary or (error.status is not None and error.status >= 500))
        return False

    def delay(self, retries_taken: int, error: BaseException | None, rng: random.Random | None = None) -> float:
        """Seconds to wait before retry number ``retries_taken + 1``."""
        retry_after = error.retry_after if isinstance(error, APIError) else None
        if retry_after is not None and 0 < retry_after <= self.max_retry_after:
            return retry_after
        jitter = (rng or random).uniform(0.75, 1.0)
        return min(self.base_delay * 2**retries_taken, self.max_delay) * jitter

    def exceeds_retry_after(self, error: APIError) -> bool:
        """A retryable failure whose server-requested wait is too long to honour."""
        return error.retry_after is not None and error.retry_after > self.max_retry_after
