"""The fields of OVH objects, shared by the sync and async records.

Attribute names are snake_case; the API's camelCase names are aliases, so ``bill.price_with_tax``
reads ``priceWithTax``. Fields the API lets clients change are marked `Writable`; ``save()`` sends
only those that changed. Unknown fields from the API are kept (``extra="allow"``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, field_validator

from resourcekit.core.errors import InvalidInputError
from resourcekit.core.records import Model, Record, Writable

HttpMethod = Literal["GET", "POST", "PUT", "DELETE"]
BillCategory = Literal[
    "autorenew",
    "earlyrenewal",
    "purchase",
    "purchase-cloud",
    "purchase-servers",
    "purchase-telecom",
    "purchase-web",
]
CredentialStatus = Literal["expired", "pendingValidation", "refused", "validated"]
BurstStatus = Literal["active", "inactive", "inactiveLocked"]
IpmiAccessType = Literal["kvmipHtml5URL", "kvmipJnlp", "serialOverLanSshKey", "serialOverLanURL"]
IpmiTtl = Literal[1, 3, 5, 10, 15]
TaskStatus = Literal["cancelled", "customerError", "doing", "done", "init", "ovhError", "todo"]
DnsFieldType = Literal[
    "A",
    "AAAA",
    "CAA",
    "CNAME",
    "DKIM",
    "DMARC",
    "DNAME",
    "LOC",
    "MX",
    "NAPTR",
    "NS",
    "PTR",
    "SPF",
    "SRV",
    "SSHFP",
    "TLSA",
    "TXT",
]

HTTP_METHODS: tuple[HttpMethod, ...] = ("GET", "POST", "PUT", "DELETE")
BILL_CATEGORIES: tuple[BillCategory, ...] = BillCategory.__args__
CREDENTIAL_STATUSES: tuple[CredentialStatus, ...] = CredentialStatus.__args__
BURST_STATUSES: tuple[BurstStatus, ...] = BurstStatus.__args__
IPMI_ACCESS_TYPES: tuple[IpmiAccessType, ...] = IpmiAccessType.__args__
IPMI_TTLS: tuple[IpmiTtl, ...] = IpmiTtl.__args__
DNS_FIELD_TYPES: tuple[DnsFieldType, ...] = DnsFieldType.__args__
TASK_FINAL_STATUSES = frozenset({"done", "cancelled", "customerError", "ovhError"})
TASK_FAILED_STATUSES = frozenset({"cancelled", "customerError", "ovhError"})


# -- plain values -------------------------------------------------------------------------------


class AccessRule(Model):
    """One access rule of a consumer key: a method and a path where ``*`` matches anything."""

    method: str
    path: str

    @field_validator("method")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @classmethod
    def parse(cls, text: str) -> AccessRule:
        """A rule from ``METHOD:/path`` (``GET:/me``), as the CLI takes it.

        Raises:
            InvalidInputError: Not ``METHOD:/path``, or an unknown method.
        """
        method, sep, rule_path = text.partition(":")
        method = method.strip().upper()
        if not sep or method not in HTTP_METHODS or not rule_path.startswith("/"):
            raise InvalidInputError(
                f"an access rule reads METHOD:/path with METHOD one of GET, POST, PUT, DELETE: {text!r}"
            )
        return cls(method=method, path=rule_path)


class Currency(Model):
    code: str
    symbol: str | None = None


class Price(Model):
    """An amount as OVH shows it: ``value`` 45.44, ``text`` "45.44 €", ``currency_code`` "EUR"."""

    currency_code: str = Field(alias="currencyCode")
    text: str
    value: float
    price_in_ucents: int | None = Field(default=None, alias="priceInUcents")


class CredentialRequest(Model):
    """The answer to a consumer key request: send the user to ``validation_url``.

    Attributes:
        validation_url: Where the account owner accepts the rules.
        consumer_key: The key, usable once validated (never shown in a repr).
        state: ``pendingValidation`` until the owner accepts.
    """

    validation_url: str = Field(alias="validationUrl")
    consumer_key: str = Field(alias="consumerKey")
    state: str


class BurstCapacity(Model):
    unit: str
    value: float


class IpmiSupportedFeatures(Model):
    kvmip_html5_url: bool = Field(alias="kvmipHtml5URL")
    kvmip_jnlp: bool = Field(alias="kvmipJnlp")
    serial_over_lan_ssh_key: bool = Field(alias="serialOverLanSshKey")
    serial_over_lan_url: bool = Field(alias="serialOverLanURL")


class IpmiAccess(Model):
    """An IPMI access once ready: a URL, a JNLP document or an SSH command, and when it expires."""

    expiration: dt.datetime | None = None
    value: str | None = None


class IamInfo(Model):
    id: str
    urn: str
    display_name: str | None = Field(default=None, alias="displayName")
    tags: dict[str, str] | None = None


class RedirectionTask(Model):
    """The task OVH queues for a redirection change (``TaskSpecialAccount``)."""

    id: str
    account: str | None = None
    action: str
    date: dt.datetime
    domain: str
    type: str


# -- records' fields ----------------------------------------------------------------------------


class MeData(Record):
    """The account (``nichandle.Nichandle``)."""

    nichandle: str
    email: str
    currency: Currency
    customer_code: str | None = Field(default=None, alias="customerCode")
    ovh_company: str = Field(alias="ovhCompany")
    ovh_subsidiary: str = Field(alias="ovhSubsidiary")
    state: str
    kyc_validated: bool | None = Field(default=None, alias="kycValidated")
    country: Annotated[str, Writable]
    legalform: Annotated[str, Writable]
    language: Annotated[str | None, Writable] = None
    phone_type: Annotated[str | None, Writable] = Field(default=None, alias="phoneType")
    sex: Annotated[str | None, Writable] = None
    firstname: Annotated[str | None, Writable] = None
    name: Annotated[str | None, Writable] = None
    organisation: Annotated[str | None, Writable] = None
    address: Annotated[str | None, Writable] = None
    complementary_address: Annotated[str | None, Writable] = Field(default=None, alias="complementaryAddress")
    city: Annotated[str | None, Writable] = None
    zip: Annotated[str | None, Writable] = None
    area: Annotated[str | None, Writable] = None
    phone: Annotated[str | None, Writable] = None
    phone_country: Annotated[str | None, Writable] = Field(default=None, alias="phoneCountry")
    fax: Annotated[str | None, Writable] = None
    spare_email: Annotated[str | None, Writable] = Field(default=None, alias="spareEmail")
    vat: Annotated[str | None, Writable] = None
    birth_city: Annotated[str | None, Writable] = Field(default=None, alias="birthCity")
    birth_day: Annotated[str | None, Writable] = Field(default=None, alias="birthDay")
    corporation_type: Annotated[str | None, Writable] = Field(default=None, alias="corporationType")
    company_national_identification_number: Annotated[str | None, Writable] = Field(
        default=None, alias="companyNationalIdentificationNumber"
    )
    national_identification_number: Annotated[str | None, Writable] = Field(
        default=None, alias="nationalIdentificationNumber"
    )
    italian_sdi: Annotated[str | None, Writable] = Field(default=None, alias="italianSDI")
    purpose_of_purchase: Annotated[str | None, Writable] = Field(default=None, alias="purposeOfPurchase")


class BillData(Record):
    """A bill (``billing.Bill``); every field is read-only."""

    bill_id: str = Field(alias="billId")
    date: dt.datetime
    order_id: int = Field(alias="orderId")
    category: str | None = None
    password: str | None = None
    pdf_url: str | None = Field(default=None, alias="pdfUrl")
    url: str | None = None
    price_with_tax: Price = Field(alias="priceWithTax")
    price_without_tax: Price = Field(alias="priceWithoutTax")
    tax: Price


class BillDetailData(Record):
    """A line of a bill (``billing.BillDetail``)."""

    bill_detail_id: str = Field(alias="billDetailId")
    description: str
    domain: str
    quantity: str
    period_start: dt.date | None = Field(default=None, alias="periodStart")
    period_end: dt.date | None = Field(default=None, alias="periodEnd")
    total_price: Price = Field(alias="totalPrice")
    unit_price: Price = Field(alias="unitPrice")


class PaymentData(Record):
    """How a bill was paid (``billing.Payment``)."""

    payment_date: dt.datetime = Field(alias="paymentDate")
    payment_type: str = Field(alias="paymentType")
    payment_identifier: str | None = Field(default=None, alias="paymentIdentifier")


class ApiCredentialData(Record):
    """A consumer key's credential (``auth.ApiCredential``); only ``allowed_ips`` is writable."""

    credential_id: int = Field(alias="credentialId")
    application_id: int = Field(alias="applicationId")
    creation: dt.datetime
    expiration: dt.datetime | None = None
    last_use: dt.datetime | None = Field(default=None, alias="lastUse")
    ovh_support: bool = Field(default=False, alias="ovhSupport")
    rules: list[AccessRule] = Field(default_factory=list[AccessRule])
    status: str
    allowed_ips: Annotated[list[str] | None, Writable] = Field(default=None, alias="allowedIPs")


