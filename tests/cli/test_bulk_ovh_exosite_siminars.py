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


# -- Exosite ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exosite() -> Iterator[RunningSandbox]:
    with run_sandbox("exosite") as sandbox:
        yield sandbox


def test_exosite_drop_by_alias_and_rid_with_a_missing_alias(exosite: RunningSandbox) -> None:
    env = exosite.environment()
    with exosite.client() as op:
        voltage = op.lookup("voltage")
    result = runner.invoke(
        app, ["exosite", "drop", "pressure", str(voltage), "no-such-alias", "--yes", "--json"], env=env
    )
    assert result.exit_code == 1
    assert statuses(result.stdout) == [("pressure", "ok"), (str(voltage), "ok"), ("no-such-alias", "failed")]
    assert exosite.side_effects["drop"] == 2
    tree = json.loads(runner.invoke(app, ["exosite", "tree", "--all", "--json"], env=env).stdout)
    aliases = {row["alias"] for row in tree if row["depth"] == 1}
    assert "humidity" in aliases and not aliases & {"pressure", "voltage"}


def test_exosite_flush_dry_run_then_between_bounds(exosite: RunningSandbox) -> None:
    from resourcekit.exosite import Alias

    env = exosite.environment()
    with exosite.client() as op:
        op.record(Alias("humidity"), [(1_000, 40), (2_000, 41), (3_000, 42)])
    writes = exosite.side_effects.total()
    dry = runner.invoke(app, ["exosite", "flush", "humidity", "--dry-run"], env=env)
    assert dry.exit_code == 0 and "planned" in dry.stdout and exosite.side_effects.total() == writes
    arguments = [
        "exosite",
        "flush",
        "humidity",
        "missing",
        "--newer-than",
        "1500",
        "--older-than",
        "1970-01-01T00:50:00",
    ]
    result = runner.invoke(app, [*arguments, "--yes", "--json"], env=env)
    assert result.exit_code == 1
    assert statuses(result.stdout) == [("humidity", "ok"), ("missing", "failed")]
    with exosite.client() as op:
        kept = {point.timestamp for point in op.read(Alias("humidity"), limit=None) if point.timestamp <= 3_000}
    assert kept == {1_000, 3_000}  # only 2000 lay strictly between 1500 and 3000
    bad = runner.invoke(app, ["exosite", "flush", "humidity", "--older-than", "yesterday", "--yes"], env=env)
    assert bad.exit_code == 1 and "--older-than takes unix seconds" in bad.stderr


