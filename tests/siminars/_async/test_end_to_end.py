"""The whole user journey over real HTTP, on TCP and on a Unix socket."""

from __future__ import annotations

import pytest

from resourcekit.sandbox.server import RunningSandbox
from resourcekit.sandbox.siminars.state import SEED_SIMINAR_ID, SiminarsState
from resourcekit.siminars import (
    AccessDeniedError,
    AsyncSiminars,
    InternalServerError,
    InvalidParamError,
    LoginRequiredError,
    NotAllowedError,
    PaymentRequiredError,
    SiminarsConflictError,
    SiminarsNotFoundError,
    UnknownRouteError,
)

STEP_TITLES = [
    "Introduction to the Task Server",
    "Choosing & Setting-Up the right Database",
    "Explaining the Codes",
    "Extras: Goodies implemented using the back stack.",
    "ToDo",
]


@pytest.mark.anyio
async def test_login_browse_create_launch_members_cart_logout(served: RunningSandbox) -> None:
    credentials = served.credentials
    async with served.async_client() as api:
        if served.uds is not None:
            assert api.address.uds == served.uds
        login = await api.login(credentials["email"], credentials["password"])
        assert api.authtoken == login.authtoken
        assert api.user_id == login.user_id == "133071947969939498163702"
        assert "***" in repr(login) and login.authtoken not in repr(login)

        # browse
        facilitating = await api.siminars.list("facilitating")
        seed = next(siminar for siminar in facilitating if siminar.id == SEED_SIMINAR_ID)
        assert (seed.list_price, seed.purchase_price, seed.is_paid) == (20, 12, True)
        assert seed.instructors == ["133071947969939498163702"]
        steps = await seed.steps()
        assert [step.title for step in steps] == STEP_TITLES
        assert [step.sequence for step in steps] == [1, 2, 3, 4, 5]
        assert [info.title for info in seed.outline()] == STEP_TITLES
        assert seed.featured_book == ["136876039914810979336852"]  # an undocumented field, kept

        # create, change and launch a siminar
        created = await api.siminars.create("Queues in Practice", subtitle="Workers and retries")
        assert created.status == 0 and not created.is_launched and created.user_is_instructor
        assert created.id.endswith("18098") and len(created.id) == 24
        assert created.id in [siminar.id for siminar in await api.siminars.list("unlaunched")]
        with pytest.raises(SiminarsConflictError, match="add a step"):
            await created.launch()
        assert created.status == 0
        created.description = "<p>Hands on.</p>"
        await created.save()
        assert not created.has_changes
        step = await created.add_step("Setting up", "Install the queue", eta=10)
        assert (step.sequence, step.siminar_id) == (1, created.id)
        await created.launch()
        assert (await created.refresh()).is_launched
        assert created.description == "<p>Hands on.</p>" and created.step_ids == [step.id]

        # a second user, side by side
        anonymous = api.with_options(authtoken=None)
        assert anonymous.authtoken is None and api.authtoken == login.authtoken
        student = api.with_options(authtoken=None)
        other = await student.login(credentials["other_email"], credentials["other_password"])
        assert other.user_id != login.user_id

        # add and approve a member
        assert await created.add_member(other.user_id) == other.user_id
        assert [user.id for user in await created.pending_members()] == [other.user_id]
        assert await created.approve_member(other.user_id)
        assert [user.id for user in await created.members()] == [other.user_id]
        assert (await student.siminars.get(created.id)).user_is_student

        # a paid siminar is closed to a non-member until the cart is finalized
        with pytest.raises(NotAllowedError):
            await student.siminars.get(SEED_SIMINAR_ID)
        preview = await anonymous.siminars.get(SEED_SIMINAR_ID)
        assert preview.user_is_nobody and preview.user_needs_signup
        price = await student.cart.price(SEED_SIMINAR_ID, coupon_code="MONGO50")
        assert (price.purchase_price, price.price) == (12, 6)
        cart = await student.cart.add(SEED_SIMINAR_ID, coupon_code="MONGO50")
        assert (cart.item_id, cart.price) == (SEED_SIMINAR_ID, 6)
        assert (await student.cart.get()).item_id == SEED_SIMINAR_ID
        purchase = await cart.finalize()
        assert purchase.paid and purchase.siminar_id == SEED_SIMINAR_ID
        assert served.side_effects["cart.finalize"] == 1
        bought = await student.siminars.get(SEED_SIMINAR_ID)
        assert bought.user_is_student
        assert [s.id for s in await student.siminars.list("participating")] == [SEED_SIMINAR_ID, created.id]

        # logout: the token no longer works, and the client is anonymous again
        saved = student.authtoken
        assert await student.logout()
        assert student.authtoken is None and not await student.logout()
        with pytest.raises(LoginRequiredError):
            await api.with_options(authtoken=saved).whoami()
        assert await api.logout()
        with pytest.raises(LoginRequiredError):
            await api.whoami()


