"""``resourcekit siminars ...``: sign in, browse siminars and bundles, and call any route by name.

The address and apitoken come from ``--url`` (alias ``--address``)/``--apitoken`` or
``SIMINARS_ADDRESS``/``SIMINARS_APITOKEN``. ``login`` keeps the session token in a private file
that later commands read: one per server by default (``~/.resourcekit/siminars/<server>.token``),
or ``--token-file``/``SIMINARS_TOKEN_FILE``; the token itself is never printed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Protocol

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
from resourcekit.cli.output import JSON_OPTION, parse_pairs, print_lines, read_secret_file, show, write_secret_file
from resourcekit.core.errors import InvalidInputError
from resourcekit.siminars import MemberRole, Siminar, Siminars
from resourcekit.siminars.errors import LoginRequiredError
from resourcekit.siminars.wire import LAUNCHED, check_id, route_parameters

if TYPE_CHECKING:
    from resourcekit.sandbox.server import RunningSandbox

app: typer.Typer = command_group("Siminars: siminars, steps, bundles, coupons, assets, feedback, users and carts.")
siminars_app: typer.Typer = command_group("Siminars of the signed-in user, any siminar, its steps.")
bundles_app: typer.Typer = command_group("Bundles, their siminars and sessions.")
coupons_app: typer.Typer = command_group("Discount codes you made.")
assets_app: typer.Typer = command_group("Files owned by users or siminars.")
feedback_app: typer.Typer = command_group("Feedback you left.")
app.add_typer(siminars_app, name="siminars")
app.add_typer(bundles_app, name="bundles")
app.add_typer(coupons_app, name="coupons")
app.add_typer(assets_app, name="assets")
app.add_typer(feedback_app, name="feedback")

TOKEN_FOLDER = "~/.resourcekit/siminars"

SIMINAR_COLUMNS = ("id", "title", "status", "is_paid", "purchase_price", "steps_num")
STEP_COLUMNS = ("sequence", "id", "title", "eta", "can_visit")
BUNDLE_COLUMNS = ("id", "title", "plan_id", "siminar_ids")
SESSION_COLUMNS = ("id", "title", "starts_on", "ends_on")
COUPON_COLUMNS = ("id", "code", "item_id", "discount", "uses")
ASSET_COLUMNS = ("id", "title", "kind", "url", "owner_id")
FEEDBACK_COLUMNS = ("id", "object_id", "rating", "text")


@dataclass
class Settings:
    """The connection options of ``resourcekit siminars`` and where the session token is kept."""

    address: str | None
    apitoken: str | None
    authtoken: str | None
    token_file: Path
    allow_http: bool = False

    def client(self, *, signed_in: bool = True) -> Siminars:
        """A client; ``signed_in`` sends the token of ``--authtoken`` or of the token file."""
        token = self.authtoken
        if token is None and signed_in:
            token = read_secret_file(self.token_file)
        return Siminars(self.address, self.apitoken, token, allow_http=self.allow_http)


def token_file_for(address: str | None) -> Path:
    """Where ``login`` keeps the token for a server: one file per address, so signing in to a
    second server never replaces (or sends) the first one's token."""
    server = address or os.environ.get("SIMINARS_ADDRESS") or "default"
    readable = re.sub(r"[^A-Za-z0-9.-]+", "_", server).strip("_")[:60] or "server"
    digest = hashlib.sha256(server.encode()).hexdigest()[:10]
    return Path(os.path.expanduser(TOKEN_FOLDER)) / f"{readable}-{digest}.token"


@add_hint
def _login_hint(error: BaseException) -> str | None:
    if isinstance(error, LoginRequiredError):
        return "sign in first: resourcekit siminars login EMAIL"
    return None


