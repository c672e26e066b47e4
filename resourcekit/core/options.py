"""Connection and request settings shared by every client."""

from __future__ import annotations

import functools
import ipaddress
import platform
import re
import ssl
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import httpx

from resourcekit._version import __version__
from resourcekit.core.config import check_server_url
from resourcekit.core.deadlines import DEFAULT_STREAM_IDLE_TIMEOUT, check_seconds
from resourcekit.core.errors import ConfigurationError, InvalidInputError
from resourcekit.core.redact import DEFAULT_REDACTOR

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_LINE_BYTES = 1024 * 1024

# Settings that shape the connection pool: changing one needs a pool of its own.
POOL_SETTINGS = frozenset({"proxy", "verify", "http2", "uds", "base_url", "http_backend"})

HTTPBackend = Literal["auto", "aiohttp", "httpcore"]
"""Which library async clients send through: ``"aiohttp"`` (the default when it is installed),
``"httpcore"``, or ``"auto"`` to pick. Sync clients always use httpcore."""
_BACKENDS = ("auto", "aiohttp", "httpcore")


@functools.lru_cache(maxsize=16)
def _ssl_context(verify: bool | str, alpn: str) -> ssl.SSLContext:
    # ``alpn`` only keys the cache: the connection sets the protocols it offers on the context, so
    # HTTP/1.1 and HTTP/2 pools must not share one.
    if isinstance(verify, str):
        return ssl.create_default_context(cafile=verify)
    return httpx.create_ssl_context(verify=verify)


def ssl_context_for(verify: bool | str | ssl.SSLContext, *, http2: bool = False) -> ssl.SSLContext:
    """The SSL context for a ``verify`` setting, made on first use and shared by every client with
    the same setting (making one loads the CA bundle, the costliest step of starting a client)."""
    if isinstance(verify, ssl.SSLContext):
        return verify
    return _ssl_context(verify, "h2" if http2 else "http/1.1")


@functools.lru_cache(maxsize=64)
def user_agent(extra: str | None = None) -> str:
    """``resourcekit/<version> python/<version>``, followed by ``extra`` when given."""
    agent = f"resourcekit/{__version__} python/{platform.python_version()}"
    return f"{agent} {extra}" if extra else agent


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (``localhost``, 127.0.0.0/8 or ``::1``)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_header_values(headers: Iterable[tuple[str, str]]) -> None:
    """Refuse header names or values that could end the header early (CR, LF or NUL in them), or
    that HTTP/1.1 cannot carry (not ASCII).

    Raises:
        InvalidInputError: Naming the header, never showing its value (it may be a secret).
    """
    for name, value in headers:
        if _BREAKS_HEADER.search(name) or _BREAKS_HEADER.search(value):
            raise InvalidInputError(f"header {name!r} contains a line break or NUL; nothing was sent")
        if not (name.isascii() and value.isascii()):
            raise InvalidInputError(f"header {name!r} is not ASCII; nothing was sent")


def check_encoded_header_values(headers: Sequence[tuple[bytes, bytes]]) -> None:
    """`check_header_values` for a built request's encoded headers (``request.headers.raw``),
    which credentials were added to: every request passes here, so all the values are searched at
    once (nearly always clean) before one search per header names the culprit.

    Raises:
        InvalidInputError: Naming the header, never showing its value.
    """
    if _BREAKS_ENCODED_HEADER.search(b" ".join(value for _, value in headers)):
        for name, value in headers:
            if _BREAKS_ENCODED_HEADER.search(value):
                shown = name.decode("ascii", "replace")
                raise InvalidInputError(f"header {shown!r} contains a line break or NUL; nothing was sent")


_BREAKS_HEADER = re.compile("[\r\n\0]")
_BREAKS_ENCODED_HEADER = re.compile(b"[\r\n\0]")


def as_timeout(value: float | httpx.Timeout | None) -> httpx.Timeout:
    """A timeout from seconds (all phases, connect capped at 5 s) or an `httpx.Timeout`."""
    if value is None:
        return DEFAULT_TIMEOUT
    if isinstance(value, httpx.Timeout):
        return value
    return httpx.Timeout(value, connect=min(value, DEFAULT_TIMEOUT.connect or value))


