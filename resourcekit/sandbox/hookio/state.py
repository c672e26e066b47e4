"""The hook.io emulator's in-memory world: users, keys, hooks, logs, events, datastore, files, env,
domains and hit counters, seeded deterministically."""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from resourcekit.sandbox.base import SandboxSettings, SideEffects

ALL_ROLES: tuple[str, ...] = (
    "hook::run",
    "hook::update",
    "hook::create",
    "hook::destroy",
    "hook::find",
    "hook::logs::read",
    "hook::logs::write",
    "hook::source::read",
    "hook::view::read",
    "hook::presenter::read",
    "hook::resource::read",
    "hook::package::read",
    "events::read",
    "events::write",
    "files::upload",
    "files::download",
    "files::readFile",
    "files::writeFile",
    "files::removeFile",
    "files::readdir",
    "files::stat",
    "files::createReadStream",
    "files::createWriteStream",
    "domain::create",
    "domain::get",
    "domain::find",
    "domain::update",
    "domain::destroy",
    "datastore::del",
    "datastore::get",
    "datastore::recent",
    "datastore::set",
    "env::read",
    "env::write",
    "keys::create",
    "keys::checkAccess",
    "keys::destroy",
    "keys::read",
    "cron::create",
    "cron::update",
    "cron::destroy",
    "cron::read",
    "cron::resource::read",
)

LANGUAGES: tuple[str, ...] = (
    "javascript",
    "es7",
    "babel",
    "coffee-script",
    "bash",
    "clisp",
    "gcc",
    "go",
    "java",
    "lua",
    "ocaml",
    "perl",
    "php",
    "python",
    "python3",
    "ruby",
    "r",
    "rust",
    "scheme",
    "smalltalk",
    "tcl",
)
"""The languages hook.io lists on /languages (an HTML page only)."""

MAX_ENTRIES = 50
DATASTORE_QUOTA = 100
RECENT_KEYS = 5
SEED_TIME = datetime(2016, 6, 1, tzinfo=timezone.utc)
MAIN_USER = "marak"
OTHER_USER = "alice"
EXAMPLES_USER = "examples"
MAIN_PASSWORD = "sandbox-password"
READONLY_ROLES = "hook::run,datastore::get,datastore::recent,events::read,hook::logs::read"

ECHO_SOURCE = """module['exports'] = function echo (hook) {
  hook.res.json(hook.params);
};
"""
PYTHON_HELLO = """import json
print(json.dumps({"hello": Hook.params.get("name", "world")}))
"""
PYTHON_SECRET = """import sys
sys.stderr.write('{"type":"log","payload":{"entry":"secret run"}}\\n')
print("the secret is safe")
"""


def now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Topic:
    """Entries kept newest first (at most 50) plus live delivery to stream readers.

    Readers on any event loop wait with `wait_after`; writers wake them thread-safely.
    """

    def __init__(self) -> None:
        self.entries: list[tuple[int, dict[str, Any]]] = []
        self.sequence: int = 0
        self.endless_line_bytes: int = 0
        """A test knob: when set, each stream of this topic first sends this many bytes of one line
        that never ends (a misbehaving server), then keeps the connection open."""
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    def add(self, entry: dict[str, Any]) -> None:
        self.sequence += 1
        self.entries.insert(0, (self.sequence, entry))
        del self.entries[MAX_ENTRIES:]
        for loop, event in list(self._waiters):
            loop.call_soon_threadsafe(event.set)

    def flush(self) -> int:
        had = len(self.entries)
        self.entries.clear()
        return 1 if had else 0

    def newest_first(self) -> list[dict[str, Any]]:
        return [entry for _, entry in self.entries]

    def after(self, sequence: int) -> list[tuple[int, dict[str, Any]]]:
        """Entries newer than ``sequence``, oldest first."""
        return [item for item in reversed(self.entries) if item[0] > sequence]

    async def wait_after(self, sequence: int) -> None:
        if self.sequence > sequence:
            return
        waiter = (asyncio.get_running_loop(), asyncio.Event())
        self._waiters.add(waiter)
        try:
            while self.sequence <= sequence:
                await waiter[1].wait()
                waiter[1].clear()
        finally:
            self._waiters.discard(waiter)


@dataclass
class StoredFile:
    contents: bytes
    ctime: datetime
    mtime: datetime
    generation: int
    content_type: str = "text/plain"


