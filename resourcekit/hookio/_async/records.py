"""hook.io records: hooks, datastore keys, access keys, domains, env variables and files."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Final, cast

from pydantic import Field
from typing_extensions import Self

from resourcekit.core.records import Record, Writable
from resourcekit.hookio.models import DeletedHook, LogEntry, Roles, RunResult

if TYPE_CHECKING:
    from resourcekit.hookio._async.client import AsyncHookIO
    from resourcekit.hookio._async.streams import AsyncEntryStream, AsyncRunStream
    from resourcekit.hookio._async.websockets import AsyncHookSocket


def _client_of(record: Record) -> AsyncHookIO:
    return cast("AsyncHookIO", record._require_client())


class AsyncHookLogs:
    """A hook's log: ``read()`` the last 50 entries, ``stream()`` them live, ``flush()`` them."""

    owner: str
    """The hook owner's name."""
    name: str
    """The hook's name."""

    def __init__(self, client: AsyncHookIO, owner: str, name: str) -> None:
        self._client = client
        self.owner = owner
        self.name = name

    async def read(self) -> list[LogEntry]:
        """The recent entries (at most 50), newest first."""
        return await self._client.hooks.read_logs(self.owner, self.name)

    def stream(self, *, reconnect: bool = False, max_reconnects: int = 5) -> AsyncEntryStream[LogEntry]:
        """The entries as they are written (the recent ones first); see `AsyncEntryStream`."""
        return self._client.hooks.stream_logs(self.owner, self.name, reconnect=reconnect, max_reconnects=max_reconnects)

    async def flush(self) -> bool:
        """Delete the hook's log; ``True`` when there was something to delete."""
        return await self._client.hooks.flush_logs(self.owner, self.name)


class AsyncHookMetrics:
    """A hook's counters."""

    owner: str
    """The hook owner's name."""
    name: str
    """The hook's name."""

    def __init__(self, client: AsyncHookIO, owner: str, name: str) -> None:
        self._client = client
        self.owner = owner
        self.name = name

    async def hits(self) -> int:
        """How many times the hook ran."""
        return await self._client.metrics.hits(self.owner, self.name)


