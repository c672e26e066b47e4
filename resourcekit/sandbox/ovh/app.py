"""The OVH API emulator: signed requests, access rules, real error bodies and query ids.

Routes live under ``/1.0`` and its alias ``/v1``. The emulator checks what the real service
checks, in the same order: the application key, the OAuth2 token or the consumer key, the
timestamp window, the signature over the exact URL and body bytes, the key's state and its access
rules. Path segments are matched percent-decoded, so an id holding ``/`` stays one segment.

Sandbox-only: ``POST /auth/?credentialToken=...`` (the validation URL a consumer key request
returns) validates the pending key, as the account owner does in a browser.
"""

from __future__ import annotations

import base64
import datetime as dt
import fnmatch
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, cast
from urllib.parse import parse_qsl, unquote

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send

from resourcekit.sandbox.base import SideEffects
from resourcekit.sandbox.ovh.state import Credential, IpmiGrant, Json, OVHState

API_PREFIXES = ("/1.0", "/v1")
BATCH_HEADER = "x-ovh-batch"
REASONS = {
    400: "400 Bad Request",
    401: "401 Unauthorized",
    403: "403 Forbidden",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    409: "409 Conflict",
}
BILL_CATEGORIES = frozenset(
    {"autorenew", "earlyrenewal", "purchase", "purchase-cloud", "purchase-servers", "purchase-telecom", "purchase-web"}
)
CREDENTIAL_STATUSES = frozenset({"expired", "pendingValidation", "refused", "validated"})
BURST_STATUSES = frozenset({"active", "inactive", "inactiveLocked"})
SERVER_STATES = frozenset({"error", "hacked", "hackedBlocked", "ok"})
IPMI_TYPES = frozenset({"kvmipHtml5URL", "kvmipJnlp", "serialOverLanSshKey", "serialOverLanURL"})
IPMI_TTLS = frozenset({1, 3, 5, 10, 15})
DNS_TYPES = frozenset(
    "A AAAA CAA CNAME DKIM DMARC DNAME LOC MX NAPTR NS PTR SPF SRV SSHFP TLSA TXT".split()  # noqa: SIM905
)
ME_WRITABLE = frozenset(
    [
        "country",
        "legalform",
        "language",
        "phoneType",
        "sex",
        "firstname",
        "name",
        "organisation",
        "address",
        "complementaryAddress",
        "city",
        "zip",
        "area",
        "phone",
        "phoneCountry",
        "fax",
        "spareEmail",
        "vat",
        "birthCity",
        "birthDay",
        "corporationType",
        "companyNationalIdentificationNumber",
        "nationalIdentificationNumber",
        "italianSDI",
        "purposeOfPurchase",
    ]
)
SERVER_WRITABLE = frozenset(
    {"bootId", "bootScript", "monitoring", "noIntervention", "rescueMail", "rescueSshKey", "rootDevice", "state"}
)


