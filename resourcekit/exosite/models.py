"""Typed data of the One Platform: descriptions, rules, info sections, points, provisioning rows.

These are plain pydantic data classes (no client, no I/O), shared by the sync and async clients.
Descriptions dump to their wire form with `to_wire()`.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from pydantic import Field, SecretStr, field_serializer, field_validator

from resourcekit.core.errors import InvalidInputError
from resourcekit.core.records import Model

# Model and record fields spell these types out rather than name the alias, so that an editor's
# hover shows the values a field takes; the aliases serve the methods' signatures.
Format = Literal["float", "integer", "string"]
ResourceType = Literal["client", "dataport", "datarule", "dispatch"]
Comparison = Literal["gt", "geq", "lt", "leq", "eq", "neq"]
PreprocessOp = Literal["add", "sub", "mul", "div", "mod", "gt", "geq", "lt", "leq", "eq", "neq", "value"]
DispatchMethod = Literal["email", "http_get", "http_post", "http_put", "sms", "xmpp"]
UsageMetric = Literal["client", "dataport", "datarule", "dispatch", "share", "email", "http", "sms", "xmpp"]
GroupMemberType = Literal["sn", "content", "group"]
"""What a provisioning group holds: serial numbers, content, or other groups."""
ResourceStatus = Literal["activated", "notactivated", "locked", "expired"]
"""A resource's ``basic.status``: the statuses the One Platform documents."""
Limit = int | Literal["inherit"]
Unbounded = int | Literal["infinity"]
Value = int | float | str

MAX_STRING_VALUE = 64 * 1024
"""A string value is at most 64 KB."""


class Point(NamedTuple):
    """One stored value: a unix timestamp (seconds) and the value."""

    timestamp: int
    """When the value was stored (unix time, seconds)."""
    value: Value
    """The stored value (a number or a string, as the dataport's format says)."""


class _Wire(Model):
    def to_wire(self) -> dict[str, Any]:
        """The description as the RPC API expects it (unset fields left out)."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


class Limits(_Wire):
    """A client's resource limits: a number or ``"inherit"`` each (unset means 0)."""

    client: int | Literal["inherit"] | None = None
    """How many child clients it may own (a number or ``"inherit"``)."""
    dataport: int | Literal["inherit"] | None = None
    """How many dataports it may own."""
    datarule: int | Literal["inherit"] | None = None
    """How many datarules it may own."""
    dispatch: int | Literal["inherit"] | None = None
    """How many dispatches it may own."""
    disk: int | Literal["inherit"] | None = None
    """How much storage its data may use."""
    email: int | Literal["inherit"] | None = None
    """How many emails its dispatches may send."""
    email_bucket: int | Literal["inherit"] | None = None
    """The burst allowance of emails (the bucket the email limit refills)."""
    http: int | Literal["inherit"] | None = None
    """How many HTTP requests its dispatches may send."""
    http_bucket: int | Literal["inherit"] | None = None
    """The burst allowance of HTTP requests."""
    share: int | Literal["inherit"] | None = None
    """How many shares it may create."""
    sms: int | Literal["inherit"] | None = None
    """How many SMS messages its dispatches may send."""
    sms_bucket: int | Literal["inherit"] | None = None
    """The burst allowance of SMS messages."""
    xmpp: int | Literal["inherit"] | None = None
    """How many XMPP messages its dispatches may send."""
    xmpp_bucket: int | Literal["inherit"] | None = None
    """The burst allowance of XMPP messages."""


class Retention(_Wire):
    """How much history a dataport keeps: a point count and a duration in hours."""

    count: int | Literal["infinity"] = "infinity"
    """The most points kept, or ``"infinity"`` (0 keeps none)."""
    duration: int | Literal["infinity"] = "infinity"
    """The most hours of history kept, or ``"infinity"``."""


class SimpleRule(_Wire):
    """True while the value compares to ``constant``."""

    comparison: Literal["gt", "geq", "lt", "leq", "eq", "neq"]
    """How the value compares to ``constant``: ``gt``, ``geq``, ``lt``, ``leq``, ``eq`` or ``neq``."""
    constant: float
    """The number values compare to."""
    repeat: bool = False
    """Whether the rule fires again on every matching value, not only when it turns true."""


class TimeoutRule(_Wire):
    """True when no value arrived for ``timeout`` seconds."""

    timeout: int
    """Seconds without a value after which the rule is true."""
    repeat: bool = False
    """Whether the rule fires again on every matching value, not only when it turns true."""


