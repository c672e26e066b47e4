"""The pure OVH wire rules, checked against the vectors of python-ovh and asyncovh."""

from __future__ import annotations

import pytest

from resourcekit.core.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from resourcekit.ovh import wire
from resourcekit.ovh.errors import (
    OVHAuthenticationError,
    OVHBadRequestError,
    OVHError,
    OVHOAuth2Error,
    OVHPermissionDeniedError,
    OVHResourceExpiredError,
)

AK = "TDPKJdwZwAQPwKX2"
AS = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk"
CK = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY"
TS = 1457018875


@pytest.mark.parametrize(
    ("method", "url", "body", "expected"),
    [
        ("GET", "https://eu.api.ovh.com/1.0/auth", "", "$1$e9556054b6309771395efa467c22e627407461ad"),
        ("POST", "https://eu.api.ovh.com/1.0/auth", '{"a":"b","c":"d"}', "$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1"),
        ("PUT", "https://eu.api.ovh.com/1.0/auth", '{"a":"b","c":"d"}', "$1$8a75a9e7c8e7296c9dbeda6a2a735eb6bd58ec4b"),
        ("DELETE", "https://eu.api.ovh.com/1.0/auth", "", "$1$a1eecd00b3b02b6cf5708b84b9ff42059a950d85"),
        ("GET", "https://eu.api.ovh.com/1.0/call", "", "$1$7f2db49253edfc41891023fcd1a54cf61db05fbb"),
        ("GET", "https://eu.api.ovh.com/v1/call", "", "$1$e6e7906d385eb28adcbfbe6b66c1528a42d741ad"),
        ("GET", "https://eu.api.ovh.com/v2/call", "", "$1$bb63b132a6f84ad5433d0c534d48d3f7c3804285"),
    ],
)
def test_signature_vectors_of_python_ovh(method: str, url: str, body: str, expected: str) -> None:
    assert wire.signature(AS, CK, method, url, body, TS) == expected
    assert wire.signature(AS, CK, method, url, body.encode(), str(TS)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", "$1$16ae5ba8c63841b1951575be905867991d5f49dc"),
        ('{"some": "random", "data": 42}', "$1$9acb1ac0120006d16261a635aed788e83ab172d2"),
    ],
)
def test_signature_vectors_of_asyncovh_upper_case_the_method(body: str, expected: str) -> None:
    url = "https://eu.api.ovh.com/1.0/unit/test"
    assert wire.signature("fake application secret", "fake consumer key", "MeThOd", url, body, 1404395931) == expected


def test_signature_of_the_body_as_sent_by_the_encoder() -> None:
    body = wire.encode_body({"a": "b", "c": "d"})
    assert body == b'{"a":"b","c":"d"}'
    expected = "$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1"
    assert wire.signature(AS, CK, "post", "https://eu.api.ovh.com/1.0/auth", body, TS) == expected


def test_bodies_are_compact_ascii_json_in_key_order() -> None:
    assert wire.encode_body({"param": "test"}) == b'{"param":"test"}'
    assert wire.encode_body({"z": 1, "a": None, "b": True}) == b'{"z":1,"a":null,"b":true}'
    assert wire.encode_body({"name": "é"}) == b'{"name":"\\u00e9"}'


@pytest.mark.parametrize(
    ("name", "expected"),
    [("_from", "from"), ("from_", "from"), ("_to", "_to"), ("_type", "_type"), ("to", "to"), ("class_", "class")],
)
def test_reserved_words_lose_their_underscore(name: str, expected: str) -> None:
    assert wire.canonical_name(name) == expected


def test_query_strings_as_python_ovh_sends_them() -> None:
    assert wire.with_query("https://eu.api.ovh.com/?query=string", {"checkbox": True}) == (
        "https://eu.api.ovh.com/?query=string&checkbox=true"
    )
    params = wire.canonical_params({"_from": "start", "to": "end"})
    assert wire.with_query("https://eu.api.ovh.com/", params) == "https://eu.api.ovh.com/?from=start&to=end"
    assert wire.with_query("https://eu.api.ovh.com/me", {}) == "https://eu.api.ovh.com/me"


