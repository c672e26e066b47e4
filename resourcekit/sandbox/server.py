"""Running emulators: over real sockets in a background thread, in-process, or in the foreground.

```python
with run_sandbox("ovh") as sandbox:          # uvicorn on 127.0.0.1, a free port
    with sandbox.client() as ovh:            # the provider's sync client, pointed at it
        ...
    sandbox.faults.fail_next(2, status=503)  # script failures
    sandbox.side_effects["order"]            # count writes
```

Every sandbox's control channel (``/__sandbox__/``) wants the sandbox's own random token
(`RunningSandbox.control_headers`); a Unix socket is created readable and writable by its owner only.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import os
import shlex
import signal
import socket
import stat
import sys
import threading
import time
from collections.abc import Generator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Generic, Literal, overload

import uvicorn

from resourcekit.sandbox.base import AsyncClientT, ClientT, Emulator, SandboxProvider, SandboxSettings, SideEffects
from resourcekit.sandbox.faults import CONTROL_TOKEN_HEADER, FaultMiddleware, FaultPlan, new_control_token
from resourcekit.sandbox.inprocess import InProcessTransport, SyncInProcessTransport
from resourcekit.sandbox.registry import get_provider

if TYPE_CHECKING:
    from resourcekit.exosite import AsyncOnePlatform, OnePlatform
    from resourcekit.hexonet import AsyncHexonet, Hexonet
    from resourcekit.hookio import AsyncHookIO, HookIO
    from resourcekit.ovh import OVH, AsyncOVH
    from resourcekit.siminars import AsyncSiminars, Siminars

STARTUP_TIMEOUT = 15.0
#: The name the in-process sandbox's URL uses; no socket ever answers it.
IN_PROCESS_HOST = "sandbox.local"


@dataclass
class RunningSandbox(Generic[ClientT, AsyncClientT]):
    """A started emulator and what a client needs to reach it.

    Generic in the provider's client classes: ``run_sandbox("ovh")`` gives a
    ``RunningSandbox[OVH, AsyncOVH]``, whose `client` is typed as an `OVH`.

    Attributes:
        provider: The registry entry.
        emulator: The emulator (its app, credentials, state, side-effect counters).
        faults: The fault plan in front of it.
        url: The base URL to send to (``http://localhost`` for a Unix socket or in-process).
        uds: The Unix socket path, when served on one.
        control_token: The token the ``/__sandbox__/`` control channel wants (`control_headers`).
    """

    provider: SandboxProvider[ClientT, AsyncClientT]
    emulator: Emulator
    faults: FaultPlan
    url: str
    uds: str | None = None
    in_process: bool = False
    control_token: str = field(default_factory=new_control_token, repr=False)
    _transports: list[Any] = field(default_factory=list[Any])

    @property
    def credentials(self) -> Mapping[str, str]:
        return self.emulator.credentials

    @property
    def side_effects(self) -> SideEffects:
        return self.emulator.side_effects

    def environment(self) -> dict[str, str]:
        """Environment variables that point the provider's client, built without arguments, here."""
        return self.provider.environment(self.url if self.uds is None else self.uds, self.credentials)

    def control_headers(self) -> dict[str, str]:
        """The header that opens the control channel: ``httpx.get(url + "/__sandbox__/stats", headers=...)``."""
        return {CONTROL_TOKEN_HEADER: self.control_token}

    def app(self) -> FaultMiddleware:
        """The emulator behind its fault layer, as served."""
        return guarded_app(self.emulator, self.faults, self.control_token)

    def http_transport(self) -> SyncInProcessTransport | None:
        """An httpx transport reaching an in-process sandbox from sync code (``None`` for sockets)."""
        if not self.in_process:
            return None
        transport = SyncInProcessTransport(self.app())
        self._transports.append(transport)
        return transport

    def async_http_transport(self) -> InProcessTransport | None:
        """An httpx transport reaching an in-process sandbox from async code (``None`` for sockets)."""
        if not self.in_process:
            return None
        return InProcessTransport(self.app())

    def _client_options(self, sync: bool, options: dict[str, Any]) -> dict[str, Any]:
        if self.uds is not None:
            options.setdefault("uds", self.uds)
        if self.in_process and "http_transport" not in options:
            options["http_transport"] = self.http_transport() if sync else self.async_http_transport()
        return options

    def client(self, **options: Any) -> ClientT:
        """The provider's sync client for this sandbox (close it, or use it as a context manager)."""
        return self.provider.sync_client(self.url, self.credentials, **self._client_options(True, options))

    def async_client(self, **options: Any) -> AsyncClientT:
        """The provider's async client for this sandbox."""
        return self.provider.async_client(self.url, self.credentials, **self._client_options(False, options))

    def close_transports(self) -> None:
        for transport in self._transports:
            if isinstance(transport, SyncInProcessTransport):
                transport.close()
        self._transports.clear()


def build(provider: str | SandboxProvider, settings: SandboxSettings | None = None) -> tuple[SandboxProvider, Emulator]:
    entry = get_provider(provider) if isinstance(provider, str) else provider
    return entry, entry.create(settings or SandboxSettings())


def guarded_app(emulator: Emulator, plan: FaultPlan, control_token: str) -> FaultMiddleware:
    """An emulator behind its fault layer, whose control channel wants ``control_token``."""
    return FaultMiddleware(
        emulator.app, plan, emulator.side_effects, control_token=control_token, allowed_hosts=(IN_PROCESS_HOST,)
    )


def is_loopback_host(host: str) -> bool:
    """Whether ``host`` (an interface to listen on) is reachable from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    """What listening on ``host`` risks, when it is not a loopback interface."""
    if is_loopback_host(host):
        return None
    return (
        f"warning: serving on {host} lets other machines reach this sandbox: it accepts its well-known "
        "credentials and its control channel can change every reply. Use the default 127.0.0.1 unless "
        "you mean to share it."
    )


def bind_unix_socket(path: str) -> socket.socket:
    """A listening Unix socket at ``path`` that only its owner may connect to (mode 0600).

    A stale socket at the path is replaced; any other kind of file is left alone (an error).
    """
    if os.path.lexists(path):
        if not stat.S_ISSOCK(os.lstat(path).st_mode):
            raise FileExistsError(f"{path} exists and is not a socket")
        os.unlink(path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # The umask closes the window between bind() and chmod() in which others could connect.
    previous = os.umask(0o177)
    try:
        sock.bind(path)
    except OSError:
        sock.close()
        raise
    finally:
        os.umask(previous)
    os.chmod(path, 0o600)
    sock.listen(128)
    return sock


def close_unix_socket(sock: socket.socket, path: str) -> None:
    """Close a socket from `bind_unix_socket` (the server may have closed it) and remove its file."""
    sock.close()
    if os.path.exists(path) and stat.S_ISSOCK(os.lstat(path).st_mode):
        os.unlink(path)


@dataclass(frozen=True)
class TLSFiles:
    """A certificate chain and its private key (PEM files) to serve HTTPS with."""

    certfile: str
    keyfile: str


def uvicorn_config(app: Any, host: str, port: int, uds: str | None, tls: TLSFiles | None = None) -> uvicorn.Config:
    """Quiet HTTP/1.1 serving of one ASGI 3 app, no lifespan, websockets by wsproto (HTTPS with ``tls``)."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        uds=uds,
        ssl_certfile=tls.certfile if tls else None,
        ssl_keyfile=tls.keyfile if tls else None,
        log_level="warning",
        lifespan="off",
        interface="asgi3",
        ws="wsproto",
        http="h11",
        access_log=False,
        # Clients that leave a stream open must not hold the sandbox's shutdown for long.
        timeout_graceful_shutdown=2,
    )


