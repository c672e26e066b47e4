"""The pure half of the hook.io client: settings, key placement, error detection, stream lines."""

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
    RateLimitError,
    ResponseValidationError,
    ServerError,
)
from resourcekit.core.redact import MASK
from resourcekit.hookio import roles, wire
from resourcekit.hookio.errors import HookIOError, RoleAccessError

KEY = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"

# The exact 2016 object of pyhedgehog's tests/test_events.py.
ROLE_ERROR_2016 = {
    "error": True,
    "message": (
        '"anonymous" does not have the role "events::read" which is required to access "/marak/events"\n\n'
        "If you are the owner of this resource try logging in at https://hook.io/login\n\n"
        "If any access keys have been created you can also provide "
        "a `hook_private_key` parameter to access the service."
    ),
    "user": "anonymous",
    "role": "events::read",
    "type": "unauthorized-role-access",
}

ROLE_ERROR_2019_WITH_KEY = {
    "error": True,
    "message": (
        f'A role access check was attempted but failed with key "{KEY}"\n\n'
        '"readonly" does not have the role "datastore::set" which is required to access "/datastore/set"'
        "\n\nIf you are the owner of this resource try logging in at https://hook.io/login"
    ),
    "user": "anonymous",
    "role": "datastore::set",
    "type": "unauthorized-role-access",
}


# -- settings (pyhedgehog tests/test_client.py vectors) --------------------------------------


@pytest.mark.parametrize(
    ("arguments", "url", "verify"),
    [
        ({}, "https://hook.io:443/", True),
        ({"host": None}, "http://127.0.0.1:9999/", False),
        ({"protocol": "http"}, "http://hook.io:80/", True),
        ({"port": 8080}, "http://hook.io:8080/", True),
        ({"port": 443}, "https://hook.io:443/", True),
        ({"host": "localhost"}, "http://localhost:9999/", False),
        ({"host": "127.0.0.1:8123"}, "http://127.0.0.1:8123/", False),
        ({"host": "example.org", "protocol": "https", "port": 8443}, "https://example.org:8443/", True),
    ],
)
def test_base_url_vectors(arguments: dict[str, Any], url: str, verify: bool) -> None:
    assert wire.base_url(**arguments) == (url, verify)


def test_base_url_refuses_other_protocols() -> None:
    with pytest.raises(InvalidInputError):
        wire.base_url(protocol="ftp")


def test_hook_environment_vector_does_not_change_the_hook() -> None:
    hook: dict[str, Any] = {"env": {}, "req": {"host": "hookydooky.io", "headers": {}}, "params": {}}
    before = json.dumps(hook, sort_keys=True)
    settings = wire.hook_environment(hook, {})
    assert settings.url == wire.DEFAULT_URL  # never the request's host (see the hardening tests)
    assert settings.verify is True  # TLS is verified by default everywhere
    assert settings.api_key is None
    assert json.dumps(hook, sort_keys=True) == before


def test_hook_environment_key_precedence() -> None:
    hook: dict[str, Any] = {
        "req": {"host": "hook.io", "headers": {"hookio-private-key": "from-header"}},
        "params": {"hook_private_key": "from-params"},
        "env": {"hookAccessKey": "from-env"},
        "hookAccessKey": "from-hook",
    }
    environ = {"hook_private_key": "from-os", "hookAccessKey": "from-os-access"}
    assert wire.hook_environment(hook, environ, "explicit").api_key == "explicit"
    assert wire.hook_environment(hook, environ).api_key == "from-header"
    hook["req"]["headers"] = {}
    assert wire.hook_environment(hook, environ).api_key == "from-params"
    hook["params"] = {}
    assert wire.hook_environment(hook, environ).api_key == "from-env"
    hook["env"] = {}
    assert wire.hook_environment(hook, environ).api_key == "from-hook"
    del hook["hookAccessKey"]
    assert wire.hook_environment(hook, environ).api_key == "from-os"
    assert wire.hook_environment(hook, {"hookAccessKey": "K"}).api_key == "K"


