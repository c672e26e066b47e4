"""Reading a whole reply: plain bodies are counted as they arrive, coded ones as they are decoded,
and a failure while the reply is closed is a typed error like one while it is read."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator

import httpx
import pytest

from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core.errors import ConnectionError, ResponseTooLargeError
from resourcekit.core.options import TransportOptions
from resourcekit.core.request import RequestSpec


class _Body(httpx.AsyncByteStream):
    """A reply body in given chunks; closing it may fail as a dropped connection does, and the
    process may run out of memory once the chunks are read."""

    def __init__(self, chunks: list[bytes], *, close_fails: bool = False, memory_runs_out: bool = False) -> None:
        self.chunks = chunks
        self.close_fails = close_fails
        self.memory_runs_out = memory_runs_out
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk
        if self.memory_runs_out:
            raise MemoryError

    async def aclose(self) -> None:
        self.closed = True
        if self.close_fails:
            raise httpx.ReadError("connection reset while closing")


class _Backend(httpx.AsyncBaseTransport):
    def __init__(self, body: _Body, headers: list[tuple[bytes, bytes]]) -> None:
        self.body = body
        self.headers = headers

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=self.headers, stream=self.body)


def _transport(backend: _Backend, limit: int = 1000) -> AsyncTransport:
    options = TransportOptions(base_url="http://127.0.0.1:9", max_retries=0, max_response_bytes=limit)
    return AsyncTransport(options, http_transport=backend)


@pytest.mark.anyio
async def test_a_plain_body_in_chunks_is_read_whole_and_released() -> None:
    body = _Body([b'{"a":', b"", b"1}"])
    async with _transport(_Backend(body, [(b"Content-Type", b"application/json")])) as transport:
        reply = await transport.request(RequestSpec("GET", "/x"))
    assert reply.content == b'{"a":1}'
    assert reply.parsed == {"a": 1}
    assert body.closed


@pytest.mark.anyio
@pytest.mark.parametrize("sizes", [[1001], [600, 401], [1000, 1]])
async def test_a_plain_body_past_the_limit_is_refused(sizes: list[int]) -> None:
    body = _Body([b"x" * size for size in sizes])
    async with _transport(_Backend(body, [])) as transport:
        with pytest.raises(ResponseTooLargeError) as caught:
            await transport.request(RequestSpec("GET", "/x"))
    assert caught.value.limit == 1000
    assert body.closed


@pytest.mark.anyio
async def test_a_plain_body_of_exactly_the_limit_is_read() -> None:
    async with _transport(_Backend(_Body([b"x" * 600, b"y" * 400]), [])) as transport:
        reply = await transport.request(RequestSpec("GET", "/x"))
    assert reply.content == b"x" * 600 + b"y" * 400


@pytest.mark.anyio
async def test_a_declared_length_past_the_limit_is_refused_before_reading() -> None:
    body = _Body([b"x"])
    async with _transport(_Backend(body, [(b"Content-Length", b"5000")])) as transport:
        with pytest.raises(ResponseTooLargeError):
            await transport.request(RequestSpec("GET", "/x"))
    assert body.closed


@pytest.mark.anyio
async def test_a_coded_body_is_counted_decoded() -> None:
    coded = gzip.compress(b"z" * 5000)
    assert len(coded) < 1000
    backend = _Backend(_Body([coded]), [(b"Content-Encoding", b"gzip"), (b"Content-Length", str(len(coded)).encode())])
    async with _transport(backend) as transport:
        with pytest.raises(ResponseTooLargeError):
            await transport.request(RequestSpec("GET", "/x"))
    async with _transport(backend, limit=10_000) as transport:
        reply = await transport.request(RequestSpec("GET", "/x"))
    assert reply.content == b"z" * 5000
    assert "content-encoding" not in reply.headers


@pytest.mark.anyio
async def test_a_failure_while_closing_the_reply_is_a_typed_error() -> None:
    body = _Body([b"{}"], close_fails=True)
    async with _transport(_Backend(body, [])) as transport:
        with pytest.raises(ConnectionError, match="connection reset while closing") as caught:
            await transport.request(RequestSpec("GET", "/x"))
    assert caught.value.sent
    assert body.closed


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("chunks", "headers", "decoded"),
    [
        ([b"x" * 300, b"y" * 200], [], 500),
        ([gzip.compress(b"z" * 700)], [(b"Content-Encoding", b"gzip")], 700),
    ],
    ids=["plain", "gzip"],
)
async def test_running_out_of_memory_while_reading_refuses_the_reply(
    chunks: list[bytes], headers: list[tuple[bytes, bytes]], decoded: int
) -> None:
    body = _Body(chunks, memory_runs_out=True)
    async with _transport(_Backend(body, headers)) as transport:
        with pytest.raises(ResponseTooLargeError, match=f"memory ran out after {decoded} decoded bytes") as caught:
            await transport.request(RequestSpec("GET", "/x"))
    assert caught.value.limit == decoded
    assert body.closed
