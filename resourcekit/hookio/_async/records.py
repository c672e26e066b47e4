"""hook.io records: hooks, datastore keys, access keys, domains, env variables and files."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Final, cast

from pydantic import Field
from typing_extensions import Self

from resourcekit.core.records import Record, Writable
from resourcekit.hookio.models import AS_ROLES, DeletedHook, LogEntry, RunResult

if TYPE_CHECKING:
    from resourcekit.hookio._async.client import AsyncHookIO
    from resourcekit.hookio._async.streams import AsyncEntryStream, AsyncRunStream
    from resourcekit.hookio._async.websockets import AsyncHookSocket


def _client_of(record: Record) -> AsyncHookIO:
    return cast("AsyncHookIO", record._require_client())


class AsyncHookLogs:
    """A hook's log: ``read()`` the last 50 entries, ``stream()`` them live, ``flush()`` them."""

    def __init__(self, client: AsyncHookIO, owner: str, name: str) -> None:
        self._client = client
        self.owner: str = owner
        """The hook owner's name."""
        self.name: str = name
        """The hook's name."""

    async def read(self) -> list[LogEntry]:
        """The recent entries (at most 50), newest first: ``GET /{owner}/{name}/logs``."""
        return await self._client.hooks.read_logs(self.owner, self.name)

    def stream(self, *, reconnect: bool = False, max_reconnects: int = 5) -> AsyncEntryStream[LogEntry]:
        """The entries as they are written (the recent ones first): ``GET /{owner}/{name}/logs?streaming=true``."""
        return self._client.hooks.stream_logs(self.owner, self.name, reconnect=reconnect, max_reconnects=max_reconnects)

    async def flush(self) -> bool:
        """Delete the log, ``True`` when it held entries: ``GET /{owner}/{name}/logs?flush=true``."""
        return await self._client.hooks.flush_logs(self.owner, self.name)


class AsyncHookMetrics:
    """A hook's counters."""

    def __init__(self, client: AsyncHookIO, owner: str, name: str) -> None:
        self._client = client
        self.owner: str = owner
        """The hook owner's name."""
        self.name: str = name
        """The hook's name."""

    async def hits(self) -> int:
        """How many times the hook ran: ``GET /metrics/{owner}/{name}/hits``."""
        return await self._client.metrics.hits(self.owner, self.name)


