"""The managers hanging off `AsyncHookIO`: one per noun of the API."""

from __future__ import annotations

import builtins
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager, nullcontext
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar, cast

import httpx

from resourcekit.core.errors import (
    BadRequestError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    ResponseValidationError,
)
from resourcekit.core.records import Model
from resourcekit.core.request import NO_BODY, RequestSpec
from resourcekit.core.validate import header_value
from resourcekit.hookio import packages, wire
from resourcekit.hookio import roles as role_names
from resourcekit.hookio._async.records import (
    AsyncCron,
    AsyncDatastoreKey,
    AsyncDomain,
    AsyncEnvVariable,
    AsyncFile,
    AsyncHook,
    AsyncHookLogs,
    AsyncKey,
)
from resourcekit.hookio._async.streams import AsyncEntryStream, AsyncRunStream
from resourcekit.hookio._async.websockets import AsyncHookSocket, async_open_socket
from resourcekit.hookio._mapping import AsyncDatastoreItems, AsyncEnvItems
from resourcekit.hookio.models import Account, DeletedHook, Event, KeyUser, LogEntry, RunResult, StorageObject
from resourcekit.hookio.packages import HookPackage

if TYPE_CHECKING:
    from resourcekit.hookio._async.client import AsyncHookIO

STREAM_TIMEOUT = httpx.Timeout(None, connect=5.0)
"""Streams are idle between entries: no read timeout."""

_HOOK_FIELDS = {
    "source": "source",
    "language": "language",
    "is_private": "isPrivate",
    "custom_timeout": "customTimeout",
    "theme_name": "themeName",
    "theme_source": "themeSource",
    "presenter_source": "presenterSource",
    "mschema": "mschema",
}


def _hook_name(owner_or_path: str, name: str | None) -> tuple[str, str]:
    if name is None:
        return wire.split_hook_path(owner_or_path)
    return owner_or_path, name


M = TypeVar("M", bound=Model)


def _validator(model: type[M]) -> Callable[[Any], M]:
    return model.from_wire


def _as_list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise ResponseValidationError(f"{what}: expected a list, got {type(value).__name__}", raw=value)
    return cast("list[Any]", value)


def _as_dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ResponseValidationError(f"{what}: expected an object, got {type(value).__name__}", raw=value)
    return cast("dict[str, Any]", value)


