"""The Siminars emulator's in-memory state and its deterministic seed.

The seed holds the siminar of the API document (its five steps, its instructors and prices), the
facilitator who wrote it, a co-instructor, students with known passwords, a plan with bundles and
sessions, a coupon, a testimonial, responses and notifications. Ids have the documented shape: a
13-digit epoch-ms timestamp, 6 digits, then the 5-digit suffix of the object's type.
"""

from __future__ import annotations

import copy
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

from resourcekit.sandbox.base import SandboxSettings, SideEffects

APITOKEN = "2"
"""The apitoken the emulator accepts (the documented DEBUG token)."""

LAUNCHED = 12

SUFFIXES = {
    "user": "63702",
    "siminar": "18098",
    "step": "54962",
    "plan": "35425",
    "bundle": "47020",
    "authtoken": "55057",
    "asset": "69305",
    # Not documented; chosen for the emulator.
    "session": "21804",
    "feedback": "40817",
    "testimonial": "77311",
    "coupon": "90214",
    "response": "12933",
    "comment": "66458",
    "notification": "58190",
}

FACILITATOR_ID = "133071947969939498163702"
CO_INSTRUCTOR_ID = "132985648455586944663702"
SEED_SIMINAR_ID = "134936656289522642318098"
SEED_PLAN_ID = "136798989944706737735425"

FACILITATOR_EMAIL = "facilitator@siminars.test"
FACILITATOR_PASSWORD = "tasks-and-queues"
CO_INSTRUCTOR_EMAIL = "coinstructor@siminars.test"
CO_INSTRUCTOR_PASSWORD = "second-voice"
THIRD_PARTY_SERVICES = ("facebook", "google", "linkedin")
# The access tokens the facilitator's seeded Facebook, Google and LinkedIn accounts sign in with.
FACILITATOR_ACCESS_TOKENS = {service: f"sandbox-{service}-access-token" for service in THIRD_PARTY_SERVICES}

SEED_STEPS: list[tuple[str, int, str, str]] = [
    (
        "134936656326335937354962",
        2,
        "Choosing & Setting-Up the right Database",
        "Why did we chose Mongo over Other Databases ?",
    ),
    (
        "134937296241062751654962",
        1,
        "Introduction to the Task Server",
        "Components and Resources behind the Task Server, explained.",
    ),
    ("134943845527824879854962", 3, "Explaining the Codes", "Detailed Snippets of the Code."),
    ("134946526481315149154962", 5, "ToDo", "Proposed enhancements"),
    (
        "134963289888335063154962",
        4,
        "Extras: Goodies implemented using the back stack.",
        "The system exposes TasksCleanup & RecurringTasks, both of which have been implemented using the base "
        "architecture.",
    ),
]

SEED_DESCRIPTION = (
    "<p>We at <strong>siminars.com</strong> follow a lot of asynchronous code. Every time we process a request, "
    "not everything deserves to be executed in the same Request. Such <strong>Tasks</strong> need to be offloaded "
    "to a Queue where they can be executed as and when resources are available.</p>"
    "<p>When we look closely such tasks exist in abundance, Video Processing, Regenerate Popularity Weights, "
    "Deleting Dependancy Content ( Virtual Fkeys for NoSQL Databases).</p>"
    "<p>The Latency in execution of Such tasks is directly proportional to the Number of Workers processing them. "
    "There are a bunch of challenges involved in getting this production ready. Signup &amp; let's find out ...</p>"
)

TOPICS = [
    ("Realtime Chat with Tornado", "Websockets from scratch"),
    ("Search with Elasticsearch", "Index, query, rank"),
    ("Caching Patterns with Redis", "Fast reads, fresh data"),
    ("Deploying with Fabric", "Repeatable releases"),
    ("Testing Async Python", "Deterministic tests for event loops"),
    ("Data Modelling in MongoDB", "Documents that fit the reads"),
]

