"""``/provision/...``: vendors, models, serial numbers, content, groups, shares, admin tokens."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from resourcekit.sandbox.exosite.state import Content, OnePlatformState, ProvisionModel, SerialNumber, Vendor


class Reply(Exception):
    def __init__(self, status: int, body: str = "") -> None:
        super().__init__(body)
        self.status = status
        self.body = body


def _csv(rows: list[list[Any]]) -> Response:
    if not rows:
        return Response(status_code=204)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return Response(out.getvalue(), status_code=200, media_type="text/csv")


def _lines(values: list[str]) -> Response:
    if not values:
        return Response(status_code=204)
    return Response("\r\n".join(values) + "\r\n", status_code=200, media_type="text/plain")


def _done() -> Response:
    return Response(status_code=205)


class Provisioning:
    def __init__(self, state: OnePlatformState) -> None:
        self.state = state

    def routes(self) -> list[Route]:
        methods = ["GET", "POST", "PUT", "DELETE"]
        return [
            Route("/provision/activate", self.guard(self.activate), methods=["POST"]),
            Route("/provision/download", self.guard(self.download), methods=["GET"]),
            Route("/provision/register", self.guard(self.register), methods=["GET", "POST"]),
            Route("/provision/admin/auth/", self.guard(self.admin), methods=methods),
            Route("/provision/admin/auth/{id}", self.guard(self.admin), methods=methods),
            Route("/provision/manage/model/", self.guard(self.models), methods=methods),
            Route("/provision/manage/model/{model}", self.guard(self.model), methods=methods),
            Route("/provision/manage/model/{model}/", self.guard(self.serial_numbers), methods=methods),
            Route("/provision/manage/model/{model}/{sn}", self.guard(self.serial_number), methods=methods),
            Route("/provision/manage/content/{model}/", self.guard(self.contents), methods=methods),
            Route("/provision/manage/content/{model}/{id}", self.guard(self.content), methods=methods),
            Route("/provision/manage/group/{model}/", self.guard(self.groups), methods=methods),
            Route("/provision/manage/group/{model}/{id}", self.guard(self.group), methods=methods),
            Route("/provision/manage/group/{model}/{id}/", self.guard(self.group), methods=methods),
            Route("/provision/manage/share/{model}/", self.guard(self.shares), methods=methods),
            Route("/provision/manage/share/{model}/{vendor}", self.guard(self.share), methods=methods),
        ]

    def guard(self, handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except Reply as reply:  # error replies carry their status and reason only (an empty text)
                return Response(status_code=reply.status, media_type="text/plain")

        return endpoint

    # -- request helpers --------------------------------------------------------------------

    async def form(self, request: Request) -> list[tuple[str, str]]:
        body = (await request.body()).decode("utf-8", errors="replace")
        return parse_qsl(body, keep_blank_values=True)

    def client_of_cik(self, request: Request) -> str:
        cik = request.headers.get("x-exosite-cik")
        rid = self.state.ciks.get(cik or "")
        if rid is None or self.state.nodes[rid].status not in ("activated", "locked"):
            raise Reply(403, "Forbidden")
        return rid

    def vendor(self, request: Request, *, cik_only: bool = False) -> Vendor:
        """The vendor the management credentials speak for."""
        state = self.state
        token = request.headers.get("x-exosite-token")
        if token and not cik_only:
            for vendor in state.vendors.values():
                if token == vendor.token or token in vendor.admin_tokens.values():
                    return vendor
            raise Reply(403, "Forbidden")
        rid = self.client_of_cik(request)
        for vendor in state.vendors.values():
            if vendor.client == rid:
                return vendor
        raise Reply(403, "Forbidden")

    def model_of(self, request: Request, *, shared_ok: bool = False) -> tuple[Vendor, ProvisionModel, bool]:
        """The model in the path; with ``X-Exosite-Vendor``, a model another vendor shared."""
        vendor = self.vendor(request)
        name = request.path_params["model"]
        owner_name = request.headers.get("x-exosite-vendor")
        if owner_name and owner_name != vendor.name:
            model = self.state.models.get((owner_name, name))
            if model is None:
                raise Reply(404, "Not Found")
            if not shared_ok or vendor.name not in model.shared_with:
                raise Reply(403, "Forbidden")
            return vendor, model, True
        model = self.state.models.get((vendor.name, name))
        if model is None:
            raise Reply(404, "Not Found")
        return vendor, model, False

    # -- device side ------------------------------------------------------------------------

    async def activate(self, request: Request) -> Response:
        fields = dict(await self.form(request))
        model = self.state.models.get((fields.get("vendor", ""), fields.get("model", "")))
        if model is None:
            raise Reply(404, "Not Found")
        sn = model.serial_numbers.get(fields.get("sn", ""))
        if sn is None:
            raise Reply(404, "Not Found")
        node = self.state.nodes.get(sn.rid) if sn.rid else None
        if not sn.enabled or node is None or node.status != "notactivated":
            raise Reply(409, "Conflict")
        node.status = "activated"
        sn.status = "activated"
        sn.log.append((self.state.now(), request.client.host if request.client else "", "activated"))
        self.state.side_effects.record("provision.activate")
        assert node.cik is not None
        return PlainTextResponse(node.cik)

    async def download(self, request: Request) -> Response:
        rid = self.client_of_cik(request)
        query = request.query_params
        model = self.state.models.get((query.get("vendor", ""), query.get("model", "")))
        if model is None:
            raise Reply(404, "Not Found")
        device_sn = next((sn for sn in model.serial_numbers.values() if sn.rid == rid), None)
        if device_sn is None:
            raise Reply(403, "Forbidden")
        content_id = query.get("id")
        if content_id is None:
            return _lines([c.id for c in model.content.values() if self.may_fetch(model, c, device_sn.sn)])
        content = model.content.get(content_id)
        if content is None or not self.may_fetch(model, content, device_sn.sn):
            raise Reply(404, "Not Found")
        if query.get("info") == "true":
            return _csv([[content.type, len(content.data), content.updated, content.meta]])
        return self.blob(request, content)

    def may_fetch(self, model: ProvisionModel, content: Content, sn: str) -> bool:
        if not content.protected:
            return True
        for group in model.groups.values():
            members = group["members"]
            if any(m["type"] == "sn" and m["memberid"] == sn for m in members) and any(
                m["type"] == "content" and m["memberid"] == content.id for m in members
            ):
                return True
        return False

    def blob(self, request: Request, content: Content) -> Response:
        data = content.data
        header = request.headers.get("range")
        if header and header.startswith("bytes="):
            first_text, _, last_text = header[6:].partition("-")
            try:
                if first_text == "":
                    first, last = max(0, len(data) - int(last_text)), len(data) - 1
                else:
                    first = int(first_text)
                    last = min(int(last_text), len(data) - 1) if last_text else len(data) - 1
            except ValueError:
                raise Reply(416, "Range Not Satisfiable") from None
            if first > last or first >= len(data):
                raise Reply(416, "Range Not Satisfiable")
            return Response(
                data[first : last + 1],
                status_code=206,
                media_type=content.type,
                headers={"Content-Range": f"bytes {first}-{last}/{len(data)}"},
            )
        return Response(data, status_code=200, media_type=content.type)

    # -- vendor and admin tokens ----------------------------------------------------------

    async def register(self, request: Request) -> Response:
        rid = self.client_of_cik(request)
        state = self.state
        mine = next((v for v in state.vendors.values() if v.client == rid), None)
        if request.method == "GET":
            if mine is None:
                raise Reply(404, "Not Found")
            return PlainTextResponse(mine.name)
        fields = dict(await self.form(request))
        name = fields.get("vendor", "")
        if fields.get("delete") == "true":
            if mine is None or mine.name != name:
                raise Reply(404, "Not Found")
            del state.vendors[name]
            return _done()
        if not name or name in state.vendors or mine is not None:
            raise Reply(409, "Conflict")
        state.vendors[name] = Vendor(name, rid, state.new_secret())
        state.side_effects.record("provision.register")
        return _done()

    async def admin(self, request: Request) -> Response:
        vendor = self.vendor(request, cik_only=True)
        token_id = request.path_params.get("id")
        if token_id is not None:
            if token_id not in vendor.admin_tokens:
                raise Reply(404, "Not Found")
            if request.method == "GET":
                return PlainTextResponse(vendor.admin_tokens[token_id])
            if request.method == "DELETE":
                del vendor.admin_tokens[token_id]
                return _done()
            raise Reply(405, "Method Not Allowed")
        if request.method == "GET":
            return _lines(list(vendor.admin_tokens))
        fields = dict(await self.form(request))
        name = fields.get("id", "")
        if fields.get("delete") == "true":
            if vendor.admin_tokens.pop(name, None) is None:
                raise Reply(404, "Not Found")
            return _done()
        if not name or name in vendor.admin_tokens:
            raise Reply(409, "Conflict")
        vendor.admin_tokens[name] = self.state.new_secret()
        return PlainTextResponse(vendor.admin_tokens[name])

    # -- models ---------------------------------------------------------------------------

    async def models(self, request: Request) -> Response:
        vendor = self.vendor(request)
        state = self.state
        if request.method == "GET":
            if request.query_params.get("show") == "shared":
                return _csv([[m.vendor, m.name] for m in state.models.values() if vendor.name in m.shared_with])
            return _lines([m.name for (owner, _), m in state.models.items() if owner == vendor.name])
        if request.method != "POST":
            raise Reply(405, "Method Not Allowed")
        pairs = await self.form(request)
        fields = dict(pairs)
        name = fields.get("model", "")
        if fields.get("delete") == "true":
            if state.models.pop((vendor.name, name), None) is None:
                raise Reply(404, "Not Found")
            return _done()
        if not name or (vendor.name, name) in state.models:
            raise Reply(409, "Conflict")
        model = ProvisionModel(vendor.name, name)
        self.set_source(vendor, model, pairs)
        state.models[(vendor.name, name)] = model
        state.side_effects.record("provision.model")
        return _done()

    def set_source(self, vendor: Vendor, model: ProvisionModel, pairs: list[tuple[str, str]]) -> None:
        fields = dict(pairs)
        state = self.state
        if "rid" in fields:
            rid = fields["rid"]
            node = state.nodes.get(rid)
            if node is None or node.type != "client" or not state.is_within(rid, vendor.client):
                raise Reply(400, "Bad Request")
            model.rid, model.code = rid, None
        elif "code" in fields:
            if fields["code"] not in state.shares:
                raise Reply(400, "Bad Request")
            model.code, model.rid = fields["code"], None
        else:
            raise Reply(400, "Bad Request")
        options = [value for key, value in pairs if key == "options[]"]
        if any(option not in ("noaliases", "nocomments", "nohistorical") for option in options):
            raise Reply(400, "Bad Request")
        model.options = options

    async def model(self, request: Request) -> Response:
        vendor, model, _ = self.model_of(request)
        if request.method == "GET":
            pairs = [("rid", model.rid)] if model.rid else [("code", model.code or "")]
            pairs += [("options[]", option) for option in model.options]
            from urllib.parse import urlencode

            return Response(urlencode(pairs), media_type="application/x-www-form-urlencoded")
        if request.method == "PUT":
            self.set_source(vendor, model, await self.form(request))
            return _done()
        if request.method == "DELETE":
            del self.state.models[(vendor.name, model.name)]
            self.state.side_effects.record("provision.model.delete")
            return _done()
        raise Reply(405, "Method Not Allowed")

    # -- serial numbers -------------------------------------------------------------------

    def add_sn(self, model: ProvisionModel, sn: str, extra: str = "") -> None:
        if not sn or sn in model.serial_numbers:
            raise Reply(409, "Conflict")
        model.serial_numbers[sn] = SerialNumber(sn, extra)

    def range_values(self, spec: dict[str, Any]) -> list[str]:
        try:
            first, last = int(spec["first"]), int(spec["last"])
        except (KeyError, TypeError, ValueError):
            raise Reply(400, "Bad Request") from None
        if last < first or last - first > 100_000:
            raise Reply(400, "Bad Request")
        kind = spec.get("format", "base10")
        # The docs name the formats but not how MAC-48 numbers are spelled; all three forms give
        # 12 hex digits here.
        if kind not in ("base10", "base16", "mac:48", "mac-48", "mac.48"):
            raise Reply(400, "Bad Request")
        upper = spec.get("casing") == "upper"
        width = 12 if kind.startswith("mac") else int(spec.get("length") or 0)
        values: list[str] = []
        for number in range(first, last + 1):
            text = str(number) if kind == "base10" else f"{number:x}"
            values.append((text.upper() if upper else text).zfill(width))
        return values

    async def serial_numbers(self, request: Request) -> Response:
        vendor, model, _ = self.model_of(request)
        del vendor
        query = request.query_params
        content_type = request.headers.get("content-type", "").split(";")[0].strip()
        if request.method == "GET":
            if query.get("show") == "ranges":
                return Response(json.dumps({"ranges": model.ranges}), media_type="application/json")
            offset = int(query.get("offset", "0"))
            limit = int(query.get("limit", "1000"))
            if not 5 <= limit <= 1000 or offset < 0:
                raise Reply(400, "Bad Request")
            rows: list[list[Any]] = []
            for sn in list(model.serial_numbers.values())[offset : offset + limit]:
                if query.get("status") == "true":
                    rows.append([sn.sn, sn.status, sn.rid, sn.extra])
                else:
                    rows.append([sn.sn, sn.rid, sn.extra])
            return _csv(rows)
        body = await request.body()
        if content_type in ("application/javascript", "application/json"):
            try:
                ranges = json.loads(body)["ranges"]
            except (ValueError, KeyError, TypeError):
                raise Reply(400, "Bad Request") from None
            values = [value for spec in ranges for value in self.range_values(spec)]
            if request.method == "DELETE":
                for value in values:
                    model.serial_numbers.pop(value, None)
                model.ranges = [r for r in model.ranges if r not in ranges]
                return _done()
            if any(value in model.serial_numbers for value in values):
                raise Reply(409, "Conflict")
            for value in values:
                self.add_sn(model, value)
            model.ranges.extend(ranges)
            self.state.side_effects.record("provision.sn.add")
            return _done()
        if content_type == "text/csv":
            rows = [row for row in csv.reader(io.StringIO(body.decode("utf-8"))) if row]
            if request.method == "DELETE":
                for row in rows:
                    model.serial_numbers.pop(row[0], None)
                return _done()
            if any(row[0] in model.serial_numbers for row in rows):
                raise Reply(409, "Conflict")
            for row in rows:
                self.add_sn(model, row[0], row[1] if len(row) > 1 else "")
            self.state.side_effects.record("provision.sn.add")
            return _done()
        if request.method != "POST":
            raise Reply(405, "Method Not Allowed")
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        fields = dict(pairs)
        many = [value for key, value in pairs if key == "sn[]"]
        # The docs say delete=true; pyonep's serialnumber_remove_batch and Exosite's own tools send
        # remove=true, which the service takes the same way.
        if fields.get("delete") == "true" or fields.get("remove") == "true":
            for value in many or [fields.get("sn", "")]:
                if model.serial_numbers.pop(value, None) is None:
                    raise Reply(404, "Not Found")
            return _done()
        if many:
            if any(value in model.serial_numbers for value in many):
                raise Reply(409, "Conflict")
            for value in many:
                self.add_sn(model, value)
        else:
            self.add_sn(model, fields.get("sn", ""), fields.get("extra", ""))
        self.state.side_effects.record("provision.sn.add")
        return _done()

    async def serial_number(self, request: Request) -> Response:
        vendor, model, shared = self.model_of(request, shared_ok=True)
        state = self.state
        sn = model.serial_numbers.get(request.path_params["sn"])
        if sn is None:
            raise Reply(404, "Not Found")
        if request.method == "GET":
            if shared:
                raise Reply(403, "Forbidden")
            show = request.query_params.get("show")
            if show == "log":
                return _csv([[ts, info, entry] for ts, info, entry in sn.log])
            if show == "groups":
                return _lines(
                    [gid for gid, g in model.groups.items() if any(m["memberid"] == sn.sn for m in g["members"])]
                )
            if not sn.rid:
                return Response(status_code=204)
            node = state.nodes.get(sn.rid)
            if node is None:
                raise Reply(409, "Conflict")
            return _csv([[sn.status, sn.rid, sn.extra]])
        if request.method == "DELETE":
            if shared:
                raise Reply(403, "Forbidden")
            del model.serial_numbers[sn.sn]
            state.side_effects.record("provision.sn.delete")
            return _done()
        fields = dict(await self.form(request))
        now = state.now()
        if fields.get("disable") == "true":
            node = state.nodes.get(sn.rid) if sn.rid else None
            if node is None:
                raise Reply(409, "Conflict")
            node.status = "expired"
            sn.status, sn.enabled = "expired", False
            sn.log.append((now, vendor.name, "disabled"))
            state.side_effects.record("provision.sn.disable")
            return _done()
        if fields.get("enable") != "true":
            raise Reply(400, "Bad Request")
        if "owner" in fields:
            return self.enable(vendor, model, sn, fields["owner"])
        if "oldsn" in fields:
            if shared:
                raise Reply(403, "Forbidden")
            old = model.serial_numbers.get(fields["oldsn"])
            if old is None or not old.rid:
                raise Reply(409, "Conflict")
            sn.rid, sn.status, sn.enabled = old.rid, old.status, old.enabled
            old.rid, old.status, old.enabled = "", "", False
            sn.log.append((now, vendor.name, f"remapped from {old.sn}"))
            return _done()
        node = state.nodes.get(sn.rid) if sn.rid else None
        if node is None:
            raise Reply(409, "Conflict")
        if node.cik:
            state.ciks.pop(node.cik, None)
        node.cik = state.new_secret()
        state.ciks[node.cik] = node.rid
        node.status = "notactivated"
        sn.status, sn.enabled = "notactivated", True
        sn.log.append((now, vendor.name, "reenabled"))
        state.side_effects.record("provision.sn.reenable")
        return _done()

    def enable(self, vendor: Vendor, model: ProvisionModel, sn: SerialNumber, owner: str) -> Response:
        state = self.state
        if sn.rid and sn.rid in state.nodes:
            raise Reply(409, "Conflict")
        owner_node = state.nodes.get(owner)
        if owner_node is None or owner_node.type != "client":
            raise Reply(400, "Bad Request")
        source = model.rid or (state.shares[model.code].rid if model.code in state.shares else None)
        if source is None or source not in state.nodes:
            raise Reply(409, "Conflict")
        clone = state.clone(
            source,
            owner,
            aliases="noaliases" not in model.options,
            historical="nohistorical" not in model.options,
        )
        clone.description["meta"] = json.dumps({"device": {"vendor": model.vendor, "model": model.name, "sn": sn.sn}})
        clone.status = "notactivated"
        sn.rid, sn.status, sn.enabled = clone.rid, "notactivated", True
        sn.log.append((state.now(), vendor.name, "enabled"))
        state.side_effects.record("provision.sn.enable")
        return PlainTextResponse(clone.rid)

    # -- content --------------------------------------------------------------------------

    async def contents(self, request: Request) -> Response:
        _, model, _ = self.model_of(request)
        if request.method == "GET":
            sn = request.query_params.get("sn")
            ids = [c.id for c in model.content.values() if sn is None or self.may_fetch(model, c, sn)]
            return _lines(ids)
        if request.method != "POST":
            raise Reply(405, "Method Not Allowed")
        fields = dict(await self.form(request))
        content_id = fields.get("id", "")
        if fields.get("delete") == "true":
            if model.content.pop(content_id, None) is None:
                raise Reply(404, "Not Found")
            return _done()
        if not content_id or content_id in model.content:
            raise Reply(409, "Conflict")
        model.content[content_id] = Content(
            content_id, fields.get("meta", ""), fields.get("protected") == "true", updated=self.state.now()
        )
        self.state.side_effects.record("provision.content.create")
        return _done()

    async def content(self, request: Request) -> Response:
        _, model, _ = self.model_of(request)
        content = model.content.get(request.path_params["id"])
        if content is None:
            raise Reply(404, "Not Found")
        if request.method == "GET":
            query = request.query_params
            if query.get("download") == "true":
                return self.blob(request, content)
            if query.get("show") == "groups":
                return _lines(
                    [
                        g
                        for g, group in model.groups.items()
                        if any(m["memberid"] == content.id for m in group["members"])
                    ]
                )
            return _csv(
                [[content.type, len(content.data), content.updated, content.meta, str(content.protected).lower()]]
            )
        if request.method == "POST":
            content.data = await request.body()
            content.type = request.headers.get("content-type", "application/octet-stream")
            content.updated = self.state.now()
            self.state.side_effects.record("provision.content.upload")
            return _done()
        if request.method == "DELETE":
            del model.content[content.id]
            return _done()
        raise Reply(405, "Method Not Allowed")

    # -- groups and shares ----------------------------------------------------------------

    async def groups(self, request: Request) -> Response:
        _, model, _ = self.model_of(request)
        if request.method == "GET":
            return _csv([[gid, g["meta"]] for gid, g in model.groups.items()])
        if request.method != "POST":
            raise Reply(405, "Method Not Allowed")
        fields = dict(await self.form(request))
        gid = fields.get("id", "")
        if fields.get("delete") == "true":
            if model.groups.pop(gid, None) is None:
                raise Reply(404, "Not Found")
            return _done()
        if not gid or gid in model.groups:
            raise Reply(409, "Conflict")
        model.groups[gid] = {"meta": fields.get("meta", ""), "members": []}
        return _done()

    async def group(self, request: Request) -> Response:
        _, model, _ = self.model_of(request)
        group = model.groups.get(request.path_params["id"])
        if group is None:
            raise Reply(404, "Not Found")
        members: list[dict[str, str]] = group["members"]
        if request.method == "GET":
            return _csv([[m["type"], m["memberid"], m["expire"], m["meta"]] for m in members])
        if request.method == "DELETE":
            del model.groups[request.path_params["id"]]
            return _done()
        fields = dict(await self.form(request))
        kind, member = fields.get("type", ""), fields.get("memberid", "")
        if kind not in ("sn", "content", "group") or not member:
            raise Reply(400, "Bad Request")
        existing = [m for m in members if m["type"] == kind and m["memberid"] == member]
        if fields.get("delete") == "true":
            if not existing:
                raise Reply(404, "Not Found")
            members.remove(existing[0])
            return _done()
        if existing:
            raise Reply(409, "Conflict")
        members.append(
            {"type": kind, "memberid": member, "expire": fields.get("expire", ""), "meta": fields.get("meta", "")}
        )
        return _done()

    async def shares(self, request: Request) -> Response:
        _, model, _ = self.model_of(request)
        if request.method == "GET":
            return _lines(sorted(model.shared_with))
        if request.method != "POST":
            raise Reply(405, "Method Not Allowed")
        fields = dict(await self.form(request))
        name = fields.get("vendor", "")
        if fields.get("delete") == "true":
            if name not in model.shared_with:
                raise Reply(404, "Not Found")
            model.shared_with.discard(name)
            return _done()
        if name not in self.state.vendors or name == model.vendor:
            raise Reply(400, "Bad Request")
        if name in model.shared_with:
            raise Reply(409, "Conflict")
        model.shared_with.add(name)
        return _done()

    async def share(self, request: Request) -> Response:
        _, model, _ = self.model_of(request)
        name = request.path_params["vendor"]
        if name not in model.shared_with:
            raise Reply(404, "Not Found")
        if request.method == "GET":
            return Response(status_code=204)
        if request.method == "DELETE":
            model.shared_with.discard(name)
            return _done()
        raise Reply(405, "Method Not Allowed")
