"""Completion with Jedi (the engine of Emacs, Vim, Sublime and jedi-language-server) on the paths a
user of Exosite walks: client -> record -> navigation -> values, sync and async, inside ``with`` /
``async with`` and loops, as the guide writes them. Each path names a few members that must be
offered at the cursor (the end of the snippet)."""

from __future__ import annotations

from pathlib import Path

import pytest

jedi = pytest.importorskip("jedi")

ROOT = Path(__file__).resolve().parents[2]

SYNC = "from resourcekit.exosite import Alias, OnePlatform, Provisioning, SimpleRule\n"
ASYNC = "from resourcekit.exosite import Alias, AsyncOnePlatform, AsyncProvisioning\n"
IN_WITH = SYNC + "with OnePlatform() as op:\n    me = op.me()\n    port = me.dataport('temperature')\n"
IN_ASYNC_WITH = (
    ASYNC + "async def main() -> None:\n    async with AsyncOnePlatform() as op:\n        me = await op.me()\n"
)
IN_PROV = SYNC + "with Provisioning() as prov:\n    model = prov.models.get('thermostat')\n"
IN_ASYNC_PROV = (
    ASYNC + "async def main() -> None:\n    async with AsyncProvisioning() as prov:\n"
    "        model = await prov.models.get('thermostat')\n"
)

PATHS: dict[str, tuple[str, set[str]]] = {
    # -- the RPC client, sync ------------------------------------------------------------------
    "with-client": (IN_WITH + "    op.", {"me", "read", "write", "batch", "info", "dataport", "http_write"}),
    "me-record": (IN_WITH + "    me.", {"children", "create_dataport", "dataports", "as_client", "tree", "rid"}),
    "dataport-record": (IN_WITH + "    port.", {"write", "read", "latest", "record", "flush", "wait", "format"}),
    "refreshed-dataport": (IN_WITH + "    port.refresh().", {"write", "read", "storage"}),
    "saved-client": (IN_WITH + "    me.save().", {"children", "limits", "key"}),
    "updated-dataport": (IN_WITH + "    port.update(name='T').", {"write", "retention"}),
    "loop-dataports": (IN_WITH + "    for each in me.dataports():\n        each.", {"write", "read", "subscribe"}),
    "loop-tree": (IN_WITH + "    for depth, node in me.tree():\n        node.", {"rid", "type", "alias", "drop"}),
    "created-datarule": (
        IN_WITH + "    me.create_datarule(SimpleRule(comparison='gt', constant=30)).",
        {"rule", "write", "read"},
    ),
    "created-dispatch": (IN_WITH + "    me.create_dispatch('email', 'a@example.com').", {"recipient", "method"}),
    "point": (IN_WITH + "    port.read()[0].", {"timestamp", "value"}),
    "info-basic": (IN_WITH + "    op.info().basic.", {"status", "type", "modified", "subscribers"}),
    "info-description": (IN_WITH + "    op.info().description.", {"name", "format", "rule", "retention"}),
    "batch-handle": (
        IN_WITH + "    with op.batch() as batch:\n        handle = batch.read(Alias('temperature'))\n    handle.",
        {"value", "error", "ok", "result"},
    ),
    "with-batch": (IN_WITH + "    with op.batch() as batch:\n        batch.", {"read", "info", "write", "send"}),
    "with-options": (IN_WITH + "    op.with_options(client_id=me.rid).", {"me", "read"}),
    "as-client": (IN_WITH + "    me.as_client().", {"me", "read", "listing"}),
    # -- provisioning, sync --------------------------------------------------------------------
    "with-provisioning": (IN_PROV + "    prov.", {"models", "admin_tokens", "device", "raw", "activate"}),
    "model": (IN_PROV + "    model.", {"serial_numbers", "content", "groups", "shares", "update", "rid"}),
    "loop-serial-numbers": (
        IN_PROV + "    for sn in model.serial_numbers.list():\n        sn.",
        {"enable", "activation_log", "status", "rid", "disable"},
    ),
    "serial-number-refreshed": (IN_PROV + "    model.serial_numbers.get('001').refresh().", {"enable", "status"}),
    "content": (IN_PROV + "    model.content.get('firmware').", {"upload", "download", "size", "protected"}),
    "raw-reply": (IN_PROV + "    prov.raw('GET', '/provision/manage/model/').", {"status", "body", "isok"}),
    "group-member": (IN_PROV + "    model.groups.members('g')[0].", {"type", "member_id", "expire"}),
    # -- the RPC client, async -----------------------------------------------------------------
    "async-with-client": (IN_ASYNC_WITH + "        op.", {"me", "read", "write", "batch", "dataport"}),
    "async-me-record": (IN_ASYNC_WITH + "        me.", {"children", "create_dataport", "dataports"}),
    "async-dataport": (
        IN_ASYNC_WITH + "        port = await op.dataport(Alias('temperature'))\n        port.",
        {"write", "read", "latest"},
    ),
    "async-refreshed": (
        IN_ASYNC_WITH + "        port = await me.dataport('temperature')\n        (await port.refresh()).",
        {"write", "read"},
    ),
    "async-loop-children": (
        IN_ASYNC_WITH + "        for child in await me.children():\n            child.",
        {"rid", "drop"},
    ),
    "async-with-batch": (
        IN_ASYNC_WITH + "        async with op.batch() as batch:\n            batch.",
        {"read", "info"},
    ),
    # -- provisioning, async -------------------------------------------------------------------
    "async-with-provisioning": (IN_ASYNC_PROV + "        prov.models.", {"get", "create", "names"}),
    "async-model": (IN_ASYNC_PROV + "        model.serial_numbers.", {"list", "add", "get"}),
    "async-first-serial-number": (
        IN_ASYNC_PROV
        + "        sn = await model.serial_numbers.list().first()\n"
        + "        if sn is not None:\n            sn.",
        {"enable", "status"},
    ),
}

# ``async for`` over a page: Jedi completes the items only because the page's ``__aiter__`` is a
# plain method returning a generator (an ``async def`` would read as a coroutine).
ASYNC_FOR_PATHS: dict[str, tuple[str, set[str]]] = {
    "async-for-serial-numbers": (
        IN_ASYNC_PROV + "        async for sn in model.serial_numbers.list():\n            sn.",
        {"enable", "status"},
    ),
}


def completions(code: str) -> set[str]:
    lines = code.split("\n")
    script = jedi.Script(code, path=ROOT / "completion_example.py", project=jedi.Project(ROOT))
    return {completion.name for completion in script.complete(len(lines), len(lines[-1]))}


@pytest.mark.parametrize("name", sorted(PATHS))
def test_jedi_completes(name: str) -> None:
    code, expected = PATHS[name]
    missing = expected - completions(code)
    assert not missing, f"{name}: Jedi offers none of {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(ASYNC_FOR_PATHS))
def test_jedi_completes_in_async_for(name: str) -> None:
    code, expected = ASYNC_FOR_PATHS[name]
    assert expected <= completions(code)
