"""HEXONET data classes: typing of property strings, list rows, records, sessions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from resourcekit.core.errors import InvalidInputError, ResponseValidationError
from resourcekit.hexonet.models import (
    AccountStatus,
    ContactData,
    DomainData,
    NameserverData,
    ResourceRecord,
    SavedSession,
    format_date,
    parse_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-01-31 12:00:05", datetime(2027, 1, 31, 12, 0, 5)),
        ("2027-01-31 12:00:05.0", datetime(2027, 1, 31, 12, 0, 5)),
        ("2027-01-31", datetime(2027, 1, 31)),
        ("0000-00-00 00:00:00", None),
        ("", None),
        (None, None),
    ],
)
def test_dates(text: str | None, expected: datetime | None) -> None:
    assert parse_date(text) == expected


def test_bad_dates_and_flags_are_response_validation_errors() -> None:
    with pytest.raises(ResponseValidationError, match=r"CREATEDDATE|created"):
        DomainData.from_properties({"DOMAIN": ["a.com"], "CREATEDDATE": ["yesterday"]})
    with pytest.raises(ResponseValidationError, match="does not fit DomainData"):
        DomainData.from_properties({"DOMAIN": ["a.com"], "TRANSFERLOCK": ["maybe"]})
    assert format_date(None) == "0000-00-00 00:00:00"
    assert format_date(datetime(2027, 1, 2, 3, 4, 5)) == "2027-01-02 03:04:05"


def test_status_properties_become_typed_fields_and_extras() -> None:
    domain = DomainData.from_properties(
        {
            "DOMAIN": ["a.com"],
            "STATUS": ["ACTIVE", None, "clientHold"],
            "NAMESERVER": ["ns1.a.com", "ns2.a.com"],
            "TRANSFERLOCK": ["1"],
            "CLASS": ["DOMAIN"],
            "DNSSEC-MODE": ["OFF"],
            "X-TRADEMARK": ["a", "b"],
            "TOTAL": ["1"],
        }
    )
    assert domain.status == ["ACTIVE", "clientHold"]
    assert domain.transfer_lock is True and domain.name == "a.com"
    assert domain.class_ == "DOMAIN" and domain.dnssec_mode == "OFF"
    assert domain.x_trademark == ["a", "b"]
    assert "total" not in (domain.model_extra or {})


def test_wide_rows_strip_the_prefix_and_gather_indexed_columns() -> None:
    domain = DomainData.from_row(
        {
            "DOMAIN": "b.com",
            "DOMAINSTATUS": "ACTIVE",
            "DOMAINNAMESERVER1": "ns2.b.com",
            "DOMAINNAMESERVER0": "ns1.b.com",
            "DOMAINNAMESERVER2": "",
            "DOMAINTRANSFERLOCK": "0",
            "DOMAINFOO": "bar",
            "LIMIT": "100",
        },
        "DOMAIN",
    )
    assert domain.nameservers == ["ns1.b.com", "ns2.b.com"]
    assert domain.status == ["ACTIVE"] and domain.transfer_lock is False
    assert domain.domainfoo == "bar"
    contact = ContactData.from_row({"CONTACT": "P-1", "CONTACTSTREET": "Main 1", "CONTACTCITY": "X"}, "CONTACT")
    assert (contact.id, contact.street, contact.city) == ("P-1", ["Main 1"], "X")
    assert NameserverData.from_properties({"HOST": ["ns.a.com"], "IPADDRESS": ["1.2.3.4"]}).ip_addresses == ["1.2.3.4"]


def test_repr_masks_auth_codes() -> None:
    domain = DomainData.from_properties({"DOMAIN": ["a.com"], "AUTH": ["s3cret-auth"]})
    contact = ContactData.from_properties({"ID": ["P-1"], "AUTH": ["c0ntact-auth"]})
    assert "s3cret-auth" not in repr(domain) + str(domain)
    assert "c0ntact-auth" not in repr(contact)
    assert domain.auth == "s3cret-auth"


def test_changes_by_wire_name() -> None:
    domain = DomainData.from_properties({"DOMAIN": ["a.com"], "NAMESERVER": ["ns1.a.com"]})
    domain.nameservers.append("ns2.a.com")
    domain.renewal_mode = "AUTORENEW"
    assert domain.changes() == {"NAMESERVER": ["ns1.a.com", "ns2.a.com"], "RENEWALMODE": "AUTORENEW"}


def test_resource_records() -> None:
    record = ResourceRecord.parse("mail.a.com. 3600 in mx 10 mx.a.com.")
    assert (record.name, record.ttl, record.type, record.data, record.rr_class) == (
        "mail.a.com.",
        3600,
        "MX",
        "10 mx.a.com.",
        "IN",
    )
    assert str(record) == "mail.a.com. 3600 IN MX 10 mx.a.com."
    assert ResourceRecord.parse("a.com. 60 TXT hello world") == ResourceRecord("a.com.", 60, "TXT", "hello world")
    for bad in ("a.com. IN A 1.2.3.4", "a.com. 60 IN A", "nonsense"):
        with pytest.raises(InvalidInputError):
            ResourceRecord.parse(bad)


def test_account_status_and_saved_sessions() -> None:
    status = AccountStatus.from_properties({"AMOUNT": ["10.50"], "CREDIT": ["5"], "DEPOSIT": ["1.25"]})
    assert status.available == Decimal("14.25")
    assert AccountStatus().available is None
    saved = SavedSession(entity="1234", session="abcdef")
    assert "abcdef" not in repr(saved)
    assert SavedSession.from_dict(saved.as_dict()) == saved
