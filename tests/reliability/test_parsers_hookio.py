"""Property-based tests of hook.io reply parsing: NDJSON stream lines, role errors, reply bodies.

Any stream line (broken JSON, role-error bodies in both wordings, non-objects, non-UTF-8 bytes)
ends in an entry, ``None`` (blank) or a `ResourceKitError`; any reply body, status and reply kind
ends in a value and ``None`` or an `APIError`. Role-error messages never keep the key they quote.
Example counts come from the hypothesis profile in tests/conftest.py (``HYPOTHESIS_PROFILE=long``
for the long run).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from resourcekit.core.errors import APIError, InvalidInputError, ResourceKitError, ResponseValidationError
from resourcekit.hookio import packages, wire
from resourcekit.hookio.errors import RoleAccessError
from resourcekit.hookio.logrecords import entry_record, record_entry
from resourcekit.hookio.models import Event, LogEntry

RecordFigures = Callable[..., None]

HOOKS = wire.HookIOHooks()
KEY = "c0ffee00-1111-4222-8333-444455556666"

# -- strategies ---------------------------------------------------------------------------------

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12))
finite_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False))


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4))


json_values = st.recursive(json_scalars, _containers, max_leaves=10)
strict_json_values = st.recursive(st.one_of(finite_scalars, st.text(max_size=12)), _containers, max_leaves=10)
"""What JSON can carry exactly (no infinities, which ``log_line`` refuses)."""
names = st.one_of(st.sampled_from(["anonymous", "marak", "", 'a"b', "key name"]), st.text(max_size=10))
roles = st.one_of(st.sampled_from(["datastore::get", "hook::logs::read", "events::read", ""]), st.text(max_size=12))


@st.composite
def role_messages(draw: st.DrawFn) -> str:
    """hook.io's role-error wording, sometimes quoting the key that failed, sometimes mangled."""
    user, role, path = draw(names), draw(roles), draw(st.text(max_size=12))
    message = f'"{user}" does not have the role "{role}" which is required to access "{path}"'
    if draw(st.booleans()):
        message += f' (failed with key "{draw(st.sampled_from([KEY, "", "x"]))}")'
    cut = draw(st.integers(0, len(message)))
    return message if draw(st.integers(0, 4)) else message[:cut]


@st.composite
def role_bodies(draw: st.DrawFn) -> dict[str, Any]:
    """The 2016 (``{"error": true, "message"}``) and 2019 (``type``/``role``/``user``) role errors."""
    body: dict[str, Any] = {}
    for field, value in (
        ("error", st.one_of(st.just(True), json_scalars)),
        ("message", st.one_of(role_messages(), json_values)),
        ("type", st.one_of(st.just(wire.ROLE_ERROR_TYPE), json_scalars)),
        ("role", st.one_of(roles, json_values)),
        ("user", st.one_of(names, json_values)),
    ):
        if draw(st.booleans()):
            body[field] = draw(value)
    return body


error_bodies = st.fixed_dictionaries(
    {},
    optional={
        "error": st.one_of(st.just(True), json_scalars),
        "message": st.one_of(
            st.sampled_from(["Rate limited", "not found", "x already exists", "name is required", ""]), json_values
        ),
        "constraint": json_values,
        "valid": st.one_of(st.just(False), json_scalars),
        "errors": st.one_of(
            st.lists(st.one_of(json_values, st.fixed_dictionaries({"property": json_values}))), json_values
        ),
        "status": st.one_of(st.sampled_from([404, "invalid"]), json_scalars),
        "result": st.one_of(st.sampled_from(["invalid", "available", "not-set"]), json_scalars),
    },
)
log_entries = st.fixed_dictionaries(
    {},
    optional={
        "time": st.one_of(st.just("2016-04-02T10:00:00.000Z"), st.integers(-(2**40), 2**40), json_values),
        "data": st.one_of(json_values.map(json.dumps), json_values),
        "ip": st.one_of(st.just("127.0.0.1"), json_values),
        "type": st.one_of(st.sampled_from(["hook::run", "env::write"]), json_values),
        "url": json_values,
        "hasAccess": json_values,
    },
)


