"""Read-only record fields are refused by the type checkers, not only at run time; never run.

Each refused write carries ``# type: ignore[misc]``, which both checkers honour. The file turns on
pyright's ``reportUnnecessaryTypeIgnoreComment`` (and mypy's strict mode warns about unused ignores),
so a write that stopped being an error fails the check: the comment would then ignore nothing.
"""

# pyright: reportUnnecessaryTypeIgnoreComment=error

from __future__ import annotations

from resourcekit.exosite import Dataport
from resourcekit.hexonet import Domain
from resourcekit.hookio import Hook
from resourcekit.ovh import Bill, DedicatedServer, Me
from resourcekit.siminars import Siminar


def ovh_writes(server: DedicatedServer, bill: Bill, me: Me) -> None:
    server.datacenter = "gra3"  # type: ignore[misc]
    server.server_id = 1  # type: ignore[misc]
    bill.bill_id = "FR1"  # type: ignore[misc]
    me.nichandle = "xx1-ovh"  # type: ignore[misc]
    # Writable fields stay assignable.
    server.monitoring = True
    me.firstname = "Ada"


def other_providers(domain: Domain, dataport: Dataport, hook: Hook, siminar: Siminar) -> None:
    domain.domain = "example.org"  # type: ignore[misc]
    dataport.rid = "0" * 40  # type: ignore[misc]
    hook.owner = "marak"  # type: ignore[misc]
    siminar.id = "x"  # type: ignore[misc]