class AsyncHooks:
    """Hooks: run, create, get, update, destroy, list, fork, and their source, logs and package.

    A hook is named ``"owner/name"`` or by two arguments ``(owner, name)``.
    """

    def __init__(self, client: AsyncHookIO) -> None:
        self._client = client

    def _bind(self, doc: Any) -> AsyncHook:
        return AsyncHook.from_wire(_as_dict(doc, "hook")).bind(self._client)

    async def get(self, owner: str, name: str | None = None) -> AsyncHook:
        """A hook's resource document: ``GET /{owner}/{name}/resource``."""
        owner, name = _hook_name(owner, name)
        spec = wire.spec("GET", wire.hook_url(owner, name, "/resource"), "hook.resource")
        return self._bind(await self._client._call(spec))

    async def list(self, owner: str) -> list[AsyncHook]:
        """An owner's public hooks: ``GET /{owner}`` (`services` lists your own, private ones included)."""
        spec = wire.spec("GET", f"/{wire.segment(owner, 'owner')}", "hook.list")
        return [self._bind(doc) for doc in _as_list(await self._client._call(spec), "hooks")]

    async def find(self, owner: str, **criteria: Any) -> builtins.list[AsyncHook]:
        """An owner's public hooks whose fields equal ``criteria`` (wire names): ``POST /{owner}``."""
        body = {"query": wire.check_json(criteria, "hook criteria")}
        spec = wire.spec("POST", f"/{wire.segment(owner, 'owner')}", "hook.find", json_body=body, idempotent=True)
        return [self._bind(doc) for doc in _as_list(await self._client._call(spec), "hooks")]

    async def services(self) -> builtins.list[AsyncHook]:
        """Your hooks, private ones included: ``GET /services`` (a session, or a key with ``hook::find``)."""
        return await self._client.account.services()

    async def source(self, owner: str, name: str | None = None) -> str:
        """A hook's source code as text: ``GET /{owner}/{name}/source``."""
        owner, name = _hook_name(owner, name)
        spec = wire.spec("GET", wire.hook_url(owner, name, "/source"), "hook.source", reply="text")
        return str(await self._client._call(spec))

    async def view(self, owner: str, name: str | None = None) -> str:
        """A hook's view (its HTML theme) as text: ``GET /{owner}/{name}/view``."""
        owner, name = _hook_name(owner, name)
        spec = wire.spec("GET", wire.hook_url(owner, name, "/view"), "hook.view", reply="text")
        return str(await self._client._call(spec))

    async def presenter(self, owner: str, name: str | None = None) -> str:
        """A hook's presenter source as text: ``GET /{owner}/{name}/presenter``."""
        owner, name = _hook_name(owner, name)
        spec = wire.spec("GET", wire.hook_url(owner, name, "/presenter"), "hook.presenter", reply="text")
        return str(await self._client._call(spec))

    async def package(self, owner: str, name: str | None = None) -> dict[str, Any]:
        """A hook's package description: ``GET /{owner}/{name}/package``."""
        owner, name = _hook_name(owner, name)
        spec = wire.spec("GET", wire.hook_url(owner, name, "/package"), "hook.package")
        return _as_dict(await self._client._call(spec), "package")

    async def create(
        self,
        name: str,
        source: str,
        *,
        language: str = "javascript",
        is_private: bool = False,
        custom_timeout: int | None = None,
        theme_source: str | None = None,
        presenter_source: str | None = None,
        mschema: Mapping[str, Any] | None = None,
    ) -> AsyncHook:
        """Create a hook in your account (the server lowercases its name): ``POST /new``."""
        wire.segment(name, "hook name")
        body: dict[str, Any] = {
            "name": name,
            "source": source,
            "language": language,
            "hookSource": "code",
            "isPrivate": is_private,
        }
        optional = {
            "customTimeout": custom_timeout,
            "themeSource": theme_source,
            "presenterSource": presenter_source,
            "mschema": dict(mschema) if mschema is not None else None,
        }
        body.update({key: value for key, value in optional.items() if value is not None})
        spec = wire.spec("POST", "/new", "hook.create", json_body=body)
        reply = _as_dict(await self._client._call(spec), "hook.create")
        return self._bind(reply.get("hook"))

    async def update(
        self,
        owner: str,
        name: str | None = None,
        *,
        new_name: str | None = None,
        source: str | None = None,
        language: str | None = None,
        is_private: bool | None = None,
        custom_timeout: int | None = None,
        theme_name: str | None = None,
        theme_source: str | None = None,
        presenter_source: str | None = None,
        mschema: Mapping[str, Any] | None = None,
    ) -> AsyncHook:
        """Change a hook (``POST /admin``); fields left ``None`` are kept. ``new_name`` renames it."""
        owner, name = _hook_name(owner, name)
        values = {
            "source": source,
            "language": language,
            "is_private": is_private,
            "custom_timeout": custom_timeout,
            "theme_name": theme_name,
            "theme_source": theme_source,
            "presenter_source": presenter_source,
            "mschema": dict(mschema) if mschema is not None else None,
        }
        body: dict[str, Any] = {"owner": owner, "name": name, "save": True}
        if new_name is not None and new_name != name:
            wire.segment(new_name, "hook name")
            body.update({"name": new_name, "previousName": name})
        body.update({_HOOK_FIELDS[key]: value for key, value in values.items() if value is not None})
        spec = wire.spec("POST", "/admin", "hook.update", json_body=body, idempotent=True)
        reply = _as_dict(await self._client._call(spec), "hook.update")
        # 2019 servers answer {"hook": doc}, 2016 ones {"value": doc}.
        return self._bind(reply.get("hook") or reply.get("value"))

    async def destroy(self, owner: str, name: str | None = None) -> DeletedHook:
        """Delete a hook: ``POST /{owner}/{name}/delete``."""
        owner, name = _hook_name(owner, name)
        spec = wire.spec("POST", wire.hook_url(owner, name, "/delete"), "hook.destroy", json_body={})
        return DeletedHook.from_wire(_as_dict(await self._client._call(spec), "hook.destroy"))

    async def fork(self, owner: str, name: str | None = None, *, new_name: str | None = None) -> AsyncHook:
        """Copy someone's hook into your account (as ``new_name``, else its own name): ``POST /{owner}/{name}/fork``."""
        owner, name = _hook_name(owner, name)
        body: dict[str, Any] = {}
        if new_name is not None:
            wire.segment(new_name, "hook name")
            body["name"] = new_name
        spec = wire.spec("POST", wire.hook_url(owner, name, "/fork"), "hook.fork", json_body=body)
        return self._bind(_as_dict(await self._client._call(spec), "hook.fork").get("hook"))

    async def refresh_source(self, owner: str, name: str | None = None) -> AsyncHook:
        """Ask the server to reload a hook from its source: ``POST /{owner}/{name}/refresh``."""
        owner, name = _hook_name(owner, name)
        spec = wire.spec("POST", wire.hook_url(owner, name, "/refresh"), "hook.refresh", json_body={}, idempotent=True)
        return self._bind(_as_dict(await self._client._call(spec), "hook.refresh").get("hook"))

    # -- packages -----------------------------------------------------------------------------

    async def download(self, owner: str, name: str | None = None, *, folder: str | PathLike[str]) -> HookPackage:
        """Write a hook's source and a ``package.json`` into ``folder`` (``GET /{owner}/{name}/resource``).

        The folder is created when missing; the two files are replaced when present. The source
        file is named for the language (``index.py``, ``index.js``...; see `packages`).

        Returns:
            The package written (its ``main`` is the source file's name).
        """
        owner, name = _hook_name(owner, name)
        spec = wire.spec("GET", wire.hook_url(owner, name, "/resource"), "hook.resource")
        package = packages.package_from_hook(_as_dict(await self._client._call(spec), "hook"))
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        (target / package.main).write_text(package.source, encoding="utf-8")
        (target / packages.PACKAGE_FILE).write_text(packages.package_json(package), encoding="utf-8")
        return package

    async def deploy(self, folder: str | PathLike[str]) -> AsyncHook:
        """Create a hook from a package folder (``POST /new``), or update it when it exists (``POST /admin``).

        The folder holds a ``package.json`` (``name``, ``main``, settings under ``hook``) and the
        source file it names; an ``owner`` in the package is informative only (the hook goes to
        your key's owner).

        Raises:
            InvalidInputError: No ``package.json``, an unusable one, or no source file.
        """
        target = Path(folder)
        described = target / packages.PACKAGE_FILE
        if not described.is_file():
            raise InvalidInputError(f"{target} holds no {packages.PACKAGE_FILE}")
        name, main, _, settings = packages.read_package_json(described.read_text(encoding="utf-8"))
        source_file = target / main
        if not source_file.is_file():
            raise InvalidInputError(
                f"{packages.PACKAGE_FILE} names {main!r} as the source, but {target} has no such file"
            )
        source = source_file.read_text(encoding="utf-8")
        owner = await self._client.owner()
        options: dict[str, Any] = {
            "language": str(settings["language"]),
            "is_private": bool(settings.get("isPrivate", False)),
            "custom_timeout": settings.get("customTimeout"),
            "theme_source": settings.get("themeSource"),
            "presenter_source": settings.get("presenterSource"),
            "mschema": settings.get("mschema"),
        }
        try:
            await self.get(owner, name.lower())
        except NotFoundError:
            hook = await self.create(name, source, **options)
            if settings.get("themeName") is None:
                return hook
            return await self.update(owner, hook.name, theme_name=str(settings["themeName"]))
        return await self.update(owner, name.lower(), source=source, theme_name=settings.get("themeName"), **options)

    # -- running ------------------------------------------------------------------------------

    async def _run_spec(
        self,
        path: str,
        data: Mapping[str, Any] | str | bytes | None,
        method: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        send_key: bool | None,
        subpath: str | None = None,
    ) -> Any:
        owner, name = wire.split_hook_path(path)
        # Everything is checked before the key's owner may be asked for (the first request).
        url = wire.hook_url(owner, name)
        if subpath:
            url += wire.subpath_segments(subpath)
        method = method.upper()
        if not method.isalpha():
            raise InvalidInputError(f"not an HTTP method: {method!r}")
        query: dict[str, Any] = wire.query_params(params or {}, "params")
        json_body: Any = NO_BODY
        content: bytes | None = None
        extra = {header: header_value(header, value) for header, value in (headers or {}).items()}
        if isinstance(data, Mapping):
            if method in ("GET", "HEAD", "DELETE"):
                query.update(wire.query_params(data, f"{method} data"))
            else:
                json_body = wire.check_json(dict(data), "the hook's data")
        elif isinstance(data, str):
            content = data.encode()
            extra.setdefault("Content-Type", "text/plain; charset=utf-8")
        elif isinstance(data, bytes):
            content = data
            extra.setdefault("Content-Type", "application/octet-stream")
        if send_key is None:
            send_key = await self._client._owns(owner)
        return wire.spec(
            method,
            url,
            "hook.run",
            auth="owner" if send_key else "anonymous",
            reply="data",
            params=query or None,
            json_body=json_body,
            content=content,
            headers=extra,
            idempotent=False,
        )

    async def run(
        self,
        path: str,
        data: Mapping[str, Any] | str | bytes | None = None,
        *,
        method: str = "POST",
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        send_key: bool | None = None,
        subpath: str | None = None,
    ) -> RunResult:
        """Run the hook ``owner/name`` and return its output: any method on ``/{owner}/{name}[/{subpath}]``.

        Args:
            path: ``"owner/name"``.
            data: A mapping (sent as the query string for GET, HEAD and DELETE, as a JSON body
                otherwise), text or bytes (sent as the body), or nothing.
            method: Any HTTP method; the hook sees query and body merged into ``Hook.params``.
            params: Query parameters, with any method.
            headers: Extra request headers.
            send_key: Whether to send your key. By default it goes only to your own hooks (the
                key's owner is learnt once, with ``/keys/checkAccess``), never to other owners'.
            subpath: A path after the hook's (``/owner/name/<subpath>``), which the hook sees in
                ``Hook.req.path``.

        Raises:
            RoleAccessError: The hook is private and the key may not run it.
            NotFoundError: No such hook.
            APIError: The run answered an error status (`ServerError` when the hook failed or hit
                its timeout, `RateLimitError` on 410); the hook's output is in ``.raw``.
        """
        spec = await self._run_spec(path, data, method, params, headers, send_key, subpath)
        response = await self._client._send(spec)
        return RunResult(status_code=response.status_code, headers=dict(response.headers), content=response.content)

    @asynccontextmanager
    async def run_stream(
        self,
        path: str,
        data: Mapping[str, Any] | str | bytes | None = None,
        *,
        method: str = "POST",
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        send_key: bool | None = None,
        subpath: str | None = None,
    ) -> AsyncGenerator[AsyncRunStream, None]:
        """Run a hook (``/{owner}/{name}``) and read its output while it arrives::

            async with hookio.hooks.run_stream("marak/echo") as output:
                async for chunk in output.aiter_bytes(): ...

        A JSON reply is read whole first, to detect a role-access failure.
        """
        spec = await self._run_spec(path, data, method, params, headers, send_key, subpath)
        spec = spec.with_changes(timeout=STREAM_TIMEOUT)
        async with self._client._transport.stream(spec) as response:
            if "json" in response.headers.get("content-type", ""):
                await response.aread()
                failure = wire.error_for_reply(response.status_code, wire.parse_body(response, "data"), "data")
                if failure is not None:
                    raise failure
            yield AsyncRunStream(response, self._client._transport.options.max_line_bytes)

    # -- websockets ---------------------------------------------------------------------------

    @asynccontextmanager
    async def websocket(
        self,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        send_key: bool | None = None,
    ) -> AsyncGenerator[AsyncHookSocket, None]:
        """A websocket to the hook ``owner/name`` (``ws(s)://host/owner/name``)::

            async with hookio.hooks.websocket("marak/echo") as socket:
                await socket.send({"hello": "world"})
                print(await socket.receive())

        It goes over the client's connections, TLS settings and timeouts (a receive waits at most
        the read timeout). ``params`` are query parameters every run sees; ``send_key`` as for
        `run` (by default only to your own hooks). Needs the ``websockets`` extra (httpx-ws).
        """
        owner, name = wire.split_hook_path(path)
        async with async_open_socket(self._client, owner, name, send_key, dict(params or {})) as socket:
            yield socket

    # -- logs ---------------------------------------------------------------------------------

    def logs(self, owner: str, name: str | None = None) -> AsyncHookLogs:
        """A hook's log (``/{owner}/{name}/logs``): read, stream, flush."""
        owner, name = _hook_name(owner, name)
        return AsyncHookLogs(self._client, owner, name)

    async def read_logs(self, owner: str, name: str) -> builtins.list[LogEntry]:
        """A hook's recent log entries (at most 50), newest first: ``GET /{owner}/{name}/logs``."""
        spec = wire.spec("GET", wire.hook_url(owner, name, "/logs"), "logs.read")
        return [LogEntry.from_wire(entry) for entry in _as_list(await self._client._call(spec), "logs")]

    def stream_logs(
        self,
        owner: str,
        name: str,
        *,
        reconnect: bool = False,
        max_reconnects: int | None = 5,
        backoff: float = 0.0,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> AsyncEntryStream[LogEntry]:
        """A hook's log entries as they are written: ``GET /{owner}/{name}/logs?streaming=true`` (NDJSON)."""
        url = wire.hook_url(owner, name, "/logs")

        async def build() -> RequestSpec:
            spec = wire.spec("GET", url, "logs.stream", params={"streaming": "true"})
            return spec.with_changes(timeout=STREAM_TIMEOUT)

        return AsyncEntryStream(
            self._client._transport,
            build,
            _validator(LogEntry),
            reconnect=reconnect,
            max_reconnects=max_reconnects,
            backoff=backoff,
            sleep=sleep,
        )

    async def flush_logs(self, owner: str, name: str) -> bool:
        """Delete a hook's log, ``True`` when it held entries: ``GET /{owner}/{name}/logs?flush=true``."""
        spec = wire.spec(
            "GET", wire.hook_url(owner, name, "/logs"), "logs.flush", params={"flush": "true"}, idempotent=True
        )
        return bool(await self._client._call(spec))


class AsyncDatastore(AsyncDatastoreItems):
    """Your datastore: JSON values by key, read like a dict.

    ``await hookio.datastore["k"]`` (``hookio.datastore["k"]`` in sync code, where assignment and
    ``del`` work too), `get`, `set`, `delete`, `recent`. Values round-trip exactly as JSON.
    The server answers ``null`` for a missing key, so a stored ``None`` reads as missing.
    """

    def __init__(self, client: AsyncHookIO) -> None:
        self._client = client

    async def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key``, or ``default`` when it is missing (or ``None``): ``GET /datastore/get``."""
        spec = wire.spec(
            "GET", "/datastore/get", "datastore.get", reply="data", params={"key": wire.check_datastore_key(key)}
        )
        value = await self._client._call(spec)
        return default if value is None else value

    async def item(self, key: str) -> Any:
        """The value of ``key``: ``GET /datastore/get``.

        Raises:
            KeyError: The key is missing.
        """
        value = await self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __getitem__(self, key: str) -> Awaitable[Any]:
        return self.item(key)

    async def set(self, key: str, value: Any) -> None:
        """Store ``value`` (anything JSON can hold) under ``key``: ``POST /datastore/set``."""
        body = {"key": wire.check_datastore_key(key), "value": wire.check_json(value, "a datastore value")}
        spec = wire.spec("POST", "/datastore/set", "datastore.set", json_body=body, idempotent=True)
        reply = await self._client._call(spec)
        if reply != "OK":
            raise ResponseValidationError(f"datastore.set answered {reply!r}, not 'OK'", raw=reply)

    async def delete(self, key: str) -> bool:
        """Delete ``key``, ``True`` when it existed: ``POST /datastore/del``."""
        body = {"key": wire.check_datastore_key(key)}
        spec = wire.spec("POST", "/datastore/del", "datastore.del", json_body=body)
        return bool(await self._client._call(spec))

    async def recent(self) -> list[str]:
        """The names of the keys set most recently (up to 5), newest first: ``GET /datastore/recent``."""
        spec = wire.spec("GET", "/datastore/recent", "datastore.recent")
        return [str(name) for name in _as_list(await self._client._call(spec), "datastore.recent")]

    async def fetch(self, key: str) -> AsyncDatastoreKey:
        """``key`` and its value as a record (``save()``, ``delete()``, ``refresh()``): ``GET /datastore/get``."""
        return AsyncDatastoreKey(key=key, value=await self.get(key)).bind(self._client)

    def key(self, key: str, value: Any = None) -> AsyncDatastoreKey:
        """A record for ``key`` holding ``value``, without a request (``save()`` stores it)."""
        return AsyncDatastoreKey(key=wire.check_datastore_key(key), value=value).bind(self._client)


class AsyncEvents:
    """An account's events: the last 50 with `get`, live ones with `stream`."""

    def __init__(self, client: AsyncHookIO) -> None:
        self._client = client

    async def _url(self, owner: str | None) -> str:
        return f"/{wire.segment(owner or await self._client.owner(), 'owner')}/events"

    async def get(self, owner: str | None = None) -> list[Event]:
        """The recent events (at most 50), newest first: ``GET /{owner}/events`` (default: your key's owner)."""
        spec = wire.spec("GET", await self._url(owner), "events.get")
        return [Event.from_wire(entry) for entry in _as_list(await self._client._call(spec), "events")]

    def stream(
        self, owner: str | None = None, *, reconnect: bool = False, max_reconnects: int = 5
    ) -> AsyncEntryStream[Event]:
        """The events as they happen (the recent ones first): ``GET /{owner}/events?streaming=true``.

        ``owner`` defaults to your key's owner (learnt when the stream opens).
        """

        async def build() -> RequestSpec:
            spec = wire.spec("GET", await self._url(owner), "events.stream", params={"streaming": "true"})
            return spec.with_changes(timeout=STREAM_TIMEOUT)

        return AsyncEntryStream(
            self._client._transport, build, _validator(Event), reconnect=reconnect, max_reconnects=max_reconnects
        )


class AsyncKeys:
    """API keys and their roles. ``/keys/*`` reads the key from the body, so it is sent there too."""

    roles: tuple[role_names.RoleName, ...] = role_names.ALL_ROLES
    """Every role the server knows (custom roles are allowed too)."""

    def __init__(self, client: AsyncHookIO) -> None:
        self._client = client

    def _bind(self, doc: Any) -> AsyncKey:
        return AsyncKey.from_wire(_as_dict(doc, "key")).bind(self._client)

    async def create(self, name: str, roles: str | list[str] | tuple[str, ...]) -> AsyncKey:
        """Create a key holding ``roles`` (a list, or ``"a,b"``); the server makes its secret: ``POST /keys/create``."""
        if not isinstance(name, str) or not name:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"a key needs a non-empty name, not {name!r}")
        body = {"name": name, "roles": wire.roles_text(roles)}
        spec = wire.spec("POST", "/keys/create", "keys.create", auth="keys", json_body=body)
        return self._bind(await self._client._call(spec))

    async def destroy(self, name: str) -> None:
        """Destroy the key called ``name``: ``POST /keys/destroy``."""
        spec = wire.spec("POST", "/keys/destroy", "keys.destroy", auth="keys", json_body={"name": name})
        await self._client._call(spec)

    async def all(self) -> list[AsyncKey]:
        """Every key of your account: ``POST /keys/all``."""
        spec = wire.spec("POST", "/keys/all", "keys.all", auth="keys", json_body={}, idempotent=True)
        return [self._bind(doc) for doc in _as_list(await self._client._call(spec), "keys")]

    async def access(self, role: str, *, key: str | None = None) -> tuple[bool, AsyncKey | None, KeyUser | None]:
        """``/keys/checkAccess``: whether the key (yours, or ``key``) holds ``role``, with the key's
        document and owner when it does."""
        body: dict[str, Any] = {"role": wire.check_role(role)}
        if key is not None:
            body[wire.KEY_PARAM] = key
        spec = wire.spec("POST", "/keys/checkAccess", "keys.checkAccess", auth="keys", json_body=body, idempotent=True)
        reply = _as_dict(await self._client._call(spec), "keys.checkAccess")
        if not reply.get("hasAccess"):
            return False, None, None
        document = reply.get("key")
        found = self._bind(document) if isinstance(document, dict) else None
        user = reply.get("user")
        return True, found, KeyUser.from_wire(user) if isinstance(user, dict) else None

    async def check_access(self, role: str, *, key: str | None = None) -> bool:
        """Whether the key (yours, or ``key``) holds ``role``: ``POST /keys/checkAccess``."""
        has_access, _, _ = await self.access(role, key=key)
        return has_access


