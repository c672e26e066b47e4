"""Property-based tests of the One Platform parsers: RPC replies and provisioning bodies.

RPC: any JSON-RPC-looking reply (ids missing or of the wrong type, statuses missing, recordbatch
status lists, error objects of any shape, results of any shape) ends, through `parse_reply`,
`match_results` and every operation's result parser, in a typed value or a `ResourceKitError`.
Provisioning: any CSV, line, form or date text parses or raises a `ResourceKitError`, and what
the client encodes parses back to itself. Example counts come from the hypothesis profile in
tests/conftest.py (``HYPOTHESIS_PROFILE=long`` for the long run).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

import httpx
from hypothesis import given
from hypothesis import strategies as st

from resourcekit.core.errors import APIError, ResourceKitError, ResponseValidationError
from resourcekit.core.request import RequestSpec
from resourcekit.exosite import wire
from resourcekit.exosite.errors import CallError, RPCRequestError
from resourcekit.exosite.models import Info, Point
from resourcekit.exosite.wire import Alias, CallResult, Operation, Rid

RecordFigures = Callable[..., None]

HOOKS = wire.ExositeHooks()
RPC_SPEC = RequestSpec("POST", wire.RPC_PATH, context={"api": "rpc"})
PROVISION_SPEC = RequestSpec("GET", "/provision/manage/model/", context={"api": "provision"})
RID = "a" * 40
TARGET = Alias("temperature")

# Every operation whose result parser a reply reaches, with the type of its value.
OPERATIONS: list[tuple[Operation[Any], type | tuple[type, ...]]] = [
    (wire.read_op(TARGET, limit=None), list),
    (wire.wait_op(TARGET), (Point, type(None))),
    (wire.write_op(TARGET, 1), type(None)),
    (wire.recordbatch_op(TARGET, [(1, 2)]), type(None)),
    (wire.info_op(TARGET), Info),
    (wire.listing_op(["client", "dataport"]), dict),
    (wire.usage_op("client", 0, 1), (int, float)),
    (wire.lookup_op("alias", "x"), Rid),
    (wire.share_op(TARGET), str),
    (wire.drop_op(TARGET), type(None)),
]

# -- strategies ---------------------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**64), 2**64), st.floats(allow_nan=False), st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=10,
)
ids = st.one_of(st.integers(0, 5), st.sampled_from(["0", "a"]), st.none(), st.booleans(), st.floats(), json_values)
statuses = st.one_of(
    st.sampled_from(["ok", "ok", "invalid", "noauth", "restricted", "locked", "expire", "fail", ""]),
    st.lists(st.one_of(st.tuples(json_scalars, json_scalars).map(list), json_values), max_size=3),
    json_values,
)
error_objects: st.SearchStrategy[Any] = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "code": st.one_of(st.sampled_from([-1, 400, 401, 500, 501, 502]), json_values),
            "message": json_values,
            "context": json_values,
        },
    ),
    json_values,
)
points = st.lists(
    st.one_of(
        st.tuples(st.integers(-(2**40), 2**40), st.one_of(st.integers(), st.text(max_size=8))).map(list),
        st.tuples(st.one_of(st.floats(), st.text(max_size=4), st.none(), st.booleans()), json_scalars).map(list),
        json_values,
    ),
    max_size=4,
)
results = st.one_of(
    json_values,
    points,
    st.just(RID),
    st.text("0123456789abcdefABCDEF", min_size=40, max_size=40),
    st.fixed_dictionaries({}, optional={"client": st.lists(st.one_of(st.just(RID), json_scalars), max_size=3)}),
    st.fixed_dictionaries(
        {},
        optional={"basic": json_values, "description": json_values, "counts": json_values, "aliases": json_values},
    ),
)


@st.composite
def entries(draw: st.DrawFn) -> Any:
    """One reply entry: usually an object with an id, a status and a result or an error."""
    if not draw(st.integers(0, 15)):
        return draw(json_values)
    entry: dict[str, Any] = {}
    if draw(st.integers(0, 9)):
        entry["id"] = draw(st.integers(0, 3) if draw(st.integers(0, 9)) else ids)
    if draw(st.integers(0, 7)):
        entry["status"] = draw(st.sampled_from(["ok", "invalid", "expire"]) if draw(st.booleans()) else statuses)
    if draw(st.booleans()):
        entry["result"] = draw(results)
    if not draw(st.integers(0, 3)):
        entry["error"] = draw(error_objects)
    return entry


reply_bodies: st.SearchStrategy[Any] = st.one_of(
    st.lists(entries(), max_size=4),
    st.lists(entries(), min_size=1, max_size=2),
    st.fixed_dictionaries({"error": error_objects}),
    json_values,
)

csv_field = st.text(st.characters(exclude_characters="\x00"), max_size=12)


def _json_bytes(body: Any) -> bytes:
    return json.dumps(body).encode()


# -- checks -------------------------------------------------------------------------------------


def check_operations(result: CallResult) -> int:
    """Every operation's parser takes the entry: a value of its type, or a ResourceKitError."""
    typed = 0
    for operation, expected in OPERATIONS:
        try:
            value = operation.parse(result)
        except ResourceKitError as error:
            if isinstance(error, CallError):
                assert not result.ok or operation.call.procedure == "wait"
            str(error)
            continue
        assert isinstance(value, expected), (operation.call.procedure, value)
        typed += 1
        handle = wire.Handle(operation)
        handle.resolve(result)
        assert handle.ok
    return typed


