"""OVH objects with their I/O methods (async): refresh, save, delete, actions and navigation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from pydantic import PrivateAttr
from typing_extensions import Self

from resourcekit.core.errors import InvalidInputError
from resourcekit.core.records import Record
from resourcekit.ovh import wire
from resourcekit.ovh.errors import TaskFailedError, TaskTimeoutError
from resourcekit.ovh.models import (
    IPMI_ACCESS_TYPES,
    IPMI_TTLS,
    TASK_FAILED_STATUSES,
    ApiApplicationData,
    ApiCredentialData,
    BillData,
    BillDetailData,
    BurstData,
    DedicatedServerData,
    DnsRecordData,
    DnsZoneData,
    IpmiAccess,
    IpmiAccessType,
    IpmiData,
    IpmiTtl,
    MeData,
    PaymentData,
    RedirectionData,
    RedirectionTask,
    TaskData,
)

if TYPE_CHECKING:
    from resourcekit.ovh._async.client import AsyncOVH
    from resourcekit.ovh._async.managers import AsyncDnsRecordManager


def _ovh(record: Record) -> AsyncOVH:
    return cast("AsyncOVH", record._require_client())


class AsyncMe(MeData):
    """Your account: ``ovh.me.get()``. Change writable fields, then ``save()``."""

    async def refresh(self) -> Self:
        """Read the account again (``GET /me``), dropping unsaved changes."""
        self._replace_with(await _ovh(self).me.get())
        return self

    async def save(self) -> Self:
        """Send the changed writable fields (``PUT /me``); nothing is sent when none changed.

        Raises:
            OVHBadRequestError: The API refused a value.
        """
        changes = self.changes()
        if changes:
            await _ovh(self)._put("/me", changes)
            self._mark_clean()
        return self


class AsyncBill(BillData):
    """A bill: ``ovh.me.bills.get("FR123")``."""

    async def refresh(self) -> Self:
        """Read the bill again (``GET /me/bill/{billId}``)."""
        self._replace_with(await _ovh(self).me.bills.get(self.bill_id))
        return self

    async def detail_ids(self) -> list[str]:
        """The ids of the bill's lines (``GET /me/bill/{billId}/details``)."""
        return [str(item) for item in await _ovh(self)._get(wire.path("/me/bill/{}/details", self.bill_id))]

    async def detail(self, bill_detail_id: str) -> AsyncBillDetail:
        """One line of the bill (``GET /me/bill/{billId}/details/{billDetailId}``).

        Raises:
            OVHNotFoundError: No such line.
        """
        data = await _ovh(self)._get(wire.path("/me/bill/{}/details/{}", self.bill_id, bill_detail_id))
        return self._detail_from(data)

    def _detail_from(self, data: Any) -> AsyncBillDetail:
        detail = AsyncBillDetail.from_wire(data).bind(_ovh(self))
        detail._bill_id = self.bill_id
        return detail

    async def details(self, *, batch: int | None = None) -> list[AsyncBillDetail]:
        """Every line of the bill (``GET /me/bill/{billId}/details``, then one ``GET`` per line).

        ``batch=N`` fetches N lines per request (an OVH batch GET), falling back to one request
        per line where the server refuses batches.
        """
        collection = wire.path("/me/bill/{}/details", self.bill_id)
        listing = _ovh(self)._listing(
            self.detail_ids, self.detail, collection=collection, build=self._detail_from, batch=batch
        )
        return await listing.to_list()

    async def payment(self) -> AsyncPayment:
        """How the bill was paid (``GET /me/bill/{billId}/payment``).

        Raises:
            OVHNotFoundError: The bill has no payment.
        """
        ovh = _ovh(self)
        payment = AsyncPayment.from_wire(await ovh._get(wire.path("/me/bill/{}/payment", self.bill_id))).bind(ovh)
        payment._bill_id = self.bill_id
        return payment


class AsyncBillDetail(BillDetailData):
    """A line of a bill: ``bill.details()``."""

    _bill_id: str = PrivateAttr(default="")

    @property
    def bill_id(self) -> str:
        """The bill this line belongs to."""
        return self._bill_id

    async def refresh(self) -> Self:
        """Read the line again (``GET /me/bill/{billId}/details/{billDetailId}``)."""
        ovh = _ovh(self)
        data = await ovh._get(wire.path("/me/bill/{}/details/{}", self._bill_id, self.bill_detail_id))
        self._replace_with(AsyncBillDetail.from_wire(data))
        return self


