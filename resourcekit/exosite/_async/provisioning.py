"""The Provisioning (device management) API: vendors, models, serial numbers, content, groups,
shares, admin tokens, and the device side (activation, content download)."""

from __future__ import annotations

import json
import random
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import httpx
from pydantic import Field
from typing_extensions import Self

from resourcekit.core._async.client import AsyncBaseClient
from resourcekit.core._async.pages import AsyncPage, PageResult
from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core.config import ConfigResolver
from resourcekit.core.errors import ConfigurationError, InvalidInputError
from resourcekit.core.options import DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_RESPONSE_BYTES, HTTPBackend
from resourcekit.core.records import Record
from resourcekit.core.redact import MASK
from resourcekit.core.request import RequestSpec
from resourcekit.core.response import APIResponse
from resourcekit.core.validate import one_of, raw_path
from resourcekit.exosite import wire
from resourcekit.exosite._async.connection import build_transport
from resourcekit.exosite.errors import ExositeHTTPError, ExositeNotFoundError
from resourcekit.exosite.models import (
    ActivationLogEntry,
    DeviceContentInfo,
    Group,
    GroupMember,
    SerialNumberRange,
)
from resourcekit.exosite.wire import Rid, check_name, provision_path

ByteRange = tuple[int, int | None]
"""A byte range to download: ``(first, last)`` inclusive, ``last=None`` for the rest."""


@dataclass(frozen=True)
class ProvisionResponse:
    """A provisioning reply as it came: status, reason, body (what pyonep's ProvisionResponse held).

    Attributes:
        status: The HTTP status (``status()`` in pyonep).
        reason: The reason phrase (``reason()`` in pyonep).
        body: The body as text.
        content: The body as bytes.
        headers: The reply headers.
    """

    status: int
    reason: str
    body: str
    content: bytes
    headers: httpx.Headers

    @property
    def isok(self) -> bool:
        """Whether the status is below 400."""
        return self.status < 400


def _range_header(byte_range: ByteRange | None) -> dict[str, str]:
    if byte_range is None:
        return {}
    first, last = byte_range
    if first < 0 or (last is not None and last < first):
        raise InvalidInputError("a byte range is (first, last) with 0 <= first <= last")
    return {"Range": f"bytes={first}-{'' if last is None else last}"}