FEEDBACK_QUESTIONS = [
    {"_id": "q1", "text": "How useful was this siminar?"},
    {"_id": "q2", "text": "How clear were the steps?"},
    {"_id": "q3", "text": "Would you recommend it to a friend?"},
]

EDITABLE_SIMINAR_FIELDS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "subtitle": str,
    "description": str,
    "banner_url": str,
    "logo_url": str,
    "layout": str,
    "style": str,
    "status": int,
    "is_paid": bool,
    "is_listed": bool,
    "is_closed": bool,
    "is_participation_moderated": bool,
    "free_steps": int,
    "list_price": int,
    "purchase_price": int,
}


def password_digest(email: str, password: str) -> str:
    return hashlib.md5((email.lower() + password).encode("utf-8"), usedforsecurity=False).hexdigest()


def student_email(number: int) -> str:
    return f"student{number}@siminars.test"


def student_password(number: int) -> str:
    return f"student{number}-pass"


@dataclass
class SiminarsState:
    """Every document the emulator holds, by kind and id."""

    settings: SandboxSettings
    side_effects: SideEffects
    clock: int = 1384000000000
    rng: random.Random = field(default_factory=random.Random)
    users: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    digests: dict[str, tuple[str, str]] = field(default_factory=dict[str, tuple[str, str]])
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    siminars: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    steps: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    plans: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    bundles: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    assets: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    feedback: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    testimonials: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    coupons: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    responses: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    comments: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    notifications: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    carts: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    # (service, access token) -> the user whose third-party account it is
    identities: dict[tuple[str, str], str] = field(default_factory=dict[tuple[str, str], str])

    # -- ids and time ---------------------------------------------------------------------

    def now(self) -> int:
        self.clock += 1317
        return self.clock

    def new_id(self, kind: str) -> str:
        return f"{self.now():013d}{self.rng.randrange(10**6):06d}{SUFFIXES[kind]}"

    def collection(self, kind: str) -> dict[str, dict[str, Any]]:
        return {
            "user": self.users,
            "siminar": self.siminars,
            "step": self.steps,
            "plan": self.plans,
            "bundle": self.bundles,
            "session": self.sessions,
            "asset": self.assets,
            "feedback": self.feedback,
            "testimonial": self.testimonials,
            "coupon": self.coupons,
            "response": self.responses,
            "comment": self.comments,
            "notification": self.notifications,
        }[kind]

    def find(self, object_id: str) -> tuple[str, dict[str, Any]] | None:
        """The kind and document of any live object id."""
        for kind, suffix in SUFFIXES.items():
            if object_id.endswith(suffix) and kind != "authtoken":
                document = self.collection(kind).get(object_id)
                if document is not None and not document.get("deleted"):
                    return kind, document
        return None

    # -- building documents ---------------------------------------------------------------

    def add_user(
        self, email: str, password: str, display_name: str, user_id: str | None = None, *, digest: str | None = None
    ) -> dict[str, Any]:
        user_id = user_id or self.new_id("user")
        user: dict[str, Any] = {
            "_id": user_id,
            "display_name": display_name,
            "email": email,
            "is_validated": True,
            "relation": "",
            "socket_url": f"ws://localhost/socket/{user_id}",
            "timezone": "Asia/Kolkata",
            "program_owner_id": "",
            "CreatedOn": self.now(),
        }
        self.users[user_id] = user
        self.digests[email.lower()] = (user_id, digest or password_digest(email, password))
        self.notify(user_id, f"Welcome to Siminars, {display_name}!", user_id)
        return user

    def notify(self, user_id: str, text: str, object_id: str) -> None:
        notification_id = self.new_id("notification")
        self.notifications[notification_id] = {
            "_id": notification_id,
            "user_id": user_id,
            "text": text,
            "object_id": object_id,
            "read": False,
            "CreatedOn": self.now(),
        }

    def add_plan(self, author_id: str, title: str, plan_id: str | None = None) -> dict[str, Any]:
        plan_id = plan_id or self.new_id("plan")
        plan: dict[str, Any] = {
            "_id": plan_id,
            "title": title,
            "author_id": author_id,
            "plan_type": "open",
            "bundle_ids": [],
            "siminar_ids": [],
            "CreatedOn": self.now(),
        }
        self.plans[plan_id] = plan
        return plan

    def plan_of(self, user_id: str) -> dict[str, Any]:
        for plan in self.plans.values():
            if plan["author_id"] == user_id:
                return plan
        return self.add_plan(user_id, f"{self.users[user_id]['display_name']}'s plan")

    def add_siminar(self, author_id: str, title: str, **fields: Any) -> dict[str, Any]:
        siminar_id = fields.pop("_id", None) or self.new_id("siminar")
        plan = self.plan_of(author_id)
        siminar: dict[str, Any] = {
            "CreatedBy": "",
            "CreatedOn": self.now(),
            "ModifiedBy": "",
            "ModifiedOn": 0,
            "SiminarId": "",
            "_id": siminar_id,
            "admin_id": author_id,
            "allow_unverified_comments": False,
            "author": None,
            "author_id": author_id,
            "banner_url": "",
            "blurb": "",
            "bundle_ids": [],
            "deleted": False,
            "description": "",
            "done": {},
            "enforce_sequence": "",
            "featured_book": [],
            "free_steps": 0,
            "has_completed": False,
            "has_started": False,
            "hidden_step_dict": {},
            "instructors": [author_id],
            "instructors_pending": {},
            "invisible_instructors": [],
            "is_closed": False,
            "is_listed": False,
            "is_paid": False,
            "is_participation_moderated": False,
            "is_pro": False,
            "is_shared": False,
            "is_verified": False,
            "keep_access": "",
            "layout": "two_column",
            "list_price": 0,
            "locked_to_context": "",
            "logo_url": "",
            "marketing_facilitator": 0,
            "marketing_featured_book": 0,
            "oldest_step": 0,
            "oldest_step_id": "",
            "plan_author_id": plan["author_id"],
            "plan_id": plan["_id"],
            "promotional_video_asset_id": "",
            "purchase_price": 0,
            "role": True,
            "session_ids": [],
            "show_outline": False,
            "show_title_over_banner": False,
            "siminar_ids": None,
            "siminar_type": "retail",
            "status": 0,
            "steps": [],
            "steps_num": 0,
            "students": {},
            "students_pending": {},
            "style": "step",
            "subtitle": "",
            "testimonial": None,
            "title": title,
            "visited_by": {},
        }
        siminar.update(fields)
        self.siminars[siminar_id] = siminar
        plan["siminar_ids"].append(siminar_id)
        return siminar

    def add_step(
        self, siminar: dict[str, Any], title: str, description: str = "", *, step_id: str | None = None, eta: int = 0
    ) -> dict[str, Any]:
        step_id = step_id or self.new_id("step")
        step: dict[str, Any] = {
            "_id": step_id,
            "siminar_id": siminar["_id"],
            "title": title,
            "description": description,
            "sequence": len(siminar["steps"]) + 1,
            "eta": eta,
            "hidden": False,
            "can_visit": True,
            "curated_count": 0,
            "todo_count": 0,
            "last_item": "",
            "visited_on": False,
        }
        self.steps[step_id] = step
        siminar["steps"].append(step_id)
        siminar["steps_num"] = len(siminar["steps"])
        return step

    def resequence(self, siminar: dict[str, Any]) -> None:
        for number, step_id in enumerate(siminar["steps"], start=1):
            self.steps[step_id]["sequence"] = number
        siminar["steps_num"] = len(siminar["steps"])

    def add_bundle(self, plan: dict[str, Any], title: str, description: str = "") -> dict[str, Any]:
        bundle_id = self.new_id("bundle")
        bundle: dict[str, Any] = {
            "_id": bundle_id,
            "title": title,
            "description": description,
            "plan_id": plan["_id"],
            "siminar_ids": [],
            "session_ids": [],
            "instructors": [plan["author_id"]],
            "instructors_pending": {},
            "students": {},
            "students_pending": {},
            "CreatedOn": self.now(),
        }
        self.bundles[bundle_id] = bundle
        plan["bundle_ids"].append(bundle_id)
        return bundle

    def add_session(self, bundle: dict[str, Any], title: str, starts_on: int, ends_on: int) -> dict[str, Any]:
        session_id = self.new_id("session")
        session: dict[str, Any] = {
            "_id": session_id,
            "title": title,
            "bundle_id": bundle["_id"],
            "starts_on": starts_on,
            "ends_on": ends_on,
            "instructors": list(bundle["instructors"]),
            "instructors_pending": {},
            "students": {},
            "students_pending": {},
            "CreatedOn": self.now(),
        }
        self.sessions[session_id] = session
        bundle["session_ids"].append(session_id)
        return session

    def add_asset(self, owner_id: str, title: str, url: str, kind: str) -> dict[str, Any]:
        asset_id = self.new_id("asset")
        asset: dict[str, Any] = {
            "_id": asset_id,
            "owner_id": owner_id,
            "title": title,
            "url": url,
            "kind": kind,
            "CreatedOn": self.now(),
        }
        self.assets[asset_id] = asset
        return asset

    def add_response(self, step_id: str, author_id: str, text: str, *, is_private: bool = False) -> dict[str, Any]:
        response_id = self.new_id("response")
        response: dict[str, Any] = {
            "_id": response_id,
            "step_id": step_id,
            "author_id": author_id,
            "text": text,
            "is_private": is_private,
            "votes": 0,
            "voters": [],
            "comment_count": 0,
            "CreatedOn": self.now(),
        }
        self.responses[response_id] = response
        return response

    def add_comment(self, response: dict[str, Any], author_id: str, text: str) -> dict[str, Any]:
        comment_id = self.new_id("comment")
        comment: dict[str, Any] = {
            "_id": comment_id,
            "response_id": response["_id"],
            "author_id": author_id,
            "text": text,
            "CreatedOn": self.now(),
        }
        self.comments[comment_id] = comment
        response["comment_count"] += 1
        return comment

    def add_token(self, user_id: str) -> str:
        token = f"{self.settings.token_prefix}{self.rng.getrandbits(128):032x}"
        self.tokens[token] = {"_id": self.new_id("authtoken"), "user_id": user_id, "created_on": self.clock}
        return token


