"""The HEXONET (ISPAPI) wire protocol, without I/O.

A request is a form POST to ``/api/call.cgi`` whose fields carry the credentials (``s_entity``,
``s_login``, ``s_otp``, ``s_pw``, ``s_remoteaddr``, ``s_session``, ``s_user``) and the command
(``s_command``: ``KEY=value`` lines). A reply is ``KEY=value`` lines between ``[RESPONSE]`` and
``EOF``: ``CODE``, ``DESCRIPTION``, ``RUNTIME``, ``QUEUETIME``, optional ``PENDING`` and
``PROPERTY[NAME][index]`` values.

Everything here is a pure function of its arguments: flattening and checking a command, converting
internationalised names to ACE locally, encoding the form, parsing and serialising a reply, paging
arithmetic, and mapping result codes onto the error tree; `HexonetHooks` hands these to the
transport (the same for the async and the sync client).
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, get_args
from urllib.parse import quote, urlsplit, urlunsplit

import httpx
import idna

from resourcekit.core.errors import APIError, InvalidInputError, NotFoundError, ResponseValidationError
from resourcekit.core.hooks import ProviderHooks
from resourcekit.core.redact import MASK, Redactor
from resourcekit.core.request import RequestSpec
from resourcekit.core.validate import all_of, domain_name, one_of, single_line
from resourcekit.hexonet.errors import (
    HEXONET_SECRETS,
    HexonetAuthenticationError,
    HexonetBadRequestError,
    HexonetConflictError,
    HexonetCreditLimitError,
    HexonetError,
    HexonetNotFoundError,
    HexonetPermissionDeniedError,
    HexonetRateLimitError,
    HexonetServerError,
)

LIVE_URL: Final = "https://api.ispapi.net/api/call.cgi"
OTE_URL: Final = "https://api-ote.ispapi.net/api/call.cgi"
HIGH_PERFORMANCE_URL: Final = "http://127.0.0.1/api/call.cgi"
LIVE_ENTITY: Final = "54cd"
OTE_ENTITY: Final = "1234"
API_PATH: Final = "/api/call.cgi"

System = Literal["live", "ote"]
Scalar = str | int | float | bool | None
CommandValue = Scalar | Sequence[Scalar]
Command = Mapping[str, CommandValue]
"""A command as callers write it: ``{"COMMAND": "CheckDomains", "DOMAIN": ["a.com", "b.net"]}``."""

# The order in which the credential fields precede ``s_command`` in the form.
CREDENTIAL_FIELDS: Final = ("s_entity", "s_login", "s_otp", "s_pw", "s_remoteaddr", "s_session", "s_user")

# TLDs whose registries use non-transitional IDNA processing (``faß.de`` keeps its ``ß``).
NON_TRANSITIONAL_TLDS: Final = frozenset({"art", "be", "ca", "de", "fr", "pm", "re", "swiss", "tf", "wf", "yt"})

_IDN_KEY = re.compile(r"^(?:ADD|DEL|NEW)?(?:DOMAIN|NAMESERVER|DNSZONE)[0-9]*$")
_IDN_OBJECT_CLASSES: Final = frozenset({"DOMAIN", "NAMESERVER", "DNSZONE"})
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_LINE = re.compile(r"^([^=]*[^\t= ])[\t ]*=[\t ]*(.*)$")
_PROPERTY = re.compile(r"^property\[([^\]]*)\](?:\[([^\]]*)\])?$", re.IGNORECASE)
# A property line in its usual form, read as `_LINE` and `_PROPERTY` would: an upper-case name, an
# index of at most 9 significant digits, a value without surrounding white space.
_CANONICAL_PROPERTY = re.compile(r"^PROPERTY\[([A-Z0-9_]+)\]\[0*([0-9]{1,9})\]=((?:\S(?:[^\n]*\S)?)?)$", re.MULTILINE)
_IDEMPOTENT_PREFIXES: Final = ("check", "status", "query", "convert")

HEXONET_REDACTOR: Final = HEXONET_SECRETS.with_names(line_fields=("s_command",))
"""Masks ``s_pw``, ``s_otp``, ``s_session`` and, inside ``s_command``, every line `HEXONET_SECRETS` names."""


def endpoint_url(url: str) -> str:
    """The command endpoint for ``url``: a server root (no path, or ``/``) gets `API_PATH` appended.

    ``resourcekit sandbox serve`` prints the server root; the API answers only at ``/api/call.cgi``.
    Any other URL (a proxy path, a query) is used as it is.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url  # the transport says what is wrong with it
    if parts.path not in ("", "/") or parts.query or parts.fragment or not parts.netloc:
        return url
    return urlunsplit(parts._replace(path=API_PATH))


