"""The transport both Exosite clients (RPC and provisioning) send through, built one way."""

from __future__ import annotations

import random
import ssl
from collections.abc import Awaitable, Callable, Mapping

import httpx

from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core.config import ConfigResolver
from resourcekit.core.options import (
    DEFAULT_MAX_LINE_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES,
    HTTPBackend,
    TransportOptions,
    as_timeout,
)
from resourcekit.exosite import wire


def build_transport(
    config: ConfigResolver,
    url: str | None,
    *,
    timeout: float | httpx.Timeout | None,
    max_retries: int,
    headers: Mapping[str, str] | None,
    proxy: str | None,
    verify: bool | str | ssl.SSLContext,
    uds: str | None,
    http2: bool,
    user_agent_extra: str | None,
    allow_http: bool = False,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
    http_backend: HTTPBackend = "auto",
    deadline: float | None = None,
    http_transport: httpx.AsyncBaseTransport | None,
    sleep: Callable[[float], Awaitable[None]] | None,
    rng: random.Random | None,
) -> AsyncTransport:
    """A transport for the platform at ``url`` (else ``EXOSITE_URL``, else the public platform)."""
    base_url = config.value("url", url, env=["EXOSITE_URL"]) or wire.DEFAULT_URL
    options = TransportOptions(
        base_url=base_url.rstrip("/"),
        timeout=as_timeout(timeout),
        max_retries=max_retries,
        headers=dict(headers or {}),
        proxy=proxy,
        verify=verify,
        uds=uds,
        http2=http2,
        user_agent_extra=user_agent_extra,
        allow_http=allow_http,
        max_response_bytes=max_response_bytes,
        max_line_bytes=max_line_bytes,
        http_backend=http_backend,
        deadline=deadline,
    )
    return AsyncTransport(options, hooks=wire.ExositeHooks(), http_transport=http_transport, sleep=sleep, rng=rng)