class AsyncPayment(PaymentData):
    """How a bill was paid: ``bill.payment()``."""

    _bill_id: str = PrivateAttr(default="")

    @property
    def bill_id(self) -> str:
        """The bill this payment settled."""
        return self._bill_id

    async def refresh(self) -> Self:
        """Read the payment again (``GET /me/bill/{billId}/payment``)."""
        data = await _ovh(self)._get(wire.path("/me/bill/{}/payment", self._bill_id))
        self._replace_with(AsyncPayment.from_wire(data))
        return self


class AsyncApiApplication(ApiApplicationData):
    """An application allowed on the account: ``ovh.me.api.applications.get(id)``."""

    async def refresh(self) -> Self:
        """Read the application again (``GET /me/api/application/{applicationId}``)."""
        self._replace_with(await _ovh(self).me.api.applications.get(self.application_id))
        return self

    async def delete(self) -> None:
        """Delete the application and every credential it holds (``DELETE /me/api/application/{applicationId}``)."""
        await _ovh(self)._delete(wire.path("/me/api/application/{}", self.application_id))


class AsyncApiCredential(ApiCredentialData):
    """A consumer key's credential: ``ovh.me.api.credentials.get(id)``."""

    async def refresh(self) -> Self:
        """Read the credential again (``GET /me/api/credential/{credentialId}``)."""
        self._replace_with(await _ovh(self).me.api.credentials.get(self.credential_id))
        return self

    async def save(self) -> Self:
        """Send a changed ``allowed_ips`` (``PUT /me/api/credential/{credentialId}``); nothing when unchanged."""
        changes = self.changes()
        if changes:
            await _ovh(self)._put(wire.path("/me/api/credential/{}", self.credential_id), changes)
            self._mark_clean()
        return self

    async def delete(self) -> None:
        """Revoke the credential (``DELETE /me/api/credential/{credentialId}``): its consumer key stops working."""
        await _ovh(self)._delete(wire.path("/me/api/credential/{}", self.credential_id))

    async def application(self) -> AsyncApiApplication:
        """The application the credential belongs to (``GET /me/api/credential/{credentialId}/application``)."""
        ovh = _ovh(self)
        data = await ovh._get(wire.path("/me/api/credential/{}/application", self.credential_id))
        return AsyncApiApplication.from_wire(data).bind(ovh)


class AsyncTask(TaskData):
    """A dedicated server task: ``refresh()`` it, or ``wait()`` until it ends."""

    _server_name: str = PrivateAttr(default="")

    @property
    def server_name(self) -> str:
        """The server the task runs on."""
        return self._server_name

    async def refresh(self) -> Self:
        """Read the task again (``GET /dedicated/server/{serviceName}/task/{taskId}``)."""
        self._replace_with(await _ovh(self).dedicated.servers.task(self._server_name, self.task_id))
        return self

    async def wait(self, *, timeout: float = 600.0, interval: float = 1.0, max_interval: float = 15.0) -> Self:
        """Poll until the task is ``done``, waiting ``interval`` seconds first and doubling up to ``max_interval``.

        Each poll is a ``GET /dedicated/server/{serviceName}/task/{taskId}``; returns the task once done.

        Raises:
            InvalidInputError: A negative ``timeout``, or ``interval`` not in ``(0, max_interval]``.
            TaskFailedError: The task ended ``cancelled``, ``customerError`` or ``ovhError``.
            TaskTimeoutError: It was still running after ``timeout`` seconds.
        """
        if timeout < 0 or interval <= 0 or max_interval < interval:
            raise InvalidInputError("wait() needs timeout >= 0 and 0 < interval <= max_interval")
        sleep = _ovh(self)._sleep
        waited = 0.0
        delay = interval
        while True:
            await self.refresh()
            if self.status in TASK_FAILED_STATUSES:
                raise TaskFailedError(f"task {self.task_id} ({self.function}) ended {self.status}", task=self)
            if self.status == "done":
                return self
            if waited >= timeout:
                raise TaskTimeoutError(
                    f"task {self.task_id} ({self.function}) is still {self.status} after {waited:g}s", task=self
                )
            step = min(delay, timeout - waited)
            await sleep(step)
            waited += step
            delay = min(delay * 2, max_interval)