@dataclass(frozen=True)
class TransportOptions:
    """Everything a transport needs to know besides the provider.

    Attributes:
        base_url: Where relative request paths are resolved.
        timeout: Default connect 5 s, read/write/pool 60 s.
        max_retries: Retries after the first attempt (2 means up to 3 sends).
        headers: Headers sent with every request.
        proxy: Proxy URL (``http://``, ``https://`` or ``socks5://``).
        verify: ``True``, ``False``, a CA bundle path or an `ssl.SSLContext`.
        http2: Negotiate HTTP/2 (needs the ``http2`` extra).
        uds: Path of a Unix domain socket to connect through.
        user_agent_extra: Appended to the ``User-Agent`` header.
        allow_http: Allow a plain ``http://`` base URL to a host that is not loopback. Without
            it such a URL is refused, because credentials would cross the network unencrypted.
        max_response_bytes: Replies longer than this are refused (`ResponseTooLargeError`)
            before they fill memory.
        max_line_bytes: The longest line a streamed reply (NDJSON logs, events) may send.
        http_backend: ``"aiohttp"``, ``"httpcore"`` or ``"auto"`` (aiohttp for async clients when
            it is installed and the settings allow, httpcore otherwise; HTTP/2 and SOCKS proxies
            need httpcore).
        deadline: Seconds a whole call may take, retries and their waits included (``None``: only
            each attempt is bounded, by ``timeout``).
        stream_idle_timeout: Seconds a streamed reply may send nothing before reading fails.
        stream_timeout: Seconds a streamed reply may take in all, once its headers arrived
            (``None``: as long as data keeps coming).
    """

    base_url: str
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    max_retries: int = DEFAULT_MAX_RETRIES
    headers: Mapping[str, str] = field(default_factory=dict[str, str])
    proxy: str | None = None
    verify: bool | str | ssl.SSLContext = True
    http2: bool = False
    uds: str | None = None
    user_agent_extra: str | None = None
    allow_http: bool = False
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
    http_backend: HTTPBackend = "auto"
    deadline: float | None = None
    stream_idle_timeout: float = DEFAULT_STREAM_IDLE_TIMEOUT
    stream_timeout: float | None = None

    def __post_init__(self) -> None:
        check_server_url(self.base_url)
        if not isinstance(self.timeout, httpx.Timeout):  # pyright: ignore[reportUnnecessaryIsInstance]
            object.__setattr__(self, "timeout", as_timeout(self.timeout))
        if self.http_backend not in _BACKENDS:
            raise InvalidInputError(f"http_backend must be one of {', '.join(_BACKENDS)}")
        check_seconds("deadline", self.deadline)
        check_seconds("stream_idle_timeout", self.stream_idle_timeout)
        check_seconds("stream_timeout", self.stream_timeout)
        if self.max_retries < 0:
            raise InvalidInputError("max_retries must be 0 or more")
        if self.max_response_bytes < 1 or self.max_line_bytes < 1:
            raise InvalidInputError("max_response_bytes and max_line_bytes must be at least 1")
        check_header_values(self.headers.items())
        if self.user_agent_extra is not None:
            check_header_values([("User-Agent", self.user_agent_extra)])

    def check_network_url(self) -> None:
        """Refuse a plain ``http://`` base URL to a remote host unless ``allow_http`` says so.

        Loopback hosts and Unix sockets never leave the machine, so they need no opt-in.

        Raises:
            ConfigurationError: The URL would send credentials unencrypted over a network.
        """
        url = httpx.URL(self.base_url)
        if url.scheme != "http" or self.allow_http or self.uds is not None or is_loopback(url.host):
            return
        raise ConfigurationError(
            f"refusing plain http:// to {url.host}: credentials would cross the network unencrypted; "
            "use https:// or pass allow_http=True"
        )

    def __repr__(self) -> str:
        # Secret headers and a proxy's password are masked: a repr ends up in tracebacks and logs.
        shown = {name: getattr(self, name) for name in self.__dataclass_fields__}
        shown["headers"] = DEFAULT_REDACTOR.headers(self.headers.items())
        shown["proxy"] = None if self.proxy is None else DEFAULT_REDACTOR.url(self.proxy)
        return f"{type(self).__name__}({', '.join(f'{name}={value!r}' for name, value in shown.items())})"

    @property
    def user_agent(self) -> str:
        return user_agent(self.user_agent_extra)

    def replace(self, **changes: Any) -> TransportOptions:
        if "timeout" in changes:
            changes["timeout"] = as_timeout(changes["timeout"])
        return replace(self, **changes)

    def needs_new_pool(self, changes: Mapping[str, Any]) -> bool:
        return any(name in POOL_SETTINGS and changes[name] != getattr(self, name) for name in changes)
