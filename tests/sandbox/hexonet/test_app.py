"""The HEXONET emulator on the wire: raw form posts in, raw CRLF replies out (no resourcekit client)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.hexonet import PROVIDER, HexonetState, endpoint, environment
from resourcekit.sandbox.hexonet.protocol import parse_command, to_ace, to_unicode
from resourcekit.sandbox.hexonet.state import LOGIN, PASSWORD, SUBUSER
from resourcekit.sandbox.inprocess import SyncInProcessTransport
from resourcekit.sandbox.registry import get_provider


@pytest.fixture
def emulator() -> Iterator[tuple[httpx.Client, HexonetState]]:
    created = PROVIDER.create(SandboxSettings(seed_size=4))
    assert isinstance(created.state, HexonetState)
    transport = SyncInProcessTransport(created.app)
    try:
        with httpx.Client(transport=transport, base_url="http://sandbox.local") as client:
            yield client, created.state
    finally:
        transport.close()


ENTITY_HELP = "system entity (s_entity: 54cd live, 1234 OT&E)"


def post(client: httpx.Client, command: str, **fields: str) -> str:
    form = {"s_entity": "1234", "s_login": LOGIN, "s_pw": PASSWORD, **fields, "s_command": command}
    body = "&".join(f"{quote(k)}={quote(v, safe='/')}" for k, v in form.items() if v)
    reply = client.post("/api/call.cgi", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/plain")
    return reply.text


def parsed(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.split("\r\n") if "=" in line)


def test_replies_use_crlf_properties_first_and_end_with_eof(emulator: tuple[httpx.Client, HexonetState]) -> None:
    client, _ = emulator
    text = post(client, "COMMAND=StatusAccount")
    lines = text.split("\r\n")
    assert lines[0] == "[RESPONSE]" and lines[-2:] == ["EOF", ""]
    assert lines[1].startswith("PROPERTY[AMOUNT][0]=")
    assert lines.index("CODE=200") > lines.index("PROPERTY[VAT][0]=19")
    assert "DESCRIPTION=Command completed successfully" in lines
    assert re.search(r"\r\nRUNTIME=\d+\.\d{3}\r\n", text) and "\r\nQUEUETIME=0\r\n" in text


def test_documented_command_spellings(emulator: tuple[httpx.Client, HexonetState]) -> None:
    client, _ = emulator
    spaced = parsed(post(client, "[COMMAND]\nCOMMAND = CheckDomain\nDOMAIN = brand-new-name.com\nEOF"))
    assert spaced["CODE"] == "210"
    plain = client.post(
        "/api/call.cgi", data={"s_entity": "1234", "s_login": LOGIN, "s_pw": PASSWORD, "command": "StatusAccount"}
    )
    assert "CODE=200" in plain.text
    assert parse_command("command=X\r\nDomain = a.com") == {"COMMAND": "X", "DOMAIN": "a.com"}


@pytest.mark.parametrize(
    ("command", "fields", "code", "description"),
    [
        ("COMMAND=Nope", {}, "500", "Invalid command name; Nope"),
        ("COMMAND=StatusDomain", {}, "504", "Missing required attribute; DOMAIN"),
        ("COMMAND=StatusDomain\nDOMAIN=münchen.de", {}, "505", "Invalid attribute value syntax; DOMAIN"),
        ("COMMAND=StatusDomain\nDOMAIN=nope.com", {}, "545", "Object not found; DOMAIN NAME NOT FOUND"),
        ("COMMAND=StatusAccount", {"s_pw": "wrong"}, "530", "Authentication failed"),
        ("COMMAND=StatusAccount", {"s_entity": "9999"}, "530", f"Authentication failed; unknown {ENTITY_HELP}"),
        ("COMMAND=StatusAccount", {"s_entity": ""}, "530", f"Authentication failed; missing {ENTITY_HELP}"),
        ("COMMAND=StatusAccount", {"s_entity": "54CD"}, "530", f"Authentication failed; unknown {ENTITY_HELP}"),
        ("COMMAND=StatusAccount", {"s_session": "stale"}, "530", "Authentication failed; SESSION NOT FOUND"),
        (
            "COMMAND=StatusAccount",
            {"s_user": "stranger"},
            "531",
            f"Authorization failed; stranger is not a subuser of {LOGIN}",
        ),
        ("no equals sign", {}, "507", "Invalid command format; line 'no equals sign'"),
    ],
)
def test_error_replies(
    emulator: tuple[httpx.Client, HexonetState], command: str, fields: dict[str, str], code: str, description: str
) -> None:
    client, _ = emulator
    reply = parsed(post(client, command, **fields))
    assert (reply["CODE"], reply["DESCRIPTION"]) == (code, description)


def test_sessions_and_roles(emulator: tuple[httpx.Client, HexonetState]) -> None:
    client, state = emulator
    started = parsed(post(client, "COMMAND=StartSession\nTIMEOUT=60"))
    session = started["PROPERTY[SESSION][0]"]
    assert state.sessions[session].timeout == 60
    assert parsed(post(client, "COMMAND=StatusAccount", s_login="", s_pw="", s_session=session))["CODE"] == "200"
    state.clock_offset = 61  # idle longer than TIMEOUT
    assert parsed(post(client, "COMMAND=StatusAccount", s_login="", s_pw="", s_session=session))["CODE"] == "530"
    readonly = {"s_login": f"{LOGIN}!readonly", "s_pw": "readonly.passw0rd"}
    assert parsed(post(client, "COMMAND=StatusAccount", **readonly))["CODE"] == "200"
    denied = parsed(post(client, "COMMAND=DeleteDomain\nDOMAIN=x.com", **readonly))
    assert (denied["CODE"], denied["DESCRIPTION"]) == ("531", "Authorization failed; Operation forbidden by ACL")
    assert parsed(post(client, "COMMAND=StatusAccount", s_login=f"{LOGIN}!nosuchrole"))["CODE"] == "530"
    assert parsed(post(client, "COMMAND=EndSession"))["CODE"] == "545"
    check = "COMMAND=CheckAuthentication\nPASSWORD=test.passw0rd\nSUBUSER=test.user"
    assert parsed(post(client, check))["CODE"] == "200"


def test_paging_and_the_default_limit(emulator: tuple[httpx.Client, HexonetState]) -> None:
    client, state = emulator
    state.default_limit = 2
    first = parsed(post(client, "COMMAND=QueryDomainList"))
    assert [first[f"PROPERTY[{k}][0]"] for k in ("FIRST", "LAST", "COUNT", "TOTAL", "LIMIT")] == [
        "0",
        "1",
        "2",
        "5",
        "2",
    ]
    last = parsed(post(client, "COMMAND=QueryDomainList\nFIRST=3\nLAST=9"))
    assert [last[f"PROPERTY[{k}][0]"] for k in ("FIRST", "LAST", "COUNT", "TOTAL", "LIMIT")] == [
        "3",
        "4",
        "2",
        "5",
        "7",
    ]
    no_total = post(client, "COMMAND=QueryDomainList\nNOTOTAL=1\nLIMIT=1")
    assert "PROPERTY[TOTAL]" not in no_total and "PROPERTY[DOMAIN][0]=" in no_total
    sub = parsed(post(client, "COMMAND=QueryDomainList", s_user=SUBUSER))
    assert sub["PROPERTY[DOMAIN][0]"].startswith("sub-")
    ordered = parsed(post(client, "COMMAND=QueryDomainList\nORDERBY=DOMAINDESC\nLIMIT=1"))
    assert ordered["PROPERTY[DOMAIN][0]"] == "xn--mnchen-3ya.de"
    assert parsed(post(client, "COMMAND=QueryDomainList\nORDERBY=PRICE"))["CODE"] == "506"


def test_convert_idn_check_domains_and_side_effects(emulator: tuple[httpx.Client, HexonetState]) -> None:
    client, state = emulator
    converted = parsed(post(client, "COMMAND=ConvertIDN\nDOMAIN0=äöütest.com\nDOMAIN1=plain.net"))
    assert converted["PROPERTY[ACE][0]"] == "xn--test-koa2iub.com"
    assert converted["PROPERTY[IDN][0]"] == "äöütest.com"
    assert converted["PROPERTY[ACE][1]"] == "plain.net"
    checked = parsed(post(client, "COMMAND=CheckDomains\nDOMAIN0=fresh.com\nDOMAIN1=ab.com\nPREMIUMCHANNELS=*"))
    assert checked["PROPERTY[DOMAINCHECK][0]"] == "210 Available"
    assert checked["PROPERTY[DOMAINCHECK][1]"] == "211 Premium Domain name available [PREMIUM]"
    assert checked["PROPERTY[PRICE][1]"] == "1200.00" and checked["PROPERTY[PRICE][0]"] == ""
    assert state.side_effects.total() == 0
    contact = next(iter(state.stores["1234"].contacts))
    added = parsed(post(client, f"COMMAND=AddDomain\nDOMAIN=fresh.com\nOWNERCONTACT0={contact}"))
    assert added["CODE"] == "200" and added["PROPERTY[STATUS][0]"] == "ACTIVE"
    assert state.side_effects["AddDomain"] == 1
    assert "fresh.com" not in state.stores["54cd"].domains  # entities are separate systems
    assert to_unicode(to_ace("Bücher.DE")) == "bücher.de"


def test_injected_codes_and_request_log(emulator: tuple[httpx.Client, HexonetState]) -> None:
    client, state = emulator
    state.inject(421, command="StatusAccount")
    reply = parsed(post(client, "COMMAND=StatusAccount", s_remoteaddr="1.2.3.4"))
    assert (reply["CODE"], reply["DESCRIPTION"]) == (
        "421",
        "Command failed due to server error. Client should try again",
    )
    assert parsed(post(client, "COMMAND=StatusAccount"))["CODE"] == "200"
    assert state.requests[0].fields["s_remoteaddr"] == "1.2.3.4"
    assert state.last.command == {"COMMAND": "StatusAccount"}


def test_seed_is_deterministic_and_sized() -> None:
    one = PROVIDER.create(SandboxSettings(seed_size=500, seed=3)).state
    two = PROVIDER.create(SandboxSettings(seed_size=500, seed=3)).state
    assert isinstance(one, HexonetState) and isinstance(two, HexonetState)
    assert list(one.stores["1234"].domains) == list(two.stores["1234"].domains)
    assert [d.auth for d in one.stores["1234"].domains.values()] == [
        d.auth for d in two.stores["1234"].domains.values()
    ]
    assert sum(d.user == LOGIN for d in one.stores["1234"].domains.values()) == 501
    assert len(one.stores["54cd"].zones) == 500


def test_provider_entry() -> None:
    assert get_provider("hexonet") is PROVIDER
    assert endpoint("http://127.0.0.1:8000/") == "http://127.0.0.1:8000/api/call.cgi"
    credentials = {"login": LOGIN, "password": PASSWORD, "system": "ote"}
    assert environment("http://127.0.0.1:8000", credentials)["HEXONET_URL"] == "http://127.0.0.1:8000/api/call.cgi"
    assert environment("/tmp/hx.sock", credentials)["HEXONET_UDS"] == "/tmp/hx.sock"
