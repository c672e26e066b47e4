"""hook.io on the wire, without I/O: where the key goes, how requests are encoded, how replies and
errors are read (even the errors hook.io sends with HTTP 200), and how NDJSON stream lines parse.

Every request the client sends is described here as a `RequestSpec` whose ``context`` names the
operation (``op``), how the key travels (``auth``) and what the reply is (``reply``). `HookIOHooks`
reads that context to parse the reply and detect errors.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import AsyncIterable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast, get_args

import httpx

from resourcekit.core.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    RateLimitError,
    ResponseValidationError,
    error_class_for_status,
)
from resourcekit.core.hooks import ProviderHooks
from resourcekit.core.redact import DEFAULT_REDACTOR, MASK, Redactor
from resourcekit.core.request import NO_BODY, RequestSpec
from resourcekit.core.validate import domain_name, has_control, path_segment, shown
from resourcekit.hookio.errors import HookIOError, RoleAccessError
from resourcekit.hookio.roles import ALL_ROLES

DEFAULT_URL = "https://hook.io"
URL_VARIABLE = "HOOKIO_URL"
KEY_HEADER = "hookio-private-key"
KEY_PARAM = "hook_private_key"
ROLE_ERROR_TYPE = "unauthorized-role-access"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})
LOCAL_PORT = 9999
MAX_STREAM_ENTRIES = 50

AuthMode = Literal["owner", "keys", "anonymous"]
"""How the key travels: ``owner`` as the header, ``keys`` as the header and the body parameter
(``/keys/*`` reads only the parameter), ``anonymous`` not at all."""

ReplyKind = Literal["json", "text", "bytes", "data"]
"""``json`` a JSON reply (errors detected), ``text`` a text reply, ``bytes`` raw, ``data`` user data
(a hook's output or a stored value: only role errors are detected, the rest is the user's)."""

REDACTOR: Redactor = DEFAULT_REDACTOR.with_names(KEY_PARAM, KEY_HEADER, "hookAccessKey")

_SEGMENT = re.compile(r"^[^/\s]+$")
_ROLE_MESSAGE = re.compile(
    r'"(?P<user>[^"]*)" does not have the role "(?P<role>[^"]+)" which is required to access "(?P<path>[^"]*)"'
)
# An optional backslash: also inside JSON text shown as it is; $: a message cut inside the key.
_KEY_IN_MESSAGE = re.compile(r'(failed with key \\?")([^"\\]*)(\\?"|$)')
_NOT_FOUND_TEXT = re.compile(r"^(404 (missing!|not found\b.*)|not found(: .*)?)$", re.IGNORECASE | re.DOTALL)


# -- base URL and settings ----------------------------------------------------------------


def base_url(host: str | None = "hook.io", port: int | None = None, protocol: str | None = None) -> tuple[str, bool]:
    """The base URL (always with its port) and whether to verify TLS, as the Python port chose them.

    ``host=None`` means the local development server (``http://127.0.0.1:9999``); local hosts use
    plain HTTP without verification; otherwise HTTPS on 443 unless a protocol or port says else.
    A host may carry its own port (``"127.0.0.1:8080"``).
    """
    if host is None:
        host = "127.0.0.1"
    if port is None and _has_port(host):
        host, _, port_text = host.rpartition(":")
        port = int(port_text)
    local = host.strip("[]") in LOCAL_HOSTS
    if protocol is None:
        if local:
            protocol = "http"
        elif port is None or port == 443:
            protocol = "https"
        else:
            protocol = "http"
    if protocol not in ("http", "https"):
        raise InvalidInputError(f"protocol must be 'http' or 'https', not {protocol!r}")
    if port is None:
        port = LOCAL_PORT if local else (443 if protocol == "https" else 80)
    return f"{protocol}://{host}:{port}/", not local


def _has_port(host: str) -> bool:
    head, sep, tail = host.rpartition(":")
    return bool(sep) and tail.isdigit() and not head.endswith(":")


@dataclass(frozen=True)
class HookEnvironment:
    """What a running hook's ``Hook`` object says about how to reach hook.io."""

    url: str
    verify: bool
    api_key: str | None


def _lookup(source: Any, name: str) -> Any:
    if isinstance(source, Mapping):
        return cast("Mapping[str, Any]", source).get(name)
    return getattr(source, name, None)


def hook_environment(hook: Any, environ: Mapping[str, str], api_key: str | None = None) -> HookEnvironment:
    """Settings for code running inside a hook.

    The API host is the hook's configured one: ``Hook.env.HOOKIO_URL`` (an owner's environment
    variable), else the ``HOOKIO_URL`` process variable, else ``https://hook.io``. It is never taken
    from ``Hook.req.host``: that is the ``Host`` header of the request that started the hook,
    chosen by whoever called it, and the client carries the owner's ``hookAccessKey``.

    The key, in the port's order of precedence: the argument,
    ``Hook.req.headers['hookio-private-key']``, ``Hook.params.hook_private_key``,
    ``Hook.env.hookAccessKey``, ``Hook['hookAccessKey']``, then the ``hook_private_key`` and
    ``hookAccessKey`` environment variables. ``hook`` is read, never changed.
    """
    req = _lookup(hook, "req")
    headers = _lookup(req, "headers") if req is not None else None
    hook_env = _lookup(hook, "env")
    candidates = [
        api_key,
        _lookup(headers, KEY_HEADER) if headers is not None else None,
        _lookup(_lookup(hook, "params"), KEY_PARAM) if _lookup(hook, "params") is not None else None,
        _lookup(hook_env, "hookAccessKey") if hook_env is not None else None,
        _lookup(hook, "hookAccessKey"),
        environ.get(KEY_PARAM),
        environ.get("hookAccessKey"),
    ]
    key = next((str(found) for found in candidates if found), None)
    configured = _lookup(hook_env, URL_VARIABLE) if hook_env is not None else None
    url = str(configured or environ.get(URL_VARIABLE) or DEFAULT_URL)
    return HookEnvironment(url=url, verify=True, api_key=key)


# -- request encoding -----------------------------------------------------------------------


def segment(value: str, what: str) -> str:
    """A path segment (owner, hook or domain name), checked and URL-encoded.

    Raises:
        InvalidInputError: Empty, ``.`` or ``..``, or holds a slash, whitespace or a control character.
    """
    if not isinstance(value, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"{what} must be a name (a string), not {type(value).__name__}")
    quoted = path_segment(value, what)
    if not _SEGMENT.match(value):
        raise InvalidInputError(f"{what} must be a name without spaces, not {shown(value)}")
    return quoted


def subpath_segments(subpath: str) -> str:
    """The path after a hook's (``a/b`` -> ``/a/b``), each segment checked and URL-encoded.

    Raises:
        InvalidInputError: An empty, ``.`` or ``..`` segment, or a control character.
    """
    return "".join("/" + path_segment(part, "subpath segment") for part in subpath.strip("/").split("/"))


def check_domain(name: str) -> str:
    """A custom domain name (``hooks.example.com``): a path segment and a valid domain name.

    Raises:
        InvalidInputError: Not a valid domain name (empty label, label over 63 or name over 253
            characters, IDNA failure), or not usable as a path segment.
    """
    segment(name, "domain name")
    domain_name(name, "domain name")
    return name


_BUILTIN_NAMESPACES = frozenset(role.split("::", 1)[0] for role in ALL_ROLES)


def check_role(role: str, what: str = "role") -> str:
    """A role name: one of `ALL_ROLES`, or a custom role outside their namespaces.

    Custom roles are allowed (``reports::read``), but a name in a built-in namespace
    (``hook::``, ``files::``...) that the server does not know is a typo the server would accept
    silently and the key would never match, so it is refused.

    Raises:
        InvalidInputError: Empty, holding a comma, spaces around it or control characters, or
            unknown in a built-in namespace.
    """
    if not isinstance(role, str) or not role or "," in role or role != role.strip() or has_control(role):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(
            f"{what} must be a non-empty name without commas, control characters or spaces around it: {shown(role)}"
        )
    if role.split("::", 1)[0] in _BUILTIN_NAMESPACES and role not in ALL_ROLES:
        raise InvalidInputError(f"{what}: hook.io has no role {shown(role)} (see hookio.roles.ALL_ROLES)")
    return role


AUTH_MODES: tuple[str, ...] = get_args(AuthMode)
REPLY_KINDS: tuple[str, ...] = get_args(ReplyKind)


def split_hook_path(path: str) -> tuple[str, str]:
    """``"owner/name"`` as ``(owner, name)``.

    Raises:
        InvalidInputError: Not of the form ``owner/name``.
    """
    owner, sep, name = path.strip("/").partition("/")
    if not sep or not owner or not name or "/" in name:
        raise InvalidInputError(f"a hook is named 'owner/name', not {path!r}")
    return owner, name


def hook_url(owner: str, name: str, suffix: str = "") -> str:
    return f"/{segment(owner, 'owner')}/{segment(name, 'hook name')}{suffix}"


def gateway_url(language: str) -> str:
    """The gateway route of a language: ``/gateway-python``."""
    return f"/gateway-{segment(language, 'language')}"


def spec(
    method: str,
    url: str,
    op: str,
    *,
    auth: AuthMode = "owner",
    reply: ReplyKind = "json",
    params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
    json_body: Any = NO_BODY,
    content: bytes | Iterable[bytes] | AsyncIterable[bytes] | None = None,
    headers: Mapping[str, str] | None = None,
    idempotent: bool | None = None,
) -> RequestSpec:
    """A request described for the transport; the operation's facts go in its context."""
    return RequestSpec(
        method=method,
        url=url,
        params=params,
        json=json_body,
        content=content,
        headers={"Accept": "application/json", **(headers or {})},
        idempotent=idempotent,
        authenticate=auth != "anonymous",
        context={"op": op, "auth": auth, "reply": reply},
    )


def with_key(request: RequestSpec, key: str | None) -> RequestSpec:
    """The request with the key where its operation reads it (see `AuthMode`).

    ``owner`` requests carry the ``hookio-private-key`` header; ``keys`` requests also carry the
    ``hook_private_key`` body parameter, the only place ``/keys/*`` looks; ``anonymous`` ones nothing.
    A ``hook_private_key`` already in a ``keys`` body (checking another key) is kept.
    """
    mode = request.context.get("auth", "owner")
    if key is None or mode == "anonymous":
        return request
    if mode == "keys":
        given: Any = request.json
        body: dict[str, Any] = dict(cast("Mapping[str, Any]", given)) if isinstance(given, Mapping) else {}
        body.setdefault(KEY_PARAM, key)
        return request.with_changes(json=body, headers={**request.headers, KEY_HEADER: key})
    return request.with_headers({KEY_HEADER: key})


def roles_text(roles: str | Sequence[str]) -> str:
    """Roles as the server stores them: one comma-separated string.

    Raises:
        InvalidInputError: An empty role or one holding a comma.
    """
    items = [roles] if isinstance(roles, str) else list(roles)
    if isinstance(roles, str):
        items = [item.strip() for item in roles.split(",")]
    return ",".join(check_role(item, "a role") for item in items)


def roles_list(value: Any) -> list[str]:
    """Roles from a key document: ``"a,b"`` (or a list, which some replies hold) as a list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    if isinstance(value, list):
        return [str(item) for item in cast("list[Any]", value)]
    raise ResponseValidationError(f"roles must be a string or a list, not {type(value).__name__}", raw=value)


def env_body(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The body of ``POST /env``: ``{"env": {name: value}}`` where ``None`` deletes a variable.

    Unlike the legacy form encoding, ``""`` and ``0`` are values and are sent as they are.

    Raises:
        InvalidInputError: An empty variable name.
    """
    for name in changes:
        if not isinstance(name, str) or not name:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"an environment variable needs a non-empty name, not {name!r}")
    return {"env": check_json(dict(changes), "environment values")}


def check_json(value: Any, what: str) -> Any:
    """``value`` when JSON can carry it exactly (no NaN or infinity, only JSON types).

    Raises:
        InvalidInputError: The value cannot be sent as JSON.
    """
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InvalidInputError(f"{what} must be JSON (dicts, lists, str, int, float, bool, None): {error}") from None
    return value


def query_params(values: Mapping[str, Any], what: str) -> dict[str, str | int | float | bool]:
    """Values for a query string: strings, numbers and booleans (``None`` is left out).

    Raises:
        InvalidInputError: A nested value (send those in a JSON body instead).
    """
    params: dict[str, str | int | float | bool] = {}
    for name, value in values.items():
        if value is None:
            continue
        if not isinstance(value, str | int | float | bool):
            raise InvalidInputError(
                f"{what}: {name!r} is a {type(value).__name__}; a query string holds only text and numbers"
                " (send nested data in a JSON body, e.g. with POST)"
            )
        params[name] = value
    return params


def check_datastore_key(key: str) -> str:
    if not isinstance(key, str) or not key:  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"a datastore key must be a non-empty string, not {key!r}")
    return key


def check_file_path(path: str) -> str:
    """A file path under your root (``/a/b.txt``; a leading ``/`` is added).

    Raises:
        InvalidInputError: Empty, a ``..`` segment (it would leave the tree) or a control character.
    """
    if not isinstance(path, str) or not path.strip():  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"a file path must be a non-empty string, not {shown(path)}")
    if has_control(path):
        raise InvalidInputError("a file path cannot contain control characters (CR, LF, NUL...)")
    if ".." in path.split("/"):
        raise InvalidInputError(f"a file path cannot hold '..' segments; got {shown(path)}")
    return path if path.startswith("/") else "/" + path


# -- replies --------------------------------------------------------------------------------


class PlainText(str):
    """A reply that should have been JSON but was plain text (how many handlers report errors).

    A JSON string such as ``"OK"`` parses to a plain `str`; this subclass marks text that was not
    JSON at all.
    """

    __slots__ = ()


def mask_key_in_message(message: str) -> str:
    """Role errors quote the key that failed; never let it reach a log or a traceback."""
    return _KEY_IN_MESSAGE.sub(lambda match: f"{match.group(1)}{MASK}{match.group(3)}", message)


def _masked_body(body: Mapping[str, Any]) -> dict[str, Any]:
    masked = REDACTOR.mapping(body)
    message = masked.get("message")
    if isinstance(message, str):
        masked["message"] = mask_key_in_message(message)
    return masked


def role_error(parsed: Any, status: int = 200) -> RoleAccessError | None:
    """The role-access failure a reply stands for (2016 and 2019 wordings, JSON or text), else ``None``."""
    if isinstance(parsed, Mapping):
        body = cast("Mapping[str, Any]", parsed)
        message = body.get("message")
        role = body.get("role")
        marked = body.get("type") == ROLE_ERROR_TYPE
        matched = _ROLE_MESSAGE.search(message) if isinstance(message, str) else None
        if not marked and not (body.get("error") is True and matched):
            return None
        if not isinstance(role, str) or not role:
            role = matched.group("role") if matched else ""
        user = body.get("user")
        text = mask_key_in_message(message) if isinstance(message, str) else f'role "{role}" is required'
        return RoleAccessError(
            text,
            role=role,
            user=user if isinstance(user, str) else (matched.group("user") if matched else None),
            path=matched.group("path") if matched else None,
            status=status,
            raw=_masked_body(body),
        )
    if isinstance(parsed, str):
        matched = _ROLE_MESSAGE.search(parsed)
        if matched is None:
            return None
        text = mask_key_in_message(parsed.strip())
        return RoleAccessError(
            text,
            role=matched.group("role"),
            user=matched.group("user"),
            path=matched.group("path"),
            status=status,
            raw=text,
        )
    return None


def error_for_reply(status: int, parsed: Any, reply: ReplyKind = "json") -> APIError | None:
    """The error a reply stands for, or ``None`` for a success.

    hook.io reports most failures with HTTP 200: role-access failures, ``{"error": true, ...}``
    bodies, ``{"status": 404, ...}`` views and plain-text messages where JSON was expected. A hook's
    output and stored values (``reply="data"``) are the user's, so only role errors are read there.
    """
    found = role_error(parsed, status)
    if found is not None:
        return found
    if status >= 400:
        return _status_error(status, parsed)
    if reply == "data" or reply == "bytes":
        if reply == "data" and isinstance(parsed, str) and parsed.strip() == "404 missing!":
            return NotFoundError(parsed.strip(), status=404, raw=parsed)
        return None
    if isinstance(parsed, Mapping):
        return _body_error(status, cast("Mapping[str, Any]", parsed))
    if reply == "json" and isinstance(parsed, PlainText):
        text = mask_key_in_message(parsed.strip())
        if _NOT_FOUND_TEXT.match(text):
            return NotFoundError(text, status=404, raw=parsed)
        if "already exists" in text.lower():
            return ConflictError(text, status=409, raw=parsed)
        if text.lower().endswith(" is required"):
            return BadRequestError(text, status=400, raw=parsed)
        return HookIOError(text[:500] or "empty reply", status=status, raw=parsed)
    return None


def _status_error(status: int, parsed: Any) -> APIError:
    message = f"HTTP {status}"
    if isinstance(parsed, Mapping):
        found = cast("Mapping[str, Any]", parsed).get("message")
        if isinstance(found, str) and found:
            message = found
    elif isinstance(parsed, str) and parsed.strip():
        message = parsed.strip()[:500]
    message = mask_key_in_message(message)
    if status == 410 or message.startswith("Rate limited"):
        return RateLimitError(message, status=status, raw=parsed)
    if status < 500 and "already exists" in message.lower():
        return ConflictError(message, status=status, raw=parsed)
    return error_class_for_status(status)(message, status=status, raw=parsed)


def _body_error(status: int, body: Mapping[str, Any]) -> APIError | None:
    message = body.get("message")
    text = mask_key_in_message(message) if isinstance(message, str) else ""
    if body.get("error") is True:
        lowered = text.lower()
        if text.startswith("Rate limited"):
            return RateLimitError(text, status=410, raw=dict(body))
        if "not found" in lowered:
            return NotFoundError(text, status=404, raw=dict(body))
        if "already exists" in lowered:
            return ConflictError(text, status=409, raw=dict(body))
        if "required" in lowered or body.get("constraint") is not None:
            return BadRequestError(text, status=400, raw=dict(body))
        return HookIOError(text or "hook.io reported an error", status=status, raw=dict(body))
    errors = body.get("errors")
    if body.get("valid") is False and isinstance(errors, list):
        found = [cast("dict[str, Any]", item) for item in cast("list[Any]", errors) if isinstance(item, dict)]
        described = "; ".join(str(item.get("message") or item.get("property")) for item in found)
        return BadRequestError(f"invalid: {described}" if described else "invalid", status=400, raw=dict(body))
    if body.get("status") == 404 and text:
        return NotFoundError(text, status=404, raw=dict(body))
    if body.get("status") == "invalid" or body.get("result") in ("invalid", "available", "not-set"):
        result = body.get("result") or body.get("status")
        return AuthenticationError(text or f"login failed: {result}", status=status, code=str(result), raw=dict(body))
    return None


def parse_body(response: httpx.Response, reply: ReplyKind) -> Any:
    """The reply body by its kind: text kept as text, JSON decoded (empty is ``None``)."""
    if reply == "bytes":
        return response.content
    if reply == "text":
        return _text_or_error(response)
    content = response.content
    if not content.strip():
        return None if reply == "json" else ""
    content_type = response.headers.get("content-type", "")
    if "json" in content_type or reply == "json":
        try:
            return json.loads(content)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than the stack
            if reply == "json" and "json" in content_type:
                raise ResponseValidationError("reply is not valid JSON", raw=response.text) from None
            return PlainText(response.text) if reply == "json" else response.text
    return response.text


def _text_or_error(response: httpx.Response) -> Any:
    """A text reply, unless it is a JSON error body (role failures come as JSON on text routes)."""
    if "json" not in response.headers.get("content-type", ""):
        return response.text
    try:
        value = json.loads(response.content)
    except (ValueError, RecursionError):
        return response.text
    if isinstance(value, dict) and cast("dict[str, Any]", value).get("error") is True:
        return cast("dict[str, Any]", value)
    return response.text


class HookIOHooks(ProviderHooks):
    """Parsing and error mapping for hook.io replies."""

    redactor = REDACTOR

    def parse(self, response: httpx.Response, spec: RequestSpec) -> Any:
        return parse_body(response, _reply_kind(spec))

    def map_error(self, response: httpx.Response, parsed: Any, spec: RequestSpec) -> APIError | None:
        return error_for_reply(response.status_code, parsed, _reply_kind(spec))

    def redirect_error(self, response: httpx.Response, spec: RequestSpec) -> APIError | None:
        # hook.io's web routes (login, signup, sessions) answer with redirects the client reads.
        return None


def _reply_kind(spec: RequestSpec) -> ReplyKind:
    kind: Any = spec.context.get("reply", "json")
    return kind if kind in ("json", "text", "bytes", "data") else "json"


# -- NDJSON streams -------------------------------------------------------------------------


def parse_stream_line(line: str | bytes) -> dict[str, Any] | None:
    """One NDJSON line of a log or event stream as an object (``None`` for a blank line).

    Raises:
        ResponseValidationError: The line is not a JSON object.
        RoleAccessError: The stream answered with a role-access failure instead of entries.
    """
    text = line.decode("utf-8", errors="replace") if isinstance(line, bytes) else line
    text = text.strip()
    if not text:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        found = role_error(text)
        if found is not None:
            raise found from None
        raise ResponseValidationError(f"stream line is not JSON: {text[:200]!r}", raw=text) from None
    if not isinstance(value, dict):
        raise ResponseValidationError("stream line is not a JSON object", raw=value)
    entry = cast("dict[str, Any]", value)
    found = error_for_reply(200, entry, "json")
    if found is not None:
        raise found
    return entry


def log_line(entry: Any) -> str:
    """The stderr line with which code running in a hook adds ``entry`` to the hook's log."""
    return json.dumps({"type": "log", "payload": {"entry": check_json(entry, "a log entry")}}) + "\n"


def parse_json_message(text: str) -> Any:
    """A websocket message parsed as JSON.

    Raises:
        ResponseValidationError: The message is not JSON.
    """
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ResponseValidationError(f"the message is not JSON: {error}", raw=text[:500]) from None


def control_line(kind: str, payload: Mapping[str, Any]) -> str:
    """A stderr line telling the runner how to answer (``writeHead``, ``setHeader``, ``end``...).

    The same channel and shape as log lines: one JSON object per line, ``{"type", "payload"}``.
    """
    return json.dumps({"type": kind, "payload": dict(payload)}, ensure_ascii=False) + "\n"


# No nested quantifiers: ``<li>\s*([^<]+?)\s*</li>`` took quadratic time on a long run of blanks.
_LIST_ITEM = re.compile(r"<li>([^<]*)</li>")


def html_list_items(html: str, css_class: str) -> list[str]:
    """The ``<li>`` texts inside the element of class ``css_class`` (pages with no JSON mode)."""
    start = html.find(f'class="{css_class}"')
    if start < 0:
        raise ResponseValidationError(f"the page has no {css_class!r} list", raw=html[:500])
    end = html.find("</ul>", start)
    found = _LIST_ITEM.findall(html[start : end if end >= 0 else len(html)])
    return [item.strip() for item in found if item.strip()]


_ROLE_DIV = re.compile(r'<div class="role">([^<]*)</div>')


def html_roles(page: str) -> list[str]:
    """The role names of the ``/roles`` page (one ``div`` each inside ``availableRoles``)."""
    start = page.find('class="availableRoles"')
    if start < 0:
        raise ResponseValidationError("the page has no 'availableRoles' block", raw=page[:500])
    return [html.unescape(found).strip() for found in _ROLE_DIV.findall(page[start:]) if found.strip()]


def decode_log_data(data: Any) -> Any:
    """A log entry's ``data`` (a JSON-encoded string) decoded; text that is not JSON stays text."""
    if not isinstance(data, str):
        return data
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return data


def entry_identity(entry: Mapping[str, Any]) -> str:
    """A stable identity for a stream entry, to skip ones already seen after reconnecting."""
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), default=str)


__all__ = [
    "AUTH_MODES",
    "DEFAULT_URL",
    "KEY_HEADER",
    "KEY_PARAM",
    "REDACTOR",
    "ROLE_ERROR_TYPE",
    "AuthMode",
    "HookEnvironment",
    "HookIOHooks",
    "PlainText",
    "REPLY_KINDS",
    "ReplyKind",
    "base_url",
    "check_datastore_key",
    "check_domain",
    "check_file_path",
    "check_json",
    "check_role",
    "decode_log_data",
    "entry_identity",
    "env_body",
    "error_for_reply",
    "gateway_url",
    "hook_environment",
    "hook_url",
    "html_list_items",
    "html_roles",
    "control_line",
    "log_line",
    "mask_key_in_message",
    "parse_body",
    "parse_json_message",
    "parse_stream_line",
    "query_params",
    "role_error",
    "roles_list",
    "roles_text",
    "segment",
    "spec",
    "split_hook_path",
    "subpath_segments",
    "with_key",
]