class AsyncHook(Record):
    """A hook (a service): its source, language and settings, with what you can do to it.

    Change the writable fields and `save`; `run` it; read its `logs` and `metrics`.
    """

    name: Annotated[str, Writable]
    """The hook's name, lowercased by the server; changing it and saving renames the hook."""
    owner: Final[str]
    """The account the hook belongs to (the first segment of its path)."""
    language: Annotated[str, Writable] = "javascript"
    """The language the source is written in (``javascript``, ``python``...)."""
    source: Annotated[str, Writable] = ""
    """The hook's source code."""
    source_type: Final[str | None] = Field(default=None, alias="sourceType")
    """How the hook's source is kept, e.g. ``code`` (wire name ``sourceType``)."""
    hook_source: Final[str | None] = Field(default=None, alias="hookSource")
    """Where the server loads the source from, e.g. ``code`` (wire name ``hookSource``)."""
    is_private: Annotated[bool, Writable] = Field(default=False, alias="isPrivate")
    """Whether running the hook needs a key with the ``hook::run`` role (wire name ``isPrivate``)."""
    is_public: Final[bool | None] = Field(default=None, alias="isPublic")
    """Whether the hook shows in its owner's public listing (wire name ``isPublic``)."""
    status: Final[str | None] = None
    """The hook's status as the server reports it."""
    mode: Final[str | None] = None
    """The hook's run mode as the server reports it."""
    custom_timeout: Annotated[int | None, Writable] = Field(default=None, alias="customTimeout")
    """The hook's own run time limit in milliseconds (wire name ``customTimeout``)."""
    theme_name: Annotated[str | None, Writable] = Field(default=None, alias="themeName")
    """The name of the HTML theme of the hook's view (wire name ``themeName``)."""
    theme_source: Annotated[str | None, Writable] = Field(default=None, alias="themeSource")
    """The HTML theme of the hook's view (wire name ``themeSource``)."""
    presenter_source: Annotated[str | None, Writable] = Field(default=None, alias="presenterSource")
    """The presenter: code that fills the theme with the run's output (wire name ``presenterSource``)."""
    mschema: Annotated[dict[str, Any] | None, Writable] = None
    """The mschema the run's parameters are checked against before the hook runs."""
    ctime: Final[datetime | None] = None
    """When the hook was created."""
    mtime: Final[datetime | None] = None
    """When the hook was last changed."""

    @property
    def path(self) -> str:
        """``owner/name``."""
        return f"{self.owner}/{self.name}"

    @property
    def logs(self) -> AsyncHookLogs:
        """The hook's log: ``read()``, ``stream()``, ``flush()`` (``/{owner}/{name}/logs``)."""
        return AsyncHookLogs(_client_of(self), self.owner, self.name)

    @property
    def metrics(self) -> AsyncHookMetrics:
        """The hook's counters: ``hits()`` (``GET /metrics/{owner}/{name}/hits``)."""
        return AsyncHookMetrics(_client_of(self), self.owner, self.name)

    def _saved_name(self) -> str:
        return str(self._loaded.get("name", self.name))

    async def refresh(self) -> Self:
        """Fetch the hook's document again: ``GET /{owner}/{name}/resource``."""
        fresh = await _client_of(self).hooks.get(self.owner, self._saved_name())
        self._replace_with(fresh)
        return self

    async def save(self) -> Self:
        """Send the changed writable fields: ``POST /admin`` (a changed ``name`` renames the hook)."""
        changes = self.changes()
        if changes:
            saved = await _client_of(self).hooks.update(
                self.owner, self._saved_name(), **{_PYTHON_NAMES.get(k, k): v for k, v in changes.items()}
            )
            self._replace_with(saved)
        return self

    async def delete(self) -> DeletedHook:
        """Destroy the hook: ``POST /{owner}/{name}/delete``."""
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
        """Run the hook: any method on ``/{owner}/{name}``; see `AsyncHooks.run`."""
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
        """``hook(payload)`` is ``hook.run(payload)``: the same request, the same arguments."""
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
        """Run the hook (``/{owner}/{name}``) and read its output as it arrives; see `AsyncHooks.run_stream`."""
        async with _client_of(self).hooks.run_stream(
            self.path, data, method=method, params=params, send_key=send_key
        ) as output:
            yield output

    @asynccontextmanager
    async def websocket(
        self, *, params: Mapping[str, Any] | None = None, send_key: bool | None = None
    ) -> AsyncGenerator[AsyncHookSocket, None]:
        """A websocket to ``/{owner}/{name}``: each message sent runs the hook; see `AsyncHooks.websocket`."""
        async with _client_of(self).hooks.websocket(self.path, params=params, send_key=send_key) as socket:
            yield socket

    async def fetch_source(self) -> str:
        """The hook's source as the server serves it: ``GET /{owner}/{name}/source``."""
        return await _client_of(self).hooks.source(self.owner, self.name)

    async def fork(self, name: str | None = None) -> AsyncHook:
        """Copy the hook into your account (under ``name``, else its own name): ``POST /{owner}/{name}/fork``."""
        return await _client_of(self).hooks.fork(self.owner, self.name, new_name=name)

    async def package(self) -> dict[str, Any]:
        """The hook's package description: ``GET /{owner}/{name}/package``."""
        return await _client_of(self).hooks.package(self.owner, self.name)

    async def view(self) -> str:
        """The hook's view (its HTML theme): ``GET /{owner}/{name}/view``."""
        return await _client_of(self).hooks.view(self.owner, self.name)

    async def presenter(self) -> str:
        """The hook's presenter source: ``GET /{owner}/{name}/presenter``."""
        return await _client_of(self).hooks.presenter(self.owner, self.name)

    async def refresh_source(self) -> Self:
        """Reload the hook from its source, then take its document: ``POST /{owner}/{name}/refresh``."""
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
    """The entry's key (stored by the server under ``/ds/<owner>/<key>``)."""
    value: Annotated[Any, Writable] = None
    """The entry's value: anything JSON can hold."""

    async def refresh(self) -> Self:
        """Read the value again: ``GET /datastore/get?key=...``."""
        self.value = await _client_of(self).datastore.get(self.key)
        self._mark_clean()
        return self

    async def save(self) -> Self:
        """Store the value: ``POST /datastore/set`` (always sent: the datastore has no partial update)."""
        await _client_of(self).datastore.set(self.key, self.value)
        self._mark_clean()
        return self

    async def delete(self) -> bool:
        """Delete the key, ``True`` when it existed: ``POST /datastore/del``."""
        return await _client_of(self).datastore.delete(self.key)


