"""The Siminars wire protocol, without I/O: addresses, request encoding, envelopes, errors, routes.

Every request carries ``Content-Type: application/javascript`` and a JSON body holding the call's
data plus the ``apitoken`` and, for a signed-in user, the ``authtoken``. GET requests repeat their
data as query parameters, for servers that read GET data from the query string. The server
answers ``{"status": <int>, "message": <str>, "data": {...}}``; the payload is ``data``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Literal, cast, get_args

import httpx

from resourcekit.core.config import check_server_url
from resourcekit.core.errors import APIError, InvalidInputError, ResponseValidationError
from resourcekit.core.hooks import ProviderHooks
from resourcekit.core.redact import DEFAULT_REDACTOR, Redactor
from resourcekit.core.request import RequestSpec
from resourcekit.core.validate import has_control, one_of, path_segment, raw_path, shown
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
from resourcekit.siminars.urls import JACTION_HANDLES, ROLES

DEFAULT_PORT = 8000
"""The port of a ``host`` address given without one."""

UDS_BASE_URL = "http://localhost"
"""The base URL of requests sent through a Unix socket (the host only fills the Host header)."""

CONTENT_TYPE = "application/javascript"
"""The only content type the server accepts."""

METHODS = frozenset({"GET", "POST", "PUT", "DELETE"})

LAUNCHED = 12
"""The siminar ``status`` of a launched siminar (``PUT siminar {changed_data: {status: 12}}``)."""


MemberRole = Literal["students", "instructors"]
"""The roles of a siminar's, bundle's or session's members (the ``%(role)s`` of the member routes)."""


class Status(IntEnum):
    """The status codes of the Siminars API, by their documented names.

    Aliases share a value; the first name of a value is its canonical one (``Status(412).name`` is
    ``"INVALID_PARAM"``).
    """

    OK = 200
    PASS = 200
    CREATED = 201
    ACCEPTED = 202
    RESET = 205
    SEE_OTHER = 303
    LOGIN_REQUIRED = 401
    PAYMENT_REQUIRED = 402
    ACCESS_DENIED = 403
    NOT_FOUND = 404
    NOT_ALLOWED = 405
    CONFLICT = 409
    INVALID_PARAM = 412
    NULL_PARAM = 412
    CONDITION_FAIL = 412
    INTERNAL_ERROR = 500
    FAIL = 500


ERROR_CLASSES: Mapping[int, type[SiminarsError]] = {
    401: LoginRequiredError,
    402: PaymentRequiredError,
    403: AccessDeniedError,
    404: SiminarsNotFoundError,
    405: NotAllowedError,
    409: SiminarsConflictError,
    412: InvalidParamError,
    500: InternalServerError,
}


def status_name(status: int | None) -> str:
    """The documented name of a status (the first name when several share it)."""
    if status is None:
        return "UNKNOWN"
    try:
        return Status(status).name
    except ValueError:
        return f"HTTP {status}"


# -- addresses ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    """Where the server listens.

    Attributes:
        base_url: The URL requests are resolved against.
        uds: The Unix socket path to connect through, or ``None`` for TCP.
    """

    base_url: str
    uds: str | None = None

    def __str__(self) -> str:
        return self.uds if self.uds is not None else self.base_url


_HOST_PORT = re.compile(r"^(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-_]+)(?::(?P<port>\d{1,5}))?$")


def parse_address(address: str) -> Address:
    """An address as the documented client takes it: a Unix socket path, ``host[:port]``, or a URL.

    ``/tmp/api.sock`` (any path with a ``/``, or a name ending in ``.sock``) is a Unix socket;
    ``127.0.0.1:8032`` is TCP (port 8000 when omitted); ``http://192.168.33.10:8032`` is a URL.

    Raises:
        InvalidInputError: The address fits none of these forms.
    """
    text = address.strip()
    if not text:
        raise InvalidInputError("the Siminars address is empty; give a socket path, host:port or a URL")
    if "://" in text:
        check_server_url(text, "the Siminars address")  # InvalidAddressError, an InvalidInputError
        return Address(base_url=text.rstrip("/"))
    if text.startswith((".", "~")) or "/" in text or text.endswith(".sock"):
        return Address(base_url=UDS_BASE_URL, uds=text)
    match = _HOST_PORT.match(text)
    if match is None:
        raise InvalidInputError(f"the Siminars address {text!r} is not a socket path, host:port or URL")
    port = int(match.group("port") or DEFAULT_PORT)
    if not 0 < port < 65536:
        raise InvalidInputError(f"the Siminars address {text!r} has a port out of range")
    return Address(base_url=f"http://{match.group('host')}:{port}")


# -- login ----------------------------------------------------------------------------------


def make_password(email: str, password: str) -> str:
    """The password the server expects: ``md5(email.lower() + password)`` in hex (UTF-8)."""
    return hashlib.md5(utf8(email.lower() + password, "the email or password"), usedforsecurity=False).hexdigest()


def utf8(text: str, what: str) -> bytes:
    """``text`` in UTF-8; a lone surrogate, which has no UTF-8 form, is `InvalidInputError`."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        # The text is not shown: it may be a password or a token.
        raise InvalidInputError(f"{what} holds a lone surrogate, which has no UTF-8 form") from error