def test_hook_environment_reads_attribute_objects() -> None:
    class Namespace:
        def __init__(self, **values: Any) -> None:
            self.__dict__.update(values)

    hook = Namespace(
        req=Namespace(host="127.0.0.1:9000", headers={}),
        env=Namespace(hookAccessKey="K", HOOKIO_URL="http://127.0.0.1:9001"),
    )
    settings = wire.hook_environment(hook, {})
    assert (settings.url, settings.api_key) == ("http://127.0.0.1:9001", "K")


# -- encoding ----------------------------------------------------------------------------------


def test_key_goes_in_the_header_for_owner_requests() -> None:
    spec = wire.with_key(wire.spec("GET", "/env", "env.get"), KEY)
    assert spec.headers[wire.KEY_HEADER] == KEY
    assert spec.headers["Accept"] == "application/json"


def test_key_goes_in_header_and_body_for_keys_requests() -> None:
    spec = wire.with_key(wire.spec("POST", "/keys/all", "keys.all", auth="keys", json_body={}), KEY)
    assert spec.json == {wire.KEY_PARAM: KEY}
    assert spec.headers[wire.KEY_HEADER] == KEY


def test_a_key_checked_explicitly_is_kept_in_the_body() -> None:
    body = {"role": "hook::run", wire.KEY_PARAM: "other"}
    spec = wire.with_key(wire.spec("POST", "/keys/checkAccess", "k", auth="keys", json_body=body), KEY)
    assert spec.json[wire.KEY_PARAM] == "other"


def test_anonymous_requests_carry_no_key() -> None:
    spec = wire.spec("GET", "/marak/echo", "hook.run", auth="anonymous")
    assert spec.authenticate is False
    assert wire.KEY_HEADER not in wire.with_key(spec, KEY).headers
    assert wire.with_key(wire.spec("GET", "/env", "env.get"), None).headers.get(wire.KEY_HEADER) is None


def test_roles_text_and_list() -> None:
    assert wire.roles_text([roles.HOOK_RUN, "custom::role"]) == "hook::run,custom::role"
    assert wire.roles_text("a, b") == "a,b"
    assert wire.roles_list("a,b") == ["a", "b"]
    assert wire.roles_list(["a"]) == ["a"]
    assert wire.roles_list(None) == []
    with pytest.raises(InvalidInputError):
        wire.roles_text(["a,b"])
    with pytest.raises(InvalidInputError):
        wire.roles_text([""])
    with pytest.raises(ResponseValidationError):
        wire.roles_list(3)


def test_env_body_keeps_empty_string_and_zero() -> None:
    assert wire.env_body({"A": "", "B": 0, "C": None}) == {"env": {"A": "", "B": 0, "C": None}}
    with pytest.raises(InvalidInputError):
        wire.env_body({"": 1})


def test_segments_are_checked_and_encoded() -> None:
    assert wire.hook_url("marak", "échø") == "/marak/%C3%A9ch%C3%B8"
    assert wire.split_hook_path("/marak/echo/") == ("marak", "echo")
    for bad in ("marak", "marak/", "/echo", "a/b/c"):
        with pytest.raises(InvalidInputError):
            wire.split_hook_path(bad)
    with pytest.raises(InvalidInputError):
        wire.segment("a b", "owner")
    with pytest.raises(InvalidInputError):
        wire.check_datastore_key("")
    assert wire.check_file_path("a.txt") == "/a.txt"


def test_there_are_43_roles() -> None:
    assert len(roles.ALL_ROLES) == 43
    assert len(set(roles.ALL_ROLES)) == 43
    assert roles.FILES_READ_FILE == "files::readFile"
    assert roles.CRON_RESOURCE_READ in roles.ALL_ROLES


# -- errors ------------------------------------------------------------------------------------