class AsyncHook(Record):
    """A hook (a service): its source, language and settings, with what you can do to it.

    Change the writable fields and `save`; `run` it; read its `logs` and `metrics`.
    """

    name: Annotated[str, Writable]
    owner: Final[str]
    language: Annotated[str, Writable] = "javascript"
    source: Annotated[str, Writable] = ""
    source_type: str | None = Field(default=None, alias="sourceType")
    hook_source: str | None = Field(default=None, alias="hookSource")
    is_private: Annotated[bool, Writable] = Field(default=False, alias="isPrivate")
    is_public: bool | None = Field(default=None, alias="isPublic")
    status: str | None = None
    mode: str | None = None
    custom_timeout: Annotated[int | None, Writable] = Field(default=None, alias="customTimeout")
    theme_name: Annotated[str | None, Writable] = Field(default=None, alias="themeName")
    theme_source: Annotated[str | None, Writable] = Field(default=None, alias="themeSource")
    presenter_source: Annotated[str | None, Writable] = Field(default=None, alias="presenterSource")
    mschema: Annotated[dict[str, Any] | None, Writable] = None
    ctime: datetime | None = None
    mtime: datetime | None = None

    @property
    def path(self) -> str:
        """``owner/name``."""
        return f"{self.owner}/{self.name}"

    @property
    def logs(self) -> AsyncHookLogs:
        """The hook's log: ``read()`` (``GET /{owner}/{name}/logs``), ``stream()``, ``flush()``."""
        return AsyncHookLogs(_client_of(self), self.owner, self.name)

    @property
    def metrics(self) -> AsyncHookMetrics:
        """The hook's counters: ``hits()`` (``GET /metrics/{owner}/{name}/hits``)."""
        return AsyncHookMetrics(_client_of(self), self.owner, self.name)

    def _saved_name(self) -> str:
        return str(self._loaded.get("name", self.name))

    async def refresh(self) -> Self:
        """Fetch the hook again (its resource document)."""
        fresh = await _client_of(self).hooks.get(self.owner, self._saved_name())
        self._replace_with(fresh)
        return self

    async def save(self) -> Self:
        """Send the changed writable fields (a changed ``name`` renames the hook)."""
        changes = self.changes()
        if changes:
            saved = await _client_of(self).hooks.update(
                self.owner, self._saved_name(), **{_PYTHON_NAMES.get(k, k): v for k, v in changes.items()}
            )
            self._replace_with(saved)
        return self

    async def delete(self) -> DeletedHook:
        """Destroy the hook."""
        return await _client_of(self).hooks.destroy(self.owner, self._saved_name())

    async def run(
        self,
        data: Mapping[str, Any] | str | bytes | None = None,
        *,
        method: str = "POST",
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        send_key: bool | None = None,
        subpath: str | None = None,
    ) -> RunResult:
        """Run the hook; see `AsyncHooks.run`."""
        return await _client_of(self).hooks.run(
            self.path, data, method=method, params=params, headers=headers, send_key=send_key, subpath=subpath
        )

    async def __call__(
        self,
        data: Mapping[str, Any] | str | bytes | None = None,
        *,
        method: str = "POST",
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        send_key: bool | None = None,
        subpath: str | None = None,
    ) -> RunResult:
        """``hook(payload)`` is ``hook.run(payload)``: the same call, the same arguments."""
        return await self.run(data, method=method, params=params, headers=headers, send_key=send_key, subpath=subpath)

    @asynccontextmanager
    async def run_stream(
        self,
        data: Mapping[str, Any] | str | bytes | None = None,
        *,
        method: str = "POST",
        params: Mapping[str, Any] | None = None,
        send_key: bool | None = None,
    ) -> AsyncGenerator[AsyncRunStream, None]:
        """Run the hook and read its output as it arrives; see `AsyncHooks.run_stream`."""
        async with _client_of(self).hooks.run_stream(
            self.path, data, method=method, params=params, send_key=send_key
        ) as output:
            yield output

    @asynccontextmanager
    async def websocket(
        self, *, params: Mapping[str, Any] | None = None, send_key: bool | None = None
    ) -> AsyncGenerator[AsyncHookSocket, None]:
        """A websocket to the hook: each message sent runs it; see `AsyncHooks.websocket`."""
        async with _client_of(self).hooks.websocket(self.path, params=params, send_key=send_key) as socket:
            yield socket

    async def fetch_source(self) -> str:
        """The hook's source as the server serves it (``/source``)."""
        return await _client_of(self).hooks.source(self.owner, self.name)

    async def fork(self, name: str | None = None) -> AsyncHook:
        """Copy the hook into your account (under ``name``, else its own name)."""
        return await _client_of(self).hooks.fork(self.owner, self.name, new_name=name)

    async def package(self) -> dict[str, Any]:
        """The hook's package description (``/package``)."""
        return await _client_of(self).hooks.package(self.owner, self.name)

    async def view(self) -> str:
        """The hook's view (its HTML theme)."""
        return await _client_of(self).hooks.view(self.owner, self.name)

    async def presenter(self) -> str:
        """The hook's presenter source."""
        return await _client_of(self).hooks.presenter(self.owner, self.name)

    async def refresh_source(self) -> Self:
        """Ask the server to reload the hook from its source (``/refresh``), then take its document."""
        fresh = await _client_of(self).hooks.refresh_source(self.owner, self.name)
        self._replace_with(fresh)
        return self


_PYTHON_NAMES = {
    "name": "new_name",
    "isPrivate": "is_private",
    "customTimeout": "custom_timeout",
    "themeName": "theme_name",
    "themeSource": "theme_source",
    "presenterSource": "presenter_source",
}


class AsyncDatastoreKey(Record):
    """One datastore entry: its key and its JSON value."""

    key: Final[str]
    value: Annotated[Any, Writable] = None

    async def refresh(self) -> Self:
        self.value = await _client_of(self).datastore.get(self.key)
        self._mark_clean()
        return self

    async def save(self) -> Self:
        """Store the value (always sent: the datastore has no partial update)."""
        await _client_of(self).datastore.set(self.key, self.value)
        self._mark_clean()
        return self

    async def delete(self) -> bool:
        """Delete the key; ``True`` when it existed."""
        return await _client_of(self).datastore.delete(self.key)


class AsyncKey(Record):
    """An API key with its roles. ``hook_private_key`` is secret: it never shows in a repr."""

    name: Final[str]
    owner: str | None = None
    hook_private_key: str | None = Field(default=None, repr=False)
    hook_public_key: str | None = None
    key_type: str | None = None
    status: str | None = None
    read_only: bool | None = Field(default=None, alias="readOnly")
    roles: Roles = Field(default_factory=list[str])
    ctime: datetime | None = None
    mtime: datetime | None = None
    id: str | None = None

    async def delete(self) -> None:
        """Destroy the key."""
        await _client_of(self).keys.destroy(self.name)

    async def check_access(self, role: str) -> bool:
        """Whether this key holds ``role``, as the server judges it."""
        return await _client_of(self).keys.check_access(role, key=self.hook_private_key)

    def has_role(self, role: str) -> bool:
        """Whether ``role`` is among the roles this record was loaded with (no request)."""
        return role in self.roles


