"""Accounts: sign-in, the URL map, users, assets, feedback, testimonials, coupons, prices, carts."""

from __future__ import annotations

import copy
from typing import Any, cast

from resourcekit.sandbox.siminars.protocol import (
    URLS,
    Call,
    Reply,
    apply_changes,
    created,
    is_facilitator,
    is_member,
    live,
    refuse,
)
from resourcekit.sandbox.siminars.state import (
    FEEDBACK_QUESTIONS,
    LAUNCHED,
    THIRD_PARTY_SERVICES,
    SiminarsState,
    public_user,
)

# -- authtoken and urls ---------------------------------------------------------------------


def urls(call: Call) -> dict[str, Any]:
    return {"urls": dict(URLS)}


def authtoken(call: Call) -> dict[str, Any] | Reply:
    state = call.state
    if call.method == "POST":
        email = call.data.get("email", call.data.get("username"))
        digest = call.data.get("password", call.data.get("encrypted_password"))
        if not isinstance(email, str) or not isinstance(digest, str) or not email or not digest:
            refuse(412, "Invalid Username or Password.")
        known = state.digests.get(email.lower())
        if known is None or known[1] != digest:
            refuse(412, "Invalid Username or Password.")
        state.side_effects.record("authtoken.create")
        return 201, {"authtoken": state.add_token(known[0]), "user_id": known[0]}
    user_id = call.login()
    if call.method == "DELETE":
        token = call.data.get("authtoken")
        state.tokens.pop(str(token), None)
        state.side_effects.record("authtoken.delete")
        return {"deleted": True}
    if call.method != "GET":
        refuse(405)
    return {"user": me(state, user_id)}


def connect(call: Call) -> Reply:
    """``POST /connect/<service>`` with ``access_token``: third-party sign-in, or linking.

    The live service documented only the route's name and three services. Signed in (with an
    authtoken), the call links the service's account to the user; anonymous, it signs in as the
    user linked to the account, answering what ``POST /authtoken`` answers.
    """
    state = call.state
    service = call.params["service"]
    if service not in THIRD_PARTY_SERVICES:
        refuse(404, f"Not Found: no sign-in with {service}.")
    token = call.text("access_token")
    identity = (service, token)
    if call.user_id is not None:
        owner = state.identities.get(identity)
        if owner is not None and owner != call.user_id:
            refuse(409, f"Conflict: this {service} account is linked to another user.")
        state.identities[identity] = call.user_id
        state.side_effects.record("connect.associate")
        return 200, {"associated": True, "user_id": call.user_id}
    user_id = state.identities.get(identity)
    if user_id is None:
        refuse(412, f"Invalid access token for {service}.")
    state.side_effects.record("authtoken.create")
    return 201, {"authtoken": state.add_token(user_id), "user_id": user_id}


def me(state: SiminarsState, user_id: str) -> dict[str, Any]:
    user = public_user(state.users[user_id])
    live_siminars = [s for s in state.siminars.values() if not s["deleted"]]
    facilitating = [s["_id"] for s in live_siminars if is_facilitator(s, user_id) and s["status"] == LAUNCHED]
    unlaunched = [s["_id"] for s in live_siminars if is_facilitator(s, user_id) and s["status"] != LAUNCHED]
    participating = [s["_id"] for s in live_siminars if user_id in s["students"]]
    bundles = [b for b in state.bundles.values() if not b.get("deleted")]
    user["unread_forum"] = dict.fromkeys(facilitating + participating, 0)
    user["unread_feed"] = [
        {"_id": n["object_id"], "count": 1}
        for n in state.notifications.values()
        if n["user_id"] == user_id and not n["read"]
    ]
    user["bundles"] = {
        "bundles_dict": {b["_id"]: {"_id": b["_id"], "title": b["title"]} for b in bundles},
        "facilitating": [b["_id"] for b in bundles if user_id in b["instructors"]],
        "participating": [b["_id"] for b in bundles if user_id in b["students"]],
        "unlaunched": [],
    }
    user["roles"] = {
        "siminars": facilitating + unlaunched + participating,
        "participating": participating,
        "facilitating": facilitating,
        "unlaunched": unlaunched,
    }
    return user


# -- users ----------------------------------------------------------------------------------


def program_users(call: Call) -> dict[str, Any] | Reply:
    state = call.state
    caller = call.login()
    if call.method == "GET":
        return {"users": [public_user(u) for u in state.users.values() if u["program_owner_id"] == caller]}
    email = call.text("email")
    if "@" not in email:
        refuse(412, "Invalid parameter: email.")
    if email.lower() in state.digests:
        refuse(409, "Conflict: a user with this email exists.")
    # The password arrives as md5(email.lower() + password), like a login's; without one the user
    # cannot sign in until a password is set.
    digest = call.text("password", required=False) or f"unset-{state.rng.getrandbits(64):016x}"
    display_name = call.text("display_name", required=False, default=email.split("@")[0])
    user = state.add_user(email, "", display_name, digest=digest)
    user["program_owner_id"] = caller
    state.side_effects.record("user.create")
    return created(user["_id"])


