"""Courses: siminars, steps, members, plans, bundles and sessions."""

from __future__ import annotations

import copy
from typing import Any

from resourcekit.sandbox.siminars.protocol import (
    Call,
    Reply,
    apply_changes,
    can_visit,
    created,
    is_facilitator,
    live,
    members,
    refuse,
    siminar_view,
    step_view,
    visible_siminar,
)
from resourcekit.sandbox.siminars.state import (
    EDITABLE_SIMINAR_FIELDS,
    LAUNCHED,
    SiminarsState,
)

# -- siminars and steps ---------------------------------------------------------------------


def siminars(call: Call) -> dict[str, Any] | Reply:
    state = call.state
    user_id = call.login()
    if call.method == "POST":
        title = call.text("title")
        siminar = state.add_siminar(user_id, title)
        extra = {key: value for key, value in call.data.items() if key in EDITABLE_SIMINAR_FIELDS and key != "title"}
        extra.pop("status", None)
        apply_changes(siminar, extra, EDITABLE_SIMINAR_FIELDS)
        state.side_effects.record("siminar.create")
        return created(siminar["_id"])
    if call.method != "GET":
        refuse(405)
    found: dict[str, list[dict[str, Any]]] = {"facilitating": [], "participating": [], "unlaunched": []}
    for siminar in state.siminars.values():
        if siminar["deleted"]:
            continue
        if is_facilitator(siminar, user_id):
            role = "facilitating" if siminar["status"] == LAUNCHED else "unlaunched"
        elif user_id in siminar["students"] and siminar["status"] == LAUNCHED:
            role = "participating"
        else:
            continue
        found[role].append(siminar_view(call, siminar))
    return {"siminars": found}


def siminar(call: Call) -> dict[str, Any]:
    state = call.state
    document = visible_siminar(call, call.params["siminar_id"])
    if call.method == "GET":
        return {"siminar": siminar_view(call, document)}
    call.login()
    if not is_facilitator(document, call.user_id):
        refuse(403, "Access Denied: only a facilitator changes a siminar.")
    if call.method == "PUT":
        changes = call.changed_data()
        if changes.get("status") == LAUNCHED and document["status"] != LAUNCHED and not document["steps"]:
            refuse(409, "Conflict: add a step before launching the siminar.")
        edited = apply_changes(document, changes, EDITABLE_SIMINAR_FIELDS)
        if edited:
            document["ModifiedOn"] = state.now()
            document["ModifiedBy"] = call.user_id
            state.side_effects.record("siminar.edit")
        return {"edited": edited}
    document["deleted"] = True
    state.side_effects.record("siminar.delete")
    return {"deleted": True}


def steps(call: Call) -> dict[str, Any] | Reply:
    state = call.state
    document = visible_siminar(call, call.params["siminar_id"])
    if call.method == "GET":
        return {"steps": [step_view(call, document, state.steps[step_id]) for step_id in document["steps"]]}
    call.login()
    if not is_facilitator(document, call.user_id):
        refuse(403, "Access Denied: only a facilitator adds steps.")
    step = state.add_step(
        document, call.text("title"), call.text("description", required=False), eta=call.number("eta", default=0)
    )
    state.side_effects.record("step.create")
    return created(step["_id"])


STEP_FIELDS: dict[str, type | tuple[type, ...]] = {"title": str, "description": str, "eta": int, "hidden": bool}


def step(call: Call) -> dict[str, Any]:
    state = call.state
    document = live(state.steps, call.params["step_id"], "Step")
    parent = visible_siminar(call, document["siminar_id"])
    if call.method == "GET":
        if not can_visit(parent, document, call.user_id):
            refuse(402, "Payment Required: this step is for members only.")
        return {"step": step_view(call, parent, document)}
    call.login()
    if not is_facilitator(parent, call.user_id):
        refuse(403, "Access Denied: only a facilitator changes a step.")
    if call.method == "PUT":
        edited = apply_changes(document, call.changed_data(), STEP_FIELDS)
        if edited:
            state.side_effects.record("step.edit")
        return {"edited": edited}
    document["deleted"] = True
    parent["steps"].remove(document["_id"])
    state.resequence(parent)
    state.side_effects.record("step.delete")
    return {"deleted": True}


def siminar_users(call: Call) -> dict[str, Any] | Reply:
    document = visible_siminar(call, call.params["siminar_id"]) if call.method == "GET" else None
    if document is None:
        document = live(call.state.siminars, call.params["siminar_id"], "Siminar")
        if document["status"] != LAUNCHED and not is_facilitator(document, call.user_id):
            refuse(404, "Siminar not found.")
    manager = is_facilitator(document, call.user_id)
    return members(call, document, manager, paid=bool(document["is_paid"]))


# -- plans, bundles, sessions ---------------------------------------------------------------


def plan(call: Call) -> dict[str, Any]:
    document = live(call.state.plans, call.params["plan_id"], "Plan")
    if call.method == "GET":
        return {"plan": copy.deepcopy(document)}
    if call.login() != document["author_id"]:
        refuse(403, "Access Denied: only the plan's author changes it.")
    edited = apply_changes(document, call.changed_data(), {"title": str})
    call.state.side_effects.record("plan.edit")
    return {"edited": edited}


def all_bundles(call: Call) -> dict[str, Any]:
    return {"bundles": [copy.deepcopy(b) for b in call.state.bundles.values() if not b.get("deleted")]}


