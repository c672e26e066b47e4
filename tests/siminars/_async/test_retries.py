"""Failures are retried only where a repeat is harmless; payments and creations are never sent twice."""

from __future__ import annotations

import pytest

from resourcekit.core.errors import ConnectionError
from resourcekit.core.response import capture_responses
from resourcekit.sandbox.server import RunningSandbox
from resourcekit.sandbox.siminars.state import SEED_SIMINAR_ID
from resourcekit.siminars import AsyncSiminars, InternalServerError

slept: list[float] = []


async def no_sleep(seconds: float) -> None:
    slept.append(seconds)


async def signed_in(sandbox: RunningSandbox, email_key: str, password_key: str) -> AsyncSiminars:
    api: AsyncSiminars = sandbox.async_client(sleep=no_sleep)
    await api.login(sandbox.credentials[email_key], sandbox.credentials[password_key])
    return api


@pytest.mark.anyio
async def test_reads_are_retried_through_errors_and_lost_replies(sandbox: RunningSandbox) -> None:
    async with await signed_in(sandbox, "email", "password") as api:
        slept.clear()
        sandbox.faults.fail_next(2, 503, path="/jack/siminar/")
        with capture_responses() as log:
            siminar = await api.siminars.get(SEED_SIMINAR_ID)
        assert siminar.id == SEED_SIMINAR_ID and log.last.retries_taken == 2 and len(slept) == 2
        sandbox.faults.fail_next(1, 500, path="/jack/siminar/")
        sandbox.faults.drop_next(1, after_app=True, path="/jack/siminar/")
        with capture_responses() as log:
            await api.siminars.get(SEED_SIMINAR_ID)
        assert log.last.retries_taken == 2
        sandbox.faults.fail_next(1, 503, path="/authtoken")
        with capture_responses() as log:
            await api.with_options(authtoken=None).login(sandbox.credentials["email"], sandbox.credentials["password"])
        assert log.last.retries_taken == 1  # a login is safe to repeat


@pytest.mark.anyio
async def test_a_payment_whose_reply_is_lost_is_not_sent_again(sandbox: RunningSandbox) -> None:
    async with await signed_in(sandbox, "other_email", "other_password") as student:
        cart = await student.cart.add(SEED_SIMINAR_ID)
        before = sandbox.side_effects["cart.finalize"]
        sandbox.faults.drop_next(1, after_app=True, path="/account/cart")
        with pytest.raises(ConnectionError) as lost:
            await cart.finalize()
        assert lost.value.sent
        assert sandbox.side_effects["cart.finalize"] == before + 1
        assert (await student.siminars.get(SEED_SIMINAR_ID)).user_is_student  # it went through, once


@pytest.mark.anyio
async def test_a_creation_that_failed_before_the_server_acted_is_not_repeated(sandbox: RunningSandbox) -> None:
    async with await signed_in(sandbox, "email", "password") as api:
        before = sandbox.side_effects["siminar.create"]
        sandbox.faults.fail_next(1, 500, path="/jack/siminars")
        with pytest.raises(InternalServerError):
            await api.siminars.create("Not twice")
        assert sandbox.side_effects["siminar.create"] == before
        sandbox.faults.fail_next(1, 503, path="/jack/siminars")
        created = await api.siminars.create("Once")  # 503 means the server did not act: retried
        assert sandbox.side_effects["siminar.create"] == before + 1 and created.title == "Once"