class AsyncFiles:
    """Your file tree: write, read, stat, remove, readdir, and streamed upload and download."""

    def __init__(self, client: AsyncHookIO) -> None:
        self._client = client

    def _bind(self, doc: Any) -> AsyncFile:
        return AsyncFile.from_wire(_as_dict(doc, "file")).bind(self._client)

    async def _post(self, op: str, body: dict[str, Any], *, idempotent: bool = True) -> Any:
        spec = wire.spec("POST", f"/files/{op}", f"files.{op}", json_body=body, idempotent=idempotent)
        return await self._client._call(spec)

    async def write(self, path: str, contents: str) -> AsyncFile:
        """Write text to ``path`` (created or replaced): ``POST /files/writeFile``."""
        if not isinstance(contents, str) or not contents:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError("a file's contents must be a non-empty string (use upload() for bytes)")
        return self._bind(await self._post("writeFile", {"path": wire.check_file_path(path), "contents": contents}))

    async def read(self, path: str) -> AsyncFile:
        """The file at ``path`` with its ``contents``: ``POST /files/readFile``."""
        return self._bind(await self._post("readFile", {"path": wire.check_file_path(path)}))

    async def read_text(self, path: str) -> str:
        """The contents of ``path``: ``POST /files/readFile``."""
        return (await self.read(path)).contents or ""

    async def stat(self, path: str) -> AsyncFile:
        """The file at ``path``, without its contents: ``POST /files/stat``."""
        return self._bind(await self._post("stat", {"path": wire.check_file_path(path)}))

    async def remove(self, path: str) -> None:
        """Remove ``path``: ``POST /files/removeFile``.

        Raises:
            NotFoundError: No such file.
        """
        await self._post("removeFile", {"path": wire.check_file_path(path)}, idempotent=False)

    async def readdir(self, path: str = "/") -> list[StorageObject]:
        """The files under ``path`` (storage objects; ``name`` is ``owner/path``): ``POST /files/readdir``."""
        rows = _as_list(await self._post("readdir", {"path": wire.check_file_path(path)}), "readdir")
        return [StorageObject.from_wire(row) for row in rows]

    async def upload(
        self, path: str, data: bytes | str | PathLike[str] | BinaryIO, *, content_type: str | None = None
    ) -> AsyncFile:
        """Store bytes at ``path`` from ``bytes``, a file path or a binary file: ``POST /files/upload``.

        A file (by path or object) is streamed in chunks, so a large one is never held in memory;
        a streamed body can be sent only once, so a failed streamed upload raises instead of being
        retried. ``bytes`` are sent whole and retried like any idempotent request.
        """
        payload: bytes | AsyncIterator[bytes]
        if isinstance(data, bytes):
            payload = data
        elif isinstance(data, str | PathLike):
            payload = _file_chunks(Path(data))
        else:
            payload = _file_chunks(data)
        spec = wire.spec(
            "POST",
            "/files/upload",
            "files.upload",
            params={"path": wire.check_file_path(path)},
            content=payload,
            headers={"Content-Type": content_type or "application/octet-stream"},
            idempotent=True,
        )
        return self._bind(await self._client._call(spec))

    @asynccontextmanager
    async def open_download(self, path: str) -> AsyncGenerator[AsyncRunStream, None]:
        """Stream the bytes of ``path`` (``GET /files/download``): ``async for chunk in stream.aiter_bytes()``."""
        spec = wire.spec(
            "GET", "/files/download", "files.download", reply="bytes", params={"path": wire.check_file_path(path)}
        ).with_changes(timeout=STREAM_TIMEOUT)
        async with self._client._transport.stream(spec) as response:
            yield AsyncRunStream(response, self._client._transport.options.max_line_bytes)

    async def download(self, path: str) -> bytes:
        """The bytes of ``path``: ``GET /files/download``."""
        async with self.open_download(path) as stream:
            return await stream.aread()

    async def iter_download(self, path: str) -> AsyncGenerator[bytes, None]:
        """The bytes of ``path`` in chunks, as they arrive: ``GET /files/download``."""
        async with self.open_download(path) as stream:
            async for chunk in stream.aiter_bytes():
                yield chunk