def per_program_user(call: Call) -> dict[str, Any]:
    state = call.state
    document = live(state.users, call.params["user_id"], "User")
    if call.method == "GET":
        return {"user": public_user(document)}
    caller = call.login()
    if caller not in (document["_id"], document["program_owner_id"]):
        refuse(403, "Access Denied: users change their own profile.")
    edited = apply_changes(document, call.changed_data(), {"display_name": str, "timezone": str})
    state.side_effects.record("user.edit")
    return {"edited": edited}


def relations(call: Call) -> dict[str, Any]:
    state = call.state
    call.login()
    user_id = live(state.users, call.params["user_id"], "User")["_id"]
    found: dict[str, str] = {}
    for document in state.siminars.values():
        if document["deleted"]:
            continue
        if user_id in document["students"]:
            for other in document["instructors"]:
                found.setdefault(other, "instructor")
            for other in document["students"]:
                found.setdefault(other, "classmate")
        if user_id in document["instructors"]:
            for other in document["students"]:
                found.setdefault(other, "student")
    found.pop(user_id, None)
    return {"relations": [public_user(state.users[other], relation) for other, relation in sorted(found.items())]}


def notifications(call: Call) -> dict[str, Any]:
    caller = call.login()
    found = [n for n in call.state.notifications.values() if n["user_id"] == caller]
    if call.method == "GET":
        return {"notifications": [copy.deepcopy(n) for n in found]}
    read = call.data.get("read")
    if not isinstance(read, list):
        refuse(412, "Missing parameter: read.")
    ids = {str(item) for item in cast("list[Any]", read)}
    for notification in found:
        if notification["_id"] in ids:
            notification["read"] = True
    call.state.side_effects.record("notifications.read")
    return {"edited": True}


# -- assets, feedback, testimonials, coupons, pricing, cart ------------------------------------


def owns(state: SiminarsState, owner_id: str, user_id: str) -> bool:
    if owner_id == user_id:
        return True
    owner = state.siminars.get(owner_id)
    return owner is not None and is_facilitator(owner, user_id)


def asset(call: Call) -> dict[str, Any]:
    state = call.state
    document = live(state.assets, call.params["asset_id"], "Asset")
    if call.method == "GET":
        return {"asset": copy.deepcopy(document)}
    if not owns(state, document["owner_id"], call.login()):
        refuse(403, "Access Denied: only the owner changes an asset.")
    if call.method == "PUT":
        edited = apply_changes(document, call.changed_data(), {"title": str})
        state.side_effects.record("asset.edit")
        return {"edited": edited}
    document["deleted"] = True
    state.side_effects.record("asset.delete")
    return {"deleted": True}


def owner_assets(call: Call) -> dict[str, Any] | Reply:
    state = call.state
    owner_id = call.params["owner_id"]
    if call.method == "GET":
        return {
            "assets": [
                copy.deepcopy(a) for a in state.assets.values() if a["owner_id"] == owner_id and not a.get("deleted")
            ]
        }
    if not owns(state, owner_id, call.login()):
        refuse(403, "Access Denied: add assets to what you own.")
    url = call.text("url")
    if not url.startswith(("http://", "https://")):
        refuse(412, "Invalid parameter: url.")
    document = state.add_asset(owner_id, call.text("title"), url, call.text("kind", required=False, default="file"))
    state.side_effects.record("asset.create")
    return created(document["_id"])


def feedback(call: Call) -> dict[str, Any] | Reply:
    state = call.state
    caller = call.login()
    if call.method == "GET":
        object_id = call.text("object_id", required=False)
        found = [
            f
            for f in state.feedback.values()
            if f["user_id"] == caller and object_id in ("", f["object_id"]) and not f.get("deleted")
        ]
        return {"feedbacks": [copy.deepcopy(f) for f in found]}
    object_id = call.text("object_id")
    if state.find(object_id) is None:
        refuse(404, "Object not found.")
    rating = call.number("rating", default=0)
    if not 1 <= rating <= 5:
        refuse(412, "Invalid parameter: rating is 1 to 5.")
    feedback_id = state.new_id("feedback")
    state.feedback[feedback_id] = {
        "_id": feedback_id,
        "object_id": object_id,
        "user_id": caller,
        "text": call.text("text", required=False),
        "rating": rating,
        "CreatedOn": state.now(),
    }
    state.side_effects.record("feedback.create")
    return created(feedback_id)


def feedback_questions(call: Call) -> dict[str, Any]:
    return {"questions": copy.deepcopy(FEEDBACK_QUESTIONS)}


