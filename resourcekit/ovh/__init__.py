"""OVH: signed (or OAuth2) REST client with typed, navigable records, sync and async.

```python
from resourcekit.ovh import OVH

with OVH() as ovh:                      # arguments > OVH_* environment > ovh.conf files
    me = ovh.me.get()
    for bill in ovh.me.bills.list(category="purchase"):
        print(bill.bill_id, bill.price_with_tax.text)
```
"""

from resourcekit.ovh import rules
from resourcekit.ovh._async.client import AsyncOVH
from resourcekit.ovh._async.managers import AsyncEmailDomain
from resourcekit.ovh._async.records import (
    AsyncApiApplication,
    AsyncApiCredential,
    AsyncBill,
    AsyncBillDetail,
    AsyncBurst,
    AsyncDedicatedServer,
    AsyncDnsRecord,
    AsyncDnsZone,
    AsyncIpmi,
    AsyncMe,
    AsyncPayment,
    AsyncRedirection,
    AsyncTask,
)
from resourcekit.ovh._sync.client import OVH
from resourcekit.ovh._sync.managers import EmailDomain
from resourcekit.ovh._sync.records import (
    ApiApplication,
    ApiCredential,
    Bill,
    BillDetail,
    Burst,
    DedicatedServer,
    DnsRecord,
    DnsZone,
    Ipmi,
    Me,
    Payment,
    Redirection,
    Task,
)
from resourcekit.ovh.config import OVHConfig, resolve_config
from resourcekit.ovh.errors import (
    OVHAuthenticationError,
    OVHBadRequestError,
    OVHConflictError,
    OVHError,
    OVHNotFoundError,
    OVHOAuth2Error,
    OVHPermissionDeniedError,
    OVHRateLimitError,
    OVHResourceExpiredError,
    OVHServerError,
    TaskFailedError,
    TaskTimeoutError,
)
from resourcekit.ovh.models import (
    AccessRule,
    BurstCapacity,
    CredentialRequest,
    Currency,
    IpmiAccess,
    IpmiSupportedFeatures,
    Price,
    RedirectionTask,
)
from resourcekit.ovh.rules import API_READ_ONLY, API_READ_WRITE, API_READ_WRITE_SAFE
from resourcekit.ovh.wire import ENDPOINTS

__all__ = [
    "API_READ_ONLY",
    "API_READ_WRITE",
    "API_READ_WRITE_SAFE",
    "ENDPOINTS",
    "OVH",
    "AccessRule",
    "ApiApplication",
    "ApiCredential",
    "AsyncApiApplication",
    "AsyncApiCredential",
    "AsyncBill",
    "AsyncBillDetail",
    "AsyncBurst",
    "AsyncDedicatedServer",
    "AsyncDnsRecord",
    "AsyncDnsZone",
    "AsyncEmailDomain",
    "AsyncIpmi",
    "AsyncMe",
    "AsyncOVH",
    "AsyncPayment",
    "AsyncRedirection",
    "AsyncTask",
    "Bill",
    "BillDetail",
    "Burst",
    "BurstCapacity",
    "CredentialRequest",
    "Currency",
    "DedicatedServer",
    "DnsRecord",
    "DnsZone",
    "EmailDomain",
    "Ipmi",
    "IpmiAccess",
    "IpmiSupportedFeatures",
    "Me",
    "OVHAuthenticationError",
    "OVHBadRequestError",
    "OVHConfig",
    "OVHConflictError",
    "OVHError",
    "OVHNotFoundError",
    "OVHOAuth2Error",
    "OVHPermissionDeniedError",
    "OVHRateLimitError",
    "OVHResourceExpiredError",
    "OVHServerError",
    "Payment",
    "Price",
    "Redirection",
    "RedirectionTask",
    "Task",
    "TaskFailedError",
    "TaskTimeoutError",
    "resolve_config",
    "rules",
]
