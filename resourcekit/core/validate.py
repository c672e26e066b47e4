"""Checks of caller input that several providers share, run before anything is sent.

Each function takes a value and the name of the argument it came from, and returns the value in
the form the wire needs (a percent-encoded path segment, a domain name in ASCII form...) or raises
`InvalidInputError` saying which argument is wrong and why. Messages show a shortened ``repr`` of
identifiers (names, ids); never pass secrets here for the message to show.

Provider-specific rules (HEXONET command keys, Exosite RIDs, Siminars ids...) live in each
provider's ``wire.py`` and build on these.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from typing import TypeVar
from urllib.parse import quote

import idna

from resourcekit.core.errors import InvalidInputError
from resourcekit.core.options import check_header_values

T = TypeVar("T")

MAX_DOMAIN_LENGTH = 253
"""The longest domain name in ASCII form, without the root's trailing dot (RFC 1035)."""

MAX_LABEL_LENGTH = 63
"""The longest label of a domain name, in ASCII form (RFC 1035)."""

_SHOWN = 60
# UTS 46 deviation characters and what transitional processing maps them to.
_DEVIATIONS = {"\u00df": "ss", "\u03c2": "\u03c3", "\u200c": "", "\u200d": ""}
_ASCII_LABEL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$")


def shown(value: object) -> str:
    """A value for an error message: its ``repr``, shortened to a readable length."""
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 4] + "...'"


def has_control(text: str) -> bool:
    """Whether ``text`` holds a control character (C0, DEL or C1: CR, LF, NUL, ESC...)."""
    return any(unicodedata.category(character) == "Cc" for character in text)


# Characters that end a line for some reader (C0 and C1 controls other than tab: NUL, CR, LF, VT, FF,
# FS/GS/RS, NEL; and the Unicode line and paragraph separators) or that C strings stop at.
_LINE_BREAKING = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
# A surrogate code point on its own in a str ("\ud800"): it has no UTF-8 form, so the request could
# not be encoded at all (a raw UnicodeEncodeError deep inside the HTTP layer).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def refuse_lone_surrogates(text: str, what: str) -> str:
    """``text`` if it is Unicode text UTF-8 can carry, that is without a lone surrogate.

    Raises:
        InvalidInputError: Naming ``what``, never the value (it may be a secret).
    """
    if _LONE_SURROGATE.search(text):
        raise InvalidInputError(f"{what}: values cannot hold a lone surrogate (it is not Unicode text)")
    return text


def single_line(text: str, what: str) -> str:
    """``text`` if it stays one line for every reader: no control character but tab, no U+2028/U+2029.

    Line-based formats (HEXONET commands, logs) split on any of CR, LF, VT, FF, NEL and the Unicode
    separators, and C code stops at NUL: such a character in a value could end it early or start a
    parameter of the caller's choosing. The message names ``what``, never the value.

    Raises:
        InvalidInputError: ``text`` holds such a character, or a lone surrogate (no UTF-8 form).
    """
    if _LINE_BREAKING.search(text):
        raise InvalidInputError(f"{what}: values cannot contain control characters or line breaks")
    return refuse_lone_surrogates(text, what)


def one_of(value: T, allowed: Collection[T], what: str) -> T:
    """``value`` when it is one of ``allowed`` (a closed set of the API).

    Raises:
        InvalidInputError: Naming the argument and listing the allowed values.
    """
    if value not in allowed:
        choices = ", ".join(str(item) for item in allowed)
        raise InvalidInputError(f"{what} must be one of {choices}; got {shown(value)}")
    return value


def all_of(values: Iterable[T], allowed: Collection[T], what: str) -> list[T]:
    """Every value of ``values`` checked with `one_of`."""
    return [one_of(value, allowed, what) for value in values]


