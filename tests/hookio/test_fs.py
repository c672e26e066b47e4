"""The hook.io file tree through fsspec, against the sandbox over HTTP."""

# fsspec ships no type information: pyright infers its functions' types from their bodies, and gets
# them wrong (``fsspec.open`` "returns a list", ``fs.open(..., "wb")`` "takes str").
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
# pyright: reportAttributeAccessIssue=false, reportArgumentType=false

from __future__ import annotations

import csv
import gc
import importlib
import io
import os
import pickle
import re
import subprocess
import sys
import warnings
import weakref
from collections.abc import Iterator
from pathlib import Path

import fsspec
import pytest

from resourcekit.hookio import HookIO
from resourcekit.hookio.fs import PROTOCOL, HookIOFileSystem, register
from resourcekit.hookio.models import StorageObject
from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import unique

ROOT = Path(__file__).resolve().parent.parent.parent
EVERY_BYTE = bytes(range(256)) * 4
UNICODE_NAME = "ünïcode/ключ 🎉.txt"


def close_cached_filesystems() -> None:
    """fsspec keeps one instance per option set; close each so no connection outlives its test."""
    for filesystem in list(HookIOFileSystem._cache.values()):
        filesystem.close()


@pytest.fixture
def options(sandbox: RunningSandbox) -> Iterator[dict[str, str]]:
    """Storage options that reach the sandbox, with the protocol registered by hand (no reinstall needed)."""
    register()
    yield {"api_key": sandbox.credentials["hook_private_key"], "endpoint_url": sandbox.url}
    close_cached_filesystems()


@pytest.fixture
def fs(options: dict[str, str]) -> HookIOFileSystem:
    return HookIOFileSystem(options["api_key"], options["endpoint_url"])


@pytest.fixture
def root(fs: HookIOFileSystem) -> Iterator[str]:
    """A fresh folder under the key owner's tree, removed afterwards."""
    path = f"marak/{unique('fs')}"
    yield path
    if fs.exists(path):
        fs.rm(path, recursive=True)


def test_registered_protocol_opens_urls(options: dict[str, str]) -> None:
    assert fsspec.get_filesystem_class(PROTOCOL) is HookIOFileSystem
    with fsspec.open("hookio://marak/readme.txt", "rt", **options) as handle:
        assert handle.read() == "hello from the sandbox\n"
    filesystem, path = fsspec.core.url_to_fs("hookio://marak/data/1.json", **options)
    assert isinstance(filesystem, HookIOFileSystem)
    assert path == "marak/data/1.json"


def test_a_filesystem_dropped_from_fsspecs_cache_closes_its_client(options: dict[str, str]) -> None:
    with fsspec.open("hookio://marak/readme.txt", "rb", timeout=7.5, **options) as handle:
        assert handle.read() == b"hello from the sandbox\n"
        filesystem = handle.fs
    assert isinstance(filesystem, HookIOFileSystem)
    transport = filesystem.client.transport
    dropped = weakref.ref(filesystem)
    del filesystem, handle
    assert not transport.is_closed  # fsspec's cache still holds the filesystem
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        HookIOFileSystem.clear_instance_cache()
        gc.collect()
    assert dropped() is None
    assert transport.is_closed
    assert [warning for warning in caught if issubclass(warning.category, ResourceWarning)] == []


def test_close_closes_an_owned_client_once_and_leaves_a_given_one_open(options: dict[str, str]) -> None:
    owned = HookIOFileSystem(options["api_key"], options["endpoint_url"], skip_instance_cache=True)
    assert owned.ls("marak/readme.txt", detail=False) == ["marak/readme.txt"]
    owned.close()
    owned.close()
    assert owned.client.transport.is_closed
    with HookIO(options["api_key"], options["endpoint_url"]) as client:
        borrowed = HookIOFileSystem(client=client, skip_instance_cache=True)
        del borrowed
        gc.collect()
        assert not client.transport.is_closed
        assert client.files.stat("/readme.txt").path.endswith("readme.txt")


