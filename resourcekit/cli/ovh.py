"""``resourcekit ovh ...``: your account, bills, servers and credentials, and any API route.

Credentials are found as the client finds them (``--url``/``--application-key``... options,
then ``OVH_*`` variables, then ``ovh.conf`` files). ``consumer-key request`` writes the new key to
a private file instead of printing it; point later commands at it with ``--consumer-key-file`` (or
``OVH_CONSUMER_KEY_FILE``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from resourcekit.cli.bulk import (
    CONCURRENCY_OPTION,
    DRY_RUN_OPTION,
    FROM_FILE_OPTION,
    BulkFlags,
    run_targets,
    whole_numbers,
)
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
from resourcekit.cli.output import JSON_OPTION, parse_pairs, print_lines, read_secret_file, show, write_secret_file
from resourcekit.core.bulk import BulkReport
from resourcekit.core.concurrency import map_bounded
from resourcekit.core.errors import ConfigurationError
from resourcekit.ovh import (
    OVH,
    AccessRule,
    ApiApplication,
    ApiCredential,
    BurstStatus,
    DnsRecord,
    Redirection,
    RedirectionTask,
    rules,
)

if TYPE_CHECKING:
    from resourcekit.sandbox.server import RunningSandbox

app: typer.Typer = command_group(
    "OVH: account, bills, dedicated servers, API credentials, DNS records, e-mail redirections, raw calls."
)
bills_app: typer.Typer = command_group("Your bills.")
servers_app: typer.Typer = command_group("Your dedicated servers.")
credentials_app: typer.Typer = command_group("Consumer keys issued on your account.")
consumer_key_app: typer.Typer = command_group("Ask for a new consumer key.")
applications_app: typer.Typer = command_group("Applications allowed on your account.")
dns_app: typer.Typer = command_group("Records of your DNS zones.")
email_app: typer.Typer = command_group("E-mail redirections of your domains.")
app.add_typer(bills_app, name="bills")
app.add_typer(servers_app, name="servers")
app.add_typer(credentials_app, name="credentials")
app.add_typer(consumer_key_app, name="consumer-key")
app.add_typer(applications_app, name="applications")
app.add_typer(dns_app, name="dns")
app.add_typer(email_app, name="email")

DEFAULT_KEY_FILE = "~/.resourcekit/ovh.consumer_key"
BILL_COLUMNS = ("bill_id", "date", "category", "order_id", "price_with_tax")
DETAIL_COLUMNS = ("bill_detail_id", "description", "quantity", "total_price")
SERVER_COLUMNS = ("name", "datacenter", "ip", "os", "power_state", "state", "monitoring")
CREDENTIAL_COLUMNS = ("credential_id", "application_id", "status", "creation", "expiration", "last_use")
APPLICATION_COLUMNS = ("application_id", "name", "status", "description")
RECORD_COLUMNS = ("id", "sub_domain", "field_type", "ttl", "target")
REDIRECTION_COLUMNS = ("id", "from", "to")


@dataclass
class Settings:
    """The connection options of ``resourcekit ovh`` (``None``: the client's variables and files)."""

    endpoint: str | None
    application_key: str | None
    application_secret: str | None
    consumer_key: str | None
    consumer_key_file: str | None
    allow_http: bool = False

    def client(self) -> OVH:
        """An OVH client; the consumer key comes from ``--consumer-key-file`` when one was named.

        Raises:
            ConfigurationError: The named key file is missing or empty.
        """
        consumer_key = self.consumer_key
        if consumer_key is None and self.consumer_key_file:
            path = Path(os.path.expanduser(self.consumer_key_file))
            consumer_key = read_secret_file(path)
            if consumer_key is None:
                # Asked for a key file: never fall back silently to another key (OVH_CONSUMER_KEY).
                raise ConfigurationError(f"no consumer key in {path} (the file is missing or empty)")
        return OVH(
            self.endpoint, self.application_key, self.application_secret, consumer_key, allow_http=self.allow_http
        )


@app.callback()
def main(
    ctx: typer.Context,
    endpoint: Annotated[
        str | None, url_option("ovh-eu, ovh-ca... or a base URL (the server root too)", "OVH_ENDPOINT", "--endpoint")
    ] = None,
    application_key: Annotated[
        str | None, typer.Option(help="The application key [env OVH_APPLICATION_KEY].", show_default=False)
    ] = None,
    application_secret: Annotated[
        str | None, typer.Option(help="The application secret [env OVH_APPLICATION_SECRET].", show_default=False)
    ] = None,
    consumer_key: Annotated[
        str | None, typer.Option(help="The consumer key [env OVH_CONSUMER_KEY].", show_default=False)
    ] = None,
    consumer_key_file: Annotated[
        str | None,
        typer.Option(help="Read the consumer key from this file; it must exist [env OVH_CONSUMER_KEY_FILE]."),
    ] = None,
    allow_http: bool = ALLOW_HTTP_OPTION,
) -> None:
    """OVH commands."""
    ctx.obj = Settings(
        endpoint,
        application_key,
        application_secret,
        consumer_key,
        consumer_key_file or os.environ.get("OVH_CONSUMER_KEY_FILE"),
        allow_http,
    )


def _client(ctx: typer.Context) -> OVH:
    settings = ctx.find_object(Settings)
    assert settings is not None
    return settings.client()


@app.command()
@reports_errors
def me(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Show your account."""
    with _client(ctx) as ovh:
        show(ovh.me.get(), as_json=as_json)


@bills_app.command("list")
@reports_errors
def bills_list(
    ctx: typer.Context,
    category: Annotated[str | None, typer.Option(help="autorenew, purchase, purchase-servers...")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Bills on or after this date (ISO).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Bills on or before this date (ISO).")] = None,
    order_id: Annotated[int | None, typer.Option(help="Bills of this order.")] = None,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List bills (one request for the ids, then the bills, several at a time)."""
    most = effective_limit(limit, show_all)
    with _client(ctx) as ovh:
        page = ovh.me.bills.list(
            category=category,  # pyright: ignore[reportArgumentType]  # checked by the manager
            date_from=date_from,
            date_to=date_to,
            order_id=order_id,
        )
        bills = collect(page, "bills", most)
    show(bills, as_json=as_json, columns=BILL_COLUMNS, title="Bills")


@bills_app.command("get")
@reports_errors
def bills_get(
    ctx: typer.Context,
    bill_id: str,
    details: Annotated[bool, typer.Option(help="Also list the bill's lines.")] = False,
    as_json: bool = JSON_OPTION,
) -> None:
    """Show a bill (and its lines with --details)."""
    with _client(ctx) as ovh:
        bill = ovh.me.bills.get(bill_id)
        lines = bill.details() if details else []
    if as_json:
        show({"bill": bill, "details": lines} if details else bill, as_json=True)
        return
    show(bill, as_json=False, title=f"Bill {bill.bill_id}")
    if details:
        show(lines, as_json=False, columns=DETAIL_COLUMNS, title="Lines")


@servers_app.command("list")
@reports_errors
def servers_list(
    ctx: typer.Context, limit: int | None = LIMIT_OPTION, show_all: bool = ALL_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """List dedicated servers."""
    most = effective_limit(limit, show_all)
    with _client(ctx) as ovh:
        servers = collect(ovh.dedicated.servers.list(), "servers", most)
    show(servers, as_json=as_json, columns=SERVER_COLUMNS, title="Dedicated servers")


@servers_app.command("get")
@reports_errors
def servers_get(ctx: typer.Context, name: str, as_json: bool = JSON_OPTION) -> None:
    """Show a dedicated server."""
    with _client(ctx) as ovh:
        show(ovh.dedicated.servers.get(name), as_json=as_json, title=name)


@servers_app.command("burst")
@reports_errors
def servers_burst(
    ctx: typer.Context,
    name: str,
    status: Annotated[BurstStatus | None, typer.Option(help="Set the burst: active or inactive.")] = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Show a server's network burst, or change it with --status."""
    with _client(ctx) as ovh:
        burst = ovh.dedicated.servers.get(name).burst()
        if status is not None:
            burst.status = status
            burst.save()
            burst.refresh()
    show(burst, as_json=as_json, title=f"Burst of {name}")


@credentials_app.command("list")
@reports_errors
def credentials_list(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(help="validated, pendingValidation, expired or refused.")] = None,
    application_id: Annotated[int | None, typer.Option(help="Credentials of this application.")] = None,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List API credentials (consumer keys) with their applications."""
    most = effective_limit(limit, show_all)
    with _client(ctx) as ovh:
        listing = ovh.me.api.credentials.list(
            status=status,  # pyright: ignore[reportArgumentType]  # checked by the manager
            application_id=application_id,
        )
        credentials = collect(listing, "credentials", most)
        # One request per credential: several at a time, as the client's own listings fetch.
        fetched = map_bounded(_with_application, credentials, ovh.concurrency)
        applications = dict(collect(fetched, "applications", None, len(credentials)))
    if as_json:
        show([{**c.model_dump(), "application": applications[c.credential_id]} for c in credentials], as_json=True)
        return
    rows = [
        {
            **c.model_dump(),
            "application": _application_label(applications[c.credential_id]),
        }
        for c in credentials
    ]
    show(rows, as_json=False, columns=("credential_id", "application", *CREDENTIAL_COLUMNS[2:]), title="Credentials")


@credentials_app.command("revoke")
@reports_errors
def credentials_revoke(
    ctx: typer.Context,
    credential_ids: Annotated[list[str] | None, typer.Argument(help="Credential ids, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Revoke API credentials (DELETE /me/api/credential/{id}): their consumer keys stop working.

    Every credential is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = whole_numbers(flags.targets(credential_ids), "the credential id")
    with _client(ctx) as ovh:

        def revoke(credential_id: int) -> ApiCredential:
            credential = ovh.me.api.credentials.get(credential_id)
            credential.delete()
            return credential

        run_targets(
            revoke,
            targets,
            flags,
            verb="revoke credentials",
            warning="Whatever uses their consumer keys stops working.",
            client=ovh,
            detail=lambda credential: f"revoked (application {credential.application_id})",
        )


@applications_app.command("list")
@reports_errors
def applications_list(
    ctx: typer.Context, limit: int | None = LIMIT_OPTION, show_all: bool = ALL_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """List the applications allowed on your account."""
    most = effective_limit(limit, show_all)
    with _client(ctx) as ovh:
        applications = collect(ovh.me.api.applications.list(), "applications", most)
    show(applications, as_json=as_json, columns=APPLICATION_COLUMNS, title="Applications")


@applications_app.command("delete")
@reports_errors
def applications_delete(
    ctx: typer.Context,
    application_ids: Annotated[
        list[str] | None, typer.Argument(help="Application ids, or - for standard input.")
    ] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete applications (DELETE /me/api/application/{id}) and every credential they hold.

    Every application is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = whole_numbers(flags.targets(application_ids), "the application id")
    with _client(ctx) as ovh:

        def delete(application_id: int) -> ApiApplication:
            application = ovh.me.api.applications.get(application_id)
            application.delete()
            return application

        run_targets(
            delete,
            targets,
            flags,
            verb="delete applications",
            warning="Every consumer key they issued stops working.",
            client=ovh,
            detail=lambda application: f"deleted {application.name}",
        )


def _with_application(credential: ApiCredential) -> tuple[int, ApiApplication]:
    return credential.credential_id, credential.application()


def _application_label(application: ApiApplication) -> str:
    return f"{application.name} ({application.status})"


@consumer_key_app.command("request")
@reports_errors
def consumer_key_request(
    ctx: typer.Context,
    rule: Annotated[list[str], typer.Option("--rule", help="METHOD:/path, repeatable (GET:/me, GET:/me/*).")],
    redirect_url: Annotated[str | None, typer.Option(help="Where OVH sends the user after validation.")] = None,
    allowed_ip: Annotated[list[str] | None, typer.Option(help="Restrict the key to these IPs (repeatable).")] = None,
    key_file: Annotated[str, typer.Option(help="Where to write the new consumer key (mode 600).")] = DEFAULT_KEY_FILE,
    as_json: bool = JSON_OPTION,
) -> None:
    """Ask for a consumer key; the key is written to --key-file, never printed."""
    wanted = [AccessRule.parse(text) for text in rule]
    with _client(ctx) as ovh:
        request = ovh.request_consumer_key(wanted, redirect_url=redirect_url, allowed_ips=allowed_ip)
    path = Path(os.path.expanduser(key_file))
    write_secret_file(path, request.consumer_key)
    result = {"validation_url": request.validation_url, "state": request.state, "consumer_key_file": str(path)}
    if as_json:
        show(result, as_json=True)
        return
    print_lines(
        [
            f"Visit {request.validation_url} to validate the key ({request.state}).",
            f"The consumer key is in {path}; use it with --consumer-key-file {path}",
        ]
    )


# -- DNS records and e-mail redirections --------------------------------------------------------


@dns_app.command("records")
@reports_errors
def dns_records(
    ctx: typer.Context,
    zone: Annotated[str, typer.Argument(help="The zone, e.g. example.com.")],
    field_type: Annotated[str | None, typer.Option("--type", help="Only records of this type (A, CNAME...).")] = None,
    sub_domain: Annotated[str | None, typer.Option(help="Only records of this sub-domain.")] = None,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List a zone's records with their ids (one request for the ids, then the records, several at a time)."""
    most = effective_limit(limit, show_all)
    with _client(ctx) as ovh:
        listing = ovh.domain.zones.records(zone).list(
            field_type=field_type,  # pyright: ignore[reportArgumentType]  # checked by the manager
            sub_domain=sub_domain,
        )
        records = collect(listing, "records", most)
    show(records, as_json=as_json, columns=RECORD_COLUMNS, title=zone)


@dns_app.command("delete-records")
@reports_errors
def dns_delete_records(
    ctx: typer.Context,
    zone: Annotated[str, typer.Argument(help="The zone, e.g. example.com.")],
    record_ids: Annotated[
        list[str] | None, typer.Argument(help="Record ids (see dns records), or - for standard input.")
    ] = None,
    refresh: Annotated[
        bool, typer.Option(help="Publish the zone once the records are deleted (POST .../refresh).")
    ] = True,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete records of a zone (DELETE /domain/zone/{zone}/record/{id}), then publish the zone once.

    Every record is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = whole_numbers(flags.targets(record_ids), "the record id")
    with _client(ctx) as ovh:
        records = ovh.domain.zones.records(zone)

        def delete(record_id: int) -> DnsRecord:
            record = records.get(record_id)
            record.delete()
            return record

        def publish(report: BulkReport[int, DnsRecord]) -> None:
            if refresh and report.succeeded:
                ovh.domain.zones.get(records.zone).refresh_zone()  # the deletions that went through

        run_targets(
            delete,
            targets,
            flags,
            verb=f"delete records of {records.zone}",
            client=ovh,
            detail=lambda record: f"{record.sub_domain or '@'} {record.field_type} {record.target}",
            finish=publish,
        )


@email_app.command("redirections")
@reports_errors
def email_redirections(
    ctx: typer.Context,
    domain: Annotated[str, typer.Argument(help="The e-mail domain.")],
    from_: Annotated[str | None, typer.Option("--from", help="Only redirections of this address.")] = None,
    to: Annotated[str | None, typer.Option(help="Only redirections to this address.")] = None,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List a domain's e-mail redirections with their ids."""
    most = effective_limit(limit, show_all)
    with _client(ctx) as ovh:
        redirections = collect(ovh.email.domain(domain).redirections.list(from_=from_, to=to), "redirections", most)
    if as_json:
        show(redirections, as_json=True)
        return
    rows = [{"id": found.id, "from": found.from_, "to": found.to} for found in redirections]
    show(rows, as_json=False, columns=REDIRECTION_COLUMNS, title=domain)


@email_app.command("delete-redirections")
@reports_errors
def email_delete_redirections(
    ctx: typer.Context,
    domain: Annotated[str, typer.Argument(help="The e-mail domain.")],
    redirection_ids: Annotated[
        list[str] | None, typer.Argument(help="Redirection ids (see email redirections), or - for standard input.")
    ] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete e-mail redirections (DELETE /email/domain/{domain}/redirection/{id}); OVH queues a task for each.

    Every redirection is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(redirection_ids)
    with _client(ctx) as ovh:
        redirections = ovh.email.domain(domain).redirections

        def delete(redirection_id: str) -> tuple[Redirection, RedirectionTask]:
            redirection = redirections.get(redirection_id)
            return redirection, redirection.delete()

        run_targets(
            delete,
            targets,
            flags,
            verb=f"delete redirections of {redirections.domain}",
            client=ovh,
            detail=lambda done: f"{done[0].from_} -> {done[0].to} (task {done[1].id})",
        )


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


@app.command()
@reports_errors
def call(
    ctx: typer.Context,
    method: str,
    path: str,
    params: Annotated[
        list[str] | None, typer.Argument(help="KEY=VALUE: query (GET/DELETE) or body (POST/PUT).")
    ] = None,
    no_auth: Annotated[bool, typer.Option("--no-auth", help="Send unsigned (/auth/time...).")] = False,
) -> None:
    """Call any route: ``call GET /me/bill category=purchase``; values are JSON when they parse."""
    values = {name: _value(text) for name, text in parse_pairs(params).items()}
    upper = method.upper()
    with _client(ctx) as ovh:
        if upper in ("GET", "DELETE"):
            response = ovh.raw_call(upper, path, params=values, need_auth=not no_auth)
        else:
            response = ovh.raw_call(upper, path, values or None, need_auth=not no_auth)
    show(response.parsed, as_json=True)


# -- the demo tour ------------------------------------------------------------------------------


def tour(sandbox: RunningSandbox, console: Console) -> None:
    """Walk the OVH sandbox as a user would: account, bills, servers, redirections, credentials."""
    with sandbox.client() as ovh:
        me = ovh.me.get()
        console.print(f"Welcome {me.firstname} {me.name} ({me.nichandle}, {me.email})")

        table = Table(title="Bills")
        for column in ("bill", "date", "category", "total", "lines"):
            table.add_column(column)
        for bill in ovh.me.bills.list():
            lines = bill.details()
            table.add_row(
                bill.bill_id,
                bill.date.date().isoformat(),
                bill.category or "",
                bill.price_with_tax.text,
                str(len(lines)),
            )
        console.print(table)
        first = ovh.me.bills.list().first()
        if first is not None:
            payment = first.payment()
            console.print(f"Bill {first.bill_id} was paid by {payment.payment_type} on {payment.payment_date:%Y-%m-%d}")

        servers = ovh.dedicated.servers.list().to_list()
        console.print(f"{len(servers)} dedicated servers; enabling network burst on those in sbg1:")
        for server in servers:
            if server.datacenter == "sbg1":
                burst = server.burst()
                burst.status = "active"
                burst.save()
                console.print(f"  {server.name}: burst {burst.refresh().status}")
        if servers:
            server = servers[0]
            server.monitoring = not server.monitoring
            console.print(f"Saving {server.name} with changes {server.changes()}")
            server.save()
            task = server.request_ipmi_access("kvmipHtml5URL", 15, ip_to_allow="192.0.2.10")
            task.wait(interval=0.05)
            access = server.ipmi_access("kvmipHtml5URL")
            console.print(f"IPMI task {task.task_id} {task.status}; KVM at {access.value}")

        domain = ovh.email.domain(ovh.email.domains.names()[0])
        task = domain.redirections.create(f"sales@{domain.name}", "contact@example.net", local_copy=False)
        redirection = domain.redirections.list(from_=f"sales@{domain.name}").to_list()[0]
        console.print(f"Redirection {redirection.from_} -> {redirection.to} ({task.action} task {task.id})")
        redirection.change_target("team@example.net")
        console.print(f"  now -> {redirection.refresh().to}")

        zone = ovh.domain.zones.list().to_list()[0]
        record = zone.records.create("TXT", '"hello from resourcekit"', sub_domain="demo", ttl=300)
        zone.refresh_zone()
        console.print(f"DNS {zone.name}: added {record.field_type} {record.sub_domain} {record.target}")

        table = Table(title="Validated API credentials")
        for column in ("id", "application", "created", "last use"):
            table.add_column(column)
        for credential in ovh.me.api.credentials.list(status="validated"):
            application = credential.application()
            last_use = f"{credential.last_use:%Y-%m-%d %H:%M}" if credential.last_use else "never"
            table.add_row(
                str(credential.credential_id),
                Text(f"[{application.status}] {application.name}"),
                f"{credential.creation:%Y-%m-%d}",
                last_use,
            )
        console.print(table)
        request = ovh.request_consumer_key(rules.read_only("/me"))
        console.print(f"A read-only consumer key awaits validation at {request.validation_url}")
