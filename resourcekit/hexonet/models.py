"""HEXONET data classes: the fields of each entity, shared by the sync and async records.

Properties arrive as strings (``PROPERTY[EXPIRATIONDATE][0]=2027-01-31 12:00:00``); these models
type them: dates become `datetime` (the API's ``0000-00-00 00:00:00`` means "not set" and becomes
``None``), flags become `bool`, amounts `Decimal`, repeated properties lists. Wire names are the
aliases; unknown properties are kept as lower-case extra attributes.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Final, get_args, get_origin

from pydantic import AliasChoices, BeforeValidator, Field
from typing_extensions import Self

from resourcekit.core.errors import InvalidInputError
from resourcekit.core.records import Model, Record, Writable
from resourcekit.core.redact import MASK
from resourcekit.hexonet.wire import HEXONET_REDACTOR, PAGING_COLUMNS, Response

UNSET_DATE = "0000-00-00 00:00:00"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


_ISO_SHAPED = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?")


def parse_date(value: Any) -> datetime | None:
    """A HEXONET date (``YYYY-MM-DD HH:MM:SS``, optionally with a fraction) or ``None`` when unset."""
    if value is None or isinstance(value, datetime):
        return value
    text = str(value).strip()
    if not text or text.startswith("0000-00-00"):
        return None
    text = text.split(".", 1)[0]
    if _ISO_SHAPED.fullmatch(text):
        # Lists carry several dates per row; fromisoformat is some fifty times faster than strptime.
        return datetime.fromisoformat(text)
    for layout in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            return datetime.strptime(text, layout)
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a HEXONET date")


def format_date(value: datetime | None) -> str:
    return UNSET_DATE if value is None else value.strftime(DATE_FORMAT)


def parse_flag(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text == "":
        return None
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{value!r} is not a HEXONET flag")


def parse_decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueError(f"{value!r} is not a number") from error


def parse_int(value: Any) -> int | None:
    if value is None or isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text else None


# The fields spell their type out (``Annotated[datetime | None, AS_DATE]``) rather than use an alias,
# so that an editor's hover shows ``datetime | None`` and not the alias name.
AS_DATE = BeforeValidator(parse_date)
AS_FLAG = BeforeValidator(parse_flag)
AS_AMOUNT = BeforeValidator(parse_decimal)
AS_NUMBER = BeforeValidator(parse_int)

HexonetDate = Annotated[datetime | None, AS_DATE]
"""A HEXONET date field: ``datetime | None`` read from ``YYYY-MM-DD HH:MM:SS`` (``0000-00-00...`` is ``None``)."""


def _is_list_field(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return get_origin(annotation) is list


_WIRE_NAMES: dict[type[Any], dict[str, tuple[str, bool]]] = {}


_COLUMNS: dict[tuple[type, str, str], tuple[str, str, int]] = {}
_MAX_COLUMNS_KEPT = 10_000  # a server inventing column names must not grow the cache without end
_INDEXED = re.compile(r"^(.*?)(\d+)$")


def _extra_name(key: str) -> str:
    """An unknown property as an attribute name: ``DNSSEC-MODE`` -> ``dnssec_mode``, ``CLASS`` -> ``class_``."""
    name = re.sub(r"\W", "_", key.lower())
    return f"{name}_" if keyword.iskeyword(name) else name


class HexonetModel(Model):
    """Typed HEXONET data: built from a reply's properties or a list row, secrets masked in ``repr``."""

    def __repr_args__(self) -> Any:
        for name, value in super().__repr_args__():
            if name is not None and value and HEXONET_REDACTOR.is_secret(name):
                yield name, MASK
            else:
                yield name, value

    @classmethod
    def _wire_names(cls) -> dict[str, tuple[str, bool]]:
        """Wire name -> (field name, whether the field is a list), computed once per class."""
        cached = _WIRE_NAMES.get(cls)
        if cached is not None:
            return cached
        names: dict[str, tuple[str, bool]] = {}
        for name, info in cls.model_fields.items():
            is_list = _is_list_field(info.annotation)
            choices: list[str] = []
            if isinstance(info.validation_alias, AliasChoices):
                choices += [choice for choice in info.validation_alias.choices if isinstance(choice, str)]
            if info.alias:
                choices.append(info.alias)
            for choice in choices:
                names.setdefault(choice, (name, is_list))
        _WIRE_NAMES[cls] = names
        return names

    @classmethod
    def from_properties(cls, properties: Mapping[str, Sequence[str | None]]) -> Self:
        """From a ``Status*`` reply: list fields take every value, others the first."""
        wire = cls._wire_names()
        data: dict[str, Any] = {}
        for key, raw_values in properties.items():
            values = [value for value in raw_values if value is not None]
            if key in wire:
                name, is_list = wire[key]
                if name not in data:
                    data[name] = values if is_list else (values[0] if values else None)
            elif _extra_name(key) not in cls.model_fields and key not in PAGING_COLUMNS:
                data[_extra_name(key)] = values[0] if len(values) == 1 else values
        return cls.from_wire(data)

    @classmethod
    def _column(cls, key: str, prefix: str) -> tuple[str, str, int]:
        """Where a list column goes: ``("field" | "list" | "extra" | "skip", name, index)``.

        Every row of a listing has the same columns, so each is worked out once per class.
        """
        found = _COLUMNS.get((cls, prefix, key))
        if found is None:
            found = cls._resolve_column(key, prefix)
            if len(_COLUMNS) < _MAX_COLUMNS_KEPT:
                _COLUMNS[(cls, prefix, key)] = found
        return found

    @classmethod
    def _resolve_column(cls, key: str, prefix: str) -> tuple[str, str, int]:
        if key in PAGING_COLUMNS:
            return "skip", "", 0
        wire = cls._wire_names()
        candidates = [key]
        if prefix and key.startswith(prefix) and key != prefix:
            candidates.insert(0, key[len(prefix) :])
        for candidate in candidates:
            if candidate in wire:
                name, is_list = wire[candidate]
                return ("list", name, 0) if is_list else ("field", name, 0)
            indexed = _INDEXED.match(candidate)
            # At most 9 digits: a longer index is no slot of ours (and int() refuses huge ones).
            if indexed and len(indexed.group(2)) <= 9 and indexed.group(1) in wire and wire[indexed.group(1)][1]:
                return "list", wire[indexed.group(1)][0], int(indexed.group(2))
        extra = _extra_name(key)
        return ("skip", "", 0) if extra in cls.model_fields else ("extra", extra, 0)

    @classmethod
    def from_response(cls, response: Response) -> Self:
        """From a parsed ``Status*`` reply (see `from_properties`)."""
        return cls.from_properties(response.properties)

    @classmethod
    def from_row(cls, row: Mapping[str, str], prefix: str = "") -> Self:
        """From one record of a list reply, where wide columns are ``<PREFIX><NAME>[<n>]``."""
        data: dict[str, Any] = {}
        lists: dict[str, dict[int, str]] = {}
        for key, value in row.items():
            kind, name, index = cls._column(key, prefix)
            if kind == "field":
                data.setdefault(name, value)
            elif kind == "list":
                if value:  # list replies pad rows that have fewer values with empty ones
                    lists.setdefault(name, {})[index] = value
            elif kind == "extra":
                data[name] = value
        for name, slots in lists.items():
            data[name] = [slots[index] for index in sorted(slots)]
        return cls.from_wire(data)


