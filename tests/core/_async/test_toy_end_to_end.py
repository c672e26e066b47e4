"""The core driven end to end through a client built on it, against the toy emulator."""

from __future__ import annotations

import json
import logging
import pickle
from datetime import date

import pytest

from resourcekit.core.errors import (
    ConnectionError,
    NotFoundError,
    RateLimitError,
    ReadOnlyFieldError,
    ServerError,
    TimeoutError,
    UnboundRecordError,
)
from resourcekit.core.request import RequestSpec
from resourcekit.core.response import capture_responses
from resourcekit.sandbox.server import RunningSandbox
from tests.core._async.toy_client import AsyncNote, AsyncToy
from tests.core.conftest import SleepRecorder


def make_client(sandbox: RunningSandbox, recorder: SleepRecorder, **options: object) -> AsyncToy:
    return sandbox.async_client(sleep=recorder.async_sleep, **options)


@pytest.mark.anyio
async def test_pages_are_fetched_lazily_and_in_order(sandbox: RunningSandbox, recorder: SleepRecorder) -> None:
    async with make_client(sandbox, recorder) as toy:
        with capture_responses() as log:
            first = await toy.notes.list(per_page=2).first()
        assert first is not None
        assert first.id == 1
        assert len(log) == 2  # the login, then one page
        titles = [note.title async for note in toy.notes.list(per_page=2)]
        assert titles == [f"note {n}" for n in range(1, 6)]
        pages = [len(page) async for page in toy.notes.list(per_page=2).pages()]
        assert pages == [2, 2, 1]
        assert [note.id for note in await toy.notes.list().to_list(limit=3)] == [1, 2, 3]


@pytest.mark.anyio
async def test_listing_ids_then_fetching_each(sandbox: RunningSandbox, recorder: SleepRecorder) -> None:
    async with make_client(sandbox, recorder) as toy:
        notes = await toy.notes.each(concurrency=3).to_list()
        assert [note.id for note in notes] == [1, 2, 3, 4, 5]
        assert all(isinstance(note, AsyncNote) and note.is_bound for note in notes)


@pytest.mark.anyio
async def test_records_are_typed_and_save_only_what_changed(sandbox: RunningSandbox, recorder: SleepRecorder) -> None:
    async with make_client(sandbox, recorder) as toy:
        note = await toy.notes.get(2)
        assert note.created == date(2024, 1, 1)
        with capture_responses() as log:
            await note.save()
        assert len(log) == 0  # nothing changed, nothing sent
        note.pinned = True
        assert note.changes() == {"pinned": True}
        await note.save()
        assert sandbox.side_effects["update"] == 1
        assert sandbox.emulator.state.notes[2]["pinned"] is True
        assert note.changes() == {}
        with pytest.raises(ReadOnlyFieldError, match="created is read-only"):
            note.created = date(2020, 1, 1)
        sandbox.emulator.state.notes[2]["title"] = "changed elsewhere"
        assert (await note.refresh()).title == "changed elsewhere"
        assert (await note.next_note.fetch()).id == 3


@pytest.mark.anyio
async def test_create_delete_and_not_found(sandbox: RunningSandbox, recorder: SleepRecorder) -> None:
    async with make_client(sandbox, recorder) as toy:
        note = await toy.notes.create("fresh")
        assert sandbox.side_effects["create"] == 1
        await note.delete()
        with pytest.raises(NotFoundError) as raised:
            await toy.notes.get(note.id)
        assert raised.value.status == 404
        assert raised.value.message == f"note {note.id} does not exist"


@pytest.mark.anyio
async def test_retries_follow_the_policy(sandbox: RunningSandbox, recorder: SleepRecorder) -> None:
    async with make_client(sandbox, recorder) as toy:
        await toy.notes.get(1)  # logged in
        sandbox.faults.fail_next(2, status=503, path="/notes")
        with capture_responses() as log:
            await toy.notes.get(1)
        assert log.last.retries_taken == 2
        assert len(recorder.delays) == 2
        assert 0.375 <= recorder.delays[0] <= 0.5
        assert 0.75 <= recorder.delays[1] <= 1.0

        sandbox.faults.fail_next(1, status=500, path="/notes")
        with pytest.raises(ServerError):
            await toy.notes.create("not retried on 500")
        assert sandbox.side_effects["create"] == 0

        sandbox.faults.fail_next(1, status=503, path="/notes")
        await toy.notes.create("503 is always retried")
        assert sandbox.side_effects["create"] == 1


@pytest.mark.anyio
async def test_a_lost_reply_is_never_replayed_for_a_write(sandbox: RunningSandbox, recorder: SleepRecorder) -> None:
    async with make_client(sandbox, recorder) as toy:
        await toy.notes.get(1)
        sandbox.faults.drop_next(1, after_app=True, path="/notes")
        with pytest.raises(ConnectionError) as raised:
            await toy.notes.create("sent once")
        assert raised.value.sent
        assert sandbox.side_effects["create"] == 1  # the server acted once, the client did not resend

        sandbox.faults.drop_next(1, after_app=True, path="/notes/3")
        assert (await toy.notes.get(3)).id == 3  # a read is retried
        sandbox.faults.truncate_next(1, path="/notes/3")
        assert (await toy.notes.get(3)).id == 3


