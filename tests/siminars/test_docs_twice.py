"""The Siminars guide's examples run twice in a row against the same sandbox.

A user follows the guide against one ``resourcekit sandbox serve`` and runs it again; the second
run must not trip over what the first one created.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from resourcekit.sandbox.server import run_sandbox
from tests.docs.test_examples import DOCS, run_examples


@pytest.mark.parametrize("page", sorted((DOCS / "siminars").glob("*.md")), ids=lambda page: page.name)
def test_guide_examples_run_twice(page: Path, monkeypatch: pytest.MonkeyPatch, pytester: pytest.Pytester) -> None:
    text = page.read_text()
    with run_sandbox("siminars") as sandbox:
        for name, value in sandbox.environment().items():
            monkeypatch.setenv(name, value)
        run_examples(page, text, monkeypatch, pytester)
        run_examples(page, text, monkeypatch, pytester)
