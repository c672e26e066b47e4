"""The HTTP Data Interface: ``/onep:v1/stack/alias``, ``/onep:v1/stack/record``, ``/timestamp``."""

from __future__ import annotations

import asyncio
from email.utils import formatdate, parsedate_to_datetime
from urllib.parse import parse_qsl, unquote, urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from resourcekit.sandbox.exosite.rpc import RPC, CallStatus
from resourcekit.sandbox.exosite.state import Node, OnePlatformState

FORM = "application/x-www-form-urlencoded; charset=utf-8"


class DataInterface:
    def __init__(self, state: OnePlatformState, rpc: RPC) -> None:
        self.state = state
        self.rpc = rpc

    def routes(self) -> list[Route]:
        return [
            Route("/onep:v1/stack/alias", self.alias, methods=["GET", "POST"]),
            Route("/onep:v1/stack/record", self.record, methods=["POST"]),
            Route("/timestamp", self.timestamp, methods=["GET"]),
        ]

    def client(self, request: Request) -> Node | None:
        rid = self.state.ciks.get(request.headers.get("x-exosite-cik", ""))
        node = self.state.nodes.get(rid) if rid else None
        return node if node is not None and node.status in ("activated", "locked") else None

    def child(self, client: Node, alias: str) -> Node | None:
        rid = client.aliases.get(alias)
        node = self.state.nodes.get(rid) if rid else None
        return node if node is not None and node.type != "client" else None

    async def alias(self, request: Request) -> Response:
        client = self.client(request)
        if client is None:
            return Response(status_code=401)
        if request.method == "POST":
            pairs = parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True)
            targets = [(self.child(client, alias), value) for alias, value in pairs]
            if any(node is None for node, _ in targets):
                return Response(status_code=400)
            now = self.state.now()
            try:
                converted = [(node, self.rpc.convert(node, value)) for node, value in targets if node is not None]
            except CallStatus:
                return Response(status_code=400)
            for node, value in converted:
                self.rpc.write_point(node, now, value)
        query = request.url.query
        if not query:
            return Response(status_code=204)
        aliases = [unquote(part.split("=", 1)[0]) for part in query.split("&") if part]
        timeout = request.headers.get("request-timeout")
        if timeout is not None and request.method == "GET":
            return await self.long_poll(request, client, aliases, timeout)
        values = [
            (alias, node.points[-1][1]) for alias in aliases if (node := self.child(client, alias)) and node.points
        ]
        if not values:
            return Response(status_code=204)
        return Response(urlencode([(a, str(v)) for a, v in values]), media_type=FORM)

    async def long_poll(self, request: Request, client: Node, aliases: list[str], timeout_text: str) -> Response:
        if len(aliases) != 1 or not timeout_text.isdigit() or int(timeout_text) > 300_000:
            return Response(status_code=400)
        node = self.child(client, aliases[0])
        if node is None:
            return Response(status_code=400)
        since_header = request.headers.get("if-modified-since")
        since: int | None = None
        if since_header:
            try:
                since = (
                    int(since_header)
                    if since_header.isdigit()
                    else int(parsedate_to_datetime(since_header).timestamp())
                )
            except (TypeError, ValueError):
                return Response(status_code=400)
        sequence = node.sequence
        loop = asyncio.get_running_loop()
        deadline = loop.time() + int(timeout_text) / 1000
        while True:
            point = None
            if since is not None:
                point = node.points[-1] if node.points and node.points[-1][0] > since else None
            elif node.sequence != sequence and node.points:
                point = node.points[-1]
            if point is not None:
                return Response(
                    urlencode([(aliases[0], str(point[1]))]),
                    media_type=FORM,
                    headers={"Last-Modified": formatdate(point[0], usegmt=True)},
                )
            remaining = deadline - loop.time()
            if remaining <= 0:
                return Response(status_code=304)
            try:
                await asyncio.wait_for(self.state.changed_event().wait(), remaining)
            except asyncio.TimeoutError:
                return Response(status_code=304)

    async def record(self, request: Request) -> Response:
        client = self.client(request)
        if client is None:
            return Response(status_code=401)
        pairs = parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True)
        series: list[tuple[Node, str, list[tuple[int, str]]]] = []
        for key, value in pairs:
            if key == "alias":
                node = self.child(client, value)
                if node is None:
                    return Response(status_code=400)
                series.append((node, value, []))
            elif series and key.lstrip("-").isdigit():
                series[-1][2].append((int(key), value))
            else:
                return Response(status_code=400)
        conflicts: list[tuple[str, str]] = []
        for node, alias, points in series:
            stamps = sorted(ts for ts, _ in points)
            existing = {ts for ts, _ in node.points}
            for index, ts in enumerate(stamps):
                if ts in existing or (index and ts - stamps[index - 1] < 1):
                    conflicts.append((alias, str(ts)))
        if conflicts:
            return Response(urlencode(conflicts), status_code=409, media_type=FORM)
        try:
            for node, _, points in series:
                for ts, value in points:
                    self.rpc.write_point(node, ts, value)
        except CallStatus:
            return Response(status_code=400)
        return Response(status_code=204)

    async def timestamp(self, request: Request) -> Response:
        if self.client(request) is None:
            return Response(status_code=401)
        return PlainTextResponse(str(self.state.now()))