class IntervalRule(_Wire):
    """True when values keep comparing to ``constant`` within ``timeout`` seconds of each other."""

    comparison: Literal["gt", "geq", "lt", "leq", "eq", "neq"]
    """How the value compares to ``constant``: ``gt``, ``geq``, ``lt``, ``leq``, ``eq`` or ``neq``."""
    constant: float
    """The number values compare to."""
    timeout: int
    """The most seconds between two matching values."""
    repeat: bool = False
    """Whether the rule fires again on every matching value, not only when it turns true."""


class DurationRule(_Wire):
    """True when the value compared to ``constant`` for ``timeout`` seconds."""

    comparison: Literal["gt", "geq", "lt", "leq", "eq", "neq"]
    """How the value compares to ``constant``: ``gt``, ``geq``, ``lt``, ``leq``, ``eq`` or ``neq``."""
    constant: float
    """The number values compare to."""
    timeout: int
    """Seconds the comparison must hold."""
    repeat: bool = False
    """Whether the rule fires again on every matching value, not only when it turns true."""


class CountRule(_Wire):
    """True when ``count`` values compared to ``constant`` within ``timeout`` seconds."""

    comparison: Literal["gt", "geq", "lt", "leq", "eq", "neq"]
    """How the value compares to ``constant``: ``gt``, ``geq``, ``lt``, ``leq``, ``eq`` or ``neq``."""
    constant: float
    """The number values compare to."""
    count: int
    """How many matching values make the rule true."""
    timeout: int
    """The window, in seconds, the matching values must fall in."""
    repeat: bool = False
    """Whether the rule fires again on every matching value, not only when it turns true."""


class ScriptRule(_Wire):
    """A Lua script rule."""

    script: str
    """The Lua source of the script."""

    def to_wire(self) -> dict[str, Any]:
        """``{"script": source}``, as the RPC API spells a script rule."""
        return {"script": self.script}


Rule = SimpleRule | TimeoutRule | IntervalRule | DurationRule | CountRule | ScriptRule

_RULE_KINDS: dict[str, type[_Wire]] = {
    "simple": SimpleRule,
    "timeout": TimeoutRule,
    "interval": IntervalRule,
    "duration": DurationRule,
    "count": CountRule,
}


def rule_to_wire(rule: Rule) -> dict[str, Any]:
    """``{"simple": {...}}``, ``{"script": "..."}``: a rule as the RPC API spells it."""
    if isinstance(rule, ScriptRule):
        return rule.to_wire()
    kind = next(name for name, cls in _RULE_KINDS.items() if type(rule) is cls)
    return {kind: rule.to_wire()}


def rule_from_wire(value: Any) -> Rule:
    """The typed rule of a wire rule object."""
    if isinstance(value, SimpleRule | TimeoutRule | IntervalRule | DurationRule | CountRule | ScriptRule):
        return value
    if not isinstance(value, dict) or len(value) != 1:  # pyright: ignore[reportUnknownArgumentType]
        raise InvalidInputError(f"a rule is one of {sorted([*_RULE_KINDS, 'script'])} as a one-key object")
    ((kind, body),) = value.items()  # pyright: ignore[reportUnknownVariableType, reportUnknownMemberType]
    if kind == "script":
        return ScriptRule(script=str(body))  # pyright: ignore[reportUnknownArgumentType]
    if kind not in _RULE_KINDS:
        raise InvalidInputError(f"unknown rule kind {kind!r}")
    return _RULE_KINDS[kind].model_validate(body)  # type: ignore[return-value]


class ClientDescription(_Wire):
    """The description of a client (a device, a portal, a vendor's template...)."""

    name: str | None = None
    """Its display name."""
    meta: str | None = None
    """Free text stored with it (often JSON written by an application)."""
    public: bool | None = None
    """Whether anyone holding its RID may read it."""
    locked: bool | None = None
    """Whether the client is locked (its CIK refused)."""
    limits: Limits | None = None
    """How many resources and messages it may use."""


