"""A deliberately hostile HTTP/1.1 server on 127.0.0.1, for the transport's reliability tests.

Each path is one misbehaviour, written byte by byte on a raw socket (no HTTP library in the way):

- ``/bomb/<coding>[?length=1]``: a small body that decodes to `BOMB_BYTES` (gzip, deflate, br, zstd),
  with or without ``Content-Length``;
- ``/drip/headers``, ``/drip/body``: one byte every `DRIP_SECONDS`, forever (in the headers, or in a
  body that claims to be long);
- ``/silent``: reads the request and never answers; ``/idle``: a stream that sends one line, then
  nothing;
- ``/status/<code>[?retry_after=N]``: answers that status (every request is counted, by method and
  path: `HostileServer.sent`);
- ``/bad/<coding>``: claims a content coding its body is not; ``/unknown-coding``: one we never offered;
- ``/truncated``, ``/truncated/chunked``: the connection closes in the middle of the body;
- ``/redirect``: a 302 to somewhere else;
- ``/ok``: a small JSON reply.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib
import socket
import socketserver
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, cast

BOMB_BYTES = 256 * 1024 * 1024
DRIP_SECONDS = 0.3
_MIB = b"\0" * (1024 * 1024)


def _compressed(feed: Callable[[bytes], bytes], finish: Callable[[], bytes]) -> bytes:
    parts = [feed(_MIB) for _ in range(BOMB_BYTES // len(_MIB))]
    return b"".join(parts) + finish()


@cache
def bomb(coding: str) -> bytes:
    """`BOMB_BYTES` of zeros in ``coding``, compressed a MiB at a time (never whole in memory)."""
    if coding == "gzip":
        packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        return _compressed(packer.compress, packer.flush)
    if coding == "deflate":
        packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS)
        return _compressed(packer.compress, packer.flush)
    if coding == "br":
        brotli: Any = importlib.import_module("brotli")  # untyped
        brotli_packer = brotli.Compressor(quality=5)
        return _compressed(brotli_packer.process, brotli_packer.finish)
    if coding == "zstd":
        import zstandard

        zstd_packer = zstandard.ZstdCompressor().compressobj()
        return _compressed(zstd_packer.compress, zstd_packer.flush)
    raise ValueError(coding)


def _head(status: str, headers: dict[str, str]) -> bytes:
    # One request per connection, said so: a client never races the server's close.
    headers = {**headers, "Connection": "close"}
    lines = [f"HTTP/1.1 {status}", *(f"{name}: {value}" for name, value in headers.items()), "", ""]
    return "\r\n".join(lines).encode("latin-1")


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        server = cast("HostileServer", self.server)
        connection: socket.socket = self.request
        connection.settimeout(30)
        try:
            method, path = self._read_request(connection)
        except (OSError, ValueError):
            return
        with server.lock:
            server.counts[(method, path.split("?")[0])] += 1
        with contextlib.suppress(OSError):  # the client gave up, as it should
            server.behave(connection, method, path)

    def _read_request(self, connection: socket.socket) -> tuple[str, str]:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = connection.recv(65536)
            if not chunk:
                raise ValueError("closed")
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = lines[0].split(" ", 2)
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = connection.recv(65536)
            if not chunk:
                break
            body += chunk
        return method, path


class HostileServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.counts: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def sent(self, method: str, path: str) -> int:
        """How many ``method path`` requests arrived."""
        with self.lock:
            return self.counts[(method, path)]

    def behave(self, connection: socket.socket, method: str, path: str) -> None:
        route, _, query = path.partition("?")
        parts = route.strip("/").split("/")
        if parts[0] == "bomb":
            body = bomb(parts[1])
            headers = {"Content-Type": "application/json", "Content-Encoding": parts[1]}
            if "length=1" in query:
                headers["Content-Length"] = str(len(body))
                connection.sendall(_head("200 OK", headers) + body)
            else:
                headers["Transfer-Encoding"] = "chunked"
                connection.sendall(_head("200 OK", headers))
                for start in range(0, len(body), 65536):
                    piece = body[start : start + 65536]
                    connection.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                connection.sendall(b"0\r\n\r\n")
        elif parts[0] == "drip":
            reply = _head("200 OK", {"Content-Type": "application/json", "Content-Length": "100000"})
            if parts[1] == "body":
                connection.sendall(reply)
                reply = b" " * 100000
            for byte in self._slowly(reply):
                connection.sendall(byte)
        elif parts[0] == "silent":
            self.stopping.wait(60)
        elif parts[0] == "idle":  # one line of a stream, then nothing
            headers = {"Content-Type": "application/x-ndjson", "Transfer-Encoding": "chunked"}
            line = b'{"line": 1}\n'
            connection.sendall(_head("200 OK", headers) + f"{len(line):x}\r\n".encode() + line + b"\r\n")
            self.stopping.wait(60)
        elif parts[0] == "status":
            body = b'{"message": "gateway trouble"}'
            headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
            if query.startswith("retry_after="):
                headers["Retry-After"] = query.partition("=")[2]
            connection.sendall(_head(f"{parts[1]} Trouble", headers) + body)
        elif parts[0] == "bad":
            body = b"this is not compressed at all, whatever the header says"
            headers = {"Content-Type": "application/json", "Content-Encoding": parts[1]}
            connection.sendall(_head("200 OK", {**headers, "Content-Length": str(len(body))}) + body)
        elif parts[0] == "unknown-coding":
            body = gzip.compress(b'{"ok": true}')
            headers = {"Content-Type": "application/json", "Content-Encoding": "compress"}
            connection.sendall(_head("200 OK", {**headers, "Content-Length": str(len(body))}) + body)
        elif parts[0] == "truncated":
            if len(parts) > 1:  # chunked, closed in the middle of a chunk
                headers = {"Content-Type": "application/x-ndjson", "Transfer-Encoding": "chunked"}
                line = b'{"line": 1}\n'
                connection.sendall(_head("200 OK", headers) + f"{len(line) * 4:x}\r\n".encode() + line)
            else:
                headers = {"Content-Type": "application/json", "Content-Length": "1000"}
                connection.sendall(_head("200 OK", headers) + b'{"partial": ')
            connection.shutdown(socket.SHUT_RDWR)
        elif parts[0] == "redirect":
            headers = {"Location": "http://elsewhere.invalid/steal", "Content-Length": "0"}
            connection.sendall(_head("302 Found", headers))
        else:
            body = b'{"ok": true}'
            connection.sendall(
                _head("200 OK", {"Content-Type": "application/json", "Content-Length": str(len(body))}) + body
            )

    def _slowly(self, data: bytes) -> Iterator[bytes]:
        for index in range(len(data)):
            if self.stopping.wait(DRIP_SECONDS):
                return
            yield data[index : index + 1]


@contextmanager
def hostile_server() -> Generator[HostileServer, None, None]:
    server = HostileServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def wait_for(predicate: Callable[[], bool], seconds: float = 5.0) -> bool:
    """Poll ``predicate`` until it holds (server-side counters lag the client by a thread switch)."""
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


class _ProxyHandler(socketserver.BaseRequestHandler):
    """A forward HTTP proxy for plain ``http://`` targets: one request per connection."""

    def handle(self) -> None:
        proxy = cast("RecordingProxy", self.server)
        client: socket.socket = self.request
        client.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = client.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, version = lines[0].split(" ", 2)
        headers = [line for line in lines[1:] if not line.lower().startswith(("proxy-", "connection:"))]
        proxy.seen.append((method, target, [line for line in lines[1:] if line.lower().startswith("proxy-")]))
        host_port, _, path = target.removeprefix("http://").partition("/")
        host, _, port = host_port.partition(":")
        with socket.create_connection((host, int(port or 80)), timeout=10) as upstream:
            request = f"{method} /{path} {version}\r\n" + "\r\n".join([*headers, "Connection: close"]) + "\r\n\r\n"
            upstream.sendall(request.encode("latin-1") + rest)
            while chunk := upstream.recv(65536):
                client.sendall(chunk)


class RecordingProxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.seen: list[tuple[str, str, list[str]]] = []

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


@contextmanager
def recording_proxy() -> Generator[RecordingProxy, None, None]:
    proxy = RecordingProxy()
    thread = threading.Thread(target=proxy.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()
        thread.join(5)
