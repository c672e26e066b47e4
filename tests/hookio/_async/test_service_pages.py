"""Client calls on the routes the service kept for older clients: roles, find, a missing file."""

from __future__ import annotations

import pytest

from resourcekit.core.errors import NotFoundError
from resourcekit.hookio import ALL_ROLES
from resourcekit.sandbox.server import RunningSandbox


@pytest.mark.anyio
async def test_the_roles_page_is_the_role_list(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        assert await hookio.server.roles() == list(ALL_ROLES)


@pytest.mark.anyio
async def test_find_hooks_by_their_fields(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        found = await hookio.hooks.find("marak", language="python")
        assert [hook.name for hook in found] == ["hello"]  # the private python hook is not listed
        assert await hookio.hooks.find("marak", language="cobol") == []
        examples = await hookio.hooks.find("examples")
        assert [hook.path for hook in examples] == ["examples/echo"]


@pytest.mark.anyio
async def test_removing_a_missing_file_is_not_found(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        with pytest.raises(NotFoundError):
            await hookio.files.remove("/not-there.txt")
