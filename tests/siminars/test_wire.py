"""The pure protocol: addresses, login digests, routes, request encoding, envelopes, typed errors."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from resourcekit.core.errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ResponseValidationError,
    ServerError,
)
from resourcekit.core.request import RequestSpec
from resourcekit.siminars import wire
from resourcekit.siminars.errors import (
    AccessDeniedError,
    InternalServerError,
    InvalidParamError,
    LoginRequiredError,
    NotAllowedError,
    PaymentRequiredError,
    SiminarsConflictError,
    SiminarsError,
    SiminarsNotFoundError,
    UnknownRouteError,
)
from resourcekit.siminars.urls import BUILTIN_URLS


@pytest.mark.parametrize(
    ("address", "base_url", "uds"),
    [
        ("/tmp/api.sock", "http://localhost", "/tmp/api.sock"),
        ("./run/api.sock", "http://localhost", "./run/api.sock"),
        ("api.sock", "http://localhost", "api.sock"),
        ("127.0.0.1", "http://127.0.0.1:8000", None),
        ("127.0.0.1:8032", "http://127.0.0.1:8032", None),
        ("siminars.local", "http://siminars.local:8000", None),
        ("[::1]:9000", "http://[::1]:9000", None),
        ("http://192.168.33.10:8032", "http://192.168.33.10:8032", None),
        ("https://api.example.org/v1/", "https://api.example.org/v1", None),
        ("  localhost:8000  ", "http://localhost:8000", None),
    ],
)
def test_addresses(address: str, base_url: str, uds: str | None) -> None:
    parsed = wire.parse_address(address)
    assert (parsed.base_url, parsed.uds) == (base_url, uds)
    assert str(parsed) == (uds or base_url)


@pytest.mark.parametrize("address", ["", "   ", "ftp://host", "host:99999", "host:port", "http://", "a b"])
def test_bad_addresses(address: str) -> None:
    with pytest.raises(InvalidInputError):
        wire.parse_address(address)


def test_login_digest_is_md5_of_lowercased_email_then_password() -> None:
    # Computed by hand: printf '%s' 'someone@example.coms3cret' | md5sum
    assert wire.make_password("Someone@Example.COM", "s3cret") == "7f78f38abaa2323a5ff9a5a291bd0703"
    assert wire.make_password("someone@example.com", "s3cret") == "7f78f38abaa2323a5ff9a5a291bd0703"
    # UTF-8: printf '%s' 'josé@example.comcontraseña' | md5sum
    assert wire.make_password("José@example.com", "contraseña") == "f620e729e9061f5eaa3d018540f9fc24"
    data = wire.login_data(" Someone@Example.COM ", "s3cret")
    assert data == {"email": "Someone@Example.COM", "password": "7f78f38abaa2323a5ff9a5a291bd0703"}
    with pytest.raises(InvalidInputError):
        wire.login_data("no-at-sign", "x")
    with pytest.raises(InvalidInputError):
        wire.login_data("a@b.c", "")


def test_status_names() -> None:
    assert wire.Status.OK == wire.Status.PASS == 200
    assert wire.Status(412) is wire.Status.INVALID_PARAM is wire.Status.NULL_PARAM is wire.Status.CONDITION_FAIL
    assert wire.Status(500) is wire.Status.INTERNAL_ERROR is wire.Status.FAIL
    assert [wire.Status(code).name for code in (201, 202, 205, 303, 401, 402, 403, 404, 405, 409)] == [
        "CREATED",
        "ACCEPTED",
        "RESET",
        "SEE_OTHER",
        "LOGIN_REQUIRED",
        "PAYMENT_REQUIRED",
        "ACCESS_DENIED",
        "NOT_FOUND",
        "NOT_ALLOWED",
        "CONFLICT",
    ]
    assert wire.status_name(418) == "HTTP 418" and wire.status_name(None) == "UNKNOWN"


@pytest.mark.parametrize(
    ("status", "error_class", "core_class"),
    [
        (401, LoginRequiredError, AuthenticationError),
        (402, PaymentRequiredError, PermissionDeniedError),
        (403, AccessDeniedError, PermissionDeniedError),
        (404, SiminarsNotFoundError, NotFoundError),
        (405, NotAllowedError, PermissionDeniedError),
        (409, SiminarsConflictError, ConflictError),
        (412, InvalidParamError, BadRequestError),
        (500, InternalServerError, ServerError),
        (418, InvalidParamError, BadRequestError),
        (503, InternalServerError, ServerError),
    ],
)
def test_errors_are_typed_by_status_and_keep_the_message(
    status: int, error_class: type[SiminarsError], core_class: type[Exception]
) -> None:
    body = {"status": status, "message": "The server said why.", "data": None}
    error = wire.envelope_error(status, body)
    assert isinstance(error, error_class) and isinstance(error, core_class)
    assert error.status == status and error.message == "The server said why." and error.raw == body
    assert error.status_name == wire.status_name(status)


def test_error_statuses_inside_a_200_reply_and_non_json_bodies() -> None:
    inside = wire.envelope_error(200, {"status": 404, "message": "gone", "data": None})
    assert isinstance(inside, SiminarsNotFoundError) and inside.message == "gone"
    assert wire.envelope_error(200, {"status": 200, "message": "", "data": {}}) is None
    assert wire.envelope_error(201, None) is None
    plain = wire.envelope_error(502, "Bad gateway from the proxy", "Bad gateway from the proxy")
    assert isinstance(plain, InternalServerError) and plain.message == "Bad gateway from the proxy"
    bare = wire.envelope_error(409, None)
    assert isinstance(bare, SiminarsConflictError) and bare.message == "CONFLICT"


def test_routes_expand_and_unknown_names_are_refused() -> None:
    assert wire.route_parameters(BUILTIN_URLS["session_users"]) == ["session_id", "role"]
    assert wire.expand("/siminar/%(siminar_id)s/%(role)s", {"siminar_id": 12, "role": "students"}) == (
        "/siminar/12/students"
    )
    assert wire.expand("/jack/step/%(step_id)s", {"step_id": "a?b c"}) == "/jack/step/a%3Fb%20c"
    with pytest.raises(InvalidInputError, match="step_id cannot contain '/'"):
        wire.expand("/jack/step/%(step_id)s", {"step_id": "a/b"})
    with pytest.raises(InvalidInputError, match="needs siminar_id, role"):
        wire.expand("/siminar/%(siminar_id)s/%(role)s", {"role": ""})
    assert wire.resolve_route(BUILTIN_URLS, "jaction", {"handle": "vote", "object_id": "1"}) == "/vote/1"
    with pytest.raises(UnknownRouteError, match="no Siminars route named 'nope'") as unknown:
        wire.resolve_route(BUILTIN_URLS, "nope", {})
    assert isinstance(unknown.value, InvalidInputError) and isinstance(unknown.value, KeyError)


def test_url_map_parsing() -> None:
    assert wire.parse_url_map({"urls": {"a": "/a", "b": 3}}) == {"a": "/a"}
    bad_maps: list[Any] = [None, {}, {"urls": {}}, {"urls": ["/a"]}]
    for bad in bad_maps:
        with pytest.raises(ResponseValidationError):
            wire.parse_url_map(bad)


def body_of(spec: RequestSpec) -> bytes:
    """A request's body, which Siminars always sends whole (never streamed)."""
    assert isinstance(spec.content, bytes)
    return spec.content


