"""``resourcekit hookio ...``: the hook.io command line, pipeable like the Python port's ``hookiocli``.

Commands print tables (listings) or ``field | value`` views (one object); ``--json`` prints the
typed value as JSON with the records' Python field names, and ``hookio --raw ...`` prints the
server's reply body as it came (secrets masked), as ``hookiocli`` does. Parameters are
``name=value`` pairs; ``hook run`` sends its standard input as the body when something is piped in.
The key comes from ``--key`` or ``hook_private_key`` / ``hookAccessKey``, the server from ``--url``
or ``HOOKIO_URL``; ``--login user:password`` opens a session first. Errors go to stderr with exit
status 1.
"""

from __future__ import annotations

import fnmatch
import json
import re
import sys
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from resourcekit.cli.bulk import CONCURRENCY_OPTION, DRY_RUN_OPTION, FROM_FILE_OPTION, BulkFlags, run_targets
from resourcekit.cli.errors import add_describer, add_hint, fail, reports_errors
from resourcekit.cli.options import (
    ALL_OPTION,
    ALLOW_HTTP_OPTION,
    LIMIT_OPTION,
    YES_OPTION,
    collect,
    command_group,
    confirm,
    effective_limit,
    url_option,
)
from resourcekit.cli.output import (
    JSON_OPTION,
    parse_pairs,
    plain,
    print_json,
    print_lines,
    show,
    write_bytes,
    write_text,
)
from resourcekit.core.errors import InvalidInputError
from resourcekit.core.response import capture_responses
from resourcekit.hookio import (
    Cron,
    Domain,
    Event,
    Hook,
    HookIO,
    Key,
    LogEntry,
    RoleAccessError,
    StorageObject,
    roles,
    wire,
)

if TYPE_CHECKING:
    from resourcekit.sandbox.server import RunningSandbox

app: typer.Typer = command_group("hook.io: hooks, datastore, logs, events, keys, files, env, metrics, domains.")
hook_app: typer.Typer = command_group("Run, create, change and read hooks.")
datastore_app: typer.Typer = command_group("Your datastore: JSON values by key.")
logs_app: typer.Typer = command_group("A hook's log.")
events_app: typer.Typer = command_group("Your account's events.")
keys_app: typer.Typer = command_group("API keys and roles.")
files_app: typer.Typer = command_group("Your file tree.")
env_app: typer.Typer = command_group("Environment variables of your hooks.")
metrics_app: typer.Typer = command_group("Hook counters.")
domains_app: typer.Typer = command_group("Custom domains.")
account_app: typer.Typer = command_group("Your account.")
server_app: typer.Typer = command_group("The server itself.")
cron_app: typer.Typer = command_group("Crons: URLs requested on a schedule.")
for _sub, _name in (
    (hook_app, "hook"),
    (datastore_app, "datastore"),
    (logs_app, "logs"),
    (events_app, "events"),
    (keys_app, "keys"),
    (files_app, "files"),
    (env_app, "env"),
    (metrics_app, "metrics"),
    (domains_app, "domains"),
    (account_app, "account"),
    (server_app, "server"),
    (cron_app, "cron"),
):
    app.add_typer(_sub, name=_name)

Pairs = Annotated[list[str] | None, typer.Argument(help="Parameters as name=value pairs.", show_default=False)]
OptionalName = Annotated[str | None, typer.Argument()]


@dataclass
class Settings:
    """The connection options of ``resourcekit hookio`` (``None``: the client's environment variable)."""

    key: str | None
    url: str | None
    login: str | None
    verify: bool
    raw: bool = False
    allow_http: bool = False

    @contextmanager
    def client(self) -> Generator[HookIO, None, None]:
        """A client for the duration of the block, signed in first when ``--login`` was given."""
        with HookIO(api_key=self.key, url=self.url, verify=self.verify, allow_http=self.allow_http) as hookio:
            if self.login:
                name, sep, password = self.login.partition(":")
                if not sep:
                    raise typer.BadParameter("--login takes user:password")
                hookio.account.login(name, password)
            yield hookio


