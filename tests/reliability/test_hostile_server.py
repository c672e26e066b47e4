"""The transport against a hostile server on 127.0.0.1 (`tests.reliability.hostile_server`).

Decompression bombs, drips, silence, gateway errors on writes, lying content codings, truncated
bodies and redirects: each ends in a typed error, within the caller's time, without filling
memory and without sending a write twice. Async cases run on both backends (``[aiohttp]`` and
``[httpcore]``); sync clients use httpcore. The bomb's peak memory is measured in a fresh process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core._sync.transport import Transport
from resourcekit.core.deadlines import deadline
from resourcekit.core.decoding import ACCEPT_ENCODING
from resourcekit.core.errors import (
    APIError,
    ConnectionError,
    RateLimitError,
    ResponseTooLargeError,
    ResponseValidationError,
    ServerError,
    TimeoutError,
)
from resourcekit.core.options import TransportOptions
from resourcekit.core.request import RequestSpec
from tests.reliability.hostile_server import HostileServer, bomb, hostile_server, recording_proxy, wait_for

CODINGS = [name for name in ("gzip", "deflate", "br", "zstd") if name in ACCEPT_ENCODING]
LIMIT = 8 * 1024 * 1024
Figures = Callable[..., None]


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    with hostile_server() as running:
        yield running


def no_wait(seconds: float) -> None:
    pass


async def async_no_wait(seconds: float) -> None:
    pass


def sync_transport(server: HostileServer, **options: object) -> Transport:
    return Transport(TransportOptions(base_url=server.url, **options), sleep=no_wait)  # type: ignore[arg-type]


def async_transport(server: HostileServer, **options: object) -> AsyncTransport:
    return AsyncTransport(TransportOptions(base_url=server.url, **options), sleep=async_no_wait)  # type: ignore[arg-type]


# -- decompression bombs ----------------------------------------------------------------------


@pytest.mark.parametrize("coding", CODINGS)
@pytest.mark.parametrize("length", [True, False], ids=["with-length", "chunked"])
def test_bombs_stop_at_the_decoded_limit_sync(server: HostileServer, coding: str, length: bool) -> None:
    path = f"/bomb/{coding}" + ("?length=1" if length else "")
    with sync_transport(server, max_response_bytes=LIMIT) as transport, pytest.raises(ResponseTooLargeError) as raised:
        transport.request(RequestSpec("GET", path))
    assert raised.value.limit == LIMIT
    # Refused, not retried: the same bomb would come back.
    assert server.sent("GET", f"/bomb/{coding}") >= 1


@pytest.mark.anyio
@pytest.mark.parametrize("coding", CODINGS)
@pytest.mark.parametrize("length", [True, False], ids=["with-length", "chunked"])
async def test_bombs_stop_at_the_decoded_limit_async(server: HostileServer, coding: str, length: bool) -> None:
    path = f"/bomb/{coding}" + ("?length=1" if length else "")
    async with async_transport(server, max_response_bytes=LIMIT) as transport:
        with pytest.raises(ResponseTooLargeError):
            await transport.request(RequestSpec("GET", path))


@pytest.mark.anyio
@pytest.mark.parametrize("coding", CODINGS)
async def test_streamed_bombs_stop_at_the_line_limit(server: HostileServer, coding: str) -> None:
    from resourcekit.core._async.lines import async_read_lines

    async with (
        async_transport(server, max_line_bytes=1024 * 1024) as transport,
        transport.stream(RequestSpec("GET", f"/bomb/{coding}")) as response,
    ):
        with pytest.raises(ResponseTooLargeError):
            async for _ in async_read_lines(response, transport.options.max_line_bytes):
                pass


MEMORY_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from resourcekit.core._sync.transport import Transport
    from resourcekit.core.errors import ResponseTooLargeError
    from resourcekit.core.options import TransportOptions
    from resourcekit.core.request import RequestSpec

    def high_water_mb():
        # VmHWM belongs to this program (ru_maxrss would carry the parent's peak across exec).
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM")

    base = high_water_mb()
    outcome = "no error"
    with Transport(TransportOptions(base_url=sys.argv[1], max_retries=0)) as transport:
        try:
            transport.request(RequestSpec("GET", sys.argv[2]))
        except ResponseTooLargeError as error:
            outcome = type(error).__name__
    print(json.dumps({"outcome": outcome, "peak_mb": high_water_mb(), "before_mb": base}))
    """
)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from /proc")
@pytest.mark.parametrize("coding", [name for name in ("gzip", "br") if name in CODINGS])
def test_a_256_mib_bomb_keeps_peak_memory_bounded(
    server: HostileServer, coding: str, reliability_figures: Figures
) -> None:
    root = Path(__file__).resolve().parents[2]
    environment = {**os.environ, "PYTHONPATH": str(root)}
    path = f"/bomb/{coding}?length=1"
    finished = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, server.url, path],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=True,
    )
    result = json.loads(finished.stdout)
    reliability_figures(
        f"hostile.bomb.{coding}",
        compressed_bytes=len(bomb(coding)),
        decoded_mib=256,
        limit_mib=64,
        peak_rss_mb=round(result["peak_mb"]),
        rss_before_mb=round(result["before_mb"]),
    )
    assert result["outcome"] == "ResponseTooLargeError"
    assert result["peak_mb"] < 300