@dataclass
class HookIOState:
    """Everything the emulator knows."""

    side_effects: SideEffects
    rng: random.Random
    users: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    keys: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])  # by private key
    hooks: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict[tuple[str, str], dict[str, Any]])
    logs: dict[tuple[str, str], Topic] = field(default_factory=dict[tuple[str, str], Topic])
    events: dict[str, Topic] = field(default_factory=dict[str, Topic])
    datastore: dict[str, dict[str, str]] = field(default_factory=dict[str, dict[str, str]])
    recent: dict[str, list[str]] = field(default_factory=dict[str, list[str]])
    files: dict[str, dict[str, StoredFile]] = field(default_factory=dict[str, dict[str, StoredFile]])
    env: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    domains: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    crons: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict[tuple[str, str], dict[str, Any]])
    hits: Counter[tuple[str, str]] = field(default_factory=lambda: Counter[tuple[str, str]]())
    sessions: dict[str, str] = field(default_factory=dict[str, str])
    hook_timeout: float = 10.0
    token_prefix: str = ""
    """Put in front of every private key and login session the emulator issues."""

    # -- ids ---------------------------------------------------------------------------------

    def new_uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    # -- users and keys ----------------------------------------------------------------------

    def add_user(self, name: str, password: str | None, email: str | None = None) -> dict[str, Any]:
        internal = self.add_key(name, "api-access-key", ",".join(ALL_ROLES), key_type="internal")
        user = {
            "name": name,
            "email": email or f"{name}@example.com",
            "password": password,
            "status": "active",
            "paidStatus": "paid" if name == MAIN_USER else "free",
            "servicePlan": "premium" if name == MAIN_USER else "free",
            "hookAccessKey": internal["hook_private_key"],
            "stripeID": f"cus_{self.rng.getrandbits(40):010x}",
        }
        self.users[name] = user
        return user

    def add_key(
        self, owner: str, name: str, roles: str, *, key_type: str = "user", at: datetime | None = None
    ) -> dict[str, Any]:
        moment = iso(at or SEED_TIME)
        key: dict[str, Any] = {
            "name": name,
            "owner": owner,
            "hook_private_key": self.token_prefix + self.new_uuid(),
            "hook_public_key": self.new_uuid(),
            "key_type": key_type,
            "status": "active",
            "readOnly": False,
            "roles": roles,
            "ctime": moment,
            "mtime": moment,
            "id": self.new_uuid(),
        }
        self.keys[key["hook_private_key"]] = key
        return key

    def keys_of(self, owner: str) -> list[dict[str, Any]]:
        return [key for key in self.keys.values() if key["owner"] == owner]

    # -- hooks -------------------------------------------------------------------------------

    def add_hook(self, owner: str, name: str, fields: dict[str, Any], at: datetime | None = None) -> dict[str, Any]:
        moment = iso(at or now())
        private = bool(fields.get("isPrivate", False))
        doc: dict[str, Any] = {
            "name": name,
            "owner": owner,
            "language": "javascript",
            "source": "",
            "sourceType": "code",
            "hookSource": "code",
            "isPrivate": private,
            "isPublic": not private,
            "status": "active",
            "mode": "Development",
            "customTimeout": 10000,
            "themeName": "simple",
            "themeSource": "<div class='hook-output'>{{hook.output}}</div>",
            "presenterSource": "module['exports'] = function (opts, cb) { cb(null, opts.$.html()); };",
            "cacheSource": False,
            "cacheView": False,
            "ctime": moment,
            "mtime": moment,
            "id": self.new_uuid(),
            "_rev": "1-" + uuid.UUID(int=self.rng.getrandbits(128)).hex,
        }
        doc.update({k: v for k, v in fields.items() if k not in ("owner", "name", "id", "_rev", "ctime")})
        doc["isPublic"] = not doc["isPrivate"]
        self.hooks[(owner, name)] = doc
        return doc

    def hook_logs(self, owner: str, name: str) -> Topic:
        return self.logs.setdefault((owner, name), Topic())

    def owner_events(self, owner: str) -> Topic:
        return self.events.setdefault(owner, Topic())

    def event(self, owner: str, kind: str, ip: str, /, **fields: Any) -> None:
        self.owner_events(owner).add({"type": kind, "time": iso(now()), "ip": ip, **fields})

    def log(self, owner: str, name: str, entry: Any, ip: str) -> None:
        self.hook_logs(owner, name).add({"time": iso(now()), "data": json.dumps(entry), "ip": ip})