class Fail(Exception):
    """An error reply: ``{"message", "httpCode", "errorCode"}``."""

    def __init__(self, status: int, message: str, error_code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_code = error_code


def not_found(message: str) -> Fail:
    return Fail(404, message, "RESOURCE_NOT_FOUND")


def bad(message: str) -> Fail:
    return Fail(400, message, "INVALID_PARAMETER")


@dataclass
class Call:
    """One request, as the handlers see it."""

    method: str
    path: str
    args: dict[str, str]
    query: dict[str, str]
    body: Any
    credential: Credential | None
    origin: str
    application_key: str | None = None


Handler = Callable[["OVHApp", Call], Any]


@dataclass(frozen=True)
class Route:
    method: str
    template: tuple[str, ...]
    handler: Handler
    auth: bool = True
    batch: bool = False

    def match(self, segments: list[str]) -> dict[str, str] | None:
        if len(segments) != len(self.template):
            return None
        args: dict[str, str] = {}
        for expected, actual in zip(self.template, segments, strict=True):
            if expected.startswith("{"):
                if not actual:
                    return None
                args[expected[1:-1]] = actual
            elif expected != actual:
                return None
        return args


ROUTES: list[Route] = []


def route(method: str, template: str, *, auth: bool = True, batch: bool = False) -> Callable[[Handler], Handler]:
    """Register a handler; ``batch=True`` lets a GET name several ids in its last segment (``X-Ovh-Batch``)."""

    def register(handler: Handler) -> Handler:
        ROUTES.append(Route(method, tuple(template.strip("/").split("/")), handler, auth, batch))
        return handler

    return register


def route_list() -> list[tuple[str, str]]:
    """Every emulated API route as ``(METHOD, /path/{param})``, for the API description tests."""
    return [(r.method, "/" + "/".join(r.template)) for r in ROUTES]


@dataclass
class OVHApp:
    """The ASGI application around one `OVHState`."""

    state: OVHState
    side_effects: SideEffects = field(default_factory=SideEffects)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        response = await self.handle(request)
        await response(scope, receive, send)

    # -- dispatch ---------------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        query_id = self.state.query_id()
        try:
            response = await self.dispatch(request)
        except Fail as failure:
            body = {"message": failure.message, "httpCode": REASONS.get(failure.status, str(failure.status))}
            if failure.error_code:
                body["errorCode"] = failure.error_code
            response = JSONResponse(body, status_code=failure.status)
        response.headers["X-Ovh-QueryID"] = query_id
        return response

    async def dispatch(self, request: Request) -> Response:
        raw_path = cast("bytes", request.scope.get("raw_path") or request.scope["path"].encode()).decode("latin-1")
        raw_path = raw_path.split("?", 1)[0]
        if raw_path == "/auth/oauth2/token":
            return await self.oauth2_token(request)
        if raw_path in ("/auth", "/auth/"):
            return await self.validation_page(request)
        prefix = next((p for p in API_PREFIXES if raw_path.startswith(p + "/")), None)
        if prefix is None:
            raise not_found(f"No API under {raw_path}; use /1.0 or /v1")
        segments = [unquote(part) for part in raw_path[len(prefix) + 1 :].rstrip("/").split("/")]
        method = request.method.upper()
        matched = [(r, args) for r in ROUTES if (args := r.match(segments)) is not None]
        if not matched:
            raise not_found("Got an invalid (or empty) URL")  # OVH's text, word for word
        found = next(((r, args) for r, args in matched if r.method == method), None)
        if found is None:
            raise Fail(405, f"Method {method} not allowed on {raw_path}", "METHOD_NOT_ALLOWED")
        chosen, args = found
        content = await request.body()
        api_path = "/" + "/".join(segments)
        credential = self.authenticate(request, method, raw_path, content, api_path) if chosen.auth else None
        if not chosen.auth and chosen.template != ("auth", "time"):
            self.require_application(request)
        body = self.read_body(method, content)
        call = Call(
            method=method,
            path=api_path,
            args=args,
            query=dict(parse_qsl(request.url.query, keep_blank_values=True)),
            body=body,
            credential=credential,
            origin=f"{request.url.scheme}://{request.headers.get('host', 'localhost')}",
            application_key=request.headers.get("x-ovh-application"),
        )
        separator = request.headers.get(BATCH_HEADER, "")
        if chosen.batch and separator and self.state.batch_enabled:
            last_raw_segment = raw_path[len(prefix) + 1 :].rstrip("/").split("/")[-1]
            return JSONResponse(self.batch(chosen, call, last_raw_segment.split(separator)))
        result = chosen.handler(self, call)
        if isinstance(result, Response):
            return result
        return JSONResponse(result)

    def batch(self, chosen: Route, call: Call, raw_keys: list[str]) -> list[Json]:
        """One ``{key, value, error}`` entry per key, in the order asked (``X-Ovh-Batch``).

        A key that fails carries the message its single GET would have failed with, and the others
        still get their objects: one missing id does not fail the whole batch.
        """
        name = chosen.template[-1][1:-1]
        entries: list[Json] = []
        for key in (unquote(raw) for raw in raw_keys):
            try:
                value = chosen.handler(self, replace(call, args={**call.args, name: key}))
            except Fail as failure:
                entries.append({"key": key, "value": None, "error": failure.message})
            else:
                entries.append({"key": key, "value": value, "error": None})
        self.state.batch_count += 1  # a read: side effects count writes only
        return entries

    @staticmethod
    def read_body(method: str, content: bytes) -> Any:
        if not content:
            return None
        if method in ("GET", "DELETE"):
            raise bad("You provided an input body while none was expected")
        try:
            return json.loads(content)
        except ValueError:
            raise bad("Invalid JSON received") from None

    # -- authentication ---------------------------------------------------------------------

    def require_application(self, request: Request) -> None:
        if self.state.application_by_key(request.headers.get("x-ovh-application")) is None:
            raise Fail(403, "This application key is invalid", "INVALID_KEY")

    def authenticate(
        self, request: Request, method: str, raw_path: str, content: bytes, api_path: str
    ) -> Credential | None:
        headers = request.headers
        authorization = headers.get("authorization", "")
        if authorization.lower().startswith("bearer "):
            expires = self.state.tokens.get(authorization[7:].strip())
            if expires is None or expires <= self.state.clock():
                raise Fail(401, "This credential is not valid", "INVALID_CREDENTIAL")
            return None
        application = self.state.application_by_key(headers.get("x-ovh-application"))
        if application is None:
            raise Fail(403, "This application key is invalid", "INVALID_KEY")
        credential = self.state.credential_by_key(headers.get("x-ovh-consumer"))
        if credential is None or credential.application_id != application.application_id:
            raise Fail(403, "This credential does not exist", "NOT_CREDENTIAL")
        timestamp = headers.get("x-ovh-timestamp", "")
        if not timestamp.isdigit() or abs(int(timestamp) - self.state.server_time()) > self.state.time_window:
            raise Fail(400, "Query out of time", "QUERY_TIME_OUT")
        query = request.url.query
        url = f"{request.url.scheme}://{headers.get('host', 'localhost')}{raw_path}" + (f"?{query}" if query else "")
        text = "+".join(
            [application.secret, credential.consumer_key, method, url, content.decode("utf-8", "replace"), timestamp]
        )
        expected = "$1$" + hashlib.sha1(text.encode("utf-8")).hexdigest()
        if headers.get("x-ovh-signature") != expected:
            raise Fail(400, "Invalid signature", "INVALID_SIGNATURE")
        if credential.status != "validated" or (
            credential.expiration is not None and credential.expiration <= self.state.now()
        ):
            raise Fail(403, "This credential is not valid", "INVALID_CREDENTIAL")
        if not any(
            rule["method"] == method and fnmatch.fnmatchcase(api_path, rule["path"]) for rule in credential.rules
        ):
            raise Fail(403, "This call has not been granted", "NOT_GRANTED_CALL")
        credential.last_use = self.state.now()
        return credential

    async def oauth2_token(self, request: Request) -> Response:
        if request.method != "POST":
            return JSONResponse({"error": "invalid_request", "error_description": "use POST"}, status_code=405)
        form = dict(parse_qsl((await request.body()).decode("utf-8", "replace")))
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        authorization = request.headers.get("authorization", "")
        if authorization.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(authorization[6:].strip()).decode()
            except ValueError:
                decoded = ""
            client_id, _, client_secret = decoded.partition(":")
            client_id, client_secret = unquote(client_id), unquote(client_secret)
        if form.get("grant_type") != "client_credentials":
            return JSONResponse(
                {"error": "unsupported_grant_type", "error_description": "only client_credentials is supported"},
                status_code=400,
            )
        if not client_id or self.state.oauth2_clients.get(client_id) != client_secret:
            return JSONResponse(
                {"error": "invalid_client", "error_description": "ovhcloud oauth2 client does not exists"},
                status_code=401,
            )
        self.side_effects.record("oauth2.token")
        token = self.state.issue_token()
        reply = {"access_token": token, "token_type": "Bearer", "expires_in": self.state.token_ttl, "scope": "all"}
        # json.dumps, not JSONResponse: a test's NaN lifetime goes out as the broken token NaN.
        return Response(json.dumps(reply), media_type="application/json")

    async def validation_page(self, request: Request) -> Response:
        token = request.query_params.get("credentialToken", "")
        credential = self.state.credential_by_token(token)
        if credential is None:
            raise not_found("Unknown credential token")
        if request.method == "POST":
            self.state.validate(credential.consumer_key)
            self.side_effects.record("credential.validate")
            return HTMLResponse(f"<p>Credential {credential.credential_id} validated.</p>")
        rules = "".join(f"<li>{rule['method']} {rule['path']}</li>" for rule in credential.rules)
        return HTMLResponse(
            f"<h1>Authorize an application</h1><ul>{rules}</ul>"
            f'<form method="post"><button>Validate (sandbox)</button></form>'
        )


# -- helpers ------------------------------------------------------------------------------------


def _object(call: Call) -> Json:
    body: Any = call.body
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise bad("The body must be a JSON object")
    return cast("Json", body)


def _apply(target: Json, changes: Json, writable: frozenset[str]) -> None:
    for name in changes:
        if name not in writable:
            raise bad(f"[{name}] Property is read-only or unknown")
    target.update(changes)


def _when(text: str, name: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise bad(f"[{name}] Given data ({text}) is not valid for type datetime") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _integer(text: str, name: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise bad(f"[{name}] Given data ({text}) is not valid for type long") from None


def _boolean(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise bad(f"[{name}] Given data ({value}) is not valid for type boolean")
    return value


def _required(body: Json, name: str) -> Any:
    if body.get(name) is None:
        raise bad(f"[{name}] Property is mandatory")
    return body[name]


def _enum(value: Any, allowed: frozenset[Any], name: str) -> Any:
    if value not in allowed:
        raise bad(f"[{name}] Given data ({value}) does not belong to the enumeration")
    return value


# -- /auth --------------------------------------------------------------------------------------


@route("GET", "/auth/time", auth=False)
def auth_time(app: OVHApp, call: Call) -> Any:
    return app.state.server_time()


@route("POST", "/auth/credential", auth=False)
def auth_credential(app: OVHApp, call: Call) -> Any:
    body = _object(call)
    rules = body.get("accessRules")
    if not isinstance(rules, list) or not rules:
        raise bad("[accessRules] Property is mandatory")
    cleaned: list[Json] = []
    for rule in cast("list[Any]", rules):
        if not isinstance(rule, dict):
            raise bad("[accessRules] Each rule is an object with method and path")
        rule = cast("Json", rule)
        method = _enum(rule.get("method"), frozenset({"GET", "POST", "PUT", "DELETE"}), "method")
        rule_path = rule.get("path")
        if not isinstance(rule_path, str) or not rule_path.startswith("/"):
            raise bad("[path] Property is mandatory")
        cleaned.append({"method": method, "path": rule_path})
    allowed = body.get("allowedIPs")
    redirection = body.get("redirection")
    application = app.state.application_by_key(call.application_key)
    if application is None:
        raise Fail(403, "This application key is invalid", "INVALID_KEY")
    credential = app.state.new_credential(
        application.application_id,
        cleaned,
        redirection=redirection if isinstance(redirection, str) else None,
        allowed_ips=[str(ip) for ip in cast("list[Any]", allowed)] if isinstance(allowed, list) else None,
    )
    app.side_effects.record("credential.request")
    return {
        "validationUrl": f"{call.origin}/auth/?credentialToken={credential.token}",
        "consumerKey": credential.consumer_key,
        "state": credential.status,
    }


# -- /me ----------------------------------------------------------------------------------------


@route("GET", "/me")
def me_get(app: OVHApp, call: Call) -> Any:
    return app.state.me


@route("PUT", "/me")
def me_put(app: OVHApp, call: Call) -> Any:
    _apply(app.state.me, _object(call), ME_WRITABLE)
    app.side_effects.record("me.update")
    return None


def _bill(app: OVHApp, call: Call) -> Json:
    bill = app.state.bills.get(call.args["billId"])
    if bill is None:
        raise not_found(f"The requested object (billId = {call.args['billId']}) does not exist")
    return bill


@route("GET", "/me/bill")
def bill_list(app: OVHApp, call: Call) -> Any:
    bills = list(app.state.bills.values())
    category = call.query.get("category")
    if category is not None:
        _enum(category, BILL_CATEGORIES, "category")
        bills = [bill for bill in bills if bill["category"] == category]
    if "date.from" in call.query:
        start = _when(call.query["date.from"], "date.from")
        bills = [bill for bill in bills if _when(bill["date"], "date") >= start]
    if "date.to" in call.query:
        end = _when(call.query["date.to"], "date.to")
        bills = [bill for bill in bills if _when(bill["date"], "date") <= end]
    if "orderId" in call.query:
        order_id = _integer(call.query["orderId"], "orderId")
        bills = [bill for bill in bills if bill["orderId"] == order_id]
    return [bill["billId"] for bill in bills]


@route("GET", "/me/bill/{billId}", batch=True)
def bill_get(app: OVHApp, call: Call) -> Any:
    return _bill(app, call)


@route("GET", "/me/bill/{billId}/details")
def bill_details(app: OVHApp, call: Call) -> Any:
    _bill(app, call)
    return list(app.state.bill_details[call.args["billId"]])


@route("GET", "/me/bill/{billId}/details/{billDetailId}", batch=True)
def bill_detail(app: OVHApp, call: Call) -> Any:
    _bill(app, call)
    detail = app.state.bill_details[call.args["billId"]].get(call.args["billDetailId"])
    if detail is None:
        raise not_found(f"The requested object (billDetailId = {call.args['billDetailId']}) does not exist")
    return detail


@route("GET", "/me/bill/{billId}/payment")
def bill_payment(app: OVHApp, call: Call) -> Any:
    _bill(app, call)
    return app.state.payments[call.args["billId"]]


# -- /me/api ------------------------------------------------------------------------------------


def _credential(app: OVHApp, call: Call) -> Credential:
    credential = app.state.credentials.get(_integer(call.args["credentialId"], "credentialId"))
    if credential is None:
        raise not_found(f"The requested object (credentialId = {call.args['credentialId']}) does not exist")
    return credential


@route("GET", "/me/api/credential")
def credential_list(app: OVHApp, call: Call) -> Any:
    found = list(app.state.credentials.values())
    if "status" in call.query:
        status = _enum(call.query["status"], CREDENTIAL_STATUSES, "status")
        found = [c for c in found if c.status == status]
    if "applicationId" in call.query:
        application_id = _integer(call.query["applicationId"], "applicationId")
        found = [c for c in found if c.application_id == application_id]
    return [c.credential_id for c in found]


@route("GET", "/me/api/credential/{credentialId}", batch=True)
def credential_get(app: OVHApp, call: Call) -> Any:
    return _credential(app, call).wire()


@route("PUT", "/me/api/credential/{credentialId}")
def credential_put(app: OVHApp, call: Call) -> Any:
    credential = _credential(app, call)
    body = _object(call)
    for name in body:
        if name != "allowedIPs":
            raise bad(f"[{name}] Property is read-only or unknown")
    allowed = body.get("allowedIPs")
    if allowed is not None and not (isinstance(allowed, list) and all(isinstance(ip, str) for ip in allowed)):  # pyright: ignore[reportUnknownVariableType]
        raise bad("[allowedIPs] Given data is not valid for type ipBlock[]")
    credential.allowed_ips = cast("list[str] | None", allowed)
    app.side_effects.record("credential.update")
    return None


@route("DELETE", "/me/api/credential/{credentialId}")
def credential_delete(app: OVHApp, call: Call) -> Any:
    credential = _credential(app, call)
    del app.state.credentials[credential.credential_id]
    app.side_effects.record("credential.delete")
    return None


@route("GET", "/me/api/credential/{credentialId}/application")
def credential_application(app: OVHApp, call: Call) -> Any:
    credential = _credential(app, call)
    application = app.state.applications.get(credential.application_id)
    if application is None:
        raise not_found(f"The requested object (applicationId = {credential.application_id}) does not exist")
    return application.wire()


def _application(app: OVHApp, call: Call) -> Any:
    application = app.state.applications.get(_integer(call.args["applicationId"], "applicationId"))
    if application is None:
        raise not_found(f"The requested object (applicationId = {call.args['applicationId']}) does not exist")
    return application


@route("GET", "/me/api/application")
def application_list(app: OVHApp, call: Call) -> Any:
    return list(app.state.applications)


@route("GET", "/me/api/application/{applicationId}", batch=True)
def application_get(app: OVHApp, call: Call) -> Any:
    return _application(app, call).wire()


@route("DELETE", "/me/api/application/{applicationId}")
def application_delete(app: OVHApp, call: Call) -> Any:
    application = _application(app, call)
    del app.state.applications[application.application_id]
    for credential_id in [
        c.credential_id for c in app.state.credentials.values() if c.application_id == application.application_id
    ]:
        del app.state.credentials[credential_id]
    app.side_effects.record("application.delete")
    return None


# -- /dedicated/server --------------------------------------------------------------------------


def _server(app: OVHApp, call: Call) -> Json:
    server = app.state.servers.get(call.args["serviceName"])
    if server is None:
        raise not_found(f"The requested object (serviceName = {call.args['serviceName']}) does not exist")
    return server


@route("GET", "/dedicated/server")
def server_list(app: OVHApp, call: Call) -> Any:
    return list(app.state.servers)


@route("GET", "/dedicated/server/{serviceName}", batch=True)
def server_get(app: OVHApp, call: Call) -> Any:
    return _server(app, call)


@route("PUT", "/dedicated/server/{serviceName}")
def server_put(app: OVHApp, call: Call) -> Any:
    server = _server(app, call)
    body = _object(call)
    if "state" in body:
        _enum(body["state"], SERVER_STATES, "state")
    for name in ("monitoring", "noIntervention"):
        if name in body:
            _boolean(body[name], name)
    _apply(server, body, SERVER_WRITABLE)
    app.side_effects.record("server.update")
    return None


@route("GET", "/dedicated/server/{serviceName}/burst")
def burst_get(app: OVHApp, call: Call) -> Any:
    _server(app, call)
    return app.state.bursts[call.args["serviceName"]]


@route("PUT", "/dedicated/server/{serviceName}/burst")
def burst_put(app: OVHApp, call: Call) -> Any:
    _server(app, call)
    body = _object(call)
    burst = app.state.bursts[call.args["serviceName"]]
    if "status" in body:
        _enum(body["status"], BURST_STATUSES, "status")
    _apply(burst, body, frozenset({"status"}))
    app.side_effects.record("burst.update")
    return None


@route("GET", "/dedicated/server/{serviceName}/features/ipmi")
def ipmi_get(app: OVHApp, call: Call) -> Any:
    _server(app, call)
    return app.state.ipmi[call.args["serviceName"]]


@route("POST", "/dedicated/server/{serviceName}/features/ipmi/access")
def ipmi_access_request(app: OVHApp, call: Call) -> Any:
    _server(app, call)
    body = _object(call)
    access_type = _enum(_required(body, "type"), IPMI_TYPES, "type")
    ttl = _enum(_required(body, "ttl"), IPMI_TTLS, "ttl")
    for name in body:
        if name not in ("type", "ttl", "ipToAllow", "sshKey"):
            raise bad(f"[{name}] Property is unknown")
    if access_type == "serialOverLanSshKey" and not body.get("sshKey"):
        raise bad("[sshKey] Property is mandatory for serialOverLanSshKey")
    if access_type != "serialOverLanSshKey" and access_type != "serialOverLanURL" and not body.get("ipToAllow"):
        raise bad("[ipToAllow] Property is mandatory for this access type")
    name = call.args["serviceName"]
    task = app.state.new_server_task(name, "requestAccessIPMI")
    server = app.state.servers[name]
    token = app.state.token(24)
    values = {
        "kvmipHtml5URL": f"https://ipmi.sandbox.invalid/html5/{token}",
        "kvmipJnlp": (
            '<?xml version="1.0" encoding="UTF-8"?><jnlp spec="1.0+" codebase="https://ipmi.sandbox.invalid/">'
            f"<application-desc><argument>{server['ip']}</argument><argument>{token}</argument>"
            "</application-desc></jnlp>"
        ),
        "serialOverLanSshKey": f"ssh sol-{token[:8]}@ipmi.sandbox.invalid",
        "serialOverLanURL": f"https://ipmi.sandbox.invalid/sol/{token}",
    }
    app.state.ipmi_grants[(name, access_type)] = IpmiGrant(
        task_id=task["taskId"],
        value=values[access_type],
        expiration=app.state.now() + dt.timedelta(minutes=ttl),
    )
    app.side_effects.record("ipmi.access")
    return task


@route("GET", "/dedicated/server/{serviceName}/features/ipmi/access")
def ipmi_access_get(app: OVHApp, call: Call) -> Any:
    _server(app, call)
    access_type = _enum(call.query.get("type"), IPMI_TYPES, "type")
    name = call.args["serviceName"]
    grant = app.state.ipmi_grants.get((name, access_type))
    if grant is None:
        raise not_found(f"No IPMI access of type {access_type} was requested for {name}")
    task = app.state.server_tasks[name][grant.task_id]
    app.state.advance_task(task)
    if task["status"] != "done":
        raise not_found(f"The IPMI access of type {access_type} is not ready yet (task {grant.task_id})")
    return {"expiration": grant.expiration.isoformat(), "value": grant.value}


@route("GET", "/dedicated/server/{serviceName}/task/{taskId}")
def server_task(app: OVHApp, call: Call) -> Any:
    _server(app, call)
    task = app.state.server_tasks[call.args["serviceName"]].get(_integer(call.args["taskId"], "taskId"))
    if task is None:
        raise not_found(f"The requested object (taskId = {call.args['taskId']}) does not exist")
    app.state.advance_task(task)
    return task


# -- /email/domain ------------------------------------------------------------------------------


def _email_domain(app: OVHApp, call: Call) -> dict[str, Json]:
    redirections = app.state.email_domains.get(call.args["domain"])
    if redirections is None:
        raise not_found(f"The requested object (domain = {call.args['domain']}) does not exist")
    return redirections


def _redirection(app: OVHApp, call: Call) -> Json:
    redirection = _email_domain(app, call).get(call.args["id"])
    if redirection is None:
        raise not_found(f"The requested object (id = {call.args['id']}) does not exist")
    return redirection


def _special_task(app: OVHApp, domain: str, account: str, action: str) -> Json:
    return {
        "id": str(app.state.next_id()),
        "account": account,
        "action": action,
        "date": app.state.now().isoformat(),
        "domain": domain,
        "type": "forward",
    }


@route("GET", "/email/domain")
def email_domain_list(app: OVHApp, call: Call) -> Any:
    return list(app.state.email_domains)


@route("GET", "/email/domain/{domain}/redirection")
def redirection_list(app: OVHApp, call: Call) -> Any:
    found = list(_email_domain(app, call).values())
    if "from" in call.query:
        found = [r for r in found if r["from"] == call.query["from"]]
    if "to" in call.query:
        found = [r for r in found if r["to"] == call.query["to"]]
    return [r["id"] for r in found]


@route("POST", "/email/domain/{domain}/redirection")
def redirection_create(app: OVHApp, call: Call) -> Any:
    redirections = _email_domain(app, call)
    body = _object(call)
    source = _required(body, "from")
    target = _required(body, "to")
    _boolean(_required(body, "localCopy"), "localCopy")
    if not isinstance(source, str) or "@" not in source or not isinstance(target, str) or "@" not in target:
        raise bad("[from, to] Given data is not a valid e-mail address")
    if any(r["from"] == source and r["to"] == target for r in redirections.values()):
        raise Fail(409, f"The redirection from {source} to {target} already exists", "RESOURCE_CONFLICT")
    redirection_id = str(app.state.next_id() * 1_000)
    redirections[redirection_id] = {"id": redirection_id, "from": source, "to": target}
    app.side_effects.record("redirection.create")
    return _special_task(app, call.args["domain"], source.split("@", 1)[0], "add")


@route("GET", "/email/domain/{domain}/redirection/{id}", batch=True)
def redirection_get(app: OVHApp, call: Call) -> Any:
    return _redirection(app, call)


@route("DELETE", "/email/domain/{domain}/redirection/{id}")
def redirection_delete(app: OVHApp, call: Call) -> Any:
    redirection = _redirection(app, call)
    del app.state.email_domains[call.args["domain"]][redirection["id"]]
    app.side_effects.record("redirection.delete")
    return _special_task(app, call.args["domain"], redirection["from"].split("@", 1)[0], "delete")


@route("POST", "/email/domain/{domain}/redirection/{id}/changeRedirection")
def redirection_change(app: OVHApp, call: Call) -> Any:
    redirection = _redirection(app, call)
    target = _required(_object(call), "to")
    if not isinstance(target, str) or "@" not in target:
        raise bad("[to] Given data is not a valid e-mail address")
    redirection["to"] = target
    app.side_effects.record("redirection.change")
    return _special_task(app, call.args["domain"], redirection["from"].split("@", 1)[0], "change")


# -- /domain/zone -------------------------------------------------------------------------------


def _zone(app: OVHApp, call: Call) -> Json:
    zone = app.state.zones.get(call.args["zoneName"])
    if zone is None:
        raise not_found(f"The requested object (zoneName = {call.args['zoneName']}) does not exist")
    return zone


def _zone_record(app: OVHApp, call: Call) -> Json:
    _zone(app, call)
    record = app.state.zone_records[call.args["zoneName"]].get(_integer(call.args["id"], "id"))
    if record is None:
        raise not_found(f"The requested object (id = {call.args['id']}) does not exist")
    return record


@route("GET", "/domain")
def domain_list(app: OVHApp, call: Call) -> Any:
    return list(app.state.zones)


@route("GET", "/domain/zone")
def zone_list(app: OVHApp, call: Call) -> Any:
    return list(app.state.zones)


@route("GET", "/domain/zone/{zoneName}", batch=True)
def zone_get(app: OVHApp, call: Call) -> Any:
    return _zone(app, call)


@route("POST", "/domain/zone/{zoneName}/refresh")
def zone_refresh(app: OVHApp, call: Call) -> Any:
    zone = _zone(app, call)
    if call.body is not None:
        raise bad("You provided an input body while none was expected")
    zone["lastUpdate"] = app.state.now().isoformat()
    app.side_effects.record("zone.refresh")
    return None


@route("GET", "/domain/zone/{zoneName}/record")
def zone_record_list(app: OVHApp, call: Call) -> Any:
    _zone(app, call)
    found = list(app.state.zone_records[call.args["zoneName"]].values())
    if "fieldType" in call.query:
        field_type = _enum(call.query["fieldType"], DNS_TYPES, "fieldType")
        found = [r for r in found if r["fieldType"] == field_type]
    if "subDomain" in call.query:
        found = [r for r in found if r["subDomain"] == call.query["subDomain"]]
    return [r["id"] for r in found]


@route("POST", "/domain/zone/{zoneName}/record")
def zone_record_create(app: OVHApp, call: Call) -> Any:
    _zone(app, call)
    body = _object(call)
    field_type = _enum(_required(body, "fieldType"), DNS_TYPES, "fieldType")
    target = _required(body, "target")
    ttl = body.get("ttl")
    if ttl is not None and (not isinstance(ttl, int) or isinstance(ttl, bool) or ttl < 0):
        raise bad(f"[ttl] Given data ({ttl}) is not valid for type long")
    record_id = app.state.next_id()
    record = {
        "id": record_id,
        "zone": call.args["zoneName"],
        "fieldType": field_type,
        "subDomain": body.get("subDomain") or "",
        "target": str(target),
        "ttl": ttl if ttl is not None else 0,
    }
    app.state.zone_records[call.args["zoneName"]][record_id] = record
    app.side_effects.record("record.create")
    return record


@route("GET", "/domain/zone/{zoneName}/record/{id}", batch=True)
def zone_record_get(app: OVHApp, call: Call) -> Any:
    return _zone_record(app, call)


@route("PUT", "/domain/zone/{zoneName}/record/{id}")
def zone_record_put(app: OVHApp, call: Call) -> Any:
    record = _zone_record(app, call)
    body = _object(call)
    if "ttl" in body and (not isinstance(body["ttl"], int) or isinstance(body["ttl"], bool)):
        raise bad(f"[ttl] Given data ({body['ttl']}) is not valid for type long")
    _apply(record, body, frozenset({"subDomain", "target", "ttl"}))
    app.side_effects.record("record.update")
    return None


@route("DELETE", "/domain/zone/{zoneName}/record/{id}")
def zone_record_delete(app: OVHApp, call: Call) -> Any:
    record = _zone_record(app, call)
    del app.state.zone_records[call.args["zoneName"]][record["id"]]
    app.side_effects.record("record.delete")
    return None
