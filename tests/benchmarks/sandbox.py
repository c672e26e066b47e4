"""The sandbox the benchmarks talk to: ``resourcekit sandbox serve`` in a process of its own.

The client under test then owns its interpreter: its CPU time (``time.process_time``) is the
client's cost alone, and tracemalloc sees only the client's allocations. The sandbox is reached
over real loopback TCP (HTTP, or HTTPS with a certificate made for the run by trustme) and steered
through its control channel (``/__sandbox__/faults``, ``/__sandbox__/stats``, ``/__sandbox__/reset``).
"""

from __future__ import annotations

import json
import os
import select
import ssl
import subprocess
import sys
import tempfile
from collections.abc import Generator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

STARTUP_TIMEOUT = 180.0  # seeding 100,000 HEXONET domains takes a while
PROXY_VARIABLES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


@dataclass(frozen=True)
class Certificate:
    """A CA made for this run and a certificate it issued for 127.0.0.1 / localhost (PEM files)."""

    ca_file: str
    cert_file: str
    key_file: str


@contextmanager
def local_certificate(*, rsa: bool = False) -> Generator[Certificate, None, None]:
    """An ECDSA P-256 certificate (trustme's default), or RSA 2048 with ``rsa=True``."""
    import trustme  # pyright: ignore[reportMissingTypeStubs]

    key_type: Any = trustme.KeyType.RSA if rsa else trustme.KeyType.ECDSA
    authority: Any = trustme.CA(key_type=key_type)
    issued: Any = authority.issue_cert("127.0.0.1", "localhost", key_type=key_type)
    with tempfile.TemporaryDirectory(prefix="resourcekit-bench-") as folder:
        ca_file = str(Path(folder, "ca.pem"))
        cert_file = str(Path(folder, "cert.pem"))
        key_file = str(Path(folder, "key.pem"))
        authority.cert_pem.write_to_path(ca_file)
        issued.private_key_and_cert_chain_pem.write_to_path(cert_file)
        issued.private_key_pem.write_to_path(key_file)
        yield Certificate(ca_file, cert_file, key_file)


class Sandbox:
    """A running sandbox process: where it answers, its credentials, and its control channel."""

    def __init__(self, url: str, credentials: Mapping[str, str], ca_file: str | None, control_token: str = "") -> None:
        self.url = url
        self.credentials = dict(credentials)
        self.ca_file = ca_file
        self.control_token = control_token
        verify = ssl.create_default_context(cafile=ca_file) if ca_file else True
        headers = {"X-Sandbox-Token": control_token}
        self._control = httpx.Client(base_url=url, verify=verify, timeout=30, headers=headers)

    def stats(self) -> dict[str, Any]:
        """``requests``, ``connections`` (TCP connections seen), ``injected``, ``side_effects``."""
        reply = self._control.get("/__sandbox__/stats")
        reply.raise_for_status()
        return reply.json()

    def faults(self, **knobs: Any) -> None:
        """Set fault knobs, e.g. ``latency_ms=10``."""
        reply = self._control.post("/__sandbox__/faults", json=knobs)
        reply.raise_for_status()

    def reset(self) -> None:
        """Zero the counters and clear every knob (latency included)."""
        self._control.post("/__sandbox__/reset").raise_for_status()

    def close(self) -> None:
        self._control.close()

    @contextmanager
    def reached_through(self, url: str) -> Generator[Sandbox, None, None]:
        """This sandbox as clients see it at ``url`` (a relay in front of it), control included."""
        if url == self.url:
            yield self
            return
        view = Sandbox(url, self.credentials, self.ca_file, self.control_token)
        try:
            yield view
        finally:
            view.close()


@contextmanager
def no_proxy() -> Generator[None, None, None]:
    """Without proxy variables, so that no client sends loopback calls to a proxy."""
    saved = {name: os.environ.pop(name) for name in PROXY_VARIABLES if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


@contextmanager
def sandbox_process(
    provider: str, *, seed_size: int = 5, certificate: Certificate | None = None
) -> Generator[Sandbox, None, None]:
    """``resourcekit sandbox serve --provider P --seed-size N [--tls-cert F --tls-key F]`` for the block."""
    command = [sys.executable, "-m", "resourcekit", "sandbox", "serve", "--provider", provider]
    command += ["--host", "127.0.0.1", "--seed-size", str(seed_size)]
    if certificate is not None:
        command += ["--tls-cert", certificate.cert_file, "--tls-key", certificate.key_file]
    # The sandbox's own messages (uvicorn's shutdown notices) go to a file, shown only if it fails to start.
    with no_proxy(), tempfile.TemporaryFile("w+") as messages:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=messages, text=True)
        assert process.stdout is not None
        sandbox: Sandbox | None = None
        try:
            ready, _, _ = select.select([process.stdout], [], [], STARTUP_TIMEOUT)
            line = process.stdout.readline() if ready else ""
            if not line:
                messages.seek(0)
                raise RuntimeError(f"the {provider} sandbox process did not start: {messages.read()[-2000:]}")
            announced = json.loads(line)
            sandbox = Sandbox(
                announced["url"],
                announced["credentials"],
                certificate and certificate.ca_file,
                announced["control_token"],
            )
            yield sandbox
        finally:
            if sandbox is not None:
                sandbox.close()
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stdout.close()