class AsyncProvisioning(AsyncBaseClient):
    """The provisioning API, managed as a vendor.

    Args:
        token: The vendor token (``X-Exosite-Token``; else ``EXOSITE_VENDOR_TOKEN``).
        cik: The vendor CIK (``X-Exosite-CIK``; else ``EXOSITE_VENDOR_CIK``, else ``EXOSITE_CIK``).
            Registering a vendor and admin tokens need it; management uses the token when both
            are set.
        owner_vendor: Act on a model another vendor shared (``X-Exosite-Vendor``): only enable,
            re-enable and disable are allowed then.
        url: The platform (else ``EXOSITE_URL``, else ``https://m2.exosite.com``).
        timeout: Seconds, or an `httpx.Timeout`.
        max_retries: Retries of failed requests (writes are not retried after a server error).
        headers: Extra headers for every request.
        proxy: A proxy URL.
        verify: TLS verification: ``True``, ``False`` or a CA bundle path.
        uds: A Unix domain socket to connect through.
        http2: Negotiate HTTP/2 (needs the ``http2`` extra).
        user_agent_extra: Appended to the ``User-Agent`` header.
        allow_http: Allow a plain ``http://`` URL to a host that is not loopback (credentials would
            cross the network unencrypted; loopback, Unix sockets and in-process transports need no
            opt-in).
        max_response_bytes: Refuse a reply longer than this (`ResponseTooLargeError`), 64 MiB by
            default.
        max_line_bytes: The longest line a streamed reply may send, 1 MiB by default.
        http_backend: What requests travel through: ``"aiohttp"`` (the default for event-loop clients
            when it is installed) or ``"httpcore"`` (HTTP/2, SOCKS proxies, and every blocking client);
            ``"auto"`` picks.
        deadline: Seconds a whole call may take, retries and their waits included (``None``: each
            attempt is bounded by ``timeout`` only).
        http_transport: An httpx transport to use instead of the network.
        sleep: Awaited between retries.
        rng: The source of retry jitter.
    """

    def __init__(
        self,
        token: str | None = None,
        cik: str | None = None,
        *,
        owner_vendor: str | None = None,
        url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        headers: Mapping[str, str] | None = None,
        proxy: str | None = None,
        verify: bool | str = True,
        uds: str | None = None,
        http2: bool = False,
        user_agent_extra: str | None = None,
        allow_http: bool = False,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
        http_backend: HTTPBackend = "auto",
        deadline: float | None = None,
        http_transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        rng: random.Random | None = None,
        _transport: AsyncTransport | None = None,
    ) -> None:
        config = ConfigResolver("exosite provisioning")
        if token is None and cik is None:
            token = config.value("token", None, env=["EXOSITE_VENDOR_TOKEN"])
            cik = config.value("cik", None, env=["EXOSITE_VENDOR_CIK", "EXOSITE_CIK"])
        self._token = token
        self._cik = cik
        self._owner_vendor = owner_vendor
        self._transport = _transport or build_transport(
            config,
            url,
            timeout=timeout,
            max_retries=max_retries,
            headers=headers,
            proxy=proxy,
            verify=verify,
            uds=uds,
            http2=http2,
            user_agent_extra=user_agent_extra,
            allow_http=allow_http,
            max_response_bytes=max_response_bytes,
            max_line_bytes=max_line_bytes,
            http_backend=http_backend,
            deadline=deadline,
            http_transport=http_transport,
            sleep=sleep,
            rng=rng,
        )
        self.models = AsyncModels(self)
        self.admin_tokens = AsyncAdminTokens(self)

    def with_options(
        self,
        *,
        owner_vendor: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> Self:
        """A copy sharing the connection pool (``owner_vendor=`` acts on another vendor's model)."""
        changes: dict[str, Any] = {}
        if timeout is not None:
            changes["timeout"] = timeout
        if max_retries is not None:
            changes["max_retries"] = max_retries
        transport = self._transport.with_options(**changes) if changes else self._transport
        return type(self)(self._token, self._cik, owner_vendor=owner_vendor or self._owner_vendor, _transport=transport)

    def __repr__(self) -> str:
        auth = "token" if self._token else ("cik" if self._cik else "none")
        return f"{type(self).__name__}(url={self._transport.options.base_url!r}, {auth}={MASK!r})"

    # -- sending ----------------------------------------------------------------------------

    def _auth_headers(self, *, cik_only: bool = False) -> dict[str, str]:
        if self._token is not None and not cik_only:
            headers = {"X-Exosite-Token": self._token}
        elif self._cik is not None:
            headers = {"X-Exosite-CIK": self._cik}
        else:
            needed = "a vendor CIK (cik= or EXOSITE_VENDOR_CIK)" if cik_only else "a vendor token or CIK"
            raise ConfigurationError(f"exosite provisioning: this call needs {needed}")
        if self._owner_vendor:
            headers["X-Exosite-Vendor"] = self._owner_vendor
        return headers

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Sequence[tuple[str, str]] | None = None,
        form: Sequence[tuple[str, str]] | None = None,
        content: bytes | None = None,
        content_type: str | None = None,
        headers: Mapping[str, str] | None = None,
        auth: Literal["manage", "cik", "none"] = "manage",
        idempotent: bool | None = None,
    ) -> APIResponse:
        all_headers: dict[str, str] = {}
        if auth != "none":
            all_headers.update(self._auth_headers(cik_only=auth == "cik"))
        all_headers.update(headers or {})
        if form is not None:
            content = wire.form_bytes(form)
            content_type = content_type or "application/x-www-form-urlencoded; charset=utf-8"
        if content_type is not None:
            all_headers["Content-Type"] = content_type
        spec = RequestSpec(
            method,
            path,
            params=list(params) if params is not None else None,
            content=content,
            headers=all_headers,
            idempotent=idempotent,
            authenticate=auth != "none",
            context={"api": "provision"},
        )
        return await self._transport.request(spec)

    async def raw(
        self,
        method: str,
        path: str,
        *,
        params: Sequence[tuple[str, str]] | None = None,
        form: Sequence[tuple[str, str]] | None = None,
        content: bytes | None = None,
        content_type: str | None = None,
        headers: Mapping[str, str] | None = None,
        authenticate: bool = True,
    ) -> ProvisionResponse:
        """Raw access: any provisioning request; errors come back as responses (not raised).

        ``path`` is relative to the platform, e.g. ``/provision/manage/model/``.

        Raises:
            InvalidInputError: A path with control characters, spaces, ``.`` or ``..`` segments
                (nothing is sent).
        """
        raw_path(path, "path")
        try:
            response = await self._send(
                method.upper(),
                path,
                params=params,
                form=form,
                content=content,
                content_type=content_type,
                headers=headers,
                auth="manage" if authenticate else "none",
                idempotent=False if method.upper() == "POST" else None,
            )
        except ExositeHTTPError as error:
            return ProvisionResponse(error.status or 0, error.reason, error.body, error.body.encode(), httpx.Headers())
        return ProvisionResponse(
            response.status_code,
            httpx.codes.get_reason_phrase(response.status_code),
            response.text,
            response.content,
            response.headers,
        )

    # -- vendor -----------------------------------------------------------------------------

    async def register(self, vendor: str) -> None:
        """Register this CIK's client as ``vendor``."""
        await self._send("POST", "/provision/register", form=[("vendor", check_name("vendor", vendor))], auth="cik")

    async def vendor(self) -> str | None:
        """The vendor name this CIK registered, or ``None``."""
        try:
            response = await self._send("GET", "/provision/register", auth="cik")
        except ExositeNotFoundError:
            return None
        return response.text.strip() or None

    async def unregister(self, vendor: str) -> None:
        """Remove this CIK's vendor registration."""
        form = [("delete", "true"), ("vendor", check_name("vendor", vendor))]
        await self._send("POST", "/provision/register", form=form, auth="cik")

    # -- device side ------------------------------------------------------------------------

    async def activate(self, vendor: str, model: str, sn: str) -> str:
        """Activate a device (no credentials): returns its new CIK.

        Raises:
            ExositeConflictError: The serial number is not enabled, expired or already activated.
            ExositeNotFoundError: No such vendor, model or serial number.
        """
        form = [
            ("vendor", check_name("vendor", vendor)),
            ("model", check_name("model", model)),
            ("sn", check_name("serial number", sn)),
        ]
        response = await self._send("POST", "/provision/activate", form=form, auth="none", idempotent=False)
        return response.text.strip()

    def device(self, cik: str) -> AsyncDevice:
        """The device side of provisioning, speaking with a device's CIK."""
        return AsyncDevice(self, cik)

    # -- lifetime ---------------------------------------------------------------------------


