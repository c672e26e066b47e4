"""DNS zone commands."""

from __future__ import annotations

from collections.abc import Mapping

from resourcekit.sandbox.hexonet.protocol import (
    HOSTNAME_PATTERN,
    Caller,
    CommandBase,
    Fail,
    Reply,
    current_time,
    indexed,
    matches,
    normalise_rr,
    parse_int,
    require,
)
from resourcekit.sandbox.hexonet.state import (
    Store,
    Zone,
    format_date,
)


class ZoneCommands(CommandBase):
    """CreateDNSZone, StatusDNSZone, UpdateDNSZone, QueryDNSZoneRRList, QueryDNSZoneList, DeleteDNSZone."""

    def _zone_name(self, command: Mapping[str, str]) -> str:
        name = require(command, "DNSZONE").strip().lower()
        if not name.endswith(".") or not name.isascii() or not HOSTNAME_PATTERN.match(name):
            raise Fail(505, "DNSZONE")
        return name

    def _zone(self, caller: Caller, store: Store, command: Mapping[str, str]) -> Zone:
        zone = store.zones.get(self._zone_name(command))
        if zone is None or not self.state.owns(caller.view, zone.user):
            raise Fail(545, "DNSZONE NOT FOUND")
        return zone

    def _zone_soa(self, zone: Zone, command: Mapping[str, str]) -> bool:
        changed = False
        for key, attribute in (("SOAREFRESH", "refresh"), ("SOARETRY", "retry"), ("SOAEXPIRE", "expire")):
            if command.get(key):
                setattr(zone, attribute, parse_int(command[key], key))
                changed = True
        if command.get("SOAMINTTL"):
            zone.minttl = parse_int(command["SOAMINTTL"], "SOAMINTTL")
            changed = True
        return changed

    def cmd_CreateDNSZone(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        name = self._zone_name(command)
        if name in store.zones:
            raise Fail(540, "DNSZONE")
        records = list(dict.fromkeys(normalise_rr(rr, "RR") for rr in (indexed(command, "RR") or [])))
        zone = Zone(name, caller.view, records, int(current_time().strftime("%Y%m%d")) * 100 + 1, current_time())
        self._zone_soa(zone, command)
        store.zones[name] = zone
        return Reply()

    def cmd_StatusDNSZone(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        zone = self._zone(caller, store, command)
        reply = Reply().add("DNSZONE", zone.name).add("SOAMNAME", "ns1.ispapi.net.")
        reply.add("SOARNAME", f"hostmaster.{zone.name}").add("SOASERIAL", zone.serial)
        reply.add("SOAREFRESH", zone.refresh).add("SOARETRY", zone.retry).add("SOAEXPIRE", zone.expire)
        reply.add("SOAMINTTL", zone.minttl).add("RRSTOTAL", len(zone.records)).add("STATUS", "ACTIVE")
        reply.add("DNSSEC-MODE", "OFF").add("CREATEDDATE", format_date(zone.created))
        return reply.add("UPDATEDDATE", format_date(zone.updated))

    def cmd_UpdateDNSZone(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        zone = self._zone(caller, store, command)
        records = list(zone.records)
        replaced = indexed(command, "RR")
        if replaced is not None:
            records = list(dict.fromkeys(normalise_rr(rr, "RR") for rr in replaced))
        for rr in indexed(command, "DELRR") or []:
            text = normalise_rr(rr, "DELRR")
            if text not in records:
                raise Fail(545, f"record not found [{text}]")
            records.remove(text)
        for rr in indexed(command, "ADDRR") or []:
            text = normalise_rr(rr, "ADDRR")
            if text in records:
                raise Fail(541, f"duplicate record [{text}]")
            records.append(text)
        changed = self._zone_soa(zone, command) or records != zone.records or command.get("INCSERIAL") == "1"
        zone.records = records
        if changed:
            zone.serial += 1
            zone.updated = current_time()
        return Reply().add("SOASERIAL", zone.serial)

    def cmd_QueryDNSZoneRRList(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        zone = self._zone(caller, store, command)
        return self._page(command, [{"RR": rr} for rr in zone.records], ["RR"])

    def cmd_QueryDNSZoneList(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        users = self.state.visible_users(caller.view, command.get("USERDEPTH") or "SELF")
        pattern = command.get("DNSZONE") or None
        names = sorted(z.name for z in store.zones.values() if z.user in users and matches(z.name, pattern))
        return self._page(command, [{"DNSZONE": name} for name in names], ["DNSZONE"])

    def cmd_DeleteDNSZone(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        zone = self._zone(caller, store, command)
        del store.zones[zone.name]
        return Reply()
