"""Hook packages without I/O: a hook's metadata as a ``package.json``, and back.

A package folder holds the hook's source in one file (``main``, named by the language's usual
extension) and a ``package.json``:

```json
{
  "name": "echo",
  "version": "1.0.0",
  "description": "hook marak/echo",
  "author": "marak",
  "main": "index.py",
  "hook": {"owner": "marak", "language": "python", "isPrivate": false, "mschema": {...}}
}
```

npm's fields (``name``, ``version``, ``description``, ``author``, ``main``) keep the folder usable by
the usual tools; the hook's own settings sit under ``hook`` with their wire names.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from resourcekit.core.errors import InvalidInputError
from resourcekit.hookio import wire

PACKAGE_FILE = "package.json"

EXTENSIONS: dict[str, str] = {
    "javascript": ".js",
    "es7": ".js",
    "babel": ".js",
    "coffee-script": ".coffee",
    "bash": ".sh",
    "clisp": ".lisp",
    "gcc": ".c",
    "go": ".go",
    "java": ".java",
    "lua": ".lua",
    "ocaml": ".ml",
    "perl": ".pl",
    "php": ".php",
    "python": ".py",
    "python3": ".py",
    "ruby": ".rb",
    "r": ".r",
    "rust": ".rs",
    "scheme": ".scm",
    "smalltalk": ".st",
    "tcl": ".tcl",
}
"""The file extension of each hook.io language (``.txt`` for one not listed)."""

SETTINGS = ("language", "isPrivate", "customTimeout", "themeName", "themeSource", "presenterSource", "mschema")
"""The hook settings a package carries (wire names); ``source`` is the ``main`` file."""


@dataclass(frozen=True)
class HookPackage:
    """A hook as a folder: its name, its source file's name and text, and its settings."""

    name: str
    """The hook's name."""
    main: str
    """The source file's name inside the folder (``index.py``...)."""
    source: str
    """The hook's source code."""
    owner: str | None = None
    """The owner the package came from (``None`` when written by hand)."""
    settings: Mapping[str, Any] = field(default_factory=dict[str, Any])
    """Wire-named settings (``language``, ``isPrivate``, ``mschema``...)."""

    @property
    def language(self) -> str:
        """The hook's language, from ``settings`` (``javascript`` when unset)."""
        return str(self.settings.get("language", "javascript"))


def main_file(language: str) -> str:
    """The source file's name for a language: ``index`` plus its extension."""
    return "index" + EXTENSIONS.get(language, ".txt")


def package_from_hook(doc: Mapping[str, Any]) -> HookPackage:
    """The package of a hook's resource document (wire names)."""
    language = str(doc.get("language") or "javascript")
    settings = {name: doc[name] for name in SETTINGS if doc.get(name) is not None}
    settings["language"] = language
    return HookPackage(
        name=str(doc["name"]),
        main=main_file(language),
        source=str(doc.get("source") or ""),
        owner=str(doc["owner"]) if doc.get("owner") else None,
        settings=settings,
    )


def package_json(package: HookPackage) -> str:
    """The ``package.json`` text of a package (2-space indented, ending in a newline)."""
    document: dict[str, Any] = {
        "name": package.name,
        "version": "1.0.0",
        "description": f"hook {package.owner}/{package.name}" if package.owner else f"hook {package.name}",
        "main": package.main,
        "hook": {**({"owner": package.owner} if package.owner else {}), **package.settings},
    }
    if package.owner:
        document["author"] = package.owner
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def read_package_json(text: str) -> tuple[str, str, str | None, dict[str, Any]]:
    """``(name, main, owner, settings)`` from a ``package.json`` text.

    ``main`` defaults to the language's file (``index.js`` without a language); the language may
    also be given at the top level, as hook.io's own package files did.

    Raises:
        InvalidInputError: Not JSON, not an object, no usable ``name``, or a ``main`` that leaves
            the folder.
    """
    try:
        loaded = json.loads(text)
    except ValueError as error:
        raise InvalidInputError(f"{PACKAGE_FILE} is not JSON: {error}") from error
    if not isinstance(loaded, dict):
        raise InvalidInputError(f"{PACKAGE_FILE} must hold an object")
    document = cast("dict[str, Any]", loaded)
    name = document.get("name")
    if not isinstance(name, str) or not name:
        raise InvalidInputError(f'{PACKAGE_FILE} needs a "name" (the hook\'s name)')
    wire.segment(name, "hook name")
    raw_hook = document.get("hook")
    hook = cast("dict[str, Any]", raw_hook) if isinstance(raw_hook, dict) else {}
    settings = {key: hook[key] for key in SETTINGS if hook.get(key) is not None}
    if "language" not in settings and isinstance(document.get("language"), str):
        settings["language"] = document["language"]
    settings.setdefault("language", "javascript")
    main = document.get("main")
    if main is None:
        main = main_file(str(settings["language"]))
    if not isinstance(main, str) or not main or "/" in main or "\\" in main or main in (".", ".."):
        raise InvalidInputError(f'{PACKAGE_FILE}: "main" must be a file name inside the folder, not {main!r}')
    owner = hook.get("owner")
    return name, main, owner if isinstance(owner, str) and owner else None, settings


__all__ = [
    "EXTENSIONS",
    "PACKAGE_FILE",
    "HookPackage",
    "main_file",
    "package_from_hook",
    "package_json",
    "read_package_json",
]
