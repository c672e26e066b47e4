"""``resourcekit hexonet ...``: domains, contacts, zones, the account and raw commands.

Credentials come from ``--login``/``--password``/``--url``/``--system`` or the ``HEXONET_*``
environment variables. Secrets (auth codes, sessions, passwords) are masked in every output.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from resourcekit.cli.bulk import CONCURRENCY_OPTION, DRY_RUN_OPTION, FROM_FILE_OPTION, BulkFlags, run_targets
from resourcekit.cli.errors import reports_errors
from resourcekit.cli.options import (
    ALL_OPTION,
    ALLOW_HTTP_OPTION,
    LIMIT_OPTION,
    YES_OPTION,
    collect,
    command_group,
    effective_limit,
    url_option,
)
from resourcekit.cli.output import JSON_OPTION, cell, parse_pairs, print_lines, print_table, show
from resourcekit.hexonet import Domain, Hexonet, Nameserver, Operation, Response
from resourcekit.hexonet.wire import HEXONET_REDACTOR, System

app: typer.Typer = command_group("HEXONET (ISPAPI): domains, contacts, name servers, DNS zones, account, raw commands.")
domains_app: typer.Typer = command_group("Domains: check, list, get, renew, delete.")
contacts_app: typer.Typer = command_group("Contact handles.")
nameservers_app: typer.Typer = command_group("Name server host objects: check, get, create, update, delete.")
zones_app: typer.Typer = command_group("DNS zones and their records.")
account_app: typer.Typer = command_group("The account.")
app.add_typer(domains_app, name="domains")
app.add_typer(contacts_app, name="contacts")
app.add_typer(nameservers_app, name="nameservers")
app.add_typer(zones_app, name="zones")
app.add_typer(account_app, name="account")

DOMAIN_COLUMNS = ("domain", "status", "expiration_date", "renewal_mode", "transfer_lock")
CONTACT_COLUMNS = ("id", "first_name", "last_name", "organization", "city", "country", "email")
NAMESERVER_COLUMNS = ("host", "ip_addresses", "domain", "status", "created_date", "updated_date")


class _Settings:
    login: str | None = None
    password: str | None = None
    url: str | None = None
    system: System | None = None
    allow_http: bool = False


_settings = _Settings()


@app.callback()
def connection(
    login: Annotated[str | None, typer.Option(help="Account id [env HEXONET_LOGIN].")] = None,
    password: Annotated[str | None, typer.Option(help="Password [env HEXONET_PASSWORD].")] = None,
    url: Annotated[str | None, url_option("The command API's URL, or the server root", "HEXONET_URL")] = None,
    system: Annotated[str | None, typer.Option(help="live or ote [env HEXONET_SYSTEM].")] = None,
    allow_http: bool = ALLOW_HTTP_OPTION,
) -> None:
    """Where to connect; every subcommand uses these."""
    _settings.login, _settings.password, _settings.url = login, password, url
    if system is not None and system not in ("live", "ote"):
        raise typer.BadParameter("system must be 'live' or 'ote'")
    _settings.system = "ote" if system == "ote" else ("live" if system == "live" else None)
    _settings.allow_http = allow_http


@contextmanager
def _client() -> Generator[Hexonet, None, None]:
    with Hexonet(
        _settings.login, _settings.password, url=_settings.url, system=_settings.system, allow_http=_settings.allow_http
    ) as client:
        yield client


def safe(value: Any) -> Any:
    """A JSON-ready copy with HEXONET's secrets (auth codes, sessions, passwords) masked."""
    from pydantic import BaseModel

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
        results,
        as_json=as_json,
        columns=("domain", "available", "code", "description", "premium", "price", "currency"),
        title="availability",
        redactor=HEXONET_REDACTOR,
    )


