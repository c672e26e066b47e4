"""Bad input is refused with `InvalidInputError` before anything is sent, for every provider.

Each case runs against a sync and an async client whose HTTP transport records every request;
after the error the record is empty and `capture_responses()` saw nothing. The cases are a table
across providers and kinds of input: path segments (``/``, ``..``, ``.``, empty, control
characters), raw paths, domain names (IDNA failures, labels over 63, names over 253, empty
labels), identifiers (Exosite RIDs, Siminars ids), closed sets, HEXONET command injection (CR/LF
in values, keys that are not names) and header injection (CR/LF in header values). Properties of
the shared validators (`resourcekit.core.validate`) are checked with hypothesis.
"""

from __future__ import annotations

import functools
import inspect
import string
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from resourcekit.core.errors import InvalidInputError
from resourcekit.core.response import capture_responses
from resourcekit.core.validate import (
    MAX_DOMAIN_LENGTH,
    MAX_LABEL_LENGTH,
    domain_name,
    path_segment,
    raw_path,
    single_line,
)
from resourcekit.exosite import Alias, AsyncModel, AsyncProvisioning, DataportDescription, Model, Provisioning
from resourcekit.hexonet import wire as hexonet_wire
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.registry import get_provider, provider_names

URL = "http://sandbox.local"
SIMINAR_ID = "138097802129319418098000"[:19] + "18098"
SECRET = "s3cr3t-t0ken-value-never-shown"
LONG_LABEL = "a" * 64 + ".com"
LONG_NAME = ("a" * 60 + ".") * 5 + "com"

Call = Callable[[Any], Any]


