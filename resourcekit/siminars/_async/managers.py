"""The managers that hang off the client by the API's nouns: ``client.siminars``, ``client.bundles``..."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from resourcekit.core.errors import InvalidInputError, ResponseValidationError
from resourcekit.siminars import wire
from resourcekit.siminars._async.records import (
    AsyncAsset,
    AsyncBundle,
    AsyncCart,
    AsyncComment,
    AsyncCoupon,
    AsyncFeedback,
    AsyncPlan,
    AsyncSession,
    AsyncSiminar,
    AsyncStep,
    AsyncStepResponse,
    AsyncTestimonial,
    AsyncUser,
)
from resourcekit.siminars.models import FeedbackQuestion, Notification, Price

if TYPE_CHECKING:
    from resourcekit.siminars._async.client import AsyncSiminars

SIMINAR_ROLES = ("facilitating", "participating", "unlaunched")
"""The roles ``GET /jack/siminars`` groups the signed-in user's siminars by."""


class _Manager:
    def __init__(self, client: AsyncSiminars) -> None:
        self._client = client


class AsyncSiminarsManager(_Manager):
    """``client.siminars``: the siminars of the signed-in user, any siminar by id, new siminars."""

    async def by_role(self) -> dict[str, list[AsyncSiminar]]:
        """The signed-in user's siminars grouped by role (facilitating, participating, unlaunched)."""
        payload = await self._client._call("GET", "siminars", None, {})
        document = wire.as_document(payload)
        groups = wire.as_document(document.get("siminars")) if document is not None else None
        if groups is None:
            return {}
        return {
            role: [self._client._bind(AsyncSiminar, item) for item in wire.payload_list(groups, role)]
            for role in groups
        }

    async def list(self, role: str | None = None) -> list[AsyncSiminar]:
        """The signed-in user's siminars in one role, or in every role when ``role`` is omitted.

        Raises:
            InvalidInputError: ``role`` is not facilitating, participating or unlaunched.
        """
        if role is not None and role not in SIMINAR_ROLES:
            raise InvalidInputError(f"role must be one of {', '.join(SIMINAR_ROLES)}, not {role!r}")
        groups = await self.by_role()
        if role is not None:
            return groups.get(role, [])
        seen: set[str] = set()
        found: list[AsyncSiminar] = []
        for items in groups.values():
            for item in items:
                if item.id not in seen:
                    seen.add(item.id)
                    found.append(item)
        return found

    async def get(self, siminar_id: str) -> AsyncSiminar:
        """One siminar (404 when unlaunched and the viewer is not its facilitator; 405 when paid and the
        viewer is signed in but not a member)."""
        params = {"siminar_id": wire.check_id(siminar_id, "siminar")}
        payload = await self._client._call("GET", "siminar", None, params)
        return self._client._bind(AsyncSiminar, wire.payload_item(payload, "siminar"))

    async def create(self, title: str, **fields: Any) -> AsyncSiminar:
        """Create an unlaunched siminar (``subtitle=``, ``description=``, ``is_paid=``... allowed) and fetch it.

        Raises:
            InvalidInputError: An empty title.
        """
        if not title.strip():
            raise InvalidInputError("a siminar needs a title")
        payload = await self._client._call("POST", "siminars", {"title": title, **fields}, {}, idempotent=False)
        return await self.get(wire.created_id(payload))


class AsyncStepsManager(_Manager):
    """``client.steps``: a step by id (a siminar's steps come from ``siminar.steps()``)."""

    async def get(self, step_id: str) -> AsyncStep:
        payload = await self._client._call("GET", "step", None, {"step_id": wire.check_id(step_id, "step")})
        return self._client._bind(AsyncStep, wire.payload_item(payload, "step"))


class AsyncPlansManager(_Manager):
    """``client.plans``: a plan by id."""

    async def get(self, plan_id: str) -> AsyncPlan:
        payload = await self._client._call("GET", "plan", None, {"plan_id": wire.check_id(plan_id, "plan")})
        return self._client._bind(AsyncPlan, wire.payload_item(payload, "plan"))


