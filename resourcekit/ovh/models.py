"""The fields of OVH objects, shared by the sync and async records.

Attribute names are snake_case; the API's camelCase names are aliases, so ``bill.price_with_tax``
reads ``priceWithTax``. Fields the API lets clients change are marked `Writable`; ``save()`` sends
only those that changed. Unknown fields from the API are kept (``extra="allow"``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final, Literal

from pydantic import Field, field_validator

from resourcekit.core.errors import InvalidInputError
from resourcekit.core.records import Model, Record, Writable

# Record fields spell these types out rather than name the alias, so that an editor's hover shows
# the values a field takes; the aliases serve the methods' signatures.
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
ApplicationStatus = Literal["active", "blocked", "inactive", "trusted"]
BurstStatus = Literal["active", "inactive", "inactiveLocked"]
PowerState = Literal["poweroff", "poweron"]
RedirectionAction = Literal["add", "change", "delete"]
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
    """The HTTP method the rule allows: ``GET``, ``POST``, ``PUT`` or ``DELETE`` (stored upper-case)."""
    path: str
    """The API path the rule allows, where ``*`` matches anything (``/me/bill/*``)."""

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
    """The account's currency (``order.Currency``)."""

    code: str
    """The ISO code of the currency (``EUR``, ``USD``, ``CAD``, ``GBP``...)."""
    symbol: str | None = None
    """How amounts show it (``€``), when given."""


class Price(Model):
    """An amount as OVH shows it: ``value`` 45.44, ``text`` "45.44 €", ``currency_code`` "EUR"."""

    currency_code: str = Field(alias="currencyCode")
    """The currency (``EUR``, ``USD``, ``CAD``, ``GBP``..., ``N/A`` or ``points``); wire name ``currencyCode``."""
    text: str
    """The amount as OVH prints it, with its symbol (``"45.44 €"``)."""
    value: float
    """The amount as a number (``45.44``)."""
    price_in_ucents: int | None = Field(default=None, alias="priceInUcents")
    """The amount in millionths of a cent, when given; wire name ``priceInUcents``."""


class CredentialRequest(Model):
    """The answer to a consumer key request: send the user to ``validation_url``."""

    validation_url: str = Field(alias="validationUrl")
    """Where the account owner accepts the rules; wire name ``validationUrl``."""
    consumer_key: str = Field(alias="consumerKey")
    """The consumer key, usable once validated (a secret: never shown in a repr); wire name ``consumerKey``."""
    state: str
    """``pendingValidation`` until the owner accepts the rules."""


class BurstCapacity(Model):
    """How much bandwidth a burst adds."""

    unit: str
    """The unit of ``value`` (``Mbps``)."""
    value: float
    """The extra bandwidth, in ``unit``."""


class IpmiSupportedFeatures(Model):
    """Which IPMI accesses a server offers."""

    kvmip_html5_url: bool = Field(alias="kvmipHtml5URL")
    """A KVM in the browser (HTML5) can be requested; wire name ``kvmipHtml5URL``."""
    kvmip_jnlp: bool = Field(alias="kvmipJnlp")
    """A KVM through a Java (JNLP) applet can be requested; wire name ``kvmipJnlp``."""
    serial_over_lan_ssh_key: bool = Field(alias="serialOverLanSshKey")
    """A serial-over-LAN session over SSH can be requested; wire name ``serialOverLanSshKey``."""
    serial_over_lan_url: bool = Field(alias="serialOverLanURL")
    """A serial-over-LAN session in the browser can be requested; wire name ``serialOverLanURL``."""


class IpmiAccess(Model):
    """An IPMI access once ready: a URL, a JNLP document or an SSH command, and when it expires."""

    expiration: dt.datetime | None = None
    """When the access stops working, when given."""
    value: str | None = None
    """The URL, JNLP document or SSH command of the access, once ready."""


class IamInfo(Model):
    """How OVH's IAM names a resource."""

    id: str
    """The resource's IAM id (a UUID)."""
    urn: str
    """The resource's URN, used in IAM policies."""
    display_name: str | None = Field(default=None, alias="displayName")
    """The resource's display name, when set; wire name ``displayName``."""
    tags: dict[str, str] | None = None
    """The resource's IAM tags, when any."""


class RedirectionTask(Model):
    """The task OVH queues for a redirection change (``TaskSpecialAccount``)."""

    id: str
    """The task id."""
    account: str | None = None
    """The e-mail account the task works on, when given."""
    action: Literal["add", "change", "delete"]
    """What the task does: ``add``, ``change`` or ``delete``."""
    date: dt.datetime
    """When the task was created."""
    domain: str
    """The e-mail domain of the redirection."""
    type: str
    """The kind of task: ``25g``, ``alias``, ``delete``, ``filter``, ``forward`` or ``responder``."""


# -- records' fields ----------------------------------------------------------------------------


class MeData(Record):
    """The account (``nichandle.Nichandle``)."""

    nichandle: Final[str]
    """The account's identifier (NIC handle, ``xx12345-ovh``); read-only."""
    email: Final[str]
    """The account's e-mail address; read-only."""
    currency: Final[Currency]
    """The currency the account is billed in; read-only."""
    customer_code: Final[str | None] = Field(default=None, alias="customerCode")
    """The customer code to quote to OVH support, when given; read-only; wire name ``customerCode``."""
    ovh_company: Final[str] = Field(alias="ovhCompany")
    """The brand the account belongs to: ``ovh``, ``kimsufi`` or ``soyoustart``; read-only."""
    ovh_subsidiary: Final[str] = Field(alias="ovhSubsidiary")
    """The OVH subsidiary of the account (``FR``, ``GB``, ``DE``...); read-only."""
    state: Final[str]
    """Whether the account's details are ``complete`` or ``incomplete``; read-only."""
    kyc_validated: Final[bool | None] = Field(default=None, alias="kycValidated")
    """Whether the identity checks (KYC) passed, when known; read-only; wire name ``kycValidated``."""
    country: Annotated[str, Writable]
    """The account's country (``FR``); writable."""
    legalform: Annotated[str, Writable]
    """The legal form: ``administration``, ``association``, ``corporation``, ``individual``, ``other`` or
    ``personalcorporation``; writable."""
    language: Annotated[str | None, Writable] = None
    """The account's language (``fr_FR``); writable."""
    phone_type: Annotated[str | None, Writable] = Field(default=None, alias="phoneType")
    """``landline`` or ``mobile``; writable; wire name ``phoneType``."""
    sex: Annotated[str | None, Writable] = None
    """``female`` or ``male``; writable."""
    firstname: Annotated[str | None, Writable] = None
    """The account holder's first name; writable."""
    name: Annotated[str | None, Writable] = None
    """The account holder's last name; writable."""
    organisation: Annotated[str | None, Writable] = None
    """The organisation's name; writable."""
    address: Annotated[str | None, Writable] = None
    """The postal address; writable."""
    complementary_address: Annotated[str | None, Writable] = Field(default=None, alias="complementaryAddress")
    """A second address line; writable; wire name ``complementaryAddress``."""
    city: Annotated[str | None, Writable] = None
    """The city of the postal address; writable."""
    zip: Annotated[str | None, Writable] = None
    """The postal code; writable."""
    area: Annotated[str | None, Writable] = None
    """The area (state, province) of the postal address; writable."""
    phone: Annotated[str | None, Writable] = None
    """The phone number; writable."""
    phone_country: Annotated[str | None, Writable] = Field(default=None, alias="phoneCountry")
    """The country of the phone number; writable; wire name ``phoneCountry``."""
    fax: Annotated[str | None, Writable] = None
    """The fax number; writable."""
    spare_email: Annotated[str | None, Writable] = Field(default=None, alias="spareEmail")
    """A second e-mail address; writable; wire name ``spareEmail``."""
    vat: Annotated[str | None, Writable] = None
    """The VAT number; writable."""
    birth_city: Annotated[str | None, Writable] = Field(default=None, alias="birthCity")
    """The account holder's city of birth; writable; wire name ``birthCity``."""
    birth_day: Annotated[str | None, Writable] = Field(default=None, alias="birthDay")
    """The account holder's date of birth, as OVH writes it; writable; wire name ``birthDay``."""
    corporation_type: Annotated[str | None, Writable] = Field(default=None, alias="corporationType")
    """The kind of company; writable; wire name ``corporationType``."""
    company_national_identification_number: Annotated[str | None, Writable] = Field(
        default=None, alias="companyNationalIdentificationNumber"
    )
    """The company's national registration number; writable."""
    national_identification_number: Annotated[str | None, Writable] = Field(
        default=None, alias="nationalIdentificationNumber"
    )
    """The account holder's national identification number; writable."""
    italian_sdi: Annotated[str | None, Writable] = Field(default=None, alias="italianSDI")
    """The Italian e-invoicing (SDI) code; writable; wire name ``italianSDI``."""
    purpose_of_purchase: Annotated[str | None, Writable] = Field(default=None, alias="purposeOfPurchase")
    """Why the account buys services; writable; wire name ``purposeOfPurchase``."""


class BillData(Record):
    """A bill (``billing.Bill``); every field is read-only."""

    bill_id: Final[str] = Field(alias="billId")
    """The bill's id (``FR123456``); wire name ``billId``."""
    date: Final[dt.datetime]
    """When the bill was issued (with its UTC offset)."""
    order_id: Final[int] = Field(alias="orderId")
    """The order the bill is for; wire name ``orderId``."""
    category: Final[
        Literal[
            "autorenew",
            "earlyrenewal",
            "purchase",
            "purchase-cloud",
            "purchase-servers",
            "purchase-telecom",
            "purchase-web",
        ]
        | None
    ] = None
    """The kind of bill (``autorenew``, ``earlyrenewal``, ``purchase``, ``purchase-cloud``...), when given."""
    password: Final[str | None] = None
    """The password that opens the bill's ``url`` and ``pdf_url`` without logging in."""
    pdf_url: Final[str | None] = Field(default=None, alias="pdfUrl")
    """Where the bill's PDF is; wire name ``pdfUrl``."""
    url: Final[str | None] = None
    """Where the bill is shown on the web."""
    price_with_tax: Final[Price] = Field(alias="priceWithTax")
    """The total including tax; wire name ``priceWithTax``."""
    price_without_tax: Final[Price] = Field(alias="priceWithoutTax")
    """The total before tax; wire name ``priceWithoutTax``."""
    tax: Final[Price]
    """The tax amount."""


class BillDetailData(Record):
    """A line of a bill (``billing.BillDetail``)."""

    bill_detail_id: Final[str] = Field(alias="billDetailId")
    """The line's id; wire name ``billDetailId``."""
    description: Final[str]
    """What the line bills."""
    domain: Final[str]
    """The service the line is for (a domain or a service name)."""
    quantity: Final[str]
    """How many units are billed (a string on the wire)."""
    period_start: Final[dt.date | None] = Field(default=None, alias="periodStart")
    """The first day the line covers, when given; wire name ``periodStart``."""
    period_end: Final[dt.date | None] = Field(default=None, alias="periodEnd")
    """The last day the line covers, when given; wire name ``periodEnd``."""
    total_price: Final[Price] = Field(alias="totalPrice")
    """The price of the whole line; wire name ``totalPrice``."""
    unit_price: Final[Price] = Field(alias="unitPrice")
    """The price of one unit; wire name ``unitPrice``."""


class PaymentData(Record):
    """How a bill was paid (``billing.Payment``)."""

    payment_date: Final[dt.datetime] = Field(alias="paymentDate")
    """When the bill was paid; wire name ``paymentDate``."""
    payment_type: Final[str] = Field(alias="paymentType")
    """How it was paid (``creditCard``, ``paypal``, ``transfer``, ``ovhAccount``...); wire name ``paymentType``."""
    payment_identifier: Final[str | None] = Field(default=None, alias="paymentIdentifier")
    """The payment's reference, when given; wire name ``paymentIdentifier``."""


class ApiCredentialData(Record):
    """A consumer key's credential (``auth.ApiCredential``); only ``allowed_ips`` is writable."""

    credential_id: Final[int] = Field(alias="credentialId")
    """The credential's id; wire name ``credentialId``."""
    application_id: Final[int] = Field(alias="applicationId")
    """The application the consumer key was issued to; wire name ``applicationId``."""
    creation: Final[dt.datetime]
    """When the consumer key was requested."""
    expiration: Final[dt.datetime | None] = None
    """When the credential stops working, if it expires."""
    last_use: Final[dt.datetime | None] = Field(default=None, alias="lastUse")
    """When the consumer key last signed a call, if ever; wire name ``lastUse``."""
    ovh_support: Final[bool] = Field(default=False, alias="ovhSupport")
    """Whether the credential was created by OVH support; wire name ``ovhSupport``."""
    rules: Final[list[AccessRule]] = Field(default_factory=list[AccessRule])
    """The calls the consumer key may make."""
    status: Final[Literal["expired", "pendingValidation", "refused", "validated"]]
    """``expired``, ``pendingValidation``, ``refused`` or ``validated``."""
    allowed_ips: Annotated[list[str] | None, Writable] = Field(default=None, alias="allowedIPs")
    """The IP ranges the key may be used from (``None``: anywhere); writable; wire name ``allowedIPs``."""


class ApiApplicationData(Record):
    """An application registered on the account (``auth.ApiApplication``)."""

    application_id: Final[int] = Field(alias="applicationId")
    """The application's id; wire name ``applicationId``."""
    application_key: Final[str] = Field(alias="applicationKey")
    """The application key (AK) it signs with; wire name ``applicationKey``."""
    name: Final[str]
    """The name given when the application was created."""
    description: Final[str]
    """The description given when the application was created."""
    status: Final[Literal["active", "blocked", "inactive", "trusted"]]
    """``active``, ``blocked``, ``inactive`` or ``trusted``."""


class DedicatedServerData(Record):
    """A dedicated server (``dedicated.server.Dedicated``)."""

    name: Final[str]
    """The server's service name (``ns1234.ip-1-2-3.eu``); read-only."""
    server_id: Final[int] = Field(alias="serverId")
    """The server's numeric id; read-only; wire name ``serverId``."""
    datacenter: Final[str]
    """The datacenter the server is in (``sbg1``, ``gra3``, ``rbx``, ``bhs1``...); read-only."""
    ip: Final[str]
    """The server's main IPv4 address; read-only."""
    os: Final[str]
    """The installed operating system; read-only."""
    power_state: Final[Literal["poweroff", "poweron"]] = Field(alias="powerState")
    """``poweron`` or ``poweroff``; read-only; wire name ``powerState``."""
    professional_use: Final[bool] = Field(alias="professionalUse")
    """Whether the professional-use option is on; read-only; wire name ``professionalUse``."""
    rack: Final[str]
    """The rack the server is in; read-only."""
    region: Final[str | None] = None
    """The region of the datacenter, when given; read-only."""
    availability_zone: Final[str | None] = Field(default=None, alias="availabilityZone")
    """The availability zone, when given; read-only; wire name ``availabilityZone``."""
    commercial_range: Final[str | None] = Field(default=None, alias="commercialRange")
    """The commercial range of the server, when given; read-only; wire name ``commercialRange``."""
    link_speed: Final[int | None] = Field(default=None, alias="linkSpeed")
    """The network link speed, when given; read-only; wire name ``linkSpeed``."""
    new_upgrade_system: Final[bool] = Field(default=False, alias="newUpgradeSystem")
    """Whether the server uses OVH's new upgrade system; read-only; wire name ``newUpgradeSystem``."""
    reverse: Final[str | None] = None
    """The reverse DNS name of ``ip``, when set; read-only."""
    support_level: Final[str] = Field(alias="supportLevel")
    """``critical``, ``fastpath``, ``gs`` or ``pro``; read-only; wire name ``supportLevel``."""
    iam: Final[IamInfo | None] = None
    """How IAM names the server, when given; read-only."""
    boot_id: Annotated[int | None, Writable] = Field(default=None, alias="bootId")
    """The boot the server starts on (its id); writable; wire name ``bootId``."""
    boot_script: Annotated[str | None, Writable] = Field(default=None, alias="bootScript")
    """A script run at boot (iPXE), when set; writable; wire name ``bootScript``."""
    monitoring: Annotated[bool, Writable]
    """Whether OVH monitors the server (pings it); writable."""
    no_intervention: Annotated[bool, Writable] = Field(alias="noIntervention")
    """Whether OVH technicians must not intervene on the server; writable; wire name ``noIntervention``."""
    rescue_mail: Annotated[str | None, Writable] = Field(default=None, alias="rescueMail")
    """Where rescue-mode credentials are e-mailed; writable; wire name ``rescueMail``."""
    rescue_ssh_key: Annotated[str | None, Writable] = Field(default=None, alias="rescueSshKey")
    """The public SSH key installed in rescue mode; writable; wire name ``rescueSshKey``."""
    root_device: Annotated[str | None, Writable] = Field(default=None, alias="rootDevice")
    """The device the system boots from, when set; writable; wire name ``rootDevice``."""
    state: Annotated[str, Writable]
    """``ok``, ``error``, ``hacked`` or ``hackedBlocked``; writable."""


class BurstData(Record):
    """A server's network burst: ``status`` is writable."""

    capacity: Final[BurstCapacity | None] = None
    """How much bandwidth the burst adds, when given; read-only."""
    status: Annotated[Literal["active", "inactive", "inactiveLocked"], Writable]
    """``active``, ``inactive`` or ``inactiveLocked`` (set it and ``save()``); writable."""


class IpmiData(Record):
    """A server's IPMI feature state."""

    activated: Final[bool]
    """Whether IPMI is on for the server."""
    supported_features: Final[IpmiSupportedFeatures] = Field(alias="supportedFeatures")
    """Which IPMI accesses the server offers; wire name ``supportedFeatures``."""


class TaskData(Record):
    """A dedicated server task (``dedicated.server.Task``)."""

    task_id: Final[int] = Field(alias="taskId")
    """The task's id; wire name ``taskId``."""
    function: Final[str]
    """What the task does (``requestAccessIPMI``...)."""
    status: Final[Literal["cancelled", "customerError", "doing", "done", "init", "ovhError", "todo"]]
    """``init``, ``todo``, ``doing``, then ``done``, ``cancelled``, ``customerError`` or ``ovhError``."""
    start_date: Final[dt.datetime] = Field(alias="startDate")
    """When the task started; wire name ``startDate``."""
    done_date: Final[dt.datetime | None] = Field(default=None, alias="doneDate")
    """When the task ended, once it has; wire name ``doneDate``."""
    last_update: Final[dt.datetime | None] = Field(default=None, alias="lastUpdate")
    """When the task last changed, when given; wire name ``lastUpdate``."""
    comment: Final[str | None] = None
    """OVH's note on the task, when any."""
    need_schedule: Final[bool | None] = Field(default=None, alias="needSchedule")
    """Whether the task waits for you to schedule it, when given; wire name ``needSchedule``."""

    @property
    def is_finished(self) -> bool:
        """Whether the task has ended (``done``, ``cancelled``, ``customerError`` or ``ovhError``)."""
        return self.status in TASK_FINAL_STATUSES


class RedirectionData(Record):
    """An e-mail redirection of a domain; its target changes through ``change_target()``."""

    id: Final[str]
    """The redirection's id."""
    from_: Final[str] = Field(alias="from")
    """The address whose mail is redirected; wire name ``from``."""
    to: Final[str]
    """The address the mail goes to."""


class DnsZoneData(Record):
    """A DNS zone (``domain.zone.Zone``)."""

    name: Final[str]
    """The zone's domain name."""
    name_servers: Final[list[str]] = Field(default_factory=list[str], alias="nameServers")
    """The DNS servers that serve the zone; wire name ``nameServers``."""
    dnssec_supported: Final[bool] = Field(default=False, alias="dnssecSupported")
    """Whether the zone can be signed with DNSSEC; wire name ``dnssecSupported``."""
    has_dns_anycast: Final[bool] = Field(default=False, alias="hasDnsAnycast")
    """Whether the zone is served by OVH's anycast DNS; wire name ``hasDnsAnycast``."""
    last_update: Final[dt.datetime | None] = Field(default=None, alias="lastUpdate")
    """When the zone last changed, when given; wire name ``lastUpdate``."""
    iam: Final[IamInfo | None] = None
    """How IAM names the zone, when given."""


class DnsRecordData(Record):
    """A record of a DNS zone (``domain.zone.Record``): ``sub_domain``, ``target`` and ``ttl`` are writable."""

    id: Final[int]
    """The record's id."""
    zone: Final[str]
    """The zone the record belongs to."""
    field_type: Final[
        Literal[
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
    ] = Field(alias="fieldType")
    """The record type (``A``, ``AAAA``, ``CNAME``, ``MX``, ``TXT``...); wire name ``fieldType``."""
    sub_domain: Annotated[str | None, Writable] = Field(default=None, alias="subDomain")
    """The name below the zone (``www``; empty or ``None``: the zone's apex); writable; wire name ``subDomain``."""
    target: Annotated[str, Writable]
    """The record's value (an address, a host name, a text...); writable."""
    ttl: Annotated[int | None, Writable] = None
    """How long resolvers may cache the record, in seconds (``None`` or 0: the zone's default); writable."""
