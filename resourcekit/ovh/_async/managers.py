"""The managers hanging off an `AsyncOVH` client, named by the API's nouns."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from resourcekit.core._async.pages import AsyncPage
from resourcekit.core.errors import InvalidInputError
from resourcekit.core.validate import one_of
from resourcekit.ovh import wire
from resourcekit.ovh._async.records import (
    AsyncApiApplication,
    AsyncApiCredential,
    AsyncBill,
    AsyncDedicatedServer,
    AsyncDnsRecord,
    AsyncDnsZone,
    AsyncMe,
    AsyncRedirection,
    AsyncTask,
)
from resourcekit.ovh.models import (
    BILL_CATEGORIES,
    CREDENTIAL_STATUSES,
    DNS_FIELD_TYPES,
    BillCategory,
    CredentialStatus,
    DnsFieldType,
    RedirectionTask,
)

if TYPE_CHECKING:
    from resourcekit.ovh._async.client import AsyncOVH


def _check(value: str | None, allowed: tuple[str, ...], name: str) -> None:
    if value is not None:
        one_of(value, allowed, name)


def _sub_domain(value: str | None) -> None:
    """A record's sub-domain: empty (the zone's apex) or labels such as ``www``, ``_dmarc``, ``*.dev``."""
    if value:
        wire.zone_name(value, "sub_domain")


def _moment(value: dt.date | dt.datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


class _Manager:
    """What every OVH manager holds: the client it sends through."""

    def __init__(self, ovh: AsyncOVH) -> None:
        self._ovh = ovh

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


# -- /me ----------------------------------------------------------------------------------------


class AsyncBillManager(_Manager):
    """``ovh.me.bills``: your bills."""

    async def ids(
        self,
        *,
        category: BillCategory | None = None,
        date_from: dt.date | dt.datetime | str | None = None,
        date_to: dt.date | dt.datetime | str | None = None,
        order_id: int | None = None,
    ) -> list[str]:
        """Bill ids (``GET /me/bill``), filtered by category, date range (inclusive) and order id.

        Args:
            category: Only bills of this category (``purchase``, ``autorenew``...).
            date_from: Only bills issued on or after this moment (``date.from``).
            date_to: Only bills issued on or before this moment (``date.to``).
            order_id: Only the bills of this order (``orderId``).

        Returns:
            The matching bill ids, as the API lists them.

        Raises:
            InvalidInputError: An unknown ``category``.
            OVHError: The API refused the call.
        """
        _check(category, BILL_CATEGORIES, "category")
        params = {
            "category": category,
            "date.from": _moment(date_from),
            "date.to": _moment(date_to),
            "orderId": order_id,
        }
        return [str(item) for item in await self._ovh._get("/me/bill", **params)]

    def list(
        self,
        *,
        category: BillCategory | None = None,
        date_from: dt.date | dt.datetime | str | None = None,
        date_to: dt.date | dt.datetime | str | None = None,
        order_id: int | None = None,
        batch: int | None = None,
    ) -> AsyncPage[AsyncBill]:
        """Bills, fetched as you iterate (``GET /me/bill``, then ``GET /me/bill/{billId}`` each).

        Takes the same filters as `ids`. ``batch=50`` fetches 50 bills per request (an OVH batch
        GET, one page per batch) and falls back to one request per bill where the server refuses
        batches. Nothing is sent until you iterate.

        Raises:
            InvalidInputError: An unknown ``category`` (at once); `OVHError` while iterating.
        """
        _check(category, BILL_CATEGORIES, "category")

        async def list_ids() -> list[str]:
            return await self.ids(category=category, date_from=date_from, date_to=date_to, order_id=order_id)

        return self._ovh._listing(list_ids, self.get, collection="/me/bill", build=self._build, batch=batch)

    async def get(self, bill_id: str) -> AsyncBill:
        """The bill ``bill_id`` (``GET /me/bill/{billId}``).

        Raises:
            OVHNotFoundError: No such bill.
        """
        return self._build(await self._ovh._get(wire.path("/me/bill/{}", bill_id)))

    def _build(self, data: Any) -> AsyncBill:
        return AsyncBill.from_wire(data).bind(self._ovh)


class AsyncApiCredentialManager(_Manager):
    """``ovh.me.api.credentials``: the consumer keys issued on your account."""

    async def ids(self, *, status: CredentialStatus | None = None, application_id: int | None = None) -> list[int]:
        """Credential ids (``GET /me/api/credential``), filtered by ``status`` and ``application_id``.

        Raises:
            InvalidInputError: An unknown ``status``.
        """
        _check(status, CREDENTIAL_STATUSES, "status")
        found = await self._ovh._get("/me/api/credential", status=status, applicationId=application_id)
        return [int(item) for item in found]

    def list(
        self,
        *,
        status: CredentialStatus | None = None,
        application_id: int | None = None,
        batch: int | None = None,
    ) -> AsyncPage[AsyncApiCredential]:
        """Credentials, fetched as you iterate (``GET /me/api/credential``, then one ``GET`` each).

        ``batch=N`` fetches N objects per request (an OVH batch GET), falling back to one request
        per object where the server refuses batches.
        """
        _check(status, CREDENTIAL_STATUSES, "status")

        async def list_ids() -> list[int]:
            return await self.ids(status=status, application_id=application_id)

        return self._ovh._listing(list_ids, self.get, collection="/me/api/credential", build=self._build, batch=batch)

    async def get(self, credential_id: int) -> AsyncApiCredential:
        """The credential ``credential_id`` (``GET /me/api/credential/{credentialId}``).

        Raises:
            OVHNotFoundError: No such credential.
        """
        return self._build(await self._ovh._get(wire.path("/me/api/credential/{}", credential_id)))

    def _build(self, data: Any) -> AsyncApiCredential:
        return AsyncApiCredential.from_wire(data).bind(self._ovh)


class AsyncApiApplicationManager(_Manager):
    """``ovh.me.api.applications``: the applications you created."""

    async def ids(self) -> list[int]:
        """The ids of your applications (``GET /me/api/application``)."""
        return [int(item) for item in await self._ovh._get("/me/api/application")]

    def list(self, *, batch: int | None = None) -> AsyncPage[AsyncApiApplication]:
        """Applications, fetched as you iterate (``GET /me/api/application``, then one ``GET`` each).

        ``batch=N`` fetches N objects per request (an OVH batch GET), falling back to one request
        per object where the server refuses batches.
        """
        return self._ovh._listing(self.ids, self.get, collection="/me/api/application", build=self._build, batch=batch)

    async def get(self, application_id: int) -> AsyncApiApplication:
        """The application ``application_id`` (``GET /me/api/application/{applicationId}``).

        Raises:
            OVHNotFoundError: No such application.
        """
        return self._build(await self._ovh._get(wire.path("/me/api/application/{}", application_id)))

    def _build(self, data: Any) -> AsyncApiApplication:
        return AsyncApiApplication.from_wire(data).bind(self._ovh)


class AsyncApiManager(_Manager):
    """``ovh.me.api``: credentials and applications."""

    def __init__(self, ovh: AsyncOVH) -> None:
        super().__init__(ovh)
        self.credentials: AsyncApiCredentialManager = AsyncApiCredentialManager(ovh)
        """The consumer keys' credentials (``/me/api/credential``)."""
        self.applications: AsyncApiApplicationManager = AsyncApiApplicationManager(ovh)
        """The applications you created (``/me/api/application``)."""


