"""The records, the client's requests and the sandbox's routes and replies agree with the description."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, cast

import pytest
from pydantic import BaseModel

from resourcekit.core.response import capture_responses
from resourcekit.sandbox.server import inprocess_sandbox
from resourcekit.sandbox.siminars.state import SEED_PLAN_ID, SEED_SIMINAR_ID
from resourcekit.siminars import Siminars, models
from resourcekit.siminars.urls import BUILTIN_URLS
from tests.contract import harness

SPEC = harness.load("siminars.openapi.yaml")

RECORDS: list[tuple[type[BaseModel], str]] = [
    (models.SiminarData, "Siminar"),
    (models.StepInfo, "StepInfo"),
    (models.StepData, "Step"),
    (models.UserData, "User"),
    (models.MeData, "Me"),
    (models.PlanData, "Plan"),
    (models.BundleData, "Bundle"),
    (models.SessionData, "Session"),
    (models.AssetData, "Asset"),
    (models.Notification, "Notification"),
    (models.FeedbackData, "Feedback"),
    (models.FeedbackQuestion, "FeedbackQuestion"),
    (models.TestimonialData, "Testimonial"),
    (models.CouponData, "Coupon"),
    (models.CartData, "Cart"),
    (models.Purchase, "Purchase"),
    (models.Price, "Price"),
    (models.ResponseData, "StepResponse"),
    (models.CommentData, "Comment"),
    (models.Login, "Login"),
]


@pytest.mark.parametrize(("record", "schema"), RECORDS, ids=[schema for _, schema in RECORDS])
def test_records_match_their_schemas(record: type[BaseModel], schema: str) -> None:
    harness.assert_record_matches_schema(record, SPEC, schema)


def test_the_route_table_is_the_described_one() -> None:
    described = {re.sub(r"\{(\w+)\}", r"%(\1)s", path) for path in SPEC["paths"]}
    for name, template in BUILTIN_URLS.items():
        if name == "jaction":
            continue
        assert template in described, f"route {name} ({template}) is not described"


def test_every_described_operation_is_served() -> None:
    with inprocess_sandbox("siminars") as sandbox:
        harness.assert_routes_served(SPEC, sandbox.emulator.app)


# -- a small JSON Schema checker (the subset the description uses) ------------------------------


def _resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    return harness._resolve(SPEC, node)  # pyright: ignore[reportPrivateUsage]


TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
}


def conforms(value: Any, node: Mapping[str, Any], where: str = "$") -> list[str]:
    """The ways ``value`` breaks the schema ``node`` (empty when it conforms)."""
    node = _resolve(node)
    problems: list[str] = []
    for part in node.get("allOf", []):
        problems += conforms(value, part, where)
    if "oneOf" in node and all(conforms(value, option, where) for option in node["oneOf"]):
        problems.append(f"{where}: matches none of oneOf")
    kinds = node.get("type")
    if kinds is not None:
        allowed = [kinds] if isinstance(kinds, str) else list(kinds)
        ok = any(
            isinstance(value, TYPES[kind]) and not (kind == "integer" and isinstance(value, bool)) for kind in allowed
        )
        if not ok:
            return [*problems, f"{where}: {value!r} is not {kinds}"]
    if "enum" in node and value not in node["enum"]:
        problems.append(f"{where}: {value!r} not in {node['enum']}")
    if "pattern" in node and isinstance(value, str) and not re.search(node["pattern"], value):
        problems.append(f"{where}: {value!r} does not match {node['pattern']}")
    if isinstance(value, dict):
        document = cast("dict[str, Any]", value)
        problems += [f"{where}: missing {key}" for key in node.get("required", []) if key not in document]
        properties: Mapping[str, Any] = node.get("properties", {})
        extra = node.get("additionalProperties")
        for key, item in document.items():
            if key in properties:
                problems += conforms(item, properties[key], f"{where}.{key}")
            elif isinstance(extra, dict) and extra:
                problems += conforms(item, cast("Mapping[str, Any]", extra), f"{where}.{key}")
    if isinstance(value, list) and "items" in node:
        for index, item in enumerate(cast("list[Any]", value)):
            problems += conforms(item, node["items"], f"{where}[{index}]")
    return problems


def reply_schema(operation_id: str, status: int) -> Mapping[str, Any]:
    for item in SPEC["paths"].values():
        for method in harness.HTTP_METHODS:
            operation = item.get(method)
            if operation is not None and operation.get("operationId") == operation_id:
                reply = _resolve(operation["responses"][str(status)])
                return cast("Mapping[str, Any]", reply["content"]["application/json"]["schema"])
    raise AssertionError(f"{operation_id} answers no {status}")


def test_the_checker_catches_disagreements() -> None:
    schema = SPEC["components"]["schemas"]["Siminar"]
    assert conforms({"_id": SEED_SIMINAR_ID, "title": "t", "status": 12, "steps": []}, schema) == []
    assert conforms({"_id": "12", "title": "t", "status": 12, "steps": []}, schema)
    assert conforms({"_id": SEED_SIMINAR_ID, "title": "t", "status": "12", "steps": []}, schema)
    assert conforms({"title": "t", "status": 12, "steps": []}, schema) == ["$: missing _id"]


def test_client_requests_and_sandbox_replies_follow_the_description() -> None:
    """A tour of most operations: each request is described, each reply fits its schema."""
    with inprocess_sandbox("siminars") as sandbox, capture_responses() as log:
        credentials = sandbox.credentials
        api: Siminars = sandbox.client()
        with api:
            api.login_with("google", credentials["google_access_token"])
            api.associate("facebook", "contract-facebook-token")
            api.login(credentials["email"], credentials["password"])
            api.whoami()
            api.siminars.list()
            seed = api.siminars.get(SEED_SIMINAR_ID)
            steps = seed.steps()
            api.steps.get(steps[0].id)
            created = api.siminars.create("Contract")
            created.title = "Contract, edited"
            created.save()
            created.add_step("One")
            created.launch()
            student = api.with_options(authtoken=None)
            student.login(credentials["other_email"], credentials["other_password"])
            created.add_member(str(student.user_id))
            created.pending_members()
            created.approve_member(str(student.user_id))
            created.members()
            created.remove_member(str(student.user_id))
            plan = api.plans.get(SEED_PLAN_ID)
            plan.title = "Plan"
            plan.save()
            bundle = plan.create_bundle("B")
            bundle.add_siminar(created.id)
            bundle.siminars()
            bundle.probable_siminars()
            bundle.remove_siminar(created.id)
            session = bundle.create_session("S", starts_on=1, ends_on=2)
            bundle.sessions()
            session.members()
            api.bundles.list()
            api.users.list()
            api.users.relations(str(api.user_id))
            api.users.notifications()
            api.assets.list(SEED_SIMINAR_ID)
            api.feedback.questions()
            api.testimonials.list(SEED_SIMINAR_ID)
            api.coupons.get("MONGO50")
            api.cart.price(SEED_SIMINAR_ID)
            response = steps[0].responses()[0]
            response.comments()
            api.jactions.vote(response.id)
            api.get_object(SEED_PLAN_ID)
            cart = student.cart.add(SEED_SIMINAR_ID)
            cart.finalize()
            student.steps.get(steps[0].id).mark_done()
            session.delete()
            bundle.delete()
            created.delete()
            student.logout()
            api.logout()
    seen = harness.assert_requests_described(SPEC, [(r.method, r.url) for r in log])
    assert len(seen) >= 40 and "associate" in seen
    for exchange in log:
        operation = harness.match_operation(SPEC, exchange.method, exchange.url)
        assert operation is not None
        schema = reply_schema(operation, exchange.status_code)
        problems = conforms(exchange.parsed, schema)
        assert not problems, f"{operation}: {problems[:5]}"


def test_the_description_is_well_formed() -> None:
    assert SPEC["openapi"].startswith("3.1")
    operation_ids = [
        operation["operationId"]
        for item in SPEC["paths"].values()
        for method, operation in item.items()
        if method in harness.HTTP_METHODS
    ]
    assert len(operation_ids) == len(set(operation_ids)), "operationIds repeat"

    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            found = [str(v) for k, v in cast("dict[str, Any]", node).items() if k == "$ref"]
            return found + [ref for value in cast("dict[str, Any]", node).values() for ref in refs(value)]
        if isinstance(node, list):
            return [ref for value in cast("list[Any]", node) for ref in refs(value)]
        return []

    for ref in refs(SPEC):
        _resolve({"$ref": ref})  # raises KeyError when dangling
    for path, item in SPEC["paths"].items():
        for name in re.findall(r"\{(\w+)\}", path):
            declared = [
                parameter["name"]
                for method, operation in item.items()
                if method in harness.HTTP_METHODS
                for parameter in operation.get("parameters", item.get("parameters", []))
            ]
            assert name in declared, f"{path} does not declare {name}"


def test_error_replies_follow_the_error_envelope() -> None:
    from resourcekit.siminars import SiminarsError

    schema = SPEC["components"]["schemas"]["ErrorEnvelope"]
    with inprocess_sandbox("siminars") as sandbox:
        api: Siminars = sandbox.client(max_retries=0)
        with api:
            failures = [
                lambda: api.whoami(),
                lambda: api.login(sandbox.credentials["email"], "wrong"),
                lambda: api.siminars.get("999999999999999999918098"),
                lambda: api.steps.get("134963289888335063154962"),
                lambda: api.call("ticker"),
            ]
            for failure in failures:
                with pytest.raises(SiminarsError) as error:
                    failure()
                assert conforms(error.value.raw, schema) == [], error.value
                assert error.value.raw["message"] == error.value.message
