"""Headers, requests and httpcore requests assembled from their parts equal the public constructors',
the self-checks accept this httpx and httpcore, and a mismatch sends everything the public way."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpcore
import httpx
import pytest

from resourcekit.core import headers, httpcore_request, httpx_request
from resourcekit.core.deadlines import AttemptBudget, BudgetedSeconds, phase_seconds_left, seconds_left
from resourcekit.core.headers import header_values, headers_from_raw
from resourcekit.core.httpcore_request import NO_CHUNKS
from resourcekit.core.httpx_request import request_with_bytes
from resourcekit.core.selfcheck import CheckedOnce
from tests.core.build_paths import take_public_constructors

PAIRS = [
    (b"Content-Type", b"application/json"),
    (b"Set-Cookie", b"a=1"),
    (b"set-cookie", b"b=2"),
    (b"Content-Length", b"12"),
]


@pytest.fixture(params=["assembled", "public"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "public":
        take_public_constructors(monkeypatch)
    return str(request.param)


def test_the_self_checks_accept_the_installed_libraries() -> None:
    assert headers._same_as_public()  # pyright: ignore[reportPrivateUsage]
    assert httpx_request._same_as_public()  # pyright: ignore[reportPrivateUsage]
    assert httpcore_request._same_as_public()  # pyright: ignore[reportPrivateUsage]


@pytest.mark.parametrize("pairs", [PAIRS, [*PAIRS, (b"X-Name", b"caf\xc3\xa9")], [(b"X-Latin", b"\xe9t\xe9")], []])
def test_headers_from_raw_equal_the_public_constructors(path: str, pairs: list[tuple[bytes, bytes]]) -> None:
    ours, theirs = headers_from_raw(pairs), httpx.Headers(pairs)
    assert ours == theirs
    assert ours.raw == theirs.raw
    assert ours.multi_items() == theirs.multi_items()
    assert ours.encoding == theirs.encoding
    assert ours.get_list("set-cookie") == theirs.get_list("set-cookie")
    ours["X-Added"] = "yes"
    assert ours["x-added"] == "yes"


def test_header_values_finds_the_named_headers_in_one_pass(path: str) -> None:
    found = header_values(httpx.Headers(PAIRS), frozenset({b"set-cookie", b"content-length", b"content-encoding"}))
    assert found == {b"set-cookie": b"a=1, b=2", b"content-length": b"12"}
    assert found[b"set-cookie"].decode() == httpx.Headers(PAIRS)["set-cookie"]
    assert header_values(httpx.Headers(), frozenset({b"set-cookie"})) == {}


@pytest.mark.parametrize(
    ("method", "content", "given"),
    [
        ("GET", b"", {"Accept": "*/*"}),
        ("post", b'{"a":1}', {"Content-Type": "application/json"}),
        ("PUT", b"", {}),
        ("POST", b"xy", {"Host": "elsewhere", "Content-Length": "2"}),
    ],
)
def test_request_with_bytes_equals_the_public_constructors(
    path: str, method: str, content: bytes, given: dict[str, str]
) -> None:
    url = httpx.URL("http://127.0.0.1:8080/a/b?c=1")
    extensions: dict[str, Any] = {"timeout": {"read": 1.0}}
    ours = request_with_bytes(method, url, given, content, extensions)
    theirs = httpx.Request(method, url, headers=given, content=content, extensions=extensions)
    assert ours.method == theirs.method
    assert ours.url == theirs.url
    # The same headers; the automatic ones come first (httpx appends Content-Length after the caller's).
    assert sorted(ours.headers.raw) == sorted(theirs.headers.raw)
    assert ours.headers.raw[0] == theirs.headers.raw[0]
    assert ours.headers.encoding == "ascii"
    assert ours.content == theirs.content == content
    assert ours.read() == content
    assert ours.extensions == theirs.extensions
    assert isinstance(ours.stream, httpx.ByteStream)
    assert vars(ours).keys() == vars(theirs).keys()


def test_request_with_bytes_refuses_a_non_ascii_header(path: str) -> None:
    with pytest.raises(UnicodeEncodeError):
        request_with_bytes("GET", httpx.URL("http://127.0.0.1/"), {"X-Name": "café"}, b"", {})


@pytest.mark.parametrize("content", [b"", b"body"])
def test_httpcore_request_equals_the_public_constructors(path: str, content: bytes) -> None:
    request = httpx.Request("POST", "https://example.test:8443/p%20q?r=1", headers={"X-A": "1"}, content=content)
    request.extensions = {"timeout": {"connect": 1.0}}
    ours = httpcore_request.httpcore_request(request)
    theirs = httpcore.Request(
        method=request.method,
        url=httpcore.URL(scheme=b"https", host=b"example.test", port=8443, target=b"/p%20q?r=1"),
        headers=request.headers.raw,
        content=request.stream,
        extensions={"timeout": {"connect": 1.0}},
    )
    assert ours.method == theirs.method
    assert ours.url == theirs.url
    assert ours.url.origin == theirs.url.origin
    assert ours.headers == theirs.headers
    assert ours.extensions == theirs.extensions
    assert ours.extensions is not request.extensions
    if content:
        assert ours.stream is request.stream
    else:
        assert ours.stream is NO_CHUNKS


def test_an_empty_body_has_no_chunks_either_way() -> None:
    assert list(NO_CHUNKS) == []

    async def drain() -> list[bytes]:
        return [chunk async for chunk in NO_CHUNKS]

    assert asyncio.run(drain()) == []


def test_a_request_naming_its_own_target_goes_through_httpcores_constructor() -> None:
    request = httpx.Request("OPTIONS", "http://example.test/", extensions={"target": b"*"})
    assert httpcore_request.httpcore_request(request).url.target == b"*"


def test_a_mismatch_found_by_the_self_checks_turns_the_fast_paths_off(monkeypatch: pytest.MonkeyPatch) -> None:
    def with_an_extra_attribute(build: Any) -> Any:
        def built(*args: Any) -> Any:
            made = build(*args)
            made.__dict__["_new_in_a_later_version"] = True
            return made

        return built

    with monkeypatch.context() as patched:
        patched.setattr(httpx_request, "_constructed", with_an_extra_attribute(httpx_request._constructed))  # pyright: ignore[reportPrivateUsage]
        assert not httpx_request._same_as_public()  # pyright: ignore[reportPrivateUsage]
    with monkeypatch.context() as patched:
        patched.setattr(httpcore_request, "_constructed", with_an_extra_attribute(httpcore_request._constructed))  # pyright: ignore[reportPrivateUsage]
        assert not httpcore_request._same_as_public()  # pyright: ignore[reportPrivateUsage]
    with monkeypatch.context() as patched:
        # An httpx that keeps its header list under another name.
        patched.setattr(httpx.Headers, "_list", property(lambda self: []), raising=False)
        assert not headers._same_as_public()  # pyright: ignore[reportPrivateUsage]
    assert httpx_request._same_as_public()  # pyright: ignore[reportPrivateUsage]
    assert httpcore_request._same_as_public()  # pyright: ignore[reportPrivateUsage]
    assert headers._same_as_public()  # pyright: ignore[reportPrivateUsage]


def test_an_attempt_budget_answers_a_plain_number_as_seconds_left_would() -> None:
    budget = AttemptBudget(httpx.Timeout(5.0, connect=2.0), time.monotonic() + 3.0)
    for phase in ("connect", "read", "write", "pool"):
        through_get = seconds_left(budget.get(phase))
        direct = phase_seconds_left(budget, phase)
        assert through_get is not None and direct is not None
        assert abs(through_get - direct) < 0.05
        assert type(direct) is float
    assert isinstance(budget.get("read"), BudgetedSeconds)
    assert budget.get("elsewhere", 7.0) == 7.0
    assert phase_seconds_left({"read": 4.0}, "read") == 4.0
    assert phase_seconds_left(AttemptBudget(httpx.Timeout(5.0), None), "read") == 5.0
    spent = AttemptBudget(httpx.Timeout(5.0), time.monotonic() - 1)
    assert phase_seconds_left(spent, "read") == pytest.approx(0.001)


def test_a_check_runs_once_and_its_answer_is_kept() -> None:
    answers = iter([False, True])
    calls: list[None] = []

    def compare() -> bool:
        calls.append(None)
        return next(answers)

    check = CheckedOnce(compare)
    assert check.fits is None
    assert check() is False
    assert check() is False  # the second answer is never asked for
    assert calls == [None]
    assert check.fits is False