class AsyncMeManager(_Manager):
    """``ovh.me``: the account, its bills and its API credentials."""

    def __init__(self, ovh: AsyncOVH) -> None:
        super().__init__(ovh)
        self.bills: AsyncBillManager = AsyncBillManager(ovh)
        """Your bills (``/me/bill``)."""
        self.api: AsyncApiManager = AsyncApiManager(ovh)
        """Your API credentials and applications (``/me/api``)."""

    async def get(self) -> AsyncMe:
        """The account (``GET /me``).

        Raises:
            OVHAuthenticationError: The credentials were refused.
        """
        return AsyncMe.from_wire(await self._ovh._get("/me")).bind(self._ovh)


# -- /dedicated ---------------------------------------------------------------------------------


class AsyncDedicatedServerManager(_Manager):
    """``ovh.dedicated.servers``: your dedicated servers."""

    async def names(self) -> list[str]:
        """The names of your dedicated servers (``GET /dedicated/server``)."""
        return [str(item) for item in await self._ovh._get("/dedicated/server")]

    def list(self, *, batch: int | None = None) -> AsyncPage[AsyncDedicatedServer]:
        """Servers, fetched as you iterate (``GET /dedicated/server``, then one ``GET`` each).

        ``batch=N`` fetches N objects per request (an OVH batch GET), falling back to one request
        per object where the server refuses batches.
        """
        return self._ovh._listing(self.names, self.get, collection="/dedicated/server", build=self._build, batch=batch)

    async def get(self, name: str) -> AsyncDedicatedServer:
        """The server ``name`` (``GET /dedicated/server/{serviceName}``).

        Raises:
            OVHNotFoundError: No such server.
        """
        return self._build(await self._ovh._get(wire.path("/dedicated/server/{}", name)))

    def _build(self, data: Any) -> AsyncDedicatedServer:
        return AsyncDedicatedServer.from_wire(data).bind(self._ovh)

    async def task(self, name: str, task_id: int) -> AsyncTask:
        """Task ``task_id`` of server ``name`` (``GET /dedicated/server/{serviceName}/task/{taskId}``).

        Raises:
            OVHNotFoundError: No such server or task.
        """
        data = await self._ovh._get(wire.path("/dedicated/server/{}/task/{}", name, task_id))
        task = AsyncTask.from_wire(data).bind(self._ovh)
        task._server_name = name
        return task