class _ServerThread:
    """uvicorn serving one app from a daemon thread with its own event loop."""

    def __init__(self, app: Any, host: str, port: int, uds: str | None) -> None:
        config = uvicorn_config(app, host, port, None)
        self.server = uvicorn.Server(config)
        self.uds = uds
        self.socket = bind_unix_socket(uds) if uds else None
        sockets = [self.socket] if self.socket else None
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": sockets}, name="resourcekit-sandbox", daemon=True
        )

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the sandbox server did not start")
            time.sleep(0.005)

    @property
    def port(self) -> int:
        sockets = self.server.servers[0].sockets
        return int(sockets[0].getsockname()[1])

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        if self.socket is not None and self.uds is not None:
            close_unix_socket(self.socket, self.uds)


@contextmanager
def serve_app(
    app: Any, *, host: str = "127.0.0.1", port: int = 0, uds: str | None = None
) -> Generator[str, None, None]:
    """Serve any ASGI app from a background thread; yields its base URL."""
    server = _ServerThread(app, host, port, uds)
    server.start()
    try:
        yield "http://localhost" if uds else f"http://{host}:{server.port}"
    finally:
        server.stop()


@overload
def run_sandbox(
    provider: Literal["exosite"],
    *,
    settings: SandboxSettings | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    uds: str | None = None,
    faults: FaultPlan | None = None,
) -> AbstractContextManager[RunningSandbox[OnePlatform, AsyncOnePlatform]]: ...
@overload
def run_sandbox(
    provider: Literal["hexonet"],
    *,
    settings: SandboxSettings | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    uds: str | None = None,
    faults: FaultPlan | None = None,
) -> AbstractContextManager[RunningSandbox[Hexonet, AsyncHexonet]]: ...
@overload
def run_sandbox(
    provider: Literal["hookio"],
    *,
    settings: SandboxSettings | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    uds: str | None = None,
    faults: FaultPlan | None = None,
) -> AbstractContextManager[RunningSandbox[HookIO, AsyncHookIO]]: ...
@overload
def run_sandbox(
    provider: Literal["ovh"],
    *,
    settings: SandboxSettings | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    uds: str | None = None,
    faults: FaultPlan | None = None,
) -> AbstractContextManager[RunningSandbox[OVH, AsyncOVH]]: ...
@overload
def run_sandbox(
    provider: Literal["siminars"],
    *,
    settings: SandboxSettings | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    uds: str | None = None,
    faults: FaultPlan | None = None,
) -> AbstractContextManager[RunningSandbox[Siminars, AsyncSiminars]]: ...
@overload
def run_sandbox(
    provider: SandboxProvider[ClientT, AsyncClientT],
    *,
    settings: SandboxSettings | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    uds: str | None = None,
    faults: FaultPlan | None = None,
) -> AbstractContextManager[RunningSandbox[ClientT, AsyncClientT]]: ...
@overload
def run_sandbox(
    provider: str,
    *,
    settings: SandboxSettings | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    uds: str | None = None,
    faults: FaultPlan | None = None,
) -> AbstractContextManager[RunningSandbox]: ...
@contextmanager
def run_sandbox(
    provider: str | SandboxProvider,
    *,
    settings: SandboxSettings | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    uds: str | None = None,
    faults: FaultPlan | None = None,
) -> Generator[RunningSandbox, None, None]:
    """Serve a provider's emulator over real HTTP (TCP or a Unix socket) for the block's duration."""
    entry, emulator = build(provider, settings)
    plan = faults or FaultPlan()
    token = new_control_token()
    with serve_app(guarded_app(emulator, plan, token), host=host, port=port, uds=uds) as url:
        sandbox = RunningSandbox(entry, emulator, plan, url, uds, control_token=token)
        try:
            yield sandbox
        finally:
            sandbox.close_transports()


