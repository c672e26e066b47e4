"""`resourcekit siminars coupons|assets|feedback ...` and `siminars delete-steps` against the
Siminars sandbox over HTTP: listings as tables and JSON, deletions over many targets."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from resourcekit.cli.main import app
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

runner = CliRunner()
MISSING_ID = "999999999999999999999999"


@pytest.fixture(scope="module")
def siminars() -> Iterator[RunningSandbox]:
    with run_sandbox("siminars") as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def env(siminars: RunningSandbox) -> dict[str, str]:
    """The facilitator, signed in."""
    with siminars.client() as api:
        token = api.login(siminars.credentials["email"], siminars.credentials["password"]).authtoken
    return {**siminars.environment(), "SIMINARS_AUTHTOKEN": token}


@pytest.fixture(scope="module")
def siminar_id(siminars: RunningSandbox, env: dict[str, str]) -> str:
    with siminars.client(authtoken=env["SIMINARS_AUTHTOKEN"]) as api:
        return api.siminars.list("facilitating")[0].id


def invoke(env: dict[str, str], *arguments: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["siminars", *arguments], env=env)
    return result.exit_code, result.stdout, result.stderr


def outcomes(output: str) -> list[tuple[str, str]]:
    return [(row["target"], row["status"]) for row in json.loads(output)]


def test_coupons_list_and_delete(siminars: RunningSandbox, env: dict[str, str], siminar_id: str) -> None:
    with siminars.client(authtoken=env["SIMINARS_AUTHTOKEN"]) as api:
        made = [api.coupons.create(f"BULK{n}", siminar_id, 10 * n).code for n in (1, 2)]
    code, out, err = invoke(env, "coupons", "list", "--json")
    assert code == 0, err
    listed = {row["code"]: row for row in json.loads(out)}
    assert set(made) <= set(listed) and listed["BULK2"]["discount"] == 20
    code, out, _ = invoke(env, "coupons", "list")
    assert "BULK1" in out and "discount" in out  # a table

    code, out, err = invoke(env, "coupons", "delete", *made, "NO-SUCH-CODE", "--yes", "--json")
    assert code == 1
    assert outcomes(out) == [("BULK1", "ok"), ("BULK2", "ok"), ("NO-SUCH-CODE", "failed")]
    assert json.loads(out)[0]["detail"] == "deleted (used 0 times)"
    assert json.loads(out)[2]["detail"].startswith("SiminarsNotFoundError")
    assert siminars.side_effects["coupon.delete"] == 2
    with siminars.client(authtoken=env["SIMINARS_AUTHTOKEN"]) as api:
        assert not set(made) & {coupon.code for coupon in api.coupons.list()}


def test_assets_list_and_delete(siminars: RunningSandbox, env: dict[str, str], siminar_id: str) -> None:
    with siminars.client(authtoken=env["SIMINARS_AUTHTOKEN"]) as api:
        made = api.assets.create(siminar_id, "Slides ✨", "https://files.example.invalid/slides.pdf").id
    code, out, err = invoke(env, "assets", "list", siminar_id, "--json")
    assert code == 0, err
    assert {"id": made, "title": "Slides ✨"}.items() <= next(r for r in json.loads(out) if r["id"] == made).items()

    writes = siminars.side_effects.total()
    code, out, _ = invoke(env, "assets", "delete", made, "--dry-run")
    assert code == 0 and "planned" in out and siminars.side_effects.total() == writes
    code, out, _ = invoke(env, "assets", "delete", made, MISSING_ID, "not-an-id", "--yes", "--json")
    assert code == 1
    assert outcomes(out) == [(made, "ok"), (MISSING_ID, "failed"), ("not-an-id", "failed")]
    rows = json.loads(out)
    assert rows[0]["detail"] == "deleted Slides ✨"
    assert rows[2]["detail"].startswith("InvalidInputError")  # refused before sending
    code, out, _ = invoke(env, "assets", "list", siminar_id, "--json")
    assert made not in {row["id"] for row in json.loads(out)}


def test_feedback_list_and_delete_only_your_own(siminars: RunningSandbox, env: dict[str, str], siminar_id: str) -> None:
    with siminars.client(authtoken=env["SIMINARS_AUTHTOKEN"]) as api:
        mine = api.feedback.create(siminar_id, 4, "Clear and short")
    code, out, err = invoke(env, "feedback", "list", "--object", siminar_id, "--json")
    assert code == 0, err
    assert [(row["id"], row["rating"], row["text"]) for row in json.loads(out)] == [(mine, 4, "Clear and short")]

    deletions = siminars.side_effects.total()
    # The siminar's own id is an object the API would delete; it is not feedback, so it is refused.
    code, out, err = invoke(env, "feedback", "delete", mine, siminar_id, "--yes", "--json")
    assert code == 1
    assert outcomes(out) == [(mine, "ok"), (siminar_id, "failed")]
    rows = json.loads(out)
    assert rows[0]["detail"] == "deleted (rated 4)"
    assert rows[1]["detail"] == f"InvalidInputError: none of your feedback has the id {siminar_id}"
    assert siminars.side_effects.total() == deletions + 1 and siminars.side_effects["siminar.delete"] == 0
    code, out, _ = invoke(env, "feedback", "list", "--json")
    assert mine not in {row["id"] for row in json.loads(out)}


def test_delete_steps(siminars: RunningSandbox, env: dict[str, str]) -> None:
    with siminars.client(authtoken=env["SIMINARS_AUTHTOKEN"]) as api:
        draft = api.siminars.create("Steps to drop")
        made = [draft.add_step(f"Étape {n}").id for n in (1, 2, 3)]
    code, out, err = invoke(env, "siminars", "delete-steps", made[0], made[2], MISSING_ID, "--yes", "--json")
    assert code == 1
    assert outcomes(out) == [(made[0], "ok"), (made[2], "ok"), (MISSING_ID, "failed")]
    assert json.loads(out)[1]["detail"] == "deleted Étape 3"
    assert "3 item(s): 2 ok, 1 failed" in err
    code, out, _ = invoke(env, "siminars", "steps", draft.id, "--json")
    assert [(row["id"], row["sequence"]) for row in json.loads(out)] == [(made[1], 1)]


def test_the_new_deletions_ask_first(env: dict[str, str]) -> None:
    for command in (["coupons", "delete", "ANY"], ["assets", "delete", MISSING_ID], ["feedback", "delete", MISSING_ID]):
        code, out, err = invoke(env, *command)
        assert (code, out) == (1, "")
        assert "Refusing without a terminal to ask on; add --yes to do it." in err