class HexonetRecord(HexonetModel, Record):
    """A HEXONET entity bound to a client (see the `_async` records for the methods)."""


# -- domains ------------------------------------------------------------------------------------


class DomainData(HexonetRecord):
    """A domain name (``StatusDomain``; ``QueryDomainList`` rows with ``WIDE=1``)."""

    domain: Final[str] = Field(alias="DOMAIN")
    """The domain name, ACE form for internationalised names (``xn--bcher-kva.de``)."""
    status: Annotated[list[str], Writable] = Field(default_factory=list[str], alias="STATUS")
    """Status flags (``STATUS``): server ones (``ACTIVE``...) and client ones (``clientTransferProhibited``...)."""
    nameservers: Annotated[list[str], Writable] = Field(default_factory=list[str], alias="NAMESERVER")
    """The delegated name servers (``NAMESERVER0..12``); `save` replaces them as a whole."""
    owner_contact: Annotated[str | None, Writable] = Field(default=None, alias="OWNERCONTACT")
    """The owner (registrant) contact handle (``OWNERCONTACT``), such as ``P-TCN1378880``."""
    admin_contacts: Annotated[list[str], Writable] = Field(default_factory=list[str], alias="ADMINCONTACT")
    """The administrative contact handles (``ADMINCONTACT0..2``)."""
    tech_contacts: Annotated[list[str], Writable] = Field(default_factory=list[str], alias="TECHCONTACT")
    """The technical contact handles (``TECHCONTACT0..2``)."""
    billing_contacts: Annotated[list[str], Writable] = Field(default_factory=list[str], alias="BILLINGCONTACT")
    """The billing contact handles (``BILLINGCONTACT0..2``)."""
    auth: Annotated[str | None, Writable] = Field(default=None, alias="AUTH")
    """The transfer auth code (``AUTH``), a secret: masked in ``repr``."""
    transfer_lock: Annotated[bool | None, AS_FLAG, Writable] = Field(default=None, alias="TRANSFERLOCK")
    """Whether transfers away are refused (``TRANSFERLOCK``); ``None`` when not reported."""
    renewal_mode: Annotated[str | None, Writable] = Field(default=None, alias="RENEWALMODE")
    """What happens at expiration (``RENEWALMODE``): ``DEFAULT``, ``AUTORENEW``, ``AUTOEXPIRE``..."""
    hosts: Final[list[str]] = Field(default_factory=list[str], alias="HOST")
    """Host objects created under this domain (``HOST``)."""
    created_date: Final[Annotated[datetime | None, AS_DATE]] = Field(default=None, alias="CREATEDDATE")
    """When the domain was created (``CREATEDDATE``); ``None`` when unset."""
    updated_date: Final[Annotated[datetime | None, AS_DATE]] = Field(default=None, alias="UPDATEDDATE")
    """When the domain last changed (``UPDATEDDATE``); ``None`` when unset."""
    expiration_date: Final[Annotated[datetime | None, AS_DATE]] = Field(default=None, alias="EXPIRATIONDATE")
    """When the domain expires in the account (``EXPIRATIONDATE``); ``None`` when unset."""
    registration_expiration_date: Final[Annotated[datetime | None, AS_DATE]] = Field(
        default=None, alias="REGISTRATIONEXPIRATIONDATE"
    )
    """When the registration ends at the registry (``REGISTRATIONEXPIRATIONDATE``)."""
    paid_until_date: Final[Annotated[datetime | None, AS_DATE]] = Field(default=None, alias="PAIDUNTILDATE")
    """Until when the registration is paid for (``PAIDUNTILDATE``); ``None`` when unset."""
    domain_umlaut: Final[str | None] = Field(default=None, alias="DOMAINUMLAUT")
    """The name in Unicode (``DOMAINUMLAUT``, ``bücher.de``) for internationalised names."""
    roid: Final[str | None] = Field(default=None, alias="ROID")
    """The registry's object id (``ROID``)."""
    repository: Final[str | None] = Field(default=None, alias="REPOSITORY")
    """The registry repository that holds the domain (``REPOSITORY``)."""
    user: Final[str | None] = Field(default=None, alias="USER")
    """The account or subuser that owns the domain (``USER``)."""

    @property
    def name(self) -> str:
        """The domain name (`domain`), under the name other records use."""
        return self.domain