@domains_app.command("list")
@reports_errors
def domains_list(
    pattern: Annotated[str | None, typer.Option(help="Name pattern such as '*.com'.")] = None,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List the account's domains (QueryDomainList, page after page)."""
    most = effective_limit(limit, show_all)
    with _client() as hexonet:
        found = collect(hexonet.domains.list({"DOMAIN": pattern} if pattern else None), "domains", most)
    show(found, as_json=as_json, columns=DOMAIN_COLUMNS, title="domains", redactor=HEXONET_REDACTOR)


@domains_app.command("get")
@reports_errors
def domains_get(name: str, as_json: bool = JSON_OPTION) -> None:
    """Show one domain (StatusDomain)."""
    with _client() as hexonet:
        domain = hexonet.domains.get(name)
    show(domain, as_json=as_json, title=domain.domain, redactor=HEXONET_REDACTOR)


@domains_app.command("renew")
@reports_errors
def domains_renew(
    names: Annotated[list[str] | None, typer.Argument(help="Domain names, or - for standard input.")] = None,
    period: Annotated[int, typer.Option(help="Years.", min=1)] = 1,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Renew domains (RenewDomain, charged to the account); each one's new expiration date is shown.

    Every domain is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(names)
    with _client() as hexonet:

        def renew(name: str) -> Domain:
            return hexonet.domains.get(name).renew(period)

        run_targets(
            renew,
            targets,
            flags,
            verb=f"renew for {period} year(s)",
            warning="The renewals are charged to your account.",
            client=hexonet,
            detail=lambda domain: f"expires {cell(domain.expiration_date)}",
        )


@domains_app.command("delete")
@reports_errors
def domains_delete(
    names: Annotated[list[str] | None, typer.Argument(help="Domain names, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete domains (DeleteDomain); the registry finishes each deletion later.

    Every domain is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(names)
    with _client() as hexonet:

        def delete(name: str) -> Operation:
            return hexonet.domains.get(name).delete()

        run_targets(
            delete,
            targets,
            flags,
            verb="delete domains",
            warning="The names go back to the registry.",
            client=hexonet,
            detail=lambda operation: "pending at the registry" if operation.pending else "deleted",
        )


# -- contacts -------------------------------------------------------------------------------------


@contacts_app.command("list")
@reports_errors
def contacts_list(
    pattern: Annotated[str | None, typer.Option(help="Handle pattern such as 'P-A*'.")] = None,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List contact handles (QueryContactList)."""
    most = effective_limit(limit, show_all)
    with _client() as hexonet:
        found = collect(hexonet.contacts.list({"CONTACT": pattern} if pattern else None), "contacts", most)
    show(found, as_json=as_json, columns=CONTACT_COLUMNS, title="contacts", redactor=HEXONET_REDACTOR)


@contacts_app.command("get")
@reports_errors
def contacts_get(contact_id: str, as_json: bool = JSON_OPTION) -> None:
    """Show one contact (StatusContact)."""
    with _client() as hexonet:
        contact = hexonet.contacts.get(contact_id)
    show(contact, as_json=as_json, title=contact.id, redactor=HEXONET_REDACTOR)


@contacts_app.command("delete")
@reports_errors
def contacts_delete(
    contact_ids: Annotated[list[str] | None, typer.Argument(help="Contact handles, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete contact handles (DeleteContact); a handle a domain still uses is refused.

    Every handle is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(contact_ids)
    with _client() as hexonet:

        def delete(contact_id: str) -> None:
            hexonet.contacts.get(contact_id).delete()

        run_targets(
            delete,
            targets,
            flags,
            verb="delete contacts",
            client=hexonet,
            detail=lambda done: "deleted",
        )


# -- name servers ---------------------------------------------------------------------------------
# HEXONET documents no command that lists name servers, so there is no `list` here either.

ADDRESSES_HELP = "The host's IPv4 and IPv6 addresses (1 to 13)."


@nameservers_app.command("check")
@reports_errors
def nameservers_check(
    hosts: Annotated[list[str], typer.Argument(help="Host names such as ns1.example.com.")],
    as_json: bool = JSON_OPTION,
) -> None:
    """Whether hosts can be created (CheckNameserver, one request per host)."""
    with _client() as hexonet:
        results = [hexonet.nameservers.check(host) for host in hosts]
    show(
        results,
        as_json=as_json,
        columns=("name", "available", "code", "description", "reason"),
        title="availability",
        redactor=HEXONET_REDACTOR,
    )


@nameservers_app.command("get")
@reports_errors
def nameservers_get(host: str, as_json: bool = JSON_OPTION) -> None:
    """Show one host (StatusNameserver)."""
    with _client() as hexonet:
        nameserver = hexonet.nameservers.get(host)
    show(nameserver, as_json=as_json, title=nameserver.host, redactor=HEXONET_REDACTOR)


@nameservers_app.command("create")
@reports_errors
def nameservers_create(
    host: Annotated[str, typer.Argument(help="The host, under a domain of the account.")],
    addresses: Annotated[list[str], typer.Argument(help=ADDRESSES_HELP)],
    as_json: bool = JSON_OPTION,
) -> None:
    """Create a host with its addresses (AddNameserver); the host as the registry now has it is shown."""
    with _client() as hexonet:
        nameserver = hexonet.nameservers.create(host, addresses)
    show(nameserver, as_json=as_json, title=nameserver.host, redactor=HEXONET_REDACTOR)


@nameservers_app.command("update")
@reports_errors
def nameservers_update(
    host: str,
    addresses: Annotated[list[str], typer.Argument(help=ADDRESSES_HELP + " They replace the current ones.")],
    as_json: bool = JSON_OPTION,
) -> None:
    """Replace a host's addresses (ModifyNameserver); the host as the registry now has it is shown."""
    with _client() as hexonet:
        nameserver = hexonet.nameservers.get(host)
        nameserver.ip_addresses = addresses
        nameserver.save()
        nameserver.refresh()
    show(nameserver, as_json=as_json, title=nameserver.host, redactor=HEXONET_REDACTOR)


@nameservers_app.command("delete")
@reports_errors
def nameservers_delete(
    hosts: Annotated[list[str] | None, typer.Argument(help="Host names, or - for standard input.")] = None,
    force: Annotated[bool, typer.Option(help="Delete hosts that domains still use as well.")] = False,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete name server hosts (DeleteNameserver); a host a domain still uses is refused without --force.

    Every host is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(hosts)
    with _client() as hexonet:

        def delete(host: str) -> Nameserver:
            nameserver = hexonet.nameservers.get(host)
            nameserver.delete(force=force)
            return nameserver

        run_targets(
            delete,
            targets,
            flags,
            verb="delete name servers",
            warning="Domains that use them lose them." if force else "",
            client=hexonet,
            detail=lambda nameserver: f"deleted ({', '.join(nameserver.ip_addresses)})",
        )


# -- zones ----------------------------------------------------------------------------------------


@zones_app.command("list")
@reports_errors
def zones_list(
    pattern: Annotated[str | None, typer.Option(help="Zone pattern such as '*.com.'.")] = None,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List DNS zones (QueryDNSZoneList)."""
    most = effective_limit(limit, show_all)
    with _client() as hexonet:
        found = collect(hexonet.zones.list({"DNSZONE": pattern} if pattern else None), "zones", most)
    show([{"name": zone.name} for zone in found], as_json=as_json, columns=("name",), title="zones")


@zones_app.command("records")
@reports_errors
def zones_records(
    zone: str, limit: int | None = LIMIT_OPTION, show_all: bool = ALL_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """List a zone's records (QueryDNSZoneRRList)."""
    most = effective_limit(limit, show_all)
    with _client() as hexonet:
        records = collect(hexonet.zones.get(zone).records(), "records", most)
    rows = [{"name": r.name, "ttl": r.ttl, "class": r.rr_class, "type": r.type, "data": r.data} for r in records]
    show(rows, as_json=as_json, columns=("name", "ttl", "class", "type", "data"), title=zone)


@zones_app.command("delete-records")
@reports_errors
def zones_delete_records(
    zone: str,
    records: Annotated[
        list[str] | None, typer.Argument(help="Records as zone-file lines ('www 300 IN A 192.0.2.1'), or -.")
    ] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete records from a zone (UpdateDNSZone DELRR), one request per record, in order.

    Every record is tried even when some fail; the exit status is 1 when any failed.
    """
    # One zone's edits go one after the other, each on the zone the previous one left.
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=1, as_json=as_json)
    targets = flags.targets(records)
    with _client() as hexonet:
        found = hexonet.zones.get(zone)

        def delete(record: str) -> str:
            return f"{found.delete_records(record).rrs_total} records left"

        run_targets(delete, targets, flags, verb=f"delete from {zone}", detail=str)


@zones_app.command("delete")
@reports_errors
def zones_delete(
    zones: Annotated[list[str] | None, typer.Argument(help="Zone names, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete DNS zones with all their records (DeleteDNSZone).

    Every zone is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(zones)
    with _client() as hexonet:

        def delete(name: str) -> None:
            hexonet.zones.get(name).delete()

        run_targets(
            delete,
            targets,
            flags,
            verb="delete zones",
            warning="Their records go with them.",
            client=hexonet,
            detail=lambda done: "deleted",
        )


# -- account and raw commands ---------------------------------------------------------------------


@account_app.command("status")
@reports_errors
def account_status(as_json: bool = JSON_OPTION) -> None:
    """Balance, credit, currency, deposit and VAT (StatusAccount)."""
    with _client() as hexonet:
        status = hexonet.account.status()
    show(status, as_json=as_json, title="account", redactor=HEXONET_REDACTOR)


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
    print_lines([f"{response.code} {response.description}"])
    if response.columns:
        print_table(response.records, response.columns, redactor=HEXONET_REDACTOR)


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
        console.print(f"{domain.domain}: name servers {', '.join(domain.nameservers)}")
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