def test_requests_carry_tokens_explicitly_as_javascript_json() -> None:
    spec = wire.encode_request("post", "/jack/siminars", {"title": "T"}, apitoken="2", authtoken="tok")
    assert spec.method == "POST" and spec.url == "/jack/siminars" and spec.params is None
    assert spec.headers["Content-Type"] == "application/javascript"
    assert json.loads(body_of(spec)) == {"title": "T", "apitoken": "2", "authtoken": "tok"}
    assert not spec.is_idempotent and spec.context["route"] == "/jack/siminars"

    anonymous = wire.encode_request("GET", "/get", {"object_ids": ["1", "2"], "n": 3}, apitoken="2")
    assert json.loads(body_of(anonymous)) == {"object_ids": ["1", "2"], "n": 3, "apitoken": "2"}
    assert anonymous.params == [("object_ids", '["1","2"]'), ("n", 3), ("apitoken", "2")]
    assert anonymous.is_idempotent

    finalize = wire.encode_request("PUT", "/account/cart", {"finalize": 1}, apitoken="2", idempotent=False)
    assert not finalize.is_idempotent


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("PATCH", "/a", None),
        ("GET", "a", None),
        ("GET", "/a", {"apitoken": "3"}),
        ("GET", "/a", {"authtoken": "someone else's"}),
    ],
)
def test_bad_requests_are_refused_before_sending(method: str, path: str, data: dict[str, Any] | None) -> None:
    with pytest.raises(InvalidInputError):
        wire.encode_request(method, path, data, apitoken="2")