# -- commands -----------------------------------------------------------------------------------


def command_name(command: Mapping[str, str]) -> str:
    """The ``COMMAND`` of a flattened command (``""`` when absent)."""
    return command.get("COMMAND", "")


def is_idempotent_command(name: str) -> bool:
    """Whether sending the command twice is harmless: ``Check*``, ``Status*``, ``Query*``, ``Convert*``."""
    return name.lower().startswith(_IDEMPOTENT_PREFIXES)


def _scalar_text(key: str, value: Scalar) -> str:
    if isinstance(value, bool):
        text = "1" if value else "0"
    elif isinstance(value, float) and not math.isfinite(value):
        # str() would send "nan" or "inf", which the API reads as text, not as a number.
        raise InvalidInputError(f"{key}: {value!r} is not a number the API can take; send a finite number")
    elif isinstance(value, int | float | str):
        text = str(value)
    else:
        raise InvalidInputError(f"{key}: {type(value).__name__} values cannot be sent; use a string or a number")
    return single_line(text, key)


def flatten_command(command: Command) -> dict[str, str]:
    """The command as the flat ``KEY -> text`` mapping the API reads.

    Keys are upper-cased; a list or tuple ``K: [a, b]`` becomes ``K0=a``, ``K1=b``; booleans become
    ``1``/``0``; ``None`` values are dropped. The caller's mapping is not changed.

    Raises:
        InvalidInputError: A value is a mapping or a nested list, holds a control character or a
            line break (CR, LF, NUL, VT, FF, NEL, U+2028, U+2029...) or is a NaN or infinite float, a
            key is not a plain parameter name, two keys name the same parameter, or ``COMMAND`` is
            missing.
    """
    flat: dict[str, str] = {}

    def put(key: str, text: str) -> None:
        if key in flat:
            raise InvalidInputError(f"the parameter {key} is given twice")
        flat[key] = text

    for raw_key, value in command.items():
        if not isinstance(raw_key, str) or not _KEY.fullmatch(raw_key):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"{raw_key!r} is not a valid parameter name")
        key = raw_key.upper()
        if value is None:
            continue
        if isinstance(value, Mapping):
            raise InvalidInputError(f"{key}: mappings cannot be sent; flatten them into parameters")
        if isinstance(value, list | tuple):
            items: Sequence[Any] = value  # pyright: ignore[reportUnknownVariableType]
            for index, item in enumerate(items):
                if isinstance(item, Mapping | list | tuple):
                    raise InvalidInputError(f"{key}{index}: nested lists and mappings cannot be sent")
                if item is not None:
                    put(f"{key}{index}", _scalar_text(f"{key}{index}", item))
            continue
        put(key, _scalar_text(key, value))  # pyright: ignore[reportArgumentType]
    if not flat.get("COMMAND"):
        raise InvalidInputError("the command has no COMMAND")
    return flat


def parse_command_text(text: str) -> dict[str, str]:
    """A command written as ``KEY=value`` (or ``KEY = value``) lines, as a mapping."""
    command: dict[str, str] = {}
    for line in text.replace("\r\n", "\n").split("\n"):
        match = _LINE.match(line.strip())
        if match:
            command[match.group(1).strip()] = match.group(2).rstrip()
        elif line.strip() and line.strip() not in ("[COMMAND]", "EOF"):
            raise InvalidInputError(f"{line.strip()!r} is not a KEY=value line")
    return command


def to_ace(name: str, *, key: str = "name") -> str:
    """An internationalised domain or host name in ACE (punycode) form, converted locally.

    UTS46 mapping, transitional processing except for the TLDs in `NON_TRANSITIONAL_TLDS`; ASCII
    names keep their case. Empty values (which clear a parameter) and ``*`` patterns (list filters)
    are returned unchanged. Every other name is checked: labels of 1 to 63 characters, at most 253
    in all, IDNA 2008 (see `resourcekit.core.validate.domain_name`).

    Raises:
        InvalidInputError: The name is not a valid (internationalised) domain name.
    """
    if not name or "*" in name:
        return name
    if name.isascii():
        return domain_name(name, key)
    try:
        mapped = idna.uts46_remap(name, std3_rules=False)
    except (idna.IDNAError, UnicodeError) as error:
        raise InvalidInputError(f"{key}: {name!r} is not a valid domain name ({error})") from None
    labels = mapped.rstrip(".").split(".")
    transitional = labels[-1].lower() not in NON_TRANSITIONAL_TLDS
    return domain_name(name, key, transitional=transitional)