class AsyncBundlesManager(_Manager):
    """``client.bundles``: every bundle, a plan's bundles, one bundle, new bundles."""

    async def list(self, plan_id: str | None = None) -> list[AsyncBundle]:
        """The bundles of a plan, or every bundle when ``plan_id`` is omitted."""
        if plan_id is None:
            payload = await self._client._call("GET", "all_bundles", None, {})
        else:
            payload = await self._client._call("GET", "bundles", None, {"plan_id": wire.check_id(plan_id, "plan")})
        return [self._client._bind(AsyncBundle, item) for item in wire.payload_list(payload, "bundles")]

    async def get(self, bundle_id: str) -> AsyncBundle:
        params = {"bundle_id": wire.check_id(bundle_id, "bundle")}
        payload = await self._client._call("GET", "bundle", None, params)
        return self._client._bind(AsyncBundle, wire.payload_item(payload, "bundle"))

    async def create(self, plan_id: str, title: str, description: str = "") -> AsyncBundle:
        if not title.strip():
            raise InvalidInputError("a bundle needs a title")
        params = {"plan_id": wire.check_id(plan_id, "plan")}
        data = {"title": title, "description": description}
        payload = await self._client._call("POST", "bundles", data, params, idempotent=False)
        return await self.get(wire.created_id(payload))


class AsyncSessionsManager(_Manager):
    """``client.sessions``: a bundle's sessions, one session, new sessions."""

    async def list(self, bundle_id: str) -> list[AsyncSession]:
        params = {"bundle_id": wire.check_id(bundle_id, "bundle")}
        payload = await self._client._call("GET", "sessions", None, params)
        return [self._client._bind(AsyncSession, item) for item in wire.payload_list(payload, "sessions")]

    async def get(self, session_id: str) -> AsyncSession:
        params = {"session_id": wire.check_id(session_id, "session")}
        payload = await self._client._call("GET", "session", None, params)
        return self._client._bind(AsyncSession, wire.payload_item(payload, "session"))

    async def create(self, bundle_id: str, title: str, *, starts_on: int, ends_on: int) -> AsyncSession:
        """Add a session to a bundle's series (times in epoch milliseconds).

        Raises:
            InvalidInputError: An empty title, or an end before the start.
        """
        if not title.strip():
            raise InvalidInputError("a session needs a title")
        if ends_on < starts_on:
            raise InvalidInputError("a session cannot end before it starts")
        params = {"bundle_id": wire.check_id(bundle_id, "bundle")}
        data = {"title": title, "starts_on": starts_on, "ends_on": ends_on}
        payload = await self._client._call("POST", "sessions", data, params, idempotent=False)
        return await self.get(wire.created_id(payload))


class AsyncUsersManager(_Manager):
    """``client.users``: program users, profiles, relations, notifications."""

    async def list(self) -> list[AsyncUser]:
        """The users of the signed-in facilitator's program."""
        payload = await self._client._call("GET", "program_user", None, {})
        return [self._client._bind(AsyncUser, item) for item in wire.payload_list(payload, "users")]

    async def get(self, user_id: str) -> AsyncUser:
        params = {"user_id": wire.check_id(user_id, "user")}
        payload = await self._client._call("GET", "per_program_user", None, params)
        return self._client._bind(AsyncUser, wire.payload_item(payload, "user"))

    async def create(self, email: str, display_name: str = "", *, password: str | None = None) -> AsyncUser:
        """Add a user to the signed-in facilitator's program.

        The clear password, when given, is sent as ``md5(email.lower() + password)`` like a login's.

        Raises:
            InvalidInputError: The email is not an address.
        """
        if "@" not in email:
            raise InvalidInputError(f"{email!r} is not an email address")
        data: dict[str, Any] = {"email": email, "display_name": display_name or email.split("@")[0]}
        if password:
            data["password"] = wire.make_password(email, password)
        payload = await self._client._call("POST", "program_user", data, {}, idempotent=False)
        return await self.get(wire.created_id(payload))

    async def relations(self, user_id: str) -> list[AsyncUser]:
        """The users related to a user; each one's ``relation`` says how."""
        params = {"user_id": wire.check_id(user_id, "user")}
        payload = await self._client._call("GET", "relations", None, params)
        return [self._client._bind(AsyncUser, item) for item in wire.payload_list(payload, "relations")]

    async def notifications(self) -> list[Notification]:
        """The signed-in user's notifications."""
        payload = await self._client._call("GET", "user_notifications", None, {})
        return [Notification.from_wire(item) for item in wire.payload_list(payload, "notifications")]

    async def mark_read(self, notification_ids: Iterable[str]) -> bool:
        """Mark notifications as read."""
        ids = [str(item) for item in notification_ids]
        if not ids:
            raise InvalidInputError("mark_read needs at least one notification id")
        payload = await self._client._call("PUT", "user_notifications", {"read": ids}, {})
        document = wire.as_document(payload)
        return bool(document is not None and document.get("edited"))