@app.callback(no_args_is_help=True)
def main(
    ctx: typer.Context,
    key: Annotated[
        str | None, typer.Option("--key", "-K", help="Your key [env hook_private_key, hookAccessKey].")
    ] = None,
    url: Annotated[str | None, url_option("The server (default https://hook.io)", "HOOKIO_URL")] = None,
    login: Annotated[str | None, typer.Option("--login", "-l", help="Open a session first: user:password.")] = None,
    insecure: Annotated[bool, typer.Option("--insecure", "-k", help="Do not verify TLS certificates.")] = False,
    raw: Annotated[
        bool, typer.Option("--raw", help="Print each reply body as the server sent it (secrets masked).")
    ] = False,
    allow_http: bool = ALLOW_HTTP_OPTION,
) -> None:
    """hook.io commands."""
    ctx.obj = Settings(key, url, login, not insecure, raw, allow_http)


@add_describer
def _role_message(error: BaseException) -> str | None:
    # hook.io's text goes on to send the user to its web site's login page; its first line says
    # which key lacks which role, which is what a command-line user needs. Error messages carry
    # server line breaks escaped (as ``\n``), so both spellings end the first line.
    if isinstance(error, RoleAccessError):
        return re.split(r"\n|\\n", str(error), maxsplit=1)[0].strip() or None
    return None


@add_hint
def _role_hint(error: BaseException) -> str | None:
    if not isinstance(error, RoleAccessError):
        return None
    if str(error).startswith('"anonymous"'):
        return f"no key was sent: pass --key or set hook_private_key to a key holding the role {error.role!r}"
    return (
        f"the key in use does not hold the role {error.role!r}: pass --key with a key that does "
        f"(`resourcekit hookio keys create NAME {error.role}` makes one)"
    )


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.find_object(Settings)
    assert settings is not None
    return settings


# -- output -------------------------------------------------------------------------------------

# The columns of a table of each kind of record.
COLUMNS: dict[type, tuple[str, ...]] = {
    Hook: ("owner", "name", "language", "is_private", "status", "mtime"),
    Key: ("name", "roles", "key_type", "status", "hook_public_key", "ctime"),
    StorageObject: ("name", "size", "content_type", "updated"),
    Domain: ("name", "forward_url", "owner", "mtime"),
    Cron: ("owner", "name", "uri", "cron_expression", "status", "next_execution_date"),
    Event: ("time", "type", "name", "owner", "url"),
}


def _write(text: str) -> None:
    write_text(text if text.endswith("\n") or not text else text + "\n")


def _emit_raw(body: bytes) -> None:
    """A reply body as it came, secrets masked."""
    text = body.decode("utf-8", errors="replace")
    try:
        parsed = json.loads(text)
    except ValueError:
        _write(text)
        return
    masked = wire.REDACTOR.value("", parsed)
    _write(text if masked == parsed else json.dumps(masked))


def _emit(value: Any, as_json: bool, title: str | None = None) -> None:
    """``--json``: the typed value as JSON; else a table, a ``field | value`` view or a line."""
    if as_json or value is None or isinstance(value, bool | int | float):
        print_json(value, wire.REDACTOR)
    elif isinstance(value, str):
        print_lines([value])
    elif isinstance(value, list) and value and type(value[0]) in COLUMNS:  # pyright: ignore[reportUnknownArgumentType]
        show(value, as_json=False, columns=COLUMNS[type(value[0])], title=title, redactor=wire.REDACTOR)  # pyright: ignore[reportUnknownArgumentType]
    else:
        show(value, as_json=False, title=title, redactor=wire.REDACTOR)


@contextmanager
def _raw_reply() -> Generator[list[bytes], None, None]:
    """Collect the body of the last reply made inside the block."""
    holder: list[bytes] = []
    with capture_responses() as log:
        yield holder
    if len(log):
        holder.append(log.last.content)


def _call(ctx: typer.Context, as_json: bool, action: Callable[[HookIO], Any], title: str | None = None) -> None:
    settings = _settings(ctx)
    with settings.client() as hookio, _raw_reply() as body:
        value = action(hookio)
    if settings.raw and body and not as_json:
        _emit_raw(body[0])
    else:
        _emit(value, as_json, title)


def _list(
    ctx: typer.Context, as_json: bool, limit: int | None, show_all: bool, action: Callable[[HookIO], list[Any]]
) -> None:
    """A listing, cut to ``--limit`` (``--raw`` prints the server's whole reply)."""
    most = effective_limit(limit, show_all)
    _call(ctx, as_json, lambda hookio: collect(iter(action(hookio)), "items", most))


def _json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _stdin_text() -> str | None:
    if sys.stdin is None or sys.stdin.isatty():
        return None
    data = sys.stdin.read()
    return data or None


# -- hook ---------------------------------------------------------------------------------------


