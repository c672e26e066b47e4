"""The pure wire layer, checked against the request bodies and replies of exosite.md section 4."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from resourcekit.core.errors import InvalidInputError, NotFoundError, ResponseValidationError
from resourcekit.core.redact import MASK
from resourcekit.core.request import RequestSpec
from resourcekit.exosite import wire
from resourcekit.exosite.errors import (
    CallError,
    CallExpiredError,
    CallInvalidError,
    CallLockedError,
    CallNoAuthError,
    CallRestrictedError,
    ExositeBadRequestError,
    ExositeConflictError,
    ExositeForbiddenError,
    ExositeNotFoundError,
    ExositeServerError,
    RecordBatchError,
    RPCAuthenticationError,
    RPCBadRequestError,
    RPCNotSupportedError,
    RPCRequestError,
    RPCServerError,
)
from resourcekit.exosite.models import (
    ClientDescription,
    CountRule,
    DataportDescription,
    DataruleDescription,
    DispatchDescription,
    Limits,
    Point,
    Retention,
    ScriptRule,
    SimpleRule,
    rule_from_wire,
)
from resourcekit.exosite.wire import SELF, Alias, BatchPendingError, Call, CallResult, Handle, Rid, RPCAuth

X = "a" * 40
A = "b" * 40
B = "c" * 40


def body(auth: RPCAuth, *operations: wire.Operation[Any], first_id: int = 0) -> bytes:
    calls = [(first_id + index, op.call) for index, op in enumerate(operations)]
    return wire.encode_body(wire.encode_request(auth, calls))


# -- section 4 vectors ----------------------------------------------------------------------------


def test_read_request_body_is_exact() -> None:
    sent = body(RPCAuth(cik="CIK"), wire.read_op(Alias("temp"), limit=1))
    assert sent == (
        b'{"auth": {"cik": "CIK"}, "calls": [{"id": 0, "procedure": "read", '
        b'"arguments": [{"alias": "temp"}, {"limit": 1}]}]}'
    )


def test_read_reply_parses_to_typed_points() -> None:
    op = wire.read_op(Alias("temp"))
    (result,) = wire.parse_reply([{"id": 0, "status": "ok", "result": [[1376709527, 64.2]]}])
    assert op.parse(result) == [Point(1376709527, 64.2)]


def test_write_sends_the_documented_form_and_reports_no_result() -> None:
    op = wire.write_op(Alias("temp"), 65.4)
    assert op.call.arguments == [{"alias": "temp"}, 65.4]
    (result,) = wire.parse_reply([{"id": 1, "status": "ok"}])
    assert result.ok and not result.has_result
    assert op.parse(result) is None  # never a made-up 'ok'


def test_replies_are_matched_by_id_not_position() -> None:
    results = wire.parse_reply([{"id": 3, "status": "ok", "result": [[1, 2]]}, {"id": 2, "status": "ok"}])
    matched = wire.match_results([2, 3], results)
    assert [r.id for r in matched] == [2, 3]
    assert matched[1].value == [[1, 2]]


def test_missing_reply_entry_is_reported() -> None:
    with pytest.raises(ResponseValidationError, match=r"\[4\]"):
        wire.match_results([3, 4], wire.parse_reply([{"id": 3, "status": "ok"}]))


def test_acting_as_a_client_or_owner() -> None:
    assert RPCAuth(cik="CIK", client_id=X).to_wire() == {"cik": "CIK", "client_id": X}
    assert RPCAuth(cik="CIK", resource_id=X).to_wire() == {"cik": "CIK", "resource_id": X}
    assert RPCAuth(token="T").to_wire() == {"token": "T"}
    with pytest.raises(InvalidInputError):
        RPCAuth(cik="CIK", token="T")
    with pytest.raises(InvalidInputError):
        RPCAuth()
    with pytest.raises(InvalidInputError):
        RPCAuth(cik="CIK", client_id="not-a-rid")
    with pytest.raises(InvalidInputError):
        RPCAuth(cik="CIK", client_id=X, resource_id=X)


def test_request_level_401_raises_by_code() -> None:
    with pytest.raises(RPCAuthenticationError) as caught:
        wire.parse_reply({"error": {"code": 401, "message": "Invalid", "context": "auth"}})
    assert caught.value.code == 401
    assert caught.value.context == "auth"


@pytest.mark.parametrize(
    ("code", "cls"),
    [(-1, RPCBadRequestError), (400, RPCBadRequestError), (500, RPCServerError), (501, RPCNotSupportedError)],
)
def test_request_level_errors_by_code(code: int, cls: type[RPCRequestError]) -> None:
    error = wire.request_error({"code": code, "message": "m", "context": "calls"})
    assert type(error) is cls
    assert error.code == code


def test_unknown_request_error_code_is_still_an_rpc_error() -> None:
    assert type(wire.request_error({"code": 418, "message": "x"})) is RPCRequestError
    assert type(wire.request_error({"code": 503})) is RPCServerError


def test_fail_status_keeps_the_error_object() -> None:
    (result,) = wire.parse_reply(
        [{"id": 0, "status": "fail", "error": {"code": 501, "message": "Error", "context": "arguments"}}]
    )
    error = wire.call_error("write", result)
    assert type(error) is CallError
    assert (error.code, error.context, error.call_status, error.procedure) == (501, "arguments", "fail", "write")
    assert "Error" in str(error)
    assert error.status is None


def test_error_without_status_is_a_failure() -> None:
    (result,) = wire.parse_reply([{"id": 0, "error": {"code": 501, "message": "Error", "context": "arguments"}}])
    assert result.status == "fail" and not result.ok


def test_recordbatch_list_status_reports_each_point() -> None:
    op = wire.recordbatch_op(X, [(1, 1.0), (2, "x")])
    (result,) = wire.parse_reply([{"id": 0, "status": [[2, "invalid"]]}])
    with pytest.raises(RecordBatchError) as caught:
        op.parse(result)
    assert caught.value.rejected == [(2, "invalid")]


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        ("invalid", CallInvalidError),
        ("noauth", CallNoAuthError),
        ("restricted", CallRestrictedError),
        ("locked", CallLockedError),
        ("expire", CallExpiredError),
        ("error", CallError),
    ],
)
def test_statuses_map_to_errors(status: str, cls: type[CallError]) -> None:
    error = wire.call_error("info", CallResult(id=0, status=status))
    assert type(error) is cls
    assert error.call_status == status


def test_invalid_alias_is_a_not_found() -> None:
    assert isinstance(wire.call_error("read", CallResult(0, "invalid")), NotFoundError)


def test_non_json_rpc_reply_is_a_validation_error() -> None:
    hooks = wire.ExositeHooks()
    spec = RequestSpec("POST", wire.RPC_PATH, context={"api": "rpc"})
    response = httpx.Response(200, content=b"<html>oops</html>")
    with pytest.raises(ResponseValidationError, match="not JSON"):
        hooks.parse(response, spec)
    with pytest.raises(ResponseValidationError):
        wire.parse_reply("text")


def test_hooks_map_rpc_body_errors_and_http_statuses() -> None:
    hooks = wire.ExositeHooks()
    rpc = RequestSpec("POST", wire.RPC_PATH, context={"api": "rpc"})
    response = httpx.Response(200, json={"error": {"code": 401, "message": "Invalid", "context": "auth"}})
    assert isinstance(hooks.map_error(response, hooks.parse(response, rpc), rpc), RPCAuthenticationError)
    assert hooks.map_error(httpx.Response(200, json=[]), [], rpc) is None
    failed = httpx.Response(502, content=b"")
    assert isinstance(hooks.map_error(failed, None, rpc), RPCServerError)
    provision = RequestSpec("GET", "/provision/manage/model/", context={"api": "provision"})
    conflict = httpx.Response(409, text="")
    error = hooks.map_error(conflict, hooks.parse(conflict, provision), provision)
    assert isinstance(error, ExositeConflictError)
    assert str(error) == "409 Conflict"


def test_grant_vector() -> None:
    op = wire.grant_op(X, {X: ["read", "write"]}, ttl=1000)
    assert json.loads(body(RPCAuth(token="T"), op)) == {
        "auth": {"token": "T"},
        "calls": [{"id": 0, "procedure": "grant", "arguments": [X, {X: ["read", "write"]}, {"ttl": 1000}]}],
    }
    with pytest.raises(InvalidInputError, match="cannot grant"):
        wire.grant_op(X, {X: ["explode"]})
    with pytest.raises(InvalidInputError):
        wire.grant_op(X, {X: ["read"]}, ttl=0)


def test_info_and_move_vectors() -> None:
    assert wire.info_op(X).call.arguments == [X, {}]
    assert wire.info_op(X, ["basic", "key"]).call.arguments == [X, {"basic": True, "key": True}]
    assert wire.move_op(A, B).call.arguments == [A, B, {"aliases": True}]
    with pytest.raises(InvalidInputError, match="unknown info section"):
        wire.info_op(X, ["nope"])


# -- documented argument forms ---------------------------------------------------------------------


def test_documented_forms_with_parent_resource() -> None:
    assert wire.listing_op(["dataport"], options=["owned"]).call.arguments == [
        {"alias": ""},
        ["dataport"],
        {"owned": True},
    ]
    assert wire.lookup_op("alias", "temp").call.arguments == [{"alias": ""}, "alias", "temp"]
    assert wire.unmap_op("temp").call.arguments == [{"alias": ""}, "alias", "temp"]
    assert wire.activate_op("share", "S").call.arguments == [{"alias": ""}, "share", "S"]
    assert wire.deactivate_op("client", "K", client=X).call.arguments == [X, "client", "K"]
    assert wire.map_op(X, "temp").call.arguments == ["alias", X, "temp"]
    assert wire.revoke_op("share", "S").call.arguments == ["share", "S"]
    assert wire.drop_op(X).call.arguments == [X]
    assert wire.share_op(X, meta="m").call.arguments == [X, {"meta": "m"}]
    assert wire.usage_op("dataport", 0, 10).call.arguments == [{"alias": ""}, "dataport", 0, 10]


def test_create_forms() -> None:
    op = wire.create_op(DataportDescription(format="float", name="t", retention=Retention(count=10)))
    assert op.call.arguments == [
        {"alias": ""},
        "dataport",
        {"format": "float", "name": "t", "retention": {"count": 10, "duration": "infinity"}},
    ]
    assert wire.create_op(ClientDescription(name="c"), parent=None).call.arguments == ["client", {"name": "c"}]
    rule = DataruleDescription(rule=SimpleRule(comparison="gt", constant=30), format="integer")
    assert wire.create_op(rule).call.arguments[1:] == [
        "datarule",
        {"format": "integer", "rule": {"simple": {"comparison": "gt", "constant": 30.0, "repeat": False}}},
    ]
    dispatch = DispatchDescription(method="sms", recipient="+15551234")
    assert wire.create_op(dispatch).call.arguments[1] == "dispatch"
    assert wire.clone_op(rid=X, aliases=False).call.arguments == ["clone", {"rid": X, "noaliases": True}]
    assert wire.clone_op(code="S", historical=False).call.arguments == ["clone", {"code": "S", "nohistorical": True}]
    with pytest.raises(InvalidInputError):
        wire.clone_op()


def test_read_flush_wait_options() -> None:
    read = wire.read_op(X, limit=5, start=10, end=20, sort="asc", selection="all")
    assert read.call.arguments == [
        X,
        {"starttime": 10, "endtime": 20, "sort": "asc", "limit": 5, "selection": "all"},
    ]
    assert read.read_only
    assert wire.flush_op(X).call.arguments == [X]
    assert wire.flush_op(X, newer_than=1, older_than=9).call.arguments == [X, {"newerthan": 1, "olderthan": 9}]
    wait = wire.wait_op(X, timeout_ms=500, since=7)
    assert wait.call.arguments == [X, {"timeout": 500, "since": 7}]
    assert wait.wait_ms == 500
    assert wait.parse(CallResult(0, "expire")) is None
    assert wait.parse(CallResult(0, "ok", [9, 1.5])) == Point(9, 1.5)
    with pytest.raises(InvalidInputError):
        wire.read_op(X, limit=-1)


def test_values_are_checked_before_sending() -> None:
    with pytest.raises(InvalidInputError):
        wire.write_op(X, True)
    with pytest.raises(InvalidInputError, match="64 KB"):
        wire.write_op(X, "x" * (64 * 1024 + 1))
    with pytest.raises(InvalidInputError):
        wire.writegroup_op([])
    with pytest.raises(InvalidInputError):
        wire.record_op(X, [])
    assert wire.record_op(X, [(-5, 1)]).call.arguments == [X, [[-5, 1]], {}]
    assert wire.writegroup_op([(X, 1), (Alias("a"), "s")]).call.arguments == [[[X, 1], [{"alias": "a"}, "s"]]]


def test_update_refuses_self_and_format() -> None:
    with pytest.raises(InvalidInputError):
        wire.update_op(SELF, {"name": "x"})
    with pytest.raises(InvalidInputError, match="format"):
        wire.update_op(X, {"format": "string"})
    assert wire.update_op(X, {"rule": CountRule(comparison="gt", constant=1, count=3, timeout=60)}).call.arguments[
        1
    ] == {"rule": {"count": {"comparison": "gt", "constant": 1.0, "count": 3, "timeout": 60, "repeat": False}}}


# -- identifiers ----------------------------------------------------------------------------------


def test_rid_is_validated_and_normalised() -> None:
    assert Rid(X.upper()) == X
    assert repr(Rid(X)) == f"Rid('{X}')"
    for bad in ("", "abc", "g" * 40, "a" * 41):
        with pytest.raises(InvalidInputError, match="Alias"):
            Rid(bad)
    assert wire.encode_resource(SELF) == {"alias": ""}
    assert wire.encode_resource(Alias("t")) == {"alias": "t"}
    assert wire.encode_resource(X) == X
    with pytest.raises(InvalidInputError):
        wire.read_op("temp")


# -- results, handles, listing --------------------------------------------------------------------


def test_listing_parses_both_forms() -> None:
    op = wire.listing_op(["client", "dataport"])
    assert op.parse(CallResult(0, "ok", {"client": [X], "dataport": []})) == {"client": [X], "dataport": []}
    assert op.parse(CallResult(0, "ok", [[A], [B]])) == {"client": [A], "dataport": [B]}
    with pytest.raises(InvalidInputError):
        wire.listing_op([])


def test_results_are_validated() -> None:
    with pytest.raises(ResponseValidationError):
        wire.create_op(ClientDescription()).parse(CallResult(0, "ok", "nope"))
    with pytest.raises(ResponseValidationError):
        wire.usage_op("client", 0, 1).parse(CallResult(0, "ok", "x"))
    with pytest.raises(ResponseValidationError):
        wire.read_op(X).parse(CallResult(0, "ok", [[1]]))
    with pytest.raises(ResponseValidationError):
        wire.info_op(X).parse(CallResult(0, "ok", []))
    with pytest.raises(ResponseValidationError):
        wire.share_op(X).parse(CallResult(0, "ok", 5))
    with pytest.raises(ResponseValidationError):
        wire.parse_reply([{"status": "ok"}])
    with pytest.raises(ResponseValidationError):
        wire.parse_reply([{"id": 1}])
    assert wire.parse_reply(None) == []


def test_handle_lifecycle() -> None:
    handle = Handle(wire.read_op(X))
    assert repr(handle) == "Handle(read, pending)"
    with pytest.raises(BatchPendingError):
        _ = handle.value
    handle.resolve(CallResult(0, "restricted"))
    assert handle.done and not handle.ok
    assert isinstance(handle.error, CallRestrictedError)
    with pytest.raises(CallRestrictedError):
        _ = handle.value
    other = Handle(wire.read_op(X))
    other.resolve(CallResult(0, "ok", [[1, 2]]))
    assert other.ok and other.value == [Point(1, 2)] and other.result is not None
    failed = Handle(wire.drop_op(X))
    failed.fail(RPCServerError("boom"))
    assert repr(failed) == "Handle(drop, RPCServerError)"


# -- descriptions ---------------------------------------------------------------------------------


def test_descriptions_dump_to_the_wire() -> None:
    client = ClientDescription(name="c", limits=Limits(dataport="inherit", client=2), public=True)
    assert client.to_wire() == {"name": "c", "public": True, "limits": {"client": 2, "dataport": "inherit"}}
    assert rule_from_wire({"script": "return 1"}) == ScriptRule(script="return 1")
    assert rule_from_wire({"simple": {"comparison": "lt", "constant": 3}}) == SimpleRule(comparison="lt", constant=3)
    parsed = DataruleDescription.model_validate({"format": "integer", "rule": {"timeout": {"timeout": 60}}})
    assert parsed.to_wire()["rule"] == {"timeout": {"timeout": 60, "repeat": False}}
    with pytest.raises(InvalidInputError):
        rule_from_wire({"nope": {}})
    with pytest.raises(InvalidInputError):
        rule_from_wire({"a": 1, "b": 2})


# -- secrets --------------------------------------------------------------------------------------


def test_auth_repr_masks_the_key() -> None:
    auth = RPCAuth(cik="SECRETCIK", client_id=X)
    assert "SECRETCIK" not in repr(auth)
    assert MASK in repr(auth)
    assert X in repr(auth)


def test_redactor_masks_ciks_tokens_and_codes_in_bodies() -> None:
    request = wire.encode_request(
        RPCAuth(cik="SECRETCIK"),
        [
            (0, wire.revoke_op("client", "OTHERCIK").call),
            (1, wire.activate_op("share", "SHARECODE").call),
            (2, wire.clone_op(code="CLONECODE").call),
            (3, wire.read_op(X).call),
        ],
    )
    shown = wire.REDACTOR.body(wire.encode_body(request), wire.RPC_CONTENT_TYPE)
    for secret in ("SECRETCIK", "OTHERCIK", "SHARECODE", "CLONECODE"):
        assert secret not in shown
    assert X in shown
    token = wire.REDACTOR.body(wire.encode_body(wire.encode_request(RPCAuth(token="TOK"), [])), "application/json")
    assert "TOK" not in token
    assert wire.REDACTOR.headers([("X-Exosite-CIK", "K"), ("X-Exosite-Token", "T")]) == {
        "X-Exosite-CIK": MASK,
        "X-Exosite-Token": MASK,
    }
    assert "abc" not in wire.REDACTOR.body(b"model=M1&code=abc", "application/x-www-form-urlencoded")


# -- provisioning encodings -----------------------------------------------------------------------


def test_model_form_vectors() -> None:
    form = wire.model_form("M1", code="SC", aliases=False)
    assert wire.form_bytes(form) == b"model=M1&code=SC&options%5B%5D=noaliases"
    assert wire.form_bytes(wire.model_form("M1", rid=X)) == f"model=M1&rid={X}".encode()
    with pytest.raises(InvalidInputError):
        wire.model_form("M1")
    with pytest.raises(InvalidInputError):
        wire.model_form("M1", rid="short")


def test_provision_replies_parse() -> None:
    assert wire.parse_csv("sn1,,x\r\nsn2,rid,\r\n") == [["sn1", "", "x"], ["sn2", "rid", ""]]
    assert wire.parse_csv("") == []
    assert wire.parse_lines("a\r\nb\n\n") == ["a", "b"]
    assert wire.parse_form("rid=R&options%5B%5D=noaliases") == [("rid", "R"), ("options[]", "noaliases")]
    assert wire.encode_csv([("a", "x y"), ("b,c",)]) == 'a,x y\n"b,c"\n'
    assert wire.provision_path("manage", "model", "a b", trailing_slash=True) == "/provision/manage/model/a%20b/"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, ExositeBadRequestError),
        (403, ExositeForbiddenError),
        (404, ExositeNotFoundError),
        (409, ExositeConflictError),
        (500, ExositeServerError),
    ],
)
def test_http_errors_by_status(status: int, cls: type[Exception]) -> None:
    error = wire.http_error(status, "Reason", "details")
    assert type(error) is cls
    assert str(error) == f"{status} Reason: details"


def test_names_are_checked() -> None:
    with pytest.raises(InvalidInputError):
        wire.check_name("model", "")
    with pytest.raises(InvalidInputError):
        wire.check_name("model", "a\nb")


# -- HTTP Data Interface --------------------------------------------------------------------------


def test_hdi_encodings() -> None:
    assert wire.hdi_read_path(["a", "b c"]) == "/onep:v1/stack/alias?a&b%20c"
    assert wire.hdi_write_form({"a": 1, "b": "x"}) == [("a", "1"), ("b", "x")]
    assert wire.hdi_record_form({"a": [(1, 2), (3, 4)], "b": [(5, "x")]}) == [
        ("alias", "a"),
        ("1", "2"),
        ("3", "4"),
        ("alias", "b"),
        ("5", "x"),
    ]
    assert wire.if_modified_since(0) == "Thu, 01 Jan 1970 00:00:00 GMT"
    assert wire.parse_http_date("Thu, 01 Jan 1970 00:00:10 GMT") == 10
    assert wire.parse_http_date("42") == 42
    assert wire.parse_http_date("garbage") is None
    assert wire.parse_http_date(None) is None
    with pytest.raises(InvalidInputError):
        wire.hdi_read_path([])
    with pytest.raises(InvalidInputError):
        wire.hdi_write_form({})


def test_call_is_plain_data() -> None:
    assert Call("read", [X]) == Call("read", [X])


def test_csv_fields_missing_at_the_end_are_empty_and_numbers_are_checked() -> None:
    row = ["sn-1", "activated"]
    assert wire.csv_field(row, 1) == "activated"
    assert wire.csv_field(row, 2) == ""
    assert wire.csv_int(["", "42"], 1, "size") == 42
    assert wire.csv_int(["x"], 3, "size") == 0
    with pytest.raises(ResponseValidationError, match="size: CSV field 2 is not a whole number"):
        wire.csv_int(["a", "4\u00b2"], 1, "size")