class AsyncBurst(BurstData):
    """A server's network burst: set ``status`` and ``save()``."""

    _server_name: str = PrivateAttr(default="")

    @property
    def server_name(self) -> str:
        """The server whose burst this is."""
        return self._server_name

    async def refresh(self) -> Self:
        """Read the burst again (``GET /dedicated/server/{serviceName}/burst``)."""
        data = await _ovh(self)._get(wire.path("/dedicated/server/{}/burst", self._server_name))
        self._replace_with(AsyncBurst.from_wire(data))
        return self

    async def save(self) -> Self:
        """Send a changed ``status`` (``PUT /dedicated/server/{serviceName}/burst``); nothing when unchanged."""
        changes = self.changes()
        if changes:
            await _ovh(self)._put(wire.path("/dedicated/server/{}/burst", self._server_name), changes)
            self._mark_clean()
        return self


class AsyncIpmi(IpmiData):
    """A server's IPMI feature state."""

    _server_name: str = PrivateAttr(default="")

    @property
    def server_name(self) -> str:
        """The server whose IPMI this is."""
        return self._server_name

    async def refresh(self) -> Self:
        """Read the IPMI state again (``GET /dedicated/server/{serviceName}/features/ipmi``)."""
        data = await _ovh(self)._get(wire.path("/dedicated/server/{}/features/ipmi", self._server_name))
        self._replace_with(AsyncIpmi.from_wire(data))
        return self


class AsyncDedicatedServer(DedicatedServerData):
    """A dedicated server: ``ovh.dedicated.servers.get(name)``."""

    async def refresh(self) -> Self:
        """Read the server again (``GET /dedicated/server/{serviceName}``), dropping unsaved changes."""
        self._replace_with(await _ovh(self).dedicated.servers.get(self.name))
        return self

    async def save(self) -> Self:
        """Send the changed writable fields (``PUT /dedicated/server/{serviceName}``); nothing when unchanged.

        Raises:
            OVHBadRequestError: The API refused a value.
        """
        changes = self.changes()
        if changes:
            await _ovh(self)._put(wire.path("/dedicated/server/{}", self.name), changes)
            self._mark_clean()
        return self

    async def burst(self) -> AsyncBurst:
        """The server's network burst (``GET /dedicated/server/{serviceName}/burst``)."""
        ovh = _ovh(self)
        burst = AsyncBurst.from_wire(await ovh._get(wire.path("/dedicated/server/{}/burst", self.name))).bind(ovh)
        burst._server_name = self.name
        return burst

    async def ipmi(self) -> AsyncIpmi:
        """The server's IPMI state (``GET /dedicated/server/{serviceName}/features/ipmi``)."""
        ovh = _ovh(self)
        data = await ovh._get(wire.path("/dedicated/server/{}/features/ipmi", self.name))
        ipmi = AsyncIpmi.from_wire(data).bind(ovh)
        ipmi._server_name = self.name
        return ipmi

    async def request_ipmi_access(
        self, type: IpmiAccessType, ttl: IpmiTtl, ip_to_allow: str | None = None, ssh_key: str | None = None
    ) -> AsyncTask:
        """Ask for an IPMI access (a KVM or serial-over-LAN); read it with `ipmi_access` once the task is done.

        Sends ``POST /dedicated/server/{serviceName}/features/ipmi/access`` and returns the task it queues;
        ``ttl`` is in minutes.

        Raises:
            InvalidInputError: An unknown ``type`` or a ``ttl`` other than 1, 3, 5, 10 or 15 minutes.
        """
        if type not in IPMI_ACCESS_TYPES:
            raise InvalidInputError(f"unknown IPMI access type {type!r}; use one of {', '.join(IPMI_ACCESS_TYPES)}")
        if ttl not in IPMI_TTLS:
            raise InvalidInputError(f"IPMI access ttl must be one of {IPMI_TTLS} (minutes), not {ttl!r}")
        body: dict[str, Any] = {"ttl": ttl, "type": type}
        if ip_to_allow is not None:
            body["ipToAllow"] = ip_to_allow
        if ssh_key is not None:
            body["sshKey"] = ssh_key
        ovh = _ovh(self)
        data = await ovh._post(wire.path("/dedicated/server/{}/features/ipmi/access", self.name), body)
        task = AsyncTask.from_wire(data).bind(ovh)
        task._server_name = self.name
        return task

    async def ipmi_access(self, type: IpmiAccessType) -> IpmiAccess:
        """The IPMI access of ``type`` (``GET /dedicated/server/{serviceName}/features/ipmi/access``).

        Raises:
            InvalidInputError: An unknown ``type``.
            OVHNotFoundError: The access is not ready yet.
        """
        if type not in IPMI_ACCESS_TYPES:
            raise InvalidInputError(f"unknown IPMI access type {type!r}; use one of {', '.join(IPMI_ACCESS_TYPES)}")
        data = await _ovh(self)._get(wire.path("/dedicated/server/{}/features/ipmi/access", self.name), type=type)
        return IpmiAccess.from_wire(data)

    async def task(self, task_id: int) -> AsyncTask:
        """Task ``task_id`` of this server (``GET /dedicated/server/{serviceName}/task/{taskId}``)."""
        return await _ovh(self).dedicated.servers.task(self.name, task_id)


