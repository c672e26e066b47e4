"""The fields of Siminars documents, shared by the sync and async records.

Each class lists the fields the API documents, with their wire names as aliases; every other field
a server sends is kept as it came (``extra="allow"``) and readable as an attribute. Fields marked
`Writable` are the ones ``save()`` sends as ``changed_data``.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Final

from pydantic import Field

from resourcekit.core.records import Model, Record, Writable
from resourcekit.siminars.wire import LAUNCHED


class StepInfo(Model):
    """A step as a siminar's ``step_dict`` embeds it (plain data, no client)."""

    id: str = Field(alias="_id")
    """The step's 24-digit id (wire name ``_id``)."""
    title: str = ""
    """The step's title."""
    description: str = ""
    """What the step covers (HTML)."""
    sequence: int = 0
    """The step's position in the siminar, from 1."""
    eta: int = 0
    """The estimated time the step takes."""
    hidden: bool = False
    """Whether the facilitator hid the step from students."""
    can_visit: bool = False
    """Whether the viewer may open the step (free steps, or a member of the siminar)."""
    curated_count: int = 0
    """How many curated items the step holds."""
    todo_count: int = 0
    """How many to-do items the step holds."""
    last_item: str = ""
    """The id of the step's latest item, or empty."""
    visited_on: int | bool = False
    """When the viewer marked the step done (epoch milliseconds), or ``False`` if not yet."""


class SiminarData(Record):
    """A siminar: a course made of ordered steps, taught by instructors to students."""

    id: Final[str] = Field(alias="_id")
    """The siminar's 24-digit id (wire name ``_id``)."""
    title: Annotated[str, Writable] = ""
    """The siminar's title."""
    subtitle: Annotated[str, Writable] = ""
    """A line shown under the title."""
    description: Annotated[str, Writable] = ""
    """The siminar's description (HTML)."""
    banner_url: Annotated[str, Writable] = ""
    """URL of the banner image."""
    logo_url: Annotated[str, Writable] = ""
    """URL of the logo image."""
    layout: Annotated[str, Writable] = ""
    """The page layout, for example ``two_column``."""
    style: Annotated[str, Writable] = ""
    """The presentation style, for example ``step``."""
    siminar_type: Final[str] = ""
    """The kind of siminar, for example ``retail``."""
    status: Annotated[int, Writable] = 0
    """The lifecycle status: 12 (`LAUNCHED`) once launched, anything else while unlaunched."""
    is_paid: Annotated[bool, Writable] = False
    """Whether joining requires buying the siminar through the cart."""
    is_listed: Annotated[bool, Writable] = False
    """Whether the siminar is listed publicly."""
    is_closed: Annotated[bool, Writable] = False
    """Whether the siminar is closed to new members."""
    is_participation_moderated: Annotated[bool, Writable] = False
    """Whether new students wait for a facilitator's approval."""
    free_steps: Annotated[int, Writable] = 0
    """How many leading steps anyone may open without joining."""
    list_price: Annotated[int, Writable] = 0
    """The advertised price."""
    purchase_price: Annotated[int, Writable] = 0
    """The price actually charged (before any coupon)."""
    admin_id: Final[str] = ""
    """The id of the user who administers the siminar."""
    author_id: Final[str] = ""
    """The id of the user who wrote the siminar."""
    plan_id: Final[str] = ""
    """The id of the plan the siminar belongs to."""
    steps_num: Final[int] = 0
    """How many steps the siminar has."""
    created_on: Final[int] = Field(default=0, alias="CreatedOn")
    """When the siminar was created, epoch milliseconds (wire name ``CreatedOn``)."""
    deleted: Final[bool] = False
    """Whether the siminar was deleted."""
    author: Final[Any] = None
    """The author's profile when the server embeds it, else ``None``."""
    testimonial: Final[Any] = None
    """A featured testimonial when the server embeds one, else ``None``."""
    instructors: Final[list[str]] = Field(default_factory=list[str])
    """The ids of the siminar's instructors."""
    step_ids: Final[list[str]] = Field(default_factory=list[str], alias="steps")
    """The ids of the steps, in order (wire name ``steps``)."""
    bundle_ids: Final[list[str]] = Field(default_factory=list[str])
    """The ids of the bundles that include the siminar."""
    session_ids: Final[list[str]] = Field(default_factory=list[str])
    """The ids of the siminar's sessions."""
    students: Final[dict[str, int]] = Field(default_factory=dict[str, int])
    """The approved students: user id -> when they joined (epoch milliseconds)."""
    students_pending: Final[dict[str, int]] = Field(default_factory=dict[str, int])
    """Students waiting for approval, user id -> when they asked (shown to facilitators only)."""
    done: Final[dict[str, dict[str, int]]] = Field(default_factory=dict[str, dict[str, int]])
    """Progress per student: user id -> {step id -> when it was marked done (epoch milliseconds)}."""
    step_dict: Final[dict[str, StepInfo]] = Field(default_factory=dict[str, StepInfo])
    """The embedded steps by id, as the viewer sees them (see `outline()`)."""
    user_is_instructor: Final[bool] = False
    """Whether the viewer is an instructor of the siminar."""
    user_is_student: Final[bool] = False
    """Whether the viewer is an approved student."""
    user_is_nobody: Final[bool] = False
    """Whether the viewer is neither instructor, student nor pending student."""
    user_is_unapproved: Final[bool] = False
    """Whether the viewer asked to join and waits for approval."""
    user_needs_signup: Final[bool] = False
    """Whether the viewer is anonymous (no authtoken)."""

    @property
    def is_launched(self) -> bool:
        """Whether the siminar is launched (``status`` is 12); no request."""
        return self.status == LAUNCHED

    def outline(self) -> list[StepInfo]:
        """The embedded steps in their order, from ``step_dict`` (no request; `steps()` fetches them)."""
        known = [self.step_dict[step_id] for step_id in self.step_ids if step_id in self.step_dict]
        return known or sorted(self.step_dict.values(), key=lambda step: step.sequence)


