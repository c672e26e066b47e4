"""Values JSON or UTF-8 cannot carry are refused before a Siminars call is sent.

JSON has no NaN or infinity (``json.dumps`` would write ``NaN``, which the server refuses as "not
JSON"), and a lone surrogate has no UTF-8 form (encoding it raised `UnicodeEncodeError`). Both
are the caller's values, so both are `InvalidInputError`, raised before anything reaches the
wire; so are a set, an object, a circular value and one nested too deep (TypeError, ValueError
and RecursionError from ``json.dumps`` before). A mock server counts what was sent, sync and async.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from typing import Any

import httpx
import pytest

from resourcekit.core.errors import InvalidInputError
from resourcekit.siminars import AsyncSiminars, Siminars

CIRCULAR: dict[str, Any] = {}
CIRCULAR["itself"] = CIRCULAR  # JSON has no form for a value holding itself
TOO_DEEP: list[Any] = reduce(lambda inner, _: [inner], range(100_000), [])  # deeper than json.dumps recurses

UNSENDABLE = [
    pytest.param(float("nan"), id="nan"),
    pytest.param(float("inf"), id="infinity"),
    pytest.param(float("-inf"), id="minus-infinity"),
    pytest.param("\ud800", id="lone-high-surrogate"),
    pytest.param("text \udfff", id="lone-low-surrogate"),
    pytest.param(object(), id="an-object"),
    pytest.param({1, 2}, id="a-set"),
    pytest.param(CIRCULAR, id="circular"),
    pytest.param(TOO_DEEP, id="nested-too-deep"),
]

OK = {"status": 201, "message": "", "data": {"created": "138097802129319459818098"}}


class Recorder:
    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return httpx.Response(201, json=OK)


def sync_api(recorder: Recorder) -> Siminars:
    return Siminars(
        "127.0.0.1:9", apitoken=2, authtoken="t", discover_urls=False, http_transport=httpx.MockTransport(recorder)
    )


def async_api(recorder: Recorder) -> AsyncSiminars:
    return AsyncSiminars(
        "127.0.0.1:9", apitoken=2, authtoken="t", discover_urls=False, http_transport=httpx.MockTransport(recorder)
    )


CALLS: list[tuple[str, Callable[[Siminars, Any], Any]]] = [
    ("raw POST", lambda api, value: api.request("POST", "/jack/siminars", {"title": value})),
    ("raw GET", lambda api, value: api.request("GET", "/get", {"object_id": value})),
    ("call by route", lambda api, value: api.call("siminars", "POST", {"title": value})),
    ("create", lambda api, value: api.siminars.create("A title", subtitle=value)),
    (
        "login",
        lambda api, value: api.login("a@b.c", value) if isinstance(value, str) else api.login("a@b.c", "x\ud800"),
    ),
]


@pytest.mark.parametrize("value", UNSENDABLE)
@pytest.mark.parametrize(("name", "send"), CALLS, ids=[name for name, _ in CALLS])
def test_unsendable_values_are_refused_sync(name: str, send: Callable[[Siminars, Any], Any], value: Any) -> None:
    recorder = Recorder()
    with sync_api(recorder) as api, pytest.raises(InvalidInputError):
        send(api, value)
    assert recorder.sent == [], name


@pytest.mark.anyio
@pytest.mark.parametrize("value", UNSENDABLE)
async def test_unsendable_values_are_refused_async(value: Any) -> None:
    recorder = Recorder()
    async with async_api(recorder) as api:
        with pytest.raises(InvalidInputError):
            await api.request("POST", "/jack/siminars", {"title": value})
        with pytest.raises(InvalidInputError):
            await api.siminars.create("A title", subtitle=value)
    assert recorder.sent == []


def test_finite_numbers_and_whole_text_still_go_out() -> None:
    recorder = Recorder()
    with sync_api(recorder) as api:
        api.request("POST", "/jack/siminars", {"title": "Ünïcode ✓ 😀", "price": 1.5})
    assert len(recorder.sent) == 1
    assert b'"price":1.5' in recorder.sent[0].content