class AsyncDevice:
    """What a device does with its CIK: list, inspect and download its model's content."""

    def __init__(self, provisioning: AsyncProvisioning, cik: str) -> None:
        self._provisioning = provisioning
        self._cik = cik

    def __repr__(self) -> str:
        return f"{type(self).__name__}(cik={MASK!r})"

    async def _get(self, params: list[tuple[str, str]], headers: Mapping[str, str] | None = None) -> APIResponse:
        return await self._provisioning._send(
            "GET",
            "/provision/download",
            params=params,
            headers={"X-Exosite-CIK": self._cik, **(headers or {})},
            auth="none",
        )

    async def content_ids(self, vendor: str, model: str) -> list[str]:
        """The content this device may download."""
        response = await self._get([("vendor", vendor), ("model", model)])
        return wire.parse_lines(response.text)

    async def content_info(self, vendor: str, model: str, content_id: str) -> DeviceContentInfo:
        """Type, size, update time and meta of one content blob."""
        response = await self._get([("vendor", vendor), ("model", model), ("id", content_id), ("info", "true")])
        rows = wire.parse_csv(response.text)
        if not rows or len(rows[0]) < 3:
            raise ExositeNotFoundError(f"no info for content {content_id!r}", status=404, body=response.text)
        row = rows[0]
        return DeviceContentInfo(
            type=row[0],
            size=wire.csv_int(row, 1, "content size"),
            updated=wire.csv_int(row, 2, "content update time"),
            meta=",".join(row[3:]),
        )

    async def download(self, vendor: str, model: str, content_id: str, *, byte_range: ByteRange | None = None) -> bytes:
        """The content blob (or the part in ``byte_range``)."""
        response = await self._get(
            [("vendor", vendor), ("model", model), ("id", content_id)], headers=_range_header(byte_range)
        )
        return response.content


