"""The Siminars client: TCP or a Unix socket, tokens injected explicitly, envelopes unwrapped."""

from __future__ import annotations

import logging
import random
import ssl
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import httpx
from typing_extensions import Self

from resourcekit.core._async.client import AsyncBaseClient
from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core.concurrency import AsyncLock
from resourcekit.core.config import ConfigResolver
from resourcekit.core.errors import APIError, InvalidInputError, ResponseValidationError
from resourcekit.core.options import (
    DEFAULT_MAX_LINE_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    HTTPBackend,
    TransportOptions,
    as_timeout,
)
from resourcekit.core.records import Record
from resourcekit.core.redact import DEFAULT_REDACTOR, mask
from resourcekit.core.response import APIResponse
from resourcekit.siminars import wire
from resourcekit.siminars._async.managers import (
    AsyncAssetsManager,
    AsyncBundlesManager,
    AsyncCartManager,
    AsyncCouponsManager,
    AsyncFeedbackManager,
    AsyncJactionsManager,
    AsyncPlansManager,
    AsyncSessionsManager,
    AsyncSiminarsManager,
    AsyncStepsManager,
    AsyncTestimonialsManager,
    AsyncUsersManager,
)
from resourcekit.siminars._async.records import AsyncMe
from resourcekit.siminars.models import Document, Login
from resourcekit.siminars.urls import BUILTIN_URLS
from resourcekit.siminars.wire import ThirdPartyService

logger = logging.getLogger("resourcekit")

R = TypeVar("R", bound=Record)

ENV_ADDRESS = "SIMINARS_ADDRESS"
ENV_APITOKEN = "SIMINARS_APITOKEN"
ENV_AUTHTOKEN = "SIMINARS_AUTHTOKEN"

_UNSET: Any = object()


class _RouteTable:
    """The route table, discovered from ``GET /urls`` once and shared by copies of a client."""

    def __init__(self, table: Mapping[str, str] | None, discover: bool) -> None:
        self.table: dict[str, str] | None = dict(table) if table is not None else None
        self.discover = discover
        self.source = "given" if table is not None else "built-in"
        self.lock = AsyncLock()

    async def get(self, client: AsyncSiminars, *, refresh: bool = False) -> dict[str, str]:
        if self.table is not None and not refresh:
            return self.table
        if not self.discover and not refresh:
            return dict(BUILTIN_URLS)
        async with self.lock:
            if self.table is None or refresh:
                try:
                    response = await client.request_raw("GET", "/urls")
                    self.table = wire.parse_url_map(wire.unwrap(response.parsed))
                    self.source = "server"
                except (APIError, ResponseValidationError) as error:
                    logger.info("the server gave no URL map (%s); using the built-in table", error)
                    self.table = dict(BUILTIN_URLS)
                    self.source = "built-in"
            return self.table


