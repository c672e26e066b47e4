"""The hook.io client."""

from __future__ import annotations

import os
import ssl
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx
from typing_extensions import Self

from resourcekit.core import concurrency
from resourcekit.core._async.auth import AsyncAuth
from resourcekit.core._async.client import AsyncBaseClient
from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core.config import ConfigResolver, check_server_url
from resourcekit.core.errors import ConfigurationError, InvalidInputError
from resourcekit.core.options import (
    DEFAULT_MAX_LINE_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    HTTPBackend,
    TransportOptions,
    as_timeout,
)
from resourcekit.core.redact import mask
from resourcekit.core.request import NO_BODY, RequestSpec
from resourcekit.core.response import APIResponse
from resourcekit.core.validate import one_of, raw_path, shown
from resourcekit.hookio import roles, wire
from resourcekit.hookio._async.logbridge import AsyncLogs
from resourcekit.hookio._async.managers import (
    AsyncAccountManager,
    AsyncCrons,
    AsyncDatastore,
    AsyncDomains,
    AsyncEnv,
    AsyncEvents,
    AsyncFiles,
    AsyncGateway,
    AsyncHooks,
    AsyncKeys,
    AsyncMetrics,
    AsyncServer,
)

ENV_KEYS = ("hook_private_key", "hookAccessKey")
ENV_URL = wire.URL_VARIABLE
OWNER_PROBE_ROLES = (roles.HOOK_RUN, roles.KEYS_CHECK_ACCESS, roles.KEYS_READ, roles.HOOK_FIND, roles.EVENTS_READ)
"""Roles tried, in order, to learn a key's owner from ``/keys/checkAccess`` (it names the owner
only when the key holds the role asked about)."""


class AsyncHookIOAuth(AsyncAuth):
    """Puts the key where each operation reads it (see `wire.with_key`)."""

    def __init__(self, api_key: str | None) -> None:
        self._api_key = api_key

    async def prepare(self, spec: RequestSpec) -> RequestSpec:
        return wire.with_key(spec, self._api_key)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(api_key={mask(self._api_key)!r})"


