"""The pure wire layer: the vectors of the official connector's test suite, parsing, IDN, errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resourcekit.core.errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
)
from resourcekit.hexonet import wire
from resourcekit.hexonet.errors import HexonetCreditLimitError, HexonetError, HexonetNotFoundError
from resourcekit.hexonet.wire import Credentials, Response, data_row_count, parse_response, post_data, server_paging
from resourcekit.sandbox.hexonet.protocol import parse_command

# -- vectors of hexonet.md section 6 -------------------------------------------------------------


def test_vector_1_special_characters_are_percent_encoded() -> None:
    assert (
        post_data({"COMMAND": "ModifyDomain", "AUTH": "gwrgwqg%&\\44t3*"})
        == "s_entity=54cd&s_command=AUTH%3Dgwrgwqg%25%26%5C44t3%2A%0ACOMMAND%3DModifyDomain"
    )


def test_vector_2_string_command_and_none_values() -> None:
    assert post_data("gregergege") == "s_entity=54cd&s_command=gregergege"
    assert post_data({"COMMAND": "ModifyDomain", "AUTH": None}) == "s_entity=54cd&s_command=COMMAND%3DModifyDomain"


def test_vector_3_secured_post_data_masks_passwords() -> None:
    credentials = Credentials(login="test.user", password="test.passw0rd")
    command = {"COMMAND": "CheckAuthentication", "PASSWORD": "test.passw0rd", "SUBUSER": "test.user"}
    assert post_data(command, credentials, secured=True) == (
        "s_entity=54cd&s_login=test.user&s_pw=***"
        "&s_command=COMMAND%3DCheckAuthentication%0APASSWORD%3D%2A%2A%2A%0ASUBUSER%3Dtest.user"
    )


def test_vector_4_role_session_otp_and_remote_address() -> None:
    command = {"COMMAND": "StatusAccount"}
    role = Credentials(login=wire.role_login("myaccountid", "myroleid"), password="mypassword")
    assert post_data(command, role) == (
        "s_entity=54cd&s_login=myaccountid%21myroleid&s_pw=mypassword&s_command=COMMAND%3DStatusAccount"
    )
    with_session = Credentials(login="myaccountid", password="mypassword", session="12345678")
    assert post_data(command, with_session) == "s_entity=54cd&s_session=12345678&s_command=COMMAND%3DStatusAccount"
    assert post_data(command, Credentials(otp="12345678")).startswith("s_entity=54cd&s_otp=12345678&")
    assert post_data(command, Credentials(remote_address="10.10.10.10")).startswith(
        "s_entity=54cd&s_remoteaddr=10.10.10.10&"
    )


def test_vector_8_missing_code_is_invalid_and_lower_case_keys_parse() -> None:
    with pytest.raises(ResponseValidationError, match=r"Invalid API response\. Contact Support"):
        parse_response("[RESPONSE]\r\nqueuetime=0\r\nEOF\r\n")
    response = parse_response("[RESPONSE]\r\ncode=200\r\ndescription=ok\r\nruntime=0.12\r\npending=1\r\nEOF\r\n")
    assert (response.code, response.description, response.runtime, response.pending) == (200, "ok", 0.12, True)


def test_vector_9_command_plain_masks_password() -> None:
    command = {"COMMAND": "CheckAuthentication", "PASSWORD": "test.passw0rd", "SUBUSER": "test.user"}
    assert wire.command_plain(command) == "COMMAND = CheckAuthentication\nPASSWORD = ***\nSUBUSER = test.user\n"


# -- flattening ----------------------------------------------------------------------------------


def test_lists_and_tuples_flatten_bools_become_digits_and_none_is_dropped() -> None:
    command = {"command": "CheckDomains", "domain": ["a.com", "b.net"], "NAMESERVER": ("ns1.x.com",), "WIDE": True}
    flat = wire.flatten_command({**command, "X": None, "NEW": False})
    assert flat == {
        "COMMAND": "CheckDomains",
        "DOMAIN0": "a.com",
        "DOMAIN1": "b.net",
        "NAMESERVER0": "ns1.x.com",
        "WIDE": "1",
        "NEW": "0",
    }
    assert command["domain"] == ["a.com", "b.net"]  # the caller's values are untouched


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ({"COMMAND": "X", "A": {"b": 1}}, "mappings"),
        ({"COMMAND": "X", "A": [["nested"]]}, "nested"),
        ({"COMMAND": "X", "A": "two\nlines"}, "line breaks"),
        ({"COMMAND": "X", "A=B": "1"}, "not a valid parameter name"),
        ({"COMMAND": "X", "domain": "a", "DOMAIN": "b"}, "given twice"),
        ({"COMMAND": "X", "DOMAIN": ["a"], "DOMAIN0": "b"}, "given twice"),
        ({"DOMAIN": "a.com"}, "no COMMAND"),
        ({"COMMAND": "X", "A": object()}, "cannot be sent"),
        ({"COMMAND": "X", "PERIOD": float("nan")}, "finite number"),
        ({"COMMAND": "X", "PRICE": [1.5, float("inf")]}, "finite number"),
        ({"COMMAND": "X", "PRICE": float("-inf")}, "finite number"),
    ],
)
def test_bad_commands_are_refused(command: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        wire.flatten_command(command)  # type: ignore[arg-type]


def test_command_text_is_sorted_lines() -> None:
    assert wire.command_text({"DOMAIN": "a.com", "COMMAND": "X"}) == "COMMAND=X\nDOMAIN=a.com"
    assert wire.parse_command_text("[COMMAND]\r\nCOMMAND = StatusDomain\nDOMAIN=a.com\nEOF") == {
        "COMMAND": "StatusDomain",
        "DOMAIN": "a.com",
    }
    with pytest.raises(InvalidInputError):
        wire.parse_command_text("no equals sign")


# -- IDN ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ace"),
    [
        ("äöütest.com", "xn--test-koa2iub.com"),
        ("ÄÖÜtest.COM", "xn--test-koa2iub.com"),
        ("faß.de", "xn--fa-hia.de"),  # non-transitional TLD keeps ß
        ("faß.com", "fass.com"),  # transitional elsewhere
        ("FAẞ.com", "fass.com"),
        ("straße.swiss", "xn--strae-oqa.swiss"),
        ("münchen.de.", "xn--mnchen-3ya.de."),
        ("_dmarc.münchen.de", "_dmarc.xn--mnchen-3ya.de"),
        ("plain.com", "plain.com"),
        ("*.münchen.de", "*.münchen.de"),  # patterns are left alone
        ("", ""),
    ],
)
def test_to_ace(name: str, ace: str) -> None:
    assert wire.to_ace(name) == ace


@pytest.mark.parametrize("name", ["a..ü.com", "ü" * 70 + ".com", "üx@y.com", "-ü.com"])
def test_invalid_names_are_refused(name: str) -> None:
    with pytest.raises(InvalidInputError, match="DOMAIN"):
        wire.to_ace(name, key="DOMAIN")


def test_convert_idn_touches_only_name_parameters() -> None:
    command = wire.prepare_command(
        {
            "COMMAND": "ModifyDomain",
            "DOMAIN": "münchen.de",
            "NAMESERVER": ["ns1.münchen.de", ""],
            "ADDNAMESERVER0": "ns.bücher.de",
            "DNSZONE": "bücher.de.",
            "FIRSTNAME": "Jürgen",
        }
    )
    assert command["DOMAIN"] == "xn--mnchen-3ya.de"
    assert command["NAMESERVER0"] == "ns1.xn--mnchen-3ya.de"
    assert command["NAMESERVER1"] == ""
    assert command["ADDNAMESERVER0"] == "ns.xn--bcher-kva.de"
    assert command["DNSZONE"] == "xn--bcher-kva.de."
    assert command["FIRSTNAME"] == "Jürgen"


def test_objectid_is_converted_only_for_name_classes() -> None:
    domain = wire.prepare_command({"COMMAND": "X", "OBJECTCLASS": "DOMAIN", "OBJECTID": "münchen.de"})
    contact = wire.prepare_command({"COMMAND": "X", "OBJECTCLASS": "CONTACT", "OBJECTID": "münchen.de"})
    assert domain["OBJECTID"] == "xn--mnchen-3ya.de"
    assert contact["OBJECTID"] == "münchen.de"


def test_convertidn_itself_is_sent_unconverted() -> None:
    assert wire.prepare_command({"COMMAND": "ConvertIDN", "DOMAIN": "münchen.de"})["DOMAIN"] == "münchen.de"


# -- parsing --------------------------------------------------------------------------------------

REAL_REPLY = (
    "[RESPONSE]\r\nPROPERTY[SESSION][0]=h8JLZZHdF2WgWWXlwbKWzEG3XrzoW4yshhvtqyg0LCYiX55QnhgYX9cB0W4mlpbx\r\n"
    "DESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.169\r\nEOF\r\n"
)


def test_real_reply_parses() -> None:
    response = parse_response(REAL_REPLY.encode())
    assert response.code == 200
    assert response.description == "Command completed successfully"
    assert response.runtime == 0.169
    assert response.queuetime == 0.0
    assert response.get("session") == "h8JLZZHdF2WgWWXlwbKWzEG3XrzoW4yshhvtqyg0LCYiX55QnhgYX9cB0W4mlpbx"
    assert response.is_success and not response.pending
    assert "h8JL" not in repr(response)  # a session id is a secret


def test_documented_spaced_format_and_parser_edge_cases() -> None:
    response = parse_response(
        "[RESPONSE]\nCODE = 545\nDESCRIPTION = Object not found; DOMAIN NAME NOT FOUND\n"
        "property[ domain ][0] = a.com  \nPROPERTY[X Y][0]=v=w\nPROPERTY[Z][3]=a\nPROPERTY[Z][0]=b\n"
        "PROPERTY[EMPTY][0]=\nEOF\n"
    )
    assert response.code == 545
    assert response.detail == "DOMAIN NAME NOT FOUND"
    assert response.get("DOMAIN") == "a.com"
    assert response.get("XY") == "v=w"
    assert response.properties["Z"] == ["b", None, None, "a"]  # sparse indexes stay in place
    assert response.values("Z") == ["b", "a"]
    assert response.get("EMPTY") == ""
    assert response.columns == ["DOMAIN", "XY", "Z", "EMPTY"]
    assert response.records[3] == {"Z": "a"}
    assert response.is_error and not response.is_temporary_error


def test_latin1_bodies_and_bad_codes() -> None:
    assert parse_response("CODE=200\nDESCRIPTION=Grüße\n".encode("latin-1")).description == "Grüße"
    with pytest.raises(ResponseValidationError):
        parse_response("CODE=abc\nDESCRIPTION=x\n")
    with pytest.raises(ResponseValidationError, match="Empty API response"):
        parse_response(b"  ")


def test_records_and_pagination_of_a_list_reply() -> None:
    response = parse_response(
        "[RESPONSE]\r\nPROPERTY[DOMAIN][0]=a.com\r\nPROPERTY[DOMAIN][1]=b.com\r\nPROPERTY[FIRST][0]=2\r\n"
        "PROPERTY[LAST][0]=3\r\nPROPERTY[COUNT][0]=2\r\nPROPERTY[TOTAL][0]=5\r\nPROPERTY[LIMIT][0]=2\r\n"
        "CODE=200\r\nDESCRIPTION=Command completed successfully\r\nEOF\r\n"
    )
    assert response.records[0] == {
        "DOMAIN": "a.com",
        "FIRST": "2",
        "LAST": "3",
        "COUNT": "2",
        "TOTAL": "5",
        "LIMIT": "2",
    }
    assert response.records[1] == {"DOMAIN": "b.com"}
    page = response.pagination
    assert (page.first, page.last, page.count, page.total, page.limit) == (2, 3, 2, 5, 2)
    assert (page.current_page, page.pages, page.next_page, page.previous_page) == (2, 3, 3, 1)
    assert page.has_next_page and page.next_first == 4


def test_pagination_without_paging_properties() -> None:
    empty = parse_response("CODE=200\nDESCRIPTION=ok\n").pagination
    assert (empty.first, empty.last, empty.count, empty.total, empty.current_page, empty.pages) == (
        None,
        None,
        0,
        0,
        None,
        0,
    )
    assert empty.next_first is None
    plain = parse_response("CODE=200\nDESCRIPTION=ok\nPROPERTY[X][0]=1\nPROPERTY[X][1]=2\n").pagination
    assert (plain.first, plain.last, plain.total, plain.limit, plain.pages, plain.next_page) == (0, 1, 2, 2, 1, None)


def test_serialize_keeps_pending_and_round_trips() -> None:
    response = parse_response(
        "PROPERTY[STATUS][0]=PENDINGDELETE\nCODE=200\nDESCRIPTION=Command completed successfully; action pending\n"
        "PENDING=1\nRUNTIME=0.5\n"
    )
    text = response.serialize()
    assert "PENDING=1\r\n" in text and text.endswith("EOF\r\n")
    again = parse_response(text)
    assert (again.code, again.description, again.pending, again.properties, again.runtime) == (
        200,
        "Command completed successfully; action pending",
        True,
        {"STATUS": ["PENDINGDELETE"]},
        0.5,
    )


# -- errors and idempotency -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "kind", "temporary"),
    [
        (545, NotFoundError, False),
        (530, AuthenticationError, False),
        (531, PermissionDeniedError, False),
        (504, BadRequestError, False),
        (505, BadRequestError, False),
        (541, BadRequestError, False),
        (540, ConflictError, False),
        (554, ConflictError, False),
        (546, PermissionDeniedError, False),
        (420, ServerError, True),
        (421, ServerError, True),
        (423, ServerError, True),
        (425, RateLimitError, True),
        (549, HexonetError, False),
    ],
)
def test_codes_map_onto_the_error_tree(code: int, kind: type[Exception], temporary: bool) -> None:
    error = wire.error_for(Response(code=code, description="Some text; with detail"), "StatusDomain")
    assert isinstance(error, kind) and isinstance(error, HexonetError)
    assert error.code == code
    assert error.temporary is temporary
    assert error.status is None
    assert error.detail == "with detail"
    assert str(error) == f"StatusDomain: {code} Some text; with detail"


def test_success_codes_are_not_errors_and_credit_has_its_own_class() -> None:
    assert all(wire.error_for(Response(code=code, description="")) is None for code in (200, 210, 211, 218, 219))
    assert isinstance(wire.error_for(Response(code=546, description="x")), HexonetCreditLimitError)


def test_errors_pickle() -> None:
    import pickle

    error = wire.error_for(Response(code=545, description="Object not found; X"), "StatusDomain")
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, HexonetNotFoundError)
    assert (again.code, again.description, again.command) == (545, "Object not found; X", "StatusDomain")


@pytest.mark.parametrize(
    ("name", "idempotent"),
    [
        ("CheckDomains", True),
        ("statusdomain", True),
        ("QueryDomainList", True),
        ("ConvertIDN", True),
        ("AddDomain", False),
        ("RenewDomain", False),
        ("TransferDomain", False),
        ("StartSession", False),
    ],
)
def test_idempotency(name: str, idempotent: bool) -> None:
    assert wire.is_idempotent_command(name) is idempotent


def test_redactor_masks_every_secret_in_a_form_body() -> None:
    body = wire.encode_form(
        wire.form_fields(
            {"COMMAND": "ModifyDomain", "AUTH": "authcode", "NEWPASSWORD": "pw2", "DOMAIN": "a.com"},
            Credentials(login="u", password="pw1", otp="999999", session=None),
        )
    )
    shown = wire.HEXONET_REDACTOR.body(body, "application/x-www-form-urlencoded")
    for secret in ("authcode", "pw1", "pw2", "999999"):
        assert secret not in shown
    assert "a.com" in shown
    sessioned = wire.encode_form(wire.form_fields({"COMMAND": "X"}, Credentials(session="s3cr3t")))
    assert "s3cr3t" not in wire.HEXONET_REDACTOR.body(sessioned, "application/x-www-form-urlencoded")
    assert "s3cr3t" not in repr(Credentials(session="s3cr3t", password="p"))


# -- round trips through the sandbox's own parser -------------------------------------------------

_keys = st.from_regex(r"[A-Z]([A-Z0-9]{0,9}[A-Z])?", fullmatch=True).filter(lambda key: key != "COMMAND")
_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\n\x85\u2028\u2029"),
    max_size=30,
).map(str.strip)
_values = st.one_of(_text, st.integers(-(10**9), 10**9), st.booleans(), st.lists(_text, min_size=1, max_size=4))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_keys, _values, max_size=8))
def test_encode_then_sandbox_parse_then_encode_round_trips(parameters: dict[str, object]) -> None:
    command = {"COMMAND": "QueryDomainList", **parameters}
    flat = wire.flatten_command(command)  # type: ignore[arg-type]
    from urllib.parse import parse_qsl

    body = wire.encode_form(wire.form_fields(flat, Credentials(login="u", password="p")))
    fields = dict(parse_qsl(body.decode("ascii"), keep_blank_values=True))
    received = parse_command(fields["s_command"])
    assert received == flat
    assert wire.encode_form(wire.form_fields(received, Credentials(login="u", password="p"))) == body


# -- the command kept with a reply, endpoints, credentials, paging figures -------------------------


def test_a_parsed_reply_keeps_the_command_with_secrets_masked() -> None:
    sent = {"COMMAND": "TransferDomain", "DOMAIN": "a.com", "AUTH": "x1", "NEWPASSWORD": "p", "SESSION": "s"}
    response = parse_response("[RESPONSE]\r\nCODE=200\r\nDESCRIPTION=ok\r\nEOF\r\n", sent)
    assert response.command == {
        "COMMAND": "TransferDomain",
        "DOMAIN": "a.com",
        "AUTH": "***",
        "NEWPASSWORD": "***",
        "SESSION": "***",
    }
    assert response.command_plain.splitlines()[0] == "AUTH = ***"
    assert sent["AUTH"] == "x1"  # the caller's mapping is not changed
    assert parse_response("[RESPONSE]\r\nCODE=200\r\nDESCRIPTION=ok\r\nEOF\r\n").command == {}
    assert wire.invalid_response("bad", "", {"PASSWORD": "p"}).command == {"PASSWORD": "***"}


def test_an_error_built_from_a_bare_command_masks_it_too() -> None:
    error = HexonetError("failed", code=549, command="X", command_sent={"COMMAND": "X", "PASSWORD": "p"})
    assert error.command_sent == {"COMMAND": "X", "PASSWORD": "***"}
    assert error.command_plain == "COMMAND = X\nPASSWORD = ***\n"


@pytest.mark.parametrize(
    ("url", "endpoint"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/api/call.cgi"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/api/call.cgi"),
        ("http://localhost", "http://localhost/api/call.cgi"),
        ("https://api.ispapi.net/api/call.cgi", "https://api.ispapi.net/api/call.cgi"),
        ("http://127.0.0.1/proxy/call.cgi", "http://127.0.0.1/proxy/call.cgi"),
        ("http://127.0.0.1:8080/?x=1", "http://127.0.0.1:8080/?x=1"),
        ("not a url", "not a url"),
    ],
)
def test_a_server_root_gets_the_api_path(url: str, endpoint: str) -> None:
    assert wire.endpoint_url(url) == endpoint


def test_credential_checks() -> None:
    assert wire.check_remote_address("10.10.10.10") == "10.10.10.10"
    assert wire.check_remote_address("2001:DB8::1") == "2001:db8::1"
    assert wire.check_remote_address(None) is None
    assert wire.check_user_view("hexotestman.com") == "hexotestman.com"
    assert wire.check_credential("pa ss\tword", "password") == "pa ss\tword"  # spaces and tabs are fine
    for call in (
        lambda: wire.check_remote_address("10.0.0.300"),
        lambda: wire.check_remote_address(""),
        lambda: wire.check_user_view(""),
        lambda: wire.check_user_view("a\tb"),
        lambda: wire.check_credential("", "password"),
        lambda: wire.check_credential("p\x7fw", "password"),
    ):
        with pytest.raises(InvalidInputError):
            call()


def test_server_paging_figures() -> None:
    def reply(**figures: str) -> Response:
        lines = "".join(f"PROPERTY[{name}][0]={value}\r\n" for name, value in figures.items())
        return parse_response(f"[RESPONSE]\r\n{lines}CODE=200\r\nDESCRIPTION=ok\r\nEOF\r\n")

    assert server_paging(reply(LIMIT="10", TOTAL="0")) == (10, 0)
    assert server_paging(reply(DOMAIN="a.com")) == (None, None)
    for figures in ({"LIMIT": "0"}, {"LIMIT": "-1"}, {"TOTAL": "-1"}, {"LIMIT": "1e3"}, {"TOTAL": "\u0669"}):
        with pytest.raises(ResponseValidationError):
            server_paging(reply(**figures))
    assert data_row_count(reply(FIRST="0", COUNT="0", TOTAL="0", LIMIT="5")) == 0
    assert data_row_count(reply(DOMAIN="a.com", TOTAL="1")) == 1


def test_registry_codes_pins_and_one_time_passwords_are_secret() -> None:
    command = {
        "COMMAND": "TransferDomain",
        "DOMAIN": "example.it",
        "AUTH": "a1",
        "X-IT-PIN": "p2",
        "X-ASSOCIATION-AUTH": "a3",
        "X-AERO-ENS-AUTH-KEY": "k4",
        "X-CAT-ENS-AUTH-KEY": "k5",
        "OTP": "o6",
        "OLDOTP": "o7",
        "X-IDAUTHORITY": "shown",
    }
    shown = wire.command_plain(command)
    assert all(secret not in shown for secret in ("a1", "p2", "a3", "k4", "k5", "o6", "o7"))
    assert "DOMAIN = example.it" in shown and "X-IDAUTHORITY = shown" in shown
    logged = wire.HEXONET_REDACTOR.body(
        wire.encode_form([("s_command", wire.command_text(command))]), "application/x-www-form-urlencoded"
    )
    assert "p2" not in logged and "o6" not in logged and "example.it" in logged