class AsyncRedirection(RedirectionData):
    """An e-mail redirection: ``ovh.email.domain("example.com").redirections.get(id)``."""

    _domain: str = PrivateAttr(default="")

    @property
    def domain(self) -> str:
        """The e-mail domain of the redirection."""
        return self._domain

    async def refresh(self) -> Self:
        """Read the redirection again (``GET /email/domain/{domain}/redirection/{id}``)."""
        self._replace_with(await _ovh(self).email.domain(self._domain).redirections.get(self.id))
        return self

    async def delete(self) -> RedirectionTask:
        """Remove the redirection (``DELETE /email/domain/{domain}/redirection/{id}``); returns OVH's task."""
        data = await _ovh(self)._delete(wire.path("/email/domain/{}/redirection/{}", self._domain, self.id))
        return RedirectionTask.from_wire(data)

    async def change_target(self, to: str) -> RedirectionTask:
        """Send the mail to ``to`` instead (``POST .../redirection/{id}/changeRedirection``); returns OVH's task.

        ``refresh()`` once the task has run to see the new target.

        Raises:
            InvalidInputError: ``to`` is not an e-mail address.
        """
        wire.check_email(to, "to")
        path = wire.path("/email/domain/{}/redirection/{}/changeRedirection", self._domain, self.id)
        return RedirectionTask.from_wire(await _ovh(self)._post(path, {"to": to}))


class AsyncDnsZone(DnsZoneData):
    """A DNS zone: ``ovh.domain.zones.get("example.com")``; its records are ``zone.records``."""

    async def refresh(self) -> Self:
        """Read the zone again (``GET /domain/zone/{zone}``)."""
        self._replace_with(await _ovh(self).domain.zones.get(self.name))
        return self

    @property
    def records(self) -> AsyncDnsRecordManager:
        """The zone's records (``/domain/zone/{zone}/record``; no request is sent)."""
        from resourcekit.ovh._async.managers import AsyncDnsRecordManager

        return AsyncDnsRecordManager(_ovh(self), self.name)

    async def refresh_zone(self) -> None:
        """Apply the zone's record changes on the DNS servers (``POST /domain/zone/{zone}/refresh``)."""
        await _ovh(self)._post(wire.path("/domain/zone/{}/refresh", self.name))


class AsyncDnsRecord(DnsRecordData):
    """A record of a DNS zone: change ``target``/``sub_domain``/``ttl`` and ``save()``, or ``delete()``."""

    async def refresh(self) -> Self:
        """Read the record again (``GET /domain/zone/{zone}/record/{id}``), dropping unsaved changes."""
        self._replace_with(await _ovh(self).domain.zones.records(self.zone).get(self.id))
        return self

    async def save(self) -> Self:
        """Send changed ``target``/``sub_domain``/``ttl`` (``PUT /domain/zone/{zone}/record/{id}``).

        Nothing is sent when none changed; ``zone.refresh_zone()`` then publishes the change.
        """
        changes = self.changes()
        if changes:
            await _ovh(self)._put(wire.path("/domain/zone/{}/record/{}", self.zone, self.id), changes)
            self._mark_clean()
        return self

    async def delete(self) -> None:
        """Delete the record (``DELETE /domain/zone/{zone}/record/{id}``)."""
        await _ovh(self)._delete(wire.path("/domain/zone/{}/record/{}", self.zone, self.id))


__all__ = [
    "AsyncApiApplication",
    "AsyncApiCredential",
    "AsyncBill",
    "AsyncBillDetail",
    "AsyncBurst",
    "AsyncDedicatedServer",
    "AsyncDnsRecord",
    "AsyncDnsZone",
    "AsyncIpmi",
    "AsyncMe",
    "AsyncPayment",
    "AsyncRedirection",
    "AsyncTask",
]
