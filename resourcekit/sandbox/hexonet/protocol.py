"""The HEXONET wire format as the emulator speaks it, and what every command handler shares.

Parsing of ``s_command`` text, rendering of ``[RESPONSE]`` replies, the documented result codes,
parameter checks, and `CommandBase`: the lookups (with the caller's view), paging and charging
that the command modules build on. Written independently of the client's wire module on purpose.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar, overload

import idna

from resourcekit.sandbox.hexonet.state import (
    MAX_LIMIT,
    Contact,
    Domain,
    HexonetState,
    Store,
)

PATH = "/api/call.cgi"

T = TypeVar("T")

DESCRIPTIONS = {
    200: "Command completed successfully",
    210: "Domain name available",
    211: "Domain name not available",
    212: "Nameserver is available",
    213: "Nameserver is not available",
    218: "Request is available",
    219: "Request is not available",
    420: "Command failed due to server error. Server closing connection",
    421: "Command failed due to server error. Client should try again",
    423: "Command failed due to server error. Client should try again",
    425: "Service temporarily locked; usage exceeded",
    500: "Invalid command name",
    503: "Invalid attribute name",
    504: "Missing required attribute",
    505: "Invalid attribute value syntax",
    506: "Invalid option value",
    507: "Invalid command format",
    530: "Authentication failed",
    531: "Authorization failed",
    532: "Domain names linked with name server",
    534: "Object has not been flagged for transfer",
    536: "Object already flagged for transfer",
    540: "Attribute value is not unique",
    541: "Invalid attribute value",
    543: "Final or implicit attribute cannot be updated",
    544: "Entity on hold",
    545: "Object not found",
    546: "Credit limit exceeded",
    547: "Invalid command sequence",
    548: "Object is not up for renewal",
    549: "Command failed",
    552: "Object status does not allow for operation",
    553: "Operation not allowed. Object pending transfer",
    554: "Object already registered",
    555: "Object already renewed",
}

CLIENT_FLAGS = frozenset(
    {
        "clientTransferProhibited",
        "clientUpdateProhibited",
        "clientDeleteProhibited",
        "clientRenewProhibited",
        "clientHold",
    }
)
RENEWAL_MODES = frozenset({"DEFAULT", "AUTORENEW", "AUTOEXPIRE", "AUTODELETE", "RENEWONCE"})
READ_PREFIXES = ("check", "status", "query", "convert", "get")
SESSION_COMMANDS = frozenset({"startsession", "endsession"})
PENDING_TLDS = frozenset({"jp"})

HOSTNAME_PATTERN = re.compile(r"^(?=.{1,253}\.?$)(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+[a-z0-9-]{2,63}\.?$")
PHONE_PATTERN = re.compile(r"^\+\d{1,3}\.\d{4,14}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
RR_TYPES = frozenset({"A", "AAAA", "CNAME", "MX", "NS", "TXT", "SRV", "CAA", "PTR", "SOA"})


class Fail(Exception):
    """A command result with an error code (``detail`` becomes the ``; detail`` suffix)."""

    def __init__(self, code: int, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


@dataclass
class Reply:
    code: int = 200
    detail: str = ""
    properties: dict[str, list[str]] = field(default_factory=dict[str, list[str]])
    pending: bool = False

    def add(self, name: str, *values: object) -> Reply:
        self.properties.setdefault(name, []).extend("" if value is None else str(value) for value in values)
        return self


class LazyRows(Sequence[dict[str, str]]):
    """The rows of a list reply, each built from its object only when a page asks for it."""

    def __init__(self, items: Sequence[T], build: Callable[[T], dict[str, str]]) -> None:
        self._items: Sequence[Any] = items
        self._build: Callable[[Any], dict[str, str]] = build

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> dict[str, str]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, str]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, str] | list[dict[str, str]]:
        if isinstance(index, slice):
            return [self._build(item) for item in self._items[index]]
        return self._build(self._items[index])


def render(reply: Reply, runtime: float) -> str:
    description = DESCRIPTIONS.get(reply.code, DESCRIPTIONS[549])
    if reply.detail:
        description = f"{description}; {reply.detail}"
    lines = ["[RESPONSE]"]
    for name, values in reply.properties.items():
        lines += [f"PROPERTY[{name}][{index}]={value}" for index, value in enumerate(values)]
    lines += [f"DESCRIPTION={description}", f"CODE={reply.code}"]
    if reply.pending:
        lines.append("PENDING=1")
    lines += ["QUEUETIME=0", f"RUNTIME={runtime:.3f}", "EOF"]
    return "\r\n".join(lines) + "\r\n"


def parse_command(text: str) -> dict[str, str]:
    """``KEY=value`` lines (either line end, spaces around ``=`` allowed) into upper-case keys."""
    command: dict[str, str] = {}
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip() or line.strip() in ("[COMMAND]", "EOF"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise Fail(507, f"line {line.strip()!r}")
        command[key.strip().upper()] = value.strip()
    return command


# -- helpers ------------------------------------------------------------------------------------


def current_time() -> datetime:
    return datetime.now().replace(microsecond=0)


def indexed(command: Mapping[str, str], name: str) -> list[str] | None:
    """``NAME0..N`` (or a lone ``NAME``) in index order, ``None`` when absent; empty values dropped."""
    pattern = re.compile(rf"^{re.escape(name)}(\d+)$")
    found = sorted((int(m.group(1)), value) for key, value in command.items() if (m := pattern.match(key)))
    if found:
        return [value for _, value in found if value != ""]
    if name in command:
        return [command[name]] if command[name] != "" else []
    return None


def require(command: Mapping[str, str], name: str) -> str:
    value = command.get(name, "")
    if value == "":
        raise Fail(504, name)
    return value


def check_hostname(value: str, attribute: str) -> str:
    name = value.strip().lower()
    if not name.isascii() or not HOSTNAME_PATTERN.match(name):
        raise Fail(505, attribute)
    return name.rstrip(".")


def parse_flag(value: str, attribute: str) -> bool:
    if value not in ("0", "1"):
        raise Fail(505, attribute)
    return value == "1"


def parse_int(value: str, attribute: str) -> int:
    if not re.fullmatch(r"-?\d+", value.strip()):
        raise Fail(505, attribute)
    return int(value)


def parse_period(value: str) -> int:
    match = re.fullmatch(r"(\d+)\s*([YyMm]?)", value.strip())
    if not match:
        raise Fail(505, "PERIOD")
    years = int(match.group(1))
    if match.group(2).upper() == "M":
        if years % 12:
            raise Fail(541, "PERIOD")
        years //= 12
    if not 1 <= years <= 10:
        raise Fail(541, "PERIOD")
    return years


def add_years(value: datetime, years: int) -> datetime:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


def to_ace(name: str) -> str:
    labels = idna.uts46_remap(name, std3_rules=False).split(".")
    return ".".join(label if label.isascii() else idna.alabel(label).decode() for label in labels)


def to_unicode(name: str) -> str:
    labels = name.split(".")
    return ".".join(idna.ulabel(label) if label.lower().startswith("xn--") else label for label in labels)


def matches(value: str, pattern: str | None) -> bool:
    return pattern is None or fnmatch.fnmatchcase(value.lower(), pattern.lower())


def normalise_rr(text: str, attribute: str) -> str:
    parts = text.split(None, 4)
    if len(parts) < 5 or not parts[1].isdigit() or parts[2].upper() != "IN" or parts[3].upper() not in RR_TYPES:
        raise Fail(505, f"{attribute} [{text}]")
    name = parts[0].lower()
    return f"{name} {int(parts[1])} IN {parts[3].upper()} {parts[4].strip()}"


@dataclass
class Caller:
    login: str
    role: str | None
    view: str
    entity: str
    session: str | None


class CommandBase:
    """State and helpers shared by the command handlers (``cmd_<Command>`` methods)."""

    state: HexonetState

    def _domain(self, caller: Caller, store: Store, name: str) -> Domain:
        domain = store.domains.get(name)
        if domain is None or not self.state.owns(caller.view, domain.user):
            raise Fail(545, "DOMAIN NAME NOT FOUND")
        return domain

    def _contact(self, caller: Caller, store: Store, contact_id: str) -> Contact:
        contact = store.contacts.get(contact_id)
        if contact is None or not self.state.owns(caller.view, contact.user):
            raise Fail(545, f"CONTACT {contact_id} NOT FOUND")
        return contact

    def _contacts(self, caller: Caller, store: Store, ids: Iterable[str]) -> list[str]:
        return [self._contact(caller, store, contact_id).id for contact_id in ids]

    def _charge(self, caller: Caller, amount: Decimal) -> None:
        account = self.state.accounts[caller.view]
        if account.amount + account.credit - account.deposit < amount:
            raise Fail(546)
        account.amount -= amount

    def _page(self, command: Mapping[str, str], rows: Sequence[dict[str, str]], columns: list[str]) -> Reply:
        first = parse_int(command.get("FIRST") or "0", "FIRST")
        if "LAST" in command and command["LAST"] != "":
            limit = parse_int(command["LAST"], "LAST") - first + 1
        else:
            limit = parse_int(command.get("LIMIT") or str(self.state.default_limit), "LIMIT")
        if first < 0 or limit < 0:
            raise Fail(541, "FIRST" if first < 0 else "LIMIT")
        limit = min(limit, MAX_LIMIT)
        page = rows[first : first + limit]
        reply = Reply()
        for column in columns:
            reply.properties[column] = [row.get(column, "") for row in page]
        reply.add("FIRST", first).add("LAST", first + len(page) - 1).add("COUNT", len(page))
        if command.get("NOTOTAL") != "1":
            reply.add("TOTAL", len(rows))
        return reply.add("LIMIT", limit)