class AsyncAssetsManager(_Manager):
    """``client.assets``: files owned by users or siminars."""

    async def get(self, asset_id: str) -> AsyncAsset:
        payload = await self._client._call("GET", "asset", None, {"asset_id": wire.check_id(asset_id, "asset")})
        return self._client._bind(AsyncAsset, wire.payload_item(payload, "asset"))

    async def list(self, owner_id: str) -> list[AsyncAsset]:
        params = {"owner_id": wire.check_id(owner_id, "owner")}
        payload = await self._client._call("GET", "owner_assets", None, params)
        return [self._client._bind(AsyncAsset, item) for item in wire.payload_list(payload, "assets")]

    async def create(self, owner_id: str, title: str, url: str, *, kind: str = "file") -> AsyncAsset:
        """Register a file (by URL) for an owner: yourself or a siminar you facilitate."""
        if not url.startswith(("http://", "https://")):
            raise InvalidInputError(f"an asset URL starts with http:// or https://, got {url!r}")
        params = {"owner_id": wire.check_id(owner_id, "owner")}
        data = {"title": title, "url": url, "kind": kind}
        payload = await self._client._call("POST", "owner_assets", data, params, idempotent=False)
        return await self.get(wire.created_id(payload))


class AsyncFeedbackManager(_Manager):
    """``client.feedback``: the signed-in user's feedback and the feedback form's questions."""

    async def list(self, object_id: str | None = None) -> list[AsyncFeedback]:
        data = {"object_id": wire.check_id(object_id)} if object_id else None
        payload = await self._client._call("GET", "feedback", data, {})
        return [self._client._bind(AsyncFeedback, item) for item in wire.payload_list(payload, "feedbacks")]

    async def create(self, object_id: str, rating: int, text: str = "") -> str:
        """Leave feedback (rating 1 to 5) on an object; returns the feedback's id."""
        if not 1 <= rating <= 5:
            raise InvalidInputError("rating is 1 to 5")
        data = {"object_id": wire.check_id(object_id), "rating": rating, "text": text}
        return wire.created_id(await self._client._call("POST", "feedback", data, {}, idempotent=False))

    async def questions(self) -> list[FeedbackQuestion]:
        payload = await self._client._call("GET", "feedback_questions", None, {})
        return [FeedbackQuestion.from_wire(item) for item in wire.payload_list(payload, "questions")]


class AsyncTestimonialsManager(_Manager):
    """``client.testimonials``: testimonials about an object."""

    async def list(self, object_id: str) -> list[AsyncTestimonial]:
        params = {"object_id": wire.check_id(object_id)}
        payload = await self._client._call("GET", "testimonials", None, params)
        return [self._client._bind(AsyncTestimonial, item) for item in wire.payload_list(payload, "testimonials")]

    async def create(self, object_id: str, text: str) -> str:
        if not text.strip():
            raise InvalidInputError("a testimonial needs text")
        params = {"object_id": wire.check_id(object_id)}
        payload = await self._client._call("POST", "testimonials", {"text": text}, params, idempotent=False)
        return wire.created_id(payload)


class AsyncCouponsManager(_Manager):
    """``client.coupons``: discount codes."""

    async def get(self, code: str) -> AsyncCoupon:
        if not code.strip():
            raise InvalidInputError("a coupon code is not empty")
        payload = await self._client._call("GET", "coupon", {"code": code}, {})
        return self._client._bind(AsyncCoupon, wire.payload_item(payload, "coupon"))

    async def list(self) -> list[AsyncCoupon]:
        """The coupons the signed-in user made."""
        payload = await self._client._call("GET", "coupon", None, {})
        return [self._client._bind(AsyncCoupon, item) for item in wire.payload_list(payload, "coupons")]

    async def create(self, code: str, item_id: str, discount: int) -> AsyncCoupon:
        """Make a coupon of ``discount`` percent off a siminar you facilitate."""
        if not 1 <= discount <= 100:
            raise InvalidInputError("discount is 1 to 100 percent")
        data = {"code": code, "item_id": wire.check_id(item_id, "siminar"), "discount": discount}
        await self._client._call("POST", "coupon", data, {}, idempotent=False)
        return await self.get(code)


