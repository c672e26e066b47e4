"""The clients the RPC tests of this folder share: the portal's, and a scratch child of it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from resourcekit.exosite import AsyncClientResource, AsyncOnePlatform
from resourcekit.sandbox.server import RunningSandbox
from tests.exosite.conftest import UNLIMITED


@pytest.fixture
async def op(sandbox: RunningSandbox) -> AsyncIterator[AsyncOnePlatform]:
    async with sandbox.async_client() as client:
        yield client


@pytest.fixture
async def scratch(op: AsyncOnePlatform) -> AsyncIterator[AsyncClientResource]:
    """A fresh child client of the portal, dropped after the test."""
    me = await op.me()
    child = await me.create_client(name="scratch", limits=UNLIMITED)
    yield child
    await child.drop()
