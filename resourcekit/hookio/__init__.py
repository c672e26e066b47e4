"""hook.io: hooks, datastore, logs, events, keys, files, env, metrics, domains and account.

```python
from resourcekit.hookio import HookIO

with HookIO() as hookio:                      # key from hook_private_key / hookAccessKey
    echo = hookio.hooks.get("marak/echo")
    print(echo.run({"hello": "world"}).json())
    hookio.datastore["greeting"] = {"text": "hi"}
    for entry in echo.logs.read():
        print(entry.time, entry.value)
```
"""

from resourcekit.core.errors import PermissionDeniedError
from resourcekit.hookio import roles
from resourcekit.hookio._async.client import AsyncHookIO
from resourcekit.hookio._async.logbridge import AsyncLogForwarder, AsyncLogs
from resourcekit.hookio._async.managers import (
    AsyncAccountManager,
    AsyncCrons,
    AsyncDatastore,
    AsyncDomains,
    AsyncEnv,
    AsyncEvents,
    AsyncFiles,
    AsyncGateway,
    AsyncHooks,
    AsyncKeys,
    AsyncMetrics,
    AsyncServer,
)
from resourcekit.hookio._async.records import (
    AsyncCron,
    AsyncDatastoreKey,
    AsyncDomain,
    AsyncEnvVariable,
    AsyncFile,
    AsyncHook,
    AsyncHookLogs,
    AsyncHookMetrics,
    AsyncKey,
)
from resourcekit.hookio._async.streams import AsyncEntryStream, AsyncRunStream
from resourcekit.hookio._async.websockets import AsyncHookSocket
from resourcekit.hookio._sync.client import HookIO
from resourcekit.hookio._sync.logbridge import LogForwarder, Logs
from resourcekit.hookio._sync.managers import (
    AccountManager,
    Crons,
    Datastore,
    Domains,
    Env,
    Events,
    Files,
    Gateway,
    Hooks,
    Keys,
    Metrics,
    Server,
)
from resourcekit.hookio._sync.records import (
    Cron,
    DatastoreKey,
    Domain,
    EnvVariable,
    File,
    Hook,
    HookLogs,
    HookMetrics,
    Key,
)
from resourcekit.hookio._sync.streams import EntryStream, RunStream
from resourcekit.hookio._sync.websockets import HookSocket
from resourcekit.hookio.errors import HookIOError, RoleAccessError, WebSocketClosed
from resourcekit.hookio.models import Account, DeletedHook, Event, KeyUser, LogEntry, RunResult, StorageObject
from resourcekit.hookio.packages import HookPackage
from resourcekit.hookio.roles import ALL_ROLES, Role, RoleName
from resourcekit.hookio.runtime import LogHandler, Response, write_log

__all__ = [
    "ALL_ROLES",
    "Account",
    "AccountManager",
    "AsyncAccountManager",
    "AsyncCron",
    "AsyncCrons",
    "AsyncDatastore",
    "AsyncDatastoreKey",
    "AsyncDomain",
    "AsyncDomains",
    "AsyncEntryStream",
    "AsyncEnv",
    "AsyncEnvVariable",
    "AsyncEvents",
    "AsyncFile",
    "AsyncFiles",
    "AsyncGateway",
    "AsyncHook",
    "AsyncHookIO",
    "AsyncHookLogs",
    "AsyncHookMetrics",
    "AsyncHookSocket",
    "AsyncHooks",
    "AsyncKey",
    "AsyncLogForwarder",
    "AsyncLogs",
    "AsyncKeys",
    "AsyncMetrics",
    "AsyncRunStream",
    "AsyncServer",
    "Cron",
    "Crons",
    "Datastore",
    "DatastoreKey",
    "DeletedHook",
    "Domain",
    "Domains",
    "EntryStream",
    "Env",
    "EnvVariable",
    "Event",
    "Events",
    "File",
    "Files",
    "Gateway",
    "Hook",
    "HookIO",
    "HookIOError",
    "HookLogs",
    "HookMetrics",
    "HookPackage",
    "HookSocket",
    "Hooks",
    "Key",
    "KeyUser",
    "Keys",
    "LogEntry",
    "LogForwarder",
    "LogHandler",
    "Logs",
    "Metrics",
    "PermissionDeniedError",
    "Response",
    "Role",
    "RoleAccessError",
    "RoleName",
    "RunResult",
    "RunStream",
    "Server",
    "StorageObject",
    "WebSocketClosed",
    "roles",
    "write_log",
]
