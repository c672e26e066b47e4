"""Jedi (the completion engine of Emacs, Vim, Sublime and jedi-language-server) completes OVH paths.

Each case is the code a user types, written the way the README and the guide write it, with the
cursor after the last dot; the completion must offer the names listed. Jedi reads this worktree's
sources (not an installed copy), so a missing annotation or a ``Self`` it cannot resolve shows here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from textwrap import dedent, indent

import jedi
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

SYNC_HEAD = "from resourcekit.ovh import OVH, rules\n\nwith OVH() as ovh:\n"
ASYNC_HEAD = (
    "from resourcekit.ovh import AsyncOVH, rules\n\n\nasync def main() -> None:\n    async with AsyncOVH() as ovh:\n"
)

# (case id, lines inside the ``with`` block ending with the dotted prefix, names that must be offered)
SYNC_PATHS: list[tuple[str, str, set[str]]] = [
    ("client", "ovh.", {"me", "dedicated", "email", "domain", "get", "call", "with_options", "close"}),
    ("with_options", "ovh.with_options(timeout=30).", {"me", "dedicated", "domain"}),
    ("me_manager", "ovh.me.", {"get", "bills", "api"}),
    ("me", "me = ovh.me.get()\nme.", {"firstname", "city", "save", "refresh", "changes", "currency"}),
    ("me_saved", "ovh.me.get().save().", {"firstname", "nichandle"}),
    ("currency", "ovh.me.get().currency.", {"code", "symbol"}),
    ("bills_manager", "ovh.me.bills.", {"list", "get", "ids"}),
    ("bills_page", "ovh.me.bills.list(category='purchase').", {"first", "to_list", "pages"}),
    ("bill_loop", "for bill in ovh.me.bills.list():\n    bill.", {"price_with_tax", "details", "payment", "pdf_url"}),
    ("bill_price", "ovh.me.bills.get('FR1').price_with_tax.", {"text", "value", "currency_code"}),
    ("bill_refresh", "ovh.me.bills.get('FR1').refresh().", {"bill_id", "date", "details"}),
    (
        "bill_lines",
        "for line in ovh.me.bills.get('FR1').details():\n    line.",
        {"description", "total_price", "bill_id"},
    ),
    ("bill_payment", "ovh.me.bills.get('FR1').payment().", {"payment_date", "payment_type", "bill_id"}),
    ("first_narrowed", "bill = ovh.me.bills.list().first()\nif bill is not None:\n    bill.", {"price_with_tax"}),
    ("api_manager", "ovh.me.api.", {"credentials", "applications"}),
    ("credential", "ovh.me.api.credentials.get(1).", {"allowed_ips", "status", "rules", "application", "delete"}),
    ("credential_app", "ovh.me.api.credentials.get(1).application().", {"application_key", "name", "delete"}),
    ("application_loop", "for app in ovh.me.api.applications.list():\n    app.", {"application_id", "status"}),
    ("servers_manager", "ovh.dedicated.servers.", {"list", "get", "names", "task"}),
    (
        "server_loop",
        "for server in ovh.dedicated.servers.list():\n    server.",
        {"datacenter", "burst", "ipmi", "request_ipmi_access", "save", "monitoring"},
    ),
    ("server_saved", "ovh.dedicated.servers.get('ns1').save().", {"datacenter", "state"}),
    ("burst", "ovh.dedicated.servers.get('ns1').burst().", {"status", "capacity", "save", "server_name"}),
    ("burst_capacity", "ovh.dedicated.servers.get('ns1').burst().capacity.", {"unit", "value"}),
    ("ipmi", "ovh.dedicated.servers.get('ns1').ipmi().supported_features.", {"kvmip_html5_url", "kvmip_jnlp"}),
    (
        "ipmi_task",
        "task = ovh.dedicated.servers.get('ns1').request_ipmi_access('kvmipJnlp', 15)\ntask.wait().",
        {"status", "task_id", "done_date", "is_finished"},
    ),
    ("ipmi_access", "ovh.dedicated.servers.get('ns1').ipmi_access('kvmipJnlp').", {"value", "expiration"}),
    ("email_domain", "ovh.email.domain('example.com').", {"name", "redirections"}),
    ("redirections", "ovh.email.domain('example.com').redirections.", {"create", "list", "get", "ids"}),
    ("redirection", "ovh.email.domain('example.com').redirections.get('1').", {"from_", "to", "change_target"}),
    (
        "redirection_task",
        "ovh.email.domain('example.com').redirections.create('a@example.com', 'b@example.com').",
        {"action", "date"},
    ),
    ("zones", "ovh.domain.zones.", {"get", "list", "names", "records"}),
    ("zone", "zone = ovh.domain.zones.get('example.com')\nzone.", {"records", "refresh_zone", "name_servers"}),
    ("zone_records", "ovh.domain.zones.get('example.com').records.", {"create", "list", "get"}),
    (
        "record",
        "ovh.domain.zones.get('example.com').records.create('A', '192.0.2.1').",
        {"target", "ttl", "save", "delete"},
    ),
    (
        "record_loop",
        "for record in ovh.domain.zones.records('example.com').list():\n    record.",
        {"field_type", "sub_domain"},
    ),
    ("consumer_key", "ovh.request_consumer_key(rules.read_only('/me')).", {"validation_url", "consumer_key"}),
    ("raw_call", "ovh.raw_call('GET', '/me').", {"status_code", "headers"}),
]

ASYNC_PATHS: list[tuple[str, str, set[str]]] = [
    ("client", "ovh.", {"me", "dedicated", "email", "domain", "get", "call", "with_options", "aclose"}),
    ("me", "me = await ovh.me.get()\nme.", {"firstname", "save", "refresh", "changes"}),
    ("me_saved", "me = await (await ovh.me.get()).save()\nme.", {"firstname", "nichandle"}),
    ("bills_page", "ovh.me.bills.list().", {"first", "to_list", "pages"}),
    ("bill", "bill = await ovh.me.bills.get('FR1')\nbill.", {"price_with_tax", "details", "payment"}),
    (
        "bill_lines",
        "bill = await ovh.me.bills.get('FR1')\nfor line in await bill.details():\n    line.",
        {"total_price"},
    ),
    ("bills_list", "for bill in await ovh.me.bills.list().to_list():\n    bill.", {"price_with_tax", "refresh"}),
    ("first_narrowed", "bill = await ovh.me.bills.list().first()\nif bill is not None:\n    bill.", {"price_with_tax"}),
    ("server", "server = await ovh.dedicated.servers.get('ns1')\nserver.", {"datacenter", "burst", "save"}),
    ("burst", "burst = await (await ovh.dedicated.servers.get('ns1')).burst()\nburst.", {"status", "save"}),
    (
        "ipmi_task",
        "server = await ovh.dedicated.servers.get('ns1')\ntask = await server.request_ipmi_access('kvmipJnlp', 15)\n"
        "done = await task.wait()\ndone.",
        {"status", "task_id"},
    ),
    ("redirection", "r = await ovh.email.domain('example.com').redirections.get('1')\nr.", {"from_", "change_target"}),
    ("record", "rec = await ovh.domain.zones.get('example.com')\nrec.records.", {"create", "list"}),
]

# ``async for`` over a listing: Jedi infers nothing from an ``async def __aiter__`` generator, which
# is how the shared page class declares it; these pass once that class returns its iterator from a
# plain ``def __aiter__``.
ASYNC_FOR_PATHS: list[tuple[str, str, set[str]]] = [
    ("bills", "async for bill in ovh.me.bills.list():\n    bill.", {"price_with_tax", "details"}),
    ("servers", "async for server in ovh.dedicated.servers.list(batch=10):\n    server.", {"datacenter", "burst"}),
]


def _project() -> jedi.Project:
    # This worktree first: the shared environment has an installed copy that must not answer.
    others = [entry for entry in sys.path if entry and Path(entry).resolve() != ROOT]
    return jedi.Project(ROOT, sys_path=[str(ROOT), *others], smart_sys_path=False)


PROJECT = _project()


def completions(code: str) -> set[str]:
    """The names Jedi offers with the cursor at the end of ``code``."""
    lines = code.splitlines()
    script = jedi.Script(code, path=ROOT / "tests" / "ovh" / "example_completion.py", project=PROJECT)
    return {completion.name for completion in script.complete(len(lines), len(lines[-1]))}


def sync_code(body: str) -> str:
    return SYNC_HEAD + indent(dedent(body), "    ")


def async_code(body: str) -> str:
    return ASYNC_HEAD + indent(dedent(body), "        ")


def test_jedi_reads_this_worktree() -> None:
    script = jedi.Script("import resourcekit.ovh\n", path=ROOT / "example.py", project=PROJECT)
    (module,) = script.goto(1, 18)
    assert module.module_path is not None
    assert Path(module.module_path).is_relative_to(ROOT)


@pytest.mark.parametrize(("body", "expected"), [case[1:] for case in SYNC_PATHS], ids=[c[0] for c in SYNC_PATHS])
def test_sync_paths_complete(body: str, expected: set[str]) -> None:
    offered = completions(sync_code(body))
    assert expected <= offered, f"missing {sorted(expected - offered)}"


@pytest.mark.parametrize(("body", "expected"), [case[1:] for case in ASYNC_PATHS], ids=[c[0] for c in ASYNC_PATHS])
def test_async_paths_complete(body: str, expected: set[str]) -> None:
    offered = completions(async_code(body))
    assert expected <= offered, f"missing {sorted(expected - offered)}"


@pytest.mark.parametrize(
    ("body", "expected"), [case[1:] for case in ASYNC_FOR_PATHS], ids=[c[0] for c in ASYNC_FOR_PATHS]
)
def test_async_for_paths_complete(body: str, expected: set[str]) -> None:
    offered = completions(async_code(body))
    assert expected <= offered, f"missing {sorted(expected - offered)}"


def test_hover_shows_field_descriptions() -> None:
    code = sync_code("ovh.me.bills.get('FR1').price_with_tax")
    lines = code.splitlines()
    script = jedi.Script(code, path=ROOT / "tests" / "ovh" / "example_completion.py", project=PROJECT)
    (name,) = script.infer(len(lines), len(lines[-1]) - 2)
    assert "Price" in name.name
    (field,) = script.goto(len(lines), len(lines[-1]) - 2)
    assert "total including tax" in field.docstring()
