"""Every manager and record method, driven against the sandbox over real HTTP."""

from __future__ import annotations

import logging

import pytest

from resourcekit.core.concurrency import async_map_bounded
from resourcekit.core.errors import InvalidInputError, ReadOnlyFieldError, UnboundRecordError
from resourcekit.core.response import capture_responses
from resourcekit.sandbox.server import RunningSandbox
from resourcekit.sandbox.siminars.state import (
    CO_INSTRUCTOR_ID,
    FACILITATOR_ID,
    SEED_PLAN_ID,
    SEED_SIMINAR_ID,
    SiminarsState,
)
from resourcekit.siminars import (
    AccessDeniedError,
    AsyncSiminar,
    AsyncSiminars,
    InvalidParamError,
    LoginRequiredError,
    PaymentRequiredError,
    SiminarsConflictError,
    SiminarsNotFoundError,
    UnknownRouteError,
)
from resourcekit.siminars.urls import BUILTIN_URLS

FIRST_STEP = "134937296241062751654962"


async def facilitator(sandbox: RunningSandbox, **options: object) -> AsyncSiminars:
    api: AsyncSiminars = sandbox.async_client(**options)
    await api.login(sandbox.credentials["email"], sandbox.credentials["password"])
    return api


async def signed_in(api: AsyncSiminars, email: str, password: str) -> AsyncSiminars:
    other = api.with_options(authtoken=None)
    await other.login(email, password)
    return other


def emulator_state(sandbox: RunningSandbox) -> SiminarsState:
    state = sandbox.emulator.state
    assert isinstance(state, SiminarsState)
    return state


@pytest.mark.anyio
async def test_identity_url_map_and_raw_access(sandbox: RunningSandbox) -> None:
    async with await facilitator(sandbox) as api:
        assert api.is_authenticated and "***" in repr(api)
        assert str(api.authtoken) not in repr(api) and "apitoken='***'" in repr(api)
        me = await api.whoami()
        assert (me.id, me.display_name) == (FACILITATOR_ID, "Task Master")
        assert SEED_SIMINAR_ID in me.roles.facilitating and me.bundles.facilitating
        assert (await me.refresh()).id == FACILITATOR_ID
        profile = await me.user()
        assert profile.email == "facilitator@siminars.test"
        urls = await api.urls()
        assert urls == dict(BUILTIN_URLS) and api.urls_source == "server"
        assert await api.path("steps", siminar_id=SEED_SIMINAR_ID) == f"/jack/siminar/{SEED_SIMINAR_ID}/steps"
        with pytest.raises(InvalidInputError, match="needs siminar_id"):
            await api.path("steps")
        payload = await api.call("siminar", siminar_id=SEED_SIMINAR_ID)
        assert payload["siminar"]["title"].startswith("Build a High Capacity")
        assert (await api.request("GET", f"/jack/siminar/{SEED_SIMINAR_ID}"))["siminar"]["_id"] == SEED_SIMINAR_ID
        raw = await api.request_raw("GET", "/urls")
        assert raw.status_code == 200 and raw.parsed["status"] == 200 and raw.retries_taken == 0
        with capture_responses() as log:
            await api.siminars.get(SEED_SIMINAR_ID)
        assert log.last.status_code == 200 and "***" in log.last.url and str(api.authtoken) not in log.last.url
        document = await api.get_object(FIRST_STEP)
        assert document.model_extra is not None and document.model_extra["title"] == "Introduction to the Task Server"
        slow = api.with_options(timeout=3.0, max_retries=0, headers={"X-Trace": "1"})
        assert slow.authtoken == api.authtoken and (await slow.whoami()).id == FACILITATOR_ID


@pytest.mark.anyio
async def test_saved_authtoken_is_reused_by_a_new_client(sandbox: RunningSandbox) -> None:
    async with await facilitator(sandbox) as api:
        token = api.authtoken
        assert token is not None
        async with AsyncSiminars(sandbox.url, sandbox.credentials["apitoken"], token) as again:
            assert (await again.whoami()).id == FACILITATOR_ID
            assert again.user_id == FACILITATOR_ID


