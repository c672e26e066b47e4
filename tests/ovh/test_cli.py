"""``resourcekit ovh ...`` against the sandbox, through typer's runner."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from resourcekit.cli.main import app
from resourcekit.cli.ovh import tour
from resourcekit.sandbox.ovh.state import OVHState
from resourcekit.sandbox.server import RunningSandbox


@pytest.fixture
def cli(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    for name, value in sandbox.environment().items():
        monkeypatch.setenv(name, value)
    return CliRunner()


def run(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(app, ["ovh", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_me_table_and_json(cli: CliRunner, sandbox: RunningSandbox) -> None:
    assert "xx1234-ovh" in run(cli, "me")
    data = json.loads(run(cli, "me", "--json"))
    assert data["nichandle"] == "xx1234-ovh"
    assert sandbox.credentials["application_secret"] not in run(cli, "me", "--json")


def test_bills_list_and_get(cli: CliRunner, state: OVHState) -> None:
    first = next(iter(state.bills))
    table = run(cli, "bills", "list")
    assert first in table and " EUR" in table
    listed = json.loads(run(cli, "bills", "list", "--category", "purchase", "--json"))
    assert [bill["bill_id"] for bill in listed] == [i for i, b in state.bills.items() if b["category"] == "purchase"]
    assert all(bill["password"] == "***" for bill in listed)
    dated = json.loads(run(cli, "bills", "list", "--from", "2099-01-01", "--json"))
    assert dated == []
    detailed = json.loads(run(cli, "bills", "get", first, "--details", "--json"))
    assert detailed["bill"]["bill_id"] == first
    assert len(detailed["details"]) == len(state.bill_details[first])
    assert "Lines" in run(cli, "bills", "get", first, "--details")
    assert json.loads(run(cli, "bills", "get", first, "--json"))["order_id"] == state.bills[first]["orderId"]


def test_servers_list_get_and_burst(cli: CliRunner, state: OVHState) -> None:
    name = next(iter(state.servers))
    assert name in run(cli, "servers", "list")
    assert len(json.loads(run(cli, "servers", "list", "--json"))) == len(state.servers)
    assert json.loads(run(cli, "servers", "get", name, "--json"))["datacenter"] == state.servers[name]["datacenter"]
    assert json.loads(run(cli, "servers", "burst", name, "--json"))["status"] == state.bursts[name]["status"]
    assert json.loads(run(cli, "servers", "burst", name, "--status", "active", "--json"))["status"] == "active"
    assert state.bursts[name]["status"] == "active"


def test_credentials_list(cli: CliRunner, state: OVHState) -> None:
    table = run(cli, "credentials", "list", "--status", "validated")
    assert "resourcekit-sandbox (active)" in table
    listed = json.loads(run(cli, "credentials", "list", "--application-id", "2", "--json"))
    assert listed and all(c["application"]["application_id"] == 2 for c in listed)


def test_consumer_key_request_writes_a_private_file(cli: CliRunner, state: OVHState, tmp_path: Path) -> None:
    key_file = tmp_path / "ck"
    output = run(cli, "consumer-key", "request", "--rule", "GET:/me", "--key-file", str(key_file))
    consumer_key = key_file.read_text().strip()
    assert consumer_key not in output
    assert "credentialToken=" in output
    assert os.stat(key_file).st_mode & 0o777 == 0o600
    state.validate(consumer_key)
    assert "xx1234-ovh" in run(cli, "--consumer-key-file", str(key_file), "me")
    result = cli.invoke(app, ["ovh", "--consumer-key-file", str(key_file), "bills", "list"])
    assert result.exit_code == 1
    assert "This call has not been granted" in result.output
    data = json.loads(run(cli, "consumer-key", "request", "--rule", "GET:/me", "--key-file", str(key_file), "--json"))
    assert data["state"] == "pendingValidation"
    bad = cli.invoke(app, ["ovh", "consumer-key", "request", "--rule", "FETCH:/me", "--key-file", str(key_file)])
    assert bad.exit_code == 1 and "METHOD:/path" in bad.output


def test_call_any_route(cli: CliRunner, state: OVHState) -> None:
    assert json.loads(run(cli, "call", "GET", "/me/bill", "category=purchase")) == [
        i for i, b in state.bills.items() if b["category"] == "purchase"
    ]
    task = json.loads(
        run(
            cli,
            "call",
            "POST",
            "/email/domain/example.org/redirection",
            "from=cli@example.org",
            "to=a@b.example",
            "localCopy=false",
        )
    )
    assert task["action"] == "add"
    assert isinstance(json.loads(run(cli, "call", "GET", "/auth/time", "--no-auth")), int)
    missing = cli.invoke(app, ["ovh", "call", "GET", "/me/bill/nope"])
    assert missing.exit_code == 1 and "OVHNotFoundError" in missing.output
    usage = cli.invoke(app, ["ovh", "call", "GET", "/me", "novalue"])
    assert usage.exit_code == 2


def test_tour_walks_the_sandbox(sandbox: RunningSandbox, state: OVHState) -> None:
    console = Console(record=True, width=120)
    tour(sandbox, console)
    text = console.export_text()
    assert "Welcome Ada" in text and "burst active" in text and "[active] resourcekit-sandbox" in text
    assert sandbox.credentials["consumer_key"] not in text
    assert any(
        r["from"] == "sales@example.com" and r["to"] == "team@example.net"
        for r in state.email_domains["example.com"].values()
    )
