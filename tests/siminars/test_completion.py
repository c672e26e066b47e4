"""Jedi (the completion engine of Emacs, Vim, Sublime and jedi-language-server) completes every
everyday Siminars path: client -> manager -> record -> navigation, sync and async, inside ``with``
and ``async with`` blocks, as the guide writes them.

Each path is a snippet ending where a user would type the dot; ``A(...)`` marks a call that the
async flavour awaits. The test fails when a name the user expects is not offered.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import jedi
import pytest

ROOT = Path(__file__).resolve().parents[2]

# Jedi reads the source tree (this worktree first), never the running interpreter's objects.
PROJECT = jedi.Project(path=ROOT, sys_path=[str(ROOT), *sys.path], load_unsafe_extensions=False)

# (name, setup lines inside the client block, the expression before the cursor, expected names)
PATHS: list[tuple[str, str, str, set[str]]] = [
    ("client", "", "api.", {"siminars", "bundles", "users", "cart", "jactions", "login", "whoami", "call"}),
    ("manager", "", "api.siminars.", {"list", "get", "create", "by_role"}),
    ("login", "", "A(api.login('a@b.c', 'pw')).", {"authtoken", "user_id"}),
    ("whoami", "", "A(api.whoami()).", {"roles", "unread_feed", "unread_forum", "bundles", "display_name", "user"}),
    ("me-roles", "", "A(api.whoami()).roles.", {"facilitating", "participating", "unlaunched", "siminars"}),
    ("me-feed", "", "A(api.whoami()).unread_feed[0].", {"id", "count"}),
    ("me-bundles", "", "A(api.whoami()).bundles.", {"bundles_dict", "facilitating", "participating"}),
    ("me-bundle", "", "A(api.whoami()).bundles.bundles_dict['x'].", {"id", "title"}),
    (
        "list-loop",
        "for siminar in A(api.siminars.list('facilitating')):",
        "    siminar.",
        {"title", "status", "steps", "launch", "members", "add_step", "plan", "refresh", "save", "changes"},
    ),
    ("get", "", "A(api.siminars.get('x')).", {"title", "user_is_student", "steps", "add_to_cart", "step_dict"}),
    ("create", "", "A(api.siminars.create('t')).", {"add_step", "launch", "delete"}),
    ("refresh", "siminar = A(api.siminars.get('x'))", "A(siminar.refresh()).", {"title", "launch"}),
    ("save", "siminar = A(api.siminars.get('x'))", "A(siminar.save()).", {"title", "launch"}),
    ("launch", "siminar = A(api.siminars.get('x'))", "A(siminar.launch()).", {"is_launched", "steps"}),
    ("outline", "siminar = A(api.siminars.get('x'))", "siminar.outline()[0].", {"sequence", "title"}),
    ("step-dict", "siminar = A(api.siminars.get('x'))", "siminar.step_dict['x'].", {"visited_on", "can_visit"}),
    (
        "steps-loop",
        "siminar = A(api.siminars.get('x'))\nfor step in A(siminar.steps()):",
        "    step.",
        {"title", "respond", "responses", "mark_done", "skip", "siminar", "save"},
    ),
    ("step-siminar", "step = A(api.steps.get('x'))", "A(step.siminar()).", {"title", "steps"}),
    ("respond", "step = A(api.steps.get('x'))", "A(step.respond('text')).", {"vote", "comment", "comments", "text"}),
    ("responses", "step = A(api.steps.get('x'))", "A(step.responses())[0].", {"votes", "vote", "is_private"}),
    (
        "comment",
        "step = A(api.steps.get('x'))\nanswer = A(step.respond('text'))",
        "A(answer.comment('nice')).",
        {"text", "response_id", "save", "delete"},
    ),
    ("members", "siminar = A(api.siminars.get('x'))", "A(siminar.members())[0].", {"display_name", "relations"}),
    ("plan", "siminar = A(api.siminars.get('x'))", "A(siminar.plan()).", {"bundles", "create_bundle", "title"}),
    (
        "plan-bundles",
        "plan = A(api.plans.get('x'))",
        "A(plan.bundles())[0].",
        {"sessions", "siminars", "add_siminar", "members", "create_session"},
    ),
    ("bundle-manager", "", "A(api.bundles.get('x')).", {"plan", "probable_siminars", "remove_siminar"}),
    ("sessions", "bundle = A(api.bundles.get('x'))", "A(bundle.sessions())[0].", {"bundle", "members", "starts_on"}),
    ("users", "", "A(api.users.get('x')).", {"display_name", "relations", "assets", "save"}),
    ("relations", "", "A(api.users.relations('x'))[0].", {"display_name", "relation"}),
    ("questions", "", "A(api.feedback.questions())[0].", {"id", "text"}),
    ("assets", "user = A(api.users.get('x'))", "A(user.assets())[0].", {"url", "kind", "owner_id"}),
    ("notifications", "", "A(api.users.notifications())[0].", {"text", "read", "object_id"}),
    ("cart", "", "A(api.cart.add('x')).", {"finalize", "price", "item_id", "clear"}),
    ("purchase", "cart = A(api.cart.add('x'))", "A(cart.finalize()).", {"paid", "siminar_id"}),
    ("price", "", "A(api.cart.price('x')).", {"price", "list_price", "purchase_price"}),
    ("coupon", "", "A(api.coupons.create('C', 'x', 10)).", {"code", "discount", "uses"}),
    ("jaction", "", "A(api.jactions.response('x')).", {"vote", "comments"}),
    ("copy", "", "api.with_options(authtoken=None).", {"siminars", "login", "whoami"}),
    ("copy-manager", "student = api.with_options(authtoken=None)", "student.cart.", {"add", "get", "price"}),
    ("document", "", "A(api.get_object('x')).", {"model_dump"}),
]

FLAVOURS = {
    "sync": ("from resourcekit.siminars import Siminars\n\nwith Siminars('/tmp/api.sock', '2') as api:\n", "    "),
    "async": (
        "from resourcekit.siminars import AsyncSiminars\n\n\n"
        "async def main() -> None:\n"
        "    async with AsyncSiminars('/tmp/api.sock', '2') as api:\n",
        "        ",
    ),
}


def snippet(flavour: str, setup: str, expression: str) -> str:
    """The user's code for one path, in one flavour, ending at the dot."""
    head, indent = FLAVOURS[flavour]
    awaited = "(await " if flavour == "async" else "("
    body = "\n".join(line for line in (setup, expression) if line)
    return head + textwrap.indent(body.replace("A(", awaited), indent)


