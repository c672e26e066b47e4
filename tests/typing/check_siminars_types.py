"""What an IDE sees with Siminars, checked by pyright (strict) in the test command; never run."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from typing_extensions import assert_type

from resourcekit.siminars import (
    AsyncCart,
    AsyncSiminar,
    AsyncSiminars,
    AsyncStep,
    AsyncStepResponse,
    AsyncUser,
    Bundle,
    BundleSummary,
    Cart,
    Comment,
    Document,
    Login,
    Me,
    MemberRole,
    MyBundles,
    MyRoles,
    Notification,
    Plan,
    Price,
    Purchase,
    Session,
    Siminar,
    Siminars,
    SiminarsError,
    Step,
    StepInfo,
    StepResponse,
    UnreadFeedEntry,
    User,
)


def sync_shapes(api: Siminars) -> None:
    with api as same:
        assert_type(same, Siminars)
    assert_type(api.login("a@b.c", "pw"), Login)
    me = api.whoami()
    assert_type(me, Me)
    assert_type(me.roles, MyRoles)
    assert_type(me.roles.participating, list[str])
    assert_type(me.unread_feed, list[UnreadFeedEntry])
    assert_type(me.unread_feed[0].count, int)
    assert_type(me.bundles, MyBundles)
    assert_type(me.bundles.bundles_dict, dict[str, BundleSummary])
    assert_type(me.unread_forum, dict[str, int])
    for siminar in api.siminars.list("facilitating"):
        assert_type(siminar, Siminar)
        assert_type(siminar.refresh(), Siminar)
        assert_type(siminar.save(), Siminar)
        assert_type(siminar.launch(), Siminar)
        assert_type(siminar.students, dict[str, int])
        assert_type(siminar.done, dict[str, dict[str, int]])
        assert_type(siminar.outline(), list[StepInfo])
        assert_type(siminar.step_dict["x"].visited_on, int | bool)
        assert_type(siminar.steps(), list[Step])
        assert_type(siminar.members(), list[User])
        assert_type(siminar.plan(), Plan)
        assert_type(siminar.add_to_cart(), Cart)
    step = api.steps.get("x")
    assert_type(step.respond("text"), StepResponse)
    assert_type(step.respond("text").comment("nice"), Comment)
    assert_type(step.responses()[0].vote(-1), int)
    assert_type(api.plans.get("x").bundles(), list[Bundle])
    assert_type(api.bundles.get("x").sessions(), list[Session])
    assert_type(api.users.notifications(), list[Notification])
    assert_type(api.users.relations("x"), list[User])
    assert_type(api.cart.add("x").finalize(), Purchase)
    assert_type(api.cart.price("x"), Price)
    assert_type(api.get_object("x"), Document)
    assert_type(api.with_options(authtoken=None), Siminars)
    role: MemberRole = "instructors"
    assert_type(api.siminars.get("x").pending_members(role), list[User])
    try:
        api.siminars.get("x")
    except SiminarsError as error:
        assert_type(error.status_name, str)
        assert_type(error.status, int | None)


async def async_shapes(api: AsyncSiminars) -> None:
    async with api as same:
        assert_type(same, AsyncSiminars)
    pending: Coroutine[Any, Any, AsyncSiminar] = api.siminars.get("x")  # awaitable, typed
    siminar = await pending
    assert_type(await siminar.refresh(), AsyncSiminar)
    assert_type(await siminar.launch(), AsyncSiminar)
    assert_type(await siminar.steps(), list[AsyncStep])
    assert_type(await siminar.members("students"), list[AsyncUser])
    assert_type(await (await api.steps.get("x")).respond("text"), AsyncStepResponse)
    assert_type(await api.cart.add("x"), AsyncCart)
    assert_type((await api.whoami()).roles.facilitating, list[str])
