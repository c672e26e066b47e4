"""Decoding compressed reply bodies ourselves, a bounded piece at a time. Pure, no I/O.

A client that lets its HTTP library decompress replies learns a body's size only after it has been
inflated in memory: a 261 KB gzip reply can hold 256 MiB, a 1.6 KB brotli reply 1 GiB. So the
transport advertises only the encodings decoded here, feeds each received chunk through a decoder
that never produces more than `PIECE_BYTES` at once, and counts the *decoded* bytes against
``max_response_bytes``. ``br`` and ``zstd`` are offered only when their optional packages are
installed (the ``compression`` extra).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from resourcekit.core.errors import ResponseTooLargeError, ResponseValidationError

PIECE_BYTES = 64 * 1024
"""The most a decoder hands back from one step; memory grows by this much, not by the bomb's size."""


class Decoder(Protocol):
    """One content coding, undone incrementally."""

    def decode(self, data: bytes) -> Iterator[bytes]:
        """The decoded pieces of ``data`` (each at most `PIECE_BYTES`), as soon as they are known."""
        ...

    def finish(self) -> Iterator[bytes]:
        """Whatever the decoder still holds once the body has ended."""
        ...


class _ZlibDecoder:
    """``gzip`` and ``deflate`` (zlib-wrapped or raw, as servers send both under that name)."""

    def __init__(self, wbits: int, *, raw_fallback: bool = False) -> None:
        self._inflate = zlib.decompressobj(wbits)
        self._raw_fallback = raw_fallback
        self._started = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        if self._raw_fallback and not self._started and data:
            self._started = True
            try:
                # Peek with a copy: a raw deflate stream fails at its first bytes as zlib.
                self._inflate.copy().decompress(data[:64], 1)
            except zlib.error:
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
        inflate = self._inflate
        while True:
            piece = inflate.decompress(data, PIECE_BYTES)
            if piece:
                yield piece
            data = inflate.unconsumed_tail
            # A full piece may leave output inside zlib even when all input was taken.
            if inflate.eof or (not data and len(piece) < PIECE_BYTES):
                break

    def finish(self) -> Iterator[bytes]:
        tail = self._inflate.flush()
        if tail:
            yield tail


class _BrotliDecoder:
    def __init__(self, module: Any) -> None:
        self._decompressor = module.Decompressor()

    def decode(self, data: bytes) -> Iterator[bytes]:
        decompressor = self._decompressor
        piece: bytes = decompressor.process(data, output_buffer_limit=PIECE_BYTES)
        # A full output buffer means more is waiting: it comes from calls with empty input.
        while piece:
            yield piece
            if len(piece) < PIECE_BYTES or decompressor.is_finished():
                break
            piece = decompressor.process(b"", output_buffer_limit=PIECE_BYTES)

    def finish(self) -> Iterator[bytes]:
        decompressor = self._decompressor
        while not decompressor.is_finished():
            piece: bytes = decompressor.process(b"", output_buffer_limit=PIECE_BYTES)
            if not piece:
                break
            yield piece


class _Collector:
    """The file-like sink zstandard's stream writer writes decoded pieces into, with a cap."""

    def __init__(self, cap: int) -> None:
        self.pieces: list[bytes] = []
        self._held = 0
        self._cap = cap

    def write(self, data: bytes) -> int:
        self._held += len(data)
        if self._held > self._cap:
            raise too_large_error(self._cap)
        self.pieces.append(bytes(data))
        return len(data)

    def take(self) -> list[bytes]:
        pieces, self.pieces, self._held = self.pieces, [], 0
        return pieces


class _ZstdDecoder:
    """``zstd``: zstandard pushes each input chunk's output through a writer in `PIECE_BYTES`
    pieces; the writer refuses to hold more than ``cap`` bytes from one chunk."""

    def __init__(self, module: Any, cap: int) -> None:
        self._sink = _Collector(cap)
        self._writer = module.ZstdDecompressor().stream_writer(self._sink, write_size=PIECE_BYTES, closefd=False)

    def decode(self, data: bytes) -> Iterator[bytes]:
        self._writer.write(data)
        yield from self._sink.take()

    def finish(self) -> Iterator[bytes]:
        self._writer.flush()
        yield from self._sink.take()


def _optional(name: str) -> Any:
    try:
        return __import__(name)
    except ImportError:
        return None


_brotli = _optional("brotli")
_zstandard = _optional("zstandard")

