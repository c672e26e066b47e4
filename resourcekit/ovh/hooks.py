"""The pure half of the OVH plug-in for the shared transport: parsing, errors, redaction."""

from __future__ import annotations

import json
from typing import Any, cast

import httpx

from resourcekit.core.errors import APIError, ResponseValidationError
from resourcekit.core.hooks import ProviderHooks
from resourcekit.core.redact import DEFAULT_REDACTOR, Redactor
from resourcekit.core.request import RequestSpec
from resourcekit.ovh import wire

OAUTH2_TOKEN_CONTEXT = "ovh_oauth2_token"


class OVHHooks(ProviderHooks):
    """JSON replies (empty, ``204`` and non-JSON bodies included) and OVH's error bodies."""

    redactor: Redactor = DEFAULT_REDACTOR.with_names("X-Ovh-Application", "application_key", "applicationKey")
    request_id_header: str | None = wire.QUERY_ID_HEADER

    def __init__(self, base_url: str = "") -> None:
        # Worked out once: what a 404 adds when the base URL does not end in /1.0.
        self._not_found_hint = wire.wrong_path_hint(base_url)

    def parse(self, response: httpx.Response, spec: RequestSpec) -> Any:
        """``None`` for an empty body or a 204, JSON when it parses, the text otherwise.

        Raises:
            ResponseValidationError: A successful reply that says it is JSON but is not.
        """
        content = response.content
        if response.status_code == 204 or not content.strip():
            return None
        try:
            return json.loads(content)
        except (ValueError, RecursionError) as error:  # RecursionError: nesting deeper than Python's stack
            if response.status_code < 400 and "json" in response.headers.get("content-type", ""):
                raise ResponseValidationError(f"OVH sent invalid JSON: {error}", raw=response.text) from error
            return response.text

    def map_error(self, response: httpx.Response, parsed: Any, spec: RequestSpec) -> APIError | None:
        """The `OVHError` subclass of an error reply (or of a refused OAuth2 token request), else ``None``."""
        if spec.context.get(OAUTH2_TOKEN_CONTEXT):
            body = cast("dict[str, Any]", parsed) if isinstance(parsed, dict) else None
            if response.status_code >= 400 or body is None or not isinstance(body.get("access_token"), str):
                return wire.oauth2_error(response.status_code, parsed)
            return None
        if response.status_code < 400:
            return None  # what `wire.map_error` says too, without looking up the query id first
        return wire.map_error(
            response.status_code, parsed, self.request_id(response), response.reason_phrase, self._not_found_hint
        )


__all__ = ["OVHHooks"]
