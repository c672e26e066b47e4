"""The generated command-line reference pages match the commands (run the script when this fails)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_script() -> Any:
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_reference_pages_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert load_script().main(["--check"]) == 0, capsys.readouterr().err


def test_every_command_option_and_variable_is_on_its_page() -> None:
    script = load_script()
    for name in script.GROUPS:
        text = (ROOT / "docs" / "cli" / f"{name}.md").read_text()
        for path, command in script.walk(script.group_command(name), []):
            if path:
                assert f"`resourcekit {name} {' '.join(path)}`" in text
            for param in command.params:
                if param.param_type_name == "option":
                    assert f"`{param.opts[0]}`" in text
    assert "`SIMINARS_ADDRESS`" in (ROOT / "docs" / "cli" / "siminars.md").read_text()
    assert "`hookAccessKey`" in (ROOT / "docs" / "cli" / "hookio.md").read_text()