@app.callback()
def main(
    ctx: typer.Context,
    address: Annotated[str | None, url_option("Socket path, host:port or URL", "SIMINARS_ADDRESS", "--address")] = None,
    apitoken: Annotated[str | None, typer.Option(help="The apitoken [env SIMINARS_APITOKEN].")] = None,
    authtoken: Annotated[
        str | None, typer.Option(help="A user token [env SIMINARS_AUTHTOKEN]; else the token file's.")
    ] = None,
    token_file: Annotated[
        str | None,
        typer.Option(
            help=f"Where login keeps the token [env SIMINARS_TOKEN_FILE; default: one per server in {TOKEN_FOLDER}]."
        ),
    ] = None,
    allow_http: bool = ALLOW_HTTP_OPTION,
) -> None:
    """Siminars commands."""
    chosen = token_file or os.environ.get("SIMINARS_TOKEN_FILE")
    path = Path(os.path.expanduser(chosen)) if chosen else token_file_for(address)
    ctx.obj = Settings(address, apitoken, authtoken, path, allow_http)


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.find_object(Settings)
    assert settings is not None
    return settings


class _Titled(Protocol):
    @property
    def title(self) -> str: ...

    def delete(self) -> object: ...


class _TitledManager(Protocol):
    def get(self, object_id: str, /) -> _Titled: ...


def _delete_titled(
    ctx: typer.Context,
    flags: BulkFlags,
    object_ids: list[str] | None,
    manager: Callable[[Siminars], _TitledManager],
    *,
    verb: str,
    warning: str = "",
) -> None:
    """Fetch and delete each object through the bulk runner, naming it by title in the report.

    Fetching first costs a request per object but lets the report say what was deleted, and a
    wrong id fail with the server's "not found" before anything is removed.
    """
    targets = flags.targets(object_ids)
    with _settings(ctx).client() as api:
        objects = manager(api)

        def delete(object_id: str) -> str:
            found = objects.get(object_id)
            found.delete()
            return found.title

        run_targets(
            delete, targets, flags, verb=verb, warning=warning, client=api, detail=lambda title: f"deleted {title}"
        )


@app.command()
@reports_errors
def login(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The user's email address.")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, help="Asked for when omitted.")],
) -> None:
    """Sign in and keep the session token in the token file (readable by you only)."""
    settings = _settings(ctx)
    with settings.client(signed_in=False) as api:
        result = api.login(email, password)
        me = api.whoami()
    write_secret_file(settings.token_file, result.authtoken)
    print_lines([f"signed in as {me.display_name} ({result.user_id}); token kept in {settings.token_file}"])


@app.command()
@reports_errors
def logout(ctx: typer.Context) -> None:
    """End the session and delete the token file."""
    settings = _settings(ctx)
    with settings.client() as api:
        ended = api.logout()
    settings.token_file.unlink(missing_ok=True)
    print_lines(["signed out" if ended else "not signed in"])