TransferAction = Literal["REQUEST", "APPROVE", "DENY", "CANCEL", "USERTRANSFER"]
"""An ``ACTION`` of ``TransferDomain``: request a transfer, answer or withdraw one, or move one between users."""

TRANSFER_ACTIONS: Final[tuple[TransferAction, ...]] = get_args(TransferAction)
"""The ``ACTION`` values ``TransferDomain`` takes."""

CLIENT_STATUS_FLAGS: Final = (
    "clientDeleteProhibited",
    "clientHold",
    "clientRenewProhibited",
    "clientTransferProhibited",
    "clientUpdateProhibited",
)
"""The domain status flags a registrar's client may set and clear (the EPP ``client*`` statuses)."""

MAX_PERIOD_YEARS: Final = 10
"""Registries register and renew for 1 to 10 years."""


def check_period(period: int, what: str = "period") -> int:
    """A registration or renewal period in whole years, 1 to 10.

    Raises:
        InvalidInputError: Not a whole number, or outside 1 to 10.
    """
    if isinstance(period, bool) or not isinstance(period, int):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"{what} is a whole number of years, not {type(period).__name__}")
    if not 1 <= period <= MAX_PERIOD_YEARS:
        raise InvalidInputError(f"{what} must be 1 to {MAX_PERIOD_YEARS} years, not {period}")
    return period


def check_flag(value: bool | None, what: str) -> bool | None:
    """A yes/no parameter (sent as ``1``/``0``): ``True``, ``False`` or ``None`` (not sent).

    Raises:
        InvalidInputError: Anything else (a string such as ``"no"`` would be sent as it reads).
    """
    if value is not None and not isinstance(value, bool):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"{what} must be True or False, not {type(value).__name__}")
    return value


def check_transfer_action(action: str) -> str:
    """A ``TransferDomain`` action, upper-cased.

    Raises:
        InvalidInputError: Not one of `TRANSFER_ACTIONS`.
    """
    text = action.upper() if isinstance(action, str) else action  # pyright: ignore[reportUnnecessaryIsInstance]
    return one_of(text, TRANSFER_ACTIONS, "action")


def check_status_flags(flags: Iterable[str], what: str = "status") -> list[str]:
    """Domain status flags a client may add or remove.

    Raises:
        InvalidInputError: A flag outside `CLIENT_STATUS_FLAGS` (server statuses cannot be changed).
    """
    return all_of(flags, CLIENT_STATUS_FLAGS, what)


def convert_idn(command: Mapping[str, str]) -> dict[str, str]:
    """The flattened command with internationalised names converted to ACE.

    Converts ``DOMAIN*``, ``NAMESERVER*``, ``DNSZONE*`` (with their ``ADD``/``DEL``/``NEW`` forms) and
    ``OBJECTID`` when ``OBJECTCLASS`` is a domain, name server or zone. ``ConvertIDN`` is sent as it is.
    """
    if command_name(command).lower() == "convertidn":
        return dict(command)
    converted = dict(command)
    object_class = command.get("OBJECTCLASS", "").upper()
    for key, value in command.items():
        if _IDN_KEY.match(key) or (key == "OBJECTID" and object_class in _IDN_OBJECT_CLASSES):
            converted[key] = to_ace(value, key=key)
    return converted


def prepare_command(command: Command | str) -> dict[str, str]:
    """Flatten, check and IDN-convert a command (a mapping, or ``KEY=value`` text)."""
    source: Command = parse_command_text(command) if isinstance(command, str) else command
    return convert_idn(flatten_command(source))


def command_text(command: Mapping[str, str]) -> str:
    """The ``s_command`` text: ``KEY=value`` lines, keys sorted, joined by ``\\n``."""
    return "\n".join(f"{key}={command[key]}" for key in sorted(command))


def command_plain(command: Mapping[str, str], redactor: Redactor = HEXONET_REDACTOR) -> str:
    """The command as readable ``KEY = value`` lines with secrets masked (for logs and errors)."""
    return "".join(f"{key} = {redactor.value(key, value)}\n" for key, value in sorted(command.items()))


def check_credential(value: str | None, what: str) -> str | None:
    """A login, password, one-time password, role, entity or user view, as it may be sent.

    ``None`` (not sent) passes. The message names the argument, never the value (it may be a
    password).

    Raises:
        InvalidInputError: Not a string, empty, or holding a control character or line break.
    """
    if value is None:
        return None
    if not isinstance(value, str) or not value:  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"{what} must be a non-empty string")
    return single_line(value, what)


