"""A client for the toy API, written the way providers write theirs (async source)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any, cast

import httpx
from typing_extensions import Self

from resourcekit.core._async.auth import AsyncAuth
from resourcekit.core._async.client import AsyncBaseClient
from resourcekit.core._async.pages import AsyncPage, PageResult
from resourcekit.core._async.refs import AsyncRef
from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core.concurrency import AsyncLock
from resourcekit.core.errors import APIError
from resourcekit.core.options import TransportOptions, as_timeout
from resourcekit.core.records import Record, Writable
from resourcekit.core.request import RequestSpec


class AsyncToyAuth(AsyncAuth):
    """Logs in once (even under concurrency) and logs in again when the token expires."""

    def __init__(self, username: str, password: str) -> None:
        self._username = username
        self._password = password
        self._token: str | None = None
        self._lock = AsyncLock()
        self.logins = 0
        self.transport: AsyncTransport | None = None

    async def prepare(self, spec: RequestSpec) -> RequestSpec:
        token = self._token
        if token is None:
            async with self._lock:
                if self._token is None:
                    assert self.transport is not None
                    body = {"username": self._username, "password": self._password}
                    reply = await self.transport.request(RequestSpec("POST", "/login", json=body, authenticate=False))
                    self._token = reply.parsed["token"]
                    self.logins += 1
                token = self._token
        return spec.with_headers({"Authorization": f"Bearer {token}"})

    async def recover(self, error: APIError, spec: RequestSpec) -> bool:
        self._token = None
        return True


class AsyncNote(Record):
    id: int
    title: Annotated[str, Writable]
    pinned: Annotated[bool, Writable] = False
    created: date

    @property
    def _toy(self) -> AsyncToy:
        return cast("AsyncToy", self._require_client())

    @property
    def next_note(self) -> AsyncRef[AsyncNote]:
        toy = self._toy
        return AsyncRef("note", self.id + 1, lambda: toy.notes.get(self.id + 1))

    async def refresh(self) -> Self:
        self._replace_with(await self._toy.notes.get(self.id))
        return self

    async def save(self) -> Self:
        changes = self.changes()
        if changes:
            await self._toy.transport.request(RequestSpec("PUT", f"/notes/{self.id}", json=changes))
            self._mark_clean()
        return self

    async def delete(self) -> None:
        await self._toy.transport.request(RequestSpec("DELETE", f"/notes/{self.id}"))


class AsyncNotes:
    def __init__(self, toy: AsyncToy) -> None:
        self._toy = toy

    def _note(self, data: Any) -> AsyncNote:
        return AsyncNote.model_validate(data).bind(self._toy)

    async def get(self, id: int) -> AsyncNote:
        reply = await self._toy.transport.request(RequestSpec("GET", f"/notes/{id}"))
        return self._note(reply.parsed)

    def list(self, per_page: int = 2) -> AsyncPage[AsyncNote]:
        async def fetch(cursor: Any) -> PageResult[AsyncNote]:
            params = {"page": cursor or 1, "per_page": per_page}
            reply = await self._toy.transport.request(RequestSpec("GET", "/notes", params=params))
            return PageResult([self._note(item) for item in reply.parsed["items"]], reply.parsed["next"])

        return AsyncPage(fetch)

    def each(self, concurrency: int = 4, page_size: int = 3) -> AsyncPage[AsyncNote]:
        async def ids() -> list[int]:
            return (await self._toy.transport.request(RequestSpec("GET", "/notes/ids"))).parsed

        return AsyncPage.from_ids(ids, self.get, page_size=page_size, concurrency=concurrency)

    async def create(self, title: str) -> AsyncNote:
        reply = await self._toy.transport.request(RequestSpec("POST", "/notes", json={"title": title}))
        return self._note(reply.parsed)


class AsyncToy(AsyncBaseClient):
    def __init__(
        self,
        url: str,
        username: str,
        password: str,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        http_transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        uds: str | None = None,
    ) -> None:
        self.auth = AsyncToyAuth(username, password)
        options = TransportOptions(base_url=url, timeout=as_timeout(timeout), max_retries=max_retries, uds=uds)
        self._transport = AsyncTransport(options, auth=self.auth, http_transport=http_transport, sleep=sleep)
        self.auth.transport = self._transport
        self.notes = AsyncNotes(self)