async def _file_chunks(source: Path | BinaryIO, size: int = 1 << 16) -> AsyncIterator[bytes]:
    """A file's bytes in chunks, read as the transport sends them (a path is opened and closed here)."""
    with source.open("rb") if isinstance(source, Path) else nullcontext(source) as handle:
        while chunk := handle.read(size):
            yield chunk


class AsyncEnv(AsyncEnvItems):
    """The environment variables your hooks see in ``Hook.env``.

    `set` sends a value as it is: ``""`` and ``0`` are stored, not deleted; only `delete` (or
    ``None`` in `update`) removes a variable.
    """

    def __init__(self, client: AsyncHookIO) -> None:
        self._client = client

    async def all(self) -> dict[str, Any]:
        """Every variable: ``GET /env``."""
        spec = wire.spec("GET", "/env", "env.get")
        reply = await self._client._call(spec)
        return {} if reply is None else _as_dict(reply, "env")

    async def get(self, name: str, default: Any = None) -> Any:
        """The value of ``name``, or ``default``: ``GET /env``."""
        return (await self.all()).get(name, default)

    def __getitem__(self, name: str) -> Awaitable[Any]:
        return self._item(name)

    async def _item(self, name: str) -> Any:
        variables = await self.all()
        if name not in variables:
            raise KeyError(name)
        return variables[name]

    async def update(self, changes: Mapping[str, Any]) -> None:
        """Set several variables at once (``None`` deletes one): ``POST /env``."""
        spec = wire.spec("POST", "/env", "env.set", json_body=wire.env_body(changes), idempotent=True)
        await self._client._call(spec)

    async def set(self, name: str, value: Any) -> None:
        """Set one variable (``None`` is refused: use `delete`): ``POST /env``."""
        if value is None:
            raise InvalidInputError("None would delete the variable; call delete() to do that")
        await self.update({name: value})

    async def delete(self, name: str) -> None:
        """Remove one variable: ``POST /env`` with its value ``null``."""
        await self.update({name: None})

    async def variable(self, name: str) -> AsyncEnvVariable:
        """One variable as a record (``save()``, ``delete()``, ``refresh()``): ``GET /env``."""
        return AsyncEnvVariable(name=name, value=await self.get(name)).bind(self._client)


