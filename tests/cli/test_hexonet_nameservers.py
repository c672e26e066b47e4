"""`resourcekit hexonet nameservers ...` against the HEXONET sandbox over HTTP: check, get, create,
update and delete many (a host in use refused unless forced), JSON like the other commands."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from resourcekit.cli.main import app
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

runner = CliRunner()


@pytest.fixture(scope="module")
def hexonet() -> Iterator[RunningSandbox]:
    with run_sandbox("hexonet") as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def domain(hexonet: RunningSandbox) -> str:
    """A domain whose first name server is a host of its own (the seed gives every third one such)."""
    with hexonet.client() as client:
        return next(d.domain for d in client.domains.list() if d.nameservers[0] == f"ns1.{d.domain}")


def nameservers(hexonet: RunningSandbox, *arguments: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["hexonet", "nameservers", *arguments], env=hexonet.environment())
    return result.exit_code, result.stdout, result.stderr


def test_check_then_create_get_and_update(hexonet: RunningSandbox, domain: str) -> None:
    host = f"ns7.{domain}"
    code, out, _ = nameservers(hexonet, "check", f"ns1.{domain}", host, "--json")
    assert code == 0
    assert [(row["name"], row["available"], row["code"]) for row in json.loads(out)] == [
        (f"ns1.{domain}", False, 213),
        (host, True, 212),
    ]

    code, out, err = nameservers(hexonet, "create", host, "192.0.2.70", "2001:db8::70", "--json")
    assert code == 0, err
    created = json.loads(out)
    assert (created["host"], created["domain"]) == (host, domain)
    assert created["ip_addresses"] == ["192.0.2.70", "2001:db8::70"]

    code, out, err = nameservers(hexonet, "update", host, "192.0.2.71", "--json")
    assert code == 0, err
    assert json.loads(out)["ip_addresses"] == ["192.0.2.71"]
    with hexonet.client() as client:
        assert client.nameservers.get(host).ip_addresses == ["192.0.2.71"]

    code, out, err = nameservers(hexonet, "get", host)
    assert code == 0, err
    assert "192.0.2.71" in out and domain in out


def test_bad_addresses_are_refused_before_sending(hexonet: RunningSandbox, domain: str) -> None:
    writes = hexonet.side_effects.total()
    addresses = [f"192.0.2.{n}" for n in range(1, 15)]
    code, out, err = nameservers(hexonet, "create", f"ns6.{domain}", *addresses)
    assert (code, out) == (1, "")
    assert err.strip() == "error: InvalidInputError: a name server needs between 1 and 13 IP addresses"
    assert hexonet.side_effects.total() == writes


def test_a_missing_host_is_one_line(hexonet: RunningSandbox) -> None:
    code, _, err = nameservers(hexonet, "get", "ns1.never-mine.example")
    assert code == 1
    assert err.startswith("error: HexonetNotFoundError: StatusNameserver: 545") and err.count("\n") == 1


def test_delete_many_a_host_in_use_only_with_force(hexonet: RunningSandbox, domain: str) -> None:
    spare = f"ns5.{domain}"
    with hexonet.client() as client:
        client.nameservers.create(spare, ["192.0.2.50"])
    in_use = f"ns1.{domain}"
    writes = hexonet.side_effects.total()
    code, out, _ = nameservers(hexonet, "delete", spare, in_use, "--dry-run", "--json")
    assert code == 0 and [row["status"] for row in json.loads(out)] == ["planned", "planned"]
    assert hexonet.side_effects.total() == writes

    deletes = hexonet.side_effects["DeleteNameserver"]
    code, out, err = nameservers(hexonet, "delete", spare, in_use, "ns1.never-mine.example", "--yes", "--json")
    assert code == 1
    rows = json.loads(out)
    assert [(row["target"], row["status"]) for row in rows] == [
        (spare, "ok"),
        (in_use, "failed"),
        ("ns1.never-mine.example", "failed"),
    ]
    assert rows[0]["detail"] == "deleted (192.0.2.50)"
    assert rows[1]["detail"].startswith("HexonetConflictError")  # a domain still uses it
    assert rows[2]["detail"].startswith("HexonetNotFoundError")
    assert err.strip() == "3 item(s): 1 ok, 2 failed (HexonetConflictError: 1, HexonetNotFoundError: 1)"
    assert hexonet.side_effects["DeleteNameserver"] == deletes + 1

    code, out, err = nameservers(hexonet, "delete", in_use, "--force", "--yes")
    assert code == 0, err
    assert "1 item(s): 1 ok, 0 failed" in err
    with hexonet.client() as client:
        assert client.nameservers.check(in_use).available
