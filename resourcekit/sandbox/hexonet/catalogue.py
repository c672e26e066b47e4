"""The HEXONET command set the emulator knows, and its answer to the documented commands it does not model.

The table below is ``models/hexonet-commands.yaml`` (the API's documented commands) cut down to
what the emulator needs: each command's name and kind, and for the read-only kinds the parameters
it requires and whether the API answers "545 Object not found" for an object the account lacks
(``545``). A test holds the two equal. Commands with a handler of their own (``cmd_*``) are
emulated fully; the others are answered as for an account that has none of their objects:

- ``list`` (paged ``Query*List``): ``200`` with an empty page (FIRST, LAST, COUNT, TOTAL, LIMIT);
- ``status`` and ``check`` about an object (``545`` in the table): ``545 Object not found``;
- any other ``status``, ``check`` or ``query`` (``Get*``, ``Find*``, non-list ``Query*``): ``200``
  with no properties, after the documented required parameters are checked (``504``);
- ``write``: ``549 Command failed; not emulated by the sandbox``; it changes nothing.

Names outside the table get ``500 Invalid command name``, as from the API.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from resourcekit.sandbox.hexonet.protocol import Fail, Reply, indexed

KINDS: Final = ("list", "status", "check", "query", "write")

_TABLE: Final = """
ActivateDomainRegistration write
ActivateDomainSale write
ActivateDomainTrade write
ActivateDomainTransfer write
AddAccounting write
AddContact write
AddDomain write
AddDomainApplication write
AddDomainRegistryLock write
AddNameserver write
AddUser write
ApproveDomainRegistrantVerificationEmail write
AssignInvoiceItems write
AssignObject write
AssignUser write
CancelDomainRegistration write
CheckAuthentication check SUBUSER PASSWORD
CheckAuthorization check OBJECTCLASS OBJECTID
CheckDomain check DOMAIN
CheckDomainRegistration check 545 DOMAIN OWNERCONTACT# ADMINCONTACT# TECHCONTACT# BILLINGCONTACT#
CheckDomains check DOMAIN#
CheckDomainTrade check 545 DOMAIN
CheckDomainTransfer check 545 DOMAIN
CheckNameserver check NAMESERVER
CheckTMCHMarkSMD check SMD#
CheckUsername check SUBUSER
CheckUserProperties check
CloneContact write
ConvertIDN query DOMAIN#
CreateDNSZone write
CreateInvoice write
CreateRoleUser write
CreateSSLCert write
CreateTMCHMark write
CreateWebsite write
CreateWebsiteSession write
CreateWebsiteUser write
DeleteAccounting write
DeleteContact write
DeleteDNSZone write
DeleteDomain write
DeleteDomainApplication write
DeleteDomainRegistryLock write
DeleteEvent write
DeleteInvoice write
DeleteNameserver write
DeleteOrder write
DeleteRoleUser write
DeleteUser write
DeleteWebsite write
DENIC_CreateAuthInfo1 write
DENIC_CreateAuthInfo2 write
DENIC_DeleteAuthInfo1 write
EndSession write
ExecuteOrder write
FindDNSZone list
FindUser list
GetCurrencies query
GetCurrentExchangeRates query
GetEnvironment query
GetInvoicePDF query 545 INVOICEID
GetNextInvoiceID query
GetReportURL query FILE
GetUserBranch list
GetUserId query USERINDEX
GetUserIndex query USER
GetVATFromTaxrates query TAXRATES
ImportDomain write
ModifyAccounting write
ModifyContact write
ModifyDomain write
ModifyDomainApplication write
ModifyDomainRegistryLock write
ModifyNameserver write
ModifyUser write
ModifyUserClass write
ModifyUserPassword write
ParseSSLCertCSR write
PayDomainRenewal write
PayWebsiteRenewal write
PushDomain write
QueryAccountBalanceList list
QueryAccountingList list
QueryAccountingTypeList list
QueryContactList list
QueryDepositList list
QueryDNSZoneList list
QueryDNSZoneRRList list
QueryDomainAddonList list
QueryDomainAddonLog list
QueryDomainApplicationList list
QueryDomainList list
QueryDomainOptions query DOMAIN#
QueryDomainPendingDeleteList list
QueryDomainPendingRegistrantVerificationList list
QueryDomainRepositoryInfo query DOMAIN
QueryDomainRepositoryList list
QueryDomainRepositoryRenewalList list
QueryDomainSuggestionList list
QueryEnvironmentList list
QueryEventList list
QueryExchangeRates list
QueryExtendedDomainList list
QueryForeignTransferList list
QueryInvoiceList list
QueryObjectDeletionLogList list
QueryObjectList list
QueryObjectLogList list
QueryObjectRenewalList list
QueryObjectUserList list
QueryOrderList list
QueryRoleUserList list
QuerySSLCertDCVEMailAddressList list
QuerySSLCertList list
QueryTMCHMarkList list
QueryTransferList list
QueryUserClassList list
QueryUserList list
QueryWebsiteList list
ReissueSSLCert write
ReleaseDomain write
RenewDomain write
RenewSSLCert write
RenewTMCHMark write
RequestDomainAuthInfo write
RequestDomainPin write
ResendDomainRegistrantVerificationEmail write
ResendDomainTransferConfirmationEmails write
ResendSSLCertEmail write
ResetDomainBranding write
RestoreDomain write
RestoreWebsite write
RevokeSSLCert write
SetDomainRenewalMode write
SetEnvironment write
SetNextInvoiceID write
SetWebsiteRenewalMode write
StartSession write
StatusAccount status
StatusAccounting status 545 SUBUSER ACCOUNTINGID
StatusContact status 545 CONTACT
StatusDNSZone status 545 DNSZONE
StatusDomain status 545 DOMAIN
StatusDomainAddon status 545 ADDONCLASS ADDONID REPOSITORY
StatusDomainApplication status 545 APPLICATION
StatusDomainRegistrantVerification status 545 DOMAIN
StatusDomainRepository status REPOSITORY
StatusDomainTrade status 545 DOMAIN
StatusDomainTransfer status 545 DOMAIN
StatusEvent status 545 EVENT
StatusInvoice status 545 INVOICEID
StatusNameserver status 545 NAMESERVER
StatusObjectLog status 545 LOGINDEX
StatusRoleUser status 545 ROLEID
StatusSSLCert status 545 SSLCERTID
StatusTMCHMark status 545 ID
StatusTMDBClaim status CLAIMKEY
StatusUser status
StatusUserClass status USERCLASS
StatusWebsite status 545 ID
StatusWebsiteUser status 545 WEBSITEUSERID
SyncDomain write
TradeDomain write
TransferDomain write
UK_CheckRightOfRegistration write
UpdateDNSZone write
UpdateDomainSale write
UpdateDomainSaleAccount write
UpdateInvoice write
UpdateInvoicePDF write
UpdateRoleUser write
UpdateTMCHMark write
UpdateWebsite write
UpdateWebsiteUser write
UpgradeWebsite write
ValidateContact write
VerifyWebsiteUpgradeHash write
"""


@dataclass(frozen=True)
class KnownCommand:
    """A documented command: its name as documented, its kind, and what the generic answer needs."""

    name: str
    kind: str
    required: tuple[str, ...] = ()
    object_not_found: bool = False


def _read_table(text: str) -> dict[str, KnownCommand]:
    known: dict[str, KnownCommand] = {}
    for line in text.strip().splitlines():
        name, kind, *rest = line.split()
        not_found = bool(rest) and rest[0] == "545"
        known[name.lower()] = KnownCommand(name, kind, tuple(rest[1:] if not_found else rest), not_found)
    return known


COMMAND_SET: Final = _read_table(_TABLE)
"""Every documented command, by lower-cased name (the API reads names in any case)."""


def answer_unmodelled(
    known: KnownCommand,
    command: Mapping[str, str],
    empty_page: Callable[[Mapping[str, str]], Reply],
) -> Reply:
    """The reply to a documented command without a handler of its own (see the module docstring).

    ``empty_page`` builds the list reply without rows for a command, reading and checking its
    ``FIRST``/``LIMIT`` as for the modelled lists.
    """
    if known.kind == "write":
        raise Fail(549, f"{known.name} is not emulated by the sandbox")
    if known.kind == "list":
        return empty_page(command)
    for parameter in known.required:
        if parameter.endswith("#"):
            if not indexed(command, parameter[:-1]):
                raise Fail(504, f"{parameter[:-1]}0")
        elif command.get(parameter, "") == "":
            raise Fail(504, parameter)
    if known.object_not_found:
        raise Fail(545)
    return Reply()
