"""What an IDE sees, checked by pyright (strict) in the test command; never run.

Pages yield records, ``refresh()`` returns the record's own type, async methods are awaitable,
refs fetch their target type, and errors carry typed attributes.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from typing_extensions import assert_type

from resourcekit.core.errors import APIError, RateLimitError, TransportError
from resourcekit.core.pages import AsyncPage, AsyncRef, Ref, SyncPage
from resourcekit.core.response import APIResponse, capture_responses
from tests.core._async.toy_client import AsyncNote, AsyncToy
from tests.core._sync.toy_client import Note, Toy


def sync_shapes(toy: Toy, page: SyncPage[Note], ref: Ref[Note]) -> None:
    assert_type(toy.notes.list(), SyncPage[Note])
    for note in page:
        assert_type(note, Note)
        assert_type(note.refresh(), Note)
        assert_type(note.save(), Note)
        assert_type(note.title, str)
        assert_type(note.changes(), dict[str, Any])
    for items in page.pages():
        assert_type(items, list[Note])
    assert_type(page.first(), Note | None)
    assert_type(page.to_list(), list[Note])
    assert_type(ref.fetch(), Note)
    with capture_responses() as log:
        toy.notes.get(1)
    assert_type(log.last, APIResponse)
    assert_type(log.last.retries_taken, int)


async def async_shapes(toy: AsyncToy, page: AsyncPage[AsyncNote], ref: AsyncRef[AsyncNote]) -> None:
    assert_type(toy.notes.list(), AsyncPage[AsyncNote])
    async for note in page:
        assert_type(note, AsyncNote)
        pending = note.refresh()
        awaitable: Coroutine[Any, Any, AsyncNote] = pending  # an async method is a coroutine of its record
        assert_type(await awaitable, AsyncNote)
        assert_type(await note.refresh(), AsyncNote)
        assert_type(await note.save(), AsyncNote)
    assert_type(await page.first(), AsyncNote | None)
    assert_type(await page.to_list(), list[AsyncNote])
    assert_type(await ref.fetch(), AsyncNote)
    assert_type(await toy.notes.get(1), AsyncNote)


def error_shapes(error: APIError, limited: RateLimitError, broken: TransportError) -> None:
    assert_type(error.status, int | None)
    assert_type(error.code, str | int | None)
    assert_type(error.request_id, str | None)
    assert_type(limited.retry_after, float | None)
    assert_type(broken.sent, bool)
