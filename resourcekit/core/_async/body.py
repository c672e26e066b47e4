"""A reply body as the caller reads it: decoded by us with a bound, failures typed.

The transport puts a `AsyncDecodedBody` in place of the backend's body stream, so reading a whole
reply and iterating a streamed one go through the same decoder, the same size bound on decoded
bytes and the same error mapping (a truncated stream is a `ConnectionError`, a garbled gzip a
`ResponseValidationError`, running out of memory a `ResponseTooLargeError`).

A whole reply without a content coding (nearly every one) is read by `read_plain_body`, which
gives the same bound and the same errors without putting a stream in front of the backend's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx

from resourcekit.core.decoding import BodyDecoder, memory_ran_out_error, too_large_error
from resourcekit.core.errors import ResourceKitError


class AsyncDecodedBody(httpx.AsyncByteStream):
    """``stream`` run through ``decoder``; httpx failures become ``fail(error)``."""

    def __init__(
        self,
        stream: httpx.AsyncByteStream,
        decoder: BodyDecoder,
        fail: Callable[[httpx.HTTPError], ResourceKitError],
    ) -> None:
        self._stream = stream
        self._decoder = decoder
        self._fail = fail

    async def __aiter__(self) -> AsyncIterator[bytes]:
        decoder = self._decoder
        try:
            if decoder.is_plain:
                # Nearly every reply: the chunks only need counting, without the decoder's layers
                # of generators around each one (what `decode` and `finish` give for a plain body).
                async for chunk in self._stream:
                    if chunk:
                        decoder.count(chunk)
                        yield chunk
                return
            async for chunk in self._stream:
                for piece in decoder.decode(chunk):
                    yield piece
            for piece in decoder.finish():
                yield piece
        except httpx.HTTPError as error:
            raise self._fail(error) from error
        except MemoryError:
            # The process ran short while a reply was being read: refuse the reply, keep running.
            raise memory_ran_out_error(decoder.decoded) from None

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        except httpx.HTTPError as error:
            raise self._fail(error) from error


async def read_plain_body(
    stream: httpx.AsyncByteStream, limit: int, fail: Callable[[httpx.HTTPError], ResourceKitError]
) -> bytes:
    """All of a body sent without a content coding, refused once it is longer than ``limit`` bytes;
    httpx failures become ``fail(error)``, as `AsyncDecodedBody` makes them."""
    pieces: list[bytes] = []
    size = 0
    try:
        async for chunk in stream:
            size += len(chunk)
            if size > limit:
                raise too_large_error(limit)
            pieces.append(chunk)
    except httpx.HTTPError as error:
        raise fail(error) from error
    except MemoryError:
        raise memory_ran_out_error(size) from None
    return b"".join(pieces)


async def close_reply(response: httpx.Response, fail: Callable[[httpx.HTTPError], ResourceKitError]) -> None:
    """Close ``response`` (releasing its connection) as ``Response.aclose()`` would, with a failure
    while closing typed like one while reading."""
    if response.is_closed:
        return
    response.is_closed = True
    stream = response.stream
    assert isinstance(stream, httpx.AsyncByteStream)
    try:
        await stream.aclose()
    except httpx.HTTPError as error:
        raise fail(error) from error
