"""`AsyncOVH`: the async OVH client."""

from __future__ import annotations

import random
import ssl
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import httpx
from typing_extensions import Self

from resourcekit.core import concurrency
from resourcekit.core._async.client import AsyncBaseClient
from resourcekit.core._async.pages import AsyncPage
from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core.errors import ConfigurationError, InvalidInputError
from resourcekit.core.options import (
    DEFAULT_MAX_LINE_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    HTTPBackend,
    TransportOptions,
    as_timeout,
)
from resourcekit.core.request import RequestSpec
from resourcekit.core.response import APIResponse
from resourcekit.ovh import batch, wire
from resourcekit.ovh._async.auth import AsyncOAuth2Auth, AsyncSignatureAuth
from resourcekit.ovh._async.batch import AsyncBatchListing
from resourcekit.ovh._async.managers import AsyncDedicatedManager, AsyncDomainManager, AsyncEmailManager, AsyncMeManager
from resourcekit.ovh.config import OVHConfig, resolve_config
from resourcekit.ovh.hooks import OVHHooks
from resourcekit.ovh.models import AccessRule, CredentialRequest

T = TypeVar("T")
K = TypeVar("K")
B = TypeVar("B", str, int)

_UNSET: Any = object()


class AsyncOVH(AsyncBaseClient):
    """A client for the OVH API (``ovh-eu``, ``ovh-us``, ``ovh-ca``, kimsufi, soyoustart or a sandbox).

    Configuration is found as python-ovh finds it: explicit arguments, then ``OVH_*`` environment
    variables, then ``config_file``, ``./ovh.conf``, ``~/.ovh.conf``, ``~/.ovhrc`` and
    ``/etc/ovh.conf``.

    Args:
        endpoint: An endpoint name (``ovh-eu``...) or a base URL (``http://127.0.0.1:8000/1.0``); a
            bare server root (``http://127.0.0.1:8000``, as ``resourcekit sandbox serve`` prints it)
            means its ``/1.0``.
        application_key: The application key (AK).
        application_secret: The application secret (AS).
        consumer_key: The consumer key (CK); request one with `request_consumer_key`. An empty
            string means "none" (ignoring ``OVH_CONSUMER_KEY`` and config files).
        client_id: OAuth2 client id (instead of AK/AS/CK; ovh-eu, ovh-ca and ovh-us only).
        client_secret: OAuth2 client secret.
        config_file: An INI file read before the default ones.
        timeout: Seconds, python-ovh's ``(connect, read)`` pair, or an `httpx.Timeout`; default
            connect 5 s, read 60 s.
        verify: TLS verification: ``True``, ``False``, a CA bundle path, or an `ssl.SSLContext` (for a
            client certificate, say).
        max_retries: Retries of failed idempotent calls (and of any call that surely did not
            reach the server).
        concurrency: How many objects a listing fetches at once.
        page_size: How many objects a listing fetches per page.
        http_transport: An httpx transport to send through (tests, in-process sandboxes).
        sleep: Waits between retries and task polls (tests inject one that does not wait).
        clock: The local clock used for request timestamps and token expiry.
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

    # Set by ``_setup`` (again on each ``with_options`` copy); declared here so that the reference
    # pages and editors show them.
    concurrency: int
    """How many objects a listing fetches at once."""
    page_size: int
    """How many objects a listing fetches per page."""
    me: AsyncMeManager
    """The account, its bills and its API credentials (``/me``)."""
    dedicated: AsyncDedicatedManager
    """Dedicated servers (``/dedicated/server``)."""
    email: AsyncEmailManager
    """E-mail domains and their redirections (``/email/domain``)."""
    domain: AsyncDomainManager
    """Domains and their DNS zones (``/domain``)."""

    def __init__(
        self,
        endpoint: str | None = None,
        application_key: str | None = None,
        application_secret: str | None = None,
        consumer_key: str | None = None,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        config_file: str | Path | None = None,
        timeout: float | tuple[float, float] | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        headers: Mapping[str, str] | None = None,
        proxy: str | None = None,
        verify: bool | str | ssl.SSLContext = True,
        http2: bool = False,
        uds: str | None = None,
        user_agent_extra: str | None = None,
        allow_http: bool = False,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
        http_backend: HTTPBackend = "auto",
        deadline: float | None = None,
        concurrency: int = 8,
        page_size: int = 50,
        http_transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        if concurrency < 1 or page_size < 1:
            raise InvalidInputError("concurrency and page_size must be at least 1")
        config = resolve_config(
            endpoint,
            application_key,
            application_secret,
            consumer_key,
            client_id=client_id,
            client_secret=client_secret,
            config_file=config_file,
        )
        clock = clock or time.time
        auth: AsyncSignatureAuth | AsyncOAuth2Auth
        if config.auth_mode == "signature":
            assert config.application_key is not None and config.application_secret is not None
            auth = AsyncSignatureAuth(
                config.application_key,
                config.application_secret,
                config.consumer_key,
                base_url=config.base_url,
                clock=clock,
            )
        else:
            assert config.client_id is not None and config.client_secret is not None
            auth = AsyncOAuth2Auth(
                config.client_id, config.client_secret, token_url=wire.oauth2_token_url(config.endpoint), clock=clock
            )
        options = TransportOptions(
            base_url=config.base_url,
            timeout=_timeout(timeout),
            max_retries=max_retries,
            headers={**auth.headers, **(headers or {})},
            proxy=proxy,
            verify=verify,
            http2=http2,
            uds=uds,
            user_agent_extra=user_agent_extra,
            allow_http=allow_http,
            max_response_bytes=max_response_bytes,
            max_line_bytes=max_line_bytes,
            http_backend=http_backend,
            deadline=deadline,
        )
        self._sleep: Callable[[float], Awaitable[None]] = sleep or concurrency_sleep
        transport = AsyncTransport(
            options,
            hooks=OVHHooks(config.base_url),
            auth=auth,
            http_transport=http_transport,
            sleep=self._sleep,
            rng=rng,
        )
        auth.attach(transport)
        self._setup(config, auth, transport, concurrency, page_size)

    def _setup(
        self,
        config: OVHConfig,
        auth: AsyncSignatureAuth | AsyncOAuth2Auth,
        transport: AsyncTransport,
        concurrency: int,
        page_size: int,
    ) -> None:
        self._config = config
        self._auth = auth
        self._transport = transport
        self.concurrency = concurrency
        """How many objects a listing fetches at once."""
        self.page_size = page_size
        """How many objects a listing fetches per page."""
        self.me = AsyncMeManager(self)
        """The account, its bills and its API credentials (``/me``)."""
        self.dedicated = AsyncDedicatedManager(self)
        """Dedicated servers (``/dedicated/server``)."""
        self.email = AsyncEmailManager(self)
        """E-mail domains and their redirections (``/email/domain``)."""
        self.domain = AsyncDomainManager(self)
        """Domains and their DNS zones (``/domain``)."""

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = _UNSET,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        concurrency: int | None = None,
        page_size: int | None = None,
    ) -> Self:
        """A copy with other settings; it shares this client's connections and credentials."""
        changes: dict[str, Any] = {}
        if timeout is not _UNSET:
            changes["timeout"] = timeout
        if max_retries is not None:
            changes["max_retries"] = max_retries
        if headers is not None:
            changes["headers"] = {**self._transport.options.headers, **headers}
        copy = object.__new__(type(self))
        copy._sleep = self._sleep
        copy._setup(
            self._config,
            self._auth,
            self._transport.with_options(**changes),
            concurrency or self.concurrency,
            page_size or self.page_size,
        )
        return copy

    # -- information ------------------------------------------------------------------------

    @property
    def endpoint(self) -> str:
        """The endpoint name (``ovh-eu``...) or the base URL the client was given."""
        return self._config.endpoint

    @property
    def base_url(self) -> str:
        """The URL every API path is appended to (``https://eu.api.ovh.com/1.0``)."""
        return self._config.base_url

    @property
    def auth_mode(self) -> str:
        """``signature`` or ``oauth2``."""
        return self._config.auth_mode

    def __repr__(self) -> str:
        return f"{type(self).__name__}(endpoint={self.endpoint!r}, auth={self.auth_mode!r})"

    async def time_delta(self) -> int:
        """Seconds between the server's clock and ours, as used in signatures (``GET /auth/time``, fetched once).

        Raises:
            ConfigurationError: The client uses OAuth2, which signs nothing.
        """
        if not isinstance(self._auth, AsyncSignatureAuth):
            raise ConfigurationError("ovh: time_delta exists with signed requests only, not OAuth2")
        return await self._auth.time_delta()

    # -- consumer keys ----------------------------------------------------------------------

    async def request_consumer_key(
        self,
        rules: Iterable[AccessRule | Mapping[str, str]],
        redirect_url: str | None = None,
        allowed_ips: Sequence[str] | None = None,
    ) -> CredentialRequest:
        """Ask for a consumer key with these access rules (``POST /auth/credential``); the client uses it from now on.

        Send the user to ``validation_url``; the key works once they accept.

        Raises:
            InvalidInputError: No rules, or a rule that is not a method and a path.
            ConfigurationError: The client uses OAuth2 (consumer keys belong to application keys).
        """
        if not isinstance(self._auth, AsyncSignatureAuth):
            raise ConfigurationError("ovh: consumer keys need an application key and secret, not OAuth2 credentials")
        checked = [rule if isinstance(rule, AccessRule) else _rule(rule) for rule in rules]
        if not checked:
            raise InvalidInputError("request_consumer_key needs at least one access rule")
        body = {
            "accessRules": [{"method": rule.method, "path": rule.path} for rule in checked],
            "redirection": redirect_url,
            "allowedIPs": list(allowed_ips) if allowed_ips is not None else None,
        }
        data = await self._request("POST", "/auth/credential", body=body, need_auth=False)
        request = CredentialRequest.from_wire(data)
        self._auth.consumer_key = request.consumer_key
        return request

    # -- raw access -------------------------------------------------------------------------

    async def get(
        self,
        path: str,
        /,
        *,
        params: Mapping[str, Any] | None = None,
        need_auth: bool = True,
        _batch: str | None = None,
        **query: Any,
    ) -> Any:
        """``GET path?params``, returning the parsed JSON.

        Query parameters come as keyword arguments (``from_``/``_from`` are sent as ``from``) or, for
        names that are no Python identifier, in ``params`` under their wire names:
        ``ovh.get("/me/bill", params={"date.from": "2024-01-01"})``. Both may be combined.

        ``_batch=","`` sends ``X-Ovh-Batch: ,``: the last segment of ``path`` may then name several
        objects (``/me/bill/FR1,FR2``) and the reply is a list of ``{"key", "value", "error"}``
        entries, one per key. OVH does not document this feature; listings use it with
        ``list(batch=...)`` and fall back to single GETs where it is refused.

        Raises:
            InvalidInputError: ``_batch`` is not one punctuation character (see `resourcekit.ovh.batch`),
                or a parameter is given both in ``params`` and as a keyword.
        """
        headers = {batch.BATCH_HEADER: batch.check_separator(_batch)} if _batch is not None else None
        reply = await self._send(
            "GET", path, params=_query(params, query), body=None, need_auth=need_auth, headers=headers
        )
        return reply.parsed

    async def post(self, path: str, /, *, need_auth: bool = True, **body: Any) -> Any:
        """``POST path`` with the keyword arguments as the JSON body (none: no body). Never retried blindly.

        Raises:
            OVHError: The API refused the call (a subclass per category).
        """
        return await self._request("POST", path, body=wire.canonical_params(body) or None, need_auth=need_auth)

    async def put(self, path: str, /, *, need_auth: bool = True, **body: Any) -> Any:
        """``PUT path`` with the keyword arguments as the JSON body (none: no body)."""
        return await self._request("PUT", path, body=wire.canonical_params(body) or None, need_auth=need_auth)

    async def delete(
        self, path: str, /, *, params: Mapping[str, Any] | None = None, need_auth: bool = True, **query: Any
    ) -> Any:
        """``DELETE path?params``, returning the parsed JSON (query parameters as in `get`)."""
        return await self._request("DELETE", path, params=_query(params, query), need_auth=need_auth)

    async def call(
        self,
        method: str,
        path: str,
        data: Any = None,
        *,
        params: Mapping[str, Any] | None = None,
        need_auth: bool = True,
    ) -> Any:
        """Any method on any path: ``data`` is the JSON body (``None``: no body)."""
        return (await self.raw_call(method, path, data, params=params, need_auth=need_auth)).parsed

    async def raw_call(
        self,
        method: str,
        path: str,
        data: Any = None,
        *,
        params: Mapping[str, Any] | None = None,
        need_auth: bool = True,
    ) -> APIResponse:
        """Like `call`, returning the whole reply: ``status_code``, ``headers``, ``request_id`` (the query id)."""
        return await self._send(method, path, params=params, body=data, need_auth=need_auth)

    # -- helpers for managers and records ---------------------------------------------------

    async def _get(self, path: str, /, **params: Any) -> Any:
        return await self._request("GET", path, params=params)

    async def _post(self, path: str, body: Any = None) -> Any:
        return await self._request("POST", path, body=body)

    async def _put(self, path: str, body: Any) -> Any:
        return await self._request("PUT", path, body=body)

    async def _delete(self, path: str) -> Any:
        return await self._request("DELETE", path)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        need_auth: bool = True,
    ) -> Any:
        return (await self._send(method, path, params=params, body=body, need_auth=need_auth)).parsed

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None,
        body: Any,
        need_auth: bool,
        headers: Mapping[str, str] | None = None,
    ) -> APIResponse:
        method = wire.check_method(method)
        wire.check_api_path(path)
        url = wire.with_query(wire.target_url(self._config.base_url, path), params or {})
        content = None if body is None else wire.encode_body(body)
        headers = {**(headers or {}), **({"Content-type": "application/json"} if content is not None else {})}
        spec = RequestSpec(method, url, content=content, headers=headers, authenticate=need_auth)
        return await self._transport.request(spec)

    def _page(self, list_ids: Callable[[], Awaitable[Sequence[K]]], get: Callable[[K], Awaitable[T]]) -> AsyncPage[T]:
        return AsyncPage[T].from_ids(list_ids, get, page_size=self.page_size, concurrency=self.concurrency)

    def _listing(
        self,
        list_ids: Callable[[], Awaitable[Sequence[B]]],
        get: Callable[[B], Awaitable[T]],
        *,
        collection: str,
        build: Callable[[Any], T],
        batch: int | None,
    ) -> AsyncPage[T]:
        """A listing of ids and their objects: one GET per object, or ``batch`` per GET when asked."""
        if batch is None:
            return self._page(list_ids, get)
        return AsyncBatchListing(self, list_ids, collection, build, get, batch).page()

    # -- lifetime ---------------------------------------------------------------------------

    async def __aenter__(self) -> AsyncOVH:
        # Declared here with the concrete class, not inherited as ``Self``: editors whose
        # completion engine reads ``Self`` as the base class (Jedi) then offer ``me``, ``dedicated``...
        await super().__aenter__()
        return self


concurrency_sleep = concurrency.async_sleep


def _query(params: Mapping[str, Any] | None, keywords: Mapping[str, Any]) -> dict[str, Any]:
    """The query of `AsyncOVH.get` and `AsyncOVH.delete`: ``params`` (wire names) plus the keywords."""
    query = dict(params or {})
    for name, value in wire.canonical_params(keywords).items():
        if name in query:
            raise InvalidInputError(f"query parameter {name!r} is given twice (in params and as a keyword)")
        query[name] = value
    return query


def _timeout(value: float | tuple[float, float] | httpx.Timeout | None) -> httpx.Timeout:
    if isinstance(value, tuple):
        connect, read = value
        return httpx.Timeout(read, connect=connect)
    return as_timeout(value)


def _rule(rule: Mapping[str, str]) -> AccessRule:
    if set(rule) != {"method", "path"}:
        raise InvalidInputError(f"an access rule has a method and a path: {dict(rule)!r}")
    return AccessRule(method=rule["method"], path=rule["path"])


__all__ = ["AsyncOVH"]
