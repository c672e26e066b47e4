"""The requests the transport builds itself arrive intact: method, headers and body, over a socket.

The transport assembles `httpx.Headers`, `httpx.Request` and (on httpcore) `httpcore.Request` from
their parts when the installed httpx and httpcore keep the attributes it relies on, and goes
through their public constructors otherwise; each test runs both ways.
"""

from __future__ import annotations

from collections.abc import Generator

import pytest

from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core.options import TransportOptions
from resourcekit.core.request import RequestSpec
from resourcekit.sandbox.server import RunningSandbox, run_sandbox
from tests.core.build_paths import take_public_constructors
from tests.core.toy.app import TOY


@pytest.fixture(scope="module")
def socket_sandbox() -> Generator[RunningSandbox, None, None]:
    with run_sandbox(TOY) as sandbox:
        yield sandbox


@pytest.fixture(params=["assembled", "public constructors"])
def build_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "public constructors":
        take_public_constructors(monkeypatch)
    return str(request.param)


def _transport(sandbox: RunningSandbox) -> AsyncTransport:
    # httpcore explicitly: the async client would pick aiohttp when it is installed.
    return AsyncTransport(TransportOptions(base_url=sandbox.url, max_retries=0, http_backend="httpcore"))


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("method", "body", "length"),
    [("GET", None, None), ("POST", b'{"a":[1,2]}', "11"), ("PUT", b"", "0"), ("POST", None, "0")],
)
async def test_method_headers_and_body_arrive_as_built(
    socket_sandbox: RunningSandbox, build_path: str, method: str, body: bytes | None, length: str | None
) -> None:
    async with _transport(socket_sandbox) as transport:
        reply = await transport.request(
            RequestSpec(method, "/echo", content=body, headers={"X-Trace": "t-1", "Content-Type": "text/plain"})
        )
    echoed = reply.parsed
    assert echoed["method"] == method
    assert echoed["body"] == (body or b"").decode()
    assert echoed["headers"]["x-trace"] == "t-1"
    assert echoed["headers"]["content-type"] == "text/plain"
    assert echoed["headers"]["host"] == socket_sandbox.url.split("://", 1)[1]
    assert echoed["headers"].get("content-length") == length
    assert "transfer-encoding" not in echoed["headers"]
    assert reply.headers["content-type"] == "application/json"


@pytest.mark.anyio
async def test_a_query_and_repeated_requests_on_one_connection(socket_sandbox: RunningSandbox, build_path: str) -> None:
    async with _transport(socket_sandbox) as transport:
        for number in range(3):
            reply = await transport.request(RequestSpec("GET", f"/echo?n={number}&x=%20"))
            assert reply.parsed["query"] == [["n", str(number)], ["x", " "]]
