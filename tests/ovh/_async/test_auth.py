"""Signing and OAuth2 against a scripted transport: exact headers, time delta, token renewal."""

from __future__ import annotations

import json

import httpx
import pytest

from resourcekit.core.errors import ConfigurationError, ResponseValidationError
from resourcekit.ovh import AsyncOVH, OVHOAuth2Error, OVHServerError, wire

AK = "TDPKJdwZwAQPwKX2"
AS = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk"
CK = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY"


class Recorder:
    """A scripted API: ``/auth/time`` answers ``server_time``; other paths answer ``{"ok": true}``."""

    def __init__(self, server_time: int = 1457018881) -> None:
        self.server_time = server_time
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith("/auth/time"):
            return httpx.Response(200, json=self.server_time)
        if request.url.path.endswith("/oauth2/token"):
            return httpx.Response(200, json={"access_token": f"tok{len(self.requests)}", "expires_in": 60})
        return httpx.Response(200, json={"ok": True}, headers={"X-Ovh-QueryID": "FR.test1"})

    def signed(self) -> list[httpx.Request]:
        return [r for r in self.requests if not r.url.path.endswith("/auth/time")]


def client(recorder: Recorder, now: float = 1457018875.467238, **options: object) -> AsyncOVH:
    return AsyncOVH(
        "ovh-eu",
        AK,
        AS,
        CK,
        config_file=None,
        http_transport=httpx.MockTransport(recorder),
        clock=lambda: now,
        **options,  # type: ignore[arg-type]
    )


@pytest.mark.anyio
async def test_signed_request_headers_match_python_ovh() -> None:
    recorder = Recorder(server_time=1457018875)
    async with client(recorder) as ovh:
        assert await ovh.call("GET", "/auth") == {"ok": True}
        assert await ovh.post("/auth", a="b", c="d") == {"ok": True}
    get, post = recorder.signed()
    assert str(get.url) == "https://eu.api.ovh.com/1.0/auth"
    assert get.headers["X-Ovh-Application"] == AK
    assert get.headers["X-Ovh-Consumer"] == CK
    assert get.headers["X-Ovh-Timestamp"] == "1457018875"
    assert get.headers["X-Ovh-Signature"] == "$1$e9556054b6309771395efa467c22e627407461ad"
    assert get.content == b""
    assert "content-type" not in get.headers
    assert post.content == b'{"a":"b","c":"d"}'
    assert post.headers["Content-type"] == "application/json"
    assert post.headers["X-Ovh-Signature"] == "$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1"
    time_request = recorder.requests[0]
    assert time_request.url.path == "/1.0/auth/time"
    assert time_request.headers["X-Ovh-Application"] == AK
    assert "X-Ovh-Consumer" not in time_request.headers


@pytest.mark.anyio
async def test_time_delta_is_fetched_once_and_cached() -> None:
    recorder = Recorder(server_time=1457018881)
    async with client(recorder) as ovh:
        assert await ovh.time_delta() == 6
        await ovh.get("/me")
        await ovh.get("/me")
        assert await ovh.time_delta() == 6
    assert [r.url.path for r in recorder.requests].count("/1.0/auth/time") == 1
    assert {r.headers["X-Ovh-Timestamp"] for r in recorder.signed()} == {"1457018881"}


@pytest.mark.anyio
async def test_v1_and_v2_paths_and_query_strings() -> None:
    recorder = Recorder(server_time=1457018875)
    async with client(recorder) as ovh:
        await ovh.get("/v1/call")
        await ovh.get("/v2/call")
        await ovh.get("/me/bill", _from="a b", checkbox=True, skipped=None, **{"date.from": "2024-01-01"})
        await ovh.delete("/x", from_="start", to="end")
    v1, v2, bills, deleted = recorder.signed()
    assert v1.headers["X-Ovh-Signature"] == "$1$e6e7906d385eb28adcbfbe6b66c1528a42d741ad"
    assert v2.headers["X-Ovh-Signature"] == "$1$bb63b132a6f84ad5433d0c534d48d3f7c3804285"
    assert str(bills.url) == "https://eu.api.ovh.com/1.0/me/bill?from=a+b&checkbox=true&date.from=2024-01-01"
    assert bills.headers["X-Ovh-Signature"] == wire.signature(AS, CK, "GET", str(bills.url), "", 1457018875)
    assert str(deleted.url) == "https://eu.api.ovh.com/1.0/x?from=start&to=end"