class AsyncModels:
    """The vendor's client models (``/provision/manage/model/``)."""

    def __init__(self, provisioning: AsyncProvisioning) -> None:
        self._provisioning = provisioning

    async def names(self) -> list[str]:
        """The names of the vendor's models."""
        response = await self._provisioning._send("GET", provision_path("manage", "model", trailing_slash=True))
        return wire.parse_lines(response.text)

    async def list(self) -> list[AsyncModel]:
        """Every model, loaded."""
        return [await self.get(name) for name in await self.names()]

    async def shared(self) -> list[tuple[str, str]]:
        """``(vendor, model)`` of the models other vendors shared with this one."""
        response = await self._provisioning._send(
            "GET", provision_path("manage", "model", trailing_slash=True), params=[("show", "shared")]
        )
        return [(row[0], row[1]) for row in wire.parse_csv(response.text) if len(row) >= 2]

    async def get(self, name: str) -> AsyncModel:
        """One model: the client (or share code) it clones and its options."""
        response = await self._provisioning._send("GET", provision_path("manage", "model", check_name("model", name)))
        return AsyncModel.from_form(name, wire.parse_form(response.text)).bind(self._provisioning)

    async def create(
        self,
        name: str,
        *,
        rid: str | None = None,
        code: str | None = None,
        aliases: bool = True,
        comments: bool = True,
        historical: bool = True,
    ) -> AsyncModel:
        """Create a model cloning the client ``rid`` (or the shared client behind ``code``).

        Raises:
            ExositeConflictError: A model of that name exists.
        """
        form = wire.model_form(
            check_name("model", name), rid=rid, code=code, aliases=aliases, comments=comments, historical=historical
        )
        await self._provisioning._send("POST", provision_path("manage", "model", trailing_slash=True), form=form)
        model = AsyncModel(name=name, rid=Rid(rid) if rid else None, code=code, options=[v for _, v in form[2:]])
        return model.bind(self._provisioning)

    async def delete(self, name: str) -> None:
        """Delete a model with its serial numbers and content."""
        await self._provisioning._send("DELETE", provision_path("manage", "model", check_name("model", name)))


class AsyncModel(Record):
    """A client model: devices enabled from it are clones of its client.

    Attributes:
        name: The model name.
        rid: The client it clones (writable), or ``None`` when it clones by share code.
        code: The share code it clones (writable).
        options: ``noaliases``, ``nocomments``, ``nohistorical`` (writable).
    """

    name: str
    rid: str | None = None
    code: str | None = None
    options: list[str] = Field(default_factory=list[str])

    @classmethod
    def from_form(cls, name: str, pairs: list[tuple[str, str]]) -> Self:
        fields = dict(pairs)
        return cls(
            name=name,
            rid=fields.get("rid") or None,
            code=fields.get("code") or None,
            options=[value for key, value in pairs if key == "options[]"],
        )

    @property
    def _provisioning(self) -> AsyncProvisioning:
        client: AsyncProvisioning = self._require_client()
        return client

    @property
    def serial_numbers(self) -> AsyncSerialNumbers:
        """The model's serial numbers."""
        return AsyncSerialNumbers(self._provisioning, self.name)

    @property
    def content(self) -> AsyncContents:
        """The model's content blobs."""
        return AsyncContents(self._provisioning, self.name)

    @property
    def groups(self) -> AsyncGroups:
        """The model's groups."""
        return AsyncGroups(self._provisioning, self.name)

    @property
    def shares(self) -> AsyncModelShares:
        """The vendors this model is shared with."""
        return AsyncModelShares(self._provisioning, self.name)

    async def refresh(self) -> Self:
        self._replace_with(await AsyncModels(self._provisioning).get(self.name))
        return self

    async def update(
        self,
        *,
        rid: str | None = None,
        code: str | None = None,
        aliases: bool = True,
        comments: bool = True,
        historical: bool = True,
    ) -> Self:
        """Clone another client (or share code) from now on, with these options (``PUT``)."""
        form = wire.model_form(None, rid=rid, code=code, aliases=aliases, comments=comments, historical=historical)
        await self._provisioning._send("PUT", provision_path("manage", "model", self.name), form=form)
        return await self.refresh()

    async def delete(self) -> None:
        """Delete the model with its serial numbers and content."""
        await AsyncModels(self._provisioning).delete(self.name)


