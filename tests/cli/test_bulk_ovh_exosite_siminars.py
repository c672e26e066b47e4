"""Destructive commands over many targets for OVH, Exosite and Siminars, against their sandboxes:
a failing target among successes, a dry run that sends nothing, bad ids refused before sending."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from resourcekit.cli.main import app
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

runner = CliRunner()


@pytest.fixture(scope="module")
def ovh() -> Iterator[RunningSandbox]:
    with run_sandbox("ovh") as sandbox:
        yield sandbox


def statuses(output: str) -> list[tuple[object, str]]:
    return [(row["target"], row["status"]) for row in json.loads(output)]


# -- OVH --------------------------------------------------------------------------------------------


def test_ovh_revoke_credentials_with_a_missing_one(ovh: RunningSandbox) -> None:
    env = ovh.environment()
    before = ovh.side_effects["credential.delete"]
    arguments = ["ovh", "credentials", "revoke", "100", "102", "999999", "--yes", "--json"]
    result = runner.invoke(app, arguments, env=env)
    assert result.exit_code == 1
    assert statuses(result.stdout) == [(100, "ok"), (102, "ok"), (999999, "failed")]
    assert json.loads(result.stdout)[2]["detail"].startswith("OVHNotFoundError")
    assert result.stderr.strip().startswith("3 item(s): 2 ok, 1 failed")
    assert ovh.side_effects["credential.delete"] == before + 2
    with ovh.client() as client:
        remaining = client.me.api.credentials.ids()
    assert 1 in remaining and not {100, 102} & set(remaining)  # the key in use still works


def test_ovh_ids_that_are_not_numbers_send_nothing(ovh: RunningSandbox) -> None:
    writes = ovh.side_effects.total()
    result = runner.invoke(app, ["ovh", "credentials", "revoke", "101", "abc", "--yes"], env=ovh.environment())
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: InvalidInputError: the credential id 'abc' is not a number"
    assert ovh.side_effects.total() == writes


def test_ovh_delete_dns_records_then_publish_the_zone(ovh: RunningSandbox) -> None:
    env = ovh.environment()
    with ovh.client() as client:
        records = client.domain.zones.records("example.net")
        added = [records.create("TXT", f'"bulk {n}"', sub_domain=f"bulk{n}").id for n in (1, 2)]
    listed = runner.invoke(app, ["ovh", "dns", "records", "example.net", "--type", "TXT", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    assert set(added) <= {row["id"] for row in json.loads(listed.stdout)}
    refreshes = ovh.side_effects["zone.refresh"]
    targets = [str(added[0]), "424242", str(added[1])]
    result = runner.invoke(app, ["ovh", "dns", "delete-records", "example.net", *targets, "--yes", "--json"], env=env)
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert [row["status"] for row in rows] == ["ok", "failed", "ok"]
    assert rows[0]["detail"] == 'bulk1 TXT "bulk 1"'
    assert ovh.side_effects["zone.refresh"] == refreshes + 1  # published once, for the two that went
    with ovh.client() as client:
        assert not set(added) & set(client.domain.zones.records("example.net").ids())


def test_ovh_delete_redirections_dry_run_then_for_real(ovh: RunningSandbox) -> None:
    env = ovh.environment()
    listed = runner.invoke(app, ["ovh", "email", "redirections", "example.org", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    ids = [row["id"] for row in json.loads(listed.stdout)][:2]
    writes = ovh.side_effects.total()
    dry = runner.invoke(app, ["ovh", "email", "delete-redirections", "example.org", *ids, "--dry-run"], env=env)
    assert dry.exit_code == 0, dry.output
    assert all(redirection_id in dry.stdout for redirection_id in ids) and "planned" in dry.stdout
    assert "nothing was sent" in dry.stderr
    assert ovh.side_effects.total() == writes
    arguments = ["ovh", "email", "delete-redirections", "example.org", "-", "--yes", "--json"]
    result = runner.invoke(app, arguments, env=env, input="\n".join([*ids, "no-such-id"]) + "\n")
    assert result.exit_code == 1
    assert statuses(result.stdout) == [(ids[0], "ok"), (ids[1], "ok"), ("no-such-id", "failed")]
    assert "->" in json.loads(result.stdout)[0]["detail"]
    assert ovh.side_effects["redirection.delete"] == 2
