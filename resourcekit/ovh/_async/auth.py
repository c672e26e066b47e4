"""How the OVH client proves who it is: signed requests or OAuth2 client credentials."""

from __future__ import annotations

import base64
import contextvars
import time
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import quote

import httpx

from resourcekit.core._async.auth import AsyncAuth
from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core.concurrency import AsyncLock
from resourcekit.core.errors import APIError, AuthenticationError, ConfigurationError, ResponseValidationError
from resourcekit.core.headers import header_values
from resourcekit.core.request import RequestSpec
from resourcekit.ovh import wire
from resourcekit.ovh.errors import OVHError, OVHOAuth2Error
from resourcekit.ovh.hooks import OAUTH2_TOKEN_CONTEXT

Clock = Callable[[], float]

_SIGNED_HEADERS = frozenset({b"x-ovh-consumer", b"x-ovh-timestamp"})
"""The headers `prepare` adds whose values the signature covers."""

# Which time sync a request's timestamp was computed with (set while preparing it, read when it is
# rejected), so that many requests rejected together re-sync the clock once, not once each.
_prepared_sync: contextvars.ContextVar[int] = contextvars.ContextVar("ovh_time_sync", default=-1)


class AsyncSignatureAuth(AsyncAuth):
    """Signs requests with the application secret and the consumer key.

    The difference between the server's clock and ours is fetched from ``/auth/time`` before the
    first signed request, once even when many tasks start together, and fetched again once when
    the server rejects a timestamp (``QUERY_TIME_OUT``), once too when many requests are rejected
    together.
    """

    def __init__(
        self,
        application_key: str,
        application_secret: str,
        consumer_key: str | None,
        *,
        base_url: str,
        clock: Clock = time.time,
    ) -> None:
        self.application_key: str = application_key
        """The application key (AK), sent as ``X-Ovh-Application``."""
        self._application_secret = application_secret
        self.consumer_key: str | None = consumer_key
        """The consumer key (CK), sent as ``X-Ovh-Consumer``; ``None`` until one is requested."""
        self._base_url = base_url
        self._clock = clock
        self._lock = AsyncLock()
        self._time_delta: int | None = None
        self._transport: AsyncTransport | None = None
        self.time_syncs: int = 0
        """How many times the server's time was read (``GET /auth/time``)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(application_key='***', consumer_key={'***' if self.consumer_key else None})"

    def attach(self, transport: AsyncTransport) -> None:
        """The transport used to read the server's time."""
        self._transport = transport

    @property
    def headers(self) -> dict[str, str]:
        """Headers every request carries, signed or not."""
        return {"X-Ovh-Application": self.application_key}

    async def time_delta(self) -> int:
        """Seconds to add to our clock to get the server's (fetched on first use)."""
        if self._time_delta is None:
            async with self._lock:
                if self._time_delta is None:
                    await self._sync_time()
        assert self._time_delta is not None
        return self._time_delta

    async def _sync_time(self) -> None:
        if self._transport is None:
            raise ConfigurationError("the OVH signature auth is not attached to a transport")
        spec = RequestSpec("GET", wire.target_url(self._base_url, "/auth/time"), authenticate=False)
        reply: Any = (await self._transport.request(spec)).parsed
        if not isinstance(reply, int) or isinstance(reply, bool):
            raise ResponseValidationError(f"/auth/time returned {reply!r}, not a timestamp", raw=reply)
        self._time_delta = reply - int(self._clock())
        self.time_syncs += 1

    async def prepare(self, spec: RequestSpec) -> RequestSpec:
        """Add ``X-Ovh-Consumer`` and ``X-Ovh-Timestamp`` (reading the server's time on first use).

        Raises:
            ConfigurationError: No consumer key is set.
        """
        if not self.consumer_key:
            raise ConfigurationError(
                "ovh: consumer_key is not set; pass consumer_key=, set OVH_CONSUMER_KEY, or request one "
                "with request_consumer_key()"
            )
        delta = await self.time_delta()
        _prepared_sync.set(self.time_syncs)
        timestamp = int(self._clock()) + delta
        return spec.with_headers({"X-Ovh-Consumer": self.consumer_key, "X-Ovh-Timestamp": str(timestamp)})

    def sign(self, request: httpx.Request, spec: RequestSpec) -> None:
        """Add ``X-Ovh-Signature``: ``$1$`` and the SHA-1 of secret, consumer key, method, URL, body, timestamp."""
        headers = request.headers
        # Both values in one pass over the headers (each lookup by name would scan them all).
        found = header_values(headers, _SIGNED_HEADERS)
        encoding = headers.encoding
        headers["X-Ovh-Signature"] = wire.signature(
            self._application_secret,
            found[b"x-ovh-consumer"].decode(encoding),
            request.method,
            str(request.url),
            request.content,
            found[b"x-ovh-timestamp"].decode(encoding),
        )

    async def recover(self, error: APIError, spec: RequestSpec) -> bool:
        """Read the server's time again after ``QUERY_TIME_OUT``; ``True`` means resend the request."""
        if isinstance(error, OVHError) and error.error_code == wire.TIMESTAMP_REJECTED:
            async with self._lock:
                if self.time_syncs == _prepared_sync.get():
                    await self._sync_time()
                # else another request re-synced meanwhile: its delta is the one to resend with
            return True
        return False