def check_reply(body: Any) -> tuple[int, int]:
    """`parse_reply`, `match_results` and the operations; returns (entries, typed values)."""
    try:
        parsed = wire.parse_reply(body)
    except RPCRequestError as error:
        assert isinstance(body, dict)
        str(error)
        return 0, 0
    except ResourceKitError:
        return 0, 0
    assert isinstance(parsed, list)
    typed = 0
    for result in parsed:
        assert isinstance(result.id, int | str)
        assert result.status is not None
        if not result.ok:
            try:
                error = wire.call_error("read", result)
            except ResourceKitError:  # a recordbatch status list that is not [timestamp, status] pairs
                assert isinstance(result.status, list)
            else:
                assert isinstance(error, CallError)
        typed += check_operations(result)
    wanted = [result.id for result in parsed]
    try:
        matched = wire.match_results([*wanted, "missing"], parsed)
    except ResourceKitError:
        pass
    else:
        raise AssertionError(f"a missing id was matched: {matched}")
    assert [result.id for result in wire.match_results(wanted, parsed)] == wanted
    return len(parsed), typed


def http_response(status: int, content: bytes, content_type: str = "application/json") -> httpx.Response:
    headers = {"content-type": content_type}
    return httpx.Response(status, content=content, headers=headers, request=httpx.Request("POST", "http://127.0.0.1/"))


# -- RPC properties -----------------------------------------------------------------------------


def test_rpc_replies_end_in_values_or_typed_errors(reliability_figures: RecordFigures) -> None:
    seen = entries_seen = typed = 0

    @given(reply_bodies)
    def run(body: Any) -> None:
        nonlocal seen, entries_seen, typed
        seen += 1
        found, values = check_reply(body)
        entries_seen += found
        typed += values

    run()
    reliability_figures("parsers.exosite.rpc", examples=seen, entries=entries_seen, typed_values=typed)


def test_rpc_hooks_take_any_body(reliability_figures: RecordFigures) -> None:
    seen = 0

    @given(
        st.sampled_from([200, 200, 400, 401, 404, 500, 503]),
        st.one_of(reply_bodies.map(_json_bytes), st.binary(max_size=80)),
        st.integers(0, 3000),
    )
    def run(status: int, content: bytes, depth: int) -> None:
        nonlocal seen
        seen += 1
        if depth > 2900:
            content = b"[" * 50_000  # nested past the stack
        response = http_response(status, content)
        try:
            parsed = HOOKS.parse(response, RPC_SPEC)
            error = HOOKS.map_error(response, parsed, RPC_SPEC)
        except ResourceKitError:
            return
        assert error is None or isinstance(error, RPCRequestError)
        if status >= 400:
            assert error is not None
        if error is None:
            check_reply(parsed)

    run()
    reliability_figures("parsers.exosite.rpc_hooks", examples=seen)