# -- bad encodings, truncation, redirects -----------------------------------------------------


@pytest.mark.parametrize("coding", CODINGS)
def test_a_body_that_is_not_its_coding_is_a_validation_error(server: HostileServer, coding: str) -> None:
    with sync_transport(server) as transport, pytest.raises(ResponseValidationError, match=coding):
        transport.request(RequestSpec("GET", f"/bad/{coding}"))


@pytest.mark.anyio
async def test_bad_encodings_are_typed_async(server: HostileServer) -> None:
    async with async_transport(server) as transport:
        for coding in CODINGS:
            with pytest.raises(ResponseValidationError, match=coding):
                await transport.request(RequestSpec("GET", f"/bad/{coding}"))
        with pytest.raises(ResponseValidationError, match="compress"):
            await transport.request(RequestSpec("GET", "/unknown-coding"))


def test_a_coding_we_never_offered_is_refused(server: HostileServer) -> None:
    with sync_transport(server) as transport, pytest.raises(ResponseValidationError, match="compress"):
        transport.request(RequestSpec("GET", "/unknown-coding"))


def test_truncated_bodies_are_connection_errors_sync(server: HostileServer) -> None:
    with sync_transport(server, max_retries=0) as transport:
        with pytest.raises(ConnectionError) as raised:
            transport.request(RequestSpec("GET", "/truncated"))
        assert raised.value.sent
        with transport.stream(RequestSpec("GET", "/truncated/chunked")) as response, pytest.raises(ConnectionError):
            for _ in response.iter_bytes():
                pass


@pytest.mark.anyio
async def test_truncated_bodies_are_connection_errors_async(server: HostileServer) -> None:
    async with async_transport(server, max_retries=0) as transport:
        with pytest.raises(ConnectionError) as raised:
            await transport.request(RequestSpec("GET", "/truncated"))
        assert raised.value.sent
        async with transport.stream(RequestSpec("GET", "/truncated/chunked")) as response:
            with pytest.raises(ConnectionError):
                async for _ in response.aiter_bytes():
                    pass


@pytest.mark.anyio
async def test_redirects_are_errors_and_never_followed(server: HostileServer) -> None:
    async with async_transport(server) as transport:
        with pytest.raises(APIError, match="redirect") as raised:
            await transport.request(RequestSpec("GET", "/redirect"))
    assert raised.value.status == 302
    with sync_transport(server) as transport, pytest.raises(APIError, match="not followed"):
        transport.request(RequestSpec("GET", "/redirect"))


# -- writes answered 502 / 504 ----------------------------------------------------------------

WRITES = [("POST", None), ("PATCH", None), ("POST", False)]


@pytest.mark.parametrize("status", [502, 504])
def test_gateway_errors_never_repeat_a_write_sync(
    server: HostileServer, status: int, reliability_figures: Figures
) -> None:
    sends: dict[str, int] = {}
    with sync_transport(server, max_retries=3) as transport:
        for number, (method, idempotent) in enumerate(WRITES):
            path = f"/status/{status}/sync-write-{number}"
            with pytest.raises(ServerError):
                transport.request(RequestSpec(method, path, json={"order": number}, idempotent=idempotent))
            assert wait_for(lambda path=path, method=method: server.sent(method, path) == 1)
            sends[method.lower()] = server.sent(method, path)
        # An idempotent call is repeated: PUT by its method, POST when the provider says so.
        for method, idempotent, label in (("PUT", None, "put"), ("POST", True, "idempotent_post")):
            path = f"/status/{status}/sync-repeat-{label}"
            with pytest.raises(ServerError):
                transport.request(RequestSpec(method, path, json={}, idempotent=idempotent))
            assert wait_for(lambda path=path, method=method: server.sent(method, path) == 4)
            sends[label] = server.sent(method, path)
    reliability_figures(f"hostile.gateway_{status}.sync", max_retries=3, **sends)


@pytest.mark.anyio
@pytest.mark.parametrize("status", [502, 504])
async def test_gateway_errors_never_repeat_a_write_async(server: HostileServer, status: int, http_backend: str) -> None:
    async with async_transport(server, max_retries=3) as transport:
        for number, (method, idempotent) in enumerate(WRITES):
            path = f"/status/{status}/async-{http_backend}-{number}"
            with pytest.raises(ServerError):
                await transport.request(RequestSpec(method, path, json={"order": number}, idempotent=idempotent))
            assert wait_for(lambda path=path, method=method: server.sent(method, path) == 1)
        path = f"/status/{status}/async-{http_backend}-delete"
        with pytest.raises(ServerError):
            await transport.request(RequestSpec("DELETE", path))
        assert wait_for(lambda: server.sent("DELETE", path) == 4)


# -- time: drips, silence, deadlines, idle streams --------------------------------------------

#: The per-attempt timeout of the drip tests: five drips long, so the drips alone would keep a
#: per-read timeout from ever firing, yet short enough not to keep the run waiting.
DRIP_TIMEOUT = 1.5


