"""A typed handle on a related object that is fetched only when asked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class AsyncRef(Generic[T]):
    """The id of a related object and the way to fetch it: ``ref.id`` at once, ``await ref.fetch()``
    when the object itself is wanted.

    Building a ref never sends a request; `fetch` does, every time it is called.
    """

    __slots__ = ("_loader", "id", "kind")

    def __init__(self, kind: str, id: str | int, loader: Callable[[], Awaitable[T]]) -> None:
        self.kind: str = kind
        """What the related object is (``"order"``): shown in the repr and compared by ``==``."""
        self.id: str | int = id
        """The related object's id."""
        self._loader = loader

    async def fetch(self) -> T:
        return await self._loader()

    def __repr__(self) -> str:
        return f"{type(self).__name__}[{self.kind}](id={self.id!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AsyncRef) and (self.kind, self.id) == (other.kind, other.id)  # pyright: ignore[reportUnknownMemberType]

    def __hash__(self) -> int:
        return hash((self.kind, self.id))