def test_envelopes_and_crud_replies() -> None:
    assert wire.unwrap({"status": 200, "message": "", "data": {"a": 1}}) == {"a": 1}
    bad_envelopes: list[Any] = [None, [], {"data": {}}, {"status": "200", "data": {}}, {"status": 200}]
    for bad in bad_envelopes:
        with pytest.raises(ResponseValidationError):
            wire.unwrap(bad)
    assert wire.created_id({"created": "138400000000000000018098"}) == "138400000000000000018098"
    assert wire.created_id({"created": 7}) == "7"
    bad_replies: list[Any] = [{"created": True}, {"created": None}, {}, None]
    for bad_created in bad_replies:
        with pytest.raises(ResponseValidationError):
            wire.created_id(bad_created)
    assert wire.payload_item({"siminar": {"_id": "1"}}, "siminar") == {"_id": "1"}
    with pytest.raises(ResponseValidationError):
        wire.payload_item({"siminar": []}, "siminar")
    assert wire.payload_list({"steps": [{"_id": "1"}]}, "steps") == [{"_id": "1"}]
    with pytest.raises(ResponseValidationError):
        wire.payload_list({"steps": ["1"]}, "steps")
    with pytest.raises(ResponseValidationError):
        wire.payload_list({}, "steps")
    assert wire.changed_data({"status": 12}) == {"changed_data": {"status": 12}}
    with pytest.raises(InvalidInputError):
        wire.changed_data({})


def test_ids() -> None:
    authtoken_id = "138097802129319459855057"
    assert wire.check_id(f" {authtoken_id} ") == authtoken_id
    assert wire.id_created_on(authtoken_id) == 1380978021293
    assert wire.id_kind(authtoken_id) == "authtoken"
    assert wire.id_kind("134936656289522642318098") == "siminar"
    assert wire.id_kind("133071947969939498163702") == "user"
    assert wire.id_kind("134936656289522642300000") is None
    for bad in ("1234", "13493665628952264231809x", "1349366562895226423180981"):
        with pytest.raises(InvalidInputError, match="24 digits"):
            wire.check_id(bad, "siminar")
    assert wire.check_role("students") == "students"
    with pytest.raises(InvalidInputError):
        wire.check_role("teachers")


def test_hooks_map_errors_and_mask_secrets() -> None:
    hooks = wire.SiminarsHooks()
    spec = wire.encode_request("GET", "/authtoken", {"x": 1}, apitoken="2", authtoken="s3cr3t-token")
    request = httpx.Request("GET", "http://h/authtoken?x=1&apitoken=2&authtoken=s3cr3t-token")
    response = httpx.Response(401, json={"status": 401, "message": "Login Required.", "data": None}, request=request)
    error = hooks.map_error(response, hooks.parse(response, spec), spec)
    assert isinstance(error, LoginRequiredError) and error.message == "Login Required."
    ok = httpx.Response(200, json={"status": 200, "message": "", "data": {}}, request=request)
    assert hooks.map_error(ok, hooks.parse(ok, spec), spec) is None
    shown_url = hooks.redactor.url(str(request.url))
    assert "s3cr3t-token" not in shown_url and "apitoken=***" in shown_url
    shown_body = hooks.redactor.body(body_of(spec), "application/javascript")
    assert "s3cr3t-token" not in shown_body and '"x":1' in shown_body
    login = wire.encode_request("POST", "/authtoken", wire.login_data("a@b.c", "pw"), apitoken="2")
    assert wire.make_password("a@b.c", "pw") not in hooks.redactor.body(body_of(login), "application/javascript")


def test_third_party_sign_in_data() -> None:
    assert wire.connect_data("google", "ya29.token") == {"access_token": "ya29.token"}
    assert set(wire.THIRD_PARTY_SERVICES) == {"facebook", "google", "linkedin"}
    for service, token in [("myspace", "t"), ("Google", "t"), ("google", ""), ("google", " "), ("google", "a\x00b")]:
        with pytest.raises(InvalidInputError) as caught:
            wire.connect_data(service, token)
        assert "a\x00b" not in str(caught.value)
