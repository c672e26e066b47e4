"""``resourcekit siminars ...`` against the sandbox, through typer's test runner.

The Siminars command group is invoked on its own (as ``resourcekit siminars`` mounts it), so these
tests do not depend on the other providers' command groups.
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from resourcekit.cli.siminars import app, tour
from resourcekit.sandbox.server import RunningSandbox
from resourcekit.sandbox.siminars.state import SEED_PLAN_ID, SEED_SIMINAR_ID
from resourcekit.siminars import Siminars


def invoke(sandbox: RunningSandbox, token_file: Path, *args: str, password: str | None = None) -> tuple[int, str]:
    env = {**sandbox.environment(), "SIMINARS_TOKEN_FILE": str(token_file), "COLUMNS": "200"}
    result = CliRunner().invoke(app, list(args), env=env, input=password)
    return result.exit_code, result.output


def test_login_browse_call_and_logout(sandbox: RunningSandbox, tmp_path: Path) -> None:
    main = Path(__file__).resolve().parents[2] / "resourcekit" / "cli" / "main.py"
    assert '"siminars"' in main.read_text()  # mounted as `resourcekit siminars`
    token_file = tmp_path / "token"
    credentials = sandbox.credentials
    code, output = invoke(sandbox, token_file, "login", credentials["email"], password=credentials["password"] + "\n")
    assert code == 0, output
    assert "signed in as Task Master" in output and credentials["password"] not in output
    token = token_file.read_text().strip()
    assert len(token) == 32 and token not in output
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600

    code, output = invoke(sandbox, token_file, "whoami", "--json")
    assert code == 0 and json.loads(output)["display_name"] == "Task Master"

    code, output = invoke(sandbox, token_file, "siminars", "list", "--role", "facilitating")
    assert code == 0 and "Build a High Capacity Task Processor" in output
    code, output = invoke(sandbox, token_file, "siminars", "list", "--json")
    assert SEED_SIMINAR_ID in [item["id"] for item in json.loads(output)]
    code, output = invoke(sandbox, token_file, "siminars", "get", SEED_SIMINAR_ID)
    assert code == 0 and "Concurrent Task Processor" in output
    code, output = invoke(sandbox, token_file, "siminars", "get", SEED_SIMINAR_ID, "--json")
    assert json.loads(output)["purchase_price"] == 12
    code, output = invoke(sandbox, token_file, "siminars", "steps", SEED_SIMINAR_ID, "--json")
    assert [step["sequence"] for step in json.loads(output)] == [1, 2, 3, 4, 5]
    code, output = invoke(sandbox, token_file, "siminars", "steps", SEED_SIMINAR_ID)
    assert code == 0 and "Introduction to the Task Server" in output

    code, output = invoke(sandbox, token_file, "bundles", "list", "--plan", SEED_PLAN_ID, "--json")
    bundles = json.loads(output)
    assert code == 0 and bundles and bundles[0]["plan_id"] == SEED_PLAN_ID
    bundle_id = bundles[0]["id"]
    code, output = invoke(sandbox, token_file, "bundles", "list")
    assert code == 0 and "Backend Track 1" in output
    code, output = invoke(sandbox, token_file, "bundles", "get", bundle_id)
    assert code == 0 and "Backend Track 1" in output
    code, output = invoke(sandbox, token_file, "bundles", "siminars", bundle_id, "--json")
    assert SEED_SIMINAR_ID in [item["id"] for item in json.loads(output)]
    code, output = invoke(sandbox, token_file, "bundles", "sessions", bundle_id, "--json")
    assert len(json.loads(output)) == 2

    code, output = invoke(sandbox, token_file, "urls")
    assert code == 0 and "/jack/siminar/%(siminar_id)s" in output and "server" in output
    code, output = invoke(sandbox, token_file, "urls", "--json")
    assert json.loads(output)["jaction"] == "/%(handle)s/%(object_id)s"

    code, output = invoke(sandbox, token_file, "call", "siminar", f"siminar_id={SEED_SIMINAR_ID}")
    assert code == 0 and json.loads(output)["siminar"]["free_steps"] == 3
    code, output = invoke(sandbox, token_file, "call", "siminars", "-X", "POST", "title=From the CLI", "is_paid=true")
    created = json.loads(output)["created"]
    code, output = invoke(sandbox, token_file, "siminars", "get", created, "--json")
    assert json.loads(output)["is_paid"] is True and json.loads(output)["title"] == "From the CLI"

    code, output = invoke(sandbox, token_file, "call", "no_such_route")
    assert code == 1 and "UnknownRouteError" in output
    code, output = invoke(sandbox, token_file, "call", "siminar", "not-a-pair")
    assert code == 2

    code, output = invoke(sandbox, token_file, "logout")
    assert code == 0 and "signed out" in output and not token_file.exists()
    code, output = invoke(sandbox, token_file, "logout")
    assert "not signed in" in output
    code, output = invoke(sandbox, token_file, "whoami")
    assert code == 1 and "LoginRequiredError" in output and token not in output


def test_a_wrong_password_is_one_clear_error(sandbox: RunningSandbox, tmp_path: Path) -> None:
    code, output = invoke(sandbox, tmp_path / "t", "login", sandbox.credentials["email"], password="nope\n")
    assert code == 1 and "InvalidParamError: Invalid Username or Password." in output
    assert not (tmp_path / "t").exists()


def test_tour_walks_the_sandbox(sandbox: RunningSandbox) -> None:
    console = Console(record=True, width=160)
    tour(sandbox, console)
    text = console.export_text()
    for expected in (
        "signed in as Task Master",
        "Introduction to the Task Server",
        "created and launched 'Tour: Queues in Practice' (status 12)",
        "members of the new siminar: Student 2",
        "paid: True; now a student: True",
    ):
        assert expected in text
    assert sandbox.credentials["password"] not in text


@pytest.mark.slow
def test_sandbox_serve_on_a_unix_socket() -> None:
    with tempfile.TemporaryDirectory(prefix="rk-sim-") as folder:
        socket_path = str(Path(folder) / "api.sock")
        serve = "from resourcekit.cli.sandbox import sandbox_app; sandbox_app()"
        command = [sys.executable, "-c", serve, "serve", "--provider", "siminars"]
        process = subprocess.Popen([*command, "--uds", socket_path], stdout=subprocess.PIPE, text=True)
        try:
            assert process.stdout is not None
            line = json.loads(process.stdout.readline())
            assert line["provider"] == "siminars" and line["uds"] == socket_path
            with Siminars(socket_path, line["credentials"]["apitoken"]) as api:
                api.login(line["credentials"]["email"], line["credentials"]["password"])
                assert api.whoami().display_name == "Task Master"
        finally:
            process.terminate()
            process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()