class AsyncDedicatedManager(_Manager):
    """``ovh.dedicated``."""

    def __init__(self, ovh: AsyncOVH) -> None:
        super().__init__(ovh)
        self.servers: AsyncDedicatedServerManager = AsyncDedicatedServerManager(ovh)
        """Your dedicated servers (``/dedicated/server``)."""


# -- /email/domain ------------------------------------------------------------------------------


class AsyncRedirectionManager(_Manager):
    """``ovh.email.domain(name).redirections``: a domain's e-mail redirections."""

    def __init__(self, ovh: AsyncOVH, domain: str) -> None:
        super().__init__(ovh)
        self.domain: str = wire.zone_name(domain, "domain")
        """The e-mail domain whose redirections these are."""

    async def ids(self, *, from_: str | None = None, to: str | None = None) -> list[str]:
        """Redirection ids (``GET /email/domain/{domain}/redirection``), filtered by ``from_`` and ``to``."""
        found = await self._ovh._get(wire.path("/email/domain/{}/redirection", self.domain), to=to, **{"from": from_})
        return [str(item) for item in found]

    def list(
        self, *, from_: str | None = None, to: str | None = None, batch: int | None = None
    ) -> AsyncPage[AsyncRedirection]:
        """Redirections, fetched as you iterate (``GET /email/domain/{domain}/redirection``, then one ``GET`` each).

        ``batch=N`` fetches N objects per request (an OVH batch GET), falling back to one request
        per object where the server refuses batches.
        """

        async def list_ids() -> list[str]:
            return await self.ids(from_=from_, to=to)

        collection = wire.path("/email/domain/{}/redirection", self.domain)
        return self._ovh._listing(list_ids, self.get, collection=collection, build=self._build, batch=batch)

    async def get(self, redirection_id: str) -> AsyncRedirection:
        """The redirection ``redirection_id`` (``GET /email/domain/{domain}/redirection/{id}``).

        Raises:
            OVHNotFoundError: No such redirection.
        """
        return self._build(
            await self._ovh._get(wire.path("/email/domain/{}/redirection/{}", self.domain, redirection_id))
        )

    def _build(self, data: Any) -> AsyncRedirection:
        redirection = AsyncRedirection.from_wire(data).bind(self._ovh)
        redirection._domain = self.domain
        return redirection

    async def create(self, from_: str, to: str, *, local_copy: bool = False) -> RedirectionTask:
        """Redirect mail sent to ``from_`` towards ``to`` (``POST /email/domain/{domain}/redirection``).

        Keeps a copy in the ``from_`` mailbox when ``local_copy``; returns the task OVH queues.

        Not retried on failure: a second send could create the redirection twice.

        Raises:
            InvalidInputError: An address that is not an e-mail address, or ``local_copy`` not a bool.
        """
        for name, address in (("from_", from_), ("to", to)):
            wire.check_email(address, name)
        if not isinstance(local_copy, bool):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"local_copy must be True or False, not {type(local_copy).__name__}")
        body = {"from": from_, "to": to, "localCopy": local_copy}
        data = await self._ovh._post(wire.path("/email/domain/{}/redirection", self.domain), body)
        return RedirectionTask.from_wire(data)


