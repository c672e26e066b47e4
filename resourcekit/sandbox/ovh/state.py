"""The in-memory account the OVH emulator serves, seeded deterministically.

Objects are kept in their wire form (the JSON the API returns), so what the handlers send is
exactly what the state holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import string
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.ovh.catalogue import SERVICE_TYPES

Json = dict[str, Any]

BASE_DATE = dt.datetime(2024, 1, 15, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
DATACENTERS = ("sbg1", "gra3", "rbx", "bhs1")
REGIONS = {"sbg1": "eu-west-sbg", "gra3": "eu-west-gra", "rbx": "eu-west-rbx", "bhs1": "ca-east-bhs"}
BILL_CATEGORIES = ("purchase", "autorenew", "purchase-servers", "earlyrenewal", "purchase-web")
PAYMENT_TYPES = ("creditCard", "transfer", "paypal", "ovhAccount")
EMAIL_DOMAINS = ("example.com", "example.org")
DNS_ZONES = ("example.com", "example.net")


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def _price(value: float, currency: str = "EUR", symbol: str = "\u20ac") -> Json:
    value = round(value, 2)
    return {
        "currencyCode": currency,
        "priceInUcents": round(value * 100_000_000),
        "text": f"{value:.2f} {symbol}",
        "value": value,
    }


@dataclass
class Credential:
    """A consumer key and what it may do."""

    credential_id: int
    consumer_key: str
    application_id: int
    rules: list[Json]
    status: str
    creation: dt.datetime
    token: str
    expiration: dt.datetime | None = None
    last_use: dt.datetime | None = None
    allowed_ips: list[str] | None = None
    redirection: str | None = None

    def wire(self) -> Json:
        return {
            "credentialId": self.credential_id,
            "applicationId": self.application_id,
            "creation": _iso(self.creation),
            "expiration": _iso(self.expiration) if self.expiration else None,
            "lastUse": _iso(self.last_use) if self.last_use else None,
            "ovhSupport": False,
            "rules": [dict(rule) for rule in self.rules],
            "status": self.status,
            "allowedIPs": list(self.allowed_ips) if self.allowed_ips is not None else None,
        }


@dataclass
class Application:
    application_id: int
    key: str
    secret: str
    name: str
    description: str
    status: str = "active"

    def wire(self) -> Json:
        return {
            "applicationId": self.application_id,
            "applicationKey": self.key,
            "name": self.name,
            "description": self.description,
            "status": self.status,
        }


@dataclass
class IpmiGrant:
    """An IPMI access requested on a server, ready once its task is done."""

    task_id: int
    value: str
    expiration: dt.datetime


@dataclass
class OVHState:
    """Everything the emulator knows; tests may read and change it.

    Attributes:
        clock_offset: Seconds the emulated server's clock is ahead of the machine's (a drifting
            client is simulated by changing it).
        time_window: How far a request's ``X-Ovh-Timestamp`` may be from the server's time.
        batch_enabled: Whether GETs honour ``X-Ovh-Batch`` (off: the header is ignored, as by a
            server without the feature, and ``/me/bill/FR1,FR2`` is one unknown id).
        batch_count: How many batch GETs were answered (reads, so not among the side effects).
        token_ttl: Lifetime in seconds of OAuth2 access tokens, sent as the token reply's
            ``expires_in`` as it is: tests set absurd values (``10**400``, ``nan``) to play a
            broken server, and the sandbox then keeps the token forever.
    """

    settings: SandboxSettings
    clock: Callable[[], float] = time.time
    clock_offset: int = 0
    time_window: int = 180
    token_ttl: float = 3600
    batch_enabled: bool = True
    applications: dict[int, Application] = field(default_factory=dict[int, Application])
    credentials: dict[int, Credential] = field(default_factory=dict[int, Credential])
    oauth2_clients: dict[str, str] = field(default_factory=dict[str, str])
    tokens: dict[str, float] = field(default_factory=dict[str, float])
    me: Json = field(default_factory=dict[str, Any])
    bills: dict[str, Json] = field(default_factory=dict[str, Json])
    bill_details: dict[str, dict[str, Json]] = field(default_factory=dict[str, dict[str, Json]])
    payments: dict[str, Json] = field(default_factory=dict[str, Json])
    servers: dict[str, Json] = field(default_factory=dict[str, Json])
    bursts: dict[str, Json] = field(default_factory=dict[str, Json])
    ipmi: dict[str, Json] = field(default_factory=dict[str, Json])
    server_tasks: dict[str, dict[int, Json]] = field(default_factory=dict[str, dict[int, Json]])
    ipmi_grants: dict[tuple[str, str], IpmiGrant] = field(default_factory=dict[tuple[str, str], IpmiGrant])
    email_domains: dict[str, dict[str, Json]] = field(default_factory=dict[str, dict[str, Json]])
    zones: dict[str, Json] = field(default_factory=dict[str, Json])
    zone_records: dict[str, dict[int, Json]] = field(default_factory=dict[str, dict[int, Json]])
    services: dict[str, list[str]] = field(default_factory=dict[str, list[str]])
    query_count: int = 0
    batch_count: int = 0
    _rng: random.Random = field(default_factory=random.Random)
    _next_id: int = 1_000

    # -- time and ids -----------------------------------------------------------------------

    def server_time(self) -> int:
        return int(self.clock()) + self.clock_offset

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.server_time(), tz=dt.timezone.utc)

    def next_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def token(self, length: int = 32) -> str:
        alphabet = string.ascii_letters + string.digits
        return "".join(self._rng.choice(alphabet) for _ in range(length))

    def query_id(self) -> str:
        self.query_count += 1
        digest = hashlib.sha1(f"{self.settings.seed}:{self.query_count}".encode()).hexdigest()[:16]
        return f"EU.ext-1.{digest}.{self.query_count}"

    # -- credentials ------------------------------------------------------------------------

    def application_by_key(self, key: str | None) -> Application | None:
        if not key:
            return None
        return next((app for app in self.applications.values() if app.key == key), None)

    def credential_by_key(self, consumer_key: str | None) -> Credential | None:
        if not consumer_key:
            return None
        return next((cred for cred in self.credentials.values() if cred.consumer_key == consumer_key), None)

    def credential_by_token(self, token: str) -> Credential | None:
        return next((cred for cred in self.credentials.values() if cred.token == token), None)

    def new_credential(
        self, application_id: int, rules: list[Json], *, redirection: str | None, allowed_ips: list[str] | None
    ) -> Credential:
        credential = Credential(
            credential_id=self.next_id(),
            consumer_key=self.settings.token_prefix + self.token(),
            application_id=application_id,
            rules=rules,
            status="pendingValidation",
            creation=self.now(),
            token=self.token(48),
            allowed_ips=allowed_ips,
            redirection=redirection,
        )
        self.credentials[credential.credential_id] = credential
        return credential

    def validate(self, consumer_key: str) -> Credential:
        """Accept a pending consumer key, as the account owner does on the validation page.

        Raises:
            KeyError: No such consumer key.
        """
        credential = self.credential_by_key(consumer_key)
        if credential is None:
            raise KeyError(consumer_key)
        credential.status = "validated"
        credential.expiration = None
        return credential

    def issue_token(self) -> str:
        token = self.settings.token_prefix + self.token(40)
        self.tokens[token] = self.clock() + self.token_lifetime()
        return token

    def token_lifetime(self) -> float:
        """`token_ttl` as seconds the sandbox honours (an absurd value means forever)."""
        try:
            lifetime = float(self.token_ttl)
        except OverflowError:
            return math.inf
        return math.inf if math.isnan(lifetime) else lifetime

    # -- servers ----------------------------------------------------------------------------

    def new_server_task(self, server: str, function: str) -> Json:
        task_id = self.next_id()
        task: Json = {
            "taskId": task_id,
            "function": function,
            "status": "todo",
            "startDate": _iso(self.now()),
            "doneDate": None,
            "lastUpdate": _iso(self.now()),
            "comment": None,
            "needSchedule": False,
        }
        self.server_tasks.setdefault(server, {})[task_id] = task
        return task

    def advance_task(self, task: Json) -> None:
        """Move a task one step on (``todo`` > ``doing`` > ``done``) each time it is looked at."""
        following = {"init": "todo", "todo": "doing", "doing": "done"}
        if task["status"] in following:
            task["status"] = following[task["status"]]
            task["lastUpdate"] = _iso(self.now())
            if task["status"] == "done":
                task["doneDate"] = _iso(self.now())


def seed_state(settings: SandboxSettings, clock: Callable[[], float] = time.time) -> tuple[OVHState, dict[str, str]]:
    """A fresh account holding ``seed_size`` bills, servers, credentials and redirections."""
    rng = random.Random(settings.seed)
    state = OVHState(settings=settings, clock=clock, _rng=random.Random(settings.seed + 1))
    size = max(settings.seed_size, 0)

    main_app = Application(
        1,
        settings.credential("application_key", state.token(16)),
        settings.credential("application_secret", state.token(32)),
        "resourcekit-sandbox",
        "The sandbox's own application",
    )
    state.applications[main_app.application_id] = main_app
    for index in range(2, 4):
        app = Application(
            index,
            state.token(16),
            state.token(32),
            f"app-{index}",
            f"Seeded application {index}",
            status="active" if index % 2 == 0 else "trusted",
        )
        state.applications[app.application_id] = app
    full_access = [{"method": method, "path": "/*"} for method in ("GET", "POST", "PUT", "DELETE")]
    main = Credential(
        credential_id=1,
        consumer_key=settings.credential("consumer_key", state.token()),
        application_id=main_app.application_id,
        rules=full_access,
        status="validated",
        creation=BASE_DATE,
        token=state.token(48),
    )
    state.credentials[main.credential_id] = main
    statuses = ("validated", "expired", "validated", "refused", "pendingValidation")
    for index in range(size):
        app_id = 2 + index % 2
        credential = Credential(
            credential_id=100 + index,
            consumer_key=state.token(),
            application_id=app_id,
            rules=[{"method": "GET", "path": "/me"}],
            status=statuses[index % len(statuses)],
            creation=BASE_DATE + dt.timedelta(days=index),
            token=state.token(48),
            expiration=BASE_DATE + dt.timedelta(days=index + 30),
            last_use=BASE_DATE + dt.timedelta(days=index, hours=3) if index % 2 == 0 else None,
        )
        state.credentials[credential.credential_id] = credential

    client_id = settings.credential("client_id", "sandbox-" + state.token(12).lower())
    state.oauth2_clients[client_id] = settings.credential("client_secret", state.token(32))

    state.me = {
        "nichandle": "xx1234-ovh",
        "email": "ada@example.com",
        "currency": {"code": "EUR", "symbol": "EURO"},
        "customerCode": "1234-5678-90",
        "ovhCompany": "ovh",
        "ovhSubsidiary": "FR",
        "state": "complete",
        "kycValidated": True,
        "country": "FR",
        "legalform": "individual",
        "language": "fr_FR",
        "phoneType": "mobile",
        "sex": None,
        "firstname": "Ada",
        "name": "Lovelace",
        "organisation": None,
        "address": "2 rue Kellermann",
        "complementaryAddress": None,
        "city": "Roubaix",
        "zip": "59100",
        "area": None,
        "phone": "+33.123456789",
        "phoneCountry": "FR",
        "fax": None,
        "spareEmail": None,
        "vat": None,
        "birthCity": None,
        "birthDay": None,
        "corporationType": None,
        "companyNationalIdentificationNumber": None,
        "nationalIdentificationNumber": None,
        "italianSDI": None,
        "purposeOfPurchase": None,
    }

    for index in range(size):
        bill_id = f"FR{25_000_000 + index * 7:d}"
        moment = BASE_DATE + dt.timedelta(days=index * 9, hours=index)
        without_tax = round(rng.uniform(5, 400), 2)
        tax = round(without_tax * 0.2, 2)
        state.bills[bill_id] = {
            "billId": bill_id,
            "category": BILL_CATEGORIES[index % len(BILL_CATEGORIES)],
            "date": _iso(moment),
            "orderId": 90_000_000 + index,
            "password": state.token(6).lower(),
            "pdfUrl": f"https://www.ovh.com/cgi-bin/order/facture.pdf?reference={bill_id}",
            "url": f"https://www.ovh.com/cgi-bin/order/facture.cgi?reference={bill_id}",
            "priceWithTax": _price(without_tax + tax),
            "priceWithoutTax": _price(without_tax),
            "tax": _price(tax),
        }
        details: dict[str, Json] = {}
        for line in range(1 + index % 3):
            detail_id = f"{bill_id}-{line + 1}"
            quantity = 1 + line
            unit = round(without_tax / (1 + index % 3) / quantity, 2)
            details[detail_id] = {
                "billDetailId": detail_id,
                "description": f"Service line {line + 1} of {bill_id}",
                "domain": f"ns{1000 + index}.ip-51-68-{index % 250}.eu",
                "periodStart": (moment.date()).isoformat(),
                "periodEnd": (moment.date() + dt.timedelta(days=30)).isoformat(),
                "quantity": str(quantity),
                "totalPrice": _price(unit * quantity),
                "unitPrice": {k: v for k, v in _price(unit).items() if k != "priceInUcents"},
            }
        state.bill_details[bill_id] = details
        state.payments[bill_id] = {
            "paymentDate": _iso(moment + dt.timedelta(hours=2)),
            "paymentIdentifier": None if index % 2 else f"PAY-{index:05d}",
            "paymentType": PAYMENT_TYPES[index % len(PAYMENT_TYPES)],
        }

    for index in range(size):
        name = f"ns{1000 + index}.ip-51-68-{index % 250}.eu"
        datacenter = DATACENTERS[index % len(DATACENTERS)]
        state.servers[name] = {
            "name": name,
            "serverId": 300_000 + index,
            "datacenter": datacenter,
            "region": REGIONS[datacenter],
            "availabilityZone": REGIONS[datacenter] + "-a",
            "commercialRange": ("advance", "rise", "scale")[index % 3],
            "ip": f"51.68.{index // 250}.{index % 250 + 1}",
            "linkSpeed": 1000,
            "newUpgradeSystem": True,
            "os": ("debian12_64", "ubuntu2204-server_64", "none_64")[index % 3],
            "powerState": "poweron",
            "professionalUse": index % 4 == 0,
            "rack": f"S{100 + index}A{index % 10}",
            "reverse": f"{name}.",
            "supportLevel": "pro",
            "bootId": 1,
            "bootScript": None,
            "monitoring": True,
            "noIntervention": False,
            "rescueMail": None,
            "rescueSshKey": None,
            "rootDevice": None,
            "state": "ok",
            "iam": {
                "id": f"00000000-0000-4000-8000-{300_000 + index:012d}",
                "urn": f"urn:v1:eu:resource:dedicatedServer:{name}",
                "displayName": name,
                "tags": None,
            },
        }
        state.bursts[name] = {"capacity": {"unit": "Mbps", "value": 1000}, "status": "inactive"}
        state.ipmi[name] = {
            "activated": True,
            "supportedFeatures": {
                "kvmipHtml5URL": True,
                "kvmipJnlp": True,
                "serialOverLanSshKey": True,
                "serialOverLanURL": index % 2 == 0,
            },
        }
        state.server_tasks[name] = {}

    for domain in EMAIL_DOMAINS:
        redirections: dict[str, Json] = {}
        for index in range(size):
            redirection_id = str(state.next_id() * 1_000 + index)
            redirections[redirection_id] = {
                "id": redirection_id,
                "from": f"user{index}@{domain}",
                "to": f"team{index % 2}@example.net",
            }
        state.email_domains[domain] = redirections

    for zone in DNS_ZONES:
        state.zones[zone] = {
            "name": zone,
            "nameServers": ["dns10.ovh.net", "ns10.ovh.net"],
            "dnssecSupported": True,
            "hasDnsAnycast": False,
            "lastUpdate": _iso(BASE_DATE),
        }
        records: dict[int, Json] = {}
        seeded = [("A", "", "51.68.0.1"), ("A", "www", "51.68.0.1"), ("MX", "", "1 mx1.mail.ovh.net.")]
        seeded += [("TXT", f"txt{index}", f'"seed {index}"') for index in range(size)]
        for field_type, sub_domain, target in seeded:
            record_id = state.next_id()
            records[record_id] = {
                "id": record_id,
                "zone": zone,
                "fieldType": field_type,
                "subDomain": sub_domain,
                "target": target,
                "ttl": 0,
            }
        state.zone_records[zone] = records

    if size:
        for service_type, kind in SERVICE_TYPES.items():
            if kind.seeded:
                state.services[service_type] = list(kind.seeded)

    credentials = {
        "application_key": main_app.key,
        "application_secret": main_app.secret,
        "consumer_key": main.consumer_key,
        "client_id": client_id,
        "client_secret": state.oauth2_clients[client_id],
    }
    return state, credentials
