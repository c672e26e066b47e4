"""Settings resolution: explicit arguments > environment variables > config files.

A provider describes where each setting may come from; `ConfigResolver` finds the first place
that has it, and `ConfigurationError` names every place it looked when a required one is missing.
"""

from __future__ import annotations

import configparser
import os
import stat
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from resourcekit.core.errors import ConfigurationError


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
