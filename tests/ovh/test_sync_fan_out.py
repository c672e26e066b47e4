"""A sync listing asked for concurrency fetches its objects in a bounded thread pool, over real HTTP.

The sync OVH client lists ids, then fetches each object with ``concurrency`` GETs in flight on
threads sharing the one client, as the async client does with tasks: objects come back in the
order listed, a failed GET is raised where its object would have been, and a consumer that stops
early leaves no queued call to be sent later and no thread behind. Pages of one object each let the
tests see item by item what a page of many would hand out at once.
"""

from __future__ import annotations

import threading
from collections.abc import Generator

import httpx
import pytest

from resourcekit.core.errors import ServerError
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.ovh.state import OVHState
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

BILLS = 12
POOL_PREFIX = "resourcekit-map"


class Recording(httpx.BaseTransport):
    """A real HTTP transport that notes each bill GET and the thread that sent it.

    With ``together`` set, the first ``together`` bill GETs wait for each other before going out,
    so they only pass when that many are in flight at once (a sequential client would break the
    barrier instead).
    """

    def __init__(self, together: int | None = None) -> None:
        self.inner = httpx.HTTPTransport()
        self.barrier = threading.Barrier(together, timeout=30) if together else None
        self.bill_gets: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/1.0/me/bill/"):
            with self.lock:
                self.bill_gets.append((request.url.path.rsplit("/", 1)[1], threading.current_thread().name))
                waits = self.barrier is not None and len(self.bill_gets) <= self.barrier.parties
            if waits and self.barrier is not None:
                self.barrier.wait()
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def pool_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name.startswith(POOL_PREFIX)]


@pytest.fixture(scope="module")
def sandbox() -> Generator[RunningSandbox, None, None]:
    with run_sandbox("ovh", settings=SandboxSettings(seed_size=BILLS)) as running:
        yield running


@pytest.fixture
def bill_ids(sandbox: RunningSandbox) -> list[str]:
    state = sandbox.emulator.state
    assert isinstance(state, OVHState)
    return list(state.bills)


def test_objects_are_fetched_in_parallel_threads_and_come_back_in_order(
    sandbox: RunningSandbox, bill_ids: list[str]
) -> None:
    recording = Recording(together=4)
    with sandbox.client(http_transport=recording, concurrency=4, page_size=5) as ovh:
        bills = ovh.me.bills.list().to_list()
    assert [bill.bill_id for bill in bills] == bill_ids
    assert sorted(key for key, _ in recording.bill_gets) == sorted(bill_ids)
    senders = {thread for _, thread in recording.bill_gets}
    assert len(senders) == 4 and all(name.startswith(POOL_PREFIX) for name in senders)
    assert pool_threads() == []


def test_a_failed_get_is_raised_where_its_object_would_be(sandbox: RunningSandbox, bill_ids: list[str]) -> None:
    broken = bill_ids[5]
    sandbox.faults.fail_next(status=500, path=f"/1.0/me/bill/{broken}")
    received: list[str] = []
    with sandbox.client(concurrency=4, page_size=1, max_retries=0) as ovh:
        listing = iter(ovh.me.bills.list())
        received.extend(next(listing).bill_id for _ in range(5))
        with pytest.raises(ServerError) as caught:
            next(listing)
        del listing
    assert caught.value.status == 500
    assert received == bill_ids[:5]  # everything before it came out, in order
    assert sandbox.faults.pending == 0
    assert pool_threads() == []


def test_stopping_early_cancels_the_calls_not_started(sandbox: RunningSandbox, bill_ids: list[str]) -> None:
    recording = Recording()
    with sandbox.client(http_transport=recording, concurrency=3, page_size=1) as ovh:
        taken: list[str] = []
        for bill in ovh.me.bills.list():
            taken.append(bill.bill_id)
            if len(taken) == 2:
                break
        assert pool_threads() == []  # the running calls were waited for, not left running
    assert taken == bill_ids[:2]
    # The two taken, plus at most a window of three started ahead: the rest were never sent.
    assert 2 <= len(recording.bill_gets) <= 2 + 3
