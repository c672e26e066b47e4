"""The Siminars emulator on its own, spoken to with plain HTTP (no resourcekit client)."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

import httpx
import pytest

from resourcekit.sandbox.base import Emulator, SandboxSettings
from resourcekit.sandbox.registry import get_provider
from resourcekit.sandbox.server import run_sandbox
from resourcekit.sandbox.siminars import PROVIDER, SiminarsState, create, environment
from resourcekit.sandbox.siminars.state import (
    FACILITATOR_EMAIL,
    FACILITATOR_ID,
    FACILITATOR_PASSWORD,
    SEED_SIMINAR_ID,
    student_email,
    student_password,
)

JS = {"Content-Type": "application/javascript"}
ID = re.compile(r"^\d{24}$")


def digest(email: str, password: str) -> str:
    return hashlib.md5((email.lower() + password).encode()).hexdigest()


class Wire:
    """Plain JSON-over-HTTP calls to the emulator's ASGI app."""

    def __init__(self, client: httpx.AsyncClient, emulator: Emulator) -> None:
        self.client = client
        self.emulator = emulator

    async def __call__(self, method: str, path: str, **data: Any) -> tuple[int, dict[str, Any]]:
        data.setdefault("apitoken", "2")
        reply = await self.client.request(method, path, content=json.dumps(data), headers=JS)
        body = reply.json()
        assert body["status"] == reply.status_code
        return reply.status_code, body

    async def login(self, email: str, password: str) -> str:
        status, body = await self("POST", "/authtoken", email=email, password=digest(email, password))
        assert status == 201, body
        return str(body["data"]["authtoken"])