@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_drip_cannot_stretch_an_attempt_sync(server: HostileServer, where: str, reliability_figures: Figures) -> None:
    with sync_transport(server, timeout=DRIP_TIMEOUT, max_retries=0) as transport:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            transport.request(RequestSpec("GET", f"/drip/{where}"))
        elapsed = time.monotonic() - started
    reliability_figures(f"hostile.drip_{where}.sync", timeout_s=DRIP_TIMEOUT, ended_after_s=round(elapsed, 2))
    assert elapsed < 10


@pytest.mark.anyio
@pytest.mark.parametrize("where", ["headers", "body"])
async def test_a_drip_cannot_stretch_an_attempt_async(
    server: HostileServer, where: str, http_backend: str, reliability_figures: Figures
) -> None:
    async with async_transport(server, timeout=DRIP_TIMEOUT, max_retries=0) as transport:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            await transport.request(RequestSpec("GET", f"/drip/{where}"))
        elapsed = time.monotonic() - started
    reliability_figures(f"hostile.drip_{where}.{http_backend}", timeout_s=DRIP_TIMEOUT, ended_after_s=round(elapsed, 2))
    assert elapsed < 10


@pytest.mark.anyio
async def test_a_silent_server_times_out(server: HostileServer) -> None:
    async with async_transport(server, timeout=1, max_retries=0) as transport:
        with pytest.raises(TimeoutError) as raised:
            await transport.request(RequestSpec("POST", "/silent", json={}))
    assert raised.value.sent  # the request left: a write is not repeated
    with sync_transport(server, timeout=1, max_retries=0) as transport, pytest.raises(TimeoutError):
        transport.request(RequestSpec("GET", "/silent"))


@pytest.mark.anyio
async def test_a_stream_that_goes_quiet_fails_after_the_idle_timeout(server: HostileServer) -> None:
    # A request without a read timeout of its own (as hook.io's log streams send) still gets one.
    no_read_timeout = httpx.Timeout(None, connect=5.0)
    idle = RequestSpec("GET", "/idle", timeout=no_read_timeout)
    async with async_transport(server, stream_idle_timeout=0.5) as transport, transport.stream(idle) as response:
        with pytest.raises(TimeoutError):
            async for _ in response.aiter_bytes():
                pass
    with (
        sync_transport(server, stream_idle_timeout=0.5) as transport,
        transport.stream(idle) as response,
        pytest.raises(TimeoutError),
    ):
        for _ in response.iter_bytes():
            pass


@pytest.mark.anyio
async def test_a_stream_total_bounds_a_drip(server: HostileServer) -> None:
    async with async_transport(server, stream_timeout=1.0) as transport:
        started = time.monotonic()
        async with transport.stream(RequestSpec("GET", "/drip/body")) as response:
            with pytest.raises(TimeoutError):
                async for _ in response.aiter_bytes():
                    pass
        assert time.monotonic() - started < 10


@pytest.mark.anyio
async def test_a_retry_after_past_the_deadline_raises_at_once(server: HostileServer, http_backend: str) -> None:
    path = f"/status/503/deadline-{http_backend}"
    async with async_transport(server, max_retries=3) as transport:
        with deadline(2.0), pytest.raises(RateLimitError) as raised:
            await transport.request(RequestSpec("GET", f"{path}-async?retry_after=5"))
    assert raised.value.retry_after == 5
    assert server.sent("GET", f"{path}-async") == 1
    with sync_transport(server, max_retries=3, deadline=2.0) as transport, pytest.raises(RateLimitError):
        transport.request(RequestSpec("GET", f"{path}-sync?retry_after=5"))
    assert server.sent("GET", f"{path}-sync") == 1


def test_a_deadline_bounds_the_whole_call_across_retries(server: HostileServer) -> None:
    # Each attempt may take 1 s; three retries would take 4 s or more, the deadline cuts at 1.5 s.
    with sync_transport(server, timeout=1, max_retries=3) as transport:
        started = time.monotonic()
        with deadline(1.5), pytest.raises(TimeoutError):
            transport.request(RequestSpec("GET", "/silent/deadline"))
        assert time.monotonic() - started < 10
    assert server.sent("GET", "/silent/deadline") <= 2


# -- proxies -----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_requests_go_through_an_http_proxy_with_its_credentials(server: HostileServer, http_backend: str) -> None:
    with recording_proxy() as proxy:
        proxy_url = proxy.url.replace("http://", "http://user:s3cret@")
        async with async_transport(server, proxy=proxy_url) as transport:
            reply = await transport.request(RequestSpec("GET", f"/ok/{http_backend}"))
        with sync_transport(server, proxy=proxy_url) as transport:
            transport.request(RequestSpec("GET", "/ok/sync"))
    assert reply.parsed == {"ok": True}
    assert [(method, target.rsplit("/", 1)[-1]) for method, target, _ in proxy.seen] == [
        ("GET", http_backend),
        ("GET", "sync"),
    ]
    # Basic credentials for user:s3cret, on both requests.
    assert all(any("dXNlcjpzM2NyZXQ=" in line for line in lines) for _, _, lines in proxy.seen)
