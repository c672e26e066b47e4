"""The CLI's shared output helpers: tables, JSON, key=value arguments, error reporting."""

from __future__ import annotations

import json
from typing import ClassVar

import pytest
import typer
from typer.testing import CliRunner

from resourcekit.cli.errors import reports_errors
from resourcekit.cli.output import parse_pairs, plain, show
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
