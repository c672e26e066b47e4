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
from resourcekit.siminars.wire import MemberRole

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
        """Fetch the siminar again and take every field of the reply: ``GET /jack/siminar/{siminar_id}``.

        The viewer flags follow the client's authtoken; unsaved changes are dropped.

        Returns:
            This record, updated in place.

        Raises:
            SiminarsNotFoundError: The siminar is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        fresh = await _client(self).siminars.get(self.id)
        self._replace_with(fresh)
        return self

    async def save(self) -> Self:
        """Send the changed writable fields as ``changed_data``: ``PUT /jack/siminar/{siminar_id}``.

        Nothing is sent when nothing changed.

        Returns:
            This record, its changes now taken as saved.

        Raises:
            AccessDeniedError: The user may not change this siminar (403).
            InvalidParamError: The server refused a value (412).
            UnboundRecordError: The record is bound to no client.
        """
        await _save_changes(self, "siminar", self._params)
        return self

    async def launch(self) -> Self:
        """Launch the siminar (status 12), saving any other pending change with it.

        Sends ``PUT /jack/siminar/{siminar_id}`` with ``changed_data`` holding ``status: 12``.

        Returns:
            This siminar, launched.

        Raises:
            SiminarsConflictError: The siminar has no step yet (409); its status is left as it was.
            AccessDeniedError: Only a facilitator launches a siminar (403).
            UnboundRecordError: The record is bound to no client.
        """
        # Assigned through the model's own type: ``self.status = ...`` here would read, to type
        # checkers, as a second (inferred) declaration of the field.
        siminar: SiminarData = self
        previous = siminar.status
        siminar.status = wire.LAUNCHED
        try:
            return await self.save()
        except BaseException:
            siminar.status = previous
            raise

    async def delete(self) -> bool:
        """Delete the siminar: ``DELETE /jack/siminar/{siminar_id}``.

        Returns:
            Whether the server says it deleted it.

        Raises:
            AccessDeniedError: Only a facilitator deletes a siminar (403).
            SiminarsNotFoundError: The siminar is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        return await _delete(self, "siminar", self._params)

    async def steps(self) -> list[AsyncStep]:
        """The siminar's steps, in order: ``GET /jack/siminar/{siminar_id}/steps`` (route ``steps``).

        Returns:
            The steps, bound to the record's client (`outline()` gives the embedded ones without a request).

        Raises:
            SiminarsNotFoundError: The siminar is gone or hidden from the viewer (404).
            UnboundRecordError: The record is bound to no client.
        """
        client = _client(self)
        payload = await client._call("GET", "steps", None, self._params)
        return [client._bind(AsyncStep, item) for item in wire.payload_list(payload, "steps")]

    async def add_step(self, title: str, description: str = "", *, eta: int = 0) -> AsyncStep:
        """Append a step, then fetch it: ``POST /jack/siminar/{siminar_id}/steps``.

        Args:
            title: The step's title.
            description: What the step covers (HTML).
            eta: The estimated time the step takes.

        Returns:
            The new step.

        Raises:
            AccessDeniedError: Only a facilitator adds steps (403).
            InvalidParamError: A blank title (412).
            UnboundRecordError: The record is bound to no client.
        """
        client = _client(self)
        data = {"title": title, "description": description, "eta": eta}
        step_id = wire.created_id(await client._call("POST", "steps", data, self._params, idempotent=False))
        return await client.steps.get(step_id)

    async def members(self, role: MemberRole = "students") -> list[AsyncUser]:
        """The approved members in a role: ``GET /siminar/{siminar_id}/{role}`` (the ``users`` list).

        Args:
            role: ``students`` or ``instructors``.

        Returns:
            The members, bound to the record's client.

        Raises:
            InvalidInputError: Another role (nothing is sent).
            LoginRequiredError: Not signed in (401).
        """
        return await _members(_client(self), "siminar_users", self._params, role)

    async def pending_members(self, role: MemberRole = "students") -> list[AsyncUser]:
        """The members waiting for approval in a role: ``GET /siminar/{siminar_id}/{role}`` (the ``pending`` list).

        Shown to the siminar's facilitators only; others get an empty list.

        Args:
            role: ``students`` or ``instructors``.

        Returns:
            The pending members, bound to the record's client.

        Raises:
            InvalidInputError: Another role (nothing is sent).
        """
        return await _members(_client(self), "siminar_users", self._params, role, pending=True)

    async def add_member(self, user_id: str, role: MemberRole = "students") -> str:
        """Add a user in a role: ``POST /siminar/{siminar_id}/{role}`` with ``{"user_id": ...}``.

        A facilitator adds anyone, pending approval; a signed-in user may add themselves as a
        student (at once unless participation is moderated).

        Args:
            user_id: The user's 24-digit id.
            role: ``students`` or ``instructors``.

        Returns:
            The id the server gives the membership.

        Raises:
            InvalidInputError: A malformed id or another role (nothing is sent).
            LoginRequiredError: Not signed in (401).
            AccessDeniedError: Only a facilitator adds other users or instructors (403).
            PaymentRequiredError: A paid siminar: buy it through the cart instead (402).
            SiminarsConflictError: The user is already a member or pending (409).
        """
        return await _add_member(_client(self), "siminar_users", self._params, user_id, role)

    async def approve_member(self, user_id: str, role: MemberRole = "students") -> bool:
        """Approve a pending member: ``PUT /siminar/{siminar_id}/{role}`` with ``{"approve": user_id}``.

        Args:
            user_id: The pending user's 24-digit id.
            role: ``students`` or ``instructors``.

        Returns:
            Whether the server says it changed the membership.

        Raises:
            InvalidInputError: A malformed id or another role (nothing is sent).
            AccessDeniedError: Only a facilitator approves members (403).
        """
        return await _approve_member(_client(self), "siminar_users", self._params, user_id, role)

    async def remove_member(self, user_id: str, role: MemberRole = "students") -> bool:
        """Remove a member: ``DELETE /siminar/{siminar_id}/{role}`` with ``{"user_id": ...}``.

        Args:
            user_id: The member's 24-digit id.
            role: ``students`` or ``instructors``.

        Returns:
            Whether the server says it removed them.

        Raises:
            InvalidInputError: A malformed id or another role (nothing is sent).
            AccessDeniedError: Only a facilitator removes other members (403).
            SiminarsConflictError: The last instructor cannot leave (409).
        """
        return await _remove_member(_client(self), "siminar_users", self._params, user_id, role)

    async def plan(self) -> AsyncPlan:
        """The plan the siminar belongs to: ``GET /plan/{plan_id}``.

        Raises:
            SiminarsNotFoundError: No such plan (404).
            InvalidInputError: The siminar has no plan id (nothing is sent).
        """
        return await _client(self).plans.get(self.plan_id)

    async def testimonials(self) -> list[AsyncTestimonial]:
        """The testimonials about the siminar: ``GET /testimonial/{siminar_id}``."""
        return await _client(self).testimonials.list(self.id)

    async def assets(self) -> list[AsyncAsset]:
        """The files the siminar owns: ``GET /owner/{siminar_id}/assets``."""
        return await _client(self).assets.list(self.id)

    async def add_to_cart(self, coupon_code: str | None = None) -> AsyncCart:
        """Put this siminar in the signed-in user's cart: ``POST /account/cart``.

        Args:
            coupon_code: A coupon to apply, if any.

        Returns:
            The cart (``finalize()`` buys the siminar).

        Raises:
            LoginRequiredError: Not signed in (401).
            SiminarsConflictError: The user is already a member (409).
        """
        return await _client(self).cart.add(self.id, coupon_code=coupon_code)


