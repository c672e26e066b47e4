"""``resourcekit hexonet ...``: domains, contacts, zones, the account and raw commands.

Credentials come from ``--login``/``--password``/``--url``/``--system`` or the ``HEXONET_*``
environment variables. Secrets (auth codes, sessions, passwords) are masked in every output.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from resourcekit.cli.output import JSON_OPTION, parse_pairs, reports_errors, show
from resourcekit.hexonet import Hexonet, Response
from resourcekit.hexonet.wire import HEXONET_REDACTOR, System

app = typer.Typer(help="HEXONET (ISPAPI): domains, contacts, DNS zones, account, raw commands.", no_args_is_help=True)
domains_app = typer.Typer(help="Domains: check, list, get, renew.", no_args_is_help=True)
contacts_app = typer.Typer(help="Contact handles.", no_args_is_help=True)
zones_app = typer.Typer(help="DNS zones and their records.", no_args_is_help=True)
account_app = typer.Typer(help="The account.", no_args_is_help=True)
app.add_typer(domains_app, name="domains")
app.add_typer(contacts_app, name="contacts")
app.add_typer(zones_app, name="zones")
app.add_typer(account_app, name="account")

DOMAIN_COLUMNS = ("domain", "status", "expiration_date", "renewal_mode", "transfer_lock")
CONTACT_COLUMNS = ("id", "first_name", "last_name", "organization", "city", "country", "email")


class _Settings:
    login: str | None = None
    password: str | None = None
    url: str | None = None
    system: System | None = None


_settings = _Settings()


@app.callback()
def connection(
    login: Annotated[str | None, typer.Option(help="Account id (else HEXONET_LOGIN).")] = None,
    password: Annotated[str | None, typer.Option(help="Password (else HEXONET_PASSWORD).")] = None,
    url: Annotated[str | None, typer.Option(help="Endpoint (else HEXONET_URL).")] = None,
    system: Annotated[str | None, typer.Option(help="live or ote (else HEXONET_SYSTEM).")] = None,
) -> None:
    """Where to connect; every subcommand uses these."""
    _settings.login, _settings.password, _settings.url = login, password, url
    if system is not None and system not in ("live", "ote"):
        raise typer.BadParameter("system must be 'live' or 'ote'")
    _settings.system = "ote" if system == "ote" else ("live" if system == "live" else None)


@contextmanager
def _client() -> Generator[Hexonet, None, None]:
    with Hexonet(_settings.login, _settings.password, url=_settings.url, system=_settings.system) as client:
        yield client


def safe(value: Any) -> Any:
    """A JSON-ready copy with HEXONET's secrets (auth codes, sessions, passwords) masked."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if isinstance(value, dict):
        return HEXONET_REDACTOR.mapping({str(k): safe(v) for k, v in value.items()})  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
    if isinstance(value, list | tuple):
        return [safe(item) for item in value]  # pyright: ignore[reportUnknownVariableType]
    return value


def response_data(response: Response) -> dict[str, Any]:
    """A raw reply as data, secrets masked."""
    return {
        "code": response.code,
        "description": response.description,
        "pending": response.pending,
        "runtime": response.runtime,
        "properties": HEXONET_REDACTOR.mapping(response.properties),
    }


# -- domains --------------------------------------------------------------------------------------


@domains_app.command("check")
@reports_errors
def domains_check(
    names: Annotated[list[str], typer.Argument(help="Domain names.")], as_json: bool = JSON_OPTION
) -> None:
    """Check availability (CheckDomains; internationalised names are converted)."""
    with _client() as hexonet:
        results = hexonet.domains.check_many(names)
    show(
        safe(results),
        as_json=as_json,
        columns=("domain", "available", "code", "description", "premium", "price"),
        title="availability",
    )


