"""Objects by id (``/get``, ``/delete``) and the jactions: responses, comments, votes, done, skip."""

from __future__ import annotations

import copy
import json
from typing import Any, cast

from resourcekit.sandbox.siminars.accounts import owns
from resourcekit.sandbox.siminars.courses import plan_author
from resourcekit.sandbox.siminars.protocol import (
    Call,
    Handler,
    Reply,
    apply_changes,
    can_visit,
    created,
    is_facilitator,
    is_member,
    live,
    refuse,
    siminar_view,
    visible_siminar,
)
from resourcekit.sandbox.siminars.state import (
    SiminarsState,
    public_user,
)

# -- agora and jactions ---------------------------------------------------------------------


def agora_get(call: Call) -> dict[str, Any]:
    object_id = call.text("object_id")
    found = call.state.find(object_id)
    if found is None:
        refuse(404, "Object not found.")
    kind, document = found
    if kind == "siminar":
        return siminar_view(call, visible_siminar(call, object_id))
    if kind == "user":
        return public_user(document)
    if kind == "response" and not response_visible(call, document):
        refuse(404, "Object not found.")
    return copy.deepcopy(document)


def may_delete(state: SiminarsState, kind: str, document: dict[str, Any], user_id: str) -> bool:
    if kind == "siminar":
        return is_facilitator(document, user_id)
    if kind == "step":
        return is_facilitator(state.siminars[document["siminar_id"]], user_id)
    if kind in ("response", "comment", "testimonial", "feedback"):
        return user_id in (document.get("author_id"), document.get("user_id"))
    if kind == "asset":
        return owns(state, document["owner_id"], user_id)
    if kind in ("bundle", "coupon"):
        author = plan_author(state, document) if kind == "bundle" else document["author_id"]
        return author == user_id
    return False


def agora_delete(call: Call) -> dict[str, Any]:
    state = call.state
    caller = call.login()
    ids = call.data.get("object_ids")
    if isinstance(ids, str):
        try:
            ids = json.loads(ids)
        except ValueError:
            ids = [ids]
    if not isinstance(ids, list) or not ids:
        refuse(412, "Missing parameter: object_ids.")
    targets: list[tuple[str, dict[str, Any]]] = []
    for object_id in cast("list[Any]", ids):
        found = state.find(str(object_id))
        if found is None:
            refuse(404, f"Object not found: {object_id}.")
        if not may_delete(state, found[0], found[1], caller):
            refuse(403, f"Access Denied: you cannot delete {object_id}.")
        targets.append(found)
    for kind, document in targets:
        document["deleted"] = True
        if kind == "step":
            parent = state.siminars[document["siminar_id"]]
            parent["steps"].remove(document["_id"])
            state.resequence(parent)
        state.side_effects.record(f"{kind}.delete")
    return {"deleted": True}


def response_visible(call: Call, response: dict[str, Any]) -> bool:
    return not response["is_private"] or response["author_id"] == call.user_id


def step_for_jaction(call: Call) -> tuple[dict[str, Any], dict[str, Any]]:
    document = live(call.state.steps, call.params["object_id"], "Step")
    parent = visible_siminar(call, document["siminar_id"])
    if not can_visit(parent, document, call.user_id):
        refuse(402, "Payment Required: this step is for members only.")
    return document, parent


def jaction_responses(call: Call) -> dict[str, Any] | Reply:
    state = call.state
    document, parent = step_for_jaction(call)
    if call.method == "GET":
        found = [
            copy.deepcopy(r)
            for r in state.responses.values()
            if r["step_id"] == document["_id"] and not r.get("deleted") and response_visible(call, r)
        ]
        for item in found:
            item.pop("voters", None)
        return {"responses": found}
    caller = call.login()
    if not is_member(parent, caller):
        refuse(403, "Access Denied: join the siminar to respond.")
    is_private = call.data.get("is_private", False)
    if not isinstance(is_private, bool):
        refuse(412, "Invalid parameter: is_private.")
    response = state.add_response(document["_id"], caller, call.text("text"), is_private=is_private)
    state.side_effects.record("response.create")
    return created(response["_id"])