class AsyncSerialNumbers:
    """The serial numbers of one model (``/provision/manage/model/<model>/``)."""

    def __init__(self, provisioning: AsyncProvisioning, model: str) -> None:
        self._provisioning = provisioning
        self.model = model

    @property
    def _path(self) -> str:
        return provision_path("manage", "model", self.model, trailing_slash=True)

    def list(self, *, page_size: int = 1000) -> AsyncPage[AsyncSerialNumber]:
        """Every serial number with its status, fetched ``page_size`` (5 to 1000) at a time."""
        if not 5 <= page_size <= 1000:
            raise InvalidInputError("page_size is between 5 and 1000")

        async def fetch(cursor: Any) -> PageResult[AsyncSerialNumber]:
            offset = int(cursor or 0)
            params = [("offset", str(offset)), ("limit", str(page_size)), ("status", "true")]
            response = await self._provisioning._send("GET", self._path, params=params)
            rows = wire.parse_csv(response.text)
            items = [
                AsyncSerialNumber(
                    model=self.model,
                    sn=row[0],
                    status=wire.csv_field(row, 1) or None,
                    rid=wire.csv_field(row, 2) or None,
                    extra=",".join(row[3:]),
                ).bind(self._provisioning)
                for row in rows
            ]
            return PageResult(items, offset + page_size if len(rows) == page_size else None)

        return AsyncPage(fetch)

    async def add(self, sn: str, *, extra: str | None = None) -> AsyncSerialNumber:
        """Add one serial number (with optional ``extra`` data)."""
        form = [("sn", check_name("serial number", sn))]
        if extra is not None:
            form.append(("extra", extra))
        await self._provisioning._send("POST", self._path, form=form)
        return AsyncSerialNumber(model=self.model, sn=sn, extra=extra or "").bind(self._provisioning)

    async def add_many(self, sns: Iterable[str]) -> None:
        """Add several serial numbers (``sn[]=``)."""
        form = [("sn[]", check_name("serial number", sn)) for sn in sns]
        if not form:
            raise InvalidInputError("add at least one serial number")
        await self._provisioning._send("POST", self._path, form=form)

    async def add_csv(self, rows: Iterable[tuple[str, str] | str]) -> None:
        """Add serial numbers as a CSV upload of ``sn,extra`` lines."""
        lines = [(row,) if isinstance(row, str) else row for row in rows]
        if not lines:
            raise InvalidInputError("add at least one serial number")
        for line in lines:
            check_name("serial number", line[0])
        body = wire.utf8(wire.encode_csv(lines), "a CSV body")
        await self._provisioning._send("POST", self._path, content=body, content_type="text/csv; charset=utf-8")

    async def add_ranges(self, ranges: Sequence[SerialNumberRange]) -> None:
        """Add every serial number of some ranges."""
        body = json.dumps({"ranges": [r.to_wire() for r in ranges]}).encode()
        await self._provisioning._send("POST", self._path, content=body, content_type="application/javascript")

    async def ranges(self) -> list[SerialNumberRange]:
        """The ranges added to this model."""
        response = await self._provisioning._send("GET", self._path, params=[("show", "ranges")])
        return wire.parse_ranges(response.text)

    async def delete_ranges(self, ranges: Sequence[SerialNumberRange]) -> None:
        """Remove every serial number of some ranges."""
        body = json.dumps({"ranges": [r.to_wire() for r in ranges]}).encode()
        await self._provisioning._send("DELETE", self._path, content=body, content_type="application/javascript")

    async def get(self, sn: str) -> AsyncSerialNumber:
        """One serial number; an unused one (204) has no status and no RID."""
        path = provision_path("manage", "model", self.model, check_name("serial number", sn))
        response = await self._provisioning._send("GET", path)
        rows = wire.parse_csv(response.text)
        record = AsyncSerialNumber(model=self.model, sn=sn)
        if rows:
            row = rows[0]
            record = AsyncSerialNumber(
                model=self.model,
                sn=sn,
                status=row[0] or None,
                rid=wire.csv_field(row, 1) or None,
                extra=",".join(row[2:]),
            )
        return record.bind(self._provisioning)

    async def delete(self, sn: str) -> None:
        """Remove one serial number."""
        path = provision_path("manage", "model", self.model, check_name("serial number", sn))
        await self._provisioning._send("DELETE", path)

    async def delete_many(self, sns: Iterable[str]) -> None:
        """Remove several serial numbers (``delete=true&sn[]=``)."""
        form = [("delete", "true"), *[("sn[]", check_name("serial number", sn)) for sn in sns]]
        if len(form) == 1:
            raise InvalidInputError("remove at least one serial number")
        await self._provisioning._send("POST", self._path, form=form)

    async def delete_csv(self, sns: Iterable[str]) -> None:
        """Remove serial numbers listed in a CSV body (``DELETE`` with ``text/csv``)."""
        lines = [(check_name("serial number", sn),) for sn in sns]
        if not lines:
            raise InvalidInputError("remove at least one serial number")
        body = wire.utf8(wire.encode_csv(lines), "a CSV body")
        await self._provisioning._send("DELETE", self._path, content=body, content_type="text/csv; charset=utf-8")


