"""``resourcekit sandbox serve`` as a user runs it: a subprocess printing one JSON line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Generator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from resourcekit.cli.main import app
from resourcekit.sandbox.registry import provider_names


@contextmanager
def serving(*arguments: str) -> Generator[dict[str, Any], None, None]:
    command = [sys.executable, "-m", "resourcekit", "sandbox", "serve", *arguments]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line, process.stderr.read() if process.stderr else "no output"
            yield json.loads(line)
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.mark.parametrize("provider", provider_names())
def test_serve_prints_one_json_line_then_serves(provider: str) -> None:
    with serving("--provider", provider, "--seed-size", "2") as ready:
        assert ready["provider"] == provider
        assert ready["url"].startswith("http://127.0.0.1:")
        assert isinstance(ready["credentials"], dict)
        reply = httpx.get(ready["url"] + "/resourcekit-probe")
        assert reply.status_code < 600  # an HTTP answer from the emulator, whatever the route


@pytest.mark.parametrize("provider", provider_names()[:1])
def test_serve_on_a_unix_socket_with_faults(provider: str, tmp_path: Path) -> None:
    socket = str(tmp_path / "sandbox.sock")
    with serving("--provider", provider, "--uds", socket, "--fail-rate", "1") as ready:
        assert ready["uds"] == socket
        with httpx.Client(transport=httpx.HTTPTransport(uds=socket), base_url="http://localhost") as client:
            reply = client.get("/resourcekit-probe")
        assert reply.status_code == 503
        assert "sandbox fault" in reply.json()["message"]


def test_serve_rejects_unknown_providers_and_rates() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["sandbox", "serve", "--provider", "nope"])
    assert result.exit_code == 2
    assert "unknown provider" in result.output
    if provider_names():
        result = runner.invoke(app, ["sandbox", "serve", "--provider", provider_names()[0], "--fail-rate", "2"])
        assert result.exit_code == 2


def test_sandbox_list_and_version() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["sandbox", "list"])
    assert listed.exit_code == 0
    assert listed.output.split() == provider_names()
    as_json = runner.invoke(app, ["sandbox", "list", "--json"])
    assert json.loads(as_json.output) == ["exosite", "hexonet", "hookio", "ovh", "siminars"]
    version = runner.invoke(app, ["version"])
    assert version.exit_code == 0
    assert version.output.strip().count(".") == 2


def test_serve_failures_are_one_line(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-folder" / "sandbox.sock")
    result = CliRunner().invoke(app, ["sandbox", "serve", "--provider", "ovh", "--uds", missing])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: FileNotFoundError") and len(result.stderr.splitlines()) == 1


def test_serve_prints_the_environment_for_a_shell(tmp_path: Path) -> None:
    socket = str(tmp_path / "sandbox.sock")
    command = [sys.executable, "-m", "resourcekit", "sandbox", "serve", "-p", "siminars", "--uds", socket, "--env"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as process:
        try:
            assert process.stdout is not None
            lines = [process.stdout.readline() for _ in range(4)]
        finally:
            process.terminate()
            process.wait(timeout=10)
    exported = dict(line.removeprefix("export ").strip().split("=", 1) for line in lines)
    assert exported["SIMINARS_ADDRESS"] == socket
    assert exported["RESOURCEKIT_SANDBOX_URL"] == "http://localhost"
    assert set(exported) == {
        "SIMINARS_ADDRESS",
        "SIMINARS_APITOKEN",
        "RESOURCEKIT_SANDBOX_URL",
        "RESOURCEKIT_SANDBOX_TOKEN",
    }