class DomainCheck(HexonetModel):
    """The availability of one domain name (``CheckDomain`` / ``CheckDomains``)."""

    domain: str
    """The name as checked (ACE form)."""
    code: int
    """``210`` available, ``211`` not available, or an error code for this name."""
    description: str
    """The text of the result (``Available``, ``Premium Domain name available [PREMIUM]``)."""
    available: bool
    """Whether the name can be registered: ``code == 210``."""
    premium: bool = False
    """Whether the registry prices the name as premium."""
    reason: str | None = Field(default=None, alias="REASON")
    """Why the name is not available, when the registry says (``REASON``)."""
    domain_class: str | None = Field(default=None, alias="CLASS")
    """The registry's price class of the name (``CLASS``), for premium names."""
    price: Annotated[Decimal | None, AS_AMOUNT] = Field(default=None, alias="PRICE")
    """The registration price the registry quotes (``PRICE``), for premium names."""
    currency: str | None = Field(default=None, alias="CURRENCY")
    """The currency of `price` (``CURRENCY``)."""


class Availability(HexonetModel):
    """A yes/no answer of a ``Check*`` command (name servers: 212/213, transfers: 218/219)."""

    name: str
    """The name as checked (ACE form)."""
    code: int
    """The result: ``212``/``213`` for name servers, ``218``/``219`` for transfers, or an error code."""
    description: str
    """The text of the result, as sent."""
    available: bool
    """The answer: ``212`` (host can be created) or ``218`` (domain can be transferred)."""
    reason: str | None = None
    """Why not, when the server says (``REASON``)."""


