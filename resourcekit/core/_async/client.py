"""What every provider's async client shares: the transport it sends through, and its lifetime."""

from __future__ import annotations

from types import TracebackType

from typing_extensions import Self

from resourcekit.core._async.transport import AsyncTransport


class AsyncBaseClient:
    """Base of every provider's async client.

    A subclass sets ``self._transport`` in its constructor. Closing is explicit (``aclose()`` or
    leaving an ``async with`` block); nothing is closed behind the caller's back. A copy made by
    ``with_options()`` shares its parent's connection pool, so closing the copy leaves it open.
    """

    _transport: AsyncTransport

    @property
    def transport(self) -> AsyncTransport:
        """The transport every request of this client goes through."""
        return self._transport

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