class StepData(Record):
    """One step of a siminar."""

    id: Final[str] = Field(alias="_id")
    """The step's 24-digit id (wire name ``_id``)."""
    title: Annotated[str, Writable] = ""
    """The step's title."""
    description: Annotated[str, Writable] = ""
    """What the step covers (HTML)."""
    eta: Annotated[int, Writable] = 0
    """The estimated time the step takes."""
    hidden: Annotated[bool, Writable] = False
    """Whether the facilitator hid the step from students."""
    sequence: Final[int] = 0
    """The step's position in the siminar, from 1."""
    siminar_id: Final[str] = ""
    """The id of the siminar the step belongs to."""
    can_visit: Final[bool] = False
    """Whether the viewer may open the step (free steps, or a member of the siminar)."""
    curated_count: Final[int] = 0
    """How many curated items the step holds."""
    todo_count: Final[int] = 0
    """How many to-do items the step holds."""
    last_item: Final[str] = ""
    """The id of the step's latest item, or empty."""
    visited_on: Final[int | bool] = False
    """When the viewer marked the step done (epoch milliseconds), or ``False`` if not yet."""


class UserData(Record):
    """A user as other users see them (``relation`` says how they relate to the viewer)."""

    id: Final[str] = Field(alias="_id")
    """The user's 24-digit id (wire name ``_id``)."""
    display_name: Annotated[str, Writable] = ""
    """The name shown to other users."""
    timezone: Annotated[str, Writable] = ""
    """The user's time zone name."""
    email: Final[str] = ""
    """The user's email address (the login name, case-insensitive)."""
    is_validated: Final[bool] = False
    """Whether the user confirmed their email address."""
    relation: Final[str] = ""
    """How the user relates to the viewer (``instructor``, ``student``, ``classmate``), in relation lists."""
    socket_url: Final[str] = ""
    """The URL of the user's live-notification socket."""


class UnreadFeedEntry(Model):
    """An object with unread entries in the signed-in user's feed (``Me.unread_feed``)."""

    id: str = Field(alias="_id")
    """The id of the object the entries are about (wire name ``_id``)."""
    count: int = 0
    """How many entries are unread."""


class MyRoles(Model):
    """The ids of the signed-in user's siminars, by role (``Me.roles``)."""

    siminars: list[str] = Field(default_factory=list[str])
    """Every siminar the user facilitates, will launch or takes part in."""
    participating: list[str] = Field(default_factory=list[str])
    """Siminars the user is a student of."""
    facilitating: list[str] = Field(default_factory=list[str])
    """Launched siminars the user facilitates."""
    unlaunched: list[str] = Field(default_factory=list[str])
    """Siminars the user facilitates that are not launched yet."""


