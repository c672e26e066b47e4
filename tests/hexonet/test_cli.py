"""``resourcekit hexonet ...`` against the sandbox, through typer's runner."""

from __future__ import annotations

import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

from resourcekit.cli import hexonet as cli
from resourcekit.cli.main import app
from resourcekit.sandbox.server import RunningSandbox
from tests.hexonet.conftest import state

runner = CliRunner()


@pytest.fixture
def env(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> RunningSandbox:
    for name, value in sandbox.environment().items():
        monkeypatch.setenv(name, value)
    return sandbox


def run(*args: str) -> str:
    result = runner.invoke(app, ["hexonet", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_domains(env: RunningSandbox) -> None:
    listed = json.loads(run("domains", "list", "--json"))
    assert [d["domain"] for d in listed][:2] == ["breeze-000.com", "delta-003.de"]
    assert all(d["auth"] == "***" for d in listed)
    assert "breeze-000.com" in run("domains", "list", "--pattern", "b*")
    table = run("domains", "get", "breeze-000.com")
    auth = state(env).stores["1234"].domains["breeze-000.com"].auth
    assert "ns1.breeze-000.com" in table and auth not in table
    got = json.loads(run("domains", "get", "münchen.de", "--json"))
    assert got["domain"] == "xn--mnchen-3ya.de" and got["auth"] == "***"
    checked = json.loads(run("domains", "check", "fresh-name.com", "example.com", "--json"))
    assert [c["available"] for c in checked] == [True, False]
    assert "fresh-name.com" in run("domains", "check", "fresh-name.com")
    before = state(env).stores["1234"].domains["ember-001.net"].expiration.year
    renewed = json.loads(run("domains", "renew", "ember-001.net", "--period", "2", "--yes", "--json"))
    assert renewed[0]["status"] == "ok" and renewed[0]["detail"].startswith(f"expires {before + 2}")


def test_contacts_zones_account_and_raw_commands(env: RunningSandbox) -> None:
    contacts = json.loads(run("contacts", "list", "--json"))
    assert contacts[0]["id"] == "P-AK00001"
    assert "Keller" in run("contacts", "get", "P-AK00001")
    assert "P-AK00001" in run("contacts", "list", "--pattern", "P-A*", "--limit", "1")
    assert "breeze-000.com." in run("zones", "list")
    assert json.loads(run("zones", "list", "--pattern", "b*", "--json")) == [{"name": "breeze-000.com."}]
    records = json.loads(run("zones", "records", "breeze-000.com", "--json"))
    assert {"name": "breeze-000.com.", "ttl": 3600, "class": "IN", "type": "A", "data": "192.0.2.10"} in records
    assert "CNAME" in run("zones", "records", "breeze-000.com")
    assert json.loads(run("account", "status", "--json"))["currency"] == "USD"
    assert "1000.00" in run("account", "status")
    raw = json.loads(run("command", "StatusDomain", "DOMAIN=breeze-000.com", "--json"))
    assert raw["code"] == 200 and raw["properties"]["AUTH"] == "***"
    assert raw["properties"]["DOMAIN"] == ["breeze-000.com"]
    text = run("command", "QueryDomainList", "LIMIT=2")
    assert "200 Command completed successfully" in text and "breeze-000.com" in text
    assert "Command completed successfully" in run("command", "StatusAccount")


def test_errors_are_one_line_and_bad_options_are_refused(env: RunningSandbox) -> None:
    result = runner.invoke(app, ["hexonet", "domains", "get", "nope.com"])
    assert result.exit_code == 1
    assert "HexonetNotFoundError" in result.output and "545" in result.output
    wrong = runner.invoke(app, ["hexonet", "--password", "wrong", "account", "status"])
    assert wrong.exit_code == 1 and "530" in wrong.output and "wrong" not in wrong.output.replace("--password", "")
    assert runner.invoke(app, ["hexonet", "--system", "staging", "account", "status"]).exit_code != 0
    assert runner.invoke(app, ["hexonet", "command", "StatusAccount", "NOEQUALS"]).exit_code != 0


def test_the_demo_tour(sandbox: RunningSandbox) -> None:
    console = Console(record=True, width=120)
    cli.tour(sandbox, console)
    text = console.export_text()
    assert "6 domains" in text and "owner P-AK00001" in text and "saved: renewal mode AUTOEXPIRE" in text
    assert sandbox.side_effects["ModifyDomain"] == 1 and sandbox.side_effects["RenewDomain"] == 1
