"""The one request loop every async client sends through.

It builds the HTTP request from a `RequestSpec`, lets the provider's auth add credentials, sends
it over a pooled keep-alive `httpx.AsyncClient`, parses the reply and maps errors through the
provider's hooks, retries by the `RetryPolicy` (on tenacity, with an injectable sleep), logs each
exchange with secrets masked, and hands every `APIResponse` to active response captures.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import random
import ssl
import sys
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from functools import partial
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx
import tenacity
from typing_extensions import Self

from resourcekit.core import concurrency
from resourcekit.core._async.auth import AsyncAuth
from resourcekit.core.errors import (
    AuthenticationError,
    ConfigurationError,
    ConnectionError,
    InvalidInputError,
    RateLimitError,
    ResourceKitError,
    ResponseTooLargeError,
    ResponseValidationError,
    TimeoutError,
    TransportError,
)
from resourcekit.core.hooks import ProviderHooks
from resourcekit.core.options import (
    DEFAULT_CONNECTION_LIMITS,
    TransportOptions,
    as_timeout,
    check_encoded_header_values,
    check_header_values,
)
from resourcekit.core.redact import Redactor, install_log_redaction
from resourcekit.core.request import NO_BODY, RequestSpec, query_pairs
from resourcekit.core.response import APIResponse, record_response
from resourcekit.core.retry import RetryPolicy, mark_already_retried, parse_retry_after

logger = logging.getLogger("resourcekit")
install_log_redaction()

T = TypeVar("T")

_POLICIES: dict[int, RetryPolicy] = {}
"""Retry policies by retry count (frozen, so shared by every request)."""

# httpcore finds out which async library runs it by trying ``import sniffio``, several times per
# async request. When sniffio is not installed, every failed import searches the whole sys.path
# again, which cost more than the rest of a request on loopback. Recording the module as absent
# makes those imports fail at once, with the same ImportError, so httpcore behaves as before.
if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
    sys.modules.setdefault("sniffio", None)  # pyright: ignore[reportArgumentType]


class _Cookies(httpx.Cookies):
    """The client's cookie jar, skipping the jar's work on replies that set no cookie.

    httpx hands every reply to the standard library's cookie jar, which wraps it in request and
    message objects only to find no ``Set-Cookie`` header: about a tenth of a call's CPU time.
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        headers = response.headers
        if "set-cookie" in headers or "set-cookie2" in headers:
            super().extract_cookies(response)