class AsyncDomains:
    """Custom domains forwarding to your hooks."""

    def __init__(self, client: AsyncHookIO) -> None:
        self._client = client

    def _bind(self, doc: Any) -> AsyncDomain:
        return AsyncDomain.from_wire(_as_dict(doc, "domain")).bind(self._client)

    def _url(self, name: str, suffix: str = "") -> str:
        return f"/domains/{wire.segment(wire.check_domain(name), 'domain name')}{suffix}"

    async def all(self) -> list[AsyncDomain]:
        """Every domain of your account: ``GET /domains``."""
        spec = wire.spec("GET", "/domains", "domains.all")
        return [self._bind(doc) for doc in _as_list(await self._client._call(spec), "domains")]

    async def create(self, name: str, forward_url: str) -> AsyncDomain:
        """Point ``name`` at ``forward_url`` (a hook path such as ``/owner/hook``): ``POST /domains``."""
        wire.check_domain(name)
        if not forward_url:
            raise InvalidInputError("a domain needs a forward URL")
        body = {"name": name, "forwardUrl": forward_url}
        spec = wire.spec("POST", "/domains", "domains.create", json_body=body)
        return self._bind(await self._client._call(spec))

    async def get(self, name: str) -> AsyncDomain:
        """One custom domain: ``GET /domains/{name}``."""
        spec = wire.spec("GET", self._url(name), "domains.get")
        return self._bind(await self._client._call(spec))

    async def find(self, **criteria: Any) -> list[AsyncDomain]:
        """Domains whose fields equal ``criteria`` (wire names, e.g. ``forwardUrl=...``): ``POST /domains/find``."""
        body = {"query": wire.check_json(criteria, "domain criteria")}
        spec = wire.spec("POST", "/domains/find", "domains.find", json_body=body, idempotent=True)
        return [self._bind(doc) for doc in _as_list(await self._client._call(spec), "domains")]

    async def update(self, name: str, *, forward_url: str) -> AsyncDomain:
        """Point the domain at another hook path: ``POST /domains/{name}/update``."""
        body = {"forwardUrl": forward_url}
        spec = wire.spec("POST", self._url(name, "/update"), "domains.update", json_body=body, idempotent=True)
        return self._bind(await self._client._call(spec))

    async def destroy(self, name: str) -> None:
        """Remove the custom domain: ``POST /domains/{name}/destroy``."""
        spec = wire.spec("POST", self._url(name, "/destroy"), "domains.destroy", json_body={})
        await self._client._call(spec)


