from __future__ import annotations

import email.utils
import socket
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from resourcekit.core.errors import TimeoutError
from resourcekit.sandbox.base import SideEffects
from resourcekit.sandbox.faults import (
    CONTROL_TOKEN_HEADER,
    DEFAULT_FAULT_MIX,
    FaultMiddleware,
    FaultPlan,
    check_fault_mix,
)
from resourcekit.sandbox.server import inprocess_sandbox, serve_app


def test_scripted_faults_match_paths_in_order() -> None:
    plan = FaultPlan()
    plan.fail_next(1, 502, path="/a")
    plan.drop_next(1, after_app=True)
    plan.truncate_next(1, path="/b")
    assert plan.pending == 3
    fault = plan.take("/b/1")
    assert fault is not None and fault.kind == "drop_after"
    fault = plan.take("/a/x")
    assert fault is not None and (fault.kind, fault.status) == ("status", 502)
    assert plan.take("/c") is None
    fault = plan.take("/b")
    assert fault is not None and fault.kind == "truncate"
    assert plan.requests == 4
    assert dict(plan.injected) == {"drop_after": 1, "status": 1, "truncate": 1}
    assert dict(plan.statuses) == {502: 1}


def test_fail_rate_is_seeded_and_clear_resets_behaviour() -> None:
    first = FaultPlan(fail_rate=0.5, seed=3)
    second = FaultPlan(fail_rate=0.5, seed=3)
    pattern = [first.take("/") is not None for _ in range(40)]
    assert pattern == [second.take("/") is not None for _ in range(40)]
    assert 5 < sum(pattern) < 35
    assert set(first.injected) == {"status"} and set(first.statuses) == {503}
    first.latency_ms = 10
    first.fail_next(3)
    first.inject_mixed(0.5)
    first.clear()
    assert (first.pending, first.latency_ms, first.fail_rate, first.fault_rate) == (0, 0.0, 0.0, 0.0)
    assert first.take("/") is None


# -- mixed random faults ------------------------------------------------------------------------


def _draw_kinds(plan: FaultPlan, count: int, path: str = "/x") -> list[str]:
    kinds: list[str] = []
    for _ in range(count):
        fault = plan.take(path)
        kinds.append("-" if fault is None else (str(fault.status) if fault.kind == "status" else fault.kind))
    return kinds


def test_mixed_faults_hit_the_rate_with_every_kind_and_are_repeatable() -> None:
    plan = FaultPlan()
    plan.inject_mixed(0.2, spike_ms=250, seed=11)
    kinds = _draw_kinds(plan, 5000)
    again = FaultPlan(seed=11, fault_rate=0.2, spike_ms=250)
    assert _draw_kinds(again, 5000) == kinds
    drawn = Counter(kind for kind in kinds if kind != "-")
    assert 900 < sum(drawn.values()) < 1100  # 20% of 5,000, within 5 standard deviations
    assert set(drawn) == set(DEFAULT_FAULT_MIX)
    assert all(150 < count < 250 for count in drawn.values())  # equal weights: ~200 each
    assert plan.injected == Counter(
        {"status": drawn["503"] + drawn["502"], **{k: drawn[k] for k in ("drop", "truncate", "spike")}}
    )
    assert plan.statuses == Counter({503: drawn["503"], 502: drawn["502"]})


def test_mixed_fault_weights_spike_delay_and_path() -> None:
    plan = FaultPlan()
    plan.inject_mixed(1.0, mix={"spike": 3, "drop_after": 1, "429": 0}, spike_ms=40, seed=2, path="/api")
    assert all(plan.take("/other") is None for _ in range(20))
    faults = [plan.take("/api/x") for _ in range(400)]
    assert all(fault is not None for fault in faults)
    kinds = Counter(fault.kind for fault in faults if fault is not None)
    assert set(kinds) == {"spike", "drop_after"} and 250 < kinds["spike"] < 350
    assert {fault.delay_ms for fault in faults if fault is not None and fault.kind == "spike"} == {40}
    plan.spike_next(1, delay_ms=5)
    scripted = plan.take("/other")
    assert scripted is not None and (scripted.kind, scripted.delay_ms) == ("spike", 5)