class DataportDescription(_Wire):
    """The description of a dataport; ``format`` cannot change after creation."""

    format: Literal["float", "integer", "string"] = "string"
    """The value type: ``float``, ``integer`` or ``string`` (fixed at creation)."""
    name: str | None = None
    """Its display name."""
    meta: str | None = None
    """Free text stored with it (often JSON written by an application)."""
    public: bool | None = None
    """Whether anyone holding its RID may read it."""
    preprocess: (
        list[tuple[Literal["add", "sub", "mul", "div", "mod", "gt", "geq", "lt", "leq", "eq", "neq", "value"], Any]]
        | None
    ) = None
    """Operations applied to each written value first: ``(op, operand)`` pairs, the operand a number or a RID."""
    retention: Retention | None = None
    """How many points and how many hours of history it keeps."""
    subscribe: str | None = None
    """The RID of the resource whose values it receives, or ``None``."""


class DataruleDescription(DataportDescription):
    """A datarule: a dataport whose values a rule computes."""

    rule: SimpleRule | TimeoutRule | IntervalRule | DurationRule | CountRule | ScriptRule = Field(
        default_factory=lambda: SimpleRule(comparison="gt", constant=0)
    )
    """How its values are computed from its subscribed resource."""

    @field_validator("rule", mode="before")
    @classmethod
    def _parse_rule(cls, value: Any) -> Any:
        return rule_from_wire(value) if isinstance(value, dict) else value

    @field_serializer("rule")
    def _dump_rule(self, rule: Rule) -> dict[str, Any]:
        return rule_to_wire(rule)


class DispatchDescription(DataportDescription):
    """A dispatch: sends a message when its subscribed resource changes."""

    method: Literal["email", "http_get", "http_post", "http_put", "sms", "xmpp"] = "email"
    """How it sends: ``email``, ``http_get``, ``http_post``, ``http_put``, ``sms`` or ``xmpp``."""
    recipient: str = ""
    """The address, number or URL it sends to."""
    subject: str | None = None
    """The subject line (email)."""
    message: str | None = None
    """The message it sends (the new value when unset)."""
    locked: bool | None = None
    """Whether it is locked (sends nothing)."""


Description = ClientDescription | DataportDescription | DataruleDescription | DispatchDescription


class BasicInfo(Model):
    """The ``basic`` info section."""

    type: str
    """``client``, ``dataport``, ``datarule`` or ``dispatch``."""
    status: Literal["activated", "notactivated", "locked", "expired"] | None = None
    """``activated``, ``notactivated``, ``locked`` or ``expired``."""
    modified: int | None = None
    """When it last changed (unix time, seconds)."""
    subscribers: int | None = None
    """How many resources subscribe to it."""


class StorageInfo(Model):
    """The ``storage`` info section of a dataport."""

    count: int = 0
    """How many points are stored."""
    first: int | None = None
    """The timestamp of the oldest point (unix time), when there is one."""
    last: int | None = None
    """The timestamp of the newest point (unix time), when there is one."""
    size: int = 0
    """The stored data's size in bytes."""


class ShareInfo(Model):
    """One share of a resource: its code, meta and who activated it."""

    code: str
    """The share code (masked in reprs)."""
    meta: str = ""
    """Free text stored with the share."""
    activator: str | None = None
    """The RID of the client that activated the share, if any."""


