"""The in-hook runtime without a runner: Response messages, LogHandler entries, the WSGI environ."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest

from resourcekit.core.errors import InvalidInputError
from resourcekit.hookio import LogHandler, Response
from resourcekit.hookio.wsgi import environ_for, serve


def messages(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def make() -> tuple[Response, io.BytesIO, io.StringIO]:
    body, control = io.BytesIO(), io.StringIO()
    return Response(stdout=body, stderr=control), body, control


def test_response_messages_follow_node_semantics() -> None:
    response, body, control = make()
    response.status_code = 201
    response.status_message = "Made"
    response.set_header("X-Thing", "1")
    response.set_header("X-Gone", "2")
    response.remove_header("x-gone")
    assert response.get_header("x-thing") == "1"
    response.write("héllo ")
    with pytest.raises(InvalidInputError, match="already sent"):
        response.set_header("X-Late", "3")
    response.add_trailers({"X-Checksum": "abc"})
    response.end(b"world")
    response.end()  # twice is harmless
    with pytest.raises(InvalidInputError, match="ended"):
        response.write("more")
    assert body.getvalue() == "héllo world".encode()
    kinds = [message["type"] for message in messages(control)]
    assert kinds == [
        "statusCode",
        "statusMessage",
        "setHeader",
        "setHeader",
        "removeHeader",
        "writeHead",
        "addTrailers",
        "end",
    ]
    head = messages(control)[5]["payload"]
    assert head["code"] == 201 and head["message"] == "Made"
    assert head["headers"]["X-Thing"] == "1" and "Date" in head["headers"]


def test_response_refuses_bad_values() -> None:
    response, _, _ = make()
    for bad in (99, 600, True, "200"):
        with pytest.raises(InvalidInputError):
            response.status_code = bad  # type: ignore[assignment]
    with pytest.raises(InvalidInputError):
        response.set_header("Bad Name", "x")
    with pytest.raises(InvalidInputError):
        response.set_header("X-Split", "a\r\nSet-Cookie: b")
    response.send_date = False
    response.write_head(204)
    assert "Date" not in response.headers


def test_json_reply() -> None:
    response, body, control = make()
    response.json({"ok": "✓"}, status_code=202)
    assert json.loads(body.getvalue()) == {"ok": "✓"}
    assert messages(control)[-2]["payload"]["headers"]["Content-Type"] == "application/json"


def test_log_handler_writes_entries_with_extra_fields() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("in-hook-test")
    logger.propagate = False
    handler = LogHandler(stream=stream)
    logger.addHandler(handler)
    try:
        logger.warning("cache miss for %s", "ключ", extra={"attempt": 2, "unjsonable": object()})
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    first, second = (message["payload"]["entry"] for message in messages(stream))
    assert first["level"] == "WARNING"
    assert first["message"] == "cache miss for ключ"
    assert first["logger"] == "in-hook-test"
    assert first["attempt"] == 2
    assert "unjsonable" not in first
    assert second["level"] == "ERROR" and "ValueError: boom" in second["exception"]


HOOK = {
    "req": {
        "method": "post",
        "url": "/marak/site/items/7?full=1",
        "headers": {"host": "127.0.0.1:9999", "content-type": "application/json", "x-trace": "t"},
    }
}


def test_wsgi_environ_mounts_the_app_under_the_hook() -> None:
    environ = environ_for(HOOK, b'{"a": 1}')
    assert environ["REQUEST_METHOD"] == "POST"
    assert (environ["SCRIPT_NAME"], environ["PATH_INFO"], environ["QUERY_STRING"]) == (
        "/marak/site",
        "/items/7",
        "full=1",
    )
    assert (environ["SERVER_NAME"], environ["SERVER_PORT"]) == ("127.0.0.1", "9999")
    assert environ["CONTENT_TYPE"] == "application/json"
    assert environ["CONTENT_LENGTH"] == "8"
    assert environ["HTTP_X_TRACE"] == "t"
    assert environ["wsgi.input"].read() == b'{"a": 1}'


def test_wsgi_serve_sends_status_headers_and_body() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("418 I'm a teapot", [("Content-Type", "text/plain"), ("X-A", "1"), ("X-A", "2")])
        return [b"short ", environ["PATH_INFO"].encode()]

    response, body, control = make()
    serve(app, HOOK, body=b"", response=response)
    assert body.getvalue() == b"short /items/7"
    head = next(message["payload"] for message in messages(control) if message["type"] == "writeHead")
    assert head["code"] == 418
    assert head["headers"]["X-A"] == "1, 2"
    assert response.finished
