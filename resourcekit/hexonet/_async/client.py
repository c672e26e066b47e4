"""The HEXONET client: credentials, sessions, the command call, and the managers."""

from __future__ import annotations

import contextvars
import enum
import ssl
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Final

import httpx
from typing_extensions import Self

from resourcekit.core._async.auth import AsyncAuth
from resourcekit.core._async.client import AsyncBaseClient
from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core.concurrency import AsyncLock
from resourcekit.core.config import ConfigResolver
from resourcekit.core.errors import (
    APIError,
    AuthenticationError,
    ConfigurationError,
)
from resourcekit.core.options import (
    DEFAULT_MAX_LINE_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    HTTPBackend,
    TransportOptions,
    as_timeout,
)
from resourcekit.core.redact import MASK
from resourcekit.core.request import RequestSpec
from resourcekit.core.response import APIResponse
from resourcekit.hexonet._async.listing import DEFAULT_CONCURRENCY, AsyncListing, paging_window
from resourcekit.hexonet._async.managers import (
    AsyncAccountManager,
    AsyncContactManager,
    AsyncDNSZoneManager,
    AsyncDomainManager,
    AsyncNameserverManager,
)
from resourcekit.hexonet.errors import HexonetError
from resourcekit.hexonet.models import SavedSession
from resourcekit.hexonet.wire import (
    LIVE_ENTITY,
    LIVE_URL,
    OTE_ENTITY,
    OTE_URL,
    PAGING_COLUMNS,
    Command,
    Credentials,
    HexonetHooks,
    Response,
    System,
    check_credential,
    check_remote_address,
    check_user_view,
    encode_form,
    endpoint_url,
    form_fields,
    is_idempotent_command,
    prepare_command,
    role_login,
)

ENV_LOGIN = ("HEXONET_LOGIN",)
ENV_PASSWORD = ("HEXONET_PASSWORD",)
ENV_ROLE = ("HEXONET_ROLE",)
ENV_SYSTEM = ("HEXONET_SYSTEM",)
ENV_URL = ("HEXONET_URL",)
ENV_ENTITY = ("HEXONET_ENTITY",)
ENV_UDS = ("HEXONET_UDS",)

_SYSTEMS: dict[str, tuple[str, str]] = {"live": (LIVE_URL, LIVE_ENTITY), "ote": (OTE_URL, OTE_ENTITY)}


class _Keep(enum.Enum):
    KEEP = 0


KEEP: Final = _Keep.KEEP
"""The default of `AsyncHexonet.with_options` arguments: keep the current value."""

# The session generation a request was prepared with, so that many calls failing with 530 at once
# renew the session once (each task and thread sees its own value).
_prepared_generation: contextvars.ContextVar[int] = contextvars.ContextVar("hexonet_session_generation", default=-1)


@dataclass
class SessionState:
    """Credentials and the current session, shared by a client and its `with_options` copies."""

    login: str | None
    """The account id (``s_login``), ``None`` when a saved session is used without it."""
    password: str | None = field(repr=False)
    """The password (``s_pw``): never shown in a repr."""
    role: str | None = None
    """A role id: the client logs in as ``login!role``."""
    otp: str | None = field(default=None, repr=False)
    """A one-time password, spent on starting a session."""
    session: str | None = field(default=None, repr=False)
    """The session id sent instead of the credentials (``s_session``), if one is open."""
    generation: int = 0
    """Counts session changes, so that calls failing together renew the session once."""
    lock: AsyncLock = field(default_factory=AsyncLock, repr=False)
    """Held while a session is started or renewed."""

    def use(self, session: str | None) -> None:
        """Switch to another session id (``None``: send the credentials), moving to a new generation."""
        self.session = session
        self.generation += 1


