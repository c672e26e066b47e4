"""Request URLs as `httpx.URL`, without parsing the same origin again for every request.

httpx checks a URL character by character and parses an IP host with `ipaddress` each time it
builds one: about 25 us, the largest single cost of a small call. A client sends nearly every
request to one origin (scheme, host and port), and nearly every path and query it sends is already
in the form httpx would give it. For those, the URL is assembled from the origin as httpx parsed it
once and the rest as written; anything else (a fragment, a ``.`` segment, a character httpx would
percent-encode or refuse) takes httpx's full parse, so the result and the errors are httpx's own.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

_ORIGIN = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")
"""Scheme and authority, split where httpx splits them (its authority ends at ``/``, ``?`` or ``#``)."""

# What httpx's quoting leaves as it is, per component: printable ASCII except space, ``"``, ``#``,
# ``<``, ``>``, and in a path also ``?``, `` ` ``, ``{``, ``}`` (``%`` is kept in both). Control
# characters, which httpx refuses, and non-ASCII text, which it encodes, are outside both.
_PATH_AND_QUERY = re.compile(r"(/[!$-;=@-_a-z|~]*)(?:\?([!$-;=?-~]*))?")

_MAX_LENGTH = 65536
"""httpx refuses longer URLs; they take the full parse, which says so."""

_MAX_ORIGINS = 64
"""Origins kept parsed (a client uses one or two; the bound keeps a long-lived process small)."""

_origins: dict[str, Any] = {}
_assembling: bool | None = None
"""Whether this httpx builds URLs the way `_assemble` relies on (checked once, at first use)."""


def request_url(url: str) -> httpx.URL:
    """``httpx.URL(url)``, without parsing the origin again when the rest needs no change.

    Raises:
        httpx.InvalidURL: As ``httpx.URL(url)`` would.
    """
    origin = _ORIGIN.match(url)
    if origin is None or len(url) > _MAX_LENGTH or not _can_assemble():
        return httpx.URL(url)
    rest = _PATH_AND_QUERY.fullmatch(url, origin.end())
    if rest is None or "/." in rest.group(1):
        # "." and ".." segments are removed by httpx: left to it.
        return httpx.URL(url)
    parsed = _parsed_origin(origin.group())
    if parsed is None:
        return httpx.URL(url)  # raises the error httpx gives for this URL
    return _assemble(parsed, rest.group(1), rest.group(2))


def _parsed_origin(origin: str) -> Any:
    parsed = _origins.get(origin)
    if parsed is None:
        try:
            parsed = httpx.URL(origin)._uri_reference  # pyright: ignore[reportPrivateUsage]
        except httpx.InvalidURL:
            return None
        if len(_origins) >= _MAX_ORIGINS:
            _origins.clear()
        _origins[origin] = parsed
    return parsed


def _assemble(origin: Any, path: str, query: str | None) -> httpx.URL:
    """An `httpx.URL` whose parts are ``origin``'s with ``path`` and ``query``: what httpx's parse
    gives for a path and query it leaves unchanged (its parsed form is a named tuple of the parts)."""
    url = object.__new__(httpx.URL)
    url._uri_reference = origin._replace(path=path, query=query)  # pyright: ignore[reportPrivateUsage]
    return url


def _can_assemble() -> bool:
    """Whether assembling gives what httpx's own parse gives, on this version of httpx."""
    global _assembling
    if _assembling is None:
        sample = "http://127.0.0.1:8080/a/b%2F~c?x=1&y=%20"
        try:
            origin = httpx.URL("http://127.0.0.1:8080")._uri_reference  # pyright: ignore[reportPrivateUsage]
            built = _assemble(origin, "/a/b%2F~c", "x=1&y=%20")
            expected = httpx.URL(sample)
            _assembling = (
                built == expected
                and built.raw_path == expected.raw_path
                and built.netloc == expected.netloc
                and built.port == expected.port
                and built.query == expected.query
            )
        except (AttributeError, TypeError):
            _assembling = False
    return _assembling