class ApiApplicationData(Record):
    """An application registered on the account (``auth.ApiApplication``)."""

    application_id: int = Field(alias="applicationId")
    application_key: str = Field(alias="applicationKey")
    name: str
    description: str
    status: str


class DedicatedServerData(Record):
    """A dedicated server (``dedicated.server.Dedicated``)."""

    name: str
    server_id: int = Field(alias="serverId")
    datacenter: str
    ip: str
    os: str
    power_state: str = Field(alias="powerState")
    professional_use: bool = Field(alias="professionalUse")
    rack: str
    region: str | None = None
    availability_zone: str | None = Field(default=None, alias="availabilityZone")
    commercial_range: str | None = Field(default=None, alias="commercialRange")
    link_speed: int | None = Field(default=None, alias="linkSpeed")
    new_upgrade_system: bool = Field(default=False, alias="newUpgradeSystem")
    reverse: str | None = None
    support_level: str = Field(alias="supportLevel")
    iam: IamInfo | None = None
    boot_id: Annotated[int | None, Writable] = Field(default=None, alias="bootId")
    boot_script: Annotated[str | None, Writable] = Field(default=None, alias="bootScript")
    monitoring: Annotated[bool, Writable]
    no_intervention: Annotated[bool, Writable] = Field(alias="noIntervention")
    rescue_mail: Annotated[str | None, Writable] = Field(default=None, alias="rescueMail")
    rescue_ssh_key: Annotated[str | None, Writable] = Field(default=None, alias="rescueSshKey")
    root_device: Annotated[str | None, Writable] = Field(default=None, alias="rootDevice")
    state: Annotated[str, Writable]


