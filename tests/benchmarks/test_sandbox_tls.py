"""``resourcekit sandbox serve --tls-cert --tls-key`` serves HTTPS that a client trusting the CA reaches."""

from __future__ import annotations

import ssl

import httpx
import pytest

from tests.benchmarks.sandbox import local_certificate, sandbox_process


@pytest.mark.slow
def test_the_sandbox_serves_https_and_counts_connections() -> None:
    with (
        local_certificate() as certificate,
        sandbox_process("hexonet", seed_size=2, certificate=certificate) as sandbox,
    ):
        assert sandbox.url.startswith("https://127.0.0.1:")
        with httpx.Client(verify=ssl.create_default_context(cafile=certificate.ca_file)) as client:
            for _ in range(3):
                reply = client.post(sandbox.url + "/api/call.cgi", data={"s_command": "COMMAND=StatusAccount"})
                assert reply.status_code == 200
                assert "CODE=" in reply.text
        with pytest.raises(httpx.ConnectError):
            httpx.get(sandbox.url + "/api/call.cgi")  # not trusted without the run's CA
        stats = sandbox.stats()
        assert stats["requests"] == 3
        assert stats["connections"] == 1  # one keep-alive connection for the three calls


def test_tls_files_go_together() -> None:
    from typer.testing import CliRunner

    from resourcekit.cli.main import app

    result = CliRunner().invoke(app, ["sandbox", "serve", "--provider", "hexonet", "--tls-cert", "cert.pem"])
    assert result.exit_code == 2
    assert "--tls-cert and --tls-key go together" in result.output
