"""`resourcekit exosite unmap` and `exosite revoke` against the Exosite sandbox over HTTP: many
targets at once, a failing one among them, and share codes that never reach the output."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from resourcekit.cli.main import app
from resourcekit.exosite import Alias, CallInvalidError
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

runner = CliRunner()


@pytest.fixture(scope="module")
def exosite() -> Iterator[RunningSandbox]:
    with run_sandbox("exosite") as sandbox:
        yield sandbox


def test_unmap_aliases_keeps_the_resources(exosite: RunningSandbox) -> None:
    env = exosite.environment()
    with exosite.client() as op:
        pressure, status = op.lookup("pressure"), op.lookup("status")
    writes = exosite.side_effects.total()
    dry = runner.invoke(app, ["exosite", "unmap", "pressure", "--dry-run"], env=env)
    assert dry.exit_code == 0 and "planned" in dry.stdout and exosite.side_effects.total() == writes

    result = runner.invoke(app, ["exosite", "unmap", "pressure", "never-mapped", "status", "--yes", "--json"], env=env)
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert [(row["target"], row["status"]) for row in rows] == [
        ("pressure", "ok"),
        ("never-mapped", "failed"),
        ("status", "ok"),
    ]
    assert rows[0]["detail"] == f"unmapped from {pressure}"
    assert rows[1]["detail"].startswith("CallInvalidError")
    assert exosite.side_effects["unmap"] == 2
    with exosite.client() as op:
        children = op.listing(["dataport"])
        assert {pressure, status} <= set(children["dataport"])  # the resources stay
        tree = runner.invoke(app, ["exosite", "tree", "--json"], env=env)
    aliases = {row["rid"]: row["alias"] for row in json.loads(tree.stdout)}
    assert aliases[pressure] is None and aliases[status] is None


def test_revoke_share_codes_without_printing_them(exosite: RunningSandbox) -> None:
    env = exosite.environment()
    with exosite.client() as op:
        codes = [op.share(Alias("temperature"), meta="for the lab"), op.share(Alias("voltage"))]
    unknown = "0" * 40
    read_from_stdin = "\n".join([*codes, unknown])
    result = runner.invoke(app, ["exosite", "revoke", "-", "--yes", "--json"], env=env, input=read_from_stdin)
    assert result.exit_code == 1
    assert [(row["target"], row["status"], row["detail"]) for row in json.loads(result.stdout)] == [
        ("share code 1", "ok", "revoked"),
        ("share code 2", "ok", "revoked"),
        ("share code 3", "failed", "CallInvalidError: revoke: invalid"),
    ]
    assert exosite.side_effects["revoke"] == 2
    for code in [*codes, unknown]:
        assert code not in result.output
    with exosite.client() as op:
        for code in codes:
            with pytest.raises(CallInvalidError):
                op.lookup(code, kind="shared")

    refused = runner.invoke(app, ["exosite", "revoke", codes[0]], env=env)
    assert refused.exit_code == 1 and codes[0] not in refused.output
    assert "Revoke share code 1? Whoever holds them can no longer activate them." in refused.stderr
