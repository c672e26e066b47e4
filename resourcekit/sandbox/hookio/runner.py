"""Running a Python hook as hook.io's runner does: a child process whose ``__main__`` holds ``Hook``.

``Hook`` gives ``params``, ``env`` (the owner's variables plus ``hookAccessKey``), ``req`` (host,
method, url, path, headers) and ``res`` (a `resourcekit.hookio.Response`), readable as attributes
or items; the hook's stdin is the request's raw body, as on hook.io. What the hook prints is the
reply's body. Its stderr carries JSON lines for the runner: ``{"type":"log","payload":{"entry":...}}``
adds a log entry, and the response messages (``statusCode``, ``statusMessage``, ``setHeader``,
``removeHeader``, ``writeHead``, ``addTrailers``, ``sendDate``, ``end``) shape the reply; other
stderr lines are kept for the error reply when the hook fails.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

PRELUDE = r"""
import base64, io, json, sys

class _Namespace(dict):
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

def _wrap(value):
    if isinstance(value, dict):
        return _Namespace({key: _wrap(item) for key, item in value.items()})
    if isinstance(value, list):
        return [_wrap(item) for item in value]
    return value

_payload = json.loads(sys.stdin.read())
sys.stdin = io.TextIOWrapper(io.BytesIO(base64.b64decode(_payload["body"])), encoding="utf-8", errors="replace")
class _Hook(_Namespace):
    # Hook.res is made on first use: importing the SDK costs a hook that never answers through it.
    def __missing__(self, name):
        if name != "res":
            raise KeyError(name)
        from resourcekit.hookio.runtime import Response
        self["res"] = Response()
        return self["res"]

Hook = _Hook(_wrap(_payload["hook"]))
exec(compile(_payload["source"], "hook.py", "exec"), globals())
"""

PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])
"""The folder holding the ``resourcekit`` package the sandbox runs: hooks import the same SDK."""


@dataclass
class ReplyShape:
    """What a hook said about its reply through the runner's messages."""

    status: int = 200
    message: str | None = None
    headers: dict[str, str] = field(default_factory=dict[str, str])
    trailers: dict[str, str] = field(default_factory=dict[str, str])
    send_date: bool = True
    ended: bool = False

    def apply(self, kind: str, payload: dict[str, Any]) -> bool:
        """Take one message; ``False`` when ``kind`` is not a response message."""
        value = payload.get("value")
        if kind == "statusCode" and isinstance(value, int):
            self.status = value
        elif kind == "statusMessage" and isinstance(value, str):
            self.message = value
        elif kind == "sendDate":
            self.send_date = bool(value)
        elif kind == "setHeader":
            self.headers[str(payload.get("name", "")).lower()] = str(payload.get("value", ""))
        elif kind == "removeHeader":
            self.headers.pop(str(payload.get("name", "")).lower(), None)
        elif kind == "writeHead":
            code = payload.get("code")
            if isinstance(code, int):
                self.status = code
            if isinstance(payload.get("message"), str):
                self.message = payload["message"]
            self._merge(self.headers, payload.get("headers"))
        elif kind == "addTrailers":
            self._merge(self.trailers, payload.get("headers"))
        elif kind == "end":
            self.ended = True
        else:
            return False
        return True

    @staticmethod
    def _merge(target: dict[str, str], given: Any) -> None:
        if isinstance(given, dict):
            for name, value in cast("dict[str, Any]", given).items():
                target[str(name).lower()] = str(value)


@dataclass
class RunOutcome:
    """What a hook run produced."""

    stdout: bytes
    logs: list[Any] = field(default_factory=list[Any])
    error: str | None = None
    timed_out: bool = False
    reply: ReplyShape = field(default_factory=ReplyShape)


def run_python_hook(
    source: str, hook: dict[str, Any], timeout: float, api_url: str | None = None, body: bytes = b""
) -> RunOutcome:
    """Run ``source`` with ``Hook`` built from ``hook`` and ``body`` on stdin; at most ``timeout`` seconds.

    ``api_url`` becomes the child's ``HOOKIO_URL``: the API host the hook is configured with, as
    a runner sets it (the SDK never takes it from the request's ``Host`` header).
    """
    payload = json.dumps({"source": source, "hook": hook, "body": base64.b64encode(body).decode()})
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [PACKAGE_ROOT, os.environ.get("PYTHONPATH")])),
    }
    if api_url is not None:
        environment["HOOKIO_URL"] = api_url
    try:
        completed = subprocess.run(
            [sys.executable, "-c", PRELUDE],
            input=payload.encode(),
            capture_output=True,
            timeout=timeout,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        return RunOutcome(stdout=bytes(expired.stdout or b""), timed_out=True)
    logs: list[Any] = []
    other: list[str] = []
    reply = ReplyShape()
    for line in completed.stderr.decode("utf-8", errors="replace").splitlines():
        message = _message(line)
        if message is None:
            if line.strip():
                other.append(line)
            continue
        kind, body_fields = message
        if kind == "log":
            logs.append(body_fields.get("entry"))
        elif not reply.apply(kind, body_fields):
            other.append(line)
    error = None
    if completed.returncode != 0:
        error = "\n".join(other) or f"exit status {completed.returncode}"
    return RunOutcome(stdout=completed.stdout, logs=logs, error=error, reply=reply)


def _message(line: str) -> tuple[str, dict[str, Any]] | None:
    """``(type, payload)`` of a runner message line, or ``None`` for any other line."""
    try:
        message = json.loads(line)
    except ValueError:
        return None
    if not isinstance(message, dict):
        return None
    body = cast("dict[str, Any]", message)
    kind, payload = body.get("type"), body.get("payload")
    if not isinstance(kind, str) or not isinstance(payload, dict):
        return None
    return kind, cast("dict[str, Any]", payload)
