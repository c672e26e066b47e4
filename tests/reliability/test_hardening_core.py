"""Hardening in the core that every provider inherits: server text in error messages, JSON bodies
that JSON cannot carry, URLs no server could take.

Each case failed before: a 1 MiB server message became a 1 MiB exception and its CR/LF reached the
logs; ``NaN`` went out as invalid JSON; a lone surrogate raised a raw `UnicodeEncodeError`; a 1 MB
path segment raised a raw ``httpx.InvalidURL``.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import httpx
import pytest

from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core._sync.transport import Transport
from resourcekit.core.errors import (
    DETAIL_LIMIT,
    MESSAGE_LIMIT,
    APIError,
    BadRequestError,
    InvalidInputError,
    ResponseTooLargeError,
    ResponseValidationError,
    ServerError,
)
from resourcekit.core.options import TransportOptions
from resourcekit.core.request import RequestSpec, encode_json

FORGED = "refused\r\n2026-01-01 INFO resourcekit: payment accepted\x1b[2J\u2028done"


def replying(status: int, body: bytes, content_type: str = "application/json") -> httpx.MockTransport:
    return httpx.MockTransport(
        lambda request: httpx.Response(status, content=body, headers={"content-type": content_type})
    )


def sent_nothing(request: httpx.Request) -> httpx.Response:
    raise AssertionError("the request was sent")


# -- server text in messages ------------------------------------------------------------------


def test_a_huge_server_message_is_capped_and_kept_whole_on_raw() -> None:
    message = "x" * (1024 * 1024)
    error = APIError(message, status=500)
    assert len(error.message) < MESSAGE_LIMIT + 50
    assert "more characters" in str(error)
    assert error.raw == message


def test_control_characters_in_server_text_are_escaped() -> None:
    error = ServerError(FORGED, raw={"message": FORGED})
    shown = str(error)
    assert "\r" not in shown and "\n" not in shown and "\x1b" not in shown and "\u2028" not in shown
    assert "\\r\\n" in shown and "\\x1b" in shown
    assert error.raw == {"message": FORGED}  # the reply as it came stays available
    assert ResponseValidationError(f"bad reply: {FORGED}").args[0].count("\n") == 0


def test_a_server_error_code_or_request_id_cannot_forge_a_log_line_either() -> None:
    code = "E_REFUSED" + FORGED + "c" * 5000
    error = BadRequestError("refused", code=code, request_id="EU.ext-1\x1b[2J")
    shown = str(error)
    assert "\r" not in shown and "\n" not in shown and "\x1b" not in shown and "\u2028" not in shown
    assert len(shown) < 2 * DETAIL_LIMIT + 100
    assert "code=E_REFUSED" in shown and "more characters" in shown
    assert (error.code, error.request_id) == (code, "EU.ext-1\x1b[2J")  # the attributes keep them as sent


def test_plain_messages_are_unchanged() -> None:
    assert str(APIError("Domain not found: café.example", status=None)) == "Domain not found: café.example"


def test_a_server_message_cannot_forge_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    body = ('{"message": "' + FORGED.replace("\r", "\\r").replace("\n", "\\n") + '"}').encode()
    options = TransportOptions(base_url="http://127.0.0.1:9", max_retries=0)
    with Transport(options, http_transport=replying(400, body)) as transport, caplog.at_level(logging.DEBUG):
        with pytest.raises(APIError) as raised:
            transport.request(RequestSpec("GET", "/x"))
        logging.getLogger("resourcekit").warning("call failed: %s", raised.value)
    assert "\n" not in str(raised.value)
    assert not any("payment accepted" in line and line.startswith("2026") for line in caplog.text.splitlines())


@pytest.mark.anyio
async def test_a_huge_server_message_is_capped_async() -> None:
    body = b'{"message": "' + b"y" * 2_000_000 + b'"}'
    options = TransportOptions(base_url="http://127.0.0.1:9", max_retries=0)
    async with AsyncTransport(options, http_transport=replying(500, body)) as transport:
        with pytest.raises(ServerError) as raised:
            await transport.request(RequestSpec("GET", "/x"))
    assert len(str(raised.value)) < MESSAGE_LIMIT + 100
    assert isinstance(raised.value.raw, dict)


# -- JSON bodies --------------------------------------------------------------------------------

UNSENDABLE: list[Any] = [
    {"value": math.nan},
    {"value": math.inf},
    [-math.inf],
    {"name": "\ud800"},
    {"name": "ok", "nested": ["\udfff tail"]},
    {"when": object()},
]


@pytest.mark.parametrize("value", UNSENDABLE)
def test_json_that_cannot_be_sent_is_invalid_input(value: Any) -> None:
    with pytest.raises(InvalidInputError):
        encode_json(value)


def test_a_self_containing_json_body_is_invalid_input() -> None:
    looped: dict[str, Any] = {}
    looped["self"] = looped
    with pytest.raises(InvalidInputError):
        encode_json(looped)


def test_json_bodies_are_compact_utf8() -> None:
    assert encode_json({"name": "café", "n": [1, 2.5, None, True]}) == '{"name":"café","n":[1,2.5,null,true]}'.encode()


@pytest.mark.parametrize("value", UNSENDABLE[:4])
def test_the_transport_refuses_them_before_sending_sync(value: Any) -> None:
    options = TransportOptions(base_url="http://127.0.0.1:9")
    transport = Transport(options, http_transport=httpx.MockTransport(sent_nothing))
    with transport, pytest.raises(InvalidInputError):
        transport.request(RequestSpec("POST", "/x", json=value))


@pytest.mark.anyio
@pytest.mark.parametrize("value", UNSENDABLE[:4])
async def test_the_transport_refuses_them_before_sending_async(value: Any) -> None:
    options = TransportOptions(base_url="http://127.0.0.1:9")
    async with AsyncTransport(options, http_transport=httpx.MockTransport(sent_nothing)) as transport:
        with pytest.raises(InvalidInputError):
            await transport.request(RequestSpec("POST", "/x", json=value))


# -- URLs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/" + "a" * 1_000_000, "/a b\x00c", "http://[::1/x"])
def test_a_url_no_server_could_take_is_invalid_input(path: str) -> None:
    options = TransportOptions(base_url="http://127.0.0.1:9")
    transport = Transport(options, http_transport=httpx.MockTransport(sent_nothing))
    with transport, pytest.raises(InvalidInputError):
        transport.request(RequestSpec("GET", path))


def test_a_reply_a_transport_built_from_bytes_is_still_bounded() -> None:
    # httpx reads a reply made from bytes at once; the size bound applies to it all the same.
    options = TransportOptions(base_url="http://127.0.0.1:9", max_response_bytes=10)
    transport = Transport(options, http_transport=replying(200, b"[" + b"1," * 50 + b"1]"))
    with transport, pytest.raises(ResponseTooLargeError):
        transport.request(RequestSpec("GET", "/x"))
