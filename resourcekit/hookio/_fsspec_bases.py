"""The bases of the hook.io filesystem classes: fsspec's at run time, typed stand-ins for type checkers.

`resourcekit.hookio.fs` subclasses fsspec's ``AbstractFileSystem`` and ``AbstractBufferedFile``.
fsspec ships no type information (no ``py.typed``): a strict checker sees every inherited method
as partly unknown, and one that does not read an untyped package's source (``pyright
--verifytypes``, which measures what users are promised) cannot know the classes' metaclass at all.
Type checkers therefore see the stand-ins below, which declare with types the methods and
attributes the hook.io classes inherit; at run time the same names are fsspec's own classes.

The price: a type checker does not take a `HookIOFileSystem` where fsspec's ``AbstractFileSystem``
is required (``fsspec.filesystem("hookio")`` is typed as fsspec types it, and works either way).
The signatures follow fsspec's; where fsspec returns different shapes by argument (``cat`` of one
path or of many, ``glob`` with or without ``detail``), the result is ``Any``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import io
    from collections.abc import Iterator, MutableMapping
    from typing import IO, Any, ClassVar

    from fsspec.callbacks import Callback
    from typing_extensions import Self

    class FileSystemBase:
        """What `resourcekit.hookio.fs.HookIOFileSystem` inherits from fsspec's ``AbstractFileSystem``."""

        sep: ClassVar[str]
        blocksize: ClassVar[int]
        cachable: ClassVar[bool]
        _cache: ClassVar[dict[str, Any]]
        storage_options: dict[str, Any]

        def __init__(self, *args: Any, **storage_options: Any) -> None: ...
        @property
        def _fs_token(self) -> str: ...
        @classmethod
        def current(cls) -> Self: ...
        @classmethod
        def clear_instance_cache(cls) -> None: ...
        @property
        def transaction(self) -> Any: ...
        def start_transaction(self) -> Any: ...
        def end_transaction(self) -> None: ...
        def unstrip_protocol(self, name: str) -> str: ...
        def expand_path(
            self,
            path: str | list[str],
            recursive: bool = False,
            maxdepth: int | None = None,
            assume_literal: bool = False,
            **kwargs: Any,
        ) -> list[str]: ...
        def open(
            self,
            path: str,
            mode: str = "rb",
            block_size: int | None = None,
            cache_options: dict[str, Any] | None = None,
            compression: str | None = None,
            **kwargs: Any,
        ) -> IO[Any]: ...
        def walk(
            self, path: str, maxdepth: int | None = None, topdown: bool = True, on_error: str = "omit", **kwargs: Any
        ) -> Iterator[Any]: ...
        def glob(self, path: str, maxdepth: int | None = None, **kwargs: Any) -> Any: ...
        def du(
            self, path: str, total: bool = True, maxdepth: int | None = None, withdirs: bool = False, **kwargs: Any
        ) -> Any: ...
        def disk_usage(self, path: str, total: bool = True, maxdepth: int | None = None, **kwargs: Any) -> Any: ...
        def listdir(self, path: str, detail: bool = True, **kwargs: Any) -> list[Any]: ...
        def stat(self, path: str, **kwargs: Any) -> dict[str, Any]: ...
        def lexists(self, path: str, **kwargs: Any) -> bool: ...
        def size(self, path: str) -> int | None: ...
        def sizes(self, paths: list[str]) -> list[int | None]: ...
        def checksum(self, path: str) -> int: ...
        def ukey(self, path: str) -> str: ...
        def cat(
            self, path: str | list[str], recursive: bool = False, on_error: str = "raise", **kwargs: Any
        ) -> Any: ...
        def cat_ranges(
            self,
            paths: list[str],
            starts: int | list[int],
            ends: int | list[int],
            max_gap: int | None = None,
            on_error: str = "return",
            **kwargs: Any,
        ) -> list[Any]: ...
        def head(self, path: str, size: int = 1024) -> bytes: ...
        def tail(self, path: str, size: int = 1024) -> bytes: ...
        def read_block(self, fn: str, offset: int, length: int, delimiter: bytes | None = None) -> bytes: ...
        def read_bytes(self, path: str, start: int | None = None, end: int | None = None, **kwargs: Any) -> bytes: ...
        def read_text(
            self,
            path: str,
            encoding: str | None = None,
            errors: str | None = None,
            newline: str | None = None,
            **kwargs: Any,
        ) -> str: ...
        def pipe(self, path: str | dict[str, bytes], value: bytes | None = None, **kwargs: Any) -> None: ...
        def write_bytes(self, path: str, value: bytes, **kwargs: Any) -> None: ...
        def write_text(
            self,
            path: str,
            value: str,
            encoding: str | None = None,
            errors: str | None = None,
            newline: str | None = None,
            **kwargs: Any,
        ) -> int: ...
        def get(
            self,
            rpath: str | list[str],
            lpath: str | list[str],
            recursive: bool = False,
            callback: Callback = ...,
            maxdepth: int | None = None,
            **kwargs: Any,
        ) -> None: ...
        def download(
            self, rpath: str | list[str], lpath: str | list[str], recursive: bool = False, **kwargs: Any
        ) -> None: ...
        def put(
            self,
            lpath: str | list[str],
            rpath: str | list[str],
            recursive: bool = False,
            callback: Callback = ...,
            maxdepth: int | None = None,
            **kwargs: Any,
        ) -> None: ...
        def upload(
            self, lpath: str | list[str], rpath: str | list[str], recursive: bool = False, **kwargs: Any
        ) -> None: ...
        def copy(
            self,
            path1: str | list[str],
            path2: str | list[str],
            recursive: bool = False,
            maxdepth: int | None = None,
            on_error: str | None = None,
            **kwargs: Any,
        ) -> None: ...
        def cp(self, path1: str | list[str], path2: str | list[str], **kwargs: Any) -> None: ...
        def mv(
            self,
            path1: str | list[str],
            path2: str | list[str],
            recursive: bool = False,
            maxdepth: int | None = None,
            **kwargs: Any,
        ) -> None: ...
        def move(self, path1: str | list[str], path2: str | list[str], **kwargs: Any) -> None: ...
        def rename(self, path1: str | list[str], path2: str | list[str], **kwargs: Any) -> None: ...
        def delete(self, path: str | list[str], recursive: bool = False, maxdepth: int | None = None) -> None: ...
        def makedir(self, path: str, create_parents: bool = True, **kwargs: Any) -> None: ...
        def mkdirs(self, path: str, exist_ok: bool = False) -> None: ...
        def get_mapper(
            self,
            root: str = "",
            check: bool = False,
            create: bool = False,
            missing_exceptions: tuple[type[Exception], ...] | None = None,
        ) -> MutableMapping[str, bytes]: ...
        def sign(self, path: str, expiration: int = 100, **kwargs: Any) -> str: ...
        def to_json(self, *, include_password: bool = True) -> str: ...
        def to_dict(self, *, include_password: bool = True) -> dict[str, Any]: ...

    class BufferedFileBase(io.IOBase):
        """What `resourcekit.hookio.fs.HookIOFile` inherits from fsspec's ``AbstractBufferedFile``."""

        fs: Any
        path: str
        mode: str
        blocksize: int
        autocommit: bool
        buffer: io.BytesIO
        size: int | None

        def __init__(
            self,
            fs: Any,
            path: str,
            mode: str = "rb",
            block_size: int | str = "default",
            autocommit: bool = True,
            cache_type: str = "readahead",
            cache_options: dict[str, Any] | None = None,
            size: int | None = None,
            **kwargs: Any,
        ) -> None: ...
        @property
        def details(self) -> dict[str, Any]: ...
        def info(self) -> dict[str, Any]: ...
        def read(self, length: int = -1) -> bytes: ...
        def write(self, data: bytes) -> int: ...
        def readuntil(self, char: bytes = b"\n", blocks: int | None = None) -> bytes: ...

else:
    from fsspec.spec import AbstractBufferedFile as BufferedFileBase
    from fsspec.spec import AbstractFileSystem as FileSystemBase

__all__ = ["BufferedFileBase", "FileSystemBase"]
