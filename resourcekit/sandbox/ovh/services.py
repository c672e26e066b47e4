"""Routes for every OVH service type: ``GET /{type}`` and ``GET /{type}/{id}/serviceInfos``.

Scripts that walk an account's services (python-ovh's service examples) call both for dozens of
types; the emulator answers each as the API answers an account: the ids it holds (``[]`` when it
holds none), a ``serviceInfos`` object per id, OVH's 404 text for an id it does not hold.
Importing this module registers the routes (the package's ``__init__`` does).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from resourcekit.sandbox.ovh.app import ROUTES, Call, OVHApp, not_found, route
from resourcekit.sandbox.ovh.catalogue import SERVICE_TYPES
from resourcekit.sandbox.ovh.state import BASE_DATE, Json, OVHState

# Where the ids of the types the emulator models come from.
_MODELED_IDS: dict[str, Callable[[OVHState], list[str]]] = {
    "dedicated/server": lambda state: list(state.servers),
    "domain/zone": lambda state: list(state.zones),
    "email/domain": lambda state: list(state.email_domains),
    "domain": lambda state: list(state.zones),
    "ip": lambda state: [f"{server['ip']}/32" for server in state.servers.values()],
}


def service_ids(state: OVHState, service_type: str) -> list[str]:
    """The ids of ``service_type`` the account holds."""
    if service_type in _MODELED_IDS:
        return _MODELED_IDS[service_type](state)
    return list(state.services.get(service_type, ()))


def service_infos(state: OVHState, service_type: str, name: str) -> Json:
    """A ``serviceInfos`` object, the same for the same service on the same day."""
    spread = int(hashlib.sha1(f"{service_type}/{name}".encode()).hexdigest()[:8], 16)
    contact = str(state.me.get("nichandle", "xx1234-ovh"))
    return {
        "domain": name,
        "serviceId": 10_000_000 + spread % 90_000_000,
        "status": "ok",
        "creation": (BASE_DATE.date() - dt.timedelta(days=spread % 700)).isoformat(),
        "expiration": (state.now().date() + dt.timedelta(days=15 + spread % 350)).isoformat(),
        "engagedUpTo": None,
        "possibleRenewPeriod": [1, 3, 6, 12],
        "renewalType": "automaticV2016",
        "canDeleteAtExpiration": True,
        "renew": {"automatic": True, "deleteAtExpiration": False, "forced": False, "manualPayment": False, "period": 1},
        "contactAdmin": contact,
        "contactBilling": contact,
        "contactTech": contact,
    }


def _served(method: str, template: str) -> bool:
    parts = tuple(template.strip("/").split("/"))
    return any(r.method == method and r.template == parts for r in ROUTES)


def _register(service_type: str) -> None:
    kind = SERVICE_TYPES[service_type]

    def listing(app: OVHApp, call: Call) -> Any:
        return service_ids(app.state, service_type)

    def infos(app: OVHApp, call: Call) -> Any:
        name = call.args[kind.id]
        if name not in service_ids(app.state, service_type):
            raise not_found(f"The requested object ({kind.id} = {name}) does not exist")
        return service_infos(app.state, service_type, name)

    if not _served("GET", f"/{service_type}"):
        route("GET", f"/{service_type}")(listing)
    if kind.service_infos:
        route("GET", f"/{service_type}/{{{kind.id}}}/serviceInfos")(infos)


for _type in SERVICE_TYPES:
    _register(_type)

__all__ = ["service_ids", "service_infos"]