def test_exosite_remove_serial_numbers(exosite: RunningSandbox) -> None:
    env = exosite.environment()
    listed = runner.invoke(app, ["exosite", "provision", "sn", "thermostat", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    serials = [row["sn"] for row in json.loads(listed.stdout)][:2]
    arguments = ["exosite", "provision", "sn-delete", "thermostat", *serials, "no-such-sn", "--yes", "--json"]
    result = runner.invoke(app, arguments, env=env)
    assert result.exit_code == 1
    assert statuses(result.stdout) == [(serials[0], "ok"), (serials[1], "ok"), ("no-such-sn", "failed")]
    assert json.loads(result.stdout)[2]["detail"].startswith("ExositeNotFoundError")
    assert exosite.side_effects["provision.sn.delete"] == 2
    again = runner.invoke(app, ["exosite", "provision", "sn", "thermostat", "--all", "--json"], env=env)
    assert not set(serials) & {row["sn"] for row in json.loads(again.stdout)}


# -- Siminars ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def siminars() -> Iterator[RunningSandbox]:
    with run_sandbox("siminars") as sandbox:
        yield sandbox


def signed_in(sandbox: RunningSandbox) -> dict[str, str]:
    with sandbox.client() as api:
        token = api.login(sandbox.credentials["email"], sandbox.credentials["password"]).authtoken
    return {**sandbox.environment(), "SIMINARS_AUTHTOKEN": token}


MISSING_ID = "999999999999999999999999"


def test_siminars_delete_many_with_a_missing_one(siminars: RunningSandbox) -> None:
    env = signed_in(siminars)
    with siminars.client(authtoken=env["SIMINARS_AUTHTOKEN"]) as api:
        made = [api.siminars.create(f"Bulk {n} ✨").id for n in (1, 2)]
    result = runner.invoke(app, ["siminars", "siminars", "delete", *made, MISSING_ID, "--yes", "--json"], env=env)
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert statuses(result.stdout) == [(made[0], "ok"), (made[1], "ok"), (MISSING_ID, "failed")]
    assert rows[0]["detail"] == "deleted Bulk 1 ✨"
    assert siminars.side_effects["siminar.delete"] == 2


def test_siminars_remove_members(siminars: RunningSandbox) -> None:
    env = signed_in(siminars)
    with siminars.client(authtoken=env["SIMINARS_AUTHTOKEN"]) as api:
        siminar = api.siminars.list("facilitating")[0]
        students = [user.id for user in siminar.members("students")]
    assert students
    arguments = ["siminars", "siminars", "remove-members", siminar.id, *students, "not-an-id", "--yes", "--json"]
    result = runner.invoke(app, arguments, env=env)
    assert result.exit_code == 1
    assert [status for _, status in statuses(result.stdout)] == [*(["ok"] * len(students)), "failed"]
    assert json.loads(result.stdout)[-1]["detail"].startswith("InvalidInputError")  # refused before sending
    with siminars.client(authtoken=env["SIMINARS_AUTHTOKEN"]) as api:
        assert api.siminars.get(siminar.id).members("students") == []
    bad_role = runner.invoke(app, [*arguments[:4], "x", "--role", "owners", "--yes"], env=env)
    assert bad_role.exit_code == 2


def test_bundles_delete_dry_run_then_for_real(siminars: RunningSandbox) -> None:
    env = signed_in(siminars)
    listed = runner.invoke(app, ["siminars", "bundles", "list", "--json"], env=env)
    bundle = json.loads(listed.stdout)[0]["id"]
    writes = siminars.side_effects.total()
    dry = runner.invoke(app, ["siminars", "bundles", "delete", bundle, "--dry-run"], env=env)
    assert dry.exit_code == 0 and "planned" in dry.stdout and siminars.side_effects.total() == writes
    result = runner.invoke(app, ["siminars", "bundles", "delete", bundle, MISSING_ID, "--yes"], env=env)
    assert result.exit_code == 1
    assert "2 item(s): 1 ok, 1 failed" in result.stderr
    assert siminars.side_effects["bundle.delete"] == 1


def test_ovh_delete_applications_with_their_credentials(ovh: RunningSandbox) -> None:
    env = ovh.environment()
    listed = runner.invoke(app, ["ovh", "applications", "list", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    assert {row["name"] for row in json.loads(listed.stdout)} >= {"resourcekit-sandbox", "app-3"}
    writes = ovh.side_effects.total()
    dry = runner.invoke(app, ["ovh", "applications", "delete", "3", "--dry-run"], env=env)
    assert dry.exit_code == 0 and "planned" in dry.stdout and ovh.side_effects.total() == writes
    result = runner.invoke(app, ["ovh", "applications", "delete", "3", "777", "--yes", "--json"], env=env)
    assert result.exit_code == 1
    assert statuses(result.stdout) == [(3, "ok"), (777, "failed")]
    assert json.loads(result.stdout)[0]["detail"] == "deleted app-3"
    with ovh.client() as client:
        assert 3 not in client.me.api.applications.ids()
        assert all(credential.application_id != 3 for credential in client.me.api.credentials.list())


def test_delete_sessions_of_a_bundle(siminars: RunningSandbox) -> None:
    env = signed_in(siminars)
    with siminars.client(authtoken=env["SIMINARS_AUTHTOKEN"]) as api:
        bundle = api.bundles.list()[-1]
        made = [bundle.create_session(f"Séance {n}", starts_on=1_900_000_000, ends_on=1_900_003_600).id for n in (1, 2)]
    arguments = ["siminars", "bundles", "delete-sessions", *made, MISSING_ID, "--yes", "--json"]
    result = runner.invoke(app, arguments, env=env)
    assert result.exit_code == 1
    assert statuses(result.stdout) == [(made[0], "ok"), (made[1], "ok"), (MISSING_ID, "failed")]
    assert json.loads(result.stdout)[1]["detail"] == "deleted Séance 2"
    assert siminars.side_effects["session.delete"] == 2
    listed = runner.invoke(app, ["siminars", "bundles", "sessions", bundle.id, "--all", "--json"], env=env)
    assert not set(made) & {row["id"] for row in json.loads(listed.stdout)}
