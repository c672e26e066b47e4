"""Your hook.io files as an fsspec filesystem: ``fsspec.open("hookio://owner/path")``.

hook.io stores files as objects named ``owner/path`` (Google Cloud Storage underneath): there are no
real directories, only the prefixes of the files' names, and every file is read and written whole.
This module maps fsspec's calls onto the sync client's files API (`resourcekit.hookio.HookIO.files`):

- a directory exists while a file lies under it (``mkdir`` records nothing; removing the last file
  removes the directory);
- ``readdir`` lists everything under a prefix, so `find` needs one request however deep the tree;
- reads download the whole file once (byte ranges are sliced locally); writes are buffered and
  uploaded whole when the file is closed;
- only the key owner's tree is reachable: the first path segment must be that owner.

Errors come back as the builtin errors fsspec users expect: `FileNotFoundError`,
`PermissionError`, `IsADirectoryError`, `FileExistsError`.
"""

from __future__ import annotations

import errno
import os
import weakref
from collections.abc import Generator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any, ClassVar, cast

from fsspec.callbacks import DEFAULT_CALLBACK, Callback

from resourcekit.core._sync.bulk import run_bulk
from resourcekit.core.errors import NotFoundError, PermissionDeniedError, ResourceKitError
from resourcekit.core.outcomes import BulkReport
from resourcekit.hookio._fsspec_bases import BufferedFileBase, FileSystemBase
from resourcekit.hookio._sync.client import HookIO
from resourcekit.hookio.models import StorageObject

PROTOCOL = "hookio"
REMOVE_CONCURRENCY = 4
"""The most removals a recursive `rm` has in flight (each file is one request); the sync bulk runner
sends them one at a time until its calls run in parallel."""

Info = dict[str, Any]