@pytest.fixture
async def wire() -> AsyncGenerator[Wire, None]:
    emulator = create(SandboxSettings(seed_size=4))
    transport = httpx.ASGITransport(app=emulator.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        yield Wire(client, emulator)


def test_seed_is_deterministic_and_sized() -> None:
    first, second = create(SandboxSettings(seed_size=3)), create(SandboxSettings(seed_size=3))
    assert isinstance(first.state, SiminarsState) and isinstance(second.state, SiminarsState)
    assert list(first.state.siminars) == list(second.state.siminars)
    assert list(first.state.users) == list(second.state.users)
    bigger = create(SandboxSettings(seed_size=9)).state
    assert isinstance(bigger, SiminarsState)
    assert len(bigger.siminars) == 9 and len(first.state.siminars) == 3
    assert len([u for u in bigger.users.values() if u["email"].startswith("student")]) == 9
    other_seed = create(SandboxSettings(seed_size=3, seed=1)).state
    assert isinstance(other_seed, SiminarsState)
    assert list(other_seed.siminars)[1:] != list(first.state.siminars)[1:]
    for kind in ("users", "siminars", "steps", "plans", "bundles", "sessions", "assets", "coupons", "responses"):
        for object_id in getattr(bigger, kind):
            assert ID.match(object_id), (kind, object_id)
    assert all(step_id.endswith("54962") for step_id in bigger.steps)
    seed = bigger.siminars[SEED_SIMINAR_ID]
    assert (seed["list_price"], seed["purchase_price"], seed["free_steps"], seed["steps_num"]) == (20, 12, 3, 5)


def test_provider_entry_and_environment() -> None:
    assert get_provider("siminars") is PROVIDER
    credentials = create(SandboxSettings()).credentials
    assert credentials["apitoken"] == "2" and credentials["email"] == FACILITATOR_EMAIL
    assert environment("/tmp/x.sock", credentials) == {"SIMINARS_ADDRESS": "/tmp/x.sock", "SIMINARS_APITOKEN": "2"}


@pytest.mark.anyio
async def test_urls_apitoken_content_type_and_unknown_paths(wire: Wire) -> None:
    status, body = await wire("GET", "/urls")
    assert status == 200 and body["message"] == "" and body["data"]["urls"]["step"] == "/jack/step/%(step_id)s"
    assert len(body["data"]["urls"]) == 50
    assert (await wire("GET", "/urls", apitoken="3"))[0] == 403
    query = await wire.client.get("/urls", params={"apitoken": "2"})
    assert query.status_code == 200  # GET data may come in the query string
    wrong_type = await wire.client.request(
        "GET", "/urls", content=b'{"apitoken":"2"}', headers={"Content-Type": "text/plain"}
    )
    assert wrong_type.status_code == 412 and "application/javascript" in wrong_type.json()["message"]
    not_json = await wire.client.post("/authtoken", content=b"{", headers=JS)
    assert not_json.status_code == 412
    status, body = await wire("GET", "/nowhere/at/all")
    assert (status, body["data"]) == (404, None)
    status, body = await wire("PATCH", "/urls")
    assert status == 405


@pytest.mark.anyio
async def test_login_logout_and_legacy_field_names(wire: Wire) -> None:
    status, body = await wire("POST", "/authtoken", email=FACILITATOR_EMAIL, password="wrong")
    assert (status, body["message"], body["data"]) == (412, "Invalid Username or Password.", None)
    legacy = await wire(
        "POST",
        "/authtoken",
        username=FACILITATOR_EMAIL.upper(),
        encrypted_password=digest(FACILITATOR_EMAIL, FACILITATOR_PASSWORD),
    )
    assert legacy[0] == 201 and legacy[1]["data"]["user_id"] == FACILITATOR_ID
    token = await wire.login(FACILITATOR_EMAIL, FACILITATOR_PASSWORD)
    status, body = await wire("GET", "/authtoken", authtoken=token)
    assert status == 200 and body["data"]["user"]["_id"] == FACILITATOR_ID
    assert SEED_SIMINAR_ID in body["data"]["user"]["roles"]["facilitating"]
    assert (await wire("DELETE", "/authtoken", authtoken=token))[1]["data"] == {"deleted": True}
    assert (await wire("GET", "/authtoken", authtoken=token))[0] == 401
    assert (await wire("GET", "/authtoken"))[0] == 401


@pytest.mark.anyio
async def test_access_rules(wire: Wire) -> None:
    facilitator = await wire.login(FACILITATOR_EMAIL, FACILITATOR_PASSWORD)
    member = await wire.login(student_email(1), student_password(1))
    stranger = await wire.login(student_email(2), student_password(2))
    status, body = await wire("POST", "/jack/siminars", authtoken=facilitator, title="Hidden")
    assert status == 201 and body["data"]["created"].endswith("18098")
    hidden = body["data"]["created"]
    assert (await wire("GET", f"/jack/siminar/{hidden}", authtoken=facilitator))[0] == 200
    for token in (member, stranger, None):
        status, _ = await wire("GET", f"/jack/siminar/{hidden}", **({"authtoken": token} if token else {}))
        assert status == 404
    assert (await wire("GET", f"/jack/siminar/{SEED_SIMINAR_ID}", authtoken=stranger))[0] == 405
    member_view = (await wire("GET", f"/jack/siminar/{SEED_SIMINAR_ID}", authtoken=member))[1]["data"]["siminar"]
    assert member_view["user_is_student"] and not member_view["user_is_nobody"]
    anonymous = (await wire("GET", f"/jack/siminar/{SEED_SIMINAR_ID}"))[1]["data"]["siminar"]
    assert anonymous["user_is_nobody"] and anonymous["user_needs_signup"] and anonymous["students_pending"] == {}
    status, body = await wire("PUT", f"/jack/siminar/{hidden}", authtoken=facilitator, changed_data={"status": 12})
    assert status == 409
    status, body = await wire("PUT", f"/jack/siminar/{hidden}", authtoken=facilitator, changed_data={"owner": "x"})
    assert status == 412
    status, body = await wire("PUT", f"/jack/siminar/{SEED_SIMINAR_ID}", authtoken=member, changed_data={"title": "x"})
    assert status == 403


@pytest.mark.anyio
async def test_crud_reply_shapes_and_side_effects(wire: Wire) -> None:
    facilitator = await wire.login(FACILITATOR_EMAIL, FACILITATOR_PASSWORD)
    created = (await wire("POST", "/jack/siminars", authtoken=facilitator, title="Shapes"))[1]["data"]
    assert set(created) == {"created"}
    siminar_id = created["created"]
    step = (await wire("POST", f"/jack/siminar/{siminar_id}/steps", authtoken=facilitator, title="S1"))[1]["data"]
    assert set(step) == {"created"}
    edited = await wire("PUT", f"/jack/siminar/{siminar_id}", authtoken=facilitator, changed_data={"status": 12})
    assert edited[1]["data"] == {"edited": True}
    again = await wire("PUT", f"/jack/siminar/{siminar_id}", authtoken=facilitator, changed_data={"status": 12})
    assert again[1]["data"] == {"edited": False}
    listed = (await wire("GET", "/jack/siminars", authtoken=facilitator))[1]["data"]["siminars"]
    assert set(listed) == {"facilitating", "participating", "unlaunched"}
    assert siminar_id in [s["_id"] for s in listed["facilitating"]]
    raw = (await wire("GET", "/get", object_id=step["created"]))[1]["data"]
    assert raw["title"] == "S1" and raw["siminar_id"] == siminar_id
    deleted = await wire("DELETE", "/delete", authtoken=facilitator, object_ids=[siminar_id])
    assert deleted[1]["data"] == {"deleted": True}
    assert (await wire("GET", f"/jack/siminar/{siminar_id}", authtoken=facilitator))[0] == 404
    counts = wire.emulator.side_effects
    assert (counts["siminar.create"], counts["step.create"], counts["siminar.edit"], counts["siminar.delete"]) == (
        1,
        1,
        1,
        1,
    )


@pytest.mark.anyio
async def test_members_cart_and_private_responses(wire: Wire) -> None:
    facilitator = await wire.login(FACILITATOR_EMAIL, FACILITATOR_PASSWORD)
    member = await wire.login(student_email(1), student_password(1))
    buyer = await wire.login(student_email(2), student_password(2))
    buyer_id = (await wire("GET", "/authtoken", authtoken=buyer))[1]["data"]["user"]["_id"]
    path = f"/siminar/{SEED_SIMINAR_ID}/students"
    assert (await wire("POST", path, authtoken=buyer, user_id=buyer_id))[0] == 402
    assert (await wire("POST", path, authtoken=facilitator, user_id=buyer_id))[0] == 201
    assert (await wire("POST", path, authtoken=facilitator, user_id=buyer_id))[0] == 409
    listed = (await wire("GET", path, authtoken=facilitator))[1]["data"]
    assert [u["_id"] for u in listed["pending"]] == [buyer_id]
    assert (await wire("PUT", path, authtoken=buyer, approve=buyer_id))[0] == 403
    assert (await wire("DELETE", path, authtoken=facilitator, user_id=buyer_id))[1]["data"] == {"deleted": True}
    assert (await wire("GET", f"/siminar/{SEED_SIMINAR_ID}/teachers", authtoken=facilitator))[0] == 404

    status, body = await wire("POST", "/account/cart", authtoken=buyer, item_id=SEED_SIMINAR_ID)
    assert status == 200 and body["data"]["cart"]["price"] == 12
    assert (await wire("PUT", "/account/cart", authtoken=buyer))[0] == 412
    status, body = await wire("PUT", "/account/cart", authtoken=buyer, finalize=1)
    assert body["data"] == {"siminar_id": SEED_SIMINAR_ID, "paid": True}
    assert (await wire("PUT", "/account/cart", authtoken=buyer, finalize=1))[0] == 412
    assert (await wire("POST", "/account/cart", authtoken=buyer, item_id=SEED_SIMINAR_ID))[0] == 409

    step_id = "134937296241062751654962"
    mine = (await wire("GET", f"/responses/{step_id}", authtoken=member))[1]["data"]["responses"]
    theirs = (await wire("GET", f"/responses/{step_id}", authtoken=buyer))[1]["data"]["responses"]
    assert len(mine) == 2 and len(theirs) == 1 and not theirs[0]["is_private"]
    assert "voters" not in theirs[0]
    assert (await wire("GET", "/response/" + mine[1]["_id"], authtoken=buyer))[0] == 404
    assert (await wire("POST", f"/vote/{theirs[0]['_id']}", authtoken=buyer, vote=5))[0] == 412
    assert (await wire("POST", f"/vote/{theirs[0]['_id']}", authtoken=buyer))[1]["data"] == {"votes": 1}
    assert (await wire("GET", f"/done/{step_id}", authtoken=buyer))[0] == 405


def test_served_over_a_unix_socket() -> None:
    with (
        tempfile.TemporaryDirectory(prefix="rk-sim-") as folder,
        run_sandbox("siminars", uds=str(Path(folder) / "api.sock")) as sandbox,
    ):
        assert sandbox.uds is not None
        transport = httpx.HTTPTransport(uds=sandbox.uds)
        with httpx.Client(transport=transport, base_url="http://localhost") as client:
            reply = client.request("GET", "/urls", content=b'{"apitoken":"2"}', headers=JS)
        assert reply.status_code == 200 and "siminars" in reply.json()["data"]["urls"]
        assert sandbox.environment()["SIMINARS_ADDRESS"] == sandbox.uds


DOCUMENTED_KEYS = [
    "CreatedBy",
    "CreatedOn",
    "ModifiedBy",
    "ModifiedOn",
    "SiminarId",
    "_id",
    "admin_id",
    "allow_unverified_comments",
    "author",
    "author_id",
    "banner_url",
    "blurb",
    "bundle_ids",
    "deleted",
    "description",
    "done",
    "enforce_sequence",
    "featured_book",
    "free_steps",
    "has_completed",
    "has_started",
    "hidden_step_dict",
    "instructors",
    "invisible_instructors",
    "is_closed",
    "is_listed",
    "is_paid",
    "is_participation_moderated",
    "is_pro",
    "is_shared",
    "is_verified",
    "keep_access",
    "layout",
    "list_price",
    "locked_to_context",
    "logo_url",
    "marketing_facilitator",
    "marketing_featured_book",
    "oldest_step",
    "oldest_step_id",
    "plan_author_id",
    "plan_id",
    "promotional_video_asset_id",
    "purchase_price",
    "role",
    "session_ids",
    "show_outline",
    "show_title_over_banner",
    "siminar_ids",
    "siminar_type",
    "status",
    "step_dict",
    "steps",
    "steps_num",
    "students",
    "students_pending",
    "style",
    "subtitle",
    "testimonial",
    "title",
    "user_is_instructor",
    "user_is_nobody",
    "user_is_student",
    "user_is_unapproved",
    "user_needs_signup",
    "visited_by",
]


@pytest.mark.anyio
async def test_the_seed_siminar_reads_as_the_document_shows_it(wire: Wire) -> None:
    status, body = await wire("GET", f"/jack/siminar/{SEED_SIMINAR_ID}/")  # the document's trailing slash
    assert status == 200 and body["message"] == ""
    siminar = body["data"]["siminar"]
    assert sorted(siminar) == sorted(DOCUMENTED_KEYS)
    expected = {
        "CreatedOn": 0,
        "admin_id": FACILITATOR_ID,
        "author": None,
        "featured_book": ["136876039914810979336852"],
        "free_steps": 3,
        "instructors": [FACILITATOR_ID],
        "invisible_instructors": ["132985648455586944663702"],
        "is_listed": True,
        "is_paid": True,
        "is_pro": True,
        "layout": "two_column",
        "list_price": 20,
        "plan_id": "136798989944706737735425",
        "purchase_price": 12,
        "siminar_type": "retail",
        "status": 12,
        "steps_num": 5,
        "style": "step",
        "subtitle": "Concurrent Task Processor",
        "title": "Build a High Capacity Task Processor with MongoDB",
        "user_is_nobody": True,
        "user_needs_signup": True,
        "user_is_student": False,
    }
    assert {key: siminar[key] for key in expected} == expected
    assert siminar["description"].startswith("<p>We at <strong>siminars.com</strong>")
    assert siminar["description"].endswith("Signup &amp; let's find out ...</p>")
    assert siminar["steps"] == [
        "134937296241062751654962",
        "134936656326335937354962",
        "134943845527824879854962",
        "134963289888335063154962",
        "134946526481315149154962",
    ]
    steps = siminar["step_dict"]
    assert {step_id: steps[step_id]["sequence"] for step_id in steps} == {
        "134936656326335937354962": 2,
        "134937296241062751654962": 1,
        "134943845527824879854962": 3,
        "134946526481315149154962": 5,
        "134963289888335063154962": 4,
    }
    assert steps["134946526481315149154962"]["title"] == "ToDo"


@pytest.mark.anyio
async def test_an_emulator_failure_still_answers_an_envelope(wire: Wire, caplog: pytest.LogCaptureFixture) -> None:
    state = wire.emulator.state
    assert isinstance(state, SiminarsState)
    state.siminars[SEED_SIMINAR_ID]["steps"] = None  # corrupt a document
    status, body = await wire("GET", f"/jack/siminar/{SEED_SIMINAR_ID}")
    assert (status, body["message"], body["data"]) == (500, "Internal Error.", None)
    assert "the Siminars emulator failed on GET" in caplog.text
