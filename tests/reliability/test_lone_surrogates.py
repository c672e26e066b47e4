"""A lone surrogate (``"\\ud800"``) anywhere in a request is `InvalidInputError`, and nothing is sent.

Such a str has no UTF-8 form. JSON bodies were refused already; in a HEXONET command value or
credential, a Siminars route parameter, a hook.io datastore key (a query parameter) or a raw path
it raised a bare ``UnicodeEncodeError`` from deep inside the HTTP layer. The shared validators refuse
it where they check a value, and the transport refuses whatever reaches it unchecked. Sync and
async clients, against the sandboxes over real HTTP; the sandbox's request counter shows that
nothing arrived.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from typing import Any

import httpx
import pytest

from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core._sync.transport import Transport
from resourcekit.core.errors import InvalidInputError
from resourcekit.core.options import TransportOptions
from resourcekit.core.request import RequestSpec
from resourcekit.core.validate import path_segment, raw_path, refuse_lone_surrogates, single_line
from resourcekit.hexonet import AsyncHexonet, Hexonet
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

LONE = "\ud800"

SYNC_CALLS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "hexonet-command-value": ("hexonet", lambda hx: hx.command({"COMMAND": "StatusAccount", "NOTE": f"a{LONE}"})),
    "hexonet-command-text": ("hexonet", lambda hx: hx.command(f"COMMAND=StatusAccount\nNOTE={LONE}")),
    "siminars-route-parameter": ("siminars", lambda api: api.call("siminar", id=LONE)),
    "siminars-raw-path": ("siminars", lambda api: api.request("GET", f"/siminars/{LONE}")),
    "hookio-datastore-key": ("hookio", lambda hook: hook.datastore.get(f"key{LONE}")),
    "hookio-raw-path": ("hookio", lambda hook: hook.request("GET", f"/x{LONE}")),
}

ASYNC_CALLS: dict[str, tuple[str, Callable[[Any], Awaitable[Any]]]] = {
    "hexonet-command-value": ("hexonet", lambda hx: hx.command({"COMMAND": "StatusAccount", "NOTE": f"a{LONE}"})),
    "siminars-route-parameter": ("siminars", lambda api: api.call("siminar", id=LONE)),
    "hookio-datastore-key": ("hookio", lambda hook: hook.datastore.get(f"key{LONE}")),
    "hookio-raw-path": ("hookio", lambda hook: hook.request("GET", f"/x{LONE}")),
}


@pytest.fixture(scope="module")
def sandboxes() -> Generator[dict[str, RunningSandbox], None, None]:
    with run_sandbox("hexonet") as hexonet, run_sandbox("siminars") as siminars, run_sandbox("hookio") as hookio:
        yield {"hexonet": hexonet, "siminars": siminars, "hookio": hookio}


@pytest.mark.parametrize("case", SYNC_CALLS)
def test_a_lone_surrogate_is_refused_before_sending_sync(sandboxes: dict[str, RunningSandbox], case: str) -> None:
    provider, call = SYNC_CALLS[case]
    sandbox = sandboxes[provider]
    with sandbox.client() as client:
        before = sandbox.faults.requests
        with pytest.raises(InvalidInputError, match="lone surrogate") as caught:
            call(client)
    assert sandbox.faults.requests == before
    assert LONE not in str(caught.value)


@pytest.mark.anyio
@pytest.mark.parametrize("case", ASYNC_CALLS)
async def test_a_lone_surrogate_is_refused_before_sending_async(
    sandboxes: dict[str, RunningSandbox], case: str
) -> None:
    provider, call = ASYNC_CALLS[case]
    sandbox = sandboxes[provider]
    async with sandbox.async_client() as client:
        before = sandbox.faults.requests
        with pytest.raises(InvalidInputError, match="lone surrogate"):
            await call(client)
    assert sandbox.faults.requests == before


@pytest.mark.parametrize("credential", ["login", "password"])
def test_hexonet_credentials_with_a_lone_surrogate_are_refused(credential: str) -> None:
    arguments = {"login": "test.user", "password": "secret", "url": "http://127.0.0.1:9", credential: f"x{LONE}"}
    for factory in (Hexonet, AsyncHexonet):
        with pytest.raises(InvalidInputError, match=f"{credential}: values cannot hold a lone surrogate"):
            factory(**arguments)  # type: ignore[arg-type]


def test_the_shared_validators_refuse_it() -> None:
    for check in (
        lambda: refuse_lone_surrogates(f"a{LONE}", "value"),
        lambda: single_line("a\udfffb", "NOTE"),
        lambda: path_segment(LONE, "id"),
        lambda: raw_path(f"/a/{LONE}"),
    ):
        with pytest.raises(InvalidInputError, match="lone surrogate"):
            check()
    # A character outside the Basic Multilingual Plane is one code point, not a surrogate pair.
    assert single_line("\U0001f600", "NOTE") == "\U0001f600"
    assert path_segment("\U0001f600", "id") == "%F0%9F%98%80"


def sent_nothing(request: httpx.Request) -> httpx.Response:
    raise AssertionError("the request was sent")


UNCHECKED_SPECS = [
    pytest.param(RequestSpec("GET", f"/x{LONE}"), id="path"),
    pytest.param(RequestSpec("GET", "/x", params={"key": LONE}), id="query-value"),
    pytest.param(RequestSpec("GET", "/x", params={LONE: "v"}), id="query-name"),
    pytest.param(RequestSpec("POST", "/x", form={"note": LONE}), id="form"),
]


@pytest.mark.parametrize("spec", UNCHECKED_SPECS)
def test_the_transport_refuses_what_reaches_it_unchecked_sync(spec: RequestSpec) -> None:
    options = TransportOptions(base_url="http://127.0.0.1:9")
    with (
        Transport(options, http_transport=httpx.MockTransport(sent_nothing)) as transport,
        pytest.raises(InvalidInputError, match="lone surrogate"),
    ):
        transport.request(spec)


@pytest.mark.anyio
@pytest.mark.parametrize("spec", UNCHECKED_SPECS)
async def test_the_transport_refuses_what_reaches_it_unchecked_async(spec: RequestSpec) -> None:
    options = TransportOptions(base_url="http://127.0.0.1:9")
    async with AsyncTransport(options, http_transport=httpx.MockTransport(sent_nothing)) as transport:
        with pytest.raises(InvalidInputError, match="lone surrogate"):
            await transport.request(spec)