class AsyncHookIO(AsyncBaseClient):
    """A hook.io client.

    Args:
        api_key: Your key; else the ``hook_private_key`` or ``hookAccessKey`` environment variable.
            Without one, only public hooks, metrics and login work.
        url: The server; else ``HOOKIO_URL``, else ``https://hook.io``.
        timeout: Seconds (or an `httpx.Timeout`) per request.
        max_retries: Retries of failed requests (those not safe to repeat only when they surely
            did not reach the server).
        verify: TLS verification (``False``, a CA bundle path, an `ssl.SSLContext` for a client
            certificate, or ``True``).
        proxy: A proxy URL for every request.
        uds: A Unix domain socket to connect through.
        headers: Extra headers for every request.
        http2: Negotiate HTTP/2 (needs the ``http2`` extra).
        user_agent_extra: Appended to the ``User-Agent`` header.
        environ: The environment to read instead of `os.environ`.
        http_transport: An httpx transport to send through (tests, the in-process sandbox).
        allow_http: Allow a plain ``http://`` URL to a host that is not loopback (credentials would
            cross the network unencrypted; loopback, Unix sockets and in-process transports need no
            opt-in).
        max_response_bytes: Refuse a reply longer than this (`ResponseTooLargeError`), 64 MiB by
            default.
        max_line_bytes: The longest line a streamed reply may send, 1 MiB by default.
        http_backend: What requests travel through: ``"aiohttp"`` (the default for event-loop clients
            when it is installed) or ``"httpcore"`` (HTTP/2, SOCKS proxies, and every blocking client);
            ``"auto"`` picks.
        deadline: Seconds a whole call may take, retries and their waits included (``None``: each
            attempt is bounded by ``timeout`` only).

    Managers: `hooks`, `datastore`, `events`, `keys`, `files`, `env`, `domains`, `metrics`,
    `account`, `server`, `crons`, `gateway`, `logs`.
    The raw escape hatch: `request` (parsed reply) and `request_raw` (`APIResponse`).
    """

    url: str
    """The server's base URL, without a trailing slash."""
    hooks: AsyncHooks
    """Hooks: run, create, get, update, destroy, list, fork, their source, logs and package."""
    datastore: AsyncDatastore
    """Your datastore: JSON values by key."""
    events: AsyncEvents
    """Your account's events, the latest or live."""
    keys: AsyncKeys
    """API keys and their roles."""
    files: AsyncFiles
    """Your file tree."""
    env: AsyncEnv
    """The environment variables your hooks see."""
    domains: AsyncDomains
    """Custom domains forwarding to your hooks."""
    metrics: AsyncMetrics
    """Public counters of hooks."""
    account: AsyncAccountManager
    """Your account: session login, who you are, your hooks."""
    server: AsyncServer
    """Facts about the server itself."""
    crons: AsyncCrons
    """URLs requested on a schedule."""
    gateway: AsyncGateway
    """Run a snippet of code without creating a hook."""
    logs: AsyncLogs
    """Forward hook logs into Python's `logging`."""

    def __init__(
        self,
        api_key: str | None = None,
        url: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        verify: bool | str | ssl.SSLContext = True,
        proxy: str | None = None,
        uds: str | None = None,
        headers: Mapping[str, str] | None = None,
        http2: bool = False,
        user_agent_extra: str | None = None,
        allow_http: bool = False,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
        http_backend: HTTPBackend = "auto",
        deadline: float | None = None,
        environ: Mapping[str, str] | None = None,
        http_transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        _transport: AsyncTransport | None = None,
    ) -> None:
        resolver = ConfigResolver("hook.io", environ=environ)
        self._api_key = resolver.value("api_key", api_key, env=ENV_KEYS)
        base = resolver.value("url", url, env=[ENV_URL]) or wire.DEFAULT_URL
        self.url = check_server_url(base, "the hook.io URL").rstrip("/")  # InvalidAddressError when malformed
        """The server's base URL, without a trailing slash."""
        if _transport is None:
            options = TransportOptions(
                base_url=self.url,
                timeout=as_timeout(timeout),
                max_retries=max_retries,
                headers=dict(headers or {}),
                proxy=proxy,
                verify=verify,
                uds=uds,
                http2=http2,
                user_agent_extra=user_agent_extra,
                allow_http=allow_http,
                max_response_bytes=max_response_bytes,
                max_line_bytes=max_line_bytes,
                http_backend=http_backend,
                deadline=deadline,
            )
            _transport = AsyncTransport(
                options,
                hooks=wire.HookIOHooks(),
                auth=AsyncHookIOAuth(self._api_key),
                http_transport=http_transport,
                sleep=sleep,
            )
        self._transport = _transport
        self._owner: str | None = None
        self._owner_known = False
        self._owner_lock = concurrency.AsyncLock()
        self.hooks = AsyncHooks(self)
        """Hooks: run, create, get, update, destroy, list, fork, their source, logs and package."""
        self.datastore = AsyncDatastore(self)
        """Your datastore: JSON values by key."""
        self.events = AsyncEvents(self)
        """Your account's events, the latest or live."""
        self.keys = AsyncKeys(self)
        """API keys and their roles."""
        self.files = AsyncFiles(self)
        """Your file tree."""
        self.env = AsyncEnv(self)
        """The environment variables your hooks see."""
        self.domains = AsyncDomains(self)
        """Custom domains forwarding to your hooks."""
        self.metrics = AsyncMetrics(self)
        """Public counters of hooks."""
        self.account = AsyncAccountManager(self)
        """Your account: session login, who you are, your hooks."""
        self.server = AsyncServer(self)
        """Facts about the server itself."""
        self.crons = AsyncCrons(self)
        """URLs requested on a schedule."""
        self.gateway = AsyncGateway(self)
        """Run a snippet of code without creating a hook."""
        self.logs = AsyncLogs(self)
        """Forward hook logs into Python's `logging`."""

    @classmethod
    def from_hook_environment(
        cls, hook: Any = None, *, environ: Mapping[str, str] | None = None, api_key: str | None = None, **options: Any
    ) -> Self:
        """A client for code running inside a hook: the key from the request or
        ``Hook.env.hookAccessKey``, the API host from ``Hook.env.HOOKIO_URL``, else the
        ``HOOKIO_URL`` variable, else ``https://hook.io``; TLS verified (pass ``verify=False`` or a
        CA bundle for a runner with internal certificates).

        The host is never taken from ``Hook.req.host``: the caller of the hook chose it, and this
        client carries the owner's key.

        Args:
            hook: The runner's ``Hook`` (a mapping or an object); by default ``__main__.Hook``.
        """
        if hook is None:
            import __main__

            hook = getattr(__main__, "Hook", None)
            if hook is None:
                raise ConfigurationError("hook.io: no Hook object given and none in __main__ (not inside a hook?)")
        settings = wire.hook_environment(hook, os.environ if environ is None else environ, api_key)
        options.setdefault("verify", settings.verify)
        return cls(api_key=settings.api_key, url=settings.url, environ=environ, **options)

    @property
    def has_key(self) -> bool:
        return self._api_key is not None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self.url!r}, api_key={mask(self._api_key)!r})"

    def with_options(self, *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None) -> Self:
        """A copy with other settings, sharing this client's connections (and session)."""
        changes: dict[str, Any] = {}
        if timeout is not None:
            changes["timeout"] = timeout
        if max_retries is not None:
            changes["max_retries"] = max_retries
        copy = type(self)(api_key=self._api_key, url=self.url, _transport=self._transport.with_options(**changes))
        copy._owner, copy._owner_known = self._owner, self._owner_known
        return copy

    # -- sending ------------------------------------------------------------------------------

    async def _send(self, spec: RequestSpec) -> APIResponse:
        return await self._transport.request(spec)

    async def _call(self, spec: RequestSpec) -> Any:
        return (await self._transport.request(spec)).parsed

    def _raw_spec(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        json: Any,
        auth: wire.AuthMode,
        reply: wire.ReplyKind,
    ) -> RequestSpec:
        if not isinstance(method, str) or not method.isalpha():  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"method must be an HTTP method such as GET or POST; got {shown(method)}")
        raw_path(path, "path")
        one_of(auth, wire.AUTH_MODES, "auth")
        one_of(reply, wire.REPLY_KINDS, "reply")
        op = f"raw.{method.lower()}"
        return wire.spec(method.upper(), path, op, auth=auth, reply=reply, params=params, json_body=json)

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = NO_BODY,
        auth: wire.AuthMode = "owner",
        reply: wire.ReplyKind = "json",
    ) -> Any:
        """Any route, the parsed reply: ``await hookio.request("GET", "/marak/echo/resource")``.

        ``auth`` says how the key travels (``"keys"`` for ``/keys/*``, ``"anonymous"`` for none);
        errors are detected as for every other call.
        """
        return await self._call(self._raw_spec(method, path, params, json, auth, reply))

    async def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = NO_BODY,
        auth: wire.AuthMode = "owner",
        reply: wire.ReplyKind = "json",
    ) -> APIResponse:
        """Like `request`, but the whole `APIResponse` (status, headers, body, parsed value)."""
        return await self._send(self._raw_spec(method, path, params, json, auth, reply))

    # -- the key's owner ----------------------------------------------------------------------

    async def owner(self) -> str:
        """The owner of your key (asked once with ``/keys/checkAccess``, then remembered).

        Raises:
            ConfigurationError: No key, or a key holding none of the roles that reveal its owner.
        """
        found = await self._key_owner()
        if found is None:
            raise ConfigurationError(
                "hook.io: cannot tell who owns this key (no key, or it holds none of "
                + ", ".join(OWNER_PROBE_ROLES)
                + "); pass the owner explicitly"
            )
        return found

    async def _key_owner(self) -> str | None:
        if self._owner_known:
            return self._owner
        async with self._owner_lock:
            if not self._owner_known:
                self._owner = await self._probe_owner()
                self._owner_known = True
        return self._owner

    async def _probe_owner(self) -> str | None:
        if self._api_key is None:
            return None
        for role in OWNER_PROBE_ROLES:
            has_access, key, _ = await self.keys.access(role)
            if has_access and key is not None and key.owner:
                return key.owner
        return None

    async def _owns(self, owner: str) -> bool:
        """Whether ``owner`` is your key's owner (the key then goes along to their hooks)."""
        return self._api_key is not None and await self._key_owner() == owner

    # -- lifetime ---------------------------------------------------------------------------

    async def __aenter__(self) -> AsyncHookIO:
        # Declared here with the concrete class, not inherited as ``Self``: editors whose
        # completion engine reads ``Self`` as the base class (Jedi) then offer ``hooks``, ``files``...
        await super().__aenter__()
        return self


__all__ = ["AsyncHookIO", "AsyncHookIOAuth"]
