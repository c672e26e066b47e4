"""TLS is verified by default everywhere; plain ``http://`` goes only to loopback, a Unix socket,
an in-process transport, or where the caller opted in; files holding secrets are warned about when
other users can read them.

The TLS tests serve each provider's emulator over HTTPS on 127.0.0.1 with a certificate from a
private CA (trustme): a default client refuses the handshake, one given the CA bundle succeeds.
"""

from __future__ import annotations

import asyncio
import os
import ssl
import stat
import threading
import time
import warnings
from collections.abc import Callable, Generator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import trustme
import uvicorn
from typer.testing import CliRunner

from resourcekit.cli.main import app as cli_app
from resourcekit.core.config import InsecureConfigWarning
from resourcekit.core.errors import ConfigurationError, ConnectionError
from resourcekit.sandbox.base import Emulator, SandboxProvider, SandboxSettings
from resourcekit.sandbox.inprocess import SyncInProcessTransport
from resourcekit.sandbox.registry import get_provider
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

PROVIDERS = ("hexonet", "ovh", "exosite", "hookio", "siminars")

REMOTE_HTTP = (
    "http://example.invalid:8080",
    "http://10.0.0.8",
    "http://localhost.example.invalid",
    "http://0.0.0.0:80",
)
LOOPBACK_HTTP = ("http://127.0.0.1:8080", "http://localhost:8080", "http://127.9.9.9", "http://[::1]:8080")

# One authenticated read per provider, to prove a connection works end to end.
PROBES: dict[str, Callable[[Any], object]] = {
    "hexonet": lambda client: client.account.status(),
    "ovh": lambda client: client.me.get(),
    "exosite": lambda client: client.me(),
    "hookio": lambda client: client.keys.all(),
    "siminars": lambda client: client.urls(refresh=True),
}


def no_sleep(seconds: float) -> None:
    """Retries in these tests do not wait."""


def transport_options(client: Any) -> Any:
    return client._transport.options


def client_type(entry: SandboxProvider, credentials: dict[str, str]) -> type[Any]:
    """The provider's sync client class (built once against a loopback URL, then closed)."""
    client: Any = entry.sync_client("http://127.0.0.1:9", credentials)
    client.close()
    kind: type[Any] = type(client)  # pyright: ignore[reportUnknownVariableType]
    return kind


@pytest.fixture(scope="module")
def credentials() -> dict[str, dict[str, str]]:
    return {name: dict(get_provider(name).create(SandboxSettings(seed_size=1)).credentials) for name in PROVIDERS}


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No config file of the machine or the user is read: an empty home and working directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


# -- plain http:// --------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("url", REMOTE_HTTP)
def test_plain_http_to_a_remote_host_is_refused(
    provider: str, url: str, credentials: dict[str, dict[str, str]], isolated: Path
) -> None:
    entry = get_provider(provider)
    with pytest.raises(ConfigurationError, match="http"):
        entry.sync_client(url, credentials[provider])
    with pytest.raises(ConfigurationError, match="http"):
        entry.async_client(url, credentials[provider])


