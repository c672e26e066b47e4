"""The HEXONET emulator's in-memory world: accounts, sessions, and per-entity registrar data.

Two system entities exist, ``54cd`` (live) and ``1234`` (OT&E); each holds its own domains,
contacts, name servers and zones, seeded identically and deterministically.

Accounts of the seed:

- ``test.user`` / ``test.passw0rd``: the OT&E demo account; roles ``readonly`` (password
  ``readonly.passw0rd``, may only run ``Check*``/``Status*``/``Query*``/``Convert*``) and ``admin``
  (``admin.passw0rd``, may do everything); subuser ``hexotestman.com``.
- ``hexotestman.com`` / ``sub.passw0rd``: a subuser of ``test.user`` with domains of its own.
- ``otp.user`` / ``otp.passw0rd``: needs a one-time password from `HexonetState.otp_codes`.
- ``filtered.user`` / ``filtered.passw0rd``: only accepts calls for end-user IP ``10.10.10.10``
  (``s_remoteaddr``).
"""

from __future__ import annotations

import random
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from resourcekit.sandbox.base import SandboxSettings, SideEffects

LOGIN = "test.user"
PASSWORD = "test.passw0rd"
SUBUSER = "hexotestman.com"
SUBUSER_PASSWORD = "sub.passw0rd"
OTP_LOGIN = "otp.user"
OTP_PASSWORD = "otp.passw0rd"
FILTERED_LOGIN = "filtered.user"
FILTERED_PASSWORD = "filtered.passw0rd"
FILTERED_ADDRESS = "10.10.10.10"
ENTITIES = ("54cd", "1234")
DEFAULT_LIMIT = 100
MAX_LIMIT = 10000
PRICE_PER_YEAR = Decimal("12.00")
PREMIUM_PRICE = Decimal("1200.00")
BASE_DATE = datetime(2026, 1, 15, 10, 30, 0)

# Names registered at other registrars: they can be transferred in, not registered.
FOREIGN_DOMAINS = {
    "example.com": "ex-auth-123",
    "example.net": "transfer-me",
    "example.org": "org-auth-1",
    "hexonet.net": "hx-auth-9",
}

_WORDS = (
    "alpine", "breeze", "cobalt", "delta", "ember", "fjord", "granite", "harbor", "indigo", "juniper",
    "kestrel", "lumen", "meadow", "nimbus", "orchid", "prairie", "quartz", "raven", "summit", "tundra",
)  # fmt: skip
_TLDS = ("com", "net", "org", "de", "info")
_FIRST_NAMES = ("Anna", "Bernd", "Clara", "Dieter", "Elif", "Farid", "Greta", "Hanno", "Ines", "Jonas")
_LAST_NAMES = ("Keller", "Lang", "Meyer", "Neumann", "Ott", "Peters", "Quast", "Roth", "Schulz", "Traub")
_CITIES = (("Homburg", "66424", "DE"), ("Berlin", "10115", "DE"), ("Wien", "1010", "AT"), ("Zurich", "8001", "CH"))


def format_date(value: datetime | None) -> str:
    return "0000-00-00 00:00:00" if value is None else value.strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class Account:
    login: str
    password: str
    parent: str | None = None
    roles: dict[str, str] = field(default_factory=dict[str, str])
    readonly_roles: set[str] = field(default_factory=set[str])
    otp_required: bool = False
    allowed_addresses: set[str] | None = None
    amount: Decimal = Decimal("1000.00")
    credit: Decimal = Decimal("500.00")
    deposit: Decimal = Decimal("0.00")
    currency: str = "USD"
    vat: Decimal = Decimal("19")


@dataclass(frozen=True)
class Received:
    """One call as the emulator received it (tests read these to see what a client sent).

    Attributes:
        fields: The form fields, passwords, OTPs and sessions included.
        command: The command parameters, upper-case keys.
        headers: The HTTP headers, lower-case names.
    """

    fields: dict[str, str]
    command: dict[str, str]
    headers: dict[str, str]


@dataclass
class Session:
    id: str
    login: str
    role: str | None
    entity: str
    timeout: int
    max_ttl: int
    started: float
    last_used: float

    def expired(self, now: float) -> bool:
        return now - self.last_used > self.timeout or now - self.started > self.max_ttl


@dataclass
class Contact:
    id: str
    user: str
    first_name: str
    last_name: str
    organization: str
    street: list[str]
    city: str
    zip: str
    state: str
    country: str
    phone: str
    fax: str
    email: str
    auth: str
    created: datetime
    updated: datetime | None = None

    def same_person(self, other: Contact) -> bool:
        keys = ("first_name", "last_name", "organization", "street", "city", "zip", "country", "phone", "email")
        return all(getattr(self, key) == getattr(other, key) for key in keys)


