"""``resourcekit exosite ...``: walk a One Platform client's tree, read and write dataports, and
look at provisioning models, serial numbers and content.

The platform and keys come from ``--url``/``--cik``/``--vendor-token`` or ``EXOSITE_URL``,
``EXOSITE_CIK`` and ``EXOSITE_VENDOR_TOKEN``; keys are never printed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from resourcekit.cli.bulk import CONCURRENCY_OPTION, DRY_RUN_OPTION, FROM_FILE_OPTION, BulkFlags, run_targets
from resourcekit.cli.errors import add_hint, reports_errors
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
from resourcekit.cli.output import JSON_OPTION, epoch, show
from resourcekit.cli.progress import progress
from resourcekit.cli.tree_walk import walk_by_levels
from resourcekit.core.bulk import configured_concurrency
from resourcekit.core.errors import InvalidInputError
from resourcekit.exosite import (
    Alias,
    ClientResource,
    Dataport,
    OnePlatform,
    Provisioning,
    Resource,
    Retention,
    Rid,
)
from resourcekit.exosite.models import Value

app: typer.Typer = command_group("Exosite One Platform: resources, dataports and provisioning.")
provision_app: typer.Typer = command_group("Provisioning: models, serial numbers and content.")
app.add_typer(provision_app, name="provision")

TREE_COLUMNS = ("depth", "type", "alias", "name", "rid", "status")
POINT_COLUMNS = ("timestamp", "value")
SN_COLUMNS = ("sn", "status", "rid", "extra")
CONTENT_COLUMNS = ("id", "type", "size", "updated", "meta", "protected")
MODEL_COLUMNS = ("name", "rid", "code", "options")


@dataclass
class Settings:
    """The connection options of ``resourcekit exosite`` (``None``: the client's environment variable)."""

    url: str | None
    cik: str | None
    vendor_token: str | None
    allow_http: bool = False

    def client(self) -> OnePlatform:
        """A One Platform client for the CIK (close it, or use it as a context manager)."""
        return OnePlatform(self.cik, url=self.url, allow_http=self.allow_http)

    def provisioning(self) -> Provisioning:
        """A provisioning client for the vendor token (else the CIK)."""
        if self.vendor_token is None and self.cik is None:
            return Provisioning(url=self.url, allow_http=self.allow_http)
        return Provisioning(self.vendor_token, self.cik, url=self.url, allow_http=self.allow_http)


@app.callback()
def main(
    ctx: typer.Context,
    url: Annotated[str | None, url_option("The platform", "EXOSITE_URL")] = None,
    cik: Annotated[str | None, typer.Option(help="A client's CIK [env EXOSITE_CIK].")] = None,
    vendor_token: Annotated[str | None, typer.Option(help="A vendor token [env EXOSITE_VENDOR_TOKEN].")] = None,
    allow_http: bool = ALLOW_HTTP_OPTION,
) -> None:
    """Exosite commands."""
    _alias_in_use.clear()
    ctx.obj = Settings(url, cik, vendor_token, allow_http)


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.find_object(Settings)
    assert settings is not None
    return settings


def _value(text: str) -> Value:
    """A number when the text is one, else the text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


# How many clients' children `tree` fetches at once when neither --concurrency nor the client says.
TREE_CONCURRENCY = 8


def _children(record: Resource) -> list[Resource]:
    return record.children() if isinstance(record, ClientResource) else []


def _tree_rows(me: Resource, depth: int, limit: int | None, concurrency: int) -> list[dict[str, Any]]:
    with progress("clients walked") as advance:
        walked = walk_by_levels(
            me,
            _children,
            expands=lambda record: isinstance(record, ClientResource),
            depth=depth,
            concurrency=concurrency,
            walked=advance,
        )
    shown = collect(walked, "resources", limit)
    return [
        {
            "depth": level,
            "type": record.type,
            "alias": record.alias,
            "name": record.name,
            "rid": record.rid,
            "status": record.status,
        }
        for level, record in shown
    ]


_alias_in_use: list[str] = []


@add_hint
def _invalid_alias_hint(error: BaseException) -> str | None:
    # The platform answers a bad alias with a bare "invalid": name the alias the command used.
    if _alias_in_use and ("invalid" in str(error).lower() or type(error).__name__ == "CallInvalidError"):
        return f"is {_alias_in_use[-1]!r} the alias of a dataport of this client? `resourcekit exosite tree` lists them"
    return None


@app.command()
@reports_errors
def tree(
    ctx: typer.Context,
    depth: Annotated[int, typer.Option(help="How many levels to walk.")] = 8,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """The client's resources, depth first (two requests per client resource walked, the clients of
    one level several at a time)."""
    most = effective_limit(limit, show_all)
    with _settings(ctx).client() as op:
        at_once = concurrency or configured_concurrency(op) or TREE_CONCURRENCY
        show(_tree_rows(op.me(), depth, most, at_once), as_json=as_json, columns=TREE_COLUMNS, title="resources")


@app.command()
@reports_errors
def info(
    ctx: typer.Context,
    alias: Annotated[str | None, typer.Argument(help="A child's alias; the client itself when left out.")] = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Info about the client or one of its children (every visible section)."""
    if alias is not None:
        _alias_in_use.append(alias)
    with _settings(ctx).client() as op:
        record = op.me() if alias is None else op.get(Alias(alias))
        show(record, as_json=as_json, title=alias or "this client")


