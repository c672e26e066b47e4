"""The sandbox as a development tool on a shared machine: who may steer it and how far.

The control channel (``/__sandbox__/``) can change every reply a client sees, so it answers only
requests with the sandbox's token, a loopback or IP-literal ``Host`` and no browser ``Origin``, and
POSTs only JSON. Knobs that would hang every client are refused; a Unix socket is private to its
owner; listening beyond loopback is announced as the risk it is.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from resourcekit.cli.main import app
from resourcekit.sandbox.faults import MAX_DELAY_MS, FaultPlan, host_is_local
from resourcekit.sandbox.server import RunningSandbox, exposure_warning, inprocess_sandbox, run_sandbox


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox("hookio", faults=FaultPlan()) as running:
        yield running


def test_the_control_channel_answers_its_token_only(sandbox: RunningSandbox) -> None:
    stats = f"{sandbox.url}/__sandbox__/stats"
    assert httpx.get(stats).status_code == 401
    assert httpx.get(stats, headers={"X-Sandbox-Token": "guess"}).status_code == 401
    assert httpx.post(f"{sandbox.url}/__sandbox__/reset").status_code == 401
    opened = httpx.get(stats, headers=sandbox.control_headers())
    assert opened.status_code == 200
    assert set(opened.json()) >= {"requests", "connections", "side_effects"}


def test_the_token_is_not_in_the_sandbox_repr(sandbox: RunningSandbox) -> None:
    assert sandbox.control_token not in repr(sandbox)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "localhost.evil.example", ""])
def test_foreign_host_headers_are_refused(sandbox: RunningSandbox, host: str) -> None:
    # A page on evil.example whose name now resolves to 127.0.0.1 (DNS rebinding) sends its own name.
    headers = {**sandbox.control_headers(), "Host": host}
    reply = httpx.post(f"{sandbox.url}/__sandbox__/faults", json={"latency_ms": 5000}, headers=headers)
    assert reply.status_code in (400, 403)  # an empty Host is refused by the server itself
    assert sandbox.faults.latency_ms == 0


def test_cross_site_requests_are_refused(sandbox: RunningSandbox) -> None:
    faults = f"{sandbox.url}/__sandbox__/faults"
    from_a_page = {**sandbox.control_headers(), "Origin": "https://evil.example"}
    assert httpx.post(faults, json={"fail_rate": 1}, headers=from_a_page).status_code == 403
    fetched = {**sandbox.control_headers(), "Sec-Fetch-Site": "cross-site"}
    assert httpx.post(faults, json={"fail_rate": 1}, headers=fetched).status_code == 403
    # The body a cross-site form can send without a preflight: text/plain that happens to be JSON.
    as_text = {**sandbox.control_headers(), "Content-Type": "text/plain"}
    assert httpx.post(faults, content=b'{"fail_rate": 1}', headers=as_text).status_code == 415
    assert sandbox.faults.fail_rate == 0


def test_loopback_and_ip_literal_hosts_are_accepted(sandbox: RunningSandbox) -> None:
    port = sandbox.url.rsplit(":", 1)[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "[::1]:80", "10.0.0.5"):
        headers = {**sandbox.control_headers(), "Host": host}
        assert httpx.get(f"{sandbox.url}/__sandbox__/faults", headers=headers).status_code == 200


def test_host_names_unit() -> None:
    assert host_is_local("localhost") and host_is_local("LOCALHOST:8080") and host_is_local("127.0.0.1:1")
    assert host_is_local("[::1]:8080") and host_is_local("::1") and host_is_local("192.0.2.7")
    assert host_is_local("sandbox.local", {"sandbox.local"})
    assert not host_is_local("attacker.test") and not host_is_local("") and not host_is_local("[::1")


@pytest.mark.parametrize(
    "knobs",
    [
        {"latency_ms": 1e15},
        {"spike_ms": 1e15},
        {"latency_ms": MAX_DELAY_MS + 1},
        {"latency_ms": -1},
        {"fail_rate": 1.5},
        {"fault_rate": -0.1},
    ],
)
def test_absurd_fault_values_are_refused(sandbox: RunningSandbox, knobs: dict[str, float]) -> None:
    reply = httpx.post(f"{sandbox.url}/__sandbox__/faults", json=knobs, headers=sandbox.control_headers())
    assert reply.status_code == 400
    assert sandbox.faults.knobs() == FaultPlan().knobs()
    with pytest.raises(ValueError, match=r"between|range"):
        FaultPlan().configure(knobs)


def test_absurd_scripted_spikes_and_cli_latency_are_refused() -> None:
    with pytest.raises(ValueError, match="between"):
        FaultPlan().spike_next(delay_ms=1e15)
    result = CliRunner().invoke(app, ["sandbox", "serve", "--provider", "ovh", "--latency-ms", "1e15"])
    assert result.exit_code == 2
    assert "latency_ms must be between 0 and 600000 ms" in result.output


def test_the_in_process_sandbox_checks_the_token_too() -> None:
    with inprocess_sandbox("hookio") as sandbox:
        transport = sandbox.http_transport()
        with httpx.Client(transport=transport, base_url=sandbox.url) as client:
            assert client.get("/__sandbox__/stats").status_code == 401
            assert client.get("/__sandbox__/stats", headers=sandbox.control_headers()).status_code == 200


def test_the_unix_socket_is_private_and_removed_afterwards(tmp_path: Path) -> None:
    path = str(tmp_path / "sandbox.sock")
    with run_sandbox("hookio", uds=path) as sandbox:
        mode = os.stat(path).st_mode
        assert stat.S_ISSOCK(mode)
        assert stat.S_IMODE(mode) == 0o600
        with httpx.Client(transport=httpx.HTTPTransport(uds=path), base_url=sandbox.url) as client:
            assert client.get("/__sandbox__/stats", headers=sandbox.control_headers()).status_code == 200
    assert not os.path.exists(path)


def test_a_file_in_the_sockets_place_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("keep me")
    with pytest.raises(FileExistsError), run_sandbox("hookio", uds=str(path)):
        pass
    assert path.read_text() == "keep me"


def test_listening_beyond_loopback_names_the_risk() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"):
        assert exposure_warning(host) is None
    for host in ("0.0.0.0", "::", "192.0.2.10", "my-laptop.lan"):
        warning = exposure_warning(host)
        assert warning is not None
        assert host in warning and "credentials" in warning and "control channel" in warning


def serve_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "resourcekit", "sandbox", "serve", "--provider", "hookio", *arguments]


def test_the_serve_line_carries_the_token_the_served_channel_wants() -> None:
    with subprocess.Popen(serve_command("--seed-size", "1"), stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            ready = json.loads(process.stdout.readline())
            stats = f"{ready['url']}/__sandbox__/stats"
            token = ready["control_token"]
            assert httpx.get(stats).status_code == 401
            assert httpx.get(stats, headers={"X-Sandbox-Token": token[:-1]}).status_code == 401
            assert httpx.get(stats, headers={"X-Sandbox-Token": token}).status_code == 200
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_serving_beyond_loopback_prints_the_warning_first() -> None:
    # 192.0.2.10 (a documentation address) is on no interface here: the warning comes out before the
    # server tries to listen; the process is stopped either way once it has been read.
    command = serve_command("--host", "192.0.2.10", "--port", "0")
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stderr is not None
            first = process.stderr.readline()
        finally:
            process.terminate()
            process.wait(timeout=10)
    assert first.startswith("warning: serving on 192.0.2.10")
    assert "credentials" in first and "control channel" in first
    quiet = CliRunner().invoke(app, ["sandbox", "serve", "--provider", "nope", "--host", "0.0.0.0"])
    assert "warning" not in quiet.output  # refused arguments stop before anything is announced
