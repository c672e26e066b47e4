"""Reading a streamed reply line by line without letting one endless line fill memory."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from resourcekit.core.errors import ResponseTooLargeError


async def async_read_lines(response: httpx.Response, max_line_bytes: int) -> AsyncIterator[str]:
    """Yield the lines of ``response`` as they arrive (without ``\\n`` or ``\\r\\n``).

    Bytes that are not UTF-8 are replaced rather than raised: callers parse each line and report
    what does not fit in their own terms.

    Raises:
        ResponseTooLargeError: A line grew past ``max_line_bytes`` before its end arrived.
    """
    pending = bytearray()
    async for chunk in response.aiter_bytes():
        searched = len(pending)
        pending += chunk
        start = 0
        while (end := pending.find(b"\n", max(start, searched))) != -1:
            _check_length(end - start, max_line_bytes)
            yield _decode(pending[start:end])
            start = end + 1
        del pending[:start]
        _check_length(len(pending), max_line_bytes)
    if pending:
        yield _decode(pending)


def _check_length(length: int, max_line_bytes: int) -> None:
    if length > max_line_bytes:
        raise ResponseTooLargeError(
            f"a streamed line exceeded max_line_bytes={max_line_bytes}; reading stopped", limit=max_line_bytes
        )


def _decode(line: bytearray) -> str:
    text = line.decode("utf-8", errors="replace")
    return text[:-1] if text.endswith("\r") else text
