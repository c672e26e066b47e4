"""Against the sandbox over real HTTP: the command a reply answers, the server root as URL, the
documented commands the emulator answers without modelling them, and listings whose pages are
fetched in parallel (the sync client through a thread pool)."""

from __future__ import annotations

import pickle

import pytest

from resourcekit.core.errors import NotFoundError
from resourcekit.hexonet import AsyncHexonet, HexonetBadRequestError, HexonetError, HexonetNotFoundError
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import RunningSandbox
from tests.hexonet.conftest import state
from tests.hexonet.overlap import gated_sandbox

PASSWORD = "test.passw0rd"


def client_for(url: str, **options: object) -> AsyncHexonet:
    return AsyncHexonet("test.user", PASSWORD, system="ote", url=url, **options)  # type: ignore[arg-type]


# -- the command sent, on the reply and on the error ----------------------------------------------


@pytest.mark.anyio
async def test_the_reply_carries_the_command_with_the_password_masked(sandbox: RunningSandbox) -> None:
    async with client_for(sandbox.url) as hexonet:
        response = await hexonet.command(
            {"COMMAND": "CheckAuthentication", "SUBUSER": "test.user", "PASSWORD": PASSWORD}
        )
    assert response.code == 200
    assert response.command == {"COMMAND": "CheckAuthentication", "PASSWORD": "***", "SUBUSER": "test.user"}
    assert response.command_plain == "COMMAND = CheckAuthentication\nPASSWORD = ***\nSUBUSER = test.user\n"
    assert state(sandbox).last.command["PASSWORD"] == PASSWORD  # masked for display only, sent as given


@pytest.mark.anyio
async def test_the_error_carries_the_command_with_secrets_masked(sandbox: RunningSandbox) -> None:
    async with client_for(sandbox.url) as hexonet:
        with pytest.raises(HexonetNotFoundError) as caught:
            await hexonet.command({"COMMAND": "ModifyDomain", "DOMAIN": "not-mine.com", "AUTH": "s3cret-auth"})
    error = caught.value
    assert error.command == "ModifyDomain"
    assert error.command_sent == {"COMMAND": "ModifyDomain", "DOMAIN": "not-mine.com", "AUTH": "***"}
    assert error.command_plain == "AUTH = ***\nCOMMAND = ModifyDomain\nDOMAIN = not-mine.com\n"
    assert error.response is not None and error.response.command == error.command_sent
    copy = pickle.loads(pickle.dumps(error))
    assert copy.command_sent == error.command_sent
    for shown in (str(error), repr(error), error.command_plain, repr(error.response), pickle.dumps(error)):
        assert "s3cret-auth" not in str(shown)


@pytest.mark.anyio
async def test_one_time_passwords_and_registry_codes_are_masked_too(sandbox: RunningSandbox) -> None:
    secrets = {"PASSWORD": "n3w-passw0rd", "OTP": "913824", "OLDOTP": "402157"}
    async with client_for(sandbox.url) as hexonet:
        with pytest.raises(HexonetError) as caught:  # the sandbox does not model password changes
            await hexonet.command({"COMMAND": "ModifyUserPassword", **secrets})
    error = caught.value
    assert error.command_sent == {"COMMAND": "ModifyUserPassword", "PASSWORD": "***", "OTP": "***", "OLDOTP": "***"}
    assert {key: state(sandbox).last.command[key] for key in secrets} == secrets  # sent as given
    for shown in (str(error), repr(error), error.command_plain, repr(error.response), pickle.dumps(error)):
        assert not any(secret in str(shown) for secret in secrets.values())


# -- the server root -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_the_server_root_that_serve_prints_is_enough(sandbox: RunningSandbox) -> None:
    async with client_for(sandbox.url) as hexonet:
        assert hexonet.url == sandbox.url + "/api/call.cgi"
        assert (await hexonet.account.status()).currency == "USD"
    async with client_for(sandbox.url + "/") as hexonet:
        assert (await hexonet.account.status()).currency == "USD"


@pytest.mark.anyio
async def test_a_wrong_path_says_where_the_api_answers(sandbox: RunningSandbox) -> None:
    async with client_for(sandbox.url + "/api/wrong.cgi") as hexonet:
        with pytest.raises(NotFoundError, match=r"no HEXONET API at the path '/api/wrong.cgi'.*/api/call\.cgi"):
            await hexonet.account.status()


# -- documented commands the emulator does not model ----------------------------------------------


@pytest.mark.anyio
async def test_unmodelled_read_only_commands_answer_as_for_an_account_without_such_objects(
    sandbox: RunningSandbox,
) -> None:
    async with client_for(sandbox.url) as hexonet:
        certificates = await hexonet.command({"COMMAND": "QuerySSLCertList", "WIDE": 1})
        assert certificates.code == 200
        assert {name: certificates.get(name) for name in ("FIRST", "COUNT", "TOTAL")} == {
            "FIRST": "0",
            "COUNT": "0",
            "TOTAL": "0",
        }
        assert await hexonet.paginate({"COMMAND": "QuerySSLCertList"}, page_size=2).to_list() == []
        assert await hexonet.paginate({"COMMAND": "QueryUserList"}, concurrency=1).to_list() == []
        with pytest.raises(HexonetNotFoundError):
            await hexonet.command({"COMMAND": "StatusSSLCert", "SSLCERTID": "123"})
        with pytest.raises(HexonetBadRequestError, match="504 Missing required attribute; SSLCERTID"):
            await hexonet.command({"COMMAND": "StatusSSLCert"})
        assert (await hexonet.command({"COMMAND": "GetCurrencies"})).code == 200
        with pytest.raises(HexonetError, match="549 Command failed; CreateSSLCert is not emulated") as caught:
            await hexonet.command({"COMMAND": "CreateSSLCert", "SSLCERTCLASS": "COMODO-POSITIVESSL"})
        assert caught.value.code == 549
        with pytest.raises(HexonetBadRequestError, match="500 Invalid command name"):
            await hexonet.command({"COMMAND": "QueryCertificateList"})
    assert sandbox.side_effects.total() == 0


# -- bounded paging -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_an_empty_listing_has_no_records(sandbox: RunningSandbox) -> None:
    async with client_for(sandbox.url) as hexonet:
        for concurrency in (1, 4):
            listing = hexonet.paginate({"COMMAND": "QueryDomainList", "DOMAIN": "nothing-*"}, concurrency=concurrency)
            assert await listing.to_list() == []


# -- parallel pages -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_pages_are_fetched_in_parallel_over_a_real_socket() -> None:
    # Six seeded domains, a page each: the first page, then five more with four in flight. The
    # server holds the later calls until four are waiting together (see tests/hexonet/overlap.py).
    with gated_sandbox(4, SandboxSettings(seed_size=5)) as (url, gate):
        async with client_for(url) as hexonet:
            names = [domain.domain async for domain in hexonet.domains.list(page_size=1, concurrency=4)]
    assert len(names) == 6 and len(set(names)) == 6
    assert gate.peak == 4