@pytest.mark.anyio
async def test_url_map_falls_back_to_the_built_in_table(sandbox: RunningSandbox) -> None:
    sandbox.faults.fail_next(1, 404, path="/urls")
    async with sandbox.async_client(max_retries=0) as api:
        assert (await api.siminars.get(SEED_SIMINAR_ID)).id == SEED_SIMINAR_ID
        assert api.urls_source == "built-in"
        assert (await api.urls(refresh=True))["siminar"] == "/jack/siminar/%(siminar_id)s"
        assert api.urls_source == "server"
    async with sandbox.async_client(discover_urls=False) as offline:
        with capture_responses() as log:
            await offline.siminars.get(SEED_SIMINAR_ID)
    assert [response.url.split("?")[0].endswith("/urls") for response in log] == [False]
    given = {"siminar": "/jack/siminar/%(siminar_id)s"}
    async with sandbox.async_client(urls=given) as custom:
        assert (await custom.siminars.get(SEED_SIMINAR_ID)).id == SEED_SIMINAR_ID
        assert custom.urls_source == "given"
        with pytest.raises(UnknownRouteError):
            await custom.steps.get(FIRST_STEP)


@pytest.mark.anyio
async def test_siminar_lifecycle_and_members(sandbox: RunningSandbox) -> None:
    credentials = sandbox.credentials
    async with await facilitator(sandbox) as api:
        groups = await api.siminars.by_role()
        assert set(groups) == {"facilitating", "participating", "unlaunched"}
        assert {s.id for s in await api.siminars.list()} == {s.id for g in groups.values() for s in g}
        with pytest.raises(InvalidInputError):
            await api.siminars.list("teaching")
        with pytest.raises(InvalidInputError):
            await api.siminars.create("  ")
        siminar = await api.siminars.create("Members Only", is_participation_moderated=True)
        with pytest.raises(ReadOnlyFieldError):
            siminar.author_id = "x"  # type: ignore[misc]
        siminar.title = "Members First"
        siminar.is_listed = True
        assert siminar.changes() == {"title": "Members First", "is_listed": True}
        await siminar.save()
        assert emulator_state(sandbox).siminars[siminar.id]["title"] == "Members First"
        edits = sandbox.side_effects["siminar.edit"]
        await siminar.save()  # nothing changed: nothing sent
        assert sandbox.side_effects["siminar.edit"] == edits
        step = await siminar.add_step("Only step")
        await siminar.launch()
        assert (await siminar.plan()).id == SEED_PLAN_ID

        student = await signed_in(api, credentials["student_email"], credentials["student_password"])
        student_id = str(student.user_id)
        # a moderated siminar: joining makes a pending member
        assert await (await student.siminars.get(siminar.id)).add_member(student_id) == student_id
        assert [u.id for u in await siminar.pending_members()] == [student_id]
        assert await (await student.siminars.get(siminar.id)).pending_members() == []  # shown to facilitators only
        with pytest.raises(AccessDeniedError):
            await (await student.siminars.get(siminar.id)).approve_member(student_id)
        assert await siminar.approve_member(student_id)
        assert [u.id for u in await siminar.members()] == [student_id]
        assert await siminar.add_member(CO_INSTRUCTOR_ID, "instructors") == CO_INSTRUCTOR_ID
        assert await siminar.approve_member(CO_INSTRUCTOR_ID, "instructors")
        assert {u.id for u in await siminar.members("instructors")} == {FACILITATOR_ID, CO_INSTRUCTOR_ID}
        assert await siminar.remove_member(CO_INSTRUCTOR_ID, "instructors")
        assert await siminar.remove_member(student_id)
        assert await siminar.members() == []
        with pytest.raises(SiminarsNotFoundError):
            await siminar.remove_member(student_id)
        with pytest.raises(InvalidInputError, match="role"):
            await siminar.members("teachers")
        # a paid siminar cannot be joined without paying
        other = await signed_in(api, credentials["other_email"], credentials["other_password"])
        with pytest.raises(PaymentRequiredError):
            await other.call(
                "siminar_users", "POST", {"user_id": other.user_id}, siminar_id=SEED_SIMINAR_ID, role="students"
            )
        await other.aclose()
        assert await siminar.refresh() is siminar and siminar.step_ids == [step.id]
        assert await siminar.delete()
        with pytest.raises(SiminarsNotFoundError):
            await siminar.refresh()
        await student.aclose()


