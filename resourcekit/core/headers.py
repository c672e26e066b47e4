"""`httpx.Headers` built from byte pairs that are already in wire form.

``httpx.Headers(pairs)`` normalises every name and value (type checks, encoding, lower-casing
through two helper calls each) and forgets the encoding, which it later works out again by
decoding every name and value at the first lookup. The headers the transport builds (encoded
as ASCII itself) and those a backend hands back (bytes off the wire) need none of that: here the
internal list is filled in one pass and the encoding is known at once.

That list is a private detail of httpx, so the first use checks that a header set built this way
answers exactly as one from the public constructor; on an httpx where it does not, every call
goes through the public constructor instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain

import httpx

from resourcekit.core.selfcheck import CheckedOnce


def headers_from_raw(pairs: Sequence[tuple[bytes, bytes]], *, ascii_only: bool = False) -> httpx.Headers:
    """``httpx.Headers(pairs)`` for ``(name, value)`` byte pairs, without normalising them again.

    Args:
        pairs: Header names and values as bytes, in order.
        ascii_only: The caller encoded every name and value as ASCII itself (no need to look).
    """
    if not _fast_path_fits():
        return _public_headers(pairs, ascii_only=ascii_only)
    return _filled(pairs, ascii_only=ascii_only)


def header_values(headers: httpx.Headers, wanted: frozenset[bytes]) -> dict[bytes, bytes]:
    """The values of the headers among ``wanted`` (lower-case names) that ``headers`` holds, found
    in one pass; a repeated header's values are joined with ``", "``, as ``headers.get`` joins them.

    Each ``name in headers`` or ``headers.get(name)`` scans every header and, when the name is
    absent (the usual case for ``Set-Cookie`` or ``Content-Encoding``), raises and catches a
    `KeyError`; the transport asks about the same few names of every reply.
    """
    if not _fast_path_fits():
        return _collected(((name.lower(), value) for name, value in headers.raw), wanted)
    # httpx keeps each name lower-cased beside the original: no need to lower it again.
    return _collected(((lowered, value) for _, lowered, value in headers._list), wanted)  # pyright: ignore[reportPrivateUsage]


def _collected(items: Iterable[tuple[bytes, bytes]], wanted: frozenset[bytes]) -> dict[bytes, bytes]:
    found: dict[bytes, bytes] = {}
    for lowered, value in items:
        if lowered in wanted:
            found[lowered] = found[lowered] + b", " + value if lowered in found else value
    return found


def _filled(pairs: Sequence[tuple[bytes, bytes]], *, ascii_only: bool) -> httpx.Headers:
    headers = object.__new__(httpx.Headers)
    headers._list = [(name, name.lower(), value) for name, value in pairs]  # pyright: ignore[reportPrivateUsage]
    # What httpx's own lookup would settle on: ASCII when every byte is; otherwise httpx works it
    # out at the first lookup, as it does for any header set.
    if ascii_only or b"".join(chain.from_iterable(pairs)).isascii():
        headers.encoding = "ascii"
    else:
        headers._encoding = None  # pyright: ignore[reportPrivateUsage]
    return headers


def _public_headers(pairs: Sequence[tuple[bytes, bytes]], *, ascii_only: bool) -> httpx.Headers:
    headers = httpx.Headers(list(pairs))
    if ascii_only:
        headers.encoding = "ascii"
    return headers


def _same_as_public() -> bool:
    """Whether a header set filled here behaves as the public constructor's, on this httpx."""
    sample = [
        (b"Content-Type", b"application/json"),
        (b"Set-Cookie", b"a=1"),
        (b"set-cookie", b"b=2"),
        (b"X-Name", b"caf\xc3\xa9"),
    ]
    try:
        for pairs in (sample, sample[:3]):
            ours, theirs = _filled(pairs, ascii_only=False), httpx.Headers(pairs)
            if not (
                ours.raw == theirs.raw
                and ours.multi_items() == theirs.multi_items()
                and ours.get_list("set-cookie") == theirs.get_list("set-cookie")
                and ours.get("content-type") == theirs.get("content-type")
                and ours.encoding == theirs.encoding
                and ours == theirs
                and vars(ours).keys() == vars(theirs).keys()
            ):
                return False
            ours["X-Added"] = "1"
            theirs["X-Added"] = "1"
            if ours.raw != theirs.raw:
                return False
            if [(lowered, value) for _, lowered, value in theirs._list] != [  # pyright: ignore[reportPrivateUsage]
                (name.lower(), value) for name, value in theirs.raw
            ]:
                return False
    except (AttributeError, TypeError, ValueError):
        return False
    return True


_fast_path_fits = CheckedOnce(_same_as_public)
