"""The default reply parsing every provider starts from."""

from __future__ import annotations

import httpx
import pytest

from resourcekit.core.errors import ResponseValidationError
from resourcekit.core.hooks import ProviderHooks
from resourcekit.core.request import RequestSpec

SPEC = RequestSpec("GET", "/x")


def _reply(content: bytes, content_type: str = "application/json") -> httpx.Response:
    return httpx.Response(200, content=content, headers={"content-type": content_type})


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        (b'{"a": [1, 2]}', "application/json", {"a": [1, 2]}),
        (b"[1]", "text/plain", [1]),
        (b"  ", "application/json", None),
        (b"hello", "text/plain", "hello"),
        (b"[not json", "text/plain", "[not json"),
    ],
)
def test_replies_become_json_text_or_nothing(content: bytes, content_type: str, expected: object) -> None:
    assert ProviderHooks().parse(_reply(content, content_type), SPEC) == expected


@pytest.mark.parametrize("content", [b"{nope", b"[" * 100_000, b'{"a":' * 100_000])
def test_broken_or_hostile_json_is_a_validation_error(content: bytes) -> None:
    with pytest.raises(ResponseValidationError, match="not valid JSON"):
        ProviderHooks().parse(_reply(content), SPEC)
