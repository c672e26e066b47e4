"""The benchmarks stay runnable (tiny sizes; no timing is asserted)."""

from __future__ import annotations

import pytest

from tests.benchmarks import bench_core


def test_core_benchmark_reports_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    results = bench_core.main(["--requests", "5", "--objects", "6", "--latency-ms", "1"])
    assert [result.name.split(",")[0] for result in results] == ["transport overhead", "list ids then get 6"]
    assert all(result.baseline > 0 and result.measured > 0 for result in results)
    assert capsys.readouterr().out.count("ratio") == 2