def check_user_view(value: str | None) -> str | None:
    """A subuser to act for (``s_user``): a login, without white space.

    Raises:
        InvalidInputError: Not a plain login (the value is not shown).
    """
    checked = check_credential(value, "user_view")
    if checked is not None and any(character.isspace() for character in checked):
        raise InvalidInputError("user_view must be a login, without white space")
    return checked


def check_remote_address(value: str | None) -> str | None:
    """The end user's IP address (``s_remoteaddr``), IPv4 or IPv6, in its usual text form.

    Raises:
        InvalidInputError: Not an IP address (the value is not shown).
    """
    if value is None:
        return None
    if not isinstance(value, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError("remote_address must be an IP address string")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise InvalidInputError("remote_address must be an IPv4 or IPv6 address") from None


@dataclass(frozen=True)
class Credentials:
    """What identifies the caller in the form fields (all optional, empty ones are left out)."""

    entity: str | None = LIVE_ENTITY
    """The system entity (``54cd`` live, ``1234`` OT&E)."""
    login: str | None = None
    """The account id, or ``uid!role`` for a role user."""
    otp: str | None = None
    """A one-time password."""
    password: str | None = field(default=None, repr=False)
    """The password."""
    remote_address: str | None = None
    """The end user's IP address, for accounts with an IP filter."""
    session: str | None = field(default=None, repr=False)
    """A session id from ``StartSession`` (replaces login, password and OTP)."""
    user: str | None = None
    """A subuser whose view to act in."""

    def __repr__(self) -> str:
        shown = {
            "entity": self.entity,
            "login": self.login,
            "otp": MASK if self.otp else None,
            "password": MASK if self.password else None,
            "remote_address": self.remote_address,
            "session": MASK if self.session else None,
            "user": self.user,
        }
        return "Credentials(" + ", ".join(f"{k}={v!r}" for k, v in shown.items() if v) + ")"


def role_login(login: str, role: str | None) -> str:
    """``uid!role`` for a role user, the plain login otherwise."""
    return f"{login}!{role}" if role else login


def form_fields(command: Mapping[str, str] | str, credentials: Credentials) -> list[tuple[str, str]]:
    """The form fields of a request, in the order the API documents, empty ones left out.

    With a session, login, password and OTP are not sent.
    """
    values = {
        "s_entity": credentials.entity,
        "s_login": None if credentials.session else credentials.login,
        "s_otp": None if credentials.session else credentials.otp,
        "s_pw": None if credentials.session else credentials.password,
        "s_remoteaddr": credentials.remote_address,
        "s_session": credentials.session,
        "s_user": credentials.user,
    }
    fields = [(name, value) for name, value in ((n, values[n]) for n in CREDENTIAL_FIELDS) if value]
    text = command if isinstance(command, str) else command_text(command)
    fields.append(("s_command", text))
    return fields


def encode_form(fields: Iterable[tuple[str, str]]) -> bytes:
    """The form body, each name and value %-encoded as UTF-8 (``/`` kept, space as ``%20``)."""
    return "&".join(f"{quote(name, safe='/')}={quote(value, safe='/')}" for name, value in fields).encode("ascii")


def post_data(
    command: Command | str, credentials: Credentials | None = None, *, secured: bool = False, convert: bool = True
) -> str:
    """The encoded form as text; with ``secured`` the secrets are masked (for display only).

    A string command is sent as it is; a mapping is flattened (and IDN-converted with ``convert``).
    """
    credentials = credentials or Credentials()
    prepared: Mapping[str, str] | str
    if isinstance(command, str):
        prepared = command
    else:
        flat = flatten_command(command)
        prepared = convert_idn(flat) if convert else flat
    fields = form_fields(prepared, credentials)
    if not secured:
        return encode_form(fields).decode("ascii")
    # As the official connector shows it: masked credentials as a bare ``***``.
    return "&".join(
        f"{name}={MASK}"
        if HEXONET_REDACTOR.is_secret(name)
        else encode_form([(name, HEXONET_REDACTOR.lines(value))]).decode()
        for name, value in fields
    )


# -- replies ------------------------------------------------------------------------------------

INVALID_DESCRIPTION: Final = "Invalid API response. Contact Support"
_MIN_SLOT_BUDGET: Final = 4096
_SLOTS_PER_VALUE: Final = 16
_MAX_INDEX_DIGITS: Final = 9
"""Property slots (skipped indexes included) a reply may fill: 4096 plus 16 per value it holds."""
EMPTY_DESCRIPTION: Final = "Empty API response. Probably unreachable API end point"
_MAX_CODE_DIGITS: Final = 9
"""Result codes have three digits; a longer ``CODE`` is garbage (and ``int()`` refuses very long ones)."""


@dataclass(frozen=True)
class Pagination:
    """Where a list reply sits in the whole listing."""

    first: int | None
    """Index of the first record of this page (``None`` for an empty non-list reply)."""
    last: int | None
    """Index of the last record of this page."""
    count: int
    """Records in this page."""
    total: int
    """Records in the whole listing."""
    limit: int
    """The page size the server applied."""
    current_page: int | None
    """1-based page number (``None`` when it cannot be told)."""
    pages: int
    """Number of pages."""
    next_page: int | None
    """The next page's number (``None`` on the last page)."""
    previous_page: int | None
    """The previous page's number (``None`` on the first page)."""

    @property
    def has_next_page(self) -> bool:
        return self.next_page is not None

    @property
    def next_first(self) -> int | None:
        """The ``FIRST`` of the next page, or ``None`` when this is the last one."""
        if self.first is None or self.limit <= 0 or self.count == 0:
            return None
        following = self.first + self.limit
        return following if following < self.total else None


@dataclass(frozen=True, repr=False)
class Response:
    """A parsed HEXONET reply. Values are strings, as sent."""

    code: int
    """The result code (``200``, ``210``, ``545``...)."""
    description: str
    """The description, with any ``; detail`` suffix."""
    runtime: float = 0.0
    """Server run time in seconds."""
    queuetime: float = 0.0
    """Server queue time in seconds."""
    pending: bool = False
    """The operation finishes later (``PENDING=1``)."""
    properties: dict[str, list[str | None]] = field(default_factory=dict[str, "list[str | None]"])
    """``PROPERTY[NAME][i]`` values by name, at their index; an index the reply skipped holds ``None``."""
    columns: list[str] = field(default_factory=list[str])
    """Property names in order of first appearance."""
    raw: str = ""
    """The reply text."""
    extra: dict[str, str] = field(default_factory=dict[str, str])
    """Other top-level keys, upper-cased."""
    command: dict[str, str] = field(default_factory=dict[str, str])
    """The command this reply answers, flattened as sent, secrets (``PASSWORD``, ``AUTH``...) masked as ``***``.

    Empty when not known (a reply parsed on its own).
    """

    @property
    def command_plain(self) -> str:
        """The command as ``KEY = value`` lines, keys sorted, secrets masked (the connector's ``getCommandPlain()``)."""
        return command_plain(self.command)

    @property
    def detail(self) -> str | None:
        """The part of the description after ``; ``, if any (``DOMAIN NAME NOT FOUND``)."""
        _, separator, rest = self.description.partition("; ")
        return rest if separator else None

    @property
    def is_success(self) -> bool:
        return 200 <= self.code < 300

    @property
    def is_temporary_error(self) -> bool:
        return 400 <= self.code < 500

    @property
    def is_error(self) -> bool:
        return not self.is_success

    def get(self, name: str, index: int = 0) -> str | None:
        """One property value, or ``None`` when the reply has none at that index."""
        values = self.properties.get(name.upper(), [])
        return values[index] if 0 <= index < len(values) else None

    def values(self, name: str) -> list[str]:
        """Every value of a property, in index order, skipping indexes the reply left out."""
        return [value for value in self.properties.get(name.upper(), []) if value is not None]

    def int_value(self, name: str) -> int | None:
        value = self.get(name)
        try:
            return int(value) if value not in (None, "") else None
        except ValueError:
            return None

    @property
    def records(self) -> list[dict[str, str]]:
        """Row ``i`` holds every column that has a value at index ``i`` (paging columns included)."""
        rows: list[dict[str, str]] = [{} for _ in range(self.row_count)]
        for name in self.columns:
            for index, value in enumerate(self.properties[name]):
                if value is not None:
                    rows[index][name] = value
        return rows

    @property
    def row_count(self) -> int:
        """The number of records in this reply (not the ``COUNT`` property)."""
        return max((len(values) for values in self.properties.values()), default=0)

    @property
    def pagination(self) -> Pagination:
        """Paging figures as the official connector computes them, typed."""
        count = self.row_count
        first = self.int_value("FIRST")
        if first is None:
            first = 0 if count else None
        last = self.int_value("LAST")
        if last is None:
            last = count - 1 if count else None
        total = self.int_value("TOTAL")
        total = count if total is None else total
        limit = self.int_value("LIMIT")
        limit = count if limit is None else limit
        current = None if first is None or limit == 0 else first // limit + 1
        pages = -(-total // limit) if limit else 0  # integer ceil: huge figures must not overflow a float
        next_page = current + 1 if current is not None and current + 1 <= pages else None
        previous = current - 1 if current is not None and current - 1 > 0 else None
        return Pagination(first, last, count, total, limit, current, pages, next_page, previous)

    def serialize(self) -> str:
        """The reply in the wire format (CRLF), properties by name, ``PENDING`` kept."""
        lines = ["[RESPONSE]"]
        for name in sorted(self.properties):
            lines += [
                f"PROPERTY[{name}][{index}]={value}"
                for index, value in enumerate(self.properties[name])
                if value is not None
            ]
        lines += [f"CODE={self.code}", f"DESCRIPTION={self.description}"]
        if self.pending:
            lines.append("PENDING=1")
        lines += [f"QUEUETIME={_number(self.queuetime)}", f"RUNTIME={_number(self.runtime)}", "EOF"]
        return "\r\n".join(lines) + "\r\n"

    def __repr__(self) -> str:
        # Property values may hold a session id or an auth code: show only their names.
        pending = ", pending=True" if self.pending else ""
        return f"Response(code={self.code}, description={self.description!r}{pending}, columns={self.columns!r})"


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def _read_lines(
    lines: Iterable[str],
    text: str,
    top: dict[str, str],
    indexed: dict[str, dict[int, str]],
    following: dict[str, int],
    columns: list[str],
) -> None:
    """Read reply lines one by one into the top-level keys and the properties (see `parse_response`)."""
    names: dict[str, str] = {}  # property names as sent -> normalised (list replies repeat them)
    # String methods rather than regular expressions: this reads exactly what `_LINE` and
    # `_PROPERTY` match, several times faster.
    for line in lines:
        # KEY=value or KEY = value: the key ends before the first "=" and is not blank.
        key, equals, value = line.partition("=")
        if not equals:
            continue
        key = key.rstrip(" \t")
        if not key:
            continue
        key = key.strip()
        value = value.lstrip(" \t").rstrip()
        # PROPERTY[NAME] or PROPERTY[NAME][index], in any case; any other key is a top-level one.
        close = key.find("]", 9) if key[:9].lower() == "property[" else -1
        if close < 0:
            top[key.upper()] = value
            continue
        tail = key[close + 1 :]
        if not tail:
            index_text = ""
        elif tail[0] == "[" and tail[-1] == "]" and "]" not in tail[1:-1]:
            index_text = tail[1:-1].strip()
        else:
            top[key.upper()] = value
            continue
        sent = key[9:close]
        name = names.get(sent)
        if name is None:
            name = names[sent] = "".join(sent.split()).upper()
        slots = indexed.get(name)
        if slots is None:
            slots = indexed[name] = {}
            following[name] = 0
            columns.append(name)
        if index_text.isascii() and index_text.isdigit():
            significant = index_text.lstrip("0") or "0"
            if len(significant) > _MAX_INDEX_DIGITS:  # no reply holds that many values
                raise ResponseValidationError(INVALID_DESCRIPTION, raw=text)
            index = int(significant)
        else:
            index = following[name]
        slots[index] = value
        if index >= following[name]:
            following[name] = index + 1


def parse_response(raw: str | bytes, command: Mapping[str, str] | None = None) -> Response:
    """Parse a reply; ``command`` (the command sent) is kept on it with its secrets masked.

    Accepts CRLF or LF line ends and ``K=V`` or ``K = V``; keys are case-insensitive. A property's
    value lands at its index; a property without a numeric index is appended.

    Raises:
        ResponseValidationError: The reply is empty or lacks ``CODE`` or ``DESCRIPTION``, or ``CODE``
            is not written in ASCII digits (``CODE=٢٠٠`` is no success).
    """
    text = _decode(raw)
    if not text.strip():
        raise ResponseValidationError(EMPTY_DESCRIPTION, raw=text)
    top: dict[str, str] = {}
    indexed: dict[str, dict[int, str]] = {}
    following: dict[str, int] = {}  # per property: one past its highest index so far
    columns: list[str] = []
    normalised = text.replace("\r\n", "\n")
    # Most lines of a list reply read ``PROPERTY[NAME][n]=value`` exactly: those are read in one
    # pass of `_CANONICAL_PROPERTY`, and only the other lines one by one. When a property comes in
    # any other form too (``property [name] [ 1 ] = v``), every line is read one by one, in order.
    canonical = _CANONICAL_PROPERTY.findall(normalised)
    _read_lines(
        (_CANONICAL_PROPERTY.sub("", normalised) if canonical else normalised).split("\n"),
        text,
        top,
        indexed,
        following,
        columns,
    )
    if canonical and columns:
        top.clear()
        indexed.clear()
        following.clear()
        columns.clear()
        _read_lines(normalised.split("\n"), text, top, indexed, following, columns)
    elif canonical:
        for name, index_text, value in canonical:
            slots = indexed.get(name)
            if slots is None:
                slots = indexed[name] = {}
                following[name] = 0
                columns.append(name)
            index = int(index_text)
            slots[index] = value
            if index >= following[name]:
                following[name] = index + 1
    if "CODE" not in top or "DESCRIPTION" not in top:
        raise ResponseValidationError(INVALID_DESCRIPTION, raw=text)
    code_text = top.pop("CODE")
    # ``int()`` would read other scripts' digits, a sign or underscores: the API writes none of them.
    if not (code_text.isascii() and code_text.isdigit()) or len(code_text) > _MAX_CODE_DIGITS:
        raise ResponseValidationError(INVALID_DESCRIPTION, raw=text)
    code = int(code_text)
    # Skipped indexes become ``None`` slots: a hostile ``PROPERTY[X][999999999]`` may not make us
    # allocate far more slots than the reply has values (the bound survives `Response.serialize`).
    values = sum(map(len, indexed.values()))
    if sum(following.values()) > _MIN_SLOT_BUDGET + _SLOTS_PER_VALUE * values:
        raise ResponseValidationError(INVALID_DESCRIPTION, raw=text)
    properties: dict[str, list[str | None]] = {
        name: list(map(indexed[name].get, range(following[name]))) for name in columns
    }
    return Response(
        code=code,
        description=top.pop("DESCRIPTION"),
        runtime=_float(top.pop("RUNTIME", "")),
        queuetime=_float(top.pop("QUEUETIME", "")),
        pending=top.pop("PENDING", "0").strip() == "1",
        properties=properties,
        columns=columns,
        raw=text,
        extra=top,
        command=HEXONET_REDACTOR.mapping(command) if command else {},
    )


def _decode(raw: str | bytes) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return 0.0
    return value if math.isfinite(value) else 0.0


PAGING_COLUMNS = frozenset({"FIRST", "LAST", "COUNT", "TOTAL", "LIMIT"})
"""The figures a list reply adds about its page; a row holding only these is no record."""


def data_row_count(response: Response) -> int:
    """The records a list reply holds: its longest column other than the paging figures.

    An empty page still carries ``FIRST``, ``COUNT``, ``TOTAL``... at index 0, so counting every
    column would take it for a page of one record.
    """
    return max((len(values) for name, values in response.properties.items() if name not in PAGING_COLUMNS), default=0)


def server_paging(response: Response) -> tuple[int | None, int | None]:
    """The ``LIMIT`` and ``TOTAL`` a list reply reports (``None`` when it leaves one out), checked.

    The listing steps by the server's ``LIMIT`` and stops at its ``TOTAL``, so neither may be taken
    on trust: a zero or negative limit would never advance (or send a negative ``FIRST``).

    Raises:
        ResponseValidationError: A figure is not written in ASCII digits (``-1``, ``٢``), or ``LIMIT``
            is zero.
    """
    figures: list[int | None] = []
    for name in ("LIMIT", "TOTAL"):
        text = response.get(name)
        if text is None or text == "":
            figures.append(None)
            continue
        if not (text.isascii() and text.isdigit()):
            raise ResponseValidationError(f"the list reply's {name} is not a whole number of 0 or more", raw=response)
        figures.append(int(text))
    limit, total = figures
    if limit == 0:
        raise ResponseValidationError("the list reply's LIMIT is 0, so its pages would never advance", raw=response)
    return limit, total


# -- errors -------------------------------------------------------------------------------------

_ERROR_CLASSES: Final[dict[int, type[HexonetError]]] = {
    425: HexonetRateLimitError,
    500: HexonetBadRequestError,
    503: HexonetBadRequestError,
    504: HexonetBadRequestError,
    505: HexonetBadRequestError,
    506: HexonetBadRequestError,
    507: HexonetBadRequestError,
    510: HexonetBadRequestError,
    521: HexonetRateLimitError,
    530: HexonetAuthenticationError,
    531: HexonetPermissionDeniedError,
    532: HexonetConflictError,
    534: HexonetConflictError,
    536: HexonetConflictError,
    540: HexonetConflictError,
    541: HexonetBadRequestError,
    543: HexonetBadRequestError,
    544: HexonetPermissionDeniedError,
    545: HexonetNotFoundError,
    546: HexonetCreditLimitError,
    547: HexonetConflictError,
    548: HexonetConflictError,
    552: HexonetConflictError,
    553: HexonetConflictError,
    554: HexonetConflictError,
    555: HexonetConflictError,
}


def error_class_for_code(code: int) -> type[HexonetError] | None:
    """The error class for a result code, ``None`` for success (2xx).

    4xx codes are temporary server errors (425 is a rate limit); 5xx codes map onto the core tree
    (545 not found, 530 authentication, 531 permission, 504/505/541 bad request, 540/554 conflict,
    546 credit limit); any other code is a plain `HexonetError`.
    """
    if 200 <= code < 300:
        return None
    if code in _ERROR_CLASSES:
        return _ERROR_CLASSES[code]
    if 400 <= code < 500:
        return HexonetServerError
    return HexonetError


def error_for(response: Response, command: str = "") -> HexonetError | None:
    """The error a reply stands for (``None`` on success), keeping its code and description."""
    error_class = error_class_for_code(response.code)
    if error_class is None:
        return None
    return error_class(
        response.description,
        code=response.code,
        response=response,
        command=command,
        temporary=400 <= response.code < 500,
    )


def invalid_response(description: str, raw: str = "", command: Mapping[str, str] | None = None) -> Response:
    """The 423 reply the connector substitutes for an empty or unparseable one (temporary)."""
    shown = HEXONET_REDACTOR.mapping(command) if command else {}
    return Response(code=423, description=description, raw=raw, command=shown)


# -- the transport's view -------------------------------------------------------------------------


class HexonetHooks(ProviderHooks):
    """HEXONET replies: HTTP 200 with the outcome in ``CODE``."""

    redactor = HEXONET_REDACTOR

    def parse(self, response: httpx.Response, spec: RequestSpec) -> Any:
        sent: Mapping[str, str] = spec.context.get("fields") or {}
        try:
            return parse_response(response.content, sent)
        except ResponseValidationError as error:
            if response.status_code >= 400:
                return response.text
            # As the official connector does: an empty or garbled reply is a temporary 423.
            description = str(error)
            if description == EMPTY_DESCRIPTION:
                description = f"{description} {self.redactor.url(str(response.url))}"
            return invalid_response(description, response.text, sent)

    def map_error(self, response: httpx.Response, parsed: Any, spec: RequestSpec) -> APIError | None:
        if isinstance(parsed, Response):
            return error_for(parsed, str(spec.context.get("command", "")))
        if response.status_code == 404:
            # The usual cause is a URL without the API's path: say which path the API answers at.
            return NotFoundError(
                f"no HEXONET API at the path {response.request.url.path!r}: commands are posted to {API_PATH} "
                f"(pass the full endpoint URL, or a server root without a path, to which {API_PATH} is added)",
                status=404,
                request_id=self.request_id(response),
                raw=parsed,
            )
        return super().map_error(response, parsed, spec)


__all__ = [
    "API_PATH",
    "CREDENTIAL_FIELDS",
    "Command",
    "CommandValue",
    "Credentials",
    "HEXONET_REDACTOR",
    "HexonetHooks",
    "HIGH_PERFORMANCE_URL",
    "LIVE_ENTITY",
    "LIVE_URL",
    "CLIENT_STATUS_FLAGS",
    "MAX_PERIOD_YEARS",
    "NON_TRANSITIONAL_TLDS",
    "PAGING_COLUMNS",
    "TRANSFER_ACTIONS",
    "TransferAction",
    "check_credential",
    "check_flag",
    "check_remote_address",
    "check_user_view",
    "check_period",
    "check_status_flags",
    "check_transfer_action",
    "OTE_ENTITY",
    "OTE_URL",
    "Pagination",
    "Response",
    "Scalar",
    "System",
    "command_name",
    "command_plain",
    "command_text",
    "convert_idn",
    "data_row_count",
    "encode_form",
    "endpoint_url",
    "error_class_for_code",
    "error_for",
    "flatten_command",
    "form_fields",
    "invalid_response",
    "is_idempotent_command",
    "parse_command_text",
    "parse_response",
    "server_paging",
    "post_data",
    "prepare_command",
    "role_login",
    "to_ace",
]