@pytest.mark.parametrize("provider", PROVIDERS)
def test_plain_http_from_the_environment_is_refused(
    provider: str, credentials: dict[str, dict[str, str]], isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = get_provider(provider)
    for name, value in entry.environment(REMOTE_HTTP[0], credentials[provider]).items():
        monkeypatch.setenv(name, value)
    client_class = client_type(entry, credentials[provider])
    with pytest.raises(ConfigurationError, match="http"):
        client_class()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_plain_http_with_an_explicit_opt_in(
    provider: str, credentials: dict[str, dict[str, str]], isolated: Path
) -> None:
    entry = get_provider(provider)
    with entry.sync_client(REMOTE_HTTP[0], credentials[provider], allow_http=True) as client:
        assert transport_options(client).allow_http is True
        assert transport_options(client).verify is True


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("url", LOOPBACK_HTTP)
def test_plain_http_to_loopback_needs_no_opt_in(
    provider: str, url: str, credentials: dict[str, dict[str, str]], isolated: Path
) -> None:
    with get_provider(provider).sync_client(url, credentials[provider]) as client:
        assert transport_options(client).allow_http is False


@pytest.mark.parametrize("provider", PROVIDERS)
def test_plain_http_over_a_unix_socket_or_in_process_needs_no_opt_in(
    provider: str, credentials: dict[str, dict[str, str]], isolated: Path
) -> None:
    entry = get_provider(provider)
    with entry.sync_client(REMOTE_HTTP[0], credentials[provider], uds=str(isolated / "api.sock")) as client:
        assert transport_options(client).uds == str(isolated / "api.sock")
    emulator = entry.create(SandboxSettings(seed_size=1))
    in_process = SyncInProcessTransport(emulator.app)
    try:
        with entry.sync_client(REMOTE_HTTP[0], credentials[provider], http_transport=in_process) as client:
            PROBES[provider](client)
    finally:
        in_process.close()


# -- TLS verification ------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_tls_is_verified_by_default(provider: str, credentials: dict[str, dict[str, str]], isolated: Path) -> None:
    entry = get_provider(provider)
    with entry.sync_client("https://api.example.invalid", credentials[provider]) as client:
        assert transport_options(client).verify is True
    async_client = entry.async_client("https://api.example.invalid", credentials[provider])
    try:
        assert transport_options(async_client).verify is True
    finally:
        asyncio.run(async_client.aclose())


def test_hookio_inside_a_hook_verifies_tls_by_default(isolated: Path) -> None:
    from resourcekit.hookio import HookIO

    hook: dict[str, Any] = {"req": {"host": "hook.example.invalid", "headers": {}}, "params": {}, "env": {}}
    with HookIO.from_hook_environment(hook, environ={}) as client:
        assert client.url.startswith("https://")
        assert transport_options(client).verify is True
    with HookIO.from_hook_environment(hook, environ={}, verify=False) as opted_out:
        assert transport_options(opted_out).verify is False


class TLSServer:
    """An ASGI app served over HTTPS on 127.0.0.1 from a thread, with a private CA's certificate;
    with ``client_ca``, only to clients presenting a certificate that CA issued (mutual TLS)."""

    def __init__(self, app: Any, certfile: Path, keyfile: Path, *, client_ca: Path | None = None) -> None:
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=0,
            ssl_certfile=str(certfile),
            ssl_keyfile=str(keyfile),
            log_level="critical",
            lifespan="off",
            interface="asgi3",
            ws="none",
            http="h11",
            access_log=False,
            timeout_graceful_shutdown=1,
            ssl_ca_certs=None if client_ca is None else str(client_ca),
            ssl_cert_reqs=ssl.CERT_NONE if client_ca is None else ssl.CERT_REQUIRED,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="tls-sandbox", daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "the TLS server did not start"
            time.sleep(0.01)
        port = int(self.server.servers[0].sockets[0].getsockname()[1])
        return f"https://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1", "localhost")
    files = {"ca": folder / "ca.pem", "cert": folder / "cert.pem", "key": folder / "key.pem"}
    ca.cert_pem.write_to_path(str(files["ca"]))
    leaf.private_key_pem.write_to_path(str(files["key"]))
    with files["cert"].open("wb") as handle:
        for blob in leaf.cert_chain_pems:
            handle.write(blob.bytes())
    return files


@contextmanager
def tls_sandbox(provider: str, files: dict[str, Path]) -> Generator[tuple[SandboxProvider, Emulator, str], None, None]:
    entry = get_provider(provider)
    emulator = entry.create(SandboxSettings(seed_size=1))
    with TLSServer(emulator.app, files["cert"], files["key"]) as url:
        yield entry, emulator, url