class AsyncStep(StepData):
    """A step of a siminar; also the object of the jactions (responses, done, skip)."""

    @property
    def _params(self) -> dict[str, str]:
        return {"step_id": self.id}

    async def refresh(self) -> Self:
        """Fetch the step again and take every field of the reply: ``GET /jack/step/{step_id}``.

        Unsaved changes are dropped.

        Returns:
            This record, updated in place.

        Raises:
            SiminarsNotFoundError: The step is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        self._replace_with(await _client(self).steps.get(self.id))
        return self

    async def save(self) -> Self:
        """Send the changed writable fields as ``changed_data``: ``PUT /jack/step/{step_id}``.

        Nothing is sent when nothing changed.

        Returns:
            This record, its changes now taken as saved.

        Raises:
            AccessDeniedError: The user may not change this step (403).
            InvalidParamError: The server refused a value (412).
            UnboundRecordError: The record is bound to no client.
        """
        await _save_changes(self, "step", self._params)
        return self

    async def delete(self) -> bool:
        """Delete the step: ``DELETE /jack/step/{step_id}``.

        Returns:
            Whether the server says it deleted it.

        Raises:
            AccessDeniedError: Only a facilitator deletes a step (403).
            SiminarsNotFoundError: The step is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        return await _delete(self, "step", self._params)

    async def siminar(self) -> AsyncSiminar:
        """The siminar the step belongs to: ``GET /jack/siminar/{siminar_id}``.

        Raises:
            SiminarsNotFoundError: The siminar is gone or hidden from the viewer (404).
            NotAllowedError: A paid siminar and the viewer is not a member (405).
        """
        return await _client(self).siminars.get(self.siminar_id)

    async def responses(self) -> list[AsyncStepResponse]:
        """The responses to this step: ``GET /responses/{step_id}``.

        Private responses are listed only to their author.

        Raises:
            PaymentRequiredError: A members-only step and the viewer is not a member (402).
        """
        return await _client(self).jactions.responses(self.id)

    async def respond(self, text: str, *, private: bool = False) -> AsyncStepResponse:
        """Respond to this step, then fetch the response: ``POST /responses/{step_id}``.

        Args:
            text: The response (not blank).
            private: Show it to its author only.

        Returns:
            The new response.

        Raises:
            InvalidInputError: Blank text (nothing is sent).
            LoginRequiredError: Not signed in (401).
            AccessDeniedError: The user is not a member of the siminar (403).
        """
        return await _client(self).jactions.respond(self.id, text, private=private)

    async def mark_done(self) -> bool:
        """Mark the step done for the signed-in user: ``POST /done/{step_id}``.

        Returns:
            Whether the server says it did.

        Raises:
            LoginRequiredError: Not signed in (401).
            AccessDeniedError: The user is not a member of the siminar (403).
        """
        return await _client(self).jactions.done(self.id)

    async def skip(self) -> bool:
        """Skip the step for the signed-in user: ``POST /skip/{step_id}``.

        Returns:
            Whether the server says it did.

        Raises:
            LoginRequiredError: Not signed in (401).
            AccessDeniedError: The user is not a member of the siminar (403).
        """
        return await _client(self).jactions.skip(self.id)