@pytest.mark.anyio
async def test_retry_after_is_honoured_or_refused(sandbox: RunningSandbox, recorder: SleepRecorder) -> None:
    async with make_client(sandbox, recorder) as toy:
        await toy.notes.get(1)
        sandbox.faults.fail_next(1, status=429, retry_after=3, path="/notes")
        await toy.notes.get(1)
        assert recorder.delays == [3.0]
        sandbox.faults.fail_next(1, status=429, retry_after_ms=1500, path="/notes")
        await toy.notes.get(1)
        assert recorder.delays == [3.0, 1.5]
        sandbox.faults.fail_next(1, status=503, retry_after=500, path="/notes")
        with pytest.raises(RateLimitError) as raised:
            await toy.notes.get(1)
        assert raised.value.retry_after == 500
        assert recorder.delays == [3.0, 1.5]


@pytest.mark.anyio
async def test_max_retries_per_client_and_per_copy(sandbox: RunningSandbox, recorder: SleepRecorder) -> None:
    async with make_client(sandbox, recorder, max_retries=0) as toy:
        await toy.notes.get(1)
        sandbox.faults.fail_next(1, status=503, path="/notes")
        with pytest.raises(ServerError):
            await toy.notes.get(1)
        assert recorder.delays == []
        patient = toy.transport.with_options(max_retries=1)
        assert patient.options.max_retries == 1
        assert not patient.is_closed


@pytest.mark.anyio
async def test_expired_credentials_are_renewed_once(sandbox: RunningSandbox, recorder: SleepRecorder) -> None:
    async with make_client(sandbox, recorder) as toy:
        await toy.notes.get(1)
        assert toy.auth.logins == 1
        sandbox.emulator.state.tokens.clear()
        assert (await toy.notes.get(1)).id == 1
        assert toy.auth.logins == 2
        assert recorder.delays == []  # a re-login is not a retry
        sandbox.emulator.state.tokens.clear()
        async with toy.transport.stream(RequestSpec("GET", "/notes", params={"per_page": 1})) as response:
            assert json.loads(await response.aread())["items"][0]["id"] == 1
        assert toy.auth.logins == 3  # a stream renews expired credentials too


@pytest.mark.anyio
async def test_timeouts_and_refused_connections(sandbox: RunningSandbox, recorder: SleepRecorder) -> None:
    async with make_client(sandbox, recorder, timeout=0.05, max_retries=1) as toy:
        await toy.notes.get(1)
        sandbox.faults.latency_ms = 300
        with pytest.raises(TimeoutError):
            await toy.notes.get(1)
        assert len(recorder.delays) == 1
    if not sandbox.in_process:
        refused = AsyncToy("http://127.0.0.1:9", "u", "p", sleep=recorder.async_sleep, max_retries=2)
        async with refused:
            with pytest.raises(ConnectionError) as raised:
                await refused.notes.create("never sent")
        assert not raised.value.sent
        assert len(recorder.delays) == 3  # connect errors are retried even for a write (the login here)


@pytest.mark.anyio
async def test_logs_mask_secrets(
    sandbox: RunningSandbox, recorder: SleepRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="resourcekit")
    async with make_client(sandbox, recorder) as toy:
        await toy.notes.get(1)
    text = caplog.text
    assert "POST" in text and "/login" in text
    assert "toy-passw0rd" not in text
    assert "token-" not in text
    assert "***" in text


@pytest.mark.anyio
async def test_records_pickle_without_their_client(sandbox: RunningSandbox, recorder: SleepRecorder) -> None:
    async with make_client(sandbox, recorder) as toy:
        note = await toy.notes.get(4)
        note.title = "unsaved"
        copy = pickle.loads(pickle.dumps(note))
        assert not copy.is_bound
        assert copy.title == "unsaved"
        assert copy.changes() == {"title": "unsaved"}
        with pytest.raises(UnboundRecordError):
            await copy.refresh()
        await copy.bind(toy).save()
        assert sandbox.emulator.state.notes[4]["title"] == "unsaved"
        assert note.is_bound


@pytest.mark.anyio
async def test_user_agent_and_raw_responses(sandbox: RunningSandbox, recorder: SleepRecorder) -> None:

    async with make_client(sandbox, recorder) as toy:
        reply = await toy.transport.request(RequestSpec("GET", "/echo", params=[("a", "1"), ("a", "2")]))
        assert reply.status_code == 200
        assert reply.parsed["headers"]["user-agent"].startswith("resourcekit/")
        assert " python/" in reply.parsed["headers"]["user-agent"]
        assert reply.parsed["query"] == [["a", "1"], ["a", "2"]]
        typed = await toy.transport.request(
            RequestSpec("POST", "/echo", json={"a": 1}, content_type="application/javascript")
        )
        assert typed.parsed["headers"]["content-type"] == "application/javascript"
        assert typed.parsed["body"] == '{"a":1}'
        empty = await toy.transport.request(RequestSpec("GET", "/status/204"))
        assert empty.parsed is None
        with pytest.raises(ServerError) as raised:
            await toy.transport.request(RequestSpec("POST", "/status/500"))
        assert raised.value.message == "plain failure"