def testimonials(call: Call) -> dict[str, Any] | Reply:
    state = call.state
    object_id = call.params["object_id"]
    if state.find(object_id) is None:
        refuse(404, "Object not found.")
    if call.method == "GET":
        return {
            "testimonials": [
                copy.deepcopy(t)
                for t in state.testimonials.values()
                if t["object_id"] == object_id and not t.get("deleted")
            ]
        }
    caller = call.login()
    testimonial_id = state.new_id("testimonial")
    state.testimonials[testimonial_id] = {
        "_id": testimonial_id,
        "object_id": object_id,
        "author_id": caller,
        "text": call.text("text"),
        "CreatedOn": state.now(),
    }
    state.side_effects.record("testimonial.create")
    return created(testimonial_id)


def find_coupon(state: SiminarsState, code: str) -> dict[str, Any] | None:
    for coupon in state.coupons.values():
        if coupon["code"].lower() == code.lower() and not coupon.get("deleted"):
            return coupon
    return None


def coupon(call: Call) -> dict[str, Any] | Reply:
    state = call.state
    if call.method == "GET":
        code = call.text("code", required=False)
        if code:
            found = find_coupon(state, code)
            if found is None:
                refuse(404, "Coupon not found.")
            return {"coupon": copy.deepcopy(found)}
        caller = call.login()
        return {
            "coupons": [
                copy.deepcopy(c) for c in state.coupons.values() if c["author_id"] == caller and not c.get("deleted")
            ]
        }
    caller = call.login()
    if call.method != "POST":
        refuse(405)
    item = live(state.siminars, call.text("item_id"), "Siminar")
    if not is_facilitator(item, caller):
        refuse(403, "Access Denied: only a facilitator makes coupons for a siminar.")
    code = call.text("code")
    discount = call.number("discount")
    if not 1 <= discount <= 100:
        refuse(412, "Invalid parameter: discount is 1 to 100 percent.")
    if find_coupon(state, code) is not None:
        refuse(409, "Conflict: the coupon code is taken.")
    coupon_id = state.new_id("coupon")
    state.coupons[coupon_id] = {
        "_id": coupon_id,
        "code": code,
        "item_id": item["_id"],
        "discount": discount,
        "uses": 0,
        "author_id": caller,
    }
    state.side_effects.record("coupon.create")
    return created(coupon_id)


def price_of(state: SiminarsState, item: dict[str, Any], code: str) -> tuple[int, str]:
    price = int(item["purchase_price"] or item["list_price"])
    if not code:
        return price, ""
    found = find_coupon(state, code)
    if found is None or found["item_id"] != item["_id"]:
        refuse(412, "Invalid parameter: the coupon does not apply to this item.")
    return price - price * found["discount"] // 100, found["code"]


def pricing(call: Call) -> dict[str, Any]:
    state = call.state
    item = live(state.siminars, call.text("item_id"), "Siminar")
    price, code = price_of(state, item, call.text("coupon_code", required=False))
    return {
        "price": {
            "item_id": item["_id"],
            "list_price": item["list_price"],
            "purchase_price": item["purchase_price"],
            "price": price,
            "coupon_code": code,
        }
    }


def cart(call: Call) -> dict[str, Any]:
    state = call.state
    caller = call.login()
    if call.method == "GET":
        return {"cart": copy.deepcopy(state.carts.get(caller, {}))}
    if call.method == "POST":
        item = live(state.siminars, call.text("item_id"), "Siminar")
        if item["status"] != LAUNCHED:
            refuse(404, "Siminar not found.")
        if is_member(item, caller):
            refuse(409, "Conflict: you are already a member of this siminar.")
        price, code = price_of(state, item, call.text("coupon_code", required=False))
        state.carts[caller] = {"item_id": item["_id"], "title": item["title"], "price": price, "coupon_code": code}
        state.side_effects.record("cart.add")
        return {"cart": copy.deepcopy(state.carts[caller])}
    if call.method == "DELETE":
        state.carts.pop(caller, None)
        return {"deleted": True}
    if str(call.data.get("finalize", "")) not in ("1", "True", "true"):
        refuse(412, "Missing parameter: finalize.")
    current = state.carts.get(caller)
    if not current:
        refuse(412, "Invalid parameter: the cart is empty.")
    item_id = call.data.get("item_id")
    if item_id not in (None, "", current["item_id"]):
        refuse(409, "Conflict: the cart holds another item.")
    item = live(state.siminars, current["item_id"], "Siminar")
    item["students"][caller] = state.now()
    item["students_pending"].pop(caller, None)
    if current["coupon_code"]:
        found = find_coupon(state, current["coupon_code"])
        if found is not None:
            found["uses"] += 1
    del state.carts[caller]
    state.side_effects.record("cart.finalize")
    state.notify(item["author_id"], "A new student bought your siminar.", item["_id"])
    return {"siminar_id": item["_id"], "paid": True}
