"""Sessions, credentials, IDN conversion and the account."""

from __future__ import annotations

import idna

from resourcekit.sandbox.hexonet.protocol import (
    Caller,
    CommandBase,
    Fail,
    Reply,
    indexed,
    parse_int,
    to_ace,
    to_unicode,
)
from resourcekit.sandbox.hexonet.state import (
    Store,
)


class AccountCommands(CommandBase):
    """StartSession, EndSession, CheckAuthentication, ConvertIDN, StatusAccount, GetUserIndex."""

    def cmd_StartSession(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        timeout = parse_int(command.get("TIMEOUT") or "600", "TIMEOUT")
        max_ttl = parse_int(command.get("MAXTTL") or "86400", "MAXTTL")
        if not 60 <= timeout <= 3600:
            raise Fail(541, "TIMEOUT")
        if not 60 <= max_ttl <= 86400:
            raise Fail(541, "MAXTTL")
        session = self.state.new_session(caller.login, caller.role, caller.entity, timeout, max_ttl)
        return Reply().add("SESSION", session.id)

    def cmd_EndSession(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        if caller.session is None or self.state.sessions.pop(caller.session, None) is None:
            raise Fail(545, "SESSION NOT FOUND")
        return Reply()

    def cmd_CheckAuthentication(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        subuser = command.get("SUBUSER") or caller.login
        account = self.state.accounts.get(subuser)
        if account is None or command.get("PASSWORD", "") != account.password:
            raise Fail(530)
        return Reply()

    def cmd_ConvertIDN(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        names = indexed(command, "DOMAIN")
        if not names:
            raise Fail(504, "DOMAIN")
        reply = Reply()
        for name in names:
            try:
                ace = to_ace(name)
                reply.add("ACE", ace).add("IDN", to_unicode(ace))
            except idna.IDNAError:
                reply.add("ACE", name).add("IDN", name)
        return reply

    def cmd_StatusAccount(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        account = self.state.accounts[caller.view]
        return (
            Reply()
            .add("AMOUNT", f"{account.amount:.2f}")
            .add("CREDIT", f"{account.credit:.2f}")
            .add("CURRENCY", account.currency)
            .add("DEPOSIT", f"{account.deposit:.2f}")
            .add("VAT", f"{account.vat}")
        )

    def cmd_GetUserIndex(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        account = self.state.accounts[caller.view]
        return Reply().add("USER", caller.view).add("PARENTUSER", account.parent or "")