def test_credentials_come_from_the_environment(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, options: dict[str, str]
) -> None:
    for name, value in sandbox.environment().items():
        monkeypatch.setenv(name, value)
    with fsspec.open("hookio://marak/readme.txt", "rb") as handle:
        assert handle.read() == b"hello from the sandbox\n"


def test_a_csv_reader_reads_through_fsspec(options: dict[str, str], root: str) -> None:
    rows = [{"city": "Zürich", "name": "Ada 🎉"}, {"city": "Москва", "name": "Борис"}, {"city": "東京", "name": "花子"}]
    with fsspec.open(f"hookio://{root}/people.csv", "wt", newline="", encoding="utf-8", **options) as handle:
        writer = csv.DictWriter(handle, fieldnames=["name", "city"])
        writer.writeheader()
        writer.writerows(rows)
    with fsspec.open(f"hookio://{root}/people.csv", "rt", newline="", encoding="utf-8", **options) as handle:
        assert list(csv.DictReader(handle)) == rows


def test_ls_info_and_cat(fs: HookIOFileSystem, root: str) -> None:
    fs.pipe({f"{root}/a.txt": b"alpha", f"{root}/sub/b.bin": EVERY_BYTE, f"{root}/sub/deep/c": b"c"})
    assert fs.ls(root, detail=False) == [f"{root}/a.txt", f"{root}/sub"]
    entries = {entry["name"]: entry for entry in fs.ls(f"{root}/sub")}
    assert entries[f"{root}/sub/b.bin"]["type"] == "file"
    assert entries[f"{root}/sub/b.bin"]["size"] == len(EVERY_BYTE)
    assert entries[f"{root}/sub/deep"]["type"] == "directory"
    assert fs.ls(f"{root}/a.txt", detail=False) == [f"{root}/a.txt"]  # a file lists as itself
    info = fs.info(f"{root}/sub/b.bin")
    assert (info["type"], info["size"]) == ("file", len(EVERY_BYTE))
    assert fs.modified(f"{root}/a.txt") is not None
    assert fs.info(f"{root}/sub")["type"] == "directory"
    assert fs.info("marak")["type"] == "directory"
    assert fs.ls("", detail=False) == ["marak"]
    assert fs.cat(f"{root}/sub/b.bin") == EVERY_BYTE
    assert fs.cat_file(f"{root}/sub/b.bin", start=10, end=20) == EVERY_BYTE[10:20]
    assert fs.cat_file(f"{root}/sub/b.bin", start=-3) == EVERY_BYTE[-3:]
    assert fs.cat([f"{root}/a.txt", f"{root}/sub/deep/c"]) == {f"{root}/a.txt": b"alpha", f"{root}/sub/deep/c": b"c"}
    assert fs.head(f"{root}/a.txt", 3) == b"alp"


def test_find_and_walk(fs: HookIOFileSystem, root: str) -> None:
    fs.pipe({f"{root}/a": b"1", f"{root}/x/b": b"2", f"{root}/x/y/c": b"3"})
    assert fs.find(root) == [f"{root}/a", f"{root}/x/b", f"{root}/x/y/c"]
    assert fs.find(root, maxdepth=1) == [f"{root}/a"]
    assert fs.find(root, withdirs=True) == [
        root,
        f"{root}/a",
        f"{root}/x",
        f"{root}/x/b",
        f"{root}/x/y",
        f"{root}/x/y/c",
    ]
    assert fs.find(root, maxdepth=2, withdirs=True) == [root, f"{root}/a", f"{root}/x", f"{root}/x/b", f"{root}/x/y"]
    assert fs.find(f"{root}/a") == [f"{root}/a"]
    assert fs.find(f"{root}/missing") == []
    assert fs.du(root) == 3
    walked = [(top, sorted(dirs), sorted(files)) for top, dirs, files in fs.walk(root)]
    assert walked == [(root, ["x"], ["a"]), (f"{root}/x", ["y"], ["b"]), (f"{root}/x/y", [], ["c"])]
    assert sorted(fs.glob(f"{root}/**/c")) == [f"{root}/x/y/c"]
    assert "marak/readme.txt" in fs.find("")


