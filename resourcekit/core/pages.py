"""Listings and related-object handles, under a public name for annotations and isinstance checks.

``def total(bills: SyncPage[Bill]) -> int`` or ``isinstance(listing, AsyncPage)``: every provider's
listings are these classes. They are written once for async code and generated for sync code
(in ``resourcekit.core._async`` and ``resourcekit.core._sync``); this module is where to import
them from.
"""

from __future__ import annotations

from resourcekit.core._async.pages import AsyncPage
from resourcekit.core._async.pages import PageResult as AsyncPageResult
from resourcekit.core._async.refs import AsyncRef
from resourcekit.core._sync.pages import PageResult, SyncPage
from resourcekit.core._sync.refs import Ref

__all__ = ["AsyncPage", "AsyncPageResult", "AsyncRef", "PageResult", "Ref", "SyncPage"]