class AsyncEmailDomain:
    """An e-mail domain: a name and its ``redirections`` (building one sends nothing)."""

    def __init__(self, ovh: AsyncOVH, name: str) -> None:
        self.name: str = wire.zone_name(name, "name")
        """The domain name."""
        self.redirections: AsyncRedirectionManager = AsyncRedirectionManager(ovh, self.name)
        """The domain's e-mail redirections (``/email/domain/{domain}/redirection``)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


class AsyncEmailDomainManager(_Manager):
    """``ovh.email.domains``: your e-mail domains."""

    async def names(self) -> list[str]:
        """The names of your e-mail domains (``GET /email/domain``)."""
        return [str(item) for item in await self._ovh._get("/email/domain")]

    async def list(self) -> list[AsyncEmailDomain]:
        """Your e-mail domains (``GET /email/domain``), each with its ``redirections``."""
        return [AsyncEmailDomain(self._ovh, name) for name in await self.names()]


class AsyncEmailManager(_Manager):
    """``ovh.email``."""

    def __init__(self, ovh: AsyncOVH) -> None:
        super().__init__(ovh)
        self.domains: AsyncEmailDomainManager = AsyncEmailDomainManager(ovh)
        """Your e-mail domains (``/email/domain``)."""

    def domain(self, name: str) -> AsyncEmailDomain:
        """The e-mail domain ``name`` (no request is sent).

        Raises:
            InvalidInputError: ``name`` is not a valid domain name.
        """
        return AsyncEmailDomain(self._ovh, wire.zone_name(name, "name"))


# -- /domain/zone -------------------------------------------------------------------------------


class AsyncDnsRecordManager(_Manager):
    """``zone.records``: the records of one DNS zone."""

    def __init__(self, ovh: AsyncOVH, zone: str) -> None:
        super().__init__(ovh)
        self.zone: str = wire.zone_name(zone)
        """The zone whose records these are."""

    async def ids(self, *, field_type: DnsFieldType | None = None, sub_domain: str | None = None) -> list[int]:
        """Record ids of the zone (``GET /domain/zone/{zone}/record``), filtered by type and sub-domain.

        Raises:
            InvalidInputError: An unknown ``field_type`` or a malformed ``sub_domain``.
        """
        _check(field_type, DNS_FIELD_TYPES, "field_type")
        _sub_domain(sub_domain)
        found = await self._ovh._get(
            wire.path("/domain/zone/{}/record", self.zone), fieldType=field_type, subDomain=sub_domain
        )
        return [int(item) for item in found]

    def list(
        self, *, field_type: DnsFieldType | None = None, sub_domain: str | None = None, batch: int | None = None
    ) -> AsyncPage[AsyncDnsRecord]:
        """Records, fetched as you iterate (``GET /domain/zone/{zone}/record``, then one ``GET`` each).

        ``batch=N`` fetches N objects per request (an OVH batch GET), falling back to one request
        per object where the server refuses batches.
        """
        _check(field_type, DNS_FIELD_TYPES, "field_type")

        async def list_ids() -> list[int]:
            return await self.ids(field_type=field_type, sub_domain=sub_domain)

        collection = wire.path("/domain/zone/{}/record", self.zone)
        return self._ovh._listing(list_ids, self.get, collection=collection, build=self._build, batch=batch)

    async def get(self, record_id: int) -> AsyncDnsRecord:
        """The record ``record_id`` (``GET /domain/zone/{zone}/record/{id}``).

        Raises:
            OVHNotFoundError: No such record.
        """
        return self._build(await self._ovh._get(wire.path("/domain/zone/{}/record/{}", self.zone, record_id)))

    def _build(self, data: Any) -> AsyncDnsRecord:
        return AsyncDnsRecord.from_wire(data).bind(self._ovh)

    async def create(
        self, field_type: DnsFieldType, target: str, *, sub_domain: str | None = None, ttl: int | None = None
    ) -> AsyncDnsRecord:
        """Add a record (``POST /domain/zone/{zone}/record``); ``zone.refresh_zone()`` then publishes it.

        Not retried on failure: a second send could add the record twice.

        Raises:
            InvalidInputError: An unknown ``field_type``, a malformed ``sub_domain`` or a negative ``ttl``.
            OVHError: The API refused the record.
        """
        _check(field_type, DNS_FIELD_TYPES, "field_type")
        _sub_domain(sub_domain)
        if ttl is not None and ttl < 0:
            raise InvalidInputError(f"ttl must be 0 or more, not {ttl}")
        body: dict[str, Any] = {"fieldType": field_type, "target": target}
        if sub_domain is not None:
            body["subDomain"] = sub_domain
        if ttl is not None:
            body["ttl"] = ttl
        data = await self._ovh._post(wire.path("/domain/zone/{}/record", self.zone), body)
        return AsyncDnsRecord.from_wire(data).bind(self._ovh)


class AsyncDnsZoneManager(_Manager):
    """``ovh.domain.zones``: your DNS zones."""

    async def names(self) -> list[str]:
        """The names of your DNS zones (``GET /domain/zone``)."""
        return [str(item) for item in await self._ovh._get("/domain/zone")]

    def list(self, *, batch: int | None = None) -> AsyncPage[AsyncDnsZone]:
        """Zones, fetched as you iterate (``GET /domain/zone``, then one ``GET`` each).

        ``batch=N`` fetches N objects per request (an OVH batch GET), falling back to one request
        per object where the server refuses batches.
        """
        return self._ovh._listing(self.names, self.get, collection="/domain/zone", build=self._build, batch=batch)

    async def get(self, name: str) -> AsyncDnsZone:
        """A zone by name (``GET /domain/zone/{zone}``; an internationalised name is sent in ASCII form).

        Raises:
            InvalidInputError: ``name`` is not a valid domain name.
            OVHNotFoundError: No such zone.
        """
        path = wire.path("/domain/zone/{}", wire.zone_name(name, "name"))
        return self._build(await self._ovh._get(path))

    def _build(self, data: Any) -> AsyncDnsZone:
        return AsyncDnsZone.from_wire(data).bind(self._ovh)

    def records(self, zone: str) -> AsyncDnsRecordManager:
        """The records of ``zone`` (no request is sent)."""
        return AsyncDnsRecordManager(self._ovh, zone)


class AsyncDomainManager(_Manager):
    """``ovh.domain``: domains and their DNS zones."""

    def __init__(self, ovh: AsyncOVH) -> None:
        super().__init__(ovh)
        self.zones: AsyncDnsZoneManager = AsyncDnsZoneManager(ovh)
        """Your DNS zones (``/domain/zone``)."""

    async def names(self) -> list[str]:
        """The domains of the account (``GET /domain``)."""
        return [str(item) for item in await self._ovh._get("/domain")]


__all__ = [
    "AsyncApiApplicationManager",
    "AsyncApiCredentialManager",
    "AsyncApiManager",
    "AsyncBillManager",
    "AsyncDedicatedManager",
    "AsyncDedicatedServerManager",
    "AsyncDnsRecordManager",
    "AsyncDnsZoneManager",
    "AsyncDomainManager",
    "AsyncEmailDomain",
    "AsyncEmailDomainManager",
    "AsyncEmailManager",
    "AsyncMeManager",
    "AsyncRedirectionManager",
]
