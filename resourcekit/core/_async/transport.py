"""The one request loop every async client sends through.

It builds an `httpx.Request` from a `RequestSpec`, lets the provider's auth add credentials, and
hands it straight to an httpx transport (the backend: aiohttp or httpcore, or a transport the
caller gave, such as the in-process sandbox), without `httpx.AsyncClient`'s layers: the transport
does its own auth, retries and cookies, and follows no redirect. It decodes the reply itself with a
bound on the decoded size, parses it and maps errors through the provider's hooks, retries by the
`RetryPolicy` (on tenacity, with an injectable sleep) within the call's deadline, logs each
exchange with secrets masked, and hands every `APIResponse` to active response captures.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping
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
from resourcekit.core._async.body import AsyncDecodedBody, close_reply, read_plain_body
from resourcekit.core.backends import async_open_backend
from resourcekit.core.deadlines import AttemptBudget, attempt_seconds, call_ends_at
from resourcekit.core.decoding import ACCEPT_ENCODING, BodyDecoder
from resourcekit.core.errors import (
    AuthenticationError,
    ConfigurationError,
    InvalidInputError,
    RateLimitError,
    ResourceKitError,
    ResponseTooLargeError,
    ResponseValidationError,
)
from resourcekit.core.failures import map_http_failure
from resourcekit.core.headers import header_values
from resourcekit.core.hooks import ProviderHooks
from resourcekit.core.httpx_request import request_with_bytes
from resourcekit.core.options import (
    TransportOptions,
    as_timeout,
    check_encoded_header_values,
    check_header_values,
)
from resourcekit.core.redact import Redactor, install_log_redaction
from resourcekit.core.request import NO_BODY, RequestSpec, encode_json, query_pairs
from resourcekit.core.response import APIResponse, ReadResponse, completed_exchange, record_response
from resourcekit.core.retry import RetryPolicy, mark_already_retried, parse_retry_after
from resourcekit.core.urls import request_url

logger = logging.getLogger("resourcekit")
install_log_redaction()

T = TypeVar("T")

_POLICIES: dict[int, RetryPolicy] = {}
"""Retry policies by retry count (frozen, so shared by every request)."""


class _AsyncConnection:
    """What a transport shares with its `with_options` copies: the backend and the cookie jar.

    The jar stays empty, and costs nothing, unless a provider's server sets cookies (hook.io's
    sessions do).
    """

    backend: httpx.AsyncBaseTransport
    cookies: httpx.Cookies
    closed: bool

    def __init__(self, backend: httpx.AsyncBaseTransport) -> None:
        self.backend: httpx.AsyncBaseTransport = backend
        self.cookies: httpx.Cookies = httpx.Cookies()
        self.closed: bool = False

    async def aclose(self) -> None:
        if not self.closed:
            self.closed = True
            await self.backend.aclose()


class AsyncTransport:
    """A pooled, retrying HTTP transport with provider hooks.

    Args:
        options: Connection and request settings.
        hooks: The provider's parsing, error mapping and redaction.
        auth: The provider's credentials handling.
        http_transport: An httpx transport to send through instead of the backend the options
            choose (the in-process sandbox uses this).
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
        _connection: _AsyncConnection | None = None,
    ) -> None:
        self._options = options
        self.hooks: ProviderHooks = hooks or ProviderHooks()
        self.auth: AsyncAuth = auth or AsyncAuth()
        self._http_transport = http_transport
        self._sleep = sleep or concurrency.async_sleep
        self._rng = rng or random.Random()
        self._owns_connection = _connection is None
        self._connection = _connection or _AsyncConnection(self._open_backend())
        base = options.base_url
        self._base_prefix = base if base.endswith("/") else base + "/"
        self._default_headers = {
            "User-Agent": options.user_agent,
            "Accept": "*/*",
            "Accept-Encoding": ACCEPT_ENCODING,
            **options.headers,
        }

    @property
    def options(self) -> TransportOptions:
        return self._options

    @property
    def is_closed(self) -> bool:
        return self._connection.closed

    def _open_backend(self) -> httpx.AsyncBaseTransport:
        if self._http_transport is not None:
            return self._http_transport
        options = self._options
        options.check_network_url()
        if options.http2:
            try:
                import h2  # noqa: F401  # pyright: ignore[reportUnusedImport, reportMissingTypeStubs]
            except ImportError as error:
                raise ConfigurationError(
                    "http2=True needs the 'h2' package: pip install 'resourcekit[http2]'"
                ) from error
        return async_open_backend(options)

    def with_options(
        self, *, auth: AsyncAuth | None = None, hooks: ProviderHooks | None = None, **changes: Any
    ) -> Self:
        """A copy with other settings; it shares this transport's connection pool when it can.

        Changing ``base_url``, ``proxy``, ``verify``, ``http2``, ``uds`` or ``http_backend`` needs a
        pool of its own, which the copy then owns and closes.
        """
        options = self._options.replace(**changes)
        shared = None if self._options.needs_new_pool(changes) else self._connection
        return type(self)(
            options,
            hooks=hooks or self.hooks,
            auth=auth or self.auth,
            http_transport=self._http_transport,
            sleep=self._sleep,
            rng=self._rng,
            _connection=shared,
        )

    # -- the request loop -------------------------------------------------------------------

    async def request(self, spec: RequestSpec) -> APIResponse:
        """Send ``spec`` (retrying by policy) and return the parsed reply.

        Raises:
            APIError: The provider refused the request (a subclass names why).
            TransportError: No usable reply arrived after the allowed retries, or within the
                call's deadline.
        """
        started = time.monotonic()
        policy = self._policy(spec)
        ends_at = call_ends_at(self._options.deadline, started)

        async def attempt(retries: int) -> APIResponse:
            send = partial(self._send_once, policy=policy, retries=retries, started=started, ends_at=ends_at)
            return await self._authenticated(spec, send)

        return await self._with_retries(spec, policy, attempt, ends_at)

    @asynccontextmanager
    async def stream(self, spec: RequestSpec) -> AsyncGenerator[httpx.Response, None]:
        """Send ``spec`` and yield the reply with its body unread, for reading in chunks or lines.

        Failures before the reply's headers are retried like `request`; an error status is read,
        mapped and raised. The headers must arrive within the client's ``timeout``; then each read
        may wait ``stream_idle_timeout`` (or the request's own read timeout), and the whole body
        ``stream_timeout`` when set. The body is decoded and its failures typed like `request`'s.
        The connection is released when the block ends, even when the caller stops reading early.
        """
        started = time.monotonic()
        policy = self._policy(spec)
        ends_at = call_ends_at(self._options.deadline, started)

        async def attempt(retries: int) -> httpx.Response:
            open_stream = partial(self._open_stream, policy=policy, retries=retries, started=started, ends_at=ends_at)
            return await self._authenticated(spec, open_stream)

        response = await self._with_retries(spec, policy, attempt, ends_at)
        try:
            yield response
        finally:
            await response.aclose()

    async def _with_retries(
        self, spec: RequestSpec, policy: RetryPolicy, attempt: Callable[[int], Awaitable[T]], ends_at: float | None
    ) -> T:
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
        async for retry in self._retrying(spec, policy, ends_at):
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

    def _retrying(self, spec: RequestSpec, policy: RetryPolicy, ends_at: float | None) -> tenacity.AsyncRetrying:
        idempotent = self.hooks.is_idempotent(spec)

        def wait(state: tenacity.RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome is not None else None
            delay = policy.delay(state.attempt_number - 1, error, self._rng)
            if error is not None and ends_at is not None and time.monotonic() + delay >= ends_at:
                # No time is left for the wait and another attempt: the last failure stands.
                raise error
            return delay

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

    async def _send_once(
        self, spec: RequestSpec, policy: RetryPolicy, retries: int, started: float, ends_at: float | None
    ) -> APIResponse:
        timeout = self._timeout(spec)
        request = self._build_request(spec, AttemptBudget(timeout, _attempt_end(timeout, ends_at)))
        reply = await self._send(request, spec)
        try:
            response = await self._read_body(reply, request)
        finally:
            await close_reply(reply, self._failure(request))
        parsed = self._parse(response, spec)
        elapsed = time.monotonic() - started
        self._log_exchange(request, response, elapsed, retries)
        self._raise_for_error(response, parsed, spec, policy, ends_at)
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
        return completed_exchange(
            request.method,
            self._shown_url(str(request.url)),
            response.status_code,
            response.headers,
            content,
            parsed,
            self.hooks.request_id(response),
            retries,
            elapsed,
        )

    async def _open_stream(
        self, spec: RequestSpec, policy: RetryPolicy, retries: int, started: float, ends_at: float | None
    ) -> httpx.Response:
        options = self._options
        own = self._timeout(spec) if spec.timeout is not None else None
        # Headers come within the client's timeout unless the request set a read timeout of its own.
        header_timeout = own if own is not None and own.read is not None else options.timeout
        budget = AttemptBudget(header_timeout, _attempt_end(header_timeout, ends_at))
        request = self._build_request(spec, budget)
        response = await self._send(request, spec)
        elapsed = time.monotonic() - started
        self._log_exchange(request, response, elapsed, retries)
        if response.status_code >= 400 or self.hooks.redirect_error(response, spec) is not None:
            try:
                read = await self._read_body(response, request)
            finally:
                await response.aclose()
            self._raise_for_error(read, self._parse(read, spec), spec, policy, ends_at)
        idle = own.read if own is not None and own.read is not None else options.stream_idle_timeout
        stream_end = None if options.stream_timeout is None else time.monotonic() + options.stream_timeout
        budget.start_streaming(idle, _earliest(stream_end, ends_at))
        try:
            self._decode_as_read(response, request, limit=None)
        except BaseException:
            await response.aclose()
            raise
        # The body is still unread: the capture gets the status, headers and ids, not the content.
        record_response(self._api_response(request, response, b"", None, retries, elapsed))
        return response

    async def _send(self, request: httpx.Request, spec: RequestSpec) -> httpx.Response:
        """Hand ``request`` to the backend; the reply comes back with its body unread."""
        if spec.authenticate:
            self._sign(request, spec)
        connection = self._connection
        if connection.closed:
            raise ConfigurationError("this client is closed; make a new one to send requests")
        if request.url.scheme not in ("http", "https"):
            shown = self._shown_url(str(request.url))
            raise ConfigurationError(f"cannot send to {shown}: only http:// and https:// URLs are supported")
        try:
            response = await connection.backend.handle_async_request(request)
        except httpx.HTTPError as error:
            raise self._failure(request)(error) from error
        response.request = request
        if header_values(response.headers, _SET_COOKIE):
            connection.cookies.extract_cookies(response)
        return response

    def _sign(self, request: httpx.Request, spec: RequestSpec) -> None:
        """Let the auth add its credentials, then make sure no header can end early on the wire."""
        try:
            self.auth.sign(request, spec)
        except UnicodeEncodeError:
            raise InvalidInputError("a credential or header value is not ASCII; nothing was sent") from None
        check_encoded_header_values(request.headers.raw)

    def _decode_as_read(self, response: httpx.Response, request: httpx.Request, limit: int | None) -> AsyncDecodedBody:
        """Make reading ``response`` decode its content coding here, counting decoded bytes against
        ``limit`` (``None``: only each chunk's expansion is bounded, by ``max_response_bytes``)."""
        header = response.headers.get("content-encoding")
        decoder = BodyDecoder(header, limit, self._options.max_response_bytes)
        if header is not None:
            # Decoded here: httpx must not decode the body a second time.
            del response.headers["content-encoding"]
        assert isinstance(response.stream, httpx.AsyncByteStream)
        body = AsyncDecodedBody(response.stream, decoder, self._failure(request))
        response.stream = body
        return body

    async def _read_body(self, response: httpx.Response, request: httpx.Request) -> httpx.Response:
        """Read the whole body, refusing one longer than ``max_response_bytes`` once decoded; the
        reply with its content (the caller closes ``response``)."""
        limit = self._options.max_response_bytes
        if response.is_stream_consumed:
            # A transport that built its reply from bytes (a test double) has read it already.
            if len(response.content) > limit:
                raise _too_large(limit)
            return response
        found = header_values(response.headers, _BODY_HEADERS)
        if b"content-encoding" in found:
            # A coded body is counted as it is decoded.
            pieces = [piece async for piece in self._decode_as_read(response, request, limit)]
            return ReadResponse(response, b"".join(pieces))
        # A plain body announces its size: refuse it before reading.
        declared = found.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _too_large(limit)
        assert isinstance(response.stream, httpx.AsyncByteStream)
        return ReadResponse(response, await read_plain_body(response.stream, limit, self._failure(request)))

    def _failure(self, request: httpx.Request) -> Callable[[httpx.HTTPError], ResourceKitError]:
        def fail(error: httpx.HTTPError) -> ResourceKitError:
            url = self._shown_url(str(request.url))
            logger.debug("%s %s failed: %s", request.method, url, str(error) or type(error).__name__)
            return map_http_failure(error, request.method, url)

        return fail

    def _parse(self, response: httpx.Response, spec: RequestSpec) -> Any:
        try:
            return self.hooks.parse(response, spec)
        except ResponseValidationError:
            if response.status_code < 400:
                raise
            return response.text

    def _raise_for_error(
        self, response: httpx.Response, parsed: Any, spec: RequestSpec, policy: RetryPolicy, ends_at: float | None
    ) -> None:
        error = self.hooks.map_error(response, parsed, spec) or self.hooks.redirect_error(response, spec)
        if error is None:
            return
        if error.request_id is None:
            error.request_id = self.hooks.request_id(response)
        if error.retry_after is None:
            error.retry_after = parse_retry_after(response.headers)
        if isinstance(error, RateLimitError):
            raise error
        if policy.exceeds_retry_after(error) or _waits_past(error, ends_at):
            raise RateLimitError(
                error.message,
                status=error.status,
                code=error.code,
                request_id=error.request_id,
                raw=error.raw,
                retry_after=error.retry_after,
            ) from error
        raise error

    def _timeout(self, spec: RequestSpec) -> httpx.Timeout:
        return self._options.timeout if spec.timeout is None else as_timeout(spec.timeout)

    def _build_request(self, spec: RequestSpec, budget: AttemptBudget) -> httpx.Request:
        try:
            return self._encode_request(spec, budget)
        except UnicodeEncodeError:
            # A lone surrogate ("\ud800") in a path, query or form value has no UTF-8 form; the
            # value is not quoted, as it may be a secret.
            raise InvalidInputError(
                "the request's path, query or form holds a lone surrogate (not Unicode text); nothing was sent"
            ) from None

    def _encode_request(self, spec: RequestSpec, budget: AttemptBudget) -> httpx.Request:
        headers = {**self._default_headers, **spec.headers}
        content = spec.content
        if content is None and spec.form is not None:
            pairs = list(spec.form.items()) if isinstance(spec.form, Mapping) else list(spec.form)
            content = urlencode(pairs).encode()
            headers.setdefault("Content-Type", spec.content_type or "application/x-www-form-urlencoded")
        elif content is None and spec.json is not NO_BODY:
            content = encode_json(spec.json)
            headers.setdefault("Content-Type", spec.content_type or "application/json")
        if spec.headers:
            check_header_values(spec.headers.items())
        url = spec.url if spec.url.startswith(("http://", "https://")) else self._base_prefix + spec.url.lstrip("/")
        extensions = {"timeout": budget}
        try:
            if spec.params is None and (content is None or isinstance(content, bytes)):
                request = request_with_bytes(spec.method, request_url(url), headers, content or b"", extensions)
            else:
                params = None if spec.params is None else list(query_pairs(spec.params))
                request = httpx.Request(
                    spec.method, url, params=params, content=content, headers=headers, extensions=extensions
                )
        except httpx.InvalidURL as error:
            raise InvalidInputError(f"the request URL is not valid: {error}; nothing was sent") from None
        cookies = self._connection.cookies
        if cookies:
            cookies.set_cookie_header(request)
        return request

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
        if self._owns_connection:
            await self._connection.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


def _earliest(first: float | None, second: float | None) -> float | None:
    if first is None:
        return second
    return first if second is None else min(first, second)


def _attempt_end(timeout: httpx.Timeout, call_ends_at: float | None) -> float | None:
    """When an attempt starting now must be over: its own time, or the call's deadline if sooner."""
    seconds = attempt_seconds(timeout)
    return _earliest(None if seconds is None else time.monotonic() + seconds, call_ends_at)


def _waits_past(error: Any, ends_at: float | None) -> bool:
    """A server-requested wait that would end after the call's deadline."""
    retry_after = getattr(error, "retry_after", None)
    return retry_after is not None and ends_at is not None and time.monotonic() + retry_after >= ends_at


def _too_large(limit: int) -> ResponseTooLargeError:
    return ResponseTooLargeError(f"the reply is larger than max_response_bytes={limit}; reading stopped", limit=limit)


_SET_COOKIE = frozenset({b"set-cookie"})
_BODY_HEADERS = frozenset({b"content-encoding", b"content-length"})