class AsyncDomain(Record):
    """A custom domain forwarding to a hook."""

    name: Final[str]
    forward_url: Annotated[str, Writable] = Field(alias="forwardUrl")
    owner: str | None = None
    ctime: datetime | None = None
    mtime: datetime | None = None
    id: str | None = None

    async def refresh(self) -> Self:
        self._replace_with(await _client_of(self).domains.get(self.name))
        return self

    async def save(self) -> Self:
        if self.changes():
            self._replace_with(await _client_of(self).domains.update(self.name, forward_url=self.forward_url))
        return self

    async def delete(self) -> None:
        await _client_of(self).domains.destroy(self.name)


class AsyncEnvVariable(Record):
    """One environment variable of your hooks. ``""`` and ``0`` are values; only deleting removes it."""

    name: Final[str]
    value: Annotated[Any, Writable] = None

    async def refresh(self) -> Self:
        variables = await _client_of(self).env.all()
        self.value = variables.get(self.name)
        self._mark_clean()
        return self

    async def save(self) -> Self:
        await _client_of(self).env.set(self.name, self.value)
        self._mark_clean()
        return self

    async def delete(self) -> None:
        await _client_of(self).env.delete(self.name)


class AsyncFile(Record):
    """A file in your hook.io file tree (vinyl fields: ``path``, ``basename``, ``stem``...)."""

    path: Final[str]
    basename: str | None = None
    dirname: str | None = None
    extname: str | None = None
    relative: str | None = None
    stem: str | None = None
    contents: str | None = None
    size: int | None = None

    async def read(self) -> str:
        """The file's contents (also kept in ``contents``)."""
        fresh = await _client_of(self).files.read(self.path)
        self._replace_with(fresh)
        return fresh.contents or ""

    async def refresh(self) -> Self:
        self._replace_with(await _client_of(self).files.stat(self.path))
        return self

    async def delete(self) -> None:
        """Remove the file."""
        await _client_of(self).files.remove(self.path)

    async def download(self) -> bytes:
        """The file's bytes (streamed from ``/files/download``)."""
        return await _client_of(self).files.download(self.path)


class AsyncCron(Record):
    """A cron: a URL (usually a hook's) requested on a schedule.

    The sandbox keeps crons without running them (its execution dates read ``"n/a"``).
    """

    name: Annotated[str, Writable]
    owner: Final[str]
    uri: Annotated[str | None, Writable] = None
    cron_expression: Annotated[str, Writable] = Field(alias="cronExpression")
    status: Annotated[str, Writable] = "active"
    method: str | None = None
    hits: int | str | None = None
    last_execution_date: str | None = Field(default=None, alias="lastExecutionDate")
    next_execution_date: str | None = Field(default=None, alias="nextExecutionDate")
    ctime: datetime | None = None
    mtime: datetime | None = None
    id: str | None = None

    @property
    def path(self) -> str:
        return f"{self.owner}/{self.name}"

    def _saved_name(self) -> str:
        return str(self._loaded.get("name", self.name))

    async def refresh(self) -> Self:
        self._replace_with(await _client_of(self).crons.get(self.owner, self._saved_name()))
        return self

    async def save(self) -> Self:
        """Send the changed fields (a changed ``name`` renames the cron)."""
        changes = self.changes()
        if changes:
            saved = await _client_of(self).crons.update(
                self.owner,
                self._saved_name(),
                new_name=changes.get("name"),
                uri=changes.get("uri"),
                cron_expression=changes.get("cronExpression"),
                status=changes.get("status"),
            )
            self._replace_with(saved)
        return self

    async def pause(self) -> Self:
        self.status = "paused"
        return await self.save()

    async def resume(self) -> Self:
        self.status = "active"
        return await self.save()

    async def delete(self) -> None:
        await _client_of(self).crons.destroy(self.owner, self._saved_name())


__all__ = [
    "AsyncCron",
    "AsyncDatastoreKey",
    "AsyncDomain",
    "AsyncEnvVariable",
    "AsyncFile",
    "AsyncHook",
    "AsyncHookLogs",
    "AsyncHookMetrics",
    "AsyncKey",
]