class Operation(HexonetModel):
    """What a write command reported: its code, description, and whether it finishes later."""

    code: int
    """The result code (``200``...)."""
    description: str
    """The description as sent (``Command completed successfully; action pending``...)."""
    pending: bool = False
    """The registry finishes the operation later (``PENDING=1``)."""
    status: str | None = None
    """The object's status after the command (``STATUS``, e.g. ``PENDINGDELETE``), if the reply has one."""

    @classmethod
    def of(cls, response: Response) -> Operation:
        """The outcome of a write command's reply: code, description, ``PENDING`` and ``STATUS``."""
        return cls(
            code=response.code,
            description=response.description,
            pending=response.pending,
            status=response.get("STATUS"),
        )


# -- contacts -----------------------------------------------------------------------------------


class ContactData(HexonetRecord):
    """A contact handle (``StatusContact``; ``QueryContactList`` rows with ``WIDE=1``)."""

    id: Final[str] = Field(validation_alias=AliasChoices("CONTACT", "ID"), serialization_alias="CONTACT")
    """The contact handle (``CONTACT``), such as ``P-TCN1378880``."""
    first_name: Annotated[str | None, Writable] = Field(default=None, alias="FIRSTNAME")
    """The first name (``FIRSTNAME``)."""
    last_name: Annotated[str | None, Writable] = Field(default=None, alias="LASTNAME")
    """The last name (``LASTNAME``)."""
    organization: Annotated[str | None, Writable] = Field(default=None, alias="ORGANIZATION")
    """The organisation (``ORGANIZATION``), if any."""
    street: Annotated[list[str], Writable] = Field(default_factory=list[str], alias="STREET")
    """The street lines (``STREET0..N``)."""
    city: Annotated[str | None, Writable] = Field(default=None, alias="CITY")
    """The city (``CITY``)."""
    zip: Annotated[str | None, Writable] = Field(default=None, alias="ZIP")
    """The postal code (``ZIP``)."""
    state: Annotated[str | None, Writable] = Field(default=None, alias="STATE")
    """The state or province (``STATE``), if any."""
    country: Annotated[str | None, Writable] = Field(default=None, alias="COUNTRY")
    """The ISO 3166 country code (``COUNTRY``), such as ``DE``."""
    phone: Annotated[str | None, Writable] = Field(default=None, alias="PHONE")
    """The phone number (``PHONE``), ``+49.1234567890`` style."""
    fax: Annotated[str | None, Writable] = Field(default=None, alias="FAX")
    """The fax number (``FAX``), ``+49.1234567890`` style."""
    email: Annotated[str | None, Writable] = Field(default=None, alias="EMAIL")
    """The e-mail address (``EMAIL``)."""
    auth: Final[str | None] = Field(default=None, alias="AUTH")
    """The contact's auth code (``AUTH``), a secret: masked in ``repr``."""
    status: Final[str | None] = Field(default=None, alias="STATUS")
    """The contact's status (``STATUS``), such as ``ACTIVE``."""
    created_date: Final[Annotated[datetime | None, AS_DATE]] = Field(default=None, alias="CREATEDDATE")
    """When the contact was created (``CREATEDDATE``); ``None`` when unset."""
    updated_date: Final[Annotated[datetime | None, AS_DATE]] = Field(default=None, alias="UPDATEDDATE")
    """When the contact last changed (``UPDATEDDATE``); ``None`` when unset."""
    user: Final[str | None] = Field(default=None, alias="USER")
    """The account or subuser that owns the contact (``USER``)."""


# -- name servers -------------------------------------------------------------------------------


