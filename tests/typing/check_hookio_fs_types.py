"""The hook.io filesystem's inherited fsspec methods are typed for a strict checker; never run.

fsspec ships no type information; the filesystem and its files declare what they inherit from it.
"""

from __future__ import annotations

from typing import IO, Any

from typing_extensions import assert_type

from resourcekit.hookio import HookIO
from resourcekit.hookio.fs import HookIOFile, HookIOFileSystem


def filesystem(fs: HookIOFileSystem) -> None:
    assert_type(fs.client, HookIO)
    assert_type(fs.ls("marak"), list[Any])
    assert_type(fs.read_text("marak/notes.txt"), str)
    assert_type(fs.read_bytes("marak/notes.txt"), bytes)
    assert_type(fs.head("marak/notes.txt"), bytes)
    assert_type(fs.expand_path("marak", recursive=True), list[str])
    assert_type(fs.size("marak/notes.txt"), int | None)
    fs.put("notes.txt", "marak/notes.txt")
    fs.mv("marak/a.txt", "marak/b.txt")
    with fs.open("marak/notes.txt", "wb") as handle:
        assert_type(handle, IO[Any])


def files(file: HookIOFile) -> None:
    assert_type(file.read(), bytes)
    assert_type(file.write(b"x"), int)
    assert_type(file.loc, int)
    assert_type(file.autocommit, bool)