@overload
def inprocess_sandbox(
    provider: Literal["exosite"],
    *,
    settings: SandboxSettings | None = None,
    faults: FaultPlan | None = None,
) -> AbstractContextManager[RunningSandbox[OnePlatform, AsyncOnePlatform]]: ...
@overload
def inprocess_sandbox(
    provider: Literal["hexonet"],
    *,
    settings: SandboxSettings | None = None,
    faults: FaultPlan | None = None,
) -> AbstractContextManager[RunningSandbox[Hexonet, AsyncHexonet]]: ...
@overload
def inprocess_sandbox(
    provider: Literal["hookio"],
    *,
    settings: SandboxSettings | None = None,
    faults: FaultPlan | None = None,
) -> AbstractContextManager[RunningSandbox[HookIO, AsyncHookIO]]: ...
@overload
def inprocess_sandbox(
    provider: Literal["ovh"],
    *,
    settings: SandboxSettings | None = None,
    faults: FaultPlan | None = None,
) -> AbstractContextManager[RunningSandbox[OVH, AsyncOVH]]: ...
@overload
def inprocess_sandbox(
    provider: Literal["siminars"],
    *,
    settings: SandboxSettings | None = None,
    faults: FaultPlan | None = None,
) -> AbstractContextManager[RunningSandbox[Siminars, AsyncSiminars]]: ...
@overload
def inprocess_sandbox(
    provider: SandboxProvider[ClientT, AsyncClientT],
    *,
    settings: SandboxSettings | None = None,
    faults: FaultPlan | None = None,
) -> AbstractContextManager[RunningSandbox[ClientT, AsyncClientT]]: ...
@overload
def inprocess_sandbox(
    provider: str,
    *,
    settings: SandboxSettings | None = None,
    faults: FaultPlan | None = None,
) -> AbstractContextManager[RunningSandbox]: ...
@contextmanager
def inprocess_sandbox(
    provider: str | SandboxProvider, *, settings: SandboxSettings | None = None, faults: FaultPlan | None = None
) -> Generator[RunningSandbox, None, None]:
    """An emulator reached through httpx's ASGI support, without sockets (fast unit tests)."""
    entry, emulator = build(provider, settings)
    sandbox = RunningSandbox(entry, emulator, faults or FaultPlan(), f"http://{IN_PROCESS_HOST}", in_process=True)
    try:
        yield sandbox
    finally:
        sandbox.close_transports()


