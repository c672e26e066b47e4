from __future__ import annotations

from resourcekit.sandbox.faults import FaultPlan


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


def test_fail_rate_is_seeded_and_clear_resets_behaviour() -> None:
    first = FaultPlan(fail_rate=0.5, seed=3)
    second = FaultPlan(fail_rate=0.5, seed=3)
    pattern = [first.take("/") is not None for _ in range(40)]
    assert pattern == [second.take("/") is not None for _ in range(40)]
    assert 5 < sum(pattern) < 35
    first.latency_ms = 10
    first.fail_next(3)
    first.clear()
    assert (first.pending, first.latency_ms, first.fail_rate) == (0, 0.0, 0.0)
    assert first.take("/") is None