@pytest.mark.anyio
async def test_unauthenticated_calls_are_not_signed() -> None:
    recorder = Recorder()
    async with client(recorder) as ovh:
        await ovh.get("/order/catalog", need_auth=False)
    (request,) = recorder.requests
    assert request.headers["X-Ovh-Application"] == AK
    assert "X-Ovh-Signature" not in request.headers


@pytest.mark.anyio
async def test_missing_consumer_key_fails_before_sending() -> None:
    recorder = Recorder()
    async with AsyncOVH("ovh-eu", AK, AS, config_file=None, http_transport=httpx.MockTransport(recorder)) as ovh:
        with pytest.raises(ConfigurationError, match="consumer_key is not set"):
            await ovh.get("/me")
    assert recorder.requests == []


@pytest.mark.anyio
async def test_oauth2_bearer_token_fetched_lazily_and_renewed() -> None:
    recorder = Recorder()
    now = [1000.0]
    ovh = AsyncOVH(
        "ovh-eu",
        client_id="cid",
        client_secret="csecret",
        config_file=None,
        http_transport=httpx.MockTransport(recorder),
        clock=lambda: now[0],
    )
    async with ovh:
        assert recorder.requests == []
        await ovh.get("/me")
        await ovh.get("/me")
        now[0] += 3600
        await ovh.get("/me")
    token1, me1, me2, token2, me3 = recorder.requests
    assert str(token1.url) == "https://www.ovh.com/auth/oauth2/token"
    assert token1.content == b"grant_type=client_credentials&scope=all"
    assert token1.headers["Authorization"] == "Basic Y2lkOmNzZWNyZXQ="
    assert me1.headers["Authorization"] == me2.headers["Authorization"] == "Bearer tok1"
    assert me3.headers["Authorization"] == "Bearer tok4"
    assert "X-Ovh-Application" not in me1.headers
    assert token2.url == token1.url


@pytest.mark.anyio
async def test_oauth2_failure_on_html_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, text="<html>down</html>", headers={"content-type": "text/html"})

    ovh = AsyncOVH(
        "ovh-ca",
        client_id="cid",
        client_secret="cs",
        config_file=None,
        max_retries=0,
        http_transport=httpx.MockTransport(handler),
    )
    async with ovh:
        with pytest.raises(OVHOAuth2Error) as caught:
            await ovh.get("/me")
    assert str(caught.value).startswith(
        "OAuth2 failure: Missing access token parameter. Token creation failed with status_code=503, body=<html>down"
    )
    assert "cs" not in json.dumps(caught.value.raw)


@pytest.mark.anyio
async def test_empty_204_html_and_broken_replies_never_crash() -> None:
    replies = {
        "/1.0/empty": httpx.Response(200, content=b""),
        "/1.0/nothing": httpx.Response(204),
        "/1.0/null": httpx.Response(200, json=None),
        "/1.0/html": httpx.Response(200, text="<html>maintenance</html>", headers={"content-type": "text/html"}),
        "/1.0/proxy": httpx.Response(502, text="<html>Bad Gateway</html>", headers={"content-type": "text/html"}),
        "/1.0/broken": httpx.Response(200, content=b"{not json", headers={"content-type": "application/json"}),
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/time"):
            return httpx.Response(200, json=1457018875)
        return replies[request.url.path]

    async with AsyncOVH(
        "ovh-eu", AK, AS, CK, config_file=None, max_retries=0, http_transport=httpx.MockTransport(handler)
    ) as ovh:
        assert await ovh.get("/empty") is None
        assert await ovh.delete("/nothing") is None
        assert await ovh.get("/null") is None
        assert await ovh.get("/html") == "<html>maintenance</html>"
        with pytest.raises(OVHServerError) as caught:
            await ovh.get("/proxy")
        assert caught.value.status == 502 and caught.value.message == "<html>Bad Gateway</html>"
        with pytest.raises(ResponseValidationError):
            await ovh.get("/broken")


@pytest.mark.anyio
async def test_timeouts_as_python_ovh_takes_them() -> None:
    recorder = Recorder()
    async with client(recorder, timeout=(3.0, 180.0)) as ovh:
        assert ovh.transport.options.timeout == httpx.Timeout(180.0, connect=3.0)
        slower = ovh.with_options(timeout=30.0)
        assert slower.transport.options.timeout.read == 30.0
        assert ovh.transport.options.timeout.read == 180.0