class Recorder:
    """An httpx transport handler that records what reaches it (nothing should)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(500, text="the test should not have sent anything")


@functools.cache
def credentials(provider: str) -> Mapping[str, str]:
    name = "exosite" if provider == "exosite-provisioning" else provider
    return get_provider(name).create(SandboxSettings()).credentials


def make_client(provider: str, *, asynchronous: bool, recorder: Recorder, **options: Any) -> Any:
    """A client of ``provider`` that sends through ``recorder`` (and never retries)."""
    options = {"http_transport": httpx.MockTransport(recorder), "max_retries": 0, **options}
    if provider == "exosite-provisioning":
        token = credentials(provider)["vendor_token"]
        cls = AsyncProvisioning if asynchronous else Provisioning
        return cls(token=token, url=URL, **options)
    factory = get_provider(provider)
    build = factory.async_client if asynchronous else factory.sync_client
    return build(URL, credentials(provider), **options)


def model(client: Any) -> Any:
    """A bound provisioning model record named ``m`` (no request)."""
    cls = AsyncModel if isinstance(client, AsyncProvisioning) else Model
    return cls(name="m").bind(client)


def case(provider: str, kind: str, call: Call, match: str, name: str) -> Any:
    return pytest.param(provider, call, match, id=f"{provider}/{kind}/{name}")


CASES = [
    # -- OVH --------------------------------------------------------------------------------
    case("ovh", "path-segment", lambda c: c.dedicated.servers.get(".."), r"cannot be '\.\.'", "dotdot"),
    case("ovh", "path-segment", lambda c: c.dedicated.servers.get("."), r"cannot be '\.'", "dot"),
    case("ovh", "path-segment", lambda c: c.dedicated.servers.get("../me"), "cannot contain '/'", "slash"),
    case("ovh", "path-segment", lambda c: c.me.bills.get(""), "the bill id or name .* cannot be empty", "empty"),
    case("ovh", "path-segment", lambda c: c.me.bills.get("FR1\r\nX: y"), "control characters", "crlf"),
    case("ovh", "path-segment", lambda c: c.dedicated.servers.task("ns1", "1/2"), "cannot contain '/'", "task"),
    case("ovh", "raw-path", lambda c: c.get("/me/../auth/credential"), r"'\.' or '\.\.' segments", "dotdot"),
    case("ovh", "raw-path", lambda c: c.call("GET", "/me\r\nX-Evil: 1"), "control characters", "crlf"),
    case("ovh", "raw-path", lambda c: c.get("me"), "must start with '/'", "relative"),
    case("ovh", "closed-set", lambda c: c.call("PATCH", "/me"), "method must be one of GET, POST", "method"),
    case("ovh", "domain", lambda c: c.domain.zones.get("a..example.com"), "empty label", "empty-label"),
    case("ovh", "domain", lambda c: c.domain.zones.get(LONG_LABEL), "at most 63", "long-label"),
    case("ovh", "domain", lambda c: c.domain.zones.get(LONG_NAME), "at most 253", "long-name"),
    case("ovh", "domain", lambda c: c.domain.zones.get("xn--zz.com"), "not a valid domain name", "bad-a-label"),
    case("ovh", "domain", lambda c: c.domain.zones.get("exa mple.com"), "spaces", "space"),
    case("ovh", "domain", lambda c: c.email.domain("-bad.example"), "not a valid domain name", "email-domain"),
    case(
        "ovh",
        "domain",
        lambda c: c.email.domain("example.com").redirections.create("a@b..com", "c@d.com"),
        "from_",
        "redirection-from",
    ),
    case(
        "ovh",
        "closed-set",
        lambda c: c.domain.zones.records("example.com").create("BOGUS", "192.0.2.1"),
        "field_type must be one of A, AAAA",
        "dns-field-type",
    ),
    case(
        "ovh",
        "closed-set",
        lambda c: c.domain.zones.records("example.com").ids(field_type="ANY"),
        "field_type must be one of",
        "dns-field-type-filter",
    ),
    case(
        "ovh",
        "domain",
        lambda c: c.domain.zones.records("example.com").create("A", "192.0.2.1", sub_domain="a..b"),
        "sub_domain",
        "sub-domain",
    ),
    case("ovh", "closed-set", lambda c: c.me.bills.ids(category="gift"), "category must be one of", "bill-category"),
    case(
        "ovh",
        "closed-set",
        lambda c: c.me.api.credentials.ids(status="revoked"),
        "status must be one of",
        "credential-status",
    ),
    # -- HEXONET ----------------------------------------------------------------------------
    case(
        "hexonet",
        "command-injection",
        lambda c: c.command({"COMMAND": "StatusDomain", "DOMAIN": "example.com", "X": "a\nCOMMAND=DeleteDomain"}),
        "X: values cannot contain control characters or line breaks",
        "lf-in-value",
    ),
    case(
        "hexonet",
        "command-injection",
        lambda c: c.domains.create("example.com", owner_contact="P-1\r\nCOMMAND=DeleteDomain"),
        "OWNERCONTACT0: values cannot contain control characters or line breaks",
        "crlf-in-contact",
    ),
    case(
        "hexonet",
        "command-injection",
        lambda c: c.contacts.get("P-1\rDELETE=1"),
        "CONTACT: values cannot contain control characters or line breaks",
        "cr-in-handle",
    ),
    case(
        "hexonet",
        "command-injection",
        lambda c: c.command("COMMAND=StatusAccount\nAUTH=a\rCOMMAND=DeleteDomain"),
        "AUTH: values cannot contain control characters or line breaks",
        "cr-in-text-command",
    ),
    *(
        case(
            "hexonet",
            "command-injection",
            lambda c, character=character: c.command({"COMMAND": "StatusAccount", "NOTE": f"a{character}b"}),
            "NOTE: values cannot contain control characters or line breaks",
            f"{name}-in-value",
        )
        for name, character in (
            ("nul", "\x00"),
            ("vt", "\x0b"),
            ("ff", "\x0c"),
            ("nel", "\x85"),
            ("line-separator", "\u2028"),
            ("paragraph-separator", "\u2029"),
        )
    ),
    case(
        "hexonet",
        "command-injection",
        lambda c: c.command("COMMAND=StatusAccount\nNOTE=a\x0bCOMMAND=DeleteDomain"),
        "NOTE: values cannot contain control characters or line breaks",
        "vt-in-text-command",
    ),
    case(
        "hexonet",
        "credential",
        lambda c: c.with_options(remote_address="10.0.0.1\ns_pw=x").account.status(),
        "remote_address must be an IPv4 or IPv6 address",
        "remote-address-injection",
    ),
    case(
        "hexonet",
        "credential",
        lambda c: c.with_options(remote_address="localhost").account.status(),
        "remote_address must be an IPv4 or IPv6 address",
        "remote-address-name",
    ),
    case(
        "hexonet",
        "credential",
        lambda c: c.with_options(user_view="sub\x00user").account.status(),
        "user_view: values cannot contain control characters",
        "user-view-nul",
    ),
    case(
        "hexonet",
        "credential",
        lambda c: c.with_options(user_view="sub user").account.status(),
        "user_view must be a login",
        "user-view-space",
    ),
    case(
        "hexonet",
        "command-key",
        lambda c: c.command({"COMMAND": "StatusAccount", "KEY\n": "x"}),
        "not a valid parameter name",
        "trailing-lf-in-key",
    ),
    case(
        "hexonet",
        "command-key",
        lambda c: c.command({"COMMAND": "StatusAccount", "BAD KEY": "x"}),
        "not a valid parameter name",
        "space-in-key",
    ),
    case(
        "hexonet",
        "command-key",
        lambda c: c.command({"COMMAND": "StatusAccount", "A=B": "x"}),
        "not a valid parameter name",
        "equals-in-key",
    ),
    case(
        "hexonet",
        "command-key",
        lambda c: c.domains.create("example.com", owner_contact="P-1", extra={"X\nY": "1"}),
        "not a valid parameter name",
        "lf-in-extra-key",
    ),
    case("hexonet", "domain", lambda c: c.domains.check("a..example.com"), "DOMAIN: .*empty label", "empty-label"),
    case("hexonet", "domain", lambda c: c.domains.get(LONG_LABEL), "DOMAIN: .*at most 63", "long-label"),
    case("hexonet", "domain", lambda c: c.zones.get(LONG_NAME), "DNSZONE: .*at most 253", "long-name"),
    case("hexonet", "domain", lambda c: c.domains.check("ü" * 60 + ".com"), "DOMAIN", "idna-too-long"),
    case("hexonet", "domain", lambda c: c.domains.check("-bücher.de"), "not a valid domain name", "idna-hyphen"),
    case(
        "hexonet",
        "domain",
        lambda c: c.domains.check_many(["example.com", "bad name.com"]),
        "DOMAIN1",
        "check-many",
    ),
    case("hexonet", "domain", lambda c: c.nameservers.check("ns1..example.com"), "NAMESERVER", "nameserver"),
    case(
        "hexonet",
        "closed-set",
        lambda c: c.domains.create("example.com", owner_contact="P-1", period=11),
        "period must be 1 to 10 years",
        "period-too-long",
    ),
    case(
        "hexonet",
        "closed-set",
        lambda c: c.domains.create("example.com", owner_contact="P-1", period=0),
        "period must be 1 to 10 years",
        "period-zero",
    ),
    case(
        "hexonet",
        "closed-set",
        lambda c: c.domains.transfer("example.com", period=-1),
        "period must be 1 to 10 years",
        "transfer-period",
    ),
    case(
        "hexonet",
        "closed-set",
        lambda c: c.domains.transfer("example.com", action="STEAL"),
        "action must be one of REQUEST, APPROVE",
        "transfer-action",
    ),
    case(
        "hexonet",
        "closed-set",
        lambda c: c.domains.create("example.com", owner_contact="P-1", transfer_lock="no"),
        "transfer_lock must be True or False",
        "flag",
    ),
    # -- Exosite One Platform -----------------------------------------------------------------
    case("exosite", "rid", lambda c: c.read("abc"), "resource is not a resource id", "short"),
    case("exosite", "rid", lambda c: c.drop("g" * 40), "resource is not a resource id", "not-hex"),
    case("exosite", "rid", lambda c: c.move(Alias("a"), "1" * 39), "destination is not a resource id", "move"),
    case("exosite", "rid", lambda c: c.write(SECRET, 1), "resource is not a resource id", "secret-not-shown"),
    case("exosite", "rid", lambda c: c.listing(["client"], client="x" * 40), "client is not", "listing-client"),
    case("exosite", "rid", lambda c: c.clone(rid="123"), "rid is not a resource id", "clone"),
    case("exosite", "closed-set", lambda c: c.usage("bandwidth", 0, 1), "metric must be one of", "usage-metric"),
    case("exosite", "closed-set", lambda c: c.lookup("x", kind="serial"), "kind must be one of", "lookup-kind"),
    case("exosite", "closed-set", lambda c: c.revoke("device", "code"), "kind must be one of client, share", "kind"),
    case("exosite", "closed-set", lambda c: c.read(Alias("t"), selection="nearest"), "selection must be", "selection"),
    case("exosite", "closed-set", lambda c: c.read(Alias("t"), sort="up"), "sort must be one of asc, desc", "sort"),
    case("exosite", "closed-set", lambda c: c.listing(["widget"]), "types must be one of", "listing-type"),
    case("exosite", "closed-set", lambda c: c.info(Alias("t"), ["everything"]), "unknown info section", "info"),
    case(
        "exosite",
        "closed-set",
        lambda c: c.create(DataportDescription.model_construct(format="double")),
        "format must be one of float, integer, string",
        "data-format",
    ),
    case(
        "exosite",
        "closed-set",
        lambda c: c.update(Alias("t"), {"retention": {"count": -1}}),
        "retention.count",
        "retention-count",
    ),
    case(
        "exosite",
        "closed-set",
        lambda c: c.update(Alias("t"), {"retention": {"duration": "forever"}}),
        "retention.duration",
        "retention-duration",
    ),
    case(
        "exosite",
        "closed-set",
        lambda c: c.update(Alias("t"), {"preprocess": [["pow", 2]]}),
        "preprocess operator must be one of",
        "preprocess",
    ),
    case("exosite", "raw-path", lambda c: c.raw_http("GET", "/onep:v1/../provision"), r"'\.\.' segments", "hdi"),
    case(
        "exosite-provisioning",
        "path-segment",
        lambda c: c.models.get(".."),
        r"cannot be '\.\.'",
        "model-dotdot",
    ),
    case(
        "exosite-provisioning",
        "path-segment",
        lambda c: c.models.get("a/b"),
        "cannot contain '/'",
        "model-slash",
    ),
    case(
        "exosite-provisioning",
        "path-segment",
        lambda c: c.models.delete("."),
        r"cannot be '\.'",
        "model-dot",
    ),
    case(
        "exosite-provisioning",
        "path-segment",
        lambda c: model(c).serial_numbers.get("../../admin/auth"),
        "cannot contain '/'",
        "serial-number",
    ),
    case(
        "exosite-provisioning",
        "path-segment",
        lambda c: c.admin_tokens.get("t\r\nX: y"),
        "control characters",
        "token-id",
    ),
    case(
        "exosite-provisioning",
        "closed-set",
        lambda c: model(c).groups.add_member("g", "device", "x"),
        "member_type must be one of sn, content, group",
        "group-member-type",
    ),
    case(
        "exosite-provisioning",
        "raw-path",
        lambda c: c.raw("GET", "/provision/manage/model/../../register"),
        r"'\.\.' segments",
        "raw",
    ),
    case(
        "exosite-provisioning",
        "header",
        lambda c: c.with_options(owner_vendor="v\r\nX-Exosite-CIK: stolen").models.names(),
        "X-Exosite-Vendor",
        "owner-vendor",
    ),
    # -- hook.io --------------------------------------------------------------------------------
    case("hookio", "path-segment", lambda c: c.hooks.get("marak", ".."), r"cannot be '\.\.'", "hook-dotdot"),
    case("hookio", "path-segment", lambda c: c.hooks.source("marak/."), r"cannot be '\.'", "hook-dot"),
    case("hookio", "path-segment", lambda c: c.events.get("a\nb"), "control characters", "owner-lf"),
    case(
        "hookio",
        "path-segment",
        lambda c: c.hooks.run("marak/echo", subpath="../../keys/all"),
        r"subpath segment cannot be '\.\.'",
        "subpath",
    ),
    case("hookio", "path-segment", lambda c: c.crons.get("marak", ".."), r"cannot be '\.\.'", "cron"),
    case("hookio", "domain", lambda c: c.domains.get("a..example.com"), "empty label", "empty-label"),
    case("hookio", "domain", lambda c: c.domains.create(LONG_LABEL, "/marak/echo"), "at most 63", "long-label"),
    case("hookio", "domain", lambda c: c.domains.destroy(LONG_NAME), "at most 253", "long-name"),
    case("hookio", "domain", lambda c: c.domains.get("xn--zz.com"), "not a valid domain name", "bad-a-label"),
    case("hookio", "closed-set", lambda c: c.keys.create("k", ["hook::rnu"]), "no role 'hook::rnu'", "role"),
    case("hookio", "closed-set", lambda c: c.keys.check_access("files::readFiles"), "no role", "check-access"),
    case("hookio", "closed-set", lambda c: c.keys.create("k", "a,,b"), "non-empty name", "empty-role"),
    case("hookio", "closed-set", lambda c: c.request("GET", "/env", auth="header"), "auth must be one of", "auth"),
    case("hookio", "closed-set", lambda c: c.request("GET", "/env", reply="xml"), "reply must be one of", "reply"),
    case("hookio", "raw-path", lambda c: c.request("GET", "/marak/../keys/all"), r"'\.\.' segments", "dotdot"),
    case("hookio", "file-path", lambda c: c.files.read("../other/secret.txt"), r"'\.\.' segments", "dotdot"),
    case("hookio", "file-path", lambda c: c.files.stat("/a\x00b"), "control characters", "nul"),
    case(
        "hookio",
        "header",
        lambda c: c.hooks.run("marak/echo", headers={"X-Trace": "1\r\nX-Evil: 2"}),
        "X-Trace",
        "run-headers",
    ),
    # -- Siminars ---------------------------------------------------------------------------------
    case("siminars", "id", lambda c: c.siminars.get("../../authtoken"), "siminar id is 24 digits", "siminar"),
    case("siminars", "id", lambda c: c.users.get("12"), "user id is 24 digits", "user"),
    case("siminars", "path-segment", lambda c: c.call("siminar", siminar_id=".."), r"cannot be '\.\.'", "dotdot"),
    case("siminars", "path-segment", lambda c: c.call("step", step_id="a/b"), "step_id cannot contain '/'", "slash"),
    case("siminars", "path-segment", lambda c: c.path("plan", plan_id="1\r\n2"), "control characters", "crlf"),
    case(
        "siminars",
        "closed-set",
        lambda c: c.call("siminar_users", siminar_id=SIMINAR_ID, role="admins"),
        "role must be one of students, instructors",
        "role",
    ),
    case(
        "siminars",
        "closed-set",
        lambda c: c.call("jaction", handle="delete", object_id=SIMINAR_ID),
        "handle must be one of",
        "jaction-handle",
    ),
    case("siminars", "closed-set", lambda c: c.call("siminars", method="PATCH"), "GET, POST, PUT or DELETE", "method"),
    case("siminars", "raw-path", lambda c: c.request("GET", "/jack/../authtoken"), r"'\.\.' segments", "dotdot"),
    case(
        "siminars",
        "header",
        lambda c: c.with_options(headers={"X-Trace": "a\rb"}).siminars.list(),
        "X-Trace",
        "with-options-headers",
    ),
]


async def attempt(call: Call, client: Any) -> None:
    """Make the call; a coroutine (most async methods) is awaited, where the check then happens."""
    result = call(client)
    if inspect.isawaitable(result):
        await result


def _check_refusal(error: InvalidInputError) -> None:
    assert SECRET not in str(error)
    assert "\r" not in str(error) and "\n" not in str(error)


@pytest.mark.parametrize(("provider", "call", "match"), CASES)
def test_sync_clients_refuse_before_sending(provider: str, call: Call, match: str) -> None:
    recorder = Recorder()
    with (
        make_client(provider, asynchronous=False, recorder=recorder) as client,
        capture_responses() as captured,
        pytest.raises(InvalidInputError, match=match) as refused,
    ):
        call(client)
    assert recorder.requests == []
    assert captured.responses == []
    _check_refusal(refused.value)


@pytest.mark.parametrize(("provider", "call", "match"), CASES)
@pytest.mark.anyio
async def test_async_clients_refuse_before_sending(provider: str, call: Call, match: str) -> None:
    recorder = Recorder()
    async with make_client(provider, asynchronous=True, recorder=recorder) as client:
        with capture_responses() as captured, pytest.raises(InvalidInputError, match=match) as refused:
            await attempt(call, client)
    assert recorder.requests == []
    assert captured.responses == []
    _check_refusal(refused.value)


PROVIDERS = [*provider_names(), "exosite-provisioning"]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("value", ["ops\r\nX-Evil: 1", "ops\nX-Evil: 1", "ops\rX", "ops\x00"])
def test_header_injection_in_client_headers_is_refused(provider: str, value: str) -> None:
    """CR, LF or NUL in a client header: refused when the client is built, sync and async."""
    for asynchronous in (False, True):
        recorder = Recorder()
        with pytest.raises(InvalidInputError, match="X-Trace") as refused:
            make_client(provider, asynchronous=asynchronous, recorder=recorder, headers={"X-Trace": value})
        assert recorder.requests == []
        assert value not in str(refused.value)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_header_injection_in_the_user_agent_is_refused(provider: str) -> None:
    recorder = Recorder()
    with pytest.raises(InvalidInputError, match="User-Agent"):
        make_client(provider, asynchronous=False, recorder=recorder, user_agent_extra="me/1\r\nX-Evil: 1")
    assert recorder.requests == []


def test_hexonet_referer_header_injection_is_refused() -> None:
    recorder = Recorder()
    with pytest.raises(InvalidInputError, match="Referer"):
        make_client("hexonet", asynchronous=False, recorder=recorder, referer="https://a\r\nX-Evil: 1")
    assert recorder.requests == []


# -- the shared validators, as properties ---------------------------------------------------------


@given(st.text())
def test_path_segment_accepts_only_what_stays_one_segment(text: str) -> None:
    if not text or text in (".", "..") or "/" in text or any(unicodedata.category(ch) == "Cc" for ch in text):
        with pytest.raises(InvalidInputError, match=r"^segment"):
            path_segment(text, "segment")
        return
    quoted = path_segment(text, "segment")
    assert "/" not in quoted and quoted not in (".", "..") and quoted
    assert set(quoted) <= set(string.ascii_letters + string.digits + "%-._~")
    assert unquote(quoted) == text


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_domain_name_results_fit_dns(text: str) -> None:
    refused: InvalidInputError | None = None
    try:
        ace = domain_name(text, "name")
    except InvalidInputError as error:
        refused, ace = error, ""
    if refused is not None:
        assert str(refused).startswith("name")
        return
    assert ace.isascii()
    body = ace[:-1] if ace.endswith(".") else ace
    assert 0 < len(body) <= MAX_DOMAIN_LENGTH
    assert all(0 < len(label) <= MAX_LABEL_LENGTH for label in body.split("."))


LDH_LABELS = st.text(alphabet=string.ascii_letters + string.digits + "-", min_size=1, max_size=63).map(
    lambda label: label.strip("-") or "a"
)


@given(st.lists(LDH_LABELS, min_size=1, max_size=5))
def test_ascii_domain_names_are_kept_as_written(labels: list[str]) -> None:
    name = ".".join(labels)
    if len(name) <= MAX_DOMAIN_LENGTH:
        assert domain_name(name, "name") == name
        assert domain_name(name + ".", "name") == name + "."


@given(st.text(), st.sampled_from(["\r", "\n", "\r\n"]), st.text())
def test_hexonet_values_with_line_breaks_never_reach_the_command(before: str, brk: str, after: str) -> None:
    with pytest.raises(InvalidInputError, match="NOTE: values cannot contain control characters or line breaks"):
        hexonet_wire.flatten_command({"COMMAND": "StatusAccount", "NOTE": before + brk + after})


@given(st.text(max_size=40))
def test_raw_paths_with_dot_segments_are_refused(segment: str) -> None:
    for dots in (".", ".."):
        with pytest.raises(InvalidInputError):
            raw_path(f"/api/{dots}/{segment}", "path")


@given(st.text())
def test_single_line_accepts_exactly_the_text_no_reader_splits(text: str) -> None:
    # Every reader's line or string ends: str.splitlines() (CR, LF, VT, FF, FS, GS, RS, NEL,
    # U+2028, U+2029), C's NUL, and the other C0/C1 controls; a tab stays.
    breaks = len(text.splitlines()) > 1 or text.endswith(("\n", "\r"))
    controls = any(unicodedata.category(c) == "Cc" and c != "\t" for c in text)
    refused = breaks or controls or "\u2028" in text or "\u2029" in text
    if refused:
        with pytest.raises(InvalidInputError, match="control characters or line breaks") as caught:
            single_line(text, "value")
        assert text not in str(caught.value) or not text
    else:
        assert single_line(text, "value") == text
