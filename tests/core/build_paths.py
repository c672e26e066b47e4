"""The two ways the send path builds headers and requests, for tests that run both."""

from __future__ import annotations

import pytest

from resourcekit.core import headers, httpcore_request, httpx_request


def take_public_constructors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build headers and requests through httpx's and httpcore's constructors for one test, as on a
    release whose private details no longer fit the fast builds."""
    for check in (
        headers._fast_path_fits,  # pyright: ignore[reportPrivateUsage]
        httpx_request._fast_path_fits,  # pyright: ignore[reportPrivateUsage]
        httpcore_request._fast_path_fits,  # pyright: ignore[reportPrivateUsage]
    ):
        monkeypatch.setattr(check, "fits", False)