class AsyncSerialNumber(Record):
    """A serial number of a model, and its lifecycle: enable -> activate -> re-enable / disable.

    Attributes:
        model: The model's name.
        sn: The serial number.
        status: ``None`` (unused), ``notactivated``, ``activated`` or ``expired``.
        rid: The device client's RID once enabled.
        extra: Free data stored with it.
    """

    model: str
    sn: str
    status: str | None = None
    rid: str | None = None
    extra: str = ""

    @property
    def _provisioning(self) -> AsyncProvisioning:
        client: AsyncProvisioning = self._require_client()
        return client

    @property
    def _path(self) -> str:
        return provision_path("manage", "model", self.model, self.sn)

    async def refresh(self) -> Self:
        self._replace_with(await AsyncSerialNumbers(self._provisioning, self.model).get(self.sn))
        return self

    async def activation_log(self) -> list[ActivationLogEntry]:
        """The activation log: time, connection info and entry of each event."""
        response = await self._provisioning._send("GET", self._path, params=[("show", "log")])
        return [
            ActivationLogEntry(
                timestamp=wire.csv_int(row, 0, "activation log time"),
                connection=wire.csv_field(row, 1),
                entry=",".join(row[2:]),
            )
            for row in wire.parse_csv(response.text)
        ]

    async def groups(self) -> list[str]:
        """The ids of the groups this serial number belongs to."""
        response = await self._provisioning._send("GET", self._path, params=[("show", "groups")])
        return wire.parse_lines(response.text)

    async def enable(self, owner: str) -> Rid:
        """Create the device client (a clone of the model) under ``owner``; returns its RID."""
        form = [("enable", "true"), ("owner", str(Rid(owner, "owner")))]
        response = await self._provisioning._send("POST", self._path, form=form, idempotent=False)
        rid = wire.rid_in_reply(response.text.strip(), "enable")
        object.__setattr__(self, "rid", str(rid))
        object.__setattr__(self, "status", "notactivated")
        return rid

    async def remap(self, old_sn: str) -> None:
        """Give this serial number the device client of ``old_sn``."""
        form = [("enable", "true"), ("oldsn", check_name("serial number", old_sn))]
        await self._provisioning._send("POST", self._path, form=form, idempotent=False)
        await self.refresh()

    async def reenable(self) -> None:
        """Issue a new CIK (the old one stops working); the device must activate again."""
        await self._provisioning._send("POST", self._path, form=[("enable", "true")], idempotent=False)
        object.__setattr__(self, "status", "notactivated")

    async def disable(self) -> None:
        """Expire the device client: its CIK stops working."""
        await self._provisioning._send("POST", self._path, form=[("disable", "true")], idempotent=False)
        object.__setattr__(self, "status", "expired")

    async def delete(self) -> None:
        """Remove this serial number from the model."""
        await self._provisioning._send("DELETE", self._path)


