"""One client shared by many tasks or threads: one login, one pool, no interference."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import anyio
import pytest

from resourcekit.sandbox.server import RunningSandbox
from tests.core._async.toy_client import AsyncToy
from tests.core._sync.toy_client import Toy


@pytest.mark.anyio
async def test_an_async_client_shared_by_many_tasks(sandbox: RunningSandbox) -> None:
    toy: AsyncToy = sandbox.async_client()
    async with toy:
        titles: dict[int, str] = {}

        async def fetch(number: int) -> None:
            titles[number] = (await toy.notes.get(number)).title

        async with anyio.create_task_group() as group:
            for number in (1, 2, 3, 4, 5) * 4:
                group.start_soon(fetch, number)
        assert toy.auth.logins == 1
        assert titles == {n: f"note {n}" for n in range(1, 6)}


def test_a_sync_client_shared_by_many_threads(sandbox: RunningSandbox) -> None:
    toy: Toy = sandbox.client()
    with toy, ThreadPoolExecutor(max_workers=8) as pool:
        notes = list(pool.map(toy.notes.get, [1, 2, 3, 4, 5] * 4))
        assert toy.auth.logins == 1
        assert [note.id for note in notes] == [1, 2, 3, 4, 5] * 4
