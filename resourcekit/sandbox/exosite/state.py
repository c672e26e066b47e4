"""The emulator's in-memory One Platform: a tree of resources, keys, shares, tokens, provisioning."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from resourcekit.sandbox.base import SandboxSettings, SideEffects

SEED_EPOCH = 1_700_000_000
"""Seeded history is timestamped from here, one point a minute."""


@dataclass
class Node:
    """One resource of the tree."""

    rid: str
    type: str
    parent: str | None
    description: dict[str, Any]
    created: int
    modified: int
    status: str = "activated"
    cik: str | None = None
    children: list[str] = field(default_factory=list[str])
    aliases: dict[str, str] = field(default_factory=dict[str, str])  # clients: alias -> child rid
    points: list[tuple[int, Any]] = field(default_factory=list[tuple[int, Any]])  # sorted by time
    sequence: int = 0  # bumped on every stored point (wakes waits)
    tags: dict[str, set[str]] = field(default_factory=dict[str, set[str]])  # tag -> the clients that put it


@dataclass
class Share:
    code: str
    rid: str
    meta: str = ""
    activator: str | None = None


@dataclass
class Grant:
    token: str
    issuer: str
    permissions: dict[str, set[str]]
    expires: float | None


@dataclass
class SerialNumber:
    sn: str
    extra: str = ""
    enabled: bool = False
    rid: str = ""
    status: str = ""  # "", notactivated, activated, expired
    log: list[tuple[int, str, str]] = field(default_factory=list[tuple[int, str, str]])


@dataclass
class Content:
    id: str
    meta: str = ""
    protected: bool = False
    type: str = "application/octet-stream"
    data: bytes = b""
    updated: int = 0


@dataclass
class ProvisionModel:
    vendor: str
    name: str
    rid: str | None = None
    code: str | None = None
    options: list[str] = field(default_factory=list[str])
    serial_numbers: dict[str, SerialNumber] = field(default_factory=dict[str, SerialNumber])
    ranges: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])
    content: dict[str, Content] = field(default_factory=dict[str, Content])
    groups: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    shared_with: set[str] = field(default_factory=set[str])


@dataclass
class Vendor:
    name: str
    client: str  # the rid of the client that registered it (its CIK is the vendor CIK)
    token: str
    admin_tokens: dict[str, str] = field(default_factory=dict[str, str])


class OnePlatformState:
    """Everything the emulator remembers; ``clock`` gives unix time (tests may replace it)."""

    def __init__(self, settings: SandboxSettings, side_effects: SideEffects) -> None:
        self.settings = settings
        self.side_effects = side_effects
        self.rng: random.Random = random.Random(settings.seed)
        self.clock: Callable[[], float] = time.time
        self.nodes: dict[str, Node] = {}
        self.ciks: dict[str, str] = {}
        self.shares: dict[str, Share] = {}
        self.grants: dict[str, Grant] = {}
        self.vendors: dict[str, Vendor] = {}
        self.models: dict[tuple[str, str], ProvisionModel] = {}
        self.connections: set[Any] = set()
        self.requests_on_connection: dict[Any, int] = {}
        self._changed: asyncio.Event | None = None
        self.root = ""

    # -- ids and time ------------------------------------------------------------------------

    def new_key(self) -> str:
        return f"{self.rng.getrandbits(160):040x}"

    def new_secret(self) -> str:
        """A new CIK or token: a key behind the settings' ``token_prefix``."""
        return self.settings.token_prefix + self.new_key()

    def now(self) -> int:
        return int(self.clock())

    # -- change notification (for wait and long polls) -----------------------------------------

    def changed_event(self) -> asyncio.Event:
        if self._changed is None:
            self._changed = asyncio.Event()
        return self._changed

    def notify(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = None

    # -- the tree ----------------------------------------------------------------------------

    def add_node(
        self, parent: str | None, kind: str, description: dict[str, Any], *, status: str = "activated"
    ) -> Node:
        now = self.now()
        node = Node(self.new_key(), kind, parent, dict(description), now, now, status=status)
        if kind == "client":
            node.cik = self.new_secret()
            self.ciks[node.cik] = node.rid
        else:
            node.description.setdefault("retention", {"count": "infinity", "duration": "infinity"})
            node.description.setdefault("preprocess", [])
            node.description.setdefault("subscribe", None)
        for key, default in (("name", ""), ("meta", ""), ("public", False)):
            node.description.setdefault(key, default)
        self.nodes[node.rid] = node
        if parent is not None:
            self.nodes[parent].children.append(node.rid)
        return node

    def is_within(self, rid: str, ancestor: str) -> bool:
        """Whether ``rid`` is ``ancestor`` or in its subtree."""
        current: str | None = rid
        while current is not None:
            if current == ancestor:
                return True
            node = self.nodes.get(current)
            current = node.parent if node else None
        return False

    def subtree(self, rid: str) -> list[str]:
        found = [rid]
        for child in self.nodes[rid].children:
            found.extend(self.subtree(child))
        return found

    def remove(self, rid: str) -> None:
        node = self.nodes[rid]
        for gone in self.subtree(rid):
            removed = self.nodes.pop(gone)
            if removed.cik:
                self.ciks.pop(removed.cik, None)
            for code in [c for c, s in self.shares.items() if s.rid == gone]:
                del self.shares[code]
        if node.parent is not None and node.parent in self.nodes:
            parent = self.nodes[node.parent]
            parent.children.remove(rid)
            for alias in [a for a, target in parent.aliases.items() if target == rid]:
                del parent.aliases[alias]

    def clone(self, source: str, parent: str, *, aliases: bool = True, historical: bool = True) -> Node:
        """Copy a client and its subtree under ``parent``."""
        original = self.nodes[source]
        copy = self.add_node(parent, original.type, json.loads(json.dumps(original.description)))
        if historical:
            copy.points = list(original.points)
        mapping = {source: copy.rid}
        for child in list(original.children):
            mapping[child] = self.clone(child, copy.rid, aliases=aliases, historical=historical).rid
        if aliases:
            copy.aliases = {alias: mapping[target] for alias, target in original.aliases.items() if target in mapping}
        return copy

    # -- data ----------------------------------------------------------------------------

    def store(self, node: Node, ts: int, value: Any) -> None:
        node.points.append((ts, value))
        node.points.sort(key=lambda point: point[0])
        node.sequence += 1
        node.modified = self.now()
        self.apply_retention(node)
        self.notify()

    def apply_retention(self, node: Node) -> None:
        found: Any = node.description.get("retention")
        retention = cast("dict[str, Any]", found) if isinstance(found, dict) else {}
        count: Any = retention.get("count", "infinity")
        duration: Any = retention.get("duration", "infinity")
        if isinstance(duration, int | float) and not isinstance(duration, bool):
            horizon = self.now() - int(duration * 3600)
            node.points = [p for p in node.points if p[0] >= horizon]
        if isinstance(count, int) and not isinstance(count, bool):
            node.points = node.points[-count:] if count > 0 else []