@hook_app.command("run")
@reports_errors
def hook_run(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="owner/name")],
    pairs: Pairs = None,
    method: Annotated[str, typer.Option("--method", "-X", help="HTTP method.")] = "POST",
    send_key: Annotated[bool | None, typer.Option("--send-key/--anonymous", help="Send the key or not.")] = None,
    stdin: Annotated[bool, typer.Option("--stdin/--no-stdin", help="Send piped standard input as the body.")] = True,
    as_json: bool = JSON_OPTION,
) -> None:
    """Run a hook: name=value pairs are its parameters; piped standard input is the body."""
    params = parse_pairs(pairs)
    body = _stdin_text() if stdin else None
    with _settings(ctx).client() as hookio:
        if body is not None:
            result = hookio.hooks.run(path, body, method=method, params=params, send_key=send_key)
        else:
            result = hookio.hooks.run(path, params, method=method, send_key=send_key)
    if as_json:
        _emit(result.value, True)
    else:
        write_bytes(result.content)


def _source(source: str | None) -> str:
    if source is None or source == "-":
        text = _stdin_text()
        if text is None:
            raise typer.BadParameter("give --source FILE or pipe the source in")
        return text
    return Path(source).read_text()


@hook_app.command("create")
@reports_errors
def hook_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The new hook's name, or a package folder (see hook download).")],
    source: Annotated[str | None, typer.Option(help="Source file ('-' or nothing: standard input).")] = None,
    language: Annotated[str, typer.Option(help="javascript, python...")] = "javascript",
    private: Annotated[bool, typer.Option("--private/--public")] = False,
    as_json: bool = JSON_OPTION,
) -> None:
    """Create a hook from a source, or create or update one from a package folder.

    A folder holding a package.json (as `hook download` writes) is deployed: the hook it names is
    created in your account, or updated when it exists.
    """
    folder = Path(name)
    if folder.is_dir():
        _call(ctx, as_json, lambda h: h.hooks.deploy(folder))
        return
    code = _source(source)
    _call(ctx, as_json, lambda h: h.hooks.create(name, code, language=language, is_private=private))


@hook_app.command("download")
@reports_errors
def hook_download(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="owner/name")],
    folder: Annotated[Path, typer.Argument(help="Where to write the source file and package.json.")],
) -> None:
    """Write a hook's source and a package.json with its settings into a folder."""
    with _settings(ctx).client() as hookio:
        package = hookio.hooks.download(path, folder=folder)
    print_lines([f"wrote {folder / package.main} and {folder / 'package.json'}"])


@hook_app.command("update")
@reports_errors
def hook_update(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="owner/name")],
    source: Annotated[str | None, typer.Option(help="New source file ('-': standard input).")] = None,
    language: Annotated[str | None, typer.Option()] = None,
    private: Annotated[bool | None, typer.Option("--private/--public")] = None,
    rename: Annotated[str | None, typer.Option(help="A new name.")] = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Change a hook's source, language, privacy or name."""
    code = _source(source) if source is not None else None
    _call(
        ctx,
        as_json,
        lambda h: h.hooks.update(path, new_name=rename, source=code, language=language, is_private=private),
    )


