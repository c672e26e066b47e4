"""The pure rules of OVH batch GETs: separators, sizes, joined paths and reply entries."""

from __future__ import annotations

from typing import Any

import pytest

from resourcekit.core.errors import InvalidInputError
from resourcekit.ovh import batch


@pytest.mark.parametrize("separator", [",", ";", "|", ":", "!", "+"])
def test_punctuation_separators_are_accepted(separator: str) -> None:
    assert batch.check_separator(separator) == separator


REFUSED_SEPARATORS = [
    *["", "a", "1", "/", "?", "#", "%", ".", "-", "_", "~", ",,", " ", "\n", 44],
    *['"', "<", ">", "`", "{", "}"],  # punctuation a URL path cannot carry as it is (httpx percent-encodes it)
]


@pytest.mark.parametrize("separator", REFUSED_SEPARATORS)
def test_other_separators_are_refused(separator: Any) -> None:
    with pytest.raises(InvalidInputError, match="_batch"):
        batch.check_separator(separator)


@pytest.mark.parametrize("size", [1, 50, batch.MAX_BATCH])
def test_sizes_in_range(size: int) -> None:
    assert batch.check_size(size) == size


@pytest.mark.parametrize("size", [0, -3, batch.MAX_BATCH + 1, True, 1.0, "5", None])
def test_sizes_out_of_range(size: Any) -> None:
    with pytest.raises(InvalidInputError, match="batch"):
        batch.check_size(size)


def test_batch_path_quotes_each_key_so_it_cannot_hold_the_separator() -> None:
    assert batch.batch_path("/me/bill", ["FR1", "FR2"]) == "/me/bill/FR1,FR2"
    assert batch.batch_path("/me/bill/", ["a,b", "c|d"], "|") == "/me/bill/a%2Cb|c%7Cd"
    assert batch.batch_path("/domain/zone/example.com/record", [1, 22]) == "/domain/zone/example.com/record/1,22"


@pytest.mark.parametrize("keys", [[], ["a/b"], [".."], [""]])
def test_batch_path_refuses_empty_or_route_changing_keys(keys: list[str]) -> None:
    with pytest.raises(InvalidInputError):
        batch.batch_path("/me/bill", keys)


def test_chunks() -> None:
    assert batch.chunks([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert batch.chunks([], 3) == []


def test_values_by_key_keeps_successes_and_skips_failures() -> None:
    reply = [
        {"key": "FR1", "value": {"billId": "FR1"}, "error": None},
        {"key": 22, "value": {"id": 22}, "error": ""},
        {"key": "FR9", "value": None, "error": "The requested object (billId = FR9) does not exist"},
        {"key": "FR8", "value": {"partial": True}, "error": "Internal error"},
        {"key": "FR7"},
    ]
    assert batch.values_by_key(reply) == {"FR1": {"billId": "FR1"}, "22": {"id": 22}}


@pytest.mark.parametrize(
    "reply",
    [
        {"billId": "FR1"},
        None,
        "Got an invalid (or empty) URL",
        ["FR1", "FR2"],
        [{"value": {}}],
        [{"key": None, "value": {}, "error": None}],
        [{"key": True, "value": {}, "error": None}],
    ],
)
def test_replies_that_are_not_batch_replies_are_refusals(reply: Any) -> None:
    with pytest.raises(batch.Refused):
        batch.values_by_key(reply)
