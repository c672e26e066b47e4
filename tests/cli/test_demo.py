"""``resourcekit demo`` tours every provider against the embedded sandbox, offline."""

from __future__ import annotations

from typer.testing import CliRunner

from resourcekit.cli.main import PROVIDER_COMMANDS, app


def test_the_demo_tours_every_provider() -> None:
    result = CliRunner().invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    for name in PROVIDER_COMMANDS:
        assert name in result.output
    assert "tour complete" in result.output


def test_unknown_demo_provider() -> None:
    result = CliRunner().invoke(app, ["demo", "--provider", "nope"])
    assert result.exit_code == 2
    assert "unknown provider" in result.output