def test_encoded_requests_parse_as_replies_of_the_same_ids(reliability_figures: RecordFigures) -> None:
    seen = 0

    @given(st.lists(st.one_of(st.integers(0, 10**6), st.text(max_size=6)), unique=True, max_size=5), json_values)
    def run(call_ids: list[int | str], result: Any) -> None:
        nonlocal seen
        seen += 1
        request = wire.encode_request(wire.RPCAuth(cik=RID), [(i, wire.Call("read", [RID, {}])) for i in call_ids])
        sent = json.loads(wire.encode_body(request))
        reply = [{"id": call["id"], "status": "ok", "result": result} for call in reversed(sent["calls"])]
        matched = wire.match_results(call_ids, wire.parse_reply(json.loads(json.dumps(reply))))
        assert [entry.id for entry in matched] == call_ids
        assert all(entry.value == result for entry in matched)

    run()
    reliability_figures("parsers.exosite.rpc_round_trip", examples=seen)


# -- provisioning properties --------------------------------------------------------------------


def test_provisioning_bodies_parse_or_fail_typed(reliability_figures: RecordFigures) -> None:
    seen = 0

    @given(
        st.one_of(
            st.text(max_size=200),
            st.lists(st.sampled_from(['a,b,"c', '"x""y",z', "\r\n", "\n", ",", '"', "=", "&", "%zz", "+", "\x00"])).map(
                "".join
            ),
            st.binary(max_size=100).map(lambda data: data.decode("utf-8", "replace")),
        ),
        st.sampled_from([200, 204, 400, 401, 403, 404, 409, 412, 500]),
    )
    def run(text: str, status: int) -> None:
        nonlocal seen
        seen += 1
        for parse in (wire.parse_csv, wire.parse_lines, wire.parse_form, wire.parse_http_date):
            with contextlib.suppress(ResourceKitError):
                parse(text)
        with contextlib.suppress(ResourceKitError):
            assert all(isinstance(row, list) and row for row in wire.parse_csv(text))
        assert all(isinstance(line, str) and line == line.strip() and line for line in wire.parse_lines(text))
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in wire.parse_form(text))
        date = wire.parse_http_date(text)
        assert date is None or isinstance(date, int)
        response = http_response(status, text.encode(), "text/csv")
        parsed = HOOKS.parse(response, PROVISION_SPEC)
        assert parsed is None or isinstance(parsed, str)
        error = HOOKS.map_error(response, parsed, PROVISION_SPEC)
        assert (error is None) == (status < 400)
        assert error is None or (isinstance(error, APIError) and error.status == status)

    run()
    reliability_figures("parsers.exosite.provisioning", examples=seen)


def test_csv_and_forms_round_trip(reliability_figures: RecordFigures) -> None:
    seen = 0

    @given(
        st.lists(st.lists(csv_field, min_size=1, max_size=4), max_size=5),
        st.lists(st.tuples(st.text(max_size=8), st.text(max_size=8)), max_size=5),
    )
    def run(rows: list[list[str]], pairs: list[tuple[str, str]]) -> None:
        nonlocal seen
        seen += 1
        text = wire.encode_csv(rows)
        if text.strip():
            assert wire.parse_csv(text) == [row for row in rows if row]
        assert wire.parse_form(wire.form_bytes(pairs).decode()) == pairs

    run()
    reliability_figures("parsers.exosite.csv_form_round_trip", examples=seen)


# -- examples -----------------------------------------------------------------------------------


def test_malformed_entries_found_while_writing_the_properties() -> None:
    for body in ([{"id": [1], "status": "ok"}], [{"id": {"a": 1}, "status": "ok"}], [{"id": 1.5, "status": "ok"}]):
        assert check_reply(body) == (0, 0)
    statuses: list[Any] = [[["x", "refused"]], [[]], [None], [[1e400, "x"]], [[None, "x"]]]
    for status in statuses:
        result = CallResult(id=1, status=status)
        check_operations(result)
    for value in ([["a", 1]], [[float("inf"), 1]], [[None, 1]]):
        check_operations(CallResult(id=1, status="ok", result=value))
    assert wire.parse_http_date("\u00b2") is None
    assert wire.parse_http_date("9" * 5000) is None


def test_one_megabyte_provisioning_bodies() -> None:
    huge_field = "id," + "m" * 1_000_000
    with contextlib.suppress(ResourceKitError):
        wire.parse_csv(huge_field)
    rows = wire.parse_csv("sn,status,rid\n" * 70_000)
    assert len(rows) == 70_000
    assert len(wire.parse_lines("x\n" * 500_000)) == 500_000
    assert len(wire.parse_form("a=b&" * 250_000)) == 250_000
    for text in ('"' * 1_000_000, "a\r" * 300_000, '"a' + "\r\n" * 300_000):
        with contextlib.suppress(ResponseValidationError):
            wire.parse_csv(text)
