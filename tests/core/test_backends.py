"""Which HTTP library a client sends through, and that building one does no expensive work."""

from __future__ import annotations

import pytest

from resourcekit.core import options as options_module
from resourcekit.core._async.httpcore_backend import AsyncHttpcoreBackend
from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core._sync.transport import Transport
from resourcekit.core.backends import BACKEND_VARIABLE, aiohttp_installed, async_backend_name, open_backend
from resourcekit.core.errors import ConfigurationError, InvalidInputError
from resourcekit.core.options import TransportOptions

BASE = "https://api.example.test"


@pytest.fixture(autouse=True)
def no_backend_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(BACKEND_VARIABLE, raising=False)


def test_async_clients_prefer_aiohttp_when_it_is_installed() -> None:
    expected = "aiohttp" if aiohttp_installed() else "httpcore"
    assert async_backend_name(TransportOptions(base_url=BASE)) == expected
    assert async_backend_name(TransportOptions(base_url=BASE, proxy="http://proxy.test:3128")) == expected


@pytest.mark.parametrize(
    "settings", [{"http2": True}, {"proxy": "socks5://proxy.test:1080"}, {"http_backend": "httpcore"}]
)
def test_http2_socks_and_an_explicit_choice_use_httpcore(settings: dict[str, object]) -> None:
    assert async_backend_name(TransportOptions(base_url=BASE, **settings)) == "httpcore"  # type: ignore[arg-type]


def test_the_environment_chooses_for_clients_that_leave_it_to_auto(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BACKEND_VARIABLE, "httpcore")
    assert async_backend_name(TransportOptions(base_url=BASE)) == "httpcore"
    if aiohttp_installed():
        monkeypatch.setenv(BACKEND_VARIABLE, "aiohttp")
        assert async_backend_name(TransportOptions(base_url=BASE)) == "aiohttp"
        # An explicit choice wins over the environment.
        assert async_backend_name(TransportOptions(base_url=BASE, http_backend="httpcore")) == "httpcore"


@pytest.mark.skipif(not aiohttp_installed(), reason="needs aiohttp")
def test_asking_aiohttp_for_what_it_cannot_do_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="HTTP/2"):
        async_backend_name(TransportOptions(base_url=BASE, http2=True, http_backend="aiohttp"))
    with pytest.raises(ConfigurationError, match="async"):
        open_backend(TransportOptions(base_url=BASE, http_backend="aiohttp"))


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="http_backend"):
        TransportOptions(base_url=BASE, http_backend="curl")  # type: ignore[arg-type]


def test_building_a_client_makes_no_ssl_context_and_no_pool() -> None:
    options_module._ssl_context.cache_clear()  # pyright: ignore[reportPrivateUsage]
    sync = Transport(TransportOptions(base_url=BASE))
    asynchronous = AsyncTransport(TransportOptions(base_url=BASE, http_backend="httpcore"))
    assert options_module._ssl_context.cache_info().currsize == 0  # pyright: ignore[reportPrivateUsage]
    backend = asynchronous._connection.backend  # pyright: ignore[reportPrivateUsage]
    assert isinstance(backend, AsyncHttpcoreBackend)
    assert backend._pool is None  # pyright: ignore[reportPrivateUsage]
    sync.close()


def test_the_aiohttp_backend_reuses_its_client_timeout_while_the_connect_limit_stays() -> None:
    pytest.importorskip("aiohttp")
    from resourcekit.core.aiohttp_backend import AiohttpBackend

    backend = AiohttpBackend(TransportOptions(base_url="http://127.0.0.1:9"))
    first = backend._client_timeout_for(5.0)  # pyright: ignore[reportPrivateUsage]
    assert first.sock_connect == 5.0
    assert first.total is None
    assert backend._client_timeout_for(5.0) is first  # pyright: ignore[reportPrivateUsage]
    cut = backend._client_timeout_for(0.25)  # pyright: ignore[reportPrivateUsage]
    assert cut.sock_connect == 0.25
    assert backend._client_timeout_for(None).sock_connect is None  # pyright: ignore[reportPrivateUsage]
