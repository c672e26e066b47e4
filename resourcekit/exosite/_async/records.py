"""The resource tree as records: clients, dataports, datarules and dispatches.

Each record is bound to a client that speaks as the resource's *owner* (the client whose child it
is), so aliases, updates and drops are addressed the way the platform expects. A client record's
`as_client()` speaks as that client, and its children are bound to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, Final, Literal, TypeVar

from pydantic import PrivateAttr, SecretStr, field_serializer, field_validator

from resourcekit.core.errors import InvalidInputError
from resourcekit.core.records import Record, Writable
from resourcekit.exosite._async.client import AsyncOnePlatform, PointLike, Timestamp
from resourcekit.exosite.models import (
    ClientDescription,
    CountRule,
    DataportDescription,
    DataruleDescription,
    DispatchDescription,
    DispatchMethod,
    DurationRule,
    Format,
    Info,
    IntervalRule,
    Limits,
    Point,
    PreprocessOp,
    Retention,
    Rule,
    ScriptRule,
    SimpleRule,
    StorageInfo,
    TimeoutRule,
    UsageMetric,
    Value,
    rule_from_wire,
    rule_to_wire,
)
from resourcekit.exosite.wire import SELF, Alias, ListableType, ListingOption, ResourceID, Rid, TagAction

ALL_TYPES: tuple[ListableType, ...] = ("client", "dataport", "datarule", "dispatch")

# ``refresh()``/``save()``/``update()`` return the record's own class. A bound type variable says so
# in a way Jedi understands too: it resolves ``Self`` on this base class to the base, and would
# offer none of a dataport's methods after ``await port.refresh()``.
_R = TypeVar("_R", bound="AsyncResource")


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}  # pyright: ignore[reportUnknownVariableType]
    return value


class AsyncResource(Record):
    """A resource of the One Platform (the common part of every type).

    ``name``, ``meta`` and ``public`` (and each type's writable description fields) can be set;
    ``save()`` sends what changed with ``update``.
    """

    rid: Final[str]
    """The resource id (40 hex characters)."""
    type: Final[str]
    """``client``, ``dataport``, ``datarule`` or ``dispatch``."""
    alias: Final[str | None] = None
    """Its alias in its owner, when it has one and it was known when loaded."""
    name: Annotated[str | None, Writable] = None
    """Its display name (writable)."""
    meta: Annotated[str | None, Writable] = None
    """Free text stored with it, often JSON an application wrote (writable)."""
    public: Annotated[bool | None, Writable] = None
    """Whether anyone holding its RID may read it (writable)."""
    status: Final[Literal["activated", "notactivated", "locked", "expired"] | None] = None
    """``activated``, ``notactivated``, ``locked`` or ``expired``."""
    modified: Final[int | None] = None
    """When it last changed (unix time, seconds)."""
    tags: Final[list[str] | None] = None
    """The tags on it (``tag()``/``untag()`` change them)."""

    _is_self: bool = PrivateAttr(default=False)

    @property
    def _op(self) -> AsyncOnePlatform:
        client: AsyncOnePlatform = self._require_client()
        return client

    @property
    def ref(self) -> ResourceID:
        """How the bound client addresses this resource (`SELF` for the client's own record)."""
        return SELF if self._is_self else Rid(self.rid)

    async def info(self, sections: Iterable[str] | None = None) -> Info:
        """``info``: every visible info section of this resource (or only ``sections``).

        Args:
            sections: Section names (``basic``, ``description``, ``storage``...).

        Returns:
            The typed sections.

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        return await self._op.info(self.ref, sections)

    async def refresh(self: _R) -> _R:
        """``info``: load the resource again.

        Returns:
            This record, updated in place.

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        fresh = record_from_info(self._op, Rid(self.rid), await self.info(), alias=self.alias, is_self=self._is_self)
        self._replace_with(fresh)
        return self

    async def save(self: _R) -> _R:
        """``update``: send the changed description fields (nothing when none changed).

        Returns:
            This record.

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        changes = _without_none(self.changes())
        if changes:
            await self._op.update(self.ref, changes)
            self._mark_clean()
        return self

    async def update(self: _R, **fields: Any) -> _R:
        """``update``: set description fields and save them: ``await port.update(name="Temp")``.

        Args:
            **fields: Writable fields and their new values.

        Returns:
            This record.

        Raises:
            ReadOnlyFieldError: A field that cannot be changed (nothing is sent).
            InvalidInputError: A value of the wrong type.
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        for name, value in fields.items():
            setattr(self, name, value)
        return await self.save()

    async def drop(self) -> None:
        """``drop``: delete the resource (a client with its whole subtree).

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        await self._op.drop(self.ref)

    async def move(self, to: AsyncClientResource | ResourceID, *, aliases: bool = True) -> None:
        """``move``: move under another client of the owner's tree.

        Args:
            to: The new parent (a client record or its id).
            aliases: Keep the resource's aliases.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        destination = Rid(to.rid) if isinstance(to, AsyncClientResource) else to
        await self._op.move(self.ref, destination, aliases=aliases)
        if isinstance(to, AsyncClientResource):
            self.bind(to.as_client())
            if not aliases:
                object.__setattr__(self, "alias", None)

    async def share(self, *, meta: str | None = None) -> str:
        """``share``: share this resource.

        Args:
            meta: Free text stored with the share.

        Returns:
            The share code.

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        return await self._op.share(self.ref, meta=meta)

    async def map_alias(self, alias: str) -> None:
        """``map``: give this resource an alias in its owner.

        Args:
            alias: The alias.

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        await self._op.map(self.ref, alias)
        object.__setattr__(self, "alias", alias)

    async def unmap_alias(self, alias: str | None = None) -> None:
        """``unmap``: remove an alias of this resource.

        Args:
            alias: The alias (its known one by default).

        Raises:
            InvalidInputError: No alias given and none known.
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        name = alias or self.alias
        if not name:
            raise InvalidInputError("this resource has no known alias; pass the alias to remove")
        await self._op.unmap(name)
        if name == self.alias:
            object.__setattr__(self, "alias", None)

    async def tag(self, *names: str) -> None:
        """``tag`` (in one batch): put tags on this resource.

        ``listing(tagged=[...])`` and ``children(tagged=...)`` find it then.

        Args:
            *names: The tags.

        Raises:
            InvalidInputError: No tag named.
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        await self._tagging("add", names)

    async def untag(self, *names: str) -> None:
        """``tag`` with ``remove`` (in one batch): take tags off this resource.

        Args:
            *names: The tags.

        Raises:
            InvalidInputError: No tag named.
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        await self._tagging("remove", names)

    async def _tagging(self, action: TagAction, names: Sequence[str]) -> None:
        if not names:
            raise InvalidInputError("name at least one tag")
        async with self._op.batch() as batch:
            handles = [batch.tag(self.ref, name, action=action) for name in names]
        refused = next((handle.error for handle in handles if handle.error is not None), None)
        if refused is not None:
            raise refused
        known = self.tags or []
        # A resource carries a tag once, however often it was put on (as the platform's info shows).
        tags = list(dict.fromkeys([*known, *names])) if action == "add" else [t for t in known if t not in names]
        object.__setattr__(self, "tags", tags)

    async def grant(self, procedures: Iterable[str], *, ttl: int | None = None) -> str:
        """``grant``: a token allowing ``procedures`` on this resource (use with ``OnePlatform(token=...)``).

        Args:
            procedures: Procedure names (``read``, ``write``...).
            ttl: Seconds until the token expires.

        Returns:
            The token.

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        rid = Rid(self.rid)
        return await self._op.grant(rid, {rid: list(procedures)}, ttl=ttl)


class AsyncClientResource(AsyncResource):
    """A client: a device, a portal or a template, holding dataports and other clients."""

    limits: Annotated[Limits | None, Writable] = None
    """How many resources and messages it may use (writable)."""
    locked: Annotated[bool | None, Writable] = None
    """Whether the client is locked: its CIK is refused (writable)."""
    key: Final[SecretStr | None] = None
    """Its CIK, visible to its direct owner only (masked in reprs)."""

    def as_client(self) -> AsyncOnePlatform:
        """A client speaking as this client (``client_id``), sharing the connection pool."""
        if self._is_self:
            return self._op
        return self._op.with_options(client_id=self.rid)

    async def children(
        self,
        types: Sequence[ListableType] = ALL_TYPES,
        *,
        options: Iterable[ListingOption] = (),
        tagged: Sequence[str] | None = None,
    ) -> list[AsyncResource]:
        """``listing``, then ``info`` of each in one batch: the children of this client as records.

        Two requests, whatever their number.

        Args:
            types: Which kinds to list.
            options: ``owned``, ``activated``, ``aliased``, ``public``.
            tagged: Only children carrying any of these tags.

        Returns:
            The typed records, in listing order.

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        op = self.as_client()
        listed = await op.listing(types, options=options, tagged=tagged)
        rids = [rid for kind in types for rid in listed.get(kind, [])]
        if not rids:
            return []
        async with op.batch() as batch:
            aliases = batch.info(SELF, ["aliases"])
            infos = [batch.info(rid) for rid in rids]
        names = _alias_names(aliases.value)
        return [
            record_from_info(op, rid, handle.value, alias=names.get(rid))
            for rid, handle in zip(rids, infos, strict=True)
        ]

    async def dataports(self) -> list[AsyncDataport]:
        """``listing`` and ``info``: the dataports of this client.

        Returns:
            The dataport records.

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        return [r for r in await self.children(["dataport"]) if isinstance(r, AsyncDataport)]

    async def clients(self) -> list[AsyncClientResource]:
        """``listing`` and ``info``: the child clients of this client.

        Returns:
            The client records.

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        return [r for r in await self.children(["client"]) if isinstance(r, AsyncClientResource)]

    async def lookup(self, alias: str) -> Rid:
        """``lookup``: the RID of the child with this alias.

        Args:
            alias: The child's alias.

        Returns:
            Its RID.

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        return await self.as_client().lookup(alias)

    async def get(self, resource: ResourceID) -> AsyncResource:
        """``info``: a child (by RID or `Alias`) as a record.

        Args:
            resource: A RID or an `Alias`.

        Returns:
            The typed record.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        return await self.as_client().get(resource)

    async def dataport(self, alias: str) -> AsyncDataport:
        """``info``: the child dataport (or datarule / dispatch) with this alias.

        Args:
            alias: The child's alias.

        Returns:
            The dataport record.

        Raises:
            InvalidInputError: The child is not a dataport.
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        return await self.as_client().dataport(Alias(alias))

    async def usage(self, metric: UsageMetric, start: Timestamp, end: Timestamp) -> float:
        """``usage``: this client's usage of ``metric`` between two times.

        Args:
            metric: ``client``, ``dataport``, ``email``, ``sms``...
            start: From (unix seconds or a `datetime`).
            end: To (unix seconds or a `datetime`).

        Returns:
            The usage.

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        return await self.as_client().usage(metric, start, end)

    async def create(
        self, description: ClientDescription | DataportDescription, *, alias: str | None = None
    ) -> AsyncResource:
        """``create``, then ``map`` and ``info`` in one batch: a new child, as a record.

        Args:
            description: What to create.
            alias: An alias to map to it.

        Returns:
            The new record.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: Creating was refused, or the alias was (the child exists then).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        op = self.as_client()
        rid = await op.create(description)
        async with op.batch() as batch:
            mapped = batch.map(rid, alias) if alias else None
            info = batch.info(rid)
        if mapped is not None and mapped.error is not None:
            raise mapped.error  # created, but the alias was refused (taken, most likely)
        return record_from_info(op, rid, info.value, alias=alias)

    async def create_client(
        self,
        *,
        name: str | None = None,
        meta: str | None = None,
        public: bool | None = None,
        limits: Limits | Mapping[str, int | Literal["inherit"]] | None = None,
        locked: bool | None = None,
        alias: str | None = None,
    ) -> AsyncClientResource:
        """``create`` ``client``: create a child client.

        Args:
            name: Its display name.
            meta: Free text stored with it.
            public: Whether anyone holding its RID may read it.
            limits: Its resource limits (a `Limits` or a mapping).
            locked: Create it locked.
            alias: An alias to map to it.

        Returns:
            The new client record.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        typed_limits = Limits.model_validate(limits) if isinstance(limits, Mapping) else limits
        description = ClientDescription(name=name, meta=meta, public=public, limits=typed_limits, locked=locked)
        created = await self.create(description, alias=alias)
        assert isinstance(created, AsyncClientResource)
        return created

    async def create_dataport(
        self,
        format: Format,
        *,
        name: str | None = None,
        meta: str | None = None,
        public: bool | None = None,
        preprocess: Sequence[tuple[PreprocessOp, Any]] | None = None,
        retention: Retention | None = None,
        subscribe: str | None = None,
        alias: str | None = None,
    ) -> AsyncDataport:
        """``create`` ``dataport``: create a dataport.

        Args:
            format: ``float``, ``integer`` or ``string``.
            name: Its display name.
            meta: Free text stored with it.
            public: Whether anyone holding its RID may read it.
            preprocess: ``(op, operand)`` operations on each value.
            retention: How much history it keeps.
            subscribe: The RID whose values it receives.
            alias: An alias to map to it.

        Returns:
            The new dataport record.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        description = DataportDescription(
            format=format,
            name=name,
            meta=meta,
            public=public,
            preprocess=list(preprocess) if preprocess is not None else None,
            retention=retention,
            subscribe=subscribe,
        )
        created = await self.create(description, alias=alias)
        assert isinstance(created, AsyncDataport)
        return created

    async def create_datarule(
        self,
        rule: Rule,
        *,
        format: Format = "integer",
        name: str | None = None,
        meta: str | None = None,
        subscribe: str | None = None,
        retention: Retention | None = None,
        alias: str | None = None,
    ) -> AsyncDatarule:
        """``create`` ``datarule``: create a datarule computing its values by ``rule`` from its ``subscribe`` resource.

        Args:
            rule: The rule.
            format: The value type.
            name: Its display name.
            meta: Free text stored with it.
            subscribe: The RID whose values it receives.
            retention: How much history it keeps.
            alias: An alias to map to it.

        Returns:
            The new datarule record.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        description = DataruleDescription(
            rule=rule, format=format, name=name, meta=meta, subscribe=subscribe, retention=retention
        )
        created = await self.create(description, alias=alias)
        assert isinstance(created, AsyncDatarule)
        return created

    async def create_dispatch(
        self,
        method: DispatchMethod,
        recipient: str,
        *,
        subject: str | None = None,
        message: str | None = None,
        name: str | None = None,
        meta: str | None = None,
        subscribe: str | None = None,
        locked: bool | None = None,
        alias: str | None = None,
    ) -> AsyncDispatch:
        """``create`` ``dispatch``: create a dispatch.

        It sends ``message`` to ``recipient`` when its subscribed resource changes.

        Args:
            method: ``email``, ``http_get``, ``http_post``, ``http_put``, ``sms`` or ``xmpp``.
            recipient: The address, number or URL.
            subject: The subject line (email).
            message: The message.
            name: Its display name.
            meta: Free text stored with it.
            subscribe: The RID whose values trigger it.
            locked: Create it locked.
            alias: An alias to map to it.

        Returns:
            The new dispatch record.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        description = DispatchDescription(
            method=method,
            recipient=recipient,
            subject=subject,
            message=message,
            name=name,
            meta=meta,
            subscribe=subscribe,
            locked=locked,
        )
        created = await self.create(description, alias=alias)
        assert isinstance(created, AsyncDispatch)
        return created

    async def tree(self, depth: int = 8) -> list[tuple[int, AsyncResource]]:
        """``listing`` and ``info`` per client: this client's subtree, depth first.

        Args:
            depth: How many levels to descend.

        Returns:
            ``(depth, record)`` pairs.

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        found: list[tuple[int, AsyncResource]] = []
        for child in await self.children():
            found.append((1, child))
            if isinstance(child, AsyncClientResource) and depth > 1:
                found.extend((level + 1, record) for level, record in await child.tree(depth - 1))
        return found


class AsyncDataport(AsyncResource):
    """A dataport: a time series of numbers or strings."""

    format: Final[Literal["float", "integer", "string"]] = "string"
    """The value type: ``float``, ``integer`` or ``string`` (fixed at creation)."""
    retention: Annotated[Retention | None, Writable] = None
    """How many points and hours of history it keeps (writable)."""
    preprocess: Annotated[
        list[tuple[Literal["add", "sub", "mul", "div", "mod", "gt", "geq", "lt", "leq", "eq", "neq", "value"], Any]]
        | None,
        Writable,
    ] = None
    """``(op, operand)`` operations applied to each written value first (writable)."""
    subscribe: Annotated[str | None, Writable] = None
    """The RID of the resource whose values it receives, or ``None`` (writable)."""
    storage: Final[StorageInfo | None] = None
    """Stored point count, first and last timestamps and size (when loaded)."""

    async def write(self, value: Value) -> None:
        """``write``: write a value now.

        Args:
            value: A number or a string (at most 64 KB).

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        await self._op.write(self.ref, value)

    async def read(
        self,
        limit: int | None = 1,
        *,
        start: Timestamp | None = None,
        end: Timestamp | None = None,
        sort: Literal["asc", "desc"] | None = None,
        selection: Literal["all", "givenwindow", "autowindow"] | None = None,
    ) -> list[Point]:
        """``read``: stored points, newest first unless ``sort="asc"``.

        Args:
            limit: The most points (``None`` for every point).
            start: The earliest time (unix seconds or a `datetime`).
            end: The latest time (unix seconds or a `datetime`).
            sort: ``asc`` or ``desc``.
            selection: ``all``, ``givenwindow`` or ``autowindow``.

        Returns:
            The points.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        return await self._op.read(self.ref, limit=limit, start=start, end=end, sort=sort, selection=selection)

    async def latest(self) -> Point | None:
        """``read``: the newest point.

        Returns:
            The point, or ``None`` when there is none.

        Raises:
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        points = await self.read(1)
        return points[0] if points else None

    async def record(self, points: Iterable[PointLike]) -> None:
        """``recordbatch``: store timestamped points.

        Args:
            points: ``(timestamp, value)`` pairs or `Point`s.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            RecordBatchError: Some points were refused (``rejected`` lists them).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        await self._op.recordbatch(self.ref, points)

    async def flush(self, *, newer_than: Timestamp | None = None, older_than: Timestamp | None = None) -> None:
        """``flush``: delete points: all, or those strictly between the bounds.

        Args:
            newer_than: Only points after this time (unix seconds or a `datetime`).
            older_than: Only points before this time (unix seconds or a `datetime`).

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        await self._op.flush(self.ref, newer_than=newer_than, older_than=older_than)

    async def wait(self, timeout: float = 30.0, *, since: Timestamp | None = None) -> Point | None:
        """``wait``: wait for a new point.

        Args:
            timeout: Seconds to wait.
            since: Only points after this time (unix seconds or a `datetime`).

        Returns:
            The new point, or ``None`` when none came in time.

        Raises:
            InvalidInputError: A malformed argument (nothing is sent).
            CallError: The call's status was not ``ok`` (a subclass by status, e.g. `CallRestrictedError`).
            RPCRequestError: The request was refused as a whole (a subclass by code).
        """
        return await self._op.wait(self.ref, timeout=timeout, since=since)


class AsyncDatarule(AsyncDataport):
    """A datarule: a dataport whose values its ``rule`` computes (writable)."""

    rule: Annotated[
        SimpleRule | TimeoutRule | IntervalRule | DurationRule | CountRule | ScriptRule | None, Writable
    ] = None
    """How its values are computed from its subscribed resource (writable)."""

    @field_validator("rule", mode="before")
    @classmethod
    def _parse_rule(cls, value: Any) -> Any:
        return rule_from_wire(value) if isinstance(value, dict) else value

    @field_serializer("rule")
    def _dump_rule(self, rule: Rule | None) -> dict[str, Any] | None:
        return None if rule is None else rule_to_wire(rule)


class AsyncDispatch(AsyncDataport):
    """A dispatch: sends an email, SMS, XMPP message or HTTP request (fields writable)."""

    method: Annotated[Literal["email", "http_get", "http_post", "http_put", "sms", "xmpp"] | None, Writable] = None
    """``email``, ``http_get``, ``http_post``, ``http_put``, ``sms`` or ``xmpp`` (writable)."""
    recipient: Annotated[str | None, Writable] = None
    """The address, number or URL it sends to (writable)."""
    subject: Annotated[str | None, Writable] = None
    """The subject line of an email (writable)."""
    message: Annotated[str | None, Writable] = None
    """The message it sends; the new value when unset (writable)."""
    locked: Annotated[bool | None, Writable] = None
    """Whether it is locked and sends nothing (writable)."""


_TYPES: dict[str, type[AsyncResource]] = {
    "client": AsyncClientResource,
    "dataport": AsyncDataport,
    "datarule": AsyncDatarule,
    "dispatch": AsyncDispatch,
}


def _alias_names(info: Info) -> dict[str, str]:
    names: dict[str, str] = {}
    found: Any = info.aliases
    if isinstance(found, dict):
        for rid, aliases in found.items():  # pyright: ignore[reportUnknownVariableType]
            if isinstance(aliases, list) and aliases:
                names[str(rid)] = str(aliases[0])  # pyright: ignore[reportUnknownArgumentType]
    return names


def record_from_info(
    client: AsyncOnePlatform, rid: Rid, info: Info, *, alias: str | None, is_self: bool = False
) -> AsyncResource:
    """The typed record of a resource from its ``info`` (bound to ``client``, its owner's view)."""
    kind = info.basic.type if info.basic is not None else "client"
    cls = _TYPES.get(kind, AsyncResource)
    data: dict[str, Any] = info.description.sent_fields() if info.description is not None else {}
    data.update(rid=str(rid), type=kind, alias=alias)
    if info.basic is not None:
        data.update(status=info.basic.status, modified=info.basic.modified)
    if info.key is not None:
        data["key"] = info.key
    if info.storage is not None:
        data["storage"] = info.storage
    if info.tags is not None:
        data["tags"] = info.tags
    record = cls.from_wire(data)
    record._is_self = is_self
    return record.bind(client)


__all__ = [
    "AsyncClientResource",
    "AsyncDataport",
    "AsyncDatarule",
    "AsyncDispatch",
    "AsyncResource",
    "record_from_info",
]
