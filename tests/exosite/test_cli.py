"""``resourcekit exosite ...`` against the sandbox (typer's CliRunner), and the demo tour."""

from __future__ import annotations

import json

from rich.console import Console
from typer.testing import CliRunner

from resourcekit.cli.exosite import app, tour
from resourcekit.sandbox.server import RunningSandbox

runner = CliRunner()


def invoke(sandbox: RunningSandbox, *args: str) -> str:
    result = runner.invoke(app, list(args), env=sandbox.environment())
    assert result.exit_code == 0, result.output
    return result.output


def test_tree_as_table_and_json(sandbox: RunningSandbox) -> None:
    table = invoke(sandbox, "tree", "--depth", "1")
    assert "temperature" in table and "datarule" in table
    rows = json.loads(invoke(sandbox, "tree", "--json"))
    assert any(row["depth"] == 3 and row["type"] == "dataport" for row in rows)
    assert sandbox.credentials["cik"] not in table + json.dumps(rows)


def test_write_then_read(sandbox: RunningSandbox) -> None:
    written = json.loads(invoke(sandbox, "write", "humidity", "48.5", "--json"))
    assert written["value"] == 48.5
    points = json.loads(invoke(sandbox, "read", "humidity", "--limit", "2", "--json"))
    assert points[0]["value"] == 48.5 and len(points) == 2


def test_info_masks_keys(sandbox: RunningSandbox) -> None:
    me = json.loads(invoke(sandbox, "info", "--json"))
    assert me["name"] == "Sandbox portal"
    devices = invoke(sandbox, "info", "devices")
    assert "Devices" in devices
    keys = sandbox.emulator.state.ciks
    assert not any(cik in devices for cik in keys)


def test_errors_are_one_line(sandbox: RunningSandbox) -> None:
    result = runner.invoke(app, ["read", "no-such-alias"], env=sandbox.environment())
    assert result.exit_code == 1
    assert "CallInvalidError" in result.output
    assert "hint: is 'no-such-alias' the alias of a dataport" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_provision_commands(sandbox: RunningSandbox) -> None:
    models = json.loads(invoke(sandbox, "provision", "models", "--json"))
    assert [m["name"] for m in models] == ["thermostat"]
    sns = json.loads(invoke(sandbox, "provision", "sn", "thermostat", "--json"))
    assert [s["sn"] for s in sns][:2] == ["SN0001", "SN0002"]
    content = invoke(sandbox, "provision", "content", "thermostat")
    assert "firmware.bin" in content


def test_tour(sandbox: RunningSandbox) -> None:
    console = Console(record=True, width=120)
    tour(sandbox, console)
    tour(sandbox, console)  # a second walk finds the state the first one left
    text = console.export_text()
    assert "Sandbox portal" in text and "activated it" in text and "firmware.bin" in text
    assert sandbox.credentials["cik"] not in text
