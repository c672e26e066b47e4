"""A log or event stream line that never ends is refused instead of filling memory (real HTTP)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from resourcekit.core.errors import ResponseTooLargeError
from resourcekit.core.options import DEFAULT_MAX_LINE_BYTES
from resourcekit.sandbox.hookio.state import Topic
from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import wait_until

LIMIT = 64 * 1024


@pytest.fixture
def endless_logs(sandbox: RunningSandbox) -> Iterator[Topic]:
    """The seeded ``marak/echo`` log stream, sending 16 times the test's limit without a line end."""
    topic = sandbox.emulator.state.hook_logs("marak", "echo")
    topic.endless_line_bytes = 16 * LIMIT
    yield topic
    topic.endless_line_bytes = 0


@pytest.mark.anyio
async def test_a_log_line_past_max_line_bytes_is_refused(sandbox: RunningSandbox, endless_logs: Topic) -> None:
    async with sandbox.async_client(max_line_bytes=LIMIT) as hookio:
        assert hookio.transport.options.max_line_bytes == LIMIT
        with pytest.raises(ResponseTooLargeError, match=f"max_line_bytes={LIMIT}") as refused:
            await hookio.hooks.logs("marak/echo").stream().take(1)
        assert refused.value.limit == LIMIT
        # Never reconnected: the server would only send the same line again.
        with pytest.raises(ResponseTooLargeError):
            await hookio.hooks.logs("marak/echo").stream(reconnect=True).take(1)
    assert wait_until(lambda: not endless_logs._waiters)  # pyright: ignore[reportPrivateUsage]


@pytest.mark.anyio
async def test_the_default_bound_refuses_a_line_over_one_mebibyte(sandbox: RunningSandbox) -> None:
    topic = sandbox.emulator.state.owner_events("marak")
    topic.endless_line_bytes = DEFAULT_MAX_LINE_BYTES + 2 * LIMIT
    try:
        async with sandbox.async_client() as hookio:
            with pytest.raises(ResponseTooLargeError, match=f"max_line_bytes={DEFAULT_MAX_LINE_BYTES}"):
                await hookio.events.stream("marak").take(1)
    finally:
        topic.endless_line_bytes = 0


@pytest.mark.anyio
async def test_streams_work_again_once_lines_end(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client(max_line_bytes=LIMIT) as hookio:
        hook = await hookio.hooks.get("marak/echo")
        await hook.run({"bounded": "yes"})
        entries = await hookio.hooks.logs("marak/echo").stream().take(1)
        assert len(entries) == 1
