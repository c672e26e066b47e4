"""Between hook.io log entries and Python `logging` records, both ways, without I/O.

**A record as an entry** (what `LogHandler` writes inside a hook): a JSON object
``{"level": "WARNING", "logger": "app", "message": "...", "time": "<ISO 8601, UTC>"}``, plus
``"exception"`` (the formatted traceback) when the record carries one, plus the record's extra
fields (given with ``extra=``) that JSON can hold.

**An entry as a record** (what `logs.forward()` emits):

| record attribute | from |
|---|---|
| ``levelno`` / ``levelname`` | the entry's ``level`` (a name such as ``"warning"`` or a number), else ``INFO`` |
| ``created`` (and ``asctime``) | the entry's ``time`` |
| ``msg`` | the entry's ``message``; an entry that is not an object is its text (JSON for other values) |
| ``name`` | the logger given to `forward`, plus ``.<logger>`` when the entry names one |
| ``hook`` | ``"owner/name"`` of the hook that wrote it |
| ``ip`` | the address of the run that wrote it |
| ``hookio_entry`` | the decoded entry, whole |
| other attributes | the entry's other fields, unless they would shadow a `LogRecord` attribute |
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, cast

from resourcekit.hookio.models import LogEntry

RESERVED = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
"""The attributes every `LogRecord` has: entry fields never overwrite them."""

_LEVELS = {
    "CRITICAL": logging.CRITICAL,
    "FATAL": logging.CRITICAL,
    "ERROR": logging.ERROR,
    "WARNING": logging.WARNING,
    "WARN": logging.WARNING,
    "INFO": logging.INFO,
    "DEBUG": logging.DEBUG,
    "NOTSET": logging.NOTSET,
}
_ENTRY_FIELDS = frozenset({"level", "logger", "message", "time", "exception"})


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def record_entry(record: logging.LogRecord) -> dict[str, Any]:
    """The log entry of a `logging` record (see the module's description)."""
    entry: dict[str, Any] = {
        "level": record.levelname,
        "logger": record.name,
        "message": record.getMessage(),
        "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(),
    }
    if record.exc_info:
        entry["exception"] = logging.Formatter().formatException(record.exc_info)
    for name, value in vars(record).items():
        if name not in RESERVED and name not in entry and _jsonable(value):
            entry[name] = value
    return entry


def _level(value: Any) -> int:
    if isinstance(value, bool):
        return logging.INFO
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return _LEVELS.get(value.strip().upper(), logging.INFO)
    return logging.INFO


def entry_record(entry: LogEntry, hook: str, logger_name: str) -> logging.LogRecord:
    """The `logging` record of a hook's log entry (see the module's description)."""
    value = entry.value
    fields: dict[str, Any] = cast("dict[str, Any]", value) if isinstance(value, Mapping) else {}
    if fields and "message" in fields:
        message = str(fields["message"])
    elif isinstance(value, str):
        message = value
    else:
        message = json.dumps(value, ensure_ascii=False)
    level = _level(fields.get("level")) if fields else logging.INFO
    name = logger_name
    child = fields.get("logger")
    if isinstance(child, str) and child and logger_name and child != logger_name:
        name = f"{logger_name}.{child}"
    record = logging.LogRecord(name, level, hook, 0, message, None, None)
    record.created = entry.time.timestamp()
    record.msecs = (record.created - int(record.created)) * 1000
    record.hook = hook
    record.ip = entry.ip
    record.hookio_entry = value
    exception = fields.get("exception")
    if isinstance(exception, str):
        record.exc_text = exception
    for field_name, field_value in fields.items():
        if field_name not in RESERVED and field_name not in _ENTRY_FIELDS and field_name not in ("hook", "ip"):
            setattr(record, field_name, field_value)
    return record


__all__ = ["RESERVED", "entry_record", "record_entry"]
