"""Fast builds that rely on a library's private details, checked once against its public way.

The send path fills `httpx.Headers`, `httpx.Request` and `httpcore.Request` itself instead of going
through their constructors. Those details are not promised by httpx or httpcore, so each fast
build is compared with the public constructor's result at its first use; on a release where they
differ, every later call takes the public constructor instead of building a wrong object.
"""

from __future__ import annotations

from collections.abc import Callable


class CheckedOnce:
    """``check()`` is whether the fast build fits the installed library: compared at the first
    call, then remembered (``fits``, which tests set to ``False`` to take the public way)."""

    __slots__ = ("_compare", "fits")

    def __init__(self, compare: Callable[[], bool]) -> None:
        self._compare = compare
        self.fits: bool | None = None

    def __call__(self) -> bool:
        fits = self.fits
        if fits is None:
            fits = self.fits = self._compare()
        return fits
