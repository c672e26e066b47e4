"""Run a WSGI application (Flask, Django, Bottle, a plain callable) as a hook.

Inside a Python hook::

    from resourcekit.hookio import wsgi
    from myapp import app

    wsgi.serve(app)

The request the hook received (``Hook.req``: method, path, query string, headers; the body from
stdin, as hook.io hands it to hooks) becomes the WSGI environ; the application's status, headers
and body go out through a `Response`. The path is split as hook.io mounts hooks:
``SCRIPT_NAME`` is ``/owner/hook`` and ``PATH_INFO`` what follows it, so the application's own
routes work under the hook's URL.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any, BinaryIO, Protocol, cast
from urllib.parse import urlsplit

from resourcekit.core.errors import ConfigurationError
from resourcekit.hookio.runtime import Response, write_log

StartResponse = Callable[..., Callable[[bytes], Any]]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

_NO_HTTP_PREFIX = {"content-type": "CONTENT_TYPE", "content-length": "CONTENT_LENGTH"}


class _Closable(Protocol):
    def close(self) -> None: ...


def _lookup(source: Any, name: str) -> Any:
    if isinstance(source, Mapping):
        return cast("Mapping[str, Any]", source).get(name)
    return getattr(source, name, None)


class _LogErrors(io.TextIOBase):
    """``wsgi.errors``: each line the application writes becomes an entry of the hook's log
    (stderr is the runner's channel, so bare text cannot go there)."""

    def __init__(self) -> None:
        self._pending = ""

    def write(self, text: str) -> int:
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            if line:
                write_log(line)
        return len(text)

    def flush(self) -> None:
        if self._pending:
            write_log(self._pending)
            self._pending = ""


def environ_for(hook: Any, body: bytes = b"", errors: Any = None) -> dict[str, Any]:
    """The WSGI environ of the request a hook received (``Hook.req``), with ``body`` as input."""
    req: Any = _lookup(hook, "req") or {}
    headers: Mapping[str, Any] = _lookup(req, "headers") or {}
    url = urlsplit(str(_lookup(req, "url") or _lookup(req, "path") or "/"))
    segments = url.path.split("/")
    # /owner/hook/rest -> SCRIPT_NAME /owner/hook, PATH_INFO /rest
    script_name = "/".join(segments[:3]) if len(segments) >= 3 else url.path
    path_info = url.path[len(script_name) :] or "/"
    host = str(headers.get("host") or _lookup(req, "host") or "localhost")
    name, _, port = host.rpartition(":") if host.rpartition(":")[2].isdigit() else (host, "", "")
    scheme = str(headers.get("x-forwarded-proto") or "http")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": str(_lookup(req, "method") or "GET").upper(),
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path_info,
        "QUERY_STRING": url.query,
        "SERVER_NAME": name or host,
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": str(headers.get("x-forwarded-for") or "127.0.0.1").split(",")[0].strip(),
        "CONTENT_LENGTH": str(len(body)) if body else "",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": errors if errors is not None else _LogErrors(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": True,
    }
    for header, value in headers.items():
        lowered = str(header).lower()
        key = _NO_HTTP_PREFIX.get(lowered, "HTTP_" + lowered.upper().replace("-", "_"))
        if key == "CONTENT_LENGTH" and not body:
            continue
        environ[key] = str(value)
    return environ


def serve(app: WSGIApp, hook: Any = None, *, body: bytes | None = None, response: Response | None = None) -> Response:
    """Answer the hook's request with the WSGI application ``app``.

    Args:
        app: The WSGI application.
        hook: The runner's ``Hook``; by default ``__main__.Hook``.
        body: The request body; by default the hook's stdin (where hook.io puts it).
        response: Where the reply goes; by default ``Hook.res`` when the runner gives one, else a
            new `Response` over stdout and stderr.

    Returns:
        The `Response`, ended.
    """
    if hook is None:
        import __main__

        hook = getattr(__main__, "Hook", None)
        if hook is None:
            raise ConfigurationError("hook.io: no Hook object given and none in __main__ (not inside a hook?)")
    if body is None:
        source: BinaryIO | None = getattr(sys.stdin, "buffer", None)
        body = source.read() if source is not None else b""
    if response is None:
        given = _lookup(hook, "res")
        response = given if isinstance(given, Response) else Response()
    reply = response
    # The status and headers wait for the first byte of body (WSGI lets an application call
    # start_response again, with exc_info, until then).
    pending: list[tuple[int, str | None, dict[str, str]]] = []

    def send_head() -> None:
        if pending and not reply.headers_sent:
            reply.write_head(*pending[-1])

    def write(chunk: bytes) -> None:
        send_head()
        reply.write(chunk)

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], Any]:
        if exc_info is not None and reply.headers_sent:
            raise exc_info[1].with_traceback(exc_info[2])
        code, _, message = status.partition(" ")
        merged: dict[str, str] = {}
        for name, value in headers:
            merged[name] = f"{merged[name]}, {value}" if name in merged else value
        pending.append((int(code), message or None, merged))
        return write

    result = app(environ_for(hook, body), start_response)
    try:
        for chunk in result:
            if chunk:
                write(chunk)
    finally:
        if hasattr(result, "close"):
            cast("_Closable", result).close()
    send_head()
    reply.end()
    return reply


__all__ = ["WSGIApp", "environ_for", "serve"]
