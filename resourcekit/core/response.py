"""What a call returned, beyond its parsed value: status, headers, request id, retries.

Every call's `APIResponse` can be captured without changing what the call returns:

```python
with capture_responses() as log:
    me = ovh.me.get()
print(log.last.request_id, log.last.retries_taken)
```
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass(frozen=True)
class APIResponse:
    """One completed exchange.

    Attributes:
        method: The HTTP method.
        url: The URL, with secrets masked.
        status_code: The HTTP status.
        headers: The reply headers.
        content: The raw reply body.
        parsed: The body as the provider parsed it (JSON value, command response, text...).
        request_id: The provider's request or query id, if it sent one.
        retries_taken: How many times the request was sent again before this reply.
        elapsed: Seconds from the first attempt to this reply, retries and waits included.
    """

    method: str
    url: str
    status_code: int
    headers: httpx.Headers = field(repr=False)
    # The body may hold session ids or auth codes: never part of the repr.
    content: bytes = field(repr=False)
    parsed: Any = field(repr=False)
    request_id: str | None = None
    retries_taken: int = 0
    elapsed: float = 0.0

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


def completed_exchange(
    method: str,
    url: str,
    status_code: int,
    headers: httpx.Headers,
    content: bytes,
    parsed: Any,
    request_id: str | None,
    retries_taken: int,
    elapsed: float,
) -> APIResponse:
    """``APIResponse(...)`` with every field given, as the transport makes one per call.

    A frozen dataclass's constructor sets each field through ``object.__setattr__``, one call
    apiece; the fields are stored in the instance's ``__dict__`` all the same, so they are set
    there at once here. The instance is as frozen as any other afterwards.
    """
    made = object.__new__(APIResponse)
    made.__dict__.update(
        method=method,
        url=url,
        status_code=status_code,
        headers=headers,
        content=content,
        parsed=parsed,
        request_id=request_id,
        retries_taken=retries_taken,
        elapsed=elapsed,
    )
    return made


class ReadResponse(httpx.Response):
    """A reply whose body the transport has already read, decoded and bounded itself.

    ``Response.aread()`` would walk the body again through httpx's decoder and chunker layers,
    which cost more than the rest of reading a small JSON reply; this reply carries the bytes the
    transport read and answers `content` (and so ``text`` and ``json()``) from them.

    Args:
        reply: The reply as the backend handed it over, with its body consumed.
        body: Its decoded body.
    """

    # Declared here as httpx declares it, so the assignment below does not narrow the public type.
    stream: httpx.SyncByteStream | httpx.AsyncByteStream

    def __init__(self, reply: httpx.Response, body: bytes) -> None:
        # The reply's state (status, headers, request, extensions) is taken over as it is rather
        # than passed through httpx's constructor, which would copy the headers and forget what it
        # has worked out about them: the reply is closed right after and never read again.
        self.__dict__.update(reply.__dict__)
        self.stream = httpx.ByteStream(body)
        self.is_closed = False
        self.is_stream_consumed = False
        self._body = body

    @property
    def content(self) -> bytes:
        return self._body


@dataclass
class ResponseLog:
    """The responses captured inside one `capture_responses()` block, oldest first."""

    responses: list[APIResponse] = field(default_factory=list[APIResponse])

    @property
    def last(self) -> APIResponse:
        """The most recent response; `IndexError` when no call completed."""
        return self.responses[-1]

    def __len__(self) -> int:
        return len(self.responses)

    def __iter__(self) -> Iterator[APIResponse]:
        return iter(self.responses)


_active_logs: ContextVar[tuple[ResponseLog, ...]] = ContextVar("resourcekit_response_logs", default=())


@contextmanager
def capture_responses() -> Generator[ResponseLog, None, None]:
    """Collect the `APIResponse` of every call made inside the block (nested blocks each see theirs).

    Tasks started inside the block record into it too, since they inherit the context.
    """
    log = ResponseLog()
    token = _active_logs.set((*_active_logs.get(), log))
    try:
        yield log
    finally:
        _active_logs.reset(token)


def record_response(response: APIResponse) -> None:
    """Hand a finished response to every active capture (the transport calls this)."""
    for log in _active_logs.get():
        log.responses.append(response)
