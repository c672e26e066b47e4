"""No command prints a traceback or lets text from a server or a user restyle the terminal.

A hostile server answers every provider's client with markup-like text, a closing tag that used to
crash rich, an OSC 8 hyperlink and escape sequences; bad addresses go through every provider's
options and environment variables. Every case ends as one line on stderr, exit status 1, with the
text shown literally and every control character escaped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.types import Receive, Scope, Send
from typer.testing import CliRunner, Result

from resourcekit.cli.main import app
from resourcekit.sandbox.server import RunningSandbox, serve_app

HOSTILE = "[/bold] [red]boom[/red] \x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\ \x1b[2J \u202eevil \x9b31m"
ESCAPES = ("\x1b", "\x9b", "\u202e")

runner = CliRunner()


class HostileServer:
    """Answers everything with an error whose text is ``HOSTILE``, in each provider's reply format."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        while (await receive()).get("more_body", False):
            pass
        if scope["path"].endswith("call.cgi"):
            body = f"[RESPONSE]\r\ncode = 549\r\ndescription = {HOSTILE}\r\nEOF\r\n".encode()
            content_type = b"text/plain"
            status = 200
        else:
            payload: dict[str, Any] = {"message": HOSTILE, "error": HOSTILE, "description": HOSTILE, "code": 400}
            body = json.dumps(payload).encode()
            content_type = b"application/json"
            status = 400
        headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


@pytest.fixture(scope="module")
def hostile_url() -> Iterator[str]:
    with serve_app(HostileServer()) as url:
        yield url


CREDENTIALS = {
    "HEXONET_LOGIN": "someone",
    "HEXONET_PASSWORD": "pw-for-hostile-test",
    "OVH_APPLICATION_KEY": "ak",
    "OVH_APPLICATION_SECRET": "as",
    "OVH_CONSUMER_KEY": "ck",
    "EXOSITE_CIK": "c" * 40,
    "hook_private_key": "k-for-hostile-test",
    "SIMINARS_APITOKEN": "api-for-hostile-test",
    "SIMINARS_AUTHTOKEN": "auth-for-hostile-test",
}


def commands(url: str) -> dict[str, list[str]]:
    """One command per provider that reaches the server given as ``url``."""
    return {
        "hexonet": ["hexonet", "--url", f"{url}/api/call.cgi", "account", "status"],
        "ovh": ["ovh", "--url", f"{url}/1.0", "me"],
        "exosite": ["exosite", "--url", url, "tree"],
        "hookio": ["hookio", "--url", url, "account", "whoami"],
        "siminars": ["siminars", "--url", url, "whoami"],
    }


def assert_one_clean_error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("error: ")
    assert "Traceback" not in result.stderr
    assert not any(escape in result.stderr for escape in ESCAPES)
    return line


@pytest.mark.parametrize("provider", ["hexonet", "ovh", "exosite", "hookio", "siminars"])
def test_hostile_server_text_is_one_literal_line(provider: str, hostile_url: str) -> None:
    result = runner.invoke(app, commands(hostile_url)[provider], env=CREDENTIALS)
    line = assert_one_clean_error_line(result)
    for secret in CREDENTIALS.values():
        if len(secret) > 3:
            assert secret not in line
    if "boom" in line:  # the server's words are shown, markup and all
        assert "[red]boom[/red]" in line and "[/bold]" in line
        assert "\\x1b]8;;https://evil.example/" in line


BAD_ADDRESSES = ["http://[bad", "http://exa mple.com", "ftp://127.0.0.1/", "http://127.0.0.1:99999", "::::"]


@pytest.mark.parametrize("provider", ["hexonet", "ovh", "exosite", "hookio", "siminars"])
@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_bad_addresses_in_options_are_one_line(provider: str, address: str) -> None:
    arguments = commands(address)[provider]
    arguments[arguments.index("--url") + 1] = address
    assert_one_clean_error_line(runner.invoke(app, arguments, env=CREDENTIALS))


@pytest.mark.parametrize("provider", ["hexonet", "ovh", "exosite", "hookio", "siminars"])
@pytest.mark.parametrize("address", [address for address in BAD_ADDRESSES if "://" in address])
def test_bad_urls_are_typed_address_errors(provider: str, address: str) -> None:
    arguments = commands(address)[provider]
    arguments[arguments.index("--url") + 1] = address
    line = assert_one_clean_error_line(runner.invoke(app, arguments, env=CREDENTIALS))
    assert line.startswith("error: InvalidAddressError: ")
    assert address.rstrip("/") in line  # the message quotes what was given


@pytest.mark.parametrize(
    ("provider", "variable"),
    [
        ("hexonet", "HEXONET_URL"),
        ("ovh", "OVH_ENDPOINT"),
        ("exosite", "EXOSITE_URL"),
        ("hookio", "HOOKIO_URL"),
        ("siminars", "SIMINARS_ADDRESS"),
    ],
)
def test_bad_addresses_in_the_environment_are_one_line(provider: str, variable: str) -> None:
    arguments = commands("unused")[provider]
    del arguments[1:3]  # no --url: the variable decides
    line = assert_one_clean_error_line(runner.invoke(app, arguments, env={**CREDENTIALS, variable: "http://[bad"}))
    assert line.startswith("error: InvalidAddressError: ") and "'http://[bad' is not a valid URL" in line


@pytest.mark.parametrize("provider", ["hexonet", "ovh", "exosite", "hookio", "siminars"])
def test_plain_http_to_a_remote_host_names_the_option(provider: str) -> None:
    # Refused before anything is sent: no request leaves the machine.
    arguments = commands("http://api.example.invalid")[provider]
    line = assert_one_clean_error_line(runner.invoke(app, arguments, env=CREDENTIALS))
    assert "--allow-http" in line


def test_long_errors_are_not_wrapped(hostile_url: str) -> None:
    long_login = "x" * 300
    result = runner.invoke(
        app,
        [
            "hexonet",
            "--url",
            f"{hostile_url}/api/call.cgi",
            "--login",
            long_login,
            "domains",
            "get",
            "y" * 200 + ".com",
        ],
        env=CREDENTIALS,
    )
    assert_one_clean_error_line(result)


def test_hostile_keys_in_a_sandbox_listing_are_escaped(sandbox_hookio: RunningSandbox) -> None:
    key = "[/bold]\x1b]8;;https://evil.example/\x1b\\key"
    env = sandbox_hookio.environment()
    stored = runner.invoke(app, ["hookio", "datastore", "set", key, "--value", json.dumps(HOSTILE)], env=env)
    assert stored.exit_code == 0, stored.output
    listed = runner.invoke(app, ["hookio", "datastore", "recent"], env=env)
    assert listed.exit_code == 0, listed.output
    assert r"[/bold]\x1b]8;;https://evil.example/\x1b\key" in listed.stdout
    assert not any(escape in listed.stdout for escape in ESCAPES)
    as_json = runner.invoke(app, ["hookio", "datastore", "get", key], env=env)
    assert json.loads(as_json.stdout) == HOSTILE
    assert not any(escape in as_json.stdout for escape in ESCAPES)


@pytest.fixture(scope="module")
def sandbox_hookio() -> Iterator[RunningSandbox]:
    from resourcekit.sandbox.server import run_sandbox

    with run_sandbox("hookio") as sandbox:
        yield sandbox