def test_find_lists_the_tree_once(fs: HookIOFileSystem, root: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The guide's promise: one readdir at any depth, with or without the directories."""
    fs.pipe({f"{root}/a": b"1", f"{root}/x/y/z/b": b"2"})
    fs.owner()  # the owner is asked once per filesystem; count only the listings
    listed: list[str] = []
    readdir = fs.client.files.readdir

    def counted(path: str = "/") -> list[StorageObject]:
        listed.append(path)
        return readdir(path)

    monkeypatch.setattr(fs.client.files, "readdir", counted)
    assert fs.find(root) == [f"{root}/a", f"{root}/x/y/z/b"]
    assert fs.find(root, withdirs=True)[0] == root
    assert fs.find(f"{root}/a") == [f"{root}/a"]  # a file finds itself: its parent is listed too
    assert len(listed) == 4


def test_names_that_only_start_like_a_folder_are_not_in_it(
    fs: HookIOFileSystem, root: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A storage listing may match the bare prefix (``/a`` finding ``/ab``); the sandbox matches ``/a/``."""
    fs.pipe({f"{root}/a/1": b"1", f"{root}/ab": b"2", f"{root}/abc/3": b"3"})
    readdir = fs.client.files.readdir

    def bare_prefix(path: str = "/") -> list[StorageObject]:
        wider = readdir(path.rsplit("/", 1)[0] or "/")
        return [row for row in wider if row.name.startswith(f"marak{path}")]

    remote_a = root.removeprefix("marak") + "/a"
    assert len(bare_prefix(remote_a)) == 3 and len(readdir(remote_a)) == 1  # the play differs from the sandbox
    monkeypatch.setattr(fs.client.files, "readdir", bare_prefix)
    assert fs.find(f"{root}/a") == [f"{root}/a/1"]
    assert fs.find(f"{root}/a", withdirs=True) == [f"{root}/a", f"{root}/a/1"]
    assert fs.ls(f"{root}/a", detail=False) == [f"{root}/a/1"]
    assert fs.info(f"{root}/ab")["type"] == "file"
    assert fs.find(f"{root}/ab") == [f"{root}/ab"]
    fs.rm(f"{root}/a", recursive=True)
    assert fs.find(root) == [f"{root}/ab", f"{root}/abc/3"]


def test_rm_removes_files_and_the_directories_they_imply(fs: HookIOFileSystem, root: str) -> None:
    fs.pipe({f"{root}/keep": b"k", f"{root}/gone/one": b"1", f"{root}/gone/two/three": b"3"})
    fs.rm(f"{root}/keep")
    assert not fs.exists(f"{root}/keep")
    with pytest.raises(IsADirectoryError):
        fs.rm(f"{root}/gone")  # not recursive
    fs.rm(f"{root}/gone", recursive=True)
    assert not fs.exists(f"{root}/gone")
    assert not fs.exists(root)  # its last file is gone, so is the folder
    with pytest.raises(FileNotFoundError):
        fs.rm(f"{root}/never")
    with pytest.raises(FileNotFoundError):
        fs.rm_file(f"{root}/never")


def test_rm_tries_every_file_before_raising_the_first_failure(fs: HookIOFileSystem, root: str) -> None:
    fs.pipe({f"{root}/a": b"a", f"{root}/keep": b"k", f"{root}/z": b"z"})
    with pytest.raises(FileNotFoundError, match="missing"):
        fs.rm([f"{root}/a", f"{root}/missing", f"{root}/z"])
    assert fs.find(root) == [f"{root}/keep"]  # the files after the missing one went too


def test_put_and_get_round_trip_a_tree(fs: HookIOFileSystem, root: str, tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "nested" / "ünï").mkdir(parents=True)
    (source / "bytes.bin").write_bytes(EVERY_BYTE)
    (source / "empty").write_bytes(b"")
    (source / "nested" / "ünï" / "ключ 🎉.txt").write_text("привет 👋", encoding="utf-8")
    fs.put(str(source), f"{root}/tree", recursive=True)
    assert fs.cat(f"{root}/tree/nested/ünï/ключ 🎉.txt").decode() == "привет 👋"
    assert fs.info(f"{root}/tree/empty")["size"] == 0
    target = tmp_path / "copy"
    fs.get(f"{root}/tree", str(target), recursive=True)
    copied = {path.relative_to(target).as_posix(): path.read_bytes() for path in target.rglob("*") if path.is_file()}
    original = {path.relative_to(source).as_posix(): path.read_bytes() for path in source.rglob("*") if path.is_file()}
    assert copied == original
    single = tmp_path / "single.bin"
    fs.get_file(f"{root}/tree/bytes.bin", str(single))
    assert single.read_bytes() == EVERY_BYTE
    buffer = io.BytesIO()
    fs.get_file(f"{root}/tree/bytes.bin", buffer)
    assert buffer.getvalue() == EVERY_BYTE


def test_copy_and_move_inside_the_tree(fs: HookIOFileSystem, root: str) -> None:
    fs.pipe(f"{root}/{UNICODE_NAME}", "日本語".encode())
    fs.cp(f"{root}/{UNICODE_NAME}", f"{root}/copy.txt")
    fs.mv(f"{root}/copy.txt", f"{root}/moved.txt")
    assert fs.cat(f"{root}/moved.txt") == "日本語".encode()
    assert not fs.exists(f"{root}/copy.txt")
    assert fs.exists(f"{root}/{UNICODE_NAME}")


def test_open_modes(fs: HookIOFileSystem, root: str) -> None:
    path = f"{root}/log.txt"
    with fs.open(path, "wt", encoding="utf-8") as handle:
        handle.write("first ✓\n")
    with fs.open(path, "at", encoding="utf-8") as handle:
        handle.write("second\n")
    with fs.open(path, "rt", encoding="utf-8") as handle:
        assert handle.readlines() == ["first ✓\n", "second\n"]
    with fs.open(f"{root}/new.txt", "ab") as handle:  # append to nothing creates the file
        handle.write(b"x")
    assert fs.cat(f"{root}/new.txt") == b"x"
    with pytest.raises(FileExistsError):
        fs.open(path, "xb")
    with fs.open(path, "rb") as handle:
        handle.seek(6)
        assert handle.read(3) == "✓".encode()
        assert handle.size == len("first ✓\nsecond\n".encode())


def test_touch_creates_or_keeps_contents(fs: HookIOFileSystem, root: str, sandbox: RunningSandbox) -> None:
    fs.touch(f"{root}/empty")
    assert fs.cat(f"{root}/empty") == b""
    fs.pipe(f"{root}/kept", b"contents")
    generation = fs.info(f"{root}/kept")["generation"]
    fs.touch(f"{root}/kept", truncate=False)
    assert fs.cat(f"{root}/kept") == b"contents"
    assert fs.info(f"{root}/kept")["generation"] != generation  # rewritten, so its times moved
    fs.touch(f"{root}/kept")
    assert fs.cat(f"{root}/kept") == b""
    assert fs.fsid == f"hookio:{sandbox.url}/marak"


def test_transactions_upload_on_commit_only(fs: HookIOFileSystem, root: str) -> None:
    with fs.transaction, fs.open(f"{root}/later.txt", "wb") as handle:
        handle.write(b"committed")
        handle.close()
        assert not fs.exists(f"{root}/later.txt")
    assert fs.cat(f"{root}/later.txt") == b"committed"

    def abandoned() -> None:
        with fs.transaction, fs.open(f"{root}/dropped.txt", "wb") as dropped:
            dropped.write(b"never sent")
            dropped.close()
            raise RuntimeError("abandon the transaction")

    with pytest.raises(RuntimeError, match="abandon"):
        abandoned()
    assert not fs.exists(f"{root}/dropped.txt")


def test_errors_are_the_builtin_file_errors(fs: HookIOFileSystem, root: str, sandbox: RunningSandbox) -> None:
    fs.pipe(f"{root}/dir/file", b"f")
    with pytest.raises(FileNotFoundError):
        fs.info(f"{root}/missing")
    with pytest.raises(FileNotFoundError):
        fs.cat(f"{root}/missing")
    with pytest.raises(FileNotFoundError):
        fs.ls(f"{root}/missing")
    with pytest.raises(IsADirectoryError):
        fs.cat(f"{root}/dir")
    with pytest.raises(IsADirectoryError):
        fs.pipe("marak", b"the root is a folder")
    with pytest.raises(PermissionError):
        fs.ls("alice")  # the key reaches only its owner's tree
    with pytest.raises(PermissionError):
        fs.open("alice/secret.txt", "wb")
    with pytest.raises(ValueError):
        fs.cat("marak/../escape")
    readonly = HookIOFileSystem(
        api_key=sandbox.credentials["readonly_key"], endpoint_url=sandbox.url, skip_instance_cache=True
    )
    try:
        with pytest.raises(PermissionError):
            readonly.pipe(f"{root}/denied.txt", b"no files::upload role")
    finally:
        readonly.close()


def test_a_given_client_is_used_and_left_open(sandbox: RunningSandbox) -> None:
    with HookIO(api_key=sandbox.credentials["hook_private_key"], url=sandbox.url) as client:
        filesystem = HookIOFileSystem(client=client, skip_instance_cache=True)
        assert filesystem.cat("marak/readme.txt") == b"hello from the sandbox\n"
        filesystem.close()
        assert client.files.read_text("/readme.txt") == "hello from the sandbox\n"
    assert sandbox.credentials["hook_private_key"] not in repr(filesystem)


def test_the_filesystem_pickles_by_its_options(sandbox: RunningSandbox) -> None:
    """Workers (dask, a process pool) get a filesystem that rebuilds its own client."""
    original = HookIOFileSystem(sandbox.credentials["hook_private_key"], sandbox.url, skip_instance_cache=True)
    copy = pickle.loads(pickle.dumps(original))
    try:
        assert copy is not original and copy.client is not original.client
        assert copy.cat("marak/readme.txt") == b"hello from the sandbox\n"
    finally:
        original.close()
        copy.close()


def entry_point_line() -> str:
    """The ``hookio = "module:Class"`` line of pyproject.toml's ``fsspec.specs`` entry points."""
    text = (ROOT / "pyproject.toml").read_text()
    section = re.search(r'^\[project\.entry-points\."fsspec\.specs"\]\n(.*?)(?:^\[|\Z)', text, re.M | re.S)
    assert section is not None
    line = re.search(r'^hookio\s*=\s*"([\w.]+:\w+)"', section.group(1), re.M)
    assert line is not None
    return line.group(1)


def test_pyproject_declares_the_entry_point() -> None:
    module, name = entry_point_line().split(":")
    assert getattr(importlib.import_module(module), name) is HookIOFileSystem
    assert HookIOFileSystem.protocol == PROTOCOL == "hookio"


def test_fsspec_finds_the_protocol_through_the_entry_point(tmp_path: Path) -> None:
    """What an installed package does, without reinstalling: a distribution that declares only the
    entry point, seen by a fresh interpreter, where fsspec reads entry points on import."""
    dist_info = tmp_path / "resourcekit_entry_point_probe-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: resourcekit-entry-point-probe\nVersion: 1.0\n")
    (dist_info / "entry_points.txt").write_text(f"[fsspec.specs]\nhookio = {entry_point_line()}\n")
    probe = "import fsspec; print(fsspec.get_filesystem_class('hookio').__qualname__)"
    found = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])},
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.strip() == "HookIOFileSystem"
