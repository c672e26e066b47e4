"""The README's path from ``sandbox serve`` to your own script, run as a user runs it.

For each provider: ``sandbox serve --env`` in a process of its own, the shell sources what it
printed, and the provider's README example runs unchanged, twice, against the same sandbox.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Generator
from contextlib import contextmanager
from pathlib import Path

import pytest

from resourcekit.sandbox.registry import provider_names

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
HEADINGS = {
    "hexonet": "### HEXONET",
    "ovh": "### OVH",
    "exosite": "### Exosite One Platform",
    "hookio": "### hook.io",
    "siminars": "### Siminars",
}
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
STARTUP_TIMEOUT = 60.0


def readme_example(provider: str) -> str:
    """The first Python block under the provider's heading in README.md."""
    text = README.read_text()
    start = text.index(HEADINGS[provider] + "\n")
    match = PYTHON_BLOCK.search(text, start)
    assert match is not None, f"no example under {HEADINGS[provider]}"
    return match.group(1)


@contextmanager
def serving_env_file(provider: str, env_file: Path) -> Generator[None, None, None]:
    with env_file.open("w") as out:
        command = [sys.executable, "-m", "resourcekit", "sandbox", "serve", "--provider", provider, "--env"]
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not env_file.read_text().endswith("\n"):
            assert process.poll() is None, process.stderr.read() if process.stderr else "serve exited"
            assert time.monotonic() < deadline, "serve announced nothing"
            time.sleep(0.05)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


@pytest.mark.parametrize("provider", provider_names())
def test_the_readme_example_runs_twice_against_the_served_sandbox(provider: str, tmp_path: Path) -> None:
    (tmp_path / "example.py").write_text(readme_example(provider))
    env_file = tmp_path / "sandbox.env"
    with serving_env_file(provider, env_file):
        exports = env_file.read_text()
        assert all(line.startswith("export ") for line in exports.splitlines())
        script = f". ./sandbox.env && {sys.executable} example.py && {sys.executable} example.py"
        result = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr


def test_the_json_line_env_equals_the_exports(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "resourcekit", "sandbox", "serve", "--provider", "ovh", "--port", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as process:
        try:
            assert process.stdout is not None
            line = json.loads(process.stdout.readline())
        finally:
            process.terminate()
            process.wait(timeout=10)
    assert set(line["env"]) == {"OVH_ENDPOINT", "OVH_APPLICATION_KEY", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY"}
    assert line["env"]["OVH_ENDPOINT"] == line["url"] + "/1.0"
    assert line["env"]["OVH_CONSUMER_KEY"] == line["credentials"]["consumer_key"]
    assert len(line["control_token"]) >= 24