@hook_app.command("destroy")
@reports_errors
def hook_destroy(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None, typer.Argument(help="owner/name, owner/pattern (owner/old-*), or - for standard input.")
    ] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete hooks: one, several, every match of owner/pattern, or a list from a file.

    Every target is tried even when some fail; a table shows each outcome and the exit status is 1
    when any failed.
    """
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(paths)
    with _settings(ctx).client() as hookio:
        expanded = _expand_hook_patterns(hookio, targets)
        run_targets(
            hookio.hooks.destroy,
            expanded,
            flags,
            verb="delete hooks",
            detail=lambda deleted: deleted.message or deleted.status,
        )


def _run_many(
    ctx: typer.Context,
    targets: list[str],
    action: Callable[[HookIO], Callable[[str], Any]],
    flags: BulkFlags,
    *,
    verb: str,
    done: str,
    warning: str = "",
) -> None:
    """One action over every target, with a table of outcomes (`resourcekit.cli.bulk`).

    With ``--raw`` and a single target, the server's reply is printed as it came instead.
    """
    settings = _settings(ctx)
    if settings.raw and len(targets) == 1 and not flags.dry_run:
        confirm(" ".join(filter(None, [f"{verb.capitalize()} {targets[0]}?", warning])), flags.yes)
        _call(ctx, flags.as_json, lambda hookio: action(hookio)(targets[0]))
        return
    with settings.client() as hookio:
        run_targets(
            action(hookio),
            targets,
            flags,
            verb=verb,
            warning=warning,
            detail=lambda value: done,
        )


def _expand_hook_patterns(hookio: HookIO, targets: list[str]) -> list[str]:
    """``owner/name`` targets as given; ``owner/pattern`` ones (``*``, ``?``, ``[...]``) replaced by
    the owner's hooks that match (your own hooks, private ones included, or another's public ones)."""
    expanded: list[str] = []
    for target in targets:
        owner, _, pattern = target.partition("/")
        if not any(char in pattern for char in "*?["):
            expanded.append(target)
            continue
        hooks = hookio.account.services() if owner == hookio.owner() else hookio.hooks.list(owner)
        matches = [f"{owner}/{hook.name}" for hook in hooks if fnmatch.fnmatchcase(hook.name, pattern)]
        if not matches:
            raise InvalidInputError(f"no hook of {owner} matches {pattern!r}")
        expanded.extend(matches)
    return list(dict.fromkeys(expanded))


@hook_app.command("source")
@reports_errors
def hook_source(ctx: typer.Context, path: str) -> None:
    """Print a hook's source."""
    with _settings(ctx).client() as hookio:
        write_text(hookio.hooks.source(path))


@hook_app.command("resource")
@reports_errors
def hook_resource(ctx: typer.Context, path: str, as_json: bool = JSON_OPTION) -> None:
    """Print a hook's document."""
    _call(ctx, as_json, lambda h: h.hooks.get(path))


