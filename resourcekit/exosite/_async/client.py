"""The One Platform client: RPC procedures, batches, the resource tree and the HTTP Data Interface."""

from __future__ import annotations

import random
import ssl
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import httpx
from typing_extensions import Self

from resourcekit.core._async.client import AsyncBaseClient
from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core.config import ConfigResolver
from resourcekit.core.errors import ConfigurationError, InvalidInputError
from resourcekit.core.options import DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_RESPONSE_BYTES, HTTPBackend
from resourcekit.core.request import RequestSpec
from resourcekit.core.response import APIResponse
from resourcekit.core.validate import raw_path
from resourcekit.exosite import wire
from resourcekit.exosite._async.connection import build_transport
from resourcekit.exosite.models import (
    ClientDescription,
    DataportDescription,
    Info,
    Point,
    UsageMetric,
    Value,
)
from resourcekit.exosite.wire import (
    SELF,
    Call,
    CallResult,
    Handle,
    ListableType,
    ListingOption,
    Operation,
    ResourceID,
    Rid,
    RPCAuth,
    TagAction,
)

if TYPE_CHECKING:
    from resourcekit.exosite._async.records import AsyncClientResource, AsyncDataport, AsyncResource

T = TypeVar("T")

DEFAULT_BATCH_SIZE = 25
"""Calls per request when a batch is split (large batches time out on the platform)."""

Timestamp = int | float | datetime
PointLike = tuple[Timestamp, Value] | Point
_UNSET: Any = object()


def _seconds_to_ms(seconds: float) -> int:
    if seconds < 0:
        raise InvalidInputError("timeout is 0 seconds or more")
    return round(seconds * 1000)