def seed(settings: SandboxSettings) -> tuple[HookIOState, dict[str, str]]:
    """A fresh state with deterministic owners, keys, hooks, datastore, files, env and domains."""
    state = HookIOState(
        side_effects=SideEffects(), rng=random.Random(settings.seed), token_prefix=settings.token_prefix
    )
    size = max(settings.seed_size, 1)
    state.add_user(MAIN_USER, settings.credential("password", MAIN_PASSWORD))
    state.add_user(OTHER_USER, None)
    admin = state.add_key(MAIN_USER, "admin", ",".join(ALL_ROLES))
    chosen_key = settings.credential("hook_private_key", admin["hook_private_key"])
    if chosen_key != admin["hook_private_key"]:
        del state.keys[admin["hook_private_key"]]
        admin["hook_private_key"] = chosen_key
        state.keys[chosen_key] = admin
    readonly = state.add_key(MAIN_USER, "readonly", READONLY_ROLES)
    other = state.add_key(OTHER_USER, "admin", ",".join(ALL_ROLES))

    state.add_hook(
        MAIN_USER,
        "echo",
        {
            "source": ECHO_SOURCE,
            "mschema": {
                "param1": {"type": "string", "default": "foo"},
                "param2": {"type": "string", "default": "bar"},
            },
        },
        at=SEED_TIME,
    )
    state.add_hook(MAIN_USER, "hello", {"language": "python", "source": PYTHON_HELLO}, at=SEED_TIME)
    state.add_hook(
        MAIN_USER, "secret", {"language": "python", "source": PYTHON_SECRET, "isPrivate": True}, at=SEED_TIME
    )
    state.add_hook(OTHER_USER, "echo", {"source": ECHO_SOURCE}, at=SEED_TIME)
    state.add_hook(OTHER_USER, "private", {"source": ECHO_SOURCE, "isPrivate": True}, at=SEED_TIME)
    for index in range(size):
        moment = SEED_TIME + timedelta(days=index + 1)
        state.add_hook(MAIN_USER, f"hook-{index + 1}", {"source": ECHO_SOURCE}, at=moment)
        state.hits[(MAIN_USER, f"hook-{index + 1}")] = index * 3

    echo_logs = state.hook_logs(MAIN_USER, "echo")
    for index in range(min(size, 3)):
        moment = SEED_TIME + timedelta(hours=index)
        echo_logs.add({"time": iso(moment), "data": json.dumps(f"seeded entry {index + 1}"), "ip": "127.0.0.1"})
        state.owner_events(MAIN_USER).add(
            {"type": "hook::run", "time": iso(moment), "ip": "127.0.0.1", "url": "/marak/echo"}
        )
    state.hits[(MAIN_USER, "echo")] = min(size, 3)

    store = state.datastore.setdefault(MAIN_USER, {})
    for index in range(min(size, DATASTORE_QUOTA // 2)):  # big seeds still leave room under the quota
        store[f"key-{index + 1}"] = json.dumps({"n": index + 1, "tags": ["seed", f"t{index % 3}"], "ok": True})
    state.recent[MAIN_USER] = sorted(store, key=lambda name: int(name.split("-")[1]))[-RECENT_KEYS:][::-1]

    files = state.files.setdefault(MAIN_USER, {})
    files["/readme.txt"] = StoredFile(b"hello from the sandbox\n", SEED_TIME, SEED_TIME, 1)
    for index in range(size):
        body = json.dumps({"n": index + 1}).encode()
        files[f"/data/{index + 1}.json"] = StoredFile(body, SEED_TIME, SEED_TIME, index + 2, "application/json")

    state.crons[(MAIN_USER, "nightly")] = {
        "name": "nightly",
        "owner": MAIN_USER,
        "uri": "https://hook.io/marak/echo",
        "cronExpression": "0 0 * * *",
        "status": "active",
        "method": "GET",
        "ctime": iso(SEED_TIME),
        "mtime": iso(SEED_TIME),
        "id": state.new_uuid(),
    }
    state.env[MAIN_USER] = {"GREETING": "hello", "RETRIES": 3}
    state.env[OTHER_USER] = {}
    state.domains["marak.example.com"] = {
        "name": "marak.example.com",
        "forwardUrl": "/marak/echo",
        "owner": MAIN_USER,
        "ctime": iso(SEED_TIME),
        "mtime": iso(SEED_TIME),
        "id": state.new_uuid(),
    }
    # The public example hooks that hook.io's docs and clients call (added last, so the seeded
    # keys above keep their values).
    state.add_user(EXAMPLES_USER, None)
    state.add_hook(EXAMPLES_USER, "echo", {"source": ECHO_SOURCE}, at=SEED_TIME)
    state.env[EXAMPLES_USER] = {}
    credentials = {
        "owner": MAIN_USER,
        "hook_private_key": admin["hook_private_key"],
        "readonly_key": readonly["hook_private_key"],
        "hookAccessKey": state.users[MAIN_USER]["hookAccessKey"],
        "password": settings.credential("password", MAIN_PASSWORD),
        "other_owner": OTHER_USER,
        "other_key": other["hook_private_key"],
    }
    return state, credentials
