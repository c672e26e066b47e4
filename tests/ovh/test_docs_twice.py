"""The OVH guide's examples run twice in a row against the same sandbox, as a reader re-runs them.

tests/docs runs every page once against fresh sandboxes; a reader keeps one
``resourcekit sandbox serve`` running, so an example must not fail because an earlier run changed
the account (a redirection created twice is a 409).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from resourcekit.sandbox.server import run_sandbox

DOCS = Path(__file__).resolve().parents[2] / "docs" / "ovh"
BLOCK = re.compile(r"^```python([^\n]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def pages() -> list[Path]:
    return [page for page in sorted(DOCS.glob("*.md")) if BLOCK.search(page.read_text())]


@pytest.mark.parametrize("page", pages(), ids=lambda page: page.name)
def test_examples_run_twice_against_one_sandbox(
    page: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = page.read_text()
    monkeypatch.chdir(tmp_path)
    with run_sandbox("ovh") as sandbox:
        for name, value in sandbox.environment().items():
            monkeypatch.setenv(name, value)
        for _ in range(2):
            namespace: dict[str, object] = {"__name__": "docs_example"}
            for match in BLOCK.finditer(text):
                if 'title="test_' in match.group(1):
                    continue  # example test files: tests/docs runs them with pytest
                line = text[: match.start()].count("\n") + 1
                exec(compile(match.group(2), f"{page.name}:{line}", "exec"), namespace)
    out = capsys.readouterr().out
    assert "Traceback" not in out
    if page.name == "migration.md":
        assert "is already installed" in out  # the second run found the first run's redirection
