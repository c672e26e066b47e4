"""The I/O half of a provider's plug-in: adding credentials to requests."""

from __future__ import annotations

import httpx

from resourcekit.core.errors import APIError
from resourcekit.core.request import RequestSpec


class AsyncAuth:
    """Adds credentials to requests. The base class sends requests as they are.

    A provider overrides what it needs:

    - `prepare` may do I/O (log in, fetch a token or the server time) and returns the spec with
      the credentials added (headers, form fields).
    - `sign` sees the final `httpx.Request`, with the exact bytes that will be sent.
    - `recover` is called once when a call failed with an authentication error; returning ``True``
      (after refreshing a session, a token or a clock offset) sends the call once more. This resend
      is not a retry: it happens whether or not the call is idempotent, because the server refused
      it before acting on it.
    """

    async def prepare(self, spec: RequestSpec) -> RequestSpec:
        return spec

    def sign(self, request: httpx.Request, spec: RequestSpec) -> None:
        """Add a signature computed from the final request (headers only)."""

    async def recover(self, error: APIError, spec: RequestSpec) -> bool:
        return False
