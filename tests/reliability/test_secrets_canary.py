"""Canary secrets never leak: every secret type set to a unique, recognisable value, every provider
exercised over real loopback HTTP with DEBUG logging (resourcekit, httpx, httpcore, uvicorn),
retries, dropped connections, authentication and validation failures, chained exceptions, reprs,
pickles, response captures and the CLI; no canary (nor its URL-encoded form) may show anywhere.

Secrets the SERVER issues count too: each emulator is told to put a canary prefix in front of every
session id, bearer token, consumer key, authtoken, CIK or key it hands out.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import logging
import pickle
import traceback
from collections.abc import Callable, Generator, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, quote_plus

import pytest
from rich.console import Console
from typer.testing import CliRunner

from resourcekit.cli.main import app as cli_app
from resourcekit.cli.main import provider_module
from resourcekit.core.errors import (
    APIError,
    AuthenticationError,
    InvalidInputError,
    NotFoundError,
    ResourceKitError,
    ServerError,
)
from resourcekit.core.options import TransportOptions
from resourcekit.core.response import capture_responses
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

E = TypeVar("E", bound=BaseException)

PROVIDERS = ("hexonet", "ovh", "exosite", "hookio", "siminars")
WATCHED_LOGGERS = ("resourcekit", "httpx", "httpcore", "hpack", "uvicorn", "uvicorn.error")
# Where the collector is attached: the root (what logging.basicConfig configures) and uvicorn's own
# logger, which does not propagate. The sandbox server's access log stays off, as it is configured.
HANDLED_LOGGERS = ("", "uvicorn")


# Two leaks sit in resourcekit/core (owned by the lead; patches in the report). Until they are
# fixed the tests that catch them are expected to fail; once fixed, these probes turn the marks off
# (strict: a pass while the probe still says "unfixed" fails the run).
# 1. httpx logs each request's full URL at INFO (Siminars' apitoken/authtoken in GET queries) and
#    httpcore each reply's headers at DEBUG (hook.io's session cookie): nothing filters them.
THIRD_PARTY_LOGS_UNFILTERED = not logging.getLogger("httpx").filters
# 2. TransportOptions' repr shows secret headers and a proxy's password.
OPTIONS_REPR_UNMASKED = "***" not in repr(
    TransportOptions(base_url="https://x.invalid", headers={"Authorization": "x"}, proxy="http://u:p@proxy.invalid")
)
needs_log_filter = pytest.mark.xfail(
    THIRD_PARTY_LOGS_UNFILTERED,
    reason="httpx/httpcore log secret query values and Set-Cookie; core log-redaction patch pending",
    strict=True,
)
needs_options_repr = pytest.mark.xfail(
    OPTIONS_REPR_UNMASKED,
    reason="TransportOptions repr shows secret headers and proxy passwords; core patch pending",
    strict=True,
)


def canary(provider: str, kind: str) -> str:
    """``CANARY-ovh-as-1a2b3c4d+x/y=``: unique, greppable, and changed by URL-encoding."""
    digest = hashlib.sha256(f"{provider}:{kind}".encode()).hexdigest()[:8]
    return f"CANARY-{provider}-{kind}-{digest}+x/y="


def token_prefix(provider: str) -> str:
    """Put by the emulator in front of every session, token or key it issues."""
    digest = hashlib.sha256(f"{provider}:issued".encode()).hexdigest()[:6]
    return f"CANARYISSUED{provider}{digest}"


# Credentials each emulator is created with (names as in its ``credentials``).
GIVEN: dict[str, dict[str, str]] = {
    "hexonet": {
        "password": canary("hexonet", "pw"),
        "otp_password": canary("hexonet", "otp-pw"),
        "otp": canary("hexonet", "otp"),
    },
    "ovh": {
        "application_secret": canary("ovh", "as"),
        "consumer_key": canary("ovh", "ck"),
        "client_secret": canary("ovh", "cs"),
    },
    "exosite": {"cik": canary("exosite", "cik"), "vendor_token": canary("exosite", "vendor-token")},
    "hookio": {"hook_private_key": canary("hookio", "key"), "password": canary("hookio", "pw")},
    "siminars": {"password": canary("siminars", "pw"), "apitoken": canary("siminars", "apitoken")},
}
# Wrong secrets the scenarios try (they must not leak either).
WRONG = {provider: canary(provider, "wrong") for provider in PROVIDERS}


def needles(provider: str) -> dict[str, str]:
    """Every text that must never show, by label: each canary, its encoded forms, the issued prefix."""
    raw = {**{f"{provider}.{name}": value for name, value in GIVEN[provider].items()}}
    raw[f"{provider}.wrong"] = WRONG[provider]
    raw[f"{provider}.issued"] = token_prefix(provider)
    found: dict[str, str] = {}
    for label, value in raw.items():
        found[label] = value
        found[f"{label} (url-encoded)"] = quote(value, safe="")
        found[f"{label} (form-encoded)"] = quote_plus(value)
        found[f"{label} (json)"] = json.dumps(value)[1:-1]
        found[f"{label} (without suffix)"] = value.split("+", 1)[0]
    return found


# -- collecting everything a user could see --------------------------------------------------------


@dataclass
class Scan:
    """Texts a user or an attacker could read, gathered during a scenario, then searched."""

    provider: str
    texts: list[tuple[str, str]] = field(default_factory=list[tuple[str, str]])
    log_lines: list[str] = field(default_factory=list[str])
    errors: int = 0

    def text(self, where: str, value: str) -> None:
        self.texts.append((where, value))

    def obj(self, where: str, value: Any) -> None:
        """``repr`` and ``str`` of an object (a client, record, page, response...)."""
        self.text(f"repr({where})", repr(value))
        self.text(f"str({where})", str(value))

    def objs(self, where: str, values: Iterable[Any]) -> None:
        for index, value in enumerate(values):
            self.obj(f"{where}[{index}]", value)

    def pickled(self, where: str, value: Any) -> None:
        self.text(f"pickle({where})", pickle.dumps(value).decode("latin-1"))

    def error(self, where: str, error: BaseException) -> None:
        """The error, its chain, and its traceback as the interpreter would print them."""
        self.errors += 1
        self.obj(where, error)
        self.text(f"traceback({where})", "".join(traceback.format_exception(error)))
        for name in ("message", "url", "raw", "code", "request_id"):
            if hasattr(error, name):
                self.text(f"{where}.{name}", repr(getattr(error, name)))
        chained = error.__cause__ or error.__context__
        if chained is not None:
            self.error(f"{where}.__cause__", chained)

    def raises(self, where: str, kind: type[E], action: Callable[[], object]) -> E:
        """Run ``action``, expect ``kind``; record the error, and a wrapper chained from it."""
        with pytest.raises(kind) as caught:
            action()
        self.error(where, caught.value)
        try:
            try:
                raise caught.value
            except BaseException as inner:
                raise ResourceKitError(f"while testing {where}") from inner
        except ResourceKitError as outer:
            self.error(f"{where} (chained)", outer)
        return caught.value

    def attempt(self, where: str, action: Callable[[], object]) -> None:
        """Run ``action`` that may fail or recover (a truncated reply may be retried); scan either way."""
        try:
            self.obj(where, action())
        except ResourceKitError as error:
            self.error(where, error)

    def leaks(self) -> list[str]:
        found: list[str] = []
        forms = needles(self.provider)
        for where, value in [*self.texts, *(("log", line) for line in self.log_lines)]:
            for label, needle in forms.items():
                if needle in value:
                    start = value.index(needle)
                    found.append(f"{label} in {where}: ...{value[max(0, start - 80) : start + 40]!r}")
                    break  # one report per text is enough
        return found


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self._seen: set[int] = set()
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if id(record) in self._seen:
            return
        self._seen.add(id(record))
        self.lines.append(self.format(record))


@contextmanager
def debug_logging(scan: Scan) -> Generator[None, None, None]:
    """Everything at DEBUG, as a user who turns on root DEBUG logging gets it, collected."""
    collector = _Collector()
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in WATCHED_LOGGERS)]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    for name in HANDLED_LOGGERS:
        logging.getLogger(name).addHandler(collector)
    try:
        yield
    finally:
        for name in HANDLED_LOGGERS:
            logging.getLogger(name).removeHandler(collector)
        for logger, level, disabled in saved:
            logger.setLevel(level)
            logger.disabled = disabled
        scan.log_lines.extend(collector.lines)


def no_sleep(seconds: float) -> None:
    """Retries in these tests do not wait."""


@contextmanager
def canary_sandbox(provider: str) -> Generator[RunningSandbox, None, None]:
    settings = SandboxSettings(seed_size=3, credentials=GIVEN[provider], token_prefix=token_prefix(provider))
    with run_sandbox(provider, settings=settings) as sandbox:
        yield sandbox


# -- the CLI -------------------------------------------------------------------------------------


def run_cli(scan: Scan, env: Mapping[str, str], *args: str, ok: bool = True, stdin: str | None = None) -> str:
    result = CliRunner().invoke(cli_app, list(args), env={"COLUMNS": "200", **env}, input=stdin)
    where = "cli " + " ".join(args[:4])
    scan.text(where, result.output)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        scan.error(where, result.exception)
    if ok:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code != 0, result.output
    return result.output


# -- the providers -------------------------------------------------------------------------------


def exercise_ovh(sb: RunningSandbox, scan: Scan, tmp_path: Path) -> None:
    from resourcekit.ovh import OVH, rules
    from resourcekit.sandbox.ovh import endpoint

    creds = sb.credentials
    with sb.client(sleep=no_sleep) as ovh, capture_responses() as log:
        scan.obj("client", ovh)
        me = ovh.me.get()
        scan.obj("me", me)
        scan.pickled("me", me)
        me.firstname = "Augusta"
        me.save()
        page = ovh.me.bills.list()
        scan.obj("page", page)
        bills = page.to_list()
        scan.objs("bill", bills)
        scan.pickled("bill", bills[0])
        scan.objs("details", bills[0].details())
        sb.faults.fail_next(1, 503)
        ovh.me.get()
        sb.faults.drop_next(1)
        ovh.me.get()
        sb.faults.fail_next(3, 503)  # the first attempt and both retries
        scan.raises("retries exhausted", ServerError, ovh.me.get)
        raw = ovh.raw_call("GET", "/me")
        scan.obj("raw_call", raw)
        domain = ovh.email.domain("example.com")
        task = domain.redirections.create("canary@example.com", "contact@example.com", local_copy=False)
        scan.obj("task", task)
        scan.raises("validation", InvalidInputError, lambda: ovh.get("me"))
        scan.raises("validation of a record", InvalidInputError, lambda: domain.redirections.create("x", "y"))
        scan.raises("not found", NotFoundError, lambda: ovh.me.bills.get("FR-missing"))
        scan.objs("credentials", ovh.me.api.credentials.list().to_list())
        copy = ovh.with_options(timeout=5, max_retries=0)
        scan.obj("copy", copy)
    scan.objs("captured", log)
    # A consumer key the server issues (prefixed) is used from then on.
    with OVH(
        endpoint(sb.url), creds["application_key"], creds["application_secret"], config_file=None, sleep=no_sleep
    ) as fresh:
        request = fresh.request_consumer_key(rules.read_only("/me"))
        assert request.consumer_key.startswith(token_prefix("ovh"))
        scan.obj("consumer key request", request)
        scan.obj("client with issued key", fresh)
        scan.raises("pending consumer key", AuthenticationError, fresh.me.get)
    with sb.client(application_secret=WRONG["ovh"], sleep=no_sleep) as wrong:
        scan.obj("client with a wrong secret", wrong)
        scan.raises("wrong application secret", AuthenticationError, wrong.me.get)
    # OAuth2: the bearer token the server issues is prefixed.
    with sb.client(client_id=creds["client_id"], client_secret=creds["client_secret"], sleep=no_sleep) as oauth:
        scan.obj("oauth2 client", oauth)
        scan.obj("oauth2 me", oauth.me.get())
        assert sb.emulator.state.tokens and all(t.startswith(token_prefix("ovh")) for t in sb.emulator.state.tokens)
        sb.emulator.state.tokens.clear()  # the token expires: the client gets another
        oauth.me.get()
        sb.emulator.state.tokens.clear()
        sb.faults.truncate_next(1)  # the token request comes first
        scan.attempt("truncated token reply", oauth.me.get)
    with sb.client(client_id=creds["client_id"], client_secret=WRONG["ovh"], sleep=no_sleep) as bad_oauth:
        scan.raises("wrong client secret", APIError, bad_oauth.me.get)

    env = {**sb.environment(), "HOME": str(tmp_path)}
    run_cli(scan, env, "ovh", "me")
    run_cli(scan, env, "ovh", "me", "--json")
    run_cli(scan, env, "ovh", "bills", "list", "--json")
    run_cli(scan, env, "ovh", "credentials", "list")
    run_cli(scan, env, "ovh", "call", "GET", "/me")
    key_file = tmp_path / "ck"
    run_cli(scan, env, "ovh", "consumer-key", "request", "--rule", "GET:/me", "--key-file", str(key_file), "--json")
    assert key_file.read_text().startswith(token_prefix("ovh"))
    run_cli(scan, env, "ovh", "--consumer-key-file", str(key_file), "me", ok=False)
    run_cli(scan, env, "ovh", "call", "GET", "/no/such/path", ok=False)
    run_cli(scan, {**env, "OVH_APPLICATION_SECRET": WRONG["ovh"]}, "ovh", "me", "--json", ok=False)


def exercise_hexonet(sb: RunningSandbox, scan: Scan, tmp_path: Path) -> None:
    from resourcekit.hexonet import Hexonet
    from resourcekit.sandbox.hexonet import endpoint
    from resourcekit.sandbox.hexonet.state import OTP_LOGIN

    state = sb.emulator.state
    with sb.client(sleep=no_sleep) as hexonet, capture_responses() as log:
        scan.obj("client", hexonet)
        status = hexonet.account.status()
        scan.obj("status", status)
        scan.pickled("status", status)
        listing = hexonet.domains.list()
        scan.obj("listing", listing)
        domains = list(listing)
        scan.objs("domain", domains)
        scan.pickled("domain", domains[0])
        scan.objs("contact", list(hexonet.contacts.list()))
        saved = hexonet.login()
        assert saved.session.startswith(token_prefix("hexonet"))
        scan.obj("saved session", saved)
        scan.obj("client in a session", hexonet)
        hexonet.command({"COMMAND": "ModifyDomain", "DOMAIN": domains[0].domain, "AUTH": "changed-auth-1"})
        sb.faults.fail_next(1, 503)
        hexonet.account.status()
        sb.faults.drop_next(1)
        hexonet.account.status()
        state.expire_sessions()  # the session ends: the client logs in again once
        hexonet.account.status()
        sb.faults.fail_next(3, 503)  # the first attempt and both retries
        scan.raises("retries exhausted", ResourceKitError, hexonet.account.status)
        scan.obj("command_response", hexonet.command_response({"COMMAND": "StatusAccount"}))
        scan.raises(
            "validation",
            InvalidInputError,
            lambda: hexonet.command({"COMMAND": "StatusDomain", "DOMAIN": "bad..ü.com"}),
        )
        scan.raises(
            "not found", APIError, lambda: hexonet.command({"COMMAND": "StatusDomain", "DOMAIN": "missing-domain.com"})
        )
        scan.raises("missing parameter", APIError, lambda: hexonet.command({"COMMAND": "AddContact", "FIRSTNAME": "A"}))
        scan.obj("copy", hexonet.with_options(timeout=5))
        raw_session = hexonet.command({"COMMAND": "StartSession"})
        scan.obj("raw StartSession reply", raw_session)
        hexonet.logout()
        sb.faults.truncate_next(1)
        scan.attempt("truncated login reply", hexonet.login)
    scan.objs("captured", log)
    with sb.client(password=WRONG["hexonet"], sleep=no_sleep) as wrong:
        scan.obj("client with a wrong password", wrong)
        scan.raises("wrong password", AuthenticationError, wrong.account.status)
        scan.raises("wrong password at login", AuthenticationError, wrong.login)
    with Hexonet(
        OTP_LOGIN,
        GIVEN["hexonet"]["otp_password"],
        otp=GIVEN["hexonet"]["otp"],
        system="ote",
        url=endpoint(sb.url),
        sleep=no_sleep,
    ) as otp_client:
        scan.obj("otp client", otp_client)
        scan.obj("otp status", otp_client.account.status())
        scan.obj("otp client in a session", otp_client)
    with Hexonet(
        OTP_LOGIN,
        GIVEN["hexonet"]["otp_password"],
        otp=WRONG["hexonet"],
        system="ote",
        url=endpoint(sb.url),
        sleep=no_sleep,
    ) as bad_otp:
        scan.raises("wrong otp", AuthenticationError, bad_otp.account.status)

    env = sb.environment()
    run_cli(scan, env, "hexonet", "domains", "list")
    run_cli(scan, env, "hexonet", "domains", "list", "--json")
    run_cli(scan, env, "hexonet", "domains", "get", domains[1].domain, "--json")
    run_cli(scan, env, "hexonet", "account", "status")
    run_cli(scan, env, "hexonet", "command", "StatusAccount")
    run_cli(scan, env, "hexonet", "command", "QueryDomainList", "LIMIT=2", "--json")
    run_cli(scan, env, "hexonet", "domains", "get", "missing-domain.com", ok=False)
    run_cli(scan, {**env, "HEXONET_PASSWORD": WRONG["hexonet"]}, "hexonet", "account", "status", "--json", ok=False)


def exercise_exosite(sb: RunningSandbox, scan: Scan, tmp_path: Path) -> None:
    from resourcekit.exosite import Alias, OnePlatform, Provisioning

    creds = sb.credentials
    unlimited = {"client": "inherit", "dataport": "inherit", "datarule": "inherit", "dispatch": "inherit"}
    with sb.client(sleep=no_sleep) as op, capture_responses() as log:
        scan.obj("client", op)
        scan.obj("auth", op.auth)
        me = op.me()
        scan.obj("me", me)
        scan.pickled("me", me)
        children = me.children()
        scan.objs("child", children)
        child = me.create_client(name="canary", limits=unlimited)
        assert child.key is not None and child.key.get_secret_value().startswith(token_prefix("exosite"))
        scan.obj("new client", child)
        port = child.create_dataport("float", alias="temperature")
        scan.obj("port", port)
        port.write(21.5)
        scan.obj("point", port.latest())
        sb.faults.fail_next(1, 503)
        port.read(5)
        sb.faults.drop_next(1)
        port.read(5)
        with OnePlatform(child.key.get_secret_value(), url=sb.url, sleep=no_sleep) as device:
            scan.obj("device client", device)
            device.http_write({"temperature": 22})
            scan.text("http_read", repr(device.http_read("temperature")))
            scan.obj("raw_http", device.raw_http("GET", "/timestamp"))
            scan.raises(
                "hdi error", ResourceKitError, lambda: device.http_record({"temperature": [(300, 1), (300, 2)]})
            )
        scan.raises("rpc error", ResourceKitError, lambda: op.read(Alias("no-such-alias")))
        scan.raises("validation", InvalidInputError, lambda: op.with_options(client_id="not-a-rid"))
        sb.faults.fail_next(3, 503)  # the first attempt and both retries
        scan.raises("retries exhausted", ResourceKitError, lambda: op.read(Alias("temperature")))
        scan.obj("acting as", op.with_options(client_id=child.rid))
        granted = child.grant(["info", "read"])
        assert granted.startswith(token_prefix("exosite"))
        with OnePlatform(token=granted, url=sb.url, sleep=no_sleep) as by_token:
            scan.obj("client with a token", by_token)
            scan.obj("token auth", by_token.auth)
            scan.raises("token not allowed", ResourceKitError, lambda: by_token.write(Alias("temperature"), 1))
        child.drop()
    scan.objs("captured", log)
    with OnePlatform(WRONG["exosite"], url=sb.url, sleep=no_sleep) as wrong:
        scan.obj("client with a wrong cik", wrong)
        scan.raises("wrong cik", AuthenticationError, wrong.me)
    with Provisioning(creds["vendor_token"], creds["cik"], url=sb.url, sleep=no_sleep) as provision:
        scan.obj("provisioning", provision)
        scan.text("models", repr(provision.models.names()))
        model = provision.models.get("thermostat")
        scan.obj("model", model)
        scan.objs("serial numbers", model.serial_numbers.list())
        scan.raises("missing model", ResourceKitError, lambda: provision.models.get("no-such-model"))
    with Provisioning(WRONG["exosite"], url=sb.url, sleep=no_sleep) as wrong_vendor:
        scan.raises("wrong vendor token", ResourceKitError, wrong_vendor.models.names)

    env = sb.environment()
    run_cli(scan, env, "exosite", "tree")
    run_cli(scan, env, "exosite", "tree", "--json")
    run_cli(scan, env, "exosite", "info", "devices")
    run_cli(scan, env, "exosite", "info", "devices", "--json")
    run_cli(scan, env, "exosite", "write", "humidity", "48.5", "--json")
    run_cli(scan, env, "exosite", "provision", "models", "--json")
    run_cli(scan, env, "exosite", "provision", "sn", "thermostat")
    run_cli(scan, env, "exosite", "read", "no-such-alias", ok=False)
    run_cli(scan, {**env, "EXOSITE_CIK": WRONG["exosite"]}, "exosite", "tree", "--json", ok=False)


def exercise_hookio(sb: RunningSandbox, scan: Scan, tmp_path: Path) -> None:
    from resourcekit.hookio import HookIO

    creds = sb.credentials
    with sb.client(sleep=no_sleep) as hookio, capture_responses() as log:
        scan.obj("client", hookio)
        result = hookio.hooks.run("marak/echo", {"a": "1"})
        scan.obj("run", result)
        hook = hookio.hooks.get("marak", "echo")
        scan.obj("hook", hook)
        scan.pickled("hook", hook)
        hookio.datastore.set("canary-entry", {"n": 1})
        scan.text("datastore", repr(hookio.datastore.get("canary-entry")))
        keys = hookio.keys.all()
        scan.objs("key", keys)
        scan.pickled("datastore value", hookio.datastore.get("canary-entry"))
        created = hookio.keys.create("canary-key", "hook::run")
        assert (created.hook_private_key or "").startswith(token_prefix("hookio"))
        scan.obj("created key", created)
        with HookIO(api_key=created.hook_private_key, url=sb.url, sleep=no_sleep) as limited:
            scan.obj("client with an issued key", limited)
            scan.raises("issued key lacks a role", ResourceKitError, limited.keys.all)
        sb.faults.fail_next(1, 503)
        hookio.datastore.get("canary-entry")
        sb.faults.drop_next(1)
        hookio.datastore.get("canary-entry")
        sb.faults.fail_next(3, 503)  # the first attempt and both retries
        scan.raises("retries exhausted", ResourceKitError, lambda: hookio.datastore.get("canary-entry"))
        scan.raises("not found", NotFoundError, lambda: hookio.hooks.get("marak", "no-such-hook"))
        scan.raises("validation", InvalidInputError, lambda: hookio.account.login("", ""))
        hookio.account.login(creds["owner"], creds["password"])
        scan.obj("client after login", hookio)
        scan.raises(
            "wrong password", AuthenticationError, lambda: hookio.account.login(creds["owner"], WRONG["hookio"])
        )
        scan.obj("copy", hookio.with_options(timeout=5))
        hookio.keys.destroy("canary-key")
    scan.objs("captured", log)
    with HookIO(api_key=WRONG["hookio"], url=sb.url, sleep=no_sleep) as wrong:
        scan.obj("client with a wrong key", wrong)
        scan.raises("wrong key", ResourceKitError, wrong.keys.all)

    env = sb.environment()
    run_cli(scan, env, "hookio", "hook", "run", "marak/echo", "a=1")
    run_cli(scan, env, "hookio", "keys", "all")
    run_cli(scan, env, "hookio", "keys", "all", "--json")
    run_cli(scan, env, "hookio", "keys", "create", "cli-canary", "hook::run", "--json")
    run_cli(scan, env, "hookio", "datastore", "get", "canary-entry", "--json")
    run_cli(scan, env, "hookio", "hook", "resource", "marak/no-such-hook", ok=False)
    run_cli(scan, {**env, "hook_private_key": WRONG["hookio"]}, "hookio", "keys", "all", "--json", ok=False)


def exercise_siminars(sb: RunningSandbox, scan: Scan, tmp_path: Path) -> None:
    from resourcekit.siminars import Siminars

    creds = sb.credentials
    with sb.client(sleep=no_sleep) as api, capture_responses() as log:
        scan.obj("anonymous client", api)
        login = api.login(creds["email"], creds["password"])
        assert login.authtoken.startswith(token_prefix("siminars"))
        scan.obj("login", login)
        scan.obj("client", api)
        me = api.whoami()
        scan.obj("me", me)
        scan.pickled("me", me)
        siminars = api.siminars.list("facilitating")
        scan.objs("siminar", siminars)
        created = api.siminars.create("Canary course", subtitle="Secrets")
        scan.obj("created", created)
        scan.objs("steps", created.steps() if hasattr(created, "steps") else [])
        sb.faults.fail_next(1, 503)
        api.whoami()
        sb.faults.drop_next(1)
        api.whoami()
        sb.faults.fail_next(3, 503)  # the first attempt and both retries
        scan.raises("retries exhausted", ResourceKitError, api.whoami)
        scan.obj("raw", api.request_raw("GET", "/urls"))
        scan.raises("validation", InvalidInputError, lambda: api.siminars.create("  "))
        scan.raises("not found", ResourceKitError, lambda: api.siminars.get("0" * 24))
        scan.raises("wrong password", APIError, lambda: api.with_options().login(creds["email"], WRONG["siminars"]))
        scan.obj("copy", api.with_options())
        other = api.with_options()
        sb.faults.truncate_next(1, path="/authtoken")
        scan.attempt("truncated login reply", lambda: other.login(creds["email"], creds["password"]))
        token = api.authtoken
        assert token is not None
        api.logout()
    scan.objs("captured", log)
    with Siminars(sb.url, creds["apitoken"], token, sleep=no_sleep) as stale:
        scan.obj("client with an ended token", stale)
        scan.raises("ended authtoken", AuthenticationError, stale.whoami)
    with Siminars(sb.url, WRONG["siminars"], sleep=no_sleep) as wrong:
        scan.raises("wrong apitoken", APIError, lambda: wrong.siminars.get("0" * 24))

    token_file = tmp_path / "token"
    env = {**sb.environment(), "SIMINARS_TOKEN_FILE": str(token_file)}
    run_cli(scan, env, "siminars", "login", creds["email"], stdin=creds["password"] + "\n")
    assert token_file.read_text().startswith(token_prefix("siminars"))
    run_cli(scan, env, "siminars", "whoami")
    run_cli(scan, env, "siminars", "whoami", "--json")
    run_cli(scan, env, "siminars", "siminars", "list", "--json")
    run_cli(scan, env, "siminars", "call", "authtoken")
    run_cli(scan, env, "siminars", "siminars", "get", "0" * 24, ok=False)
    run_cli(scan, env, "siminars", "login", creds["email"], stdin=WRONG["siminars"] + "\n", ok=False)
    run_cli(scan, env, "siminars", "logout")
    run_cli(scan, env, "siminars", "whoami", ok=False)


SCENARIOS: dict[str, Callable[[RunningSandbox, Scan, Path], None]] = {
    "hexonet": exercise_hexonet,
    "ovh": exercise_ovh,
    "exosite": exercise_exosite,
    "hookio": exercise_hookio,
    "siminars": exercise_siminars,
}


@pytest.mark.parametrize(
    "provider",
    [
        "hexonet",
        "ovh",
        "exosite",
        pytest.param("hookio", marks=needs_log_filter),
        pytest.param("siminars", marks=needs_log_filter),
    ],
)
def test_no_canary_leaks(
    provider: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    reliability_figures: Callable[..., None],
) -> None:
    monkeypatch.chdir(tmp_path)  # no stray ./ovh.conf
    scan = Scan(provider)
    with canary_sandbox(provider) as sb, debug_logging(scan):
        async_client = sb.async_client()
        scan.obj("async client", async_client)
        asyncio.run(async_client.aclose())
        SCENARIOS[provider](sb, scan, tmp_path)
    # The demo tour of the provider, on a fresh canary sandbox, as `resourcekit demo` prints it.
    with canary_sandbox(provider) as sb, debug_logging(scan):
        shown = io.StringIO()
        provider_module(provider).tour(sb, Console(file=shown, width=200, soft_wrap=True))
        scan.text("demo tour", shown.getvalue())
    assert scan.log_lines, "nothing was logged: the scan would prove nothing"
    assert any(line.startswith("resourcekit DEBUG") for line in scan.log_lines)
    assert any(line.startswith("resourcekit INFO retrying") for line in scan.log_lines), "no retry was exercised"
    leaks = scan.leaks()
    reliability_figures(
        f"secrets.canary.{provider}",
        canaries=len(GIVEN[provider]) + 2,
        needles=len(needles(provider)),
        log_lines=len(scan.log_lines),
        texts=len(scan.texts),
        errors=scan.errors,
        leaks=len(leaks),
    )
    assert not leaks, "\n".join(leaks[:20])


def test_canaries_are_unique_and_used() -> None:
    """Each canary is distinct and none is a part of another (a hit names exactly one secret)."""
    values = [value for given in GIVEN.values() for value in given.values()]
    values += list(WRONG.values()) + [token_prefix(provider) for provider in PROVIDERS]
    assert len(set(values)) == len(values)
    for value in values:
        assert [other for other in values if value in other] == [value]
    assert all(quote(value, safe="") != value for value in values if "+" in value)


def test_emulators_honour_chosen_credentials() -> None:
    """The sandbox plumbing the canary test relies on: chosen credentials replace the seeded ones."""
    from resourcekit.sandbox.registry import get_provider

    for provider in PROVIDERS:
        settings = SandboxSettings(seed_size=1, credentials=GIVEN[provider], token_prefix=token_prefix(provider))
        created = get_provider(provider).create(settings).credentials
        for name, value in GIVEN[provider].items():
            if name in created:
                assert created[name] == value, (provider, name)
        plain = get_provider(provider).create(SandboxSettings(seed_size=1)).credentials
        assert not any(value in plain.values() for value in GIVEN[provider].values())


@needs_options_repr
@pytest.mark.parametrize("provider", PROVIDERS)
def test_connection_settings_never_show_secrets(provider: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy's password and a secret header given to a client stay out of its reprs, and out of
    the transport options' repr (which tracebacks with locals and debuggers show)."""
    from resourcekit.sandbox.registry import get_provider

    monkeypatch.chdir(tmp_path)
    entry = get_provider(provider)
    settings = SandboxSettings(seed_size=1, credentials=GIVEN[provider], token_prefix=token_prefix(provider))
    credentials = entry.create(settings).credentials
    proxy_password = canary(provider, "proxy")
    header_secret = canary(provider, "header")
    client = entry.sync_client(
        "https://api.example.invalid",
        credentials,
        proxy=f"http://user:{quote(proxy_password, safe='')}@proxy.invalid:3128",
        headers={"Authorization": f"Bearer {header_secret}"},
    )
    with client:
        shown = [repr(client), str(client), repr(client._transport), repr(client._transport.options)]
    for text in shown:
        for secret in (proxy_password, header_secret, *GIVEN[provider].values()):
            for form in (secret, quote(secret, safe=""), secret.split("+", 1)[0]):
                assert form not in text, (provider, text)


