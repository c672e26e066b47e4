"""The fields of Siminars documents, shared by the sync and async records.

Each class lists the fields the API documents, with their wire names as aliases; every other field
a server sends is kept as it came (``extra="allow"``) and readable as an attribute. Fields marked
`Writable` are the ones ``save()`` sends as ``changed_data``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from resourcekit.core.records import Model, Record, Writable
from resourcekit.siminars.wire import LAUNCHED


class StepInfo(Model):
    """A step as a siminar's ``step_dict`` embeds it (plain data, no client)."""

    id: str = Field(alias="_id")
    title: str = ""
    description: str = ""
    sequence: int = 0
    eta: int = 0
    hidden: bool = False
    can_visit: bool = False
    curated_count: int = 0
    todo_count: int = 0
    last_item: str = ""
    visited_on: Any = False


class SiminarData(Record):
    """A siminar: a course made of ordered steps, taught by instructors to students."""

    id: str = Field(alias="_id")
    title: Annotated[str, Writable] = ""
    subtitle: Annotated[str, Writable] = ""
    description: Annotated[str, Writable] = ""
    """HTML."""
    banner_url: Annotated[str, Writable] = ""
    logo_url: Annotated[str, Writable] = ""
    layout: Annotated[str, Writable] = ""
    style: Annotated[str, Writable] = ""
    siminar_type: str = ""
    status: Annotated[int, Writable] = 0
    """12 once launched."""
    is_paid: Annotated[bool, Writable] = False
    is_listed: Annotated[bool, Writable] = False
    is_closed: Annotated[bool, Writable] = False
    is_participation_moderated: Annotated[bool, Writable] = False
    free_steps: Annotated[int, Writable] = 0
    list_price: Annotated[int, Writable] = 0
    purchase_price: Annotated[int, Writable] = 0
    admin_id: str = ""
    author_id: str = ""
    plan_id: str = ""
    steps_num: int = 0
    created_on: int = Field(default=0, alias="CreatedOn")
    deleted: bool = False
    author: Any = None
    testimonial: Any = None
    instructors: list[str] = Field(default_factory=list[str])
    step_ids: list[str] = Field(default_factory=list[str], alias="steps")
    """The ids of the steps, in order."""
    bundle_ids: list[str] = Field(default_factory=list[str])
    session_ids: list[str] = Field(default_factory=list[str])
    students: dict[str, Any] = Field(default_factory=dict[str, Any])
    students_pending: dict[str, Any] = Field(default_factory=dict[str, Any])
    done: dict[str, Any] = Field(default_factory=dict[str, Any])
    step_dict: dict[str, StepInfo] = Field(default_factory=dict[str, StepInfo])
    user_is_instructor: bool = False
    user_is_student: bool = False
    user_is_nobody: bool = False
    user_is_unapproved: bool = False
    user_needs_signup: bool = False

    @property
    def is_launched(self) -> bool:
        return self.status == LAUNCHED

    def outline(self) -> list[StepInfo]:
        """The embedded steps in their order (no request; `steps()` fetches them)."""
        known = [self.step_dict[step_id] for step_id in self.step_ids if step_id in self.step_dict]
        return known or sorted(self.step_dict.values(), key=lambda step: step.sequence)


class StepData(Record):
    """One step of a siminar."""

    id: str = Field(alias="_id")
    title: Annotated[str, Writable] = ""
    description: Annotated[str, Writable] = ""
    eta: Annotated[int, Writable] = 0
    hidden: Annotated[bool, Writable] = False
    sequence: int = 0
    siminar_id: str = ""
    can_visit: bool = False
    curated_count: int = 0
    todo_count: int = 0
    last_item: str = ""
    visited_on: Any = False


class UserData(Record):
    """A user as other users see them (``relation`` says how they relate to the viewer)."""

    id: str = Field(alias="_id")
    display_name: Annotated[str, Writable] = ""
    timezone: Annotated[str, Writable] = ""
    email: str = ""
    is_validated: bool = False
    relation: str = ""
    socket_url: str = ""