def test_fail_rate_keeps_its_draws_when_mixed_faults_are_off() -> None:
    # fail_rate alone draws exactly as before the mix existed: one random() per request.
    import random

    rng = random.Random(5)
    expected = [rng.random() < 0.3 for _ in range(100)]
    plan = FaultPlan(fail_rate=0.3, seed=5)
    assert [plan.take("/") is not None for _ in range(100)] == expected


@pytest.mark.parametrize(
    ("mix", "message"),
    [
        ({"teapot": 1}, "unknown fault kind"),
        ({"200": 1}, "unknown fault kind"),
        ({"503": -1}, "non-negative"),
        ({"503": float("nan")}, "non-negative"),
        ({"503": 0}, "positive weight"),
        ({}, "positive weight"),
    ],
)
def test_bad_fault_mixes_are_refused(mix: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_fault_mix(mix)


def test_configure_checks_everything_before_setting_anything() -> None:
    plan = FaultPlan()
    with pytest.raises(ValueError, match="unknown fault knobs: colour"):
        plan.configure({"latency_ms": 5, "colour": "red"})
    with pytest.raises(ValueError, match="fault_rate is out of range"):
        plan.configure({"latency_ms": 5, "fault_rate": 1.5})
    with pytest.raises(ValueError, match="seed must be an integer"):
        plan.configure({"seed": "x"})
    with pytest.raises(ValueError, match="latency_ms must be a number"):
        plan.configure({"latency_ms": True})
    assert plan.latency_ms == 0.0 and plan.fault_rate == 0.0
    plan.configure({"latency_ms": 5, "fault_rate": 0.5, "fault_mix": {"502": 1}, "seed": 9, "fault_path": "/a"})
    assert plan.knobs() == {
        "fail_rate": 0.0,
        "fault_mix": {"502": 1.0},
        "fault_path": "/a",
        "fault_rate": 0.5,
        "latency_ms": 5.0,
        "seed": 9,
        "spike_ms": 1000.0,
    }


# -- over real HTTP: faults and the control channel ---------------------------------------------


class _Recorder:
    """A tiny ASGI app that counts its writes like an emulator."""

    def __init__(self) -> None:
        self.side_effects = SideEffects()
        self.seen: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        self.seen.append(scope["path"])
        while (await receive()).get("more_body", False):
            pass
        if scope["method"] == "POST":
            self.side_effects.record("create")
        body = b'{"ok": true, "padding": "0123456789abcdef"}'
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


TOKEN = "test-control-token"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, FaultPlan, _Recorder]]:
    app = _Recorder()
    plan = FaultPlan()
    with serve_app(FaultMiddleware(app, plan, app.side_effects, control_token=TOKEN)) as url:
        yield url, plan, app


@pytest.fixture
def channel(served: tuple[str, FaultPlan, _Recorder]) -> Iterator[tuple[httpx.Client, FaultPlan, _Recorder]]:
    url, plan, app = served
    with httpx.Client(base_url=url, timeout=10, headers={CONTROL_TOKEN_HEADER: TOKEN}) as client:
        assert client.post("/__sandbox__/reset").status_code == 200
        app.seen.clear()
        yield client, plan, app
        client.post("/__sandbox__/reset")


def test_stats_count_requests_connections_faults_and_side_effects(
    channel: tuple[httpx.Client, FaultPlan, _Recorder],
) -> None:
    client, plan, app = channel
    assert client.get("/__sandbox__/stats").json() == {
        "requests": 0,
        "connections": 0,
        "injected": {},
        "statuses": {},
        "side_effects": {},
    }
    plan.fail_next(1, 502)
    assert client.post("/things").status_code == 502
    assert client.post("/things").status_code == 200
    assert client.get("/things").status_code == 200
    stats = client.get("/__sandbox__/stats").json()
    # One keep-alive connection; the control requests are neither requests nor faulted nor passed on.
    assert stats == {
        "requests": 3,
        "connections": 1,
        "injected": {"status": 1},
        "statuses": {"502": 1},
        "side_effects": {"create": 1},
    }
    assert app.seen == ["/things", "/things"]


