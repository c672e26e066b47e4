"""Property-based tests of the HEXONET reply parser and error mapping.

Any bytes or text end in a `Response` or a `ResourceKitError`: never ``KeyError``, ``IndexError``,
``ValueError``, ``UnicodeDecodeError``, ``OverflowError`` or a hang. Besides arbitrary input, the
strategies build hostile ``[RESPONSE]`` texts: random codes and properties, duplicate and missing
keys, huge and non-ASCII indexes, CRLF/LF mixes, non-UTF-8 bytes. The number of examples comes from
the hypothesis profile in tests/conftest.py (``HYPOTHESIS_PROFILE=long`` for the long run).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from hypothesis import given
from hypothesis import strategies as st

from resourcekit.core.errors import APIError, ResourceKitError
from resourcekit.core.request import RequestSpec
from resourcekit.hexonet.errors import HexonetError
from resourcekit.hexonet.wire import HexonetHooks, Pagination, Response, error_for, parse_response

RecordFigures = Callable[..., None]

HOOKS = HexonetHooks()
SPEC = RequestSpec("POST", "/api/call.cgi", context={"command": "StatusDomain"})

# -- strategies ---------------------------------------------------------------------------------

line_text = st.text(st.characters(exclude_characters="\r\n"), max_size=12)
"""Text that stays on one line."""

index_text = st.one_of(
    st.integers(0, 50).map(str),
    st.integers(0, 10**30).map(str),
    st.just(""),
    st.sampled_from(["\u00b2", "\u0663", "-1", " 3 ", "0" * 50 + "7", "1" * 5000, "1e3", "x"]),
    line_text,
)


def _property_key(prefix: str, name: str, index: str, bracket: bool) -> str:
    return f"{prefix}[{name}]" + (f"[{index}]" if bracket else "")


property_key = st.builds(
    _property_key,
    st.sampled_from(["PROPERTY", "property", "Property", "PROPERTY ", "PROPERTIES"]),
    st.one_of(st.sampled_from(["DOMAIN", "TOTAL", "LIMIT", "FIRST", "LAST", "COUNT", " d o ", "A[", ""]), line_text),
    index_text,
    st.booleans(),
)
top_key = st.one_of(
    st.sampled_from(["CODE", "code", "DESCRIPTION", "RUNTIME", "QUEUETIME", "PENDING", "EOF", "[RESPONSE]", ""]),
    line_text,
)
value_text = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.sampled_from(["200", "545", "nan", "inf", "-inf", "1e999", "9" * 5000, "1_0", "\u0665", " 1 ", ""]),
    line_text,
)
separator = st.sampled_from(["=", " = ", "\t=\t", "==", " =", ""])


def _line(key: str, sep: str, value: str) -> str:
    return f"{key}{sep}{value}"


built_line = st.builds(_line, st.one_of(property_key, top_key), separator, value_text)
STOCK_LINES = [
    "CODE=200",
    "CODE=545",
    "CODE = 421",
    "code=٢٠٠",
    "CODE=",
    "CODE=abc",
    "DESCRIPTION=Command completed successfully",
    "DESCRIPTION=Object not found; DOMAIN NAME NOT FOUND",
    "DESCRIPTION=",
    "RUNTIME=0.169",
    "RUNTIME=nan",
    "QUEUETIME=1e999",
    "PENDING=1",
    "PENDING= 1 ",
    "PROPERTY[DOMAIN][0]=a.com",
    "PROPERTY[DOMAIN][1]=b.net",
    "PROPERTY[DOMAIN][0]=dup.com",
    "PROPERTY[DOMAIN][]=appended.org",
    "PROPERTY[DOMAIN]=appended.org",
    "property[ domain ][0] = a.com  ",
    "PROPERTY[X Y][0]=v=w",
    "PROPERTY[STATUS][3]=ACTIVE",
    "PROPERTY[TOTAL][0]=7",
    "PROPERTY[LIMIT][0]=0",
    "PROPERTY[LIMIT][0]=-3",
    "PROPERTY[FIRST][0]=-1",
    "PROPERTY[LAST][0]=9",
    "PROPERTY[COUNT][0]=2",
    "PROPERTY[A][\u00b2]=x",
    "PROPERTY[A][4096]=far",
    "PROPERTY[A][99999999999]=huge",
    "PROPERTY[A][0][1]=nested",
    "PROPERTY[]=empty name",
    "PROPERTY[A=b",
    "[RESPONSE]",
    "EOF",
    "=value without key",
    " \t=x",
    "",
]
reply_line = st.one_of(st.sampled_from(STOCK_LINES), built_line)
newline = st.sampled_from(["\r\n", "\n", "\r", "\n\r"])


@st.composite
def replies(draw: st.DrawFn) -> str:
    """A reply that looks like HEXONET's: usually CODE and DESCRIPTION, properties in any order."""
    lines = draw(st.lists(reply_line, max_size=16))
    if draw(st.integers(0, 9)):  # mostly present, so that most examples get past the first check
        lines.append(f"CODE={draw(st.one_of(st.integers(100, 599).map(str), value_text))}")
    if draw(st.integers(0, 9)):
        lines.append(f"DESCRIPTION={draw(line_text)}")
    lines = draw(st.permutations(lines))
    if draw(st.booleans()):
        lines = ["[RESPONSE]", *lines, "EOF"]
    end = draw(newline)
    return end.join(lines) + draw(st.sampled_from(["", end]))