class AsyncMetrics:
    """Public counters of hooks."""

    def __init__(self, client: AsyncHookIO) -> None:
        self._client = client

    async def hits(self, owner: str, name: str | None = None) -> int:
        """How many times the hook ran: ``GET /metrics/{owner}/{name}/hits``."""
        owner, name = _hook_name(owner, name)
        url = f"/metrics/{wire.segment(owner, 'owner')}/{wire.segment(name, 'hook name')}/hits"
        spec = wire.spec("GET", url, "metrics.hits", auth="anonymous", reply="text")
        reply = await self._client._call(spec)
        try:
            return int(str(reply).strip())
        except (TypeError, ValueError):
            raise ResponseValidationError(f"hits is not a number: {reply!r}", raw=reply) from None


class AsyncAccountManager:
    """Your account: session login, who you are, your hooks."""

    def __init__(self, client: AsyncHookIO) -> None:
        self._client = client

    async def login(self, name: str, password: str) -> None:
        """Open a session (kept as a cookie) that gives the owner full access: ``POST /login``.

        Raises:
            AuthenticationError: Wrong name or password (``code`` is the server's result).
        """
        if not name or not password:
            raise InvalidInputError("login needs a name (or email) and a password")
        spec = wire.spec(
            "POST", "/login", "account.login", auth="anonymous", json_body={"name": name, "password": password}
        )
        await self._client._call(spec)

    async def signup(self, name_or_email: str, password: str) -> None:
        """Create an account (a name, or an email the name comes from) and open its session: ``POST /signup``.

        Raises:
            ConflictError: The account exists.
            BadRequestError: The server refused the name or the password.
        """
        if not isinstance(name_or_email, str) or len(name_or_email) < 3:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError("signup needs a name or email of at least 3 characters")
        if not password:
            raise InvalidInputError("signup needs a password")
        body = {"email": name_or_email, "password": password}
        spec = wire.spec("POST", "/signup", "account.signup", auth="anonymous", reply="text", json_body=body)
        response = await self._client._send(spec)
        if response.status_code in (301, 302, 303):
            return
        reply = str(response.parsed).strip()
        if "already exists" in reply:
            raise ConflictError(reply, status=409, raw=reply)
        raise BadRequestError(f"signup refused: {reply}", status=400, code=reply, raw=reply)

    async def whoami(self) -> Account:
        """The session's account (``GET /account``), else your key's owner (from ``/keys/checkAccess``)."""
        spec = wire.spec("GET", "/account", "account.info")
        response = await self._client._send(spec)
        parsed: Any = response.parsed
        if response.status_code == 200 and isinstance(parsed, dict):
            return Account.from_wire(parsed)
        return Account(name=await self._client.owner())

    async def services(self) -> list[AsyncHook]:
        """Your hooks: ``GET /services``."""
        spec = wire.spec("GET", "/services", "account.services")
        return [
            AsyncHook.from_wire(doc).bind(self._client) for doc in _as_list(await self._client._call(spec), "services")
        ]