def test_control_requests_are_never_faulted(channel: tuple[httpx.Client, FaultPlan, _Recorder]) -> None:
    client, plan, _ = channel
    plan.fail_next(3, 503)
    plan.configure({"fail_rate": 1.0, "latency_ms": 0})
    for _ in range(3):
        assert client.get("/__sandbox__/stats").status_code == 200
    assert plan.pending == 3 and plan.requests == 0


def test_post_faults_sets_knobs_and_reset_clears_them(channel: tuple[httpx.Client, FaultPlan, _Recorder]) -> None:
    client, plan, app = channel
    reply = client.post("/__sandbox__/faults", json={"fault_rate": 1.0, "fault_mix": {"drop": 1}, "seed": 4})
    assert reply.status_code == 200 and reply.json()["fault_rate"] == 1.0
    assert client.get("/__sandbox__/faults").json() == plan.knobs()
    with httpx.Client(base_url=str(client.base_url), timeout=10) as other:
        with pytest.raises(httpx.RemoteProtocolError):
            other.get("/dropped")
        stats = client.get("/__sandbox__/stats").json()
        assert stats["injected"] == {"drop": 1} and stats["requests"] == 1
        client.post("/__sandbox__/faults", json={"fail_rate": 0.0, "fault_rate": 0.0, "latency_ms": 20})
        assert other.post("/kept").status_code == 200
    assert plan.latency_ms == 20 and app.side_effects["create"] == 1
    reset = client.post("/__sandbox__/reset")
    assert reset.json() == {"requests": 0, "connections": 0, "injected": {}, "statuses": {}, "side_effects": {}}
    assert (plan.latency_ms, plan.fault_rate, plan.requests, app.side_effects.total()) == (0.0, 0.0, 0, 0)


@pytest.mark.parametrize(
    "body",
    [
        {"latency_ms": 10, "colour": "red"},
        {"fail_rate": 2},
        {"fault_mix": {"teapot": 1}},
        {"fault_mix": [1, 2]},
        ["latency_ms"],
    ],
)
def test_bad_knobs_answer_400_and_change_nothing(
    channel: tuple[httpx.Client, FaultPlan, _Recorder], body: object
) -> None:
    client, plan, _ = channel
    before = plan.knobs()
    reply = client.post("/__sandbox__/faults", json=body)
    assert reply.status_code == 400 and "error" in reply.json()
    assert plan.knobs() == before
    assert client.post("/__sandbox__/faults", content=b"{not json").status_code == 400


def test_unknown_control_paths_and_methods(channel: tuple[httpx.Client, FaultPlan, _Recorder]) -> None:
    client, _, app = channel
    assert client.get("/__sandbox__/nothing").status_code == 404
    assert client.post("/__sandbox__/stats").status_code == 405
    assert client.get("/__sandbox__/reset").status_code == 405
    assert app.seen == []


def test_connections_are_counted_exactly_across_many_sockets(
    channel: tuple[httpx.Client, FaultPlan, _Recorder],
) -> None:
    client, _, _ = channel
    host, port = client.base_url.host, client.base_url.port
    assert port is not None
    count = 1500
    request = b"GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    for _ in range(count):
        with socket.create_connection((host, port), timeout=10) as sock:
            sock.sendall(request)
            while sock.recv(4096):
                pass
    # Two more requests over one keep-alive connection add exactly one.
    with httpx.Client(base_url=str(client.base_url), timeout=10) as keep_alive:
        keep_alive.get("/c")
        keep_alive.get("/c")
    stats = client.get("/__sandbox__/stats").json()
    assert stats["requests"] == count + 2
    assert stats["connections"] == count + 1