ServeFormat = Literal["json", "env"]


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(0)


def serve_line(
    entry: SandboxProvider, emulator: Emulator, url: str, uds: str | None, control_token: str
) -> dict[str, Any]:
    """What ``serve`` announces: where, the credentials, the client's environment and the token."""
    line: dict[str, Any] = {
        "provider": entry.name,
        "url": url,
        "credentials": dict(emulator.credentials),
        "env": entry.environment(uds or url, emulator.credentials),
        "control_token": control_token,
    }
    if uds:
        line["uds"] = uds
    return line


def shell_exports(line: Mapping[str, Any]) -> str:
    """The serve line as ``export NAME=value`` lines a POSIX shell can source."""
    variables: dict[str, str] = {
        **line["env"],
        "RESOURCEKIT_SANDBOX_URL": line["url"],
        "RESOURCEKIT_SANDBOX_TOKEN": line["control_token"],
    }
    return "".join(f"export {name}={shlex.quote(value)}\n" for name, value in variables.items())


def serve(
    provider: str,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    uds: str | None = None,
    settings: SandboxSettings | None = None,
    faults: FaultPlan | None = None,
    out: IO[str] | None = None,
    tls: TLSFiles | None = None,
    output_format: ServeFormat = "json",
) -> None:
    """Serve in the foreground until interrupted; announce once when ready.

    The announcement is one JSON line, ``{"provider", "url", "credentials", "env", "control_token"}``
    (plus ``"uds"`` when serving on a Unix socket): ``env`` holds the variables with which the
    provider's client, built without arguments, talks to this sandbox. With
    ``output_format="env"`` it is ``export NAME=value`` lines instead, for a shell to source (the
    variables of ``env`` plus ``RESOURCEKIT_SANDBOX_URL`` and ``RESOURCEKIT_SANDBOX_TOKEN``). With
    ``tls`` it serves HTTPS and the URL starts with ``https://``.
    """
    entry, emulator = build(provider, settings)
    plan = faults or FaultPlan()
    token = new_control_token()
    config = uvicorn_config(guarded_app(emulator, plan, token), host, port, None, tls)
    scheme = "https" if tls else "http"
    server = uvicorn.Server(config)
    stream = out or sys.stdout
    unix_socket = bind_unix_socket(uds) if uds else None

    async def announce() -> None:
        while not server.started:
            if server.should_exit:
                return
            await asyncio.sleep(0.01)
        bound = int(server.servers[0].sockets[0].getsockname()[1]) if uds is None else 0
        shown_host = f"[{host}]" if ":" in host else host
        url = f"{scheme}://localhost" if uds else f"{scheme}://{shown_host}:{bound}"
        line = serve_line(entry, emulator, url, uds, token)
        stream.write(shell_exports(line) if output_format == "env" else json.dumps(line) + "\n")
        stream.flush()

    async def main() -> None:
        announcer = asyncio.ensure_future(announce())
        try:
            await server.serve(sockets=[unix_socket] if unix_socket else None)
        finally:
            announcer.cancel()

    # uvicorn re-raises SIGTERM once it has shut down; exiting through Python instead lets the
    # socket file be removed below.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit_quietly)
    try:
        asyncio.run(main())
    finally:
        if unix_socket is not None and uds is not None:
            close_unix_socket(unix_socket, uds)
