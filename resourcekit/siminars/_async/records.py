"""Siminars records with their I/O: refresh, save (as ``changed_data``), delete, actions, navigation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from typing_extensions import Self

from resourcekit.core.records import Record
from resourcekit.siminars import wire
from resourcekit.siminars.models import (
    AssetData,
    BundleData,
    CartData,
    CommentData,
    CouponData,
    FeedbackData,
    MeData,
    Notification,
    PlanData,
    Purchase,
    ResponseData,
    SessionData,
    SiminarData,
    StepData,
    TestimonialData,
    UserData,
)

if TYPE_CHECKING:
    from resourcekit.siminars._async.client import AsyncSiminars


def _client(record: Any) -> AsyncSiminars:
    return cast("AsyncSiminars", record._require_client())


async def _members(
    client: AsyncSiminars, route: str, params: dict[str, str], role: str, *, pending: bool = False
) -> list[AsyncUser]:
    payload = await client._call("GET", route, None, {**params, "role": wire.check_role(role)})
    key = "pending" if pending else "users"
    return [client._bind(AsyncUser, item) for item in wire.payload_list(payload, key)]


async def _add_member(client: AsyncSiminars, route: str, params: dict[str, str], user_id: str, role: str) -> str:
    data = {"user_id": wire.check_id(user_id, "user")}
    payload = await client._call("POST", route, data, {**params, "role": wire.check_role(role)}, idempotent=False)
    return wire.created_id(payload)


async def _approve_member(client: AsyncSiminars, route: str, params: dict[str, str], user_id: str, role: str) -> bool:
    data = {"approve": wire.check_id(user_id, "user")}
    payload = await client._call("PUT", route, data, {**params, "role": wire.check_role(role)})
    return _flag(payload, "edited")


async def _remove_member(client: AsyncSiminars, route: str, params: dict[str, str], user_id: str, role: str) -> bool:
    data = {"user_id": wire.check_id(user_id, "user")}
    payload = await client._call("DELETE", route, data, {**params, "role": wire.check_role(role)})
    return _flag(payload, "deleted")


def _flag(payload: Any, key: str) -> bool:
    document = wire.as_document(payload)
    return bool(document is not None and document.get(key))


async def _edit(client: AsyncSiminars, route: str, params: dict[str, str], changes: dict[str, Any]) -> bool:
    payload = await client._call("PUT", route, wire.changed_data(changes), params)
    return _flag(payload, "edited")


async def _save_changes(record: Record, route: str, params: dict[str, str]) -> None:
    """Send a record's changed fields through the route's edit call, then take them as saved."""
    changes = record.changes()
    if changes:
        await _edit(_client(record), route, params, changes)
        record._mark_clean()


async def _delete(record: Record, route: str, params: dict[str, str]) -> bool:
    """Delete what ``route`` and ``params`` address; whether the server says it did."""
    return _flag(await _client(record)._call("DELETE", route, None, params), "deleted")


class AsyncSiminar(SiminarData):
    """A siminar. ``save()`` sends the changed fields as ``changed_data``; ``launch()`` opens it."""

    @property
    def _params(self) -> dict[str, str]:
        return {"siminar_id": self.id}

    async def refresh(self) -> Self:
        """Fetch the siminar again (the viewer flags follow the client's authtoken)."""
        fresh = await _client(self).siminars.get(self.id)
        self._replace_with(fresh)
        return self

    async def save(self) -> Self:
        """Send the changed writable fields (nothing is sent when nothing changed)."""
        await _save_changes(self, "siminar", self._params)
        return self

    async def launch(self) -> Self:
        """Launch the siminar (status 12), saving any other pending change with it.

        Raises:
            SiminarsConflictError: The siminar has no step yet (409); its status is left as it was.
        """
        previous = self.status
        self.status = wire.LAUNCHED
        try:
            return await self.save()
        except BaseException:
            self.status = previous
            raise

    async def delete(self) -> bool:
        return await _delete(self, "siminar", self._params)

    async def steps(self) -> list[AsyncStep]:
        """The steps, in order."""
        client = _client(self)
        payload = await client._call("GET", "steps", None, self._params)
        return [client._bind(AsyncStep, item) for item in wire.payload_list(payload, "steps")]

    async def add_step(self, title: str, description: str = "", *, eta: int = 0) -> AsyncStep:
        """Append a step and return it."""
        client = _client(self)
        data = {"title": title, "description": description, "eta": eta}
        step_id = wire.created_id(await client._call("POST", "steps", data, self._params, idempotent=False))
        return await client.steps.get(step_id)

    async def members(self, role: str = "students") -> list[AsyncUser]:
        """The approved students or instructors."""
        return await _members(_client(self), "siminar_users", self._params, role)

    async def pending_members(self, role: str = "students") -> list[AsyncUser]:
        """Members waiting for approval (shown to facilitators only)."""
        return await _members(_client(self), "siminar_users", self._params, role, pending=True)

    async def add_member(self, user_id: str, role: str = "students") -> str:
        """Add a user (a facilitator adds anyone, pending approval; a user may join a free siminar)."""
        return await _add_member(_client(self), "siminar_users", self._params, user_id, role)

    async def approve_member(self, user_id: str, role: str = "students") -> bool:
        return await _approve_member(_client(self), "siminar_users", self._params, user_id, role)

    async def remove_member(self, user_id: str, role: str = "students") -> bool:
        return await _remove_member(_client(self), "siminar_users", self._params, user_id, role)

    async def plan(self) -> AsyncPlan:
        return await _client(self).plans.get(self.plan_id)

    async def testimonials(self) -> list[AsyncTestimonial]:
        return await _client(self).testimonials.list(self.id)

    async def assets(self) -> list[AsyncAsset]:
        return await _client(self).assets.list(self.id)

    async def add_to_cart(self, coupon_code: str | None = None) -> AsyncCart:
        """Put this siminar in the signed-in user's cart (then ``cart.finalize()`` buys it)."""
        return await _client(self).cart.add(self.id, coupon_code=coupon_code)


class AsyncStep(StepData):
    """A step of a siminar; also the object of the jactions (responses, done, skip)."""

    @property
    def _params(self) -> dict[str, str]:
        return {"step_id": self.id}

    async def refresh(self) -> Self:
        self._replace_with(await _client(self).steps.get(self.id))
        return self

    async def save(self) -> Self:
        await _save_changes(self, "step", self._params)
        return self

    async def delete(self) -> bool:
        return await _delete(self, "step", self._params)

    async def siminar(self) -> AsyncSiminar:
        return await _client(self).siminars.get(self.siminar_id)

    async def responses(self) -> list[AsyncStepResponse]:
        """The responses to this step (private ones only when they are the viewer's)."""
        return await _client(self).jactions.responses(self.id)

    async def respond(self, text: str, *, private: bool = False) -> AsyncStepResponse:
        return await _client(self).jactions.respond(self.id, text, private=private)

    async def mark_done(self) -> bool:
        return await _client(self).jactions.done(self.id)

    async def skip(self) -> bool:
        return await _client(self).jactions.skip(self.id)


class AsyncUser(UserData):
    """A user; ``save()`` changes the profile (one's own, or a program user's)."""

    async def refresh(self) -> Self:
        self._replace_with(await _client(self).users.get(self.id))
        return self

    async def save(self) -> Self:
        await _save_changes(self, "per_program_user", {"user_id": self.id})
        return self

    async def relations(self) -> list[AsyncUser]:
        """Users related to this one (``relation``: instructor, student, classmate)."""
        return await _client(self).users.relations(self.id)

    async def assets(self) -> list[AsyncAsset]:
        return await _client(self).assets.list(self.id)


class AsyncMe(MeData):
    """The signed-in user, with unread counters, bundles and siminar ids by role."""

    async def refresh(self) -> Self:
        self._replace_with(await _client(self).whoami())
        return self

    async def user(self) -> AsyncUser:
        """The profile as a `User` record (to change and save it)."""
        return await _client(self).users.get(self.id)

    async def notifications(self) -> list[Notification]:
        return await _client(self).users.notifications()

    async def relations(self) -> list[AsyncUser]:
        return await _client(self).users.relations(self.id)


class AsyncPlan(PlanData):
    """A plan: its bundles and siminars."""

    async def refresh(self) -> Self:
        self._replace_with(await _client(self).plans.get(self.id))
        return self

    async def save(self) -> Self:
        await _save_changes(self, "plan", {"plan_id": self.id})
        return self

    async def bundles(self) -> list[AsyncBundle]:
        return await _client(self).bundles.list(self.id)

    async def create_bundle(self, title: str, description: str = "") -> AsyncBundle:
        return await _client(self).bundles.create(self.id, title, description)


class AsyncBundle(BundleData):
    """A bundle of siminars, its users and its sessions."""

    @property
    def _params(self) -> dict[str, str]:
        return {"bundle_id": self.id}

    async def refresh(self) -> Self:
        self._replace_with(await _client(self).bundles.get(self.id))
        return self

    async def save(self) -> Self:
        await _save_changes(self, "bundle", self._params)
        return self

    async def delete(self) -> bool:
        return await _delete(self, "bundle", self._params)

    async def plan(self) -> AsyncPlan:
        return await _client(self).plans.get(self.plan_id)

    async def siminars(self) -> list[AsyncSiminar]:
        """The siminars in the bundle (summaries: refresh one for every field)."""
        client = _client(self)
        payload = await client._call("GET", "bundle_siminars", None, self._params)
        return [client._bind(AsyncSiminar, item) for item in wire.payload_list(payload, "siminars")]

    async def probable_siminars(self) -> list[AsyncSiminar]:
        """Siminars of the plan that could join the bundle."""
        client = _client(self)
        payload = await client._call("GET", "probable_siminars", None, self._params)
        return [client._bind(AsyncSiminar, item) for item in wire.payload_list(payload, "siminars")]

    async def add_siminar(self, siminar_id: str) -> str:
        data = {"siminar_id": wire.check_id(siminar_id, "siminar")}
        payload = await _client(self)._call("POST", "bundle_siminars", data, self._params, idempotent=False)
        return wire.created_id(payload)

    async def remove_siminar(self, siminar_id: str) -> bool:
        data = {"siminar_id": wire.check_id(siminar_id, "siminar")}
        return _flag(await _client(self)._call("DELETE", "bundle_siminars", data, self._params), "deleted")

    async def members(self, role: str = "students") -> list[AsyncUser]:
        return await _members(_client(self), "bundle_users", self._params, role)

    async def pending_members(self, role: str = "students") -> list[AsyncUser]:
        return await _members(_client(self), "bundle_users", self._params, role, pending=True)

    async def add_member(self, user_id: str, role: str = "students") -> str:
        return await _add_member(_client(self), "bundle_users", self._params, user_id, role)

    async def approve_member(self, user_id: str, role: str = "students") -> bool:
        return await _approve_member(_client(self), "bundle_users", self._params, user_id, role)

    async def remove_member(self, user_id: str, role: str = "students") -> bool:
        return await _remove_member(_client(self), "bundle_users", self._params, user_id, role)

    async def sessions(self) -> list[AsyncSession]:
        return await _client(self).sessions.list(self.id)

    async def create_session(self, title: str, *, starts_on: int, ends_on: int) -> AsyncSession:
        """Add a session to the bundle's series (times in epoch milliseconds)."""
        return await _client(self).sessions.create(self.id, title, starts_on=starts_on, ends_on=ends_on)


class AsyncSession(SessionData):
    """A session of a bundle's series, with its own students and instructors."""

    @property
    def _params(self) -> dict[str, str]:
        return {"session_id": self.id}

    async def refresh(self) -> Self:
        self._replace_with(await _client(self).sessions.get(self.id))
        return self

    async def save(self) -> Self:
        await _save_changes(self, "session", self._params)
        return self

    async def delete(self) -> bool:
        return await _delete(self, "session", self._params)

    async def bundle(self) -> AsyncBundle:
        return await _client(self).bundles.get(self.bundle_id)

    async def members(self, role: str = "students") -> list[AsyncUser]:
        return await _members(_client(self), "session_users", self._params, role)

    async def pending_members(self, role: str = "students") -> list[AsyncUser]:
        return await _members(_client(self), "session_users", self._params, role, pending=True)

    async def add_member(self, user_id: str, role: str = "students") -> str:
        return await _add_member(_client(self), "session_users", self._params, user_id, role)

    async def approve_member(self, user_id: str, role: str = "students") -> bool:
        return await _approve_member(_client(self), "session_users", self._params, user_id, role)

    async def remove_member(self, user_id: str, role: str = "students") -> bool:
        return await _remove_member(_client(self), "session_users", self._params, user_id, role)


class AsyncAsset(AssetData):
    """A file owned by a user or a siminar."""

    async def refresh(self) -> Self:
        self._replace_with(await _client(self).assets.get(self.id))
        return self

    async def save(self) -> Self:
        await _save_changes(self, "asset", {"asset_id": self.id})
        return self

    async def delete(self) -> bool:
        return await _delete(self, "asset", {"asset_id": self.id})


class AsyncFeedback(FeedbackData):
    """Feedback the signed-in user left."""

    async def delete(self) -> bool:
        return await _client(self).delete_objects([self.id])


class AsyncTestimonial(TestimonialData):
    """A testimonial about a siminar or a user."""

    async def delete(self) -> bool:
        return await _client(self).delete_objects([self.id])


class AsyncCoupon(CouponData):
    """A discount code; ``refresh()`` reads its use count again."""

    async def refresh(self) -> Self:
        self._replace_with(await _client(self).coupons.get(self.code))
        return self

    async def delete(self) -> bool:
        return await _client(self).delete_objects([self.id])


class AsyncCart(CartData):
    """The signed-in user's cart. ``finalize()`` buys the item (never retried: it is a payment)."""

    async def refresh(self) -> Self:
        self._replace_with(await _client(self).cart.get())
        return self

    async def finalize(self) -> Purchase:
        """Pay for the item; the user becomes a student of the siminar."""
        data: dict[str, Any] = {"finalize": 1}
        if self.item_id:
            data["item_id"] = self.item_id
        payload = await _client(self)._call("PUT", "cart", data, {}, idempotent=False)
        return Purchase.from_wire(payload)

    async def clear(self) -> bool:
        return await _delete(self, "cart", {})


class AsyncStepResponse(ResponseData):
    """A response to a step (the ``responses``/``response`` jactions)."""

    @property
    def _params(self) -> dict[str, str]:
        return {"handle": "response", "object_id": self.id}

    async def refresh(self) -> Self:
        self._replace_with(await _client(self).jactions.response(self.id))
        return self

    async def save(self) -> Self:
        await _save_changes(self, "jaction", self._params)
        return self

    async def delete(self) -> bool:
        return await _delete(self, "jaction", self._params)

    async def comments(self) -> list[AsyncComment]:
        return await _client(self).jactions.comments(self.id)

    async def comment(self, text: str) -> AsyncComment:
        return await _client(self).jactions.add_comment(self.id, text)

    async def vote(self, value: int = 1) -> int:
        """Vote the response up (1) or down (-1); returns its new vote count."""
        return await _client(self).jactions.vote(self.id, value)


class AsyncComment(CommentData):
    """A comment on a response (the ``comments``/``comment`` jactions)."""

    @property
    def _params(self) -> dict[str, str]:
        return {"handle": "comment", "object_id": self.id}

    async def refresh(self) -> Self:
        self._replace_with(await _client(self).jactions.comment(self.id))
        return self

    async def save(self) -> Self:
        await _save_changes(self, "jaction", self._params)
        return self

    async def delete(self) -> bool:
        return await _delete(self, "jaction", self._params)
