"""The CLI's shared output helpers: tables, JSON, key=value arguments, error reporting."""

from __future__ import annotations

import json
from typing import ClassVar

import pytest
import typer
from typer.testing import CliRunner

from resourcekit.cli import output
from resourcekit.cli.errors import error_line, reports_errors
from resourcekit.cli.output import cell, json_text, parse_pairs, plain, sanitize, show
from resourcekit.core.errors import NotFoundError
from resourcekit.core.records import Model
from resourcekit.core.redact import DEFAULT_REDACTOR, Redactor


class Contact(Model):
    __redactor__: ClassVar[Redactor] = DEFAULT_REDACTOR.with_names("auth")
    handle: str
    auth: str
    password: str | None = None


def test_plain_masks_secrets_by_the_record_and_the_caller() -> None:
    data = plain([Contact(handle="P-1", auth="code", password="pw")], DEFAULT_REDACTOR.with_names("handle"))
    assert data == [{"handle": "***", "auth": "***", "password": "***"}]
    assert plain({"token": "t", "when": [1, 2]}) == {"token": "***", "when": [1, 2]}


def test_show_prints_json_tables_and_fields(capsys: pytest.CaptureFixture[str]) -> None:
    show([Contact(handle="P-1", auth="code")], as_json=True)
    assert json.loads(capsys.readouterr().out) == [{"auth": "***", "handle": "P-1", "password": None}]
    show([Contact(handle="P-2", auth="code")], as_json=False, columns=["handle", "auth"], title="contacts")
    table = capsys.readouterr().out
    assert "P-2" in table
    assert "code" not in table
    show(Contact(handle="P-3", auth="code"), as_json=False)
    assert "P-3" in capsys.readouterr().out
    show("plain text", as_json=False)
    assert "plain text" in capsys.readouterr().out


def test_parse_pairs() -> None:
    assert parse_pairs(["a=1", "b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    assert parse_pairs(None) == {}
    with pytest.raises(typer.BadParameter, match="KEY=VALUE"):
        parse_pairs(["novalue"])


def test_errors_become_one_line_and_exit_status_one() -> None:
    app = typer.Typer()

    @app.command()
    @reports_errors
    def fetch() -> None:
        raise NotFoundError("no such domain", code=545)

    result = CliRunner().invoke(app, [])
    assert result.exit_code == 1
    assert "NotFoundError: no such domain" in result.output


def test_text_is_never_read_as_markup(capsys: pytest.CaptureFixture[str]) -> None:
    show([{"name": "[active] ns1", "state": "[bold]ok"}], as_json=False, columns=["name", "state"])
    out = capsys.readouterr().out
    assert "[active] ns1" in out
    assert "[bold]ok" in out


def test_cells_read_as_a_person_reads_them() -> None:
    from datetime import datetime, timezone

    from resourcekit.ovh.models import Price

    assert cell(datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)) == "2026-01-02 03:04 UTC"
    assert (
        cell(Price.model_validate({"value": 1234.5, "text": "1234.50 \u20ac", "currencyCode": "EUR"})) == "1,234.50 EUR"
    )
    assert cell(["ACTIVE", "clientTransferProhibited"]) == "ACTIVE, clientTransferProhibited"
    assert (cell(True), cell(False), cell(None), cell(0.5)) == ("yes", "no", "", "0.5")
    assert cell({"a": 1}) == "a=1"
    assert cell("\x1b[2Jx\u202e") == "\\x1b[2Jx\\u202e"


def test_sanitize_and_json_text_escape_what_a_terminal_would_obey() -> None:
    assert sanitize("a\x1b]8;;http://e\x07b\tc\nd") == "a\\x1b]8;;http://e\\x07b c\\nd"
    assert sanitize("line\nnext", keep_newlines=True) == "line\nnext"
    assert sanitize("\u2028\x9b\x00") == "\\u2028\\x9b\\x00"
    assert json.loads(json_text({"k": "\u20ac\x9b\u202e"})) == {"k": "\u20ac\x9b\u202e"}
    assert "\x9b" not in json_text({"k": "\x9b"}) and "\u20ac" in json_text({"k": "\u20ac"})


def test_piped_tables_are_as_wide_as_their_ids(capsys: pytest.CaptureFixture[str]) -> None:
    long_id = "id-" + "x" * 300
    show([{"id": long_id, "name": "n"}], as_json=False, columns=["id", "name"])
    assert long_id in capsys.readouterr().out


def test_progress_only_on_a_terminal(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from resourcekit.cli import options, progress

    assert options.collect(iter(range(5)), "numbers", 3) == [0, 1, 2]
    captured = capsys.readouterr()
    assert captured.err.startswith("note: showing the first 3")  # and no bar: stderr is not a terminal
    monkeypatch.setattr(progress, "is_terminal", _always_a_terminal)
    monkeypatch.setattr(output, "is_terminal", _always_a_terminal)
    assert options.collect(iter(range(4)), "numbers", None) == [0, 1, 2, 3]
    assert "numbers" in capsys.readouterr().err  # the bar was drawn on stderr


def test_error_lines_are_capped_and_hinted() -> None:
    line = error_line(ValueError("x" * 5000 + "\nsecond line"))
    assert line.startswith("error: ValueError: xxx") and "more characters" in line and "\n" not in line
    assert error_line(ValueError("pass allow_http=True")).endswith(
        "add --allow-http (after the provider's name) to allow it"
    )


def _always_a_terminal(stream: object) -> bool:
    return True