def login_data(email: str, password: str) -> dict[str, str]:
    """The data of ``POST /authtoken`` (the clear password never leaves the machine).

    Raises:
        InvalidInputError: The email or password is empty.
    """
    if not email.strip() or "@" not in email:
        raise InvalidInputError("login needs the user's email address")
    if not password:
        raise InvalidInputError("login needs a password")
    return {"email": email.strip(), "password": make_password(email.strip(), password)}


ThirdPartyService = Literal["facebook", "google", "linkedin"]
THIRD_PARTY_SERVICES: tuple[str, ...] = get_args(ThirdPartyService)
"""The services the docs name for third-party sign-in (``associate: /connect/%(service)s``)."""


def connect_data(service: str, access_token: str) -> dict[str, str]:
    """The data of ``POST /connect/<service>``: the access token the service gave the user.

    Raises:
        InvalidInputError: An unknown service, or an empty token or one with control characters.
    """
    one_of(service, THIRD_PARTY_SERVICES, "service")
    if not isinstance(access_token, str) or not access_token.strip():  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"signing in with {service} needs the access token {service} issued")
    if has_control(access_token):
        # Not shown: the value is a secret.
        raise InvalidInputError("an access token cannot hold control characters")
    return {"access_token": access_token}


# -- routes ---------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def route_parameters(template: str) -> list[str]:
    """The placeholder names of a path template, in order."""
    return _PLACEHOLDER.findall(template)


def expand(template: str, params: Mapping[str, object]) -> str:
    """Fill a ``%(name)s`` template; each value is percent-encoded as one path segment.

    Closed placeholders are checked against their sets: ``role`` (students, instructors) and
    ``handle`` (the jaction handles).

    Raises:
        InvalidInputError: A placeholder has no value, a value is empty, ``.`` or ``..``, holds a
            ``/`` or a control character, or is outside its closed set.
    """
    missing = [name for name in route_parameters(template) if params.get(name) in (None, "")]
    if missing:
        raise InvalidInputError(f"the path {template} needs {', '.join(missing)}")
    return _PLACEHOLDER.sub(lambda match: _segment(match.group(1), params[match.group(1)]), template)


def check_route_params(params: Mapping[str, object]) -> None:
    """Check route parameters before the route table is known (nothing is sent for a bad one).

    Raises:
        InvalidInputError: A value that `expand` would refuse.
    """
    for name, value in params.items():
        if value not in (None, ""):
            _segment(name, value)


def check_method(method: str) -> str:
    """GET, POST, PUT or DELETE (any case), upper-cased.

    Raises:
        InvalidInputError: Any other method.
    """
    verb = method.upper() if isinstance(method, str) else method  # pyright: ignore[reportUnnecessaryIsInstance]
    if verb not in METHODS:
        raise InvalidInputError(f"Siminars takes GET, POST, PUT or DELETE, not {shown(method)}")
    return verb


def _segment(name: str, value: object) -> str:
    if name == "role":
        check_role(str(value))
    elif name == "handle":
        one_of(str(value), JACTION_HANDLES, "handle")
    text = value if isinstance(value, str | int) and not isinstance(value, bool) else str(value)
    return path_segment(text, name)


def resolve_route(urls: Mapping[str, str], name: str, params: Mapping[str, object]) -> str:
    """The path of route ``name`` with its placeholders filled from ``params``.

    Raises:
        UnknownRouteError: The map has no such route.
        InvalidInputError: A placeholder has no value.
    """
    try:
        template = urls[name]
    except KeyError:
        known = ", ".join(sorted(urls))
        raise UnknownRouteError(f"no Siminars route named {name!r}; known routes: {known}") from None
    return expand(template, params)


