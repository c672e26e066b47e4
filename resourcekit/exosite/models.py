"""Typed data of the One Platform: descriptions, rules, info sections, points, provisioning rows.

These are plain pydantic data classes (no client, no I/O), shared by the sync and async clients.
Descriptions dump to their wire form with `to_wire()`.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from pydantic import Field, SecretStr, field_serializer, field_validator

from resourcekit.core.errors import InvalidInputError
from resourcekit.core.records import Model

Format = Literal["float", "integer", "string"]
ResourceType = Literal["client", "dataport", "datarule", "dispatch"]
Comparison = Literal["gt", "geq", "lt", "leq", "eq", "neq"]
PreprocessOp = Literal["add", "sub", "mul", "div", "mod", "gt", "geq", "lt", "leq", "eq", "neq", "value"]
DispatchMethod = Literal["email", "http_get", "http_post", "http_put", "sms", "xmpp"]
UsageMetric = Literal["client", "dataport", "datarule", "dispatch", "share", "email", "http", "sms", "xmpp"]
Limit = int | Literal["inherit"]
Unbounded = int | Literal["infinity"]
Value = int | float | str

MAX_STRING_VALUE = 64 * 1024
"""A string value is at most 64 KB."""


class Point(NamedTuple):
    """One stored value: a unix timestamp (seconds) and the value."""

    timestamp: int
    value: Value


class _Wire(Model):
    def to_wire(self) -> dict[str, Any]:
        """The description as the RPC API expects it (unset fields left out)."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


class Limits(_Wire):
    """A client's resource limits: a number or ``"inherit"`` each (unset means 0)."""

    client: Limit | None = None
    dataport: Limit | None = None
    datarule: Limit | None = None
    dispatch: Limit | None = None
    disk: Limit | None = None
    email: Limit | None = None
    email_bucket: Limit | None = None
    http: Limit | None = None
    http_bucket: Limit | None = None
    share: Limit | None = None
    sms: Limit | None = None
    sms_bucket: Limit | None = None
    xmpp: Limit | None = None
    xmpp_bucket: Limit | None = None


class Retention(_Wire):
    """How much history a dataport keeps: a point count and a duration in hours."""

    count: Unbounded = "infinity"
    duration: Unbounded = "infinity"


class SimpleRule(_Wire):
    """True while the value compares to ``constant``."""

    comparison: Comparison
    constant: float
    repeat: bool = False


class TimeoutRule(_Wire):
    """True when no value arrived for ``timeout`` seconds."""

    timeout: int
    repeat: bool = False


class IntervalRule(_Wire):
    """True when values keep comparing to ``constant`` within ``timeout`` seconds of each other."""

    comparison: Comparison
    constant: float
    timeout: int
    repeat: bool = False


class DurationRule(_Wire):
    """True when the value compared to ``constant`` for ``timeout`` seconds."""

    comparison: Comparison
    constant: float
    timeout: int
    repeat: bool = False


class CountRule(_Wire):
    """True when ``count`` values compared to ``constant`` within ``timeout`` seconds."""

    comparison: Comparison
    constant: float
    count: int
    timeout: int
    repeat: bool = False


class ScriptRule(_Wire):
    """A Lua script rule."""

    script: str

    def to_wire(self) -> dict[str, Any]:
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
    meta: str | None = None
    public: bool | None = None
    locked: bool | None = None
    limits: Limits | None = None


class DataportDescription(_Wire):
    """The description of a dataport; ``format`` cannot change after creation."""

    format: Format = "string"
    name: str | None = None
    meta: str | None = None
    public: bool | None = None
    preprocess: list[tuple[PreprocessOp, Any]] | None = None
    retention: Retention | None = None
    subscribe: str | None = None


class DataruleDescription(DataportDescription):
    """A datarule: a dataport whose values a rule computes."""

    rule: Rule = Field(default_factory=lambda: SimpleRule(comparison="gt", constant=0))

    @field_validator("rule", mode="before")
    @classmethod
    def _parse_rule(cls, value: Any) -> Any:
        return rule_from_wire(value) if isinstance(value, dict) else value

    @field_serializer("rule")
    def _dump_rule(self, rule: Rule) -> dict[str, Any]:
        return rule_to_wire(rule)


class DispatchDescription(DataportDescription):
    """A dispatch: sends a message when its subscribed resource changes."""

    method: DispatchMethod = "email"
    recipient: str = ""
    subject: str | None = None
    message: str | None = None
    locked: bool | None = None


Description = ClientDescription | DataportDescription | DataruleDescription | DispatchDescription


class BasicInfo(Model):
    """The ``basic`` info section."""

    type: str
    status: str | None = None
    modified: int | None = None
    subscribers: int | None = None


class StorageInfo(Model):
    """The ``storage`` info section of a dataport."""

    count: int = 0
    first: int | None = None
    last: int | None = None
    size: int = 0


class ShareInfo(Model):
    """One share of a resource: its code, meta and who activated it."""

    code: str
    meta: str = ""
    activator: str | None = None


class Info(Model):
    """What ``info`` returns: only the sections asked for (and visible to the caller) are set."""

    aliases: Any = None
    basic: BasicInfo | None = None
    counts: dict[str, int] | None = None
    description: dict[str, Any] | None = None
    key: SecretStr | None = None
    shares: list[ShareInfo] | None = None
    storage: StorageInfo | None = None
    subscribers: Any = None
    tagged: list[str] | None = None
    tags: list[str] | None = None
    usage: Any = None


class ActivationLogEntry(Model):
    """One line of a serial number's activation log."""

    timestamp: int
    connection: str = ""
    entry: str = ""


class SerialNumberRange(_Wire):
    """A range of serial numbers.

    ``format`` is ``base10`` (decimal, zero-padded to ``length``), ``base16`` (hexadecimal, padded
    to ``length``, in ``casing``) or a MAC-48 form (``mac:48``, ``mac-48``, ``mac.48``: 12 hex digits
    in ``casing``), as the provisioning docs list them.
    """

    format: str = "base10"
    length: int | None = None
    casing: Literal["lower", "upper"] | None = None
    first: int
    last: int


class GroupMember(Model):
    """A member of a provisioning group."""

    type: str
    member_id: str
    expire: str = ""
    meta: str = ""


class Group(Model):
    """A provisioning group of a model."""

    id: str
    meta: str = ""


class DeviceContentInfo(Model):
    """What a device sees of a content blob."""

    type: str
    size: int
    updated: int
    meta: str = ""


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
    "Info",
    "IntervalRule",
    "Limit",
    "Limits",
    "Point",
    "PreprocessOp",
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
