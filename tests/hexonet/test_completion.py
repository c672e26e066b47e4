"""Completion with Jedi (the engine of Emacs, Vim, Sublime and jedi-language-server) on everyday HEXONET code.

Each snippet is written as the README and the guide write it; ``‸`` marks where the user asks for
completion, and the names listed must be offered there. Pyright sees the same paths through
``tests/typing/check_hexonet_types.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jedi
import pytest

CURSOR = "‸"
ROOT = Path(__file__).resolve().parents[2]

SYNC = "from resourcekit.hexonet import Hexonet, HexonetNotFoundError\n\nwith Hexonet() as hexonet:\n"
ASYNC = (
    "from resourcekit.hexonet import AsyncHexonet, HexonetNotFoundError\n\n"
    "async def main() -> None:\n"
    "    async with AsyncHexonet() as hexonet:\n"
)


@dataclass(frozen=True)
class CompletionPath:
    """A snippet, its flavour's preamble, and the names expected at the cursor."""

    name: str
    preamble: str
    body: str
    expected: tuple[str, ...]

    @property
    def code(self) -> str:
        indent = "    " if self.preamble is SYNC else "        "
        lines = [indent + line for line in self.body.split("\n")]
        return self.preamble + "\n".join(lines)


def sync(name: str, body: str, *expected: str) -> CompletionPath:
    return CompletionPath(f"sync-{name}", SYNC, body, expected)


def async_(name: str, body: str, *expected: str) -> CompletionPath:
    return CompletionPath(f"async-{name}", ASYNC, body, expected)


PATHS = [
    # the client and its managers
    sync("client", "hexonet.‸", "domains", "contacts", "nameservers", "zones", "account", "command", "paginate"),
    sync("domains", "hexonet.domains.‸", "check", "check_many", "get", "list", "create", "transfer", "check_transfer"),
    sync("contacts", "hexonet.contacts.‸", "get", "list", "create"),
    sync("nameservers", "hexonet.nameservers.‸", "check", "get", "create"),
    sync("zones", "hexonet.zones.‸", "get", "list", "create"),
    sync("account", "hexonet.account.status().‸", "amount", "credit", "available"),
    sync("session", "with hexonet.session() as same:\n    same.‸", "domains", "save_session"),
    sync("with-options", "hexonet.with_options(user_view='sub').‸", "domains", "has_session"),
    sync("login", "hexonet.login().‸", "entity", "as_dict"),
    sync("command", "hexonet.command({'COMMAND': 'StatusAccount'}).‸", "code", "properties", "pagination"),
    # listings and pages
    sync("listing", "hexonet.domains.list().‸", "first", "to_list", "pages"),
    sync("for-domain", "for domain in hexonet.domains.list():\n    domain.‸", "expiration_date", "renew", "owner"),
    sync("for-contact", "for contact in hexonet.contacts.list():\n    contact.‸", "email", "save", "delete"),
    sync("for-zone", "for zone in hexonet.zones.list():\n    zone.‸", "rrs_total", "records", "add_records"),
    sync("for-check", "for check in hexonet.domains.check_many(['a.com']):\n    check.‸", "available", "premium"),
    sync("for-row", "for row in hexonet.paginate({'COMMAND': 'QueryDomainList'}):\n    row.‸", "items", "get"),
    sync("pages", "for page in hexonet.domains.list().pages():\n    page[0].‸", "domain", "expiration_date"),
    sync(
        "first",
        "domain = hexonet.domains.list().first()\nif domain is not None:\n    domain.‸",
        "renewal_mode",
        "save",
    ),
    # records and navigation
    sync("get", "hexonet.domains.get('a.com').‸", "nameservers", "check_transfer", "zone"),
    sync("check", "hexonet.domains.check('a.com').‸", "available", "price"),
    sync("refresh", "hexonet.domains.get('a.com').refresh().‸", "expiration_date", "save"),
    sync("save", "hexonet.domains.get('a.com').save().‸", "renew", "paid_until_date"),
    sync("renew", "hexonet.domains.get('a.com').renew(1).‸", "expiration_date"),
    sync("delete", "hexonet.domains.get('a.com').delete().‸", "pending", "status"),
    sync("owner", "owner = hexonet.domains.get('a.com').owner()\nif owner:\n    owner.‸", "email", "phone"),
    sync("zone", "hexonet.domains.get('a.com').zone().‸", "records", "soa_serial"),
    sync("records", "for record in hexonet.zones.get('a.com').records():\n    record.‸", "ttl", "data", "type"),
    sync("add-records", "hexonet.zones.get('a.com').add_records('a.com. 60 IN A 192.0.2.1').‸", "rrs_total"),
    sync("nameserver", "hexonet.nameservers.get('ns1.a.com').‸", "ip_addresses", "save"),
    sync("contact", "hexonet.contacts.get('P-1').‸", "first_name", "street", "refresh"),
    sync("error", "try:\n    pass\nexcept HexonetNotFoundError as error:\n    error.‸", "code", "detail", "command"),
    # the same with AsyncHexonet
    async_("client", "hexonet.‸", "domains", "contacts", "nameservers", "zones", "account", "command"),
    async_("domains", "hexonet.domains.‸", "check", "check_many", "get", "list", "create"),
    async_("account", "(await hexonet.account.status()).‸", "amount", "available"),
    async_("session", "async with hexonet.session() as same:\n    same.‸", "domains"),
    async_("with-options", "hexonet.with_options(user_view='sub').‸", "domains"),
    async_("for-domain", "async for domain in hexonet.domains.list():\n    domain.‸", "expiration_date", "renew"),
    async_("for-contact", "async for contact in hexonet.contacts.list():\n    contact.‸", "email", "save"),
    async_("for-zone", "async for zone in hexonet.zones.list():\n    zone.‸", "records", "soa_serial"),
    async_("for-row", "async for row in hexonet.paginate({'COMMAND': 'QueryDomainList'}):\n    row.‸", "items"),
    async_("comprehension", "names = [d async for d in hexonet.domains.list()]\nnames[0].‸", "domain", "owner"),
    async_(
        "first",
        "domain = await hexonet.domains.list().first()\nif domain is not None:\n    domain.‸",
        "renewal_mode",
    ),
    async_("get", "domain = await hexonet.domains.get('a.com')\ndomain.‸", "nameservers", "zone"),
    async_("refresh", "domain = await hexonet.domains.get('a.com')\n(await domain.refresh()).‸", "renew"),
    async_("save", "domain = await hexonet.domains.get('a.com')\n(await domain.save()).‸", "expiration_date"),
    async_(
        "owner",
        "domain = await hexonet.domains.get('a.com')\nowner = await domain.owner()\nif owner:\n    owner.‸",
        "email",
    ),
    async_("zone", "zone = await (await hexonet.domains.get('a.com')).zone()\nzone.‸", "records", "rrs_total"),
    async_(
        "records",
        "zone = await hexonet.zones.get('a.com')\nasync for record in zone.records():\n    record.‸",
        "ttl",
        "data",
    ),
    async_("nameserver", "(await hexonet.nameservers.get('ns1.a.com')).‸", "ip_addresses"),
    async_("error", "try:\n    pass\nexcept HexonetNotFoundError as error:\n    error.‸", "code", "detail"),
]