@pytest.mark.anyio
async def test_steps_and_jactions(sandbox: RunningSandbox) -> None:
    credentials = sandbox.credentials
    async with await facilitator(sandbox) as api:
        student = await signed_in(api, credentials["student_email"], credentials["student_password"])
        step = await student.steps.get(FIRST_STEP)
        assert (await step.siminar()).id == SEED_SIMINAR_ID
        visible = await step.responses()
        assert [r.text for r in visible] == [
            "A worker pool with a capped queue.",
            "Note to self: read about tailable cursors.",
        ]
        assert [r.text for r in await api.jactions.responses(FIRST_STEP)] == ["A worker pool with a capped queue."]
        mine = await step.respond("Use a capped collection as the queue.", private=False)
        assert (mine.author_id, mine.step_id, mine.votes) == (student.user_id, FIRST_STEP, 0)
        mine.text = "Use a capped collection."
        await mine.save()
        assert (await mine.refresh()).text == "Use a capped collection."
        assert await api.jactions.vote(mine.id) == 1
        with pytest.raises(SiminarsConflictError):
            await api.jactions.vote(mine.id, 1)
        assert await mine.vote(-1) == 0
        comment = await mine.comment("Why capped?")
        assert [c.id for c in await mine.comments()] == [comment.id]
        comment.text = "Why capped? Size?"
        await comment.save()
        assert (await comment.refresh()).text == "Why capped? Size?"
        assert await comment.delete()
        assert await mine.comments() == []
        assert await step.mark_done()
        assert emulator_state(sandbox).siminars[SEED_SIMINAR_ID]["done"][student.user_id][FIRST_STEP] > 0
        assert await step.skip()
        assert await mine.delete()
        with pytest.raises(InvalidInputError):
            await step.respond(" ")

        edited = await api.steps.get(FIRST_STEP)
        edited.eta = 45
        await edited.save()
        assert (await edited.refresh()).eta == 45
        step.title = "Hijacked"
        with pytest.raises(AccessDeniedError):
            await step.save()
        extra = await (await api.siminars.get(SEED_SIMINAR_ID)).add_step("Appendix")
        assert extra.sequence == 6
        assert await extra.delete()
        assert len(await (await api.siminars.get(SEED_SIMINAR_ID)).steps()) == 5
        await student.aclose()


