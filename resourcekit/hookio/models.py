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

# Fields spell the type out (``Annotated[list[str], AS_ROLES]``) rather than use the alias, so that
# an editor's hover shows ``list[str]`` and not the alias name.
AS_ROLES = BeforeValidator(wire.roles_list)
"""Reads a key's roles from the wire's ``"a,b"`` string (or a list)."""

Roles = Annotated[list[str], AS_ROLES]
"""A key's roles: the wire's ``"a,b"`` string read as a list."""


class LogEntry(Model):
    """One line of a hook's log (``GET /{owner}/{name}/logs``)."""

    time: datetime
    """When the entry was written."""
    data: Any = None
    """The entry as the server keeps it: a JSON-encoded string (`value` decodes it)."""
    ip: str | None = None
    """The address of the run that wrote the entry."""

    @property
    def value(self) -> Any:
        """``data`` decoded: what the hook logged (text that is not JSON stays text)."""
        return wire.decode_log_data(self.data)


class Event(Model):
    """An account event: ``hook::run``, ``hook::created``, ``keys::authAttempt``, ``env::write``..."""

    type: str
    """The event type, e.g. ``hook::run``, ``keys::created`` or ``env::write``."""
    time: datetime
    """When the event happened."""
    ip: str | None = None
    """The address the request came from."""
    url: str | None = None
    """The path, for ``hook::run`` and ``hook::*::read`` events."""
    name: str | None = None
    """The hook or key name, for creation and auth events."""
    owner: str | None = None
    """The owner the event names, when it names one."""
    has_access: bool | None = Field(default=None, alias="hasAccess")
    """For ``keys::authAttempt``, whether the key held the role (wire name ``hasAccess``)."""


class KeyUser(Model):
    """The owner of a key, as ``/keys/checkAccess`` names them."""

    name: str | None = None
    """The key owner's account name."""
    email: str | None = None
    """The key owner's email address."""


class Account(Model):
    """The signed-in account (``GET /account``), or what a key tells about its owner.

    ``hook_access_key`` is a secret: it never shows in a repr.
    """

    name: str
    """The account's name: the owner segment of its hooks' paths."""
    email: str | None = None
    """The account's email address."""
    status: str | None = None
    """The account's status as the server reports it."""
    paid_status: str | None = Field(default=None, alias="paidStatus")
    """Whether the account pays, as the server reports it (wire name ``paidStatus``)."""
    service_plan: str | None = Field(default=None, alias="servicePlan")
    """The account's service plan (wire name ``servicePlan``)."""
    hook_access_key: str | None = Field(default=None, alias="hookAccessKey", repr=False)
    """The private key of the internal ``api-access-key`` (wire name ``hookAccessKey``): never in a repr."""
    stripe_id: str | None = Field(default=None, alias="stripeID", repr=False)
    """The account's payment customer id (wire name ``stripeID``): never shown in a repr."""


class StorageObject(Model):
    """A ``readdir`` row: the storage object's metadata (Google Cloud Storage's field names)."""

    name: str
    """The object's full name, ``owner/path``."""
    bucket: str | None = None
    """The storage bucket holding the object."""
    content_type: str | None = Field(default=None, alias="contentType")
    """The object's media type (wire name ``contentType``)."""
    size: int | None = None
    """The object's size in bytes."""
    generation: str | None = None
    """The object's content generation."""
    metageneration: str | None = None
    """The generation of the object's metadata."""
    kind: str | None = None
    """The storage service's resource kind, e.g. ``storage#object``."""
    id: str | None = None
    """The object's id in the storage service."""
    etag: str | None = None
    """The object's entity tag."""
    md5_hash: str | None = Field(default=None, alias="md5Hash")
    """The base64 MD5 hash of the object's bytes (wire name ``md5Hash``)."""
    crc32c: str | None = None
    """The base64 CRC32C checksum of the object's bytes."""
    media_link: str | None = Field(default=None, alias="mediaLink")
    """The URL that downloads the object's bytes (wire name ``mediaLink``)."""
    self_link: str | None = Field(default=None, alias="selfLink")
    """The URL of the object's metadata (wire name ``selfLink``)."""
    storage_class: str | None = Field(default=None, alias="storageClass")
    """The object's storage class (wire name ``storageClass``)."""
    time_created: datetime | None = Field(default=None, alias="timeCreated")
    """When the object was created (wire name ``timeCreated``)."""
    updated: datetime | None = None
    """When the object's metadata last changed."""

    @property
    def basename(self) -> str:
        """The last segment of ``name``: the file's own name."""
        return self.name.rsplit("/", 1)[-1]


class DeletedHook(Model):
    """The reply of destroying a hook."""

    status: str
    """``deleted`` when the hook is gone."""
    message: str | None = None
    """The server's sentence about it, e.g. ``Hook "echo" has been deleted!``."""
    owner: str | None = None
    """The deleted hook's owner."""
    name: str | None = None
    """The deleted hook's name."""


@dataclass(frozen=True)
class RunResult:
    """What running a hook returned: its status, headers and output."""

    status_code: int
    """The HTTP status of the run."""
    headers: Mapping[str, str] = field(default_factory=dict[str, str])
    """The reply headers."""
    content: bytes = b""
    """The output as bytes (`text`, `json` and `value` read it)."""

    @property
    def text(self) -> str:
        """The output as text (UTF-8)."""
        return self.content.decode("utf-8", errors="replace")

    @property
    def content_type(self) -> str:
        """The ``content-type`` header of the reply, or ``""``."""
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
