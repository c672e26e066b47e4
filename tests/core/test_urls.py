"""Request URLs built from a parsed origin: the same `httpx.URL` as httpx's own parse, every time."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resourcekit.core import urls
from resourcekit.core.urls import request_url

ORIGINS = [
    "http://127.0.0.1:8000",
    "https://eu.api.ovh.com",
    "HTTPS://EU.API.OVH.COM:443",
    "http://[::1]:8080",
    "http://user:secret@example.net",
    "http://bücher.example",
    "http://localhost:80",
]

# Every printable ASCII character, the ones httpx escapes or refuses included, and a few others.
TAIL_CHARACTERS = st.sampled_from([chr(code) for code in range(0x20, 0x7F)] + ["\t", "\n", "\x00", "é", "€", "%41"])


def _same(built: httpx.URL, expected: httpx.URL) -> None:
    assert str(built) == str(expected)
    assert built.scheme == expected.scheme
    assert built.userinfo == expected.userinfo
    assert built.host == expected.host
    assert built.port == expected.port
    assert built.netloc == expected.netloc
    assert built.raw_path == expected.raw_path
    assert built.query == expected.query
    assert built.fragment == expected.fragment


def _outcome(url: str) -> httpx.URL | str:
    try:
        return httpx.URL(url)
    except httpx.InvalidURL as error:
        return f"InvalidURL: {error}"


@settings(max_examples=400, deadline=None)
@given(origin=st.sampled_from(ORIGINS), tail=st.lists(TAIL_CHARACTERS, max_size=30).map("".join))
def test_any_url_comes_out_as_httpx_parses_it(origin: str, tail: str) -> None:
    url = origin + tail
    expected = _outcome(url)
    if isinstance(expected, str):
        with pytest.raises(httpx.InvalidURL) as raised:
            request_url(url)
        assert f"InvalidURL: {raised.value}" == expected
    else:
        _same(request_url(url), expected)


@pytest.mark.parametrize(
    "tail",
    [
        "/1.0/me/bill/FR00000012",
        "/1.0/ip/1.2.3.0%2F24",
        "/1.0/me/bill?category=purchase&date.from=2024-01-01T00%3A00%3A00%2B01%3A00",
        "/a/./b/../c",
        "/a b",
        "/a?b#frag",
        "/{x}",
        "/v1/x?y=`",
        "",
        "?only=query",
    ],
)
def test_usual_and_unusual_paths(tail: str) -> None:
    url = "http://127.0.0.1:8000" + tail
    _same(request_url(url), httpx.URL(url))


def test_the_origin_is_parsed_once_and_reused() -> None:
    request_url("http://127.0.0.1:9/1.0/me")
    parsed = urls._origins["http://127.0.0.1:9"]  # pyright: ignore[reportPrivateUsage]
    request_url("http://127.0.0.1:9/1.0/me/bill")
    assert urls._origins["http://127.0.0.1:9"] is parsed  # pyright: ignore[reportPrivateUsage]


def test_a_bad_origin_raises_what_httpx_raises() -> None:
    with pytest.raises(httpx.InvalidURL, match="Invalid port"):
        request_url("http://127.0.0.1:port/1.0/me")
    assert "http://127.0.0.1:port" not in urls._origins  # pyright: ignore[reportPrivateUsage]


def test_this_httpx_builds_urls_from_parts() -> None:
    # The fast path is on with the httpx this project pins; with another, it would turn itself off.
    assert urls._can_assemble()  # pyright: ignore[reportPrivateUsage]


def test_too_long_urls_are_refused_as_httpx_refuses_them() -> None:
    with pytest.raises(httpx.InvalidURL, match="URL too long"):
        request_url("http://127.0.0.1:8000/" + "a" * 70000)