def plan_bundles(call: Call) -> dict[str, Any] | Reply:
    document = live(call.state.plans, call.params["plan_id"], "Plan")
    if call.method == "GET":
        return {"bundles": [copy.deepcopy(call.state.bundles[b]) for b in document["bundle_ids"]]}
    if call.login() != document["author_id"]:
        refuse(403, "Access Denied: only the plan's author adds bundles.")
    bundle = call.state.add_bundle(document, call.text("title"), call.text("description", required=False))
    call.state.side_effects.record("bundle.create")
    return created(bundle["_id"])


def plan_author(state: SiminarsState, bundle: dict[str, Any]) -> str:
    return state.plans[bundle["plan_id"]]["author_id"]


def bundle(call: Call) -> dict[str, Any]:
    state = call.state
    document = live(state.bundles, call.params["bundle_id"], "Bundle")
    if call.method == "GET":
        return {"bundle": copy.deepcopy(document)}
    if call.login() != plan_author(state, document):
        refuse(403, "Access Denied: only the plan's author changes a bundle.")
    if call.method == "PUT":
        edited = apply_changes(document, call.changed_data(), {"title": str, "description": str})
        state.side_effects.record("bundle.edit")
        return {"edited": edited}
    document["deleted"] = True
    state.plans[document["plan_id"]]["bundle_ids"].remove(document["_id"])
    state.side_effects.record("bundle.delete")
    return {"deleted": True}


def summary(state: SiminarsState, siminar_id: str) -> dict[str, Any]:
    document = state.siminars[siminar_id]
    keys = ("_id", "title", "subtitle", "status", "is_paid", "list_price", "purchase_price", "steps_num", "plan_id")
    return {key: document[key] for key in keys}


def bundle_siminars(call: Call) -> dict[str, Any] | Reply:
    state = call.state
    document = live(state.bundles, call.params["bundle_id"], "Bundle")
    if call.method == "GET":
        return {"siminars": [summary(state, s) for s in document["siminar_ids"] if not state.siminars[s]["deleted"]]}
    if call.login() != plan_author(state, document):
        refuse(403, "Access Denied: only the plan's author changes a bundle.")
    siminar_id = call.text("siminar_id")
    target = live(state.siminars, siminar_id, "Siminar")
    if call.method == "POST":
        if target["plan_id"] != document["plan_id"]:
            refuse(412, "Invalid parameter: the siminar belongs to another plan.")
        if siminar_id in document["siminar_ids"]:
            refuse(409, "Conflict: the siminar is already in the bundle.")
        document["siminar_ids"].append(siminar_id)
        target["bundle_ids"].append(document["_id"])
        state.side_effects.record("bundle.add_siminar")
        return created(siminar_id)
    if call.method != "DELETE":
        refuse(405)
    if siminar_id not in document["siminar_ids"]:
        refuse(404, "The siminar is not in the bundle.")
    document["siminar_ids"].remove(siminar_id)
    target["bundle_ids"].remove(document["_id"])
    state.side_effects.record("bundle.remove_siminar")
    return {"deleted": True}


def probable_siminars(call: Call) -> dict[str, Any]:
    state = call.state
    document = live(state.bundles, call.params["bundle_id"], "Bundle")
    if call.login() != plan_author(state, document):
        refuse(403, "Access Denied: only the plan's author sees probable siminars.")
    plan_siminars = state.plans[document["plan_id"]]["siminar_ids"]
    return {
        "siminars": [
            summary(state, s)
            for s in plan_siminars
            if s not in document["siminar_ids"] and not state.siminars[s]["deleted"]
        ]
    }


def bundle_users(call: Call) -> dict[str, Any] | Reply:
    document = live(call.state.bundles, call.params["bundle_id"], "Bundle")
    manager = call.user_id is not None and call.user_id == plan_author(call.state, document)
    return members(call, document, manager)


def sessions(call: Call) -> dict[str, Any] | Reply:
    state = call.state
    document = live(state.bundles, call.params["bundle_id"], "Bundle")
    if call.method == "GET":
        return {"sessions": [copy.deepcopy(state.sessions[s]) for s in document["session_ids"]]}
    if call.login() != plan_author(state, document):
        refuse(403, "Access Denied: only the plan's author adds sessions.")
    starts_on = call.number("starts_on", default=0)
    ends_on = call.number("ends_on", default=starts_on)
    if ends_on < starts_on:
        refuse(412, "Invalid parameter: ends_on is before starts_on.")
    session = state.add_session(document, call.text("title"), starts_on, ends_on)
    state.side_effects.record("session.create")
    return created(session["_id"])


def session(call: Call) -> dict[str, Any]:
    state = call.state
    document = live(state.sessions, call.params["session_id"], "Session")
    if call.method == "GET":
        return {"session": copy.deepcopy(document)}
    if call.login() != plan_author(state, state.bundles[document["bundle_id"]]):
        refuse(403, "Access Denied: only the plan's author changes a session.")
    if call.method == "PUT":
        edited = apply_changes(document, call.changed_data(), {"title": str, "starts_on": int, "ends_on": int})
        state.side_effects.record("session.edit")
        return {"edited": edited}
    document["deleted"] = True
    state.bundles[document["bundle_id"]]["session_ids"].remove(document["_id"])
    state.side_effects.record("session.delete")
    return {"deleted": True}


def session_users(call: Call) -> dict[str, Any] | Reply:
    state = call.state
    document = live(state.sessions, call.params["session_id"], "Session")
    manager = call.user_id is not None and call.user_id == plan_author(state, state.bundles[document["bundle_id"]])
    return members(call, document, manager)