def parse_url_map(payload: Any) -> dict[str, str]:
    """The route table of a ``GET /urls`` payload (``{"urls": {name: template}}``).

    Raises:
        ResponseValidationError: The payload holds no such table.
    """
    document = as_document(payload)
    urls = document.get("urls") if document is not None else None
    if not isinstance(urls, dict) or not urls:
        raise ResponseValidationError("the /urls reply holds no route table", raw=payload)
    table = cast("dict[Any, Any]", urls)
    return {str(key): str(value) for key, value in table.items() if isinstance(value, str)}


# -- requests -------------------------------------------------------------------------------


def _query_value(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, separators=(",", ":"))


def as_document(value: Any) -> dict[str, Any] | None:
    """``value`` as a JSON object, or ``None`` when it is not one."""
    return cast("dict[str, Any]", value) if isinstance(value, dict) else None


def json_body(body: Mapping[str, Any]) -> bytes:
    """A call's JSON body in UTF-8.

    Raises:
        InvalidInputError: A NaN or infinite number (JSON has none; the server would refuse the
            body as not JSON), a string with a lone surrogate (it has no UTF-8 form), a value JSON
            has no form for (a set, an object), a circular value, or one nested too deep.
    """
    try:
        text = json.dumps(body, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InvalidInputError(f"the data cannot be sent as JSON: {error}") from error
    except RecursionError:
        raise InvalidInputError("the data cannot be sent as JSON: a value is nested too deep") from None
    return utf8(text, "a value")


def encode_request(
    method: str,
    path: str,
    data: Mapping[str, Any] | None = None,
    *,
    apitoken: str,
    authtoken: str | None = None,
    idempotent: bool | None = None,
    route: str | None = None,
) -> RequestSpec:
    """A request as the server takes it: JSON body with the tokens, GET data also in the query.

    Args:
        method: GET, POST, PUT or DELETE (any case).
        path: The expanded path.
        data: The call's parameters.
        apitoken: Sent with every call.
        authtoken: The signed-in user's token; omitted for an anonymous call.
        idempotent: Overrides the method's default (a cart finalize PUT is not safe to repeat).
        route: The route name, carried to the hooks for error messages.

    Raises:
        InvalidInputError: An unknown method, a path that is not absolute, or data naming the tokens.
    """
    verb = check_method(method)
    if not isinstance(path, str) or not path.startswith("/"):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"a Siminars path starts with '/', got {shown(path)}")
    raw_path(path, "path")
    body: dict[str, Any] = dict(data or {})
    for reserved in ("apitoken", "authtoken"):
        if reserved in body:
            raise InvalidInputError(f"pass {reserved} to the client, not in the call's data")
    body["apitoken"] = apitoken
    if authtoken:
        body["authtoken"] = authtoken
    # The body first: it refuses what JSON cannot carry, which the query copy would meet too.
    content = json_body(body)
    params = [(key, _query_value(value)) for key, value in body.items()] if verb == "GET" else None
    return RequestSpec(
        method=verb,
        url=path,
        params=params,
        content=content,
        headers={"Content-Type": CONTENT_TYPE, "Accept": "application/json, application/javascript"},
        idempotent=idempotent,
        context={"route": route or path},
    )


# -- replies --------------------------------------------------------------------------------


def error_for(status: int, message: str, *, raw: Any = None) -> SiminarsError:
    """The typed error of an error status, keeping the server's message."""
    error_class = ERROR_CLASSES.get(status)
    if error_class is None:
        error_class = InternalServerError if status >= 500 else InvalidParamError if status >= 400 else SiminarsError
    return error_class(message or status_name(status), status=status, code=status_name(status), raw=raw)


def envelope_error(http_status: int, body: Any, text: str = "") -> SiminarsError | None:
    """The error a reply stands for (an HTTP error status, or an error status inside the envelope)."""
    envelope = cast("dict[str, Any]", body) if isinstance(body, dict) else None
    status = http_status
    if envelope is not None and isinstance(envelope.get("status"), int) and http_status < 400:
        status = int(envelope["status"])
    if status < 400:
        return None
    message = ""
    if envelope is not None and isinstance(envelope.get("message"), str):
        message = envelope["message"]
    elif text.strip():
        message = text.strip()[:200]
    return error_for(status, message, raw=body)


