"""HEXONET records with their I/O: refresh, save, delete and actions, bound to a client."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from typing_extensions import Self

from resourcekit.core.errors import InvalidInputError
from resourcekit.hexonet._async.listing import DEFAULT_CONCURRENCY, AsyncListing
from resourcekit.hexonet.models import (
    Availability,
    ContactData,
    DNSZoneData,
    DomainData,
    NameserverData,
    Operation,
    ResourceRecord,
    record_text,
)
from resourcekit.hexonet.wire import check_flag, check_period, check_status_flags

if TYPE_CHECKING:
    from resourcekit.hexonet._async.client import AsyncHexonet


def changed_parameters(changes: Mapping[str, Any], *, single_list: Iterable[str] = ()) -> dict[str, Any]:
    """Changed fields (by wire name) as command parameters.

    A list that became empty is sent as ``KEY0=`` (an empty first value clears it); the names in
    ``single_list`` are one value the API nonetheless numbers (``OWNERCONTACT0``).
    """
    singles = set(single_list)
    parameters: dict[str, Any] = {}
    for key, value in changes.items():
        if isinstance(value, list):
            parameters[key] = value if value else [""]
        elif key in singles:
            parameters[f"{key}0"] = "" if value is None else value
        elif value is None:
            parameters[key] = ""
        else:
            parameters[key] = value
    return parameters


class AsyncDomain(DomainData):
    """A domain in the account. Writable: name servers, contacts, status flags, auth code,
    transfer lock, renewal mode; `save` sends them with ``ModifyDomain``."""

    @property
    def _hexonet(self) -> AsyncHexonet:
        return self._require_client()

    async def refresh(self) -> Self:
        """Load the current state (``StatusDomain``).

        Raises:
            HexonetNotFoundError: The domain is no longer in the account (545).
        """
        self._replace_with(await self._hexonet.domains.get(self.domain))
        return self

    async def save(self) -> Self:
        """Send the changed writable fields (``ModifyDomain``); nothing is sent when none changed.

        Status flags are added and removed (``ADDSTATUS``/``DELSTATUS``); name servers and contacts
        are replaced as a whole.

        Raises:
            InvalidInputError: An added or removed status flag is not a client flag (before anything is sent).
            HexonetBadRequestError: A value is invalid (541) or cannot be changed (543).
            HexonetConflictError: The domain's status forbids it (552) or a transfer is pending (553).
        """
        changes = self.changes()
        if not changes:
            return self
        status = changes.pop("STATUS", None)
        command: dict[str, Any] = {"COMMAND": "ModifyDomain", "DOMAIN": self.domain}
        command.update(changed_parameters(changes, single_list=("OWNERCONTACT",)))
        if status is not None:
            before = list(self._loaded.get("status") or [])
            added = check_status_flags([flag for flag in status if flag not in before], "status (added)")
            removed = check_status_flags([flag for flag in before if flag not in status], "status (removed)")
            if added:
                command["ADDSTATUS"] = added
            if removed:
                command["DELSTATUS"] = removed
        await self._hexonet._call(command)
        self._mark_clean()
        return self

    async def delete(self) -> Operation:
        """Delete the domain (``DeleteDomain``); the registry finishes it later (``pending``).

        Raises:
            HexonetNotFoundError: The domain is no longer in the account (545).
            HexonetConflictError: The domain's status forbids it (532, 552).
        """
        response = await self._hexonet._call({"COMMAND": "DeleteDomain", "DOMAIN": self.domain})
        return Operation.of(response)

    async def renew(self, period: int = 1) -> Self:
        """Renew for ``period`` years (``RenewDomain``) and reload the new dates.

        The current expiration year is sent along, so a renewal is not applied twice.

        Raises:
            InvalidInputError: A bad period (before anything is sent).
            HexonetConflictError: Not up for renewal (548) or already renewed (555).
        """
        check_period(period)
        expiration = self.registration_expiration_date or self.expiration_date
        if expiration is None:
            await self.refresh()
            expiration = self.registration_expiration_date or self.expiration_date
        command: dict[str, Any] = {"COMMAND": "RenewDomain", "DOMAIN": self.domain, "PERIOD": period}
        if expiration is not None:
            command["EXPIRATION"] = expiration.year
        await self._hexonet._call(command)
        return await self.refresh()

    async def check_transfer(self, auth: str | None = None) -> Availability:
        """Whether the domain can be transferred (``CheckDomainTransfer``: 218 yes, 219 no)."""
        return await self._hexonet.domains.check_transfer(self.domain, auth=auth)

    async def owner(self) -> AsyncContact | None:
        """The owner contact (HEXONET command ``StatusContact``), or ``None`` when the domain has none.

        Raises:
            HexonetNotFoundError: The owner contact is not in the account (545).
        """
        return await self._hexonet.contacts.get(self.owner_contact) if self.owner_contact else None

    async def zone(self) -> AsyncDNSZone:
        """The domain's DNS zone (``StatusDNSZone`` of ``<domain>.``).

        Raises:
            HexonetNotFoundError: The domain has no zone in the account (545).
        """
        return await self._hexonet.zones.get(self.domain)


class AsyncContact(ContactData):
    """A contact handle. Writable: the name, address, phone, fax and e-mail fields."""

    @property
    def _hexonet(self) -> AsyncHexonet:
        return self._require_client()

    async def refresh(self) -> Self:
        """Load the current state (``StatusContact``).

        Raises:
            HexonetNotFoundError: The contact is no longer in the account (545).
        """
        self._replace_with(await self._hexonet.contacts.get(self.id))
        return self

    async def save(self) -> Self:
        """Send the changed fields (``ModifyContact``).

        Raises:
            HexonetBadRequestError: A value is invalid (541).
            HexonetNotFoundError: The contact is no longer in the account (545).
        """
        changes = self.changes()
        if changes:
            command = {"COMMAND": "ModifyContact", "CONTACT": self.id, **changed_parameters(changes)}
            await self._hexonet._call(command)
            self._mark_clean()
        return self

    async def delete(self) -> None:
        """Delete the contact (``DeleteContact``); a contact still in use is refused.

        Raises:
            HexonetBadRequestError: The contact is still in use (506).
            HexonetNotFoundError: The contact is no longer in the account (545).
        """
        await self._hexonet._call({"COMMAND": "DeleteContact", "CONTACT": self.id})


class AsyncNameserver(NameserverData):
    """A name server host object. Writable: its IP addresses (replaced as a whole)."""

    @property
    def _hexonet(self) -> AsyncHexonet:
        return self._require_client()

    async def refresh(self) -> Self:
        """Load the current state (``StatusNameserver``).

        Raises:
            HexonetNotFoundError: The host is no longer in the account (545).
        """
        self._replace_with(await self._hexonet.nameservers.get(self.host))
        return self

    async def save(self) -> Self:
        """Send changed IP addresses (``ModifyNameserver`` with ``IPADDRESS0..``).

        Raises:
            HexonetBadRequestError: An address is invalid (541).
        """
        changes = self.changes()
        if changes:
            command = {"COMMAND": "ModifyNameserver", "NAMESERVER": self.host, **changed_parameters(changes)}
            await self._hexonet._call(command)
            self._mark_clean()
        return self

    async def delete(self, *, force: bool = False) -> None:
        """Delete the host (``DeleteNameserver``); refused while domains use it unless ``force``.

        Raises:
            HexonetConflictError: Domains still use the host (532).
        """
        command: dict[str, Any] = {"COMMAND": "DeleteNameserver", "NAMESERVER": self.host}
        if check_flag(force, "force"):
            command["FORCE"] = True
        await self._hexonet._call(command)


class AsyncDNSZone(DNSZoneData):
    """A DNS zone. Writable: the SOA timers; records are changed with the record methods."""

    @property
    def _hexonet(self) -> AsyncHexonet:
        return self._require_client()

    async def refresh(self) -> Self:
        """Load the current state (``StatusDNSZone``).

        Raises:
            HexonetNotFoundError: The zone is no longer in the account (545).
        """
        self._replace_with(await self._hexonet.zones.get(self.name))
        return self

    async def save(self) -> Self:
        """Send changed SOA timers (``UpdateDNSZone``).

        Raises:
            HexonetBadRequestError: A timer is invalid (541).
        """
        changes = self.changes()
        if changes:
            command = {"COMMAND": "UpdateDNSZone", "DNSZONE": self.name, **changed_parameters(changes)}
            await self._hexonet._call(command)
            self._mark_clean()
        return self

    def records(
        self, *, page_size: int | None = None, concurrency: int = DEFAULT_CONCURRENCY
    ) -> AsyncListing[ResourceRecord]:
        """The zone's records (``QueryDNSZoneRRList``), fetched lazily page by page."""
        command = {"COMMAND": "QueryDNSZoneRRList", "DNSZONE": self.name}
        return self._hexonet._listing(
            command, lambda row: ResourceRecord.parse(row["RR"]), page_size=page_size, concurrency=concurrency
        )

    async def add_records(self, *records: ResourceRecord | str) -> Self:
        """Add records (``UpdateDNSZone`` with ``ADDRR``); a duplicate is refused (541).

        Returns:
            The zone, reloaded.

        Raises:
            InvalidInputError: No record, or a text that is not a record (before anything is sent).
        """
        return await self._update("ADDRR", records)

    async def delete_records(self, *records: ResourceRecord | str) -> Self:
        """Remove records (``UpdateDNSZone`` with ``DELRR``).

        Returns:
            The zone, reloaded.

        Raises:
            InvalidInputError: No record, or a text that is not a record (before anything is sent).
        """
        return await self._update("DELRR", records)

    async def replace_records(self, records: Iterable[ResourceRecord | str]) -> Self:
        """Replace every record but the SOA and NS of the apex (``UpdateDNSZone`` with ``RR``).

        Returns:
            The zone, reloaded.

        Raises:
            InvalidInputError: A text that is not a record (before anything is sent).
        """
        return await self._update("RR", tuple(records), allow_empty=True)

    async def _update(self, key: str, records: tuple[ResourceRecord | str, ...], *, allow_empty: bool = False) -> Self:
        texts = [record_text(record) for record in records]
        if not texts and not allow_empty:
            raise InvalidInputError("give at least one record")
        command: dict[str, Any] = {"COMMAND": "UpdateDNSZone", "DNSZONE": self.name, key: texts or [""]}
        await self._hexonet._call(command)
        return await self.refresh()

    async def delete(self) -> None:
        """Delete the zone (``DeleteDNSZone``).

        Raises:
            HexonetNotFoundError: The zone is no longer in the account (545).
        """
        await self._hexonet._call({"COMMAND": "DeleteDNSZone", "DNSZONE": self.name})
