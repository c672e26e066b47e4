"""OVH batch GETs, without I/O: the separator, the joined path and the reply's entries.

An undocumented OVH feature (used by OVH's own web console, python-asyncovh and csharp-ovh):
with the header ``X-Ovh-Batch: ,`` a GET may name several objects in its last path segment,
``/me/bill/FR1,FR2``, and the reply lists one entry per key::

    [{"key": "FR1", "value": {...the object...}, "error": null},
     {"key": "FR2", "value": null, "error": "The requested object (billId = FR2) does not exist"}]

OVH does not promise the feature will last, so listings treat any other reply as "refused" and
fetch the objects one by one instead.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from typing import Any, Final, cast

from resourcekit.core.errors import InvalidInputError
from resourcekit.core.validate import path_segment, shown

BATCH_HEADER: Final = "X-Ovh-Batch"
"""The request header that turns on batch mode; its value is the separator."""

MAX_BATCH: Final = 200
"""The most keys one batch GET may name (keeps the URL well under the 8 KiB servers accept)."""

# One printable ASCII character that quoting a key always escapes, so a key can never hold it, and
# that a URL path carries as it is: httpx percent-encodes " < > ` { }, and the server would then
# see the joined keys as one.
SEPARATORS: Final = frozenset(string.punctuation) - frozenset("/?#%_.-~") - frozenset('"<>`{}')


def check_separator(separator: str) -> str:
    """A batch separator: one punctuation character that cannot occur in a quoted key (``,`` ``;`` ``|``...).

    Raises:
        InvalidInputError: Anything else (letters, digits, ``/``, ``?``, ``%``, ``.``, ``"``, ``{``,
            several characters).
    """
    if not isinstance(separator, str) or separator not in SEPARATORS:  # pyright: ignore[reportUnnecessaryIsInstance]
        choices = " ".join(sorted(SEPARATORS))
        raise InvalidInputError(f"_batch must be one of these characters: {choices}; got {shown(separator)}")
    return separator


def check_size(batch: int) -> int:
    """How many keys a listing names per batch GET: 1 to `MAX_BATCH`.

    Raises:
        InvalidInputError: Not a whole number in that range.
    """
    if isinstance(batch, bool) or not isinstance(batch, int) or not 1 <= batch <= MAX_BATCH:  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"batch must be a whole number from 1 to {MAX_BATCH}; got {shown(batch)}")
    return batch


def batch_path(collection: str, keys: Sequence[str | int], separator: str = ",") -> str:
    """``collection/key1<sep>key2...``, each key percent-encoded as one path segment.

    Raises:
        InvalidInputError: No keys, or a key that is not a valid path segment.
    """
    if not keys:
        raise InvalidInputError("a batch GET needs at least one key")
    return collection.rstrip("/") + "/" + separator.join(path_segment(key, "a batch key") for key in keys)


def chunks(keys: Sequence[Any], size: int) -> list[list[Any]]:
    """``keys`` cut into runs of ``size`` (the last one shorter)."""
    return [list(keys[start : start + size]) for start in range(0, len(keys), size)]


class Refused(Exception):
    """The reply is not a batch reply: the server ignored or does not know ``X-Ovh-Batch``."""


def values_by_key(reply: Any) -> dict[str, Any]:
    """The objects of a batch reply, by key; keys whose entry holds an error are left out.

    Raises:
        Refused: The reply is not a list of ``{key, value, error}`` entries.
    """
    if not isinstance(reply, list):
        raise Refused(f"a batch GET returned {type(reply).__name__}, not a list of entries")
    found: dict[str, Any] = {}
    for entry in cast("list[Any]", reply):
        if not isinstance(entry, dict) or "key" not in entry:
            raise Refused("a batch GET returned a list that is not of {key, value, error} entries")
        fields = cast("Mapping[str, Any]", entry)
        key = fields["key"]
        if isinstance(key, bool) or not isinstance(key, str | int):
            raise Refused(f"a batch entry's key is {type(key).__name__}, not text")
        if fields.get("error") or fields.get("value") is None:
            continue  # fetched alone, the key gets the typed error (or value) of a single GET
        found[str(key)] = fields["value"]
    return found


__all__ = [
    "BATCH_HEADER",
    "MAX_BATCH",
    "SEPARATORS",
    "Refused",
    "batch_path",
    "check_separator",
    "check_size",
    "chunks",
    "values_by_key",
]