class NameserverData(HexonetRecord):
    """A name server host object (``StatusNameserver``)."""

    host: Final[str] = Field(validation_alias=AliasChoices("HOST", "NAMESERVER"), serialization_alias="NAMESERVER")
    """The host name (``NAMESERVER``), such as ``ns1.example.com``."""
    ip_addresses: Annotated[list[str], Writable] = Field(default_factory=list[str], alias="IPADDRESS")
    """The host's IPv4 and IPv6 addresses (``IPADDRESS0..12``); `save` replaces them as a whole."""
    domain: Final[str | None] = Field(default=None, alias="DOMAIN")
    """The domain the host belongs to (``DOMAIN``)."""
    status: Final[list[str]] = Field(default_factory=list[str], alias="STATUS")
    """The host's status flags (``STATUS``)."""
    created_date: Final[Annotated[datetime | None, AS_DATE]] = Field(default=None, alias="CREATEDDATE")
    """When the host was created (``CREATEDDATE``); ``None`` when unset."""
    updated_date: Final[Annotated[datetime | None, AS_DATE]] = Field(default=None, alias="UPDATEDDATE")
    """When the host last changed (``UPDATEDDATE``); ``None`` when unset."""
    user: Final[str | None] = Field(default=None, alias="USER")
    """The account or subuser that owns the host (``USER``)."""


# -- DNS zones ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResourceRecord:
    """One zone record, as ``QueryDNSZoneRRList`` and ``UpdateDNSZone`` write it.

    ``ResourceRecord.parse("www.example.com. 3600 IN A 192.0.2.1")``; ``str(record)`` gives the text back.
    """

    name: str
    """The owner name (``www.example.com.``)."""
    ttl: int
    """The time to live, in seconds."""
    type: str
    """The record type, upper case (``A``, ``AAAA``, ``MX``, ``TXT``...)."""
    data: str
    """The record data (``192.0.2.1``, ``10 mail.example.com.``)."""
    rr_class: str = "IN"
    """The DNS class: ``IN`` (or ``CH``, ``HS``)."""

    @classmethod
    def parse(cls, text: str) -> ResourceRecord:
        """Parse ``NAME TTL [CLASS] TYPE DATA``.

        Raises:
            InvalidInputError: The text is not a resource record.
        """
        parts = text.split(None, 4)
        if len(parts) >= 4 and parts[2].upper() in ("IN", "CH", "HS") and parts[1].isdigit():
            if len(parts) < 5:
                raise InvalidInputError(f"{text!r} is not a resource record (NAME TTL CLASS TYPE DATA)")
            return cls(parts[0], int(parts[1]), parts[3].upper(), parts[4].strip(), parts[2].upper())
        parts = text.split(None, 3)
        if len(parts) == 4 and parts[1].isdigit():
            return cls(parts[0], int(parts[1]), parts[2].upper(), parts[3].strip())
        raise InvalidInputError(f"{text!r} is not a resource record (NAME TTL CLASS TYPE DATA)")

    def __str__(self) -> str:
        return f"{self.name} {self.ttl} {self.rr_class} {self.type} {self.data}"


def record_text(record: ResourceRecord | str) -> str:
    """A record as wire text, checked."""
    return str(record if isinstance(record, ResourceRecord) else ResourceRecord.parse(record))