def test_2016_role_error_on_200() -> None:
    error = wire.error_for_reply(200, ROLE_ERROR_2016)
    assert isinstance(error, RoleAccessError)
    assert (error.role, error.user, error.path, error.status) == ("events::read", "anonymous", "/marak/events", 200)
    assert error.code == "unauthorized-role-access"


def test_2019_role_error_masks_the_key() -> None:
    error = wire.error_for_reply(200, ROLE_ERROR_2019_WITH_KEY)
    assert isinstance(error, RoleAccessError)
    assert error.role == "datastore::set"
    assert error.user == "anonymous"
    assert KEY not in str(error)
    assert KEY not in json.dumps(error.raw)
    assert f'key "{MASK}"' in error.message


def test_role_error_without_role_field_and_as_text() -> None:
    body = {"error": True, "message": ROLE_ERROR_2016["message"]}
    error = wire.error_for_reply(200, body)
    assert isinstance(error, RoleAccessError)
    assert error.role == "events::read"
    text_error = wire.error_for_reply(403, wire.PlainText(ROLE_ERROR_2016["message"]))
    assert isinstance(text_error, RoleAccessError)
    assert (text_error.role, text_error.status) == ("events::read", 403)


def test_role_errors_are_detected_even_in_user_data() -> None:
    assert isinstance(wire.error_for_reply(200, ROLE_ERROR_2016, "data"), RoleAccessError)


@pytest.mark.parametrize(
    ("status", "parsed", "reply", "expected"),
    [
        (200, {"error": True, "message": "Rate limited: slow down"}, "json", RateLimitError),
        (410, {"error": True, "message": "Rate limited: slow down"}, "json", RateLimitError),
        (200, {"error": True, "message": "Hook not found", "hook": "x", "owner": "y"}, "json", NotFoundError),
        (200, {"error": True, "message": "`path` is a required parameter!"}, "json", BadRequestError),
        (
            200,
            {"error": True, "message": "Service name is required!", "constraint": "required"},
            "json",
            BadRequestError,
        ),
        (200, {"error": True, "message": 'Hook "x" already exists!'}, "json", ConflictError),
        (200, {"error": True, "message": "something else"}, "json", HookIOError),
        (404, {"status": 404, "message": "/x was not found!"}, "json", NotFoundError),
        (200, {"status": 404, "message": "/x was not found!"}, "json", NotFoundError),
        (200, {"result": "invalid"}, "json", AuthenticationError),
        (200, {"status": "invalid", "message": "name required"}, "json", AuthenticationError),
        (200, wire.PlainText("Not Found"), "json", NotFoundError),
        (200, wire.PlainText("Not found: marak/x"), "json", NotFoundError),
        (200, wire.PlainText("Something broke"), "json", HookIOError),
        (404, "404 not found /marak/x", "data", NotFoundError),
        (200, "404 missing!", "data", NotFoundError),
        (500, "Timeout Limit Hit", "data", ServerError),
        (400, {"valid": False, "errors": []}, "json", BadRequestError),
    ],
)
def test_error_shapes(status: int, parsed: Any, reply: wire.ReplyKind, expected: type[Exception]) -> None:
    error = wire.error_for_reply(status, parsed, reply)
    assert type(error) is expected or isinstance(error, expected)
    assert error is not None


@pytest.mark.parametrize(
    ("parsed", "reply"),
    [
        ("OK", "json"),
        (1, "json"),
        (None, "json"),
        ({"result": "valid", "redirect": "/services"}, "json"),
        ({"error": True, "message": "a stored value"}, "data"),
        ("Not Found", "data"),
        ("any text", "text"),
    ],
)
def test_successes(parsed: Any, reply: wire.ReplyKind) -> None:
    assert wire.error_for_reply(200, parsed, reply) is None