def test_query_values_none_lists_and_escaping() -> None:
    assert wire.query_pairs({"a": None, "b": False, "c": 3, "d": [1, None, "x"]}) == [
        ("b", "false"),
        ("c", "3"),
        ("d", "1"),
        ("d", "x"),
    ]
    assert wire.with_query("/x", {"date.from": "2024-01-01T00:00:00+01:00", "q": "a b/c@d"}) == (
        "/x?date.from=2024-01-01T00%3A00%3A00%2B01%3A00&q=a+b%2Fc%40d"
    )
    with pytest.raises(InvalidInputError):
        wire.query_value({"nested": 1})


def test_path_segments_are_percent_encoded() -> None:
    assert wire.path("/ip/{}/reverse", "51.68.0.0/24") == "/ip/51.68.0.0%2F24/reverse"
    assert wire.path("/domain/zone/{}/record/{}", "example.com", 42) == "/domain/zone/example.com/record/42"
    with pytest.raises(InvalidInputError):
        wire.path("/me/bill/{}", "")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/me", "https://eu.api.ovh.com/1.0/me"),
        ("/v1/me", "https://eu.api.ovh.com/v1/me"),
        ("/v2/iam/policy", "https://eu.api.ovh.com/v2/iam/policy"),
        ("/v2", "https://eu.api.ovh.com/v2"),
        ("/v1?x=1", "https://eu.api.ovh.com/v1?x=1"),
        ("/v10/thing", "https://eu.api.ovh.com/1.0/v10/thing"),
        ("/vps", "https://eu.api.ovh.com/1.0/vps"),
        ("me", "https://eu.api.ovh.com/1.0/me"),
    ],
)
def test_target_urls_with_v1_and_v2(path: str, expected: str) -> None:
    assert wire.target_url("https://eu.api.ovh.com/1.0", path) == expected


def test_endpoints_and_base_urls() -> None:
    assert wire.base_url("ovh-ca") == "https://ca.api.ovh.com/1.0"
    assert wire.base_url("soyoustart-ca") == "https://ca.api.soyoustart.com/1.0"
    assert wire.base_url("http://127.0.0.1:9/1.0/") == "http://127.0.0.1:9/1.0"
    assert len(wire.ENDPOINTS) == 7
    with pytest.raises(ConfigurationError, match=r"unknown OVH endpoint 'ovh-mars'.*ovh-eu"):
        wire.base_url("ovh-mars")


def test_oauth2_token_urls() -> None:
    assert wire.oauth2_token_url("ovh-eu") == "https://www.ovh.com/auth/oauth2/token"
    assert wire.oauth2_token_url("ovh-us") == "https://us.ovhcloud.com/auth/oauth2/token"
    assert wire.oauth2_token_url("http://127.0.0.1:8000/1.0") == "http://127.0.0.1:8000/auth/oauth2/token"
    with pytest.raises(ConfigurationError) as caught:
        wire.oauth2_token_url("kimsufi-eu")
    assert str(caught.value) == (
        "OAuth2 authentication is not compatible with endpoint kimsufi-eu "
        "(it can only be used with ovh-eu, ovh-ca and ovh-us)"
    )


def _body(code: str, message: str = "m", http: str = "403 Forbidden") -> dict[str, str]:
    return {"message": message, "httpCode": http, "errorCode": code}


@pytest.mark.parametrize(
    ("status", "body", "category", "ovh_class"),
    [
        (404, {"message": "not here"}, NotFoundError, OVHError),
        (400, {"message": "bad"}, BadRequestError, OVHBadRequestError),
        (409, {"message": "twice"}, ConflictError, OVHError),
        (460, {"message": "expired"}, OVHResourceExpiredError, OVHResourceExpiredError),
        (429, None, RateLimitError, OVHError),
        (500, "<html>oops</html>", ServerError, OVHError),
        (503, None, ServerError, OVHError),
        (403, _body("NOT_GRANTED_CALL"), PermissionDeniedError, OVHPermissionDeniedError),
        (403, _body("FORBIDDEN"), PermissionDeniedError, OVHPermissionDeniedError),
        (403, _body("SOMETHING_ELSE"), PermissionDeniedError, OVHPermissionDeniedError),
        (403, _body("NOT_CREDENTIAL"), AuthenticationError, OVHAuthenticationError),
        (403, _body("INVALID_KEY"), AuthenticationError, OVHAuthenticationError),
        (403, _body("INVALID_CREDENTIAL"), AuthenticationError, OVHAuthenticationError),
        (400, _body("INVALID_SIGNATURE", http="400 Bad Request"), AuthenticationError, OVHAuthenticationError),
        (400, _body("QUERY_TIME_OUT", http="400 Bad Request"), AuthenticationError, OVHAuthenticationError),
        (401, None, AuthenticationError, OVHAuthenticationError),
        (306, None, APIError, OVHError),
    ],
)
def test_error_mapping_table(status: int, body: object, category: type[Exception], ovh_class: type[Exception]) -> None:
    if status < 400:
        assert wire.map_error(status, body) is None
        return
    error = wire.map_error(status, body, "FR.test1")
    assert isinstance(error, category)
    assert isinstance(error, ovh_class)
    assert error.status == status
    assert error.query_id == "FR.test1"
    assert error.request_id == "FR.test1"