@pytest.mark.parametrize("provider", PROVIDERS)
def test_real_handshake_refuses_an_untrusted_certificate_and_accepts_the_ca(
    provider: str, tls_files: dict[str, Path], isolated: Path, reliability_figures: Callable[..., None]
) -> None:
    with tls_sandbox(provider, tls_files) as (entry, emulator, url):
        credentials = emulator.credentials
        with (
            entry.sync_client(url, credentials, sleep=no_sleep, max_retries=0) as client,
            pytest.raises(ConnectionError) as refused,
        ):
            PROBES[provider](client)
        assert "CERTIFICATE_VERIFY_FAILED" in str(refused.value)
        assert refused.value.sent is False
        with entry.sync_client(url, credentials, sleep=no_sleep, verify=str(tls_files["ca"])) as trusting:
            PROBES[provider](trusting)
        with entry.sync_client(url, credentials, sleep=no_sleep, verify=False) as unverified:
            PROBES[provider](unverified)  # an explicit opt-out still works
    reliability_figures(f"tls.{provider}", untrusted_refused=1, ca_accepted=1, opt_out=1)


def test_plain_http_sandbox_still_works_over_loopback(isolated: Path) -> None:
    """The loopback exception is what lets the sandbox, the demo and the docs run unchanged."""
    with run_sandbox("ovh", settings=SandboxSettings(seed_size=1)) as sandbox, sandbox.client(sleep=no_sleep) as ovh:
        assert ovh.me.get().nichandle


# -- files holding secrets -------------------------------------------------------------------------


OVH_CONF = """[default]
endpoint = {endpoint}

[{endpoint}]
application_key = {application_key}
application_secret = {application_secret}
consumer_key = {consumer_key}
"""


@pytest.fixture(scope="module")
def ovh_sandbox() -> Generator[RunningSandbox, None, None]:
    with run_sandbox("ovh", settings=SandboxSettings(seed_size=1)) as sandbox:
        yield sandbox


def write_ovh_conf(path: Path, sandbox: RunningSandbox, mode: int, *, secrets: bool = True) -> Path:
    from resourcekit.sandbox.ovh import endpoint

    creds = sandbox.credentials
    text = OVH_CONF.format(endpoint=endpoint(sandbox.url), **creds)
    if not secrets:
        text = "\n".join(line for line in text.splitlines() if "secret" not in line and "consumer" not in line)
    path.write_text(text)
    path.chmod(mode)
    return path


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_ovh_conf_readable_by_others_is_warned_about(ovh_sandbox: RunningSandbox, isolated: Path, mode: int) -> None:
    from resourcekit.ovh import OVH

    path = write_ovh_conf(isolated / "custom.conf", ovh_sandbox, mode)
    with pytest.warns(InsecureConfigWarning, match="chmod 600") as caught, OVH(config_file=path, sleep=no_sleep) as ovh:
        assert ovh.me.get().nichandle
    assert str(path) in str(caught[0].message)
    assert ovh_sandbox.credentials["application_secret"] not in str(caught[0].message)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_ovh_conf_in_the_working_directory_is_checked_too(ovh_sandbox: RunningSandbox, isolated: Path) -> None:
    from resourcekit.ovh import OVH

    write_ovh_conf(isolated / "ovh.conf", ovh_sandbox, 0o644)
    with pytest.warns(InsecureConfigWarning), OVH(sleep=no_sleep) as ovh:
        assert ovh.me.get().nichandle


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_private_ovh_conf_and_one_without_secrets_are_not_warned_about(
    ovh_sandbox: RunningSandbox, isolated: Path
) -> None:
    from resourcekit.ovh import OVH

    private = write_ovh_conf(isolated / "private.conf", ovh_sandbox, 0o600)
    public = write_ovh_conf(isolated / "public.conf", ovh_sandbox, 0o644, secrets=False)
    creds = ovh_sandbox.credentials
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with OVH(config_file=private, sleep=no_sleep) as ovh:
            assert ovh.me.get().nichandle
        # Secrets from the environment, only the endpoint and application key from the file.
        with OVH(
            config_file=public,
            application_secret=creds["application_secret"],
            consumer_key=creds["consumer_key"],
            sleep=no_sleep,
        ) as ovh:
            assert ovh.me.get().nichandle