class AsyncTransport:
    """A pooled, retrying HTTP transport with provider hooks.

    Args:
        options: Connection and request settings.
        hooks: The provider's parsing, error mapping and redaction.
        auth: The provider's credentials handling.
        http_transport: An httpx transport to send through instead of the network (the in-process
            sandbox uses this).
        sleep: Awaited between retries; tests inject one that does not wait.
        rng: Source of the backoff jitter.
    """

    def __init__(
        self,
        options: TransportOptions,
        *,
        hooks: ProviderHooks | None = None,
        auth: AsyncAuth | None = None,
        http_transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        rng: random.Random | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._options = options
        self.hooks = hooks or ProviderHooks()
        self.auth = auth or AsyncAuth()
        self._http_transport = http_transport
        self._sleep = sleep or concurrency.async_sleep
        self._rng = rng or random.Random()
        self._owns_client = http_client is None
        self._client = http_client or self._build_client()

    @property
    def options(self) -> TransportOptions:
        return self._options

    @property
    def is_closed(self) -> bool:
        return self._client.is_closed

    def _build_client(self) -> httpx.AsyncClient:
        options = self._options
        transport = self._http_transport
        if transport is None:
            options.check_network_url()
            if options.http2:
                try:
                    import h2  # noqa: F401  # pyright: ignore[reportUnusedImport, reportMissingTypeStubs]
                except ImportError as error:
                    raise ConfigurationError(
                        "http2=True needs the 'h2' package: pip install 'resourcekit[http2]'"
                    ) from error
            verify: bool | ssl.SSLContext = (
                ssl.create_default_context(cafile=options.verify) if isinstance(options.verify, str) else options.verify
            )
            transport = httpx.AsyncHTTPTransport(
                verify=verify,
                http2=options.http2,
                uds=options.uds,
                proxy=options.proxy,
                limits=DEFAULT_CONNECTION_LIMITS,
            )
        client = httpx.AsyncClient(
            base_url=options.base_url,
            timeout=options.timeout,
            transport=transport,
            follow_redirects=False,
        )
        if type(getattr(client, "_cookies", None)) is httpx.Cookies:
            client._cookies = _Cookies()  # pyright: ignore[reportAttributeAccessIssue]
        return client

    def with_options(
        self, *, auth: AsyncAuth | None = None, hooks: ProviderHooks | None = None, **changes: Any
    ) -> Self:
        """A copy with other settings; it shares this transport's connection pool when it can.

        Changing ``base_url``, ``proxy``, ``verify``, ``http2`` or ``uds`` needs a pool of its own,
        which the copy then owns and closes.
        """
        options = self._options.replace(**changes)
        shared = None if self._options.needs_new_pool(changes) else self._client
        return type(self)(
            options,
            hooks=hooks or self.hooks,
            auth=auth or self.auth,
            http_transport=self._http_transport,
            sleep=self._sleep,
            rng=self._rng,
            http_client=shared,
        )

    # -- the request loop -------------------------------------------------------------------

    async def request(self, spec: RequestSpec) -> APIResponse:
        """Send ``spec`` (retrying by policy) and return the parsed reply.

        Raises:
            APIError: The provider refused the request (a subclass names why).
            TransportError: No usable reply arrived after the allowed retries.
        """
        started = time.monotonic()
        policy = self._policy(spec)

        async def attempt(retries: int) -> APIResponse:
            send = partial(self._send_once, policy=policy, retries=retries, started=started)
            return await self._authenticated(spec, send)

        return await self._with_retries(spec, policy, attempt)

    @asynccontextmanager
    async def stream(self, spec: RequestSpec) -> AsyncGenerator[httpx.Response, None]:
        """Send ``spec`` and yield the reply with its body unread, for reading in chunks or lines.

        Failures before the reply's headers are retried like `request`; an error status is read,
        mapped and raised. The connection is released when the block ends, even when the caller
        stops reading early.
        """
        started = time.monotonic()
        policy = self._policy(spec)

        async def attempt(retries: int) -> httpx.Response:
            open_stream = partial(self._open_stream, policy=policy, retries=retries, started=started)
            return await self._authenticated(spec, open_stream)

        response = await self._with_retries(spec, policy, attempt)
        try:
            yield response
        finally:
            await response.aclose()

    async def _with_retries(self, spec: RequestSpec, policy: RetryPolicy, attempt: Callable[[int], Awaitable[T]]) -> T:
        """``attempt(retries_taken)`` until it succeeds or the policy gives up.

        The first attempt runs outside tenacity, whose set-up costs about as much as the rest of
        the client's work on a call; after a retryable failure the retry machinery takes over with
        the same policy, the failed attempt counted as its first.
        """
        try:
            return await attempt(0)
        except Exception as error:
            if not self._retries_after(error, spec, policy):
                raise
            first_failure = [error]
        async for retry in self._retrying(spec, policy):
            with retry:
                if first_failure:
                    raise first_failure.pop()
                return await attempt(retry.retry_state.attempt_number - 1)
        raise AssertionError("tenacity ended without an outcome")  # pragma: no cover

    def _policy(self, spec: RequestSpec) -> RetryPolicy:
        max_retries = self._options.max_retries if spec.max_retries is None else spec.max_retries
        # A streamed body is consumed by the first attempt: there is nothing left to send again.
        if spec.is_streamed:
            max_retries = 0
        policy = _POLICIES.get(max_retries)
        if policy is None:
            policy = _POLICIES.setdefault(max_retries, RetryPolicy(max_retries=max_retries))
        return policy

    def _retries_after(self, error: BaseException, spec: RequestSpec, policy: RetryPolicy) -> bool:
        """Whether the retry loop sends again after a failed first attempt (what tenacity would decide)."""
        return policy.max_retries > 0 and policy.is_retryable(error, idempotent=self.hooks.is_idempotent(spec))

    def _retrying(self, spec: RequestSpec, policy: RetryPolicy) -> tenacity.AsyncRetrying:
        idempotent = self.hooks.is_idempotent(spec)

        def wait(state: tenacity.RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome is not None else None
            return policy.delay(state.attempt_number - 1, error, self._rng)

        def before_sleep(state: tenacity.RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome is not None else None
            logger.info(
                "retrying %s %s in %.2fs (retry %d of %d) after %s: %s",
                spec.method,
                self._shown_url(spec.url),
                state.upcoming_sleep,
                state.attempt_number,
                policy.max_retries,
                type(error).__name__,
                error,
            )

        return tenacity.AsyncRetrying(
            stop=tenacity.stop_after_attempt(policy.max_retries + 1),
            retry=tenacity.retry_if_exception(lambda error: policy.is_retryable(error, idempotent=idempotent)),
            wait=wait,
            sleep=self._sleep,
            before_sleep=before_sleep,
            reraise=True,
        )

    async def _prepare(self, spec: RequestSpec) -> RequestSpec:
        if not spec.authenticate:
            return spec
        try:
            return await self.auth.prepare(spec)
        except ResourceKitError as error:
            # Requests the auth made (a login, a token) had their own retries.
            mark_already_retried(error)
            raise

    async def _authenticated(self, spec: RequestSpec, send: Callable[[RequestSpec], Awaitable[T]]) -> T:
        """Send with credentials; after an authentication error the auth may recover once, then resend."""
        try:
            return await send(await self._prepare(spec))
        except AuthenticationError as error:
            if not (spec.authenticate and await self.auth.recover(error, spec)):
                raise
            logger.info("sending %s %s again after re-authenticating", spec.method, self._shown_url(spec.url))
            return await send(await self._prepare(spec))

    async def _send_once(self, spec: RequestSpec, policy: RetryPolicy, retries: int, started: float) -> APIResponse:
        request = self._build_request(spec)
        response = await self._send(request, spec)
        parsed = self._parse(response, spec)
        elapsed = time.monotonic() - started
        self._log_exchange(request, response, elapsed, retries)
        self._raise_for_error(response, parsed, spec, policy)
        api_response = self._api_response(request, response, response.content, parsed, retries, elapsed)
        record_response(api_response)
        return api_response

    def _api_response(
        self,
        request: httpx.Request,
        response: httpx.Response,
        content: bytes,
        parsed: Any,
        retries: int,
        elapsed: float,
    ) -> APIResponse:
        return APIResponse(
            method=request.method,
            url=self._shown_url(str(request.url)),
            status_code=response.status_code,
            headers=response.headers,
            content=content,
            parsed=parsed,
            request_id=self.hooks.request_id(response),
            retries_taken=retries,
            elapsed=elapsed,
        )

    async def _open_stream(
        self, spec: RequestSpec, policy: RetryPolicy, retries: int, started: float
    ) -> httpx.Response:
        request = self._build_request(spec)
        response = await self._send(request, spec, stream=True)
        elapsed = time.monotonic() - started
        self._log_exchange(request, response, elapsed, retries)
        if response.status_code >= 400:
            try:
                await self._read_bounded(response)
            finally:
                await response.aclose()
            self._raise_for_error(response, self._parse(response, spec), spec, policy)
        # The body is still unread: the capture gets the status, headers and ids, not the content.
        record_response(self._api_response(request, response, b"", None, retries, elapsed))
        return response

    async def _send(self, request: httpx.Request, spec: RequestSpec, *, stream: bool = False) -> httpx.Response:
        if spec.authenticate:
            self._sign(request, spec)
        try:
            response = await self._client.send(request, stream=True)
            if not stream:
                await self._read_bounded(response)
            return response
        except httpx.TimeoutException as error:
            sent = not isinstance(error, httpx.ConnectTimeout | httpx.PoolTimeout)
            raise self._transport_error(TimeoutError, error, request, sent=sent) from error
        except httpx.UnsupportedProtocol as error:
            raise ConfigurationError(f"cannot send to {self._shown_url(str(request.url))}: {error}") from error
        except httpx.TransportError as error:
            sent = not isinstance(error, httpx.ConnectError | httpx.ProxyError)
            raise self._transport_error(ConnectionError, error, request, sent=sent) from error

    def _sign(self, request: httpx.Request, spec: RequestSpec) -> None:
        """Let the auth add its credentials, then make sure no header can end early on the wire."""
        try:
            self.auth.sign(request, spec)
        except UnicodeEncodeError:
            raise InvalidInputError("a credential or header value is not ASCII; nothing was sent") from None
        check_encoded_header_values(request.headers.raw)

    async def _read_bounded(self, response: httpx.Response) -> None:
        """Read the body, refusing one longer than ``max_response_bytes`` before it fills memory."""
        limit = self._options.max_response_bytes
        declared = response.headers.get("content-length")
        try:
            if declared is not None and declared.isdigit():
                if int(declared) > limit:
                    raise _too_large(limit)
            else:
                # No length announced (chunked): count the bytes as they arrive.
                assert isinstance(response.stream, httpx.AsyncByteStream)
                response.stream = _BoundedStream(response.stream, limit)
            await response.aread()
        except BaseException:
            await response.aclose()
            raise

    def _transport_error(
        self, kind: type[TransportError], error: httpx.TransportError, request: httpx.Request, *, sent: bool
    ) -> TransportError:
        url = self._shown_url(str(request.url))
        reason = str(error) or type(error).__name__
        logger.debug("%s %s failed: %s", request.method, url, reason)
        return kind(f"{request.method} {url}: {reason}", method=request.method, url=url, sent=sent)

    def _parse(self, response: httpx.Response, spec: RequestSpec) -> Any:
        try:
            return self.hooks.parse(response, spec)
        except ResponseValidationError:
            if response.status_code < 400:
                raise
            return response.text

    def _raise_for_error(self, response: httpx.Response, parsed: Any, spec: RequestSpec, policy: RetryPolicy) -> None:
        error = self.hooks.map_error(response, parsed, spec)
        if error is None:
            return
        if error.request_id is None:
            error.request_id = self.hooks.request_id(response)
        if error.retry_after is None:
            error.retry_after = parse_retry_after(response.headers)
        if policy.exceeds_retry_after(error) and not isinstance(error, RateLimitError):
            raise RateLimitError(
                error.message,
                status=error.status,
                code=error.code,
                request_id=error.request_id,
                raw=error.raw,
                retry_after=error.retry_after,
            ) from error
        raise error

    def _build_request(self, spec: RequestSpec) -> httpx.Request:
        options = self._options
        headers = {"User-Agent": options.user_agent, **options.headers, **spec.headers}
        content = spec.content
        if content is None and spec.form is not None:
            pairs = list(spec.form.items()) if isinstance(spec.form, Mapping) else list(spec.form)
            content = urlencode(pairs).encode()
            headers.setdefault("Content-Type", spec.content_type or "application/x-www-form-urlencoded")
        elif content is None and spec.json is not NO_BODY:
            content = json.dumps(spec.json, separators=(",", ":"), ensure_ascii=False).encode()
            headers.setdefault("Content-Type", spec.content_type or "application/json")
        if spec.headers:
            check_header_values(spec.headers.items())
        timeout = options.timeout if spec.timeout is None else as_timeout(spec.timeout)
        params = None if spec.params is None else list(query_pairs(spec.params))
        return self._client.build_request(
            spec.method, spec.url, params=params, content=content, headers=headers, timeout=timeout
        )

    # -- logging ----------------------------------------------------------------------------

    def _shown_url(self, url: str) -> str:
        redactor = self.hooks.redactor
        # Only a query, user info or a fragment can hold something to mask: most URLs have none,
        # and the standard redactor would give them back unchanged after parsing them.
        if type(redactor).url is Redactor.url and "?" not in url and "@" not in url and "#" not in url:
            return url
        return redactor.url(url)

    def _log_exchange(self, request: httpx.Request, response: httpx.Response, elapsed: float, retries: int) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return
        redactor = self.hooks.redactor
        logger.debug(
            "%s %s -> %d in %.3fs (retries=%d)",
            request.method,
            redactor.url(str(request.url)),
            response.status_code,
            elapsed,
            retries,
        )
        try:
            body = redactor.body(request.content, request.headers.get("content-type", ""))
        except httpx.RequestNotRead:
            body = "<streamed body>"
        logger.debug("request headers=%s body=%s", redactor.headers(request.headers.multi_items()), body)

    # -- lifetime ---------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connection pool (a copy from `with_options` that shares it leaves it open)."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


class _BoundedStream(httpx.AsyncByteStream):
    """A reply body that stops with `ResponseTooLargeError` once more than ``limit`` bytes arrived."""

    def __init__(self, stream: httpx.AsyncByteStream, limit: int) -> None:
        self._stream = stream
        self._limit = limit

    async def __aiter__(self) -> AsyncIterator[bytes]:
        received = 0
        async for chunk in self._stream:
            received += len(chunk)
            if received > self._limit:
                raise _too_large(self._limit)
            yield chunk

    async def aclose(self) -> None:
        await self._stream.aclose()


def _too_large(limit: int) -> ResponseTooLargeError:
    return ResponseTooLargeError(f"the reply is larger than max_response_bytes={limit}; reading stopped", limit=limit)
