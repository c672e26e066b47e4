"""The provider benchmarks stay runnable against their official peers (tiny sizes; no timing is asserted)."""

from __future__ import annotations

import os

import pytest

from tests.benchmarks import bench_hexonet, bench_ovh
from tests.benchmarks.bench_core import Result


def check(results: list[Result], names: list[str], printed: str) -> None:
    assert [result.name.split(",")[0] for result in results] == names
    assert all(result.baseline > 0 and result.measured > 0 for result in results)
    assert printed.count("ratio") == len(results)


def test_ovh_benchmark_reports_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    # The default: the sandbox in a child process, each timing followed by the client's CPU time.
    results = bench_ovh.main(["--bills", "3", "--requests", "3", "--runs", "1", "--concurrency", "2"])
    names = ["bills: list + get 3"] * 4 + ["GET /me x3"] * 4 + ["memory held", "memory peak"]
    assert [result.name.endswith("client CPU") for result in results[:8]] == [False, True] * 4
    check(results, names, capsys.readouterr().out)
    assert bench_ovh.SANDBOX_ENDPOINT not in bench_ovh.ovh.client.ENDPOINTS  # the endpoint table is restored


def test_hexonet_benchmark_reports_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    results = bench_hexonet.main(
        ["--domains", "5", "--page-size", "2", "--commands", "3", "--runs", "1", "--concurrency", "2"]
    )
    names = ["QueryDomainList 6"] * 4 + ["StatusAccount x3"] * 2 + ["CheckDomain x3"] * 2
    names += ["memory held", "memory peak"]
    check(results, names, capsys.readouterr().out)


def test_sandbox_in_a_thread_and_proxy_variables_restored(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", "http://192.0.2.1:9")  # would swallow loopback calls if left set
    results = bench_ovh.main(
        ["--bills", "2", "--requests", "2", "--runs", "1", "--latency-ms", "1", "--server", "thread"]
    )
    assert len(results) == 6 and all(result.measured > 0 for result in results)  # no CPU lines here
    assert "sandbox in a thread" in capsys.readouterr().out
    assert os.environ["http_proxy"] == "http://192.0.2.1:9"
