"""The emulator's plumbing: refusals, the view of one call, access rules and shared member rules."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn, cast

from resourcekit.sandbox.siminars.state import (
    LAUNCHED,
    SiminarsState,
    public_user,
)

# What ``GET /urls`` answers: the documented route names and path templates.
URLS: dict[str, str] = {
    "agora_delete": "/delete",
    "agora_get": "/get",
    "all_bundles": "/jack/bundles",
    "asset": "/asset/%(asset_id)s",
    "associate": "/connect/%(service)s",
    "authtoken": "/authtoken",
    "bundle": "/bundle/%(bundle_id)s",
    "bundle_siminars": "/bundle/%(bundle_id)s/bundle_siminars",
    "bundle_users": "/bundle/%(bundle_id)s/%(role)s",
    "bundles": "/bundles/%(plan_id)s",
    "cart": "/account/cart",
    "cname": "/custom/cname",
    "coupon": "/coupon",
    "custom_url": "/custom/urls/%(url_id)s",
    "custom_urls": "/custom/urls",
    "feedback": "/feedback",
    "feedback_questions": "/feedback/questions",
    "feeds": "/feed",
    "invalidate": "/invalidate",
    "jaction": "/%(handle)s/%(object_id)s",
    "jontent": "/jack/jontent/%(jontent_id)s",
    "jontents": "/jack/jontents",
    "notify": "/notify",
    "one_time_token": "/one-time-token",
    "owner_assets": "/owner/%(owner_id)s/assets",
    "payment_accounts": "/account/payment",
    "payout_accounts": "/account/payout",
    "per_program_user": "/user/%(user_id)s",
    "plan": "/plan/%(plan_id)s",
    "plan_manager": "/plan/manager",
    "plan_templates": "/plan/templates",
    "pricing": "/price",
    "probable_siminars": "/bundle/%(bundle_id)s/probable_siminars",
    "program_user": "/user",
    "quizresult": "/quizresult/%(object_id)s",
    "relations": "/relation/%(user_id)s",
    "session": "/session/%(session_id)s",
    "session_users": "/session/%(session_id)s/%(role)s",
    "sessions": "/series/%(bundle_id)s/sessions",
    "siminar": "/jack/siminar/%(siminar_id)s",
    "siminar_users": "/siminar/%(siminar_id)s/%(role)s",
    "siminars": "/jack/siminars",
    "step": "/jack/step/%(step_id)s",
    "steps": "/jack/siminar/%(siminar_id)s/steps",
    "suggestions": "/suggestions",
    "testimonials": "/testimonial/%(object_id)s",
    "ticker": "/ticker",
    "transfer": "/plan/transfer",
    "urls": "/urls",
    "user_notifications": "/account/notifications",
}

MESSAGES = {
    200: "",
    201: "",
    401: "Login Required.",
    402: "Payment Required.",
    403: "Access Denied.",
    404: "Not Found.",
    405: "Not Allowed.",
    409: "Conflict.",
    412: "Invalid Parameter.",
    500: "Internal Error.",
}

ROLES = ("students", "instructors")


class Refusal(Exception):
    """An error reply: the status and the reason shown to the client."""

    def __init__(self, status: int, message: str = "") -> None:
        super().__init__(message)
        self.status: int = status
        self.message: str = message or MESSAGES.get(status, "")


def refuse(status: int, message: str = "") -> NoReturn:
    raise Refusal(status, message)


@dataclass
class Call:
    """One request as the handlers see it."""

    state: SiminarsState
    method: str
    data: dict[str, Any]
    params: dict[str, str]
    user_id: str | None

    def login(self) -> str:
        if self.user_id is None:
            refuse(401, "Login Required: send a valid authtoken.")
        return self.user_id

    def text(self, name: str, *, required: bool = True, default: str = "") -> str:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                refuse(412, f"Missing parameter: {name}.")
            return default
        if not isinstance(value, str | int) or isinstance(value, bool):
            refuse(412, f"Invalid parameter: {name}.")
        return str(value)

    def number(self, name: str, *, default: int | None = None) -> int:
        value = self.data.get(name, default)
        if isinstance(value, str) and value.lstrip("-").isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            refuse(412, f"Invalid parameter: {name}.")
        return value

    def changed_data(self) -> dict[str, Any]:
        changed = self.data.get("changed_data")
        if isinstance(changed, str):
            try:
                changed = json.loads(changed)
            except ValueError:
                refuse(412, "Invalid parameter: changed_data.")
        if not isinstance(changed, dict) or not changed:
            refuse(412, "Missing parameter: changed_data.")
        return cast("dict[str, Any]", changed)


Reply = tuple[int, dict[str, Any]]
Handler = Callable[[Call], dict[str, Any] | Reply]


# -- helpers --------------------------------------------------------------------------------


def created(object_id: str) -> Reply:
    return 201, {"created": object_id}


def live(collection: dict[str, dict[str, Any]], object_id: str, what: str) -> dict[str, Any]:
    document = collection.get(object_id)
    if document is None or document.get("deleted"):
        refuse(404, f"{what} not found.")
    return document


def apply_changes(
    document: dict[str, Any], changes: dict[str, Any], allowed: dict[str, type | tuple[type, ...]]
) -> bool:
    for name, value in changes.items():
        expected = allowed.get(name)
        if expected is None:
            refuse(412, f"Invalid parameter: {name} cannot be changed.")
        if expected is int and isinstance(value, bool):
            refuse(412, f"Invalid parameter: {name} must be an integer.")
        if not isinstance(value, expected):
            refuse(412, f"Invalid parameter: {name} has the wrong type.")
    edited = any(document.get(name) != value for name, value in changes.items())
    document.update(changes)
    return edited


def is_facilitator(siminar: dict[str, Any], user_id: str | None) -> bool:
    return user_id is not None and (user_id == siminar["admin_id"] or user_id in siminar["instructors"])


def is_member(siminar: dict[str, Any], user_id: str | None) -> bool:
    return user_id is not None and (user_id in siminar["students"] or is_facilitator(siminar, user_id))


def visible_siminar(call: Call, siminar_id: str) -> dict[str, Any]:
    """A siminar the caller may see, by the documented access rules."""
    siminar = live(call.state.siminars, siminar_id, "Siminar")
    user_id = call.user_id
    if siminar["status"] != LAUNCHED and not is_facilitator(siminar, user_id):
        refuse(404, "Siminar not found.")
    if siminar["is_paid"] and user_id is not None and not is_member(siminar, user_id):
        refuse(405, "Not Allowed: this siminar is open to its members only.")
    return siminar


def can_visit(siminar: dict[str, Any], step: dict[str, Any], user_id: str | None) -> bool:
    return not siminar["is_paid"] or is_member(siminar, user_id) or step["sequence"] <= siminar["free_steps"]


def step_view(call: Call, siminar: dict[str, Any], step: dict[str, Any]) -> dict[str, Any]:
    view = copy.deepcopy(step)
    view["can_visit"] = can_visit(siminar, step, call.user_id)
    done = siminar["done"].get(call.user_id or "", {})
    view["visited_on"] = done.get(step["_id"], False)
    return view


def siminar_view(call: Call, siminar: dict[str, Any]) -> dict[str, Any]:
    user_id = call.user_id
    view = {key: copy.deepcopy(value) for key, value in siminar.items() if key != "instructors_pending"}
    steps = [call.state.steps[step_id] for step_id in siminar["steps"]]
    view["step_dict"] = {step["_id"]: step_view(call, siminar, step) for step in steps}
    instructor = is_facilitator(siminar, user_id)
    student = user_id is not None and user_id in siminar["students"]
    unapproved = user_id is not None and user_id in siminar["students_pending"]
    view["user_is_instructor"] = instructor
    view["user_is_student"] = student
    view["user_is_unapproved"] = unapproved
    view["user_is_nobody"] = not (instructor or student or unapproved)
    view["user_needs_signup"] = user_id is None
    if not instructor:
        view["students_pending"] = {}
    return view


def user_views(state: SiminarsState, ids: list[str] | dict[str, Any]) -> list[dict[str, Any]]:
    return [public_user(state.users[user_id]) for user_id in ids if user_id in state.users]


def check_role(call: Call) -> str:
    role = call.params["role"]
    if role not in ROLES:
        refuse(404, f"Unknown role: {role}.")
    return role


# -- members (siminars, bundles and sessions share the rules) ----------------------------------


def members_get(call: Call, document: dict[str, Any], role: str, manager: bool) -> dict[str, Any]:
    call.login()
    pending: dict[str, Any] = document[f"{role}_pending"] if manager else {}
    return {"users": user_views(call.state, document[role]), "pending": user_views(call.state, pending)}


def member_ids(document: dict[str, Any], role: str) -> list[str]:
    return list(document[role])


def members_add(call: Call, document: dict[str, Any], role: str, manager: bool, *, paid: bool = False) -> Reply:
    caller = call.login()
    user_id = call.text("user_id")
    if user_id not in call.state.users:
        refuse(404, "User not found.")
    if user_id in member_ids(document, role) or user_id in document[f"{role}_pending"]:
        refuse(409, f"Conflict: the user is already among the {role}.")
    if not manager:
        if user_id != caller or role != "students":
            refuse(403, "Access Denied: only a facilitator adds other members.")
        if paid:
            refuse(402, "Payment Required: buy this siminar through the cart.")
        if not document.get("is_participation_moderated"):
            document["students"][user_id] = call.state.now()
            call.state.side_effects.record("member.add")
            return created(user_id)
    document[f"{role}_pending"][user_id] = call.state.now()
    call.state.side_effects.record("member.add")
    return created(user_id)


def members_approve(call: Call, document: dict[str, Any], role: str, manager: bool) -> dict[str, Any]:
    call.login()
    if not manager:
        refuse(403, "Access Denied: only a facilitator approves members.")
    user_id = call.text("approve")
    if user_id in member_ids(document, role):
        refuse(409, f"Conflict: the user is already among the {role}.")
    if user_id not in document[f"{role}_pending"]:
        refuse(404, "No such pending member.")
    joined = document[f"{role}_pending"].pop(user_id)
    if role == "instructors":
        document["instructors"].append(user_id)
    else:
        document["students"][user_id] = joined
    call.state.side_effects.record("member.approve")
    call.state.notify(user_id, "You were approved.", document["_id"])
    return {"edited": True}


def members_remove(call: Call, document: dict[str, Any], role: str, manager: bool) -> dict[str, Any]:
    caller = call.login()
    user_id = call.text("user_id")
    if not manager and user_id != caller:
        refuse(403, "Access Denied: only a facilitator removes other members.")
    if user_id in document[f"{role}_pending"]:
        del document[f"{role}_pending"][user_id]
    elif user_id in member_ids(document, role):
        if role == "instructors":
            if len(document["instructors"]) == 1:
                refuse(409, "Conflict: the last instructor cannot leave.")
            document["instructors"].remove(user_id)
        else:
            del document["students"][user_id]
    else:
        refuse(404, f"The user is not among the {role}.")
    call.state.side_effects.record("member.remove")
    return {"deleted": True}


def members(call: Call, document: dict[str, Any], manager: bool, *, paid: bool = False) -> dict[str, Any] | Reply:
    role = check_role(call)
    if call.method == "GET":
        return members_get(call, document, role, manager)
    if call.method == "POST":
        return members_add(call, document, role, manager, paid=paid)
    if call.method == "PUT":
        return members_approve(call, document, role, manager)
    return members_remove(call, document, role, manager)
