"""``scripts/check.py --quick`` runs the static gates and the tests not marked slow, nothing else."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_check() -> Any:
    spec = importlib.util.spec_from_file_location("check_script", ROOT / "scripts" / "check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_runs_the_static_gates_and_the_fast_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    check = load_check()
    ran: list[str] = []

    def record(title: str, command: list[str]) -> None:
        del command
        ran.append(title)

    monkeypatch.setattr(check, "run", record)
    monkeypatch.setattr(check, "install", lambda: ran.append("install"))
    check.main(["--quick"])
    assert ran == [
        "ruff check",
        "ruff format",
        "pyright strict",
        "verifytypes",
        "mypy strict",
        "sync twins",
        "pytest (not slow)",
    ]
    ran.clear()
    check.main(["--no-install"])
    assert "install" not in ran and "coverage report" in ran and "mkdocs" in ran
