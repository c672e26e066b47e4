"""The Siminars emulator: the documented routes over TCP or a Unix socket, seeded and deterministic.

Users of the seed (passwords are known, so tests and examples can sign in):

- ``facilitator@siminars.test`` / ``tasks-and-queues``: the author of the seed siminar;
- ``coinstructor@siminars.test`` / ``second-voice``;
- ``student1@siminars.test`` / ``student1-pass`` (a member of the seed siminar), ``student2@...``...

The facilitator's Facebook, Google and LinkedIn accounts are linked, so ``login_with`` signs in
with ``sandbox-<service>-access-token`` (in the credentials as ``<service>_access_token``).

The apitoken is ``2`` (the documented DEBUG token).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from resourcekit.sandbox.base import Emulator, SandboxProvider, SandboxSettings, SideEffects
from resourcekit.sandbox.siminars.app import build_app
from resourcekit.sandbox.siminars.state import (
    APITOKEN,
    FACILITATOR_ACCESS_TOKENS,
    FACILITATOR_EMAIL,
    FACILITATOR_PASSWORD,
    SiminarsState,
    seed_state,
    student_email,
    student_password,
)

if TYPE_CHECKING:
    from resourcekit.siminars import AsyncSiminars, Siminars


def create(settings: SandboxSettings) -> Emulator:
    """A fresh emulator with seeded state."""
    side_effects = SideEffects()
    state = seed_state(settings, side_effects)
    credentials = {
        "apitoken": settings.credential("apitoken", APITOKEN),
        "email": FACILITATOR_EMAIL,
        "password": settings.credential("password", FACILITATOR_PASSWORD),
        "student_email": student_email(1),
        "student_password": student_password(1),
        "other_email": student_email(2) if settings.seed_size >= 2 else "",
        "other_password": student_password(2) if settings.seed_size >= 2 else "",
        **{
            f"{service}_access_token": settings.credential(f"{service}_access_token", token)
            for service, token in FACILITATOR_ACCESS_TOKENS.items()
        },
    }
    return Emulator(app=build_app(state), credentials=credentials, side_effects=side_effects, state=state)


def environment(url: str, credentials: Mapping[str, str]) -> dict[str, str]:
    """``SIMINARS_ADDRESS`` and ``SIMINARS_APITOKEN``: what ``Siminars()`` reads when given no arguments."""
    return {"SIMINARS_ADDRESS": url, "SIMINARS_APITOKEN": credentials.get("apitoken", APITOKEN)}


def _client_arguments(url: str, credentials: Mapping[str, str], kw: dict[str, Any]) -> dict[str, Any]:
    uds = kw.pop("uds", None)
    return {"address": uds or url, "apitoken": credentials.get("apitoken", APITOKEN), **kw}


def sync_client(url: str, credentials: Mapping[str, str], **kw: Any) -> Siminars:
    from resourcekit.siminars import Siminars

    return Siminars(**_client_arguments(url, credentials, kw))


def async_client(url: str, credentials: Mapping[str, str], **kw: Any) -> AsyncSiminars:
    from resourcekit.siminars import AsyncSiminars

    return AsyncSiminars(**_client_arguments(url, credentials, kw))


PROVIDER: SandboxProvider[Siminars, AsyncSiminars] = SandboxProvider(
    name="siminars",
    create=create,
    environment=environment,
    sync_client=sync_client,
    async_client=async_client,
)

__all__ = ["PROVIDER", "SiminarsState", "create", "environment"]