@pytest.mark.anyio
async def test_plans_bundles_and_sessions(sandbox: RunningSandbox) -> None:
    credentials = sandbox.credentials
    async with await facilitator(sandbox) as api:
        plan = await api.plans.get(SEED_PLAN_ID)
        assert plan.author_id == FACILITATOR_ID and plan.plan_type == "open"
        plan.title = "Backend Engineering, 2nd edition"
        await plan.save()
        assert (await plan.refresh()).title == "Backend Engineering, 2nd edition"
        all_bundles = await api.bundles.list()
        assert {b.id for b in await plan.bundles()} <= {b.id for b in all_bundles}
        bundle = await plan.create_bundle("Weekend Track", "Two days")
        assert bundle.id.endswith("47020") and (await bundle.plan()).id == SEED_PLAN_ID
        assert bundle.id in [b.id for b in await api.bundles.list(SEED_PLAN_ID)]
        probable = await bundle.probable_siminars()
        assert SEED_SIMINAR_ID in [s.id for s in probable]
        assert await bundle.add_siminar(SEED_SIMINAR_ID) == SEED_SIMINAR_ID
        assert [s.id for s in await bundle.siminars()] == [SEED_SIMINAR_ID]
        assert SEED_SIMINAR_ID not in [s.id for s in await bundle.probable_siminars()]
        assert await bundle.remove_siminar(SEED_SIMINAR_ID)
        bundle.description = "Two long days"
        await bundle.save()
        assert (await bundle.refresh()).description == "Two long days"

        student = await signed_in(api, credentials["student_email"], credentials["student_password"])
        student_id = str(student.user_id)
        assert await bundle.add_member(student_id) == student_id
        assert [u.id for u in await bundle.pending_members()] == [student_id]
        assert await bundle.approve_member(student_id)
        assert [u.id for u in await bundle.members()] == [student_id]
        assert await bundle.remove_member(student_id)

        session = await bundle.create_session("Saturday", starts_on=1_400_000_000_000, ends_on=1_400_000_360_000)
        assert [s.id for s in await bundle.sessions()] == [session.id]
        assert (await session.bundle()).id == bundle.id
        session.title = "Saturday morning"
        await session.save()
        assert (await api.sessions.get(session.id)).title == "Saturday morning"
        assert await session.add_member(student_id) == student_id
        assert [u.id for u in await session.pending_members()] == [student_id]
        assert await session.approve_member(student_id)
        assert [u.id for u in await session.members()] == [student_id]
        assert await session.remove_member(student_id)
        assert (await session.refresh()).title == "Saturday morning"
        with pytest.raises(InvalidInputError):
            await bundle.create_session("Backwards", starts_on=2, ends_on=1)
        with pytest.raises(AccessDeniedError):
            await (await student.bundles.get(bundle.id)).delete()
        assert await session.delete()
        assert await bundle.delete()
        with pytest.raises(SiminarsNotFoundError):
            await api.bundles.get(bundle.id)
        await student.aclose()


@pytest.mark.anyio
async def test_users_assets_feedback_testimonials_coupons(sandbox: RunningSandbox) -> None:
    credentials = sandbox.credentials
    async with await facilitator(sandbox) as api:
        program = await api.users.list()
        assert len(program) >= 6 and all(user.id.endswith("63702") for user in program)
        user = await api.users.create("newcomer@siminars.test", "Newcomer", password="first-day")
        assert user.display_name == "Newcomer"
        newcomer = await signed_in(api, "newcomer@siminars.test", "first-day")
        profile = await newcomer.users.get(str(newcomer.user_id))
        profile.timezone = "Europe/Paris"
        await profile.save()
        assert (await user.refresh()).timezone == "Europe/Paris"
        student = await signed_in(api, credentials["student_email"], credentials["student_password"])
        relations = {u.id: u.relation for u in await (await student.whoami()).relations()}
        assert relations[FACILITATOR_ID] == "instructor"
        assert {u.relation for u in await (await api.users.get(FACILITATOR_ID)).relations()} == {"student"}
        notifications = await (await student.whoami()).notifications()
        assert notifications and not notifications[0].read
        assert await student.users.mark_read([notifications[0].id])
        assert (await student.users.notifications())[0].read

        assets = await (await api.siminars.get(SEED_SIMINAR_ID)).assets()
        assert [a.title for a in assets] == ["Task server banner"]
        logo = await api.assets.create(FACILITATOR_ID, "Avatar", "https://example.invalid/me.png", kind="photo")
        assert logo.id in [a.id for a in await (await api.users.get(FACILITATOR_ID)).assets()]
        logo.title = "Portrait"
        await logo.save()
        assert (await logo.refresh()).title == "Portrait"
        assert await logo.delete()
        with pytest.raises(InvalidInputError):
            await api.assets.create(FACILITATOR_ID, "x", "ftp://nope")

        questions = await student.feedback.questions()
        assert [q.id for q in questions] == ["q1", "q2", "q3"]
        feedback_id = await student.feedback.create(SEED_SIMINAR_ID, 5, "Great")
        mine = await student.feedback.list(SEED_SIMINAR_ID)
        assert [f.id for f in mine] == [feedback_id] and mine[0].rating == 5
        assert await mine[0].delete()
        assert await student.feedback.list() == []

        testimonials = await (await student.siminars.get(SEED_SIMINAR_ID)).testimonials()
        assert testimonials[0].text == "The queue design finally clicked for me."
        new_id = await student.testimonials.create(SEED_SIMINAR_ID, "Loved it")
        created = next(t for t in await student.testimonials.list(SEED_SIMINAR_ID) if t.id == new_id)
        assert await created.delete()

        coupon = await api.coupons.get("mongo50")
        assert (coupon.item_id, coupon.discount) == (SEED_SIMINAR_ID, 50)
        extra = await api.coupons.create("TASKS10", SEED_SIMINAR_ID, 10)
        assert {c.code for c in await api.coupons.list()} >= {"MONGO50", "TASKS10"}
        assert (await extra.refresh()).uses == 0
        with pytest.raises(SiminarsConflictError):
            await api.coupons.create("TASKS10", SEED_SIMINAR_ID, 20)
        assert await extra.delete()
        with pytest.raises(SiminarsNotFoundError):
            await api.coupons.get("TASKS10")
        for client in (newcomer, student):
            await client.aclose()


