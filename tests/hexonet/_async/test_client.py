"""The HEXONET client end to end against the sandbox over real HTTP: commands, errors, retries, sessions."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from resourcekit.core.concurrency import async_map_bounded
from resourcekit.core.errors import (
    ConfigurationError,
    ConnectionError,
    InvalidInputError,
    PermissionDeniedError,
)
from resourcekit.hexonet import (
    AsyncHexonet,
    HexonetAuthenticationError,
    HexonetBadRequestError,
    HexonetNotFoundError,
    HexonetPermissionDeniedError,
    HexonetServerError,
    SavedSession,
)
from resourcekit.sandbox.hexonet import endpoint
from resourcekit.sandbox.hexonet.state import (
    FILTERED_ADDRESS,
    FILTERED_LOGIN,
    FILTERED_PASSWORD,
    OTP_LOGIN,
    OTP_PASSWORD,
    SUBUSER,
)
from resourcekit.sandbox.server import RunningSandbox
from tests.hexonet.conftest import state

PASSWORD = "test.passw0rd"


async def no_sleep(seconds: float) -> None:
    del seconds


@pytest.fixture
async def hexonet(sandbox: RunningSandbox) -> AsyncIterator[AsyncHexonet]:
    async with sandbox.async_client(sleep=no_sleep) as client:
        yield client


def client_for(sandbox: RunningSandbox, login: str, password: str, **options: object) -> AsyncHexonet:
    return AsyncHexonet(login, password, system="ote", url=endpoint(sandbox.url), sleep=no_sleep, **options)  # type: ignore[arg-type]


# -- raw commands ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_command_sends_credentials_and_returns_a_typed_response(
    sandbox: RunningSandbox, hexonet: AsyncHexonet
) -> None:
    response = await hexonet.command({"COMMAND": "CheckDomains", "DOMAIN": ["brand-new.com", "example.com"]})
    assert response.code == 200
    assert response.description == "Command completed successfully"
    assert response.values("DOMAINCHECK") == ["210 Available", "211 Domain name not available"]
    assert response.runtime >= 0
    received = state(sandbox).last
    assert received.fields["s_entity"] == "1234"
    assert received.fields["s_login"] == "test.user"
    assert received.fields["s_pw"] == PASSWORD
    assert received.command == {"COMMAND": "CheckDomains", "DOMAIN0": "brand-new.com", "DOMAIN1": "example.com"}


@pytest.mark.anyio
async def test_text_commands_and_full_responses(hexonet: AsyncHexonet) -> None:
    response = await hexonet.command("COMMAND = StatusAccount")
    assert response.get("CURRENCY") == "USD"
    full = await hexonet.command_response({"COMMAND": "StatusAccount"})
    assert full.status_code == 200
    assert full.headers["content-type"].startswith("text/plain")
    assert full.content.startswith(b"[RESPONSE]\r\n")
    assert full.parsed.get("AMOUNT") == "1000.00"
    assert full.retries_taken == 0


@pytest.mark.anyio
async def test_bad_input_is_refused_before_sending(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    for command in (
        {"COMMAND": "StatusDomain", "DOMAIN": {"nested": "dict"}},
        {"COMMAND": "CheckDomains", "DOMAIN": [["a.com"]]},
        {"COMMAND": "StatusDomain", "DOMAIN": "bad..ü.com"},
    ):
        with pytest.raises(InvalidInputError):
            await hexonet.command(command)  # type: ignore[arg-type]
    assert len(state(sandbox).requests) == 0


@pytest.mark.anyio
async def test_idn_names_are_converted_locally_in_one_round_trip(
    sandbox: RunningSandbox, hexonet: AsyncHexonet
) -> None:
    response = await hexonet.command({"COMMAND": "CheckDomains", "DOMAIN": ["faß.de", "faß.com", "*.com"]})
    assert state(sandbox).last.command["DOMAIN0"] == "xn--fa-hia.de"
    assert state(sandbox).last.command["DOMAIN1"] == "fass.com"
    assert response.values("DOMAINCHECK")[2].startswith("505")  # a pattern is sent as it is
    assert len(state(sandbox).requests) == 1  # no ConvertIDN round trip


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_result_codes_raise_typed_errors(hexonet: AsyncHexonet) -> None:
    with pytest.raises(HexonetNotFoundError) as caught:
        await hexonet.command({"COMMAND": "StatusDomain", "DOMAIN": "missing-domain.com"})
    assert caught.value.code == 545
    assert caught.value.detail == "DOMAIN NAME NOT FOUND"
    assert caught.value.command == "StatusDomain"
    assert caught.value.response is not None and caught.value.response.code == 545
    with pytest.raises(HexonetBadRequestError, match="500 Invalid command name"):
        await hexonet.command({"COMMAND": "NoSuchCommand"})


@pytest.mark.anyio
async def test_wrong_password_is_an_authentication_error_without_secrets(sandbox: RunningSandbox) -> None:
    async with client_for(sandbox, "test.user", "wrong-password") as client:
        with pytest.raises(HexonetAuthenticationError) as caught:
            await client.account.status()
    assert caught.value.code == 530
    assert "wrong-password" not in str(caught.value) + repr(caught.value)
    assert "wrong-password" not in repr(client)


@pytest.mark.anyio
async def test_temporary_codes_are_retried_only_for_idempotent_commands(
    sandbox: RunningSandbox, hexonet: AsyncHexonet
) -> None:
    state(sandbox).inject(421, 2, command="CheckDomains")
    full = await hexonet.command_response({"COMMAND": "CheckDomains", "DOMAIN": ["a-free-name.com"]})
    assert full.parsed.code == 200
    assert full.retries_taken == 2
    state(sandbox).inject(421, command="AddContact")
    with pytest.raises(HexonetServerError) as caught:
        await hexonet.command({"COMMAND": "AddContact", "FIRSTNAME": "A"})
    assert caught.value.temporary and caught.value.code == 421
    assert [r.command["COMMAND"] for r in state(sandbox).requests][-1:] == ["AddContact"]
    assert sum(r.command["COMMAND"] == "AddContact" for r in state(sandbox).requests) == 1


@pytest.mark.anyio
async def test_lost_replies_are_resent_only_when_safe(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    owner = (await hexonet.contacts.list().first()) or pytest.fail("no contact")
    sandbox.faults.drop_next(1, after_app=True)
    with pytest.raises(ConnectionError):
        await hexonet.domains.create("lost-reply.com", owner_contact=owner.id)
    assert sandbox.side_effects["AddDomain"] == 1  # registered once, not twice
    sandbox.faults.drop_next(1, after_app=True)
    full = await hexonet.command_response({"COMMAND": "StatusDomain", "DOMAIN": "lost-reply.com"})
    assert full.retries_taken == 1 and full.parsed.get("DOMAIN") == "lost-reply.com"


@pytest.mark.anyio
async def test_truncated_and_gateway_failures(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    sandbox.faults.truncate_next(1)
    sandbox.faults.fail_next(1, status=503)
    status = await hexonet.account.status()
    assert status.currency == "USD"
    assert sandbox.faults.injected["truncate"] == 1 and sandbox.faults.injected["status"] == 1


@pytest.mark.anyio
async def test_secrets_never_reach_the_log(
    sandbox: RunningSandbox, hexonet: AsyncHexonet, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="resourcekit")
    domain = await hexonet.domains.get("breeze-000.com")
    assert domain.auth
    await hexonet.command({"COMMAND": "ModifyDomain", "DOMAIN": domain.domain, "AUTH": "new-secret-auth"})
    await hexonet.login()
    session = hexonet.save_session().session
    await hexonet.account.status()
    await hexonet.logout()
    text = caplog.text
    assert "s_command" in text
    for secret in (PASSWORD, "new-secret-auth", session):
        assert secret not in text
        assert secret not in repr(hexonet)


# -- sessions -------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_login_uses_the_session_and_logout_ends_it(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    saved = await hexonet.login(timeout=60, max_ttl=600)
    assert hexonet.has_session and isinstance(saved, SavedSession)
    assert saved.session not in repr(saved)
    (session,) = state(sandbox).sessions.values()
    assert (session.timeout, session.max_ttl) == (60, 600)
    await hexonet.account.status()
    fields = state(sandbox).last.fields
    assert fields["s_session"] == saved.session and "s_pw" not in fields and "s_login" not in fields
    await hexonet.logout()
    assert not hexonet.has_session and not state(sandbox).sessions
    await hexonet.logout()  # nothing to end: no call
    assert state(sandbox).last.command["COMMAND"] == "EndSession"


@pytest.mark.anyio
async def test_session_block_and_bad_options(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    async with hexonet.session() as inside:
        assert inside is hexonet and hexonet.has_session
        assert [domain.domain async for domain in hexonet.domains.list({"DOMAIN": "breeze*"})] == ["breeze-000.com"]
    assert not hexonet.has_session and not state(sandbox).sessions
    with pytest.raises(HexonetBadRequestError, match="TIMEOUT"):
        await hexonet.login(timeout=5)


@pytest.mark.anyio
async def test_expired_session_is_renewed_once_transparently(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    await hexonet.login()
    first = hexonet.save_session().session
    state(sandbox).expire_sessions()
    statuses = [status async for status in async_map_bounded(lambda _: hexonet.account.status(), range(5), 5)]
    assert all(status.currency == "USD" for status in statuses)
    assert hexonet.save_session().session != first
    assert sandbox.side_effects["StartSession"] == 2  # the login and one renewal
    await hexonet.logout()


@pytest.mark.anyio
async def test_saved_sessions_are_reused_without_credentials(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    saved = (await hexonet.login()).as_dict()
    async with AsyncHexonet(url=endpoint(sandbox.url), session=saved, environ={}) as reused:
        assert (await reused.account.status()).currency == "USD"
        assert state(sandbox).last.fields["s_session"] == saved["session"]
        state(sandbox).expire_sessions()
        with pytest.raises(HexonetAuthenticationError):  # no credentials to renew with
            await reused.account.status()
    async with client_for(sandbox, "test.user", "unused") as other:
        other.reuse_session(SavedSession.from_dict(saved))
        with pytest.raises(HexonetAuthenticationError):
            await other.account.status()
    with pytest.raises(InvalidInputError):
        SavedSession.from_dict({"session": "x"})


@pytest.mark.anyio
async def test_one_time_password_starts_a_session(sandbox: RunningSandbox) -> None:
    async with client_for(sandbox, OTP_LOGIN, OTP_PASSWORD) as without:
        with pytest.raises(HexonetAuthenticationError):
            await without.account.status()
    async with client_for(sandbox, OTP_LOGIN, OTP_PASSWORD, otp="123456") as client:
        assert (await client.account.status()).currency == "EUR"
        assert (await client.account.status()).currency == "EUR"
        assert client.has_session
        assert "123456" not in state(sandbox).otp_codes
        start = next(r for r in state(sandbox).requests if r.command["COMMAND"] == "StartSession")
        assert start.fields["s_otp"] == "123456"
        assert "s_otp" not in state(sandbox).last.fields
        await client.logout()
        await client.login(otp="234567")
        assert client.has_session
        await client.logout()


@pytest.mark.anyio
async def test_role_logins(sandbox: RunningSandbox) -> None:
    async with client_for(sandbox, "test.user", "readonly.passw0rd", role="readonly") as readonly:
        domain = await readonly.domains.get("breeze-000.com")
        assert state(sandbox).last.fields["s_login"] == "test.user!readonly"
        domain.renewal_mode = "AUTOEXPIRE"
        with pytest.raises(HexonetPermissionDeniedError) as caught:
            await domain.save()
        assert caught.value.detail == "Operation forbidden by ACL"
    async with client_for(sandbox, "test.user", "admin.passw0rd", role="admin") as admin:
        domain = await admin.domains.get("breeze-000.com")
        domain.renewal_mode = "AUTOEXPIRE"
        await domain.save()
        assert (await admin.domains.get("breeze-000.com")).renewal_mode == "AUTOEXPIRE"


@pytest.mark.anyio
async def test_user_view_and_with_options(sandbox: RunningSandbox, hexonet: AsyncHexonet) -> None:
    own = [domain.domain async for domain in hexonet.domains.list()]
    sub = hexonet.with_options(user_view=SUBUSER, timeout=10, max_retries=0)
    theirs = [domain.domain async for domain in sub.domains.list()]
    assert theirs == ["sub-alpine.net", "sub-breeze.net"]
    assert not set(own) & set(theirs)
    assert state(sandbox).last.fields["s_user"] == SUBUSER
    assert (await sub.account.status()).amount == 50
    back = sub.with_options(user_view=None)
    assert [domain.domain async for domain in back.domains.list()] == own
    assert "s_user" not in state(sandbox).last.fields
    with pytest.raises(PermissionDeniedError):
        await hexonet.with_options(user_view="stranger").account.status()
    all_depth = [d.domain async for d in hexonet.domains.list({"USERDEPTH": "ALL"})]
    assert set(all_depth) == set(own) | set(theirs)


@pytest.mark.anyio
async def test_remote_address_and_referer(sandbox: RunningSandbox) -> None:
    async with client_for(sandbox, FILTERED_LOGIN, FILTERED_PASSWORD) as blocked:
        with pytest.raises(HexonetPermissionDeniedError, match="IP address not allowed"):
            await blocked.account.status()
    async with client_for(
        sandbox, FILTERED_LOGIN, FILTERED_PASSWORD, remote_address=FILTERED_ADDRESS, referer="https://shop.example/"
    ) as allowed:
        assert (await allowed.account.status()).currency == "USD"
    received = state(sandbox).last
    assert received.fields["s_remoteaddr"] == FILTERED_ADDRESS
    assert received.headers["referer"] == "https://shop.example/"
    assert received.headers["user-agent"].startswith("resourcekit/")


@pytest.mark.anyio
async def test_configuration_from_the_environment(sandbox: RunningSandbox) -> None:
    async with AsyncHexonet(environ=sandbox.environment(), sleep=no_sleep) as client:
        assert client.system == "ote" and client.entity == "1234"
        assert (await client.account.status()).currency == "USD"
    with pytest.raises(ConfigurationError, match="HEXONET_LOGIN"):
        AsyncHexonet(environ={})
    with pytest.raises(ConfigurationError, match="system"):
        AsyncHexonet("a", "b", environ={"HEXONET_SYSTEM": "staging"})
    live = AsyncHexonet("a", "b", environ={}, proxy="http://proxy.invalid:3128")
    assert (live.url, live.entity) == ("https://api.ispapi.net/api/call.cgi", "54cd")
    assert live._transport.options.proxy == "http://proxy.invalid:3128"
    await live.aclose()
    with pytest.raises(ConfigurationError, match="no session"):
        live.save_session()


@pytest.mark.anyio
async def test_concurrent_calls_share_one_client(hexonet: AsyncHexonet) -> None:
    names = ["breeze-000.com", "ember-001.net", "ember-002.org", "delta-003.de", "fjord-004.info"]
    domains = [domain async for domain in async_map_bounded(hexonet.domains.get, names, 5)]
    assert [domain.domain for domain in domains] == names
