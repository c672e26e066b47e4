"""The client's pure plug-ins: reply parsing and error mapping hooks, paging windows."""

from __future__ import annotations

import httpx
import pytest

from resourcekit.core.errors import InvalidInputError, ServerError
from resourcekit.core.request import RequestSpec
from resourcekit.hexonet import HexonetNotFoundError, HexonetServerError, Response
from resourcekit.hexonet._async.listing import paging_window
from resourcekit.hexonet.wire import HexonetHooks

SPEC = RequestSpec("POST", "http://api.test/api/call.cgi", context={"command": "StatusDomain"})


def reply(status: int, content: bytes) -> httpx.Response:
    return httpx.Response(status, content=content, request=httpx.Request("POST", "http://api.test/api/call.cgi?s_pw=x"))


def test_an_empty_or_garbled_reply_is_a_temporary_423() -> None:
    hooks = HexonetHooks()
    empty = hooks.parse(reply(200, b""), SPEC)
    assert isinstance(empty, Response) and empty.code == 423
    assert empty.description.startswith("Empty API response. Probably unreachable API end point http://api.test/")
    assert "s_pw=x" not in empty.description
    garbled = hooks.parse(reply(200, b"<html>maintenance</html>"), SPEC)
    assert (garbled.code, garbled.description) == (423, "Invalid API response. Contact Support")
    error = hooks.map_error(reply(200, b""), garbled, SPEC)
    assert isinstance(error, HexonetServerError) and error.temporary and error.command == "StatusDomain"


def test_result_codes_and_gateway_errors() -> None:
    hooks = HexonetHooks()
    body = b"[RESPONSE]\r\nCODE=545\r\nDESCRIPTION=Object not found\r\nEOF\r\n"
    parsed = hooks.parse(reply(200, body), SPEC)
    assert isinstance(hooks.map_error(reply(200, body), parsed, SPEC), HexonetNotFoundError)
    ok = hooks.parse(reply(200, b"CODE=200\nDESCRIPTION=ok\n"), SPEC)
    assert hooks.map_error(reply(200, b""), ok, SPEC) is None
    gateway = reply(502, b"<html>Bad Gateway</html>")
    text = hooks.parse(gateway, SPEC)
    assert text == "<html>Bad Gateway</html>"
    error = hooks.map_error(gateway, text, SPEC)
    assert isinstance(error, ServerError) and error.status == 502


@pytest.mark.parametrize(
    ("command", "page_size", "window"),
    [
        ({"COMMAND": "QueryDomainList"}, None, (0, 100)),
        ({"COMMAND": "QueryDomainList", "first": 5, "limit": 7}, None, (5, 7)),
        ({"COMMAND": "QueryDomainList", "LIMIT": 7}, 3, (0, 3)),
        ({"COMMAND": "QueryDomainList", "LAST": None}, None, (0, 100)),
    ],
)
def test_paging_windows(command: dict[str, object], page_size: int | None, window: tuple[int, int]) -> None:
    assert paging_window(command, page_size) == window


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ({"LAST": 4}, "LAST"),
        ({"LIMIT": 0}, "at least 1"),
        ({"LIMIT": "many"}, "whole numbers"),
        ({"FIRST": -1}, "0 or more"),
    ],
)
def test_bad_paging_windows(command: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        paging_window(command, None)