@st.composite
def reply_bytes(draw: st.DrawFn) -> bytes:
    """A reply encoded as UTF-8 or Latin-1, sometimes with invalid bytes spliced in."""
    text = draw(replies())
    data = text.encode(draw(st.sampled_from(["utf-8", "latin-1", "cp1252"])), errors="replace")
    if draw(st.booleans()):
        position = draw(st.integers(0, len(data)))
        data = data[:position] + draw(st.binary(min_size=1, max_size=8)) + data[position:]
    return data


# -- checks -------------------------------------------------------------------------------------


def check_reply(raw: str | bytes) -> Response | None:
    """Parse, then use every derived view of the result; only a ResourceKitError may escape."""
    try:
        response = parse_response(raw)
    except ResourceKitError:
        return None
    assert isinstance(response, Response)
    assert isinstance(response.code, int)
    assert isinstance(response.description, str)
    assert set(response.columns) == set(response.properties)
    for name in response.columns:
        assert response.values(name) == [value for value in response.properties[name] if value is not None]
        response.get(name, 0)
        response.int_value(name)
    rows = response.records
    assert len(rows) == response.row_count
    assert isinstance(response.pagination, Pagination)
    response.pagination.next_first  # noqa: B018 - computes from the figures
    assert response.detail is None or isinstance(response.detail, str)
    repr(response)
    error = error_for(response, "StatusDomain")
    assert error is None or isinstance(error, HexonetError)
    if error is not None:
        str(error)
    return response


def assert_round_trip(response: Response) -> None:
    """``serialize`` then ``parse`` gives back the same reply (the extra top-level keys aside)."""
    again = parse_response(response.serialize())
    assert again.code == response.code
    assert again.description == response.description
    assert again.pending == response.pending
    assert again.properties == response.properties
    assert again.columns == sorted(response.columns)
    assert again.runtime == response.runtime
    assert again.queuetime == response.queuetime
    assert again.serialize() == response.serialize()


def check_hooks(status: int, content: bytes) -> None:
    """The transport's view: parse never raises but a ResourceKitError; map_error gives an APIError."""
    response = httpx.Response(status, content=content, request=httpx.Request("POST", "http://127.0.0.1/api/call.cgi"))
    try:
        parsed: Any = HOOKS.parse(response, SPEC)
        error = HOOKS.map_error(response, parsed, SPEC)
    except ResourceKitError:
        return
    assert isinstance(parsed, Response | str)
    assert error is None or isinstance(error, APIError)
    if isinstance(parsed, Response) and not 200 <= parsed.code < 300:
        assert isinstance(error, HexonetError)