class DNSZoneData(HexonetRecord):
    """A DNS zone (``StatusDNSZone``); names end with a dot: ``example.com.``."""

    name: Final[str] = Field(validation_alias=AliasChoices("DNSZONE", "ZONE"), serialization_alias="DNSZONE")
    """The zone name, ending with a dot (``DNSZONE``, ``example.com.``)."""
    status: Final[str | None] = Field(default=None, alias="STATUS")
    """The zone's status (``STATUS``)."""
    soa_mname: Final[str | None] = Field(default=None, alias="SOAMNAME")
    """The primary name server of the SOA record (``SOAMNAME``)."""
    soa_rname: Final[str | None] = Field(default=None, alias="SOARNAME")
    """The zone administrator's mailbox in the SOA record (``SOARNAME``, ``hostmaster.example.com.``)."""
    soa_serial: Final[Annotated[int | None, AS_NUMBER]] = Field(default=None, alias="SOASERIAL")
    """The SOA serial number (``SOASERIAL``); each change raises it."""
    soa_refresh: Annotated[int | None, AS_NUMBER, Writable] = Field(default=None, alias="SOAREFRESH")
    """Seconds secondaries wait before checking for changes (``SOAREFRESH``)."""
    soa_retry: Annotated[int | None, AS_NUMBER, Writable] = Field(default=None, alias="SOARETRY")
    """Seconds secondaries wait before retrying a failed check (``SOARETRY``)."""
    soa_expire: Annotated[int | None, AS_NUMBER, Writable] = Field(default=None, alias="SOAEXPIRE")
    """Seconds after which secondaries stop answering without a successful check (``SOAEXPIRE``)."""
    soa_minttl: Annotated[int | None, AS_NUMBER, Writable] = Field(default=None, alias="SOAMINTTL")
    """The TTL in seconds of negative answers (``SOAMINTTL``)."""
    rrs_total: Final[Annotated[int | None, AS_NUMBER]] = Field(default=None, alias="RRSTOTAL")
    """How many resource records the zone holds (``RRSTOTAL``)."""
    dnssec_mode: Final[str | None] = Field(default=None, alias="DNSSEC-MODE")
    """The zone's DNSSEC mode (``DNSSEC-MODE``), if any."""
    created_date: Final[Annotated[datetime | None, AS_DATE]] = Field(default=None, alias="CREATEDDATE")
    """When the zone was created (``CREATEDDATE``); ``None`` when unset."""
    updated_date: Final[Annotated[datetime | None, AS_DATE]] = Field(default=None, alias="UPDATEDDATE")
    """When the zone last changed (``UPDATEDDATE``); ``None`` when unset."""


# -- account ------------------------------------------------------------------------------------


class AccountStatus(HexonetModel):
    """The account's balance (``StatusAccount``)."""

    amount: Annotated[Decimal | None, AS_AMOUNT] = Field(default=None, alias="AMOUNT")
    """The account balance (``AMOUNT``)."""
    credit: Annotated[Decimal | None, AS_AMOUNT] = Field(default=None, alias="CREDIT")
    """The credit line granted to the account (``CREDIT``)."""
    currency: str | None = Field(default=None, alias="CURRENCY")
    """The currency of the amounts (``CURRENCY``), such as ``USD``."""
    deposit: Annotated[Decimal | None, AS_AMOUNT] = Field(default=None, alias="DEPOSIT")
    """The part of the balance held back as a deposit (``DEPOSIT``)."""
    vat: Annotated[Decimal | None, AS_AMOUNT] = Field(default=None, alias="VAT")
    """The VAT figure the account is billed with (``VAT``)."""

    @property
    def available(self) -> Decimal | None:
        """What can still be spent: amount plus credit minus deposit."""
        if self.amount is None:
            return None
        return self.amount + (self.credit or Decimal(0)) - (self.deposit or Decimal(0))


# -- sessions -----------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class SavedSession:
    """A session to store (for example in a web framework's session) and reuse later."""

    entity: str
    """The system entity the session belongs to (``54cd`` live, ``1234`` OT&E)."""
    session: str
    """The session id from ``StartSession``, a secret: never shown in ``repr``."""

    def as_dict(self) -> dict[str, str]:
        """``{"entity": ..., "session": ...}``, to store as JSON; hand it back as ``session=``."""
        return {"entity": self.entity, "session": self.session}

    @classmethod
    def from_dict(cls, data: Mapping[str, str]) -> SavedSession:
        """A session stored with `as_dict`.

        Raises:
            InvalidInputError: ``entity`` or ``session`` is missing.
        """
        try:
            return cls(entity=data["entity"], session=data["session"])
        except KeyError as error:
            raise InvalidInputError(f"a saved session needs 'entity' and 'session'; {error} is missing") from error

    def __repr__(self) -> str:
        return f"SavedSession(entity={self.entity!r}, session={MASK!r})"


__all__ = [
    "AccountStatus",
    "Availability",
    "ContactData",
    "DNSZoneData",
    "DomainCheck",
    "DomainData",
    "HexonetDate",
    "HexonetModel",
    "HexonetRecord",
    "NameserverData",
    "Operation",
    "ResourceRecord",
    "SavedSession",
    "format_date",
    "parse_date",
    "record_text",
]