@dataclass
class Domain:
    name: str
    user: str
    owner: str
    admin: list[str]
    tech: list[str]
    billing: list[str]
    nameservers: list[str]
    auth: str
    created: datetime
    expiration: datetime
    status: list[str] = field(default_factory=lambda: ["ACTIVE"])
    updated: datetime | None = None
    transfer_lock: bool = False
    renewal_mode: str = "DEFAULT"
    umlaut: str = ""
    roid: str = ""


@dataclass
class Nameserver:
    host: str
    user: str
    domain: str
    addresses: list[str]
    created: datetime
    updated: datetime | None = None


@dataclass
class Zone:
    name: str
    user: str
    records: list[str]
    serial: int
    created: datetime
    refresh: int = 28800
    retry: int = 7200
    expire: int = 1209600
    minttl: int = 3600
    updated: datetime | None = None


@dataclass
class Store:
    """One system entity's registrar data."""

    contacts: dict[str, Contact] = field(default_factory=dict[str, Contact])
    domains: dict[str, Domain] = field(default_factory=dict[str, Domain])
    nameservers: dict[str, Nameserver] = field(default_factory=dict[str, Nameserver])
    zones: dict[str, Zone] = field(default_factory=dict[str, Zone])
    transfers: dict[str, str] = field(default_factory=dict[str, str])  # domain -> requesting user
    next_contact: int = 1


@dataclass
class HexonetState:
    """Everything the emulator knows; tests may look inside and change it.

    Attributes:
        accounts: By login.
        sessions: By session id.
        stores: Registrar data by entity.
        otp_codes: One-time passwords ``otp.user`` may log in with (each works once).
        default_limit: The page size applied when a list command sends no ``LIMIT``.
        side_effects: Counts of writes performed, by command name.
        clock: Seconds (monotonic) used for session expiry; tests replace it to age sessions.
    """

    accounts: dict[str, Account]
    stores: dict[str, Store]
    side_effects: SideEffects
    sessions: dict[str, Session] = field(default_factory=dict[str, Session])
    otp_codes: set[str] = field(default_factory=lambda: {"123456", "234567", "345678"})
    default_limit: int = DEFAULT_LIMIT
    requests: deque[Received] = field(default_factory=lambda: deque[Received](maxlen=1000))
    injected: deque[tuple[int, str | None]] = field(default_factory=lambda: deque[tuple[int, str | None]]())
    clock_offset: float = 0.0
    session_prefix: str = ""

    def inject(self, code: int, count: int = 1, *, command: str | None = None) -> None:
        """Answer the next ``count`` calls (of ``command``, if given) with ``code`` without running them."""
        self.injected.extend([(code, command)] * count)

    def take_injected(self, command: str) -> int | None:
        for entry in self.injected:
            code, only = entry
            if only is None or only.lower() == command.lower():
                self.injected.remove(entry)
                return code
        return None

    @property
    def last(self) -> Received:
        """The most recent call."""
        return self.requests[-1]

    def reset(self, settings: SandboxSettings) -> None:
        """Seed everything again, in place (tests share one server and start each from the seed)."""
        fresh = seed_state(settings, self.side_effects)
        self.accounts = fresh.accounts
        self.stores = fresh.stores
        self.sessions.clear()
        self.otp_codes = fresh.otp_codes
        self.session_prefix = fresh.session_prefix
        self.default_limit = fresh.default_limit
        self.requests.clear()
        self.injected.clear()
        self.clock_offset = 0.0

    def now(self) -> float:
        return time.monotonic() + self.clock_offset

    def new_session(self, login: str, role: str | None, entity: str, timeout: int, max_ttl: int) -> Session:
        now = self.now()
        session = Session(self.session_prefix + secrets.token_hex(16), login, role, entity, timeout, max_ttl, now, now)
        self.sessions[session.id] = session
        return session

    def expire_sessions(self) -> None:
        """Make every open session time out (as if the idle timeout had passed)."""
        self.sessions.clear()

    def visible_users(self, user: str, depth: str = "SELF") -> set[str]:
        """The users whose objects a view shows: itself, its subusers, or both."""
        subusers = {login for login, account in self.accounts.items() if account.parent == user}
        depth = depth.upper()
        if depth == "SUBUSER":
            return subusers
        if depth == "ALL":
            return {user} | subusers
        return {user}

    def owns(self, user: str, owner: str) -> bool:
        """Whether a user may act on an object of ``owner`` (its own or a subuser's)."""
        return owner == user or self.accounts.get(owner, Account("", "")).parent == user


