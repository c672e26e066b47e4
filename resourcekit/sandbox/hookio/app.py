"""The hook.io emulator: the server's routes, bodies, statuses and role checks.

Access follows ``checkRoleAccess``: the owner is the route's ``:owner``, else the ``owner``
parameter, else (on ``/env``, ``/datastore``, ``/keys``, ``/files``, ``/domains``) the key's owner;
a session for the owner allows everything; otherwise the key (``hook_private_key`` parameter, else
the ``hookio-private-key`` header; ``/keys`` reads only the parameter) must belong to the owner and
hold the role. Failures answer HTTP 200 (403 under ``/files``) with the role-access body.
"""

from __future__ import annotations

import contextlib
import html
import json
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import parse_qsl

import anyio.to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from resourcekit.sandbox.hookio.runner import RunOutcome, run_python_hook
from resourcekit.sandbox.hookio.state import (
    ALL_ROLES,
    DATASTORE_QUOTA,
    LANGUAGES,
    RECENT_KEYS,
    HookIOState,
    StoredFile,
    iso,
    now,
)
from resourcekit.sandbox.hookio.streams import TopicStream, ndjson_line, text_line

SESSION_COOKIE = "hookio_sid"
LOGIN_HINT = "\n\nIf you are the owner of this resource try logging in at https://hook.io/login"
KEY_HINT = "\n\nIf any access keys have been created you can provide a `hook_private_key` parameter to access this URL."
UNREACHABLE_API = "http://hookio-sandbox.invalid"
"""The API URL hooks get when the sandbox cannot name its own (a Unix socket): a name that never
resolves, so a hook's SDK fails instead of reaching the real service."""
WS_NOT_FOUND = 4404
"""Close code for a websocket to a missing hook (4000-4999 belong to the application)."""
WS_FORBIDDEN = 4403
"""Close code for a websocket to a private hook the caller may not run."""
GATEWAY_OWN_PARAMS = ("source", "code", "language", "hook_private_key")
ALL = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]


@dataclass
class Call:
    """One request as the handlers see it: merged parameters, raw body, key and session."""

    request: Request
    state: HookIOState
    params: dict[str, Any]
    pairs: list[tuple[str, str]]
    body: bytes
    body_is_params: bool

    @property
    def ip(self) -> str:
        return self.request.client.host if self.request.client else "127.0.0.1"

    @property
    def session_user(self) -> str | None:
        token = self.request.cookies.get(SESSION_COOKIE)
        return self.state.sessions.get(token) if token else None

    def key_text(self, *, param_only: bool = False) -> str | None:
        value = self.params.get("hook_private_key")
        if isinstance(value, str) and value:
            return value
        if param_only:
            return None
        return self.request.headers.get("hookio-private-key") or None

    def key(self, *, param_only: bool = False) -> dict[str, Any] | None:
        text = self.key_text(param_only=param_only)
        found = self.state.keys.get(text) if text else None
        return found if found is not None and found["status"] == "active" else None

    @property
    def json_mode(self) -> bool:
        return "text/html" not in self.request.headers.get("accept", "") or "_json" in self.params

    def path_param(self, name: str) -> str:
        return str(self.request.path_params[name])


Handler = Callable[[Call], Awaitable[Response]]


async def make_call(request: Request, state: HookIOState) -> Call:
    params: dict[str, Any] = dict(request.query_params)
    pairs: list[tuple[str, str]] = list(request.query_params.multi_items())
    body = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body_is_params = False
    if body and content_type == "application/json":
        try:
            value = json.loads(body)
        except ValueError:
            value = None
        if isinstance(value, dict):
            params.update(cast("dict[str, Any]", value))
            body_is_params = True
    elif body and content_type == "application/x-www-form-urlencoded":
        form = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        pairs.extend(form)
        params.update(dict(form))
        body_is_params = True
    return Call(request, state, params, pairs, body, body_is_params)


