"""The pure half of a provider's plug-in: idempotency, parsing, error mapping, redaction.

A provider subclasses `ProviderHooks` and overrides what its protocol needs. The defaults fit a
plain JSON-over-HTTP API. Everything here works on data and does no I/O; authentication, which may
need requests of its own, lives in the provider's authenticator (see `resourcekit.core._async.auth`).
"""

from __future__ import annotations

import json
from typing import Any, cast

import httpx

from resourcekit.core.errors import APIError, ResponseValidationError, error_class_for_status
from resourcekit.core.redact import DEFAULT_REDACTOR, Redactor
from resourcekit.core.request import RequestSpec


class ProviderHooks:
    """Default hooks: JSON replies, HTTP statuses mapped onto the error tree.

    Attributes:
        redactor: Masks the provider's secrets in logs.
        request_id_header: The reply header holding the provider's request id, if any.
    """

    redactor: Redactor = DEFAULT_REDACTOR
    request_id_header: str | None = None

    def is_idempotent(self, spec: RequestSpec) -> bool:
        """Whether sending ``spec`` twice is harmless (decides which failures are retried)."""
        return spec.is_idempotent

    def request_id(self, response: httpx.Response) -> str | None:
        if self.request_id_header is None:
            return None
        return response.headers.get(self.request_id_header)

    def parse(self, response: httpx.Response, spec: RequestSpec) -> Any:
        """The reply body as a Python value: JSON when it is JSON, text otherwise, ``None`` when empty.

        Raises:
            ResponseValidationError: The body claims to be JSON but is not.
        """
        content = response.content
        if not content.strip():
            return None
        content_type = response.headers.get("content-type", "")
        if "json" in content_type or content[:1] in (b"{", b"["):
            try:
                return json.loads(content)
            except (ValueError, RecursionError) as error:  # nesting deeper than the stack is hostile, not JSON
                if "json" in content_type:
                    raise ResponseValidationError(f"reply is not valid JSON: {error}", raw=response.text) from None
        return response.text

    def redirect_error(self, response: httpx.Response, spec: RequestSpec) -> APIError | None:
        """The error a redirect stands for. Redirects are never followed (a credential must not
        travel to wherever a reply points), so a 3xx other than 304 is an `APIError`, unless a
        provider whose server answers with redirects on purpose overrides this.
        """
        status = response.status_code
        if 300 <= status < 400 and status != 304:
            location = self.redactor.url(response.headers.get("location", ""))
            return APIError(
                f"unexpected redirect (HTTP {status}) to {location or 'nowhere'}; redirects are not followed",
                status=status,
                request_id=self.request_id(response),
            )
        return None

    def map_error(self, response: httpx.Response, parsed: Any, spec: RequestSpec) -> APIError | None:
        """The error a reply stands for, or ``None`` when it is a success.

        The default maps statuses of 400 and above; providers that report errors inside a 200 reply
        override this.
        """
        if response.status_code < 400:
            return None
        message = response.reason_phrase or f"HTTP {response.status_code}"
        if isinstance(parsed, dict):
            body = cast("dict[str, Any]", parsed)
            found = body.get("message") or body.get("error")
            if isinstance(found, str) and found:
                message = found
        elif isinstance(parsed, str) and parsed.strip():
            message = parsed.strip()[:200]
        error_class = error_class_for_status(response.status_code)
        return error_class(
            message,
            status=response.status_code,
            request_id=self.request_id(response),
            raw=parsed,
        )
