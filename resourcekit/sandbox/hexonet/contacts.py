"""Contact handle commands."""

from __future__ import annotations

import re
from collections.abc import Mapping

from resourcekit.sandbox.hexonet.protocol import (
    EMAIL_PATTERN,
    PHONE_PATTERN,
    Caller,
    CommandBase,
    Fail,
    Reply,
    current_time,
    indexed,
    matches,
    require,
)
from resourcekit.sandbox.hexonet.state import (
    Contact,
    Store,
    format_date,
)


class ContactCommands(CommandBase):
    """AddContact, StatusContact, ModifyContact, DeleteContact, QueryContactList."""

    def _contact_fields(self, command: Mapping[str, str], contact: Contact | None) -> dict[str, str | list[str]]:
        values: dict[str, str | list[str]] = {}
        names = {
            "FIRSTNAME": "first_name",
            "LASTNAME": "last_name",
            "ORGANIZATION": "organization",
            "CITY": "city",
            "ZIP": "zip",
            "STATE": "state",
            "COUNTRY": "country",
            "PHONE": "phone",
            "FAX": "fax",
            "EMAIL": "email",
        }
        for key, attribute in names.items():
            if key in command:
                values[attribute] = command[key].strip()
        street = indexed(command, "STREET")
        if street is not None:
            values["street"] = street
        if contact is None:
            for key in ("FIRSTNAME", "LASTNAME", "CITY", "ZIP", "COUNTRY", "PHONE", "EMAIL"):
                if not values.get(names[key]):
                    raise Fail(504, key)
            if not values.get("street"):
                raise Fail(504, "STREET0")
        country = values.get("country")
        if isinstance(country, str) and not re.fullmatch(r"[A-Za-z]{2}", country):
            raise Fail(505, "COUNTRY")
        for key in ("phone", "fax"):
            number = values.get(key)
            if isinstance(number, str) and number and not PHONE_PATTERN.match(number):
                raise Fail(505, key.upper())
        email = values.get("email")
        if isinstance(email, str) and not EMAIL_PATTERN.match(email):
            raise Fail(505, "EMAIL")
        if isinstance(country, str):
            values["country"] = country.upper()
        return values

    def cmd_AddContact(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        values = self._contact_fields(command, None)
        now = current_time()
        first, last = str(values["first_name"]), str(values["last_name"])
        contact = Contact(
            id=f"P-{first[:1].upper()}{last[:1].upper()}{store.next_contact:05d}",
            user=caller.view,
            first_name=first,
            last_name=last,
            organization=str(values.get("organization", "")),
            street=[values["street"]] if isinstance(values["street"], str) else values["street"],
            city=str(values["city"]),
            zip=str(values["zip"]),
            state=str(values.get("state", "")),
            country=str(values["country"]),
            phone=str(values["phone"]),
            fax=str(values.get("fax", "")),
            email=str(values["email"]),
            auth=f"{store.next_contact * 7919 % 10**8:08d}",
            created=now,
        )
        if command.get("NEW", "0") != "1":
            for existing in store.contacts.values():
                if existing.user == caller.view and existing.same_person(contact):
                    return Reply().add("CONTACT", existing.id).add("NEW", 0).add("STATUS", "ACTIVE")
        store.next_contact += 1
        store.contacts[contact.id] = contact
        return Reply().add("CONTACT", contact.id).add("NEW", 1).add("STATUS", "ACTIVE")

    def _contact_reply(self, contact: Contact, reply: Reply, prefix: str = "") -> Reply:
        reply.add(f"{prefix}FIRSTNAME", contact.first_name).add(f"{prefix}LASTNAME", contact.last_name)
        reply.add(f"{prefix}ORGANIZATION", contact.organization)
        reply.add(f"{prefix}CITY", contact.city).add(f"{prefix}ZIP", contact.zip)
        reply.add(f"{prefix}STATE", contact.state).add(f"{prefix}COUNTRY", contact.country)
        reply.add(f"{prefix}PHONE", contact.phone).add(f"{prefix}FAX", contact.fax).add(f"{prefix}EMAIL", contact.email)
        return reply

    def cmd_StatusContact(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        contact = self._contact(caller, store, require(command, "CONTACT"))
        reply = Reply().add("ID", contact.id).add("CLASS", "CONTACT")
        self._contact_reply(contact, reply)
        reply.add("STREET", *contact.street).add("AUTH", contact.auth).add("STATUS", "ACTIVE")
        reply.add("CREATEDDATE", format_date(contact.created)).add("UPDATEDDATE", format_date(contact.updated))
        return reply.add("USER", contact.user)

    def cmd_ModifyContact(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        contact = self._contact(caller, store, require(command, "CONTACT"))
        values = self._contact_fields(command, contact)
        for required in ("first_name", "last_name", "city", "country", "phone", "email"):
            if required in values and not values[required]:
                raise Fail(541, required.upper().replace("_", ""))
        for attribute, value in values.items():
            setattr(contact, attribute, value)
        contact.updated = current_time()
        return Reply()

    def cmd_DeleteContact(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        contact = self._contact(caller, store, require(command, "CONTACT"))
        for domain in store.domains.values():
            if contact.id in (domain.owner, *domain.admin, *domain.tech, *domain.billing):
                reply = Reply(506)
                reply.detail = f"Object is in use by {domain.name}"
                return reply
        del store.contacts[contact.id]
        return Reply()

    def cmd_QueryContactList(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        users = self.state.visible_users(caller.view, command.get("USERDEPTH") or "SELF")
        contacts = sorted(
            (
                c
                for c in store.contacts.values()
                if c.user in users
                and matches(c.id, command.get("CONTACT") or None)
                and matches(c.email, command.get("EMAIL") or None)
                and matches(c.last_name, command.get("LASTNAME") or None)
            ),
            key=lambda c: c.id,
        )
        wide = command.get("WIDE") == "1"
        rows: list[dict[str, str]] = []
        for contact in contacts:
            row = {"CONTACT": contact.id}
            if wide:
                reply = self._contact_reply(contact, Reply(), "CONTACT")
                row |= {key: values[0] for key, values in reply.properties.items()}
                row["CONTACTSTREET"] = ", ".join(contact.street)
                row["CONTACTCREATEDDATE"] = format_date(contact.created)
                row["CONTACTUPDATEDDATE"] = format_date(contact.updated)
            rows.append(row)
        columns = list(rows[0]) if rows else ["CONTACT"]
        return self._page(command, rows, columns)
