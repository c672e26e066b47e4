"""HEXONET (ISPAPI): the domain registrar's command API as typed records, sync and async.

```python
from resourcekit.hexonet import Hexonet

with Hexonet() as hexonet:                       # HEXONET_LOGIN / HEXONET_PASSWORD / HEXONET_URL
    for domain in hexonet.domains.list({"DOMAIN": "*.com"}):
        print(domain.domain, domain.expiration_date)
```
"""

from resourcekit.hexonet._async.client import AsyncHexonet, AsyncSessionScope
from resourcekit.hexonet._async.listing import AsyncListing
from resourcekit.hexonet._async.managers import (
    AsyncAccountManager,
    AsyncContactManager,
    AsyncDNSZoneManager,
    AsyncDomainManager,
    AsyncNameserverManager,
)
from resourcekit.hexonet._async.records import AsyncContact, AsyncDNSZone, AsyncDomain, AsyncNameserver
from resourcekit.hexonet._sync.client import Hexonet, SessionScope
from resourcekit.hexonet._sync.listing import Listing
from resourcekit.hexonet._sync.managers import (
    AccountManager,
    ContactManager,
    DNSZoneManager,
    DomainManager,
    NameserverManager,
)
from resourcekit.hexonet._sync.records import Contact, DNSZone, Domain, Nameserver
from resourcekit.hexonet.errors import (
    HexonetAuthenticationError,
    HexonetBadRequestError,
    HexonetConflictError,
    HexonetCreditLimitError,
    HexonetError,
    HexonetNotFoundError,
    HexonetPermissionDeniedError,
    HexonetRateLimitError,
    HexonetServerError,
)
from resourcekit.hexonet.models import (
    AccountStatus,
    Availability,
    DomainCheck,
    Operation,
    ResourceRecord,
    SavedSession,
)
from resourcekit.hexonet.wire import (
    HIGH_PERFORMANCE_URL,
    LIVE_ENTITY,
    LIVE_URL,
    OTE_ENTITY,
    OTE_URL,
    Pagination,
    Response,
    TransferAction,
)

__all__ = [
    "HIGH_PERFORMANCE_URL",
    "LIVE_ENTITY",
    "LIVE_URL",
    "OTE_ENTITY",
    "OTE_URL",
    "AccountManager",
    "AccountStatus",
    "AsyncAccountManager",
    "AsyncContact",
    "AsyncContactManager",
    "AsyncDNSZone",
    "AsyncDNSZoneManager",
    "AsyncDomain",
    "AsyncDomainManager",
    "AsyncHexonet",
    "AsyncListing",
    "AsyncNameserver",
    "AsyncNameserverManager",
    "AsyncSessionScope",
    "Availability",
    "Contact",
    "ContactManager",
    "DNSZone",
    "DNSZoneManager",
    "Domain",
    "DomainCheck",
    "DomainManager",
    "Hexonet",
    "HexonetAuthenticationError",
    "HexonetBadRequestError",
    "HexonetConflictError",
    "HexonetCreditLimitError",
    "HexonetError",
    "HexonetNotFoundError",
    "HexonetPermissionDeniedError",
    "HexonetRateLimitError",
    "HexonetServerError",
    "Listing",
    "Nameserver",
    "NameserverManager",
    "Operation",
    "Pagination",
    "ResourceRecord",
    "Response",
    "SavedSession",
    "SessionScope",
    "TransferAction",
]