@st.composite
def stream_lines(draw: st.DrawFn) -> str | bytes:
    kind = draw(st.integers(0, 7))
    if kind == 0:
        line: str = json.dumps(draw(log_entries))
    elif kind == 1:
        line = json.dumps(draw(role_bodies()))
    elif kind == 2:
        line = draw(role_messages())
    elif kind == 3:
        line = json.dumps(draw(st.one_of(json_values, error_bodies)))
    elif kind == 4:
        text = json.dumps(draw(log_entries))
        line = text[: draw(st.integers(0, len(text)))]
    elif kind == 5:
        depth = draw(st.integers(1, 5000))
        line = "[" * depth + "]" * depth
    elif kind == 6:
        return draw(st.binary(max_size=60))
    else:
        line = draw(st.sampled_from(["", " ", "\r", "\t \r"])) + draw(st.text(max_size=20))
    if draw(st.booleans()):
        return line.encode("utf-8", "surrogatepass")
    return line


# -- checks -------------------------------------------------------------------------------------


def assert_key_masked(error: BaseException) -> None:
    assert KEY not in str(error)
    if isinstance(error, APIError):
        assert KEY not in repr(error.raw) or not isinstance(error, RoleAccessError)


def check_line(line: str | bytes) -> str:
    try:
        entry = wire.parse_stream_line(line)
    except RoleAccessError as error:
        assert_key_masked(error)
        return "role_error"
    except ResourceKitError as error:
        str(error)
        return "error"
    if entry is None:
        return "blank"
    assert isinstance(entry, dict)
    assert isinstance(wire.entry_identity(entry), str)
    for model in (LogEntry, Event):
        try:
            record = model.from_wire(entry)
        except ResourceKitError:
            continue
        if isinstance(record, LogEntry):
            record.value  # noqa: B018 - decodes data
    return "entry"


def check_reply(status: int, content: bytes, content_type: str, reply: wire.ReplyKind) -> str:
    spec = wire.spec("GET", "/x", "test", reply=reply)
    headers = {"content-type": content_type} if content_type else {}
    response = httpx.Response(status, content=content, headers=headers, request=httpx.Request("GET", "http://h/x"))
    try:
        parsed = HOOKS.parse(response, spec)
    except ResourceKitError:
        assert reply == "json" and "json" in content_type
        return "invalid"
    error = HOOKS.map_error(response, parsed, spec)
    if status >= 400:
        assert isinstance(error, APIError)
    if error is None:
        return "value"
    assert isinstance(error, APIError)
    assert_key_masked(error)
    return "error"


# -- properties ---------------------------------------------------------------------------------


def test_stream_lines_end_in_entries_or_typed_errors(reliability_figures: RecordFigures) -> None:
    outcomes: dict[str, int] = {}

    @given(stream_lines())
    def run(line: str | bytes) -> None:
        outcome = check_line(line)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    run()
    reliability_figures("parsers.hookio.ndjson", examples=sum(outcomes.values()), **outcomes)