class BundleSummary(Model):
    """A bundle as ``Me.bundles.bundles_dict`` embeds it: its id and title."""

    id: str = Field(alias="_id")
    """The bundle's 24-digit id (wire name ``_id``)."""
    title: str = ""
    """The bundle's title."""


class MyBundles(Model):
    """The signed-in user's bundles, by role (``Me.bundles``)."""

    bundles_dict: dict[str, BundleSummary] = Field(default_factory=dict[str, BundleSummary])
    """Every bundle the user can see, by id."""
    facilitating: list[str] = Field(default_factory=list[str])
    """Bundles the user is an instructor of."""
    participating: list[str] = Field(default_factory=list[str])
    """Bundles the user is a student of."""
    unlaunched: list[str] = Field(default_factory=list[str])
    """Bundles the user facilitates that are not launched yet."""


class MeData(UserData):
    """The signed-in user (``GET /authtoken``), with unread counters, bundles and roles."""

    unread_forum: Final[dict[str, int]] = Field(default_factory=dict[str, int])
    """Unread forum posts per siminar: siminar id -> count."""
    unread_feed: Final[list[UnreadFeedEntry]] = Field(default_factory=list[UnreadFeedEntry])
    """Objects with unread feed entries, each with its count."""
    bundles: Final[MyBundles] = Field(default_factory=MyBundles)
    """The user's bundles, by role."""
    roles: Final[MyRoles] = Field(default_factory=MyRoles)
    """The ids of the user's siminars, by role."""


class BundleData(Record):
    """A bundle of siminars within a plan, sold and run as series of sessions."""

    id: Final[str] = Field(alias="_id")
    """The bundle's 24-digit id (wire name ``_id``)."""
    title: Annotated[str, Writable] = ""
    """The bundle's title."""
    description: Annotated[str, Writable] = ""
    """What the bundle offers."""
    plan_id: Final[str] = ""
    """The id of the plan the bundle belongs to."""
    siminar_ids: Final[list[str]] = Field(default_factory=list[str])
    """The ids of the siminars in the bundle."""
    session_ids: Final[list[str]] = Field(default_factory=list[str])
    """The ids of the sessions of the bundle's series."""


class PlanData(Record):
    """A plan: the facilitator's container of siminars and bundles."""

    id: Final[str] = Field(alias="_id")
    """The plan's 24-digit id (wire name ``_id``)."""
    title: Annotated[str, Writable] = ""
    """The plan's title."""
    author_id: Final[str] = ""
    """The id of the facilitator who owns the plan."""
    plan_type: Final[str] = ""
    """The kind of plan, for example ``open``."""
    bundle_ids: Final[list[str]] = Field(default_factory=list[str])
    """The ids of the plan's bundles."""
    siminar_ids: Final[list[str]] = Field(default_factory=list[str])
    """The ids of the plan's siminars."""


class SessionData(Record):
    """A session of a bundle's series."""

    id: Final[str] = Field(alias="_id")
    """The session's 24-digit id (wire name ``_id``)."""
    title: Annotated[str, Writable] = ""
    """The session's title."""
    starts_on: Annotated[int, Writable] = 0
    """When the session starts, epoch milliseconds."""
    ends_on: Annotated[int, Writable] = 0
    """When the session ends, epoch milliseconds."""
    bundle_id: Final[str] = ""
    """The id of the bundle whose series holds the session."""


class AssetData(Record):
    """A file (photo, video, document) owned by a user or a siminar."""

    id: Final[str] = Field(alias="_id")
    """The asset's 24-digit id (wire name ``_id``)."""
    title: Annotated[str, Writable] = ""
    """The asset's title."""
    owner_id: Final[str] = ""
    """The id of the user or siminar that owns the file."""
    url: Final[str] = ""
    """Where the file is stored (``http://`` or ``https://``)."""
    kind: Final[str] = ""
    """The kind of file (``file``, ``photo``, ``video``...)."""


class Notification(Model):
    """One notification of the signed-in user."""

    id: str = Field(alias="_id")
    """The notification's id (wire name ``_id``)."""
    text: str = ""
    """What happened, as a sentence."""
    object_id: str = ""
    """The id of the object the notification is about."""
    read: bool = False
    """Whether the user marked it read."""
    created_on: int = Field(default=0, alias="CreatedOn")
    """When it was made, epoch milliseconds (wire name ``CreatedOn``)."""


