"""Running emulators: over real sockets in a background thread, in-process, or in the foreground.

```python
with run_sandbox("ovh") as sandbox:          # uvicorn on 127.0.0.1, a free port
    with sandbox.client() as ovh:            # the provider's sync client, pointed at it
        ...
    sandbox.faults.fail_next(2, status=503)  # script failures
    sandbox.side_effects["order"]            # count writes
```
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from collections.abc import Generator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

import uvicorn

from resourcekit.sandbox.base import Emulator, SandboxProvider, SandboxSettings, SideEffects
from resourcekit.sandbox.faults import FaultMiddleware, FaultPlan
from resourcekit.sandbox.inprocess import InProcessTransport, SyncInProcessTransport
from resourcekit.sandbox.registry import get_provider

STARTUP_TIMEOUT = 15.0


@dataclass
class RunningSandbox:
    """A started emulator and what a client needs to reach it.

    Attributes:
        provider: The registry entry.
        emulator: The emulator (its app, credentials, state, side-effect counters).
        faults: The fault plan in front of it.
        url: The base URL to send to (``http://localhost`` for a Unix socket or in-process).
        uds: The Unix socket path, when served on one.
    """

    provider: SandboxProvider
    emulator: Emulator
    faults: FaultPlan
    url: str
    uds: str | None = None
    in_process: bool = False
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

    def http_transport(self) -> SyncInProcessTransport | None:
        """An httpx transport reaching an in-process sandbox from sync code (``None`` for sockets)."""
        if not self.in_process:
            return None
        transport = SyncInProcessTransport(FaultMiddleware(self.emulator.app, self.faults, self.emulator.side_effects))
        self._transports.append(transport)
        return transport

    def async_http_transport(self) -> InProcessTransport | None:
        """An httpx transport reaching an in-process sandbox from async code (``None`` for sockets)."""
        if not self.in_process:
            return None
        return InProcessTransport(FaultMiddleware(self.emulator.app, self.faults, self.emulator.side_effects))

    def _client_options(self, sync: bool, options: dict[str, Any]) -> dict[str, Any]:
        if self.uds is not None:
            options.setdefault("uds", self.uds)
        if self.in_process and "http_transport" not in options:
            options["http_transport"] = self.http_transport() if sync else self.async_http_transport()
        return options

    def client(self, **options: Any) -> Any:
        """The provider's sync client for this sandbox (close it, or use it as a context manager)."""
        return self.provider.sync_client(self.url, self.credentials, **self._client_options(True, options))

    def async_client(self, **options: Any) -> Any:
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
        config = uvicorn_config(app, host, port, uds)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="resourcekit-sandbox", daemon=True)

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
    with serve_app(FaultMiddleware(emulator.app, plan, emulator.side_effects), host=host, port=port, uds=uds) as url:
        sandbox = RunningSandbox(entry, emulator, plan, url, uds)
        try:
            yield sandbox
        finally:
            sandbox.close_transports()


@contextmanager
def inprocess_sandbox(
    provider: str | SandboxProvider, *, settings: SandboxSettings | None = None, faults: FaultPlan | None = None
) -> Generator[RunningSandbox, None, None]:
    """An emulator reached through httpx's ASGI support, without sockets (fast unit tests)."""
    entry, emulator = build(provider, settings)
    sandbox = RunningSandbox(entry, emulator, faults or FaultPlan(), "http://sandbox.local", in_process=True)
    try:
        yield sandbox
    finally:
        sandbox.close_transports()


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
) -> None:
    """Serve in the foreground until interrupted; print one JSON line when ready.

    The line is ``{"provider": ..., "url": ..., "credentials": {...}}`` (plus ``"uds"`` when
    serving on a Unix socket). With ``tls`` it serves HTTPS and the URL starts with ``https://``.
    """
    entry, emulator = build(provider, settings)
    plan = faults or FaultPlan()
    config = uvicorn_config(FaultMiddleware(emulator.app, plan, emulator.side_effects), host, port, uds, tls)
    scheme = "https" if tls else "http"
    server = uvicorn.Server(config)
    stream = out or sys.stdout

    async def announce() -> None:
        while not server.started:
            if server.should_exit:
                return
            await asyncio.sleep(0.01)
        bound = int(server.servers[0].sockets[0].getsockname()[1]) if uds is None else 0
        line: dict[str, Any] = {
            "provider": entry.name,
            "url": f"{scheme}://localhost" if uds else f"{scheme}://{host}:{bound}",
            "credentials": dict(emulator.credentials),
        }
        if uds:
            line["uds"] = uds
        stream.write(json.dumps(line) + "\n")
        stream.flush()

    async def main() -> None:
        announcer = asyncio.ensure_future(announce())
        try:
            await server.serve()
        finally:
            announcer.cancel()

    asyncio.run(main())
