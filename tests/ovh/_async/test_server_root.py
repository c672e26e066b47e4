"""The client takes the server root a sandbox prints, and a wrong base path is named in the 404."""

from __future__ import annotations

import pytest

from resourcekit.ovh import AsyncOVH, OVHNotFoundError
from resourcekit.sandbox.server import RunningSandbox


def client_at(sandbox: RunningSandbox, endpoint: str) -> AsyncOVH:
    """A client of the sandbox's account, given ``endpoint`` as its base URL."""
    creds = sandbox.credentials
    keys = creds["application_key"], creds["application_secret"], creds["consumer_key"]
    return AsyncOVH(endpoint, *keys, config_file=None)


@pytest.mark.anyio
@pytest.mark.parametrize("suffix", ["", "/", "/1.0", "/v1"])
async def test_the_server_root_and_the_api_roots_all_work(sandbox: RunningSandbox, suffix: str) -> None:
    async with client_at(sandbox, sandbox.url + suffix) as ovh:
        assert (await ovh.me.get()).nichandle == "xx1234-ovh"
        assert ovh.base_url.endswith(("/1.0", "/v1"))


@pytest.mark.anyio
async def test_a_wrong_base_path_is_named_in_the_error(sandbox: RunningSandbox) -> None:
    async with client_at(sandbox, sandbox.url + "/api") as ovh:
        with pytest.raises(OVHNotFoundError) as caught:
            await ovh.get("/me", need_auth=False)
    message = caught.value.message
    assert f"the endpoint {sandbox.url}/api does not end in /1.0" in message
    assert f"give the server root ({sandbox.url}) or {sandbox.url}/1.0" in message