_FACTORIES: dict[str, Callable[[int], Decoder]] = {
    "gzip": lambda cap: _ZlibDecoder(zlib.MAX_WBITS | 16),
    "x-gzip": lambda cap: _ZlibDecoder(zlib.MAX_WBITS | 16),
    "deflate": lambda cap: _ZlibDecoder(zlib.MAX_WBITS, raw_fallback=True),
}
# Only a brotli whose decoder takes an output limit (the ``brotli`` package, 1.1 and later).
if _brotli is not None and hasattr(_brotli, "Decompressor") and hasattr(_brotli.Decompressor(), "can_accept_more_data"):
    _FACTORIES["br"] = lambda cap: _BrotliDecoder(_brotli)
if _zstandard is not None:
    _FACTORIES["zstd"] = lambda cap: _ZstdDecoder(_zstandard, cap)

ACCEPT_ENCODING = ", ".join(name for name in ("gzip", "deflate", "br", "zstd") if name in _FACTORIES)
"""The ``Accept-Encoding`` every request sends: exactly the codings this module can bound."""

_DECODE_ERRORS: tuple[type[BaseException], ...] = (
    zlib.error,
    *(
        error
        for error in (getattr(_brotli, "error", None), getattr(_zstandard, "ZstdError", None))
        if isinstance(error, type) and issubclass(error, BaseException)
    ),
)


def content_codings(header: str | None) -> list[str]:
    """The codings a ``Content-Encoding`` header lists, in the order they were applied."""
    if not header:
        return []
    return [name for name in (part.strip().lower() for part in header.split(",")) if name and name != "identity"]


class BodyDecoder:
    """Undoes a reply's ``Content-Encoding`` chunk by chunk, counting the decoded bytes.

    Args:
        header: The reply's ``Content-Encoding`` (``None`` or ``identity`` when the body is plain).
        limit: The most decoded bytes the whole body may have (``None``: no total limit, as for a
            download read as it arrives).
        piece_cap: The most decoded bytes one received chunk may turn into when there is no total
            limit (a stream's bound on what a single chunk can inflate to in memory).

    Raises:
        ResponseValidationError: A coding this client did not offer.
    """

    decoded: int
    """How many decoded bytes the body has produced so far."""

    def __init__(self, header: str | None, limit: int | None, piece_cap: int) -> None:
        codings = content_codings(header)
        unknown = [name for name in codings if name not in _FACTORIES]
        if unknown:
            raise ResponseValidationError(
                f"the reply uses the content coding {unknown[0]!r}, which was not offered "
                f"(Accept-Encoding: {ACCEPT_ENCODING}); its body was not read"
            )
        cap = limit if limit is not None else piece_cap
        # Applied first is undone last.
        self._chain = [_FACTORIES[name](cap) for name in reversed(codings)]
        self._names = codings
        self._limit = limit
        self.decoded = 0

    @property
    def is_plain(self) -> bool:
        return not self._chain

    def decode(self, chunk: bytes) -> Iterator[bytes]:
        """The decoded pieces of one received chunk."""
        return self._counted(self._through(0, chunk, final=False))

    def finish(self) -> Iterator[bytes]:
        """The last pieces, once the body has ended."""
        return self._counted(self._through(0, b"", final=True))

    def _through(self, index: int, data: bytes, *, final: bool) -> Iterator[bytes]:
        if index == len(self._chain):
            if data:
                yield data
            return
        decoder = self._chain[index]
        try:
            # Lazily, piece by piece: a bomb's output never exists in memory all at once.
            if data:
                for piece in decoder.decode(data):
                    yield from self._through(index + 1, piece, final=False)
            if final:
                for piece in decoder.finish():
                    yield from self._through(index + 1, piece, final=False)
        except _DECODE_ERRORS as error:
            name = self._names[len(self._chain) - 1 - index]
            raise ResponseValidationError(f"the reply body is not valid {name}: {error}") from None
        if final:
            yield from self._through(index + 1, b"", final=True)

    def count(self, piece: bytes) -> None:
        """Count ``piece`` as decoded, refusing it past the limit (what `decode` does to a plain body)."""
        self.decoded += len(piece)
        if self._limit is not None and self.decoded > self._limit:
            raise too_large_error(self._limit)

    def _counted(self, pieces: Iterator[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            self.count(piece)
            yield piece


def memory_ran_out_error(decoded: int) -> ResponseTooLargeError:
    """The error for a reply whose reading ran the process out of memory after ``decoded`` bytes:
    the reply is refused and the process keeps running."""
    return ResponseTooLargeError(
        f"memory ran out after {decoded} decoded bytes of the reply; reading stopped", limit=decoded
    )


def too_large_error(limit: int) -> ResponseTooLargeError:
    """The error for a body whose decoded bytes passed ``max_response_bytes``."""
    return ResponseTooLargeError(
        f"the reply is larger than max_response_bytes={limit} once decoded; reading stopped", limit=limit
    )
