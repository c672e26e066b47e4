"""What every provider emulator hands the sandbox framework.

An emulator is a plain ASGI application plus the facts a client needs to talk to it (credentials,
environment variables) and the side-effect counters tests read to prove nothing was written twice.
The framework wraps it in the fault layer and serves it in-process or over real sockets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic

from starlette.types import ASGIApp, Receive
from typing_extensions import TypeVar

ClientT = TypeVar("ClientT", default=Any)
"""A provider's sync client class (`resourcekit.ovh.OVH`...)."""
AsyncClientT = TypeVar("AsyncClientT", default=Any)
"""A provider's async client class (`resourcekit.ovh.AsyncOVH`...)."""


@dataclass(frozen=True)
class SandboxSettings:
    """How an emulator seeds itself.

    Attributes:
        seed_size: How many of each seeded collection (bills, domains, hooks...) to create. Benchmarks
            raise it; the default keeps demos readable.
        seed: Seed of every random choice the emulator makes, so two runs hold the same data.
        credentials: Caller-chosen credentials; each one given replaces the seeded value, so tests
            can plant recognisable secrets. Names: HEXONET ``password``, ``otp_password`` (of
            ``otp.user``), ``otp`` (one more accepted one-time password); OVH ``application_key``,
            ``application_secret``, ``consumer_key``, ``client_id``, ``client_secret``; Exosite
            ``cik``, ``vendor_token``; hook.io ``hook_private_key``, ``password``; Siminars
            ``password`` (of the facilitator), ``apitoken``.
        token_prefix: Put in front of every secret the emulator issues: HEXONET session ids, OVH
            consumer keys and bearer tokens, Exosite CIKs and tokens, hook.io keys and login
            sessions, Siminars authtokens (tests plant a canary there to prove they never leak).
    """

    seed_size: int = 5
    seed: int = 0
    credentials: Mapping[str, str] | None = field(default=None, hash=False)
    token_prefix: str = ""

    def credential(self, name: str, seeded: str) -> str:
        """The caller's value for the credential ``name``, else the seeded one."""
        if self.credentials is None:
            return seeded
        return self.credentials.get(name, seeded)


@dataclass
class SideEffects:
    """Counts the writes an emulator performed, by name (for example ``"AddDomain"``)."""

    counts: Counter[str] = field(default_factory=lambda: Counter[str]())

    def record(self, name: str) -> None:
        self.counts[name] += 1

    def __getitem__(self, name: str) -> int:
        return self.counts[name]

    def total(self) -> int:
        return sum(self.counts.values())

    def reset(self) -> None:
        self.counts.clear()


@dataclass
class Emulator:
    """One running emulator's state, as the framework sees it.

    Attributes:
        app: The provider's ASGI application, without faults.
        credentials: What a client needs to sign in (shown in the ``serve`` JSON line).
        side_effects: Write counters the application increments.
        state: The emulator's own in-memory state object, for tests that want to look inside.
    """

    app: ASGIApp
    credentials: Mapping[str, str]
    side_effects: SideEffects
    state: Any = None


@dataclass(frozen=True)
class SandboxProvider(Generic[ClientT, AsyncClientT]):
    """A provider's entry in the sandbox registry.

    Attributes:
        name: The provider's name on the command line (``ovh``, ``hexonet``...).
        create: Builds a fresh emulator with seeded state.
        environment: The environment variables that point the provider's client at a sandbox URL
            with the given credentials, so documented examples run unchanged against it.
        sync_client: Builds the provider's sync client for a sandbox URL; extra keyword arguments
            (``timeout``, ``max_retries``, ``http_transport``...) are passed on.
        async_client: The same for the async client.
    """

    name: str
    create: Callable[[SandboxSettings], Emulator]
    environment: Callable[[str, Mapping[str, str]], dict[str, str]]
    sync_client: Callable[..., ClientT]
    async_client: Callable[..., AsyncClientT]


def connection_of(receive: Receive) -> object:
    """The server's per-connection object behind a request, if the server exposes one (else
    ``None``): uvicorn's ``receive`` is a method of the request cycle, which holds the connection's
    transport. A client port reused by a new connection then is not mistaken for the old one."""
    cycle = getattr(receive, "__self__", None)
    return getattr(cycle, "transport", None)