def seed_state(settings: SandboxSettings, side_effects: SideEffects) -> SiminarsState:
    """A fresh state; the same settings always give the same documents and ids."""
    state = SiminarsState(settings=settings, side_effects=side_effects, rng=random.Random(settings.seed))
    size = max(settings.seed_size, 1)
    facilitator = state.add_user(
        FACILITATOR_EMAIL, settings.credential("password", FACILITATOR_PASSWORD), "Task Master", FACILITATOR_ID
    )
    state.add_user(CO_INSTRUCTOR_EMAIL, CO_INSTRUCTOR_PASSWORD, "Queue Whisperer", CO_INSTRUCTOR_ID)
    for service, token in FACILITATOR_ACCESS_TOKENS.items():
        state.identities[service, settings.credential(f"{service}_access_token", token)] = facilitator["_id"]
    students = [
        state.add_user(student_email(number), student_password(number), f"Student {number}")
        for number in range(1, size + 1)
    ]
    for student in students:
        student["program_owner_id"] = FACILITATOR_ID
    state.add_plan(FACILITATOR_ID, "Backend Engineering", SEED_PLAN_ID)

    seed = state.add_siminar(
        FACILITATOR_ID,
        "Build a High Capacity Task Processor with MongoDB",
        _id=SEED_SIMINAR_ID,
        CreatedOn=0,
        subtitle="Concurrent Task Processor",
        description=SEED_DESCRIPTION,
        banner_url="http://test.simversity.com.s3.amazonaws.com/photo/138143727483366379669305.png",
        logo_url="http://test.simversity.com.s3.amazonaws.com:80/thumbnail%2F133071947969939498163702_1349373899_"
        "1082-mongodb-sq-png-200x200.png",
        featured_book=["136876039914810979336852"],
        free_steps=3,
        invisible_instructors=[CO_INSTRUCTOR_ID],
        is_listed=True,
        is_paid=True,
        is_pro=True,
        is_shared=True,
        list_price=20,
        purchase_price=12,
        status=LAUNCHED,
    )
    for step_id, sequence, title, description in sorted(SEED_STEPS, key=lambda step: step[1]):
        state.add_step(seed, title, description, step_id=step_id)
        assert state.steps[step_id]["sequence"] == sequence
    seed["students"][students[0]["_id"]] = state.now()

    generated: list[dict[str, Any]] = [seed]
    for number in range(1, size):
        title, subtitle = TOPICS[(number - 1) % len(TOPICS)]
        if number > len(TOPICS):
            title = f"{title} ({number // len(TOPICS) + 1})"
        siminar = state.add_siminar(
            FACILITATOR_ID,
            title,
            subtitle=subtitle,
            description=f"<p>{subtitle}.</p>",
            is_listed=True,
            status=LAUNCHED if number % 3 != 0 else 0,
        )
        for part in range(1, 4):
            state.add_step(siminar, f"{title}: part {part}", f"Part {part} of {title}.", eta=15 * part)
        generated.append(siminar)

    plan = state.plans[SEED_PLAN_ID]
    for number in range(1, max(size // 2, 1) + 1):
        bundle = state.add_bundle(plan, f"Backend Track {number}", "Siminars that build on each other.")
        for siminar in generated[number - 1 : number + 1]:
            bundle["siminar_ids"].append(siminar["_id"])
            siminar["bundle_ids"].append(bundle["_id"])
        for part in (1, 2):
            starts_on = 1385000000000 + (number * 10 + part) * 86_400_000
            state.add_session(bundle, f"Backend Track {number}, cohort {part}", starts_on, starts_on + 30 * 86_400_000)

    state.add_asset(FACILITATOR_ID, "MongoDB logo", "https://assets.example.invalid/photo/mongodb-logo.png", "photo")
    state.add_asset(SEED_SIMINAR_ID, "Task server banner", seed["banner_url"], "photo")
    coupon_id = state.new_id("coupon")
    state.coupons[coupon_id] = {
        "_id": coupon_id,
        "code": "MONGO50",
        "item_id": SEED_SIMINAR_ID,
        "discount": 50,
        "uses": 0,
        "author_id": FACILITATOR_ID,
    }
    testimonial_id = state.new_id("testimonial")
    state.testimonials[testimonial_id] = {
        "_id": testimonial_id,
        "object_id": SEED_SIMINAR_ID,
        "author_id": students[0]["_id"],
        "text": "The queue design finally clicked for me.",
        "CreatedOn": state.now(),
    }
    first_step = seed["steps"][0]
    public = state.add_response(first_step, students[0]["_id"], "A worker pool with a capped queue.")
    state.add_response(first_step, students[0]["_id"], "Note to self: read about tailable cursors.", is_private=True)
    state.add_comment(public, FACILITATOR_ID, "Good start; what happens when a worker dies?")
    state.notify(FACILITATOR_ID, f"{students[0]['display_name']} joined your siminar", SEED_SIMINAR_ID)
    del facilitator
    return state


def public_user(user: dict[str, Any], relation: str = "") -> dict[str, Any]:
    """A user as other users see them."""
    shown = {key: value for key, value in user.items() if key not in ("program_owner_id",)}
    shown["relation"] = relation
    return copy.deepcopy(shown)