@hook_app.command("list")
@reports_errors
def hook_list(
    ctx: typer.Context,
    owner: str,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """An owner's public hooks (account services lists yours, private ones too)."""
    _list(ctx, as_json, limit, show_all, lambda h: h.hooks.list(owner))


@hook_app.command("fork")
@reports_errors
def hook_fork(
    ctx: typer.Context, path: str, name: Annotated[str | None, typer.Option()] = None, as_json: bool = JSON_OPTION
) -> None:
    """Copy a hook into your account."""
    _call(ctx, as_json, lambda h: h.hooks.fork(path, new_name=name))


# -- datastore ----------------------------------------------------------------------------------


@datastore_app.command("get")
@reports_errors
def datastore_get(ctx: typer.Context, key: str, as_json: bool = JSON_OPTION) -> None:
    """Print a key's value as JSON (``null`` when missing)."""
    del as_json  # a stored value is JSON whichever way it is asked for
    _call(ctx, True, lambda h: h.datastore.get(key))


@datastore_app.command("set")
@reports_errors
def datastore_set(
    ctx: typer.Context,
    key: str,
    pairs: Pairs = None,
    value: Annotated[str | None, typer.Option(help="The value as JSON (else the pairs, else stdin).")] = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Store a value: ``--value JSON``, ``name=value`` pairs (an object of strings) or JSON on stdin."""
    if value is not None:
        data: Any = _json_value(value)
    elif pairs:
        data = parse_pairs(pairs)
    else:
        text = _stdin_text()
        if text is None:
            raise typer.BadParameter("give --value, name=value pairs or JSON on standard input")
        data = _json_value(text)

    def store(hookio: HookIO) -> str:
        hookio.datastore.set(key, data)
        return "OK"

    _call(ctx, as_json, store)


@datastore_app.command("del")
@reports_errors
def datastore_del(
    ctx: typer.Context,
    keys: Annotated[list[str] | None, typer.Argument(help="Keys, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete keys; each one's detail says whether it existed."""
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    targets = flags.targets(keys)
    with _settings(ctx).client() as hookio:
        run_targets(
            hookio.datastore.delete,
            targets,
            flags,
            verb="delete datastore keys",
            detail=lambda existed: "deleted" if existed else "was not there",
        )


@datastore_app.command("recent")
@reports_errors
def datastore_recent(
    ctx: typer.Context, limit: int | None = LIMIT_OPTION, show_all: bool = ALL_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """The keys set most recently."""
    _list(ctx, as_json, limit, show_all, lambda h: h.datastore.recent())


# -- logs and events ----------------------------------------------------------------------------


def _print_entry(entry: Any, as_json: bool, raw_data: bool) -> None:
    data = plain(entry)
    if isinstance(entry, LogEntry) and not raw_data:
        data["data"] = entry.value
    _write(json.dumps(data, sort_keys=True, default=str) if as_json else json.dumps(data, default=str))


@logs_app.command("read")
@reports_errors
def logs_read(
    ctx: typer.Context,
    path: str,
    raw_data: Annotated[bool, typer.Option("--raw-data", "-r", help="Keep data JSON-encoded.")] = False,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """A hook's recent log entries, newest first."""
    most = effective_limit(limit, show_all)
    with _settings(ctx).client() as hookio:
        entries = collect(iter(hookio.hooks.logs(path).read()), "entries", most)
    rows = [{"time": entry.time, "data": entry.data if raw_data else entry.value, "ip": entry.ip} for entry in entries]
    show(rows, as_json=as_json, columns=("time", "data"), title=f"log of {path}")


@logs_app.command("stream")
@reports_errors
def logs_stream(
    ctx: typer.Context,
    path: str,
    count: Annotated[int | None, typer.Option(help="Stop after this many entries.")] = None,
    raw_data: Annotated[bool, typer.Option("--raw-data", "-r", help="Keep data JSON-encoded.")] = False,
    as_json: bool = JSON_OPTION,
) -> None:
    """Follow a hook's log (one JSON line per entry) until interrupted or --count entries."""
    with _settings(ctx).client() as hookio, hookio.hooks.logs(path).stream() as entries:
        _follow(entries, count, lambda entry: _print_entry(entry, as_json, raw_data))


@logs_app.command("flush")
@reports_errors
def logs_flush(ctx: typer.Context, path: str, yes: bool = YES_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Delete a hook's log."""
    confirm(f"Delete every log entry of {path}?", yes)
    _call(ctx, as_json, lambda h: int(h.hooks.logs(path).flush()))


def _follow(entries: Iterator[Any], count: int | None, show: Callable[[Any], None]) -> None:
    seen = 0
    try:
        for entry in entries:
            show(entry)
            seen += 1
            if count is not None and seen >= count:
                return
    except KeyboardInterrupt:
        return


@events_app.command("get")
@reports_errors
def events_get(
    ctx: typer.Context,
    owner: Annotated[str | None, typer.Argument()] = None,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Recent events, newest first (your key's owner by default)."""
    _list(ctx, as_json, limit, show_all, lambda h: h.events.get(owner))


@events_app.command("stream")
@reports_errors
def events_stream(
    ctx: typer.Context,
    owner: Annotated[str | None, typer.Argument()] = None,
    count: Annotated[int | None, typer.Option(help="Stop after this many events.")] = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Follow the events (one JSON line each) until interrupted or --count events."""
    with _settings(ctx).client() as hookio, hookio.events.stream(owner) as events:
        _follow(events, count, lambda event: _print_entry(event, as_json, True))


# -- keys -----------------------------------------------------------------------------------------


@keys_app.command("create")
@reports_errors
def keys_create(
    ctx: typer.Context,
    name: str,
    role_names: Annotated[list[str], typer.Argument(help="Roles (or one comma-separated list).")],
    as_json: bool = JSON_OPTION,
) -> None:
    """Create a key holding roles (its secret is not printed; read it where you manage keys)."""
    _call(ctx, as_json, lambda h: h.keys.create(name, ",".join(role_names)))


@keys_app.command("destroy")
@reports_errors
def keys_destroy(
    ctx: typer.Context,
    names: Annotated[list[str] | None, typer.Argument(help="Key names, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Destroy keys; whatever uses them stops working."""
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    _run_many(
        ctx,
        flags.targets(names),
        lambda hookio: hookio.keys.destroy,
        flags,
        verb="destroy keys",
        warning="Whatever uses them stops working.",
        done="destroyed",
    )


@keys_app.command("all")
@reports_errors
def keys_all(
    ctx: typer.Context, limit: int | None = LIMIT_OPTION, show_all: bool = ALL_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """Every key of your account (secrets masked)."""
    _list(ctx, as_json, limit, show_all, lambda h: h.keys.all())


@keys_app.command("check-access")
@reports_errors
def keys_check_access(ctx: typer.Context, role: str, as_json: bool = JSON_OPTION) -> None:
    """Whether your key holds a role (exit status 1 when it does not)."""
    with _settings(ctx).client() as hookio:
        has_access = hookio.keys.check_access(role)
    _emit({"hasAccess": has_access}, as_json)
    if not has_access:
        raise typer.Exit(1)


@keys_app.command("roles")
def keys_roles(as_json: bool = JSON_OPTION) -> None:
    """The roles the server knows."""
    if as_json:
        _emit(list(roles.ALL_ROLES), True)
    else:
        _write("\n".join(roles.ALL_ROLES))


# -- files ----------------------------------------------------------------------------------------


@files_app.command("read")
@reports_errors
def files_read(ctx: typer.Context, path: str, as_json: bool = JSON_OPTION) -> None:
    """Print a file's contents (``--json``: with its description)."""
    with _settings(ctx).client() as hookio:
        file = hookio.files.read(path)
    if as_json:
        _emit(file, True)
    else:
        write_text(file.contents or "")


@files_app.command("write")
@reports_errors
def files_write(
    ctx: typer.Context,
    path: str,
    contents: Annotated[str | None, typer.Argument(help="The text (else standard input).")] = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Write text to a file."""
    text = contents if contents is not None else _stdin_text()
    if not text:
        raise typer.BadParameter("give the contents or pipe them in")
    _call(ctx, as_json, lambda h: h.files.write(path, text))


@files_app.command("remove")
@reports_errors
def files_remove(
    ctx: typer.Context,
    paths: Annotated[list[str] | None, typer.Argument(help="File paths, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Remove files."""
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    _run_many(
        ctx,
        flags.targets(paths),
        lambda hookio: hookio.files.remove,
        flags,
        verb="remove files",
        done="removed",
    )


@files_app.command("readdir")
@reports_errors
def files_readdir(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument()] = "/",
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """The files under a path."""
    _list(ctx, as_json, limit, show_all, lambda h: h.files.readdir(path))


@files_app.command("stat")
@reports_errors
def files_stat(ctx: typer.Context, path: str, as_json: bool = JSON_OPTION) -> None:
    """A file's description."""
    _call(ctx, as_json, lambda h: h.files.stat(path))


@files_app.command("upload")
@reports_errors
def files_upload(ctx: typer.Context, path: str, source: Path, as_json: bool = JSON_OPTION) -> None:
    """Store a local file's bytes at a path."""
    _call(ctx, as_json, lambda h: h.files.upload(path, source))


@files_app.command("download")
@reports_errors
def files_download(ctx: typer.Context, path: str) -> None:
    """Write a file's bytes to standard output, as they arrive."""
    with _settings(ctx).client() as hookio:
        for chunk in hookio.files.iter_download(path):
            write_bytes(chunk)


# -- env ------------------------------------------------------------------------------------------


@env_app.command("get")
@reports_errors
def env_get(
    ctx: typer.Context, name: Annotated[str | None, typer.Argument()] = None, as_json: bool = JSON_OPTION
) -> None:
    """Every variable, or one."""
    if name is None:
        _call(ctx, as_json, lambda h: h.env.all())
    else:
        with _settings(ctx).client() as hookio:
            variables = hookio.env.all()
        if name not in variables:
            raise fail(f"no variable {name!r}")
        _emit(variables[name], as_json)


@env_app.command("set")
@reports_errors
def env_set(
    ctx: typer.Context, pairs: Annotated[list[str], typer.Argument(help="NAME=VALUE (JSON when it parses).")]
) -> None:
    """Set variables; ``NAME=`` stores an empty string and ``NAME=0`` the number 0."""
    changes = {name: _json_value(value) if value else "" for name, value in parse_pairs(pairs).items()}
    with _settings(ctx).client() as hookio:
        if any(value is None for value in changes.values()):
            raise InvalidInputError("null would delete a variable; use: env del NAME")
        hookio.env.update(changes)
    _write('{"status":"updated"}')


@env_app.command("del")
@reports_errors
def env_del(
    ctx: typer.Context,
    names: Annotated[list[str] | None, typer.Argument(help="Variable names, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete variables, one request each, one after the other (they share one document).

    Each one's detail says whether it was set.
    """
    # The variables share one document: each update goes on the one the previous left.
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=1, as_json=as_json)
    targets = flags.targets(names)
    with _settings(ctx).client() as hookio:
        present = set(hookio.env.all()) if not flags.dry_run else set[str]()

        def delete(name: str) -> bool:
            hookio.env.update({name: None})
            return name in present

        run_targets(
            delete,
            targets,
            flags,
            verb="delete variables",
            detail=lambda existed: "deleted" if existed else "was not set",
        )


# -- metrics, domains, account --------------------------------------------------------------------


@metrics_app.command("hits")
@reports_errors
def metrics_hits(ctx: typer.Context, path: str) -> None:
    """How many times a hook ran."""
    with _settings(ctx).client() as hookio:
        _write(str(hookio.metrics.hits(path)))


@domains_app.command("all")
@reports_errors
def domains_all(
    ctx: typer.Context, limit: int | None = LIMIT_OPTION, show_all: bool = ALL_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """Your domains."""
    _list(ctx, as_json, limit, show_all, lambda h: h.domains.all())


@domains_app.command("create")
@reports_errors
def domains_create(ctx: typer.Context, name: str, forward_url: str, as_json: bool = JSON_OPTION) -> None:
    """Point a domain at a hook path."""
    _call(ctx, as_json, lambda h: h.domains.create(name, forward_url))


@domains_app.command("get")
@reports_errors
def domains_get(ctx: typer.Context, name: str, as_json: bool = JSON_OPTION) -> None:
    """One domain."""
    _call(ctx, as_json, lambda h: h.domains.get(name))


@domains_app.command("find")
@reports_errors
def domains_find(
    ctx: typer.Context,
    pairs: Pairs = None,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Domains whose fields equal the name=value pairs (wire names, e.g. forwardUrl=/marak/echo)."""
    criteria = parse_pairs(pairs)
    _list(ctx, as_json, limit, show_all, lambda h: h.domains.find(**criteria))


@domains_app.command("update")
@reports_errors
def domains_update(ctx: typer.Context, name: str, forward_url: str, as_json: bool = JSON_OPTION) -> None:
    """Point a domain elsewhere."""
    _call(ctx, as_json, lambda h: h.domains.update(name, forward_url=forward_url))


@domains_app.command("destroy")
@reports_errors
def domains_destroy(
    ctx: typer.Context,
    names: Annotated[list[str] | None, typer.Argument(help="Domain names, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Remove domains."""
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    _run_many(
        ctx,
        flags.targets(names),
        lambda hookio: hookio.domains.destroy,
        flags,
        verb="remove domains",
        done="removed",
    )


@account_app.command("whoami")
@reports_errors
def account_whoami(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Who you are (the session's account, else your key's owner)."""
    with _settings(ctx).client() as hookio:
        account = hookio.account.whoami()
    if as_json:
        _emit(account, True)
    else:
        _write(account.name)


@account_app.command("services")
@reports_errors
def account_services(
    ctx: typer.Context, limit: int | None = LIMIT_OPTION, show_all: bool = ALL_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """Your hooks."""
    _list(ctx, as_json, limit, show_all, lambda h: h.account.services())


@account_app.command("signup")
@reports_errors
def account_signup(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A name, or an email the name is derived from.")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, help="Asked for when not given.")],
) -> None:
    """Create an account (and check that its session works)."""
    with _settings(ctx).client() as hookio:
        hookio.account.signup(name, password)
        _write(hookio.account.whoami().name)


@server_app.command("languages")
@reports_errors
def server_languages(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """The languages hooks can be written in."""
    with _settings(ctx).client() as hookio:
        languages = hookio.server.languages()
    if as_json:
        _emit(languages, True)
    else:
        _write("\n".join(languages))


@cron_app.command("all")
@reports_errors
def cron_all(
    ctx: typer.Context,
    owner: OptionalName = None,
    limit: int | None = LIMIT_OPTION,
    show_all: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Your crons (or an owner's)."""
    _list(ctx, as_json, limit, show_all, lambda h: h.crons.all(owner))


@cron_app.command("get")
@reports_errors
def cron_get(
    ctx: typer.Context, path: Annotated[str, typer.Argument(help="owner/name")], as_json: bool = JSON_OPTION
) -> None:
    """One cron."""
    _call(ctx, as_json, lambda h: h.crons.get(path))


@cron_app.command("create")
@reports_errors
def cron_create(
    ctx: typer.Context,
    name: str,
    uri: str,
    expression: Annotated[str, typer.Argument(help='A cron expression, e.g. "*/5 * * * *".')],
    paused: Annotated[bool, typer.Option("--paused/--active")] = False,
    as_json: bool = JSON_OPTION,
) -> None:
    """Request a URI on a schedule."""
    _call(ctx, as_json, lambda h: h.crons.create(name, uri, expression, status="paused" if paused else "active"))


@cron_app.command("update")
@reports_errors
def cron_update(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="owner/name")],
    uri: Annotated[str | None, typer.Option()] = None,
    expression: Annotated[str | None, typer.Option()] = None,
    status: Annotated[str | None, typer.Option(help="active or paused")] = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Change a cron."""
    _call(ctx, as_json, lambda h: h.crons.update(path, uri=uri, cron_expression=expression, status=status))


@cron_app.command("destroy")
@reports_errors
def cron_destroy(
    ctx: typer.Context,
    paths: Annotated[list[str] | None, typer.Argument(help="owner/name of crons, or - for standard input.")] = None,
    from_file: str | None = FROM_FILE_OPTION,
    yes: bool = YES_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    concurrency: int | None = CONCURRENCY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete crons."""
    flags = BulkFlags(from_file=from_file, yes=yes, dry_run=dry_run, concurrency=concurrency, as_json=as_json)
    _run_many(
        ctx,
        flags.targets(paths),
        lambda hookio: hookio.crons.destroy,
        flags,
        verb="delete crons",
        done="deleted",
    )


# -- gateways -----------------------------------------------------------------------------------


@app.command("gateway")
@reports_errors
def gateway_run(
    ctx: typer.Context,
    language: Annotated[str, typer.Argument(help="python, javascript...")],
    pairs: Pairs = None,
    source: Annotated[str | None, typer.Option(help="The snippet's file ('-' or nothing: standard input).")] = None,
) -> None:
    """Run a snippet (from standard input or --source) with name=value parameters; print its output.

    `resourcekit hookio gateway python < snippet.py`. Gateways are public: no key is sent.
    """
    code = _source(source)
    params = parse_pairs(pairs)
    with _settings(ctx).client() as hookio:
        result = hookio.gateway.run(code, language=language, params=params)
    write_bytes(result.content)


# -- the demo -------------------------------------------------------------------------------------


def tour(sandbox: RunningSandbox, console: Console) -> None:
    """Walk the sandbox as a hook.io user would: run, create, log, store, stream, clean up."""
    hookio: HookIO = sandbox.client()
    with hookio:
        console.print(f"signed in with a key of {hookio.owner()}")
        table = Table(title="my hooks")
        for column in ("name", "language", "private"):
            table.add_column(column)
        for hook in hookio.hooks.services():
            table.add_row(hook.name, hook.language, "yes" if hook.is_private else "")
        console.print(table)

        echo = hookio.hooks.get("marak/echo")
        console.print(f"{echo.path} answers {echo.run({'hello': 'tour'}).json()}")

        source = (
            "import sys, json\n"
            "entry = {'type': 'log', 'payload': {'entry': 'greeted ' + Hook.params['name']}}\n"
            "sys.stderr.write(json.dumps(entry) + '\\n')\n"
            "print('Hello, ' + Hook.params['name'] + '!')\n"
        )
        hello = hookio.hooks.create("tour-hello", source, language="python")
        console.print(f"created {hello.path} ({hello.language}); it says {hello.run({'name': 'Ada'}).text.strip()!r}")
        hello.source = source.replace("Hello", "Welcome")
        hello.save()
        console.print(f"after save() it says {hello.run({'name': 'Grace'}).text.strip()!r}")
        for entry in hello.logs.read():
            console.print(f"  log {entry.time:%H:%M:%S} {entry.value}")
        with hello.logs.stream() as entries:
            first = next(entries)
        console.print(f"streamed the log live from its oldest entry: {first.value!r}; {hello.metrics.hits()} hit(s)")

        hookio.datastore["tour"] = {"visited": True, "stops": [1, 2, 3]}
        console.print(f"datastore['tour'] = {hookio.datastore['tour']}; recent keys: {hookio.datastore.recent()}")
        hookio.env.set("TOUR_LEVEL", 0)
        console.print(f"env TOUR_LEVEL = {hookio.env.get('TOUR_LEVEL')!r} (0 is a value, not a deletion)")
        note = hookio.files.write("/tour.txt", "written during the tour")
        console.print(f"file {note.path}: {hookio.files.read_text(note.path)!r}")
        console.print(f"keys: {', '.join(key.name for key in hookio.keys.all())} (secrets never shown)")
        console.print(f"domains: {', '.join(d.name + ' -> ' + d.forward_url for d in hookio.domains.all())}")
        console.print(f"{len(hookio.events.get())} recent event(s), newest {hookio.events.get()[0].type}")
        hello.delete()
        note.delete()
        console.print(f"cleaned up; {sandbox.side_effects.total()} write(s) recorded by the sandbox")
