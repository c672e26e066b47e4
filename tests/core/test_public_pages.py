"""Pages and refs are importable from a public module, as the same classes the listings return."""

from __future__ import annotations

from resourcekit.core import pages
from resourcekit.core._async import pages as async_pages
from resourcekit.core._async import refs as async_refs
from resourcekit.core._sync import pages as sync_pages
from resourcekit.core._sync import refs as sync_refs


def test_pages_and_refs_have_a_public_home() -> None:
    assert pages.SyncPage is sync_pages.SyncPage and pages.PageResult is sync_pages.PageResult
    assert pages.AsyncPage is async_pages.AsyncPage and pages.AsyncPageResult is async_pages.PageResult
    assert pages.Ref is sync_refs.Ref and pages.AsyncRef is async_refs.AsyncRef
    assert sorted(pages.__all__) == ["AsyncPage", "AsyncPageResult", "AsyncRef", "PageResult", "Ref", "SyncPage"]