@app.command()
@reports_errors
def read(
    ctx: typer.Context,
    alias: Annotated[str, typer.Argument(help="The dataport's alias.")],
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="How many points, newest first.")] = 10,
    show_all: Annotated[bool, typer.Option("--all", help="Every point the dataport keeps.")] = False,
    as_json: bool = JSON_OPTION,
) -> None:
    """Recent points of a dataport (times in UTC)."""
    _alias_in_use.append(alias)
    with _settings(ctx).client() as op:
        points = op.read(Alias(alias), limit=None if show_all else limit)
    if as_json:
        show([{"timestamp": point.timestamp, "value": point.value} for point in points], as_json=True)
        return
    rows = [{"timestamp": epoch(point.timestamp), "value": point.value} for point in points]
    show(rows, as_json=False, columns=POINT_COLUMNS, title=alias)


@app.command()
@reports_errors
def write(
    ctx: typer.Context,
    alias: Annotated[str, typer.Argument(help="The dataport's alias.")],
    value: Annotated[str, typer.Argument(help="The value (a number when it reads as one).")],
    as_json: bool = JSON_OPTION,
) -> None:
    """Write a value to a dataport now."""
    _alias_in_use.append(alias)
    with _settings(ctx).client() as op:
        op.write(Alias(alias), _value(value))
        latest = op.read(Alias(alias))
        row = {"alias": alias, "timestamp": latest[0].timestamp if latest else None, "value": _value(value)}
        show(row, as_json=as_json, title="written")


def resource_target(text: str) -> Rid | Alias:
    """A command-line target: a resource id when it is 40 hex characters, else a child's alias."""
    return Rid(text) if RID_TEXT.fullmatch(text) else Alias(text)


RID_TEXT = re.compile(r"[0-9a-fA-F]{40}")

RESOURCES_HELP = "Aliases of the client's children or resource ids (40 hex), or - for standard input."


