"""Hostile replies and unsendable values meet typed errors in the One Platform clients.

- ``SerialNumbers.ranges()`` on a reply of the wrong shape (a list, a number, nesting deep enough
  to exhaust the JSON reader) raises `ResponseValidationError`, never AttributeError, TypeError or
  RecursionError.
- ``SerialNumber.enable()`` on a reply that is not a RID raises `ResponseValidationError` (the
  server's fault), not `InvalidInputError` (the caller's).
- NaN, infinities and lone surrogates in an RPC body are refused with `InvalidInputError` before
  anything is sent: JSON has no NaN (the platform would answer "not JSON") and a lone surrogate
  has no UTF-8 form. So are a set, an object, a circular value and one nested too deep, which
  ``json.dumps`` met with TypeError, ValueError or RecursionError.

The replies come from an `httpx.MockTransport`, sync and async, which also counts what was sent.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from typing import Any

import httpx
import pytest

from resourcekit.core.errors import InvalidInputError, ResponseValidationError
from resourcekit.exosite import (
    Alias,
    AsyncOnePlatform,
    AsyncProvisioning,
    AsyncSerialNumbers,
    Call,
    OnePlatform,
    Provisioning,
    SerialNumbers,
)

CIRCULAR: dict[str, Any] = {}
CIRCULAR["itself"] = CIRCULAR  # JSON has no form for a value holding itself
TOO_DEEP: list[Any] = reduce(lambda inner, _: [inner], range(100_000), [])  # deeper than json.dumps recurses

RID = "b" * 40
DEEP = "[" * 200_000 + "]" * 200_000

HOSTILE_RANGES = [
    pytest.param("[1]", id="a-list"),
    pytest.param("7", id="a-number"),
    pytest.param("null", id="null"),
    pytest.param('{"ranges": 5}', id="ranges-a-number"),
    pytest.param('{"ranges": [5]}', id="a-range-a-number"),
    pytest.param('{"ranges": [{"first": "x", "last": []}]}', id="a-range-of-the-wrong-types"),
    pytest.param(DEEP, id="deep-nesting"),
    pytest.param('{"ranges": ' + DEEP + "}", id="deep-nesting-inside"),
    pytest.param("{not json", id="not-json"),
]

UNSENDABLE_VALUES = [
    pytest.param(float("nan"), id="nan"),
    pytest.param(float("inf"), id="infinity"),
    pytest.param(float("-inf"), id="minus-infinity"),
    pytest.param("\ud800", id="lone-high-surrogate"),
    pytest.param("ok \udfff", id="lone-low-surrogate"),
    pytest.param(object(), id="an-object"),
    pytest.param({1, 2}, id="a-set"),
    pytest.param(CIRCULAR, id="circular"),
    pytest.param(TOO_DEEP, id="nested-too-deep"),
]


class Recorder:
    """A mock server answering every request with one body, counting the requests."""

    def __init__(self, body: str, status: int = 200, content_type: str = "text/plain") -> None:
        self.body = body
        self.status = status
        self.content_type = content_type
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return httpx.Response(self.status, text=self.body, headers={"Content-Type": self.content_type})


def provisioning(recorder: Recorder) -> Provisioning:
    return Provisioning("vendor-token", url="http://127.0.0.1:9", http_transport=httpx.MockTransport(recorder))


def async_provisioning(recorder: Recorder) -> AsyncProvisioning:
    return AsyncProvisioning("vendor-token", url="http://127.0.0.1:9", http_transport=httpx.MockTransport(recorder))


def one_platform(recorder: Recorder) -> OnePlatform:
    return OnePlatform("c" * 40, url="http://127.0.0.1:9", http_transport=httpx.MockTransport(recorder))


def async_one_platform(recorder: Recorder) -> AsyncOnePlatform:
    return AsyncOnePlatform("c" * 40, url="http://127.0.0.1:9", http_transport=httpx.MockTransport(recorder))


# -- serial number ranges ---------------------------------------------------------------------


@pytest.mark.parametrize("body", HOSTILE_RANGES)
def test_hostile_ranges_replies_sync(body: str) -> None:
    with (
        provisioning(Recorder(body, content_type="application/json")) as vendor,
        pytest.raises(ResponseValidationError),
    ):
        SerialNumbers(vendor, "thermostat").ranges()


@pytest.mark.anyio
@pytest.mark.parametrize("body", HOSTILE_RANGES)
async def test_hostile_ranges_replies_async(body: str) -> None:
    async with async_provisioning(Recorder(body, content_type="application/json")) as vendor:
        with pytest.raises(ResponseValidationError):
            await AsyncSerialNumbers(vendor, "thermostat").ranges()


def test_good_ranges_still_parse() -> None:
    body = '{"ranges": [{"format": "integer", "length": 8, "first": 1, "last": 5}]}'
    with provisioning(Recorder(body, content_type="application/json")) as vendor:
        (found,) = SerialNumbers(vendor, "thermostat").ranges()
    assert (found.first, found.last, found.length) == (1, 5, 8)


# -- enable --------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["not-a-rid", "", "g" * 40, RID + "\r\nSet-Cookie: x"])
def test_enable_with_a_bad_reply_is_the_servers_fault_sync(body: str) -> None:
    with provisioning(Recorder(body)) as vendor:
        sn = SerialNumbers(vendor, "thermostat").get("SN1")
        with pytest.raises(ResponseValidationError) as caught:
            sn.enable(RID)
    assert not isinstance(caught.value, InvalidInputError)


@pytest.mark.anyio
@pytest.mark.parametrize("body", ["not-a-rid", "", "g" * 40])
async def test_enable_with_a_bad_reply_is_the_servers_fault_async(body: str) -> None:
    async with async_provisioning(Recorder(body)) as vendor:
        sn = await AsyncSerialNumbers(vendor, "thermostat").get("SN1")
        with pytest.raises(ResponseValidationError) as caught:
            await sn.enable(RID)
    assert not isinstance(caught.value, InvalidInputError)


# -- unsendable values in RPC bodies ---------------------------------------------------------------

SENDERS: list[tuple[str, Callable[[Any, Any], Any]]] = [
    ("write", lambda op, value: op.write(Alias("temperature"), value)),
    ("raw call", lambda op, value: op.call("write", {"alias": "temperature"}, value)),
    ("raw calls", lambda op, value: op.calls([Call("update", [{"alias": "t"}, {"meta": value}])])),
    ("update", lambda op, value: op.update(Alias("temperature"), {"meta": value})),
]


@pytest.mark.parametrize("value", UNSENDABLE_VALUES)
@pytest.mark.parametrize(("name", "send"), SENDERS, ids=[name for name, _ in SENDERS])
def test_unsendable_values_are_refused_before_sending_sync(
    name: str, send: Callable[[Any, Any], Any], value: Any
) -> None:
    recorder = Recorder('[{"id": 0, "status": "ok"}]', content_type="application/json")
    with one_platform(recorder) as op, pytest.raises(InvalidInputError):
        send(op, value)
    assert recorder.sent == [], name


def test_a_tag_with_a_lone_surrogate_is_refused() -> None:
    recorder = Recorder('[{"id": 0, "status": "ok"}]', content_type="application/json")
    with one_platform(recorder) as op, pytest.raises(InvalidInputError):
        op.tag(Alias("temperature"), "\udc80")
    assert recorder.sent == []


@pytest.mark.anyio
@pytest.mark.parametrize("value", UNSENDABLE_VALUES)
async def test_unsendable_values_are_refused_before_sending_async(value: Any) -> None:
    recorder = Recorder('[{"id": 0, "status": "ok"}]', content_type="application/json")
    async with async_one_platform(recorder) as op:
        with pytest.raises(InvalidInputError):
            await op.write(Alias("temperature"), value)
        with pytest.raises(InvalidInputError):
            await op.call("write", {"alias": "temperature"}, value)
        with pytest.raises(InvalidInputError):
            async with op.batch() as batch:
                batch.update(Alias("temperature"), {"meta": value})
    assert recorder.sent == []


# -- the HTTP Data Interface and provisioning forms ------------------------------------------------

FORM_SENDERS: list[tuple[str, Callable[[Any, Any], Any]]] = [
    ("http_write", lambda op, value: op.http_write({"temperature": value})),
    ("http_record", lambda op, value: op.http_record({"temperature": [(1_700_000_000, value)]})),
    ("http_record at a NaN time", lambda op, value: op.http_record({"temperature": [(float("nan"), 1)]})),
    ("record at an infinite time", lambda op, value: op.recordbatch(Alias("t"), [(float("inf"), 1)])),
]


@pytest.mark.parametrize("value", UNSENDABLE_VALUES)
@pytest.mark.parametrize(("name", "send"), FORM_SENDERS, ids=[name for name, _ in FORM_SENDERS])
def test_unsendable_device_values_are_refused(name: str, send: Callable[[Any, Any], Any], value: Any) -> None:
    recorder = Recorder("")
    with one_platform(recorder) as op, pytest.raises(InvalidInputError):
        send(op, value)
    assert recorder.sent == [], name


@pytest.mark.parametrize("text", ["\ud800", "extra \udfff"])
def test_provisioning_forms_refuse_lone_surrogates(text: str) -> None:
    recorder = Recorder("")
    with provisioning(recorder) as vendor:
        serial_numbers = SerialNumbers(vendor, "thermostat")
        with pytest.raises(InvalidInputError):
            serial_numbers.add("SN1", extra=text)
        with pytest.raises(InvalidInputError):
            serial_numbers.add(text)
        with pytest.raises(InvalidInputError):
            serial_numbers.add_csv([("SN1", text)])
    assert recorder.sent == []