class AsyncUser(UserData):
    """A user; ``save()`` changes the profile (one's own, or a program user's)."""

    async def refresh(self) -> Self:
        """Fetch the user again and take every field of the reply: ``GET /user/{user_id}``.

        Unsaved changes are dropped.

        Returns:
            This record, updated in place.

        Raises:
            SiminarsNotFoundError: The user is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        self._replace_with(await _client(self).users.get(self.id))
        return self

    async def save(self) -> Self:
        """Send the changed writable fields as ``changed_data``: ``PUT /user/{user_id}``.

        Nothing is sent when nothing changed.

        Returns:
            This record, its changes now taken as saved.

        Raises:
            AccessDeniedError: The user may not change this profile (403).
            InvalidParamError: The server refused a value (412).
            UnboundRecordError: The record is bound to no client.
        """
        await _save_changes(self, "per_program_user", {"user_id": self.id})
        return self

    async def relations(self) -> list[AsyncUser]:
        """The users related to this one: ``GET /relation/{user_id}``.

        Returns:
            The related users; each one's ``relation`` says how (``instructor``, ``student``, ``classmate``).

        Raises:
            LoginRequiredError: Not signed in (401).
        """
        return await _client(self).users.relations(self.id)

    async def assets(self) -> list[AsyncAsset]:
        """The files the user owns: ``GET /owner/{user_id}/assets``."""
        return await _client(self).assets.list(self.id)


class AsyncMe(MeData):
    """The signed-in user, with unread counters, bundles and siminar ids by role."""

    async def refresh(self) -> Self:
        """Fetch the signed-in user again: ``GET /authtoken``.

        Returns:
            This record, updated in place.

        Raises:
            LoginRequiredError: The client is no longer signed in (401).
        """
        self._replace_with(await _client(self).whoami())
        return self

    async def user(self) -> AsyncUser:
        """The profile as a `User` record, to change and save it: ``GET /user/{user_id}``.

        Raises:
            SiminarsNotFoundError: The user is gone (404).
        """
        return await _client(self).users.get(self.id)

    async def notifications(self) -> list[Notification]:
        """The signed-in user's notifications: ``GET /account/notifications``.

        Raises:
            LoginRequiredError: The client is no longer signed in (401).
        """
        return await _client(self).users.notifications()

    async def relations(self) -> list[AsyncUser]:
        """The users related to the signed-in user: ``GET /relation/{user_id}``.

        Returns:
            The related users; each one's ``relation`` says how.
        """
        return await _client(self).users.relations(self.id)


class AsyncPlan(PlanData):
    """A plan: its bundles and siminars."""

    async def refresh(self) -> Self:
        """Fetch the plan again and take every field of the reply: ``GET /plan/{plan_id}``.

        Unsaved changes are dropped.

        Returns:
            This record, updated in place.

        Raises:
            SiminarsNotFoundError: The plan is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        self._replace_with(await _client(self).plans.get(self.id))
        return self

    async def save(self) -> Self:
        """Send the changed writable fields as ``changed_data``: ``PUT /plan/{plan_id}``.

        Nothing is sent when nothing changed.

        Returns:
            This record, its changes now taken as saved.

        Raises:
            AccessDeniedError: The user may not change this plan (403).
            InvalidParamError: The server refused a value (412).
            UnboundRecordError: The record is bound to no client.
        """
        await _save_changes(self, "plan", {"plan_id": self.id})
        return self

    async def bundles(self) -> list[AsyncBundle]:
        """The plan's bundles: ``GET /bundles/{plan_id}``."""
        return await _client(self).bundles.list(self.id)

    async def create_bundle(self, title: str, description: str = "") -> AsyncBundle:
        """Add a bundle to the plan, then fetch it: ``POST /bundles/{plan_id}``.

        Args:
            title: The bundle's title (not blank).
            description: What the bundle offers.

        Returns:
            The new bundle.

        Raises:
            InvalidInputError: A blank title (nothing is sent).
            AccessDeniedError: Only the plan's author adds bundles (403).
        """
        return await _client(self).bundles.create(self.id, title, description)