class AsyncHexonetAuth(AsyncAuth):
    """Adds the form fields: credentials or the session, entity, remote address, user view.

    With a one-time password the first call starts a session (an OTP is valid once); a session that
    expired (530) is renewed once with the stored credentials and the call sent again.
    """

    def __init__(self, state: SessionState, start_session: Callable[[], Awaitable[None]]) -> None:
        self.state: SessionState = state
        """The credentials or session id sent with each command, shared with the client."""
        self._start_session = start_session

    async def prepare(self, spec: RequestSpec) -> RequestSpec:
        """The request with its form body: the command and the credentials or session fields."""
        state = self.state
        context = spec.context
        logging_in = bool(context.get("login"))
        if not logging_in and state.session is None and state.otp:
            async with state.lock:
                if state.session is None and state.otp:
                    await self._start_session()
        _prepared_generation.set(state.generation)
        credentials = Credentials(
            entity=context.get("entity"),
            login=role_login(state.login, state.role) if state.login else None,
            otp=state.otp if logging_in else None,
            password=state.password,
            remote_address=context.get("remote_address"),
            session=None if logging_in else state.session,
            user=context.get("user"),
        )
        body = encode_form(form_fields(context["fields"], credentials))
        return spec.with_changes(
            content=body, headers={**spec.headers, "Content-Type": "application/x-www-form-urlencoded"}
        )

    async def recover(self, error: APIError, spec: RequestSpec) -> bool:
        """Whether to send the call again: after an expired session (530) was renewed, once."""
        state = self.state
        if not isinstance(error, AuthenticationError) or spec.context.get("login"):
            return False
        if spec.context.get("command", "").lower() == "endsession":
            return False
        if state.session is None or not state.login or not state.password:
            return False
        async with state.lock:
            if state.generation != _prepared_generation.get():
                return True  # another call renewed the session meanwhile
            try:
                await self._start_session()
            except AuthenticationError:
                return False
        return True


class AsyncSessionScope:
    """What `AsyncHexonet.session` returns: logs in on entry and out on exit, even on an error.

    A class rather than a generator-based context manager, so that completion engines (Jedi too)
    know the ``as`` target is the client.
    """

    def __init__(self, client: AsyncHexonet, *, timeout: int | None, max_ttl: int | None, otp: str | None) -> None:
        self._client = client
        self._login: dict[str, Any] = {"timeout": timeout, "max_ttl": max_ttl, "otp": otp}

    async def __aenter__(self) -> AsyncHexonet:
        await self._client.login(**self._login)
        return self._client

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._client.logout()