class AsyncContents:
    """The content blobs of one model (``/provision/manage/content/<model>/``)."""

    def __init__(self, provisioning: AsyncProvisioning, model: str) -> None:
        self._provisioning = provisioning
        self.model = model

    @property
    def _path(self) -> str:
        return provision_path("manage", "content", self.model, trailing_slash=True)

    async def ids(self, *, sn: str | None = None) -> list[str]:
        """The content ids (only those ``sn`` may download, when given)."""
        params = [("sn", sn)] if sn is not None else None
        response = await self._provisioning._send("GET", self._path, params=params)
        return wire.parse_lines(response.text)

    async def list(self) -> list[AsyncContent]:
        """Every content blob's info."""
        return [await self.get(content_id) for content_id in await self.ids()]

    async def create(self, content_id: str, *, meta: str = "", protected: bool = False) -> AsyncContent:
        """Declare a content blob (upload its bytes with `AsyncContent.upload`)."""
        form = [("id", check_name("content id", content_id)), ("meta", meta)]
        if protected:
            form.append(("protected", "true"))
        await self._provisioning._send("POST", self._path, form=form)
        return await self.get(content_id)

    async def get(self, content_id: str) -> AsyncContent:
        """One blob's info: type, size, updated, meta, protected."""
        path = provision_path("manage", "content", self.model, check_name("content id", content_id))
        response = await self._provisioning._send("GET", path)
        rows = wire.parse_csv(response.text)
        row = rows[0] if rows else []
        if len(row) < 5:
            raise ExositeNotFoundError(f"no info for content {content_id!r}", status=404, body=response.text)
        return AsyncContent(
            model=self.model,
            id=content_id,
            type=row[0],
            size=wire.csv_int(row, 1, "content size"),
            updated=wire.csv_int(row, 2, "content update time"),
            meta=",".join(row[3:-1]),
            protected=row[-1] == "true",
        ).bind(self._provisioning)

    async def delete(self, content_id: str) -> None:
        path = provision_path("manage", "content", self.model, check_name("content id", content_id))
        await self._provisioning._send("DELETE", path)


class AsyncContent(Record):
    """A content blob of a model (firmware, configuration...)."""

    model: str
    id: str
    type: str = ""
    size: int = 0
    updated: int = 0
    meta: str = ""
    protected: bool = False

    @property
    def _provisioning(self) -> AsyncProvisioning:
        client: AsyncProvisioning = self._require_client()
        return client

    @property
    def _path(self) -> str:
        return provision_path("manage", "content", self.model, self.id)

    async def refresh(self) -> Self:
        self._replace_with(await AsyncContents(self._provisioning, self.model).get(self.id))
        return self

    async def upload(self, data: bytes, content_type: str = "application/octet-stream") -> Self:
        """Store the blob's bytes with their MIME type."""
        await self._provisioning._send("POST", self._path, content=data, content_type=content_type, idempotent=True)
        return await self.refresh()

    async def download(self, *, byte_range: ByteRange | None = None) -> bytes:
        """The blob (or the part in ``byte_range``)."""
        response = await self._provisioning._send(
            "GET", self._path, params=[("download", "true")], headers=_range_header(byte_range)
        )
        return response.content

    async def groups(self) -> list[str]:
        """The ids of the groups this content belongs to."""
        response = await self._provisioning._send("GET", self._path, params=[("show", "groups")])
        return wire.parse_lines(response.text)

    async def delete(self) -> None:
        await self._provisioning._send("DELETE", self._path)


GroupMemberType = Literal["sn", "content", "group"]
GROUP_MEMBER_TYPES: tuple[str, ...] = get_args(GroupMemberType)