async def new_user(api: AsyncSiminars, name: str) -> AsyncSiminars:
    """A fresh program user, signed in on a copy of ``api``."""
    email = f"{name}@siminars.test"
    await api.users.create(email, name.title(), password=f"{name}-password")
    client = api.with_options(authtoken=None)
    await client.login(email, f"{name}-password")
    return client


@pytest.mark.anyio
async def test_unknown_routes_and_every_error_status_are_typed(served: RunningSandbox) -> None:
    credentials = served.credentials
    async with served.async_client(max_retries=0) as api:
        with pytest.raises(UnknownRouteError, match="no Siminars route named 'siminar_of_the_day'"):
            await api.call("siminar_of_the_day")
        with pytest.raises(LoginRequiredError) as login_required:
            await api.whoami()
        assert login_required.value.status == 401 and login_required.value.status_name == "LOGIN_REQUIRED"
        with pytest.raises(InvalidParamError, match="Invalid Username or Password") as invalid:
            await api.login(credentials["email"], "not the password")
        assert invalid.value.status == 412 and invalid.value.status_name == "INVALID_PARAM"
        assert (await api.steps.get("134943845527824879854962")).can_visit  # step 3 of 3 free steps
        with pytest.raises(PaymentRequiredError) as payment:
            await api.steps.get("134963289888335063154962")
        assert payment.value.status == 402
        with pytest.raises(SiminarsNotFoundError, match="Siminar not found") as not_found:
            await api.siminars.get("999999999999999999918098")
        assert not_found.value.status == 404

        await api.login(credentials["email"], credentials["password"])
        stranger = await new_user(api, "stranger")
        with pytest.raises(NotAllowedError) as not_allowed:
            await stranger.siminars.get(SEED_SIMINAR_ID)
        assert not_allowed.value.status == 405
        free = _free_siminar(served)
        with pytest.raises(AccessDeniedError) as denied:
            await stranger.call("siminar_users", "PUT", {"approve": stranger.user_id}, siminar_id=free, role="students")
        assert denied.value.status == 403
        siminar = await api.siminars.get(free)
        await siminar.add_member(str(stranger.user_id))
        with pytest.raises(SiminarsConflictError) as conflict:
            await siminar.add_member(str(stranger.user_id))
        assert conflict.value.status == 409
        served.faults.fail_next(1, 500)
        with pytest.raises(InternalServerError) as internal:
            await api.siminars.list()
        assert internal.value.status == 500
        for error in (login_required, invalid, denied, internal):
            assert str(api.authtoken) not in str(error.value)
            assert credentials["password"] not in str(error.value)
        await stranger.aclose()


def _free_siminar(served: RunningSandbox) -> str:
    state = served.emulator.state
    assert isinstance(state, SiminarsState)
    return next(s["_id"] for s in state.siminars.values() if s["status"] == 12 and not s["is_paid"])


@pytest.mark.anyio
async def test_client_reads_the_environment(served: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in served.environment().items():
        monkeypatch.setenv(name, value)
    async with AsyncSiminars() as api:
        assert api.address.uds == served.uds
        assert "Build a High Capacity" in (await api.siminars.get(SEED_SIMINAR_ID)).title
