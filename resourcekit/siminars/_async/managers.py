"""The managers that hang off the client by the API's nouns: ``client.siminars``, ``client.bundles``..."""

from __future__ import annotations

# ``builtins.list`` in the classes that define a ``list`` method: there a bare ``list`` names the
# method, and completion engines (Jedi) read it so.
import builtins
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
    """What every manager holds: the client it sends through."""

    def __init__(self, client: AsyncSiminars) -> None:
        self._client = client


class AsyncSiminarsManager(_Manager):
    """``client.siminars``: the siminars of the signed-in user, any siminar by id, new siminars."""

    async def by_role(self) -> dict[str, list[AsyncSiminar]]:
        """The signed-in user's siminars grouped by role: ``GET /jack/siminars`` (route ``siminars``).

        Returns:
            Role (``facilitating``, ``participating``, ``unlaunched``) -> the siminars in it, as the
            server lists them (summaries: ``refresh()`` one for every field).

        Raises:
            LoginRequiredError: Not signed in (401).
        """
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
        """The signed-in user's siminars in one role, or in every role: ``GET /jack/siminars``.

        Args:
            role: ``facilitating``, ``participating`` or ``unlaunched``; ``None`` for every role, each
                siminar once.

        Returns:
            The siminars, in the server's order.

        Raises:
            InvalidInputError: ``role`` is none of the three (nothing is sent).
            LoginRequiredError: Not signed in (401).
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
        """One siminar by id: ``GET /jack/siminar/{siminar_id}`` (route ``siminar``).

        The viewer flags (``user_is_student``...) and ``step_dict`` follow the client's authtoken.

        Args:
            siminar_id: The siminar's 24-digit id.

        Returns:
            The siminar, bound to this client.

        Raises:
            InvalidInputError: ``siminar_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such siminar, or an unlaunched one and the viewer is not its
                facilitator (404).
            NotAllowedError: A paid siminar and the signed-in viewer is not a member (405).
        """
        params = {"siminar_id": wire.check_id(siminar_id, "siminar")}
        payload = await self._client._call("GET", "siminar", None, params)
        return self._client._bind(AsyncSiminar, wire.payload_item(payload, "siminar"))

    async def create(self, title: str, **fields: Any) -> AsyncSiminar:
        """Create an unlaunched siminar, then fetch it: ``POST /jack/siminars`` (route ``siminars``).

        Never retried unless surely unsent (a retry could create a second siminar).

        Args:
            title: The siminar's title (not blank).
            **fields: Other fields to set, by wire name (``subtitle=``, ``description=``, ``is_paid=``...).

        Returns:
            The new siminar (status unlaunched; ``launch()`` opens it).

        Raises:
            InvalidInputError: A blank title (nothing is sent).
            LoginRequiredError: Not signed in (401).
        """
        if not title.strip():
            raise InvalidInputError("a siminar needs a title")
        payload = await self._client._call("POST", "siminars", {"title": title, **fields}, {}, idempotent=False)
        return await self.get(wire.created_id(payload))


class AsyncStepsManager(_Manager):
    """``client.steps``: a step by id (a siminar's steps come from ``siminar.steps()``)."""

    async def get(self, step_id: str) -> AsyncStep:
        """One step by id: ``GET /jack/step/{step_id}`` (route ``step``).

        Args:
            step_id: The step's 24-digit id.

        Returns:
            The step, bound to this client.

        Raises:
            InvalidInputError: ``step_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such step (404).
            PaymentRequiredError: A members-only step and the viewer is not a member (402).
        """
        payload = await self._client._call("GET", "step", None, {"step_id": wire.check_id(step_id, "step")})
        return self._client._bind(AsyncStep, wire.payload_item(payload, "step"))


class AsyncPlansManager(_Manager):
    """``client.plans``: a plan by id."""

    async def get(self, plan_id: str) -> AsyncPlan:
        """One plan by id: ``GET /plan/{plan_id}`` (route ``plan``).

        Args:
            plan_id: The plan's 24-digit id.

        Returns:
            The plan, bound to this client.

        Raises:
            InvalidInputError: ``plan_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such plan (404).
        """
        payload = await self._client._call("GET", "plan", None, {"plan_id": wire.check_id(plan_id, "plan")})
        return self._client._bind(AsyncPlan, wire.payload_item(payload, "plan"))


class AsyncBundlesManager(_Manager):
    """``client.bundles``: every bundle, a plan's bundles, one bundle, new bundles."""

    async def list(self, plan_id: str | None = None) -> list[AsyncBundle]:
        """The bundles of a plan (``GET /bundles/{plan_id}``), or every bundle (``GET /jack/bundles``).

        Args:
            plan_id: The plan's 24-digit id; ``None`` for every bundle (route ``all_bundles``).

        Returns:
            The bundles, bound to this client.

        Raises:
            InvalidInputError: ``plan_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such plan (404).
        """
        if plan_id is None:
            payload = await self._client._call("GET", "all_bundles", None, {})
        else:
            payload = await self._client._call("GET", "bundles", None, {"plan_id": wire.check_id(plan_id, "plan")})
        return [self._client._bind(AsyncBundle, item) for item in wire.payload_list(payload, "bundles")]

    async def get(self, bundle_id: str) -> AsyncBundle:
        """One bundle by id: ``GET /bundle/{bundle_id}`` (route ``bundle``).

        Args:
            bundle_id: The bundle's 24-digit id.

        Returns:
            The bundle, bound to this client.

        Raises:
            InvalidInputError: ``bundle_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such bundle (404).
        """
        params = {"bundle_id": wire.check_id(bundle_id, "bundle")}
        payload = await self._client._call("GET", "bundle", None, params)
        return self._client._bind(AsyncBundle, wire.payload_item(payload, "bundle"))

    async def create(self, plan_id: str, title: str, description: str = "") -> AsyncBundle:
        """Add a bundle to a plan, then fetch it: ``POST /bundles/{plan_id}`` (route ``bundles``).

        Args:
            plan_id: The plan's 24-digit id.
            title: The bundle's title (not blank).
            description: What the bundle offers.

        Returns:
            The new bundle.

        Raises:
            InvalidInputError: A blank title or a malformed id (nothing is sent).
            LoginRequiredError: Not signed in (401).
            AccessDeniedError: The plan is someone else's (403).
        """
        if not title.strip():
            raise InvalidInputError("a bundle needs a title")
        params = {"plan_id": wire.check_id(plan_id, "plan")}
        data = {"title": title, "description": description}
        payload = await self._client._call("POST", "bundles", data, params, idempotent=False)
        return await self.get(wire.created_id(payload))


class AsyncSessionsManager(_Manager):
    """``client.sessions``: a bundle's sessions, one session, new sessions."""

    async def list(self, bundle_id: str) -> list[AsyncSession]:
        """The sessions of a bundle's series: ``GET /series/{bundle_id}/sessions`` (route ``sessions``).

        Args:
            bundle_id: The bundle's 24-digit id.

        Returns:
            The sessions, bound to this client.

        Raises:
            InvalidInputError: ``bundle_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such bundle (404).
        """
        params = {"bundle_id": wire.check_id(bundle_id, "bundle")}
        payload = await self._client._call("GET", "sessions", None, params)
        return [self._client._bind(AsyncSession, item) for item in wire.payload_list(payload, "sessions")]

    async def get(self, session_id: str) -> AsyncSession:
        """One session by id: ``GET /session/{session_id}`` (route ``session``).

        Args:
            session_id: The session's 24-digit id.

        Returns:
            The session, bound to this client.

        Raises:
            InvalidInputError: ``session_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such session (404).
        """
        params = {"session_id": wire.check_id(session_id, "session")}
        payload = await self._client._call("GET", "session", None, params)
        return self._client._bind(AsyncSession, wire.payload_item(payload, "session"))

    async def create(self, bundle_id: str, title: str, *, starts_on: int, ends_on: int) -> AsyncSession:
        """Add a session to a bundle's series, then fetch it: ``POST /series/{bundle_id}/sessions``.

        Args:
            bundle_id: The bundle's 24-digit id.
            title: The session's title (not blank).
            starts_on: When it starts, epoch milliseconds.
            ends_on: When it ends, epoch milliseconds (not before ``starts_on``).

        Returns:
            The new session.

        Raises:
            InvalidInputError: A blank title, an end before the start, or a malformed id (nothing is sent).
            LoginRequiredError: Not signed in (401).
            AccessDeniedError: The bundle is someone else's (403).
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
        """The users of the signed-in facilitator's program: ``GET /user`` (route ``program_user``).

        Returns:
            The users, bound to this client.

        Raises:
            LoginRequiredError: Not signed in (401).
        """
        payload = await self._client._call("GET", "program_user", None, {})
        return [self._client._bind(AsyncUser, item) for item in wire.payload_list(payload, "users")]

    async def get(self, user_id: str) -> AsyncUser:
        """One user's profile: ``GET /user/{user_id}`` (route ``per_program_user``).

        Args:
            user_id: The user's 24-digit id.

        Returns:
            The user, bound to this client.

        Raises:
            InvalidInputError: ``user_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such user (404).
        """
        params = {"user_id": wire.check_id(user_id, "user")}
        payload = await self._client._call("GET", "per_program_user", None, params)
        return self._client._bind(AsyncUser, wire.payload_item(payload, "user"))

    async def create(self, email: str, display_name: str = "", *, password: str | None = None) -> AsyncUser:
        """Add a user to the signed-in facilitator's program, then fetch it: ``POST /user``.

        The clear password, when given, is sent as ``md5(email.lower() + password)`` like a login's.

        Args:
            email: The new user's email address (their login name).
            display_name: The name shown to others; the email's local part when empty.
            password: A clear password for the user, or ``None`` to set none.

        Returns:
            The new user.

        Raises:
            InvalidInputError: The email is not an address (nothing is sent).
            LoginRequiredError: Not signed in (401).
            SiminarsConflictError: A user with that email exists (409).
        """
        if "@" not in email:
            raise InvalidInputError(f"{email!r} is not an email address")
        data: dict[str, Any] = {"email": email, "display_name": display_name or email.split("@")[0]}
        if password:
            data["password"] = wire.make_password(email, password)
        payload = await self._client._call("POST", "program_user", data, {}, idempotent=False)
        return await self.get(wire.created_id(payload))

    async def relations(self, user_id: str) -> builtins.list[AsyncUser]:
        """The users related to a user: ``GET /relation/{user_id}`` (route ``relations``).

        Args:
            user_id: The user's 24-digit id.

        Returns:
            The related users; each one's ``relation`` says how (``instructor``, ``student``, ``classmate``).

        Raises:
            InvalidInputError: ``user_id`` is not 24 digits (nothing is sent).
            LoginRequiredError: Not signed in (401).
        """
        params = {"user_id": wire.check_id(user_id, "user")}
        payload = await self._client._call("GET", "relations", None, params)
        return [self._client._bind(AsyncUser, item) for item in wire.payload_list(payload, "relations")]

    async def notifications(self) -> builtins.list[Notification]:
        """The signed-in user's notifications: ``GET /account/notifications`` (route ``user_notifications``).

        Returns:
            The notifications, read and unread.

        Raises:
            LoginRequiredError: Not signed in (401).
        """
        payload = await self._client._call("GET", "user_notifications", None, {})
        return [Notification.from_wire(item) for item in wire.payload_list(payload, "notifications")]

    async def mark_read(self, notification_ids: Iterable[str]) -> bool:
        """Mark notifications as read: ``PUT /account/notifications`` with ``{"read": [ids]}``.

        Args:
            notification_ids: The ids of the notifications (at least one).

        Returns:
            Whether the server says it changed them.

        Raises:
            InvalidInputError: No id given (nothing is sent).
            LoginRequiredError: Not signed in (401).
        """
        ids = [str(item) for item in notification_ids]
        if not ids:
            raise InvalidInputError("mark_read needs at least one notification id")
        payload = await self._client._call("PUT", "user_notifications", {"read": ids}, {})
        document = wire.as_document(payload)
        return bool(document is not None and document.get("edited"))


class AsyncAssetsManager(_Manager):
    """``client.assets``: files owned by users or siminars."""

    async def get(self, asset_id: str) -> AsyncAsset:
        """One asset by id: ``GET /asset/{asset_id}`` (route ``asset``).

        Args:
            asset_id: The asset's 24-digit id.

        Returns:
            The asset, bound to this client.

        Raises:
            InvalidInputError: ``asset_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such asset (404).
        """
        payload = await self._client._call("GET", "asset", None, {"asset_id": wire.check_id(asset_id, "asset")})
        return self._client._bind(AsyncAsset, wire.payload_item(payload, "asset"))

    async def list(self, owner_id: str) -> list[AsyncAsset]:
        """The assets a user or a siminar owns: ``GET /owner/{owner_id}/assets`` (route ``owner_assets``).

        Args:
            owner_id: The owner's 24-digit id (a user or a siminar).

        Returns:
            The assets, bound to this client.

        Raises:
            InvalidInputError: ``owner_id`` is not 24 digits (nothing is sent).
        """
        params = {"owner_id": wire.check_id(owner_id, "owner")}
        payload = await self._client._call("GET", "owner_assets", None, params)
        return [self._client._bind(AsyncAsset, item) for item in wire.payload_list(payload, "assets")]

    async def create(self, owner_id: str, title: str, url: str, *, kind: str = "file") -> AsyncAsset:
        """Register a file (by URL) for an owner, then fetch it: ``POST /owner/{owner_id}/assets``.

        Args:
            owner_id: Yourself or a siminar you facilitate (24-digit id).
            title: The asset's title.
            url: Where the file is (``http://`` or ``https://``).
            kind: The kind of file (``file``, ``photo``, ``video``...).

        Returns:
            The new asset.

        Raises:
            InvalidInputError: A URL that is not http(s), or a malformed id (nothing is sent).
            LoginRequiredError: Not signed in (401).
            AccessDeniedError: The owner is neither you nor a siminar you facilitate (403).
        """
        if not url.startswith(("http://", "https://")):
            raise InvalidInputError(f"an asset URL starts with http:// or https://, got {url!r}")
        params = {"owner_id": wire.check_id(owner_id, "owner")}
        data = {"title": title, "url": url, "kind": kind}
        payload = await self._client._call("POST", "owner_assets", data, params, idempotent=False)
        return await self.get(wire.created_id(payload))


class AsyncFeedbackManager(_Manager):
    """``client.feedback``: the signed-in user's feedback and the feedback form's questions."""

    async def list(self, object_id: str | None = None) -> list[AsyncFeedback]:
        """The signed-in user's feedback, on one object or on all: ``GET /feedback`` (route ``feedback``).

        Args:
            object_id: Only the feedback on this object (24-digit id); ``None`` for all of it.

        Returns:
            The feedback, bound to this client.

        Raises:
            InvalidInputError: ``object_id`` is not 24 digits (nothing is sent).
            LoginRequiredError: Not signed in (401).
        """
        data = {"object_id": wire.check_id(object_id)} if object_id else None
        payload = await self._client._call("GET", "feedback", data, {})
        return [self._client._bind(AsyncFeedback, item) for item in wire.payload_list(payload, "feedbacks")]

    async def create(self, object_id: str, rating: int, text: str = "") -> str:
        """Leave feedback on an object: ``POST /feedback`` (route ``feedback``).

        Args:
            object_id: What the feedback is about (24-digit id).
            rating: 1 to 5.
            text: Optional words.

        Returns:
            The new feedback's id.

        Raises:
            InvalidInputError: A rating outside 1 to 5, or a malformed id (nothing is sent).
            LoginRequiredError: Not signed in (401).
        """
        if not 1 <= rating <= 5:
            raise InvalidInputError("rating is 1 to 5")
        data = {"object_id": wire.check_id(object_id), "rating": rating, "text": text}
        return wire.created_id(await self._client._call("POST", "feedback", data, {}, idempotent=False))

    async def questions(self) -> builtins.list[FeedbackQuestion]:
        """The questions of the feedback form: ``GET /feedback/questions`` (route ``feedback_questions``).

        Returns:
            The questions, in the form's order.
        """
        payload = await self._client._call("GET", "feedback_questions", None, {})
        return [FeedbackQuestion.from_wire(item) for item in wire.payload_list(payload, "questions")]


class AsyncTestimonialsManager(_Manager):
    """``client.testimonials``: testimonials about an object."""

    async def list(self, object_id: str) -> list[AsyncTestimonial]:
        """The testimonials about an object: ``GET /testimonial/{object_id}`` (route ``testimonials``).

        Args:
            object_id: A siminar's or user's 24-digit id.

        Returns:
            The testimonials, bound to this client.

        Raises:
            InvalidInputError: ``object_id`` is not 24 digits (nothing is sent).
        """
        params = {"object_id": wire.check_id(object_id)}
        payload = await self._client._call("GET", "testimonials", None, params)
        return [self._client._bind(AsyncTestimonial, item) for item in wire.payload_list(payload, "testimonials")]

    async def create(self, object_id: str, text: str) -> str:
        """Write a testimonial about an object: ``POST /testimonial/{object_id}`` (route ``testimonials``).

        Args:
            object_id: A siminar's or user's 24-digit id.
            text: The testimonial (not blank).

        Returns:
            The new testimonial's id.

        Raises:
            InvalidInputError: Blank text or a malformed id (nothing is sent).
            LoginRequiredError: Not signed in (401).
        """
        if not text.strip():
            raise InvalidInputError("a testimonial needs text")
        params = {"object_id": wire.check_id(object_id)}
        payload = await self._client._call("POST", "testimonials", {"text": text}, params, idempotent=False)
        return wire.created_id(payload)


class AsyncCouponsManager(_Manager):
    """``client.coupons``: discount codes."""

    async def get(self, code: str) -> AsyncCoupon:
        """A coupon by its code: ``GET /coupon`` with ``{"code": code}`` (route ``coupon``).

        Args:
            code: The code a buyer enters.

        Returns:
            The coupon, bound to this client.

        Raises:
            InvalidInputError: A blank code (nothing is sent).
            SiminarsNotFoundError: No such coupon (404).
        """
        if not code.strip():
            raise InvalidInputError("a coupon code is not empty")
        payload = await self._client._call("GET", "coupon", {"code": code}, {})
        return self._client._bind(AsyncCoupon, wire.payload_item(payload, "coupon"))

    async def list(self) -> list[AsyncCoupon]:
        """The coupons the signed-in user made: ``GET /coupon`` (route ``coupon``).

        Returns:
            The coupons, bound to this client.

        Raises:
            LoginRequiredError: Not signed in (401).
        """
        payload = await self._client._call("GET", "coupon", None, {})
        return [self._client._bind(AsyncCoupon, item) for item in wire.payload_list(payload, "coupons")]

    async def create(self, code: str, item_id: str, discount: int) -> AsyncCoupon:
        """Make a coupon for a siminar you facilitate, then fetch it: ``POST /coupon`` (route ``coupon``).

        Args:
            code: The code buyers will enter.
            item_id: The siminar's 24-digit id.
            discount: Percent off the purchase price, 1 to 100.

        Returns:
            The new coupon.

        Raises:
            InvalidInputError: A discount outside 1 to 100, or a malformed id (nothing is sent).
            LoginRequiredError: Not signed in (401).
            AccessDeniedError: You do not facilitate the siminar (403).
            SiminarsConflictError: The code is taken (409).
        """
        if not 1 <= discount <= 100:
            raise InvalidInputError("discount is 1 to 100 percent")
        data = {"code": code, "item_id": wire.check_id(item_id, "siminar"), "discount": discount}
        await self._client._call("POST", "coupon", data, {}, idempotent=False)
        return await self.get(code)


class AsyncCartManager(_Manager):
    """``client.cart``: the signed-in user's cart and prices."""

    async def get(self) -> AsyncCart:
        """The signed-in user's cart: ``GET /account/cart`` (route ``cart``).

        Returns:
            The cart, bound to this client.

        Raises:
            LoginRequiredError: Not signed in (401).
        """
        payload = await self._client._call("GET", "cart", None, {})
        return self._client._bind(AsyncCart, wire.payload_item(payload, "cart"))

    async def add(self, item_id: str, *, coupon_code: str | None = None) -> AsyncCart:
        """Put an item (a siminar) in the cart: ``POST /account/cart`` with ``{"item_id": ...}``.

        Args:
            item_id: The siminar's 24-digit id.
            coupon_code: A coupon to apply, if any.

        Returns:
            The cart with the item and its price (``finalize()`` buys it).

        Raises:
            InvalidInputError: ``item_id`` is not 24 digits (nothing is sent).
            LoginRequiredError: Not signed in (401).
            SiminarsNotFoundError: No such siminar (404).
            SiminarsConflictError: The user is already a member of the siminar (409).
        """
        data: dict[str, Any] = {"item_id": wire.check_id(item_id, "siminar")}
        if coupon_code:
            data["coupon_code"] = coupon_code
        payload = await self._client._call("POST", "cart", data, {}, idempotent=False)
        return self._client._bind(AsyncCart, wire.payload_item(payload, "cart"))

    async def price(self, item_id: str, *, coupon_code: str | None = None) -> Price:
        """The price of an item, with a coupon applied when one is given: ``GET /price`` (route ``pricing``).

        Args:
            item_id: The siminar's 24-digit id.
            coupon_code: A coupon to apply, if any.

        Returns:
            The list, purchase and final prices.

        Raises:
            InvalidInputError: ``item_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such siminar or coupon (404).
            InvalidParamError: The coupon does not apply to the item (412).
        """
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
        """The responses to a step: ``GET /responses/{step_id}`` (the ``responses`` jaction).

        Private responses are listed only to their author.

        Args:
            step_id: The step's 24-digit id.

        Returns:
            The responses, bound to this client.

        Raises:
            InvalidInputError: ``step_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such step (404).
            PaymentRequiredError: A members-only step and the viewer is not a member (402).
        """
        payload = await self._jaction("GET", "responses", step_id)
        return [self._client._bind(AsyncStepResponse, item) for item in wire.payload_list(payload, "responses")]

    async def respond(self, step_id: str, text: str, *, private: bool = False) -> AsyncStepResponse:
        """Respond to a step, then fetch the response: ``POST /responses/{step_id}``.

        Args:
            step_id: The step's 24-digit id.
            text: The response (not blank).
            private: Show it to its author only.

        Returns:
            The new response.

        Raises:
            InvalidInputError: Blank text or a malformed id (nothing is sent).
            LoginRequiredError: Not signed in (401).
            AccessDeniedError: The user is not a member of the step's siminar (403).
        """
        if not text.strip():
            raise InvalidInputError("a response needs text")
        data = {"text": text, "is_private": private}
        payload = await self._jaction("POST", "responses", step_id, data, idempotent=False)
        return await self.response(wire.created_id(payload))

    async def response(self, response_id: str) -> AsyncStepResponse:
        """One response by id: ``GET /response/{response_id}`` (the ``response`` jaction).

        Args:
            response_id: The response's 24-digit id.

        Returns:
            The response, bound to this client.

        Raises:
            InvalidInputError: ``response_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such response, or a private one of another user (404).
        """
        payload = await self._jaction("GET", "response", response_id)
        return self._client._bind(AsyncStepResponse, wire.payload_item(payload, "response"))

    async def comments(self, response_id: str) -> list[AsyncComment]:
        """The comments on a response: ``GET /comments/{response_id}`` (the ``comments`` jaction).

        Args:
            response_id: The response's 24-digit id.

        Returns:
            The comments, bound to this client.

        Raises:
            InvalidInputError: ``response_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such response (404).
        """
        payload = await self._jaction("GET", "comments", response_id)
        return [self._client._bind(AsyncComment, item) for item in wire.payload_list(payload, "comments")]

    async def add_comment(self, response_id: str, text: str) -> AsyncComment:
        """Comment on a response, then fetch the comment: ``POST /comments/{response_id}``.

        Args:
            response_id: The response's 24-digit id.
            text: The comment (not blank).

        Returns:
            The new comment.

        Raises:
            InvalidInputError: Blank text or a malformed id (nothing is sent).
            LoginRequiredError: Not signed in (401).
        """
        if not text.strip():
            raise InvalidInputError("a comment needs text")
        payload = await self._jaction("POST", "comments", response_id, {"text": text}, idempotent=False)
        return await self.comment(wire.created_id(payload))

    async def comment(self, comment_id: str) -> AsyncComment:
        """One comment by id: ``GET /comment/{comment_id}`` (the ``comment`` jaction).

        Args:
            comment_id: The comment's 24-digit id.

        Returns:
            The comment, bound to this client.

        Raises:
            InvalidInputError: ``comment_id`` is not 24 digits (nothing is sent).
            SiminarsNotFoundError: No such comment (404).
        """
        payload = await self._jaction("GET", "comment", comment_id)
        return self._client._bind(AsyncComment, wire.payload_item(payload, "comment"))

    async def vote(self, response_id: str, value: int = 1) -> int:
        """Vote a response up or down, once per user: ``POST /vote/{response_id}`` (the ``vote`` jaction).

        Args:
            response_id: The response's 24-digit id.
            value: 1 (up) or -1 (down).

        Returns:
            The response's vote count after the vote.

        Raises:
            InvalidInputError: A value other than 1 or -1, or a malformed id (nothing is sent).
            LoginRequiredError: Not signed in (401).
            SiminarsConflictError: The user already voted on it (409).
            ResponseValidationError: The reply holds no count.
        """
        if value not in (1, -1):
            raise InvalidInputError("a vote is 1 or -1")
        payload = await self._jaction("POST", "vote", response_id, {"vote": value}, idempotent=False)
        document = wire.as_document(payload)
        votes = document.get("votes") if document is not None else None
        if not isinstance(votes, int):
            raise ResponseValidationError("the vote reply holds no count", raw=payload)
        return votes

    async def done(self, step_id: str) -> bool:
        """Mark a step done for the signed-in user: ``POST /done/{step_id}`` (the ``done`` jaction).

        Args:
            step_id: The step's 24-digit id.

        Returns:
            Whether the server says it did.

        Raises:
            InvalidInputError: ``step_id`` is not 24 digits (nothing is sent).
            LoginRequiredError: Not signed in (401).
            AccessDeniedError: The user is not a member of the step's siminar (403).
        """
        document = wire.as_document(await self._jaction("POST", "done", step_id, idempotent=True))
        return bool(document and document.get("done"))

    async def skip(self, step_id: str) -> bool:
        """Skip a step for the signed-in user: ``POST /skip/{step_id}`` (the ``skip`` jaction).

        Args:
            step_id: The step's 24-digit id.

        Returns:
            Whether the server says it did.

        Raises:
            InvalidInputError: ``step_id`` is not 24 digits (nothing is sent).
            LoginRequiredError: Not signed in (401).
            AccessDeniedError: The user is not a member of the step's siminar (403).
        """
        document = wire.as_document(await self._jaction("POST", "skip", step_id, idempotent=True))
        return bool(document and document.get("skipped"))
