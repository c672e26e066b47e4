"""fsspec's own abstract filesystem tests, run against the hook.io sandbox over HTTP.

hook.io has no directories of its own (a directory is the prefix of the files under it), so the
``supports_empty_directories`` fixture is False, as for other object stores; nothing else differs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator

import pytest
from fsspec.tests.abstract import (
    AbstractCopyTests,
    AbstractFixtures,
    AbstractGetTests,
    AbstractOpenTests,
    AbstractPipeTests,
    AbstractPutTests,
)

from resourcekit.hookio.fs import HookIOFileSystem
from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import unique


class HookIOFixtures(AbstractFixtures):
    @pytest.fixture
    def fs(self, sandbox: RunningSandbox) -> Iterator[HookIOFileSystem]:
        filesystem = HookIOFileSystem(
            api_key=sandbox.credentials["hook_private_key"], endpoint_url=sandbox.url, skip_instance_cache=True
        )
        yield filesystem
        filesystem.close()

    @pytest.fixture
    def fs_path(self, fs: HookIOFileSystem) -> Iterator[str]:
        root = f"marak/{unique('abstract')}"
        yield root
        if fs.exists(root):
            fs.rm(root, recursive=True)

    @pytest.fixture
    def fs_join(self) -> Callable[..., str]:
        return posixpath.join

    @pytest.fixture
    def supports_empty_directories(self) -> bool:
        return False


class TestHookIOCopy(AbstractCopyTests, HookIOFixtures):
    pass


class TestHookIOGet(AbstractGetTests, HookIOFixtures):
    pass


class TestHookIOPut(AbstractPutTests, HookIOFixtures):
    pass


class TestHookIOOpen(AbstractOpenTests, HookIOFixtures):
    pass


class TestHookIOPipe(AbstractPipeTests, HookIOFixtures):
    pass
