"""Scenario 6: importing the package and building a client, each in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.benchmarks.measure import Pair, Row

ROOT = Path(__file__).resolve().parents[2]

# Both snippets build a client for a loopback address that is never contacted.
OURS = """
import time
started = time.perf_counter()
import resourcekit.ovh
imported = time.perf_counter()
client = resourcekit.ovh.OVH("http://127.0.0.1:9/1.0", "ak", "as", "ck")
built = time.perf_counter()
"""

OFFICIAL = """
import time
started = time.perf_counter()
import ovh
import ovh.client
imported = time.perf_counter()
ovh.client.ENDPOINTS["resourcekit-benchmark"] = "http://127.0.0.1:9/1.0"
client = ovh.Client(endpoint="resourcekit-benchmark", application_key="ak", application_secret="as",
                    consumer_key="ck", config_file="/nonexistent/ovh.conf")
built = time.perf_counter()
"""

REPORT = """
import json, sys
print(json.dumps({"import": imported - started, "build": built - imported}))
"""


def _run(snippet: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", snippet + REPORT], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def import_and_build(rounds: int, *, warm_up: bool = True) -> list[Row]:
    """``import resourcekit.ovh`` + ``OVH(...)`` against ``import ovh`` + ``ovh.Client(...)``, alternately."""
    if warm_up:
        _run(OURS)
        _run(OFFICIAL)  # warm the file cache and byte code
    ours: list[dict[str, float]] = []
    official: list[dict[str, float]] = []
    for _ in range(rounds):
        ours.append(_run(OURS))
        official.append(_run(OFFICIAL))
    rows: list[Row] = []
    names = {"import": "import resourcekit.ovh / import ovh", "build": "build a client (OVH / ovh.Client)"}
    for key, name in names.items():
        pair = Pair([run[key] for run in ours], [run[key] for run in official])
        rows.append(pair.row(6, name, "time", "python-ovh", None))
    return rows
