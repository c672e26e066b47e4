"""Domain commands: availability, registration, changes, renewal, transfer, listing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from resourcekit.sandbox.hexonet.protocol import (
    CLIENT_FLAGS,
    PENDING_TLDS,
    RENEWAL_MODES,
    Caller,
    CommandBase,
    Fail,
    LazyRows,
    Reply,
    add_years,
    check_hostname,
    current_time,
    indexed,
    matches,
    parse_flag,
    parse_int,
    parse_period,
    require,
    to_unicode,
)
from resourcekit.sandbox.hexonet.state import (
    FOREIGN_DOMAINS,
    PREMIUM_PRICE,
    PRICE_PER_YEAR,
    Domain,
    Store,
    format_date,
)


class DomainCommands(CommandBase):
    """CheckDomain(s), AddDomain, StatusDomain, ModifyDomain, DeleteDomain, RenewDomain, TransferDomain,
    CheckDomainTransfer, QueryDomainList."""

    def _availability(self, store: Store, name: str) -> tuple[int, str, str, str]:
        """(code, text, class, price) of one name."""
        sld = name.split(".", 1)[0]
        if name in store.domains or name in FOREIGN_DOMAINS:
            return 211, "Domain name not available", "", ""
        if len(sld) <= 2 or "premium" in sld:
            return (
                211,
                "Premium Domain name available [PREMIUM]",
                f"PREMIUM_{name.rsplit('.', 1)[-1].upper()}_A",
                (f"{PREMIUM_PRICE:.2f}"),
            )
        return 210, "Available", "", ""

    def cmd_CheckDomain(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        name = check_hostname(require(command, "DOMAIN"), "DOMAIN")
        code, _, domain_class, price = self._availability(store, name)
        reply = Reply(code)
        if code == 211:
            reply.add("REASON", "Domain exists" if not domain_class else "Premium name")
        if domain_class:
            reply.add("CLASS", domain_class).add("PRICE", price).add("CURRENCY", "USD")
            reply.detail = "[PREMIUM]"
        return reply

    def cmd_CheckDomains(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        names = indexed(command, "DOMAIN")
        if not names:
            raise Fail(504, "DOMAIN0")
        premium = command.get("PREMIUMCHANNELS", "") != ""
        reply = Reply()
        for raw in names:
            try:
                name = check_hostname(raw, "DOMAIN")
            except Fail:
                reply.add("DOMAINCHECK", "505 Invalid attribute value syntax").add("REASON", "invalid domain name")
                reply.add("CLASS", "").add("PRICE", "").add("CURRENCY", "")
                continue
            code, text, domain_class, price = self._availability(store, name)
            shown_class = domain_class if premium else ""
            reply.add("DOMAINCHECK", f"{code} {text}")
            reply.add("REASON", "" if code == 210 else ("Domain exists" if not domain_class else "Premium name"))
            reply.add("CLASS", shown_class).add("PRICE", price if premium else "")
            reply.add("CURRENCY", "USD" if premium and price else "")
        return reply

    def _domain_properties(self, store: Store, domain: Domain, reply: Reply, prefix: str = "") -> None:
        reply.add(f"{prefix}STATUS", *domain.status)
        reply.add(f"{prefix}OWNERCONTACT", domain.owner)
        reply.add(f"{prefix}ADMINCONTACT", *domain.admin)
        reply.add(f"{prefix}TECHCONTACT", *domain.tech)
        reply.add(f"{prefix}BILLINGCONTACT", *domain.billing)
        reply.add(f"{prefix}NAMESERVER", *domain.nameservers)

    def cmd_StatusDomain(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        domain = self._domain(caller, store, check_hostname(require(command, "DOMAIN"), "DOMAIN"))
        reply = Reply().add("DOMAIN", domain.name).add("DOMAINUMLAUT", domain.umlaut)
        reply.add("ID", domain.name).add("CLASS", "DOMAIN").add("SUBCLASS", domain.name.rsplit(".", 1)[-1].upper())
        self._domain_properties(store, domain, reply)
        hosts = sorted(host for host, ns in store.nameservers.items() if ns.domain == domain.name)
        reply.add("HOST", *hosts)
        reply.add("AUTH", domain.auth)
        reply.add("CREATEDDATE", format_date(domain.created)).add("UPDATEDDATE", format_date(domain.updated))
        reply.add("EXPIRATIONDATE", format_date(domain.expiration))
        reply.add("REGISTRATIONEXPIRATIONDATE", format_date(domain.expiration))
        reply.add("PAIDUNTILDATE", format_date(domain.expiration))
        reply.add("RENEWALMODE", domain.renewal_mode).add("TRANSFERLOCK", int(domain.transfer_lock))
        reply.add("REPOSITORY", f"{domain.name.rsplit('.', 1)[-1].upper()}-LIVE-1API")
        reply.add("ROID", domain.roid).add("USER", domain.user)
        return reply

    def cmd_QueryDomainList(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        users = self.state.visible_users(caller.view, command.get("USERDEPTH") or "SELF")
        if command.get("USER"):
            users &= {command["USER"]}
        pattern = command.get("DOMAIN") or None
        status = command.get("STATUS")
        lock = command.get("TRANSFERLOCK")
        mode = command.get("RENEWALMODE")
        owner = command.get("OWNERCONTACT") or None
        # The filters are read once, not per domain: listings of 100,000 domains are served page by page.
        domains = [
            domain
            for domain in store.domains.values()
            if domain.user in users
            and (pattern is None or matches(domain.name, pattern))
            and (not status or status in domain.status)
            and (not lock or int(domain.transfer_lock) == int(lock))
            and (not mode or domain.renewal_mode == mode.upper())
            and (owner is None or matches(domain.owner, owner))
        ]
        order = (command.get("ORDERBY") or "DOMAIN").upper()
        descending = order.endswith("DESC")
        order = order.removesuffix("DESC")
        keys: dict[str, Callable[[Domain], str]] = {
            "DOMAIN": lambda d: d.name,
            "DOMAINEXPIRATIONDATE": lambda d: format_date(d.expiration),
            "DOMAINCREATEDDATE": lambda d: format_date(d.created),
            "DOMAINUPDATEDDATE": lambda d: format_date(d.updated),
        }
        if order not in keys:
            raise Fail(506, "ORDERBY")
        domains.sort(key=keys[order], reverse=descending)
        wide = command.get("WIDE") == "1"
        columns = ["DOMAIN"]

        def row(domain: Domain) -> dict[str, str]:
            found = {"DOMAIN": domain.name}
            if wide:
                found |= {
                    "DOMAINSTATUS": domain.status[0],
                    "DOMAINOWNERCONTACT": domain.owner,
                    "DOMAINCREATEDDATE": format_date(domain.created),
                    "DOMAINUPDATEDDATE": format_date(domain.updated),
                    "DOMAINEXPIRATIONDATE": format_date(domain.expiration),
                    "DOMAINREGISTRATIONEXPIRATIONDATE": format_date(domain.expiration),
                    "DOMAINRENEWALMODE": domain.renewal_mode,
                    "DOMAINTRANSFERLOCK": str(int(domain.transfer_lock)),
                    "DOMAINAUTH": domain.auth,
                    "DOMAINUSER": domain.user,
                }
                found |= {f"DOMAINNAMESERVER{i}": ns for i, ns in enumerate(domain.nameservers)}
            return found

        # Rows are built for the requested page only: a listing of 100,000 domains stays cheap per page.
        rows = LazyRows(domains, row)
        if wide:
            fixed = [
                "DOMAINSTATUS",
                "DOMAINOWNERCONTACT",
                "DOMAINCREATEDDATE",
                "DOMAINUPDATEDDATE",
                "DOMAINEXPIRATIONDATE",
                "DOMAINREGISTRATIONEXPIRATIONDATE",
                "DOMAINRENEWALMODE",
                "DOMAINTRANSFERLOCK",
                "DOMAINAUTH",
                "DOMAINUSER",
            ]
            most = max((len(domain.nameservers) for domain in domains), default=0)
            columns += fixed + [f"DOMAINNAMESERVER{i}" for i in range(most)]
        return self._page(command, rows, columns)

    def cmd_AddDomain(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        name = check_hostname(require(command, "DOMAIN"), "DOMAIN")
        years = parse_period(command.get("PERIOD") or "1Y")
        owners = indexed(command, "OWNERCONTACT")
        if not owners:
            raise Fail(504, "OWNERCONTACT0")
        if name in store.domains or name in FOREIGN_DOMAINS:
            raise Fail(554)
        code, _, domain_class, _ = self._availability(store, name)
        if code != 210:
            raise Fail(541, f"premium domain {name} needs class {domain_class}")
        owner = self._contacts(caller, store, owners[:1])[0]
        admin = self._contacts(caller, store, indexed(command, "ADMINCONTACT") or [owner])
        tech = self._contacts(caller, store, indexed(command, "TECHCONTACT") or [owner])
        billing = self._contacts(caller, store, indexed(command, "BILLINGCONTACT") or [owner])
        nameservers = [check_hostname(ns, "NAMESERVER") for ns in (indexed(command, "NAMESERVER") or [])]
        renewal_mode = (command.get("RENEWALMODE") or "DEFAULT").upper()
        if renewal_mode not in RENEWAL_MODES:
            raise Fail(541, "RENEWALMODE")
        transfer_lock = parse_flag(command["TRANSFERLOCK"], "TRANSFERLOCK") if command.get("TRANSFERLOCK") else False
        self._charge(caller, PRICE_PER_YEAR * years)
        now = current_time()
        pending = name.rsplit(".", 1)[-1] in PENDING_TLDS
        domain = Domain(
            name=name,
            user=caller.view,
            owner=owner,
            admin=admin,
            tech=tech,
            billing=billing,
            nameservers=nameservers,
            auth=command.get("AUTH") or f"{abs(hash(name)) % 10**10:010d}",
            created=now,
            expiration=add_years(now, years),
            status=["REQUESTEDCREATE"] if pending else ["ACTIVE"],
            transfer_lock=transfer_lock,
            renewal_mode=renewal_mode,
            umlaut=to_unicode(name),
            roid=f"{len(store.domains) + 2000000}_DOMAIN_{name.rsplit('.', 1)[-1].upper()}-VRSN",
        )
        store.domains[name] = domain
        reply = Reply(pending=pending, detail="action pending" if pending else "")
        reply.add("STATUS", domain.status[0])
        reply.add("REGISTRATIONEXPIRATIONDATE", format_date(domain.expiration))
        reply.add("PAIDUNTILDATE", format_date(domain.expiration)).add("CREATEDDATE", format_date(now))
        return reply

    def cmd_ModifyDomain(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        name = check_hostname(require(command, "DOMAIN"), "DOMAIN")
        domain = self._domain(caller, store, name)
        add_status = indexed(command, "ADDSTATUS") or []
        del_status = indexed(command, "DELSTATUS") or []
        set_status = indexed(command, "STATUS")
        for flag in [*add_status, *del_status, *(set_status or [])]:
            if flag not in CLIENT_FLAGS:
                raise Fail(541, f"STATUS {flag}")
        changes_other = any(
            key not in ("COMMAND", "DOMAIN") and not key.startswith(("ADDSTATUS", "DELSTATUS")) for key in command
        )
        if "clientUpdateProhibited" in domain.status and (changes_other or "clientUpdateProhibited" not in del_status):
            raise Fail(552, "clientUpdateProhibited")
        if "PENDINGDELETE" in domain.status:
            raise Fail(552, "PENDINGDELETE")
        if set_status is not None:
            domain.status = [s for s in domain.status if s not in CLIENT_FLAGS] + set_status
        domain.status = [s for s in domain.status if s not in del_status]
        domain.status += [s for s in add_status if s not in domain.status]
        nameservers = indexed(command, "NAMESERVER")
        if nameservers is not None:
            domain.nameservers = [check_hostname(ns, "NAMESERVER") for ns in nameservers]
        for ns in indexed(command, "DELNAMESERVER") or []:
            domain.nameservers = [n for n in domain.nameservers if n != check_hostname(ns, "DELNAMESERVER")]
        for ns in indexed(command, "ADDNAMESERVER") or []:
            host = check_hostname(ns, "ADDNAMESERVER")
            if host not in domain.nameservers:
                domain.nameservers.append(host)
        if len(domain.nameservers) > 13:
            raise Fail(541, "NAMESERVER")
        owners = indexed(command, "OWNERCONTACT")
        if owners:
            domain.owner = self._contacts(caller, store, owners[:1])[0]
        for role in ("ADMIN", "TECH", "BILLING"):
            values = indexed(command, f"{role}CONTACT")
            if values is not None:
                setattr(domain, role.lower(), self._contacts(caller, store, values))
        if "AUTH" in command:
            domain.auth = command["AUTH"]
        if command.get("TRANSFERLOCK"):
            domain.transfer_lock = parse_flag(command["TRANSFERLOCK"], "TRANSFERLOCK")
        if command.get("RENEWALMODE"):
            mode = command["RENEWALMODE"].upper()
            if mode not in RENEWAL_MODES:
                raise Fail(541, "RENEWALMODE")
            domain.renewal_mode = mode
        domain.updated = current_time()
        return Reply()

    def cmd_DeleteDomain(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        domain = self._domain(caller, store, check_hostname(require(command, "DOMAIN"), "DOMAIN"))
        if {"clientDeleteProhibited", "PENDINGDELETE"} & set(domain.status):
            raise Fail(552, "domain status")
        domain.status = ["PENDINGDELETE"]
        domain.updated = current_time()
        return Reply(pending=True, detail="action pending").add("STATUS", "PENDINGDELETE")

    def cmd_RenewDomain(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        domain = self._domain(caller, store, check_hostname(require(command, "DOMAIN"), "DOMAIN"))
        years = parse_period(command.get("PERIOD") or "1")
        if {"clientRenewProhibited", "PENDINGDELETE"} & set(domain.status):
            raise Fail(552, "domain status")
        if command.get("EXPIRATION") and parse_int(command["EXPIRATION"], "EXPIRATION") != domain.expiration.year:
            raise Fail(555, f"expiration is {domain.expiration.year}")
        if domain.expiration - current_time() > timedelta(days=365 * 9):
            raise Fail(548)
        self._charge(caller, PRICE_PER_YEAR * years)
        domain.expiration = add_years(domain.expiration, years)
        domain.updated = current_time()
        expiry = format_date(domain.expiration)
        return (
            Reply().add("DOMAIN", domain.name).add("EXPIRATIONDATE", expiry).add("REGISTRATIONEXPIRATIONDATE", expiry)
        )

    def cmd_TransferDomain(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        name = check_hostname(require(command, "DOMAIN"), "DOMAIN")
        action = (command.get("ACTION") or "REQUEST").upper()
        if action not in ("REQUEST", "APPROVE", "DENY", "CANCEL", "USERTRANSFER"):
            raise Fail(506, "ACTION")
        if action == "CANCEL":
            if store.transfers.get(name) != caller.view:
                raise Fail(534)
            del store.transfers[name]
            return Reply()
        if action != "REQUEST":
            raise Fail(534)
        if name in store.domains:
            raise Fail(540, "domain is already in the account")
        if name not in FOREIGN_DOMAINS:
            raise Fail(545, "DOMAIN NAME NOT FOUND")
        if name in store.transfers:
            raise Fail(536)
        if command.get("AUTH", "") != FOREIGN_DOMAINS[name]:
            raise Fail(541, "AUTH")
        years = parse_period(command.get("PERIOD") or "1")
        self._charge(caller, PRICE_PER_YEAR * years)
        store.transfers[name] = caller.view
        return Reply(pending=True, detail="domain transfer initiated").add("STATUS", "REQUESTEDTRANSFER")

    def cmd_CheckDomainTransfer(self, caller: Caller, store: Store, command: dict[str, str]) -> Reply:
        name = check_hostname(require(command, "DOMAIN"), "DOMAIN")
        if name in store.domains:
            return Reply(219).add("REASON", "Domain is already in your account")
        if name not in FOREIGN_DOMAINS:
            return Reply(219).add("REASON", "Domain is not registered")
        if name in store.transfers:
            return Reply(219).add("REASON", "Transfer already requested")
        if command.get("AUTH") and command["AUTH"] != FOREIGN_DOMAINS[name]:
            return Reply(219).add("REASON", "Invalid authorization code")
        return Reply(218)