class AsyncHexonet(AsyncBaseClient):
    """A HEXONET (ISPAPI) client.

    Args:
        login: The account id; else ``HEXONET_LOGIN``.
        password: The password; else ``HEXONET_PASSWORD``.
        role: A role id: logs in as ``login!role``; else ``HEXONET_ROLE``.
        otp: A one-time password: the client starts a session with it on the first call.
        system: ``"live"`` (entity ``54cd``) or ``"ote"`` (the test system, entity ``1234``); else
            ``HEXONET_SYSTEM``, default live.
        url: The endpoint (the sandbox, or a local proxy such as ``http://127.0.0.1/api/call.cgi``);
            else ``HEXONET_URL``, default the system's URL. A URL without a path (the server root
            that ``resourcekit sandbox serve`` prints) gets ``/api/call.cgi`` appended.
        entity: Overrides the system entity; else ``HEXONET_ENTITY``.
        remote_address: The end user's IP address, for accounts with an IP filter (``s_remoteaddr``).
        user_view: Act in a subuser's view (``s_user``).
        session: A saved session (`SavedSession` or its ``as_dict()``) to reuse instead of logging in.
        proxy: A proxy URL for the HTTP connection.
        referer: A ``Referer`` header sent with every call.
        timeout: Seconds, or an `httpx.Timeout` (default connect 5 s, read 60 s).
        max_retries: Retries of failed idempotent commands and of unsent requests.
        http_transport: An httpx transport to send through (tests, the in-process sandbox).
        sleep: Awaited between retries (tests pass one that does not wait).
        verify: TLS verification: ``True``, ``False``, a CA bundle path, or an `ssl.SSLContext` (for a
            client certificate, say).
        http2: Negotiate HTTP/2.
        uds: Connect through this Unix domain socket; else ``HEXONET_UDS``.
        user_agent_extra: Appended to the ``User-Agent`` header.
        headers: Extra headers for every call.
        environ: The environment to read instead of ``os.environ``.
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
    """

    # Set by ``_init_managers`` (again on each ``with_options`` copy); declared here so that the
    # reference pages and editors show them.
    domains: AsyncDomainManager
    """Domains: ``CheckDomain(s)``, ``StatusDomain``, ``QueryDomainList``, ``AddDomain``, ``TransferDomain``."""
    contacts: AsyncContactManager
    """Contact handles: ``StatusContact``, ``QueryContactList``, ``AddContact``."""
    nameservers: AsyncNameserverManager
    """Name server host objects: ``CheckNameserver``, ``StatusNameserver``, ``AddNameserver``."""
    zones: AsyncDNSZoneManager
    """DNS zones: ``StatusDNSZone``, ``QueryDNSZoneList``, ``CreateDNSZone``."""
    account: AsyncAccountManager
    """The account itself: ``StatusAccount``."""

    def __init__(
        self,
        login: str | None = None,
        password: str | None = None,
        *,
        role: str | None = None,
        otp: str | None = None,
        system: System | None = None,
        url: str | None = None,
        entity: str | None = None,
        remote_address: str | None = None,
        user_view: str | None = None,
        session: SavedSession | Mapping[str, str] | None = None,
        proxy: str | None = None,
        referer: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        verify: bool | str | ssl.SSLContext = True,
        http2: bool = False,
        uds: str | None = None,
        user_agent_extra: str | None = None,
        headers: Mapping[str, str] | None = None,
        environ: Mapping[str, str] | None = None,
        allow_http: bool = False,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
        http_backend: HTTPBackend = "auto",
        deadline: float | None = None,
    ) -> None:
        config = ConfigResolver("HEXONET", environ=environ)
        saved = SavedSession.from_dict(session) if isinstance(session, Mapping) else session
        system_name = config.value("system", system, env=ENV_SYSTEM) or "live"
        if system_name not in _SYSTEMS:
            raise ConfigurationError(f"HEXONET: system must be 'live' or 'ote', not {system_name!r}")
        system_url, system_entity = _SYSTEMS[system_name]
        resolved_login = config.value("login", login, env=ENV_LOGIN)
        resolved_password = config.value("password", password, env=ENV_PASSWORD)
        if saved is None:
            resolved_login = config.require("login", login, env=ENV_LOGIN)
            resolved_password = config.require("password", password, env=ENV_PASSWORD)
        self.system: str = system_name
        """The system the client talks to: ``live`` or ``ote`` (the test system)."""
        self.url: str = endpoint_url(config.value("url", url, env=ENV_URL) or system_url)
        """The endpoint every command is posted to (``.../api/call.cgi``)."""
        self.entity: str = (
            (saved.entity if saved else None) or config.value("entity", entity, env=ENV_ENTITY) or (system_entity)
        )
        """The system entity sent as ``s_entity``: ``54cd`` live, ``1234`` OTE."""
        check_credential(self.entity, "entity")
        check_credential(saved.session if saved else None, "session")
        check_credential(resolved_login, "login")
        check_credential(resolved_password, "password")
        check_credential(otp, "otp")
        self.remote_address: str | None = check_remote_address(remote_address)
        """The end user's IP address sent as ``s_remoteaddr``, for accounts with an IP filter."""
        self.user_view: str | None = check_user_view(user_view)
        """The subuser whose view commands act in, sent as ``s_user``."""
        self.referer: str | None = referer
        """The ``Referer`` header sent with every command."""
        self.proxy: str | None = proxy
        """The proxy URL the HTTP connection goes through."""
        self._state = SessionState(
            login=resolved_login,
            password=resolved_password,
            role=check_credential(config.value("role", role, env=ENV_ROLE), "role"),
            otp=otp,
            session=saved.session if saved else None,
        )
        headers = {**(headers or {}), **({"Referer": referer} if referer else {})}
        options = TransportOptions(
            base_url=self.url,
            timeout=as_timeout(timeout),
            max_retries=max_retries,
            headers=headers,
            proxy=proxy,
            verify=verify,
            http2=http2,
            uds=config.value("uds", uds, env=ENV_UDS),
            user_agent_extra=user_agent_extra,
            allow_http=allow_http,
            max_response_bytes=max_response_bytes,
            max_line_bytes=max_line_bytes,
            http_backend=http_backend,
            deadline=deadline,
        )
        auth = AsyncHexonetAuth(self._state, self._start_session)
        self._transport = AsyncTransport(
            options, hooks=HexonetHooks(), auth=auth, http_transport=http_transport, sleep=sleep
        )
        self._init_managers()

    def _init_managers(self) -> None:
        self.domains = AsyncDomainManager(self)
        """Domains: ``CheckDomain(s)``, ``StatusDomain``, ``QueryDomainList``, ``AddDomain``, ``TransferDomain``."""
        self.contacts = AsyncContactManager(self)
        """Contact handles: ``StatusContact``, ``QueryContactList``, ``AddContact``."""
        self.nameservers = AsyncNameserverManager(self)
        """Name server host objects: ``CheckNameserver``, ``StatusNameserver``, ``AddNameserver``."""
        self.zones = AsyncDNSZoneManager(self)
        """DNS zones: ``StatusDNSZone``, ``QueryDNSZoneList``, ``CreateDNSZone``."""
        self.account = AsyncAccountManager(self)
        """The account itself: ``StatusAccount``."""

    # -- copies -------------------------------------------------------------------------------

    def with_options(
        self,
        *,
        user_view: str | _Keep | None = KEEP,
        remote_address: str | _Keep | None = KEEP,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> Self:
        """A copy with other settings, sharing the connection pool and the session.

        Args:
            user_view: Act in this subuser's view (``None`` for your own).
            remote_address: Send this end-user IP address.
            timeout: Another timeout.
            max_retries: Another retry count.
        """
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        if not isinstance(user_view, _Keep):
            copy.user_view = check_user_view(user_view)
        if not isinstance(remote_address, _Keep):
            copy.remote_address = check_remote_address(remote_address)
        changes: dict[str, Any] = {}
        if timeout is not None:
            changes["timeout"] = timeout
        if max_retries is not None:
            changes["max_retries"] = max_retries
        copy._transport = self._transport.with_options(**changes)
        copy._init_managers()
        return copy

    # -- sessions -----------------------------------------------------------------------------

    @property
    def has_session(self) -> bool:
        """Whether calls go out with a session id rather than the password."""
        return self._state.session is not None

    async def _start_session(self, options: Mapping[str, Any] | None = None) -> None:
        command: dict[str, Any] = {"COMMAND": "StartSession", **(options or {})}
        response = await self._send(command, login=True)
        session = response.get("SESSION")
        if not session:
            raise HexonetError(
                "StartSession returned no session", code=response.code, response=response, command="StartSession"
            )
        self._state.otp = None  # a one-time password is spent
        self._state.use(session)

    async def login(
        self,
        *,
        otp: str | None = None,
        timeout: int | None = None,
        max_ttl: int | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> SavedSession:
        """Start a session (``StartSession``); later calls send its id instead of the password.

        The credentials are kept, so a session that expires is renewed once transparently.

        Args:
            otp: A one-time password for this login.
            timeout: Idle seconds before the session ends (60-3600; server default 600).
            max_ttl: Seconds the session may live at most (60-86400; server default 86400).
            options: Other ``StartSession`` parameters.

        Returns:
            The session, to store and reuse (`save_session` gives it again).

        Raises:
            ConfigurationError: The client has no login and password.
            HexonetAuthenticationError: The credentials were refused (530).
        """
        if not self._state.login or not self._state.password:
            raise ConfigurationError("HEXONET: login() needs a login and a password")
        params: dict[str, Any] = dict(options or {})
        if timeout is not None:
            params["TIMEOUT"] = timeout
        if max_ttl is not None:
            params["MAXTTL"] = max_ttl
        if otp is not None:
            self._state.otp = check_credential(otp, "otp")
        async with self._state.lock:
            await self._start_session(params)
        return self.save_session()

    async def logout(self) -> None:
        """End the session (``EndSession``); later calls send the credentials again."""
        if self._state.session is None:
            return
        try:
            await self._call({"COMMAND": "EndSession"})
        finally:
            self._state.use(None)

    def session(
        self, *, timeout: int | None = None, max_ttl: int | None = None, otp: str | None = None
    ) -> AsyncSessionScope:
        """``async with hexonet.session() as same:`` logs in on entry (``StartSession``) and out on exit
        (``EndSession``); ``same`` is this client.

        Args:
            timeout: Idle seconds before the session ends (60-3600; server default 600).
            max_ttl: Seconds the session may live at most (60-86400; server default 86400).
            otp: A one-time password for this login.

        Raises:
            ConfigurationError: The client has no login and password to start a session with.
            HexonetAuthenticationError: The credentials were refused (530).
        """
        return AsyncSessionScope(self, timeout=timeout, max_ttl=max_ttl, otp=otp)

    def save_session(self) -> SavedSession:
        """The current session, to store and hand to `reuse_session` (or ``session=``) later.

        Raises:
            ConfigurationError: There is no session.
        """
        if self._state.session is None:
            raise ConfigurationError("HEXONET: there is no session to save; call login() first")
        return SavedSession(entity=self.entity, session=self._state.session)

    def reuse_session(self, saved: SavedSession | Mapping[str, str]) -> None:
        """Send calls with a saved session (and its entity) from now on."""
        session = SavedSession.from_dict(saved) if isinstance(saved, Mapping) else saved
        check_credential(session.session, "session")
        self.entity = check_credential(session.entity, "entity") or self.entity
        self._state.use(session.session)

    # -- commands -----------------------------------------------------------------------------

    async def command(self, command: Command | str, *, idempotent: bool | None = None) -> Response:
        """Send any command and return its parsed reply; failures raise `HexonetError` subclasses.

        Args:
            command: ``{"COMMAND": "CheckDomains", "DOMAIN": ["a.com", "b.net"]}`` (lists become
                ``DOMAIN0``, ``DOMAIN1``...), or ``KEY=value`` text.
            idempotent: Whether a failed call may be sent again; by default ``Check*``,
                ``Status*``, ``Query*`` and ``Convert*`` commands are.

        Raises:
            InvalidInputError: The command cannot be encoded (before anything is sent).
        """
        return await self._call(command, idempotent=idempotent)

    async def command_response(self, command: Command | str, *, idempotent: bool | None = None) -> APIResponse:
        """Like `command`, but the `APIResponse`: status, headers, raw body, retries; ``.parsed`` is the `Response`."""
        return await self._send(command, idempotent=idempotent, full=True)

    def paginate(
        self,
        command: Command,
        *,
        page_size: int | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> AsyncListing[dict[str, str]]:
        """Every record of a list command, across pages (``FIRST``/``LIMIT``), fetched lazily.

        ``FIRST`` and ``LIMIT`` in the command set the start and page size; ``LAST`` is refused.
        Records leave out the paging columns (FIRST, LAST, COUNT, TOTAL, LIMIT).
        """
        return self._listing(command, dict, page_size=page_size, concurrency=concurrency)

    def _listing(
        self,
        command: Command,
        convert: Callable[[dict[str, str]], Any],
        *,
        page_size: int | None,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> AsyncListing[Any]:
        first, limit = paging_window(command, page_size)
        base = {key: value for key, value in command.items() if key.upper() not in ("FIRST", "LIMIT")}
        prepare_command(base)  # refuse bad input now, not at the first page

        async def fetch(offset: int, size: int) -> Response:
            return await self._call({**base, "FIRST": offset, "LIMIT": size})

        def strip_paging(row: dict[str, str]) -> Any:
            return convert({k: v for k, v in row.items() if k not in PAGING_COLUMNS})

        return AsyncListing(fetch, strip_paging, first=first, page_size=limit, concurrency=concurrency)

    async def _call(self, command: Command | str, *, idempotent: bool | None = None) -> Response:
        return await self._send(command, idempotent=idempotent)

    async def _send(
        self, command: Command | str, *, idempotent: bool | None = None, login: bool = False, full: bool = False
    ) -> Any:
        fields = prepare_command(command)
        name = fields["COMMAND"]
        spec = RequestSpec(
            "POST",
            self.url,
            idempotent=is_idempotent_command(name) if idempotent is None else idempotent,
            context={
                "command": name,
                "fields": fields,
                "login": login,
                "entity": self.entity,
                "remote_address": self.remote_address,
                "user": self.user_view,
            },
        )
        api_response = await self._transport.request(spec)
        return api_response if full else api_response.parsed

    # -- lifetime -----------------------------------------------------------------------------

    async def __aenter__(self) -> AsyncHexonet:
        # Declared with the concrete class (not ``Self`` from the base) so that completion engines
        # that resolve ``Self`` to the declaring class (Jedi) still offer ``.domains`` inside ``with``.
        await super().__aenter__()
        return self

    async def aclose(self) -> None:
        """Close the connection pool (the session stays open on the server; see `logout`)."""
        await self._transport.aclose()

    def __repr__(self) -> str:
        login = role_login(self._state.login, self._state.role) if self._state.login else None
        parts = [f"login={login!r}", f"system={self.system!r}", f"url={self.url!r}", f"entity={self.entity!r}"]
        if self._state.password:
            parts.append(f"password={MASK!r}")
        if self._state.session:
            parts.append(f"session={MASK!r}")
        if self.user_view:
            parts.append(f"user_view={self.user_view!r}")
        return f"{type(self).__name__}({', '.join(parts)})"
