"""A pytest plugin that hands you sandboxed clients for your own tests.

Installed with resourcekit (entry point ``pytest11``), it adds two fixtures:

- ``resourcekit_sandbox``: a factory; each call starts a provider's emulator over real HTTP on
  127.0.0.1 and stops it when the test ends.
- ``resourcekit_sandbox_session``: the same, but each (provider, options) combination is started
  once per test session and shared.

```python
from resourcekit.testing import SandboxFactory

def test_my_billing_report(resourcekit_sandbox: SandboxFactory) -> None:
    sandbox = resourcekit_sandbox("ovh", seed_size=20)
    with sandbox.client() as ovh:            # typed as resourcekit.ovh.OVH
        assert len(my_report(ovh)) == 20
    assert sandbox.side_effects.total() == 0   # the report wrote nothing
```

The emulators need the ``sandbox`` extra (``pip install 'resourcekit[sandbox]'``); the fixtures
import it only when used.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, Literal, Protocol, overload

import pytest

if TYPE_CHECKING:
    from resourcekit.exosite import AsyncOnePlatform, OnePlatform
    from resourcekit.hexonet import AsyncHexonet, Hexonet
    from resourcekit.hookio import AsyncHookIO, HookIO
    from resourcekit.ovh import OVH, AsyncOVH
    from resourcekit.sandbox.server import RunningSandbox
    from resourcekit.siminars import AsyncSiminars, Siminars


class SandboxFactory(Protocol):
    """Starts a provider's emulator: ``resourcekit_sandbox("ovh", seed_size=20)``.

    A literal provider name types the sandbox's clients: ``resourcekit_sandbox("ovh").client()`` is
    an `OVH`.
    """

    @overload
    def __call__(
        self,
        provider: Literal["exosite"],
        *,
        seed_size: int = 5,
        seed: int = 0,
        in_process: bool = False,
        uds: str | None = None,
    ) -> RunningSandbox[OnePlatform, AsyncOnePlatform]: ...
    @overload
    def __call__(
        self,
        provider: Literal["hexonet"],
        *,
        seed_size: int = 5,
        seed: int = 0,
        in_process: bool = False,
        uds: str | None = None,
    ) -> RunningSandbox[Hexonet, AsyncHexonet]: ...
    @overload
    def __call__(
        self,
        provider: Literal["hookio"],
        *,
        seed_size: int = 5,
        seed: int = 0,
        in_process: bool = False,
        uds: str | None = None,
    ) -> RunningSandbox[HookIO, AsyncHookIO]: ...
    @overload
    def __call__(
        self,
        provider: Literal["ovh"],
        *,
        seed_size: int = 5,
        seed: int = 0,
        in_process: bool = False,
        uds: str | None = None,
    ) -> RunningSandbox[OVH, AsyncOVH]: ...
    @overload
    def __call__(
        self,
        provider: Literal["siminars"],
        *,
        seed_size: int = 5,
        seed: int = 0,
        in_process: bool = False,
        uds: str | None = None,
    ) -> RunningSandbox[Siminars, AsyncSiminars]: ...
    @overload
    def __call__(
        self, provider: str, *, seed_size: int = 5, seed: int = 0, in_process: bool = False, uds: str | None = None
    ) -> RunningSandbox: ...


def _factory(stack: ExitStack, cache: dict[tuple[Any, ...], RunningSandbox] | None) -> SandboxFactory:
    from resourcekit.sandbox.base import SandboxSettings
    from resourcekit.sandbox.server import inprocess_sandbox, run_sandbox

    def start(
        provider: str, *, seed_size: int = 5, seed: int = 0, in_process: bool = False, uds: str | None = None
    ) -> RunningSandbox:
        key = (provider, seed_size, seed, in_process, uds)
        if cache is not None and key in cache:
            return cache[key]
        settings = SandboxSettings(seed_size=seed_size, seed=seed)
        if in_process:
            sandbox = stack.enter_context(inprocess_sandbox(provider, settings=settings))
        else:
            sandbox = stack.enter_context(run_sandbox(provider, settings=settings, uds=uds))
        if cache is not None:
            cache[key] = sandbox
        return sandbox

    return start


@pytest.fixture
def resourcekit_sandbox() -> Generator[SandboxFactory, None, None]:
    """Start provider emulators for one test: ``resourcekit_sandbox("hexonet")``."""
    with ExitStack() as stack:
        yield _factory(stack, None)


@pytest.fixture(scope="session")
def resourcekit_sandbox_session() -> Generator[SandboxFactory, None, None]:
    """Start provider emulators once per session and share them between tests."""
    with ExitStack() as stack:
        yield _factory(stack, {})


__all__: list[str] = ["SandboxFactory", "resourcekit_sandbox", "resourcekit_sandbox_session"]
