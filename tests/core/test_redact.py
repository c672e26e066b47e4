from __future__ import annotations

import json

from resourcekit.core.redact import MASK, Redactor, mask, normalise_name

REDACTOR = Redactor().with_names("s_pw", "auth", line_fields=["s_command"])


def test_names_are_compared_normalised() -> None:
    assert normalise_name("X-Ovh-Consumer") == "xovhconsumer"
    for name in (
        "password",
        "NEW_PASSWORD",
        "Api-Key",
        "apikey",
        "hook_private_key",
        "X-Ovh-Consumer",
        "authorization",
        "s_session",
        "cik",
        "authtoken",
        "application_secret",
        "s_pw",
        "AUTH",
    ):
        assert REDACTOR.is_secret(name), name
    for name in ("domain", "key", "author", "title", "s_login"):
        assert not REDACTOR.is_secret(name), name


def test_mapping_recurses_and_masks() -> None:
    data = {"login": "me", "password": "p", "nested": {"token": "t", "items": [{"secret": 1}]}}
    assert REDACTOR.mapping(data) == {
        "login": "me",
        "password": MASK,
        "nested": {"token": MASK, "items": [{"secret": MASK}]},
    }


def test_url_masks_secret_query_values_and_userinfo() -> None:
    url = "https://user:pw@api.example/x?domain=a.com&s_pw=hunter2&token=abc"
    shown = REDACTOR.url(url)
    assert "hunter2" not in shown and "abc" not in shown and ":pw@" not in shown
    assert "domain=a.com" in shown


def test_line_fields_mask_command_lines() -> None:
    command = "COMMAND = ModifyDomain\r\nDOMAIN=a.com\r\nAUTH=secret-code\r\nNEWPASSWORD = x\r\n"
    shown = REDACTOR.value("s_command", command)
    assert "secret-code" not in shown and "= x" not in shown
    assert "DOMAIN=a.com" in shown and shown.endswith("\r\n")


def test_bodies() -> None:
    form = REDACTOR.body(b"s_login=me&s_pw=hunter2&s_command=AUTH%3Dzz", "application/x-www-form-urlencoded")
    assert "hunter2" not in form and "zz" not in form and "s_login=me" in form
    body = REDACTOR.body(json.dumps({"password": "x", "a": 1}).encode(), "application/json")
    assert json.loads(body) == {"password": MASK, "a": 1}
    assert REDACTOR.body(b"\xff\xfe", "application/octet-stream") == "<2 bytes>"
    assert REDACTOR.body(b"{not json", "application/json") == "<9 bytes>"
    assert REDACTOR.body(b"", "text/plain") == ""
    assert REDACTOR.body(b"token=abc\nname=x", "text/plain") == f"token={MASK}\nname=x"


def test_headers_and_mask() -> None:
    assert REDACTOR.headers([("Authorization", "Bearer x"), ("Accept", "json")]) == {
        "Authorization": MASK,
        "Accept": "json",
    }
    assert mask(None) is None
    assert mask("x") == MASK


def test_with_names_keeps_the_subclass() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Loud(Redactor):
        def lines(self, text: str) -> str:
            return text.upper()

    extended = Loud().with_names("cik")
    assert isinstance(extended, Loud)
    assert extended.is_secret("cik")


def test_lists_of_ids_and_declared_public_names_are_shown() -> None:
    assert not REDACTOR.is_secret("session_ids")
    assert REDACTOR.is_secret("session_id")
    assert REDACTOR.is_secret("s_session")
    assert REDACTOR.is_secret("session_count")
    assert not REDACTOR.with_public("session_count").is_secret("Session-Count")
    assert REDACTOR.with_public("session_count").is_secret("s_pw")
