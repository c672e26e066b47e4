"""Property-based tests of Siminars envelopes: ``{"status", "message", "data"}`` and their errors.

Any reply (envelopes with statuses, messages and data of any type, missing keys, non-envelopes,
text, bytes, JSON nested past the stack) ends, through `SiminarsHooks` and the payload helpers,
in a value or a `ResourceKitError`; error statuses map onto the documented classes. Example counts
come from the hypothesis profile in tests/conftest.py (``HYPOTHESIS_PROFILE=long`` for the long run).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any, cast

import httpx
from hypothesis import given
from hypothesis import strategies as st

from resourcekit.core.errors import ResourceKitError, ResponseValidationError, clean_message
from resourcekit.core.records import Model
from resourcekit.siminars import models, wire
from resourcekit.siminars.errors import InternalServerError, InvalidParamError, SiminarsError

RecordFigures = Callable[..., None]

HOOKS = wire.SiminarsHooks()
SPEC = wire.encode_request("GET", "/siminar/1", {"siminar_id": "1"}, apitoken="api-token", route="siminar")
MODELS: list[type[Model]] = [
    value
    for value in vars(models).values()
    if isinstance(value, type) and issubclass(value, Model) and value.__module__ == models.__name__
]

# -- strategies ---------------------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**64), 2**64), st.floats(allow_nan=False), st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=10,
)
documented_statuses = st.sampled_from([200, 201, 202, 205, 303, 401, 402, 403, 404, 405, 409, 412, 500])
payloads = st.one_of(
    json_values,
    st.fixed_dictionaries({"created": st.one_of(st.just("149000000000012345618098"), json_scalars)}),
    st.fixed_dictionaries({"siminar": st.one_of(st.dictionaries(st.text(max_size=8), json_values), json_values)}),
    st.fixed_dictionaries({"siminars": st.lists(st.one_of(st.dictionaries(st.text(max_size=8), json_scalars)))}),
    st.fixed_dictionaries({"urls": st.one_of(st.dictionaries(st.text(max_size=8), json_scalars), json_values)}),
)
envelopes = st.fixed_dictionaries(
    {},
    optional={
        "status": st.one_of(documented_statuses, documented_statuses, st.integers(-(2**40), 2**40), json_values),
        "message": st.one_of(st.text(max_size=30), json_values),
        "data": payloads,
    },
)


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 4))
    if kind <= 1:
        return json.dumps(draw(envelopes)).encode()
    if kind == 2:
        text = json.dumps(draw(envelopes))
        return text[: draw(st.integers(0, len(text)))].encode()
    if kind == 3:
        depth = draw(st.integers(1, 5000))
        return b'{"data":' * depth
    return draw(st.binary(max_size=80))


# -- checks -------------------------------------------------------------------------------------


def check_payload(payload: Any, models_to_try: list[type[Model]] = MODELS) -> int:
    """Every payload helper takes any payload: a value of its type or a ResponseValidationError."""
    typed = 0
    for helper in (
        lambda: wire.created_id(payload),
        lambda: wire.payload_item(payload, "siminar"),
        lambda: wire.payload_list(payload, "siminars"),
        lambda: wire.parse_url_map(payload),
    ):
        try:
            value = helper()
        except ResponseValidationError:
            continue
        assert isinstance(value, str | dict | list)
        typed += 1
    for model in models_to_try:
        try:
            model.from_wire(payload)
        except ResourceKitError:
            continue
        typed += 1
    return typed


def check(http_status: int, content: bytes, content_type: str) -> str:
    response = httpx.Response(
        http_status, content=content, headers={"content-type": content_type}, request=httpx.Request("GET", "http://h/")
    )
    try:
        parsed = HOOKS.parse(response, SPEC)
    except ResponseValidationError:
        assert "json" in content_type
        return "invalid"
    error = HOOKS.map_error(response, parsed, SPEC)
    envelope: dict[str, Any] = cast("dict[str, Any]", parsed) if isinstance(parsed, dict) else {}
    envelope_status = envelope.get("status")
    if http_status >= 400:
        assert isinstance(error, SiminarsError) and error.status == http_status
    elif isinstance(envelope_status, int) and envelope_status >= 400:
        assert isinstance(error, SiminarsError) and error.status == envelope_status
    if error is not None:
        assert isinstance(error, SiminarsError)
        assert isinstance(error.message, str) and error.message
        assert isinstance(error.status_name, str)
        if error.status is not None and error.status >= 500:
            assert isinstance(error, InternalServerError)
        elif error.status == 412:
            assert isinstance(error, InvalidParamError)
        str(error)
        return "error"
    try:
        payload = wire.unwrap(parsed)
    except ResponseValidationError:
        return "not_an_envelope"
    check_payload(payload, MODELS[:3])
    return "payload"


# -- properties ---------------------------------------------------------------------------------


def test_replies_end_in_payloads_or_typed_errors(reliability_figures: RecordFigures) -> None:
    outcomes: dict[str, int] = {}

    @given(
        st.one_of(st.just(200), st.just(200), documented_statuses, st.integers(100, 599)),
        bodies(),
        st.sampled_from(["application/json", "application/javascript", "text/html", ""]),
    )
    def run(http_status: int, content: bytes, content_type: str) -> None:
        outcome = check(http_status, content, content_type)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    run()
    reliability_figures("parsers.siminars.envelopes", examples=sum(outcomes.values()), **outcomes)


def test_payload_helpers_and_models_take_any_payload(reliability_figures: RecordFigures) -> None:
    seen = typed = 0

    @given(payloads, st.sampled_from(MODELS))
    def run(payload: Any, model: type[Model]) -> None:
        nonlocal seen, typed
        seen += 1
        typed += check_payload(payload, [model])
        document = wire.as_document(payload)
        item = document.get("siminar") if document is not None else None
        if isinstance(item, dict):  # what a manager hands to the record it builds
            with contextlib.suppress(ResourceKitError):
                model.from_wire(item)

    run()
    reliability_figures("parsers.siminars.payloads", examples=seen, typed_values=typed)


def test_envelopes_round_trip(reliability_figures: RecordFigures) -> None:
    seen = 0

    @given(documented_statuses, st.text(max_size=30), json_values)
    def run(status: int, message: str, data: Any) -> None:
        nonlocal seen
        seen += 1
        body = json.dumps({"status": status, "message": message, "data": data}).encode()
        response = httpx.Response(200, content=body, request=httpx.Request("GET", "http://h/"))
        parsed = HOOKS.parse(response, SPEC)
        error = HOOKS.map_error(response, parsed, SPEC)
        if status < 400:
            assert error is None
            assert wire.unwrap(parsed) == data
        else:
            assert isinstance(error, SiminarsError)
            assert error.status == status
            # Server text is bounded and escaped in messages (the core does it for every provider).
            assert error.message == clean_message(message or wire.status_name(status))
            assert error.status_name == wire.status_name(status)

    run()
    reliability_figures("parsers.siminars.round_trip", examples=seen)


# -- examples -----------------------------------------------------------------------------------


def test_json_nested_past_the_stack() -> None:
    deep = b'{"data":' * 200_000
    for content_type, expected in (("application/json", "invalid"), ("text/html", "not_an_envelope")):
        assert check(200, deep, content_type) == expected
    assert check(500, deep, "text/html") == "error"


def test_one_megabyte_envelopes() -> None:
    items = [{"siminar_id": str(i), "title": "t"} for i in range(40_000)]
    body = json.dumps({"status": 200, "message": "OK", "data": {"siminars": items}}).encode()
    assert check(200, body, "application/json") == "payload"
    message = json.dumps({"status": 412, "message": "m" * 1_000_000, "data": None}).encode()
    assert check(200, message, "application/json") == "error"
