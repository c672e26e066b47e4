"""Hostile input and hostile replies for HEXONET, each refused with a typed error.

Values that would end a command line early (NUL, VT, FF, NEL, U+2028/2029, a key ending in a line
feed), credentials that are no login or address, a ``CODE`` written in other digits, list replies
whose paging figures would make a listing loop or step backwards, a reply without the object it
announces, and a call without a system entity. Sync and async clients talk to a scripted server
(an httpx mock transport), the emulator is reached in-process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import parse_qsl

import anyio
import httpx
import pytest

from resourcekit.core.errors import MESSAGE_LIMIT, InvalidInputError, ResponseValidationError
from resourcekit.hexonet import AsyncHexonet, Hexonet, HexonetError
from resourcekit.hexonet.wire import flatten_command, parse_response
from resourcekit.sandbox.server import inprocess_sandbox

URL = "http://hexonet.test/api/call.cgi"
SECRET = "pa55-never-shown"
BREAKING = {
    "nul": "\x00",
    "vt": "\x0b",
    "ff": "\x0c",
    "nel": "\x85",
    "line-separator": "\u2028",
    "paragraph-separator": "\u2029",
}
MAX_CALLS = 50
OK_REPLY = "[RESPONSE]\r\nCODE=200\r\nDESCRIPTION=Command completed successfully\r\n"


class Server:
    """Answers each call with ``reply(command)``; remembers every command it was sent."""

    def __init__(self, reply: Callable[[dict[str, str]], str]) -> None:
        self.reply = reply
        self.commands: list[dict[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        form = dict(parse_qsl(request.content.decode(), keep_blank_values=True))
        command = dict(line.split("=", 1) for line in form["s_command"].split("\n"))
        self.commands.append(command)
        if len(self.commands) > MAX_CALLS:
            raise AssertionError("the client kept sending: a listing that never ends")
        return httpx.Response(200, text=self.reply(command))


def sync_client(server: Server, **options: object) -> Hexonet:
    return Hexonet("test.user", SECRET, url=URL, http_transport=httpx.MockTransport(server), max_retries=0, **options)  # type: ignore[arg-type]


def async_client(server: Server, **options: object) -> AsyncHexonet:
    transport = httpx.MockTransport(server)
    return AsyncHexonet("test.user", SECRET, url=URL, http_transport=transport, max_retries=0, **options)  # type: ignore[arg-type]


def never(command: dict[str, str]) -> str:
    raise AssertionError(f"nothing should have been sent, got {command}")


# -- values that would break the command's lines ----------------------------------------------------


@pytest.mark.parametrize("character", BREAKING.values(), ids=list(BREAKING))
def test_line_breaking_characters_are_refused_in_every_value(character: str) -> None:
    for command in (
        {"COMMAND": "StatusDomain", "DOMAIN": "example.com", "NOTE": f"a{character}COMMAND=DeleteDomain"},
        {"COMMAND": "CheckDomains", "DOMAIN": ["example.com", f"b{character}"]},
        {"COMMAND": f"Status{character}Account"},
    ):
        with pytest.raises(InvalidInputError, match="control characters or line breaks") as caught:
            flatten_command(command)
        assert character not in str(caught.value)
    with pytest.raises(InvalidInputError):
        sync_client(Server(never)).command(f"COMMAND=StatusAccount\nNOTE=a{character}b")


@pytest.mark.anyio
@pytest.mark.parametrize("character", BREAKING.values(), ids=list(BREAKING))
async def test_async_client_refuses_line_breaking_characters_before_sending(character: str) -> None:
    server = Server(never)
    async with async_client(server) as hexonet:
        with pytest.raises(InvalidInputError):
            await hexonet.command({"COMMAND": "StatusAccount", "NOTE": f"x{character}y"})
        with pytest.raises(InvalidInputError):
            await hexonet.domains.get(f"example.com{character}")
    assert server.commands == []


def test_a_key_ending_in_a_line_feed_is_no_parameter_name() -> None:
    with pytest.raises(InvalidInputError, match="not a valid parameter name"):
        flatten_command({"COMMAND": "StatusAccount", "DOMAIN\n": "x"})


# -- credentials ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"remote_address": "10.0.0.1\ns_pw=x"}, "remote_address must be an IPv4 or IPv6 address"),
        ({"remote_address": "example.com"}, "remote_address must be an IPv4 or IPv6 address"),
        ({"user_view": "sub\x00user"}, "user_view: values cannot contain control characters"),
        ({"user_view": "sub user"}, "user_view must be a login"),
        ({"password": f"{SECRET}\x00"}, "password: values cannot contain control characters"),
        ({"password": f"{SECRET}\u2028"}, "password: values cannot contain control characters"),
        ({"login": "test.user\r\n"}, "login: values cannot contain control characters"),
        ({"otp": "12\n34"}, "otp: values cannot contain control characters"),
        ({"role": "admin\x0b"}, "role: values cannot contain control characters"),
    ],
)
def test_credentials_are_checked_before_anything_is_sent(options: dict[str, str], match: str) -> None:
    arguments: dict[str, object] = {"login": "test.user", "password": SECRET, "url": URL, **options}
    for factory in (Hexonet, AsyncHexonet):
        with pytest.raises(InvalidInputError, match=match) as caught:
            factory(**arguments)  # type: ignore[arg-type]
        for value in options.values():
            assert value not in str(caught.value)
        assert SECRET not in str(caught.value)


def test_with_options_checks_the_address_and_the_view() -> None:
    hexonet = sync_client(Server(never))
    with pytest.raises(InvalidInputError, match="remote_address"):
        hexonet.with_options(remote_address="1.2.3.4; s_user=root")
    with pytest.raises(InvalidInputError, match="user_view"):
        hexonet.with_options(user_view="a\u2029b")
    assert hexonet.with_options(remote_address="2001:db8::1").remote_address == "2001:db8::1"


BAD_SESSIONS = [
    pytest.param({"entity": "1234", "session": "abc\ns_pw=x"}, "session", id="session-line-feed"),
    pytest.param({"entity": "1234", "session": ""}, "session", id="session-empty"),
    pytest.param({"entity": "12\x0034", "session": "abc"}, "entity", id="entity-nul"),
]


@pytest.mark.parametrize(("saved", "what"), BAD_SESSIONS)
def test_saved_sessions_are_checked_before_anything_is_sent(saved: dict[str, str], what: str) -> None:
    server = Server(never)
    with pytest.raises(InvalidInputError, match=what) as caught:
        sync_client(server).reuse_session(saved)
    assert saved["session"] not in str(caught.value) or not saved["session"]
    for factory in (Hexonet, AsyncHexonet):
        with pytest.raises(InvalidInputError, match=what):
            factory(session=saved, url=URL)  # type: ignore[arg-type]
    assert server.commands == []


def test_a_late_one_time_password_is_checked_before_anything_is_sent() -> None:
    server = Server(never)
    with pytest.raises(InvalidInputError, match="otp: values cannot contain control characters"):
        sync_client(server).login(otp="12\n34")
    assert server.commands == []


@pytest.mark.anyio
async def test_async_saved_sessions_and_late_one_time_passwords_are_checked_first() -> None:
    server = Server(never)
    async with async_client(server) as hexonet:
        with pytest.raises(InvalidInputError, match="session"):
            hexonet.reuse_session({"entity": "1234", "session": "abc\rs_pw=x"})
        with pytest.raises(InvalidInputError, match="otp"):
            await hexonet.login(otp="12\u202834")
    assert server.commands == []


# -- result codes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["\u0662\u0660\u0660", "\uff12\uff10\uff10", "+200", "2_00", "\u066200"])
def test_a_code_not_written_in_ascii_digits_is_no_success(code: str) -> None:
    with pytest.raises(ResponseValidationError):
        parse_response(f"[RESPONSE]\r\nCODE={code}\r\nDESCRIPTION=Command completed successfully\r\nEOF\r\n")
    server = Server(lambda command: f"[RESPONSE]\r\nCODE={code}\r\nDESCRIPTION=ok\r\nEOF\r\n")
    with pytest.raises(HexonetError) as caught:
        sync_client(server).command({"COMMAND": "StatusAccount"})
    assert caught.value.code == 423  # the connector's "invalid reply" code, never a success


@pytest.mark.anyio
@pytest.mark.parametrize("code", ["\u0662\u0660\u0660", "\uff12\uff10\uff10", "+200"])
async def test_async_a_code_not_written_in_ascii_digits_is_no_success(code: str) -> None:
    server = Server(lambda command: f"[RESPONSE]\r\nCODE={code}\r\nDESCRIPTION=ok\r\nEOF\r\n")
    async with async_client(server) as hexonet:
        with pytest.raises(HexonetError) as caught:
            await hexonet.command({"COMMAND": "StatusAccount"})
    assert caught.value.code == 423


# -- the server's description in messages ---------------------------------------------------------

HOSTILE_DESCRIPTION = "Object not found\x1b[2J\u20282026-01-01 INFO forged\x85" + "x" * (1024 * 1024)


def hostile_description(command: dict[str, str]) -> str:
    return f"[RESPONSE]\r\nCODE=545\r\nDESCRIPTION={HOSTILE_DESCRIPTION}\r\nEOF\r\n"


def assert_described_safely(error: HexonetError) -> None:
    shown = str(error)
    assert shown.startswith("StatusAccount: 545 Object not found\\x1b[2J\\u2028")
    assert len(shown) < MESSAGE_LIMIT + 100
    assert not any(character in shown for character in "\x1b\u2028\x85")
    assert error.description == HOSTILE_DESCRIPTION  # kept as sent


def test_a_hostile_description_is_capped_and_escaped_in_the_message() -> None:
    with pytest.raises(HexonetError) as caught:
        sync_client(Server(hostile_description)).command({"COMMAND": "StatusAccount"})
    assert_described_safely(caught.value)


@pytest.mark.anyio
async def test_async_a_hostile_description_is_capped_and_escaped_in_the_message() -> None:
    async with async_client(Server(hostile_description)) as hexonet:
        with pytest.raises(HexonetError) as caught:
            await hexonet.command({"COMMAND": "StatusAccount"})
    assert_described_safely(caught.value)


# -- server-driven paging ----------------------------------------------------------------------------


def listing_reply(rows: int, *, total: str, limit: str | None = None) -> Callable[[dict[str, str]], str]:
    """A QueryDomainList reply holding ``rows`` domains in all, with the given TOTAL and LIMIT."""

    def reply(command: dict[str, str]) -> str:
        first, size = int(command["FIRST"]), int(command["LIMIT"])
        names = [f"d{index}.com" for index in range(first, min(first + size, rows))]
        lines = [f"PROPERTY[DOMAIN][{index}]={name}" for index, name in enumerate(names)]
        lines += [f"PROPERTY[FIRST][0]={first}", f"PROPERTY[COUNT][0]={len(names)}", f"PROPERTY[TOTAL][0]={total}"]
        lines.append(f"PROPERTY[LIMIT][0]={size if limit is None else limit}")
        return OK_REPLY + "\r\n".join(lines) + "\r\nEOF\r\n"

    return reply


@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_huge_total_ends_when_the_rows_run_out(concurrency: int) -> None:
    server = Server(listing_reply(3, total=str(10**12)))
    rows = sync_client(server).paginate({"COMMAND": "QueryDomainList"}, page_size=1, concurrency=concurrency)
    assert [row["DOMAIN"] for row in rows] == ["d0.com", "d1.com", "d2.com"]
    assert len(server.commands) <= 4 + concurrency  # the pages with rows, the empty one, at most a window more


@pytest.mark.anyio
@pytest.mark.parametrize("concurrency", [1, 4])
async def test_async_a_huge_total_ends_when_the_rows_run_out(concurrency: int) -> None:
    server = Server(listing_reply(3, total=str(10**12)))
    async with async_client(server) as hexonet:
        listing = hexonet.paginate({"COMMAND": "QueryDomainList"}, page_size=1, concurrency=concurrency)
        assert [row["DOMAIN"] async for row in listing] == ["d0.com", "d1.com", "d2.com"]
    assert len(server.commands) <= 4 + concurrency


@pytest.mark.anyio
async def test_async_pages_fetched_past_the_end_are_cancelled_before_the_listing_returns() -> None:
    # Three rows although TOTAL says more: the pages requested past the third row are held by the
    # server until cancelled. They must be cancelled by the time the listing has returned, not
    # left to the garbage collector.
    rows = listing_reply(3, total=str(10**12))
    held: list[int] = []
    cancelled: list[int] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        form = dict(parse_qsl(request.content.decode(), keep_blank_values=True))
        command = dict(line.split("=", 1) for line in form["s_command"].split("\n"))
        first = int(command["FIRST"])
        if first > 3:
            held.append(first)
            try:
                await anyio.sleep_forever()
            finally:
                cancelled.append(first)
        return httpx.Response(200, text=rows(command))

    hexonet = AsyncHexonet("test.user", SECRET, url=URL, http_transport=httpx.MockTransport(handler), max_retries=0)
    async with hexonet:
        listing = hexonet.paginate({"COMMAND": "QueryDomainList"}, page_size=1, concurrency=4)
        assert [row["DOMAIN"] async for row in listing] == ["d0.com", "d1.com", "d2.com"]
        assert held and sorted(cancelled) == sorted(held)


BAD_FIGURES = [
    pytest.param({"total": "9", "limit": "0"}, id="limit-zero"),
    pytest.param({"total": "9", "limit": "-1"}, id="limit-negative"),
    pytest.param({"total": "-5"}, id="total-negative"),
    pytest.param({"total": "٩"}, id="total-other-digits"),
]


@pytest.mark.parametrize("figures", BAD_FIGURES)
@pytest.mark.parametrize("concurrency", [1, 4])
def test_zero_or_negative_paging_figures_are_a_bad_reply(figures: dict[str, str], concurrency: int) -> None:
    server = Server(listing_reply(9, **figures))
    with pytest.raises(ResponseValidationError):
        list(sync_client(server).paginate({"COMMAND": "QueryDomainList"}, page_size=2, concurrency=concurrency))
    assert all(int(command["FIRST"]) >= 0 for command in server.commands)


@pytest.mark.anyio
@pytest.mark.parametrize("figures", BAD_FIGURES)
@pytest.mark.parametrize("concurrency", [1, 4])
async def test_async_zero_or_negative_paging_figures_are_a_bad_reply(figures: dict[str, str], concurrency: int) -> None:
    server = Server(listing_reply(9, **figures))
    async with async_client(server) as hexonet:
        listing = hexonet.paginate({"COMMAND": "QueryDomainList"}, page_size=2, concurrency=concurrency)
        with pytest.raises(ResponseValidationError):
            await listing.to_list()
    assert all(int(command["FIRST"]) >= 0 for command in server.commands)


# -- a reply without what it announces ----------------------------------------------------------------


CONTACT = {
    "first_name": "Anna",
    "last_name": "Keller",
    "street": "Main Street 1",
    "city": "Homburg",
    "zip": "66424",
    "country": "DE",
    "phone": "+49.68411234",
    "email": "anna@example.com",
}


def test_addcontact_without_a_contact_is_a_bad_reply_not_bad_input() -> None:
    server = Server(lambda command: OK_REPLY + "EOF\r\n")
    with pytest.raises(ResponseValidationError, match="AddContact returned no CONTACT") as caught:
        sync_client(server).contacts.create(**CONTACT)
    assert not isinstance(caught.value, InvalidInputError)


@pytest.mark.anyio
async def test_async_addcontact_without_a_contact_is_a_bad_reply_not_bad_input() -> None:
    server = Server(lambda command: OK_REPLY + "EOF\r\n")
    async with async_client(server) as hexonet:
        with pytest.raises(ResponseValidationError, match="AddContact returned no CONTACT") as caught:
            await hexonet.contacts.create(**CONTACT)
    assert not isinstance(caught.value, InvalidInputError)


# -- the emulator's system entity ----------------------------------------------------------------------


@pytest.fixture
def emulator() -> Iterator[httpx.Client]:
    with (
        inprocess_sandbox("hexonet") as sandbox,
        httpx.Client(transport=sandbox.http_transport(), base_url="http://sandbox.local") as client,
    ):
        yield client


def test_the_emulator_refuses_a_call_without_a_known_system_entity(emulator: httpx.Client) -> None:
    def code(**entity: str) -> str:
        form = {"s_login": "test.user", "s_pw": "test.passw0rd", "s_command": "COMMAND=StatusAccount", **entity}
        reply = emulator.post("/api/call.cgi", data=form)
        return next(line for line in reply.text.split("\r\n") if line.startswith("CODE="))

    assert code() == "CODE=530"  # not sent to live (54cd) data by default
    assert code(s_entity="") == "CODE=530"
    assert code(s_entity="54CD") == code(s_entity=" 1234") == "CODE=530"
    assert code(s_entity="1234") == code(s_entity="54cd") == "CODE=200"
