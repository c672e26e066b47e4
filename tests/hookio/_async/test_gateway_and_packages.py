"""Calling a hook object, gateways and hook packages, end to end against the sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resourcekit.core.errors import InvalidInputError, NotFoundError, ServerError
from resourcekit.hookio import AsyncHook
from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import unique

ECHO_PY = "import json\nprint(json.dumps(dict(Hook.params)))\n"


@pytest.mark.anyio
async def test_calling_a_hook_is_running_it(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        echo: AsyncHook = await hookio.hooks.get("marak/echo")
        assert callable(echo)
        called = await echo({"hello": "world"})
        ran = await echo.run({"hello": "world"})
        assert called.json() == ran.json()
        assert called.json()["hello"] == "world"
        got = await echo({"q": "1"}, method="GET")
        assert got.json()["q"] == "1"


@pytest.mark.anyio
async def test_a_python_gateway_runs_a_snippet(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        before = sandbox.emulator.side_effects.counts["hook.create"]
        result = await hookio.gateway.run(
            "import json\nprint(json.dumps({'sum': Hook.params['a'] + Hook.params['b']}))\n",
            language="python",
            params={"a": 2, "b": 3},
        )
        assert result.status_code == 200
        assert result.json() == {"sum": 5}
        assert sandbox.emulator.side_effects.counts["hook.create"] == before  # no hook was made
        with pytest.raises(ServerError, match="ZeroDivisionError"):
            await hookio.gateway.run("print(1 / 0)")


@pytest.mark.anyio
async def test_gateways_for_other_languages_and_bad_input(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        with pytest.raises(ServerError, match="Python snippets only"):
            await hookio.gateway.run("console.log(1)", language="javascript")
        with pytest.raises(NotFoundError):
            await hookio.gateway.run("x", language="cobol")
        with pytest.raises(InvalidInputError):
            await hookio.gateway.run("   ")
        with pytest.raises(InvalidInputError):
            await hookio.gateway.run("print(1)", params={"source": "clash"})
        with pytest.raises(InvalidInputError):
            await hookio.gateway.run("print(1)", language="py thon")


@pytest.mark.anyio
async def test_download_then_deploy_a_package(sandbox: RunningSandbox, tmp_path: Path) -> None:
    async with sandbox.async_client() as hookio:
        name = unique("packaged")
        await hookio.hooks.create(name, ECHO_PY, language="python", mschema={"x": {"type": "string"}})
        package = await hookio.hooks.download("marak", name, folder=tmp_path / "pkg")
        assert package.main == "index.py"
        assert (tmp_path / "pkg" / "index.py").read_text(encoding="utf-8") == ECHO_PY
        described = json.loads((tmp_path / "pkg" / "package.json").read_text(encoding="utf-8"))
        assert described["name"] == name
        assert described["main"] == "index.py"
        assert described["hook"]["owner"] == "marak"
        assert described["hook"]["language"] == "python"
        assert described["hook"]["mschema"] == {"x": {"type": "string"}}

        # Change the source in the folder: deploying updates the existing hook.
        changed = "print('changed')\n"
        (tmp_path / "pkg" / "index.py").write_text(changed, encoding="utf-8")
        updated = await hookio.hooks.deploy(tmp_path / "pkg")
        assert (updated.name, updated.source) == (name, changed)
        assert (await updated.run()).text.strip() == "changed"

        # Under a new name, the same folder creates a hook.
        fresh = unique("fresh")
        described["name"] = fresh
        (tmp_path / "pkg" / "package.json").write_text(json.dumps(described), encoding="utf-8")
        created = await hookio.hooks.deploy(tmp_path / "pkg")
        assert (created.name, created.language, created.source) == (fresh, "python", changed)
        assert created.mschema == {"x": {"type": "string"}}


@pytest.mark.anyio
async def test_deploy_refuses_incomplete_folders(sandbox: RunningSandbox, tmp_path: Path) -> None:
    async with sandbox.async_client() as hookio:
        with pytest.raises(InvalidInputError, match=r"package\.json"):
            await hookio.hooks.deploy(tmp_path)
        (tmp_path / "package.json").write_text(json.dumps({"name": "x", "main": "missing.py"}), encoding="utf-8")
        with pytest.raises(InvalidInputError, match=r"missing\.py"):
            await hookio.hooks.deploy(tmp_path)
        (tmp_path / "package.json").write_text(json.dumps({"name": "x", "main": "../escape.py"}), encoding="utf-8")
        with pytest.raises(InvalidInputError, match="inside the folder"):
            await hookio.hooks.deploy(tmp_path)