def unwrap(body: Any) -> Any:
    """The payload (``data``) of a success envelope.

    Raises:
        ResponseValidationError: The reply is not an envelope.
    """
    envelope = as_document(body)
    if envelope is None or "data" not in envelope or not isinstance(envelope.get("status"), int):
        raise ResponseValidationError("the Siminars reply is not a {status, message, data} envelope", raw=body)
    return envelope["data"]


def created_id(payload: Any) -> str:
    """The id of a ``{"created": id}`` reply.

    Raises:
        ResponseValidationError: The payload is not such a reply.
    """
    if isinstance(payload, dict) and "created" in payload:
        created = cast("dict[str, Any]", payload)["created"]
        if isinstance(created, str | int) and not isinstance(created, bool):
            return str(created)
    raise ResponseValidationError("expected a {created: id} reply", raw=payload)


def payload_item(payload: Any, key: str) -> dict[str, Any]:
    """The document under ``key`` of a ``{"<singular>": {...}}`` reply.

    Raises:
        ResponseValidationError: The key is missing or not a document.
    """
    document = as_document(payload)
    found = document.get(key) if document is not None else None
    if not isinstance(found, dict):
        raise ResponseValidationError(f"expected a {{{key}: {{...}}}} reply", raw=payload)
    return cast("dict[str, Any]", found)


def payload_list(payload: Any, key: str) -> list[dict[str, Any]]:
    """The documents under ``key`` of a ``{"<plural>": [...]}`` reply.

    Raises:
        ResponseValidationError: The key is missing or not a list of documents.
    """
    document = as_document(payload)
    found = document.get(key) if document is not None else None
    if not isinstance(found, list):
        raise ResponseValidationError(f"expected a {{{key}: [...]}} reply", raw=payload)
    items = cast("list[Any]", found)
    if not all(isinstance(item, dict) for item in items):
        raise ResponseValidationError(f"the {key} of the reply are not all documents", raw=payload)
    return cast("list[dict[str, Any]]", items)


def changed_data(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The body of an edit: ``{"changed_data": {...}}``.

    Raises:
        InvalidInputError: Nothing to change.
    """
    if not changes:
        raise InvalidInputError("changed_data needs at least one field")
    return {"changed_data": dict(changes)}


def check_role(role: str) -> str:
    """A member role (``students`` or ``instructors``).

    Raises:
        InvalidInputError: Any other role.
    """
    return one_of(role, ROLES, "role")


_ID = re.compile(r"^\d{24}$")


def check_id(value: str, kind: str = "object") -> str:
    """A Siminars id: 24 digits (13-digit epoch milliseconds, 6 digits, a 5-digit type suffix).

    Raises:
        InvalidInputError: Anything else.
    """
    text = str(value).strip()
    if not _ID.match(text):
        raise InvalidInputError(f"a {kind} id is 24 digits, got {shown(value)}")
    return text


ID_SUFFIXES: Mapping[str, str] = {
    "user": "63702",
    "siminar": "18098",
    "step": "54962",
    "plan": "35425",
    "bundle": "47020",
    "authtoken": "55057",
    "clickbank_account": "35829",
}
"""The documented 5-digit type suffixes of ids."""


def id_kind(value: str) -> str | None:
    """The kind of object an id names, from its suffix (``None`` when unknown)."""
    for kind, suffix in ID_SUFFIXES.items():
        if value.endswith(suffix):
            return kind
    return None


def id_created_on(value: str) -> int:
    """The creation time of an id in epoch milliseconds (its first 13 digits)."""
    return int(check_id(value)[:13])


# -- transport hooks ------------------------------------------------------------------------


class SiminarsHooks(ProviderHooks):
    """Envelope errors mapped to typed errors; tokens and passwords masked in logs."""

    redactor: Redactor = DEFAULT_REDACTOR.with_names("apitoken", "authtoken", "password", "encrypted_password")

    def parse(self, response: httpx.Response, spec: RequestSpec) -> Any:
        """JSON, text or ``None`` as by default; JSON nested deeper than the stack is not JSON.

        Raises:
            ResponseValidationError: The body says it is JSON and is not (or is nested too deep).
        """
        try:
            return super().parse(response, spec)
        except RecursionError:
            if "json" in response.headers.get("content-type", ""):
                raise ResponseValidationError("the reply is nested too deep to read", raw=response.text[:500]) from None
            return response.text

    def map_error(self, response: httpx.Response, parsed: Any, spec: RequestSpec) -> APIError | None:
        """The typed error a reply stands for (see `envelope_error`); ``None`` for a success."""
        return envelope_error(response.status_code, parsed, response.text)