class BurstData(Record):
    """A server's network burst: ``status`` is writable."""

    capacity: BurstCapacity | None = None
    status: Annotated[str, Writable]


class IpmiData(Record):
    """A server's IPMI feature state."""

    activated: bool
    supported_features: IpmiSupportedFeatures = Field(alias="supportedFeatures")


class TaskData(Record):
    """A dedicated server task (``dedicated.server.Task``)."""

    task_id: int = Field(alias="taskId")
    function: str
    status: str
    start_date: dt.datetime = Field(alias="startDate")
    done_date: dt.datetime | None = Field(default=None, alias="doneDate")
    last_update: dt.datetime | None = Field(default=None, alias="lastUpdate")
    comment: str | None = None
    need_schedule: bool | None = Field(default=None, alias="needSchedule")

    @property
    def is_finished(self) -> bool:
        return self.status in TASK_FINAL_STATUSES


class RedirectionData(Record):
    """An e-mail redirection of a domain; its target changes through ``change_target()``."""

    id: str
    from_: str = Field(alias="from")
    to: str


class DnsZoneData(Record):
    """A DNS zone (``domain.zone.Zone``)."""

    name: str
    name_servers: list[str] = Field(default_factory=list[str], alias="nameServers")
    dnssec_supported: bool = Field(default=False, alias="dnssecSupported")
    has_dns_anycast: bool = Field(default=False, alias="hasDnsAnycast")
    last_update: dt.datetime | None = Field(default=None, alias="lastUpdate")
    iam: IamInfo | None = None


class DnsRecordData(Record):
    """A record of a DNS zone (``domain.zone.Record``): ``sub_domain``, ``target`` and ``ttl`` are writable."""

    id: int
    zone: str
    field_type: str = Field(alias="fieldType")
    sub_domain: Annotated[str | None, Writable] = Field(default=None, alias="subDomain")
    target: Annotated[str, Writable]
    ttl: Annotated[int | None, Writable] = None