class AsyncBundle(BundleData):
    """A bundle of siminars, its users and its sessions."""

    @property
    def _params(self) -> dict[str, str]:
        return {"bundle_id": self.id}

    async def refresh(self) -> Self:
        """Fetch the bundle again and take every field of the reply: ``GET /bundle/{bundle_id}``.

        Unsaved changes are dropped.

        Returns:
            This record, updated in place.

        Raises:
            SiminarsNotFoundError: The bundle is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        self._replace_with(await _client(self).bundles.get(self.id))
        return self

    async def save(self) -> Self:
        """Send the changed writable fields as ``changed_data``: ``PUT /bundle/{bundle_id}``.

        Nothing is sent when nothing changed.

        Returns:
            This record, its changes now taken as saved.

        Raises:
            AccessDeniedError: The user may not change this bundle (403).
            InvalidParamError: The server refused a value (412).
            UnboundRecordError: The record is bound to no client.
        """
        await _save_changes(self, "bundle", self._params)
        return self

    async def delete(self) -> bool:
        """Delete the bundle: ``DELETE /bundle/{bundle_id}``.

        Returns:
            Whether the server says it deleted it.

        Raises:
            AccessDeniedError: Only the plan's author deletes a bundle (403).
            SiminarsNotFoundError: The bundle is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        return await _delete(self, "bundle", self._params)

    async def plan(self) -> AsyncPlan:
        """The plan the bundle belongs to: ``GET /plan/{plan_id}``.

        Raises:
            SiminarsNotFoundError: No such plan (404).
        """
        return await _client(self).plans.get(self.plan_id)

    async def siminars(self) -> list[AsyncSiminar]:
        """The siminars in the bundle: ``GET /bundle/{bundle_id}/bundle_siminars``.

        Returns:
            Summaries of the siminars (``refresh()`` one for every field).
        """
        client = _client(self)
        payload = await client._call("GET", "bundle_siminars", None, self._params)
        return [client._bind(AsyncSiminar, item) for item in wire.payload_list(payload, "siminars")]

    async def probable_siminars(self) -> list[AsyncSiminar]:
        """Siminars of the plan that could join the bundle: ``GET /bundle/{bundle_id}/probable_siminars``.

        Raises:
            AccessDeniedError: Only the plan's author sees them (403).
        """
        client = _client(self)
        payload = await client._call("GET", "probable_siminars", None, self._params)
        return [client._bind(AsyncSiminar, item) for item in wire.payload_list(payload, "siminars")]

    async def add_siminar(self, siminar_id: str) -> str:
        """Put a siminar of the same plan in the bundle: ``POST /bundle/{bundle_id}/bundle_siminars``.

        Args:
            siminar_id: The siminar's 24-digit id.

        Returns:
            The id the server gives the link.

        Raises:
            InvalidInputError: A malformed id (nothing is sent).
            AccessDeniedError: Only the plan's author changes a bundle (403).
            InvalidParamError: The siminar belongs to another plan (412).
            SiminarsConflictError: The siminar is already in the bundle (409).
        """
        data = {"siminar_id": wire.check_id(siminar_id, "siminar")}
        payload = await _client(self)._call("POST", "bundle_siminars", data, self._params, idempotent=False)
        return wire.created_id(payload)

    async def remove_siminar(self, siminar_id: str) -> bool:
        """Take a siminar out of the bundle: ``DELETE /bundle/{bundle_id}/bundle_siminars``.

        Args:
            siminar_id: The siminar's 24-digit id.

        Returns:
            Whether the server says it removed it.

        Raises:
            InvalidInputError: A malformed id (nothing is sent).
            AccessDeniedError: Only the plan's author changes a bundle (403).
            SiminarsNotFoundError: The siminar is not in the bundle (404).
        """
        data = {"siminar_id": wire.check_id(siminar_id, "siminar")}
        return _flag(await _client(self)._call("DELETE", "bundle_siminars", data, self._params), "deleted")

    async def members(self, role: MemberRole = "students") -> list[AsyncUser]:
        """The approved members in a role: ``GET /bundle/{bundle_id}/{role}`` (the ``users`` list).

        Args:
            role: ``students`` or ``instructors``.

        Returns:
            The members, bound to the record's client.

        Raises:
            InvalidInputError: Another role (nothing is sent).
            LoginRequiredError: Not signed in (401).
        """
        return await _members(_client(self), "bundle_users", self._params, role)

    async def pending_members(self, role: MemberRole = "students") -> list[AsyncUser]:
        """The members waiting for approval in a role: ``GET /bundle/{bundle_id}/{role}`` (the ``pending`` list).

        Shown to the bundle's facilitators only; others get an empty list.

        Args:
            role: ``students`` or ``instructors``.

        Returns:
            The pending members, bound to the record's client.

        Raises:
            InvalidInputError: Another role (nothing is sent).
        """
        return await _members(_client(self), "bundle_users", self._params, role, pending=True)

    async def add_member(self, user_id: str, role: MemberRole = "students") -> str:
        """Add a user in a role: ``POST /bundle/{bundle_id}/{role}`` with ``{"user_id": ...}``.

        A facilitator adds anyone, pending approval; a signed-in user may add themselves as a
        student (at once unless participation is moderated).

        Args:
            user_id: The user's 24-digit id.
            role: ``students`` or ``instructors``.

        Returns:
            The id the server gives the membership.

        Raises:
            InvalidInputError: A malformed id or another role (nothing is sent).
            LoginRequiredError: Not signed in (401).
            AccessDeniedError: Only a facilitator adds other users or instructors (403).
            PaymentRequiredError: A paid siminar: buy it through the cart instead (402).
            SiminarsConflictError: The user is already a member or pending (409).
        """
        return await _add_member(_client(self), "bundle_users", self._params, user_id, role)

    async def approve_member(self, user_id: str, role: MemberRole = "students") -> bool:
        """Approve a pending member: ``PUT /bundle/{bundle_id}/{role}`` with ``{"approve": user_id}``.

        Args:
            user_id: The pending user's 24-digit id.
            role: ``students`` or ``instructors``.

        Returns:
            Whether the server says it changed the membership.

        Raises:
            InvalidInputError: A malformed id or another role (nothing is sent).
            AccessDeniedError: Only a facilitator approves members (403).
        """
        return await _approve_member(_client(self), "bundle_users", self._params, user_id, role)

    async def remove_member(self, user_id: str, role: MemberRole = "students") -> bool:
        """Remove a member: ``DELETE /bundle/{bundle_id}/{role}`` with ``{"user_id": ...}``.

        Args:
            user_id: The member's 24-digit id.
            role: ``students`` or ``instructors``.

        Returns:
            Whether the server says it removed them.

        Raises:
            InvalidInputError: A malformed id or another role (nothing is sent).
            AccessDeniedError: Only a facilitator removes other members (403).
            SiminarsConflictError: The last instructor cannot leave (409).
        """
        return await _remove_member(_client(self), "bundle_users", self._params, user_id, role)

    async def sessions(self) -> list[AsyncSession]:
        """The sessions of the bundle's series: ``GET /series/{bundle_id}/sessions``."""
        return await _client(self).sessions.list(self.id)

    async def create_session(self, title: str, *, starts_on: int, ends_on: int) -> AsyncSession:
        """Add a session to the bundle's series, then fetch it: ``POST /series/{bundle_id}/sessions``.

        Args:
            title: The session's title (not blank).
            starts_on: When it starts, epoch milliseconds.
            ends_on: When it ends, epoch milliseconds (not before ``starts_on``).

        Returns:
            The new session.

        Raises:
            InvalidInputError: A blank title or an end before the start (nothing is sent).
            AccessDeniedError: Only the plan's author adds sessions (403).
        """
        return await _client(self).sessions.create(self.id, title, starts_on=starts_on, ends_on=ends_on)


