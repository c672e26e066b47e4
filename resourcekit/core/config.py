"""Settings resolution: explicit arguments > environment variables > config files.

A provider describes where each setting may come from; `ConfigResolver` finds the first place
that has it, and `ConfigurationError` names every place it looked when a required one is missing.
"""

from __future__ import annotations

import configparser
import ipaddress
import os
import stat
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from resourcekit.core.errors import ConfigurationError, InvalidInputError

# Characters no host name holds (outside an IPv6 literal's brackets).
_BAD_HOST_CHARACTERS = frozenset(' \t\r\n<>"{}|\\^`%[]/?#@')


class InvalidAddressError(InvalidInputError, ConfigurationError):
    """A server address (a base URL from an argument, an option or the environment) that cannot be
    used: not a URL, another scheme than http(s), no host, a malformed host or port.

    It is both an `InvalidInputError` (a bad value, refused before anything is sent) and a
    `ConfigurationError` (it usually comes from the configuration). The message never shows a
    password the URL may carry.
    """


def _shown(url: str) -> str:
    """The URL for a message: any ``user:password@`` replaced by ``***@``."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        return url
    authority, slash, tail = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rpartition("@")[2]
    return f"{scheme}{separator}{authority}{slash}{tail}"


def split_server_url(url: str, what: str = "the server URL") -> SplitResult:
    """``url`` split into its parts, or `InvalidAddressError` where the standard library raises
    ``ValueError`` (an unclosed IPv6 bracket, a bad port...).

    Raises:
        InvalidAddressError: ``url`` is not a string, or cannot be split.
    """
    if not isinstance(url, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidAddressError(f"{what} must be a string, not {type(url).__name__}")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it checks it
    except ValueError as error:
        raise InvalidAddressError(f"{what} {_shown(url)!r} is not a valid URL: {error}") from None
    return parts


def check_server_url(url: str, what: str = "the server URL") -> str:
    """``url`` when it is a usable http(s) base URL; else `InvalidAddressError` naming the problem.

    Args:
        url: The base URL (``https://api.example.com/v1``).
        what: How messages name it (``"the Siminars address"``).

    Raises:
        InvalidAddressError: Not an http(s) URL, no host, a host with characters no host name
            holds, a malformed IPv6 literal, or a port that is not a number from 1 to 65535.
    """
    parts = split_server_url(url, what)
    shown = _shown(url)
    if parts.scheme not in ("http", "https"):
        raise InvalidAddressError(f"{what} {shown!r} is not an http:// or https:// URL")
    host = parts.netloc.rpartition("@")[2]
    if host.startswith("["):
        literal = host[1 : host.find("]")] if "]" in host else ""
        try:
            ipaddress.IPv6Address(literal.partition("%")[0])
        except ValueError:
            raise InvalidAddressError(f"{what} {shown!r} has a malformed IPv6 address") from None
    else:
        name = host.rpartition(":")[0] if ":" in host else host
        if not name:
            raise InvalidAddressError(f"{what} {shown!r} names no host")
        if any(character in _BAD_HOST_CHARACTERS for character in name):
            raise InvalidAddressError(f"{what} {shown!r} has a malformed host name")
    if parts.port == 0:
        raise InvalidAddressError(f"{what} {shown!r} has a port out of range (1 to 65535)")
    return url


class InsecureConfigWarning(UserWarning):
    """A config file holding a secret can be read by other users of the machine."""


@dataclass(frozen=True)
class IniFile:
    """An INI config file and the sections to read, first match winning.

    Attributes:
        path: The file (``~`` is expanded). A missing file is skipped.
        sections: Section names in order of preference (e.g. the endpoint's section, then
            ``default``).
    """

    path: str | Path
    sections: Sequence[str] = ("default",)

    @property
    def expanded(self) -> Path:
        return Path(os.path.expanduser(str(self.path)))

    def read(self) -> configparser.ConfigParser | None:
        path = self.expanded
        if not path.is_file():
            return None
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(path, encoding="utf-8")
        except configparser.Error as error:
            raise ConfigurationError(f"{path} is not a valid config file: {error}") from error
        return parser

    def get(self, key: str) -> str | None:
        parser = self.read()
        if parser is None:
            return None
        for section in self.sections:
            if parser.has_option(section, key):
                return parser.get(section, key)
        return None


@dataclass
class ConfigResolver:
    """Finds settings for one provider.

    Args:
        provider: Named in error messages.
        files: Config files in order of precedence.
        environ: The environment to read (``os.environ`` when omitted).
        secret_keys: Keys that hold secrets; a readable-by-others file holding one is warned about.
    """

    provider: str
    files: Sequence[IniFile] = ()
    environ: Mapping[str, str] | None = None
    secret_keys: frozenset[str] = frozenset()
    _warned: set[Path] = field(default_factory=set[Path])

    def value(
        self, name: str, explicit: str | None = None, *, env: Sequence[str] = (), key: str | None = None
    ) -> str | None:
        """The setting from the argument, else the first environment variable set, else the files."""
        if explicit is not None:
            return explicit
        environ = os.environ if self.environ is None else self.environ
        for variable in env:
            found = environ.get(variable)
            if found:
                return found
        file_key = key or name
        for config in self.files:
            found = config.get(file_key)
            if found is not None:
                if file_key in self.secret_keys:
                    self._warn_if_readable_by_others(config.expanded)
                return found
        return None

    def require(
        self, name: str, explicit: str | None = None, *, env: Sequence[str] = (), key: str | None = None
    ) -> str:
        """Like `value`, but raises `ConfigurationError` naming where it looked."""
        found = self.value(name, explicit, env=env, key=key)
        if found is not None:
            return found
        raise self.missing(name, env=env, key=key)

    def missing(self, name: str, *, env: Sequence[str] = (), key: str | None = None) -> ConfigurationError:
        places = [f"the argument {name}="]
        places += [f"the environment variable {variable}" for variable in env]
        places += [f"key {key or name!r} in {config.path} [{', '.join(config.sections)}]" for config in self.files]
        return ConfigurationError(f"{self.provider}: {name} is not set; looked in " + "; ".join(places))

    def _warn_if_readable_by_others(self, path: Path) -> None:
        if path in self._warned or os.name != "posix":
            return
        mode = path.stat().st_mode
        if mode & (stat.S_IRGRP | stat.S_IROTH):
            self._warned.add(path)
            warnings.warn(
                f"{path} holds a secret and can be read by other users; run: chmod 600 {path}",
                InsecureConfigWarning,
                stacklevel=4,
            )