class AsyncKey(Record):
    """An API key with its roles. ``hook_private_key`` is secret: it never shows in a repr."""

    name: Final[str]
    """The key's name, unique in its owner's account."""
    owner: Final[str | None] = None
    """The account the key belongs to."""
    hook_private_key: Final[str | None] = Field(default=None, repr=False)
    """The secret sent as ``hookio-private-key``: never shown in a repr."""
    hook_public_key: Final[str | None] = None
    """The key's public identifier."""
    key_type: Final[str | None] = None
    """The kind of key: ``user``, ``service``, ``admin`` or ``internal``."""
    status: Final[str | None] = None
    """The key's state: ``active``, ``expired`` or ``revoked``."""
    read_only: Final[bool | None] = Field(default=None, alias="readOnly")
    """Whether the key is read-only (wire name ``readOnly``)."""
    roles: Final[Annotated[list[str], AS_ROLES]] = Field(default_factory=list[str])
    """The roles the key holds, such as ``hook::run`` (the wire's ``"a,b"`` string as a list)."""
    ctime: Final[datetime | None] = None
    """When the key was created."""
    mtime: Final[datetime | None] = None
    """When the key was last changed."""
    id: Final[str | None] = None
    """The key's document id."""

    async def delete(self) -> None:
        """Destroy the key: ``POST /keys/destroy``."""
        await _client_of(self).keys.destroy(self.name)

    async def check_access(self, role: str) -> bool:
        """Whether this key holds ``role``, as the server judges it: ``POST /keys/checkAccess``."""
        return await _client_of(self).keys.check_access(role, key=self.hook_private_key)

    def has_role(self, role: str) -> bool:
        """Whether ``role`` is among the roles this record was loaded with (no request)."""
        return role in self.roles


class AsyncDomain(Record):
    """A custom domain forwarding to a hook."""

    name: Final[str]
    """The custom domain's host name."""
    forward_url: Annotated[str, Writable] = Field(alias="forwardUrl")
    """The hook path the domain forwards to, e.g. ``/owner/hook`` (wire name ``forwardUrl``)."""
    owner: Final[str | None] = None
    """The account the domain belongs to."""
    ctime: Final[datetime | None] = None
    """When the domain was added."""
    mtime: Final[datetime | None] = None
    """When the domain was last changed."""
    id: Final[str | None] = None
    """The domain's document id."""

    async def refresh(self) -> Self:
        """Fetch the domain again: ``GET /domains/{name}``."""
        self._replace_with(await _client_of(self).domains.get(self.name))
        return self

    async def save(self) -> Self:
        """Send a changed ``forward_url``: ``POST /domains/{name}/update``."""
        if self.changes():
            self._replace_with(await _client_of(self).domains.update(self.name, forward_url=self.forward_url))
        return self

    async def delete(self) -> None:
        """Remove the domain: ``POST /domains/{name}/destroy``."""
        await _client_of(self).domains.destroy(self.name)


class AsyncEnvVariable(Record):
    """One environment variable of your hooks. ``""`` and ``0`` are values; only deleting removes it."""

    name: Final[str]
    """The variable's name, as hooks read it in ``Hook.env``."""
    value: Annotated[Any, Writable] = None
    """The variable's value: anything JSON can hold (``""`` and ``0`` are values too)."""

    async def refresh(self) -> Self:
        """Read the value again from every variable: ``GET /env``."""
        variables = await _client_of(self).env.all()
        self.value = variables.get(self.name)
        self._mark_clean()
        return self

    async def save(self) -> Self:
        """Store the value: ``POST /env`` with ``{"env": {name: value}}``."""
        await _client_of(self).env.set(self.name, self.value)
        self._mark_clean()
        return self

    async def delete(self) -> None:
        """Remove the variable: ``POST /env`` with its value ``null``."""
        await _client_of(self).env.delete(self.name)


