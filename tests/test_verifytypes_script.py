"""``scripts/verifytypes.py`` reads pyright's report as intended (the gate itself runs in scripts/check.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("verifytypes", ROOT / "scripts" / "verifytypes.py")
assert spec is not None and spec.loader is not None
verifytypes: Any = importlib.util.module_from_spec(spec)
spec.loader.exec_module(verifytypes)


def symbol(name: str, *, known: bool, exported: bool = True, error: str | None = None) -> dict[str, Any]:
    diagnostics = [{"severity": "warning", "message": f'No docstring found for "{name}"'}]
    if error is not None:
        diagnostics.append({"severity": "error", "message": error})
    return {"name": name, "isTypeKnown": known, "isExported": exported, "diagnostics": diagnostics}


REPORT: dict[str, Any] = {
    "typeCompleteness": {
        "completenessScore": 0.975,
        "exportedSymbolCounts": {"withKnownType": 39, "withAmbiguousType": 1, "withUnknownType": 0},
        "modules": [{"name": "resourcekit"}, {"name": "resourcekit.hookio"}, {"name": "resourcekit.hookio.fs"}],
        "symbols": [
            symbol("resourcekit.hookio.HookIO", known=True),
            symbol("resourcekit.hookio.fs.HookIOFileSystem", known=False, error="Type of metaclass unknown"),
            symbol("resourcekit.hookio.Hooks", known=False),
            symbol(
                "resourcekit.core._async.transport._AsyncConnection.closed",
                known=False,
                exported=False,
                error="Type is missing type annotation and could be inferred differently by type checkers",
            ),
            symbol(
                "resourcekit.core._async.client.AsyncBaseClient.transport",
                known=False,
                exported=False,
                error="Return type is partially unknown",
            ),
        ],
    }
}


def test_summary_names_the_score_the_failing_symbols_and_their_roots() -> None:
    score, lines = verifytypes.summarise(REPORT)
    assert score == 97.5
    assert lines[0] == "verifytypes resourcekit: 97.50% (39 known, 1 ambiguous, 0 unknown)"
    assert lines[1] == "not fully typed, per area: hookio 2"
    assert "    resourcekit.hookio.fs.HookIOFileSystem: Type of metaclass unknown" in lines
    assert "    resourcekit.hookio.Hooks: depends on a member or base that is not fully typed" in lines
    roots = lines[lines.index(next(line for line in lines if line.startswith("root causes"))) + 1 :]
    assert roots == [
        "    resourcekit.core._async.transport._AsyncConnection.closed: Type is missing type annotation"
        " and could be inferred differently by type checkers"
    ]


def test_symbols_belong_to_the_longest_module_prefix() -> None:
    modules = ["resourcekit", "resourcekit.hookio", "resourcekit.hookio.fs"]
    assert verifytypes.module_of("resourcekit.hookio.fs.HookIOFile.loc", modules) == "resourcekit.hookio.fs"
    assert verifytypes.module_of("resourcekit.hookio.fsx", modules) == "resourcekit.hookio"
    assert verifytypes.area_of("resourcekit.sandbox.ovh.app") == "sandbox"


def test_the_projects_own_editable_install_is_not_linked() -> None:
    assert verifytypes.is_this_project("_editable_impl_resourcekit.pth")
    assert verifytypes.is_this_project("resourcekit-0.1.0.dist-info")
    assert not verifytypes.is_this_project("pydantic")