def _echoes_rejected_values() -> bool:
    from pydantic import ValidationError

    from resourcekit.core.records import Model

    class Probe(Model):
        number: int = 0

    try:
        Probe.model_validate({"number": "probe-value"})
    except ValidationError as error:
        return "probe-value" in str(error)
    return False


# 3. A value a record refuses on assignment is echoed by pydantic's message (an auth code, say).
RECORD_ERRORS_ECHO_INPUT = _echoes_rejected_values()


def _record_to_change(provider: str, client: Any) -> tuple[Any, str]:
    """A record of the provider and one of its writable fields."""
    if provider == "ovh":
        return client.me.get(), "country"
    if provider == "hexonet":
        return next(iter(client.domains.list())), "auth"
    if provider == "exosite":
        return client.me(), "name"
    if provider == "hookio":
        return client.hooks.get("marak", "echo"), "source"
    from resourcekit.sandbox.siminars.state import SEED_SIMINAR_ID

    return client.siminars.get(SEED_SIMINAR_ID), "title"


@pytest.mark.xfail(
    RECORD_ERRORS_ECHO_INPUT, reason="records echo refused values in errors; core patch pending", strict=True
)
@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_refused_assignment_does_not_echo_the_value(provider: str, tmp_path: Path) -> None:
    from resourcekit.sandbox.server import inprocess_sandbox

    # Short, as real auth codes are: pydantic shortens long values in its messages, not short ones.
    secret = "CNRY" + hashlib.sha256(provider.encode()).hexdigest()[:6]
    scan = Scan(provider)
    settings = SandboxSettings(seed_size=2, credentials=GIVEN[provider], token_prefix=token_prefix(provider))
    with inprocess_sandbox(provider, settings=settings) as sb, sb.client(sleep=no_sleep) as client:
        if provider == "siminars":
            client.login(sb.credentials["email"], sb.credentials["password"])
        record, name = _record_to_change(provider, client)
        with pytest.raises(ValueError) as refused:  # InvalidInputError or pydantic's ValidationError
            setattr(record, name, {"password": secret})
    scan.error(f"{type(record).__name__}.{name} = ...", refused.value)
    shown = "\n".join(text for _, text in scan.texts)
    assert secret not in shown
    assert not scan.leaks()
