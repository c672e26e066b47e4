"""The Record base without I/O: read-only fields, change tracking, repr, pickling."""

from __future__ import annotations

import pickle
import typing
from typing import Annotated, Any, Final

import pytest
from pydantic import Field

from resourcekit.core.errors import InvalidInputError, ReadOnlyFieldError, UnboundRecordError
from resourcekit.core.records import _NOT_FINAL, Model, Record, Writable, _inside_final


class Server(Record):
    name: str
    boot_id: Annotated[int | None, Writable] = Field(default=None, alias="bootId")
    monitoring: Annotated[bool, Writable] = False
    root_password: str | None = Field(default=None, alias="rootPassword")


def make() -> Server:
    return Server.model_validate({"name": "ns1", "bootId": "3", "monitoring": True, "rootPassword": "s3cret", "new": 1})


def test_wire_names_lax_values_and_unknown_fields() -> None:
    server = make()
    assert server.boot_id == 3
    assert server.model_extra == {"new": 1}
    assert Server.__writable_fields__ == {"boot_id", "monitoring"}


def test_read_only_fields_refuse_assignment() -> None:
    server = make()
    with pytest.raises(ReadOnlyFieldError, match=r"Server.name is read-only; .* boot_id, monitoring"):
        server.name = "other"
    with pytest.raises(ReadOnlyFieldError):
        server.new = 2
    with pytest.raises(InvalidInputError, match=r"Server.boot_id: boot_id: .*integer") as caught:
        server.boot_id = "not a secret number"  # pyright: ignore[reportAttributeAccessIssue]
    assert "not a secret number" not in str(caught.value)
    assert server.boot_id == 3


def test_changes_are_tracked_by_wire_name() -> None:
    server = make()
    assert server.changes() == {}
    assert not server.has_changes
    server.boot_id = 4
    server.monitoring = True  # same value: not a change
    assert server.changes() == {"bootId": 4}
    server._mark_clean()
    assert server.changes() == {}
    server.boot_id = 3
    fresh = Server.model_validate({"name": "ns1", "bootId": 9})
    server._replace_with(fresh)
    assert server.boot_id == 9
    assert server.changes() == {}
    assert server.model_extra == {}


def test_repr_never_shows_secrets() -> None:
    text = repr(make())
    assert "s3cret" not in text
    assert "root_password='***'" in text
    assert "s3cret" not in str(make())


def test_binding_and_pickling() -> None:
    server = make()
    with pytest.raises(UnboundRecordError, match=r"\.bind\(client\)"):
        server._require_client()
    client = object()
    assert server.bind(client)._require_client() is client
    server.monitoring = False
    copy = pickle.loads(pickle.dumps(server))
    assert not copy.is_bound
    assert copy.changes() == {"monitoring": False}
    assert copy == server or copy.model_dump() == server.model_dump()


def test_models_mask_secrets_too() -> None:
    class Credential(Model):
        login: str
        password: str

    assert "hunter2" not in repr(Credential(login="me", password="hunter2"))


def test_replies_that_do_not_fit_raise_response_validation_errors() -> None:
    from resourcekit.core.errors import ResponseValidationError

    with pytest.raises(
        ResponseValidationError, match=r"does not fit Server: 2 problem\(s\): name: Field required"
    ) as raised:
        Server.from_wire({"bootId": "x", "rootPassword": "hunter2"})
    assert "hunter2" not in str(raised.value)
    assert raised.value.raw == {"bootId": "x", "rootPassword": "hunter2"}
    client = object()
    server = Server.from_wire_bound({"name": "ns2"}, client)
    assert server._require_client() is client


def test_a_provider_redactor_masks_its_own_names() -> None:
    from typing import ClassVar

    from resourcekit.core.redact import DEFAULT_REDACTOR, Redactor

    class Registration(Model):
        __redactor__: ClassVar[Redactor] = DEFAULT_REDACTOR.with_names("auth")
        domain: str
        auth: str

    text = repr(Registration(domain="example.com", auth="transfer-code"))
    assert "transfer-code" not in text
    assert "domain='example.com'" in text


def test_api_responses_never_show_bodies_in_their_repr() -> None:
    import httpx

    from resourcekit.core.response import APIResponse

    response = APIResponse("POST", "http://x/api", 200, httpx.Headers(), b"SESSION=abc123", {"SESSION": "abc123"})
    assert "abc123" not in repr(response)
    assert response.text == "SESSION=abc123"


class Invoice(Record):
    number: Final[str]
    category: Final[str | None] = None
    pdf_url: Final[str | None] = Field(default=None, alias="pdfUrl")
    lines: Final[list[str]] = Field(default_factory=list[str])
    paid: Annotated[bool, Writable] = False


class CreditNote(Invoice):
    reason: typing.Final[str] = "refund"


