"""The One Platform's wire formats, without I/O.

- RPC (``POST /onep:v1/rpc/process``): the request envelope, every procedure's documented argument
  form as an `Operation` (the call plus the parser of its result), reply parsing, matching by id,
  and errors by code and status.
- Provisioning (``/provision/...``): form bodies, CSV / form / plain / JSON replies, errors by status.
- HTTP Data Interface (``/onep:v1/stack/alias``): form encodings.
- `ExositeHooks` and `ExositeRedactor` plug these into the shared transport.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import formatdate, parsedate_to_datetime
from typing import Any, Generic, Literal, TypeVar, cast, get_args
from urllib.parse import parse_qsl, quote, urlencode

import httpx

from resourcekit.core.errors import APIError, InvalidInputError, ResourceKitError, ResponseValidationError
from resourcekit.core.hooks import ProviderHooks
from resourcekit.core.redact import MASK, Redactor, normalise_name
from resourcekit.core.request import RequestSpec
from resourcekit.core.validate import all_of, has_control, one_of, path_segment, shown
from resourcekit.exosite.errors import (
    CallError,
    CallExpiredError,
    CallInvalidError,
    CallLockedError,
    CallNoAuthError,
    CallRestrictedError,
    ExositeAuthenticationError,
    ExositeBadRequestError,
    ExositeConflictError,
    ExositeForbiddenError,
    ExositeHTTPError,
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
    MAX_STRING_VALUE,
    ClientDescription,
    DataportDescription,
    DataruleDescription,
    DispatchDescription,
    DispatchMethod,
    Format,
    Info,
    Point,
    PreprocessOp,
    Rule,
    SerialNumberRange,
    UsageMetric,
    Value,
    rule_to_wire,
)

T = TypeVar("T")

DEFAULT_URL = "https://m2.exosite.com"
RPC_PATH = "/onep:v1/rpc/process"
PROVISION_PATH = "/provision"
STACK_ALIAS_PATH = "/onep:v1/stack/alias"
STACK_RECORD_PATH = "/onep:v1/stack/record"
TIMESTAMP_PATH = "/timestamp"
RPC_CONTENT_TYPE = "application/json; charset=utf-8"
HDI_ACCEPT = "application/x-www-form-urlencoded; charset=utf-8"
MAX_LONG_POLL_MS = 300_000
DEFAULT_WAIT_MS = 30_000
READ_ALL = 2**31 - 1
"""The ``limit`` sent for ``limit=None`` (the platform's own default is 1 point)."""

GRANTABLE = [
    "read",
    "write",
    "writegroup",
    "record",
    "flush",
    "wait",
    "info",
    "create",
    "move",
    "update",
    "listing",
    "drop",
    "usage",
    "map",
    "lookup",
    "unmap",
    "share",
    "revoke",
]
"""Procedure names a grant can allow."""

# -- identifiers ------------------------------------------------------------------------------

_RID = re.compile(r"^[0-9a-fA-F]{40}$")


class Rid(str):
    """A resource id: 40 hexadecimal characters (stored lower case).

    Raises:
        InvalidInputError: The value is not 40 hex characters.
    """

    __slots__ = ()

    def __new__(cls, value: str, what: str = "resource") -> Rid:
        if not isinstance(value, str) or not _RID.match(value):  # pyright: ignore[reportUnnecessaryIsInstance]
            # The value is not shown: a CIK or token passed by mistake must not reach a log.
            got = f"{len(value)} characters" if isinstance(value, str) else type(value).__name__  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(
                f"{what} is not a resource id (40 hex characters; got {got}); "
                "use Alias('name') to address a resource by alias"
            )
        return super().__new__(cls, value.lower())

    def __repr__(self) -> str:
        return f"Rid({str.__repr__(self)})"


@dataclass(frozen=True)
class Alias:
    """An alias of an immediate child of the caller; ``Alias("")`` (`SELF`) is the caller itself."""

    name: str
    """The alias (``""`` for the caller itself)."""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError("an alias is a string")

    def __str__(self) -> str:
        return self.name


SELF = Alias("")
"""The caller itself, as a resource id (``{"alias": ""}``)."""

ResourceID = Rid | Alias | str
"""A RID (a 40-hex string is checked), an `Alias`, or `SELF`."""


def resource_id(value: ResourceID, what: str = "resource") -> Rid | Alias:
    """``value`` as a typed identifier; a plain string must be a RID.

    Raises:
        InvalidInputError: A string that is not 40 hex characters (naming the argument ``what``).
    """
    if isinstance(value, Alias | Rid):
        return value
    return Rid(value, what)


def encode_resource(value: ResourceID, what: str = "resource") -> str | dict[str, str]:
    """A resource id as the RPC API spells it: the RID string or ``{"alias": name}``."""
    typed = resource_id(value, what)
    return {"alias": typed.name} if isinstance(typed, Alias) else str(typed)


# -- auth -------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class RPCAuth:
    """The ``auth`` of an RPC request: a CIK or a token, optionally acting as another resource."""

    cik: str | None = None
    """The client interface key (masked in reprs)."""
    token: str | None = None
    """A token from ``grant``, used instead of a CIK (masked in reprs)."""
    client_id: str | None = None
    """Act as this descendant client (its RID)."""
    resource_id: str | None = None
    """Act as the owner of this resource (its RID)."""

    def __post_init__(self) -> None:
        if (self.cik is None) == (self.token is None):
            raise InvalidInputError("give exactly one of cik= or token=")
        if self.client_id is not None and self.resource_id is not None:
            raise InvalidInputError("give at most one of client_id= and resource_id=")
        for name in ("client_id", "resource_id"):
            value = getattr(self, name)
            if value is not None:
                Rid(value, name)

    def to_wire(self) -> dict[str, str]:
        """The ``auth`` object as the RPC API expects it."""
        auth: dict[str, str] = {"cik": self.cik} if self.cik is not None else {"token": cast("str", self.token)}
        if self.client_id is not None:
            auth["client_id"] = self.client_id
        if self.resource_id is not None:
            auth["resource_id"] = self.resource_id
        return auth

    def __repr__(self) -> str:
        kind = "cik" if self.cik is not None else "token"
        acting = f", client_id={self.client_id!r}" if self.client_id else ""
        acting += f", resource_id={self.resource_id!r}" if self.resource_id else ""
        return f"RPCAuth({kind}={MASK!r}{acting})"


# -- calls and replies ------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One procedure call of an RPC request."""

    procedure: str
    """The procedure's name (``read``, ``write``, ``info``...)."""
    arguments: list[Any]
    """Its arguments as the RPC API spells them."""


@dataclass(frozen=True)
class RPCErrorDetail:
    """The ``error`` object of a failed call or request."""

    code: int | None = None
    """The error code (e.g. 401, 501), when one came."""
    message: str | None = None
    """The error message."""
    context: str | None = None
    """Where it failed: ``auth``, ``arguments``, ``calls`` or ``procedure``."""


class _NoResult:
    """Marks a reply entry without a ``result`` (``None`` may be a real result)."""

    def __repr__(self) -> str:
        return "<no result>"


_NO_RESULT: Any = _NoResult()


@dataclass(frozen=True)
class CallResult:
    """One entry of an RPC reply."""

    id: int | str
    """The call's id in its request."""
    status: Any
    """``"ok"``, another status string, or recordbatch's list of ``[timestamp, status]``."""
    result: Any = _NO_RESULT
    """The result; `has_result` tells whether the reply had one."""
    error: RPCErrorDetail | None = None
    """The error object, when the platform sent one."""

    @property
    def ok(self) -> bool:
        """Whether the status is ``ok``."""
        return self.status == "ok"

    @property
    def has_result(self) -> bool:
        """Whether the reply entry had a ``result``."""
        return self.result is not _NO_RESULT

    @property
    def value(self) -> Any:
        """The result, or ``None`` when the entry had none."""
        return None if self.result is _NO_RESULT else self.result


def encode_request(auth: RPCAuth, calls: Sequence[tuple[int | str, Call]]) -> dict[str, Any]:
    """The request envelope: ``{"auth": ..., "calls": [{"id", "procedure", "arguments"}, ...]}``."""
    return {
        "auth": auth.to_wire(),
        "calls": [{"id": call_id, "procedure": call.procedure, "arguments": call.arguments} for call_id, call in calls],
    }


def encode_body(request: Mapping[str, Any]) -> bytes:
    """The request body bytes (JSON with the standard separators, UTF-8).

    Raises:
        InvalidInputError: A NaN or infinite number (JSON has none, and the platform would answer
            "not JSON"), a string holding a lone surrogate (it has no UTF-8 form), a value JSON
            has no form for (a set, an object), a circular value, or one nested too deep.
    """
    try:
        text = json.dumps(request, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InvalidInputError(f"the calls cannot be sent as JSON: {error}") from error
    except RecursionError:
        raise InvalidInputError("the calls cannot be sent as JSON: a value is nested too deep") from None
    return utf8(text, "a string")


def _error_detail(value: Any) -> RPCErrorDetail:
    if not isinstance(value, dict):
        return RPCErrorDetail(message=None if value is None else str(value))
    body = cast("dict[str, Any]", value)
    code = body.get("code")
    return RPCErrorDetail(
        code=code if isinstance(code, int) else None,
        message=None if body.get("message") is None else str(body.get("message")),
        context=None if body.get("context") is None else str(body.get("context")),
    )


_REQUEST_ERRORS: dict[int, type[RPCRequestError]] = {
    -1: RPCBadRequestError,
    400: RPCBadRequestError,
    401: RPCAuthenticationError,
    500: RPCServerError,
    501: RPCNotSupportedError,
}


def request_error(error: Any, *, http_status: int | None = None) -> RPCRequestError:
    """The exception for a request-level ``{"error": {...}}``, chosen by its code."""
    detail = _error_detail(error)
    code = detail.code if detail.code is not None else http_status
    cls = _REQUEST_ERRORS.get(code if code is not None else 0, RPCRequestError)
    if cls is RPCRequestError and code is not None and code >= 500:
        cls = RPCServerError
    message = f"RPC request failed: {detail.message or 'error'}" + (
        f" (context: {detail.context})" if detail.context else ""
    )
    return cls(message, code=code, context=detail.context, raw=error)


def parse_reply(body: Any) -> list[CallResult]:
    """The entries of an RPC reply.

    Raises:
        RPCRequestError: The reply is a request-level error (a subclass by code).
        ResponseValidationError: The reply is not an RPC reply.
    """
    if isinstance(body, dict) and "error" in body:
        raise request_error(cast("dict[str, Any]", body)["error"])
    if body is None:
        return []
    if not isinstance(body, list):
        raise ResponseValidationError("an RPC reply is a JSON list of call results", raw=body)
    results: list[CallResult] = []
    for entry in cast("list[Any]", body):
        if not isinstance(entry, dict) or "id" not in entry:
            raise ResponseValidationError("an RPC reply entry is an object with an id", raw=body)
        item = cast("dict[str, Any]", entry)
        if isinstance(item["id"], bool) or not isinstance(item["id"], int | str):
            raise ResponseValidationError("an RPC reply entry's id is a number or a string", raw=body)
        error = _error_detail(item["error"]) if "error" in item else None
        status = item.get("status", "fail" if error is not None else None)
        if status is None:
            raise ResponseValidationError("an RPC reply entry has no status", raw=body)
        results.append(CallResult(id=item["id"], status=status, result=item.get("result", _NO_RESULT), error=error))
    return results


def match_results(ids: Sequence[int | str], results: Sequence[CallResult]) -> list[CallResult]:
    """The results in the order of ``ids``, whatever order the reply used.

    Raises:
        ResponseValidationError: A call has no entry in the reply.
    """
    by_id = {result.id: result for result in results}
    missing = [call_id for call_id in ids if call_id not in by_id]
    if missing:
        raise ResponseValidationError(f"the RPC reply has no result for call ids {missing}")
    return [by_id[call_id] for call_id in ids]


def _rejected_point(item: Any, raw: Any) -> tuple[int, str]:
    """One ``[timestamp, status]`` of a recordbatch status list."""
    if isinstance(item, list | tuple) and len(item) == 2:  # pyright: ignore[reportUnknownArgumentType]
        pair = cast("Sequence[Any]", item)
        return (_timestamp_of(pair[0], raw), str(pair[1]))
    raise ResponseValidationError("a refused point is [timestamp, status]", raw=raw)


def _timestamp_of(value: Any, raw: Any) -> int:
    """A timestamp from a reply: an integer, or a number or numeric text that converts to one."""
    if isinstance(value, bool):
        raise ResponseValidationError("a timestamp is a number, not a boolean", raw=raw)
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        raise ResponseValidationError(f"a timestamp is a number, not {type(value).__name__}", raw=raw) from None


_STATUS_ERRORS: dict[str, type[CallError]] = {
    "invalid": CallInvalidError,
    "noauth": CallNoAuthError,
    "restricted": CallRestrictedError,
    "locked": CallLockedError,
    "expire": CallExpiredError,
}


def call_error(procedure: str, result: CallResult) -> CallError:
    """The exception for a call whose status is not ``ok``, chosen by its status."""
    detail = result.error or RPCErrorDetail()
    raw_status: Any = result.status
    if isinstance(raw_status, list):
        rejected = [_rejected_point(item, raw_status) for item in cast("list[Any]", raw_status)]
        return RecordBatchError(
            f"{procedure}: {len(rejected)} point(s) refused",
            rejected=rejected,
            procedure=procedure,
            call_status=raw_status,
            call_id=result.id,
            code=detail.code,
            context=detail.context,
            raw=raw_status,
        )
    status = str(raw_status)
    cls = _STATUS_ERRORS.get(status, CallError)
    message = f"{procedure}: {status}" + (f": {detail.message}" if detail.message else "")
    if detail.context:
        message += f" (context: {detail.context})"
    return cls(
        message,
        procedure=procedure,
        call_status=status,
        call_id=result.id,
        code=detail.code,
        context=detail.context,
        raw=detail.__dict__ if result.error else status,
    )


# -- operations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation(Generic[T]):
    """A call and the parser of its result; the client sends it alone or in a batch."""

    call: Call
    """The procedure and its arguments."""
    parse: Callable[[CallResult], T]
    """Turns the call's entry into the typed value (raising `CallError` when not ok)."""
    read_only: bool = False
    """Safe to send twice (decides retries)."""
    wait_ms: int | None = None
    """For ``wait``: how long the server may hold the call, in milliseconds."""


def _ok(procedure: str, result: CallResult) -> None:
    if not result.ok:
        raise call_error(procedure, result)


def _nothing(procedure: str) -> Callable[[CallResult], None]:
    def parse(result: CallResult) -> None:
        _ok(procedure, result)

    return parse


def rid_in_reply(value: Any, what: str) -> Rid:
    """A RID the server sent; anything else is the server's fault (`ResponseValidationError`)."""
    try:
        return Rid(str(value))
    except InvalidInputError as error:
        raise ResponseValidationError(f"{what} returned {shown(value)}, not a RID", raw=value) from error


def _rid_result(procedure: str) -> Callable[[CallResult], Rid]:
    def parse(result: CallResult) -> Rid:
        _ok(procedure, result)
        return rid_in_reply(result.value, procedure)

    return parse


def _string_result(procedure: str) -> Callable[[CallResult], str]:
    def parse(result: CallResult) -> str:
        _ok(procedure, result)
        if not isinstance(result.value, str):
            raise ResponseValidationError(f"{procedure} returned {type(result.value).__name__}, not a string")
        return result.value

    return parse


def timestamp(value: int | float | datetime) -> int:
    """A unix timestamp in seconds from a number or an aware datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InvalidInputError("use an aware datetime (with tzinfo) for timestamps")
        return int(value.timestamp())
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"a timestamp is a finite number of seconds or an aware datetime, not {shown(value)}")
    return int(value)


def check_value(value: Value) -> Value:
    """A dataport value: a number or a string of at most 64 KB."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"a dataport value is a number or a string, not {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInputError(f"a dataport value is a finite number, not {value!r}")
    if isinstance(value, str) and len(utf8(value, "a dataport value")) > MAX_STRING_VALUE:
        raise InvalidInputError("a string value is at most 64 KB")
    return value


def parse_points(value: Any) -> list[Point]:
    if not isinstance(value, list):
        raise ResponseValidationError("read returned something other than a list of points", raw=value)
    points: list[Point] = []
    for item in cast("list[Any]", value):
        if not isinstance(item, list | tuple) or len(item) != 2:  # pyright: ignore[reportUnknownArgumentType]
            raise ResponseValidationError("a point is [timestamp, value]", raw=value)
        pair = cast("Sequence[Any]", item)
        points.append(Point(_timestamp_of(pair[0], value), pair[1]))
    return points


def read_op(
    resource: ResourceID,
    *,
    limit: int | None = 1,
    start: int | float | datetime | None = None,
    end: int | float | datetime | None = None,
    sort: Literal["asc", "desc"] | None = None,
    selection: Literal["all", "givenwindow", "autowindow"] | None = None,
) -> Operation[list[Point]]:
    """``read [rid, {starttime, endtime, sort, limit, selection}]`` -> points (newest first by default)."""
    options: dict[str, Any] = {}
    if start is not None:
        options["starttime"] = timestamp(start)
    if end is not None:
        options["endtime"] = timestamp(end)
    if sort is not None:
        options["sort"] = one_of(sort, ("asc", "desc"), "sort")
    if limit is not None and limit < 0:
        raise InvalidInputError("limit is 0 or more")
    options["limit"] = READ_ALL if limit is None else limit
    if selection is not None:
        options["selection"] = one_of(selection, READ_SELECTIONS, "selection")

    def parse(result: CallResult) -> list[Point]:
        _ok("read", result)
        return parse_points(result.value)

    return Operation(Call("read", [encode_resource(resource), options]), parse, read_only=True)


def write_op(resource: ResourceID, value: Value) -> Operation[None]:
    """``write [rid, value]``."""
    return Operation(Call("write", [encode_resource(resource), check_value(value)]), _nothing("write"))


def writegroup_op(values: Iterable[tuple[ResourceID, Value]]) -> Operation[None]:
    """``writegroup [[[rid, value], ...]]``: every value gets the same timestamp."""
    pairs = [[encode_resource(resource), check_value(value)] for resource, value in values]
    if not pairs:
        raise InvalidInputError("writegroup needs at least one value")
    return Operation(Call("writegroup", [pairs]), _nothing("writegroup"))


def _points(points: Iterable[tuple[int | float | datetime, Value] | Point]) -> list[list[Any]]:
    encoded = [[timestamp(ts), check_value(value)] for ts, value in points]
    if not encoded:
        raise InvalidInputError("give at least one point")
    return encoded


def record_op(resource: ResourceID, points: Iterable[tuple[int | float | datetime, Value] | Point]) -> Operation[None]:
    """``record [rid, [[ts, value], ...], {}]`` (deprecated by the platform; negative ts = seconds ago)."""
    return Operation(Call("record", [encode_resource(resource), _points(points), {}]), _nothing("record"))


def recordbatch_op(
    resource: ResourceID, points: Iterable[tuple[int | float | datetime, Value] | Point]
) -> Operation[None]:
    """``recordbatch [rid, [[ts, value], ...]]``; refused points raise `RecordBatchError`."""
    return Operation(Call("recordbatch", [encode_resource(resource), _points(points)]), _nothing("recordbatch"))


def flush_op(
    resource: ResourceID,
    *,
    newer_than: int | float | datetime | None = None,
    older_than: int | float | datetime | None = None,
) -> Operation[None]:
    """``flush [rid]`` or ``flush [rid, {newerthan, olderthan}]`` (bounds exclusive)."""
    arguments: list[Any] = [encode_resource(resource)]
    options: dict[str, int] = {}
    if newer_than is not None:
        options["newerthan"] = timestamp(newer_than)
    if older_than is not None:
        options["olderthan"] = timestamp(older_than)
    if options:
        arguments.append(options)
    return Operation(Call("flush", arguments), _nothing("flush"))


def wait_op(
    resource: ResourceID, *, timeout_ms: int = DEFAULT_WAIT_MS, since: int | float | datetime | None = None
) -> Operation[Point | None]:
    """``wait [rid, {timeout, since}]`` -> the next point, or ``None`` when the wait expired."""
    if timeout_ms < 0:
        raise InvalidInputError("timeout_ms is 0 or more")
    options: dict[str, Any] = {"timeout": timeout_ms}
    if since is not None:
        options["since"] = timestamp(since)

    def parse(result: CallResult) -> Point | None:
        if result.status == "expire":
            return None
        _ok("wait", result)
        points = parse_points([result.value])
        return points[0]

    return Operation(Call("wait", [encode_resource(resource), options]), parse, read_only=True, wait_ms=timeout_ms)


READ_SELECTIONS = ("all", "givenwindow", "autowindow")
LOOKUP_KINDS = ("alias", "owner", "shared")
CODE_KINDS = ("client", "share")
USAGE_METRICS: tuple[str, ...] = get_args(UsageMetric)
FORMATS: tuple[str, ...] = get_args(Format)
PREPROCESS_OPS: tuple[str, ...] = get_args(PreprocessOp)
DISPATCH_METHODS: tuple[str, ...] = get_args(DispatchMethod)
UNBOUNDED = "infinity"


def _unbounded(value: Any, what: str) -> None:
    if value == UNBOUNDED:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError(f"{what} is a whole number, 0 or more, or 'infinity'; got {shown(value)}")


def check_description(body: dict[str, Any]) -> dict[str, Any]:
    """A description in wire form, with its closed values checked: ``format`` (float, integer,
    string), ``retention`` (``count`` and ``duration``: 0 or more, or ``"infinity"``),
    ``preprocess`` operators, a dispatch's ``method`` and client ``limits`` (0 or more, or
    ``"inherit"``).

    Raises:
        InvalidInputError: Naming the field.
    """
    if "format" in body:
        one_of(body["format"], FORMATS, "format")
    retention: Any = body.get("retention")
    if retention is not None:
        if not isinstance(retention, dict) or not set(cast("dict[str, Any]", retention)) <= {"count", "duration"}:
            raise InvalidInputError("retention is {count, duration}")
        for name, value in cast("dict[str, Any]", retention).items():
            _unbounded(value, f"retention.{name}")
    preprocess: Any = body.get("preprocess")
    if preprocess is not None:
        if not isinstance(preprocess, list | tuple):
            raise InvalidInputError("preprocess is a list of [operator, value] pairs")
        for step in cast("list[Any]", preprocess):
            if not isinstance(step, list | tuple) or len(cast("list[Any]", step)) != 2:
                raise InvalidInputError("preprocess is a list of [operator, value] pairs")
            one_of(cast("list[Any]", step)[0], PREPROCESS_OPS, "preprocess operator")
    if "method" in body:
        one_of(body["method"], DISPATCH_METHODS, "method")
    limits: Any = body.get("limits")
    if isinstance(limits, dict):
        for name, value in cast("dict[str, Any]", limits).items():
            if value != "inherit" and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise InvalidInputError(f"limits.{name} is a whole number, 0 or more, or 'inherit'")
    return body


def description_to_wire(
    description: ClientDescription | DataportDescription | Mapping[str, Any],
) -> dict[str, Any]:
    if isinstance(description, ClientDescription | DataportDescription):
        return description.to_wire()
    return dict(description)


def _type_of(description: ClientDescription | DataportDescription) -> str:
    if isinstance(description, DataruleDescription):
        return "datarule"
    if isinstance(description, DispatchDescription):
        return "dispatch"
    if isinstance(description, DataportDescription):
        return "dataport"
    return "client"


def create_op(
    description: ClientDescription | DataportDescription, *, parent: ResourceID | None = SELF
) -> Operation[Rid]:
    """``create [parent, type, description]`` (``[type, description]`` when ``parent`` is ``None``)."""
    kind = _type_of(description)
    body = check_description(description_to_wire(description))
    if kind != "client" and "format" not in body:
        raise InvalidInputError("a dataport, datarule or dispatch needs a format")
    arguments: list[Any] = [kind, body]
    if parent is not None:
        arguments.insert(0, encode_resource(parent, "parent"))
    return Operation(Call("create", arguments), _rid_result("create"))


def clone_op(
    *, rid: ResourceID | None = None, code: str | None = None, aliases: bool = True, historical: bool = True
) -> Operation[Rid]:
    """``create ["clone", {rid or code, noaliases, nohistorical}]``: copy a client."""
    if (rid is None) == (code is None):
        raise InvalidInputError("clone needs exactly one of rid= or code=")
    options: dict[str, Any] = {"rid": str(Rid(str(rid), "rid"))} if rid is not None else {"code": code}
    if not aliases:
        options["noaliases"] = True
    if not historical:
        options["nohistorical"] = True
    return Operation(Call("create", ["clone", options]), _rid_result("create"))


def move_op(resource: ResourceID, destination: ResourceID, *, aliases: bool = True) -> Operation[None]:
    """``move [rid, destinationClient, {"aliases": bool}]``."""
    if isinstance(resource, Alias) and resource == SELF:
        raise InvalidInputError("a client cannot move itself")
    call = Call("move", [encode_resource(resource), encode_resource(destination, "destination"), {"aliases": aliases}])
    return Operation(call, _nothing("move"))


def update_op(resource: ResourceID, description: Mapping[str, Any] | ClientDescription) -> Operation[None]:
    """``update [rid, partialDescription]`` (not on the caller itself)."""
    if isinstance(resource, Alias) and resource == SELF:
        raise InvalidInputError("update cannot change the caller itself; ask its owner")
    body = description.to_wire() if isinstance(description, ClientDescription) else dict(description)
    if "format" in body and isinstance(description, Mapping):
        raise InvalidInputError("a dataport's format cannot change")
    check_description(body)
    rule: Any = body.get("rule")
    if rule is not None and not isinstance(rule, dict):
        body["rule"] = rule_to_wire(cast("Rule", rule))
    return Operation(Call("update", [encode_resource(resource), body]), _nothing("update"))


INFO_SECTIONS = (
    "aliases",
    "basic",
    "counts",
    "description",
    "key",
    "shares",
    "storage",
    "subscribers",
    "tagged",
    "tags",
    "usage",
)


def info_op(resource: ResourceID, sections: Iterable[str] | None = None) -> Operation[Info]:
    """``info [rid, options]``: every visible section, or only ``sections``."""
    options: dict[str, bool] = {}
    for section in sections or ():
        if section not in INFO_SECTIONS:
            raise InvalidInputError(f"unknown info section {section!r}; known: {', '.join(INFO_SECTIONS)}")
        options[section] = True

    def parse(result: CallResult) -> Info:
        _ok("info", result)
        value: Any = result.value
        if not isinstance(value, dict):
            raise ResponseValidationError("info returned something other than an object", raw=value)
        return Info.from_wire(value)

    return Operation(Call("info", [encode_resource(resource), options]), parse, read_only=True)


ListingOption = Literal["owned", "activated", "aliased", "public"]
ListableType = Literal["client", "dataport", "datarule", "dispatch", "token"]
LISTABLE_TYPES: tuple[str, ...] = get_args(ListableType)
LISTING_OPTIONS: tuple[str, ...] = get_args(ListingOption)


def listing_op(
    types: Sequence[ListableType | str],
    *,
    client: ResourceID = SELF,
    options: Iterable[ListingOption] = (),
    tagged: Sequence[str] | None = None,
) -> Operation[dict[str, list[Rid]]]:
    """``listing [client, types, options]`` -> the RIDs of each type."""
    if not types:
        raise InvalidInputError("listing needs at least one type")
    all_of(types, LISTABLE_TYPES, "types")
    opts: dict[str, Any] = dict.fromkeys(all_of(options, LISTING_OPTIONS, "options"), True)
    if tagged is not None:
        opts["tagged"] = list(tagged)
    kinds = list(types)

    def parse(result: CallResult) -> dict[str, list[Rid]]:
        _ok("listing", result)
        value = result.value
        if isinstance(value, list):  # the deprecated form: lists in type order
            value = dict(zip(kinds, cast("list[Any]", value), strict=False))
        if not isinstance(value, dict):
            raise ResponseValidationError("listing returned something other than an object", raw=value)
        found = cast("dict[str, Any]", value)
        listed: dict[str, list[Rid]] = {}
        for kind in kinds:
            rids: Any = found.get(kind) or []
            if not isinstance(rids, list) or not all(
                isinstance(rid, str) and _RID.match(rid) for rid in cast("list[Any]", rids)
            ):
                raise ResponseValidationError(f"listing returned something other than RIDs for {kind}", raw=value)
            listed[kind] = [Rid(rid) for rid in cast("list[str]", rids)]
        return listed

    return Operation(Call("listing", [encode_resource(client, "client"), kinds, opts]), parse, read_only=True)


def drop_op(resource: ResourceID) -> Operation[None]:
    """``drop [rid]``; dropping a client drops its subtree."""
    return Operation(Call("drop", [encode_resource(resource)]), _nothing("drop"))


def usage_op(
    metric: UsageMetric, start: int | float | datetime, end: int | float | datetime, *, client: ResourceID = SELF
) -> Operation[float]:
    """``usage [client, metric, start, end]`` -> a number."""

    def parse(result: CallResult) -> float:
        _ok("usage", result)
        if isinstance(result.value, bool) or not isinstance(result.value, int | float):
            raise ResponseValidationError("usage returned something other than a number", raw=result.value)
        return result.value

    one_of(metric, USAGE_METRICS, "metric")
    call = Call("usage", [encode_resource(client, "client"), metric, timestamp(start), timestamp(end)])
    return Operation(call, parse, read_only=True)


def map_op(resource: ResourceID, alias: str) -> Operation[None]:
    """``map ["alias", rid, alias]``: name an immediate child of the caller."""
    if not alias:
        raise InvalidInputError("an alias cannot be empty")
    return Operation(Call("map", ["alias", encode_resource(resource), alias]), _nothing("map"))


def unmap_op(alias: str, *, client: ResourceID = SELF) -> Operation[None]:
    """``unmap [client, "alias", alias]``."""
    return Operation(Call("unmap", [encode_resource(client, "client"), "alias", alias]), _nothing("unmap"))


def lookup_op(kind: Literal["alias", "owner", "shared"], value: str, *, client: ResourceID = SELF) -> Operation[Rid]:
    """``lookup [client, "alias"|"owner"|"shared", value]`` -> a RID (alias ``""`` is the caller)."""
    one_of(kind, LOOKUP_KINDS, "kind")
    call = Call("lookup", [encode_resource(client, "client"), kind, value])
    return Operation(call, _rid_result("lookup"), read_only=True)


def share_op(resource: ResourceID, *, meta: str | None = None, code: str | None = None) -> Operation[str]:
    """``share [rid, {meta, code}]`` -> a share code (giving ``code`` updates that share's meta)."""
    options: dict[str, str] = {}
    if meta is not None:
        options["meta"] = meta
    if code is not None:
        options["code"] = code
    return Operation(Call("share", [encode_resource(resource), options]), _string_result("share"))


def revoke_op(kind: Literal["client", "share"], code: str) -> Operation[None]:
    """``revoke ["client"|"share", code]``; revoking a client's CIK issues a new, unactivated one."""
    return Operation(Call("revoke", [one_of(kind, CODE_KINDS, "kind"), code]), _nothing("revoke"))


def activate_op(kind: Literal["client", "share"], code: str, *, client: ResourceID = SELF) -> Operation[None]:
    """``activate [client, "client"|"share", code]``."""
    call = Call("activate", [encode_resource(client, "client"), one_of(kind, CODE_KINDS, "kind"), code])
    return Operation(call, _nothing("activate"))


def deactivate_op(kind: Literal["client", "share"], code: str, *, client: ResourceID = SELF) -> Operation[None]:
    """``deactivate [client, "client"|"share", code]``."""
    call = Call("deactivate", [encode_resource(client, "client"), one_of(kind, CODE_KINDS, "kind"), code])
    return Operation(call, _nothing("deactivate"))


def grant_op(
    resource: ResourceID, permissions: Mapping[ResourceID, Iterable[str]], *, ttl: int | None = None
) -> Operation[str]:
    """``grant [rid, {rid: [procedures]}, {"ttl": n}]`` -> a token usable as ``OnePlatform(token=...)``."""
    grants: dict[str, list[str]] = {}
    for target, procedures in permissions.items():
        names = list(procedures)
        unknown = sorted(set(names) - set(GRANTABLE))
        if unknown:
            raise InvalidInputError(f"cannot grant {unknown}; grantable: {', '.join(GRANTABLE)}")
        grants[str(resource_id(target, "permissions"))] = names
    arguments: list[Any] = [encode_resource(resource), grants]
    if ttl is not None:
        if ttl <= 0:
            raise InvalidInputError("ttl is a positive number of seconds")
        arguments.append({"ttl": ttl})
    return Operation(Call("grant", arguments), _string_result("grant"))


TagAction = Literal["add", "remove"]
TAG_ACTIONS: tuple[str, ...] = get_args(TagAction)


def tag_op(resource: ResourceID, action: TagAction, tag: str) -> Operation[None]:
    """``tag [rid, "add"|"remove", name]``: label a resource (``listing`` finds it by ``tagged``).

    The procedure is undocumented in the RPC docs; its argument form is pyonep's and its actions
    are those of the platform's scripting API (``manage.tag(rid, action, name)``).
    """
    one_of(action, TAG_ACTIONS, "action")
    if not isinstance(tag, str) or not tag:  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError("a tag is a non-empty string")
    if has_control(tag):
        raise InvalidInputError(f"a tag cannot hold control characters: {shown(tag)}")
    return Operation(Call("tag", [encode_resource(resource), action, tag]), _nothing("tag"))


class BatchPendingError(ResourceKitError, RuntimeError):
    """A batch handle was read before its batch was sent."""


class Handle(Generic[T]):
    """The future result of one call queued in a batch (in call order).

    After the batch is sent, `value` is the typed result or raises the call's error; `result`
    is the raw `CallResult`, `error` the exception (``None`` when the call succeeded).
    """

    __slots__ = ("_done", "_error", "_value", "operation", "result")

    def __init__(self, operation: Operation[T]) -> None:
        self.operation: Operation[T] = operation
        """The queued call and the parser of its result."""
        self.result: CallResult | None = None
        """The call's raw entry of the reply (``None`` until it came)."""
        self._value: T | None = None
        self._error: BaseException | None = None
        self._done = False

    @property
    def procedure(self) -> str:
        """The queued call's procedure."""
        return self.operation.call.procedure

    @property
    def done(self) -> bool:
        """Whether the batch was sent (or failed)."""
        return self._done

    @property
    def ok(self) -> bool:
        """Whether the call came back ``ok``."""
        return self._done and self._error is None

    @property
    def error(self) -> BaseException | None:
        """The call's error (``None`` while pending or when it succeeded)."""
        return self._error

    @property
    def value(self) -> T:
        """The typed result; raises the call's error, or `BatchPendingError` before sending."""
        if not self._done:
            raise BatchPendingError(f"the batch holding this {self.procedure} call has not been sent")
        if self._error is not None:
            raise self._error
        return cast("T", self._value)

    def resolve(self, result: CallResult) -> None:
        """Take the call's entry of the reply (parsing it into the value or the error)."""
        self.result = result
        try:
            self._value = self.operation.parse(result)
        except (ResourceKitError, ValueError) as error:
            self._error = error
        self._done = True

    def fail(self, error: BaseException) -> None:
        """The request carrying this call failed as a whole."""
        self._error = error
        self._done = True

    def __repr__(self) -> str:
        state = "pending" if not self._done else ("ok" if self._error is None else type(self._error).__name__)
        return f"Handle({self.procedure}, {state})"


# -- hooks ------------------------------------------------------------------------------------

_CODE_ARGUMENT = {"revoke": 1, "activate": 2, "deactivate": 2}


@dataclass(frozen=True)
class ExositeRedactor(Redactor):
    """Masks CIKs and tokens: in auth objects and headers by name, and as positional RPC arguments.

    ``revoke``, ``activate`` and ``deactivate`` take a CIK or share code as an argument, and clone
    takes a share code; those are masked in logged request bodies.
    """

    names: frozenset[str] = field(default_factory=lambda: frozenset({normalise_name("code")}))
    """Field names masked wherever they appear (share ``code`` besides the defaults)."""

    def body(self, content: bytes, content_type: str) -> str:
        """A request body as it may be logged: CIKs and share codes in RPC arguments masked."""
        if "json" in content_type:
            try:
                request = json.loads(content)
            except ValueError:
                return super().body(content, content_type)
            calls: Any = cast("dict[str, Any]", request).get("calls") if isinstance(request, dict) else None
            if isinstance(calls, list):
                for call in cast("list[Any]", calls):
                    if not isinstance(call, dict):
                        continue
                    entry = cast("dict[str, Any]", call)
                    index = _CODE_ARGUMENT.get(str(entry.get("procedure")))
                    arguments = entry.get("arguments")
                    if index is not None and isinstance(arguments, list):
                        args = cast("list[Any]", arguments)
                        if index < len(args) and isinstance(args[index], str):
                            args[index] = MASK
                return json.dumps(self.value("", request), separators=(",", ":"))
        return super().body(content, content_type)


REDACTOR = ExositeRedactor()


class ExositeHooks(ProviderHooks):
    """RPC replies carry request-level errors in the body; provisioning and the HTTP Data
    Interface speak in HTTP statuses with text bodies."""

    redactor: Redactor = REDACTOR
    """Masks CIKs, tokens and share codes in logs."""

    def parse(self, response: httpx.Response, spec: RequestSpec) -> Any:
        """The reply body: JSON for the RPC API, text for provisioning and the HTTP Data Interface."""
        if spec.context.get("api") == "rpc":
            content = response.content
            if not content.strip():
                return None
            try:
                return json.loads(content)
            except (ValueError, RecursionError) as error:  # RecursionError: nested deeper than the stack
                if response.status_code >= 400:
                    return response.text
                raise ResponseValidationError(f"the RPC reply is not JSON: {error}", raw=response.text) from error
        return response.text if response.content else None

    def map_error(self, response: httpx.Response, parsed: Any, spec: RequestSpec) -> APIError | None:
        """The typed error of a reply: RPC request errors by code, HTTP replies of 400 and above by status."""
        if spec.context.get("api") == "rpc":
            if isinstance(parsed, dict) and "error" in parsed:
                return request_error(cast("dict[str, Any]", parsed)["error"], http_status=response.status_code)
            if response.status_code >= 400:
                error = request_error({"code": response.status_code, "message": response.reason_phrase})
                # Keep the HTTP status (a 502 or 429 from a proxy is retried by status, even for creates).
                error.status = response.status_code
                return error
            return None
        if response.status_code < 400:
            return None
        return http_error(response.status_code, response.reason_phrase, response.text)


_HTTP_ERRORS: dict[int, type[ExositeHTTPError]] = {
    400: ExositeBadRequestError,
    401: ExositeAuthenticationError,
    403: ExositeForbiddenError,
    404: ExositeNotFoundError,
    409: ExositeConflictError,
}


def http_error(status: int, reason: str, body: str) -> ExositeHTTPError:
    """The exception for a provisioning or HTTP Data Interface reply: ``"409 Conflict"`` and so on."""
    cls = _HTTP_ERRORS.get(status) or (ExositeServerError if status >= 500 else ExositeHTTPError)
    message = f"{status} {reason}".strip()
    if body.strip():
        message += f": {body.strip()[:200]}"
    return cls(message, status=status, reason=reason, body=body, raw=body)


# -- provisioning -----------------------------------------------------------------------------


def provision_path(*segments: str, trailing_slash: bool = False) -> str:
    """``/provision/<segments...>`` with each segment percent-encoded.

    Raises:
        InvalidInputError: A segment that would change the route: empty, ``.``, ``..``, holding
            ``/`` or a control character (see `resourcekit.core.validate.path_segment`).
    """
    path = PROVISION_PATH + "".join("/" + path_segment(segment, "a model, serial number or id") for segment in segments)
    return path + "/" if trailing_slash else path


def parse_csv(text: str | None) -> list[list[str]]:
    """The rows of a ``text/csv`` reply (an empty reply has none)."""
    if not text or not text.strip():
        return []
    try:
        # newline="": a lone CR ends a row, as in the csv module's own reading of files.
        return [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    except csv.Error as error:  # a field longer than the csv module's limit (128 KiB)
        raise ResponseValidationError(f"the CSV reply cannot be read: {error}", raw=text[:500]) from None


def csv_field(row: Sequence[str], index: int) -> str:
    """Field ``index`` of a CSV row; empty when the row is shorter (trailing empty fields may be left out)."""
    return row[index] if index < len(row) else ""


def csv_int(row: Sequence[str], index: int, what: str) -> int:
    """Field ``index`` of a CSV row as a whole number (an empty field is 0).

    Raises:
        ResponseValidationError: The field is not a whole number.
    """
    text = csv_field(row, index)
    try:
        return int(text or 0)
    except ValueError:
        raise ResponseValidationError(
            f"{what}: CSV field {index + 1} is not a whole number", raw=",".join(row)[:500]
        ) from None


def parse_lines(text: str | None) -> list[str]:
    """The non-empty lines of a plain list reply."""
    if not text:
        return []
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_ranges(text: str | None) -> list[SerialNumberRange]:
    """The ``?show=ranges`` reply: ``{"ranges": [{format, length, casing, first, last}, ...]}``.

    Raises:
        ResponseValidationError: Not JSON (or nested too deep to read), not that shape, or a range
            that does not fit `SerialNumberRange`.
    """
    try:
        body: Any = json.loads(text or "{}")
    except (ValueError, RecursionError) as error:
        raise ResponseValidationError("the ranges reply is not JSON", raw=text) from error
    found: Any = cast("dict[str, Any]", body).get("ranges", []) if isinstance(body, dict) else None
    if not isinstance(found, list):
        raise ResponseValidationError('the ranges reply is not {"ranges": [...]}', raw=text)
    return [SerialNumberRange.from_wire(item) for item in cast("list[Any]", found)]


def parse_form(text: str | None) -> list[tuple[str, str]]:
    """The pairs of a form-encoded reply, in order."""
    if not text:
        return []
    return parse_qsl(text.strip(), keep_blank_values=True)


def encode_csv(rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # The writer quotes only the line terminator's "\n"; a field holding a lone CR must be quoted
    # too, or a reader would end the row there (and read the rest as another serial number).
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        fields = list(row)
        (quoted if any("\r" in field for field in fields) else writer).writerow(fields)
    return out.getvalue()


def model_options(*, aliases: bool = True, comments: bool = True, historical: bool = True) -> list[tuple[str, str]]:
    """The ``options[]`` pairs of a model (none when every default is kept)."""
    pairs: list[tuple[str, str]] = []
    if not aliases:
        pairs.append(("options[]", "noaliases"))
    if not comments:
        pairs.append(("options[]", "nocomments"))
    if not historical:
        pairs.append(("options[]", "nohistorical"))
    return pairs


def model_form(
    name: str | None,
    *,
    rid: str | None = None,
    code: str | None = None,
    aliases: bool = True,
    comments: bool = True,
    historical: bool = True,
) -> list[tuple[str, str]]:
    """``model=M&rid=R`` or ``model=M&code=C``, plus ``options[]``."""
    if (rid is None) == (code is None):
        raise InvalidInputError("a model clones exactly one of rid= or code= (a share code)")
    pairs: list[tuple[str, str]] = [("model", name)] if name is not None else []
    pairs.append(("rid", str(Rid(rid))) if rid is not None else ("code", cast("str", code)))
    return pairs + model_options(aliases=aliases, comments=comments, historical=historical)


def form_bytes(pairs: Sequence[tuple[str, str]]) -> bytes:
    """A form body; a value with a lone surrogate (no UTF-8 form) is `InvalidInputError`."""
    for name, value in pairs:
        utf8(name, "a form field name")
        utf8(value, f"the form field {name!r}")
    return urlencode(pairs).encode()


def utf8(text: str, what: str) -> bytes:
    """``text`` in UTF-8; a lone surrogate, which has no UTF-8 form, is `InvalidInputError`."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        # The text is not shown: it may be a secret, and it cannot be printed faithfully anyway.
        raise InvalidInputError(f"{what} holds a lone surrogate, which has no UTF-8 form") from error


def check_name(kind: str, value: str) -> str:
    """A model, serial number, content or vendor name: a non-empty string without control characters
    (names that become a path segment are checked further by `provision_path`)."""
    if not isinstance(value, str) or not value or has_control(value):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"a {kind} is a non-empty string without control characters")
    utf8(value, f"a {kind}")
    return value


# -- HTTP Data Interface ----------------------------------------------------------------------


def hdi_read_path(aliases: Sequence[str]) -> str:
    """``/onep:v1/stack/alias?a&b``: the aliases to read, as bare query keys."""
    if not aliases:
        raise InvalidInputError("read at least one alias")
    return STACK_ALIAS_PATH + "?" + "&".join(quote(check_name("alias", a), safe="") for a in aliases)


def hdi_write_form(values: Mapping[str, Value]) -> list[tuple[str, str]]:
    if not values:
        raise InvalidInputError("write at least one value")
    return [(check_name("alias", alias), str(check_value(value))) for alias, value in values.items()]


def hdi_record_form(
    series: Mapping[str, Iterable[tuple[int | float | datetime, Value] | Point]],
) -> list[tuple[str, str]]:
    """``alias=A&<ts>=<v>&...&alias=B&...`` for ``POST /onep:v1/stack/record``."""
    pairs: list[tuple[str, str]] = []
    for alias, points in series.items():
        pairs.append(("alias", check_name("alias", alias)))
        pairs.extend((str(ts), str(value)) for ts, value in _points(points))
    if not pairs:
        raise InvalidInputError("record at least one point")
    return pairs


def if_modified_since(value: int | float | datetime) -> str:
    """The ``If-Modified-Since`` header for a long poll (an HTTP date)."""
    return formatdate(timestamp(value), usegmt=True)


def parse_http_date(value: str | None) -> int | None:
    """A ``Last-Modified`` header as a unix timestamp (numbers are accepted as they are)."""
    if not value:
        return None
    try:
        if value.strip().isascii() and value.strip().isdigit():
            return int(value.strip())
        return int(parsedate_to_datetime(value).timestamp())
    except (TypeError, ValueError, OverflowError):
        return None


__all__ = [
    "DEFAULT_URL",
    "GRANTABLE",
    "INFO_SECTIONS",
    "REDACTOR",
    "RPC_PATH",
    "SELF",
    "Alias",
    "BatchPendingError",
    "Call",
    "Handle",
    "CallResult",
    "ExositeHooks",
    "ExositeRedactor",
    "Operation",
    "RPCAuth",
    "RPCErrorDetail",
    "ResourceID",
    "Rid",
    "encode_body",
    "encode_request",
    "encode_resource",
    "http_error",
    "match_results",
    "parse_csv",
    "parse_form",
    "parse_reply",
    "request_error",
    "resource_id",
]