class AsyncCartManager(_Manager):
    """``client.cart``: the signed-in user's cart and prices."""

    async def get(self) -> AsyncCart:
        payload = await self._client._call("GET", "cart", None, {})
        return self._client._bind(AsyncCart, wire.payload_item(payload, "cart"))

    async def add(self, item_id: str, *, coupon_code: str | None = None) -> AsyncCart:
        """Put an item (a siminar) in the cart, with a coupon if given; returns the cart."""
        data: dict[str, Any] = {"item_id": wire.check_id(item_id, "siminar")}
        if coupon_code:
            data["coupon_code"] = coupon_code
        payload = await self._client._call("POST", "cart", data, {}, idempotent=False)
        return self._client._bind(AsyncCart, wire.payload_item(payload, "cart"))

    async def price(self, item_id: str, *, coupon_code: str | None = None) -> Price:
        data: dict[str, Any] = {"item_id": wire.check_id(item_id, "siminar")}
        if coupon_code:
            data["coupon_code"] = coupon_code
        payload = await self._client._call("GET", "pricing", data, {})
        return Price.from_wire(wire.payload_item(payload, "price"))


class AsyncJactionsManager(_Manager):
    """``client.jactions``: responses, comments, votes, done and skip (``/<handle>/<object_id>``)."""

    async def _jaction(
        self,
        method: str,
        handle: str,
        object_id: str,
        data: dict[str, Any] | None = None,
        *,
        idempotent: bool | None = None,
    ) -> Any:
        params = {"handle": handle, "object_id": wire.check_id(object_id)}
        return await self._client._call(method, "jaction", data, params, idempotent=idempotent)

    async def responses(self, step_id: str) -> list[AsyncStepResponse]:
        payload = await self._jaction("GET", "responses", step_id)
        return [self._client._bind(AsyncStepResponse, item) for item in wire.payload_list(payload, "responses")]

    async def respond(self, step_id: str, text: str, *, private: bool = False) -> AsyncStepResponse:
        if not text.strip():
            raise InvalidInputError("a response needs text")
        data = {"text": text, "is_private": private}
        payload = await self._jaction("POST", "responses", step_id, data, idempotent=False)
        return await self.response(wire.created_id(payload))

    async def response(self, response_id: str) -> AsyncStepResponse:
        payload = await self._jaction("GET", "response", response_id)
        return self._client._bind(AsyncStepResponse, wire.payload_item(payload, "response"))

    async def comments(self, response_id: str) -> list[AsyncComment]:
        payload = await self._jaction("GET", "comments", response_id)
        return [self._client._bind(AsyncComment, item) for item in wire.payload_list(payload, "comments")]

    async def add_comment(self, response_id: str, text: str) -> AsyncComment:
        if not text.strip():
            raise InvalidInputError("a comment needs text")
        payload = await self._jaction("POST", "comments", response_id, {"text": text}, idempotent=False)
        return await self.comment(wire.created_id(payload))

    async def comment(self, comment_id: str) -> AsyncComment:
        payload = await self._jaction("GET", "comment", comment_id)
        return self._client._bind(AsyncComment, wire.payload_item(payload, "comment"))

    async def vote(self, response_id: str, value: int = 1) -> int:
        """Vote a response up (1) or down (-1) once; returns its vote count."""
        if value not in (1, -1):
            raise InvalidInputError("a vote is 1 or -1")
        payload = await self._jaction("POST", "vote", response_id, {"vote": value}, idempotent=False)
        document = wire.as_document(payload)
        votes = document.get("votes") if document is not None else None
        if not isinstance(votes, int):
            raise ResponseValidationError("the vote reply holds no count", raw=payload)
        return votes

    async def done(self, step_id: str) -> bool:
        """Mark a step done for the signed-in user."""
        document = wire.as_document(await self._jaction("POST", "done", step_id, idempotent=True))
        return bool(document and document.get("done"))

    async def skip(self, step_id: str) -> bool:
        """Skip a step for the signed-in user."""
        document = wire.as_document(await self._jaction("POST", "skip", step_id, idempotent=True))
        return bool(document and document.get("skipped"))