class ResourceDescription(Model):
    """The ``description`` info section: the fields of whichever kind of resource it describes.

    Only the fields the platform sent are set; any it sent beyond these are kept as attributes.
    """

    name: str | None = None
    """Its display name."""
    meta: str | None = None
    """Free text stored with it (often JSON written by an application)."""
    public: bool | None = None
    """Whether anyone holding its RID may read it."""
    locked: bool | None = None
    """A client's or dispatch's locked flag."""
    limits: Limits | None = None
    """A client's resource limits."""
    format: Literal["float", "integer", "string"] | None = None
    """A dataport's value type: ``float``, ``integer`` or ``string``."""
    preprocess: (
        list[tuple[Literal["add", "sub", "mul", "div", "mod", "gt", "geq", "lt", "leq", "eq", "neq", "value"], Any]]
        | None
    ) = None
    """Operations applied to each written value first: ``(op, operand)`` pairs, the operand a number or a RID."""
    retention: Retention | None = None
    """How many points and how many hours of history it keeps."""
    subscribe: str | None = None
    """The RID of the resource whose values it receives, or ``None``."""
    rule: SimpleRule | TimeoutRule | IntervalRule | DurationRule | CountRule | ScriptRule | None = None
    """A datarule's rule."""
    method: Literal["email", "http_get", "http_post", "http_put", "sms", "xmpp"] | None = None
    """A dispatch's method: ``email``, ``http_get``, ``http_post``, ``http_put``, ``sms`` or ``xmpp``."""
    recipient: str | None = None
    """A dispatch's recipient (address, number or URL)."""
    subject: str | None = None
    """A dispatch's subject line."""
    message: str | None = None
    """A dispatch's message."""

    @field_validator("rule", mode="before")
    @classmethod
    def _parse_rule(cls, value: Any) -> Any:
        return rule_from_wire(value) if isinstance(value, dict) else value

    def sent_fields(self) -> dict[str, Any]:
        """The fields the platform sent (typed), with any extra ones, by name."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class Info(Model):
    """What ``info`` returns: only the sections asked for (and visible to the caller) are set."""

    aliases: Any = None
    """``{rid: [alias, ...]}`` of a client's children (owner or self only)."""
    basic: BasicInfo | None = None
    """Type, status, last change and subscriber count."""
    counts: dict[str, int] | None = None
    """Counts of the client's resources and messages, by name."""
    description: ResourceDescription | None = None
    """The resource's description (name, meta, format, rule...)."""
    key: SecretStr | None = None
    """The client's CIK (direct owner only; masked in reprs)."""
    shares: list[ShareInfo] | None = None
    """The shares of the resource (owner or self only)."""
    storage: StorageInfo | None = None
    """A dataport's stored point count, first and last timestamps and size."""
    subscribers: Any = None
    """The resources subscribed to it, as the platform reports them."""
    tagged: list[str] | None = None
    """The RIDs tagged by this client (owner or self only)."""
    tags: list[str] | None = None
    """The tags on the resource."""
    usage: Any = None
    """The client's usage of each metric, as the platform reports it."""


class ActivationLogEntry(Model):
    """One line of a serial number's activation log."""

    timestamp: int
    """When it happened (unix time, seconds)."""
    connection: str = ""
    """The connection the device came from (``conninfo``)."""
    entry: str = ""
    """What happened (e.g. an activation)."""


class SerialNumberRange(_Wire):
    """A range of serial numbers.

    ``format`` is ``base10`` (decimal, zero-padded to ``length``), ``base16`` (hexadecimal, padded
    to ``length``, in ``casing``) or a MAC-48 form (``mac:48``, ``mac-48``, ``mac.48``: 12 hex digits
    in ``casing``), as the provisioning docs list them.
    """

    format: str = "base10"
    """``base10``, ``base16``, or a MAC-48 form (``mac:48``, ``mac-48``, ``mac.48``)."""
    length: int | None = None
    """The digits each serial number is padded to."""
    casing: Literal["lower", "upper"] | None = None
    """``lower`` or ``upper`` case for hexadecimal digits."""
    first: int
    """The first number of the range."""
    last: int
    """The last number of the range (inclusive)."""


class GroupMember(Model):
    """A member of a provisioning group."""

    type: Literal["sn", "content", "group"]
    """What the member is: ``sn``, ``content`` or ``group``."""
    member_id: str
    """The serial number, content id or group id."""
    expire: str = ""
    """When the membership ends, as the platform wrote it (empty for never)."""
    meta: str = ""
    """Free text stored with the membership."""


class Group(Model):
    """A provisioning group of a model."""

    id: str
    """The group id."""
    meta: str = ""
    """Free text stored with the group."""


class DeviceContentInfo(Model):
    """What a device sees of a content blob."""

    type: str
    """The content's MIME type."""
    size: int
    """Its size in bytes."""
    updated: int
    """When it was last uploaded (unix time, seconds)."""
    meta: str = ""
    """Free text stored with it."""


__all__ = [
    "MAX_STRING_VALUE",
    "ActivationLogEntry",
    "BasicInfo",
    "ClientDescription",
    "Comparison",
    "CountRule",
    "DataportDescription",
    "DataruleDescription",
    "Description",
    "DeviceContentInfo",
    "DispatchDescription",
    "DispatchMethod",
    "DurationRule",
    "Format",
    "Group",
    "GroupMember",
    "GroupMemberType",
    "Info",
    "IntervalRule",
    "Limit",
    "Limits",
    "Point",
    "PreprocessOp",
    "ResourceDescription",
    "ResourceStatus",
    "ResourceType",
    "Retention",
    "Rule",
    "ScriptRule",
    "SerialNumberRange",
    "ShareInfo",
    "SimpleRule",
    "StorageInfo",
    "TimeoutRule",
    "UsageMetric",
    "Value",
    "rule_from_wire",
    "rule_to_wire",
]
