"""Listings that fetch their objects with OVH batch GETs, falling back to one GET per object."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from resourcekit.core._async.pages import AsyncPage, PageResult
from resourcekit.core.concurrency import async_map_bounded
from resourcekit.ovh import batch
from resourcekit.ovh.errors import OVHBadRequestError, OVHNotFoundError

if TYPE_CHECKING:
    from resourcekit.ovh._async.client import AsyncOVH

K = TypeVar("K", str, int)
T = TypeVar("T")


class AsyncBatchListing(Generic[K, T]):
    """The objects behind a list of ids, ``size`` per batch GET (``GET collection/id1,id2...``).

    Batches run up to the client's ``concurrency`` at once and each one is a page, in the order
    of the ids. A key the batch reply reports as failed (or leaves out) is fetched alone, so it
    ends exactly as a single GET would: its object, or that GET's typed error.

    When the server refuses batching (a 400 or 404 for the joined path, or a reply that is not a
    list of entries), the listing remembers it and fetches every remaining object alone.
    """

    def __init__(
        self,
        ovh: AsyncOVH,
        list_ids: Callable[[], Awaitable[Sequence[K]]],
        collection: str,
        build: Callable[[Any], T],
        get: Callable[[K], Awaitable[T]],
        size: int,
    ) -> None:
        self._ovh = ovh
        self._list_ids = list_ids
        self._collection = collection
        self._build = build
        self._get = get
        self.size = batch.check_size(size)
        """How many ids one batch ``GET`` asks for."""
        self.refused = False
        """Whether the API refused a batch ``GET``: the listing then fetches each object alone."""

    async def fetch(self, keys: Sequence[K]) -> list[T]:
        """The objects of ``keys``, in their order (one batch GET, or single GETs once refused)."""
        values: dict[str, Any] = {}
        if len(keys) > 1 and not self.refused:
            values = await self._batch_values(keys)
        return [self._build(values[str(key)]) if str(key) in values else await self._get(key) for key in keys]

    async def _batch_values(self, keys: Sequence[K]) -> dict[str, Any]:
        try:
            reply = await self._ovh.get(batch.batch_path(self._collection, keys, ","), _batch=",")
            return batch.values_by_key(reply)
        except (batch.Refused, OVHBadRequestError, OVHNotFoundError):
            # The joined ids reached the route as one unknown id: no batch support here.
            self.refused = True
            return {}

    def page(self) -> AsyncPage[T]:
        """The listing, one page per batch (nothing is sent until iteration starts)."""

        async def fetch_page(cursor: Any) -> PageResult[T]:
            if cursor is None:
                ids = list(await self._list_ids())
                runs = batch.chunks(ids, self.size)
                fetched = async_map_bounded(self.fetch, runs, self._ovh.concurrency).__aiter__()
                done = 0
            else:
                done, ids, runs, fetched = cursor
            if done == len(runs):
                return PageResult([], None, len(ids))
            items = await fetched.__anext__()
            done += 1
            return PageResult(items, (done, ids, runs, fetched) if done < len(runs) else None, len(ids))

        return AsyncPage[T](fetch_page)


__all__ = ["AsyncBatchListing"]