def path_segment(value: str | int, what: str) -> str:
    """One segment of a URL path, percent-encoded (``/``, ``?``, ``%``, spaces... are escaped).

    Refused, because they would change which route the request reaches: an empty segment, ``.``
    and ``..`` (which clients and servers resolve away), a ``/`` inside the value, and control
    characters (CR, LF, NUL...); and a lone surrogate, which has no UTF-8 form to encode.

    Raises:
        InvalidInputError: Naming the argument and the rule it breaks.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"{what} must be a string or a whole number, not {type(value).__name__}")
    text = str(value)
    if not text:
        raise InvalidInputError(f"{what} cannot be empty")
    if text in (".", ".."):
        raise InvalidInputError(f"{what} cannot be {text!r}: it would change the request's path")
    if "/" in text:
        raise InvalidInputError(f"{what} cannot contain '/': it would change the request's path; got {shown(text)}")
    if has_control(text):
        raise InvalidInputError(f"{what} cannot contain control characters (CR, LF, NUL...)")
    refuse_lone_surrogates(text, what)
    return quote(text, safe="")


def raw_path(path: str, what: str = "path") -> str:
    """A path given whole to a raw-access method (``/a/b?x=1``), checked but not re-encoded.

    Refused: anything but a string starting with ``/``, control characters, spaces or lone
    surrogates anywhere, and ``.`` or ``..`` segments in the path part (they would reach another
    route than the one written).

    Raises:
        InvalidInputError: Naming the argument and the rule it breaks.
    """
    if not isinstance(path, str) or not path.startswith("/"):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"{what} must start with '/'; got {shown(path)}")
    # Printable ASCII without spaces (nearly every path) holds no control character: skip the
    # character-by-character check, which costs more than the rest of a call's validation.
    plain = path.isascii() and path.isprintable() and " " not in path
    if not plain and (has_control(path) or any(character.isspace() for character in path)):
        raise InvalidInputError(f"{what} cannot contain control characters or spaces (CR, LF, NUL...)")
    if not plain:
        refuse_lone_surrogates(path, what)
    # The route is the part before any query or fragment: without "/." in the whole path, no
    # segment of it can be "." or "..".
    route = re.split(r"[?#]", path, maxsplit=1)[0] if "/." in path else ""
    if "/." in route and any(part in (".", "..") for part in route.split("/")):
        raise InvalidInputError(f"{what} cannot hold '.' or '..' segments; got {shown(path)}")
    return path


def header_value(name: str, value: str) -> str:
    """A header value that cannot end the header early (no CR, LF or NUL); the message names the
    header, never the value (it may be a secret).

    Raises:
        InvalidInputError: The name or value holds a line break or NUL.
    """
    check_header_values([(name, value)])
    return value


def domain_name(value: str, what: str, *, wildcard: bool = False, transitional: bool = False) -> str:
    """A domain (or host) name in ASCII form, checked as DNS and IDNA 2008 want it.

    Internationalised labels are mapped (UTS 46) and converted to ``xn--`` labels with the `idna`
    package; ``transitional`` maps the deviation characters (``ß`` becomes ``ss``) as registries of
    most TLDs do. ASCII labels are kept as written (letters, digits, ``-`` inside, ``_``); ``xn--``
    labels must decode. A trailing dot (the root) is kept. With ``wildcard`` the first label may be
    ``*``.

    Raises:
        InvalidInputError: An empty name or label, a label over 63 or a name over 253 characters
            (in ASCII form), characters a domain name cannot hold, or a failed IDNA conversion.
    """
    if not isinstance(value, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"{what} must be a domain name (a string), not {type(value).__name__}")
    if not value or value == ".":
        raise InvalidInputError(f"{what} cannot be empty")
    if has_control(value) or any(character.isspace() for character in value):
        raise InvalidInputError(f"{what} cannot contain spaces or control characters (CR, LF, NUL...)")
    text = value
    if not text.isascii():
        try:
            text = idna.uts46_remap(text, std3_rules=False, transitional=False)
        except (idna.IDNAError, UnicodeError) as error:
            raise InvalidInputError(f"{what}: {shown(value)} is not a valid domain name ({error})") from None
        if transitional:
            for character, replacement in _DEVIATIONS.items():
                text = text.replace(character, replacement)
    absolute = text.endswith(".")
    labels = (text[:-1] if absolute else text).split(".")
    out: list[str] = []
    for position, label in enumerate(labels):
        if not label:
            raise InvalidInputError(f"{what}: {shown(value)} is not a valid domain name (empty label)")
        if wildcard and position == 0 and label == "*":
            out.append(label)
            continue
        out.append(_ace_label(label, value, what))
    ace = ".".join(out)
    if len(ace) > MAX_DOMAIN_LENGTH:
        raise InvalidInputError(
            f"{what}: a domain name has at most {MAX_DOMAIN_LENGTH} characters in ASCII form, this one {len(ace)}"
        )
    return ace + "." if absolute else ace


def _ace_label(label: str, value: str, what: str) -> str:
    if label.isascii():
        if not _ASCII_LABEL.match(label):
            raise InvalidInputError(
                f"{what}: {shown(value)} is not a valid domain name (a label holds letters, digits, '_' "
                "and '-', not at its start or end)"
            )
        if label[:4].lower() == "xn--":
            try:
                idna.ulabel(label)
            except (idna.IDNAError, UnicodeError) as error:
                raise InvalidInputError(f"{what}: {shown(value)} is not a valid domain name ({error})") from None
        ace = label
    else:
        try:
            ace = idna.alabel(label).decode("ascii")
        except (idna.IDNAError, UnicodeError) as error:
            raise InvalidInputError(f"{what}: {shown(value)} is not a valid domain name ({error})") from None
    if len(ace) > MAX_LABEL_LENGTH:
        raise InvalidInputError(
            f"{what}: a domain name label has at most {MAX_LABEL_LENGTH} characters, one here has {len(ace)}"
        )
    return ace


__all__ = [
    "MAX_DOMAIN_LENGTH",
    "MAX_LABEL_LENGTH",
    "all_of",
    "domain_name",
    "has_control",
    "header_value",
    "one_of",
    "path_segment",
    "raw_path",
    "refuse_lone_surrogates",
    "shown",
    "single_line",
]
