"""Hostile values around the OVH client: broken token replies and bodies JSON cannot carry.

Each case is refused with a typed error: a token reply whose ``expires_in`` is huge, negative,
``NaN`` or infinite is a `ResponseValidationError` (never an ``OverflowError``, never a token that
never expires), and a body or query holding ``NaN``, an infinity or a lone surrogate is an
`InvalidInputError` raised before anything is sent. Sync and async, over real HTTP.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

import httpx
import pytest

from resourcekit.core.errors import MESSAGE_LIMIT, InvalidInputError, ResponseValidationError
from resourcekit.ovh import OVH, AsyncOVH, OVHBadRequestError, wire
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.ovh.state import OVHState
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

BROKEN_LIFETIMES = [10**400, math.nan, math.inf, -math.inf, -5, 0, 10**9]
UNSENDABLE_BODIES = [
    {"ttl": math.nan},
    {"ttl": math.inf},
    {"target": "\ud800"},
    {"\udfff": "key"},
    {"nested": [{"deep": -math.inf}]},
]


def label(value: Any) -> str:
    """A test id (the text of a huge integer is itself refused by Python)."""
    if isinstance(value, int) and value.bit_length() > 64:
        return f"int-of-{value.bit_length()}-bits"
    return repr(value)


@pytest.fixture(scope="module")
def sandbox() -> Generator[RunningSandbox, None, None]:
    with run_sandbox("ovh", settings=SandboxSettings(seed_size=2)) as running:
        yield running


@pytest.fixture
def state(sandbox: RunningSandbox) -> Generator[OVHState, None, None]:
    found = sandbox.emulator.state
    assert isinstance(found, OVHState)
    before = found.token_ttl
    yield found
    found.token_ttl = before


def oauth2(sandbox: RunningSandbox) -> dict[str, Any]:
    return {"client_id": sandbox.credentials["client_id"], "client_secret": sandbox.credentials["client_secret"]}


# -- OAuth2 token lifetimes ---------------------------------------------------------------------


@pytest.mark.parametrize("lifetime", BROKEN_LIFETIMES, ids=label)
def test_broken_token_lifetime_is_a_typed_error_sync(sandbox: RunningSandbox, state: OVHState, lifetime: Any) -> None:
    state.token_ttl = lifetime
    with sandbox.client(**oauth2(sandbox)) as ovh, pytest.raises(ResponseValidationError, match="expires_in"):
        ovh.get("/me")


@pytest.mark.anyio
@pytest.mark.parametrize("lifetime", BROKEN_LIFETIMES, ids=label)
async def test_broken_token_lifetime_is_a_typed_error_async(
    sandbox: RunningSandbox, state: OVHState, lifetime: Any
) -> None:
    state.token_ttl = lifetime
    async with sandbox.async_client(**oauth2(sandbox)) as ovh:
        with pytest.raises(ResponseValidationError, match="expires_in"):
            await ovh.get("/me")


def test_a_sane_token_lifetime_still_works(sandbox: RunningSandbox, state: OVHState) -> None:
    state.token_ttl = 120
    with sandbox.client(**oauth2(sandbox)) as ovh:
        assert ovh.get("/me")["nichandle"] == "xx1234-ovh"


@pytest.mark.parametrize("lifetime", [None, 1, 0.5, 3600, 366 * 24 * 3600])
def test_token_lifetime_accepts_sane_values(lifetime: Any) -> None:
    expected = 3600.0 if lifetime is None else float(lifetime)
    assert wire.token_lifetime(lifetime) == expected


@pytest.mark.parametrize("lifetime", [*BROKEN_LIFETIMES, True, "3600", [60], 10**5000], ids=label)
def test_token_lifetime_refuses_the_rest(lifetime: Any) -> None:
    with pytest.raises(ResponseValidationError):
        wire.token_lifetime(lifetime)


# -- bodies and queries -------------------------------------------------------------------------


@pytest.mark.parametrize("body", UNSENDABLE_BODIES, ids=label)
def test_unsendable_body_is_refused_before_sending_sync(
    sandbox: RunningSandbox, state: OVHState, body: dict[str, Any]
) -> None:
    before = state.query_count
    with sandbox.client() as ovh, pytest.raises(InvalidInputError):
        ovh.call("POST", "/domain/zone/example.com/record", body)
    assert state.query_count == before


@pytest.mark.anyio
@pytest.mark.parametrize("body", UNSENDABLE_BODIES, ids=label)
async def test_unsendable_body_is_refused_before_sending_async(
    sandbox: RunningSandbox, state: OVHState, body: dict[str, Any]
) -> None:
    before = state.query_count
    async with sandbox.async_client() as ovh:
        with pytest.raises(InvalidInputError):
            await ovh.call("POST", "/domain/zone/example.com/record", body)
    assert state.query_count == before


UNSENDABLE_QUERY_VALUES = ["\ud800", "a\udc00b", math.nan, -math.inf]


@pytest.mark.parametrize("value", UNSENDABLE_QUERY_VALUES, ids=label)
def test_unsendable_query_value_is_refused_sync(sandbox: RunningSandbox, state: OVHState, value: Any) -> None:
    before = state.query_count
    with sandbox.client() as ovh, pytest.raises(InvalidInputError):
        ovh.get("/me/bill", category=value)
    assert state.query_count == before


@pytest.mark.anyio
@pytest.mark.parametrize("value", UNSENDABLE_QUERY_VALUES, ids=label)
async def test_unsendable_query_value_is_refused_async(sandbox: RunningSandbox, state: OVHState, value: Any) -> None:
    before = state.query_count
    async with sandbox.async_client() as ovh:
        with pytest.raises(InvalidInputError):
            await ovh.get("/me/bill", category=value)
    assert state.query_count == before


def test_non_ascii_text_is_still_sent_escaped() -> None:
    assert wire.encode_body({"a": "\u00e9\U0001f600"}) == b'{"a":"\\u00e9\\ud83d\\ude00"}'


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "params"),
    [("/me/\ud800", {}), ("/me/bill", {"\udc00": "x"}), ("/me/bill/FR\ud800", {})],
    ids=["path", "query-name", "segment"],
)
async def test_lone_surrogates_in_paths_and_names_are_refused_async(
    sandbox: RunningSandbox, state: OVHState, path: str, params: dict[str, Any]
) -> None:
    before = state.query_count
    async with sandbox.async_client() as ovh:
        with pytest.raises(InvalidInputError, match="lone surrogate"):
            await ovh.get(path, **params)
        with pytest.raises(InvalidInputError, match="lone surrogate"):
            await ovh.me.bills.get("FR\ud800")
    assert state.query_count == before


def test_lone_surrogates_in_paths_and_names_are_refused_sync(sandbox: RunningSandbox, state: OVHState) -> None:
    before = state.query_count
    with sandbox.client() as ovh:
        for path, params in [("/me/\ud800", {}), ("/me/bill", {"\udc00": "x"}), ("/me/bill/FR\ud800", {})]:
            with pytest.raises(InvalidInputError, match="lone surrogate"):
                ovh.get(path, **params)
        with pytest.raises(InvalidInputError, match="lone surrogate"):
            ovh.email.domain("example.com").redirections.get("\ud800")
    assert state.query_count == before


# -- error text from the server -------------------------------------------------------------------

FORGED = "\r\n2026-01-01 INFO resourcekit: payment accepted\x1b[2J\u2028"
HOSTILE_ERROR = {"message": "refused" + FORGED + "m" * (1024 * 1024), "errorCode": "E" + FORGED, "httpCode": "400"}
NOW = 1_700_000_000


def hostile_errors(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/auth/time"):
        return httpx.Response(200, json=NOW)
    return httpx.Response(400, json=HOSTILE_ERROR, headers={"X-Ovh-QueryID": "EU.ext-1"})


def assert_shown_safely(error: OVHBadRequestError) -> None:
    shown = str(error)
    assert len(shown) < MESSAGE_LIMIT + 300  # not the megabyte the server sent
    assert not any(character in shown for character in "\r\n\x1b\u2028")
    assert shown.startswith("refused\\r\\n2026-01-01")
    assert error.raw == HOSTILE_ERROR  # the reply as it came, whole
    assert error.error_code == HOSTILE_ERROR["errorCode"]


def test_a_megabyte_of_hostile_error_text_is_capped_and_escaped_sync() -> None:
    transport = httpx.MockTransport(hostile_errors)
    keys = ("http://127.0.0.1:9/1.0", "ak", "as", "ck")
    with (
        OVH(*keys, http_transport=transport, max_retries=0, clock=lambda: NOW) as ovh,
        pytest.raises(OVHBadRequestError) as caught,
    ):
        ovh.get("/me")
    assert_shown_safely(caught.value)


@pytest.mark.anyio
async def test_a_megabyte_of_hostile_error_text_is_capped_and_escaped_async() -> None:
    transport = httpx.MockTransport(hostile_errors)
    keys = ("http://127.0.0.1:9/1.0", "ak", "as", "ck")
    async with AsyncOVH(*keys, http_transport=transport, max_retries=0, clock=lambda: NOW) as ovh:
        with pytest.raises(OVHBadRequestError) as caught:
            await ovh.get("/me")
    assert_shown_safely(caught.value)