@app.command()
@reports_errors
def drop(
    ctx: typer.Context,
    resources: Annotated[list[str] | None, typer.Argument(help=RESOURCES_HELP)] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete resources (drop): a client goes with its whole subtree, a dataport with its data.

    Every resource is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(resources)
    with _settings(ctx).client() as op:

        def delete(target: str) -> None:
            op.drop(resource_target(target))

        run_targets(
            delete,
            targets,
            flags,
            verb="drop resources",
            warning="Clients go with everything under them.",
            client=op,
            detail=lambda done: "dropped",
        )


@app.command()
@reports_errors
def flush(
    ctx: typer.Context,
    resources: Annotated[list[str] | None, typer.Argument(help=RESOURCES_HELP)] = None,
    newer_than: Annotated[
        str | None, typer.Option(help="Only points after this time (unix seconds or ISO 8601).")
    ] = None,
    older_than: Annotated[
        str | None, typer.Option(help="Only points before this time (unix seconds or ISO 8601).")
    ] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete the stored points of dataports (flush): all, or those strictly between the bounds.

    Every dataport is tried even when some fail; the exit status is 1 when any failed.
    """
    after, before = _moment(newer_than, "--newer-than"), _moment(older_than, "--older-than")
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(resources)
    with _settings(ctx).client() as op:

        def empty(target: str) -> None:
            op.flush(resource_target(target), newer_than=after, older_than=before)

        span = "" if after is None and before is None else " (between the bounds)"
        run_targets(
            empty,
            targets,
            flags,
            verb=f"flush points{span}",
            client=op,
            detail=lambda done: "flushed",
        )


@app.command()
@reports_errors
def unmap(
    ctx: typer.Context,
    aliases: Annotated[list[str] | None, typer.Argument(help="Aliases of the client, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Remove aliases (unmap); the resources stay, reachable by their resource ids.

    Every alias is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(aliases)
    with _settings(ctx).client() as op:

        def remove(alias: str) -> Rid:
            rid = op.lookup(alias)
            op.unmap(alias)
            return rid

        run_targets(
            remove,
            targets,
            flags,
            verb="remove aliases",
            warning="Whatever finds the resources by these names stops finding them.",
            client=op,
            detail=lambda rid: f"unmapped from {rid}",
        )


@dataclass(frozen=True)
class ShareCode:
    """A share code as a bulk target: named by its place in the list, since the code itself is a secret."""

    code: str = field(repr=False)
    place: int

    def __str__(self) -> str:
        return f"share code {self.place}"


@app.command()
@reports_errors
def revoke(
    ctx: typer.Context,
    codes: Annotated[
        list[str] | None, typer.Argument(help="Share codes, or - for standard input (safer: kept out of history).")
    ] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Revoke share codes (revoke share): nobody can activate them any more.

    The codes are never printed: the table names each by its place in the list ("share code 1").
    Every code is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = [ShareCode(code, place) for place, code in enumerate(flags.targets(codes), start=1)]
    with _settings(ctx).client() as op:

        def withdraw(share: ShareCode) -> None:
            op.revoke("share", share.code)

        run_targets(
            withdraw,
            targets,
            flags,
            verb="revoke",
            warning="Whoever holds them can no longer activate them.",
            client=op,
            detail=lambda done: "revoked",
        )


def _moment(text: str | None, option: str) -> int | dt.datetime | None:
    """Unix seconds, or an ISO 8601 time (UTC when it names no offset)."""
    if text is None:
        return None
    if text.strip().isdigit():
        return int(text)
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(f"{option} takes unix seconds or an ISO 8601 time, not {text!r}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)


@provision_app.command("models")
@reports_errors
def provision_models(
    ctx: typer.Context, limit: int | None = LIMIT_OPTION, show_all: bool = ALL_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """The vendor's models (one request per model)."""
    most = effective_limit(limit, show_all)
    with _settings(ctx).provisioning() as prov:
        models = collect((prov.models.get(name) for name in prov.models.names()), "models", most)
    show(models, as_json=as_json, columns=MODEL_COLUMNS, title="models")


@provision_app.command("sn")
@reports_errors
def provision_sn(
    ctx: typer.Context,
    model: Annotated[str, typer.Argument(help="The model's name.")],
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """A model's serial numbers with their status."""
    most = effective_limit(limit, show_all)
    with _settings(ctx).provisioning() as prov:
        serial_numbers = collect(prov.models.get(model).serial_numbers.list(), "serial numbers", most)
    show(serial_numbers, as_json=as_json, columns=SN_COLUMNS, title=f"serial numbers of {model}")


@provision_app.command("content")
@reports_errors
def provision_content(
    ctx: typer.Context,
    model: Annotated[str, typer.Argument(help="The model's name.")],
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """A model's content blobs (one request per blob)."""
    most = effective_limit(limit, show_all)
    with _settings(ctx).provisioning() as prov:
        content = prov.models.get(model).content
        blobs = collect((content.get(blob) for blob in content.ids()), "content", most)
    show(blobs, as_json=as_json, columns=CONTENT_COLUMNS, title=f"content of {model}")


@provision_app.command("sn-delete")
@reports_errors
def provision_sn_delete(
    ctx: typer.Context,
    model: Annotated[str, typer.Argument(help="The model's name.")],
    serial_numbers: Annotated[list[str] | None, typer.Argument(help="Serial numbers, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Remove serial numbers from a model, one request each; devices not yet activated can no longer be.

    Every serial number is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(serial_numbers)
    with _settings(ctx).provisioning() as prov:
        registered = prov.models.get(model).serial_numbers
        run_targets(
            registered.delete,
            targets,
            flags,
            verb=f"remove serial numbers of {model}",
            client=prov,
            detail=lambda done: "removed",
        )


def tour(sandbox: Any, console: Console) -> None:
    """Walk the sandbox as an IoT developer would: the tree, a dataport's data, a change, a device."""
    credentials = sandbox.credentials
    with sandbox.client() as op:
        assert isinstance(op, OnePlatform)
        me = op.me()
        console.print(f"signed in as client {me.name!r} ({me.status}); its resources:")
        table = Table()
        for column in ("", "type", "alias", "name"):
            table.add_column(column)
        for depth, record in me.tree(2):
            table.add_row("  " * (depth - 1) + "-", record.type, record.alias or "", record.name or "")
        console.print(table)

        temperature = me.dataport("temperature")
        history = ", ".join(f"{p.value}" for p in temperature.read(5, sort="asc"))
        console.print(f"first temperature readings: {history}")
        temperature.write(31.5)
        too_hot = me.dataport("too_hot")
        console.print(f"wrote 31.5; the datarule {too_hot.name!r} now says {too_hot.latest()}")

        temperature.name = "Temperature (lab)"
        temperature.retention = Retention(count=1000, duration=24 * 30)
        temperature.save()
        console.print(f"renamed and set retention: {temperature.refresh().name!r}, keep {temperature.retention}")

        with op.batch() as batch:
            handles = [batch.read(Alias(alias)) for alias in ("temperature", "humidity", "pressure")]
        console.print("one batched request: " + ", ".join(str(h.value[0].value) for h in handles if h.value))

    with Provisioning(credentials["vendor_token"], credentials["cik"], url=sandbox.url) as prov:
        model = prov.models.get("thermostat")
        serial_numbers = model.serial_numbers.list().to_list()
        console.print(f"model {model.name!r} has {len(serial_numbers)} serial numbers")
        unused = [candidate for candidate in serial_numbers if candidate.status is None]
        sn = unused[0] if unused else model.serial_numbers.add(f"TOUR{len(serial_numbers) + 1:04d}")
        with OnePlatform(credentials["cik"], url=sandbox.url) as op:
            owner = op.lookup("devices")
        device_rid = sn.enable(owner)
        cik = prov.activate(credentials["vendor"], model.name, sn.sn)
        console.print(
            f"enabled {sn.sn} (device client {device_rid[:8]}...) and activated it; status {sn.refresh().status}"
        )
        firmware = prov.device(cik).download(credentials["vendor"], model.name, "firmware.bin", byte_range=(0, 15))
        console.print(f"the device downloaded the first {len(firmware)} bytes of firmware.bin")
        with OnePlatform(cik, url=sandbox.url) as device:
            port: Dataport = device.dataport(Alias("temperature"))
            port.write(22.0)
            console.print(f"the device wrote {port.latest()} to its own temperature dataport")