@app.command()
@reports_errors
def whoami(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """The signed-in user."""
    with _settings(ctx).client() as api:
        show(api.whoami(), as_json=as_json, title="me")


@app.command()
@reports_errors
def urls(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """The route table: route names and path templates (from the server, else built in)."""
    with _settings(ctx).client() as api:
        table = api.urls()
        if as_json:
            show(table, as_json=True)
            return
        rows = [{"route": name, "path": path} for name, path in sorted(table.items())]
        show(rows, as_json=False, columns=("route", "path"), title=f"routes ({api.urls_source})")


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


@app.command()
@reports_errors
def call(
    ctx: typer.Context,
    route: Annotated[str, typer.Argument(help="A route name from `urls` (siminar, steps, bundle...).")],
    pairs: Annotated[list[str] | None, typer.Argument(help="KEY=VALUE: path placeholders, then data.")] = None,
    method: Annotated[str, typer.Option("--method", "-X", help="GET, POST, PUT or DELETE.")] = "GET",
) -> None:
    """Call any route by name; prints the payload as JSON.

    Values that parse as JSON (numbers, true, lists) are sent as such. Keys that name a placeholder
    of the route's path fill it; the others are the call's data.
    """
    given = parse_pairs(pairs)
    with _settings(ctx).client() as api:
        placeholders = set(route_parameters(api.urls().get(route, "")))
        params = {key: value for key, value in given.items() if key in placeholders}
        data = {key: _value(value) for key, value in given.items() if key not in placeholders}
        payload = api.call(route, method, data, idempotent=None, **params)
    show(payload, as_json=True)


@siminars_app.command("list")
@reports_errors
def list_siminars(
    ctx: typer.Context,
    role: Annotated[
        str | None, typer.Option(help="facilitating, participating or unlaunched (all when omitted).")
    ] = None,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """The signed-in user's siminars."""
    most = effective_limit(limit, show_all)
    with _settings(ctx).client() as api:
        _show_siminars(collect(api.siminars.list(role), "siminars", most), as_json)


def status_name(status: int) -> str:
    """A siminar's status as words (the API sends a number; 12 is launched)."""
    return "launched" if status == LAUNCHED else f"not launched ({status})"


def _show_siminars(siminars: list[Siminar], as_json: bool, title: str = "siminars") -> None:
    if as_json:
        show(siminars, as_json=True)
        return
    rows = [{**siminar.model_dump(), "status": status_name(siminar.status)} for siminar in siminars]
    show(rows, as_json=False, columns=SIMINAR_COLUMNS, title=title)


@siminars_app.command("get")
@reports_errors
def get_siminar(ctx: typer.Context, siminar_id: str, as_json: bool = JSON_OPTION) -> None:
    """One siminar."""
    with _settings(ctx).client() as api:
        siminar = api.siminars.get(siminar_id)
        if as_json:
            show(siminar, as_json=True)
            return
        fields = ("id", "title", "subtitle", "status", "is_paid", "list_price", "purchase_price", "free_steps")
        shown = {name: getattr(siminar, name) for name in fields} | {"status": status_name(siminar.status)}
        show(shown, as_json=False, title="siminar")


@siminars_app.command("steps")
@reports_errors
def siminar_steps(
    ctx: typer.Context,
    siminar_id: str,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """A siminar's steps, in order."""
    most = effective_limit(limit, show_all)
    with _settings(ctx).client() as api:
        steps = collect(iter(api.siminars.get(siminar_id).steps()), "steps", most)
    show(steps, as_json=as_json, columns=STEP_COLUMNS, title="steps")


@siminars_app.command("delete-steps")
@reports_errors
def delete_steps(
    ctx: typer.Context,
    step_ids: Annotated[
        list[str] | None, typer.Argument(help="Step ids (see siminars steps), or - for standard input.")
    ] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete steps of siminars you facilitate; the steps after each one move up.

    Every step is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    _delete_titled(ctx, flags, step_ids, lambda api: api.steps, verb="delete steps")


@siminars_app.command("delete")
@reports_errors
def delete_siminars(
    ctx: typer.Context,
    siminar_ids: Annotated[list[str] | None, typer.Argument(help="Siminar ids, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete siminars you facilitate, with their steps; members lose access.

    Every siminar is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    _delete_titled(
        ctx, flags, siminar_ids, lambda api: api.siminars, verb="delete siminars", warning="Their members lose access."
    )


@siminars_app.command("remove-members")
@reports_errors
def remove_members(
    ctx: typer.Context,
    siminar_id: Annotated[str, typer.Argument(help="The siminar.")],
    user_ids: Annotated[list[str] | None, typer.Argument(help="Members' user ids, or - for standard input.")] = None,
    role: Annotated[str, typer.Option(help="students or instructors.")] = "students",
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Remove members of a siminar, one request each.

    Every member is tried even when some fail; the exit status is 1 when any failed.
    """
    if role not in ("students", "instructors"):
        raise typer.BadParameter("role must be 'students' or 'instructors'")
    chosen: MemberRole = "instructors" if role == "instructors" else "students"
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(user_ids)
    with _settings(ctx).client() as api:
        siminar = api.siminars.get(siminar_id)

        def remove(user_id: str) -> bool:
            return siminar.remove_member(user_id, chosen)

        run_targets(
            remove,
            targets,
            flags,
            verb=f"remove {chosen} of {siminar.title}",
            client=api,
            detail=lambda removed: "removed" if removed else "the server removed nobody",
        )


@bundles_app.command("delete")
@reports_errors
def delete_bundles(
    ctx: typer.Context,
    bundle_ids: Annotated[list[str] | None, typer.Argument(help="Bundle ids, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete bundles of your plans (their siminars stay).

    Every bundle is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    _delete_titled(ctx, flags, bundle_ids, lambda api: api.bundles, verb="delete bundles")


@bundles_app.command("delete-sessions")
@reports_errors
def delete_sessions(
    ctx: typer.Context,
    session_ids: Annotated[
        list[str] | None, typer.Argument(help="Session ids (see bundles sessions), or - for standard input.")
    ] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete sessions of your bundles' series; their members lose them.

    Every session is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    _delete_titled(ctx, flags, session_ids, lambda api: api.sessions, verb="delete sessions")


@bundles_app.command("list")
@reports_errors
def list_bundles(
    ctx: typer.Context,
    plan: Annotated[str | None, typer.Option(help="Only this plan's bundles.")] = None,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Bundles (every bundle, or a plan's)."""
    most = effective_limit(limit, show_all)
    with _settings(ctx).client() as api:
        bundles = collect(api.bundles.list(plan), "bundles", most)
    show(bundles, as_json=as_json, columns=BUNDLE_COLUMNS, title="bundles")


@bundles_app.command("get")
@reports_errors
def get_bundle(ctx: typer.Context, bundle_id: str, as_json: bool = JSON_OPTION) -> None:
    """One bundle."""
    with _settings(ctx).client() as api:
        show(api.bundles.get(bundle_id), as_json=as_json, title="bundle")


@bundles_app.command("siminars")
@reports_errors
def bundle_siminars(
    ctx: typer.Context,
    bundle_id: str,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """The siminars of a bundle."""
    most = effective_limit(limit, show_all)
    with _settings(ctx).client() as api:
        _show_siminars(collect(iter(api.bundles.get(bundle_id).siminars()), "siminars", most), as_json)


@bundles_app.command("sessions")
@reports_errors
def bundle_sessions(
    ctx: typer.Context,
    bundle_id: str,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """The sessions of a bundle's series."""
    most = effective_limit(limit, show_all)
    with _settings(ctx).client() as api:
        sessions = collect(iter(api.bundles.get(bundle_id).sessions()), "sessions", most)
    show(sessions, as_json=as_json, columns=SESSION_COLUMNS, title="sessions")


# -- coupons, assets, feedback --------------------------------------------------------------------


@coupons_app.command("list")
@reports_errors
def list_coupons(
    ctx: typer.Context, limit: int | None = LIMIT_OPTION, show_all: bool = ALL_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """The coupons you made."""
    most = effective_limit(limit, show_all)
    with _settings(ctx).client() as api:
        coupons = collect(iter(api.coupons.list()), "coupons", most)
    show(coupons, as_json=as_json, columns=COUPON_COLUMNS, title="coupons")


@coupons_app.command("delete")
@reports_errors
def delete_coupons(
    ctx: typer.Context,
    codes: Annotated[list[str] | None, typer.Argument(help="Coupon codes, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete coupons you made, by code; buyers can no longer use them.

    Every coupon is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(codes)
    with _settings(ctx).client() as api:

        def delete(code: str) -> int:
            coupon = api.coupons.get(code)
            coupon.delete()
            return coupon.uses

        run_targets(
            delete,
            targets,
            flags,
            verb="delete coupons",
            client=api,
            detail=lambda uses: f"deleted (used {uses} times)",
        )


@assets_app.command("list")
@reports_errors
def list_assets(
    ctx: typer.Context,
    owner_id: Annotated[str, typer.Argument(help="A user's or a siminar's id.")],
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """The files a user or a siminar owns."""
    most = effective_limit(limit, show_all)
    with _settings(ctx).client() as api:
        assets = collect(iter(api.assets.list(owner_id)), "assets", most)
    show(assets, as_json=as_json, columns=ASSET_COLUMNS, title="assets")


@assets_app.command("delete")
@reports_errors
def delete_assets(
    ctx: typer.Context,
    asset_ids: Annotated[
        list[str] | None, typer.Argument(help="Asset ids (see assets list), or - for standard input.")
    ] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete files you own or that siminars you facilitate own.

    Every asset is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    _delete_titled(ctx, flags, asset_ids, lambda api: api.assets, verb="delete assets")


@feedback_app.command("list")
@reports_errors
def list_feedback(
    ctx: typer.Context,
    object_id: Annotated[str | None, typer.Option("--object", help="Only feedback on this object (its id).")] = None,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """The feedback you left, on everything or on one object."""
    most = effective_limit(limit, show_all)
    with _settings(ctx).client() as api:
        found = collect(iter(api.feedback.list(object_id)), "feedback", most)
    show(found, as_json=as_json, columns=FEEDBACK_COLUMNS, title="feedback")


@feedback_app.command("delete")
@reports_errors
def delete_feedback(
    ctx: typer.Context,
    feedback_ids: Annotated[
        list[str] | None, typer.Argument(help="Feedback ids (see feedback list), or - for standard input.")
    ] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete feedback you left (only yours: an id that is not one of them is refused unsent).

    Every one is tried even when some fail; the exit status is 1 when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(feedback_ids)
    with _settings(ctx).client() as api:
        # The API deletes any object by id; only ids from your own feedback list go that far.
        yours = {} if flags.dry_run else {feedback.id: feedback for feedback in api.feedback.list()}

        def delete(feedback_id: str) -> int:
            found = yours.get(check_id(feedback_id, "feedback"))
            if found is None:
                raise InvalidInputError(f"none of your feedback has the id {feedback_id}")
            found.delete()
            return found.rating

        run_targets(
            delete,
            targets,
            flags,
            verb="delete feedback",
            client=api,
            detail=lambda rating: f"deleted (rated {rating})",
        )


def tour(sandbox: RunningSandbox, console: Console) -> None:
    """Walk the sandbox as a facilitator and a student would: browse, navigate, change, buy."""
    credentials = sandbox.credentials
    client: Siminars = sandbox.client()
    with client as api:
        me = api.login(credentials["email"], credentials["password"])
        console.print(f"signed in as {api.whoami().display_name} (user {me.user_id}); routes from {api.urls_source}")
        facilitating = api.siminars.list("facilitating")
        table = Table(title="siminars I facilitate")
        for column in ("title", "status", "price", "steps"):
            table.add_column(column)
        for siminar in facilitating:
            table.add_row(
                siminar.title, status_name(siminar.status), str(siminar.purchase_price), str(len(siminar.step_ids))
            )
        console.print(table)

        seed = facilitating[0]
        console.print(f"{seed.title}: {seed.subtitle}")
        for step in seed.steps():
            console.print(f"  {step.sequence}. {step.title}")
        plan = seed.plan()
        bundles = plan.bundles()
        console.print(f"plan {plan.title!r} holds {len(bundles)} bundle(s)")
        if bundles:
            names = ", ".join(s.title for s in bundles[0].siminars())
            console.print(f"  {bundles[0].title}: {names}; {len(bundles[0].sessions())} session(s)")

        draft = api.siminars.create("Tour: Queues in Practice", subtitle="Made during the demo")
        draft.description = "<p>Workers, retries and dead letters.</p>"
        draft.save()
        draft.add_step("Setting up the queue", eta=15)
        draft.launch()
        console.print(f"created and launched {draft.title!r} (status {draft.refresh().status})")

        student = api.with_options(authtoken=None)
        student.login(credentials["other_email"], credentials["other_password"])
        draft.add_member(str(student.user_id))
        draft.approve_member(str(student.user_id))
        console.print(f"members of the new siminar: {', '.join(u.display_name for u in draft.members())}")

        cart = student.cart.add(seed.id, coupon_code="MONGO50")
        console.print(f"a student's cart: {cart.title!r} for {cart.price} with coupon {cart.coupon_code}")
        purchase = cart.finalize()
        console.print(f"paid: {purchase.paid}; now a student: {student.siminars.get(seed.id).user_is_student}")
        student.logout()
        api.logout()
        console.print("signed out both users")
