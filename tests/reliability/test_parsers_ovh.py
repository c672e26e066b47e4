"""Property-based tests of OVH reply parsing and error mapping (`OVHHooks`, `wire.map_error`).

Any body, status and content type ends in a parsed value (JSON, text or ``None``) and an `OVHError`
of the right class, or a `ResourceKitError`; never a ``KeyError``, ``TypeError``,
``RecursionError`` or a hang. Error bodies are built like OVH's ``{"message", "httpCode",
"errorCode"}`` with every field sometimes missing or of the wrong type. Example counts come from
the hypothesis profile (tests/conftest.py; ``HYPOTHESIS_PROFILE=long`` for the long run).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, cast

import httpx
from hypothesis import given
from hypothesis import strategies as st

from resourcekit.core.errors import (
    MESSAGE_LIMIT,
    InvalidInputError,
    ResourceKitError,
    ResponseValidationError,
    clean_message,
)
from resourcekit.core.request import RequestSpec
from resourcekit.core.retry import parse_retry_after
from resourcekit.core.validate import path_segment
from resourcekit.ovh import wire
from resourcekit.ovh.errors import OVHAuthenticationError, OVHError, OVHOAuth2Error
from resourcekit.ovh.hooks import OAUTH2_TOKEN_CONTEXT, OVHHooks

RecordFigures = Callable[..., None]

HOOKS = OVHHooks()
API_SPEC = RequestSpec("GET", "/me")
TOKEN_SPEC = RequestSpec("POST", "/auth/oauth2/token", authenticate=False, context={OAUTH2_TOKEN_CONTEXT: True})

# -- strategies ---------------------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
wrong_typed = st.one_of(json_values, st.just(""), st.sampled_from(list(wire.AUTHENTICATION_CODES)))
error_bodies = st.fixed_dictionaries(
    {},
    optional={
        "message": st.one_of(st.text(max_size=40), wrong_typed),
        "httpCode": st.one_of(st.sampled_from(["400 Bad Request", "404 Not Found", ""]), wrong_typed),
        "errorCode": st.one_of(
            st.sampled_from(["INVALID_SIGNATURE", "NOT_GRANTED_CALL", "QUERY_TIME_OUT", "FORBIDDEN"]), wrong_typed
        ),
        "class": st.text(max_size=20),
        "error": wrong_typed,
        "error_description": wrong_typed,
        "access_token": wrong_typed,
    },
)
statuses = st.one_of(st.sampled_from([200, 204, 400, 401, 403, 404, 409, 429, 460, 500, 503]), st.integers(100, 599))
content_types = st.sampled_from(
    ["application/json", "application/json; charset=utf-8", "text/html", "text/plain", "", "application/problem+json"]
)


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    """An OVH-like error body, any JSON, JSON nested past the stack, broken JSON, or any bytes."""
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return json.dumps(draw(error_bodies)).encode()
    if kind == 1:
        return json.dumps(draw(json_values)).encode()
    if kind == 2:
        depth = draw(st.integers(1, 3000))
        return b"[" * depth + b"]" * draw(st.sampled_from([depth, 0, depth // 2]))
    if kind == 3:
        text = json.dumps(draw(error_bodies))
        return text[: draw(st.integers(0, len(text)))].encode()
    if kind == 4:
        return draw(st.text(max_size=60)).encode(draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), "replace")
    return draw(st.binary(max_size=100))


# -- checks -------------------------------------------------------------------------------------


def http_response(status: int, content: bytes, content_type: str, query_id: str | None) -> httpx.Response:
    headers = {"content-type": content_type} if content_type else {}
    if query_id is not None:
        headers[wire.QUERY_ID_HEADER] = query_id
    return httpx.Response(status, content=content, headers=headers, request=httpx.Request("GET", "http://127.0.0.1/"))


def check(status: int, content: bytes, content_type: str, query_id: str | None, spec: RequestSpec) -> str:
    """Parse and map one reply; returns how it ended (for the figures)."""
    response = http_response(status, content, content_type, query_id)
    try:
        parsed: Any = HOOKS.parse(response, spec)
    except ResponseValidationError:
        assert status < 400 and "json" in content_type, "only a success that claims JSON may fail to parse"
        return "invalid"
    assert parsed is None or isinstance(parsed, dict | list | str | int | float | bool)
    error = HOOKS.map_error(response, parsed, spec)
    if spec is TOKEN_SPEC:
        if status >= 400:
            assert isinstance(error, OVHOAuth2Error)
    elif status < 400:
        assert error is None
        return "value"
    else:
        assert isinstance(error, OVHError)
        assert error.status == status
        assert error.query_id == query_id
        assert isinstance(error.message, str) and error.message
        body: dict[str, Any] = cast("dict[str, Any]", parsed) if isinstance(parsed, dict) else {}
        code = body.get("errorCode")
        if isinstance(code, str) and code in wire.AUTHENTICATION_CODES:
            assert isinstance(error, OVHAuthenticationError)
        message = body.get("message")
        if isinstance(message, str) and message:
            # Server text is bounded and escaped in messages (the core does it for every provider).
            assert error.message == clean_message(message)
    if error is None:
        return "value"
    assert isinstance(error, ResourceKitError)
    str(error)
    repr(error)
    return "error"


# -- properties ---------------------------------------------------------------------------------


def test_any_reply_maps_to_a_value_or_a_typed_error(reliability_figures: RecordFigures) -> None:
    outcomes: dict[str, int] = {}

    @given(statuses, bodies(), content_types, st.one_of(st.none(), st.text("abcdef0123456789-", max_size=12)))
    def run(status: int, content: bytes, content_type: str, query_id: str | None) -> None:
        outcome = check(status, content, content_type, query_id, API_SPEC)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    run()
    reliability_figures("parsers.ovh.replies", examples=sum(outcomes.values()), **outcomes)


def test_token_replies_map_to_oauth2_errors(reliability_figures: RecordFigures) -> None:
    outcomes: dict[str, int] = {}

    @given(statuses, bodies(), content_types)
    def run(status: int, content: bytes, content_type: str) -> None:
        outcome = check(status, content, content_type, None, TOKEN_SPEC)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    run()
    reliability_figures("parsers.ovh.oauth2", examples=sum(outcomes.values()), **outcomes)


def test_map_error_takes_any_parsed_body(reliability_figures: RecordFigures) -> None:
    seen = 0

    @given(st.integers(-1000, 10**6), st.one_of(error_bodies, json_values), st.text(max_size=20))
    def run(status: int, body: Any, reason: str) -> None:
        nonlocal seen
        seen += 1
        error = wire.map_error(status, body, None, reason)
        assert (error is None) == (status < 400)
        oauth2 = wire.oauth2_error(status, body)
        assert isinstance(oauth2, OVHOAuth2Error)
        str(oauth2)

    run()
    reliability_figures("parsers.ovh.map_error", examples=seen)


def test_encoded_bodies_parse_back_to_themselves(reliability_figures: RecordFigures) -> None:
    seen = 0

    @given(json_values)
    def run(value: Any) -> None:
        nonlocal seen
        seen += 1
        content = wire.encode_body(value)
        parsed = HOOKS.parse(http_response(200, content, "application/json", None), API_SPEC)
        if content.strip() and value is not None:
            assert parsed == value

    run()
    reliability_figures("parsers.ovh.round_trip", examples=seen)


# -- examples -----------------------------------------------------------------------------------


def test_json_nested_past_the_stack_is_text_or_a_validation_error() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    error_reply = http_response(500, deep, "application/json", "EU.ext-1")
    parsed = HOOKS.parse(error_reply, API_SPEC)
    assert isinstance(parsed, str)
    assert isinstance(HOOKS.map_error(error_reply, parsed, API_SPEC), OVHError)
    success = http_response(200, deep, "application/json", None)
    try:
        HOOKS.parse(success, API_SPEC)
    except ResponseValidationError:
        pass
    else:
        raise AssertionError("a success too deep to parse must raise ResponseValidationError")


def test_one_megabyte_error_bodies_are_mapped() -> None:
    page = http_response(502, b"<html>" + b"x" * 1_000_000, "text/html", None)
    error = HOOKS.map_error(page, HOOKS.parse(page, API_SPEC), API_SPEC)
    assert isinstance(error, OVHError)
    assert len(error.message) == 200  # a proxy's page is cut, not carried whole into messages
    body = http_response(400, json.dumps({"message": "m" * 1_000_000}).encode(), "application/json", None)
    error = HOOKS.map_error(body, HOOKS.parse(body, API_SPEC), API_SPEC)
    assert isinstance(error, OVHError)
    # Cut to MESSAGE_LIMIT in the message; the whole body stays on the error's raw reply.
    assert error.message.startswith("m" * MESSAGE_LIMIT) and len(error.message) < MESSAGE_LIMIT + 50
    assert error.raw == {"message": "m" * 1_000_000}


def test_retry_after_of_an_error_reply_is_a_number_or_none(reliability_figures: RecordFigures) -> None:
    # OVH's 429 and 503 replies carry Retry-After (and Date); the shared transport reads it on every error.
    seen = 0

    @given(
        st.one_of(
            st.builds(
                "{}, {} Jan {} {:02}:00:00 GMT".format,
                st.sampled_from(["Mon", "Fri"]),
                st.integers(0, 99),
                st.integers(1, 99_999),
                st.integers(0, 99),
            ),
            st.text(max_size=40),
        ),
        st.sampled_from(["", "Mon, 01 Jan 2024 00:00:00 GMT", "Fri, 99 Jan 99999 99:00:00 GMT", "x"]),
    )
    def run(value: str, date: str) -> None:
        nonlocal seen
        seen += 1
        found = parse_retry_after({"Retry-After": value, "Date": date})
        assert found is None or found >= 0

    run()
    reliability_figures("parsers.ovh.retry_after", examples=seen)


def test_path_segments_encode_as_the_general_rule_does(reliability_figures: RecordFigures) -> None:
    # `quote_segment` passes plain ids through without the general check: the same result, or the
    # same refusal, for any text (unreserved characters weighted in, where the shortcut applies).
    seen = 0

    @given(st.one_of(st.text(alphabet="AZaz09._~-", max_size=12), st.text(max_size=12)))
    def run(value: str) -> None:
        nonlocal seen
        seen += 1
        if "/" in value:
            return  # an IP block may keep its '/': the OVH rule differs there on purpose
        try:
            expected = path_segment(value, "segment")
        except InvalidInputError:
            expected = None
        try:
            found = wire.quote_segment(value, "segment")
        except InvalidInputError:
            found = None
        assert found == expected

    run()
    reliability_figures("parsers.ovh.path_segments", examples=seen)
