"""A loopback TCP relay that gives the network a round trip, for the benchmarks.

Loopback has no round trip, so on it a new connection, a TLS handshake and a kept-alive one cost
the same. Through this relay every connection first waits one round trip (the TCP handshake), and
every burst the client sends reaches the sandbox one round trip after it left (the time to the
server and back, counted on the way in): a TLS 1.3 handshake then costs one more round trip, a
request on a kept-alive connection one, as on a real network. Bytes keep their order; nothing
limits bandwidth. Works for HTTP and HTTPS alike (it relays bytes; TLS ends at the sandbox).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Generator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    """Copy ``reader`` to ``writer``, each chunk delivered ``delay`` seconds after it arrived."""
    loop = asyncio.get_running_loop()
    due: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def deliver() -> None:
        while True:
            when, chunk = await due.get()
            if not chunk:
                break
            wait = when - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(chunk)
            await writer.drain()

    delivering = asyncio.create_task(deliver())
    try:
        while chunk := await reader.read(65536):
            due.put_nowait((loop.time() + delay, chunk))
    except OSError:
        pass
    due.put_nowait((0.0, b""))
    with contextlib.suppress(OSError):
        await delivering
    with contextlib.suppress(OSError):
        writer.close()


class LatencyProxy:
    """Relays 127.0.0.1:<port> to ``target_host:target_port`` with ``rtt`` seconds per round trip."""

    def __init__(self, target_host: str, target_port: int, rtt: float) -> None:
        self.target_host = target_host
        self.target_port = target_port
        self.rtt = rtt
        self.port = 0
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._server: asyncio.Server | None = None

    async def _relay(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        # Stopping the relay cancels the connections still open: that is how they end, not a failure.
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(self.rtt)  # SYN, SYN-ACK
            try:
                server_reader, server_writer = await asyncio.open_connection(self.target_host, self.target_port)
            except OSError:
                client_writer.close()
                return
            await asyncio.gather(
                _pump(client_reader, server_writer, self.rtt),
                _pump(server_reader, client_writer, 0.0),
            )

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def start() -> None:
            self._server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
            self.port = self._server.sockets[0].getsockname()[1]
            self._ready.set()

        self._loop.run_until_complete(start())
        self._loop.run_forever()

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(10)

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            relays = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in relays:
                task.cancel()
            await asyncio.gather(*relays, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


@contextmanager
def behind_latency(url: str, rtt_ms: float) -> Generator[str, None, None]:
    """``url`` reached through a `LatencyProxy` adding ``rtt_ms`` per round trip (unchanged at 0)."""
    if rtt_ms <= 0:
        yield url
        return
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    proxy = LatencyProxy(parts.hostname, parts.port, rtt_ms / 1000)
    proxy.start()
    try:
        yield urlunsplit(parts._replace(netloc=f"127.0.0.1:{proxy.port}"))
    finally:
        proxy.stop()