class MeData(UserData):
    """The signed-in user (``GET /authtoken``), with unread counters, bundles and roles."""

    unread_forum: dict[str, int] = Field(default_factory=dict[str, int])
    unread_feed: list[dict[str, Any]] = Field(default_factory=list[dict[str, Any]])
    bundles: dict[str, Any] = Field(default_factory=dict[str, Any])
    roles: dict[str, Any] = Field(default_factory=dict[str, Any])


class BundleData(Record):
    """A bundle of siminars within a plan, sold and run as series of sessions."""

    id: str = Field(alias="_id")
    title: Annotated[str, Writable] = ""
    description: Annotated[str, Writable] = ""
    plan_id: str = ""
    siminar_ids: list[str] = Field(default_factory=list[str])
    session_ids: list[str] = Field(default_factory=list[str])


class PlanData(Record):
    """A plan: the facilitator's container of siminars and bundles."""

    id: str = Field(alias="_id")
    title: Annotated[str, Writable] = ""
    author_id: str = ""
    plan_type: str = ""
    bundle_ids: list[str] = Field(default_factory=list[str])
    siminar_ids: list[str] = Field(default_factory=list[str])


class SessionData(Record):
    """A session of a bundle's series."""

    id: str = Field(alias="_id")
    title: Annotated[str, Writable] = ""
    starts_on: Annotated[int, Writable] = 0
    ends_on: Annotated[int, Writable] = 0
    bundle_id: str = ""


class AssetData(Record):
    """A file (photo, video, document) owned by a user or a siminar."""

    id: str = Field(alias="_id")
    title: Annotated[str, Writable] = ""
    owner_id: str = ""
    url: str = ""
    kind: str = ""


class Notification(Model):
    """One notification of the signed-in user."""

    id: str = Field(alias="_id")
    text: str = ""
    object_id: str = ""
    read: bool = False
    created_on: int = Field(default=0, alias="CreatedOn")


class FeedbackData(Record):
    """Feedback a user left on an object."""

    id: str = Field(alias="_id")
    object_id: str = ""
    user_id: str = ""
    text: str = ""
    rating: int = 0


class FeedbackQuestion(Model):
    """A question of the feedback form."""

    id: str = Field(alias="_id")
    text: str = ""


class TestimonialData(Record):
    """A testimonial about a siminar or a user."""

    __test__ = False  # not a pytest test class, whatever its name says

    id: str = Field(alias="_id")
    object_id: str = ""
    author_id: str = ""
    text: str = ""


class CouponData(Record):
    """A discount code for an item (a siminar)."""

    id: str = Field(alias="_id")
    code: str = ""
    item_id: str = ""
    discount: int = 0
    """Percent off the purchase price."""
    uses: int = 0


class CartData(Record):
    """The signed-in user's cart: one item and its price, until finalized."""

    item_id: str = ""
    title: str = ""
    price: int = 0
    coupon_code: str = ""


class Purchase(Model):
    """The outcome of finalizing a cart."""

    siminar_id: str = ""
    paid: bool = False


class ResponseData(Record):
    """A user's response to a step (a jaction document); private ones are shown to their author only."""

    id: str = Field(alias="_id")
    text: Annotated[str, Writable] = ""
    is_private: Annotated[bool, Writable] = False
    step_id: str = ""
    author_id: str = ""
    votes: int = 0
    comment_count: int = 0
    created_on: int = Field(default=0, alias="CreatedOn")


class CommentData(Record):
    """A comment on a response."""

    id: str = Field(alias="_id")
    text: Annotated[str, Writable] = ""
    response_id: str = ""
    author_id: str = ""
    created_on: int = Field(default=0, alias="CreatedOn")


class Login(Model):
    """What ``POST /authtoken`` returns; the repr masks the token."""

    authtoken: str
    user_id: str


class Document(Model):
    """A free-form document (``GET /get`` of any object, an undocumented route's reply)."""


class Price(Model):
    """The price of an item, with a coupon applied when one was given."""

    item_id: str = ""
    list_price: int = 0
    purchase_price: int = 0
    price: int = 0
    coupon_code: str = ""