class AsyncOAuth2Auth(AsyncAuth):
    """Bearer tokens from the OAuth2 client credentials flow, fetched lazily and renewed on expiry."""

    def __init__(self, client_id: str, client_secret: str, *, token_url: str, clock: Clock = time.time) -> None:
        self.client_id: str = client_id
        """The OAuth2 client id."""
        self._client_secret = client_secret
        self.token_url: str = token_url
        """Where tokens are fetched (the endpoint's OAuth2 token URL)."""
        self._clock = clock
        self._lock = AsyncLock()
        self._token: str | None = None
        self._expires_at = 0.0
        self._transport: AsyncTransport | None = None
        self.tokens_fetched: int = 0
        """How many access tokens were fetched so far."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(client_id={self.client_id!r}, client_secret='***')"

    def attach(self, transport: AsyncTransport) -> None:
        """The transport used to fetch tokens."""
        self._transport = transport

    @property
    def headers(self) -> dict[str, str]:
        """Headers every request carries: none, the token is added per request."""
        return {}

    async def token(self) -> str:
        """A valid access token, fetched when there is none or it is about to expire."""
        async with self._lock:
            if self._token is None or self._clock() >= self._expires_at:
                await self._fetch()
            assert self._token is not None
            return self._token

    async def _fetch(self) -> None:
        if self._transport is None:
            raise ConfigurationError("the OVH OAuth2 auth is not attached to a transport")
        basic = base64.b64encode(f"{quote(self.client_id)}:{quote(self._client_secret)}".encode()).decode()
        spec = RequestSpec(
            "POST",
            self.token_url,
            form={"grant_type": "client_credentials", "scope": "all"},
            headers={"Authorization": f"Basic {basic}", "Accept": "application/json"},
            authenticate=False,
            idempotent=True,
            context={OAUTH2_TOKEN_CONTEXT: True},
        )
        body = cast("dict[str, Any]", (await self._transport.request(spec)).parsed)
        self._token = str(body["access_token"])
        lifetime = wire.token_lifetime(body.get("expires_in"))
        # Renew a little before the end, so a token does not expire on its way to the server.
        self._expires_at = self._clock() + lifetime - min(30.0, lifetime / 10)
        self.tokens_fetched += 1

    async def prepare(self, spec: RequestSpec) -> RequestSpec:
        """Add ``Authorization: Bearer`` with a valid token (``POST`` to `token_url` when needed)."""
        return spec.with_headers({"Authorization": f"Bearer {await self.token()}"})

    async def recover(self, error: APIError, spec: RequestSpec) -> bool:
        """Drop the token after an authentication error so the next try fetches one; ``True``: resend."""
        if isinstance(error, AuthenticationError) and not isinstance(error, OVHOAuth2Error):
            async with self._lock:
                self._token = None
            return True
        return False


__all__ = ["AsyncOAuth2Auth", "AsyncSignatureAuth"]