def test_error_keeps_error_code_http_code_and_message() -> None:
    body = {"message": "Invalid signature", "httpCode": "400 Bad Request", "errorCode": "INVALID_SIGNATURE"}
    error = wire.map_error(400, body, "EU.ext-3.63ac85b6.10528")
    assert isinstance(error, OVHAuthenticationError)
    assert not isinstance(error, BadRequestError)
    assert (error.message, error.error_code, error.code, error.http_code) == (
        "Invalid signature",
        "INVALID_SIGNATURE",
        "INVALID_SIGNATURE",
        "400 Bad Request",
    )
    assert str(error) == "Invalid signature (status=400, code=INVALID_SIGNATURE, request_id=EU.ext-3.63ac85b6.10528)"
    assert error.raw == body


def test_error_messages_from_text_or_nothing() -> None:
    html = wire.map_error(502, "  <html>Bad gateway</html>  ", None, "Bad Gateway")
    assert html is not None and html.message == "<html>Bad gateway</html>"
    empty = wire.map_error(500, None, None, "Internal Server Error")
    assert empty is not None and empty.message == "Internal Server Error"
    bare = wire.map_error(500, {}, None)
    assert bare is not None and bare.message == "HTTP 500" and bare.error_code is None
    assert wire.map_error(200, {"message": "fine"}) is None
    assert wire.map_error(204, None) is None


def test_oauth2_failures_are_worded_as_python_ovh_words_them() -> None:
    html = wire.oauth2_error(503, "<html>down</html>")
    assert isinstance(html, OVHOAuth2Error)
    assert isinstance(html, AuthenticationError)
    assert str(html).startswith(
        "OAuth2 failure: Missing access token parameter. Token creation failed with status_code=503, "
        "body=<html>down</html>"
    )
    client = wire.oauth2_error(
        401, {"error": "invalid_client", "error_description": "ovhcloud oauth2 client does not exists"}
    )
    assert client.message == "OAuth2 failure: (invalid_client) ovhcloud oauth2 client does not exists"
    assert client.error_code == "invalid_client"
    missing = wire.oauth2_error(200, {"token_type": "Bearer"})
    assert "status_code=200" in missing.message
    assert wire.oauth2_error(400, {"error": "invalid_scope"}).message == "OAuth2 failure: (invalid_scope)"


@pytest.mark.parametrize(
    ("endpoint", "expected"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/1.0"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/1.0"),
        ("http://127.0.0.1:8000/1.0/", "http://127.0.0.1:8000/1.0"),
        ("https://proxy.example/ovh/1.0", "https://proxy.example/ovh/1.0"),
        ("ovh-ca", "https://ca.api.ovh.com/1.0"),
    ],
)
def test_a_server_root_means_its_api_root(endpoint: str, expected: str) -> None:
    assert wire.base_url(endpoint) == expected


def test_a_404_names_a_base_path_that_is_not_an_api_root() -> None:
    hint = wire.wrong_path_hint("http://127.0.0.1:8000/api")
    assert "does not end in /1.0" in hint and "(http://127.0.0.1:8000)" in hint
    assert wire.wrong_path_hint("http://127.0.0.1:8000/1.0") == wire.wrong_path_hint("ovh-eu") == ""
    error = wire.map_error(404, {"message": "No API under /api/me"}, not_found_hint=hint)
    assert error is not None and error.message == "No API under /api/me" + hint
    other = wire.map_error(403, {"message": "denied"}, not_found_hint=hint)
    assert other is not None and other.message == "denied"