def route(state: HookIOState, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return await handler(await make_call(request, state))

    return endpoint


def reply(value: Any, status: int = 200, *, pretty: bool = False, media_type: str = "application/json") -> Response:
    text = json.dumps(value, indent=2 if pretty else None)
    return Response(text, status_code=status, media_type=media_type)


def text(value: str, status: int = 200, media_type: str = "text/plain") -> Response:
    return PlainTextResponse(value, status_code=status, media_type=media_type)


def error(message: str, status: int = 200, **extra: Any) -> Response:
    return reply({"error": True, "message": message, **extra}, status)


# -- access ------------------------------------------------------------------------------------


def denied(call: Call, role: str, *, status: int = 200, param_only: bool = False) -> Response:
    user = call.session_user or "anonymous"
    key = call.key(param_only=param_only)
    who = key["name"] if key is not None else user
    message = f'"{who}" does not have the role "{role}" which is required to access "{call.request.url.path}"'
    if user == "anonymous":
        message += LOGIN_HINT
    param = call.params.get("hook_private_key")
    if isinstance(param, str) and param:
        message = f'A role access check was attempted but failed with key "{param}"\n\n' + message
    else:
        message += KEY_HINT
    if not call.json_mode:
        return text(message, status)
    body = {"error": True, "message": message, "user": user, "role": role, "type": "unauthorized-role-access"}
    return reply(body, status)


def allowed(call: Call, role: str, owner: str | None, *, param_only: bool = False) -> bool:
    if owner is None or owner == "anonymous":
        return False
    if call.session_user == owner:
        return True
    key = call.key(param_only=param_only)
    return key is not None and key["owner"] == owner and role in key["roles"].split(",")


def implied_owner(call: Call, *, param_only: bool = False) -> str | None:
    """The owner of an owner-less route: the ``owner`` parameter, else the key's owner or session's user."""
    owner = call.params.get("owner")
    if isinstance(owner, str) and owner:
        return owner
    key = call.key(param_only=param_only)
    if key is not None:
        return str(key["owner"])
    return call.session_user


def guard(call: Call, role: str, owner: str | None, *, status: int = 200, param_only: bool = False) -> Response | None:
    if allowed(call, role, owner, param_only=param_only):
        return None
    return denied(call, role, status=status, param_only=param_only)


# -- the application ---------------------------------------------------------------------------


def create_app(state: HookIOState) -> Starlette:
    """The Starlette app serving ``state`` (fixed routes first, then ``/:owner/...``)."""
    h = HookRoutes(state)
    routes = [
        Route("/new", route(state, h.create), methods=["POST"]),
        Route("/admin", route(state, h.update), methods=["GET", "POST"]),
        Route("/login", route(state, h.login), methods=["GET", "POST"]),
        Route("/roles", route(state, h.roles), methods=["GET"]),
        Route("/gateway", route(state, h.gateway), methods=["GET", "POST"]),
        Route("/logout", route(state, h.logout), methods=["GET", "POST"]),
        Route("/signup", route(state, h.signup), methods=["POST"]),
        Route("/languages", route(state, h.languages), methods=["GET"]),
        Route("/account", route(state, h.account), methods=["GET"]),
        Route("/services", route(state, h.services), methods=["GET"]),
        Route("/services/", route(state, h.services), methods=["GET"]),
        Route("/env", route(state, h.env), methods=["GET", "POST"]),
        Route("/datastore/get", route(state, h.datastore_get), methods=["GET", "POST"]),
        Route("/datastore/set", route(state, h.datastore_set), methods=["POST"]),
        Route("/datastore/del", route(state, h.datastore_del), methods=["POST"]),
        Route("/datastore/recent", route(state, h.datastore_recent), methods=["GET", "POST"]),
        Route("/keys/checkAccess", route(state, h.keys_check), methods=["POST"]),
        Route("/keys/create", route(state, h.keys_create), methods=["POST"]),
        Route("/keys/destroy", route(state, h.keys_destroy), methods=["POST"]),
        Route("/keys/all", route(state, h.keys_all), methods=["POST"]),
        Route("/files/writeFile", route(state, h.files_write), methods=["POST"]),
        Route("/files/readFile", route(state, h.files_read), methods=["POST"]),
        Route("/files/stat", route(state, h.files_stat), methods=["POST"]),
        Route("/files/removeFile", route(state, h.files_remove), methods=["POST"]),
        Route("/files/readdir", route(state, h.files_readdir), methods=["POST"]),
        Route("/files/upload", route(state, h.files_upload), methods=["POST"]),
        Route("/files/download", route(state, h.files_download), methods=["GET"]),
        Route("/domains", route(state, h.domains), methods=["GET", "POST"]),
        Route("/domains/find", route(state, h.domains_find), methods=["POST"]),
        Route("/domains/{domain}", route(state, h.domain_get), methods=["GET"]),
        Route("/domains/{domain}/update", route(state, h.domain_update), methods=["POST"]),
        Route("/domains/{domain}/destroy", route(state, h.domain_destroy), methods=["POST"]),
        Route("/metrics/{owner}/{hook}/hits", route(state, h.metrics_hits), methods=["GET"]),
        Route("/cron/new", route(state, h.cron_create), methods=["POST"]),
        Route("/cron/{owner}", route(state, h.cron_all), methods=["GET"]),
        Route("/cron/{owner}/{name}", route(state, h.cron_get), methods=["GET"]),
        Route("/cron/{owner}/{name}/admin", route(state, h.cron_update), methods=["POST"]),
        Route("/cron/{owner}/{name}/destroy", route(state, h.cron_destroy), methods=["POST"]),
        Route("/gateway-python", route(state, h.gateway), methods=["GET", "POST"]),
        Route("/gateway-{language}", route(state, h.gateway), methods=["GET", "POST"]),
        Route("/{owner}/events", route(state, h.events), methods=["GET"]),
        Route("/{owner}/{hook}/logs", route(state, h.logs), methods=["GET"]),
        Route("/{owner}/{hook}/resource", route(state, h.resource), methods=["GET"]),
        Route("/{owner}/{hook}/source", route(state, h.source), methods=["GET"]),
        Route("/{owner}/{hook}/_src", route(state, h.source_page), methods=["GET"]),
        Route("/{owner}/{hook}/view", route(state, h.view), methods=["GET"]),
        Route("/{owner}/{hook}/presenter", route(state, h.presenter), methods=["GET"]),
        Route("/{owner}/{hook}/package", route(state, h.package), methods=["GET"]),
        Route("/{owner}/{hook}/refresh", route(state, h.refresh), methods=["GET", "POST"]),
        Route("/{owner}/{hook}/fork", route(state, h.fork), methods=["GET", "POST"]),
        Route("/{owner}/{hook}/delete", route(state, h.destroy), methods=["GET", "POST"]),
        Route("/{owner}/{hook}/admin", route(state, h.admin_redirect), methods=["GET"]),
        Route("/{owner}", route(state, h.list_hooks), methods=["GET", "POST"]),
        Route("/{owner}/{hook}", route(state, h.run), methods=ALL),
        WebSocketRoute("/{owner}/{hook}", h.websocket),
        Route("/{owner}/{hook}/{rest:path}", route(state, h.run), methods=ALL),
    ]
    return Starlette(routes=routes)


def shaped_reply(outcome: RunOutcome) -> Response:
    """A hook's output with the status and headers it set through ``Hook.res``.

    Trailers go out as ordinary headers: uvicorn cannot send HTTP trailers, and the output is
    complete before the reply starts anyway. The status message is kept by the runner but the
    server sends the standard reason phrase; ``Date`` comes from the server whatever
    ``sendDate`` says.
    """
    shape = outcome.reply
    headers = {**shape.headers, **shape.trailers}
    headers.pop("content-length", None)
    headers.pop("date", None)
    media = headers.pop("content-type", "text/plain; charset=utf-8")
    return Response(outcome.stdout, status_code=shape.status, headers=headers, media_type=media)


def own_url(request: Request) -> str | None:
    """This server's URL from the socket it listens on (not from the client's ``Host`` header)."""
    server = request.scope.get("server")
    if not isinstance(server, tuple) or len(cast("tuple[Any, ...]", server)) != 2:
        return None
    host, port = cast("tuple[Any, Any]", server)
    if not isinstance(host, str) or not isinstance(port, int):
        return None
    shown_host = f"[{host}]" if ":" in host else host
    return f"{request.url.scheme}://{shown_host}:{port}"


def public_doc(doc: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in doc.items() if name not in ("id", "_rev")}


def wants_save(value: Any) -> bool:
    """``/admin`` saves on any ``save`` value (the form's button sends ``save=save``) but false ones."""
    if value is None or value is False:
        return False
    return not (isinstance(value, str) and value.lower() in ("", "false", "0", "off", "no"))


def flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1", "on", "yes"))


class HookRoutes:
    """The handlers, sharing one state."""

    def __init__(self, state: HookIOState) -> None:
        self.state = state

    # -- hooks ----------------------------------------------------------------------------------

    def _hook(self, call: Call) -> tuple[str, str, dict[str, Any] | None]:
        owner, name = call.path_param("owner"), call.path_param("hook")
        return owner, name, self.state.hooks.get((owner, name))

    async def create(self, call: Call) -> Response:
        owner = implied_owner(call)
        refused = guard(call, "hook::create", owner)
        if refused is not None or owner is None:
            return refused or denied(call, "hook::create")
        name = call.params.get("name")
        if not isinstance(name, str) or not name:
            body = {
                "error": True,
                "message": "Service name is required!",
                "property": "name",
                "constraint": "required",
                "required": True,
                "actual": False,
            }
            return reply(body)
        name = name.lower()
        if (owner, name) in self.state.hooks:
            return error(f'Hook "{name}" already exists!')
        fields = self._hook_fields(call.params)
        if "code" in call.params and "source" not in fields:
            fields["source"] = str(call.params["code"])
        doc = self.state.add_hook(owner, name, fields)
        self.state.side_effects.record("hook.create")
        self.state.event(owner, "hook::created", call.ip, name=name, owner=owner)
        return reply({"status": "created", "hook": doc})

    def _hook_fields(self, params: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for name in ("source", "language", "hookSource", "themeSource", "presenterSource", "mschema", "themeName"):
            if name in params and params[name] is not None:
                fields[name] = params[name]
        if "isPrivate" in params:
            fields["isPrivate"] = flag(params["isPrivate"])
        if "customTimeout" in params:
            with contextlib.suppress(TypeError, ValueError):
                fields["customTimeout"] = int(params["customTimeout"])
        return fields

    async def update(self, call: Call) -> Response:
        owner = call.params.get("owner")
        name = call.params.get("name")
        owner = owner if isinstance(owner, str) and owner else implied_owner(call)
        refused = guard(call, "hook::update", owner)
        if refused is not None or owner is None:
            return refused or denied(call, "hook::update")
        if not isinstance(name, str) or not name:
            return error("Hook name is required!", property="name", constraint="required")
        previous = call.params.get("previousName")
        current = previous if isinstance(previous, str) and previous else name
        doc = self.state.hooks.get((owner, current))
        if doc is None:
            return error("Hook not found", hook=current, owner=owner)
        if call.request.method != "POST" and not wants_save(call.params.get("save")):
            return reply(public_doc(doc))
        name = name.lower()
        if name != current:
            if (owner, name) in self.state.hooks:
                return error(f'Hook "{name}" already exists!')
            del self.state.hooks[(owner, current)]
            doc["name"] = name
            self.state.hooks[(owner, name)] = doc
        doc.update(self._hook_fields(call.params))
        doc["isPublic"] = not doc["isPrivate"]
        doc["mtime"] = iso(now())
        self.state.side_effects.record("hook.update")
        self.state.event(owner, "hook::updated", call.ip, name=name, owner=owner)
        return reply({"status": "updated", "hook": doc, "value": doc})

    async def admin_redirect(self, call: Call) -> Response:
        owner, name, _ = self._hook(call)
        return RedirectResponse(f"/admin?owner={owner}&name={name}", status_code=302)

    async def destroy(self, call: Call) -> Response:
        owner, name, doc = self._hook(call)
        refused = guard(call, "hook::destroy", owner)
        if refused is not None:
            return refused
        if doc is None:
            return text("Not found")
        del self.state.hooks[(owner, name)]
        self.state.side_effects.record("hook.destroy")
        self.state.event(owner, "hook::destroyed", call.ip, name=name, owner=owner)
        message = f'Hook "{name}" has been deleted!'
        return reply({"status": "deleted", "message": message, "owner": owner, "name": name})

    def _readable(self, call: Call, role: str) -> tuple[dict[str, Any] | None, Response | None]:
        owner, name, doc = self._hook(call)
        if doc is None:
            return None, text(f"Not found: {owner}/{name}", 404)
        if doc["isPrivate"]:
            refused = guard(call, role, owner)
            if refused is not None:
                return None, refused
        self.state.event(owner, f"{role}", call.ip, url=call.request.url.path)
        return doc, None

    async def resource(self, call: Call) -> Response:
        doc, refused = self._readable(call, "hook::resource::read")
        return refused or reply(public_doc(doc or {}), pretty=True)

    async def source(self, call: Call) -> Response:
        doc, refused = self._readable(call, "hook::source::read")
        return refused or text(str((doc or {}).get("source", "")))

    async def source_page(self, call: Call) -> Response:
        """``/_src``: the source in an HTML page (hook.io's viewer)."""
        doc, refused = self._readable(call, "hook::source::read")
        if refused is not None:
            return refused
        code = html.escape(str((doc or {}).get("source", "")))
        return text(f'<html><body><pre class="source">{code}</pre></body></html>', media_type="text/html")

    async def view(self, call: Call) -> Response:
        doc, refused = self._readable(call, "hook::view::read")
        return refused or text(str((doc or {}).get("themeSource", "")), media_type="text/html")

    async def presenter(self, call: Call) -> Response:
        doc, refused = self._readable(call, "hook::presenter::read")
        return refused or text(str((doc or {}).get("presenterSource", "")))

    async def package(self, call: Call) -> Response:
        doc, refused = self._readable(call, "hook::package::read")
        if refused is not None or doc is None:
            return refused or text("Not found", 404)
        package: dict[str, Any] = {
            "name": doc["name"],
            "version": "1.0.0",
            "description": f"hook {doc['owner']}/{doc['name']}",
            "author": doc["owner"],
            "main": "index.py" if doc["language"] == "python" else "index.js",
            "language": doc["language"],
            "private": doc["isPrivate"],
            "dependencies": {},
        }
        return reply(package, pretty=True)

    async def refresh(self, call: Call) -> Response:
        owner, name, doc = self._hook(call)
        refused = guard(call, "hook::update", owner)
        if refused is not None:
            return refused
        if doc is None:
            return text(f"Not found: {owner}/{name}", 404)
        doc["mtime"] = iso(now())
        self.state.side_effects.record("hook.refresh")
        return reply({"status": "refreshed", "hook": doc})

    async def fork(self, call: Call) -> Response:
        owner, name, doc = self._hook(call)
        if doc is None:
            return text(f"Not found: {owner}/{name}", 404)
        if doc["isPrivate"]:
            refused = guard(call, "hook::source::read", owner)
            if refused is not None:
                return refused
        target = implied_owner(call) if "owner" not in call.params else str(call.params["owner"])
        refused = guard(call, "hook::create", target)
        if refused is not None or target is None:
            return refused or denied(call, "hook::create")
        new_name = str(call.params.get("name") or name).lower()
        if (target, new_name) in self.state.hooks:
            return error(f'Hook "{new_name}" already exists!')
        fields = {
            key: doc[key]
            for key in ("language", "source", "themeSource", "presenterSource", "mschema", "isPrivate")
            if key in doc
        }
        fields["forkedFrom"] = f"{owner}/{name}"
        forked = self.state.add_hook(target, new_name, fields)
        self.state.side_effects.record("hook.fork")
        self.state.event(target, "hook::created", call.ip, name=new_name, owner=target)
        return reply({"status": "created", "hook": forked})

    def _hooks_of(self, owner: str, *, private: bool) -> list[dict[str, Any]]:
        docs = [doc for (who, _), doc in sorted(self.state.hooks.items()) if who == owner]
        return [public_doc(doc) for doc in docs if private or not doc["isPrivate"]]

    async def list_hooks(self, call: Call) -> Response:
        """``GET /:owner`` lists public hooks; ``POST /:owner {"query": {...}}`` (the JS SDK's
        ``hook.find``) keeps those whose fields equal the query's."""
        owner = call.path_param("owner")
        if owner not in self.state.users:
            return reply({"status": 404, "message": f"{call.request.url.path} was not found!"}, 404)
        hooks = self._hooks_of(owner, private=False)
        query = call.params.get("query")
        if isinstance(query, dict):
            wanted = {name: value for name, value in cast("dict[str, Any]", query).items() if name != "owner"}
            hooks = [doc for doc in hooks if all(doc.get(name) == value for name, value in wanted.items())]
        return reply(hooks)

    async def services(self, call: Call) -> Response:
        owner = call.session_user
        if owner is None:
            key = call.key()
            if key is None:
                return RedirectResponse("/login", status_code=302)
            owner = str(key["owner"])
            refused = guard(call, "hook::find", owner)
            if refused is not None:
                return refused
        return reply(self._hooks_of(owner, private=True))

    async def run(self, call: Call) -> Response:
        owner, name, doc = self._hook(call)
        if doc is None:
            return text(f"404 not found /{owner}/{name}", 404)
        if doc["isPrivate"]:
            refused = guard(call, "hook::run", owner)
            if refused is not None:
                return refused
        params = {name: value for name, value in call.params.items() if name != "hook_private_key"}
        schema = doc.get("mschema")
        if isinstance(schema, dict):
            for field_name, rule in cast("dict[str, Any]", schema).items():
                if isinstance(rule, dict) and "default" in rule and field_name not in params:
                    params[field_name] = cast("dict[str, Any]", rule)["default"]
        self.state.hits[(owner, name)] += 1
        self.state.side_effects.record("hook.run")
        self.state.event(owner, "hook::run", call.ip, url=call.request.url.path)
        if doc["language"] != "python":
            if call.body and not call.body_is_params:
                media = call.request.headers.get("content-type", "application/octet-stream")
                return Response(call.body, media_type=media)
            return reply(params)
        return await self._run_python(call, doc, params)

    async def websocket(self, socket: WebSocket) -> None:
        """``ws://host/owner/hook``: each message runs the hook and its output is sent back.

        A text message that is a JSON object becomes the run's parameters (merged over the
        URL's query); any other message is passed as ``params.body`` (parsed when it is JSON).
        A missing hook closes with 4404, a private hook the caller may not run with 4403.
        """
        await socket.accept()
        owner, name = str(socket.path_params["owner"]), str(socket.path_params["hook"])
        # The runs reuse the HTTP handler: the upgrade request, seen as a POST.
        request = Request({**socket.scope, "type": "http", "method": "POST"})
        query = dict(socket.query_params)
        doc = self.state.hooks.get((owner, name))
        if doc is None:
            await socket.close(WS_NOT_FOUND, f"404 not found /{owner}/{name}")
            return
        if doc["isPrivate"]:
            probe = Call(request, self.state, dict(query), [], b"", False)
            if not allowed(probe, "hook::run", owner):
                await socket.close(WS_FORBIDDEN, f'the role "hook::run" is required to run /{owner}/{name}')
                return
        while True:
            message = await socket.receive()
            if message["type"] == "websocket.disconnect":
                return
            raw = message.get("text")
            text_message = (
                raw if isinstance(raw, str) else bytes(message.get("bytes") or b"").decode("utf-8", "replace")
            )
            try:
                value: Any = json.loads(text_message)
            except ValueError:
                value = text_message
            merged = cast("dict[str, Any]", value) if isinstance(value, dict) else {"body": value}
            params = {**query, **merged}
            answer = await self.run(Call(request, self.state, params, [], text_message.encode(), True))
            if answer.status_code == 404:
                await socket.close(WS_NOT_FOUND, f"404 not found /{owner}/{name}")
                return
            await socket.send_text(bytes(answer.body).decode("utf-8", errors="replace"))

    async def gateway(self, call: Call) -> Response:
        """``/gateway-<language>`` (or ``/gateway`` with a ``language`` parameter, as the JS SDK's
        ``hook.exec`` sends it): run ``params.source`` as an anonymous hook; Python only here."""
        path = call.request.url.path
        named = path.removeprefix("/gateway-") if path.startswith("/gateway-") else None
        language = str(named or call.params.get("language") or "javascript")
        if language not in LANGUAGES:
            return text(f"404 not found /gateway-{language}", 404)
        source = call.params.get("source", call.params.get("code"))
        if not isinstance(source, str) or not source.strip():
            return error("`source` is a required parameter!", property="source", constraint="required")
        self.state.side_effects.record("gateway.run")
        if language not in ("python", "python3"):
            message = f"Error in gateway-{language}:\nthe sandbox runs Python snippets only ({language} is not run)"
            return text(message, 500)
        params = {
            name: value
            for name, value in call.params.items()
            if name not in ("source", "code", "language", "hook_private_key")
        }
        doc = {"owner": "anonymous", "name": f"gateway-{language}", "language": language, "source": source}
        return await self._run_python(call, doc, params, env={})

    async def _run_python(
        self, call: Call, doc: dict[str, Any], params: dict[str, Any], env: dict[str, Any] | None = None
    ) -> Response:
        owner = str(doc["owner"])
        user = self.state.users.get(owner, {})
        if env is None:
            env = {**self.state.env.get(owner, {}), "hookAccessKey": user.get("hookAccessKey")}
        request = call.request
        hook = {
            "params": params,
            "env": env,
            "req": {
                "host": request.headers.get("host", "hook.io"),
                "method": request.method,
                "url": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
                "path": request.url.path,
                "headers": {name.lower(): value for name, value in request.headers.items()},
            },
            "resource": public_doc({k: v for k, v in doc.items() if k != "source"}),
        }
        timeout = min(max(int(doc.get("customTimeout") or 10000), 1) / 1000, self.state.hook_timeout)
        outcome = await anyio.to_thread.run_sync(
            run_python_hook, str(doc["source"]), hook, timeout, own_url(request) or UNREACHABLE_API, call.body
        )
        for entry in outcome.logs:
            self.state.log(owner, str(doc["name"]), entry, call.ip)
        if outcome.timed_out:
            message = (
                "Timeout Limit Hit. Request Aborted!\n\n"
                f"Hook source code took more than {int(timeout * 1000)} milliseconds to respond."
            )
            return text(message, 500)
        if outcome.error is not None:
            return text(f"Error in hook {owner}/{doc['name']}:\n{outcome.error}", 500)
        return shaped_reply(outcome)

    # -- logs, events, metrics ------------------------------------------------------------------

    async def logs(self, call: Call) -> Response:
        owner, name, doc = self._hook(call)
        if doc is None:
            return error("Hook not found", hook=name, owner=owner)
        if flag(call.params.get("flush")):
            refused = guard(call, "hook::logs::write", owner)
            if refused is not None:
                return refused
            self.state.side_effects.record("logs.flush")
            return reply(self.state.hook_logs(owner, name).flush())
        if doc["isPrivate"]:
            refused = guard(call, "hook::logs::read", owner)
            if refused is not None:
                return refused
        topic = self.state.hook_logs(owner, name)
        if self._wants_stream(call):
            return self._stream(call, topic)
        return reply(topic.newest_first(), pretty=True, media_type="text/json")

    def _wants_stream(self, call: Call) -> bool:
        accept = call.request.headers.get("accept", "")
        return flag(call.params.get("streaming")) or flag(call.params.get("s")) or accept.strip() == "*/*"

    def _stream(self, call: Call, topic: Any) -> Response:
        if call.json_mode:
            return TopicStream(topic, ndjson_line, "application/json")
        return TopicStream(topic, text_line, "text/plain")

    async def events(self, call: Call) -> Response:
        owner = call.path_param("owner")
        refused = guard(call, "events::read", owner)
        if refused is not None:
            return refused
        topic = self.state.owner_events(owner)
        if self._wants_stream(call):
            return self._stream(call, topic)
        return reply(topic.newest_first(), pretty=True, media_type="text/json")

    async def metrics_hits(self, call: Call) -> Response:
        key = (call.path_param("owner"), call.path_param("hook"))
        return text(str(self.state.hits.get(key, 0)))

    # -- datastore ------------------------------------------------------------------------------

    def _datastore(self, call: Call, role: str) -> tuple[str | None, Response | None]:
        owner = implied_owner(call)
        return owner, guard(call, role, owner)

    async def datastore_get(self, call: Call) -> Response:
        owner, refused = self._datastore(call, "datastore::get")
        if refused is not None or owner is None:
            return refused or denied(call, "datastore::get")
        key = call.params.get("key")
        if not isinstance(key, str) or not key:
            return error("`key` is a required parameter!")
        stored = self.state.datastore.get(owner, {}).get(key)
        return Response(stored if stored is not None else "null", media_type="application/json")

    async def datastore_set(self, call: Call) -> Response:
        owner, refused = self._datastore(call, "datastore::set")
        if refused is not None or owner is None:
            return refused or denied(call, "datastore::set")
        key = call.params.get("key")
        if not isinstance(key, str) or not key:
            return error("`key` is a required parameter!")
        store = self.state.datastore.setdefault(owner, {})
        if key not in store and len(store) >= DATASTORE_QUOTA:
            return error(f"Datastore quota exceeded: {DATASTORE_QUOTA} documents. Delete keys to store new ones.")
        store[key] = json.dumps(call.params.get("value"))
        recent = [name for name in self.state.recent.get(owner, []) if name != key]
        self.state.recent[owner] = [key, *recent][:RECENT_KEYS]
        self.state.side_effects.record("datastore.set")
        return reply("OK")

    async def datastore_del(self, call: Call) -> Response:
        owner, refused = self._datastore(call, "datastore::del")
        if refused is not None or owner is None:
            return refused or denied(call, "datastore::del")
        key = call.params.get("key")
        store = self.state.datastore.setdefault(owner, {})
        if not isinstance(key, str) or key not in store:
            return reply(0)
        del store[key]
        self.state.recent[owner] = [name for name in self.state.recent.get(owner, []) if name != key]
        self.state.side_effects.record("datastore.del")
        return reply(1)

    async def datastore_recent(self, call: Call) -> Response:
        owner, refused = self._datastore(call, "datastore::recent")
        if refused is not None or owner is None:
            return refused or denied(call, "datastore::recent")
        return reply(self.state.recent.get(owner, [])[:RECENT_KEYS])

    # -- keys -----------------------------------------------------------------------------------

    def _keys(self, call: Call, role: str) -> tuple[str | None, Response | None]:
        owner = implied_owner(call, param_only=True)
        return owner, guard(call, role, owner, param_only=True)

    async def keys_check(self, call: Call) -> Response:
        key = call.key(param_only=True)
        role = call.params.get("role")
        if key is None:
            return reply({"hasAccess": False})
        has_access = isinstance(role, str) and role in key["roles"].split(",")
        self.state.event(
            key["owner"], "keys::authAttempt", call.ip, name=key["name"], owner=key["owner"], hasAccess=has_access
        )
        if not has_access:
            return reply({"hasAccess": False})
        user = self.state.users.get(key["owner"], {})
        return reply({"hasAccess": True, "key": key, "user": {"name": user.get("name"), "email": user.get("email")}})

    async def keys_create(self, call: Call) -> Response:
        owner, refused = self._keys(call, "keys::create")
        if refused is not None or owner is None:
            return refused or denied(call, "keys::create", param_only=True)
        name = call.params.get("name")
        roles = call.params.get("roles", "")
        if isinstance(roles, list):
            roles = ",".join(str(role) for role in cast("list[Any]", roles))
        problems: list[dict[str, Any]] = []
        if not isinstance(name, str) or not name:
            problems.append(_required("name"))
        if not isinstance(roles, str):
            problems.append(
                {
                    "property": "roles",
                    "constraint": "type",
                    "expected": "string",
                    "actual": type(roles).__name__,
                    "message": "roles must be a string",
                }
            )
        if problems:
            return reply({"valid": False, "errors": problems}, 400)
        if any(doc["name"] == name for doc in self.state.keys_of(owner)):
            return error(f'Key "{name}" already exists!')
        key = self.state.add_key(owner, str(name), str(roles), at=now())
        self.state.side_effects.record("keys.create")
        self.state.event(owner, "keys::created", call.ip, name=name, owner=owner)
        return reply(key)

    async def keys_destroy(self, call: Call) -> Response:
        owner, refused = self._keys(call, "keys::destroy")
        if refused is not None or owner is None:
            return refused or denied(call, "keys::destroy", param_only=True)
        name = call.params.get("name")
        for private, doc in list(self.state.keys.items()):
            if doc["owner"] == owner and doc["name"] == name and doc["key_type"] != "internal":
                del self.state.keys[private]
                self.state.side_effects.record("keys.destroy")
                return reply({"status": "deleted"})
        return error("Key not found")

    async def keys_all(self, call: Call) -> Response:
        owner, refused = self._keys(call, "keys::read")
        if refused is not None or owner is None:
            return refused or denied(call, "keys::read", param_only=True)
        return reply(self.state.keys_of(owner))

    # -- files ----------------------------------------------------------------------------------

    def _files(self, call: Call, role: str) -> tuple[str, dict[str, StoredFile], str, Response | None]:
        owner = implied_owner(call)
        refused = guard(call, role, owner, status=403)
        if refused is not None or owner is None:
            return "", {}, "", refused or denied(call, role, status=403)
        path = call.params.get("path")
        if not isinstance(path, str) or not path:
            return owner, {}, "", error("`path` is a required parameter!", 400)
        if not path.startswith("/"):
            path = "/" + path
        return owner, self.state.files.setdefault(owner, {}), path, None

    @staticmethod
    def _vinyl(path: str, contents: str | None) -> dict[str, Any]:
        basename = path.rsplit("/", 1)[-1]
        dirname = path[: len(path) - len(basename)].rstrip("/") or "/"
        stem, dot, ext = basename.rpartition(".")
        if not dot or not stem:
            stem, ext = basename, ""
        return {
            "basename": basename,
            "contents": contents,
            "dirname": dirname,
            "extname": f".{ext}" if ext else "",
            "path": path,
            "relative": path.lstrip("/"),
            "stem": stem,
        }

    def _gcs(self, owner: str, path: str, stored: StoredFile) -> dict[str, Any]:
        name = f"{owner}{path}"
        return {
            "kind": "storage#object",
            "id": f"hookio-vfs/{name}/{stored.generation}",
            "selfLink": f"https://www.googleapis.com/storage/v1/b/hookio-vfs/o/{name}",
            "name": name,
            "bucket": "hookio-vfs",
            "generation": str(stored.generation),
            "metageneration": "1",
            "contentType": stored.content_type,
            "timeCreated": iso(stored.ctime),
            "updated": iso(stored.mtime),
            "timeStorageClassUpdated": iso(stored.ctime),
            "storageClass": "STANDARD",
            "size": str(len(stored.contents)),
            "md5Hash": "",
            "mediaLink": f"https://www.googleapis.com/download/storage/v1/b/hookio-vfs/o/{name}?alt=media",
            "crc32c": "",
            "etag": f"CJ{stored.generation:06d}",
        }

    def _store(self, owner: str, files: dict[str, StoredFile], path: str, contents: bytes, media: str) -> None:
        moment = now()
        previous = files.get(path)
        generation = (previous.generation + 1) if previous else len(files) + 1
        ctime = previous.ctime if previous else moment
        files[path] = StoredFile(contents, ctime, moment, generation, media)
        self.state.side_effects.record("files.write")

    async def files_write(self, call: Call) -> Response:
        owner, files, path, refused = self._files(call, "files::writeFile")
        if refused is not None:
            return refused
        contents = call.params.get("contents")
        if contents is None or contents == "":
            return error("`contents` is a required parameter!", 400)
        data = contents if isinstance(contents, str) else json.dumps(contents)
        self._store(owner, files, path, data.encode(), "text/plain")
        return reply(self._vinyl(path, None))

    async def files_read(self, call: Call) -> Response:
        _, files, path, refused = self._files(call, "files::readFile")
        if refused is not None:
            return refused
        stored = files.get(path)
        if stored is None:
            return text("Not Found", 404)
        body = self._vinyl(path, stored.contents.decode("utf-8", errors="replace"))
        if flag(call.params.get("vinyl")):
            body["vinyl"] = True
        return reply(body)

    async def files_stat(self, call: Call) -> Response:
        _, files, path, refused = self._files(call, "files::stat")
        if refused is not None:
            return refused
        if path not in files:
            return text("Not Found", 404)
        return reply(self._vinyl(path, None))

    async def files_remove(self, call: Call) -> Response:
        _, files, path, refused = self._files(call, "files::removeFile")
        if refused is not None:
            return refused
        if path not in files:
            return text("Not Found")  # hook.io-vfs answers a missing file with 200 and this text
        del files[path]
        self.state.side_effects.record("files.remove")
        return reply("removing")

    async def files_readdir(self, call: Call) -> Response:
        owner, files, path, refused = self._files(call, "files::readdir")
        if refused is not None:
            return refused
        prefix = path if path.endswith("/") else path + "/"
        found = sorted(name for name in files if name.startswith(prefix))
        if flag(call.params.get("vinyl")):
            return reply([self._vinyl(name, None) for name in found])
        return reply([self._gcs(owner, name, files[name]) for name in found])

    async def files_upload(self, call: Call) -> Response:
        owner, files, path, refused = self._files(call, "files::upload")
        if refused is not None:
            return refused
        media = call.request.headers.get("content-type", "application/octet-stream")
        self._store(owner, files, path, call.body, media)
        return reply({**self._vinyl(path, None), "size": len(call.body)})

    async def files_download(self, call: Call) -> Response:
        _, files, path, refused = self._files(call, "files::download")
        if refused is not None:
            return refused
        stored = files.get(path)
        if stored is None:
            return text("Not Found", 404)
        return Response(stored.contents, media_type="application/octet-stream")

    # -- env ------------------------------------------------------------------------------------

    async def env(self, call: Call) -> Response:
        owner = implied_owner(call)
        if call.request.method == "GET":
            refused = guard(call, "env::read", owner)
            if refused is not None or owner is None:
                return refused or denied(call, "env::read")
            self.state.event(owner, "env::read", call.ip)
            return reply(self.state.env.get(owner, {}))
        refused = guard(call, "env::write", owner)
        if refused is not None or owner is None:
            return refused or denied(call, "env::write")
        changes = self._env_changes(call)
        if changes is None:
            return error("`env` is a required parameter!", 400)
        variables = self.state.env.setdefault(owner, {})
        for name, value in changes.items():
            if value is None:
                variables.pop(name, None)
            else:
                variables[name] = value
        self.state.side_effects.record("env.set")
        self.state.event(owner, "env::write", call.ip)
        return reply({"status": "updated"})

    @staticmethod
    def _env_changes(call: Call) -> dict[str, Any] | None:
        given = call.params.get("env")
        if isinstance(given, dict):
            return cast("dict[str, Any]", given)
        keys = call.params.get("key")
        values = call.params.get("value")
        if isinstance(keys, list) and isinstance(values, list):
            pairs = zip(cast("list[Any]", keys), cast("list[Any]", values), strict=False)
            return {str(name): _legacy_value(value) for name, value in pairs}
        names = [value for name, value in call.pairs if name in ("key", "key[]")]
        given_values = [value for name, value in call.pairs if name in ("value", "value[]")]
        if names:
            return {name: _legacy_value(value) for name, value in zip(names, given_values, strict=False)}
        return None

    # -- domains --------------------------------------------------------------------------------

    def _domain_owner(self, call: Call, role: str) -> tuple[str | None, Response | None]:
        owner = implied_owner(call)
        refused = guard(call, role, owner)
        if refused is None and owner is None:
            refused = denied(call, role)
        return owner, refused

    def _owned_domain(self, call: Call, owner: str) -> dict[str, Any] | None:
        doc = self.state.domains.get(call.path_param("domain"))
        return doc if doc is not None and doc["owner"] == owner else None

    async def domains(self, call: Call) -> Response:
        if call.request.method == "GET":
            owner, refused = self._domain_owner(call, "domain::get")
            if refused is not None:
                return refused
            return reply([doc for doc in self.state.domains.values() if doc["owner"] == owner])
        owner, refused = self._domain_owner(call, "domain::create")
        if refused is not None or owner is None:
            return refused or denied(call, "domain::create")
        name, forward = call.params.get("name"), call.params.get("forwardUrl")
        missing = [field for field, value in (("name", name), ("forwardUrl", forward)) if not value]
        if missing:
            # The server ends the reply with the validation error's message, as text.
            return text(f"{missing[0]} is required")
        if str(name) in self.state.domains:
            return text(f'Domain "{name}" already exists!')
        moment = iso(now())
        doc = {
            "name": str(name),
            "forwardUrl": str(forward),
            "owner": owner,
            "ctime": moment,
            "mtime": moment,
            "id": self.state.new_uuid(),
        }
        self.state.domains[str(name)] = doc
        self.state.side_effects.record("domain.create")
        return reply(doc)

    async def domains_find(self, call: Call) -> Response:
        owner, refused = self._domain_owner(call, "domain::find")
        if refused is not None:
            return refused
        query = call.params.get("query")
        criteria = cast("dict[str, Any]", query) if isinstance(query, dict) else {}
        found = [
            doc
            for doc in self.state.domains.values()
            if doc["owner"] == owner and all(doc.get(name) == value for name, value in criteria.items())
        ]
        return reply(found)

    async def domain_get(self, call: Call) -> Response:
        owner, refused = self._domain_owner(call, "domain::get")
        if refused is not None or owner is None:
            return refused or denied(call, "domain::get")
        doc = self._owned_domain(call, owner)
        if doc is None:
            return error("Domain not found", 404)
        return reply(doc)

    async def domain_update(self, call: Call) -> Response:
        owner, refused = self._domain_owner(call, "domain::update")
        if refused is not None or owner is None:
            return refused or denied(call, "domain::update")
        doc = self._owned_domain(call, owner)
        if doc is None:
            return error("Domain not found", 404)
        forward = call.params.get("forwardUrl")
        if isinstance(forward, str) and forward:
            doc["forwardUrl"] = forward
        doc["mtime"] = iso(now())
        self.state.side_effects.record("domain.update")
        return reply(doc)

    async def domain_destroy(self, call: Call) -> Response:
        owner, refused = self._domain_owner(call, "domain::destroy")
        if refused is not None or owner is None:
            return refused or denied(call, "domain::destroy")
        doc = self._owned_domain(call, owner)
        if doc is None:
            return error("Domain not found", 404)
        del self.state.domains[doc["name"]]
        self.state.side_effects.record("domain.destroy")
        return reply({"status": "deleted"})

    # -- cron ---------------------------------------------------------------------------------
    # The sandbox keeps crons but schedules nothing: execution dates read "n/a" and hits stay 0.

    @staticmethod
    def _cron_view(doc: dict[str, Any]) -> dict[str, Any]:
        keys = ("name", "owner", "method", "status", "cronExpression", "uri")
        return {
            **{key: doc.get(key) for key in keys},
            "hits": "0",
            "lastExecutionDate": "n/a",
            "nextExecutionDate": "n/a",
        }

    @staticmethod
    def _cron_problems(params: dict[str, Any], required: tuple[str, ...]) -> Response | None:
        problems = [_required(name) for name in required if not params.get(name)]
        uri = params.get("uri")
        if uri and not (isinstance(uri, str) and ("." in uri or uri.startswith("http"))):
            problems.append({"property": "uri", "constraint": "regex", "actual": uri, "message": "uri: not a URL"})
        if problems:
            return reply({"valid": False, "errors": problems, "status": "error"})
        return None

    async def cron_create(self, call: Call) -> Response:
        owner = implied_owner(call)
        refused = guard(call, "cron::create", owner)
        if refused is not None or owner is None:
            return refused or denied(call, "cron::create")
        invalid = self._cron_problems(call.params, ("name", "uri"))
        if invalid is not None:
            return invalid
        name = str(call.params["name"]).lower()
        if (owner, name) in self.state.crons:
            return error(f'Cron "{name}" already exists!', 400)
        moment = iso(now())
        doc = {
            "name": name,
            "owner": owner,
            "uri": str(call.params["uri"]),
            "cronExpression": str(call.params.get("cronExpression") or "*/60 * * * *"),
            "status": str(call.params.get("status") or "active"),
            "method": str(call.params.get("method") or "GET"),
            "ctime": moment,
            "mtime": moment,
            "id": self.state.new_uuid(),
        }
        self.state.crons[(owner, name)] = doc
        self.state.side_effects.record("cron.create")
        self.state.event(owner, "cron::created", call.ip, owner=owner, name=name)
        return reply(doc)

    async def cron_all(self, call: Call) -> Response:
        owner = call.path_param("owner")
        refused = guard(call, "cron::read", owner)
        if refused is not None:
            return refused
        docs = [doc for (who, _), doc in sorted(self.state.crons.items()) if who == owner]
        listed = ("name", "owner", "cronExpression", "hits", "lastExecutionDate", "nextExecutionDate", "status")
        return reply([{key: self._cron_view(doc)[key] for key in listed} for doc in docs])

    def _cron(self, call: Call, role: str) -> tuple[dict[str, Any] | None, Response | None]:
        owner, name = call.path_param("owner"), call.path_param("name").lower()
        refused = guard(call, role, owner)
        if refused is not None:
            return None, refused
        doc = self.state.crons.get((owner, name))
        if doc is None:
            return None, text(f"Not found: cron {owner}/{name}", 404)
        return doc, None

    async def cron_get(self, call: Call) -> Response:
        doc, refused = self._cron(call, "cron::read")
        return refused or reply(self._cron_view(doc or {}))

    async def cron_update(self, call: Call) -> Response:
        doc, refused = self._cron(call, "cron::update")
        if refused is not None or doc is None:
            return refused or text("Not found", 404)
        invalid = self._cron_problems(call.params, ())
        if invalid is not None:
            return invalid
        owner, current = doc["owner"], doc["name"]
        new_name = str(call.params.get("name") or current).lower()
        if new_name != current:
            if (owner, new_name) in self.state.crons:
                return error(f'Cron "{new_name}" already exists!', 400)
            del self.state.crons[(owner, current)]
            doc["name"] = new_name
            self.state.crons[(owner, new_name)] = doc
        for field_name in ("uri", "cronExpression", "status", "method"):
            value = call.params.get(field_name)
            if isinstance(value, str) and value:
                doc[field_name] = value
        doc["mtime"] = iso(now())
        self.state.side_effects.record("cron.update")
        self.state.event(owner, "cron::updated", call.ip, owner=owner, name=new_name)
        return reply({"status": "updated", "cron": doc})

    async def cron_destroy(self, call: Call) -> Response:
        doc, refused = self._cron(call, "cron::destroy")
        if refused is not None or doc is None:
            return refused or text("Not found", 404)
        del self.state.crons[(doc["owner"], doc["name"])]
        self.state.side_effects.record("cron.destroy")
        self.state.event(doc["owner"], "cron::destroyed", call.ip, owner=doc["owner"], name=doc["name"])
        return reply({"status": "deleted"})

    # -- account --------------------------------------------------------------------------------

    async def login(self, call: Call) -> Response:
        name = call.params.get("name") or call.params.get("email")
        password = call.params.get("password")
        if not name or not password:
            return reply({"status": "invalid", "message": "name and password are required"})
        user = self.state.users.get(str(name)) or next(
            (found for found in self.state.users.values() if found["email"] == name), None
        )
        if user is None:
            return reply({"result": "available"})
        if user["password"] is None:
            return reply({"result": "not-set"})
        if not secrets.compare_digest(str(user["password"]), str(password)):
            return reply({"result": "invalid"})
        token = self.state.token_prefix + secrets.token_hex(16)
        self.state.sessions[token] = user["name"]
        response = reply({"result": "valid", "redirect": "/services"})
        response.set_cookie(SESSION_COOKIE, token, httponly=True)
        return response

    async def signup(self, call: Call) -> Response:
        given = call.params.get("email")
        if not isinstance(given, str) or len(given) < 3:
            return text("invalid")
        given = given.lower()
        is_email = "@" in given
        taken = any(user["email" if is_email else "name"] == given for user in self.state.users.values())
        name = given.replace("@", "-").replace(".", "-") if is_email else given
        if taken or name in self.state.users:
            return text("account name already exists! cannot create new account.")
        password = call.params.get("password")
        if not isinstance(password, str) or not password:
            return text("available")
        self.state.add_user(name, password, email=given if is_email else None)
        self.state.side_effects.record("account.signup")
        token = self.state.token_prefix + secrets.token_hex(16)
        self.state.sessions[token] = name
        response = RedirectResponse("/services", status_code=302)
        response.set_cookie(SESSION_COOKIE, token, httponly=True)
        return response

    async def roles(self, call: Call) -> Response:
        """``/roles``: every role, as the page hook.io serves (``availableRoles`` holds one div each)."""
        items = "".join(f'<div class="role">{html.escape(role)}</div>' for role in ALL_ROLES)
        page = f'<html><body><h1>Roles</h1><div class="availableRoles">{items}</div></body></html>'
        return text(page, media_type="text/html")

    async def languages(self, call: Call) -> Response:
        items = "".join(f"<li>{language}</li>" for language in LANGUAGES)
        page = f'<html><body><h1>Languages</h1><ul class="languages">{items}</ul></body></html>'
        return text(page, media_type="text/html")

    async def logout(self, call: Call) -> Response:
        token = call.request.cookies.get(SESSION_COOKIE)
        if token:
            self.state.sessions.pop(token, None)
        response = RedirectResponse("/", status_code=302)
        response.delete_cookie(SESSION_COOKIE)
        return response

    async def account(self, call: Call) -> Response:
        user = self.state.users.get(call.session_user or "")
        if user is None:
            return RedirectResponse("/login", status_code=302)
        return reply({name: value for name, value in user.items() if name != "password"})


def _required(name: str) -> dict[str, Any]:
    return {
        "property": name,
        "constraint": "required",
        "expected": True,
        "actual": False,
        "message": f"Required property: {name}",
    }


def _legacy_value(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


__all__ = ["create_app"]
