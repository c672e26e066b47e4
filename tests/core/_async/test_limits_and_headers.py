"""Size limits, header injection and plain-http refusal, over real loopback HTTP."""

from __future__ import annotations

import pytest

from resourcekit.core._async.lines import async_read_lines
from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core.errors import ConfigurationError, InvalidInputError, ResponseTooLargeError
from resourcekit.core.options import (
    DEFAULT_MAX_LINE_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES,
    TransportOptions,
    is_loopback,
)
from resourcekit.core.request import RequestSpec
from tests.core.limits_app import MAX_CHUNKS, Server


def _transport(
    url: str, *, max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
) -> AsyncTransport:
    options = TransportOptions(
        base_url=url, max_retries=0, max_response_bytes=max_response_bytes, max_line_bytes=max_line_bytes
    )
    return AsyncTransport(options)


@pytest.mark.anyio
async def test_a_declared_length_over_the_limit_is_refused_before_reading(server: tuple[Server, str]) -> None:
    _, url = server
    async with _transport(url, max_response_bytes=1_000_000) as transport:
        with pytest.raises(ResponseTooLargeError) as caught:
            await transport.request(RequestSpec("GET", "/declared-huge"))
    assert caught.value.limit == 1_000_000


@pytest.mark.anyio
async def test_an_undeclared_body_stops_at_the_limit(server: tuple[Server, str]) -> None:
    app, url = server
    async with _transport(url, max_response_bytes=2_000_000) as transport:
        with pytest.raises(ResponseTooLargeError):
            await transport.request(RequestSpec("GET", "/endless"))
    assert app.chunks_sent < MAX_CHUNKS  # the server was cut off, not read to the end


@pytest.mark.anyio
async def test_a_body_within_the_limit_is_read_whole(server: tuple[Server, str]) -> None:
    _, url = server
    async with _transport(url) as transport:
        reply = await transport.request(RequestSpec("GET", "/lines"))
    assert reply.content.startswith(b'{"a":1}')


@pytest.mark.anyio
async def test_lines_are_split_across_chunks_and_never_raise_on_bad_bytes(server: tuple[Server, str]) -> None:
    _, url = server
    async with _transport(url) as transport, transport.stream(RequestSpec("GET", "/lines")) as response:
        lines = [line async for line in async_read_lines(response, 100)]
    assert lines == ['{"a":1}', '{"b":2}', "\ufffd", '{"c":3}']


@pytest.mark.anyio
async def test_a_line_without_end_is_refused(server: tuple[Server, str]) -> None:
    app, url = server
    async with _transport(url) as transport, transport.stream(RequestSpec("GET", "/endless-line")) as response:
        lines = async_read_lines(response, 1_000_000)
        assert await anext(lines) == '{"ok":true}'
        with pytest.raises(ResponseTooLargeError) as caught:
            await anext(lines)
    assert caught.value.limit == 1_000_000
    assert app.chunks_sent < MAX_CHUNKS


@pytest.mark.anyio
@pytest.mark.parametrize(
    "headers", [{"X-Evil": "a\r\nX-Injected: 1"}, {"X-Evil": "a\nb"}, {"X-Evil": "nul\0"}, {"X-Evil\r\n": "a"}]
)
async def test_header_injection_is_refused_before_sending(server: tuple[Server, str], headers: dict[str, str]) -> None:
    app, url = server
    before = app.requests
    async with _transport(url) as transport:
        with pytest.raises(InvalidInputError, match="line break or NUL"):
            await transport.request(RequestSpec("GET", "/lines", headers=headers))
    with pytest.raises(InvalidInputError, match="line break or NUL"):
        TransportOptions(base_url=url, headers=headers)
    assert app.requests == before


@pytest.mark.anyio
async def test_non_ascii_header_values_are_refused_without_echoing_them(server: tuple[Server, str]) -> None:
    app, url = server
    before = app.requests
    async with _transport(url) as transport:
        with pytest.raises(InvalidInputError, match="not ASCII") as caught:
            await transport.request(RequestSpec("GET", "/lines", headers={"X-Key": "sécret"}))
    assert "sécret" not in str(caught.value)
    assert app.requests == before


@pytest.mark.parametrize(
    ("url", "extra", "allowed"),
    [
        ("http://127.0.0.1:8000", {}, True),
        ("http://127.8.9.10", {}, True),
        ("http://[::1]:8000", {}, True),
        ("http://localhost", {}, True),
        ("https://api.example.com", {}, True),
        ("http://api.example.com", {}, False),
        ("http://10.0.0.1", {}, False),
        ("http://api.example.com", {"allow_http": True}, True),
        ("http://api.example.com", {"uds": "/tmp/api.sock"}, True),
    ],
)
def test_plain_http_leaves_the_machine_only_when_asked(url: str, extra: dict[str, object], allowed: bool) -> None:
    options = TransportOptions(base_url=url, **extra)  # pyright: ignore[reportArgumentType]
    if allowed:
        options.check_network_url()
    else:
        with pytest.raises(ConfigurationError, match="allow_http=True"):
            options.check_network_url()


@pytest.mark.anyio
async def test_a_transport_refuses_plain_http_to_a_remote_host_at_construction() -> None:
    with pytest.raises(ConfigurationError, match="unencrypted"):
        AsyncTransport(TransportOptions(base_url="http://api.example.com"))


def test_loopback_names() -> None:
    assert is_loopback("LOCALHOST")
    assert not is_loopback("localhost.example.com")
    assert not is_loopback("example")


@pytest.mark.parametrize("limits", [{"max_response_bytes": 0}, {"max_line_bytes": -1}])
def test_limits_must_be_positive(limits: dict[str, int]) -> None:
    with pytest.raises(InvalidInputError):
        TransportOptions(base_url="https://api.example.com", **limits)  # pyright: ignore[reportArgumentType]