class AsyncCrons:
    """Crons: URLs (usually your hooks) requested on a schedule."""

    def __init__(self, client: AsyncHookIO) -> None:
        self._client = client

    def _bind(self, doc: Any) -> AsyncCron:
        return AsyncCron.from_wire(_as_dict(doc, "cron")).bind(self._client)

    @staticmethod
    def _url(owner: str, name: str, suffix: str = "") -> str:
        return f"/cron/{wire.segment(owner, 'owner')}/{wire.segment(name, 'cron name')}{suffix}"

    async def all(self, owner: str | None = None) -> list[AsyncCron]:
        """Every cron of ``owner`` (default: your key's owner), without ``uri``: ``GET /cron/{owner}``."""
        owner = owner or await self._client.owner()
        spec = wire.spec("GET", f"/cron/{wire.segment(owner, 'owner')}", "cron.all")
        docs = _as_list(await self._client._call(spec), "crons")
        return [self._bind(doc) for doc in docs]

    async def get(self, owner: str, name: str | None = None) -> AsyncCron:
        """One cron, ``"owner/name"`` or ``(owner, name)``: ``GET /cron/{owner}/{name}``."""
        owner, name = _hook_name(owner, name)
        return self._bind(await self._client._call(wire.spec("GET", self._url(owner, name), "cron.get")))

    async def create(
        self, name: str, uri: str, cron_expression: str, *, status: str = "active", method: str = "GET"
    ) -> AsyncCron:
        """Request ``uri`` on the schedule ``cron_expression`` (five or six fields): ``POST /cron/new``."""
        wire.segment(name, "cron name")
        if not uri:
            raise InvalidInputError("a cron needs a URI")
        if len(cron_expression.split()) not in (5, 6):
            raise InvalidInputError(f"a cron expression has 5 or 6 fields, not {cron_expression!r}")
        body = {"name": name, "uri": uri, "cronExpression": cron_expression, "status": status, "method": method}
        return self._bind(await self._client._call(wire.spec("POST", "/cron/new", "cron.create", json_body=body)))

    async def update(
        self,
        owner: str,
        name: str | None = None,
        *,
        new_name: str | None = None,
        uri: str | None = None,
        cron_expression: str | None = None,
        status: str | None = None,
    ) -> AsyncCron:
        """Change a cron; fields left ``None`` are kept: ``POST /cron/{owner}/{name}/admin``."""
        owner, name = _hook_name(owner, name)
        if cron_expression is not None and len(cron_expression.split()) not in (5, 6):
            raise InvalidInputError(f"a cron expression has 5 or 6 fields, not {cron_expression!r}")
        body: dict[str, Any] = {"owner": owner, "name": new_name or name, "previousName": name}
        given = {"uri": uri, "cronExpression": cron_expression, "status": status}
        body.update({key: value for key, value in given.items() if value is not None})
        spec = wire.spec("POST", self._url(owner, name, "/admin"), "cron.update", json_body=body, idempotent=True)
        return self._bind(_as_dict(await self._client._call(spec), "cron.update").get("cron"))

    async def destroy(self, owner: str, name: str | None = None) -> None:
        """Delete a cron, ``"owner/name"`` or ``(owner, name)``: ``POST /cron/{owner}/{name}/destroy``."""
        owner, name = _hook_name(owner, name)
        await self._client._call(wire.spec("POST", self._url(owner, name, "/destroy"), "cron.destroy", json_body={}))


