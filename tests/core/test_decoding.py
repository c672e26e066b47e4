"""The bounded decoders, on plain values: round trips, chains, bombs, lies and unknown codings."""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Callable

import pytest

from resourcekit.core.decoding import ACCEPT_ENCODING, PIECE_BYTES, BodyDecoder, content_codings
from resourcekit.core.errors import ResponseTooLargeError, ResponseValidationError


def _compressors() -> dict[str, Callable[[bytes], bytes]]:
    found: dict[str, Callable[[bytes], bytes]] = {
        "gzip": gzip.compress,
        "deflate": zlib.compress,
    }
    try:
        import brotli  # pyright: ignore[reportMissingTypeStubs]

        found["br"] = brotli.compress  # pyright: ignore[reportUnknownMemberType]
    except ImportError:  # pragma: no cover - the compression extra is in dev
        pass
    try:
        import zstandard

        found["zstd"] = zstandard.compress
    except ImportError:  # pragma: no cover
        pass
    return found


COMPRESSORS = _compressors()
DATA = os.urandom(4096) * 200 + b"tail"


def decode_all(decoder: BodyDecoder, body: bytes, step: int) -> bytes:
    pieces = [piece for start in range(0, len(body), step) for piece in decoder.decode(body[start : start + step])]
    return b"".join([*pieces, *decoder.finish()])


@pytest.mark.parametrize("coding", sorted(COMPRESSORS))
@pytest.mark.parametrize("step", [1, 1000, 1 << 20])
def test_every_offered_coding_round_trips_in_any_chunking(coding: str, step: int) -> None:
    body = COMPRESSORS[coding](DATA)
    if step == 1 and len(body) > 200_000:
        body = COMPRESSORS[coding](DATA[:50_000])
        assert decode_all(BodyDecoder(coding, None, 1 << 20), body, step) == DATA[:50_000]
        return
    assert decode_all(BodyDecoder(coding, None, 1 << 20), body, step) == DATA


def test_raw_deflate_is_accepted_too() -> None:
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = raw.compress(DATA) + raw.flush()
    assert decode_all(BodyDecoder("deflate", None, 1 << 20), body, 4096) == DATA


def test_a_chain_of_codings_is_undone_last_applied_first() -> None:
    body = zlib.compress(gzip.compress(DATA))
    assert decode_all(BodyDecoder("gzip, deflate", None, 1 << 20), body, 777) == DATA


@pytest.mark.parametrize("coding", sorted(COMPRESSORS))
def test_a_bomb_stops_at_the_limit_with_pieces_of_bounded_size(coding: str) -> None:
    zeros = b"\0" * (32 * 1024 * 1024)
    decoder = BodyDecoder(coding, 1024 * 1024, 1024 * 1024)
    sizes: list[int] = []

    def read_all() -> None:
        sizes.extend(len(piece) for piece in decoder.decode(COMPRESSORS[coding](zeros)))

    with pytest.raises(ResponseTooLargeError) as raised:
        read_all()
    assert raised.value.limit == 1024 * 1024
    largest = max(sizes, default=0)
    # No single step produced more than a few pieces' worth (brotli may overshoot its buffer once).
    assert largest <= 2 * PIECE_BYTES or coding == "zstd"


@pytest.mark.parametrize("coding", sorted(COMPRESSORS))
def test_a_body_that_is_not_its_coding_is_a_validation_error(coding: str) -> None:
    with pytest.raises(ResponseValidationError, match=coding):
        decode_all(BodyDecoder(coding, None, 1024), b"certainly not compressed " * 10, 7)


@pytest.mark.parametrize("header", ["compress", "gzip, exotic", "x-bzip2"])
def test_codings_we_did_not_offer_are_refused(header: str) -> None:
    with pytest.raises(ResponseValidationError, match="not offered"):
        BodyDecoder(header, None, 1024)


def test_identity_and_no_header_pass_bytes_through_counted() -> None:
    for header in (None, "", "identity"):
        decoder = BodyDecoder(header, 10, 10)
        assert decoder.is_plain
        assert b"".join(decoder.decode(b"0123456789")) == b"0123456789"
        with pytest.raises(ResponseTooLargeError):
            list(decoder.decode(b"!"))


def test_the_advertised_codings_are_exactly_the_decodable_ones() -> None:
    assert content_codings(ACCEPT_ENCODING) == [
        name for name in ("gzip", "deflate", "br", "zstd") if name in COMPRESSORS
    ]
    assert content_codings(" GZip , identity,br ") == ["gzip", "br"]
