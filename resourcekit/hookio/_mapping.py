"""Item assignment and deletion for the sync managers.

``hookio.datastore["k"] = v`` and ``del hookio.env["NAME"]`` can only be plain statements in sync
code (an ``async`` method cannot be called from ``__setitem__``), so the async managers derive from
the empty ``Async*Items`` classes and their generated sync twins from the full ones below.
"""

from __future__ import annotations

from typing import Any, Protocol


class _Writes(Protocol):
    def set(self, key: str, value: Any, /) -> None: ...

    def delete(self, key: str, /) -> Any: ...


class AsyncDatastoreItems:
    """No item assignment in async code: ``await datastore.set(key, value)``."""


class DatastoreItems:
    """``datastore[key] = value`` and ``del datastore[key]`` (``KeyError`` when it was missing)."""

    def __setitem__(self: _Writes, key: str, value: Any) -> None:
        self.set(key, value)

    def __delitem__(self: _Writes, key: str) -> None:
        if not self.delete(key):
            raise KeyError(key)


class AsyncEnvItems:
    """No item assignment in async code: ``await env.set(name, value)``."""


class EnvItems:
    """``env[name] = value`` and ``del env[name]``."""

    def __setitem__(self: _Writes, key: str, value: Any) -> None:
        self.set(key, value)

    def __delitem__(self: _Writes, key: str) -> None:
        self.delete(key)
