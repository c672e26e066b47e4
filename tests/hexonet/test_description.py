"""``models/hexonet.yaml`` against the records, the client's commands and the sandbox."""

from __future__ import annotations

import pytest
from pydantic import AliasChoices

from resourcekit.hexonet import wire
from resourcekit.hexonet.models import (
    AccountStatus,
    ContactData,
    DNSZoneData,
    DomainData,
    HexonetModel,
    NameserverData,
)
from resourcekit.sandbox.base import SandboxSettings, SideEffects
from resourcekit.sandbox.hexonet.app import Emulator
from resourcekit.sandbox.hexonet.protocol import DESCRIPTIONS
from resourcekit.sandbox.hexonet.state import seed_state
from tests.contract.harness import assert_command_described, commands
from tests.hexonet.conftest import DESCRIPTION

COMMANDS = commands(DESCRIPTION)


def wire_names(model: type[HexonetModel]) -> list[set[str]]:
    """Per field, the wire names it is read from."""
    names: list[set[str]] = []
    for info in model.model_fields.values():
        choices = {info.alias} if info.alias else set()
        if isinstance(info.validation_alias, AliasChoices):
            choices |= {choice for choice in info.validation_alias.choices if isinstance(choice, str)}
        if choices:
            names.append(choices)
    return names


@pytest.mark.parametrize(
    ("model", "command"),
    [
        (DomainData, "StatusDomain"),
        (ContactData, "StatusContact"),
        (NameserverData, "StatusNameserver"),
        (DNSZoneData, "StatusDNSZone"),
        (AccountStatus, "StatusAccount"),
    ],
)
def test_record_fields_are_described_properties(model: type[HexonetModel], command: str) -> None:
    properties = set(COMMANDS[command]["properties"])
    missing = [sorted(names) for names in wire_names(model) if not names & properties]
    assert not missing, f"{model.__name__} fields not among the properties of {command}: {missing}"


def test_wide_list_columns_map_onto_record_fields() -> None:
    domain_fields = set().union(*wire_names(DomainData))
    for column in COMMANDS["QueryDomainList"]["properties"]:
        if column.startswith("DOMAIN") and column != "DOMAIN":
            assert column.removeprefix("DOMAIN").rstrip("#") in domain_fields, column
    contact_fields = set().union(*wire_names(ContactData))
    for column in COMMANDS["QueryContactList"]["properties"]:
        if column.startswith("CONTACT") and column != "CONTACT":
            assert column.removeprefix("CONTACT") in contact_fields, column


def test_idempotency_matches_the_client() -> None:
    for name, command in COMMANDS.items():
        if name != "GetUserIndex":
            assert wire.is_idempotent_command(name) is command["idempotent"], name


def test_the_sandbox_serves_exactly_the_described_commands() -> None:
    emulator = Emulator(seed_state(SandboxSettings(seed_size=1), SideEffects()))
    assert set(emulator.commands) == {name.lower() for name in COMMANDS}


def test_the_sandbox_answers_documented_descriptions() -> None:
    documented = {int(code): text for code, text in DESCRIPTION["codes"].items()}
    assert documented == DESCRIPTIONS
    for name, command in COMMANDS.items():
        unknown = set(command["codes"]) - set(documented)
        assert not unknown, f"{name} lists undocumented codes {unknown}"


def test_the_harness_refuses_undescribed_parameters() -> None:
    assert_command_described(DESCRIPTION, "CheckDomains", ["DOMAIN0", "DOMAIN12", "PREMIUMCHANNELS"])
    with pytest.raises(AssertionError):
        assert_command_described(DESCRIPTION, "CheckDomains", ["NOSUCH"])
    with pytest.raises(AssertionError):
        assert_command_described(DESCRIPTION, "NoSuchCommand")