class AsyncGateway:
    """Gateways: run a snippet of code without creating a hook (``/gateway-<language>``).

    The snippet sees ``Hook.params`` like any hook; its output is the reply. Gateways are public:
    no key is sent.
    """

    def __init__(self, client: AsyncHookIO) -> None:
        self._client = client

    async def run(self, source: str, *, language: str = "python", params: Mapping[str, Any] | None = None) -> RunResult:
        """Run ``source`` in ``language`` with ``params``, return its output: ``POST /gateway-{language}``.

        Raises:
            InvalidInputError: An empty snippet, a language that is not a name, or ``params``
                holding ``source`` (the gateway's own parameter).
            ServerError: The snippet failed (its error text is the message), or the server
                cannot run that language.
        """
        if not isinstance(source, str) or not source.strip():  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError("a gateway needs some source code")
        wire.segment(language, "language")
        body = dict(wire.check_json(dict(params or {}), "gateway params"))
        if "source" in body:
            raise InvalidInputError("params may not hold 'source': the gateway reads the snippet from it")
        body["source"] = source
        spec = wire.spec(
            "POST",
            wire.gateway_url(language),
            "gateway.run",
            auth="anonymous",
            reply="data",
            json_body=body,
            idempotent=False,
        )
        response = await self._client._send(spec)
        return RunResult(status_code=response.status_code, headers=dict(response.headers), content=response.content)


class AsyncServer:
    """Facts about the hook.io server itself."""

    def __init__(self, client: AsyncHookIO) -> None:
        self._client = client

    async def languages(self) -> list[str]:
        """The languages hooks can be written in, read from the ``GET /languages`` page."""
        spec = wire.spec("GET", "/languages", "server.languages", auth="anonymous", reply="text")
        spec = spec.with_headers({"Accept": "text/html"})
        return wire.html_list_items(str(await self._client._call(spec)), "languages")

    async def roles(self) -> list[str]:
        """Every role the server knows (custom ones aside), read from the ``GET /roles`` page."""
        spec = wire.spec("GET", "/roles", "server.roles", auth="anonymous", reply="text")
        spec = spec.with_headers({"Accept": "text/html"})
        return wire.html_roles(str(await self._client._call(spec)))


__all__ = [
    "AsyncAccountManager",
    "AsyncCrons",
    "AsyncDatastore",
    "AsyncDomains",
    "AsyncEnv",
    "AsyncEvents",
    "AsyncFiles",
    "AsyncGateway",
    "AsyncHooks",
    "AsyncKeys",
    "AsyncMetrics",
    "AsyncServer",
]
