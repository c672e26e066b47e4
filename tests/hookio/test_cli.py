"""``resourcekit hookio ...`` against the sandbox, through typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from resourcekit.cli.hookio import app
from resourcekit.cli.main import app as main_app
from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import log_source, unique

runner = CliRunner()


def run(sandbox: RunningSandbox, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env=env if env is not None else sandbox.environment(), input=input)


def ok(sandbox: RunningSandbox, *args: str, input: str | None = None) -> str:
    result = run(sandbox, *args, input=input)
    assert result.exit_code == 0, result.output
    for secret in (sandbox.credentials["hook_private_key"], sandbox.credentials["hookAccessKey"]):
        assert secret not in result.output
    return result.stdout


def test_hook_run_with_pairs_and_stdin(sandbox: RunningSandbox) -> None:
    assert json.loads(ok(sandbox, "--raw", "hook", "run", "marak/echo", "a=1", "b=2")) == {
        "a": "1",
        "b": "2",
        "param1": "foo",
        "param2": "bar",
    }
    assert ok(sandbox, "hook", "run", "marak/echo", input="piped body") == "piped body"
    ignored = json.loads(ok(sandbox, "--raw", "hook", "run", "marak/echo", "x=1", "--no-stdin", input="not sent"))
    assert ignored["x"] == "1"
    got = json.loads(ok(sandbox, "hook", "run", "marak/echo", "q=1", "-X", "GET", "--json"))
    assert got["q"] == "1"
    assert ok(sandbox, "hook", "run", "marak/hello", "name=cli") == '{"hello": "cli"}\n'


def test_hook_lifecycle(sandbox: RunningSandbox, tmp_path: Path) -> None:
    name = unique("cli-hook")
    created = json.loads(ok(sandbox, "--raw", "hook", "create", name, "--language", "python", input="print('v1')"))
    assert created["status"] == "created"
    assert ok(sandbox, "hook", "source", f"marak/{name}") == "print('v1')"
    source = tmp_path / "hook.py"
    source.write_text("print('v2')")
    updated = json.loads(ok(sandbox, "--raw", "hook", "update", f"marak/{name}", "--source", str(source), "--private"))
    assert updated["hook"]["isPrivate"] is True
    resource = json.loads(ok(sandbox, "hook", "resource", f"marak/{name}", "--json"))
    assert (resource["source"], resource["is_private"]) == ("print('v2')", True)
    assert ok(sandbox, "hook", "run", f"marak/{name}") == "v2\n"
    assert name not in {
        hook["name"] for hook in json.loads(ok(sandbox, "--raw", "hook", "list", "marak"))
    }  # private now
    assert name in {hook["name"] for hook in json.loads(ok(sandbox, "--raw", "account", "services"))}
    forked = json.loads(ok(sandbox, "--raw", "hook", "fork", "alice/echo", "--name", unique("cli-fork")))
    assert forked["hook"]["owner"] == "marak"
    deleted = json.loads(ok(sandbox, "hook", "destroy", f"marak/{name}", "--yes", "--json"))
    assert deleted == [{"target": f"marak/{name}", "status": "ok", "detail": f'Hook "{name}" has been deleted!'}]
    missing = run(sandbox, "hook", "run", f"marak/{name}")
    assert missing.exit_code == 1
    assert "NotFoundError" in missing.output
    assert run(sandbox, "hook", "create", "x").exit_code != 0  # no source given


def test_datastore_commands(sandbox: RunningSandbox) -> None:
    key = unique("cli-key")
    assert ok(sandbox, "--raw", "datastore", "set", key, "a=1", "b=2") == '"OK"\n'
    assert json.loads(ok(sandbox, "--raw", "datastore", "get", key)) == {"a": "1", "b": "2"}
    ok(sandbox, "datastore", "set", key, "--value", '{"n": [1, null]}')
    assert json.loads(ok(sandbox, "datastore", "get", key, "--json")) == {"n": [1, None]}
    ok(sandbox, "datastore", "set", key, input='"from stdin"')
    assert ok(sandbox, "datastore", "get", key) == '"from stdin"\n'
    assert json.loads(ok(sandbox, "--raw", "datastore", "recent"))[0] == key
    assert json.loads(ok(sandbox, "datastore", "del", key, "--yes", "--json"))[0]["detail"] == "deleted"
    assert json.loads(ok(sandbox, "datastore", "del", key, "--yes", "--json"))[0]["detail"] == "was not there"
    assert ok(sandbox, "datastore", "get", key) == "null\n"


def test_logs_and_events(sandbox: RunningSandbox) -> None:
    name = unique("cli-logs")
    ok(sandbox, "hook", "create", name, "--language", "python", input=log_source("cli"))
    ok(sandbox, "hook", "run", f"marak/{name}")
    entries = json.loads(ok(sandbox, "logs", "read", f"marak/{name}", "--json"))
    assert [entry["data"] for entry in entries] == ["test-cli"]
    raw = json.loads(ok(sandbox, "logs", "read", f"marak/{name}", "--raw-data", "--json"))
    assert raw[0]["data"] == '"test-cli"'
    streamed = ok(sandbox, "logs", "stream", f"marak/{name}", "--count", "1").splitlines()
    assert json.loads(streamed[0])["data"] == "test-cli"
    assert ok(sandbox, "logs", "flush", f"marak/{name}", "--yes") == "1\n"
    assert json.loads(ok(sandbox, "logs", "read", f"marak/{name}", "--json")) == []
    events = json.loads(ok(sandbox, "events", "get", "--json"))
    assert events[0]["type"]
    lines = ok(sandbox, "events", "stream", "marak", "--count", "2").splitlines()
    assert len(lines) == 2
    assert all("type" in json.loads(line) for line in lines)


def test_keys_commands_never_print_secrets(sandbox: RunningSandbox) -> None:
    name = unique("cli-key")
    created = json.loads(ok(sandbox, "--raw", "keys", "create", name, "hook::run", "custom::x"))
    assert created["roles"] == "hook::run,custom::x"
    assert created["hook_private_key"] == "***"
    every = ok(sandbox, "keys", "all")
    assert name in every
    for key in sandbox.emulator.state.keys.values():
        assert key["hook_private_key"] not in every
    assert json.loads(ok(sandbox, "keys", "all", "--json"))[0]["hook_private_key"] == "***"
    assert json.loads(ok(sandbox, "keys", "check-access", "hook::run", "--json")) == {"hasAccess": True}
    assert run(sandbox, "keys", "check-access", "nobody::has").exit_code == 1
    assert len(ok(sandbox, "keys", "roles").splitlines()) == 43
    assert len(json.loads(ok(sandbox, "keys", "roles", "--json"))) == 43
    assert json.loads(ok(sandbox, "--raw", "keys", "destroy", name, "--yes")) == {"status": "deleted"}


def test_files_commands(sandbox: RunningSandbox, tmp_path: Path) -> None:
    path = f"/{unique('cli')}.txt"
    written = json.loads(ok(sandbox, "--raw", "files", "write", path, "hello"))
    assert written["contents"] is None
    assert ok(sandbox, "files", "read", path) == "hello"
    assert json.loads(ok(sandbox, "files", "read", path, "--json"))["contents"] == "hello"
    assert json.loads(ok(sandbox, "--raw", "files", "stat", path))["path"] == path
    assert any(row["name"].endswith(path) for row in json.loads(ok(sandbox, "--raw", "files", "readdir")))
    assert ok(sandbox, "--raw", "files", "remove", path, "--yes") == '"removing"\n'
    assert run(sandbox, "files", "remove", path, "--yes").exit_code == 1
    ok(sandbox, "files", "write", path, input="from stdin")
    assert ok(sandbox, "files", "read", path) == "from stdin"
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"binary\x00data")
    ok(sandbox, "files", "upload", "/cli/blob.bin", str(blob))
    result = runner.invoke(app, ["files", "download", "/cli/blob.bin"], env=sandbox.environment())
    assert result.stdout_bytes == b"binary\x00data"


def test_env_metrics_domains_account(sandbox: RunningSandbox) -> None:
    assert ok(sandbox, "env", "set", "CLI_EMPTY=", "CLI_ZERO=0", "CLI_JSON=[1]") == '{"status":"updated"}\n'
    env = json.loads(ok(sandbox, "env", "get", "--json"))
    assert (env["CLI_EMPTY"], env["CLI_ZERO"], env["CLI_JSON"]) == ("", 0, [1])
    assert ok(sandbox, "env", "get", "CLI_ZERO") == "0\n"
    assert run(sandbox, "env", "set", "CLI_NULL=null").exit_code == 1
    missing = run(sandbox, "env", "get", "CLI_NOPE")
    assert missing.exit_code == 1
    assert "CLI_NOPE" in missing.stderr
    ok(sandbox, "env", "del", "CLI_EMPTY", "CLI_ZERO", "--yes")
    assert "CLI_ZERO" not in json.loads(ok(sandbox, "--raw", "env", "get"))
    hits = int(ok(sandbox, "metrics", "hits", "marak/echo"))
    ok(sandbox, "hook", "run", "marak/echo")
    assert int(ok(sandbox, "metrics", "hits", "marak/echo")) == hits + 1
    domain = f"{unique('cli')}.example.org"
    assert json.loads(ok(sandbox, "--raw", "domains", "create", domain, "/marak/echo"))["name"] == domain
    assert json.loads(ok(sandbox, "--raw", "domains", "get", domain))["forwardUrl"] == "/marak/echo"
    assert domain in ok(sandbox, "domains", "all")
    assert domain in ok(sandbox, "domains", "find", f"name={domain}")
    assert json.loads(ok(sandbox, "--raw", "domains", "update", domain, "/marak/hello"))["forwardUrl"] == "/marak/hello"
    assert json.loads(ok(sandbox, "--raw", "domains", "destroy", domain, "--yes")) == {"status": "deleted"}
    assert ok(sandbox, "account", "whoami") == "marak\n"
    assert "echo" in {hook["name"] for hook in json.loads(ok(sandbox, "--raw", "account", "services"))}
    login = ["--login", f"marak:{sandbox.credentials['password']}"]
    session = run(sandbox, *login, "account", "whoami", "--json", env={"HOOKIO_URL": sandbox.url})
    assert session.exit_code == 0, session.output
    assert json.loads(session.stdout)["email"] == "marak@example.com"
    assert sandbox.credentials["hookAccessKey"] not in session.stdout


def test_signup_and_languages(sandbox: RunningSandbox) -> None:
    name = unique("cli-user")
    created = run(sandbox, "account", "signup", name, input="pw\npw\n", env={"HOOKIO_URL": sandbox.url})
    assert created.exit_code == 0, created.output
    assert created.stdout.strip().endswith(name)
    assert "pw" not in created.stdout.replace(name, "")
    again = run(sandbox, "account", "signup", name, "--password", "x", env={"HOOKIO_URL": sandbox.url})
    assert again.exit_code == 1
    assert "ConflictError" in again.stderr
    assert "python" in ok(sandbox, "server", "languages").splitlines()
    assert "javascript" in json.loads(ok(sandbox, "server", "languages", "--json"))


def test_cron_commands(sandbox: RunningSandbox) -> None:
    name = unique("cli-cron")
    created = json.loads(
        ok(sandbox, "--raw", "cron", "create", name, "https://example.org/x", "*/5 * * * *", "--paused")
    )
    assert (created["name"], created["status"]) == (name, "paused")
    assert name in {cron["name"] for cron in json.loads(ok(sandbox, "--raw", "cron", "all"))}
    assert json.loads(ok(sandbox, "--raw", "cron", "get", f"marak/{name}"))["cronExpression"] == "*/5 * * * *"
    updated = json.loads(ok(sandbox, "--raw", "cron", "update", f"marak/{name}", "--status", "active"))
    assert updated["cron"]["status"] == "active"
    assert json.loads(ok(sandbox, "--raw", "cron", "destroy", f"marak/{name}", "--yes")) == {"status": "deleted"}


def test_errors_go_to_stderr_without_secrets(sandbox: RunningSandbox) -> None:
    anonymous = run(sandbox, "events", "get", "marak", env={"HOOKIO_URL": sandbox.url})
    assert anonymous.exit_code == 1
    assert "RoleAccessError" in anonymous.stderr
    assert anonymous.stdout == ""
    readonly = sandbox.credentials["readonly_key"]
    refused = run(sandbox, "--key", readonly, "datastore", "set", "k", "--value", "1", env={"HOOKIO_URL": sandbox.url})
    assert refused.exit_code == 1
    assert readonly not in refused.output
    assert run(sandbox, "hook", "run", "marak/echo", "not-a-pair").exit_code != 0
    assert run(sandbox, "--login", "no-colon", "account", "whoami").exit_code != 0


@pytest.mark.parametrize("args", [["hookio", "--help"], ["hookio", "hook", "--help"]])
def test_registered_in_the_main_command(args: list[str]) -> None:
    result = runner.invoke(main_app, args)
    assert result.exit_code == 0
    assert "hook" in result.stdout