def test_final_fields_with_a_default_stay_fields_with_their_defaults_and_aliases() -> None:
    assert list(CreditNote.model_fields) == ["number", "category", "pdf_url", "lines", "paid", "reason"]
    assert CreditNote.model_fields["pdf_url"].alias == "pdfUrl"
    note = CreditNote.model_validate({"number": "F1", "pdfUrl": "https://example.test/f1.pdf"})
    assert (note.category, note.pdf_url, note.lines, note.reason) == (None, "https://example.test/f1.pdf", [], "refund")
    assert CreditNote(number="F2", category="purchase", reason="error").model_dump(by_alias=True) == {
        "number": "F2",
        "category": "purchase",
        "pdfUrl": None,
        "lines": [],
        "paid": False,
        "reason": "error",
    }
    # Pydantic would have made them class variables: none is left on the class.
    assert not CreditNote.__class_vars__ & {"category", "pdf_url", "lines", "reason"}


def test_final_fields_with_a_default_are_remembered_and_refuse_assignment() -> None:
    assert Invoice.__final_fields__ == {"category", "pdf_url", "lines"}
    assert CreditNote.__final_fields__ == {"category", "pdf_url", "lines", "reason"}
    note = CreditNote(number="F1")
    with pytest.raises(ReadOnlyFieldError, match=r"CreditNote.category is read-only; .*: paid"):
        note.category = "other"
    note.paid = True
    assert note.changes() == {"paid": True}


def test_a_field_cannot_be_both_final_and_writable() -> None:
    with pytest.raises(TypeError, match="Contradiction: fields declared both Final and Writable: flag"):

        class Contradiction(Record):
            flag: Final[Annotated[bool, Writable]] = False


def test_only_typings_final_is_unwrapped() -> None:
    scope: dict[str, Any] = {"Final": typing.Final, "t": typing, "Other": list}
    assert _inside_final("Final[int | None]", scope) == "int | None"
    assert _inside_final("t.Final[dict[str, list[int]]]", scope) == "dict[str, list[int]]"
    assert _inside_final("Final[Annotated[int, Writable]]", scope) == "Annotated[int, Writable]"
    assert _inside_final(typing.Final[int], {}) is int  # annotations as objects, without the future import
    for not_final in ("Other[int]", "int", "Final", "Unknown[int]", "Final[", list[int]):
        assert _inside_final(not_final, scope) is _NOT_FINAL


def test_annotations_as_objects_are_unwrapped_too() -> None:
    # A module without ``from __future__ import annotations`` hands the metaclass objects, not strings.
    source = (
        "from typing import Final\n"
        "from resourcekit.core.records import Record\n"
        "class Plain(Record):\n"
        "    label: Final[str] = 'x'\n"
    )
    namespace: dict[str, Any] = {"__name__": "plain_records"}
    exec(compile(source, "plain_records", "exec", dont_inherit=True), namespace)
    plain = namespace["Plain"]
    assert plain.__final_fields__ == {"label"}
    assert plain.model_validate({"label": "y"}).label == "y"


@pytest.mark.parametrize("directly", [None, True, False])
def test_binding_puts_the_client_where_assigning_would(directly: bool | None, monkeypatch: pytest.MonkeyPatch) -> None:
    from resourcekit.core import records

    monkeypatch.setattr(records, "_binds_directly", directly)
    client, other = object(), object()
    server = make()
    assert server.bind(client) is server
    assert server.is_bound
    assert server._client is client  # pyright: ignore[reportPrivateUsage]
    assert server.__pydantic_private__ == {"_client": client, "_loaded": server._loaded}  # pyright: ignore[reportPrivateUsage]
    server.bind(other)
    assert server._client is other  # pyright: ignore[reportPrivateUsage]
    assert records._binds_directly is (True if directly is None else directly)  # pyright: ignore[reportPrivateUsage]
    restored = pickle.loads(pickle.dumps(server))
    assert not restored.is_bound
    assert restored.bind(client)._client is client  # pyright: ignore[reportPrivateUsage]


def test_a_completed_exchange_is_the_api_response_the_constructor_makes() -> None:
    import dataclasses

    import httpx

    from resourcekit.core.response import APIResponse, completed_exchange

    headers = httpx.Headers({"X-Request-Id": "r-1"})
    fields: tuple[Any, ...] = ("GET", "http://x/api", 200, headers, b"{}", {}, "r-1", 2, 0.5)
    made, constructed = completed_exchange(*fields), APIResponse(*fields)
    assert made == constructed
    assert repr(made) == repr(constructed)
    assert dataclasses.asdict(made) == dataclasses.asdict(constructed)
    assert vars(made) == vars(constructed)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.status_code = 500  # type: ignore[misc]