@pytest.mark.anyio
async def test_cart_clear_and_bulk_delete(sandbox: RunningSandbox) -> None:
    async with await facilitator(sandbox) as api:
        await api.users.create("shopper@siminars.test", "Shopper", password="buy-buy")
        shopper = await signed_in(api, "shopper@siminars.test", "buy-buy")
        siminar = AsyncSiminar.model_validate({"_id": SEED_SIMINAR_ID}).bind(shopper)
        cart = await siminar.add_to_cart()
        assert cart.price == 12
        assert (await cart.refresh()).item_id == SEED_SIMINAR_ID
        assert await cart.clear()
        assert (await shopper.cart.get()).item_id == ""
        finalized = sandbox.side_effects["cart.finalize"]
        with pytest.raises(InvalidParamError, match="cart is empty"):
            await cart.finalize()
        assert sandbox.side_effects["cart.finalize"] == finalized
        first = await api.siminars.create("Doomed 1")
        second = await api.siminars.create("Doomed 2")
        assert await api.delete_objects([first.id, second.id])
        assert not await api.delete_objects([])
        with pytest.raises(SiminarsNotFoundError):
            await first.refresh()
        await shopper.aclose()


@pytest.mark.anyio
async def test_anonymous_views_and_unbound_records(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as api:
        assert not api.is_authenticated and not await api.logout()
        with pytest.raises(LoginRequiredError):
            await api.siminars.list()
        assert (await api.bundles.list())[0].id.endswith("47020")
        seed = await api.siminars.get(SEED_SIMINAR_ID)
        assert seed.user_is_nobody and [info.can_visit for info in seed.outline()] == [True] * 3 + [False] * 2
        with pytest.raises(InvalidInputError, match="24 digits"):
            await api.siminars.get("42")
    lonely = AsyncSiminar.model_validate({"_id": SEED_SIMINAR_ID})
    with pytest.raises(UnboundRecordError):
        await lonely.refresh()


@pytest.mark.anyio
async def test_secrets_stay_out_of_logs(sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="resourcekit")
    async with await facilitator(sandbox) as api:
        await api.whoami()
        token = str(api.authtoken)
    text = caplog.text
    assert "/authtoken" in text and token not in text
    assert sandbox.credentials["password"] not in text
    assert '"apitoken":"2"' not in text and "apitoken=2" not in text


@pytest.mark.anyio
async def test_many_tasks_share_one_client_and_one_route_table(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as api:
        with capture_responses() as log:
            found = [
                siminar.id
                async for siminar in async_map_bounded(lambda _: api.siminars.get(SEED_SIMINAR_ID), range(6), 6)
            ]
    assert found == [SEED_SIMINAR_ID] * 6
    assert [response.url.split("?")[0].endswith("/urls") for response in log].count(True) == 1
