"""Access rules for consumer keys: what a key may call.

```python
from resourcekit.ovh import rules

wanted = [*rules.read_only("/me"), *rules.read_write("/dedicated/server", recursive=True)]
request = ovh.request_consumer_key(wanted)
```
"""

from __future__ import annotations

from collections.abc import Iterable

from resourcekit.core.errors import InvalidInputError
from resourcekit.ovh.models import HTTP_METHODS, AccessRule, HttpMethod

API_READ_ONLY: tuple[HttpMethod, ...] = ("GET",)
API_READ_WRITE: tuple[HttpMethod, ...] = ("GET", "POST", "PUT", "DELETE")
API_READ_WRITE_SAFE: tuple[HttpMethod, ...] = ("GET", "POST", "PUT")


def rules(methods: Iterable[str], path: str) -> list[AccessRule]:
    """One rule per method on ``path``.

    Raises:
        InvalidInputError: An unknown method or a path that does not start with ``/``.
    """
    if not path.startswith("/"):
        raise InvalidInputError(f"an access rule path starts with '/': {path!r}")
    found: list[AccessRule] = []
    for method in methods:
        upper = method.upper()
        if upper not in HTTP_METHODS:
            raise InvalidInputError(f"unknown HTTP method {method!r} in an access rule; use GET, POST, PUT or DELETE")
        found.append(AccessRule(method=upper, path=path))
    return found


def recursive_rules(methods: Iterable[str], path: str) -> list[AccessRule]:
    """Rules on ``path`` and everything under it (``path`` and ``path/*``).

    Trailing ``*``, ``/`` and spaces are dropped first, so ``"/sms/*"`` and ``"/sms"`` give the same
    rules, and ``"/"`` gives rules on ``/*`` only (the whole API).
    """
    methods = list(methods)
    base = path.rstrip("*/ ")
    found = rules(methods, base) if base else []
    return found + rules(methods, base + "/*")


def read_only(path: str, *, recursive: bool = False) -> list[AccessRule]:
    """``GET`` on ``path`` (and under it when ``recursive``)."""
    return (recursive_rules if recursive else rules)(API_READ_ONLY, path)


def read_write(path: str, *, recursive: bool = False) -> list[AccessRule]:
    """``GET``, ``POST``, ``PUT`` and ``DELETE`` on ``path`` (and under it when ``recursive``)."""
    return (recursive_rules if recursive else rules)(API_READ_WRITE, path)


def read_write_safe(path: str, *, recursive: bool = False) -> list[AccessRule]:
    """``GET``, ``POST`` and ``PUT`` (no ``DELETE``) on ``path`` (and under it when ``recursive``)."""
    return (recursive_rules if recursive else rules)(API_READ_WRITE_SAFE, path)


__all__ = [
    "API_READ_ONLY",
    "API_READ_WRITE",
    "API_READ_WRITE_SAFE",
    "AccessRule",
    "read_only",
    "read_write",
    "read_write_safe",
    "recursive_rules",
    "rules",
]
