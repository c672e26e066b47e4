"""Where the client finds its address and tokens, and what it refuses before sending anything."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from resourcekit.core.errors import ConfigurationError, InvalidInputError
from resourcekit.siminars import AsyncSiminars, Siminars


def test_arguments_win_over_the_environment() -> None:
    environ = {"SIMINARS_ADDRESS": "/tmp/api.sock", "SIMINARS_APITOKEN": "2", "SIMINARS_AUTHTOKEN": "env-token"}
    with Siminars(environ=environ) as from_env:
        assert from_env.address.uds == "/tmp/api.sock" and from_env.authtoken == "env-token"
        assert from_env.address.base_url == "http://localhost"
    with Siminars("10.0.0.5", 7, "mine", environ=environ, allow_http=True) as explicit:
        assert explicit.address.base_url == "http://10.0.0.5:8000" and explicit.address.uds is None
        assert explicit.authtoken == "mine"
        assert "mine" not in repr(explicit) and "'***'" in repr(explicit)
    with Siminars("http://127.0.0.1:8032", "2", uds="/run/siminars.sock", environ={}) as through:
        assert through.address.uds == "/run/siminars.sock" and through.address.base_url == "http://127.0.0.1:8032"


def test_missing_settings_name_where_they_were_looked_for() -> None:
    with pytest.raises(ConfigurationError, match="SIMINARS_ADDRESS"):
        Siminars(environ={})
    with pytest.raises(ConfigurationError, match="SIMINARS_APITOKEN"):
        AsyncSiminars("/tmp/api.sock", environ={})
    with pytest.raises(InvalidInputError):
        Siminars("ftp://somewhere", "2", environ={})


def test_copies_share_the_pool_and_keep_their_own_user() -> None:
    with Siminars("/tmp/api.sock", "2", "first", environ={}) as api:
        other = api.with_options(authtoken="second", timeout=5)
        anonymous = api.with_options(authtoken=None)
        assert (api.authtoken, other.authtoken, anonymous.authtoken) == ("first", "second", None)
        assert not anonymous.is_authenticated and other.siminars is not api.siminars
        assert api.with_options().authtoken == "first"
        other.close()  # a copy does not close the shared pool
        assert not api._transport.is_closed  # pyright: ignore[reportPrivateUsage]


def test_bad_input_is_refused_before_anything_is_sent() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    plan, bundle, siminar = "136798989944706737735425", "138400000000000000047020", "134936656289522642318098"
    transport = httpx.MockTransport(handler)
    with Siminars("/tmp/api.sock", "2", "t", environ={}, http_transport=transport, discover_urls=False) as api:
        refused: list[Callable[[], object]] = [
            lambda: api.bundles.create(plan, " "),
            lambda: api.sessions.create(bundle, " ", starts_on=1, ends_on=2),
            lambda: api.users.create("not-an-email"),
            lambda: api.users.mark_read([]),
            lambda: api.feedback.create(siminar, 6),
            lambda: api.testimonials.create(siminar, " "),
            lambda: api.coupons.get(" "),
            lambda: api.coupons.create("X", siminar, 0),
            lambda: api.jactions.add_comment(siminar, ""),
            lambda: api.jactions.vote(siminar, 2),
            lambda: api.siminars.get("1349366562895226423180"),
            lambda: api.call("siminar", "PATCH", siminar_id=siminar),
            lambda: api.call("siminar", data={"apitoken": "3"}, siminar_id=siminar),
        ]
        for attempt in refused:
            with pytest.raises(InvalidInputError):
                attempt()
    assert sent == []
