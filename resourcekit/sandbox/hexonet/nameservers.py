"""Name server (host object) commands."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from resourcekit.sandbox.hexonet.protocol import (
    Caller,
    CommandBase,
    Fail,
    Reply,
    check_hostname,
    current_time,
    indexed,
    require,
)
from resourcekit.sandbox.hexonet.state import (
    Nameserver,
    Store,
    format_date,
)


class NameserverCommands(CommandBase):
    """CheckNameserver, AddNameserver, StatusNameserver, ModifyNameserver, DeleteNameserver."""

    def _addresses(self, values: Iterable[str], attribute: str) -> list[str]:
        addresses: list[str] = []
        for value in values:
            try:
                addresses.append(str(ipaddress.ip_address(value.strip())))
            except ValueError as error:
                raise Fail(505, attribute) from error
        if len(addresses) > 13:
            raise Fail(541, attribute)
        return addresses

    def _nameserver(self, caller: Caller, store: Store, host: str) -> Nameserver:
        nameserver = store.nameservers.get(host)
        if nameserver is None or not self.state.owns(caller.view, nameserver.user):
            raise Fail(545, "NAMESERVER NOT FOUND")
        return nameserver

    def cmd_CheckNameserver(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        host = check_hostname(require(command, "NAMESERVER"), "NAMESERVER")
        return Reply(213 if host in store.nameservers else 212)

    def cmd_AddNameserver(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        host = check_hostname(require(command, "NAMESERVER"), "NAMESERVER")
        addresses = self._addresses(indexed(command, "IPADDRESS") or [], "IPADDRESS")
        if not addresses:
            raise Fail(504, "IPADDRESS0")
        if host in store.nameservers:
            raise Fail(540, "NAMESERVER")
        parent = next((d for d in store.domains if host.endswith(f".{d}")), None)
        if parent is None:
            raise Fail(545, "parent domain not in account")
        self._domain(caller, store, parent)
        now = current_time()
        store.nameservers[host] = Nameserver(host, caller.view, parent, addresses, now)
        return Reply().add("HOST", host).add("CREATEDDATE", format_date(now))

    def cmd_StatusNameserver(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        ns = self._nameserver(caller, store, check_hostname(require(command, "NAMESERVER"), "NAMESERVER"))
        reply = Reply().add("HOST", ns.host).add("IPADDRESS", *ns.addresses).add("DOMAIN", ns.domain)
        reply.add("STATUS", "ACTIVE").add("CREATEDDATE", format_date(ns.created))
        return reply.add("UPDATEDDATE", format_date(ns.updated)).add("USER", ns.user)

    def cmd_ModifyNameserver(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        ns = self._nameserver(caller, store, check_hostname(require(command, "NAMESERVER"), "NAMESERVER"))
        replaced = indexed(command, "IPADDRESS")
        addresses = ns.addresses if replaced is None else self._addresses(replaced, "IPADDRESS")
        removed = set(self._addresses(indexed(command, "DELIPADDRESS") or [], "DELIPADDRESS"))
        addresses = [a for a in addresses if a not in removed]
        addresses += self._addresses(indexed(command, "ADDIPADDRESS") or [], "ADDIPADDRESS")
        if not addresses or len(addresses) > 13:
            raise Fail(541, "IPADDRESS")
        ns.addresses = list(dict.fromkeys(addresses))
        if command.get("NEWNAMESERVER"):
            new = check_hostname(command["NEWNAMESERVER"], "NEWNAMESERVER")
            if new in store.nameservers:
                raise Fail(540, "NEWNAMESERVER")
            del store.nameservers[ns.host]
            ns.host = new
            store.nameservers[new] = ns
        ns.updated = current_time()
        return Reply()

    def cmd_DeleteNameserver(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        ns = self._nameserver(caller, store, check_hostname(require(command, "NAMESERVER"), "NAMESERVER"))
        users = [d.name for d in store.domains.values() if ns.host in d.nameservers]
        if users and command.get("FORCE") != "1":
            raise Fail(532, ", ".join(sorted(users)))
        for name in users:
            store.domains[name].nameservers.remove(ns.host)
        del store.nameservers[ns.host]
        return Reply()
