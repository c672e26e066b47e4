"""Paid or destructive commands over many targets, against the sandboxes: patterns, files and
standard input, dry runs, confirmation, a table of outcomes and exit status 1 on any failure."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from resourcekit.cli.bulk import read_targets, run_targets
from resourcekit.cli.main import app
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

runner = CliRunner()


@pytest.fixture(scope="module")
def hookio() -> Iterator[RunningSandbox]:
    with run_sandbox("hookio") as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def hexonet() -> Iterator[RunningSandbox]:
    with run_sandbox("hexonet") as sandbox:
        yield sandbox


def hook_names(sandbox: RunningSandbox) -> set[str]:
    with sandbox.client() as client:
        return {hook.name for hook in client.account.services()}


def make_hooks(sandbox: RunningSandbox, *names: str) -> None:
    with sandbox.client() as client:
        for name in names:
            client.hooks.create(name, "print('bye')\n", language="python")


def test_destroy_a_pattern_and_a_missing_hook(hookio: RunningSandbox) -> None:
    make_hooks(hookio, "bulk-a", "bulk-b", "bulk-c", "keep-me")
    arguments = ["hookio", "hook", "destroy", "marak/bulk-*", "marak/never-was", "--yes", "--json"]
    result = runner.invoke(app, arguments, env=hookio.environment())
    assert result.exit_code == 1  # one target failed; the others were still deleted
    rows = json.loads(result.stdout)
    assert [(row["target"], row["status"]) for row in rows] == [
        ("marak/bulk-a", "ok"),
        ("marak/bulk-b", "ok"),
        ("marak/bulk-c", "ok"),
        ("marak/never-was", "failed"),
    ]
    assert rows[3]["detail"].startswith("NotFoundError")
    assert result.stderr.strip() == "4 item(s): 3 ok, 1 failed (NotFoundError: 1)"
    names = hook_names(hookio)
    assert "keep-me" in names and not names & {"bulk-a", "bulk-b", "bulk-c"}


def test_a_dry_run_lists_and_sends_nothing(hookio: RunningSandbox) -> None:
    make_hooks(hookio, "dry-a", "dry-b")
    writes = hookio.side_effects.total()
    result = runner.invoke(app, ["hookio", "hook", "destroy", "marak/dry-*", "--dry-run"], env=hookio.environment())
    assert result.exit_code == 0, result.output
    assert "marak/dry-a" in result.stdout and "planned" in result.stdout
    assert "nothing was sent" in result.stderr
    assert hookio.side_effects.total() == writes
    assert {"dry-a", "dry-b"} <= hook_names(hookio)


def test_targets_from_standard_input_and_a_file(hookio: RunningSandbox, tmp_path: Path) -> None:
    env = hookio.environment()
    for key in ("k1", "k2", "k3"):
        assert runner.invoke(app, ["hookio", "datastore", "set", key, "--value", "1"], env=env).exit_code == 0
    listing = tmp_path / "keys.txt"
    listing.write_text("# keys to drop\nk2\n\nk3\n")
    result = runner.invoke(
        app, ["hookio", "datastore", "del", "-", "--from-file", str(listing), "--yes", "--json"], env=env, input="k1\n"
    )
    assert result.exit_code == 0, result.output
    assert [(row["target"], row["detail"]) for row in json.loads(result.stdout)] == [
        ("k1", "deleted"),
        ("k2", "deleted"),
        ("k3", "deleted"),
    ]


def test_without_a_terminal_or_yes_nothing_is_deleted(hookio: RunningSandbox) -> None:
    make_hooks(hookio, "guarded")
    result = runner.invoke(app, ["hookio", "hook", "destroy", "marak/guarded"], env=hookio.environment())
    assert result.exit_code == 1 and "add --yes" in result.stderr
    assert "guarded" in hook_names(hookio)
    none = runner.invoke(app, ["hookio", "hook", "destroy"], env=hookio.environment())
    assert none.exit_code == 2  # no target is a usage error
    unmatched = runner.invoke(app, ["hookio", "hook", "destroy", "marak/zzz-*", "--yes"], env=hookio.environment())
    assert unmatched.exit_code == 1 and "no hook of marak matches 'zzz-*'" in unmatched.stderr


def test_renew_many_domains(hexonet: RunningSandbox) -> None:
    env = hexonet.environment()
    domains = json.loads(runner.invoke(app, ["hexonet", "domains", "list", "--limit", "2", "--json"], env=env).stdout)
    names = [domain["domain"] for domain in domains]
    before = hexonet.side_effects["RenewDomain"]
    result = runner.invoke(app, ["hexonet", "domains", "renew", *names, "not-mine-at-all.com", "--yes"], env=env)
    assert result.exit_code == 1
    assert all(name in result.stdout for name in names) and "expires" in result.stdout
    assert "3 item(s): 2 ok, 1 failed" in result.stderr
    assert hexonet.side_effects["RenewDomain"] == before + 2


def test_delete_many_dns_records(hexonet: RunningSandbox) -> None:
    with hexonet.client() as client:
        zone = client.zones.list().first()
        assert zone is not None
        added = [f"bulk{n}.{zone.name} 300 IN A 192.0.2.8{n}" for n in (1, 2)]
        zone.add_records(*added)
        total = zone.rrs_total
    missing = f"nope.{zone.name} 300 IN A 192.0.2.99"
    arguments = ["hexonet", "zones", "delete-records", zone.name, *added, missing, "--yes", "--json"]
    result = runner.invoke(app, arguments, env=hexonet.environment())
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert [row["status"] for row in rows] == ["ok", "ok", "failed"]
    assert rows[1]["detail"] == f"{(total or 0) - 2} records left"
    with hexonet.client() as client:
        assert client.zones.get(zone.name).rrs_total == (total or 0) - 2


def test_gateway_runs_a_snippet_from_standard_input(hookio: RunningSandbox) -> None:
    snippet = "print('hello ' + Hook.params['who'])\n"
    result = runner.invoke(app, ["hookio", "gateway", "python", "who=gateway"], env=hookio.environment(), input=snippet)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "hello gateway"


def test_download_a_hook_and_deploy_the_folder(hookio: RunningSandbox, tmp_path: Path) -> None:
    env = hookio.environment()
    folder = tmp_path / "echo"
    downloaded = runner.invoke(app, ["hookio", "hook", "download", "marak/echo", str(folder)], env=env)
    assert downloaded.exit_code == 0, downloaded.output
    assert (folder / "package.json").is_file()
    package = json.loads((folder / "package.json").read_text())
    package["name"] = "echo-copy"
    (folder / "package.json").write_text(json.dumps(package))
    deployed = runner.invoke(app, ["hookio", "hook", "create", str(folder), "--json"], env=env)
    assert deployed.exit_code == 0, deployed.output
    assert json.loads(deployed.stdout)["name"] == "echo-copy"
    assert "echo-copy" in hook_names(hookio)


def test_read_targets_unit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    listing = tmp_path / "t.txt"
    listing.write_text("b\n# skipped\na\n")
    assert read_targets(["a", "c"], str(listing)) == ["a", "c", "b"]


# -- hook.io's other destructive commands, over many targets ---------------------------------------


def test_files_keys_domains_and_crons_go_in_bulk(hookio: RunningSandbox) -> None:
    env = hookio.environment()
    with hookio.client() as client:
        files = [client.files.write(f"/bulk/{n}-ü.txt", "x").path for n in (1, 2)]
        keys = [client.keys.create(f"bulk-key-{n}", "hook::run").name for n in (1, 2)]
        domains = [client.domains.create(f"bulk{n}.example.org", "/marak/echo").name for n in (1, 2)]
        crons = [
            f"marak/{client.crons.create(f'bulk-cron-{n}', 'https://example.org/', '* * * * *').name}" for n in (1, 2)
        ]
    cases = [
        (["files", "remove"], files, "/bulk/never.txt", "files.remove"),
        (["keys", "destroy"], keys, "never-a-key", "keys.destroy"),
        (["domains", "destroy"], domains, "never.example.org", "domain.destroy"),
        (["cron", "destroy"], crons, "marak/never-a-cron", "cron.destroy"),
    ]
    for command, targets, missing, effect in cases:
        before = hookio.side_effects[effect]
        dry = runner.invoke(app, ["hookio", *command, *targets, "--dry-run"], env=env)
        assert dry.exit_code == 0 and hookio.side_effects[effect] == before, (command, dry.output)
        arguments = ["hookio", *command, *targets, missing, "--yes", "--json"]
        result = runner.invoke(app, arguments, env=env)
        assert result.exit_code == 1, (command, result.output)
        rows = json.loads(result.stdout)
        assert [row["status"] for row in rows] == ["ok", "ok", "failed"], (command, rows)
        assert rows[2]["target"] == missing
        assert hookio.side_effects[effect] == before + 2, command
    with hookio.client() as client:
        assert not {key.name for key in client.keys.all()} & set(keys)
        assert not {domain.name for domain in client.domains.all()} & set(domains)


def test_env_del_many_says_which_were_set(hookio: RunningSandbox) -> None:
    env = hookio.environment()
    with hookio.client() as client:
        client.env.update({"BULK_A": 1, "BULK_B": "two"})
    result = runner.invoke(app, ["hookio", "env", "del", "BULK_A", "BULK_NEVER", "BULK_B", "--yes", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert [(row["target"], row["detail"]) for row in json.loads(result.stdout)] == [
        ("BULK_A", "deleted"),
        ("BULK_NEVER", "was not set"),
        ("BULK_B", "deleted"),
    ]
    with hookio.client() as client:
        assert not {"BULK_A", "BULK_B"} & set(client.env.all())


class Counting:
    """A client-like owner: a configured concurrency, and an action that records the most in flight."""

    def __init__(self, concurrency: int) -> None:
        self.concurrency = concurrency
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most = 0

    def act(self, target: str) -> str:
        with self.lock:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
        time.sleep(0.02)
        with self.lock:
            self.in_flight -= 1
        return target


def test_without_concurrency_the_clients_setting_is_used(capsys: pytest.CaptureFixture[str]) -> None:
    owner = Counting(3)
    flags: dict[str, Any] = {"verb": "touch", "yes": True, "dry_run": False, "as_json": True}
    report = run_targets(owner.act, [str(n) for n in range(9)], concurrency=None, **flags)
    assert report.succeeded == 9 and owner.most == 3
    other = Counting(2)
    run_targets(lambda target: other.act(target), ["a", "b", "c", "d"], concurrency=None, client=other, **flags)
    assert other.most == 2  # a plain function: the client named alongside it
    capsys.readouterr()


# -- HEXONET deletions -------------------------------------------------------------------------------


def test_delete_domains_contacts_and_zones(hexonet: RunningSandbox) -> None:
    env = hexonet.environment()
    with hexonet.client() as client:
        every = [domain.domain for domain in client.domains.list().to_list()]
        domains = every[-2:]
        in_use = client.domains.get(every[0]).owner_contact  # a domain that stays uses it
        fresh = client.contacts.create(
            first_name="Zoë",
            last_name="Bulk",
            street="1 Main St",
            city="Köln",
            zip="50667",
            country="DE",
            phone="+49.2211234567",
            email="zoe@example.org",
        ).id
        zone = client.zones.create("bulk-zone.example.", ["@ 300 IN A 192.0.2.7"]).name
    deletes = hexonet.side_effects["DeleteDomain"]
    result = runner.invoke(
        app, ["hexonet", "domains", "delete", *domains, "never-mine.com", "--yes", "--json"], env=env
    )
    assert result.exit_code == 1
    assert [row["status"] for row in json.loads(result.stdout)] == ["ok", "ok", "failed"]
    assert hexonet.side_effects["DeleteDomain"] == deletes + 2

    assert in_use is not None
    arguments = ["hexonet", "contacts", "delete", fresh, in_use, "P-NEVER-1", "--yes", "--json"]
    contacts = runner.invoke(app, arguments, env=env)
    assert contacts.exit_code == 1
    rows = json.loads(contacts.stdout)
    assert [(row["target"], row["status"]) for row in rows] == [
        (fresh, "ok"),
        (in_use, "failed"),
        ("P-NEVER-1", "failed"),
    ]
    assert "HexonetBadRequestError" in rows[1]["detail"]  # still used by a domain: refused

    writes = hexonet.side_effects.total()
    dry = runner.invoke(app, ["hexonet", "zones", "delete", zone, "--dry-run"], env=env)
    assert dry.exit_code == 0 and "planned" in dry.stdout and hexonet.side_effects.total() == writes
    zones = runner.invoke(app, ["hexonet", "zones", "delete", zone, "--yes"], env=env)
    assert zones.exit_code == 0, zones.output
    assert "1 item(s): 1 ok, 0 failed" in zones.stderr
    with hexonet.client() as client:
        assert zone not in {found.name for found in client.zones.list()}
