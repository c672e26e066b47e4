"""The sync client from many threads, and over a Unix domain socket."""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from resourcekit.hexonet import Hexonet
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import RunningSandbox, run_sandbox
from tests.hexonet.conftest import state


def test_threads_share_one_client_and_renew_an_expired_session_once(sandbox: RunningSandbox) -> None:
    with sandbox.client() as hexonet:
        assert isinstance(hexonet, Hexonet)
        hexonet.login()
        state(sandbox).expire_sessions()
        with ThreadPoolExecutor(max_workers=6) as pool:
            statuses = list(pool.map(lambda _: hexonet.account.status(), range(12)))
        assert {status.currency for status in statuses} == {"USD"}
        assert sandbox.side_effects["StartSession"] == 2
        hexonet.logout()


def test_unix_domain_socket() -> None:
    with tempfile.TemporaryDirectory(prefix="rk-hx-") as folder:
        socket = str(Path(folder) / "api.sock")
        with run_sandbox("hexonet", settings=SandboxSettings(seed_size=2), uds=socket) as sandbox:
            with sandbox.client() as hexonet:
                assert hexonet.account.status().currency == "USD"
            environ = sandbox.environment()
            assert environ["HEXONET_UDS"] == socket
            with Hexonet(environ=environ) as from_env:
                assert len(from_env.domains.list().to_list()) == 3