class AsyncSiminars(AsyncBaseClient):
    """A Siminars API client.

    Args:
        address: A Unix socket path (``/tmp/api.sock``), ``host:port`` (port 8000 when omitted) or a
            URL. Defaults to ``$SIMINARS_ADDRESS``.
        apitoken: Sent with every call. Defaults to ``$SIMINARS_APITOKEN``.
        authtoken: A saved user token (from an earlier `login`); ``$SIMINARS_AUTHTOKEN`` when
            omitted; without one, calls are anonymous.
        timeout: Seconds (or an `httpx.Timeout`) per request; connect 5 s, read 60 s by default.
        max_retries: Retries of failed requests (calls that are not safe to repeat, like creating
            objects or finalizing a cart, are retried only when they surely did not reach the server).
        uds: A Unix socket to connect through, overriding the one ``address`` names.
        discover_urls: Read the route table from ``GET /urls`` on first use (else the built-in one).
        urls: A route table to use instead of discovering one.
        headers: Extra headers for every request.
        proxy: A proxy URL for every request (TCP addresses only).
        verify: TLS verification for ``https`` addresses (``False``, a CA bundle path, an
            `ssl.SSLContext` for a client certificate, or ``True``).
        http2: Negotiate HTTP/2 (needs the ``http2`` extra).
        user_agent_extra: Appended to the ``User-Agent`` header.
        http_transport: An httpx transport to send through (tests, in-process sandboxes).
        sleep: Waits out the delay (seconds) between retries; tests inject one that returns at once.
        rng: Source of the retry backoff's jitter.
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

    Raises:
        ConfigurationError: No address or apitoken, neither given nor in the environment.
        InvalidInputError: The address is neither a socket path, ``host:port`` nor a URL.
    """

    # The managers, set by ``_init_managers`` (again on each ``with_options`` copy).
    siminars: AsyncSiminarsManager
    """The signed-in user's siminars, any siminar by id, new siminars."""
    steps: AsyncStepsManager
    """A step by id."""
    plans: AsyncPlansManager
    """A plan by id."""
    bundles: AsyncBundlesManager
    """Every bundle, a plan's bundles, one bundle, new bundles."""
    sessions: AsyncSessionsManager
    """A bundle's sessions, one session, new sessions."""
    users: AsyncUsersManager
    """Program users, profiles, relations and notifications."""
    assets: AsyncAssetsManager
    """Files owned by users or siminars."""
    feedback: AsyncFeedbackManager
    """The signed-in user's feedback and the feedback form's questions."""
    testimonials: AsyncTestimonialsManager
    """Testimonials about siminars and users."""
    coupons: AsyncCouponsManager
    """Discount codes."""
    cart: AsyncCartManager
    """The signed-in user's cart and prices."""
    jactions: AsyncJactionsManager
    """Responses, comments, votes, done and skip on steps."""

    def __init__(
        self,
        address: str | None = None,
        apitoken: str | int | None = None,
        authtoken: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        uds: str | None = None,
        discover_urls: bool = True,
        urls: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        proxy: str | None = None,
        verify: bool | str | ssl.SSLContext = True,
        http2: bool = False,
        user_agent_extra: str | None = None,
        http_transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        rng: random.Random | None = None,
        environ: Mapping[str, str] | None = None,
        allow_http: bool = False,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
        http_backend: HTTPBackend = "auto",
        deadline: float | None = None,
    ) -> None:
        config = ConfigResolver("Siminars", environ=environ)
        where = wire.parse_address(config.require("address", address, env=[ENV_ADDRESS]))
        self._address = where
        self._apitoken = config.require("apitoken", None if apitoken is None else str(apitoken), env=[ENV_APITOKEN])
        self._authtoken: str | None = config.value("authtoken", authtoken, env=[ENV_AUTHTOKEN])
        self._user_id: str | None = None
        options = TransportOptions(
            base_url=where.base_url,
            timeout=as_timeout(timeout),
            max_retries=max_retries,
            headers=dict(headers or {}),
            uds=uds or where.uds,
            proxy=proxy,
            verify=verify,
            http2=http2,
            user_agent_extra=user_agent_extra,
            allow_http=allow_http,
            max_response_bytes=max_response_bytes,
            max_line_bytes=max_line_bytes,
            http_backend=http_backend,
            deadline=deadline,
        )
        self._transport = AsyncTransport(
            options, hooks=wire.SiminarsHooks(), http_transport=http_transport, sleep=sleep, rng=rng
        )
        self._urls = _RouteTable(urls, discover_urls)
        self._init_managers()

    def _init_managers(self) -> None:
        self.siminars = AsyncSiminarsManager(self)
        """The signed-in user's siminars, any siminar by id, new siminars."""
        self.steps = AsyncStepsManager(self)
        """A step by id."""
        self.plans = AsyncPlansManager(self)
        """A plan by id."""
        self.bundles = AsyncBundlesManager(self)
        """Every bundle, a plan's bundles, one bundle, new bundles."""
        self.sessions = AsyncSessionsManager(self)
        """A bundle's sessions, one session, new sessions."""
        self.users = AsyncUsersManager(self)
        """Program users, profiles, relations and notifications."""
        self.assets = AsyncAssetsManager(self)
        """Files owned by users or siminars."""
        self.feedback = AsyncFeedbackManager(self)
        """The signed-in user's feedback and the feedback form's questions."""
        self.testimonials = AsyncTestimonialsManager(self)
        """Testimonials about siminars and users."""
        self.coupons = AsyncCouponsManager(self)
        """Discount codes."""
        self.cart = AsyncCartManager(self)
        """The signed-in user's cart and prices."""
        self.jactions = AsyncJactionsManager(self)
        """Responses, comments, votes, done and skip on steps."""

    # -- identity -------------------------------------------------------------------------

    @property
    def address(self) -> wire.Address:
        """Where the client sends (base URL, and the Unix socket if any)."""
        return wire.Address(self._address.base_url, self._transport.options.uds)

    @property
    def authtoken(self) -> str | None:
        """The signed-in user's token, to save and pass as ``authtoken=`` later (it is a secret)."""
        return self._authtoken

    @property
    def user_id(self) -> str | None:
        """The id of the user who signed in through this client (``None`` until `login`)."""
        return self._user_id

    @property
    def is_authenticated(self) -> bool:
        """Whether the client holds an authtoken (from `login`, ``authtoken=`` or the environment); no request."""
        return bool(self._authtoken)

    async def login(self, email: str, password: str) -> Login:
        """Sign in: ``POST /authtoken`` with ``{email, password}``; the client then calls as this user.

        The password is sent as ``md5(email.lower() + password)``, never in clear.

        Args:
            email: The user's email address (case-insensitive).
            password: The clear password.

        Returns:
            The authtoken (save it and pass it as ``authtoken=`` later) and the user's id.

        Raises:
            InvalidParamError: Wrong email or password (412).
        """
        data = wire.login_data(email, password)
        payload = await self._call("POST", "authtoken", data, {}, idempotent=True, anonymous=True)
        return self._signed_in(payload)

    async def login_with(self, service: ThirdPartyService, access_token: str) -> Login:
        """Sign in with an access token from Facebook, Google or LinkedIn: ``POST /connect/{service}``.

        The signed-in state is the same as `login`'s: the client then calls as the user the
        service's account is associated with (see `associate`).

        Args:
            service: ``facebook``, ``google`` or ``linkedin``.
            access_token: The token the service gave the user.

        Returns:
            The authtoken and the user's id.

        Raises:
            InvalidInputError: An unknown service or an empty token (nothing is sent).
            InvalidParamError: The token is not associated with any user (412).
        """
        data = wire.connect_data(service, access_token)
        payload = await self._call("POST", "associate", data, {"service": service}, idempotent=True, anonymous=True)
        return self._signed_in(payload)

    async def associate(self, service: ThirdPartyService, access_token: str) -> None:
        """Link a Facebook, Google or LinkedIn account to the signed-in user: ``POST /connect/{service}``.

        Afterwards `login_with` signs in with that service's tokens.

        Args:
            service: ``facebook``, ``google`` or ``linkedin``.
            access_token: The token the service gave the user.

        Raises:
            InvalidInputError: Not signed in (sent without an authtoken, the call would be a
                sign-in), an unknown service or an empty token; nothing is sent.
            SiminarsConflictError: That account is linked to another user (409).
        """
        data = wire.connect_data(service, access_token)
        if not self._authtoken:
            raise InvalidInputError("associate links an account to the signed-in user; call login() first")
        await self._call("POST", "associate", data, {"service": service}, idempotent=True)

    def _signed_in(self, payload: Any) -> Login:
        login = Login.from_wire(payload)
        self._authtoken = login.authtoken
        self._user_id = login.user_id
        return login

    async def logout(self) -> bool:
        """End the session on the server and forget the token: ``DELETE /authtoken``.

        Returns:
            ``True`` when a session was ended, ``False`` when not signed in (nothing is sent).

        Raises:
            LoginRequiredError: The server no longer knows the token (401).
        """
        if not self._authtoken:
            return False
        await self._call("DELETE", "authtoken", None, {})
        self._authtoken = None
        self._user_id = None
        return True

    async def whoami(self) -> AsyncMe:
        """The signed-in user with unread counters, bundles and siminar ids by role: ``GET /authtoken``.

        Returns:
            The user, bound to this client.

        Raises:
            LoginRequiredError: Not signed in (401).
        """
        payload = await self._call("GET", "authtoken", None, {})
        me = self._bind(AsyncMe, wire.payload_item(payload, "user"))
        self._user_id = me.id
        return me

    # -- routes and raw calls ----------------------------------------------------------------

    async def urls(self, *, refresh: bool = False) -> dict[str, str]:
        """The route table (route name -> path template): ``GET /urls``, read once, or the built-in one.

        Args:
            refresh: Ask the server again even when a table is known.

        Returns:
            A copy of the table; `urls_source` says where it came from.
        """
        return dict(await self._urls.get(self, refresh=refresh))

    @property
    def urls_source(self) -> str:
        """Where the route table came from: ``server``, ``built-in`` or ``given``."""
        return self._urls.source

    async def path(self, route: str, **params: object) -> str:
        """The path of a route with its ``%(name)s`` placeholders filled (no request beyond ``GET /urls``).

        Args:
            route: A route name (``siminar``, ``bundle_users``...).
            **params: The placeholders' values (``siminar_id=...``).

        Returns:
            The path, each value percent-encoded.

        Raises:
            UnknownRouteError: No route of that name.
            InvalidInputError: A placeholder has no value.
        """
        wire.check_route_params(params)
        return wire.resolve_route(await self._urls.get(self), route, params)

    async def call(
        self,
        route: str,
        method: str = "GET",
        data: Mapping[str, Any] | None = None,
        *,
        idempotent: bool | None = None,
        **params: object,
    ) -> Any:
        """Call any route by name and return its payload (the envelope's ``data``).

        ``params`` fill the path's placeholders; ``data`` is the call's body (and query, for GET).
        POST calls are not retried unless ``idempotent=True``.

        Args:
            route: A route name from the URL map (``siminar``, ``cart``...).
            method: ``GET``, ``POST``, ``PUT`` or ``DELETE``.
            data: The call's parameters; the tokens are added.
            idempotent: Whether the call may be repeated safely (``None``: by method).
            **params: The path placeholders' values.

        Returns:
            The payload, as parsed JSON.

        Raises:
            UnknownRouteError: No route of that name (nothing is sent).
            InvalidInputError: An unknown method or a missing placeholder (nothing is sent).
            SiminarsError: The server refused the call (a subclass per status).
        """
        return await self._call(method, route, data, params, idempotent=idempotent)

    async def request(
        self, method: str, path: str, data: Mapping[str, Any] | None = None, *, idempotent: bool | None = None
    ) -> Any:
        """Call a path (``/jack/siminar/<id>``) and return its payload (the envelope's ``data``).

        Args:
            method: ``GET``, ``POST``, ``PUT`` or ``DELETE``.
            path: The path, placeholders already filled.
            data: The call's parameters; the tokens are added.
            idempotent: Whether the call may be repeated safely (``None``: by method).

        Raises:
            SiminarsError: The server refused the call (a subclass per status).
        """
        return wire.unwrap((await self.request_raw(method, path, data, idempotent=idempotent)).parsed)

    async def request_raw(
        self, method: str, path: str, data: Mapping[str, Any] | None = None, *, idempotent: bool | None = None
    ) -> APIResponse:
        """Call a path and return the whole exchange: status, headers, the parsed envelope, retries.

        Args:
            method: ``GET``, ``POST``, ``PUT`` or ``DELETE``.
            path: The path, placeholders already filled.
            data: The call's parameters; the tokens are added.
            idempotent: Whether the call may be repeated safely (``None``: by method).

        Raises:
            SiminarsError: The server refused the call (a subclass per status).
        """
        spec = wire.encode_request(
            method, path, data, apitoken=self._apitoken, authtoken=self._authtoken, idempotent=idempotent
        )
        return await self._transport.request(spec)

    async def get_object(self, object_id: str) -> Document:
        """Any object by id, as the server stores it: ``GET /get`` with ``{object_id}``.

        Args:
            object_id: The object's 24-digit id (of any kind).

        Returns:
            The document; every field is kept.

        Raises:
            InvalidInputError: ``object_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such object (404).
            ResponseValidationError: The reply is not a document.
        """
        payload = await self._call("GET", "agora_get", {"object_id": wire.check_id(object_id)}, {})
        document = wire.as_document(payload)
        if document is None:
            raise ResponseValidationError("/get did not return a document", raw=payload)
        return Document.from_wire(document)

    async def delete_objects(self, object_ids: list[str]) -> bool:
        """Delete several objects at once, all or nothing: ``DELETE /delete`` with ``{object_ids}``.

        Args:
            object_ids: The objects' 24-digit ids; nothing is sent when empty.

        Returns:
            Whether the server says it deleted them (``False`` for an empty list).

        Raises:
            InvalidInputError: A malformed id (nothing is sent).
            SiminarsNotFoundError: One of the objects does not exist (404).
            AccessDeniedError: The user may not delete one of them (403).
        """
        ids = [wire.check_id(object_id) for object_id in object_ids]
        if not ids:
            return False
        payload = await self._call("DELETE", "agora_delete", {"object_ids": ids}, {})
        document = wire.as_document(payload)
        return bool(document is not None and document.get("deleted"))

    async def _call(
        self,
        method: str,
        route: str,
        data: Mapping[str, Any] | None,
        params: Mapping[str, object],
        *,
        idempotent: bool | None = None,
        anonymous: bool = False,
    ) -> Any:
        wire.check_method(method)
        wire.check_route_params(params)
        path = wire.resolve_route(await self._urls.get(self), route, params)
        spec = wire.encode_request(
            method,
            path,
            data,
            apitoken=self._apitoken,
            authtoken=None if anonymous else self._authtoken,
            idempotent=idempotent,
            route=route,
        )
        response = await self._transport.request(spec)
        return wire.unwrap(response.parsed)

    def _bind(self, record_class: type[R], document: Mapping[str, Any]) -> R:
        return record_class.from_wire(document).bind(self)

    # -- copies and lifetime -------------------------------------------------------------------

    def with_options(
        self,
        *,
        authtoken: str | None = _UNSET,
        timeout: float | httpx.Timeout | None = _UNSET,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A copy with other settings, sharing the connection pool and the route table (no request).

        ``authtoken=`` gives another user's view side by side (``None`` for an anonymous one).

        Args:
            authtoken: The copy's token; omitted keeps this client's.
            timeout: The copy's timeout; omitted keeps this client's.
            max_retries: The copy's retry count; ``None`` keeps this client's.
            headers: Headers added to this client's.

        Returns:
            The copy, with its own managers.
        """
        changes: dict[str, Any] = {}
        if timeout is not _UNSET:
            changes["timeout"] = as_timeout(timeout)
        if max_retries is not None:
            changes["max_retries"] = max_retries
        if headers is not None:
            changes["headers"] = {**self._transport.options.headers, **headers}
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy._transport = self._transport.with_options(**changes)
        if authtoken is not _UNSET:
            copy._authtoken = authtoken
            copy._user_id = None
        copy._init_managers()
        return copy

    async def __aenter__(self) -> AsyncSiminars:
        """Use the client in ``async with``; leaving the block closes its connection pool.

        Declared here with the concrete class (the base declares ``Self``) so that every completion
        engine, Jedi included, offers this client's managers on the ``as`` target.
        """
        await super().__aenter__()
        return self

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(address={DEFAULT_REDACTOR.url(str(self.address))!r}, "
            f"apitoken={mask(self._apitoken)!r}, "
            f"authtoken={mask(self._authtoken)!r})"
        )
