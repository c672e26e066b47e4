"""The HEXONET emulator: ``POST /api/call.cgi`` speaking the ISPAPI command protocol.

It reads the form fields (``s_entity``, ``s_login``, ``s_pw``, ``s_otp``, ``s_session``,
``s_remoteaddr``, ``s_user``, ``s_command``; plain fields are accepted as command parameters too),
checks the credentials as the real service does, runs the command against the in-memory state and
answers ``[RESPONSE]`` / ``KEY=value`` / ``EOF`` lines with CRLF, properties first.

The emulator parses and encodes on its own (`protocol`): it must not share the client's bugs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from resourcekit.sandbox.hexonet.account import AccountCommands
from resourcekit.sandbox.hexonet.catalogue import COMMAND_SET, answer_unmodelled
from resourcekit.sandbox.hexonet.contacts import ContactCommands
from resourcekit.sandbox.hexonet.domains import DomainCommands
from resourcekit.sandbox.hexonet.nameservers import NameserverCommands
from resourcekit.sandbox.hexonet.protocol import (
    PATH,
    READ_PREFIXES,
    SESSION_COMMANDS,
    Caller,
    Fail,
    Reply,
    parse_command,
    render,
)
from resourcekit.sandbox.hexonet.state import (
    ENTITIES,
    HexonetState,
    Received,
    Store,
)
from resourcekit.sandbox.hexonet.zones import ZoneCommands


class Emulator(AccountCommands, DomainCommands, ContactCommands, NameserverCommands, ZoneCommands):
    """Authenticates each call and runs its command."""

    def __init__(self, state: HexonetState) -> None:
        self.state = state
        self.commands: dict[str, Callable[[Caller, Store, dict[str, str]], Reply]] = {
            name[4:].lower(): getattr(self, name) for name in dir(self) if name.startswith("cmd_")
        }

    async def endpoint(self, request: Request) -> Response:
        started = time.perf_counter()
        body = (await request.body()).decode("utf-8", errors="replace")
        fields: dict[str, str] = {}
        extra: dict[str, str] = {}
        for name, value in parse_qsl(body, keep_blank_values=True):
            if name.lower().startswith("s_"):
                fields[name.lower()] = value
            else:
                extra[name.upper()] = value
        try:
            command = parse_command(fields["s_command"]) if "s_command" in fields else {}
            command.update(extra)
            headers = {name.lower(): value for name, value in request.headers.items()}
            self.state.requests.append(Received(fields, command, headers))
            reply = self.handle(fields, command)
        except Fail as failure:
            reply = Reply(failure.code, failure.detail)
        text = render(reply, time.perf_counter() - started)
        return PlainTextResponse(text, media_type="text/plain; charset=utf-8")

    def handle(self, fields: Mapping[str, str], command: dict[str, str]) -> Reply:
        name = command.get("COMMAND", "")
        if not name:
            raise Fail(504, "COMMAND")
        injected = self.state.take_injected(name)
        if injected is not None:
            raise Fail(injected)
        caller = self.authenticate(fields, name)
        known = COMMAND_SET.get(name.lower())
        if known is None:  # every modelled command is a documented one (tests/sandbox/hexonet holds it)
            raise Fail(500, name)
        readonly = bool(caller.role) and caller.role in self.state.accounts[caller.login].readonly_roles
        if readonly and not name.lower().startswith(READ_PREFIXES) and name.lower() not in SESSION_COMMANDS:
            raise Fail(531, "Operation forbidden by ACL")
        handler = self.commands.get(name.lower())
        if handler is None:
            # A documented command the emulator does not model: answered as for an account that
            # has none of its objects; it changes nothing, so it is no side effect.
            return answer_unmodelled(known, command, lambda sent: self._page(sent, [], []))
        store = self.state.stores[caller.entity]
        reply = handler(caller, store, command)
        if 200 <= reply.code < 300 and not name.lower().startswith(READ_PREFIXES):
            self.state.side_effects.record(handler.__name__[4:])
        return reply

    def authenticate(self, fields: Mapping[str, str], name: str) -> Caller:
        state = self.state
        # The entity picks the system (54cd live, 1234 OT&E), each with data of its own: a call
        # without one is refused rather than sent to live data by default.
        entity = fields.get("s_entity")
        if not entity:
            raise Fail(530, "missing system entity (s_entity: 54cd live, 1234 OT&E)")
        if entity not in ENTITIES:
            raise Fail(530, "unknown system entity (s_entity: 54cd live, 1234 OT&E)")
        session_id = fields.get("s_session")
        if session_id:
            session = state.sessions.get(session_id)
            if session is None or session.entity != entity or session.expired(state.now()):
                state.sessions.pop(session_id, None)
                raise Fail(530, "SESSION NOT FOUND")
            session.last_used = state.now()
            login, role = session.login, session.role
        else:
            login_field = fields.get("s_login", "")
            login, _, role_name = login_field.partition("!")
            role = role_name or None
            account = state.accounts.get(login)
            password = fields.get("s_pw", "")
            expected = None if account is None else (account.roles.get(role) if role else account.password)
            if account is None or expected is None or password != expected:
                raise Fail(530)
            if account.otp_required and name.lower() != "endsession":
                otp = fields.get("s_otp", "")
                if otp not in state.otp_codes:
                    raise Fail(530, "invalid one-time password")
                state.otp_codes.discard(otp)
        account = state.accounts[login]
        if account.allowed_addresses is not None and fields.get("s_remoteaddr") not in account.allowed_addresses:
            raise Fail(531, "IP address not allowed")
        view = fields.get("s_user") or login
        if view != login:
            target = state.accounts.get(view)
            if target is None or target.parent != login:
                raise Fail(531, f"{view} is not a subuser of {login}")
        return Caller(login, role, view, entity, session_id)


def build_app(state: HexonetState) -> Starlette:
    """The ASGI application serving ``state``."""
    emulator = Emulator(state)
    return Starlette(routes=[Route(PATH, emulator.endpoint, methods=["POST"])])