class AsyncGroups:
    """The groups of one model: named sets of serial numbers and content."""

    def __init__(self, provisioning: AsyncProvisioning, model: str) -> None:
        self._provisioning = provisioning
        self.model = model

    def _path(self, group_id: str | None = None) -> str:
        if group_id is None:
            return provision_path("manage", "group", self.model, trailing_slash=True)
        return provision_path("manage", "group", self.model, check_name("group id", group_id))

    async def list(self) -> list[Group]:
        response = await self._provisioning._send("GET", self._path())
        return [Group(id=row[0], meta=",".join(row[1:])) for row in wire.parse_csv(response.text)]

    async def create(self, group_id: str, *, meta: str = "") -> Group:
        await self._provisioning._send(
            "POST", self._path(), form=[("id", check_name("group id", group_id)), ("meta", meta)]
        )
        return Group(id=group_id, meta=meta)

    async def members(self, group_id: str) -> list[GroupMember]:
        response = await self._provisioning._send("GET", self._path(group_id))
        return [
            GroupMember(
                type=row[0],
                member_id=wire.csv_field(row, 1),
                expire=wire.csv_field(row, 2),
                meta=",".join(row[3:]),
            )
            for row in wire.parse_csv(response.text)
        ]

    async def add_member(
        self, group_id: str, member_type: GroupMemberType, member_id: str, *, expire: str = "", meta: str = ""
    ) -> None:
        form = [
            ("type", one_of(member_type, GROUP_MEMBER_TYPES, "member_type")),
            ("memberid", check_name("member id", member_id)),
            ("expire", expire),
            ("meta", meta),
        ]
        await self._provisioning._send("POST", self._path(group_id) + "/", form=form)

    async def remove_member(self, group_id: str, member_type: GroupMemberType, member_id: str) -> None:
        form = [
            ("delete", "true"),
            ("type", one_of(member_type, GROUP_MEMBER_TYPES, "member_type")),
            ("memberid", check_name("member id", member_id)),
        ]
        await self._provisioning._send("POST", self._path(group_id) + "/", form=form)

    async def delete(self, group_id: str) -> None:
        await self._provisioning._send("DELETE", self._path(group_id))


class AsyncModelShares:
    """The vendors a model is shared with (they may enable, re-enable and disable its devices)."""

    def __init__(self, provisioning: AsyncProvisioning, model: str) -> None:
        self._provisioning = provisioning
        self.model = model

    @property
    def _path(self) -> str:
        return provision_path("manage", "share", self.model, trailing_slash=True)

    async def list(self) -> list[str]:
        response = await self._provisioning._send("GET", self._path)
        return wire.parse_lines(response.text)

    async def add(self, vendor: str) -> None:
        await self._provisioning._send("POST", self._path, form=[("vendor", check_name("vendor", vendor))])

    async def is_shared(self, vendor: str) -> bool:
        try:
            await self._provisioning._send(
                "GET", provision_path("manage", "share", self.model, check_name("vendor", vendor))
            )
        except ExositeNotFoundError:
            return False
        return True

    async def remove(self, vendor: str) -> None:
        await self._provisioning._send(
            "DELETE", provision_path("manage", "share", self.model, check_name("vendor", vendor))
        )


class AsyncAdminTokens:
    """The vendor's admin auth tokens (managed with the vendor CIK)."""

    def __init__(self, provisioning: AsyncProvisioning) -> None:
        self._provisioning = provisioning

    def _path(self, token_id: str | None = None) -> str:
        if token_id is None:
            return "/provision/admin/auth/"
        return provision_path("admin", "auth", check_name("token id", token_id))

    async def list(self) -> list[str]:
        response = await self._provisioning._send("GET", self._path(), auth="cik")
        return wire.parse_lines(response.text)

    async def create(self, token_id: str) -> str:
        """Create a token; returns it (use it as ``Provisioning(token=...)``)."""
        response = await self._provisioning._send(
            "POST", self._path(), form=[("id", check_name("token id", token_id))], auth="cik", idempotent=False
        )
        return response.text.strip()

    async def get(self, token_id: str) -> str:
        response = await self._provisioning._send("GET", self._path(token_id), auth="cik")
        return response.text.strip()

    async def delete(self, token_id: str) -> None:
        await self._provisioning._send("DELETE", self._path(token_id), auth="cik")


__all__ = [
    "AsyncAdminTokens",
    "AsyncContent",
    "AsyncContents",
    "AsyncDevice",
    "AsyncGroups",
    "AsyncModel",
    "AsyncModelShares",
    "AsyncModels",
    "AsyncProvisioning",
    "AsyncSerialNumber",
    "AsyncSerialNumbers",
    "ByteRange",
    "ProvisionResponse",
]
