"""The OVH wire format, without I/O: endpoints, signatures, parameters, bodies and errors.

Every function here takes data and returns data, so each rule of the protocol is tested with
plain values (the signature vectors of python-ovh and asyncovh among them).
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import json
import keyword
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, cast
from urllib.parse import quote, urlencode, urlsplit

from resourcekit.core.config import check_server_url
from resourcekit.core.errors import ConfigurationError, InvalidInputError, ResponseValidationError
from resourcekit.core.validate import domain_name, has_control, one_of, path_segment, raw_path, shown
from resourcekit.ovh.errors import (
    OVHAuthenticationError,
    OVHBadRequestError,
    OVHConflictError,
    OVHError,
    OVHNotFoundError,
    OVHOAuth2Error,
    OVHPermissionDeniedError,
    OVHRateLimitError,
    OVHResourceExpiredError,
    OVHServerError,
)

ENDPOINTS: Final[Mapping[str, str]] = {
    "ovh-eu": "https://eu.api.ovh.com/1.0",
    "ovh-us": "https://api.us.ovhcloud.com/1.0",
    "ovh-ca": "https://ca.api.ovh.com/1.0",
    "kimsufi-eu": "https://eu.api.kimsufi.com/1.0",
    "kimsufi-ca": "https://ca.api.kimsufi.com/1.0",
    "soyoustart-eu": "https://eu.api.soyoustart.com/1.0",
    "soyoustart-ca": "https://ca.api.soyoustart.com/1.0",
}
"""Endpoint names and their base URLs (the same table as python-ovh)."""

OAUTH2_TOKEN_URLS: Final[Mapping[str, str]] = {
    "ovh-eu": "https://www.ovh.com/auth/oauth2/token",
    "ovh-ca": "https://ca.ovh.com/auth/oauth2/token",
    "ovh-us": "https://us.ovhcloud.com/auth/oauth2/token",
}
"""The OAuth2 token endpoints; OAuth2 exists only on these three endpoints."""

API_ROOT: Final = "/1.0"
"""Where the API lives on a server; a base URL given as a bare server root gets it appended."""

API_ROOTS: Final = ("/1.0", "/v1")
"""The paths a base URL may end in (``/v1`` is ``/1.0`` under another name)."""

OAUTH2_TOKEN_PATH: Final = "/auth/oauth2/token"
"""Where the token endpoint lives on a base-URL endpoint (a sandbox)."""

QUERY_ID_HEADER: Final = "X-Ovh-QueryID"

# Error codes that mean "who you are was not accepted" (as opposed to "you may not do this").
AUTHENTICATION_CODES: Final = frozenset(
    {"INVALID_KEY", "INVALID_CREDENTIAL", "NOT_CREDENTIAL", "INVALID_SIGNATURE", "QUERY_TIME_OUT"}
)
TIMESTAMP_REJECTED: Final = "QUERY_TIME_OUT"

_STATUS_CLASSES: Final[Mapping[int, type[OVHError]]] = {
    400: OVHBadRequestError,
    401: OVHAuthenticationError,
    403: OVHPermissionDeniedError,
    404: OVHNotFoundError,
    409: OVHConflictError,
    429: OVHRateLimitError,
    460: OVHResourceExpiredError,
}


# -- endpoints ----------------------------------------------------------------------------------


def is_base_url(endpoint: str) -> bool:
    """Whether ``endpoint`` is a URL (``http(s)://...``) rather than an endpoint name such as ``ovh-eu``."""
    return endpoint.startswith(("http://", "https://"))


def base_url(endpoint: str) -> str:
    """The base URL of an endpoint name (``ovh-eu``...) or of a base URL given as is.

    Raises:
        ConfigurationError: An unknown endpoint name (the message lists the known ones).
        InvalidAddressError: A malformed base URL (a `ConfigurationError` too).
    """
    if is_base_url(endpoint):
        base = check_server_url(endpoint, "the OVH endpoint").rstrip("/")
        # A bare server root (what ``resourcekit sandbox serve`` prints) means the API under it.
        return base + API_ROOT if not urlsplit(base).path else base
    try:
        return ENDPOINTS[endpoint]
    except KeyError:
        if "://" in endpoint:
            check_server_url(endpoint, "the OVH endpoint")  # names what is wrong with a URL (ftp://...)
        known = ", ".join(ENDPOINTS)
        raise ConfigurationError(
            f"unknown OVH endpoint {endpoint!r}; use one of {known} or a base URL such as http://127.0.0.1:8000/1.0"
        ) from None


def wrong_path_hint(base: str) -> str:
    """What a 404's message adds when a base URL's path is not an API root (``/1.0``, ``/v1``).

    Empty for endpoint names and for base URLs ending in an API root.
    """
    parts = urlsplit(base)
    if not is_base_url(base) or parts.path.rstrip("/").endswith(API_ROOTS):
        return ""
    return (
        f"; the endpoint {base} does not end in {API_ROOT}, where the OVH API lives: give the server root "
        f"({parts.scheme}://{parts.netloc}) or {parts.scheme}://{parts.netloc}{API_ROOT}"
    )


def oauth2_token_url(endpoint: str) -> str:
    """The OAuth2 token URL for an endpoint.

    Raises:
        ConfigurationError: OAuth2 does not exist on that endpoint (kimsufi, soyoustart).
    """
    if is_base_url(endpoint):
        parts = urlsplit(endpoint)
        return f"{parts.scheme}://{parts.netloc}{OAUTH2_TOKEN_PATH}"
    if endpoint not in OAUTH2_TOKEN_URLS:
        base_url(endpoint)  # an unknown name is reported as such
        raise ConfigurationError(
            f"OAuth2 authentication is not compatible with endpoint {endpoint} "
            "(it can only be used with ovh-eu, ovh-ca and ovh-us)"
        )
    return OAUTH2_TOKEN_URLS[endpoint]


def target_url(base: str, path: str) -> str:
    """The absolute URL of an API path.

    Paths under ``/v1`` or ``/v2`` replace the base's ``/1.0`` (``/v1`` is ``/1.0`` under another
    name); other paths are appended to the base. Absolute URLs are kept.
    """
    if is_base_url(path):
        return path
    if not path.startswith("/"):
        path = "/" + path
    # Every call comes here: the route is looked at only when it can be a /v1 or /v2 one.
    if path.startswith(("/v1", "/v2")) and base.endswith("/1.0"):
        head = path.split("?", 1)[0]
        if any(head == prefix or head.startswith(prefix + "/") for prefix in ("/v1", "/v2")):
            base = base[: -len("/1.0")]
    return base + path


def quote_segment(value: str | int, what: str = "an OVH path segment") -> str:
    """One path segment, percent-encoded so that ``/`` in an IP block stays in its segment.

    An IP address or block (``1.2.3.0/24``) may hold its ``/``; any other ``/``, an empty segment,
    ``.``, ``..`` and control characters are refused (see `resourcekit.core.validate.path_segment`).

    Raises:
        InvalidInputError: A segment that would change the route.
    """
    if isinstance(value, str):
        if _UNRESERVED_SEGMENT.fullmatch(value) and value not in (".", ".."):
            # Nearly every id: characters that percent-encoding leaves as they are, nothing to refuse.
            return value
        _unicode_text(value, what)
        if "/" in value and _is_ip_block(value):
            return quote(value, safe="")
    return path_segment(value, what)


_UNRESERVED_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")
"""A segment of URI-unreserved characters only (RFC 3986), which `quote` returns unchanged."""


def _is_ip_block(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


def path(template: str, *segments: str | int) -> str:
    """A route with each ``{}`` replaced by a percent-encoded segment: ``path("/ip/{}", "1.2.3.0/24")``.

    Raises:
        InvalidInputError: A segment that would change the route (see `quote_segment`).
    """
    names = _segment_names(template)
    return template.format(*(quote_segment(segment, name) for segment, name in zip(segments, names, strict=False)))


@functools.lru_cache(maxsize=256)
def _segment_names(template: str) -> tuple[str, ...]:
    """The names errors give to a template's segments (templates are constants: worked out once)."""
    return tuple(_segment_name(piece) for piece in template.split("{}")[:-1])


def _segment_name(prefix: str) -> str:
    """How an error names the segment after ``prefix``: ``/domain/zone/`` -> ``the zone name``."""
    words = [word for word in prefix.split("/") if word]
    return f"the {words[-1]} id or name (a path segment)" if words else "a path segment"


HTTP_METHODS: Final = ("GET", "POST", "PUT", "DELETE")
"""The methods the OVH API describes its operations with."""


def check_method(method: str) -> str:
    """An HTTP method of the API, upper-cased.

    Raises:
        InvalidInputError: Not GET, POST, PUT or DELETE.
    """
    text = method.upper() if isinstance(method, str) else method  # pyright: ignore[reportUnnecessaryIsInstance]
    return one_of(text, HTTP_METHODS, "method")


def check_api_path(path: str) -> str:
    """A path given to a raw call (``/me/bill?category=purchase``): it must start with ``/`` and
    hold no control characters, spaces, ``.`` or ``..`` segments.

    Raises:
        InvalidInputError: The path would reach another route than the one written.
    """
    return _unicode_text(raw_path(path, "path"), "path")


def zone_name(name: str, what: str = "zone") -> str:
    """A DNS zone or e-mail domain name, checked and in ASCII form (``bücher.de`` -> ``xn--bcher-kva.de``).

    Raises:
        InvalidInputError: Not a valid domain name (empty label, label over 63 or name over 253
            characters, IDNA failure).
    """
    return domain_name(name, what, wildcard=what == "sub_domain")


def check_email(address: str, what: str) -> str:
    """An e-mail address: text, one ``@``, a valid domain; no spaces or control characters.

    Raises:
        InvalidInputError: Naming the argument.
    """
    if not isinstance(address, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"{what} must be an e-mail address, not {type(address).__name__}")
    local, at, domain = address.rpartition("@")
    if not at or not local or has_control(address) or any(character.isspace() for character in address):
        raise InvalidInputError(f"{what} must be an e-mail address, not {shown(address)}")
    domain_name(domain, f"{what} (its domain)")
    return address


# -- parameters ---------------------------------------------------------------------------------


def canonical_name(name: str) -> str:
    """The API name of a keyword argument of the raw calls.

    A Python keyword prefixed (python-ovh's ``_from``) or suffixed (PEP 8's ``from_``) with one
    underscore loses it; any other name is sent as it is (``_to`` stays ``_to``, as in python-ovh).
    """
    if name.startswith("_") and keyword.iskeyword(name[1:]):
        return name[1:]
    if name.endswith("_") and keyword.iskeyword(name[:-1]):
        return name[:-1]
    return name


def canonical_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments renamed by `canonical_name`, in order."""
    return {canonical_name(name): value for name, value in params.items()}


def query_value(value: Any) -> str:
    """A query string value: booleans as ``true``/``false``, numbers and strings as they read.

    Raises:
        InvalidInputError: A value that has no query form (a dict, an object).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInputError(f"cannot send {value!r} as a query parameter: the API takes finite numbers only")
    if isinstance(value, str):
        return _unicode_text(value, "a query parameter")
    if isinstance(value, int | float):
        return str(value)
    raise InvalidInputError(f"cannot send {type(value).__name__} value {value!r} as a query parameter")


def query_pairs(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Query parameters as encoded pairs.

    ``None`` means "not given" and is left out (python-ovh sends the text ``null``, which the API
    reads as a value). A list or tuple repeats the name once per item.
    """
    pairs: list[tuple[str, str]] = []
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(name, str):  # pyright: ignore[reportUnnecessaryIsInstance] - call(params=) takes any mapping
            _unicode_text(name, "a query parameter name")
        if isinstance(value, list | tuple):
            items = cast("Iterable[Any]", value)
            pairs.extend((name, query_value(item)) for item in items if item is not None)
        else:
            pairs.append((name, query_value(value)))
    return pairs


def with_query(url: str, params: Mapping[str, Any]) -> str:
    """``url`` with the parameters appended (``?`` or ``&``), unchanged when there are none."""
    pairs = query_pairs(params)
    if not pairs:
        return url
    return url + ("&" if "?" in url else "?") + urlencode(pairs)


def encode_body(data: Any) -> bytes:
    """A JSON body exactly as python-ovh writes it: compact separators, ASCII escapes, key order kept.

    Raises:
        InvalidInputError: A value JSON cannot carry: ``NaN`` or an infinity (Python would write
            the non-JSON tokens ``NaN``/``Infinity``), a lone surrogate (its ``\\udXXX`` escape is
            not a character the server can decode), an object of another type, or a cycle.
    """
    try:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (ValueError, TypeError) as error:  # NaN, Infinity, a cycle; a type JSON does not know
        raise InvalidInputError(f"the JSON body cannot be sent: {error}") from None
    except RecursionError:
        raise InvalidInputError("the JSON body cannot be sent: it is nested too deep") from None
    if text.isascii():
        return text.encode("ascii")
    _unicode_text(text, "the JSON body")
    # The checked text holds non-ASCII characters: write them as \\u escapes, as python-ovh does.
    return json.dumps(data, separators=(",", ":")).encode("ascii")


def _unicode_text(text: str, what: str) -> str:
    """``text`` when it encodes to UTF-8, which a lone surrogate (``"\\ud800"``) does not.

    Raises:
        InvalidInputError: Naming where the text was going.
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InvalidInputError(
            f"{what} holds a lone surrogate {text[error.start]!r} at {error.start}: it is not Unicode text"
        ) from None
    return text


DEFAULT_TOKEN_LIFETIME: Final = 3600.0
"""Seconds an OAuth2 token is kept when the token reply gives no ``expires_in``."""

MAX_TOKEN_LIFETIME: Final = 366 * 24 * 3600
"""The longest ``expires_in`` believed (a year): beyond it the reply is broken, not generous."""


def token_lifetime(expires_in: Any) -> float:
    """Seconds an OAuth2 access token lives, from the token reply's ``expires_in``.

    A missing value means the default hour. The value must be a finite number of seconds above
    zero and at most `MAX_TOKEN_LIFETIME`: ``NaN`` would make a token that never expires, and a
    huge integer (``10**400``) does not fit a float.

    Raises:
        ResponseValidationError: Any other value.
    """
    if expires_in is None:
        return DEFAULT_TOKEN_LIFETIME
    if isinstance(expires_in, bool) or not isinstance(expires_in, int | float):
        raise ResponseValidationError(
            f"the OAuth2 token reply's expires_in is {type(expires_in).__name__}, not a number of seconds",
            raw=expires_in,
        )
    # Compared before any float conversion: an integer too large for a float is simply too large.
    if not (0 < expires_in <= MAX_TOKEN_LIFETIME):  # NaN fails every comparison, so it lands here too
        # repr() of a huge integer may itself fail (Python caps int-to-text conversions): say its size.
        bits = expires_in.bit_length() if isinstance(expires_in, int) else 0
        found = f"an integer of {bits} bits" if bits > 64 else shown(expires_in)
        raise ResponseValidationError(
            f"the OAuth2 token reply's expires_in must be above 0 and at most {MAX_TOKEN_LIFETIME} seconds; "
            f"got {found}",
            raw=expires_in,
        )
    return float(expires_in)


# -- signature ----------------------------------------------------------------------------------


def signature(
    application_secret: str, consumer_key: str, method: str, url: str, body: str | bytes, timestamp: int | str
) -> str:
    """``X-Ovh-Signature``: ``$1$`` + SHA-1 of ``AS+CK+METHOD+URL+BODY+TS`` in UTF-8.

    ``url`` is the full URL with its query string and ``body`` the exact bytes sent (empty when
    there is none).
    """
    text_body = body.decode("utf-8") if isinstance(body, bytes) else body
    parts = [application_secret, consumer_key, method.upper(), url, text_body, str(timestamp)]
    return "$1$" + hashlib.sha1("+".join(parts).encode("utf-8")).hexdigest()


# -- errors -------------------------------------------------------------------------------------


def error_class(status: int, error_code: str | None) -> type[OVHError]:
    """The error class of a reply, by ``errorCode`` first and HTTP status second."""
    if error_code in AUTHENTICATION_CODES:
        return OVHAuthenticationError
    if status in _STATUS_CLASSES:
        return _STATUS_CLASSES[status]
    if status >= 500:
        return OVHServerError
    if 400 <= status < 500:
        return OVHBadRequestError
    return OVHError


def map_error(
    status: int, body: Any, query_id: str | None = None, reason: str = "", not_found_hint: str = ""
) -> OVHError | None:
    """The error an API reply stands for, or ``None`` for a success (status below 400).

    ``body`` is the parsed reply: OVH's ``{"message", "httpCode", "errorCode"}`` object, or text
    (an HTML page from a proxy), or ``None`` (an empty body). ``not_found_hint`` ends the message
    of a 404 (see `wrong_path_hint`).
    """
    if status < 400:
        return None
    message = reason or f"HTTP {status}"
    error_code: str | None = None
    http_code: str | None = None
    if isinstance(body, dict):
        fields = cast("dict[str, Any]", body)
        found = fields.get("message")
        if isinstance(found, str) and found:
            message = found
        code = fields.get("errorCode")
        error_code = code if isinstance(code, str) and code else None
        http = fields.get("httpCode")
        http_code = http if isinstance(http, str) and http else None
    elif isinstance(body, str) and body.strip():
        message = body.strip()[:200]
    if status == 404:
        message += not_found_hint
    return error_class(status, error_code)(
        message, status=status, error_code=error_code, http_code=http_code, query_id=query_id, raw=body
    )


def oauth2_error(status: int, body: Any) -> OVHOAuth2Error:
    """The error of a failed token request, worded as python-ovh words it."""
    if isinstance(body, dict):
        fields = cast("dict[str, Any]", body)
        code = fields.get("error")
        if isinstance(code, str):
            description = fields.get("error_description")
            text = f"({code}) {description}" if description else f"({code})"
            return OVHOAuth2Error(f"OAuth2 failure: {text}", status=status, error_code=code, raw=body)
    shown: str
    try:
        shown = body if isinstance(body, str) else json.dumps(body)
    except (ValueError, RecursionError):  # nested deeper than the encoder goes
        shown = "<nested too deep to show>"
    return OVHOAuth2Error(
        f"OAuth2 failure: Missing access token parameter. Token creation failed with status_code={status}, "
        f"body={(shown or '')[:500]}",
        status=status,
        raw=body,
    )


__all__ = [
    "API_ROOT",
    "API_ROOTS",
    "AUTHENTICATION_CODES",
    "DEFAULT_TOKEN_LIFETIME",
    "MAX_TOKEN_LIFETIME",
    "ENDPOINTS",
    "HTTP_METHODS",
    "OAUTH2_TOKEN_URLS",
    "QUERY_ID_HEADER",
    "TIMESTAMP_REJECTED",
    "base_url",
    "canonical_name",
    "check_email",
    "check_api_path",
    "check_method",
    "canonical_params",
    "encode_body",
    "error_class",
    "is_base_url",
    "map_error",
    "oauth2_error",
    "oauth2_token_url",
    "path",
    "query_pairs",
    "query_value",
    "quote_segment",
    "signature",
    "target_url",
    "token_lifetime",
    "with_query",
    "wrong_path_hint",
    "zone_name",
]