def _token(rng: random.Random, length: int) -> str:
    return "".join(rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", k=length))


def _seed_store(store: Store, settings: SandboxSettings) -> None:
    rng = random.Random(settings.seed)
    size = max(settings.seed_size, 0)

    def add_contact(user: str, index: int) -> Contact:
        first = _FIRST_NAMES[index % len(_FIRST_NAMES)]
        last = _LAST_NAMES[(index * 3) % len(_LAST_NAMES)]
        city, zip_code, country = _CITIES[index % len(_CITIES)]
        contact = Contact(
            id=f"P-{first[0]}{last[0]}{store.next_contact:05d}",
            user=user,
            first_name=first,
            last_name=last,
            organization="" if index % 2 else f"{last} GmbH",
            street=[f"{rng.randint(1, 99)} {_WORDS[index % len(_WORDS)].title()} Street"],
            city=city,
            zip=zip_code,
            state="",
            country=country,
            phone=f"+49.{6841000000 + index}",
            fax="",
            email=f"{first.lower()}.{last.lower()}@example.org",
            auth=_token(rng, 12),
            created=BASE_DATE - timedelta(days=400 - index),
            updated=None if index == 0 else BASE_DATE - timedelta(days=index),
        )
        store.next_contact += 1
        store.contacts[contact.id] = contact
        return contact

    contacts = [add_contact(LOGIN, index) for index in range(max(size, 1))]
    sub_contact = add_contact(SUBUSER, size + 1)

    def add_domain(name: str, user: str, owner: Contact, index: int, umlaut: str = "") -> Domain:
        created = BASE_DATE - timedelta(days=300 + (17 * index) % 1500)
        domain = Domain(
            name=name,
            user=user,
            owner=owner.id,
            admin=[owner.id],
            tech=[contacts[(index + 1) % len(contacts)].id] if user == LOGIN else [owner.id],
            billing=[owner.id],
            nameservers=[f"ns1.{name}", f"ns2.{name}"] if index % 3 == 0 else ["ns1.ispapi.net", "ns2.ispapi.net"],
            auth=_token(rng, 12),
            created=created,
            expiration=created + timedelta(days=365 * (2 + index % 3)),
            updated=None if index % 4 == 0 else BASE_DATE - timedelta(days=index),
            transfer_lock=index % 2 == 0,
            renewal_mode="AUTORENEW" if index % 2 else "DEFAULT",
            umlaut=umlaut or name,
            roid=f"{1000000 + index}_DOMAIN_{name.rsplit('.', 1)[-1].upper()}-VRSN",
        )
        if index % 5 == 1:
            domain.status.append("clientTransferProhibited")
        store.domains[name] = domain
        return domain

    names: list[str] = []
    for index in range(size):
        word = _WORDS[(index + rng.randint(0, 3)) % len(_WORDS)]
        name = f"{word}-{index:03d}.{_TLDS[index % len(_TLDS)]}"
        names.append(name)
        add_domain(name, LOGIN, contacts[index % len(contacts)], index)
    if size:
        add_domain("xn--mnchen-3ya.de", LOGIN, contacts[0], size, umlaut="münchen.de")
    for index in range(min(size, 2)):
        add_domain(f"sub-{_WORDS[index]}.net", SUBUSER, sub_contact, index + 1)

    for domain in list(store.domains.values()):
        if domain.nameservers[0].endswith(f".{domain.name}"):
            for position, host in enumerate(domain.nameservers):
                store.nameservers[host] = Nameserver(
                    host=host,
                    user=domain.user,
                    domain=domain.name,
                    addresses=[f"192.0.2.{(len(store.nameservers) * 2 + position) % 250 + 1}"],
                    created=domain.created,
                )

    for index, name in enumerate(names):
        zone = f"{name}."
        records = [
            f"{zone} 3600 IN NS ns1.ispapi.net.",
            f"{zone} 3600 IN A 192.0.2.{index + 10}",
            f"www.{zone} 3600 IN CNAME {zone}",
            f"{zone} 3600 IN MX 10 mail.{zone}",
        ]
        store.zones[zone] = Zone(
            name=zone,
            user=LOGIN,
            records=records,
            serial=int(BASE_DATE.strftime("%Y%m%d")) * 100 + 1,
            created=BASE_DATE - timedelta(days=200 + index),
        )


def seed_state(settings: SandboxSettings, side_effects: SideEffects) -> HexonetState:
    """A fresh, deterministic world."""
    accounts = {
        LOGIN: Account(
            LOGIN,
            settings.credential("password", PASSWORD),
            roles={"readonly": "readonly.passw0rd", "admin": "admin.passw0rd"},
            readonly_roles={"readonly"},
        ),
        SUBUSER: Account(SUBUSER, SUBUSER_PASSWORD, parent=LOGIN, amount=Decimal("50.00"), credit=Decimal("0.00")),
        OTP_LOGIN: Account(
            OTP_LOGIN, settings.credential("otp_password", OTP_PASSWORD), otp_required=True, currency="EUR"
        ),
        FILTERED_LOGIN: Account(FILTERED_LOGIN, FILTERED_PASSWORD, allowed_addresses={FILTERED_ADDRESS}),
    }
    stores = {entity: Store() for entity in ENTITIES}
    for store in stores.values():
        _seed_store(store, settings)
    state = HexonetState(
        accounts=accounts, stores=stores, side_effects=side_effects, session_prefix=settings.token_prefix
    )
    if settings.credentials and "otp" in settings.credentials:
        state.otp_codes.add(settings.credentials["otp"])
    return state
