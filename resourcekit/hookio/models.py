"""hook.io data shapes without I/O, shared by the sync and async clients."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from resourcekit.core.errors import ResponseValidationError
from resourcekit.core.records import Model
from resourcekit.hookio import wire

Roles = Annotated[list[str], BeforeValidator(wire.roles_list)]
"""A key's roles: the wire's ``"a,b"`` string read as a list."""


class LogEntry(Model):
    """One line of a hook's log.

    Attributes:
        time: When it was written.
        data: The entry as the server keeps it: a JSON-encoded string.
        ip: The address of the run that wrote it.
    """

    time: datetime
    data: Any = None
    ip: str | None = None

    @property
    def value(self) -> Any:
        """``data`` decoded: what the hook logged (text that is not JSON stays text)."""
        return wire.decode_log_data(self.data)


class Event(Model):
    """An account event: ``hook::run``, ``hook::created``, ``keys::authAttempt``, ``env::write``...

    Attributes:
        type: The event type.
        time: When it happened.
        ip: Where the request came from.
        url: The path, for ``hook::run`` and ``hook::*::read`` events.
        name: The hook or key name, for creation and auth events.
        owner: The owner named by the event, when it names one.
        has_access: For ``keys::authAttempt``, whether the key had the role.
    """

    type: str
    time: datetime
    ip: str | None = None
    url: str | None = None
    name: str | None = None
    owner: str | None = None
    has_access: bool | None = Field(default=None, alias="hasAccess")


class KeyUser(Model):
    """The owner of a key, as ``/keys/checkAccess`` names them."""

    name: str | None = None
    email: str | None = None


class Account(Model):
    """The signed-in account (``GET /account``), or what a key tells about its owner.

    ``hook_access_key`` is a secret: it never shows in a repr.
    """

    name: str
    email: str | None = None
    status: str | None = None
    paid_status: str | None = Field(default=None, alias="paidStatus")
    service_plan: str | None = Field(default=None, alias="servicePlan")
    hook_access_key: str | None = Field(default=None, alias="hookAccessKey", repr=False)
    stripe_id: str | None = Field(default=None, alias="stripeID", repr=False)


class StorageObject(Model):
    """A ``readdir`` row: the storage object's metadata (Google Cloud Storage's field names)."""

    name: str
    bucket: str | None = None
    content_type: str | None = Field(default=None, alias="contentType")
    size: int | None = None
    generation: str | None = None
    metageneration: str | None = None
    kind: str | None = None
    id: str | None = None
    etag: str | None = None
    md5_hash: str | None = Field(default=None, alias="md5Hash")
    crc32c: str | None = None
    media_link: str | None = Field(default=None, alias="mediaLink")
    self_link: str | None = Field(default=None, alias="selfLink")
    storage_class: str | None = Field(default=None, alias="storageClass")
    time_created: datetime | None = Field(default=None, alias="timeCreated")
    updated: datetime | None = None

    @property
    def basename(self) -> str:
        return self.name.rsplit("/", 1)[-1]


class DeletedHook(Model):
    """The reply of destroying a hook."""

    status: str
    message: str | None = None
    owner: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class RunResult:
    """What running a hook returned: its status, headers and output.

    Attributes:
        status_code: The HTTP status of the run.
        headers: The reply headers.
        content: The output as bytes.
    """

    status_code: int
    headers: Mapping[str, str] = field(default_factory=dict[str, str])
    content: bytes = b""

    @property
    def text(self) -> str:
        """The output as text (UTF-8)."""
        return self.content.decode("utf-8", errors="replace")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def json(self) -> Any:
        """The output parsed as JSON.

        Raises:
            ResponseValidationError: The output is not JSON.
        """
        try:
            return json.loads(self.content)
        except ValueError as error:
            raise ResponseValidationError(f"the hook's output is not JSON: {error}", raw=self.text) from error

    @property
    def value(self) -> Any:
        """The output as JSON when it parses, else as text."""
        try:
            return json.loads(self.content)
        except ValueError:
            return self.text


__all__ = [
    "Account",
    "DeletedHook",
    "Event",
    "KeyUser",
    "LogEntry",
    "Roles",
    "RunResult",
    "StorageObject",
]
