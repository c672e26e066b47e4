"""The sync twins are generated, current, and correct for the constructs we use."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("unasync", ROOT / "scripts" / "unasync.py")
assert spec is not None and spec.loader is not None
unasync = importlib.util.module_from_spec(spec)
spec.loader.exec_module(unasync)


def test_every_twin_is_up_to_date() -> None:
    assert unasync.stale_targets() == []


def test_substitutions() -> None:
    source = (
        "from resourcekit.core._async.pages import AsyncPage\n"
        "from collections.abc import AsyncIterator, Awaitable, Callable\n\n\n"
        "class AsyncBill(_AsyncBase):\n"
        "    async def details(self, fetch: Callable[[], Awaitable[list[int]]]) -> AsyncIterator[int]:\n"
        "        async with self._lock:\n"
        "            async for item in self.stream.aiter_lines():\n"
        "                yield await async_sleep(item)\n\n"
        "    async def __aenter__(self) -> AsyncPage[int]:\n"
        "        await self.aclose()\n"
    )
    result = unasync.unasync_text(source)
    assert result.startswith(unasync.HEADER)
    assert "from resourcekit.core._sync.pages import SyncPage" in result
    assert "class Bill(_Base):" in result
    assert "def details(self, fetch: Callable[[], list[int]]) -> Iterator[int]:" in result
    assert "with self._lock:" in result
    assert "for item in self.stream.iter_lines():" in result
    assert "yield sleep(item)" in result
    assert "def __enter__(self) -> SyncPage[int]:" in result
    assert "self.close()" in result
    assert "async" not in result.removeprefix(unasync.HEADER)


def test_prose_reads_as_sync_english() -> None:
    source = (
        '"""An async client for the API.\n\n`AsyncPage` turns it into an async iterator of records."""\n'
        "\n\nclass AsyncClient:\n"
        '    """Async access; an async for loop reads every page."""\n'
    )
    result = unasync.unasync_text(source)
    assert '"""A sync client for the API.' in result
    assert "turns it into a sync iterator of records" in result
    assert "an sync" not in result.lower()
    assert "async" not in result.removeprefix(unasync.HEADER).lower()


def test_no_generated_code_names_anything_async() -> None:
    # A name the generator leaves alone (``test_async_listing``, ``async_fetch``) would tell a sync
    # reader the code is async; comments and docstrings are held to the same words by the tests above.
    named_async = re.compile(r"\b(?:async_\w+|Async\w+|\w+_async|test_async\w*)\b")
    offenders = [
        f"{target.relative_to(ROOT)}:{number}: {line.strip()}"
        for _, target in unasync.twins()
        for number, line in enumerate(target.read_text(encoding="utf-8").splitlines(), start=1)
        if named_async.search(line.split("#", 1)[0])
    ]
    assert offenders == []
