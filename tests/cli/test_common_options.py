"""The options every provider shares behave the same everywhere, against the real sandboxes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resourcekit.cli import options
from resourcekit.cli.main import PROVIDER_HELP, app, provider_module
from resourcekit.cli.siminars import token_file_for
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

runner = CliRunner()


@pytest.fixture(scope="module")
def sandboxes() -> Iterator[dict[str, RunningSandbox]]:
    started: dict[str, RunningSandbox] = {}
    managers = {name: run_sandbox(name, settings=SandboxSettings(seed_size=7)) for name in PROVIDER_HELP}
    try:
        for name, manager in managers.items():
            started[name] = manager.__enter__()
        yield started
    finally:
        for manager in managers.values():
            manager.__exit__(None, None, None)


# One listing per provider, with how to count its --json rows.
LISTINGS = {
    "hexonet": ["hexonet", "domains", "list"],
    "ovh": ["ovh", "bills", "list"],
    "exosite": ["exosite", "tree"],
    "hookio": ["hookio", "hook", "list", "marak"],
    "siminars": ["siminars", "bundles", "list"],
}


def invoke(sandbox: RunningSandbox, arguments: list[str], **extra: str) -> str:
    result = runner.invoke(app, arguments, env={**sandbox.environment(), **extra})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("provider", ["hexonet", "ovh", "exosite", "hookio", "siminars"])
def test_limit_and_all_on_listings(provider: str, sandboxes: dict[str, RunningSandbox]) -> None:
    sandbox = sandboxes[provider]
    token = _siminars_token(sandbox) if provider == "siminars" else {}
    every = json.loads(invoke(sandbox, [*LISTINGS[provider], "--all", "--json"], **token))
    assert len(every) >= 2
    limited = runner.invoke(
        app, [*LISTINGS[provider], "--limit", "1", "--json"], env={**sandbox.environment(), **token}
    )
    assert limited.exit_code == 0, limited.output
    assert json.loads(limited.stdout) == every[:1]
    assert "--all shows every one" in limited.stderr
    both = runner.invoke(app, [*LISTINGS[provider], "--limit", "1", "--all"], env={**sandbox.environment(), **token})
    assert both.exit_code == 2


def _siminars_token(sandbox: RunningSandbox) -> dict[str, str]:
    with sandbox.client() as api:
        result = api.login(sandbox.credentials["email"], sandbox.credentials["password"])
        api.close()
    return {"SIMINARS_AUTHTOKEN": result.authtoken}


@pytest.mark.parametrize(
    ("provider", "alias", "command"),
    [("ovh", "--endpoint", ["me"]), ("siminars", "--address", ["urls", "--json"])],
)
def test_old_server_option_names_still_work(
    provider: str, alias: str, command: list[str], sandboxes: dict[str, RunningSandbox]
) -> None:
    sandbox = sandboxes[provider]
    url = sandbox.environment()["OVH_ENDPOINT"] if provider == "ovh" else sandbox.url
    for name in (alias, "--url", "-u"):
        result = runner.invoke(app, [provider, name, url, *command], env=sandbox.environment())
        assert result.exit_code == 0, result.output


def test_every_provider_takes_url_u_and_allow_http() -> None:
    for name in PROVIDER_HELP:
        result = runner.invoke(app, [name, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        assert "-u, --url" in result.stdout and "--allow-http" in result.stdout
        assert "[env " in result.stdout  # environment variable names survive in the help


def test_the_main_help_lists_each_provider_with_its_own_help() -> None:
    for name, text in PROVIDER_HELP.items():
        assert provider_module(name).app.info.help == text
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom resourcekit.cli.main import run\nsys.argv = ['resourcekit', '--help']\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[1:2] in (['sandbox'], *[[p] for p in "
            "('hexonet', 'ovh', 'exosite', 'hookio', 'siminars')])))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "hookio:" not in result.stdout and "hook.io: hooks" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"  # no provider, no sandbox imported


def test_version_imports_no_provider() -> None:
    code = (
        "import sys\nfrom resourcekit.cli.main import run\nsys.argv = ['resourcekit', 'version']\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "print(any(m.startswith(('resourcekit.ovh', 'resourcekit.sandbox', 'httpx')) for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == [result.stdout.split()[0], "False"]


def test_paid_and_destructive_commands_ask_or_need_yes(
    sandboxes: dict[str, RunningSandbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    hexonet, hookio = sandboxes["hexonet"], sandboxes["hookio"]
    renewals = hexonet.side_effects["RenewDomain"]
    domain = json.loads(invoke(hexonet, ["hexonet", "domains", "list", "--limit", "1", "--json"]))[0]["domain"]
    refused = runner.invoke(app, ["hexonet", "domains", "renew", domain], env=hexonet.environment())
    assert refused.exit_code == 1 and "add --yes" in refused.stderr
    assert hexonet.side_effects["RenewDomain"] == renewals
    # On a terminal the user is asked; "n" changes nothing, "y" renews.
    monkeypatch.setattr(options, "is_terminal", _always_a_terminal)
    declined = runner.invoke(app, ["hexonet", "domains", "renew", domain], env=hexonet.environment(), input="n\n")
    assert declined.exit_code == 1 and "charged to your account" in declined.output
    assert hexonet.side_effects["RenewDomain"] == renewals
    accepted = runner.invoke(app, ["hexonet", "domains", "renew", domain], env=hexonet.environment(), input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert hexonet.side_effects["RenewDomain"] == renewals + 1
    monkeypatch.undo()
    for command in (["datastore", "del", "k"], ["keys", "destroy", "k"], ["hook", "destroy", "marak/echo"]):
        result = runner.invoke(app, ["hookio", *command], env=hookio.environment())
        assert result.exit_code == 1 and "add --yes" in result.stderr


def test_a_missing_consumer_key_file_is_an_error_even_with_the_variable(
    sandboxes: dict[str, RunningSandbox], tmp_path: Path
) -> None:
    sandbox = sandboxes["ovh"]
    missing = tmp_path / "nope"
    result = runner.invoke(app, ["ovh", "--consumer-key-file", str(missing), "me"], env=sandbox.environment())
    assert result.exit_code == 1
    assert f"no consumer key in {missing}" in result.stderr
    assert sandbox.credentials["consumer_key"] not in result.output


def test_siminars_tokens_are_kept_per_server(
    sandboxes: dict[str, RunningSandbox], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert token_file_for("http://127.0.0.1:1") != token_file_for("http://127.0.0.1:2")
    assert token_file_for("http://127.0.0.1:1").parent == tmp_path / ".resourcekit" / "siminars"
    sandbox = sandboxes["siminars"]
    env = {**sandbox.environment(), "HOME": str(tmp_path)}
    login = ["siminars", "login", sandbox.credentials["email"], "--password", sandbox.credentials["password"]]
    assert runner.invoke(app, login, env=env).exit_code == 0
    kept = token_file_for(sandbox.url)
    assert kept.is_file() and kept.stat().st_mode & 0o777 == 0o600
    assert runner.invoke(app, ["siminars", "whoami"], env=env).exit_code == 0
    elsewhere = runner.invoke(app, ["siminars", "--url", "http://127.0.0.1:9", "whoami"], env=env)
    assert elsewhere.exit_code == 1  # the other server's token is not sent there
    assert kept.read_text().strip() not in elsewhere.output


def test_missing_steps_are_hinted(sandboxes: dict[str, RunningSandbox], tmp_path: Path) -> None:
    siminars = sandboxes["siminars"]
    signed_out = runner.invoke(
        app, ["siminars", "--token-file", str(tmp_path / "none"), "whoami"], env=siminars.environment()
    )
    assert signed_out.exit_code == 1
    assert "hint: sign in first: resourcekit siminars login EMAIL" in signed_out.stderr
    hookio = sandboxes["hookio"]
    readonly = hookio.credentials["readonly_key"]
    refused = runner.invoke(
        app, ["hookio", "--key", readonly, "datastore", "set", "k", "--value", "1"], env={"HOOKIO_URL": hookio.url}
    )
    assert refused.exit_code == 1
    assert "does not hold the role 'datastore::set'" in refused.stderr
    assert "keys create NAME datastore::set" in refused.stderr
    assert "hook.io/login" not in refused.stderr  # the web site's login page helps no command-line user
    assert '"readonly" does not have the role "datastore::set"' in refused.stderr
    anonymous = runner.invoke(app, ["hookio", "events", "get", "marak"], env={"HOOKIO_URL": hookio.url})
    assert "hint: no key was sent: pass --key or set hook_private_key" in anonymous.stderr


def test_hookio_prints_tables_and_json_keys_as_the_records_name_them(sandboxes: dict[str, RunningSandbox]) -> None:
    sandbox = sandboxes["hookio"]
    table = invoke(sandbox, ["hookio", "hook", "list", "marak"])
    assert "echo" in table and "language" in table and "source" not in table
    rows = json.loads(invoke(sandbox, ["hookio", "hook", "list", "marak", "--json"]))
    assert "is_private" in rows[0] and "isPrivate" not in rows[0]
    raw = json.loads(invoke(sandbox, ["hookio", "--raw", "hook", "list", "marak"]))
    assert "isPrivate" in raw[0]


def _always_a_terminal(stream: object) -> bool:
    return True
