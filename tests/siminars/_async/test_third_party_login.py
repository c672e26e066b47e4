"""Third-party sign-in (``POST /connect/<service>``) against the sandbox over real HTTP."""

from __future__ import annotations

import logging

import pytest

from resourcekit.core.errors import InvalidInputError
from resourcekit.core.response import capture_responses
from resourcekit.sandbox.server import RunningSandbox
from resourcekit.siminars import InvalidParamError, SiminarsConflictError, SiminarsNotFoundError


@pytest.mark.anyio
@pytest.mark.parametrize("service", ["facebook", "google", "linkedin"])
async def test_login_with_gives_the_state_of_a_password_login(sandbox: RunningSandbox, service: str) -> None:
    credentials = sandbox.credentials
    async with sandbox.async_client() as by_password, sandbox.async_client() as by_service:
        password_login = await by_password.login(credentials["email"], credentials["password"])
        with capture_responses() as log:
            login = await by_service.login_with(service, credentials[f"{service}_access_token"])  # type: ignore[arg-type]
        assert log.last.status_code == 201
        assert (log.last.method, log.last.url.split("?")[0].rsplit("/", 2)[-2:]) == ("POST", ["connect", service])
        assert login.user_id == password_login.user_id == by_service.user_id
        assert by_service.is_authenticated and by_service.authtoken == login.authtoken
        assert login.authtoken != password_login.authtoken  # a session of its own
        assert (await by_service.whoami()).email == (await by_password.whoami()).email
        assert await by_service.logout()


@pytest.mark.anyio
async def test_associate_then_login_with(sandbox: RunningSandbox) -> None:
    credentials = sandbox.credentials
    token = "a-google-token-for-student1"
    async with sandbox.async_client() as api:
        with pytest.raises(InvalidParamError):  # not linked to anyone yet
            await api.login_with("google", token)
        with pytest.raises(InvalidInputError):  # linking needs a signed-in user
            await api.associate("google", token)
        student = await api.login(credentials["student_email"], credentials["student_password"])
        await api.associate("google", token)
        await api.associate("google", token)  # linking again to the same user changes nothing
        await api.logout()
        assert (await api.login_with("google", token)).user_id == student.user_id
        await api.login(credentials["email"], credentials["password"])
        with pytest.raises(SiminarsConflictError):
            await api.associate("google", token)  # another user's account


@pytest.mark.anyio
async def test_bad_services_and_tokens_are_refused(sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture) -> None:
    async with sandbox.async_client() as api:
        with capture_responses() as log:
            for service, token in [("myspace", "x"), ("google", ""), ("google", "  "), ("google", "bad\r\ntoken")]:
                with pytest.raises(InvalidInputError):
                    await api.login_with(service, token)  # type: ignore[arg-type]
        assert len(log) == 0
        with pytest.raises(SiminarsNotFoundError):
            await api.request("POST", "/connect/myspace", {"access_token": "x"})
        secret = "a-secret-facebook-token"
        with caplog.at_level(logging.DEBUG, logger="resourcekit"), pytest.raises(InvalidParamError) as caught:
            await api.login_with("facebook", secret)
        assert secret not in str(caught.value) and secret not in repr(caught.value)
        assert secret not in caplog.text
        assert not api.is_authenticated
