"""The description of one logical request, before any provider hook or I/O touches it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import httpx

from resourcekit.core.errors import InvalidInputError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
"""Methods that are idempotent by HTTP semantics; a provider may say otherwise per request."""

Primitive = str | int | float | bool | None
QueryParams = Mapping[str, Primitive] | Sequence[tuple[str, Primitive]]

NO_BODY: Any = object()
"""Marks a request without a JSON body (``None`` is a valid JSON body: ``null``)."""


def query_pairs(params: QueryParams) -> list[tuple[str, Primitive]]:
    """Query parameters as ``(name, value)`` pairs, in order."""
    return list(params.items()) if isinstance(params, Mapping) else list(params)


@dataclass(frozen=True)
class RequestSpec:
    """One logical request; retries send it again unchanged.

    Attributes:
        method: HTTP method, upper case.
        url: Path relative to the client's base URL, or an absolute URL.
        params: Query parameters.
        json: A JSON body (``NO_BODY`` when there is none).
        form: A form body (``application/x-www-form-urlencoded``).
        content: Raw body bytes, used as they are (a provider that signs bytes encodes itself),
            or an iterable of chunks for a streamed upload. A streamed body can be sent only once,
            so such a request is never retried.
        content_type: The ``Content-Type`` of a JSON or form body when the provider wants another
            than ``application/json`` or ``application/x-www-form-urlencoded``.
        headers: Extra headers for this request.
        idempotent: Whether sending twice is harmless; ``None`` means "by HTTP method".
        authenticate: ``False`` for calls the provider makes without credentials (login, time).
        timeout: Overrides the client's timeout for this request.
        max_retries: Overrides the client's retry count for this request.
        context: Provider data carried to its hooks (the command name, the operation...).
    """

    method: str
    url: str
    params: QueryParams | None = None
    json: Any = NO_BODY
    form: Mapping[str, str] | Sequence[tuple[str, str]] | None = None
    content: bytes | Iterable[bytes] | AsyncIterable[bytes] | None = None
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict[str, str])
    idempotent: bool | None = None
    authenticate: bool = True
    timeout: float | httpx.Timeout | None = None
    max_retries: int | None = None
    context: Mapping[str, Any] = field(default_factory=dict[str, Any])

    @property
    def is_streamed(self) -> bool:
        """Whether the body is an iterable of chunks (sent once, never retried)."""
        return self.content is not None and not isinstance(self.content, bytes)

    @property
    def is_idempotent(self) -> bool:
        if self.idempotent is not None:
            return self.idempotent
        return self.method.upper() in SAFE_METHODS

    def with_changes(self, **changes: Any) -> RequestSpec:
        """A copy with some attributes replaced (auth hooks add headers or form fields this way)."""
        if not changes.keys() <= _FIELD_NAMES:
            return replace(self, **changes)  # raises the usual TypeError naming the unknown field
        # Auth hooks call this on every request: copy the fields directly rather than through
        # `dataclasses.replace`, which re-runs the constructor (the same copy, several times faster).
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(changes)
        return copy

    def with_headers(self, headers: Mapping[str, str]) -> RequestSpec:
        return self.with_changes(headers={**self.headers, **headers})


_FIELD_NAMES = frozenset(item.name for item in fields(RequestSpec))


def encode_json(value: Any) -> bytes:
    """``value`` as a compact UTF-8 JSON body, refusing what JSON cannot carry before anything is sent.

    Raises:
        InvalidInputError: NaN or an infinity (not JSON, though Python writes them), a lone
            surrogate in a string (not encodable as UTF-8), a value JSON has no form for, or a
            structure that contains itself.
    """
    try:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except ValueError as error:  # NaN/Infinity, or a circular reference
        raise InvalidInputError(f"the JSON body cannot be sent: {error}") from None
    except (TypeError, RecursionError) as error:
        raise InvalidInputError(f"the JSON body cannot be sent: {type(error).__name__}: {error}") from None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError("the JSON body holds a lone surrogate (not valid Unicode); nothing was sent") from None
