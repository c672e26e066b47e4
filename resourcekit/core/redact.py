"""Masking of secrets in log lines, reprs and error messages.

A value is secret when its name says so (``password``, ``s_pw``, ``X-Ovh-Consumer``...). Names are
compared after lower-casing and dropping ``-``, ``_``, ``.`` and spaces, so ``Api-Key``, ``api_key`` and
``APIKEY`` are one name. Providers add their own names and the form fields whose values are
``KEY=value`` lines (a command text), which are masked line by line.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"

# Substrings of normalised names that always mark a secret.
SECRET_WORDS: tuple[str, ...] = (
    "password",
    "passwd",
    "secret",
    "token",
    "session",
    "signature",
    "authorization",
    "cookie",
    "apikey",
    "privatekey",
    "consumer",
    "cik",
)

_LINE = re.compile(r"^(\s*)([^=\r\n]+?)(\s*=\s*)(.*)$")


def normalise_name(name: str) -> str:
    """Lower-case a parameter or header name and drop separators, for comparison."""
    return re.sub(r"[-_.\s]", "", name.lower())


@dataclass(frozen=True)
class Redactor:
    """Masks secret values by name.

    Attributes:
        names: Extra exact names that are secret (compared normalised), e.g. ``s_pw`` or ``auth``.
        line_fields: Form fields whose value is ``KEY=value`` lines, masked line by line.
        words: Substrings that mark a secret name.
        public: Names that contain a secret word but are not secret (``session_count``).
    """

    names: frozenset[str] = field(default_factory=frozenset[str])
    line_fields: frozenset[str] = field(default_factory=frozenset[str])
    words: tuple[str, ...] = SECRET_WORDS
    public: frozenset[str] = field(default_factory=frozenset[str])

    def with_names(self, *names: str, line_fields: Iterable[str] = ()) -> Redactor:
        """A copy that also treats ``names`` as secret and ``line_fields`` as line text."""
        return replace(
            self,
            names=self.names | {normalise_name(n) for n in names},
            line_fields=self.line_fields | {normalise_name(n) for n in line_fields},
        )

    def is_secret(self, name: str) -> bool:
        normal = normalise_name(name)
        if normal in self.names:
            return True
        # A list of object ids (``session_ids``) names objects, it does not hold a credential.
        if normal in self.public or normal.endswith("ids"):
            return False
        return any(word in normal for word in self.words)

    def with_public(self, *names: str) -> Redactor:
        """A copy that shows ``names`` even though they contain a secret word."""
        return replace(self, public=self.public | {normalise_name(n) for n in names})

    def value(self, name: str, value: Any) -> Any:
        """The value as it may be shown: masked when secret (unset stays ``None``), recursed into when structured."""
        if self.is_secret(name):
            return None if value is None else MASK
        if normalise_name(name) in self.line_fields and isinstance(value, str):
            return self.lines(value)
        if isinstance(value, Mapping):
            return self.mapping(value)  # pyright: ignore[reportUnknownArgumentType]
        if isinstance(value, list | tuple):
            return [self.value(name, item) for item in value]  # pyright: ignore[reportUnknownVariableType]
        return value

    def mapping(self, values: Mapping[Any, Any]) -> dict[str, Any]:
        return {str(key): self.value(str(key), item) for key, item in values.items()}

    def headers(self, headers: Iterable[tuple[str, str]]) -> dict[str, str]:
        return {name: (MASK if self.is_secret(name) else value) for name, value in headers}

    def pairs(self, pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(name, str(self.value(name, value))) for name, value in pairs]

    def url(self, url: str) -> str:
        """The URL with secret query values and any password in the user info masked."""
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            netloc = f"{userinfo.split(':', 1)[0]}:{MASK}@{host}" if ":" in userinfo else netloc
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            query = urlencode(self.pairs(pairs), safe="*/:")
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))

    def lines(self, text: str) -> str:
        """``KEY=value`` lines with secret values masked (other lines kept as they are)."""
        out: list[str] = []
        for line in text.splitlines(keepends=True):
            body = line.rstrip("\r\n")
            ending = line[len(body) :]
            match = _LINE.match(body)
            if match and self.is_secret(match.group(2)):
                body = f"{match.group(1)}{match.group(2)}{match.group(3)}{MASK}"
            out.append(body + ending)
        return "".join(out)

    def body(self, content: bytes, content_type: str) -> str:
        """A request or reply body as it may appear in a log line."""
        if not content:
            return ""
        kind = content_type.split(";", 1)[0].strip().lower()
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return f"<{len(content)} bytes>"
        if kind == "application/x-www-form-urlencoded":
            return urlencode(self.pairs(parse_qsl(text, keep_blank_values=True)))
        if kind.endswith("json") or kind == "application/javascript":
            try:
                return json.dumps(self.value("", json.loads(text)), separators=(",", ":"))
            except ValueError:
                return f"<{len(content)} bytes>"
        if kind.startswith("text/"):
            return self.lines(text)
        return f"<{len(content)} bytes>"


DEFAULT_REDACTOR = Redactor()

# The HTTP libraries' own loggers: httpx logs every request's full URL at INFO, httpcore every
# reply's headers (Set-Cookie included) at DEBUG, hpack every HTTP/2 header it encodes at DEBUG.
THIRD_PARTY_LOGGERS: tuple[str, ...] = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "hpack.hpack",
)
_URL_IN_TEXT = re.compile(r"\bhttps?://[^\s\"'<>]+")
# ``(b'set-cookie', b'sid=...')`` or ``('authorization', 'Bearer ...')``: a header as a tuple's repr.
_HEADER_REPR = re.compile(r"""\((b?)(['"])([^'"]{1,200})\2, (b?)(['"])(.*?)\5\)""")


class LogRedactionFilter(logging.Filter):
    """Masks secrets in records other libraries log: query values in URLs, secret header values."""

    def __init__(self, redactor: Redactor = DEFAULT_REDACTOR) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: logging reports it itself
            return True
        masked = self.mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True

    def mask(self, text: str) -> str:
        text = _URL_IN_TEXT.sub(self._mask_url, text)
        return _HEADER_REPR.sub(self._mask_header, text)

    def _mask_url(self, match: re.Match[str]) -> str:
        url = match.group(0)
        return self.redactor.url(url) if ("?" in url or "@" in url) else url

    def _mask_header(self, match: re.Match[str]) -> str:
        if not self.redactor.is_secret(match.group(3)):
            return match.group(0)
        name_prefix, name_quote, name, value_prefix, value_quote = match.group(1, 2, 3, 4, 5)
        return f"({name_prefix}{name_quote}{name}{name_quote}, {value_prefix}{value_quote}{MASK}{value_quote})"


def install_log_redaction(loggers: Iterable[str] = THIRD_PARTY_LOGGERS) -> None:
    """Mask secrets in what httpx, httpcore and hpack log (idempotent; done when a transport is imported)."""
    for name in loggers:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, LogRedactionFilter) for existing in logger.filters):
            logger.addFilter(LogRedactionFilter())


def mask(value: str | None) -> str | None:
    """The mask for a secret that is set, ``None`` for one that is not."""
    return None if value is None else MASK
