"""The emulator's command set against ``models/hexonet-commands.yaml``, and its answers to the
documented commands it does not model (raw form posts, no resourcekit client)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.hexonet import PROVIDER, HexonetState
from resourcekit.sandbox.hexonet.app import Emulator
from resourcekit.sandbox.hexonet.catalogue import COMMAND_SET, KINDS, KnownCommand, answer_unmodelled
from resourcekit.sandbox.hexonet.protocol import Fail, Reply
from resourcekit.sandbox.hexonet.state import LOGIN, PASSWORD
from resourcekit.sandbox.inprocess import SyncInProcessTransport
from tests.contract.harness import load

DOCUMENTED: dict[str, Any] = load("hexonet-commands.yaml")["commands"]


def expected_entry(name: str, entry: dict[str, Any]) -> KnownCommand:
    """What the emulator's table must say about a documented command."""
    kind = entry["kind"]
    if kind not in ("status", "check", "query"):
        return KnownCommand(name, kind)
    required = tuple(parameter for parameter, spec in entry["parameters"].items() if spec.get("required"))
    return KnownCommand(name, kind, required, 545 in entry["codes"] and bool(required))


def test_the_emulator_knows_exactly_the_documented_command_set() -> None:
    assert len(DOCUMENTED) > 150
    assert {known.name: known for known in COMMAND_SET.values()} == {
        name: expected_entry(name, entry) for name, entry in DOCUMENTED.items()
    }
    assert {entry["kind"] for entry in DOCUMENTED.values()} <= set(KINDS)
    assert all(entry["family"] for entry in DOCUMENTED.values())


def test_documented_reply_properties_are_property_names_not_result_codes() -> None:
    # The reference pages end with a table of result codes ("Code", 200, 545...): those are the
    # command's codes, not properties of its reply; an indexed property is written once, by name
    # (not "NAME0..N"), with type list.
    for name, entry in DOCUMENTED.items():
        properties = entry.get("properties", {})
        assert all(isinstance(key, str) and re.fullmatch(r"[A-Z][A-Z0-9_-]*", key) for key in properties), name
        assert all(spec.get("type") in ("string", "list") for spec in properties.values()), name
        assert "<" not in entry.get("summary", ""), name  # no HTML left from the reference pages


def test_every_modelled_command_is_a_documented_one() -> None:
    emulator = Emulator(PROVIDER.create(SandboxSettings(seed_size=1)).state)  # type: ignore[arg-type]
    assert set(emulator.commands) <= set(COMMAND_SET)
    assert {"querysslcertlist", "getuserindex", "checkdomains"} <= set(COMMAND_SET)


def empty_page(command: Any) -> Reply:
    return Reply().add("TOTAL", 0)


@pytest.mark.parametrize(
    ("known", "command", "code"),
    [
        (KnownCommand("QueryXList", "list"), {}, 200),
        (KnownCommand("StatusX", "status", ("XID",), True), {"XID": "1"}, 545),
        (KnownCommand("StatusX", "status", ("XID",), True), {}, 504),
        (KnownCommand("CheckX", "check", ("NAME#",)), {"NAME0": "a"}, 200),
        (KnownCommand("CheckX", "check", ("NAME#",)), {"NAME": ""}, 504),
        (KnownCommand("GetX", "query"), {}, 200),
        (KnownCommand("CreateX", "write"), {"XID": "1"}, 549),
    ],
)
def test_the_generic_answers(known: KnownCommand, command: dict[str, str], code: int) -> None:
    def answer() -> int:
        try:
            return answer_unmodelled(known, command, empty_page).code
        except Fail as failure:
            return failure.code

    assert answer() == code


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    created = PROVIDER.create(SandboxSettings(seed_size=2))
    assert isinstance(created.state, HexonetState)
    transport = SyncInProcessTransport(created.app)
    try:
        with httpx.Client(transport=transport, base_url="http://sandbox.local") as http:
            yield http
    finally:
        transport.close()


def call(client: httpx.Client, command: str, login: str = LOGIN, password: str = PASSWORD) -> dict[str, str]:
    form = {"s_entity": "1234", "s_login": login, "s_pw": password, "s_command": command}
    text = client.post("/api/call.cgi", data=form).text
    return dict(line.split("=", 1) for line in text.split("\r\n") if "=" in line)


def test_an_unmodelled_list_is_an_empty_page_in_the_api_shape(client: httpx.Client) -> None:
    reply = call(client, "COMMAND=QuerySSLCertList\nFIRST=0\nLIMIT=5")
    assert reply["CODE"] == "200" and reply["DESCRIPTION"] == "Command completed successfully"
    assert {key: reply[f"PROPERTY[{key}][0]"] for key in ("FIRST", "LAST", "COUNT", "TOTAL", "LIMIT")} == {
        "FIRST": "0",
        "LAST": "-1",
        "COUNT": "0",
        "TOTAL": "0",
        "LIMIT": "5",
    }
    assert call(client, "COMMAND=queryuserlist\nLIMIT=-1")["CODE"] == "541"  # names in any case, limits checked


def test_unmodelled_commands_by_kind(client: httpx.Client) -> None:
    assert call(client, "COMMAND=StatusSSLCert\nSSLCERTID=1")["DESCRIPTION"] == "Object not found"
    assert call(client, "COMMAND=StatusSSLCert")["DESCRIPTION"] == "Missing required attribute; SSLCERTID"
    assert call(client, "COMMAND=GetCurrencies")["CODE"] == "200"
    assert call(client, "COMMAND=CheckUsername\nSUBUSER=someone")["CODE"] == "200"
    written = call(client, "COMMAND=CreateSSLCert")
    assert (written["CODE"], written["DESCRIPTION"]) == (
        "549",
        "Command failed; CreateSSLCert is not emulated by the sandbox",
    )
    assert call(client, "COMMAND=QueryCertificateList")["DESCRIPTION"] == "Invalid command name; QueryCertificateList"
    assert call(client, "COMMAND=QuerySSLCertList", password="wrong")["CODE"] == "530"  # credentials first
    readonly = {"login": f"{LOGIN}!readonly", "password": "readonly.passw0rd"}
    assert call(client, "COMMAND=QuerySSLCertList", **readonly)["CODE"] == "200"
    assert call(client, "COMMAND=CreateSSLCert", **readonly)["CODE"] == "531"
