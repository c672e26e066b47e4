"""A small JSON API used to exercise the core: paged notes, a token login, an echo route."""

from __future__ import annotations

import itertools
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from resourcekit.sandbox.base import Emulator, SandboxProvider, SandboxSettings, SideEffects

USERNAME = "toy-user"
PASSWORD = "toy-passw0rd"


class ToyState:
    def __init__(self, size: int) -> None:
        self.notes: dict[int, dict[str, Any]] = {
            number: {"id": number, "title": f"note {number}", "pinned": False, "created": "2024-01-01"}
            for number in range(1, size + 1)
        }
        self.ids = itertools.count(size + 1)
        self.tokens: set[str] = set()
        self.token_counter = itertools.count(1)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"message": message}, status_code=status)


def create(settings: SandboxSettings) -> Emulator:
    state = ToyState(settings.seed_size)
    effects = SideEffects()

    def authorised(request: Request) -> bool:
        header = request.headers.get("authorization", "")
        return header.removeprefix("Bearer ") in state.tokens

    async def login(request: Request) -> Response:
        body = await request.json()
        if body != {"username": USERNAME, "password": PASSWORD}:
            return _error(401, "bad credentials")
        token = f"token-{next(state.token_counter)}"
        state.tokens.add(token)
        return JSONResponse({"token": token})

    async def expire(request: Request) -> Response:
        state.tokens.clear()
        return Response(status_code=204)

    async def list_notes(request: Request) -> Response:
        if not authorised(request):
            return _error(401, "token missing or expired")
        page = int(request.query_params.get("page", "1"))
        per_page = int(request.query_params.get("per_page", "2"))
        ordered = sorted(state.notes.values(), key=lambda note: note["id"])
        chunk = ordered[(page - 1) * per_page : page * per_page]
        more = page * per_page < len(ordered)
        return JSONResponse({"items": chunk, "next": page + 1 if more else None, "total": len(ordered)})

    async def note_ids(request: Request) -> Response:
        if not authorised(request):
            return _error(401, "token missing or expired")
        return JSONResponse(sorted(state.notes))

    async def note(request: Request) -> Response:
        if not authorised(request):
            return _error(401, "token missing or expired")
        number = int(request.path_params["id"])
        found = state.notes.get(number)
        if found is None:
            return _error(404, f"note {number} does not exist")
        if request.method == "GET":
            return JSONResponse(found)
        if request.method == "DELETE":
            effects.record("delete")
            del state.notes[number]
            return Response(status_code=204)
        changes = await request.json()
        unknown = set(changes) - {"title", "pinned"}
        if unknown:
            return _error(400, f"read-only or unknown fields: {sorted(unknown)}")
        effects.record("update")
        found.update(changes)
        return Response(status_code=204)

    async def create_note(request: Request) -> Response:
        if not authorised(request):
            return _error(401, "token missing or expired")
        body = await request.json()
        effects.record("create")
        number = next(state.ids)
        state.notes[number] = {"id": number, "title": body["title"], "pinned": False, "created": "2024-02-02"}
        return JSONResponse(state.notes[number], status_code=201)

    async def echo(request: Request) -> Response:
        return JSONResponse(
            {
                "method": request.method,
                "headers": dict(request.headers),
                "query": list(request.query_params.multi_items()),
                "body": (await request.body()).decode(),
            }
        )

    async def lines(request: Request) -> Response:
        count = int(request.query_params.get("count", "3"))
        body = "".join(f'{{"line": {number}}}\n' for number in range(count))
        return Response(body, media_type="application/x-ndjson")

    async def status(request: Request) -> Response:
        code = int(request.path_params["code"])
        return Response(content=b"" if code == 204 else b"plain failure", status_code=code)

    app = Starlette(
        routes=[
            Route("/login", login, methods=["POST"]),
            Route("/expire", expire, methods=["POST"]),
            Route("/notes", list_notes, methods=["GET"]),
            Route("/notes", create_note, methods=["POST"]),
            Route("/notes/ids", note_ids, methods=["GET"]),
            Route("/notes/{id:int}", note, methods=["GET", "PUT", "DELETE"]),
            Route("/echo", echo, methods=["GET", "POST", "PUT"]),
            Route("/status/{code:int}", status, methods=["GET", "POST"]),
            Route("/lines", lines, methods=["GET"]),
        ]
    )
    return Emulator(
        app=app, credentials={"username": USERNAME, "password": PASSWORD}, side_effects=effects, state=state
    )


def _environment(url: str, credentials: Any) -> dict[str, str]:
    return {"TOY_URL": url, "TOY_USERNAME": credentials["username"], "TOY_PASSWORD": credentials["password"]}


def _sync_client(url: str, credentials: Any, **options: Any) -> Any:
    from tests.core._sync.toy_client import Toy

    return Toy(url, credentials["username"], credentials["password"], **options)


def _async_client(url: str, credentials: Any, **options: Any) -> Any:
    from tests.core._async.toy_client import AsyncToy

    return AsyncToy(url, credentials["username"], credentials["password"], **options)


TOY = SandboxProvider(
    name="toy", create=create, environment=_environment, sync_client=_sync_client, async_client=_async_client
)
