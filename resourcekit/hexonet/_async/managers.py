"""The managers hanging off a client: ``hexonet.domains``, ``.contacts``, ``.nameservers``, ``.zones``, ``.account``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from resourcekit.core.errors import InvalidInputError, ResponseValidationError
from resourcekit.hexonet._async.listing import DEFAULT_CONCURRENCY, AsyncListing
from resourcekit.hexonet._async.records import AsyncContact, AsyncDNSZone, AsyncDomain, AsyncNameserver
from resourcekit.hexonet.models import (
    AccountStatus,
    Availability,
    DomainCheck,
    Operation,
    ResourceRecord,
    record_text,
)
from resourcekit.hexonet.wire import (
    CommandValue,
    Response,
    Scalar,
    TransferAction,
    check_flag,
    check_period,
    check_transfer_action,
    to_ace,
)

if TYPE_CHECKING:
    from resourcekit.hexonet._async.client import AsyncHexonet

Filters = Mapping[str, Scalar]
_RESERVED_FILTERS = frozenset({"COMMAND", "FIRST", "LAST", "LIMIT", "WIDE"})


def _filters(filters: Filters | None) -> dict[str, Scalar]:
    chosen = dict(filters or {})
    reserved = sorted(key for key in chosen if key.upper() in _RESERVED_FILTERS)
    if reserved:
        raise InvalidInputError(f"{', '.join(reserved)} cannot be a filter; use page_size and wide=")
    return chosen


def zone_name(name: str) -> str:
    """A zone name ends with a dot: ``example.com`` becomes ``example.com.``."""
    if not name:
        raise InvalidInputError("a zone needs a name")
    return name if name.endswith(".") else f"{name}."


class _Manager:
    def __init__(self, client: AsyncHexonet) -> None:
        self._client = client


class AsyncDomainManager(_Manager):
    """Domains: availability, registration, transfer, listing."""

    async def check(self, name: str) -> DomainCheck:
        """Whether one name can be registered (``CheckDomain``: 210 available, 211 not).

        Args:
            name: A domain name; internationalised names are converted to ACE locally.

        Returns:
            The result for the name (`DomainCheck.available`, `DomainCheck.premium`...).

        Raises:
            InvalidInputError: The name cannot be converted to ACE (before anything is sent).
        """
        response = await self._client._call({"COMMAND": "CheckDomain", "DOMAIN": name})
        return DomainCheck.from_wire(
            {
                "domain": to_ace(name, key="DOMAIN"),
                "code": response.code,
                "description": response.description,
                "available": response.code == 210,
                "premium": "PREMIUM" in response.description.upper(),
                "REASON": response.get("REASON"),
                "CLASS": response.get("CLASS"),
                "PRICE": response.get("PRICE"),
                "CURRENCY": response.get("CURRENCY"),
            }
        )

    async def check_many(self, names: Sequence[str], *, premium: bool = True) -> list[DomainCheck]:
        """Check many names in one call (``CheckDomains``), one result per name, in order.

        Args:
            names: Domain names (internationalised names are converted locally).
            premium: Ask for premium prices (``PREMIUMCHANNELS=*``).

        Returns:
            One `DomainCheck` per name, in the order given.

        Raises:
            InvalidInputError: A name cannot be converted to ACE (before anything is sent).
        """
        if not names:
            return []
        ace = [to_ace(name, key=f"DOMAIN{index}") for index, name in enumerate(names)]
        command: dict[str, CommandValue] = {"COMMAND": "CheckDomains", "DOMAIN": ace}
        if premium:
            command["PREMIUMCHANNELS"] = "*"
        response = await self._client._call(command)
        return [_domain_check(response, index, name) for index, name in enumerate(ace)]

    async def get(self, name: str) -> AsyncDomain:
        """The domain's full state (``StatusDomain``).

        Args:
            name: The domain name.

        Raises:
            HexonetNotFoundError: The account has no such domain (545).
        """
        response = await self._client._call({"COMMAND": "StatusDomain", "DOMAIN": name})
        return AsyncDomain.from_response(response).bind(self._client)

    def list(
        self,
        filters: Filters | None = None,
        *,
        wide: bool = True,
        page_size: int | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> AsyncListing[AsyncDomain]:
        """The account's domains (``QueryDomainList``), fetched page by page as you iterate.

        Args:
            filters: API filters such as ``{"DOMAIN": "*.com", "STATUS": "ACTIVE", "ORDERBY": "DOMAIN"}``.
            wide: Fetch every field (``WIDE=1``); without it records hold only the name
                (`AsyncDomain.refresh` loads the rest).
            page_size: Records per request (``LIMIT``).
            concurrency: Pages fetched ahead in parallel once the total is known (tasks, or threads in sync code).

        Returns:
            A lazy listing: iterate it, or call ``first()``, ``to_list()`` or ``pages()``.

        Raises:
            InvalidInputError: A filter uses a paging name (``FIRST``, ``LIMIT``...) or ``WIDE``.
        """
        command: dict[str, Any] = {"COMMAND": "QueryDomainList", **_filters(filters)}
        if wide:
            command["WIDE"] = 1
        return self._client._listing(
            command,
            lambda row: AsyncDomain.from_row(row, "DOMAIN").bind(self._client),
            page_size=page_size,
            concurrency=concurrency,
        )

    async def create(
        self,
        name: str,
        *,
        owner_contact: str,
        admin_contacts: Sequence[str] = (),
        tech_contacts: Sequence[str] = (),
        billing_contacts: Sequence[str] = (),
        nameservers: Sequence[str] = (),
        period: int = 1,
        auth: str | None = None,
        transfer_lock: bool | None = None,
        renewal_mode: str | None = None,
        extra: Mapping[str, CommandValue] | None = None,
    ) -> AsyncDomain:
        """Register a domain (``AddDomain``) and return it.

        Never retried blindly: a lost reply raises rather than risk a second registration.

        Args:
            extra: Registry-specific parameters (``X-...``).

        Returns:
            The new domain; while the registry finishes it (``PENDING=1``), built from the request.

        Raises:
            InvalidInputError: A bad period or flag (before anything is sent).
            HexonetConflictError: The name is already registered (554) or not unique (540).
            HexonetCreditLimitError: The account's credit limit is exceeded (546).
            HexonetBadRequestError: A parameter is missing (504) or invalid (541).
        """
        command: dict[str, CommandValue] = {
            "COMMAND": "AddDomain",
            "DOMAIN": name,
            "PERIOD": f"{check_period(period)}Y",
            "OWNERCONTACT0": owner_contact,
            "ADMINCONTACT": list(admin_contacts),
            "TECHCONTACT": list(tech_contacts),
            "BILLINGCONTACT": list(billing_contacts),
            "NAMESERVER": list(nameservers),
            "AUTH": auth,
            "TRANSFERLOCK": check_flag(transfer_lock, "transfer_lock"),
            "RENEWALMODE": renewal_mode,
            **(extra or {}),
        }
        response = await self._client._call(command)
        if response.pending:
            return AsyncDomain.from_wire(
                {
                    "domain": to_ace(name, key="DOMAIN"),
                    "status": response.values("STATUS"),
                    "owner_contact": owner_contact,
                    "admin_contacts": list(admin_contacts),
                    "tech_contacts": list(tech_contacts),
                    "billing_contacts": list(billing_contacts),
                    "nameservers": list(nameservers),
                }
            ).bind(self._client)
        return await self.get(name)

    async def transfer(
        self,
        name: str,
        *,
        auth: str | None = None,
        action: TransferAction = "REQUEST",
        period: int | None = None,
        extra: Mapping[str, CommandValue] | None = None,
    ) -> Operation:
        """Request (or ``APPROVE``/``DENY``/``CANCEL``/``USERTRANSFER``) a transfer (``TransferDomain``).

        Args:
            name: The domain name.
            auth: The transfer auth code from the current registrar.
            action: One of ``REQUEST``, ``APPROVE``, ``DENY``, ``CANCEL``, ``USERTRANSFER``.
            period: Years to add with the transfer.
            extra: Registry-specific parameters (``X-...``).

        Returns:
            The `Operation`; a transfer request usually finishes later (``pending``).

        Raises:
            InvalidInputError: An unknown action or a bad period (before anything is sent).
        """
        command: dict[str, CommandValue] = {
            "COMMAND": "TransferDomain",
            "DOMAIN": name,
            "AUTH": auth,
            "ACTION": check_transfer_action(action),
            "PERIOD": None if period is None else f"{check_period(period)}Y",
            **(extra or {}),
        }
        return Operation.of(await self._client._call(command))

    async def check_transfer(self, name: str, *, auth: str | None = None) -> Availability:
        """Whether a domain can be transferred (``CheckDomainTransfer``: 218 yes, 219 no).

        Returns:
            `Availability.available` is true for 218.
        """
        response = await self._client._call({"COMMAND": "CheckDomainTransfer", "DOMAIN": name, "AUTH": auth})
        return Availability(
            name=to_ace(name, key="DOMAIN"),
            code=response.code,
            description=response.description,
            available=response.code == 218,
            reason=response.get("REASON"),
        )


def _domain_check(response: Response, index: int, name: str) -> DomainCheck:
    text = response.get("DOMAINCHECK", index) or f"{response.code} {response.description}"
    code_text, _, description = text.partition(" ")
    code = int(code_text) if code_text.isdigit() else response.code
    domain_class = response.get("CLASS", index)
    premium = "PREMIUM" in description.upper() or "PREMIUM" in (domain_class or "").upper()
    return DomainCheck.from_wire(
        {
            "domain": name,
            "code": code,
            "description": description or text,
            "available": code == 210,
            "premium": premium,
            "REASON": response.get("REASON", index) or None,
            "CLASS": domain_class or None,
            "PRICE": response.get("PRICE", index) or None,
            "CURRENCY": response.get("CURRENCY", index) or None,
        }
    )


class AsyncContactManager(_Manager):
    """Contact handles."""

    async def get(self, contact_id: str) -> AsyncContact:
        """A contact (``StatusContact``).

        Args:
            contact_id: The handle, such as ``P-TCN1378880``.

        Raises:
            HexonetNotFoundError: The account has no such contact (545).
        """
        response = await self._client._call({"COMMAND": "StatusContact", "CONTACT": contact_id})
        properties = {"ID": [contact_id], **response.properties}  # the handle asked for, unless the reply says
        return AsyncContact.from_properties(properties).bind(self._client)

    def list(
        self,
        filters: Filters | None = None,
        *,
        wide: bool = True,
        page_size: int | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> AsyncListing[AsyncContact]:
        """The account's contacts (``QueryContactList``), e.g. ``{"CONTACT": "P-A*"}``.

        Returns:
            A lazy listing of `AsyncContact` records.

        Raises:
            InvalidInputError: A filter uses a paging name (``FIRST``, ``LIMIT``...) or ``WIDE``.
        """
        command: dict[str, Any] = {"COMMAND": "QueryContactList", **_filters(filters)}
        if wide:
            command["WIDE"] = 1
        return self._client._listing(
            command,
            lambda row: AsyncContact.from_row(row, "CONTACT").bind(self._client),
            page_size=page_size,
            concurrency=concurrency,
        )

    async def create(
        self,
        *,
        first_name: str,
        last_name: str,
        street: str | Sequence[str],
        city: str,
        zip: str,
        country: str,
        phone: str,
        email: str,
        organization: str | None = None,
        state: str | None = None,
        fax: str | None = None,
        new: bool = True,
        extra: Mapping[str, CommandValue] | None = None,
    ) -> AsyncContact:
        """Create a contact (``AddContact``) and return it.

        Args:
            phone: ``+49.1234567890`` style.
            country: ISO 3166 code.
            new: Always create a new handle (``NEW=1``); otherwise the backend may reuse an identical one.

        Raises:
            HexonetBadRequestError: A field is missing (504, 505) or invalid (541).
            ResponseValidationError: The reply named no ``CONTACT``.
        """
        command: dict[str, CommandValue] = {
            "COMMAND": "AddContact",
            "FIRSTNAME": first_name,
            "LASTNAME": last_name,
            "ORGANIZATION": organization,
            "STREET": [street] if isinstance(street, str) else list(street),
            "CITY": city,
            "ZIP": zip,
            "STATE": state,
            "COUNTRY": country.upper(),
            "PHONE": phone,
            "FAX": fax,
            "EMAIL": email,
            "NEW": check_flag(new, "new"),
            **(extra or {}),
        }
        response = await self._client._call(command)
        contact_id = response.get("CONTACT")
        if not contact_id:
            raise ResponseValidationError("AddContact returned no CONTACT", raw=response)
        return await self.get(contact_id)


class AsyncNameserverManager(_Manager):
    """Name server host objects (``QueryNameserverList`` is not documented, so there is no listing)."""

    async def check(self, host: str) -> Availability:
        """Whether a host can be created (``CheckNameserver``: 212 available, 213 not).

        Returns:
            `Availability.available` is true for 212.
        """
        response = await self._client._call({"COMMAND": "CheckNameserver", "NAMESERVER": host})
        return Availability(
            name=to_ace(host, key="NAMESERVER"),
            code=response.code,
            description=response.description,
            available=response.code == 212,
            reason=response.get("REASON"),
        )

    async def get(self, host: str) -> AsyncNameserver:
        """A host (``StatusNameserver``).

        Raises:
            HexonetNotFoundError: The account has no such host (545).
        """
        response = await self._client._call({"COMMAND": "StatusNameserver", "NAMESERVER": host})
        nameserver = AsyncNameserver.from_response(response)
        return nameserver.bind(self._client)

    async def create(self, host: str, ip_addresses: Iterable[str]) -> AsyncNameserver:
        """Create a host with up to 13 addresses (``AddNameserver``).

        Raises:
            InvalidInputError: No address, or more than 13 (before anything is sent).
            HexonetConflictError: The host exists (540).
            HexonetNotFoundError: Its parent domain is not in the account (545).
        """
        addresses = list(ip_addresses)
        if not addresses or len(addresses) > 13:
            raise InvalidInputError("a name server needs between 1 and 13 IP addresses")
        await self._client._call({"COMMAND": "AddNameserver", "NAMESERVER": host, "IPADDRESS": addresses})
        return await self.get(host)


class AsyncDNSZoneManager(_Manager):
    """DNS zones (names end with a dot; one is added when missing)."""

    async def get(self, name: str) -> AsyncDNSZone:
        """A zone (``StatusDNSZone``).

        Args:
            name: The zone name; the final dot is added when missing.

        Raises:
            HexonetNotFoundError: The account has no such zone (545).
        """
        zone = zone_name(name)
        response = await self._client._call({"COMMAND": "StatusDNSZone", "DNSZONE": zone})
        properties = {"DNSZONE": [to_ace(zone)], **response.properties}
        return AsyncDNSZone.from_properties(properties).bind(self._client)

    def list(
        self,
        filters: Filters | None = None,
        *,
        page_size: int | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> AsyncListing[AsyncDNSZone]:
        """The account's zones (``QueryDNSZoneList``); records hold the name (`refresh` loads the rest).

        Returns:
            A lazy listing of `AsyncDNSZone` records.

        Raises:
            InvalidInputError: A filter uses a paging name (``FIRST``, ``LIMIT``...) or ``WIDE``.
        """
        command: dict[str, Any] = {"COMMAND": "QueryDNSZoneList", **_filters(filters)}
        return self._client._listing(
            command,
            lambda row: AsyncDNSZone.from_row(row).bind(self._client),
            page_size=page_size,
            concurrency=concurrency,
        )

    async def create(
        self,
        name: str,
        records: Iterable[ResourceRecord | str] = (),
        *,
        extra: Mapping[str, CommandValue] | None = None,
    ) -> AsyncDNSZone:
        """Create a zone with its first records (``CreateDNSZone``).

        Args:
            name: The zone name; the final dot is added when missing.
            records: Records as `ResourceRecord` or ``NAME TTL [CLASS] TYPE DATA`` text.
            extra: Other ``CreateDNSZone`` parameters (``SOA*``...).

        Raises:
            InvalidInputError: A record is not a resource record (before anything is sent).
            HexonetConflictError: The zone exists (540).
        """
        zone = zone_name(name)
        texts = [record_text(record) for record in records]
        await self._client._call({"COMMAND": "CreateDNSZone", "DNSZONE": zone, "RR": texts, **(extra or {})})
        return await self.get(zone)


class AsyncAccountManager(_Manager):
    """The account itself."""

    async def status(self) -> AccountStatus:
        """Balance, credit, currency, deposit and VAT (``StatusAccount``)."""
        return AccountStatus.from_response(await self._client._call({"COMMAND": "StatusAccount"}))