class AsyncSession(SessionData):
    """A session of a bundle's series, with its own students and instructors."""

    @property
    def _params(self) -> dict[str, str]:
        return {"session_id": self.id}

    async def refresh(self) -> Self:
        """Fetch the session again and take every field of the reply: ``GET /session/{session_id}``.

        Unsaved changes are dropped.

        Returns:
            This record, updated in place.

        Raises:
            SiminarsNotFoundError: The session is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        self._replace_with(await _client(self).sessions.get(self.id))
        return self

    async def save(self) -> Self:
        """Send the changed writable fields as ``changed_data``: ``PUT /session/{session_id}``.

        Nothing is sent when nothing changed.

        Returns:
            This record, its changes now taken as saved.

        Raises:
            AccessDeniedError: The user may not change this session (403).
            InvalidParamError: The server refused a value (412).
            UnboundRecordError: The record is bound to no client.
        """
        await _save_changes(self, "session", self._params)
        return self

    async def delete(self) -> bool:
        """Delete the session: ``DELETE /session/{session_id}``.

        Returns:
            Whether the server says it deleted it.

        Raises:
            AccessDeniedError: Only the plan's author deletes a session (403).
            SiminarsNotFoundError: The session is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        return await _delete(self, "session", self._params)

    async def bundle(self) -> AsyncBundle:
        """The bundle whose series holds the session: ``GET /bundle/{bundle_id}``.

        Raises:
            SiminarsNotFoundError: No such bundle (404).
        """
        return await _client(self).bundles.get(self.bundle_id)

    async def members(self, role: MemberRole = "students") -> list[AsyncUser]:
        """The approved members in a role: ``GET /session/{session_id}/{role}`` (the ``users`` list).

        Args:
            role: ``students`` or ``instructors``.

        Returns:
            The members, bound to the record's client.

        Raises:
            InvalidInputError: Another role (nothing is sent).
            LoginRequiredError: Not signed in (401).
        """
        return await _members(_client(self), "session_users", self._params, role)

    async def pending_members(self, role: MemberRole = "students") -> list[AsyncUser]:
        """The members waiting for approval in a role: ``GET /session/{session_id}/{role}`` (the ``pending`` list).

        Shown to the session's facilitators only; others get an empty list.

        Args:
            role: ``students`` or ``instructors``.

        Returns:
            The pending members, bound to the record's client.

        Raises:
            InvalidInputError: Another role (nothing is sent).
        """
        return await _members(_client(self), "session_users", self._params, role, pending=True)

    async def add_member(self, user_id: str, role: MemberRole = "students") -> str:
        """Add a user in a role: ``POST /session/{session_id}/{role}`` with ``{"user_id": ...}``.

        A facilitator adds anyone, pending approval; a signed-in user may add themselves as a
        student (at once unless participation is moderated).

        Args:
            user_id: The user's 24-digit id.
            role: ``students`` or ``instructors``.

        Returns:
            The id the server gives the membership.

        Raises:
            InvalidInputError: A malformed id or another role (nothing is sent).
            LoginRequiredError: Not signed in (401).
            AccessDeniedError: Only a facilitator adds other users or instructors (403).
            PaymentRequiredError: A paid siminar: buy it through the cart instead (402).
            SiminarsConflictError: The user is already a member or pending (409).
        """
        return await _add_member(_client(self), "session_users", self._params, user_id, role)

    async def approve_member(self, user_id: str, role: MemberRole = "students") -> bool:
        """Approve a pending member: ``PUT /session/{session_id}/{role}`` with ``{"approve": user_id}``.

        Args:
            user_id: The pending user's 24-digit id.
            role: ``students`` or ``instructors``.

        Returns:
            Whether the server says it changed the membership.

        Raises:
            InvalidInputError: A malformed id or another role (nothing is sent).
            AccessDeniedError: Only a facilitator approves members (403).
        """
        return await _approve_member(_client(self), "session_users", self._params, user_id, role)

    async def remove_member(self, user_id: str, role: MemberRole = "students") -> bool:
        """Remove a member: ``DELETE /session/{session_id}/{role}`` with ``{"user_id": ...}``.

        Args:
            user_id: The member's 24-digit id.
            role: ``students`` or ``instructors``.

        Returns:
            Whether the server says it removed them.

        Raises:
            InvalidInputError: A malformed id or another role (nothing is sent).
            AccessDeniedError: Only a facilitator removes other members (403).
            SiminarsConflictError: The last instructor cannot leave (409).
        """
        return await _remove_member(_client(self), "session_users", self._params, user_id, role)


