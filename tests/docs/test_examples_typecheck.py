"""Every Python example of the README and the docs passes pyright in strict mode.

Each page's blocks are written out as a reader would paste them: the page's script as one file
whose line N is line N of the page, each ``test_*.py`` block as its own file beside it. One
pyright run checks them all against this checkout's ``resourcekit``; every diagnostic is reported
at its page and line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.docs.examples import ROOT, as_script, examples, page_id, pages_with_examples

pytestmark = pytest.mark.slow

#: Packages that ship no type information: a page using one is checked in standard mode, and
#: what such a package returns is unknown rather than guessed from its source (the
#: `useLibraryCodeForTypes` setting below), since strict mode's rules and the guesses would judge the
#: package rather than the example.
UNTYPED = re.compile(r"^\s*(?:import|from) (?:fsspec|pandas)\b", re.MULTILINE)


@dataclass(frozen=True)
class Origin:
    """Where a written file's lines come from: ``page``, shifted by ``offset`` lines."""

    page: Path
    offset: int


def write_examples(folder: Path) -> dict[Path, Origin]:
    origins: dict[Path, Origin] = {}
    for page in pages_with_examples():
        package = folder / page_id(page).replace("/", "_").replace(".", "_").replace("-", "_")
        package.mkdir()
        blocks = examples(page)
        script = [block for block in blocks if not block.is_test_file]
        if script:
            mode = "# pyright: standard" if any(UNTYPED.search(block.code) for block in script) else ""
            (package / "page.py").write_text(mode + as_script(script))
            origins[package / "page.py"] = Origin(page, 0)
        for block in blocks:
            if block.is_test_file:
                assert block.title is not None
                path = package / Path(block.title).name
                path.write_text(block.code)
                origins[path] = Origin(page, block.line - 1)
    return origins


def pyright_config(folder: Path) -> dict[str, Any]:
    return {
        "include": ["."],
        "typeCheckingMode": "strict",
        "pythonVersion": f"{sys.version_info.major}.{sys.version_info.minor}",
        "venvPath": str(ROOT),
        "venv": ".venv",
        # This checkout's resourcekit, not whichever one the environment has installed.
        "extraPaths": [str(ROOT)],
        "executionEnvironments": [{"root": str(folder), "extraPaths": [str(ROOT)]}],
        # A page's blocks are pasted into one file, and each block stands alone: it imports what it
        # uses and may define a `main()` of its own.
        "reportDuplicateImport": "none",
        "useLibraryCodeForTypes": False,
        "reportRedeclaration": "none",
    }


def test_every_example_type_checks_in_strict_mode(tmp_path: Path) -> None:
    origins = write_examples(tmp_path)
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(pyright_config(tmp_path)))
    result = subprocess.run(
        [sys.executable, "-m", "pyright", "--outputjson", "--project", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stdout)
    problems: list[str] = []
    for diagnostic in report["generalDiagnostics"]:
        if diagnostic["severity"] != "error":
            continue
        path = Path(diagnostic["file"])
        origin = origins.get(path)
        line = diagnostic["range"]["start"]["line"] + 1
        where = f"{page_id(origin.page)}:{line + origin.offset}" if origin else f"{path}:{line}"
        problems.append(f"{where}: {diagnostic['message']} ({diagnostic.get('rule', '')})")
    assert report["summary"]["filesAnalyzed"] >= len(origins)
    assert not problems, f"{len(problems)} pyright errors in the examples:\n" + "\n".join(problems)
