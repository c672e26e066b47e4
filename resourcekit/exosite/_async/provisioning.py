"""The Provisioning (device management) API: vendors, models, serial numbers, content, groups,
shares, admin tokens, and the device side (activation, content download)."""

from __future__ import annotations

import builtins
import json
import random
import ssl
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Literal, get_args

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
    GroupMemberType,
    SerialNumberRange,
)
from resourcekit.exosite.replies import ProvisionResponse
from resourcekit.exosite.wire import Rid, check_name, provision_path

ByteRange = tuple[int, int | None]
"""A byte range to download: ``(first, last)`` inclusive, ``last=None`` for the rest."""


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
        verify: TLS verification: ``True``, ``False``, a CA bundle path, or an `ssl.SSLContext` (for a
            client certificate, say).
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
        verify: bool | str | ssl.SSLContext = True,
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
        self.models: AsyncModels = AsyncModels(self)
        """The device models of this vendor (``/provision/manage/model/``)."""
        self.admin_tokens: AsyncAdminTokens = AsyncAdminTokens(self)
        """The vendor's admin tokens (``/provision/admin/auth/``)."""

    def with_options(
        self,
        *,
        owner_vendor: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> Self:
        """A copy sharing the connection pool, with other settings.

        Args:
            owner_vendor: Act on a model another vendor shared (``X-Exosite-Vendor``).
            timeout: Seconds, or an `httpx.Timeout`.
            max_retries: Retries of failed requests.
        """
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

    # The concrete class rather than the base's ``Self``, which Jedi resolves to the base class.
    async def __aenter__(self) -> AsyncProvisioning:
        """Enter ``async with``: the client itself (closed when the block ends)."""
        await super().__aenter__()
        return self

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
        """`<method> <path>`: any provisioning request; error replies come back as responses, not raised.

        Args:
            method: The HTTP method (``GET``, ``POST``, ``PUT``, ``DELETE``).
            path: Relative to the platform, e.g. ``/provision/manage/model/``.
            params: Query parameters.
            form: A form-encoded body.
            content: A raw body (with ``content_type``).
            content_type: The body's MIME type.
            headers: Extra headers.
            authenticate: Send the vendor token or CIK (``False`` for the device side).

        Returns:
            The status, reason, body and headers as they came.

        Raises:
            InvalidInputError: A path with control characters, spaces, ``.`` or ``..`` segments (nothing is sent).
            TransportError: The request could not be sent or no reply came.
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
        """`POST /provision/register`: register this CIK's client as ``vendor``.

        Args:
            vendor: The vendor name to register.

        Raises:
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        await self._send("POST", "/provision/register", form=[("vendor", check_name("vendor", vendor))], auth="cik")

    async def vendor(self) -> str | None:
        """`GET /provision/register`: the vendor name this CIK registered.

        Returns:
            The name, or ``None`` when the CIK registered none.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        try:
            response = await self._send("GET", "/provision/register", auth="cik")
        except ExositeNotFoundError:
            return None
        return response.text.strip() or None

    async def unregister(self, vendor: str) -> None:
        """`POST /provision/register`: remove this CIK's vendor registration (``delete=true``).

        Args:
            vendor: The registered vendor name.

        Raises:
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        form = [("delete", "true"), ("vendor", check_name("vendor", vendor))]
        await self._send("POST", "/provision/register", form=form, auth="cik")

    # -- device side ------------------------------------------------------------------------

    async def activate(self, vendor: str, model: str, sn: str) -> str:
        """`POST /provision/activate`: activate a device (sent without credentials).

        Args:
            vendor: The vendor name.
            model: The model name.
            sn: The device's serial number.

        Returns:
            The device's new CIK.

        Raises:
            ExositeConflictError: The serial number is not enabled, expired or already activated.
            ExositeNotFoundError: No such vendor, model or serial number.
            InvalidInputError: An empty or malformed name (nothing is sent).
        """
        form = [
            ("vendor", check_name("vendor", vendor)),
            ("model", check_name("model", model)),
            ("sn", check_name("serial number", sn)),
        ]
        response = await self._send("POST", "/provision/activate", form=form, auth="none", idempotent=False)
        return response.text.strip()

    def device(self, cik: str) -> AsyncDevice:
        """The device side of provisioning (``/provision/download``), speaking with a device's CIK.

        Args:
            cik: The device's CIK (masked in reprs).
        """
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
        """`GET /provision/download?vendor=&model=`: the content this device may download.

        Args:
            vendor: The vendor name.
            model: The device's model.

        Returns:
            The content ids.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        response = await self._get([("vendor", vendor), ("model", model)])
        return wire.parse_lines(response.text)

    async def content_info(self, vendor: str, model: str, content_id: str) -> DeviceContentInfo:
        """`GET /provision/download?vendor=&model=&id=&info=true`: one content blob's details.

        Args:
            vendor: The vendor name.
            model: The device's model.
            content_id: The content id.

        Returns:
            Its MIME type, size, update time and meta.

        Raises:
            ExositeNotFoundError: No such content (or no info came).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
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
        """`GET /provision/download?vendor=&model=&id=`: a content blob, whole or in part (``Range``).

        Args:
            vendor: The vendor name.
            model: The device's model.
            content_id: The content id.
            byte_range: ``(first, last)`` inclusive, ``last=None`` for the rest.

        Returns:
            The bytes.

        Raises:
            InvalidInputError: A byte range that is not ``0 <= first <= last``.
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        response = await self._get(
            [("vendor", vendor), ("model", model), ("id", content_id)], headers=_range_header(byte_range)
        )
        return response.content


class AsyncModels:
    """The vendor's client models (``/provision/manage/model/``)."""

    def __init__(self, provisioning: AsyncProvisioning) -> None:
        self._provisioning = provisioning

    async def names(self) -> list[str]:
        """`GET /provision/manage/model/`: the names of this vendor's models.

        Returns:
            The model names.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        response = await self._provisioning._send("GET", provision_path("manage", "model", trailing_slash=True))
        return wire.parse_lines(response.text)

    async def list(self) -> list[AsyncModel]:
        """`GET /provision/manage/model/ then GET …/model/<name> each`: every model, loaded.

        Returns:
            The models.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        return [await self.get(name) for name in await self.names()]

    async def shared(self) -> builtins.list[tuple[str, str]]:
        """`GET /provision/manage/model/?show=shared`: the models other vendors shared with this one.

        Returns:
            ``(vendor, model)`` pairs.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        response = await self._provisioning._send(
            "GET", provision_path("manage", "model", trailing_slash=True), params=[("show", "shared")]
        )
        return [(row[0], row[1]) for row in wire.parse_csv(response.text) if len(row) >= 2]

    async def get(self, name: str) -> AsyncModel:
        """`GET /provision/manage/model/<name>`: one model: the client (or share code) it clones and its options.

        Args:
            name: The model name.

        Returns:
            The model.

        Raises:
            ExositeNotFoundError: No such model (or item).
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
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
        """`POST /provision/manage/model/`: create a model cloning ``rid`` (or the client behind ``code``).

        Args:
            name: The model name.
            rid: The client devices are cloned from.
            code: A share code to clone from instead.
            aliases: Keep the aliases in the clones (else ``options[]=noaliases``).
            comments: Keep comments (else ``nocomments``).
            historical: Keep the stored data (else ``nohistorical``).

        Returns:
            The new model.

        Raises:
            ExositeConflictError: A model of that name exists.
            InvalidInputError: A bad name, a bad RID, or both or neither of ``rid`` and ``code``.
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        form = wire.model_form(
            check_name("model", name), rid=rid, code=code, aliases=aliases, comments=comments, historical=historical
        )
        await self._provisioning._send("POST", provision_path("manage", "model", trailing_slash=True), form=form)
        model = AsyncModel(name=name, rid=Rid(rid) if rid else None, code=code, options=[v for _, v in form[2:]])
        return model.bind(self._provisioning)

    async def delete(self, name: str) -> None:
        """`DELETE /provision/manage/model/<name>`: delete a model with its serial numbers and content.

        Args:
            name: The model name.

        Raises:
            ExositeNotFoundError: No such model (or item).
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        await self._provisioning._send("DELETE", provision_path("manage", "model", check_name("model", name)))


class AsyncModel(Record):
    """A client model: devices enabled from it are clones of its client (change it with `update`)."""

    name: Final[str]
    """The model name."""
    rid: Final[str | None] = None
    """The RID of the client devices are cloned from, or ``None`` when cloned by share code."""
    code: Final[str | None] = None
    """The share code devices are cloned from, or ``None``."""
    options: Final[list[str]] = Field(default_factory=list[str])
    """Clone options: ``noaliases``, ``nocomments``, ``nohistorical``."""

    @classmethod
    def from_form(cls, name: str, pairs: list[tuple[str, str]]) -> Self:
        """The model named ``name`` from its form-encoded info (``rid=…&options[]=…`` or ``code=…``)."""
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
        """The model's serial numbers (``/provision/manage/model/<name>/``)."""
        return AsyncSerialNumbers(self._provisioning, self.name)

    @property
    def content(self) -> AsyncContents:
        """The model's content blobs (``/provision/manage/content/<name>/``)."""
        return AsyncContents(self._provisioning, self.name)

    @property
    def groups(self) -> AsyncGroups:
        """The model's groups (``/provision/manage/group/<name>/``)."""
        return AsyncGroups(self._provisioning, self.name)

    @property
    def shares(self) -> AsyncModelShares:
        """The vendors this model is shared with (``/provision/manage/share/<name>/``)."""
        return AsyncModelShares(self._provisioning, self.name)

    async def refresh(self) -> Self:
        """`GET /provision/manage/model/<name>`: load the model again.

        Returns:
            This model, updated in place.

        Raises:
            ExositeNotFoundError: No such model (or item).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
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
        """`PUT /provision/manage/model/<name>`: clone another client (or share code) from now on, with these options.

        Args:
            rid: The client devices are cloned from.
            code: A share code to clone from instead.
            aliases: Keep the aliases in the clones.
            comments: Keep comments.
            historical: Keep the stored data.

        Returns:
            This model, loaded again.

        Raises:
            InvalidInputError: A bad RID, or both or neither of ``rid`` and ``code``.
            ExositeNotFoundError: No such model (or item).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        form = wire.model_form(None, rid=rid, code=code, aliases=aliases, comments=comments, historical=historical)
        await self._provisioning._send("PUT", provision_path("manage", "model", self.name), form=form)
        return await self.refresh()

    async def delete(self) -> None:
        """`DELETE /provision/manage/model/<name>`: delete the model with its serial numbers and content.

        Raises:
            ExositeNotFoundError: No such model (or item).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        await AsyncModels(self._provisioning).delete(self.name)


class AsyncSerialNumbers:
    """The serial numbers of one model (``/provision/manage/model/<model>/``)."""

    def __init__(self, provisioning: AsyncProvisioning, model: str) -> None:
        self._provisioning = provisioning
        self.model: str = model
        """The name of the model these belong to."""

    @property
    def _path(self) -> str:
        return provision_path("manage", "model", self.model, trailing_slash=True)

    def list(self, *, page_size: int = 1000) -> AsyncPage[AsyncSerialNumber]:
        """`GET /provision/manage/model/<model>/?offset=&limit=&status=true`: every serial number, paged.

        Args:
            page_size: Serial numbers per request, 5 to 1000.

        Returns:
            A page that fetches as it is iterated.

        Raises:
            InvalidInputError: A page size outside 5..1000.
            ExositeHTTPError: A page request was refused (raised while iterating).
        """
        if not 5 <= page_size <= 1000:
            raise InvalidInputError("page_size is between 5 and 1000")

        async def fetch(cursor: Any) -> PageResult[AsyncSerialNumber]:
            offset = int(cursor or 0)
            params = [("offset", str(offset)), ("limit", str(page_size)), ("status", "true")]
            response = await self._provisioning._send("GET", self._path, params=params)
            rows = wire.parse_csv(response.text)
            items = [
                AsyncSerialNumber.from_wire_bound(
                    {
                        "model": self.model,
                        "sn": row[0],
                        "status": wire.csv_field(row, 1) or None,
                        "rid": wire.csv_field(row, 2) or None,
                        "extra": ",".join(row[3:]),
                    },
                    self._provisioning,
                )
                for row in rows
            ]
            return PageResult(items, offset + page_size if len(rows) == page_size else None)

        return AsyncPage(fetch)

    async def add(self, sn: str, *, extra: str | None = None) -> AsyncSerialNumber:
        """`POST /provision/manage/model/<model>/`: add one serial number (``sn=&extra=``).

        Args:
            sn: The serial number.
            extra: Free data stored with it.

        Returns:
            The new serial number (unused).

        Raises:
            ExositeConflictError: It exists already.
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        form = [("sn", check_name("serial number", sn))]
        if extra is not None:
            form.append(("extra", extra))
        await self._provisioning._send("POST", self._path, form=form)
        return AsyncSerialNumber(model=self.model, sn=sn, extra=extra or "").bind(self._provisioning)

    async def add_many(self, sns: Iterable[str]) -> None:
        """`POST /provision/manage/model/<model>/`: add several serial numbers (``sn[]=``).

        Args:
            sns: The serial numbers.

        Raises:
            InvalidInputError: None given, or a malformed one.
            ExositeConflictError: One exists already.
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        form = [("sn[]", check_name("serial number", sn)) for sn in sns]
        if not form:
            raise InvalidInputError("add at least one serial number")
        await self._provisioning._send("POST", self._path, form=form)

    async def add_csv(self, rows: Iterable[tuple[str, str] | str]) -> None:
        """`POST /provision/manage/model/<model>/`: add serial numbers as a ``text/csv`` upload of ``sn,extra`` lines.

        Args:
            rows: ``(sn, extra)`` pairs or bare serial numbers.

        Raises:
            InvalidInputError: None given, or a malformed one.
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        lines = [(row,) if isinstance(row, str) else row for row in rows]
        if not lines:
            raise InvalidInputError("add at least one serial number")
        for line in lines:
            check_name("serial number", line[0])
        body = wire.utf8(wire.encode_csv(lines), "a CSV body")
        await self._provisioning._send("POST", self._path, content=body, content_type="text/csv; charset=utf-8")

    async def add_ranges(self, ranges: Sequence[SerialNumberRange]) -> None:
        """`POST /provision/manage/model/<model>/`: add every serial number of some ranges (a JSON body).

        Args:
            ranges: The ranges to add.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        body = json.dumps({"ranges": [r.to_wire() for r in ranges]}).encode()
        await self._provisioning._send("POST", self._path, content=body, content_type="application/javascript")

    async def ranges(self) -> builtins.list[SerialNumberRange]:
        """`GET /provision/manage/model/<model>/?show=ranges`: the ranges added to this model.

        Returns:
            The ranges.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        response = await self._provisioning._send("GET", self._path, params=[("show", "ranges")])
        return wire.parse_ranges(response.text)

    async def delete_ranges(self, ranges: Sequence[SerialNumberRange]) -> None:
        """`DELETE /provision/manage/model/<model>/`: remove every serial number of some ranges (a JSON body).

        Args:
            ranges: The ranges to remove.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        body = json.dumps({"ranges": [r.to_wire() for r in ranges]}).encode()
        await self._provisioning._send("DELETE", self._path, content=body, content_type="application/javascript")

    async def get(self, sn: str) -> AsyncSerialNumber:
        """`GET /provision/manage/model/<model>/<sn>`: one serial number; an unused one (204) has no status and no RID.

        Args:
            sn: The serial number.

        Returns:
            The serial number.

        Raises:
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        path = provision_path("manage", "model", self.model, check_name("serial number", sn))
        response = await self._provisioning._send("GET", path)
        rows = wire.parse_csv(response.text)
        record = AsyncSerialNumber(model=self.model, sn=sn)
        if rows:
            row = rows[0]
            record = AsyncSerialNumber.from_wire(
                {
                    "model": self.model,
                    "sn": sn,
                    "status": row[0] or None,
                    "rid": wire.csv_field(row, 1) or None,
                    "extra": ",".join(row[2:]),
                }
            )
        return record.bind(self._provisioning)

    async def delete(self, sn: str) -> None:
        """`DELETE /provision/manage/model/<model>/<sn>`: remove one serial number.

        Args:
            sn: The serial number.

        Raises:
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        path = provision_path("manage", "model", self.model, check_name("serial number", sn))
        await self._provisioning._send("DELETE", path)

    async def delete_many(self, sns: Iterable[str]) -> None:
        """`POST /provision/manage/model/<model>/`: remove several serial numbers (``delete=true&sn[]=``).

        Args:
            sns: The serial numbers.

        Raises:
            InvalidInputError: None given, or a malformed one.
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        form = [("delete", "true"), *[("sn[]", check_name("serial number", sn)) for sn in sns]]
        if len(form) == 1:
            raise InvalidInputError("remove at least one serial number")
        await self._provisioning._send("POST", self._path, form=form)

    async def delete_csv(self, sns: Iterable[str]) -> None:
        """`DELETE /provision/manage/model/<model>/`: remove the serial numbers listed in a ``text/csv`` body.

        Args:
            sns: The serial numbers.

        Raises:
            InvalidInputError: None given, or a malformed one.
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        lines = [(check_name("serial number", sn),) for sn in sns]
        if not lines:
            raise InvalidInputError("remove at least one serial number")
        body = wire.utf8(wire.encode_csv(lines), "a CSV body")
        await self._provisioning._send("DELETE", self._path, content=body, content_type="text/csv; charset=utf-8")


class AsyncSerialNumber(Record):
    """A serial number of a model, and its lifecycle: enable -> activate -> re-enable / disable."""

    model: Final[str]
    """The name of the model it belongs to."""
    sn: Final[str]
    """The serial number."""
    # Kept as text: a serial number is listed whatever status the platform reports for it.
    status: Final[str | None] = None
    """``None`` while unused, then ``notactivated``, ``activated`` or ``expired``."""
    rid: Final[str | None] = None
    """The device client's RID once enabled."""
    extra: Final[str] = ""
    """Free data stored with it."""

    @property
    def _provisioning(self) -> AsyncProvisioning:
        client: AsyncProvisioning = self._require_client()
        return client

    @property
    def _path(self) -> str:
        return provision_path("manage", "model", self.model, self.sn)

    async def refresh(self) -> Self:
        """`GET /provision/manage/model/<model>/<sn>`: load the serial number again.

        Returns:
            This serial number, updated in place.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        self._replace_with(await AsyncSerialNumbers(self._provisioning, self.model).get(self.sn))
        return self

    async def activation_log(self) -> list[ActivationLogEntry]:
        """`GET /provision/manage/model/<model>/<sn>?show=log`: the activation log.

        Returns:
            Each event's time, connection info and entry.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
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
        """`GET /provision/manage/model/<model>/<sn>?show=groups`: the groups this serial number belongs to.

        Returns:
            The group ids.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        response = await self._provisioning._send("GET", self._path, params=[("show", "groups")])
        return wire.parse_lines(response.text)

    async def enable(self, owner: str) -> Rid:
        """`POST /provision/manage/model/<model>/<sn>`: ``enable=true&owner=``, cloning the model.

        Creates the device client, a clone of the model, under ``owner``.

        Args:
            owner: The RID of the client that will own the device.

        Returns:
            The device client's RID (its status is then ``notactivated``).

        Raises:
            InvalidInputError: ``owner`` is not a RID.
            ExositeConflictError: Already enabled, or the owner has too few resources.
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        form = [("enable", "true"), ("owner", str(Rid(owner, "owner")))]
        response = await self._provisioning._send("POST", self._path, form=form, idempotent=False)
        rid = wire.rid_in_reply(response.text.strip(), "enable")
        object.__setattr__(self, "rid", str(rid))
        object.__setattr__(self, "status", "notactivated")
        return rid

    async def remap(self, old_sn: str) -> None:
        """`POST /provision/manage/model/<model>/<sn>`: ``enable=true&oldsn=``.

        Gives this serial number the device client of ``old_sn``.

        Args:
            old_sn: The serial number whose client it takes.

        Raises:
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        form = [("enable", "true"), ("oldsn", check_name("serial number", old_sn))]
        await self._provisioning._send("POST", self._path, form=form, idempotent=False)
        await self.refresh()

    async def reenable(self) -> None:
        """`POST /provision/manage/model/<model>/<sn>`: ``enable=true``: a new CIK.

        The old CIK stops working and the device must activate again.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        await self._provisioning._send("POST", self._path, form=[("enable", "true")], idempotent=False)
        object.__setattr__(self, "status", "notactivated")

    async def disable(self) -> None:
        """`POST /provision/manage/model/<model>/<sn>`: ``disable=true``: expire the device client.

        Its CIK stops working.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        await self._provisioning._send("POST", self._path, form=[("disable", "true")], idempotent=False)
        object.__setattr__(self, "status", "expired")

    async def delete(self) -> None:
        """`DELETE /provision/manage/model/<model>/<sn>`: remove this serial number from the model.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        await self._provisioning._send("DELETE", self._path)


class AsyncContents:
    """The content blobs of one model (``/provision/manage/content/<model>/``)."""

    def __init__(self, provisioning: AsyncProvisioning, model: str) -> None:
        self._provisioning = provisioning
        self.model: str = model
        """The name of the model these belong to."""

    @property
    def _path(self) -> str:
        return provision_path("manage", "content", self.model, trailing_slash=True)

    async def ids(self, *, sn: str | None = None) -> list[str]:
        """`GET /provision/manage/content/<model>/`: the content ids.

        Args:
            sn: Only the content this serial number may download.

        Returns:
            The ids.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        params = [("sn", sn)] if sn is not None else None
        response = await self._provisioning._send("GET", self._path, params=params)
        return wire.parse_lines(response.text)

    async def list(self) -> list[AsyncContent]:
        """`GET /provision/manage/content/<model>/ then GET …/<id> each`: every content blob's info.

        Returns:
            The content records.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        return [await self.get(content_id) for content_id in await self.ids()]

    async def create(self, content_id: str, *, meta: str = "", protected: bool = False) -> AsyncContent:
        """`POST /provision/manage/content/<model>/`: declare a content blob (bytes come with `AsyncContent.upload`).

        Args:
            content_id: The content id.
            meta: Free text stored with it.
            protected: Only devices in its groups may download it.

        Returns:
            The new content.

        Raises:
            ExositeConflictError: That id exists already.
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        form = [("id", check_name("content id", content_id)), ("meta", meta)]
        if protected:
            form.append(("protected", "true"))
        await self._provisioning._send("POST", self._path, form=form)
        return await self.get(content_id)

    async def get(self, content_id: str) -> AsyncContent:
        """`GET /provision/manage/content/<model>/<id>`: one blob's info: type, size, update time, meta, protected.

        Args:
            content_id: The content id.

        Returns:
            The content.

        Raises:
            ExositeNotFoundError: No such content.
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
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
        """`DELETE /provision/manage/content/<model>/<id>`: delete a content blob.

        Args:
            content_id: The content id.

        Raises:
            ExositeNotFoundError: No such content.
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        path = provision_path("manage", "content", self.model, check_name("content id", content_id))
        await self._provisioning._send("DELETE", path)


class AsyncContent(Record):
    """A content blob of a model (firmware, configuration...)."""

    model: Final[str]
    """The name of the model it belongs to."""
    id: Final[str]
    """The content id."""
    type: Final[str] = ""
    """Its MIME type (as uploaded)."""
    size: Final[int] = 0
    """Its size in bytes."""
    updated: Final[int] = 0
    """When it was last uploaded (unix time, seconds)."""
    meta: Final[str] = ""
    """Free text stored with it."""
    protected: Final[bool] = False
    """Whether only devices in its groups may download it."""

    @property
    def _provisioning(self) -> AsyncProvisioning:
        client: AsyncProvisioning = self._require_client()
        return client

    @property
    def _path(self) -> str:
        return provision_path("manage", "content", self.model, self.id)

    async def refresh(self) -> Self:
        """`GET /provision/manage/content/<model>/<id>`: load the blob's info again.

        Returns:
            This content, updated in place.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        self._replace_with(await AsyncContents(self._provisioning, self.model).get(self.id))
        return self

    async def upload(self, data: bytes, content_type: str = "application/octet-stream") -> Self:
        """`POST /provision/manage/content/<model>/<id>`: store the blob's bytes with their MIME type.

        Args:
            data: The bytes.
            content_type: Their MIME type.

        Returns:
            This content, loaded again.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        await self._provisioning._send("POST", self._path, content=data, content_type=content_type, idempotent=True)
        return await self.refresh()

    async def download(self, *, byte_range: ByteRange | None = None) -> bytes:
        """`GET /provision/manage/content/<model>/<id>?download=true`: the blob, whole or in part (``Range``).

        Args:
            byte_range: ``(first, last)`` inclusive, ``last=None`` for the rest.

        Returns:
            The bytes.

        Raises:
            InvalidInputError: A byte range that is not ``0 <= first <= last``.
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        response = await self._provisioning._send(
            "GET", self._path, params=[("download", "true")], headers=_range_header(byte_range)
        )
        return response.content

    async def groups(self) -> list[str]:
        """`GET /provision/manage/content/<model>/<id>?show=groups`: the groups this content belongs to.

        Returns:
            The group ids.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        response = await self._provisioning._send("GET", self._path, params=[("show", "groups")])
        return wire.parse_lines(response.text)

    async def delete(self) -> None:
        """`DELETE /provision/manage/content/<model>/<id>`: delete this content blob.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        await self._provisioning._send("DELETE", self._path)


GROUP_MEMBER_TYPES: tuple[str, ...] = get_args(GroupMemberType)


class AsyncGroups:
    """The groups of one model: named sets of serial numbers and content."""

    def __init__(self, provisioning: AsyncProvisioning, model: str) -> None:
        self._provisioning = provisioning
        self.model: str = model
        """The name of the model these belong to."""

    def _path(self, group_id: str | None = None) -> str:
        if group_id is None:
            return provision_path("manage", "group", self.model, trailing_slash=True)
        return provision_path("manage", "group", self.model, check_name("group id", group_id))

    async def list(self) -> list[Group]:
        """`GET /provision/manage/group/<model>/`: the model's groups.

        Returns:
            Each group's id and meta.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        response = await self._provisioning._send("GET", self._path())
        return [Group(id=row[0], meta=",".join(row[1:])) for row in wire.parse_csv(response.text)]

    async def create(self, group_id: str, *, meta: str = "") -> Group:
        """`POST /provision/manage/group/<model>/`: create a group.

        Args:
            group_id: The group id.
            meta: Free text stored with it.

        Returns:
            The new group.

        Raises:
            ExositeConflictError: That id exists already.
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        await self._provisioning._send(
            "POST", self._path(), form=[("id", check_name("group id", group_id)), ("meta", meta)]
        )
        return Group(id=group_id, meta=meta)

    async def members(self, group_id: str) -> builtins.list[GroupMember]:
        """`GET /provision/manage/group/<model>/<id>`: the members of a group.

        Args:
            group_id: The group id.

        Returns:
            Each member's type, id, expiry and meta.

        Raises:
            ExositeNotFoundError: No such group.
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        response = await self._provisioning._send("GET", self._path(group_id))
        # Annotated here because in this class's body ``list`` is the method above, and Jedi then
        # reads the return annotation's ``builtins.list[GroupMember]`` as that method.
        members: builtins.list[GroupMember] = [
            GroupMember.from_wire(
                {
                    "type": row[0],
                    "member_id": wire.csv_field(row, 1),
                    "expire": wire.csv_field(row, 2),
                    "meta": ",".join(row[3:]),
                }
            )
            for row in wire.parse_csv(response.text)
        ]
        return members

    async def add_member(
        self, group_id: str, member_type: GroupMemberType, member_id: str, *, expire: str = "", meta: str = ""
    ) -> None:
        """`POST /provision/manage/group/<model>/<id>/`: add a serial number, content or group to a group.

        Args:
            group_id: The group id.
            member_type: ``sn``, ``content`` or ``group``.
            member_id: The member's id.
            expire: When the membership ends (empty for never).
            meta: Free text stored with it.

        Raises:
            InvalidInputError: An unknown member type or a malformed id.
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        form = [
            ("type", one_of(member_type, GROUP_MEMBER_TYPES, "member_type")),
            ("memberid", check_name("member id", member_id)),
            ("expire", expire),
            ("meta", meta),
        ]
        await self._provisioning._send("POST", self._path(group_id) + "/", form=form)

    async def remove_member(self, group_id: str, member_type: GroupMemberType, member_id: str) -> None:
        """`POST /provision/manage/group/<model>/<id>/`: remove a member from a group (``delete=true``).

        Args:
            group_id: The group id.
            member_type: ``sn``, ``content`` or ``group``.
            member_id: The member's id.

        Raises:
            InvalidInputError: An unknown member type or a malformed id.
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        form = [
            ("delete", "true"),
            ("type", one_of(member_type, GROUP_MEMBER_TYPES, "member_type")),
            ("memberid", check_name("member id", member_id)),
        ]
        await self._provisioning._send("POST", self._path(group_id) + "/", form=form)

    async def delete(self, group_id: str) -> None:
        """`DELETE /provision/manage/group/<model>/<id>`: delete a group.

        Args:
            group_id: The group id.

        Raises:
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        await self._provisioning._send("DELETE", self._path(group_id))


class AsyncModelShares:
    """The vendors a model is shared with (they may enable, re-enable and disable its devices)."""

    def __init__(self, provisioning: AsyncProvisioning, model: str) -> None:
        self._provisioning = provisioning
        self.model: str = model
        """The name of the model these belong to."""

    @property
    def _path(self) -> str:
        return provision_path("manage", "share", self.model, trailing_slash=True)

    async def list(self) -> list[str]:
        """`GET /provision/manage/share/<model>/`: the vendors this model is shared with.

        Returns:
            The vendor names.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        response = await self._provisioning._send("GET", self._path)
        return wire.parse_lines(response.text)

    async def add(self, vendor: str) -> None:
        """`POST /provision/manage/share/<model>/`: share the model with a vendor.

        Args:
            vendor: The vendor name.

        Raises:
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        await self._provisioning._send("POST", self._path, form=[("vendor", check_name("vendor", vendor))])

    async def is_shared(self, vendor: str) -> bool:
        """`GET /provision/manage/share/<model>/<vendor>`: whether the model is shared with a vendor.

        Args:
            vendor: The vendor name.

        Returns:
            ``True`` when it is (a 404 means it is not).

        Raises:
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        try:
            await self._provisioning._send(
                "GET", provision_path("manage", "share", self.model, check_name("vendor", vendor))
            )
        except ExositeNotFoundError:
            return False
        return True

    async def remove(self, vendor: str) -> None:
        """`DELETE /provision/manage/share/<model>/<vendor>`: stop sharing the model with a vendor.

        Args:
            vendor: The vendor name.

        Raises:
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
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
        """`GET /provision/admin/auth/`: the ids of the vendor's admin tokens (sent with the vendor CIK).

        Returns:
            The token ids.

        Raises:
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        response = await self._provisioning._send("GET", self._path(), auth="cik")
        return wire.parse_lines(response.text)

    async def create(self, token_id: str) -> str:
        """`POST /provision/admin/auth/`: create an admin token (sent with the vendor CIK).

        Args:
            token_id: The token's id.

        Returns:
            The token (use it as ``Provisioning(token=...)``).

        Raises:
            ExositeConflictError: That id exists already.
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        response = await self._provisioning._send(
            "POST", self._path(), form=[("id", check_name("token id", token_id))], auth="cik", idempotent=False
        )
        return response.text.strip()

    async def get(self, token_id: str) -> str:
        """`GET /provision/admin/auth/<id>`: one admin token.

        Args:
            token_id: The token's id.

        Returns:
            The token.

        Raises:
            ExositeNotFoundError: No such token.
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
        response = await self._provisioning._send("GET", self._path(token_id), auth="cik")
        return response.text.strip()

    async def delete(self, token_id: str) -> None:
        """`DELETE /provision/admin/auth/<id>`: delete an admin token.

        Args:
            token_id: The token's id.

        Raises:
            ExositeNotFoundError: No such token.
            InvalidInputError: An empty or malformed name (nothing is sent).
            ExositeHTTPError: The platform refused it (a subclass by status, e.g. `ExositeForbiddenError`).
        """
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