@domains_app.command("list")
@reports_errors
def domains_list(
    pattern: Annotated[str | None, typer.Option(help="Name pattern such as '*.com'.")] = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """List the account's domains (QueryDomainList, all pages)."""
    with _client() as hexonet:
        found = hexonet.domains.list({"DOMAIN": pattern} if pattern else None).to_list(limit)
    show(safe(found), as_json=as_json, columns=DOMAIN_COLUMNS, title="domains")


@domains_app.command("get")
@reports_errors
def domains_get(name: str, as_json: bool = JSON_OPTION) -> None:
    """Show one domain (StatusDomain)."""
    with _client() as hexonet:
        domain = hexonet.domains.get(name)
    show(safe(domain), as_json=as_json, title=domain.domain)


@domains_app.command("renew")
@reports_errors
def domains_renew(
    name: str,
    period: Annotated[int, typer.Option(help="Years.")] = 1,
    as_json: bool = JSON_OPTION,
) -> None:
    """Renew a domain (RenewDomain) and show its new expiration date."""
    with _client() as hexonet:
        domain = hexonet.domains.get(name).renew(period)
    show(
        {"domain": domain.domain, "expiration_date": safe(domain)["expiration_date"]},
        as_json=as_json,
        title="renewed",
    )


# -- contacts -------------------------------------------------------------------------------------


@contacts_app.command("list")
@reports_errors
def contacts_list(
    pattern: Annotated[str | None, typer.Option(help="Handle pattern such as 'P-A*'.")] = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """List contact handles (QueryContactList)."""
    with _client() as hexonet:
        found = hexonet.contacts.list({"CONTACT": pattern} if pattern else None).to_list(limit)
    show(safe(found), as_json=as_json, columns=CONTACT_COLUMNS, title="contacts")


@contacts_app.command("get")
@reports_errors
def contacts_get(contact_id: str, as_json: bool = JSON_OPTION) -> None:
    """Show one contact (StatusContact)."""
    with _client() as hexonet:
        contact = hexonet.contacts.get(contact_id)
    show(safe(contact), as_json=as_json, title=contact.id)


# -- zones ----------------------------------------------------------------------------------------


@zones_app.command("list")
@reports_errors
def zones_list(
    pattern: Annotated[str | None, typer.Option(help="Zone pattern such as '*.com.'.")] = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """List DNS zones (QueryDNSZoneList)."""
    with _client() as hexonet:
        found = hexonet.zones.list({"DNSZONE": pattern} if pattern else None).to_list()
    show([{"name": zone.name} for zone in found], as_json=as_json, columns=("name",), title="zones")


@zones_app.command("records")
@reports_errors
def zones_records(zone: str, as_json: bool = JSON_OPTION) -> None:
    """List a zone's records (QueryDNSZoneRRList)."""
    with _client() as hexonet:
        records = hexonet.zones.get(zone).records().to_list()
    rows = [{"name": r.name, "ttl": r.ttl, "class": r.rr_class, "type": r.type, "data": r.data} for r in records]
    show(rows, as_json=as_json, columns=("name", "ttl", "class", "type", "data"), title=zone)


# -- account and raw commands ---------------------------------------------------------------------


@account_app.command("status")
@reports_errors
def account_status(as_json: bool = JSON_OPTION) -> None:
    """Balance, credit, currency, deposit and VAT (StatusAccount)."""
    with _client() as hexonet:
        status = hexonet.account.status()
    show(safe(status), as_json=as_json, title="account")


@app.command("command")
@reports_errors
def command(
    name: Annotated[str, typer.Argument(help="The command, e.g. QueryDomainList.")],
    parameters: Annotated[list[str] | None, typer.Argument(help="KEY=VALUE parameters.")] = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Send any command and print its reply (secrets masked)."""
    with _client() as hexonet:
        response = hexonet.command({"COMMAND": name, **parse_pairs(parameters)})
    data = response_data(response)
    if as_json:
        show(data, as_json=True)
        return
    console = Console(soft_wrap=True)
    console.print(f"{response.code} {response.description}", highlight=False)
    if response.columns:
        table = Table()
        for column in response.columns:
            table.add_column(column)
        masked = [HEXONET_REDACTOR.mapping(row) for row in response.records]
        for row in masked:
            table.add_row(*(str(row.get(column, "")) for column in response.columns))
        console.print(table)


# -- the demo tour --------------------------------------------------------------------------------


def tour(sandbox: Any, console: Console) -> None:
    """Walk the HEXONET sandbox as a user would: list, get, navigate, change, save."""
    with sandbox.client() as hexonet:
        assert isinstance(hexonet, Hexonet)
        status = hexonet.account.status()
        console.print(f"account: {status.amount} {status.currency} (credit {status.credit})")

        domains = hexonet.domains.list(page_size=3).to_list()
        table = Table(title=f"{len(domains)} domains, fetched 3 per page")
        for column in ("domain", "status", "expires", "renewal"):
            table.add_column(column)
        for domain in domains:
            expires = domain.expiration_date.date().isoformat() if domain.expiration_date else ""
            table.add_row(domain.domain_umlaut or domain.domain, ", ".join(domain.status), expires, domain.renewal_mode)
        console.print(table)

        checks = hexonet.domains.check_many(["my-new-shop.com", "xy.com", "bücher.de"])
        for check in checks:
            note = f" premium {check.price} {check.currency}" if check.premium else ""
            console.print(f"check {check.domain}: {'available' if check.available else 'taken'}{note}")

        domain = hexonet.domains.get(domains[0].domain)
        console.print(f"[bold]{domain.domain}[/bold]: name servers {', '.join(domain.nameservers)}")
        owner = domain.owner()
        if owner is not None:
            console.print(f"  owner {owner.id}: {owner.first_name} {owner.last_name}, {owner.city} ({owner.country})")
        zone = domain.zone()
        console.print(f"  zone {zone.name}: {zone.rrs_total} records, serial {zone.soa_serial}")

        domain.renewal_mode = "AUTOEXPIRE" if domain.renewal_mode != "AUTOEXPIRE" else "AUTORENEW"
        domain.status = [*domain.status, "clientTransferProhibited"]
        console.print(f"  changing {', '.join(sorted(domain.changes()))} ...")
        domain.save()
        domain.refresh()
        console.print(f"  saved: renewal mode {domain.renewal_mode}, status {', '.join(domain.status)}")

        zone.add_records(f"shop.{zone.name} 300 IN A 192.0.2.80")
        console.print(f"  added a record: {zone.rrs_total} records, serial {zone.soa_serial}")

        with hexonet.session():
            renewed = domain.renew()
            expires = renewed.expiration_date.date().isoformat() if renewed.expiration_date else "?"
            console.print(f"  renewed inside a session: expires {expires}")
        console.print(f"account after: {hexonet.account.status().amount} {status.currency}")
