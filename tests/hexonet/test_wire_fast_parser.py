"""`parse_response` reads replies with string methods for speed; it must read exactly what the
regular expressions of the protocol (`wire._LINE`, `wire._PROPERTY`) describe. A reference parser
written with those expressions is compared with it on generated replies."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from resourcekit.core.errors import ResponseValidationError
from resourcekit.hexonet import wire


def reference(text: str) -> dict[str, Any]:
    """The reply as the regular expressions read it (the parser before it was made faster)."""
    if not text.strip():
        raise ResponseValidationError(wire.EMPTY_DESCRIPTION)
    top: dict[str, str] = {}
    indexed: dict[str, dict[int, str]] = {}
    columns: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        match = wire._LINE.match(line)
        if not match:
            continue
        key, value = match.group(1).strip(), match.group(2).rstrip()
        prop = wire._PROPERTY.match(key)
        if prop is None:
            top[key.upper()] = value
            continue
        name = re.sub(r"\s+", "", prop.group(1)).upper()
        if name not in indexed:
            indexed[name] = {}
            columns.append(name)
        slots = indexed[name]
        index_text = (prop.group(2) or "").strip()
        if index_text.isascii() and index_text.isdigit():
            if len(index_text.lstrip("0")) > wire._MAX_INDEX_DIGITS:
                raise ResponseValidationError(wire.INVALID_DESCRIPTION)
            index = int(index_text)
        else:
            index = max(slots) + 1 if slots else 0
        slots[index] = value
    if "CODE" not in top or "DESCRIPTION" not in top:
        raise ResponseValidationError(wire.INVALID_DESCRIPTION)
    try:
        code = int(top.pop("CODE"))
    except ValueError as error:
        raise ResponseValidationError(wire.INVALID_DESCRIPTION) from error
    slots_needed = sum(max(slots) + 1 for slots in indexed.values())
    if slots_needed > wire._MIN_SLOT_BUDGET + wire._SLOTS_PER_VALUE * sum(map(len, indexed.values())):
        raise ResponseValidationError(wire.INVALID_DESCRIPTION)
    properties = {name: [indexed[name].get(i) for i in range(max(indexed[name]) + 1)] for name in columns}
    return {"code": code, "description": top.pop("DESCRIPTION"), "properties": properties, "columns": columns}


def outcome(parse: Any, text: str) -> tuple[Any, ...]:
    try:
        found = parse(text)
    except (ResponseValidationError, ValueError) as error:
        return ("error", type(error).__name__, str(error))
    if isinstance(found, wire.Response):
        return ("ok", found.code, found.description, found.properties, found.columns)
    return ("ok", found["code"], found["description"], found["properties"], found["columns"])


PIECES = [
    "PROPERTY",
    "property",
    "PrOpErTy",
    "[",
    "]",
    "=",
    " ",
    "\t",
    "\r",
    "\x0b",
    "\u00a0",
    "CODE",
    "DESCRIPTION",
    "RUNTIME",
    "0",
    "1",
    "12",
    "\u00b2",
    "x",
    "Name",
    " a b ",
    "\u017f",
    "\u00e9",
    "[RESPONSE]",
    "EOF",
    "PROPERTY[DOMAIN][",
    "][0]=a",
    "PROPERTY[X][7]=v",
    "0000000000",
]
lines = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
replies = st.tuples(
    st.lists(lines, max_size=10),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["\n", "\r\n"]),
).map(
    lambda parts: parts[3].join(
        [*parts[0], *(["CODE=200"] if parts[1] else []), *(["DESCRIPTION=ok"] if parts[2] else [])]
    )
)


@given(replies)
def test_the_fast_parser_reads_what_the_expressions_describe(text: str) -> None:
    assert outcome(wire.parse_response, text) == outcome(reference, text)


def test_a_list_reply_reads_the_same() -> None:
    rows = [f"PROPERTY[DOMAIN][{index}]=example-{index}.com" for index in range(50)]
    text = "\r\n".join(["[RESPONSE]", "code = 200", "description=ok", *rows, "PROPERTY[TOTAL][0]=50", "EOF"])
    assert outcome(wire.parse_response, text) == outcome(reference, text)
    assert wire.parse_response(text).records[0] == {"DOMAIN": "example-0.com", "TOTAL": "50"}
    # One property line in another form: every line is read in order, with the same result.
    mixed = text.replace("PROPERTY[TOTAL][0]=50", "property[ total ][0] = 50")
    assert outcome(wire.parse_response, mixed) == outcome(reference, mixed)
    assert wire.parse_response(mixed).properties == wire.parse_response(text).properties