def test_a_port_reused_by_a_new_connection_is_counted_over_real_http(
    channel: tuple[httpx.Client, FaultPlan, _Recorder],
) -> None:
    client, _, _ = channel
    port = client.base_url.port
    assert port is not None
    with socket.socket() as probe:  # a free local port to come back from
        probe.bind(("127.0.0.1", 0))
        local_port = probe.getsockname()[1]
    for _ in range(3):
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", local_port))
            sock.connect(("127.0.0.1", port))
            sock.sendall(b"GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            while sock.recv(4096):
                pass
    stats = client.get("/__sandbox__/stats").json()
    assert (stats["requests"], stats["connections"]) == (3, 3)  # one (host, port) pair, three connections


def test_truncate_and_spike_over_real_http(channel: tuple[httpx.Client, FaultPlan, _Recorder]) -> None:
    client, plan, app = channel
    plan.truncate_next(1)
    with httpx.Client(base_url=str(client.base_url), timeout=10) as other, pytest.raises(httpx.RemoteProtocolError):
        other.post("/t")
    assert app.side_effects["create"] == 1  # the emulator acted; only the reply was cut
    plan.spike_next(1, delay_ms=400)
    with httpx.Client(base_url=str(client.base_url), timeout=httpx.Timeout(10, read=0.1)) as other:
        with pytest.raises(httpx.ReadTimeout):
            other.post("/s")
        assert other.post("/s").status_code == 200
    assert app.side_effects["create"] == 3
    assert plan.injected == Counter({"truncate": 1, "spike": 1})


def test_retry_after_date_is_the_servers_clock_plus_the_seconds(
    channel: tuple[httpx.Client, FaultPlan, _Recorder],
) -> None:
    client, plan, _ = channel
    plan.fail_next(1, 429, retry_after_date=90)
    before = time.time()
    reply = client.get("/limited")
    after = time.time()
    assert reply.status_code == 429
    date = email.utils.parsedate_to_datetime(reply.headers["retry-after"]).timestamp()
    assert int(before + 90) <= date <= int(after + 90)
    plan.fail_next(1, 503, retry_after="Wed, 21 Oct 2015 07:28:00 GMT", retry_after_ms=1500)
    reply = client.get("/limited")
    assert (reply.headers["retry-after"], reply.headers["retry-after-ms"]) == ("Wed, 21 Oct 2015 07:28:00 GMT", "1500")


def test_spike_times_out_in_process_too() -> None:
    plan = FaultPlan()
    plan.spike_next(1, delay_ms=500)
    with (
        inprocess_sandbox("hookio", faults=plan) as sandbox,
        sandbox.client(max_retries=0, timeout=httpx.Timeout(5.0, read=0.05)) as hookio,
    ):
        with pytest.raises(TimeoutError) as caught:
            hookio.hooks.get("marak", "echo")
        assert caught.value.sent
        assert hookio.hooks.get("marak", "echo").name == "echo"
    assert plan.injected == Counter({"spike": 1}) and plan.requests == 2 and plan.connections == 1


def test_a_reused_port_on_another_connection_counts_as_a_new_connection() -> None:
    class Connection:
        pass

    plan = FaultPlan()
    first, second = Connection(), Connection()
    plan.note_client(("127.0.0.1", 40000), first)
    plan.note_client(("127.0.0.1", 40000), first)  # keep-alive: the same connection
    assert plan.connections == 1
    plan.note_client(("127.0.0.1", 40000), second)  # the port came back on a new connection
    assert plan.connections == 2
    del first
    plan.note_client(("127.0.0.1", 40000), Connection())  # whatever address a new object gets
    assert plan.connections == 3
    # Without a connection object (in-process, other servers) the pair alone decides.
    plan.note_client(("127.0.0.1", 123))
    plan.note_client(["127.0.0.1", 123])
    plan.note_client(None)
    assert plan.connections == 4
    plan.reset()
    assert plan.connections == 0
