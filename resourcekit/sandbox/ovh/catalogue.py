"""The OVH service types the emulator answers, as data (``models/ovh-services.yaml`` lists them too).

Each type answers ``GET /{type}`` with the ids the account holds (``[]`` for none) and, unless
said otherwise, ``GET /{type}/{id}/serviceInfos``. Types resourcekit models take their ids from
the account's objects; a few others hold seeded ids so that walking every service finds some.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class ServiceType:
    """One service type: its path parameter's name, its seeded ids, whether it has serviceInfos."""

    id: str = "serviceName"
    seeded: tuple[str, ...] = ()
    modeled: bool = False
    service_infos: bool = True


_PLAIN: Final = ServiceType()

SERVICE_TYPES: Final[Mapping[str, ServiceType]] = {
    # The 39 types python-ovh's service examples walk.
    "allDom": _PLAIN,
    "cdn/dedicated": _PLAIN,
    "cdn/website": _PLAIN,
    "cdn/webstorage": _PLAIN,
    "cloud/project": ServiceType(seeded=("7c1f4b2e9d3a4e6f8b0c1d2e3f4a5b6c",)),
    "cluster/hadoop": _PLAIN,
    "dedicated/housing": _PLAIN,
    "dedicated/nas": _PLAIN,
    "dedicated/nasha": _PLAIN,
    "dedicated/server": ServiceType(modeled=True),
    "dedicatedCloud": _PLAIN,
    "domain/zone": ServiceType(id="zoneName", modeled=True),
    "email/domain": ServiceType(id="domain", modeled=True),
    "email/exchange": ServiceType(id="organizationName"),
    "freefax": _PLAIN,
    "hosting/privateDatabase": _PLAIN,
    "hosting/web": ServiceType(seeded=("example.com",)),
    "hosting/windows": _PLAIN,
    "hpcspot": _PLAIN,
    "license/cloudLinux": _PLAIN,
    "license/cpanel": _PLAIN,
    "license/directadmin": _PLAIN,
    "license/office": _PLAIN,
    "license/plesk": _PLAIN,
    "license/sqlserver": _PLAIN,
    "license/virtuozzo": _PLAIN,
    "license/windows": _PLAIN,
    "license/worklight": _PLAIN,
    "overTheBox": _PLAIN,
    "pack/xdsl": ServiceType(id="packName"),
    "partner": ServiceType(id="partnerId"),
    "router": _PLAIN,
    "sms": _PLAIN,
    "telephony": ServiceType(id="billingAccount"),
    "telephony/spare": ServiceType(id="spare"),
    "veeamCloudConnect": _PLAIN,
    "vps": ServiceType(seeded=("vps-5d8e1f2a.vps.ovh.net", "vps-9b3c7a10.vps.ovh.net")),
    "xdsl": _PLAIN,
    "xdsl/spare": ServiceType(id="spare"),
    # Other product roots of the API console.
    "dbaas/logs": _PLAIN,
    "dedicated/ceph": _PLAIN,
    "domain": ServiceType(modeled=True),
    "email/mxplan": ServiceType(id="service"),
    "email/pro": ServiceType(id="service"),
    "hosting/reseller": _PLAIN,
    "ip": ServiceType(id="ip", modeled=True, service_infos=False),
    "ipLoadbalancing": _PLAIN,
    "license/redhat": _PLAIN,
    "msServices": _PLAIN,
    "ssl": _PLAIN,
    "sslGateway": _PLAIN,
    "vrack": _PLAIN,
}
"""Every service type, by its path under ``/1.0`` (no leading slash)."""

__all__ = ["SERVICE_TYPES", "ServiceType"]