class AsyncAsset(AssetData):
    """A file owned by a user or a siminar."""

    async def refresh(self) -> Self:
        """Fetch the asset again and take every field of the reply: ``GET /asset/{asset_id}``.

        Unsaved changes are dropped.

        Returns:
            This record, updated in place.

        Raises:
            SiminarsNotFoundError: The asset is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        self._replace_with(await _client(self).assets.get(self.id))
        return self

    async def save(self) -> Self:
        """Send the changed writable fields as ``changed_data``: ``PUT /asset/{asset_id}``.

        Nothing is sent when nothing changed.

        Returns:
            This record, its changes now taken as saved.

        Raises:
            AccessDeniedError: The user may not change this asset (403).
            InvalidParamError: The server refused a value (412).
            UnboundRecordError: The record is bound to no client.
        """
        await _save_changes(self, "asset", {"asset_id": self.id})
        return self

    async def delete(self) -> bool:
        """Delete the asset: ``DELETE /asset/{asset_id}``.

        Returns:
            Whether the server says it deleted it.

        Raises:
            AccessDeniedError: Only the owner deletes an asset (403).
            SiminarsNotFoundError: The asset is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        return await _delete(self, "asset", {"asset_id": self.id})


class AsyncFeedback(FeedbackData):
    """Feedback the signed-in user left."""

    async def delete(self) -> bool:
        """Delete the feedback: ``DELETE /delete`` with ``{"object_ids": [id]}``.

        Returns:
            Whether the server says it deleted it.

        Raises:
            AccessDeniedError: The user may not delete it (403).
            SiminarsNotFoundError: It is gone (404).
        """
        return await _client(self).delete_objects([self.id])


