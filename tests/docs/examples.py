"""The Python examples of README.md and docs/, as the docs tests read them.

An example is a fenced ```` ```python ```` block that starts at the beginning of a line. Blocks
titled ``test_*.py`` (``` ```python title="test_shop.py" ```) are example test files, run by pytest;
the others are a page's script, run in order in one namespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DOCS = ROOT / "docs"
BLOCK = re.compile(r"^```python([^\n]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
TITLE = re.compile(r'title="([^"]+)"')


@dataclass(frozen=True)
class Example:
    """One python block of a page."""

    page: Path
    #: The page's line number of the block's first line of code (1-based).
    line: int
    code: str
    title: str | None

    @property
    def is_test_file(self) -> bool:
        return self.title is not None and Path(self.title).name.startswith("test_")

    @property
    def location(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def examples(page: Path) -> list[Example]:
    """The page's python blocks, in order."""
    text = page.read_text()
    found: list[Example] = []
    for match in BLOCK.finditer(text):
        title = TITLE.search(match.group(1))
        line = text.count("\n", 0, match.start(2)) + 1
        found.append(Example(page, line, match.group(2), title.group(1) if title else None))
    return found


def pages_with_examples() -> list[Path]:
    """README.md, then every page of docs/ that holds at least one python block."""
    pages = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
    return [page for page in pages if examples(page)]


def page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def as_script(blocks: list[Example]) -> str:
    """The blocks as one script whose line N is line N of their page (tracebacks point at the page)."""
    lines: list[str] = []
    for block in blocks:
        lines.extend([""] * (block.line - 1 - len(lines)))
        lines.extend(block.code.splitlines())
    return "\n".join(lines) + "\n"