class FeedbackData(Record):
    """Feedback a user left on an object."""

    id: Final[str] = Field(alias="_id")
    """The feedback's 24-digit id (wire name ``_id``)."""
    object_id: Final[str] = ""
    """The id of the object the feedback is about."""
    user_id: Final[str] = ""
    """The id of the user who left it."""
    text: Final[str] = ""
    """The feedback's text."""
    rating: Final[int] = 0
    """The rating, 1 to 5."""


class FeedbackQuestion(Model):
    """A question of the feedback form."""

    id: str = Field(alias="_id")
    """The question's id (wire name ``_id``)."""
    text: str = ""
    """The question as asked."""


class TestimonialData(Record):
    """A testimonial about a siminar or a user."""

    __test__: ClassVar[bool] = False  # not a pytest test class, whatever its name says

    id: Final[str] = Field(alias="_id")
    """The testimonial's 24-digit id (wire name ``_id``)."""
    object_id: Final[str] = ""
    """The id of the siminar or user it is about."""
    author_id: Final[str] = ""
    """The id of the user who wrote it."""
    text: Final[str] = ""
    """The testimonial's text."""


class CouponData(Record):
    """A discount code for an item (a siminar)."""

    id: Final[str] = Field(alias="_id")
    """The coupon's 24-digit id (wire name ``_id``)."""
    code: Final[str] = ""
    """The code a buyer enters."""
    item_id: Final[str] = ""
    """The id of the siminar the coupon applies to."""
    discount: Final[int] = 0
    """Percent off the purchase price, 1 to 100."""
    uses: Final[int] = 0
    """How many purchases used the coupon."""


class CartData(Record):
    """The signed-in user's cart: one item and its price, until finalized."""

    item_id: Final[str] = ""
    """The id of the siminar in the cart, or empty."""
    title: Final[str] = ""
    """The title of the item in the cart."""
    price: Final[int] = 0
    """What finalizing will charge, coupon applied."""
    coupon_code: Final[str] = ""
    """The coupon applied to the item, or empty."""


class Purchase(Model):
    """The outcome of finalizing a cart."""

    siminar_id: str = ""
    """The id of the siminar bought."""
    paid: bool = False
    """Whether the payment went through (the buyer is then a student)."""


class ResponseData(Record):
    """A user's response to a step (a jaction document); private ones are shown to their author only."""

    id: Final[str] = Field(alias="_id")
    """The response's 24-digit id (wire name ``_id``)."""
    text: Annotated[str, Writable] = ""
    """The response's text."""
    is_private: Annotated[bool, Writable] = False
    """Whether only its author may see it."""
    step_id: Final[str] = ""
    """The id of the step it responds to."""
    author_id: Final[str] = ""
    """The id of the user who wrote it."""
    votes: Final[int] = 0
    """The sum of its up (+1) and down (-1) votes."""
    comment_count: Final[int] = 0
    """How many comments it has."""
    created_on: Final[int] = Field(default=0, alias="CreatedOn")
    """When it was written, epoch milliseconds (wire name ``CreatedOn``)."""


class CommentData(Record):
    """A comment on a response."""

    id: Final[str] = Field(alias="_id")
    """The comment's 24-digit id (wire name ``_id``)."""
    text: Annotated[str, Writable] = ""
    """The comment's text."""
    response_id: Final[str] = ""
    """The id of the response it comments on."""
    author_id: Final[str] = ""
    """The id of the user who wrote it."""
    created_on: Final[int] = Field(default=0, alias="CreatedOn")
    """When it was written, epoch milliseconds (wire name ``CreatedOn``)."""


class Login(Model):
    """What ``POST /authtoken`` returns; the repr masks the token."""

    authtoken: str
    """The user's token (a secret; masked in the repr); valid for 6 months."""
    user_id: str
    """The id of the user who signed in."""


class Document(Model):
    """A free-form document (``GET /get`` of any object, an undocumented route's reply)."""


class Price(Model):
    """The price of an item, with a coupon applied when one was given."""

    item_id: str = ""
    """The id of the priced item (a siminar)."""
    list_price: int = 0
    """The advertised price."""
    purchase_price: int = 0
    """The price before any coupon."""
    price: int = 0
    """What the buyer pays, coupon applied."""
    coupon_code: str = ""
    """The coupon applied, or empty."""
