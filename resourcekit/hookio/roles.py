"""The 43 roles a hook.io key can hold, as typed constants.

A key's ``roles`` are a list of these names (custom roles are allowed too: any ``str`` works where
a `Role` is expected). ``ALL_ROLES`` is the server's list, in its order.
"""

from __future__ import annotations

from typing import Final, Literal

RoleName = Literal[
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
]
"""Every role the server knows; a key may also hold custom roles (plain strings)."""

HOOK_RUN: Final = "hook::run"
HOOK_UPDATE: Final = "hook::update"
HOOK_CREATE: Final = "hook::create"
HOOK_DESTROY: Final = "hook::destroy"
HOOK_FIND: Final = "hook::find"
HOOK_LOGS_READ: Final = "hook::logs::read"
HOOK_LOGS_WRITE: Final = "hook::logs::write"
HOOK_SOURCE_READ: Final = "hook::source::read"
HOOK_VIEW_READ: Final = "hook::view::read"
HOOK_PRESENTER_READ: Final = "hook::presenter::read"
HOOK_RESOURCE_READ: Final = "hook::resource::read"
HOOK_PACKAGE_READ: Final = "hook::package::read"
EVENTS_READ: Final = "events::read"
EVENTS_WRITE: Final = "events::write"
FILES_UPLOAD: Final = "files::upload"
FILES_DOWNLOAD: Final = "files::download"
FILES_READ_FILE: Final = "files::readFile"
FILES_WRITE_FILE: Final = "files::writeFile"
FILES_REMOVE_FILE: Final = "files::removeFile"
FILES_READDIR: Final = "files::readdir"
FILES_STAT: Final = "files::stat"
FILES_CREATE_READ_STREAM: Final = "files::createReadStream"
FILES_CREATE_WRITE_STREAM: Final = "files::createWriteStream"
DOMAIN_CREATE: Final = "domain::create"
DOMAIN_GET: Final = "domain::get"
DOMAIN_FIND: Final = "domain::find"
DOMAIN_UPDATE: Final = "domain::update"
DOMAIN_DESTROY: Final = "domain::destroy"
DATASTORE_DEL: Final = "datastore::del"
DATASTORE_GET: Final = "datastore::get"
DATASTORE_RECENT: Final = "datastore::recent"
DATASTORE_SET: Final = "datastore::set"
ENV_READ: Final = "env::read"
ENV_WRITE: Final = "env::write"
KEYS_CREATE: Final = "keys::create"
KEYS_CHECK_ACCESS: Final = "keys::checkAccess"
KEYS_DESTROY: Final = "keys::destroy"
KEYS_READ: Final = "keys::read"
CRON_CREATE: Final = "cron::create"
CRON_UPDATE: Final = "cron::update"
CRON_DESTROY: Final = "cron::destroy"
CRON_READ: Final = "cron::read"
CRON_RESOURCE_READ: Final = "cron::resource::read"

ALL_ROLES: Final[tuple[RoleName, ...]] = (
    HOOK_RUN,
    HOOK_UPDATE,
    HOOK_CREATE,
    HOOK_DESTROY,
    HOOK_FIND,
    HOOK_LOGS_READ,
    HOOK_LOGS_WRITE,
    HOOK_SOURCE_READ,
    HOOK_VIEW_READ,
    HOOK_PRESENTER_READ,
    HOOK_RESOURCE_READ,
    HOOK_PACKAGE_READ,
    EVENTS_READ,
    EVENTS_WRITE,
    FILES_UPLOAD,
    FILES_DOWNLOAD,
    FILES_READ_FILE,
    FILES_WRITE_FILE,
    FILES_REMOVE_FILE,
    FILES_READDIR,
    FILES_STAT,
    FILES_CREATE_READ_STREAM,
    FILES_CREATE_WRITE_STREAM,
    DOMAIN_CREATE,
    DOMAIN_GET,
    DOMAIN_FIND,
    DOMAIN_UPDATE,
    DOMAIN_DESTROY,
    DATASTORE_DEL,
    DATASTORE_GET,
    DATASTORE_RECENT,
    DATASTORE_SET,
    ENV_READ,
    ENV_WRITE,
    KEYS_CREATE,
    KEYS_CHECK_ACCESS,
    KEYS_DESTROY,
    KEYS_READ,
    CRON_CREATE,
    CRON_UPDATE,
    CRON_DESTROY,
    CRON_READ,
    CRON_RESOURCE_READ,
)

Role = RoleName | str
"""A role name: one of `RoleName`, or a custom role."""
