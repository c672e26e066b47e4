"""Every Python example in the docs and the README runs, unchanged, against the sandbox.

Each page's ``python`` blocks run in order in one namespace, with the environment variables of
every provider's sandbox set, so ``OVH()`` or ``Hexonet()`` built without arguments talk to the
local emulators. Blocks titled ``test_*.py`` are example test files: they are run by pytest itself.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from pathlib import Path

import pytest

from resourcekit.sandbox.registry import provider_names
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

ROOT = Path(__file__).resolve().parent.parent.parent
DOCS = ROOT / "docs"
BLOCK = re.compile(r"^```python([^\n]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
TITLE = re.compile(r'title="([^"]+)"')


def pages_with_examples() -> list[Path]:
    pages = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
    return [page for page in pages if BLOCK.search(page.read_text())]


@pytest.fixture(scope="module")
def sandboxes() -> Generator[dict[str, RunningSandbox], None, None]:
    from contextlib import ExitStack

    with ExitStack() as stack:
        yield {name: stack.enter_context(run_sandbox(name)) for name in provider_names()}


@pytest.mark.parametrize("page", pages_with_examples(), ids=lambda page: str(page.relative_to(ROOT)))
def test_page_examples_run(
    page: Path,
    sandboxes: dict[str, RunningSandbox],
    monkeypatch: pytest.MonkeyPatch,
    pytester: pytest.Pytester,
) -> None:
    for sandbox in sandboxes.values():
        for name, value in sandbox.environment().items():
            monkeypatch.setenv(name, value)
    monkeypatch.chdir(pytester.path)
    namespace: dict[str, object] = {"__name__": "docs_example"}
    for match in BLOCK.finditer(page.read_text()):
        info, code = match.group(1), match.group(2)
        title = TITLE.search(info)
        if title and Path(title.group(1)).name.startswith("test_"):
            pytester.makepyfile(**{Path(title.group(1)).stem: code})
            result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-q")
            result.assert_outcomes(passed=code.count("\ndef test_") + code.startswith("def test_"))
            continue
        exec(compile(code, f"{page.name}:{match.start()}", "exec"), namespace)
