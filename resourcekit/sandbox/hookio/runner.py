"""Running a Python hook as hook.io's runner does: a child process whose ``__main__`` holds ``Hook``.

``Hook`` gives ``params``, ``env`` (the owner's variables plus ``hookAccessKey``) and ``req`` (host,
method, url, path, headers), readable as attributes or items. What the hook prints is the reply;
stderr lines ``{"type":"log","payload":{"entry":...}}`` become log entries; other stderr lines are
kept for the error reply when the hook fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any, cast

PRELUDE = r"""
import json, sys

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
Hook = _wrap(_payload["hook"])
exec(compile(_payload["source"], "hook.py", "exec"), globals())
"""


@dataclass
class RunOutcome:
    """What a hook run produced."""

    stdout: bytes
    logs: list[Any] = field(default_factory=list[Any])
    error: str | None = None
    timed_out: bool = False


def run_python_hook(source: str, hook: dict[str, Any], timeout: float, api_url: str | None = None) -> RunOutcome:
    """Run ``source`` with ``Hook`` built from ``hook``; at most ``timeout`` seconds.

    ``api_url`` becomes the child's ``HOOKIO_URL``: the API host the hook is configured with, as
    a runner sets it (the SDK never takes it from the request's ``Host`` header).
    """
    payload = json.dumps({"source": source, "hook": hook})
    environment = {"PATH": os.environ.get("PATH", ""), "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"}
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
    for line in completed.stderr.decode("utf-8", errors="replace").splitlines():
        entry = _log_entry(line)
        if entry is _NOT_A_LOG:
            if line.strip():
                other.append(line)
        else:
            logs.append(entry)
    error = None
    if completed.returncode != 0:
        error = "\n".join(other) or f"exit status {completed.returncode}"
    return RunOutcome(stdout=completed.stdout, logs=logs, error=error)


_NOT_A_LOG = object()


def _log_entry(line: str) -> Any:
    try:
        message = json.loads(line)
    except ValueError:
        return _NOT_A_LOG
    if not isinstance(message, dict):
        return _NOT_A_LOG
    body = cast("dict[str, Any]", message)
    payload = body.get("payload")
    if body.get("type") != "log" or not isinstance(payload, dict):
        return _NOT_A_LOG
    return cast("dict[str, Any]", payload).get("entry")