def test_whole_streams_split_into_lines(reliability_figures: RecordFigures) -> None:
    seen = 0

    @given(st.lists(stream_lines(), max_size=6), st.sampled_from([b"\n", b"\r\n"]))
    def run(lines: list[str | bytes], end: bytes) -> None:
        nonlocal seen
        seen += 1
        body = end.join(line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass") for line in lines)
        for line in body.split(b"\n"):
            check_line(line)

    run()
    reliability_figures("parsers.hookio.ndjson_streams", examples=seen)


def test_role_errors_are_typed_and_masked(reliability_figures: RecordFigures) -> None:
    found = seen = 0

    @given(st.one_of(role_bodies(), role_messages(), json_values), st.sampled_from([200, 403]))
    def run(parsed: Any, status: int) -> None:
        nonlocal found, seen
        seen += 1
        error = wire.role_error(parsed, status)
        if error is not None:
            found += 1
            assert isinstance(error, RoleAccessError)
            assert isinstance(error.role, str)
            assert error.status == status
            assert_key_masked(error)
            assert KEY not in json.dumps(error.raw, default=str)

    run()
    reliability_figures("parsers.hookio.role_errors", examples=seen, role_errors=found)


def test_reply_bodies_end_in_values_or_api_errors(reliability_figures: RecordFigures) -> None:
    outcomes: dict[str, int] = {}

    @given(
        st.sampled_from([200, 200, 200, 403, 404, 410, 500]),
        st.one_of(
            st.one_of(error_bodies, role_bodies(), json_values).map(lambda body: json.dumps(body).encode()),
            role_messages().map(str.encode),
            st.binary(max_size=80),
            st.integers(1, 5000).map(lambda depth: b"{" * depth),
        ),
        st.sampled_from(["application/json", "text/plain", "text/html", ""]),
        st.sampled_from(["json", "text", "bytes", "data"]),
    )
    def run(status: int, content: bytes, content_type: str, reply: wire.ReplyKind) -> None:
        outcome = check_reply(status, content, content_type, reply)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    run()
    reliability_figures("parsers.hookio.replies", examples=sum(outcomes.values()), **outcomes)


def test_log_lines_written_by_hooks_parse_back(reliability_figures: RecordFigures) -> None:
    seen = 0

    @given(strict_json_values)
    def run(entry: Any) -> None:
        nonlocal seen
        seen += 1
        line = wire.log_line(entry)
        assert line.endswith("\n") and "\n" not in line[:-1]
        parsed = json.loads(line)
        assert parsed == {"type": "log", "payload": {"entry": entry}}
        assert wire.decode_log_data(json.dumps(entry)) == entry

    run()
    reliability_figures("parsers.hookio.log_round_trip", examples=seen)


# -- examples -----------------------------------------------------------------------------------


def test_html_lists_with_long_blank_runs_are_read_in_linear_time() -> None:
    page = '<ul class="hooks"><li>' + " " * 1_000_000 + "</ul>"
    assert wire.html_list_items(page, "hooks") == []
    items = '<ul class="hooks">' + "<li> a </li>" * 80_000 + "</ul>"
    assert wire.html_list_items(items, "hooks") == ["a"] * 80_000


def test_one_megabyte_lines() -> None:
    nested = "[" * 1_000_000
    for line in (nested, '"' * 1_000_000, " does not have the role " * 40_000):
        assert check_line(line) in ("error", "role_error")
    assert wire.decode_log_data(nested) == nested


# -- packages, websocket messages, log entries as records ---------------------------------------


@given(st.one_of(st.text(max_size=60), json_values.map(json.dumps)))
def test_any_package_json_is_read_or_refused(text: str) -> None:
    try:
        name, main, owner, settings = packages.read_package_json(text)
    except InvalidInputError:
        return
    assert name and "/" not in main and main not in (".", "..")
    assert owner is None or isinstance(owner, str)
    assert isinstance(settings["language"], str)


@given(st.text(max_size=40))
def test_any_websocket_message_parses_or_is_refused(text: str) -> None:
    try:
        expected = json.loads(text)
    except ValueError:
        with pytest.raises(ResponseValidationError):
            wire.parse_json_message(text)
        return
    assert json.dumps(wire.parse_json_message(text)) == json.dumps(expected)


@given(json_values, st.datetimes(timezones=st.just(timezone.utc)))
def test_any_log_entry_becomes_a_record(value: Any, moment: datetime) -> None:
    entry = LogEntry(time=moment, data=json.dumps(value))
    record = entry_record(entry, "marak/echo", "hooks")
    assert isinstance(record.getMessage(), str)
    assert record.created == moment.timestamp()
    assert record.__dict__["hook"] == "marak/echo"
    back = record_entry(record)
    json.dumps(back)  # what LogHandler writes is always JSON