class AsyncOnePlatform(AsyncBaseClient):
    """A One Platform client speaking as one CIK or token.

    Args:
        cik: The client interface key (else ``EXOSITE_CIK``).
        token: A token from ``grant``, instead of a CIK (else ``EXOSITE_TOKEN``).
        url: The platform (else ``EXOSITE_URL``, else ``https://m2.exosite.com``).
        client_id: Act as this descendant client.
        resource_id: Act as the owner of this resource.
        timeout: Seconds, or an `httpx.Timeout` (connect 5 s, read 60 s by default).
        max_retries: Retries of failed requests (only read-only calls are retried after a read
            timeout or a server error).
        batch_size: Calls per request when a batch is split.
        headers: Extra headers for every request.
        proxy: A proxy URL.
        verify: TLS verification: ``True``, ``False``, a CA bundle path, or an `ssl.SSLContext` (for a
            client certificate, say).
        uds: A Unix domain socket to connect through.
        http2: Negotiate HTTP/2 (needs the ``http2`` extra).
        user_agent_extra: Appended to the ``User-Agent`` header.
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
        http_transport: An httpx transport to use instead of the network.
        sleep: Awaited between retries (tests pass one that does not wait).
        rng: The source of retry jitter.

    Example:
        ```python
        async with AsyncOnePlatform() as op:
            me = await op.me()
        ```
    """

    def __init__(
        self,
        cik: str | None = None,
        token: str | None = None,
        *,
        url: str | None = None,
        client_id: str | None = None,
        resource_id: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        batch_size: int = DEFAULT_BATCH_SIZE,
        headers: Mapping[str, str] | None = None,
        proxy: str | None = None,
        verify: bool | str | ssl.SSLContext = True,
        uds: str | None = None,
        http2: bool = False,
        user_agent_extra: str | None = None,
        allow_http: bool = False,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
        http_backend: HTTPBackend = "auto",
        deadline: float | None = None,
        http_transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        rng: random.Random | None = None,
        _transport: AsyncTransport | None = None,
    ) -> None:
        config = ConfigResolver("exosite")
        if token is None:
            cik = config.value("cik", cik, env=["EXOSITE_CIK"])
        if cik is None:
            token = config.value("token", token, env=["EXOSITE_TOKEN"])
        if cik is None and token is None:
            raise ConfigurationError(
                "exosite: no credentials; pass cik= or token=, or set EXOSITE_CIK or EXOSITE_TOKEN"
            )
        if batch_size < 1:
            raise InvalidInputError("batch_size is at least 1")
        self._auth = RPCAuth(cik=cik, token=token, client_id=client_id, resource_id=resource_id)
        self._batch_size = batch_size
        self._transport = _transport or build_transport(
            config,
            url,
            timeout=timeout,
            max_retries=max_retries,
            headers=headers,
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
            http_transport=http_transport,
            sleep=sleep,
            rng=rng,
        )

    # -- configuration ----------------------------------------------------------------------

    @property
    def auth(self) -> RPCAuth:
        """The ``auth`` object sent with each request (its repr masks the CIK or token)."""
        return self._auth

    @property
    def url(self) -> str:
        """The platform's base URL."""
        return self._transport.options.base_url

    def with_options(
        self,
        *,
        client_id: str | None = _UNSET,
        resource_id: str | None = _UNSET,
        cik: str | None = None,
        token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        batch_size: int | None = None,
    ) -> Self:
        """A copy that shares the connection pool, acting as another client or with other settings.

        ``client_id=rid`` acts as that descendant client, ``resource_id=rid`` as the owner of that
        resource, ``client_id=None`` as the key's own client again.

        Args:
            client_id: Act as this descendant client (``None``: the key's own).
            resource_id: Act as the owner of this resource.
            cik: Another CIK.
            token: Another token.
            timeout: Seconds, or an `httpx.Timeout`.
            max_retries: Retries of failed requests.
            batch_size: Calls per RPC request.

        Raises:
            InvalidInputError: Both ``client_id`` and ``resource_id``, or a malformed RID.
        """
        if client_id is not _UNSET and resource_id is _UNSET:
            resource_id = None
        if resource_id is not _UNSET and client_id is _UNSET:
            client_id = None
        if cik is None and token is None:
            cik, token = self._auth.cik, self._auth.token
        auth = RPCAuth(
            cik=cik,
            token=token,
            client_id=self._auth.client_id if client_id is _UNSET else client_id,
            resource_id=self._auth.resource_id if resource_id is _UNSET else resource_id,
        )
        changes: dict[str, Any] = {}
        if timeout is not None:
            changes["timeout"] = timeout
        if max_retries is not None:
            changes["max_retries"] = max_retries
        transport = self._transport.with_options(**changes) if changes else self._transport
        return type(self)(
            cik=auth.cik,
            token=auth.token,
            client_id=auth.client_id,
            resource_id=auth.resource_id,
            batch_size=batch_size or self._batch_size,
            _transport=transport,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self.url!r}, auth={self._auth!r})"

    # Declared with the concrete class (the base says ``Self``): Jedi, the completion engine of
    # several editors, resolves ``Self`` on a base class to the base and so would offer none of
    # this client's methods inside ``async with AsyncOnePlatform() as op:``.
    async def __aenter__(self) -> AsyncOnePlatform:
        """Enter ``async with``: the client itself (closed when the block ends)."""
        await super().__aenter__()
        return self

    # -- sending ----------------------------------------------------------------------------

    def _request_timeout(self, operations: Sequence[Operation[Any]]) -> httpx.Timeout | None:
        waits = [op.wait_ms for op in operations if op.wait_ms is not None]
        if not waits:
            return None
        base = self._transport.options.timeout
        extra = max(waits) / 1000
        return httpx.Timeout(connect=base.connect, read=(base.read or 60.0) + extra, write=base.write, pool=base.pool)

    async def _post(self, operations: Sequence[Operation[Any]]) -> list[CallResult]:
        ids: list[int | str] = list(range(len(operations)))
        request = wire.encode_request(self._auth, list(zip(ids, [op.call for op in operations], strict=True)))
        spec = RequestSpec(
            "POST",
            wire.RPC_PATH,
            content=wire.encode_body(request),
            headers={"Content-Type": wire.RPC_CONTENT_TYPE, "Accept": "application/json"},
            idempotent=all(op.read_only for op in operations),
            timeout=self._request_timeout(operations),
            context={"api": "rpc", "procedures": [op.call.procedure for op in operations]},
        )
        response = await self._transport.request(spec)
        return wire.match_results(ids, wire.parse_reply(response.parsed))

    async def run(self, operation: Operation[T]) -> T:
        """``POST /onep:v1/rpc/process``: send one operation (built by `resourcekit.exosite.wire`).

        Args:
            operation: The call and the parser of its result.

        Returns:
            The operation's typed result.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        (result,) = await self._post([operation])
        return operation.parse(result)

    async def calls(self, calls: Sequence[Call]) -> list[CallResult]:
        """``POST /onep:v1/rpc/process``: raw access: send procedure calls as they are, in requests of ``batch_size``.

        Nothing is raised for a call's status; look at ``CallResult.status`` and ``.error``.

        Args:
            calls: The procedure calls.

        Returns:
            Each call's entry of the reply, in call order.

        Raises:
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        operations = [Operation(call, lambda result: result) for call in calls]
        results: list[CallResult] = []
        for start in range(0, len(operations), self._batch_size):
            results.extend(await self._post(operations[start : start + self._batch_size]))
        return results

    async def call(self, procedure: str, *arguments: Any) -> Any:
        """``POST /onep:v1/rpc/process``: raw access: call one procedure with wire arguments.

        Args:
            procedure: The procedure's name (``read``, ``info``...).
            *arguments: Its arguments as the RPC API spells them.

        Returns:
            The call's ``result`` (``None`` when it returned nothing).

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        (result,) = await self.calls([Call(procedure, list(arguments))])
        if not result.ok:
            raise wire.call_error(procedure, result)
        return result.value

    def batch(self) -> AsyncBatch:
        """Queue calls and send them together: ``async with op.batch() as b: h = b.read(...)``.

        Handles come back in call order and hold their results once the block ends (calls go in
        requests of ``batch_size``).
        """
        return AsyncBatch(self)

    # -- procedures -------------------------------------------------------------------------

    async def read(
        self,
        resource: ResourceID,
        *,
        limit: int | None = 1,
        start: Timestamp | None = None,
        end: Timestamp | None = None,
        sort: Literal["asc", "desc"] | None = None,
        selection: Literal["all", "givenwindow", "autowindow"] | None = None,
    ) -> list[Point]:
        """``read``: points of a dataport, newest first unless ``sort="asc"``.

        Args:
            resource: A RID, an `Alias` of a child, or `SELF`.
            limit: The most points (``None`` for all).
            start: The earliest time (unix seconds or a `datetime`).
            end: The latest time (unix seconds or a `datetime`).
            sort: ``asc`` or ``desc``.
            selection: ``all``, ``givenwindow`` or ``autowindow`` (down-sampling).

        Returns:
            The points as ``(timestamp, value)``.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        return await self.run(wire.read_op(resource, limit=limit, start=start, end=end, sort=sort, selection=selection))

    async def write(self, resource: ResourceID, value: Value) -> None:
        """``write``: write a value now.

        Args:
            resource: A RID, an `Alias` of a child, or `SELF`.
            value: A number or a string (at most 64 KB).

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        await self.run(wire.write_op(resource, value))

    async def writegroup(self, values: Iterable[tuple[ResourceID, Value]]) -> None:
        """``writegroup``: write several dataports with one shared timestamp.

        Args:
            values: ``(resource, value)`` pairs.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        await self.run(wire.writegroup_op(values))

    async def record(self, resource: ResourceID, points: Iterable[PointLike]) -> None:
        """``record``: store timestamped points (the deprecated procedure; prefer `recordbatch`).

        Args:
            resource: A RID, an `Alias` of a child, or `SELF`.
            points: ``(timestamp, value)`` pairs or `Point`s.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        await self.run(wire.record_op(resource, points))

    async def recordbatch(self, resource: ResourceID, points: Iterable[PointLike]) -> None:
        """``recordbatch``: store timestamped points.

        Args:
            resource: A RID, an `Alias` of a child, or `SELF`.
            points: ``(timestamp, value)`` pairs or `Point`s.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            RecordBatchError: Some points were refused (``rejected`` lists them).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        await self.run(wire.recordbatch_op(resource, points))

    async def flush(
        self, resource: ResourceID, *, newer_than: Timestamp | None = None, older_than: Timestamp | None = None
    ) -> None:
        """``flush``: delete stored points: all, or those strictly between the bounds.

        Args:
            resource: A RID, an `Alias` of a child, or `SELF`.
            newer_than: Delete only points after this time (unix seconds or a `datetime`).
            older_than: Delete only points before this time (unix seconds or a `datetime`).

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        await self.run(wire.flush_op(resource, newer_than=newer_than, older_than=older_than))

    async def wait(
        self, resource: ResourceID, *, timeout: float = 30.0, since: Timestamp | None = None
    ) -> Point | None:
        """``wait``: wait for a new point (the request's read timeout grows by ``timeout``).

        Args:
            resource: A RID, an `Alias` of a child, or `SELF`.
            timeout: Seconds to wait.
            since: Only points after this time (unix seconds or a `datetime`).

        Returns:
            The new point, or ``None`` when none came in time.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        return await self.run(wire.wait_op(resource, timeout_ms=_seconds_to_ms(timeout), since=since))

    async def create(
        self, description: ClientDescription | DataportDescription, *, parent: ResourceID | None = SELF
    ) -> Rid:
        """``create``: create a client, dataport, datarule or dispatch (by the description's class).

        Args:
            description: What to create.
            parent: The client to create it under (`SELF` by default).

        Returns:
            The new resource's RID.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        return await self.run(wire.create_op(description, parent=parent))

    async def clone(
        self,
        *,
        rid: ResourceID | None = None,
        code: str | None = None,
        aliases: bool = True,
        historical: bool = True,
    ) -> Rid:
        """``create`` ``clone``: copy a client (by RID or share code) into the caller.

        Args:
            rid: The client to copy.
            code: A share code to copy instead.
            aliases: Keep its aliases.
            historical: Keep its stored data.

        Returns:
            The copy's RID.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        return await self.run(wire.clone_op(rid=rid, code=code, aliases=aliases, historical=historical))

    async def move(self, resource: ResourceID, destination: ResourceID, *, aliases: bool = True) -> None:
        """``move``: move a resource under another client of the caller's tree.

        Args:
            resource: A RID, an `Alias` of a child, or `SELF`.
            destination: The new parent client.
            aliases: Keep the resource's aliases.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        await self.run(wire.move_op(resource, destination, aliases=aliases))

    async def update(self, resource: ResourceID, description: Mapping[str, Any] | ClientDescription) -> None:
        """``update``: change fields of a resource's description (not the caller's own).

        Args:
            resource: A RID, an `Alias` of a child, or `SELF`.
            description: The fields to change.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        await self.run(wire.update_op(resource, description))

    async def info(self, resource: ResourceID = SELF, sections: Iterable[str] | None = None) -> Info:
        """``info``: info about a resource: every visible section, or only ``sections``.

        Args:
            resource: A RID, an `Alias` of a child, or `SELF`.
            sections: Section names (``basic``, ``description``, ``storage``...).

        Returns:
            The typed sections.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        return await self.run(wire.info_op(resource, sections))

    async def listing(
        self,
        types: Sequence[ListableType | str],
        *,
        client: ResourceID = SELF,
        options: Iterable[ListingOption] = (),
        tagged: Sequence[str] | None = None,
    ) -> dict[str, list[Rid]]:
        """``listing``: the RIDs of a client's children, by type.

        Args:
            types: ``client``, ``dataport``, ``datarule``, ``dispatch`` (or ``token``).
            client: Whose children (`SELF` by default).
            options: ``owned``, ``activated``, ``aliased``, ``public``.
            tagged: Only children carrying any of these tags.

        Returns:
            ``{type: [rid, ...]}``.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        return await self.run(wire.listing_op(types, client=client, options=options, tagged=tagged))

    async def drop(self, resource: ResourceID) -> None:
        """``drop``: delete a resource (a client with its whole subtree).

        Args:
            resource: A RID, an `Alias` of a child, or `SELF`.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        await self.run(wire.drop_op(resource))

    async def usage(self, metric: UsageMetric, start: Timestamp, end: Timestamp, *, client: ResourceID = SELF) -> float:
        """``usage``: a client's usage of a metric between two times.

        Args:
            metric: ``client``, ``dataport``, ``datarule``, ``dispatch``, ``share``, ``email``, ``http``,
                ``sms`` or ``xmpp``.
            start: From (unix seconds or a `datetime`).
            end: To (unix seconds or a `datetime`).
            client: Whose usage (`SELF` by default).

        Returns:
            A sum for consumables, entity-seconds for entities.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        return await self.run(wire.usage_op(metric, start, end, client=client))

    async def map(self, resource: ResourceID, alias: str) -> None:
        """``map``: give an immediate child of the caller an alias.

        Args:
            resource: A RID, an `Alias` of a child, or `SELF`.
            alias: The alias.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        await self.run(wire.map_op(resource, alias))

    async def unmap(self, alias: str, *, client: ResourceID = SELF) -> None:
        """``unmap``: remove an alias.

        Args:
            alias: The alias.
            client: Whose alias (`SELF` by default).

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        await self.run(wire.unmap_op(alias, client=client))

    async def lookup(
        self, value: str, *, kind: Literal["alias", "owner", "shared"] = "alias", client: ResourceID = SELF
    ) -> Rid:
        """``lookup``: the RID behind an alias (``""`` is the caller), the owner of a RID, or a share code.

        Args:
            value: The alias, RID or share code.
            kind: ``alias``, ``owner`` or ``shared``.
            client: Where to look (`SELF` by default).

        Returns:
            The RID found.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        return await self.run(wire.lookup_op(kind, value, client=client))

    async def share(self, resource: ResourceID, *, meta: str | None = None, code: str | None = None) -> str:
        """``share``: share a resource.

        Args:
            resource: A RID, an `Alias` of a child, or `SELF`.
            meta: Free text stored with the share.
            code: Reuse this share code.

        Returns:
            The share code.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        return await self.run(wire.share_op(resource, meta=meta, code=code))

    async def revoke(self, kind: Literal["client", "share"], code: str) -> None:
        """``revoke``: revoke a client's CIK (a new unactivated one is issued) or a share code.

        Args:
            kind: ``client`` or ``share``.
            code: The CIK or share code.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        await self.run(wire.revoke_op(kind, code))

    async def activate(self, kind: Literal["client", "share"], code: str, *, client: ResourceID = SELF) -> None:
        """``activate``: activate a client's CIK or a share code.

        Args:
            kind: ``client`` or ``share``.
            code: The CIK or share code.
            client: Which client activates (`SELF` by default).

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        await self.run(wire.activate_op(kind, code, client=client))

    async def deactivate(self, kind: Literal["client", "share"], code: str, *, client: ResourceID = SELF) -> None:
        """``deactivate``: deactivate a client's CIK or a share code.

        Args:
            kind: ``client`` or ``share``.
            code: The CIK or share code.
            client: Which client deactivates (`SELF` by default).

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        await self.run(wire.deactivate_op(kind, code, client=client))

    async def grant(
        self, resource: ResourceID, permissions: Mapping[ResourceID, Iterable[str]], *, ttl: int | None = None
    ) -> str:
        """``grant``: a token allowing the listed procedures on the listed resources.

        Use the token with ``OnePlatform(token=...)``.

        Args:
            resource: The client the token acts as.
            permissions: ``{resource: [procedure, ...]}``.
            ttl: Seconds until the token expires.

        Returns:
            The token.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        return await self.run(wire.grant_op(resource, permissions, ttl=ttl))

    async def tag(self, resource: ResourceID, tag: str, *, action: TagAction = "add") -> None:
        """``tag``: put a tag on a resource (``action="remove"`` takes it off).

        Tags show in the resource's ``info`` (``tags``; the tagging client's ``tagged``), and
        ``listing(..., tagged=[...])`` keeps the children carrying any of the tags.

        Args:
            resource: A RID, an `Alias` of a child, or `SELF`.
            tag: The tag.
            action: ``add`` or ``remove``.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        await self.run(wire.tag_op(resource, action, tag))

    # -- the resource tree ------------------------------------------------------------------

    async def me(self) -> AsyncClientResource:
        """``info`` and ``lookup`` in one request: the client this key speaks as, as a record to navigate from.

        Returns:
            The caller's client record.

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        from resourcekit.exosite._async.records import AsyncClientResource, record_from_info

        async with self.batch() as batch:
            info = batch.info(SELF)
            rid = batch.lookup("")
        record = record_from_info(self, rid.value, info.value, alias=None, is_self=True)
        assert isinstance(record, AsyncClientResource)
        return record

    async def get(self, resource: ResourceID) -> AsyncResource:
        """``info`` (and ``lookup`` for an alias) in one request: a child resource of the caller, typed by what it is.

        Args:
            resource: A RID or an `Alias` of a child.

        Returns:
            A `AsyncClientResource`, `AsyncDataport`, `AsyncDatarule` or `AsyncDispatch`.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        from resourcekit.exosite._async.records import record_from_info

        typed = wire.resource_id(resource)
        async with self.batch() as batch:
            info = batch.info(typed)
            rid = batch.lookup(typed.name) if isinstance(typed, wire.Alias) else None
        alias = typed.name if isinstance(typed, wire.Alias) else None
        found = rid.value if rid is not None else Rid(str(typed))
        return record_from_info(self, found, info.value, alias=alias)

    async def dataport(self, resource: ResourceID) -> AsyncDataport:
        """``info`` (and ``lookup`` for an alias): a dataport (or datarule / dispatch) of the caller.

        Args:
            resource: A RID or an `Alias` of a child.

        Returns:
            The dataport record.

        Raises:
            InvalidInputError: A malformed id, or the resource is not a dataport.
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallInvalidError`).
            RPCRequestError: The request was refused as a whole (a subclass by code, e.g. `RPCAuthenticationError`).
        """
        from resourcekit.exosite._async.records import AsyncDataport

        record = await self.get(resource)
        if not isinstance(record, AsyncDataport):
            raise InvalidInputError(f"{resource!s} is a {record.type}, not a dataport")
        return record

    # -- HTTP Data Interface ----------------------------------------------------------------

    def _hdi_headers(self, **extra: str) -> dict[str, str]:
        if self._auth.cik is None:
            raise ConfigurationError("the HTTP Data Interface needs a CIK (tokens are RPC only)")
        if self._auth.client_id or self._auth.resource_id:
            raise ConfigurationError("the HTTP Data Interface acts as the CIK's own client only")
        return {"X-Exosite-CIK": self._auth.cik, "Accept": wire.HDI_ACCEPT, **extra}

    async def http_write(self, values: Mapping[str, Value]) -> None:
        """``POST /onep:v1/stack/alias``: write dataports by alias, sharing one timestamp.

        Args:
            values: ``{alias: value}``.

        Raises:
            ConfigurationError: The client has a token rather than a CIK, or acts as another client.
            InvalidInputError: A malformed argument (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status).
        """
        spec = RequestSpec(
            "POST",
            wire.STACK_ALIAS_PATH,
            form=wire.hdi_write_form(values),
            headers=self._hdi_headers(),
            idempotent=False,
            context={"api": "hdi"},
        )
        await self._transport.request(spec)

    async def http_read(self, *aliases: str) -> dict[str, str]:
        """``GET /onep:v1/stack/alias?a&b``: the latest value of each alias.

        Args:
            *aliases: The aliases to read.

        Returns:
            ``{alias: value}`` for the aliases that have a value.

        Raises:
            ConfigurationError: The client has a token rather than a CIK, or acts as another client.
            InvalidInputError: A malformed argument (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status).
        """
        spec = RequestSpec("GET", wire.hdi_read_path(aliases), headers=self._hdi_headers(), context={"api": "hdi"})
        response = await self._transport.request(spec)
        return dict(wire.parse_form(response.parsed)) if response.status_code == 200 else {}

    async def http_write_read(self, values: Mapping[str, Value], aliases: Sequence[str]) -> dict[str, str]:
        """``POST /onep:v1/stack/alias?a&b``: write ``values`` then read ``aliases`` in one request.

        Args:
            values: ``{alias: value}`` to write.
            aliases: The aliases to read.

        Returns:
            ``{alias: value}`` read.

        Raises:
            ConfigurationError: The client has a token rather than a CIK, or acts as another client.
            InvalidInputError: A malformed argument (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status).
        """
        spec = RequestSpec(
            "POST",
            wire.hdi_read_path(aliases),
            form=wire.hdi_write_form(values),
            headers=self._hdi_headers(),
            idempotent=False,
            context={"api": "hdi"},
        )
        response = await self._transport.request(spec)
        return dict(wire.parse_form(response.parsed)) if response.status_code == 200 else {}

    async def http_wait(
        self, alias: str, *, timeout: float = 30.0, since: Timestamp | None = None
    ) -> tuple[str, int | None] | None:
        """``GET /onep:v1/stack/alias?alias`` with ``Request-Timeout``: long-poll one alias.

        Args:
            alias: The alias to watch.
            timeout: Seconds to wait, at most 300.
            since: Only a value newer than this (unix seconds or a `datetime`; ``If-Modified-Since``).

        Returns:
            ``(value, last_modified)`` when a newer value came, ``None`` when the server answered 304.

        Raises:
            ConfigurationError: The client has a token rather than a CIK, or acts as another client.
            InvalidInputError: A timeout over 300 seconds or a malformed alias.
            ExositeHTTPError: The platform refused it (a subclass by status).
        """
        timeout_ms = _seconds_to_ms(timeout)
        if timeout_ms > wire.MAX_LONG_POLL_MS:
            raise InvalidInputError("a long poll lasts at most 300 seconds")
        extra = {"Request-Timeout": str(timeout_ms)}
        if since is not None:
            extra["If-Modified-Since"] = wire.if_modified_since(since)
        base = self._transport.options.timeout
        spec = RequestSpec(
            "GET",
            wire.hdi_read_path([alias]),
            headers=self._hdi_headers(**extra),
            timeout=httpx.Timeout(
                connect=base.connect, read=(base.read or 60.0) + timeout, write=base.write, pool=base.pool
            ),
            context={"api": "hdi"},
        )
        response = await self._transport.request(spec)
        if response.status_code == 304:
            return None
        values = dict(wire.parse_form(response.parsed))
        if alias not in values:
            return None
        return values[alias], wire.parse_http_date(response.headers.get("Last-Modified"))

    async def http_record(self, series: Mapping[str, Iterable[PointLike]]) -> None:
        """``POST /onep:v1/stack/record``: store timestamped points of several aliases.

        Args:
            series: ``{alias: [(timestamp, value), ...]}``.

        Raises:
            ConfigurationError: The client has a token rather than a CIK, or acts as another client.
            InvalidInputError: A malformed argument (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status).
        """
        spec = RequestSpec(
            "POST",
            wire.STACK_RECORD_PATH,
            form=wire.hdi_record_form(series),
            headers=self._hdi_headers(),
            idempotent=False,
            context={"api": "hdi"},
        )
        await self._transport.request(spec)

    async def timestamp(self) -> int:
        """``GET /timestamp``: the platform's clock.

        Returns:
            The platform's unix time (seconds).

        Raises:
            ConfigurationError: The client has a token rather than a CIK, or acts as another client.
            ExositeHTTPError: The platform refused it (a subclass by status).
        """
        spec = RequestSpec("GET", wire.TIMESTAMP_PATH, headers=self._hdi_headers(), context={"api": "hdi"})
        response = await self._transport.request(spec)
        return int(str(response.parsed).strip())

    async def raw_http(self, method: str, path: str, **kwargs: Any) -> APIResponse:
        """``<method> <path>``: raw access to the HTTP Data Interface with this client's CIK header.

        Args:
            method: The HTTP method.
            path: The path, e.g. ``/onep:v1/stack/alias``.
            **kwargs: `RequestSpec` fields (``params``, ``form``, ``headers``...).

        Returns:
            The reply as it came (2xx and 304).

        Raises:
            ConfigurationError: The client has a token rather than a CIK, or acts as another client.
            InvalidInputError: A path with control characters, spaces, ``.`` or ``..`` segments.
            ExositeHTTPError: The platform refused it (a subclass by status).
        """
        raw_path(path, "path")
        headers = {**self._hdi_headers(), **kwargs.pop("headers", {})}
        spec = RequestSpec(method.upper(), path, headers=headers, context={"api": "hdi"}, **kwargs)
        return await self._transport.request(spec)

    # -- lifetime ---------------------------------------------------------------------------


class AsyncBatch:
    """Calls queued to be sent together; each method returns a `Handle` in call order.

    The reply may list results in any order: they are matched to handles by id. Batches larger
    than the client's ``batch_size`` go out in several requests. When a request fails as a whole,
    its handles and those of the requests not yet sent hold the error; other batches are untouched.
    """

    def __init__(self, client: AsyncOnePlatform) -> None:
        self._client = client
        self._handles: list[Handle[Any]] = []
        self._sent = False

    @property
    def handles(self) -> list[Handle[Any]]:
        """The handles of the queued calls, in call order."""
        return list(self._handles)

    def __len__(self) -> int:
        return len(self._handles)

    def add(self, operation: Operation[T]) -> Handle[T]:
        """Queue any operation built by `resourcekit.exosite.wire`.

        Args:
            operation: The call and the parser of its result.

        Returns:
            Its handle: the value once the batch is sent.

        Raises:
            InvalidInputError: The batch was sent already.
        """
        if self._sent:
            raise InvalidInputError("this batch was already sent; start another one")
        handle = Handle(operation)
        self._handles.append(handle)
        return handle

    async def send(self) -> None:
        """Send the queued calls (in chunks of the client's ``batch_size``).

        Raises:
            RPCRequestError, TransportError: A request failed as a whole (after the handles were
                given the error).
        """
        if self._sent:
            return
        self._sent = True
        size = self._client._batch_size
        for start in range(0, len(self._handles), size):
            chunk = self._handles[start : start + size]
            try:
                results = await self._client._post([handle.operation for handle in chunk])
            except Exception as error:
                for handle in self._handles[start:]:
                    handle.fail(error)
                raise
            for handle, result in zip(chunk, results, strict=True):
                handle.resolve(result)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            await self.send()

    # -- the procedures, queued --------------------------------------------------------------

    def read(
        self,
        resource: ResourceID,
        *,
        limit: int | None = 1,
        start: Timestamp | None = None,
        end: Timestamp | None = None,
        sort: Literal["asc", "desc"] | None = None,
        selection: Literal["all", "givenwindow", "autowindow"] | None = None,
    ) -> Handle[list[Point]]:
        """``read``: queue reading points; the handle's value is the list of points.

        See `AsyncOnePlatform.read` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.read_op(resource, limit=limit, start=start, end=end, sort=sort, selection=selection))

    def write(self, resource: ResourceID, value: Value) -> Handle[None]:
        """``write``: queue writing a value now.

        See `AsyncOnePlatform.write` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.write_op(resource, value))

    def writegroup(self, values: Iterable[tuple[ResourceID, Value]]) -> Handle[None]:
        """``writegroup``: queue writing several dataports with one timestamp.

        See `AsyncOnePlatform.writegroup` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.writegroup_op(values))

    def record(self, resource: ResourceID, points: Iterable[PointLike]) -> Handle[None]:
        """``record``: queue storing timestamped points (deprecated procedure).

        See `AsyncOnePlatform.record` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.record_op(resource, points))

    def recordbatch(self, resource: ResourceID, points: Iterable[PointLike]) -> Handle[None]:
        """``recordbatch``: queue storing timestamped points; refusals become `RecordBatchError`.

        See `AsyncOnePlatform.recordbatch` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.recordbatch_op(resource, points))

    def flush(
        self, resource: ResourceID, *, newer_than: Timestamp | None = None, older_than: Timestamp | None = None
    ) -> Handle[None]:
        """``flush``: queue deleting stored points.

        See `AsyncOnePlatform.flush` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.flush_op(resource, newer_than=newer_than, older_than=older_than))

    def wait(
        self, resource: ResourceID, *, timeout: float = 30.0, since: Timestamp | None = None
    ) -> Handle[Point | None]:
        """``wait``: queue waiting for a new point; the handle's value is the point or ``None``.

        See `AsyncOnePlatform.wait` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.wait_op(resource, timeout_ms=_seconds_to_ms(timeout), since=since))

    def create(
        self, description: ClientDescription | DataportDescription, *, parent: ResourceID | None = SELF
    ) -> Handle[Rid]:
        """``create``: queue creating a resource; the handle's value is its RID.

        See `AsyncOnePlatform.create` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.create_op(description, parent=parent))

    def clone(
        self,
        *,
        rid: ResourceID | None = None,
        code: str | None = None,
        aliases: bool = True,
        historical: bool = True,
    ) -> Handle[Rid]:
        """``create`` ``clone``: queue copying a client; the handle's value is the copy's RID.

        See `AsyncOnePlatform.clone` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.clone_op(rid=rid, code=code, aliases=aliases, historical=historical))

    def move(self, resource: ResourceID, destination: ResourceID, *, aliases: bool = True) -> Handle[None]:
        """``move``: queue moving a resource under another client.

        See `AsyncOnePlatform.move` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.move_op(resource, destination, aliases=aliases))

    def update(self, resource: ResourceID, description: Mapping[str, Any] | ClientDescription) -> Handle[None]:
        """``update``: queue changing a resource's description.

        See `AsyncOnePlatform.update` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.update_op(resource, description))

    def info(self, resource: ResourceID = SELF, sections: Iterable[str] | None = None) -> Handle[Info]:
        """``info``: queue reading info sections; the handle's value is the `Info`.

        See `AsyncOnePlatform.info` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.info_op(resource, sections))

    def listing(
        self,
        types: Sequence[ListableType | str],
        *,
        client: ResourceID = SELF,
        options: Iterable[ListingOption] = (),
        tagged: Sequence[str] | None = None,
    ) -> Handle[dict[str, list[Rid]]]:
        """``listing``: queue listing a client's children; the value is ``{type: [rid, ...]}``.

        See `AsyncOnePlatform.listing` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.listing_op(types, client=client, options=options, tagged=tagged))

    def drop(self, resource: ResourceID) -> Handle[None]:
        """``drop``: queue deleting a resource.

        See `AsyncOnePlatform.drop` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.drop_op(resource))

    def usage(
        self, metric: UsageMetric, start: Timestamp, end: Timestamp, *, client: ResourceID = SELF
    ) -> Handle[float]:
        """``usage``: queue reading a client's usage of a metric; the value is a number.

        See `AsyncOnePlatform.usage` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.usage_op(metric, start, end, client=client))

    def map(self, resource: ResourceID, alias: str) -> Handle[None]:
        """``map``: queue giving a child an alias.

        See `AsyncOnePlatform.map` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.map_op(resource, alias))

    def unmap(self, alias: str, *, client: ResourceID = SELF) -> Handle[None]:
        """``unmap``: queue removing an alias.

        See `AsyncOnePlatform.unmap` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.unmap_op(alias, client=client))

    def lookup(
        self, value: str, *, kind: Literal["alias", "owner", "shared"] = "alias", client: ResourceID = SELF
    ) -> Handle[Rid]:
        """``lookup``: queue looking up a RID; the handle's value is the `Rid`.

        See `AsyncOnePlatform.lookup` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.lookup_op(kind, value, client=client))

    def share(self, resource: ResourceID, *, meta: str | None = None, code: str | None = None) -> Handle[str]:
        """``share``: queue sharing a resource; the handle's value is the share code.

        See `AsyncOnePlatform.share` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.share_op(resource, meta=meta, code=code))

    def revoke(self, kind: Literal["client", "share"], code: str) -> Handle[None]:
        """``revoke``: queue revoking a CIK or share code.

        See `AsyncOnePlatform.revoke` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.revoke_op(kind, code))

    def activate(self, kind: Literal["client", "share"], code: str, *, client: ResourceID = SELF) -> Handle[None]:
        """``activate``: queue activating a CIK or share code.

        See `AsyncOnePlatform.activate` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.activate_op(kind, code, client=client))

    def deactivate(self, kind: Literal["client", "share"], code: str, *, client: ResourceID = SELF) -> Handle[None]:
        """``deactivate``: queue deactivating a CIK or share code.

        See `AsyncOnePlatform.deactivate` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.deactivate_op(kind, code, client=client))

    def grant(
        self, resource: ResourceID, permissions: Mapping[ResourceID, Iterable[str]], *, ttl: int | None = None
    ) -> Handle[str]:
        """``grant``: queue granting a token; the handle's value is the token.

        See `AsyncOnePlatform.grant` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.grant_op(resource, permissions, ttl=ttl))

    def tag(self, resource: ResourceID, tag: str, *, action: TagAction = "add") -> Handle[None]:
        """``tag``: queue putting on (or taking off) a tag.

        See `AsyncOnePlatform.tag` for the arguments. Nothing is sent until the batch is.

        Raises:
            InvalidInputError: A malformed argument (nothing is queued).
        """
        return self.add(wire.tag_op(resource, action, tag))