@pytest.mark.parametrize("provider", ["hexonet", "exosite", "hookio", "siminars"])
def test_other_clients_read_secrets_from_no_file(
    provider: str, credentials: dict[str, dict[str, str]], isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only OVH reads a config file; the others take arguments or environment variables, so a
    client built from the environment opens no file (a stray readable file cannot leak into it)."""
    entry = get_provider(provider)
    for name, value in entry.environment("http://127.0.0.1:9", credentials[provider]).items():
        monkeypatch.setenv(name, value)
    client_class = client_type(entry, credentials[provider])
    opened: list[str] = []
    real_open: Callable[..., Any] = open

    def tracking_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", tracking_open)
    monkeypatch.setattr("io.open", tracking_open)
    with client_class():
        pass
    assert [path for path in opened if not path.endswith((".py", ".pyc"))] == []


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_cli_secret_files_readable_by_others_are_warned_about(ovh_sandbox: RunningSandbox, isolated: Path) -> None:
    """The OVH consumer key file and the Siminars token file hold secrets as well."""
    key_file = isolated / "ck"
    key_file.write_text(ovh_sandbox.credentials["consumer_key"] + "\n")
    key_file.chmod(0o644)
    env = {key: value for key, value in ovh_sandbox.environment().items() if key != "OVH_CONSUMER_KEY"}
    runner = CliRunner()
    with pytest.warns(InsecureConfigWarning, match="chmod 600"):
        result = runner.invoke(cli_app, ["ovh", "--consumer-key-file", str(key_file), "me", "--json"], env=env)
    assert result.exit_code == 0, result.output
    key_file.chmod(0o600)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = runner.invoke(cli_app, ["ovh", "--consumer-key-file", str(key_file), "me", "--json"], env=env)
    assert result.exit_code == 0, result.output

    with run_sandbox("siminars", settings=SandboxSettings(seed_size=1)) as sandbox:
        token_file = isolated / "token"
        env = {**sandbox.environment(), "SIMINARS_TOKEN_FILE": str(token_file)}
        creds = sandbox.credentials
        login = runner.invoke(cli_app, ["siminars", "login", creds["email"]], env=env, input=creds["password"] + "\n")
        assert login.exit_code == 0, login.output
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert runner.invoke(cli_app, ["siminars", "whoami"], env=env).exit_code == 0
        token_file.chmod(0o644)
        with pytest.warns(InsecureConfigWarning, match="chmod 600"):
            result = runner.invoke(cli_app, ["siminars", "whoami"], env=env)
        assert result.exit_code == 0, result.output


def test_https_is_what_the_real_endpoints_use(credentials: dict[str, dict[str, str]], isolated: Path) -> None:
    """The default endpoints (never contacted here) are all https://."""
    from resourcekit.exosite import OnePlatform
    from resourcekit.hexonet import Hexonet
    from resourcekit.hookio import HookIO
    from resourcekit.ovh import OVH

    creds = credentials
    clients: list[Any] = [
        Hexonet("user", "pw", environ={}),
        Hexonet("user", "pw", system="ote", environ={}),
        OVH("ovh-eu", creds["ovh"]["application_key"], creds["ovh"]["application_secret"], config_file=None),
        OnePlatform(creds["exosite"]["cik"]),
        HookIO(api_key="key", environ={}),
    ]
    try:
        for client in clients:
            base = httpx.URL(transport_options(client).base_url)
            assert base.scheme == "https", (type(client).__name__, str(base))
            assert transport_options(client).verify is True
    finally:
        for client in clients:
            client.close()