def visible_response(call: Call) -> dict[str, Any]:
    document = live(call.state.responses, call.params["object_id"], "Response")
    if not response_visible(call, document):
        refuse(404, "Response not found.")
    return document


def jaction_response(call: Call) -> dict[str, Any]:
    state = call.state
    document = visible_response(call)
    if call.method == "GET":
        shown = copy.deepcopy(document)
        shown.pop("voters", None)
        return {"response": shown}
    if call.login() != document["author_id"]:
        refuse(403, "Access Denied: only the author changes a response.")
    if call.method == "PUT":
        edited = apply_changes(document, call.changed_data(), {"text": str, "is_private": bool})
        state.side_effects.record("response.edit")
        return {"edited": edited}
    document["deleted"] = True
    state.side_effects.record("response.delete")
    return {"deleted": True}


def jaction_comments(call: Call) -> dict[str, Any] | Reply:
    state = call.state
    document = visible_response(call)
    if call.method == "GET":
        return {
            "comments": [
                copy.deepcopy(c)
                for c in state.comments.values()
                if c["response_id"] == document["_id"] and not c.get("deleted")
            ]
        }
    caller = call.login()
    comment = state.add_comment(document, caller, call.text("text"))
    state.side_effects.record("comment.create")
    return created(comment["_id"])


def jaction_comment(call: Call) -> dict[str, Any]:
    state = call.state
    document = live(state.comments, call.params["object_id"], "Comment")
    if call.method == "GET":
        return {"comment": copy.deepcopy(document)}
    if call.login() != document["author_id"]:
        refuse(403, "Access Denied: only the author changes a comment.")
    if call.method == "PUT":
        edited = apply_changes(document, call.changed_data(), {"text": str})
        state.side_effects.record("comment.edit")
        return {"edited": edited}
    document["deleted"] = True
    state.responses[document["response_id"]]["comment_count"] -= 1
    state.side_effects.record("comment.delete")
    return {"deleted": True}


def jaction_vote(call: Call) -> dict[str, Any]:
    document = visible_response(call)
    caller = call.login()
    if call.method == "GET":
        return {"votes": document["votes"]}
    vote = call.number("vote", default=1)
    if vote not in (1, -1):
        refuse(412, "Invalid parameter: vote is 1 or -1.")
    if caller in document["voters"]:
        refuse(409, "Conflict: you already voted.")
    document["voters"].append(caller)
    document["votes"] += vote
    call.state.side_effects.record("vote.create")
    return {"votes": document["votes"]}


def jaction_progress(call: Call, key: str) -> dict[str, Any]:
    document, parent = step_for_jaction(call)
    caller = call.login()
    if not is_member(parent, caller):
        refuse(403, "Access Denied: join the siminar first.")
    progress = parent["done"].setdefault(caller, {})
    if key == "done":
        progress[document["_id"]] = call.state.now()
    else:
        progress.pop(document["_id"], None)
        parent.setdefault("skipped", {}).setdefault(caller, []).append(document["_id"])
    call.state.side_effects.record(f"step.{key}")
    return {key: True}


JACTIONS: dict[str, tuple[frozenset[str], Handler]] = {
    "responses": (frozenset({"GET", "POST"}), jaction_responses),
    "response": (frozenset({"GET", "PUT", "DELETE"}), jaction_response),
    "comments": (frozenset({"GET", "POST"}), jaction_comments),
    "comment": (frozenset({"GET", "PUT", "DELETE"}), jaction_comment),
    "vote": (frozenset({"GET", "POST"}), jaction_vote),
    "done": (frozenset({"POST"}), lambda call: jaction_progress(call, "done")),
    "skip": (frozenset({"POST"}), lambda call: jaction_progress(call, "skipped")),
}