def completions(code: str) -> set[str]:
    """The names Jedi offers at the cursor, inferred in this interpreter (so this worktree's code)."""
    before = code[: code.index(CURSOR)]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1)
    script = jedi.Script(
        code.replace(CURSOR, ""),
        path=ROOT / "completion_example.py",
        environment=jedi.InterpreterEnvironment(),
    )
    return {completion.name for completion in script.complete(line, column)}


@pytest.mark.parametrize("path", PATHS, ids=[path.name for path in PATHS])
def test_jedi_completes(path: CompletionPath) -> None:
    offered = completions(path.code)
    missing = [name for name in path.expected if name not in offered]
    assert not missing, f"Jedi offers none of {missing} at:\n{path.code}"


def test_paths_cover_both_flavours() -> None:
    flavours = {path.preamble for path in PATHS}
    assert flavours == {SYNC, ASYNC}
    assert len({path.name for path in PATHS}) == len(PATHS)


HOVERED = [
    ("Domain", "hexonet.domains.get('a.com')", "DomainData"),
    ("Contact", "hexonet.contacts.get('P-1')", "ContactData"),
    ("Nameserver", "hexonet.nameservers.get('ns1.a.com')", "NameserverData"),
    ("DNSZone", "hexonet.zones.get('a.com')", "DNSZoneData"),
    ("AccountStatus", "hexonet.account.status()", "AccountStatus"),
    ("DomainCheck", "hexonet.domains.check('a.com')", "DomainCheck"),
]


@pytest.mark.parametrize(("label", "expression", "model"), HOVERED, ids=[label for label, _, _ in HOVERED])
def test_jedi_shows_every_field_description(label: str, expression: str, model: str) -> None:
    from resourcekit.hexonet import models

    fields = getattr(models, model).model_fields
    code = SYNC + f"    record = {expression}\n    record."
    offered = {
        completion.name: completion.docstring()
        for completion in jedi.Script(code, environment=jedi.InterpreterEnvironment()).complete()
    }
    undocumented = [name for name in fields if not offered.get(name, "").strip()]
    assert not undocumented, f"{label}: no description on hover for {undocumented}"