def offered(code: str) -> set[str]:
    lines = code.split("\n")
    script = jedi.Script(code, path=ROOT / "completion_example.py", project=PROJECT)
    return {completion.name for completion in script.complete(len(lines), len(lines[-1]))}


def test_the_async_flavour_awaits_every_marked_call() -> None:
    code = snippet("async", "siminar = A(api.siminars.get('x'))", "A(siminar.plan()).")
    assert "siminar = (await api.siminars.get('x'))" in code
    assert code.endswith("        (await siminar.plan()).")
    assert "await" not in snippet("sync", "siminar = A(api.siminars.get('x'))", "A(siminar.plan()).")


@pytest.mark.parametrize("flavour", sorted(FLAVOURS))
@pytest.mark.parametrize(("setup", "expression", "expected"), [path[1:] for path in PATHS], ids=[p[0] for p in PATHS])
def test_jedi_completes(flavour: str, setup: str, expression: str, expected: set[str]) -> None:
    code = snippet(flavour, setup, expression)
    missing = expected - offered(code)
    assert not missing, f"Jedi does not offer {sorted(missing)} after:\n{code}"


def test_the_guide_opening_example_completes() -> None:
    """The first example of the guide, as written (no arguments: address and apitoken from the environment)."""
    code = (
        "from resourcekit.siminars import Siminars\n\n"
        "with Siminars() as api:\n"
        "    student = api.with_options(authtoken=None)\n"
        "    if '1' not in student.whoami().roles.participating:\n"
        "        cart = student.cart.add('1', coupon_code='MONGO50')\n"
        "        cart.finalize()."
    )
    assert {"paid", "siminar_id"} <= offered(code)


HOVERS = [
    ("A(api.siminars.get('x')).purchase_price", "The price actually charged (before any coupon)."),
    ("A(api.whoami()).roles.participating", "Siminars the user is a student of."),
    ("A(api.whoami()).unread_feed[0].count", "How many entries are unread."),
]


@pytest.mark.parametrize("flavour", sorted(FLAVOURS))
@pytest.mark.parametrize(("expression", "description"), HOVERS, ids=[h[0].rsplit(".", 1)[1] for h in HOVERS])
def test_jedi_hover_shows_the_field_description(flavour: str, expression: str, description: str) -> None:
    code = snippet(flavour, "", expression)
    lines = code.split("\n")
    script = jedi.Script(code, path=ROOT / "completion_example.py", project=PROJECT)
    shown = [name.docstring() for name in script.help(len(lines), len(lines[-1]) - 1)]
    assert description in shown, f"Jedi shows {shown} for {expression}"
