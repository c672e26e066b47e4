"""Access rule helpers, record fields and the hooks' reply parsing."""

from __future__ import annotations

import pickle

import httpx
import pytest

from resourcekit.core.errors import InvalidInputError, ReadOnlyFieldError, ResponseValidationError
from resourcekit.core.request import RequestSpec
from resourcekit.ovh import AccessRule, Bill, CredentialRequest, DedicatedServer, rules
from resourcekit.ovh.hooks import OAUTH2_TOKEN_CONTEXT, OVHHooks
from resourcekit.ovh.models import RedirectionData

METHODS = ["GET", "POST", "PUT", "DELETE"]


def pairs(found: list[AccessRule]) -> list[tuple[str, str]]:
    return [(rule.method, rule.path) for rule in found]


def test_recursive_rules_as_python_ovh_builds_them() -> None:
    assert pairs(rules.recursive_rules(rules.API_READ_WRITE, "/sms/*")) == [(m, "/sms") for m in METHODS] + [
        (m, "/sms/*") for m in METHODS
    ]
    assert pairs(rules.recursive_rules(rules.API_READ_WRITE, "/")) == [(m, "/*") for m in METHODS]
    assert pairs(rules.recursive_rules(["get"], "/me/ ")) == [("GET", "/me"), ("GET", "/me/*")]


def test_rule_helpers() -> None:
    assert pairs(rules.read_only("/me")) == [("GET", "/me")]
    assert pairs(rules.read_write_safe("/me")) == [("GET", "/me"), ("POST", "/me"), ("PUT", "/me")]
    assert pairs(rules.read_write("/me")) == [(m, "/me") for m in METHODS]
    assert pairs(rules.read_only("/dedicated/server", recursive=True)) == [
        ("GET", "/dedicated/server"),
        ("GET", "/dedicated/server/*"),
    ]
    assert pairs(rules.rules(["delete"], "/me/api/credential/*")) == [("DELETE", "/me/api/credential/*")]
    with pytest.raises(InvalidInputError, match="unknown HTTP method 'PATCH'"):
        rules.rules(["PATCH"], "/me")
    with pytest.raises(InvalidInputError, match="starts with '/'"):
        rules.read_only("me")


def test_access_rule_parse() -> None:
    assert AccessRule.parse("get:/me") == AccessRule(method="GET", path="/me")
    assert AccessRule.parse("DELETE:/me/api/credential/*").path == "/me/api/credential/*"
    for text in ("/me", "GET /me", "FETCH:/me", "GET:me"):
        with pytest.raises(InvalidInputError):
            AccessRule.parse(text)


BILL = {
    "billId": "FR1",
    "category": "purchase",
    "date": "2018-05-15T15:49:06+02:00",
    "orderId": 7,
    "password": "hunter2",
    "pdfUrl": "https://example.invalid/1.pdf",
    "url": "https://example.invalid/1",
    "priceWithTax": {"value": 45.44, "text": "45.44 \u20ac", "currencyCode": "EUR"},
    "priceWithoutTax": {"value": 37.87, "text": "37.87 \u20ac", "currencyCode": "EUR"},
    "tax": {"value": 7.57, "text": "7.57 \u20ac", "currencyCode": "EUR"},
    "someNewField": 1,
}


def test_bill_fields_aliases_and_unknown_fields() -> None:
    bill = Bill.model_validate(BILL)
    assert bill.price_with_tax.text == "45.44 \u20ac"
    assert bill.date.utcoffset() is not None
    assert bill.someNewField == 1  # pyright: ignore[reportAttributeAccessIssue]
    assert "hunter2" not in repr(bill)
    with pytest.raises(ReadOnlyFieldError, match="read-only"):
        bill.category = "autorenew"
    restored = pickle.loads(pickle.dumps(bill))
    assert restored == bill
    assert not restored.is_bound


def test_credential_request_repr_hides_the_consumer_key() -> None:
    request = CredentialRequest.model_validate(
        {
            "validationUrl": "https://x.invalid/auth/?credentialToken=tok",
            "consumerKey": "s3cr3tck",
            "state": "pendingValidation",
        }
    )
    assert "s3cr3tck" not in repr(request)
    assert request.consumer_key == "s3cr3tck"


def test_server_changes_are_by_wire_name() -> None:
    server = DedicatedServer.model_validate(
        {
            "name": "ns1.example.net",
            "serverId": 1,
            "datacenter": "sbg1",
            "ip": "1.2.3.4",
            "os": "debian12_64",
            "powerState": "poweron",
            "professionalUse": False,
            "rack": "R1",
            "supportLevel": "pro",
            "monitoring": True,
            "noIntervention": False,
            "state": "ok",
        }
    )
    server.no_intervention = True
    server.monitoring = True
    assert server.changes() == {"noIntervention": True}
    redirection = RedirectionData.model_validate({"id": "1", "from": "a@b.c", "to": "d@e.f"})
    assert redirection.from_ == "a@b.c"


def _reply(status: int, content: bytes, content_type: str = "application/json") -> httpx.Response:
    return httpx.Response(status, content=content, headers={"content-type": content_type, "X-Ovh-QueryID": "Q1"})


SPEC = RequestSpec("GET", "/me")


def test_hooks_parse_empty_204_json_and_text() -> None:
    hooks = OVHHooks()
    assert hooks.parse(_reply(204, b""), SPEC) is None
    assert hooks.parse(_reply(200, b"  "), SPEC) is None
    assert hooks.parse(_reply(200, b"null"), SPEC) is None
    assert hooks.parse(_reply(200, b"1457018881"), SPEC) == 1457018881
    assert hooks.parse(_reply(502, b"<html>bad gateway</html>", "text/html"), SPEC) == "<html>bad gateway</html>"
    assert hooks.parse(_reply(200, b"<html>ok</html>", "text/html"), SPEC) == "<html>ok</html>"
    with pytest.raises(ResponseValidationError):
        hooks.parse(_reply(200, b"{broken"), SPEC)
    assert hooks.parse(_reply(500, b"{broken"), SPEC) == "{broken"


def test_hooks_map_errors_with_query_id() -> None:
    hooks = OVHHooks()
    reply = _reply(404, b'{"message":"gone"}')
    error = hooks.map_error(reply, hooks.parse(reply, SPEC), SPEC)
    assert error is not None and error.request_id == "Q1" and error.message == "gone"
    token_spec = RequestSpec("POST", "/token", context={OAUTH2_TOKEN_CONTEXT: True})
    ok = _reply(200, b'{"access_token":"t","expires_in":3}')
    assert hooks.map_error(ok, hooks.parse(ok, token_spec), token_spec) is None
    missing = _reply(200, b'{"token_type":"Bearer"}')
    assert hooks.map_error(missing, hooks.parse(missing, token_spec), token_spec) is not None


def test_redactor_masks_ovh_headers() -> None:
    redactor = OVHHooks.redactor
    shown = redactor.headers(
        [("X-Ovh-Application", "ak"), ("X-Ovh-Consumer", "ck"), ("X-Ovh-Signature", "$1$x"), ("X-Ovh-Timestamp", "1")]
    )
    assert shown == {
        "X-Ovh-Application": "***",
        "X-Ovh-Consumer": "***",
        "X-Ovh-Signature": "***",
        "X-Ovh-Timestamp": "1",
    }
