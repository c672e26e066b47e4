"""Transport settings end to end: sockets, proxies, HTTP/2, CA bundles, pools, per-call options, streams."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import certifi
import httpx
import pytest

from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core.errors import ConfigurationError, NotFoundError, ServerError
from resourcekit.core.options import DEFAULT_TIMEOUT, TransportOptions, as_timeout, user_agent
from resourcekit.core.request import RequestSpec
from resourcekit.core.response import capture_responses
from resourcekit.sandbox.server import RunningSandbox, run_sandbox, serve_app
from tests.core._async.toy_client import AsyncToy
from tests.core.conftest import SleepRecorder, forward_proxy
from tests.core.toy.app import TOY


@pytest.mark.anyio
async def test_a_unix_domain_socket(tmp_path: Path) -> None:
    socket = str(tmp_path / "toy.sock")
    with run_sandbox(TOY, uds=socket) as sandbox:
        assert sandbox.url == "http://localhost"
        toy: AsyncToy = sandbox.async_client()
        async with toy:
            assert (await toy.notes.get(2)).title == "note 2"


@pytest.mark.anyio
async def test_requests_go_through_the_proxy() -> None:
    with serve_app(forward_proxy) as proxy_url:
        options = TransportOptions(base_url="http://toy.invalid", proxy=proxy_url, allow_http=True)
        async with AsyncTransport(options) as transport:
            reply = await transport.request(RequestSpec("GET", "/echo", params={"a": "1"}))
    assert reply.parsed == {"target": "http://toy.invalid/echo", "host": "toy.invalid"}  # raw_path has no query


@pytest.mark.anyio
async def test_http2_opt_in_and_ca_bundles() -> None:
    with run_sandbox(TOY) as sandbox:
        options = TransportOptions(base_url=sandbox.url, http2=True, verify=certifi.where())
        async with AsyncTransport(options) as transport:
            reply = await transport.request(RequestSpec("GET", "/echo"))
    assert reply.status_code == 200  # cleartext falls back to HTTP/1.1 after the opt-in


@pytest.mark.anyio
async def test_with_options_shares_the_pool_until_the_pool_must_change(sandbox: RunningSandbox) -> None:
    transport = AsyncTransport(TransportOptions(base_url=sandbox.url), http_transport=sandbox.async_http_transport())
    quick = transport.with_options(timeout=1.5, max_retries=0, headers={"X-Trace": "1"})
    assert quick.options.timeout == as_timeout(1.5)
    assert quick.options.max_retries == 0
    elsewhere = transport.with_options(base_url="http://127.0.0.1:9")
    await quick.aclose()
    assert not transport.is_closed  # a copy leaves the shared pool open
    await elsewhere.aclose()
    assert elsewhere.is_closed
    reply = await transport.request(RequestSpec("GET", "/echo", headers={"X-Call": "yes"}))
    assert reply.parsed["headers"]["x-call"] == "yes"
    await transport.aclose()
    assert transport.is_closed


@pytest.mark.anyio
async def test_per_call_retries_and_timeouts(sandbox: RunningSandbox, recorder: SleepRecorder) -> None:
    options = TransportOptions(base_url=sandbox.url, max_retries=5)
    async with AsyncTransport(
        options, sleep=recorder.async_sleep, http_transport=sandbox.async_http_transport()
    ) as transport:
        sandbox.faults.fail_next(3, status=502, path="/echo")
        with pytest.raises(ServerError):
            await transport.request(RequestSpec("GET", "/echo", max_retries=1))
        assert len(recorder.delays) == 1
        sandbox.faults.clear()
        sandbox.faults.latency_ms = 200
        with capture_responses() as log:
            await transport.request(RequestSpec("GET", "/echo", timeout=5.0))
        assert log.last.retries_taken == 0


@pytest.mark.anyio
async def test_streams_retry_before_the_body_and_release_the_connection(
    sandbox: RunningSandbox, recorder: SleepRecorder
) -> None:
    options = TransportOptions(base_url=sandbox.url)
    async with AsyncTransport(
        options, sleep=recorder.async_sleep, http_transport=sandbox.async_http_transport()
    ) as transport:
        sandbox.faults.fail_next(1, status=503, path="/lines")
        async with transport.stream(RequestSpec("GET", "/lines", params={"count": 5})) as response:
            lines = [json.loads(line) async for line in response.aiter_lines() if line]
        assert [line["line"] for line in lines] == [0, 1, 2, 3, 4]
        assert len(recorder.delays) == 1
        async with transport.stream(RequestSpec("GET", "/lines", params={"count": 1000})) as response:
            async for line in response.aiter_lines():
                assert json.loads(line)["line"] == 0
                break  # stopping early releases the connection
        assert response.is_closed
        with pytest.raises(NotFoundError):
            async with transport.stream(RequestSpec("GET", "/status/404")):
                pass  # pragma: no cover


def test_options_defaults_and_validation() -> None:
    assert DEFAULT_TIMEOUT.connect == 5.0
    assert DEFAULT_TIMEOUT.read == 60.0
    assert as_timeout(None) is DEFAULT_TIMEOUT
    assert as_timeout(2.0) == httpx.Timeout(2.0, connect=2.0)
    assert as_timeout(30.0).connect == 5.0
    assert user_agent("ovh/1").endswith(" ovh/1")
    assert TransportOptions(base_url="http://x", user_agent_extra="cli").user_agent.endswith(" cli")
    with pytest.raises(ValueError):
        TransportOptions(base_url="http://x", max_retries=-1)


@pytest.mark.anyio
async def test_unsupported_schemes_are_configuration_errors() -> None:
    # Refused when the options are built, before any transport exists.
    with pytest.raises(ConfigurationError, match="is not an http:// or https:// URL"):
        TransportOptions(base_url="ftp://example.invalid")


async def _chunks() -> AsyncIterator[bytes]:
    for part in (b"first,", b"second,", b"third"):
        yield part


@pytest.mark.anyio
async def test_streamed_uploads_are_sent_once_and_never_retried(
    sandbox: RunningSandbox, recorder: SleepRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="resourcekit")
    options = TransportOptions(base_url=sandbox.url)
    async with AsyncTransport(
        options, sleep=recorder.async_sleep, http_transport=sandbox.async_http_transport()
    ) as transport:
        reply = await transport.request(RequestSpec("POST", "/echo", content=_chunks()))
        assert reply.parsed["body"] == "first,second,third"
        assert "<streamed body>" in caplog.text
        sandbox.faults.fail_next(1, status=503, path="/echo")
        with pytest.raises(ServerError):
            await transport.request(RequestSpec("POST", "/echo", content=_chunks()))
        assert recorder.delays == []


@pytest.mark.anyio
async def test_streams_are_captured_without_their_body(sandbox: RunningSandbox) -> None:
    options = TransportOptions(base_url=sandbox.url)
    async with AsyncTransport(options, http_transport=sandbox.async_http_transport()) as transport:
        with capture_responses() as log:
            async with transport.stream(RequestSpec("GET", "/lines", params={"count": 2})) as response:
                await response.aread()
        assert log.last.status_code == 200
        assert log.last.content == b""
        assert log.last.url.endswith("/lines?count=2")