class AsyncTestimonial(TestimonialData):
    """A testimonial about a siminar or a user."""

    async def delete(self) -> bool:
        """Delete the testimonial: ``DELETE /delete`` with ``{"object_ids": [id]}``.

        Returns:
            Whether the server says it deleted it.

        Raises:
            AccessDeniedError: The user may not delete it (403).
            SiminarsNotFoundError: It is gone (404).
        """
        return await _client(self).delete_objects([self.id])


class AsyncCoupon(CouponData):
    """A discount code; ``refresh()`` reads its use count again."""

    async def refresh(self) -> Self:
        """Read the coupon again (its use count changes): ``GET /coupon`` with ``{"code": code}``.

        Returns:
            This record, updated in place.

        Raises:
            SiminarsNotFoundError: The coupon is gone (404).
        """
        self._replace_with(await _client(self).coupons.get(self.code))
        return self

    async def delete(self) -> bool:
        """Delete the coupon: ``DELETE /delete`` with ``{"object_ids": [id]}``.

        Returns:
            Whether the server says it deleted it.

        Raises:
            AccessDeniedError: The user may not delete it (403).
            SiminarsNotFoundError: It is gone (404).
        """
        return await _client(self).delete_objects([self.id])


class AsyncCart(CartData):
    """The signed-in user's cart. ``finalize()`` buys the item (never retried: it is a payment)."""

    async def refresh(self) -> Self:
        """Read the cart again: ``GET /account/cart``.

        Returns:
            This record, updated in place.

        Raises:
            LoginRequiredError: The client is no longer signed in (401).
        """
        self._replace_with(await _client(self).cart.get())
        return self

    async def finalize(self) -> Purchase:
        """Pay for the item: ``PUT /account/cart`` with ``{"finalize": 1}``; never retried (it is a payment).

        The user then becomes a student of the siminar.

        Returns:
            The purchase: the siminar's id and whether it was paid.

        Raises:
            InvalidParamError: The cart is empty (412).
            SiminarsConflictError: The cart holds another item (409).
            LoginRequiredError: Not signed in (401).
        """
        data: dict[str, Any] = {"finalize": 1}
        if self.item_id:
            data["item_id"] = self.item_id
        payload = await _client(self)._call("PUT", "cart", data, {}, idempotent=False)
        return Purchase.from_wire(payload)

    async def clear(self) -> bool:
        """Empty the cart: ``DELETE /account/cart``.

        Returns:
            Whether the server says it emptied it.
        """
        return await _delete(self, "cart", {})


