"""Jedi (the completion engine of Emacs, Vim, Sublime and jedi-language-server) completes every
everyday hook.io path: client -> manager -> record -> navigation, sync and async, inside ``with``
and ``async with`` blocks, as the guide writes them.

Each path is a snippet ending where a user would type the dot; ``A(...)`` marks a call that the
async flavour awaits. The test fails when a name the user expects is not offered.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import jedi
import pytest

ROOT = Path(__file__).resolve().parents[2]

# Jedi reads the source tree (this worktree first), never the running interpreter's objects.
PROJECT = jedi.Project(path=ROOT, sys_path=[str(ROOT), *sys.path], load_unsafe_extensions=False)

HOOK = "hook = A(hookio.hooks.get('marak', 'echo'))"

# (name, setup lines inside the client block, the expression before the cursor, expected names)
PATHS: list[tuple[str, str, str, set[str]]] = [
    (
        "client",
        "",
        "hookio.",
        {"hooks", "datastore", "events", "keys", "files", "env", "domains", "metrics", "account", "crons", "logs"},
    ),
    ("hooks", "", "hookio.hooks.", {"get", "list", "find", "create", "run", "fork", "logs", "stream_logs"}),
    ("get", "", "A(hookio.hooks.get('marak', 'echo')).", {"name", "owner", "language", "source", "run", "save"}),
    ("refresh", HOOK, "A(hook.refresh()).", {"source", "is_private", "logs"}),
    ("save", HOOK, "A(hook.save()).", {"source", "metrics", "fork"}),
    ("fork", HOOK, "A(hook.fork()).", {"owner", "run_stream"}),
    ("run", HOOK, "A(hook.run()).", {"status_code", "headers", "content"}),
    ("hook-logs", HOOK, "hook.logs.", {"read", "stream", "flush"}),
    ("log-entry", HOOK, "A(hook.logs.read())[0].", {"time", "data", "ip"}),
    ("list-loop", "for listed in A(hookio.hooks.list('marak')):", "    listed.", {"name", "run", "delete"}),
    ("datastore", "", "hookio.datastore.", {"get", "set", "delete", "recent", "key"}),
    ("keys", "", "A(hookio.keys.create('reader')).", {"name", "roles", "has_role", "delete"}),
    ("files", "", "A(hookio.files.stat('/a.txt')).", {"path", "size", "read", "download"}),
    ("domains", "", "A(hookio.domains.all())[0].", {"save", "delete", "refresh"}),
    ("crons", "", "A(hookio.crons.get('marak', 'nightly')).", {"cron_expression", "pause", "resume", "save"}),
    ("account", "", "A(hookio.account.whoami()).", {"name", "email"}),
    ("env", "", "A(hookio.env.variable('TOKEN')).", {"name", "value", "save", "delete"}),
    ("copy", "", "hookio.with_options(timeout=5).", {"hooks", "files"}),
]

FLAVOURS = {
    "sync": (
        "from resourcekit.hookio import HookIO\n\nwith HookIO('key', 'http://127.0.0.1:9999') as hookio:\n",
        "    ",
    ),
    "async": (
        "from resourcekit.hookio import AsyncHookIO\n\n\n"
        "async def main() -> None:\n"
        "    async with AsyncHookIO('key', 'http://127.0.0.1:9999') as hookio:\n",
        "        ",
    ),
}


def snippet(flavour: str, setup: str, expression: str) -> str:
    """The user's code for one path, in one flavour, ending at the dot."""
    head, indent = FLAVOURS[flavour]
    awaited = "(await " if flavour == "async" else "("
    body = "\n".join(line for line in (setup, expression) if line)
    return head + textwrap.indent(body.replace("A(", awaited), indent)


def offered(code: str) -> set[str]:
    lines = code.split("\n")
    script = jedi.Script(code, path=ROOT / "completion_example.py", project=PROJECT)
    return {completion.name for completion in script.complete(len(lines), len(lines[-1]))}


@pytest.mark.parametrize("flavour", sorted(FLAVOURS))
@pytest.mark.parametrize(("setup", "expression", "expected"), [path[1:] for path in PATHS], ids=[p[0] for p in PATHS])
def test_jedi_completes(flavour: str, setup: str, expression: str, expected: set[str]) -> None:
    code = snippet(flavour, setup, expression)
    missing = expected - offered(code)
    assert not missing, f"Jedi does not offer {sorted(missing)} after:\n{code}"
