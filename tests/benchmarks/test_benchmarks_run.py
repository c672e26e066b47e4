"""The benchmark suite stays runnable: ``python -m tests.benchmarks --quick`` completes and prints a
row for every scenario. No timing is asserted (the numbers of a smoke run mean nothing)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks.runner import SCENARIOS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_quick_run_prints_a_row_per_scenario() -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = re.findall(r"^\| (\d) \| ", finished.stdout, re.MULTILINE)
    assert sorted(set(map(int, rows))) == sorted(SCENARIOS)
    assert re.search(r"^\d+ rows, \d+ targets met, \d+ missed", finished.stdout, re.MULTILINE)
