"""The options of a many-target command, carried as one value to the runner."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from resourcekit.cli.bulk import BulkFlags, run_targets


def test_targets_come_from_the_arguments_then_the_file(tmp_path: Path) -> None:
    listed = tmp_path / "targets.txt"
    listed.write_text("b\n# a comment\nc\na\n", encoding="utf-8")
    assert BulkFlags(from_file=str(listed)).targets(["a", "b"]) == ["a", "b", "c"]


def test_the_flags_are_frozen_and_named() -> None:
    flags = BulkFlags(yes=True, dry_run=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        flags.yes = False  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
    with pytest.raises(TypeError):
        BulkFlags(None, True)  # type: ignore[misc]  # pyright: ignore[reportCallIssue]


def test_a_dry_run_through_flags_sends_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    called: list[str] = []
    report = run_targets(called.append, ["x", "y"], BulkFlags(dry_run=True, as_json=True), verb="touch")
    assert called == [] and [outcome.status for outcome in report.outcomes] == ["planned", "planned"]
    assert [row["status"] for row in json.loads(capsys.readouterr().out)] == ["planned", "planned"]


def test_flags_and_single_options_together_are_refused() -> None:
    with pytest.raises(TypeError, match="not both"):
        run_targets(str, ["x"], BulkFlags(yes=True), verb="touch", dry_run=True)