class AsyncFile(Record):
    """A file in your hook.io file tree (vinyl fields: ``path``, ``basename``, ``stem``...)."""

    path: Final[str]
    """The file's path in your tree, from ``/``."""
    basename: Final[str | None] = None
    """The file's name with its extension, e.g. ``notes.txt``."""
    dirname: Final[str | None] = None
    """The folder holding the file, e.g. ``/``."""
    extname: Final[str | None] = None
    """The file's extension with its dot, e.g. ``.txt``."""
    relative: Final[str | None] = None
    """The path relative to the tree's root, without a leading ``/``."""
    stem: Final[str | None] = None
    """The file's name without its extension, e.g. ``notes``."""
    contents: Final[str | None] = None
    """The file's text when it was read (``None`` from ``stat`` and ``write``)."""
    size: Final[int | None] = None
    """The file's size in bytes, when the server reports it."""

    async def read(self) -> str:
        """The file's contents, also kept in ``contents``: ``POST /files/readFile``."""
        fresh = await _client_of(self).files.read(self.path)
        self._replace_with(fresh)
        return fresh.contents or ""

    async def refresh(self) -> Self:
        """Fetch the file's metadata again: ``POST /files/stat``."""
        self._replace_with(await _client_of(self).files.stat(self.path))
        return self

    async def delete(self) -> None:
        """Remove the file: ``POST /files/removeFile``."""
        await _client_of(self).files.remove(self.path)

    async def download(self) -> bytes:
        """The file's bytes: ``GET /files/download?path=...`` (streamed)."""
        return await _client_of(self).files.download(self.path)


class AsyncCron(Record):
    """A cron: a URL (usually a hook's) requested on a schedule.

    The sandbox keeps crons without running them (its execution dates read ``"n/a"``).
    """

    name: Annotated[str, Writable]
    """The cron's name; changing it and saving renames the cron."""
    owner: Final[str]
    """The account the cron belongs to."""
    uri: Annotated[str | None, Writable] = None
    """The URL requested on each tick (usually a hook's); a listing leaves it out."""
    cron_expression: Annotated[str, Writable] = Field(alias="cronExpression")
    """The schedule: five or six cron fields (wire name ``cronExpression``)."""
    status: Annotated[str, Writable] = "active"
    """``active`` or ``paused``."""
    method: Final[str | None] = None
    """The HTTP method of each request."""
    hits: Final[int | str | None] = None
    """How many times the cron ran."""
    last_execution_date: Final[str | None] = Field(default=None, alias="lastExecutionDate")
    """When the cron last ran, as the server writes it (wire name ``lastExecutionDate``)."""
    next_execution_date: Final[str | None] = Field(default=None, alias="nextExecutionDate")
    """When the cron runs next, as the server writes it (wire name ``nextExecutionDate``)."""
    ctime: Final[datetime | None] = None
    """When the cron was created."""
    mtime: Final[datetime | None] = None
    """When the cron was last changed."""
    id: Final[str | None] = None
    """The cron's document id."""

    @property
    def path(self) -> str:
        """``owner/name``."""
        return f"{self.owner}/{self.name}"

    def _saved_name(self) -> str:
        return str(self._loaded.get("name", self.name))

    async def refresh(self) -> Self:
        """Fetch the cron again: ``GET /cron/{owner}/{name}``."""
        self._replace_with(await _client_of(self).crons.get(self.owner, self._saved_name()))
        return self

    async def save(self) -> Self:
        """Send the changed fields: ``POST /cron/{owner}/{name}/admin`` (a changed ``name`` renames the cron)."""
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
        """Stop the schedule: ``status`` set to ``paused`` and saved (``POST /cron/{owner}/{name}/admin``)."""
        self.status = "paused"
        return await self.save()

    async def resume(self) -> Self:
        """Start the schedule again: ``status`` set to ``active`` and saved (``POST /cron/{owner}/{name}/admin``)."""
        self.status = "active"
        return await self.save()

    async def delete(self) -> None:
        """Delete the cron: ``POST /cron/{owner}/{name}/destroy``."""
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