def test_parse_body_kinds() -> None:
    def response(body: bytes, content_type: str) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": content_type})

    assert wire.parse_body(response(b'"OK"', "application/json"), "json") == "OK"
    assert type(wire.parse_body(response(b"Not Found", "text/plain"), "json")) is wire.PlainText
    assert wire.parse_body(response(b'{"a": 1}', "text/plain"), "text") == '{"a": 1}'
    assert wire.parse_body(response(b"", "application/json"), "json") is None
    assert wire.parse_body(response(b"\x00\x01", "application/octet-stream"), "bytes") == b"\x00\x01"
    assert wire.parse_body(response(b"[1]", "text/json"), "json") == [1]
    with pytest.raises(ResponseValidationError):
        wire.parse_body(response(b"{nope", "application/json"), "json")


# -- streams -----------------------------------------------------------------------------------


def test_stream_lines() -> None:
    line = json.dumps({"time": "2016-06-01T00:00:00.000Z", "data": '"x"', "ip": "1.2.3.4"})
    assert wire.parse_stream_line(line + "\n") == json.loads(line)
    assert wire.parse_stream_line(line.encode()) == json.loads(line)
    assert wire.parse_stream_line("  \n") is None
    with pytest.raises(ResponseValidationError):
        wire.parse_stream_line("not json")
    with pytest.raises(ResponseValidationError):
        wire.parse_stream_line("[1, 2]")
    with pytest.raises(RoleAccessError):
        wire.parse_stream_line(json.dumps(ROLE_ERROR_2016))
    with pytest.raises(RoleAccessError):
        wire.parse_stream_line(str(ROLE_ERROR_2016["message"]).splitlines()[0])


def test_decode_log_data() -> None:
    assert wire.decode_log_data('"test-1"') == "test-1"
    assert wire.decode_log_data('{"a": 1}') == {"a": 1}
    assert wire.decode_log_data("plain words") == "plain words"
    assert wire.decode_log_data(5) == 5


def test_redactor_masks_the_key_everywhere() -> None:
    assert wire.REDACTOR.is_secret("hook_private_key")
    assert wire.REDACTOR.is_secret("hookio-private-key")
    assert wire.REDACTOR.is_secret("hookAccessKey")
    shown = wire.REDACTOR.url(f"http://x/keys/all?hook_private_key={KEY}")
    assert KEY not in shown


def test_values_must_be_json() -> None:
    assert wire.check_json({"a": [1, None]}, "x") == {"a": [1, None]}
    for bad in (float("nan"), float("inf"), {1, 2}, object()):
        with pytest.raises(InvalidInputError):
            wire.check_json(bad, "a value")
    with pytest.raises(InvalidInputError):
        wire.env_body({"A": float("nan")})


def test_log_lines_and_write_log() -> None:
    import io

    from resourcekit.hookio import write_log

    assert json.loads(wire.log_line({"a": 1})) == {"type": "log", "payload": {"entry": {"a": 1}}}
    buffer = io.StringIO()
    write_log("hello", buffer)
    assert buffer.getvalue() == '{"type": "log", "payload": {"entry": "hello"}}\n'
    with pytest.raises(InvalidInputError):
        wire.log_line(float("nan"))


def test_html_list_items() -> None:
    page = '<ul class="menu"><li>x</li></ul><ul class="languages"><li>javascript</li><li> python </li></ul>'
    assert wire.html_list_items(page, "languages") == ["javascript", "python"]
    with pytest.raises(ResponseValidationError):
        wire.html_list_items("<p>nothing</p>", "languages")


def test_text_errors_of_domain_routes() -> None:
    assert isinstance(wire.error_for_reply(200, wire.PlainText('Domain "x" already exists!')), ConflictError)
    assert isinstance(wire.error_for_reply(200, wire.PlainText("forwardUrl is required")), BadRequestError)


def test_query_params_hold_only_text_and_numbers() -> None:
    assert wire.query_params({"a": "x", "b": 1, "c": True, "d": None}, "q") == {"a": "x", "b": 1, "c": True}
    with pytest.raises(InvalidInputError):
        wire.query_params({"nested": {"a": 1}}, "q")
