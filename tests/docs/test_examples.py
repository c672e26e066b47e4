"""Every Python example in the docs and the README runs, unchanged, against the sandbox.

Each page's ``python`` blocks run in order in one namespace, with the environment variables of
every provider's sandbox set, so ``OVH()`` or ``Hexonet()`` built without arguments talk to the
local emulators. Blocks titled ``test_*.py`` are example test files: they are run by pytest itself.
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from pathlib import Path

import pytest

from resourcekit.sandbox.registry import provider_names
from resourcekit.sandbox.server import run_sandbox

ROOT = Path(__file__).resolve().parent.parent.parent
DOCS = ROOT / "docs"
BLOCK = re.compile(r"^```python([^\n]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
TITLE = re.compile(r'title="([^"]+)"')


def pages_with_examples() -> list[Path]:
    pages = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
    return [page for page in pages if BLOCK.search(page.read_text())]


@pytest.mark.parametrize("page", pages_with_examples(), ids=lambda page: str(page.relative_to(ROOT)))
def test_page_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch, pytester: pytest.Pytester) -> None:
    text = page.read_text()
    # Fresh sandboxes for each page, so one page's writes never surprise another's examples.
    with ExitStack() as stack:
        for provider in provider_names():
            if provider in text.lower():
                sandbox = stack.enter_context(run_sandbox(provider))
                for name, value in sandbox.environment().items():
                    monkeypatch.setenv(name, value)
        run_examples(page, text, monkeypatch, pytester)


def run_examples(page: Path, text: str, monkeypatch: pytest.MonkeyPatch, pytester: pytest.Pytester) -> None:
    monkeypatch.chdir(pytester.path)
    namespace: dict[str, object] = {"__name__": "docs_example"}
    for match in BLOCK.finditer(text):
        info, code = match.group(1), match.group(2)
        title = TITLE.search(info)
        if title and Path(title.group(1)).name.startswith("test_"):
            pytester.makepyfile(**{Path(title.group(1)).stem: code})
            result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-q")
            result.assert_outcomes(passed=code.count("\ndef test_") + code.startswith("def test_"))
            continue
        exec(compile(code, f"{page.name}:{match.start()}", "exec"), namespace)
