"""Helpers for code running inside a hook on hook.io (or the sandbox's runner).

A hook answers through two streams: what it writes to stdout is the reply's body, and JSON lines
on stderr talk to the runner: ``{"type": "log", ...}`` adds a log entry, and the response
messages below set the reply's status and headers (the protocol of hook.io's runners, which
read the same lines from every language).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, BinaryIO, TextIO

from resourcekit.core.errors import InvalidInputError
from resourcekit.hookio import logrecords, wire

_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")


def write_log(entry: Any, stream: TextIO | None = None) -> None:
    """Add ``entry`` (anything JSON can hold) to the running hook's log.

    hook.io's runners read log entries from the hook's stderr as
    ``{"type": "log", "payload": {"entry": ...}}`` lines; this writes one and flushes.

    Raises:
        InvalidInputError: ``entry`` cannot be sent as JSON.
    """
    target = sys.stderr if stream is None else stream
    target.write(wire.log_line(entry))
    target.flush()


def _header_name(name: str) -> str:
    if not isinstance(name, str) or not _TOKEN.match(name):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"not a header name: {name!r}")
    return name


def _header_value(name: str, value: Any) -> str:
    text = str(value)
    if any(char in text for char in "\r\n\0"):
        raise InvalidInputError(f"the value of header {name!r} holds a line break or NUL")
    return text


def _status(code: Any) -> int:
    if isinstance(code, bool) or not isinstance(code, int) or not 100 <= code <= 599:
        raise InvalidInputError(f"a status code is an integer from 100 to 599, not {code!r}")
    return code


class Response:
    """The reply of the running hook, as Node's ``http.ServerResponse`` shapes it.

    Set `status_code`, `status_message`, headers (`set_header`, `write_head`), `send_date`
    and trailers (`add_trailers`), then `write` the body and `end` it. Headers are sent with the
    first `write` (or `write_head`); changing them afterwards raises `InvalidInputError`, as Node
    refuses it. In a hook run by the sandbox, ``Hook.res`` is one of these.

    Args:
        stdout: Where the body goes (binary), by default ``sys.stdout``'s buffer.
        stderr: Where the runner's messages go, by default ``sys.stderr``.
    """

    def __init__(self, stdout: BinaryIO | None = None, stderr: TextIO | None = None) -> None:
        self._stdout = stdout
        self._stderr = stderr
        self._status_code = 200
        self._status_message: str | None = None
        self._send_date = True
        self._headers: dict[str, tuple[str, str]] = {}
        self.headers_sent: bool = False
        """Whether the status line and headers have gone out (after the first `write` or `write_head`)."""
        self.finished: bool = False
        """Whether `end` was called."""

    # -- the channel ----------------------------------------------------------------------------

    def _tell(self, kind: str, **payload: Any) -> None:
        target = sys.stderr if self._stderr is None else self._stderr
        target.write(wire.control_line(kind, payload))
        target.flush()

    def _body(self) -> BinaryIO:
        return self._stdout if self._stdout is not None else sys.stdout.buffer

    def _before_headers(self, what: str) -> None:
        if self.headers_sent:
            raise InvalidInputError(f"cannot {what}: the headers were already sent")

    # -- status ---------------------------------------------------------------------------------

    @property
    def status_code(self) -> int:
        """The reply's HTTP status, 200 until set (settable until the headers are sent)."""
        return self._status_code

    @status_code.setter
    def status_code(self, code: int) -> None:
        self._before_headers("set the status code")
        self._status_code = _status(code)
        self._tell("statusCode", value=self._status_code)

    @property
    def status_message(self) -> str | None:
        """The reply's reason phrase, ``None`` for the status code's standard one."""
        return self._status_message

    @status_message.setter
    def status_message(self, message: str) -> None:
        self._before_headers("set the status message")
        self._status_message = _header_value("status message", message)
        self._tell("statusMessage", value=self._status_message)

    @property
    def send_date(self) -> bool:
        """Whether the reply carries a ``Date`` header (on by default, as in Node)."""
        return self._send_date

    @send_date.setter
    def send_date(self, value: bool) -> None:
        self._before_headers("change sendDate")
        self._send_date = bool(value)
        self._tell("sendDate", value=self._send_date)

    # -- headers --------------------------------------------------------------------------------

    @property
    def headers(self) -> dict[str, str]:
        """The headers set so far (names as first given)."""
        return dict(self._headers.values())

    def set_header(self, name: str, value: Any) -> None:
        self._before_headers("set a header")
        text = _header_value(_header_name(name), value)
        self._headers[name.lower()] = (name, text)
        self._tell("setHeader", name=name, value=text)

    def get_header(self, name: str) -> str | None:
        found = self._headers.get(name.lower())
        return found[1] if found else None

    def remove_header(self, name: str) -> None:
        self._before_headers("remove a header")
        self._headers.pop(_header_name(name).lower(), None)
        self._tell("removeHeader", name=name)

    def write_head(
        self, status_code: int, status_message: str | None = None, headers: Mapping[str, Any] | None = None
    ) -> None:
        """Send the status line and headers now (``writeHead``)."""
        self._before_headers("call write_head")
        code = _status(status_code)
        checked = {_header_name(name): _header_value(name, value) for name, value in (headers or {}).items()}
        message = _header_value("status message", status_message) if status_message is not None else None
        self._status_code, self._status_message = code, message
        for name, value in checked.items():
            self._headers[name.lower()] = (name, value)
        if self._send_date and "date" not in self._headers:
            self._headers["date"] = ("Date", _http_date())
        self._tell("writeHead", code=code, message=message, headers=self.headers)
        self.headers_sent = True

    def add_trailers(self, trailers: Mapping[str, Any]) -> None:
        """Fields sent after the body (``addTrailers``)."""
        checked = {_header_name(name): _header_value(name, value) for name, value in trailers.items()}
        self._tell("addTrailers", headers=checked)

    # -- body -----------------------------------------------------------------------------------

    def write(self, data: str | bytes) -> None:
        """Send part of the body (text as UTF-8); the headers go first."""
        if self.finished:
            raise InvalidInputError("cannot write: the response has ended")
        if not self.headers_sent:
            self.write_head(self._status_code, self._status_message)
        chunk = data.encode() if isinstance(data, str) else bytes(data)
        body = self._body()
        body.write(chunk)
        body.flush()

    def end(self, data: str | bytes | None = None) -> None:
        """Send the last of the body (if any) and finish the reply; ending twice does nothing."""
        if self.finished:
            return
        if data:
            self.write(data)
        elif not self.headers_sent:
            self.write_head(self._status_code, self._status_message)
        self.finished = True
        self._tell("end")

    def json(self, value: Any, status_code: int | None = None) -> None:
        """Answer ``value`` as JSON (``Content-Type: application/json``) and end."""
        if status_code is not None:
            self.status_code = status_code
        self.set_header("Content-Type", "application/json")
        self.end(json.dumps(wire.check_json(value, "a JSON reply"), ensure_ascii=False))


def _http_date() -> str:
    return datetime.now(timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")


class LogHandler(logging.Handler):
    """A `logging` handler that writes each record to the running hook's log.

    An entry is the record as JSON: ``{"level", "logger", "message", "time"}`` plus the record's
    extra fields (those passed with ``extra=``, kept when JSON can hold them)::

        logging.getLogger().addHandler(LogHandler())
        logging.warning("cache miss for %s", key)   # one entry in the hook's log

    Args:
        stream: Where log lines go, by default ``sys.stderr`` (the runner reads them there).
    """

    def __init__(self, level: int = logging.NOTSET, stream: TextIO | None = None) -> None:
        super().__init__(level)
        self._stream = stream

    def emit(self, record: logging.LogRecord) -> None:
        try:
            write_log(logrecords.record_entry(record), self._stream)
        except Exception:
            self.handleError(record)


__all__ = ["LogHandler", "Response", "write_log"]
