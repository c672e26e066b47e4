"""``POST /onep:v1/rpc/process``: authentication, resource resolution and every procedure."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, cast

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from resourcekit.sandbox.exosite.state import Grant, Node, OnePlatformState, Share

_HEX40 = re.compile(r"^[0-9a-f]{40}$")
_NONE: Any = object()
TYPES = ("client", "dataport", "datarule", "dispatch")
METRICS = ("client", "dataport", "datarule", "dispatch", "share", "email", "http", "sms", "xmpp")
FORMATS = ("float", "integer", "string")
PREPROCESS = ("add", "sub", "mul", "div", "mod", "gt", "geq", "lt", "leq", "eq", "neq", "value")


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` when it is an object, else an empty one."""
    return cast("dict[str, Any]", value) if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` when it is a list, else an empty one."""
    return cast("list[Any]", value) if isinstance(value, list) else []


class CallStatus(Exception):
    """Ends a call with a non-ok status (and an optional error object)."""

    def __init__(self, status: Any, error: dict[str, Any] | None = None) -> None:
        super().__init__(str(status))
        self.status = status
        self.error = error


def bad_arguments(message: str = "Error") -> CallStatus:
    return CallStatus("fail", {"code": 501, "message": message, "context": "arguments"})


class RequestError(Exception):
    def __init__(self, code: int, message: str, context: str) -> None:
        super().__init__(message)
        self.body: dict[str, dict[str, Any]] = {"error": {"code": code, "message": message, "context": context}}


@dataclass
class Caller:
    rid: str  # the client the call acts as
    grant: Grant | None = None


class RPC:
    """The procedures, on one `OnePlatformState`."""

    def __init__(self, state: OnePlatformState) -> None:
        self.state = state
        self.procedures: dict[str, Callable[[Caller, list[Any]], Awaitable[Any]]] = {
            name: getattr(self, f"p_{name}")
            for name in [
                "read",
                "write",
                "writegroup",
                "record",
                "recordbatch",
                "flush",
                "wait",
                "create",
                "move",
                "update",
                "info",
                "listing",
                "drop",
                "usage",
                "map",
                "unmap",
                "lookup",
                "share",
                "revoke",
                "activate",
                "deactivate",
                "grant",
                "tag",
            ]
        }

    # -- the endpoint ----------------------------------------------------------------------

    async def endpoint(self, request: Request) -> Response:
        body = await request.body()
        try:
            envelope = json.loads(body)
        except ValueError:
            return JSONResponse({"error": {"code": -1, "message": "Not JSON", "context": "calls"}})
        try:
            caller, calls = self.authenticate(envelope)
        except RequestError as error:
            return JSONResponse(error.body)
        replies: list[dict[str, Any]] = []
        for call in calls:
            reply = await self.run(caller, call)
            if "id" in call:
                replies.append({"id": call["id"], **reply})
        if not replies:
            return Response(status_code=200)
        replies.reverse()  # the platform does not keep call order; clients must match by id
        return JSONResponse(replies)

    def authenticate(self, envelope: Any) -> tuple[Caller, list[dict[str, Any]]]:
        if not isinstance(envelope, dict) or "auth" not in envelope or "calls" not in envelope:
            raise RequestError(400, "Bad Request", "calls")
        data = cast("dict[str, Any]", envelope)
        auth = data["auth"]
        calls = data["calls"]
        if not isinstance(calls, list) or not all(isinstance(c, dict) for c in cast("list[Any]", calls)):
            raise RequestError(400, "Bad Request", "calls")
        if not isinstance(auth, dict):
            raise RequestError(401, "Invalid", "auth")
        auth_map = cast("dict[str, Any]", auth)
        state = self.state
        grant: Grant | None = None
        if "cik" in auth_map:
            rid = state.ciks.get(str(auth_map["cik"]))
            node = state.nodes.get(rid) if rid else None
            if node is None or node.status not in ("activated", "locked"):
                raise RequestError(401, "Invalid", "auth")
        elif "token" in auth_map:
            grant = state.grants.get(str(auth_map["token"]))
            if grant is None or (grant.expires is not None and grant.expires < state.clock()):
                raise RequestError(401, "Invalid", "auth")
            if grant.issuer not in state.nodes:
                raise RequestError(401, "Invalid", "auth")
            rid = grant.issuer
        else:
            raise RequestError(401, "Invalid", "auth")
        if rid is None:
            raise RequestError(401, "Invalid", "auth")
        if "client_id" in auth_map:
            target = str(auth_map["client_id"])
            node = state.nodes.get(target)
            if node is None or node.type != "client" or not state.is_within(target, rid):
                raise RequestError(401, "Invalid", "auth")
            rid = target
        elif "resource_id" in auth_map:
            target = str(auth_map["resource_id"])
            node = state.nodes.get(target)
            if node is None or node.parent is None or not state.is_within(target, rid) or target == rid:
                raise RequestError(401, "Invalid", "auth")
            rid = node.parent
        return Caller(rid, grant), cast("list[dict[str, Any]]", calls)

    async def run(self, caller: Caller, call: dict[str, Any]) -> dict[str, Any]:
        procedure = self.procedures.get(str(call.get("procedure")))
        if procedure is None:
            return {"status": "fail", "error": {"code": 501, "message": "Unknown procedure", "context": "procedure"}}
        arguments = call.get("arguments", [])
        if not isinstance(arguments, list):
            return {"status": "fail", "error": {"code": 501, "message": "Error", "context": "arguments"}}
        try:
            result = await procedure(caller, cast("list[Any]", arguments))
        except CallStatus as outcome:
            reply: dict[str, Any] = {"status": outcome.status}
            if outcome.error is not None:
                reply["error"] = outcome.error
            return reply
        except (IndexError, KeyError, TypeError, ValueError):
            return {"status": "fail", "error": {"code": 501, "message": "Error", "context": "arguments"}}
        if result is _NONE:
            return {"status": "ok"}
        return {"status": "ok", "result": result}

    # -- helpers ---------------------------------------------------------------------------

    def resolve(self, caller: Caller, ref: Any, procedure: str) -> Node:
        """The node a ResourceID names, checked against the caller's subtree and grant."""
        state = self.state
        if isinstance(ref, dict):
            alias = cast("dict[str, Any]", ref).get("alias")
            if not isinstance(alias, str):
                raise CallStatus("invalid")
            if alias == "":
                rid = caller.rid
            else:
                found = state.nodes[caller.rid].aliases.get(alias)
                if found is None:
                    raise CallStatus("invalid")
                rid = found
        elif isinstance(ref, str) and _HEX40.match(ref):
            rid = ref
            if rid not in state.nodes or not state.is_within(rid, caller.rid):
                raise CallStatus("restricted")
        else:
            raise CallStatus("invalid")
        if caller.grant is not None and not self.granted(caller.grant, rid, procedure):
            raise CallStatus("noauth")
        node = state.nodes[rid]
        owner = state.nodes.get(node.parent) if node.parent else None
        locked = node.status == "locked" or (owner is not None and owner.status == "locked" and rid != caller.rid)
        if locked and procedure not in ("info", "listing", "lookup", "read"):
            raise CallStatus("locked")
        return node

    def granted(self, grant: Grant, rid: str, procedure: str) -> bool:
        """Whether a token allows ``procedure`` on ``rid``: a grant on a client covers its subtree."""
        current: str | None = rid
        while current is not None:
            if procedure in grant.permissions.get(current, set()):
                return True
            node = self.state.nodes.get(current)
            current = node.parent if node else None
        return False

    def data_node(self, caller: Caller, ref: Any, procedure: str) -> Node:
        node = self.resolve(caller, ref, procedure)
        if node.type == "client":
            raise CallStatus("invalid")
        return node

    def client_node(self, caller: Caller, ref: Any, procedure: str) -> Node:
        node = self.resolve(caller, ref, procedure)
        if node.type != "client":
            raise CallStatus("invalid")
        return node

    def convert(self, node: Node, value: Any) -> Any:
        """A written value in the dataport's format, preprocessed (``invalid`` when it does not fit)."""
        form = node.description.get("format", "string")
        if form == "string":
            text = value if isinstance(value, str) else json.dumps(value)
            if len(text.encode("utf-8")) > 64 * 1024:
                raise CallStatus("invalid")
            return text
        if isinstance(value, bool):
            raise CallStatus("invalid")
        try:
            number: float = float(value)
        except (TypeError, ValueError):
            raise CallStatus("invalid") from None
        for step in as_list(node.description.get("preprocess")):
            op, operand = as_list(step)
            number = _preprocess(str(op), number, float(operand))
        if form == "integer":
            return int(number)
        return number

    def write_point(self, node: Node, ts: int, value: Any) -> None:
        state = self.state
        state.store(node, ts, self.convert(node, value))
        state.side_effects.record("write")
        for other in list(state.nodes.values()):
            if other.type == "datarule" and other.description.get("subscribe") == node.rid:
                verdict = _evaluate(other.description.get("rule"), node.points[-1][1])
                if verdict is not None:
                    state.store(other, ts, verdict)

    def timestamp(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad_arguments()
        ts = int(value)
        return self.state.now() + ts if ts < 0 else ts

    # -- data procedures -------------------------------------------------------------------

    async def p_read(self, caller: Caller, args: list[Any]) -> Any:
        node = self.data_node(caller, args[0], "read")
        options = cast("dict[str, Any]", args[1]) if len(args) > 1 else {}
        start = int(options.get("starttime", 0))
        end = int(options.get("endtime", self.state.now()))
        sort = options.get("sort", "desc")
        limit = options.get("limit", 1)
        if sort not in ("asc", "desc") or not isinstance(limit, int):
            raise bad_arguments()
        points = [[ts, v] for ts, v in node.points if start <= ts <= end]
        if sort == "desc":
            points.reverse()
        return points[:limit]

    async def p_write(self, caller: Caller, args: list[Any]) -> Any:
        node = self.data_node(caller, args[0], "write")
        if len(args) < 2:
            raise bad_arguments()
        self.write_point(node, self.state.now(), args[1])
        return _NONE

    async def p_writegroup(self, caller: Caller, args: list[Any]) -> Any:
        pairs = cast("list[list[Any]]", args[0])
        nodes = [(self.data_node(caller, ref, "write"), value) for ref, value in pairs]
        values = [(node, self.convert(node, value)) for node, value in nodes]
        now = self.state.now()
        for node, value in values:
            self.write_point(node, now, value)
        return _NONE

    async def p_record(self, caller: Caller, args: list[Any]) -> Any:
        node = self.data_node(caller, args[0], "record")
        points = [(self.timestamp(ts), value) for ts, value in cast("list[list[Any]]", args[1])]
        converted = [(ts, self.convert(node, value)) for ts, value in points]
        for ts, value in converted:
            self.write_point(node, ts, value)
        return _NONE

    async def p_recordbatch(self, caller: Caller, args: list[Any]) -> Any:
        node = self.data_node(caller, args[0], "record")
        refused: list[list[Any]] = []
        for ts, value in cast("list[list[Any]]", args[1]):
            try:
                stamp = self.timestamp(ts)
                self.write_point(node, stamp, value)
            except CallStatus:
                refused.append([ts, "invalid"])
        if refused:
            raise CallStatus(refused)
        return _NONE

    async def p_flush(self, caller: Caller, args: list[Any]) -> Any:
        node = self.data_node(caller, args[0], "flush")
        options = cast("dict[str, Any]", args[1]) if len(args) > 1 else {}
        newer = options.get("newerthan")
        older = options.get("olderthan")
        if newer is None and older is None:
            node.points = []
        else:
            node.points = [
                (ts, v)
                for ts, v in node.points
                if not ((newer is None or ts > newer) and (older is None or ts < older))
            ]
        self.state.side_effects.record("flush")
        return _NONE

    async def p_wait(self, caller: Caller, args: list[Any]) -> Any:
        node = self.data_node(caller, args[0], "wait")
        options = cast("dict[str, Any]", args[1]) if len(args) > 1 else {}
        timeout = float(options.get("timeout", 30000)) / 1000
        since = options.get("since")
        sequence = node.sequence
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if since is not None:
                newer = [p for p in node.points if p[0] > since]
                if newer:
                    return list(newer[0])
            elif node.sequence != sequence and node.points:
                return list(node.points[-1])
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise CallStatus("expire")
            try:
                await asyncio.wait_for(self.state.changed_event().wait(), remaining)
            except asyncio.TimeoutError:
                raise CallStatus("expire") from None
            if node.rid not in self.state.nodes:
                raise CallStatus("error")

    # -- tree procedures -------------------------------------------------------------------

    def check_description(self, kind: str, description: dict[str, Any]) -> None:
        if kind != "client":
            if description.get("format") not in FORMATS:
                raise bad_arguments("format")
            for step in as_list(description.get("preprocess")):
                if not isinstance(step, list) or len(as_list(step)) != 2 or as_list(step)[0] not in PREPROCESS:
                    raise bad_arguments("preprocess")
        if kind == "datarule" and not isinstance(description.get("rule"), dict):
            raise bad_arguments("rule")
        if kind == "dispatch" and description.get("method") not in (
            "email",
            "http_get",
            "http_post",
            "http_put",
            "sms",
            "xmpp",
        ):
            raise bad_arguments("method")

    def check_limit(self, parent: Node, kind: str) -> None:
        limit: Any = as_dict(parent.description.get("limits")).get(kind, 0)
        if limit == "inherit":
            return
        used = sum(1 for child in parent.children if self.state.nodes[child].type == kind)
        if not isinstance(limit, int) or used >= limit:
            raise CallStatus("fail", {"code": 409, "message": f"{kind} limit reached", "context": "arguments"})

    async def p_create(self, caller: Caller, args: list[Any]) -> Any:
        state = self.state
        if args and args[0] == "clone":
            options = cast("dict[str, Any]", args[1])
            if "code" in options:
                share = state.shares.get(str(options["code"]))
                if share is None:
                    raise CallStatus("invalid")
                source = share.rid
            else:
                source = self.resolve(caller, options.get("rid"), "create").rid
            if state.nodes[source].type != "client" or state.is_within(caller.rid, source):
                raise CallStatus("invalid")  # not a client, or a copy inside itself
            parent = state.nodes[caller.rid]
            self.check_limit(parent, "client")
            copy = state.clone(
                source, caller.rid, aliases=not options.get("noaliases"), historical=not options.get("nohistorical")
            )
            state.side_effects.record("create")
            return copy.rid
        if len(args) == 3:
            parent = self.client_node(caller, args[0], "create")
            kind, description = args[1], args[2]
        elif len(args) == 2:
            parent = self.state.nodes[caller.rid]
            kind, description = args[0], args[1]
        else:
            raise bad_arguments()
        if kind not in TYPES or not isinstance(description, dict):
            raise bad_arguments()
        self.check_description(kind, cast("dict[str, Any]", description))
        self.check_limit(parent, kind)
        node = state.add_node(parent.rid, kind, cast("dict[str, Any]", description))
        state.side_effects.record("create")
        return node.rid

    async def p_move(self, caller: Caller, args: list[Any]) -> Any:
        node = self.resolve(caller, args[0], "move")
        destination = self.client_node(caller, args[1], "move")
        options = cast("dict[str, Any]", args[2]) if len(args) > 2 else {}
        state = self.state
        if node.rid == caller.rid or node.parent is None or state.is_within(destination.rid, node.rid):
            raise CallStatus("invalid")
        old = state.nodes[node.parent]
        old.children.remove(node.rid)
        moved_aliases = [alias for alias, target in old.aliases.items() if target == node.rid]
        for alias in moved_aliases:
            del old.aliases[alias]
        node.parent = destination.rid
        destination.children.append(node.rid)
        if options.get("aliases", True):
            for alias in moved_aliases:
                destination.aliases.setdefault(alias, node.rid)
        state.side_effects.record("move")
        return _NONE

    async def p_update(self, caller: Caller, args: list[Any]) -> Any:
        node = self.resolve(caller, args[0], "update")
        if node.rid == caller.rid or not isinstance(args[1], dict):
            raise CallStatus("invalid")
        changes = as_dict(args[1])
        if not changes:
            raise CallStatus("invalid")
        if "format" in changes and changes["format"] != node.description.get("format"):
            raise CallStatus("invalid")
        if "limits" in changes:
            for kind, limit in cast("dict[str, Any]", changes["limits"]).items():
                used = sum(1 for child in node.children if self.state.nodes[child].type == kind)
                if isinstance(limit, int) and limit < used:
                    raise CallStatus("invalid")
        merged = {**node.description, **changes}
        if "limits" in changes:
            merged["limits"] = {**(node.description.get("limits") or {}), **changes["limits"]}
        self.check_description(node.type, merged)
        node.description = merged
        node.modified = self.state.now()
        if "retention" in changes:
            self.state.apply_retention(node)
        if node.type == "client" and "locked" in changes:
            node.status = "locked" if changes["locked"] else "activated"
        self.state.side_effects.record("update")
        return _NONE

    async def p_info(self, caller: Caller, args: list[Any]) -> Any:
        node = self.resolve(caller, args[0], "info")
        options = cast("dict[str, Any]", args[1]) if len(args) > 1 else {}
        wanted = {name for name, on in options.items() if on} or {
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
        }
        state = self.state
        owner_or_self = node.rid == caller.rid or node.parent == caller.rid
        info: dict[str, Any] = {}
        subscribers = [n.rid for n in state.nodes.values() if n.description.get("subscribe") == node.rid]
        if "aliases" in wanted and owner_or_self:
            if node.type == "client":
                grouped: dict[str, list[str]] = {}
                for alias, target in node.aliases.items():
                    grouped.setdefault(target, []).append(alias)
                info["aliases"] = grouped
            else:
                parent = state.nodes[node.parent] if node.parent else None
                info["aliases"] = [a for a, t in (parent.aliases if parent else {}).items() if t == node.rid]
        if "basic" in wanted:
            info["basic"] = {
                "type": node.type,
                "status": node.status,
                "modified": node.modified,
                "subscribers": len(subscribers),
            }
        if "counts" in wanted and node.type == "client":
            counts: dict[str, int] = dict.fromkeys(TYPES, 0)
            for child in node.children:
                counts[state.nodes[child].type] += 1
            counts["share"] = sum(1 for s in state.shares.values() if s.rid in node.children)
            info["counts"] = counts
        if "description" in wanted:
            info["description"] = json.loads(json.dumps(node.description))
        if "key" in wanted and node.type == "client" and node.parent == caller.rid and node.cik:
            info["key"] = node.cik
        if "shares" in wanted and owner_or_self:
            info["shares"] = [
                {"code": s.code, "meta": s.meta, "activator": s.activator}
                for s in state.shares.values()
                if s.rid == node.rid
            ]
        if "storage" in wanted and node.type != "client":
            info["storage"] = {
                "count": len(node.points),
                "first": node.points[0][0] if node.points else None,
                "last": node.points[-1][0] if node.points else None,
                "size": sum(len(json.dumps(v)) for _, v in node.points),
            }
        if "subscribers" in wanted:
            info["subscribers"] = subscribers
        if "tagged" in wanted and owner_or_self and node.type == "client":
            info["tagged"] = sorted(
                {tag for other in state.nodes.values() for tag, by in other.tags.items() if node.rid in by}
            )
        if "tags" in wanted:
            info["tags"] = sorted(node.tags)
        if "usage" in wanted:
            info["usage"] = {}
        return info

    async def p_listing(self, caller: Caller, args: list[Any]) -> Any:
        deprecated = False
        if args and isinstance(args[0], list):
            client = self.state.nodes[caller.rid]
            types = cast("list[Any]", args[0])
            options: Any = args[1] if len(args) > 1 else {}
            deprecated = len(args) == 1
        else:
            client = self.client_node(caller, args[0], "listing")
            types = cast("list[Any]", args[1])
            options = args[2] if len(args) > 2 else {}
        if isinstance(options, list):
            options = dict.fromkeys(cast("list[Any]", options), True)
        if not types or any(t not in (*TYPES, "token") for t in types):
            raise CallStatus("error")
        opts = cast("dict[str, Any]", options)
        state = self.state
        found: dict[str, list[str]] = {kind: [] for kind in types}
        owned = opts.get("owned", True) if opts else True
        candidates: list[Node] = []
        if owned or opts.get("aliased") or opts.get("public"):
            candidates += [state.nodes[rid] for rid in client.children]
        if opts.get("activated"):
            candidates += [state.nodes[s.rid] for s in state.shares.values() if s.activator == client.rid]
        aliased = set(client.aliases.values())
        # Only names can be tags; anything else in the list matches nothing (and may not be hashable).
        tagged = {tag for tag in as_list(opts["tagged"]) if isinstance(tag, str)} if "tagged" in opts else None
        for node in candidates:
            if node.type not in found:
                continue
            if opts.get("aliased") and node.rid not in aliased:
                continue
            if opts.get("public") and not node.description.get("public"):
                continue
            if tagged is not None and tagged.isdisjoint(node.tags):
                continue
            if node.rid not in found[node.type]:
                found[node.type].append(node.rid)
        if deprecated:
            return [found[kind] for kind in types]
        return found

    async def p_drop(self, caller: Caller, args: list[Any]) -> Any:
        node = self.resolve(caller, args[0], "drop")
        if node.rid == caller.rid:
            raise CallStatus("invalid")
        self.state.remove(node.rid)
        self.state.side_effects.record("drop")
        self.state.notify()
        return _NONE

    async def p_usage(self, caller: Caller, args: list[Any]) -> Any:
        client = self.client_node(caller, args[0], "usage")
        metric, start, end = args[1], int(args[2]), int(args[3])
        if metric not in METRICS or end < start:
            raise bad_arguments()
        if metric in ("client", "dataport", "datarule", "dispatch"):
            count = sum(1 for rid in self.state.subtree(client.rid)[1:] if self.state.nodes[rid].type == metric)
            return count * (end - start)
        if metric == "share":
            return sum(1 for s in self.state.shares.values() if s.rid in self.state.subtree(client.rid)) * (end - start)
        return 0

    async def p_map(self, caller: Caller, args: list[Any]) -> Any:
        if args[0] != "alias" or not isinstance(args[2], str) or not args[2]:
            raise bad_arguments()
        node = self.resolve(caller, args[1], "map")
        owner = self.state.nodes[caller.rid]
        if node.parent != caller.rid or args[2] in owner.aliases:
            raise CallStatus("invalid")
        owner.aliases[args[2]] = node.rid
        self.state.side_effects.record("map")
        return _NONE

    async def p_unmap(self, caller: Caller, args: list[Any]) -> Any:
        if len(args) == 3:
            client = self.client_node(caller, args[0], "unmap")
            kind, alias = args[1], args[2]
        else:
            client = self.state.nodes[caller.rid]
            kind, alias = args[0], args[1]
        if kind != "alias":
            raise bad_arguments()
        if alias not in client.aliases:
            raise CallStatus("invalid")
        del client.aliases[alias]
        self.state.side_effects.record("unmap")
        return _NONE

    async def p_lookup(self, caller: Caller, args: list[Any]) -> Any:
        if len(args) == 3:
            client = self.client_node(caller, args[0], "lookup")
            kind, value = args[1], args[2]
        else:
            client = self.state.nodes[caller.rid]
            kind, value = args[0], args[1]
        state = self.state
        if kind == "alias":
            if value == "":
                return client.rid
            found = client.aliases.get(str(value))
            if found is None:
                raise CallStatus("invalid")
            return found
        if kind == "owner":
            node = state.nodes.get(str(value))
            if node is None or node.parent is None or not state.is_within(node.rid, caller.rid):
                raise CallStatus("restricted")
            return node.parent
        if kind == "shared":
            share = state.shares.get(str(value))
            if share is None:
                raise CallStatus("invalid")
            return share.rid
        raise bad_arguments()

    async def p_share(self, caller: Caller, args: list[Any]) -> Any:
        node = self.resolve(caller, args[0], "share")
        options = cast("dict[str, Any]", args[1]) if len(args) > 1 else {}
        state = self.state
        if "code" in options:
            share = state.shares.get(str(options["code"]))
            if share is None or share.rid != node.rid:
                raise CallStatus("invalid")
            share.meta = str(options.get("meta", share.meta))
            return share.code
        share = Share(state.new_key(), node.rid, str(options.get("meta", "")))
        state.shares[share.code] = share
        state.side_effects.record("share")
        return share.code

    def owned_client_by_cik(self, caller: Caller, cik: str) -> Node:
        rid = self.state.ciks.get(cik)
        if rid is None:
            raise CallStatus("invalid")
        if not self.state.is_within(rid, caller.rid) or rid == caller.rid:
            raise CallStatus("noauth")
        return self.state.nodes[rid]

    async def p_revoke(self, caller: Caller, args: list[Any]) -> Any:
        kind, code = args[0], str(args[1])
        state = self.state
        if kind == "client":
            node = self.owned_client_by_cik(caller, code)
            del state.ciks[code]
            node.cik = state.new_secret()
            state.ciks[node.cik] = node.rid
            node.status = "notactivated"
        elif kind == "share":
            share = state.shares.get(code)
            if share is None:
                raise CallStatus("invalid")
            if not state.is_within(share.rid, caller.rid):
                raise CallStatus("noauth")
            del state.shares[code]
        else:
            raise bad_arguments()
        state.side_effects.record("revoke")
        return _NONE

    async def _activation(self, caller: Caller, args: list[Any], activate: bool) -> Any:
        if len(args) == 3:
            client = self.client_node(caller, args[0], "activate")
            kind, code = args[1], str(args[2])
        else:
            client = self.state.nodes[caller.rid]
            kind, code = args[0], str(args[1])
        state = self.state
        if kind == "client":
            node = self.owned_client_by_cik(caller, code)
            if activate and node.status == "activated":
                raise CallStatus("invalid")
            node.status = "activated" if activate else "notactivated"
        elif kind == "share":
            share = state.shares.get(code)
            if share is None:
                raise CallStatus("invalid")
            if activate:
                if share.activator is not None:
                    raise CallStatus("invalid")
                share.activator = client.rid
            else:
                if share.activator != client.rid:
                    raise CallStatus("noauth")
                share.activator = None
        else:
            raise bad_arguments()
        state.side_effects.record("activate" if activate else "deactivate")
        return _NONE

    async def p_activate(self, caller: Caller, args: list[Any]) -> Any:
        return await self._activation(caller, args, True)

    async def p_deactivate(self, caller: Caller, args: list[Any]) -> Any:
        return await self._activation(caller, args, False)

    async def p_grant(self, caller: Caller, args: list[Any]) -> Any:
        node = self.resolve(caller, args[0], "grant")
        permissions: dict[str, set[str]] = {}
        for rid, procedures in cast("dict[str, Any]", args[1]).items():
            target = self.resolve(caller, rid, "grant")
            permissions[target.rid] = set(cast("list[str]", procedures))
        options = cast("dict[str, Any]", args[2]) if len(args) > 2 else {}
        ttl = options.get("ttl")
        state = self.state
        token = state.new_secret()
        issuer = node.rid if node.type == "client" else (node.parent or node.rid)
        state.grants[token] = Grant(token, issuer, permissions, None if ttl is None else state.clock() + float(ttl))
        state.side_effects.record("grant")
        return token

    async def p_tag(self, caller: Caller, args: list[Any]) -> Any:
        """``[rid, "add"|"remove", name]``: the actions of the scripting API's ``manage.tag``.

        Removing a tag the resource does not carry is not an error (the outcome is the same).
        """
        if len(args) != 3 or args[1] not in ("add", "remove") or not isinstance(args[2], str) or not args[2]:
            raise bad_arguments()
        node = self.resolve(caller, args[0], "tag")
        name: str = args[2]
        if args[1] == "add":
            node.tags.setdefault(name, set()).add(caller.rid)
        else:
            node.tags.pop(name, None)
        self.state.side_effects.record("tag")
        return _NONE


def _preprocess(op: str, value: float, operand: float) -> float:
    table: dict[str, Callable[[float, float], float]] = {
        "add": lambda a, b: a + b,
        "sub": lambda a, b: a - b,
        "mul": lambda a, b: a * b,
        "div": lambda a, b: a / b if b else a,
        "mod": lambda a, b: a % b if b else a,
        "gt": lambda a, b: float(a > b),
        "geq": lambda a, b: float(a >= b),
        "lt": lambda a, b: float(a < b),
        "leq": lambda a, b: float(a <= b),
        "eq": lambda a, b: float(a == b),
        "neq": lambda a, b: float(a != b),
        "value": lambda a, b: b,
    }
    return table[op](value, operand)


def _evaluate(rule: Any, value: Any) -> int | None:
    """A simple rule's verdict (1 or 0) on a new value; other rule kinds need time and are not run."""
    if not isinstance(rule, dict) or "simple" not in rule:
        return None
    simple = cast("dict[str, Any]", cast("dict[str, Any]", rule)["simple"])
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(_preprocess(str(simple.get("comparison", "gt")), number, float(simple.get("constant", 0))))