class HookIOFileSystem(FileSystemBase):
    """fsspec's interface over one key's hook.io file tree (protocol ``hookio``).

    Paths are ``owner/dir/name`` (``hookio://owner/dir/name`` in URLs), where ``owner`` is the
    key's owner.

    At run time the class derives from fsspec's ``AbstractFileSystem``; type checkers see
    ``FileSystemBase`` instead, which declares the inherited methods with types (fsspec has none).

    Args:
        api_key: The key; else the client's usual ``hook_private_key`` / ``hookAccessKey``
            environment variables.
        endpoint_url: The server; else ``HOOKIO_URL``, else ``https://hook.io``. (Not ``url``, the
            client's name for it: fsspec's ``url_to_fs(url, **options)`` takes that name itself.)
        client: A client to use instead of building one (it is not closed by the filesystem).
        **client_options: Passed to `HookIO` (``timeout``, ``max_retries``, ``verify``, ``uds``...).
    """

    protocol: ClassVar[str] = PROTOCOL
    root_marker: ClassVar[str] = ""

    def __init__(
        self,
        api_key: str | None = None,
        endpoint_url: str | None = None,
        *,
        client: HookIO | None = None,
        **client_options: Any,
    ) -> None:
        super().__init__()
        # fsspec's own instance-cache options are not the client's business.
        for name in ("use_listings_cache", "listings_expiry_time", "max_paths", "asynchronous", "loop"):
            client_options.pop(name, None)
        self._owns_client = client is None
        self.client: HookIO = client if client is not None else HookIO(api_key, endpoint_url, **client_options)
        """The sync client the filesystem calls."""
        self._owner: str | None = None
        # fsspec drops instances from its cache without closing them; the finalizer closes an owned
        # client when the filesystem is collected (it holds the client, never the filesystem).
        self._close_client = weakref.finalize(self, self.client.close) if self._owns_client else None

    def close(self) -> None:
        """Close the client's connections (unless the client was given) and leave fsspec's instance cache.

        fsspec keeps one filesystem per set of options for the life of the process, so its
        connections are reused by every ``fsspec.open("hookio://...")``; close it when done with it.
        """
        if self._close_client is not None:
            self._close_client()  # runs once: a second close, or the collection, does nothing
        type(self)._cache.pop(self._fs_token, None)

    @property
    def fsid(self) -> str:
        """Names the tree across sessions: the server and the key's owner."""
        return f"{PROTOCOL}:{self.client.url}/{self.owner()}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self.client.url!r})"

    # -- paths --------------------------------------------------------------------------------

    @classmethod
    def _strip_protocol(cls, path: Any) -> Any:
        if isinstance(path, list):
            return [cls._strip_protocol(item) for item in cast("list[Any]", path)]
        return _bare_path(path)

    @staticmethod
    def _get_kwargs_from_urls(path: str) -> dict[str, Any]:
        return {}  # the URL's first segment is the owner, never a credential

    def owner(self) -> str:
        """The key's owner: the only first path segment this filesystem can reach."""
        if self._owner is None:
            self._owner = self.client.owner()
        return self._owner

    def _remote(self, path: str) -> str:
        """The API's path (``/dir/name``) for an fsspec path (``owner/dir/name``)."""
        owner, _, rest = path.partition("/")
        if owner != self.owner():
            raise PermissionError(errno.EACCES, f"this key reaches only {self.owner()}/...", path)
        return "/" + rest

    # -- listing ------------------------------------------------------------------------------

    def _listing(self, path: str) -> list[StorageObject]:
        """Every file under ``path`` (the API lists a prefix recursively).

        Kept to the names under ``path + "/"``: a storage listing may match the bare prefix, and
        ``owner/ab`` or ``owner/abc/x`` are not under ``owner/a``.
        """
        remote = self._remote(path)
        with _translated(path):
            rows = self.client.files.readdir(remote)
        prefix = path + "/"
        return [row for row in rows if row.name.startswith(prefix)]

    @staticmethod
    def _file_entry(row: StorageObject) -> Info:
        return {
            "name": row.name,
            "size": row.size or 0,
            "type": "file",
            "created": row.time_created,
            "mtime": row.updated,
            "content_type": row.content_type,
            "generation": row.generation,
        }

    @staticmethod
    def _directory_entry(path: str) -> Info:
        return {"name": path, "size": 0, "type": "directory"}

    def ls(self, path: str, detail: bool = True, **kwargs: Any) -> list[Any]:
        path = self._strip_protocol(path)
        if not path:
            entries = [self._directory_entry(self.owner())]
        else:
            entries = _children(path, self._listing(path))
            if not entries and "/" in path:
                entries = [self.info(path)]  # a file lists as itself; a missing path raises
        entries.sort(key=lambda entry: entry["name"])
        return entries if detail else [entry["name"] for entry in entries]

    def info(self, path: str, **kwargs: Any) -> Info:
        path = self._strip_protocol(path)
        if not path:
            return self._directory_entry("")
        if "/" not in path:
            self._remote(path)  # refuses another owner
            return self._directory_entry(path)
        # The parent's listing holds the file's size and times, which ``stat`` does not send.
        for row in self._listing(_parent_of(path)):
            if row.name == path:
                return self._file_entry(row)
            if row.name.startswith(path + "/"):
                return self._directory_entry(path)
        raise FileNotFoundError(errno.ENOENT, "no such file or directory", path)

    def find(
        self, path: str, maxdepth: int | None = None, withdirs: bool = False, detail: bool = False, **kwargs: Any
    ) -> Any:
        path = self._strip_protocol(path)
        if maxdepth is not None and maxdepth < 1:
            raise ValueError("maxdepth must be at least 1")
        base = path or self.owner()
        owner_level = 0 if path else 1  # from the root, the owner is one level
        rows = self._listing(base)
        found: dict[str, Info] = {}
        # The owner's tree is always a directory; any deeper path is one while files lie under it.
        if withdirs and ("/" not in base or rows):
            found[base] = self._directory_entry(base)
        for row in rows:
            parts = row.name[len(base) + 1 :].split("/")
            if maxdepth is None or len(parts) + owner_level <= maxdepth:
                found[row.name] = self._file_entry(row)
            if withdirs:
                for level in range(1, len(parts)):
                    if maxdepth is None or level + owner_level <= maxdepth:
                        directory = "/".join([base, *parts[:level]])
                        found[directory] = self._directory_entry(directory)
        if not found and path and "/" in path:
            entry = self._file_info(path)  # nothing under it: a file finds itself
            if entry is not None:
                found[path] = entry
        names = sorted(found)
        return {name: found[name] for name in names} if detail else names

    def exists(self, path: str, **kwargs: Any) -> bool:
        try:
            self.info(path)
        except FileNotFoundError:
            return False
        return True

    def isdir(self, path: str) -> bool:
        try:
            return self.info(path)["type"] == "directory"
        except FileNotFoundError:
            return False

    def isfile(self, path: str) -> bool:
        return self._file_info(path) is not None

    def _file_info(self, path: str) -> Info | None:
        """The entry of ``path`` when it is a file; ``None`` for a directory or nothing."""
        try:
            entry = self.info(path)
        except FileNotFoundError:
            return None
        return entry if entry["type"] == "file" else None

    def created(self, path: str) -> datetime | None:
        return self.info(path).get("created")

    def modified(self, path: str) -> datetime | None:
        return self.info(path).get("mtime")

    # -- directories: implied by the files under them -------------------------------------------

    def mkdir(self, path: str, create_parents: bool = True, **kwargs: Any) -> None:
        path = self._strip_protocol(path)
        if path:
            self._remote(path)  # nothing to create, but another owner's tree is still refused

    def makedirs(self, path: str, exist_ok: bool = False) -> None:
        path = self._strip_protocol(path)
        if not exist_ok and path and "/" in path and self.exists(path):
            raise FileExistsError(errno.EEXIST, "already exists", path)
        self.mkdir(path)

    def rmdir(self, path: str) -> None:
        path = self._strip_protocol(path)
        if "/" in path and self._listing(path):
            raise OSError(errno.ENOTEMPTY, "directory not empty", path)

    # -- reading ------------------------------------------------------------------------------

    def _download(self, path: str) -> bytes:
        with self._missing_or_directory(path):
            return self.client.files.download(self._remote(path))

    @contextmanager
    def _missing_or_directory(self, path: str) -> Generator[None, None, None]:
        """Report a failed download as a directory (there is none to download) or a missing file."""
        try:
            with _translated(path):
                yield
        except FileNotFoundError:
            if "/" in path and self.isdir(path):
                raise IsADirectoryError(errno.EISDIR, "is a directory", path) from None
            raise

    def cat_file(self, path: str, start: int | None = None, end: int | None = None, **kwargs: Any) -> bytes:
        # The API has no byte ranges: the file is downloaded and the range cut here.
        return self._download(self._strip_protocol(path))[start:end]

    def get_file(
        self,
        rpath: str,
        lpath: str | os.PathLike[str] | IO[bytes] | None = None,
        callback: Callback = DEFAULT_CALLBACK,
        outfile: IO[bytes] | None = None,
        **kwargs: Any,
    ) -> None:
        rpath = self._strip_protocol(rpath)
        local = os.fspath(lpath) if isinstance(lpath, str | os.PathLike) else None
        if outfile is None and lpath is not None and local is None:
            outfile = cast("IO[bytes]", lpath)
        if local is None and outfile is None:
            raise ValueError("get_file needs a local path or a file object to write to")
        try:
            # The local file is opened only once the download has started, so a failure leaves none.
            with (
                self._missing_or_directory(rpath),
                self.client.files.open_download(self._remote(rpath)) as stream,
                _local_target(local, outfile) as target,
            ):
                for chunk in stream.iter_bytes():
                    target.write(chunk)
                    callback.relative_update(len(chunk))
        except IsADirectoryError:
            if local is None:
                raise
            os.makedirs(local, exist_ok=True)

    def cp_file(self, path1: str, path2: str, **kwargs: Any) -> None:
        path1, path2 = self._strip_protocol(path1), self._strip_protocol(path2)
        try:
            data = self._download(path1)
        except IsADirectoryError:
            return  # directories come along with the files copied into them
        self._upload(path2, data)

    def _open(
        self,
        path: str,
        mode: str = "rb",
        block_size: int | None = None,
        autocommit: bool = True,
        cache_options: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> HookIOFile:
        path = self._strip_protocol(path)
        contents: bytes | None = None
        if mode == "rb":
            contents = self._download(path)
        elif mode == "xb" and self.exists(path):
            raise FileExistsError(errno.EEXIST, "already exists", path)
        elif mode == "ab":
            contents = self._download(path) if self.isfile(path) else b""
        else:
            self._remote(path)  # refuse another owner's tree before anything is buffered
        return HookIOFile(self, path, mode, contents=contents, autocommit=autocommit, block_size=block_size)

    # -- writing ------------------------------------------------------------------------------

    def _upload(self, path: str, data: bytes | Path) -> None:
        if "/" not in path:
            raise IsADirectoryError(errno.EISDIR, "the owner's root is a directory", path)
        remote = self._remote(path)
        with _translated(path):
            self.client.files.upload(remote, data)

    def touch(self, path: str, truncate: bool = True, **kwargs: Any) -> None:
        """Create an empty file, or with ``truncate=False`` rewrite an existing one unchanged.

        Rewriting is how its modification time moves: the API cannot set a time.
        """
        path = self._strip_protocol(path)
        if truncate or not self.exists(path):
            self._upload(path, b"")
        else:
            self._upload(path, self._download(path))

    def pipe_file(self, path: str, value: bytes, mode: str = "overwrite", **kwargs: Any) -> None:
        path = self._strip_protocol(path)
        if mode == "create" and self.exists(path):
            raise FileExistsError(errno.EEXIST, "already exists", path)
        self._upload(path, bytes(value))

    def put_file(
        self, lpath: Any, rpath: str, callback: Callback = DEFAULT_CALLBACK, mode: str = "overwrite", **kwargs: Any
    ) -> None:
        rpath = self._strip_protocol(rpath)
        if os.path.isdir(lpath):
            self.makedirs(rpath, exist_ok=True)
            return
        if mode == "create" and self.exists(rpath):
            raise FileExistsError(errno.EEXIST, "already exists", rpath)
        size = os.path.getsize(lpath)
        callback.set_size(size)  # pyright: ignore[reportUnknownMemberType]
        self._upload(rpath, Path(lpath))  # streamed from disk in chunks
        callback.relative_update(size)

    # -- removing -----------------------------------------------------------------------------

    def rm_file(self, path: str) -> None:
        path = self._strip_protocol(path)
        remote = self._remote(path)
        with self._missing_or_directory(path):
            self.client.files.remove(remote)

    def rm(self, path: Any, recursive: bool = False, maxdepth: int | None = None) -> None:
        targets = self.expand_path(path, recursive=recursive, maxdepth=maxdepth)
        # Directories are implied by files; they go when their files go.
        directories = {target.rsplit("/", level)[0] for target in targets for level in range(1, target.count("/") + 1)}
        files = [target for target in targets if target not in directories and "/" in target]
        # Every removal is tried (one request each) before the first failure is raised.
        report: BulkReport[str, None] = run_bulk(
            self.rm_file, files, concurrency=REMOVE_CONCURRENCY, catch=(OSError, ResourceKitError)
        )
        for failure in report.failures:
            if isinstance(failure.error, IsADirectoryError) and recursive:
                continue  # a directory below ``maxdepth``: its deeper files stay, so does it
            failure.unwrap()

    def invalidate_cache(self, path: str | None = None) -> None:
        pass  # nothing is cached: every call asks the server


class HookIOFile(BufferedFileBase):
    """A file opened on `HookIOFileSystem`: read from one download, written by one upload on close.

    At run time the class derives from fsspec's ``AbstractBufferedFile``; type checkers see
    ``BufferedFileBase``, which declares the inherited members with types.
    """

    loc: int
    """The position in the file, in bytes."""

    def __init__(
        self,
        fs: HookIOFileSystem,
        path: str,
        mode: str,
        *,
        contents: bytes | None,
        autocommit: bool = True,
        block_size: int | None = None,
    ) -> None:
        self._contents = contents or b""
        self._pending: bytes | None = None
        size = len(self._contents) if mode == "rb" else None
        block: Any = block_size or "default"  # fsspec's annotation says str; it takes a byte count too
        # "none": the bytes are in memory already, a second cache would only copy them.
        super().__init__(fs, path, mode, block, autocommit, cache_type="none", size=size)
        self._name = path
        if mode == "ab":
            self.buffer.write(self._contents)
            self.loc = len(self._contents)

    def _fetch_range(self, start: int, end: int) -> bytes:
        return self._contents[start:end]

    def _upload_chunk(self, final: bool = False) -> bool:  # fsspec reads False as "not sent yet"
        if not final:
            return False  # hook.io takes a file whole: keep buffering until close
        data = self.buffer.getvalue()
        if self.autocommit:
            self._filesystem._upload(self._name, data)
        else:
            self._pending = data
        return True

    def commit(self) -> None:
        """Upload a file written with ``autocommit=False`` (inside a transaction)."""
        if self._pending is not None:
            self._filesystem._upload(self._name, self._pending)
            self._pending = None

    def discard(self) -> None:
        """Drop a file written with ``autocommit=False`` without uploading it."""
        self._pending = None

    @property
    def _filesystem(self) -> HookIOFileSystem:
        return cast("HookIOFileSystem", self.fs)


def _bare_path(path: object) -> str:
    """``owner/dir/name`` from a URL or path (protocol and outer slashes removed)."""
    text = os.fspath(cast("os.PathLike[str]", path)) if isinstance(path, os.PathLike) else str(path)
    for prefix in (f"{PROTOCOL}://", f"{PROTOCOL}::"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text.strip("/")


def _parent_of(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _children(path: str, rows: list[StorageObject]) -> list[Info]:
    """The entries directly under ``path`` (``rows``: its listing): its files, and a directory per deeper prefix."""
    prefix = path + "/"
    entries: dict[str, Info] = {}
    for row in rows:
        head, slash, _ = row.name[len(prefix) :].partition("/")
        name = prefix + head
        if slash:
            entries.setdefault(name, HookIOFileSystem._directory_entry(name))
        else:
            entries[name] = HookIOFileSystem._file_entry(row)
    return list(entries.values())


@contextmanager
def _translated(path: str) -> Generator[None, None, None]:
    """The client's typed errors as the builtin ones file APIs raise."""
    try:
        yield
    except NotFoundError as error:
        raise FileNotFoundError(errno.ENOENT, error.message or "not found", path) from error
    except PermissionDeniedError as error:
        raise PermissionError(errno.EACCES, error.message or "permission denied", path) from error


@contextmanager
def _local_target(local: str | None, outfile: IO[bytes] | None) -> Generator[IO[bytes], None, None]:
    """The given file object, or the local file at ``local`` (its folder created), closed after."""
    if outfile is not None or local is None:
        yield cast("IO[bytes]", outfile)
        return
    parent = os.path.dirname(local)
    if parent:
        os.makedirs(parent, exist_ok=True)
    with open(local, "wb") as handle:
        yield handle


def register(clobber: bool = True) -> None:
    """Register the ``hookio`` protocol with fsspec by hand (the package's entry point does it when installed)."""
    import fsspec

    fsspec.register_implementation(PROTOCOL, HookIOFileSystem, clobber=clobber)  # pyright: ignore[reportUnknownMemberType]
