"""The contract harness, exercised on the toy API (and shown to catch disagreements)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import Field

from resourcekit.core.records import Record
from resourcekit.core.response import capture_responses
from resourcekit.sandbox.server import inprocess_sandbox
from tests.contract import harness
from tests.core._sync.toy_client import Note, Toy
from tests.core.toy.app import TOY

SPEC = harness.load(Path(__file__).parent / "fixtures" / "toy.openapi.yaml")


def test_records_match_schemas() -> None:
    harness.assert_record_matches_schema(Note, SPEC, "Note")

    class Drifted(Record):
        id: int
        colour: str = Field(alias="colourName")

    with pytest.raises(AssertionError, match=r"colourName"):
        harness.assert_record_matches_schema(Drifted, SPEC, "Note")
    with pytest.raises(AssertionError, match=r"lacks required properties of Note: \['title'\]"):
        harness.assert_record_matches_schema(Drifted, SPEC, "Note", ignore=["colourName"])


def test_every_client_request_is_described_and_every_operation_served() -> None:
    with inprocess_sandbox(TOY) as sandbox, capture_responses() as log:
        toy: Toy = sandbox.client()
        with toy:
            note = toy.notes.create("contract")
            note.title = "renamed"
            note.save()
            toy.notes.each().to_list()
            note.delete()
    seen = harness.assert_requests_described(SPEC, [(r.method, r.url) for r in log])
    assert seen == {"login", "createNote", "updateNote", "noteIds", "getNote", "deleteNote"}
    harness.assert_routes_served(SPEC, sandbox.emulator.app)
    assert harness.match_operation(SPEC, "GET", "http://x/notes/ids") == "noteIds"
    assert harness.match_operation(SPEC, "GET", "http://x/archive") is None
    with pytest.raises(AssertionError, match="GET /nowhere"):
        harness.assert_requests_described(SPEC, [("GET", "http://x/nowhere")])


def test_command_descriptions() -> None:
    description = {
        "format": "resourcekit-commands/1",
        "commands": {"CheckDomains": {"parameters": {"DOMAIN#": {"type": "domain"}}}},
    }
    harness.assert_command_described(description, "CheckDomains", ["DOMAIN0", "DOMAIN12"])
    with pytest.raises(AssertionError, match="undescribed parameters"):
        harness.assert_command_described(description, "CheckDomains", ["DOMAIN"])
    with pytest.raises(AssertionError, match="not described"):
        harness.assert_command_described(description, "DeleteEverything")


def test_apps_that_route_themselves_list_their_routes() -> None:
    class SelfRouted:
        def route_templates(self) -> set[tuple[str, str]]:
            return {("POST", "/login"), ("GET", "/notes"), ("POST", "/notes"), ("GET", "/notes/ids")} | {
                (method, "/notes/{id}") for method in ("GET", "PUT", "DELETE")
            }

    harness.assert_routes_served(SPEC, SelfRouted())
    with pytest.raises(AssertionError, match="described but not served"):
        harness.assert_routes_served(SPEC, SelfRouted(), prefix="/v2")


def test_an_exact_trailing_slash_wins() -> None:
    spec = {
        "paths": {
            "/model/{m}": {"get": {"operationId": "getModel"}},
            "/model/{m}/": {"get": {"operationId": "listSerials"}},
        }
    }
    assert harness.match_operation(spec, "GET", "http://x/model/a") == "getModel"
    assert harness.match_operation(spec, "GET", "http://x/model/a/") == "listSerials"
    del spec["paths"]["/model/{m}/"]
    assert harness.match_operation(spec, "GET", "http://x/model/a/") == "getModel"
