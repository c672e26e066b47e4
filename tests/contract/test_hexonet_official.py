"""The official ``hexonet.apiconnector`` against the HEXONET sandbox: proof that the emulator speaks the protocol.

The connector is pointed at the sandbox with ``setURL``; nothing here reaches a real endpoint.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.hexonet import HexonetState, endpoint
from resourcekit.sandbox.hexonet.app import Emulator
from resourcekit.sandbox.hexonet.state import (
    FILTERED_ADDRESS,
    FILTERED_LOGIN,
    FILTERED_PASSWORD,
    LOGIN,
    OTP_LOGIN,
    OTP_PASSWORD,
    PASSWORD,
    SUBUSER,
)
from resourcekit.sandbox.server import RunningSandbox, run_sandbox
from tests.contract.harness import load

with warnings.catch_warnings():
    # Some releases of the connector import pkg_resources, which warns that it is deprecated.
    warnings.filterwarnings("ignore", message=r".*pkg_resources", category=DeprecationWarning)
    warnings.filterwarnings("ignore", message=r".*pkg_resources", category=UserWarning)
    # Installed by scripts/check.py (without its unrelated declared dependencies): a missing
    # connector must fail the contract tests, not skip them.
    import hexonet.apiconnector.apiclient as apiclient  # pyright: ignore[reportMissingTypeStubs]

DOCUMENTED: dict[str, Any] = load("hexonet-commands.yaml")["commands"]
SEEDED = ["breeze-000.com", "delta-003.de", "ember-001.net", "ember-002.org", "fjord-004.info", "xn--mnchen-3ya.de"]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox("hexonet", settings=SandboxSettings(seed_size=5)) as running:
        yield running


@pytest.fixture
def client(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> Any:
    for variable in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)  # urllib would send loopback calls to a proxy
    state = sandbox.emulator.state
    assert isinstance(state, HexonetState)
    state.reset(SandboxSettings(seed_size=5))
    official = apiclient.APIClient()
    official.useOTESystem()
    official.setURL(endpoint(sandbox.url))
    official.setCredentials(LOGIN, PASSWORD)
    return official


def test_login_check_page_status_logout(client: Any, sandbox: RunningSandbox) -> None:
    login = client.login()
    assert login.isSuccess() and login.getCode() == 200
    session = client.getSession()
    assert session and len(session) == 32

    checked = client.request({"COMMAND": "CheckDomains", "DOMAIN": ["example.com", "a-free-one.net"]})
    assert (checked.getCode(), checked.getDescription()) == (200, "Command completed successfully")
    assert checked.getColumn("DOMAINCHECK").getData() == ["211 Domain name not available", "210 Available"]
    assert checked.getRuntime() >= 0

    first = client.request({"COMMAND": "QueryDomainList", "FIRST": 0, "LIMIT": 2})
    assert first.getColumn("DOMAIN").getData() == SEEDED[:2]
    assert (first.getRecordsTotalCount(), first.getRecordsLimitation(), first.getNumberOfPages()) == (6, 2, 3)
    following = client.requestNextResponsePage(first)
    assert (following.getFirstRecordIndex(), following.getLastRecordIndex()) == (2, 3)
    assert following.getColumn("DOMAIN").getData() == SEEDED[2:4]
    assert following.getCurrentPageNumber() == 2 and following.hasNextPage()

    pages = client.requestAllResponsePages({"COMMAND": "QueryDomainList", "LIMIT": 2})
    assert len(pages) == 3
    assert [domain for page in pages for domain in page.getColumn("DOMAIN").getData()] == SEEDED

    account = client.request({"COMMAND": "StatusAccount"})
    assert account.getCode() == 200
    assert account.getRecord(0).getData()["AMOUNT"] == "1000.00"
    assert account.getColumn("CURRENCY").getData() == ["USD"]

    state = sandbox.emulator.state
    assert isinstance(state, HexonetState)
    assert state.last.fields["s_session"] == session and "s_pw" not in state.last.fields

    logout = client.logout()
    assert logout.isSuccess() and client.getSession() is None
    client.setSession(session)
    stale = client.logout()
    assert stale.isError() and stale.getCode() == 530


def test_wrong_password_idn_conversion_and_user_view(client: Any, sandbox: RunningSandbox) -> None:
    client.setCredentials(LOGIN, "wrong")
    refused = client.login()
    assert refused.isError() and refused.getCode() == 530
    client.setCredentials(LOGIN, PASSWORD)

    # The connector converts IDNs with an extra ConvertIDN call, which the sandbox answers.
    checked = client.request({"COMMAND": "CheckDomains", "DOMAIN": ["äöütest.com"]})
    assert checked.getCommand()["DOMAIN0"] == "xn--test-koa2iub.com"
    state = sandbox.emulator.state
    assert isinstance(state, HexonetState)
    assert [r.command["COMMAND"] for r in state.requests][-2:] == ["ConvertIDN", "CheckDomains"]

    extended = client.loginExtended({"TIMEOUT": 60})
    assert extended.isSuccess()
    assert state.sessions[client.getSession()].timeout == 60
    client.setUserView(SUBUSER)
    index = client.request({"COMMAND": "GetUserIndex"})
    assert index.getColumn("USER").getData() == [SUBUSER]
    assert index.getColumn("PARENTUSER").getData() == [LOGIN]
    client.resetUserView()
    assert client.logout().isSuccess()


def test_unreachable_endpoint_gives_the_http_error_template(client: Any) -> None:
    client.setURL("http://127.0.0.1:9/api/call.cgi")
    reply = client.request({"COMMAND": "StatusAccount"})
    assert (reply.getCode(), reply.getDescription()) == (421, "Command failed due to HTTP communication error")


def test_documented_commands_outside_the_modelled_families(client: Any, sandbox: RunningSandbox) -> None:
    # The connector's own suite pages through QuerySSLCertList as a success case.
    assert client.login().isSuccess()
    pages = client.requestAllResponsePages({"COMMAND": "QuerySSLCertList", "FIRST": 0, "LIMIT": 100})
    assert len(pages) == 1
    assert pages[0].isSuccess() and pages[0].getCode() == 200
    assert (pages[0].getRecordsTotalCount(), pages[0].getFirstRecordIndex()) == (0, 0)
    assert not pages[0].hasNextPage()

    for command in (
        {"COMMAND": "QueryUserList"},
        {"COMMAND": "QueryEventList", "WIDE": 1},
        {"COMMAND": "GetCurrencies"},
    ):
        assert client.request(command).getCode() == 200, command
    missing = client.request({"COMMAND": "StatusSSLCert", "SSLCERTID": "123"})
    assert missing.isError() and missing.getCode() == 545
    written = client.request({"COMMAND": "CreateSSLCert", "SSLCERTCLASS": "COMODO-POSITIVESSL"})
    assert written.isError() and written.getDescription().endswith("is not emulated by the sandbox")
    unknown = client.request({"COMMAND": "QueryCertificateList"})
    assert (unknown.getCode(), unknown.getDescription()) == (500, "Invalid command name; QueryCertificateList")
    assert not {"CreateSSLCert", "QuerySSLCertList", "StatusSSLCert"} & set(sandbox.side_effects.counts)
    assert client.logout().isSuccess()


def test_the_command_shown_with_a_reply_matches_the_connectors(client: Any, sandbox: RunningSandbox) -> None:
    from resourcekit.hexonet import Hexonet

    command = {"COMMAND": "CheckAuthentication", "SUBUSER": LOGIN, "PASSWORD": PASSWORD}
    official = client.request(dict(command))
    with Hexonet(LOGIN, PASSWORD, system="ote", url=sandbox.url) as hexonet:  # the server root is enough
        ours = hexonet.command(command)
    # The connector keeps the caller's key order; resourcekit shows the keys as sent, sorted.
    assert sorted(ours.command_plain.splitlines()) == sorted(official.getCommandPlain().splitlines())
    assert ours.command == official.getCommand()


def test_readme_high_performance_setup_sessionless(client: Any, sandbox: RunningSandbox) -> None:
    """The README's proxy setup: the connector posts to a local URL (here the sandbox's), no session."""
    client.useHighPerformanceConnectionSetup()
    client.setURL(endpoint(sandbox.url))  # the README's way to another port
    client.setReferer("https://www.example.com/")
    reply = client.request({"COMMAND": "StatusAccount"})
    assert reply.isSuccess() and client.getSession() is None
    state = sandbox.emulator.state
    assert isinstance(state, HexonetState)
    assert state.last.fields["s_login"] == LOGIN and "s_session" not in state.last.fields


def test_usage_guide_saved_session_is_reused_by_another_client(client: Any, sandbox: RunningSandbox) -> None:
    """saveSession() into a web framework's session store, reuseSession() in the next request's client."""
    assert client.login().isSuccess()
    store: dict[str, Any] = {}
    client.saveSession(store)
    assert store["socketcfg"]["entity"] == "1234"

    later = apiclient.APIClient()
    later.setURL(endpoint(sandbox.url))
    later.reuseSession(store)  # no credentials: the session alone
    listed = later.request({"COMMAND": "QueryDomainList", "LIMIT": 100})
    assert listed.getColumn("DOMAIN").getData() == SEEDED
    assert later.logout().isSuccess()
    assert client.request({"COMMAND": "StatusAccount"}).getCode() == 530  # the shared session is gone


def test_role_credentials_restrict_to_read_only_commands(client: Any) -> None:
    client.setRoleCredentials(LOGIN, "readonly", "readonly.passw0rd")
    assert client.request({"COMMAND": "QueryDomainList"}).isSuccess()
    refused = client.request({"COMMAND": "AddDomain", "DOMAIN": "new-by-role.com"})
    assert refused.isError() and refused.getCode() == 531
    client.setRoleCredentials(LOGIN, "readonly", "wrong")
    assert client.login().getCode() == 530


def test_one_time_password_on_login(client: Any, sandbox: RunningSandbox) -> None:
    client.setCredentials(OTP_LOGIN, OTP_PASSWORD)
    assert client.login().getCode() == 530  # without one
    assert client.login("000000").getCode() == 530  # a wrong one
    assert client.login("123456").isSuccess()
    assert client.request({"COMMAND": "StatusAccount"}).getColumn("CURRENCY").getData() == ["EUR"]
    assert client.logout().isSuccess()
    assert client.login("123456").getCode() == 530  # each works once


def test_remote_ip_address_for_an_ip_filtered_account(client: Any) -> None:
    client.setCredentials(FILTERED_LOGIN, FILTERED_PASSWORD)
    assert client.request({"COMMAND": "StatusAccount"}).getCode() == 531
    client.setRemoteIPAddress(FILTERED_ADDRESS)
    assert client.request({"COMMAND": "StatusAccount"}).isSuccess()


def filled(name: str, entry: dict[str, Any]) -> dict[str, Any]:
    """The command with each documented required parameter given (an indexed one as a list)."""
    command: dict[str, Any] = {"COMMAND": name}
    for parameter, spec in entry.get("parameters", {}).items():
        if spec.get("required"):
            value = "example.com" if parameter.startswith("DOMAIN") else "x"
            command[parameter.rstrip("#")] = [value] if parameter.endswith("#") else value
    return command


def test_every_documented_command_is_known_by_name(client: Any, sandbox: RunningSandbox) -> None:
    """Through the connector, every documented command the emulator does not model gets the answer
    of its kind: an empty page, 545 for a missing object, 200, or 549 for a write; none gets 500."""
    assert client.login().isSuccess()
    state = sandbox.emulator.state
    assert isinstance(state, HexonetState)
    modelled = set(Emulator(state).commands)
    written_before = dict(sandbox.side_effects.counts)
    answered: dict[str, int] = {}
    for name, entry in DOCUMENTED.items():
        if name.lower() in modelled:
            continue
        reply = client.request(filled(name, entry))
        kind, code = entry["kind"], reply.getCode()
        if kind == "list":
            assert code == 200, name
            assert reply.getRecordsTotalCount() == 0 and not reply.hasNextPage(), name
            assert {"FIRST", "LAST", "COUNT", "TOTAL", "LIMIT"} <= set(reply.getColumnKeys()), name
        elif kind == "write":
            assert (code, reply.getDescription()) == (549, f"Command failed; {name} is not emulated by the sandbox")
        elif 545 in entry["codes"] and any(spec.get("required") for spec in entry.get("parameters", {}).values()):
            assert (code, reply.getDescription()) == (545, "Object not found"), name
        else:
            assert code == 200, name
        answered[kind] = answered.get(kind, 0) + 1
    assert answered["list"] >= 30 and answered["status"] >= 15 and answered["write"] >= 70
    assert client.request({"COMMAND": "QueryNoSuchThingList"}).getCode() == 500
    assert dict(sandbox.side_effects.counts) == written_before  # nothing was written
    assert client.logout().isSuccess()
