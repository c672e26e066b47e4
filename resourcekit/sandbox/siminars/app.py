"""The Siminars emulator: a Starlette application speaking the documented wire protocol.

Requests carry their data as a JSON body with ``Content-Type: application/javascript`` (GET data may
come as query parameters instead); every call needs the ``apitoken``; the ``authtoken`` names the
user. Replies are ``{"status", "message", "data"}`` envelopes whose ``status`` is also the HTTP
status. The parsing here is written independently of the client's.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from resourcekit.sandbox.siminars import accounts, courses, jactions
from resourcekit.sandbox.siminars.protocol import Call, Handler, Refusal, refuse
from resourcekit.sandbox.siminars.state import (
    APITOKEN,
    SiminarsState,
)

logger: logging.Logger = logging.getLogger("resourcekit.sandbox.siminars")


# -- the application ------------------------------------------------------------------------

ROUTES: list[tuple[str, frozenset[str], Handler]] = [
    ("/urls", frozenset({"GET"}), accounts.urls),
    ("/authtoken", frozenset({"GET", "POST", "DELETE"}), accounts.authtoken),
    ("/connect/{service}", frozenset({"POST"}), accounts.connect),
    ("/get", frozenset({"GET"}), jactions.agora_get),
    ("/delete", frozenset({"DELETE", "POST"}), jactions.agora_delete),
    ("/jack/siminars", frozenset({"GET", "POST"}), courses.siminars),
    ("/jack/siminar/{siminar_id}", frozenset({"GET", "PUT", "DELETE"}), courses.siminar),
    ("/jack/siminar/{siminar_id}/steps", frozenset({"GET", "POST"}), courses.steps),
    ("/jack/step/{step_id}", frozenset({"GET", "PUT", "DELETE"}), courses.step),
    ("/siminar/{siminar_id}/{role}", frozenset({"GET", "POST", "PUT", "DELETE"}), courses.siminar_users),
    ("/jack/bundles", frozenset({"GET"}), courses.all_bundles),
    ("/bundles/{plan_id}", frozenset({"GET", "POST"}), courses.plan_bundles),
    ("/bundle/{bundle_id}", frozenset({"GET", "PUT", "DELETE"}), courses.bundle),
    ("/bundle/{bundle_id}/bundle_siminars", frozenset({"GET", "POST", "DELETE"}), courses.bundle_siminars),
    ("/bundle/{bundle_id}/probable_siminars", frozenset({"GET"}), courses.probable_siminars),
    ("/bundle/{bundle_id}/{role}", frozenset({"GET", "POST", "PUT", "DELETE"}), courses.bundle_users),
    ("/series/{bundle_id}/sessions", frozenset({"GET", "POST"}), courses.sessions),
    ("/session/{session_id}", frozenset({"GET", "PUT", "DELETE"}), courses.session),
    ("/session/{session_id}/{role}", frozenset({"GET", "POST", "PUT", "DELETE"}), courses.session_users),
    ("/plan/{plan_id}", frozenset({"GET", "PUT"}), courses.plan),
    ("/user", frozenset({"GET", "POST"}), accounts.program_users),
    ("/user/{user_id}", frozenset({"GET", "PUT"}), accounts.per_program_user),
    ("/relation/{user_id}", frozenset({"GET"}), accounts.relations),
    ("/account/notifications", frozenset({"GET", "PUT"}), accounts.notifications),
    ("/account/cart", frozenset({"GET", "POST", "PUT", "DELETE"}), accounts.cart),
    ("/price", frozenset({"GET"}), accounts.pricing),
    ("/coupon", frozenset({"GET", "POST"}), accounts.coupon),
    ("/asset/{asset_id}", frozenset({"GET", "PUT", "DELETE"}), accounts.asset),
    ("/owner/{owner_id}/assets", frozenset({"GET", "POST"}), accounts.owner_assets),
    ("/feedback", frozenset({"GET", "POST"}), accounts.feedback),
    ("/feedback/questions", frozenset({"GET"}), accounts.feedback_questions),
    ("/testimonial/{object_id}", frozenset({"GET", "POST"}), accounts.testimonials),
    *[(f"/{handle}/{{object_id}}", methods, handler) for handle, (methods, handler) in jactions.JACTIONS.items()],
]


def envelope(status: int, data: Any, message: str = "") -> JSONResponse:
    return JSONResponse({"status": status, "message": message, "data": data}, status_code=status)


async def read_data(request: Request) -> dict[str, Any]:
    """The call's data: query parameters (GET), then the JSON body on top."""
    data: dict[str, Any] = {}
    if request.method == "GET":
        for key, value in request.query_params.items():
            data[key] = value
    body = await request.body()
    if body.strip():
        content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if content_type != "application/javascript":
            refuse(412, "Invalid Content-Type: only application/javascript is accepted.")
        try:
            parsed = json.loads(body)
        except ValueError:
            refuse(412, "Invalid parameter: the body is not JSON.")
        if not isinstance(parsed, dict):
            refuse(412, "Invalid parameter: the body is not a JSON object.")
        data.update(cast("dict[str, Any]", parsed))
    return data


def endpoint(
    state: SiminarsState, methods: frozenset[str], handler: Handler
) -> Callable[[Request], Awaitable[Response]]:
    async def handle(request: Request) -> Response:
        try:
            if request.method not in methods:
                refuse(405, f"Not Allowed: {request.method} {request.url.path}.")
            data = await read_data(request)
            if str(data.get("apitoken", "")) != state.settings.credential("apitoken", APITOKEN):
                refuse(403, "Access Denied: invalid apitoken.")
            user_id: str | None = None
            token = data.get("authtoken")
            if token not in (None, ""):
                found = state.tokens.get(str(token))
                if found is None:
                    refuse(401, "Login Required: the authtoken is invalid or expired.")
                user_id = str(found["user_id"])
            params = {key: str(value) for key, value in request.path_params.items()}
            call = Call(state=state, method=request.method, data=data, params=params, user_id=user_id)
            result = handler(call)
        except Refusal as refusal:
            return envelope(refusal.status, None, refusal.message)
        except Exception:  # a bug in the emulator still answers in the protocol's shape
            logger.exception("the Siminars emulator failed on %s %s", request.method, request.url.path)
            return envelope(500, None, "Internal Error.")
        status, payload = result if isinstance(result, tuple) else (200, result)
        return envelope(status, payload)

    return handle


async def not_found(request: Request, exc: Exception) -> Response:
    return envelope(404, None, f"Not Found: {request.url.path}.")


async def not_allowed(request: Request, exc: Exception) -> Response:
    return envelope(405, None, f"Not Allowed: {request.method} {request.url.path}.")


class TrailingSlashes:
    """Serve ``/jack/siminar/<id>/`` like ``/jack/siminar/<id>`` (the API document uses both)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and len(path) > 1 and path.endswith("/"):
            scope = {**scope, "path": path.rstrip("/") or "/"}
        await self.app(scope, receive, send)


def build_app(state: SiminarsState) -> Starlette:
    """A fresh application serving ``state``."""
    routes = [
        Route(path, endpoint(state, methods, handler), methods=sorted(methods)) for path, methods, handler in ROUTES
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_allowed})
    app.add_middleware(TrailingSlashes)
    return app