class AsyncStepResponse(ResponseData):
    """A response to a step (the ``responses``/``response`` jactions)."""

    @property
    def _params(self) -> dict[str, str]:
        return {"handle": "response", "object_id": self.id}

    async def refresh(self) -> Self:
        """Fetch the response again and take every field of the reply: ``GET /response/{response_id}``.

        Unsaved changes are dropped.

        Returns:
            This record, updated in place.

        Raises:
            SiminarsNotFoundError: The response is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        self._replace_with(await _client(self).jactions.response(self.id))
        return self

    async def save(self) -> Self:
        """Send the changed writable fields as ``changed_data``: ``PUT /response/{response_id}``.

        Nothing is sent when nothing changed.

        Returns:
            This record, its changes now taken as saved.

        Raises:
            AccessDeniedError: The user may not change this response (403).
            InvalidParamError: The server refused a value (412).
            UnboundRecordError: The record is bound to no client.
        """
        await _save_changes(self, "jaction", self._params)
        return self

    async def delete(self) -> bool:
        """Delete the response: ``DELETE /response/{response_id}``.

        Returns:
            Whether the server says it deleted it.

        Raises:
            AccessDeniedError: Only the author deletes a response (403).
            SiminarsNotFoundError: The response is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        return await _delete(self, "jaction", self._params)

    async def comments(self) -> list[AsyncComment]:
        """The comments on this response: ``GET /comments/{response_id}``."""
        return await _client(self).jactions.comments(self.id)

    async def comment(self, text: str) -> AsyncComment:
        """Comment on this response, then fetch the comment: ``POST /comments/{response_id}``.

        Args:
            text: The comment (not blank).

        Returns:
            The new comment.

        Raises:
            InvalidInputError: Blank text (nothing is sent).
            LoginRequiredError: Not signed in (401).
        """
        return await _client(self).jactions.add_comment(self.id, text)

    async def vote(self, value: int = 1) -> int:
        """Vote the response up or down, once per user: ``POST /vote/{response_id}``.

        Args:
            value: 1 (up) or -1 (down).

        Returns:
            The response's vote count after the vote.

        Raises:
            InvalidInputError: A value other than 1 or -1 (nothing is sent).
            SiminarsConflictError: The user already voted on it (409).
        """
        return await _client(self).jactions.vote(self.id, value)


class AsyncComment(CommentData):
    """A comment on a response (the ``comments``/``comment`` jactions)."""

    @property
    def _params(self) -> dict[str, str]:
        return {"handle": "comment", "object_id": self.id}

    async def refresh(self) -> Self:
        """Fetch the comment again and take every field of the reply: ``GET /comment/{comment_id}``.

        Unsaved changes are dropped.

        Returns:
            This record, updated in place.

        Raises:
            SiminarsNotFoundError: The comment is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        self._replace_with(await _client(self).jactions.comment(self.id))
        return self

    async def save(self) -> Self:
        """Send the changed writable fields as ``changed_data``: ``PUT /comment/{comment_id}``.

        Nothing is sent when nothing changed.

        Returns:
            This record, its changes now taken as saved.

        Raises:
            AccessDeniedError: The user may not change this comment (403).
            InvalidParamError: The server refused a value (412).
            UnboundRecordError: The record is bound to no client.
        """
        await _save_changes(self, "jaction", self._params)
        return self

    async def delete(self) -> bool:
        """Delete the comment: ``DELETE /comment/{comment_id}``.

        Returns:
            Whether the server says it deleted it.

        Raises:
            AccessDeniedError: Only the author deletes a comment (403).
            SiminarsNotFoundError: The comment is gone (404).
            UnboundRecordError: The record is bound to no client.
        """
        return await _delete(self, "jaction", self._params)