# -- properties ---------------------------------------------------------------------------------


def test_any_bytes(reliability_figures: RecordFigures) -> None:
    seen = 0

    @given(st.binary(max_size=400))
    def run(data: bytes) -> None:
        nonlocal seen
        seen += 1
        check_reply(data)

    run()
    reliability_figures("parsers.hexonet.bytes", examples=seen)


def test_any_text(reliability_figures: RecordFigures) -> None:
    seen = 0

    @given(st.text(max_size=400))
    def run(text: str) -> None:
        nonlocal seen
        seen += 1
        check_reply(text)

    run()
    reliability_figures("parsers.hexonet.text", examples=seen)


def test_hostile_replies_parse_or_fail_typed_and_round_trip(reliability_figures: RecordFigures) -> None:
    seen = parsed = 0

    @given(replies())
    def run(text: str) -> None:
        nonlocal seen, parsed
        seen += 1
        response = check_reply(text)
        if response is not None:
            parsed += 1
            assert_round_trip(response)

    run()
    reliability_figures("parsers.hexonet.replies", examples=seen, parsed=parsed)


def test_hostile_reply_bytes(reliability_figures: RecordFigures) -> None:
    seen = 0

    @given(reply_bytes())
    def run(data: bytes) -> None:
        nonlocal seen
        seen += 1
        check_reply(data)

    run()
    reliability_figures("parsers.hexonet.reply_bytes", examples=seen)


def test_hooks_parse_and_map_any_reply(reliability_figures: RecordFigures) -> None:
    seen = 0

    @given(st.sampled_from([200, 200, 200, 404, 500, 502]), st.one_of(reply_bytes(), st.binary(max_size=200)))
    def run(status: int, content: bytes) -> None:
        nonlocal seen
        seen += 1
        check_hooks(status, content)

    run()
    reliability_figures("parsers.hexonet.hooks", examples=seen)


# -- examples found while writing the properties, kept as plain tests ---------------------------


def test_non_ascii_digit_index_is_appended_not_a_value_error() -> None:
    response = parse_response("CODE=200\nDESCRIPTION=ok\nPROPERTY[A][\u00b2]=x\nPROPERTY[A][\u0663]=y")
    assert response.properties["A"] == ["x", "y"]


def test_huge_indexes_are_refused_not_allocated() -> None:
    for index in ("99999999", "1" * 5000, "0" * 5000 + "1" * 12):
        reply = f"CODE=200\nDESCRIPTION=ok\nPROPERTY[A][{index}]=x"
        response = check_reply(reply)
        assert response is None
    # A modestly sparse reply keeps its holes.
    assert parse_response("CODE=200\nDESCRIPTION=ok\nPROPERTY[A][3]=x").properties["A"] == [None, None, None, "x"]


def test_pagination_with_huge_figures_does_not_overflow() -> None:
    reply = f"CODE=200\nDESCRIPTION=ok\nPROPERTY[TOTAL][0]={'9' * 4000}\nPROPERTY[LIMIT][0]=1\nPROPERTY[FIRST][0]=0"
    pagination = parse_response(reply).pagination
    assert pagination.pages == int("9" * 4000)
    assert pagination.next_page == 2


def test_one_megabyte_hostile_replies_are_read_in_linear_time() -> None:
    # Each would be quadratic (or allocate without bound) in a naive parser; finishing is the check.
    header = "[RESPONSE]\r\nCODE=200\r\nDESCRIPTION=ok\r\n"
    appended = header + "PROPERTY[A][]=1\r\n" * 65_000
    assert parse_response(appended).row_count == 65_000
    many_names = header + "".join(f"PROPERTY[N{i}][99999]=x\r\n" for i in range(40_000))
    assert check_reply(many_names) is None
    long_line = header + "PROPERTY[" + " " * 1_000_000 + "=x"
    assert parse_response(long_line).code == 200
    no_equals = "A" * 1_000_000 + "\n" + " \t" * 500_000
    assert check_reply(no_equals) is None
