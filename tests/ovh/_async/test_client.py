"""Every public OVH operation, driven over real HTTP against the sandbox."""

from __future__ import annotations

import datetime as dt
import logging
import pickle

import httpx
import pytest

from resourcekit.core.errors import (
    AuthenticationError,
    ConfigurationError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ReadOnlyFieldError,
)
from resourcekit.core.response import capture_responses
from resourcekit.ovh import (
    AsyncOVH,
    OVHAuthenticationError,
    OVHBadRequestError,
    OVHConflictError,
    OVHNotFoundError,
    OVHOAuth2Error,
    OVHPermissionDeniedError,
    OVHServerError,
    TaskFailedError,
    TaskTimeoutError,
    rules,
)
from resourcekit.sandbox.ovh import endpoint
from resourcekit.sandbox.ovh.state import OVHState
from resourcekit.sandbox.server import RunningSandbox
from tests.ovh.conftest import SEED_SIZE

SLEPT: list[float] = []


async def no_sleep(seconds: float) -> None:
    SLEPT.append(seconds)


def ovh_client(sandbox: RunningSandbox, **options: object) -> AsyncOVH:
    options.setdefault("sleep", no_sleep)
    return sandbox.async_client(**options)


# -- /me ----------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_me_get_change_save_and_refresh(sandbox: RunningSandbox, state: OVHState) -> None:
    async with ovh_client(sandbox) as ovh:
        me = await ovh.me.get()
        assert (me.nichandle, me.firstname, me.currency.code) == ("xx1234-ovh", "Ada", "EUR")
        with pytest.raises(ReadOnlyFieldError):
            me.email = "other@example.com"
        before = sandbox.side_effects["me.update"]
        await me.save()
        assert sandbox.side_effects["me.update"] == before  # nothing changed, nothing sent
        me.firstname = "Augusta"
        me.city = "London"
        assert me.changes() == {"firstname": "Augusta", "city": "London"}
        await me.save()
        assert sandbox.side_effects["me.update"] == before + 1
        assert state.me["firstname"] == "Augusta"
        assert not me.has_changes
        state.me["city"] = "Paris"
        assert (await me.refresh()).city == "Paris"


# -- bills --------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_bills_list_and_filters(sandbox: RunningSandbox, state: OVHState) -> None:
    async with ovh_client(sandbox, concurrency=3, page_size=4) as ovh:
        bills = [bill async for bill in ovh.me.bills.list()]
        assert [bill.bill_id for bill in bills] == list(state.bills)
        assert len(bills) == SEED_SIZE
        assert len(await ovh.me.bills.list().to_list(limit=2)) == 2
        pages = [page async for page in ovh.me.bills.list().pages()]
        assert [len(page) for page in pages] == [4, 2]
        purchase = await ovh.me.bills.ids(category="purchase")
        assert purchase and all(state.bills[i]["category"] == "purchase" for i in purchase)
        dates = sorted(bill.date for bill in bills)
        ranged = await ovh.me.bills.ids(date_from=dates[1], date_to=dates[3])
        assert len(ranged) == 3
        from_date = await ovh.me.bills.ids(date_from=dates[2].date())
        assert len(from_date) == SEED_SIZE - 2
        order = await ovh.me.bills.list(order_id=bills[0].order_id).to_list()
        assert [bill.bill_id for bill in order] == [bills[0].bill_id]
        with capture_responses() as log, pytest.raises(InvalidInputError, match="category must be one of"):
            await ovh.me.bills.ids(category="gifts")  # type: ignore[arg-type]
        assert len(log) == 0


@pytest.mark.anyio
async def test_raw_get_takes_dotted_query_names_in_params(sandbox: RunningSandbox, state: OVHState) -> None:
    async with ovh_client(sandbox) as ovh:
        bills = [bill async for bill in ovh.me.bills.list()]
        dates = sorted(bill.date for bill in bills)
        since = dates[2].isoformat()
        expected = await ovh.me.bills.ids(date_from=dates[2])
        assert len(expected) == SEED_SIZE - 2
        with capture_responses() as log:
            assert await ovh.get("/me/bill", params={"date.from": since}) == expected
        assert "date.from=" in log.last.url
        # The keyword form still works, alone or next to params.
        assert await ovh.get("/me/bill", **{"date.from": since}) == expected
        purchase = await ovh.get("/me/bill", params={"date.from": since}, category="purchase")
        assert purchase == [i for i in expected if state.bills[i]["category"] == "purchase"]
        # need_auth keeps its meaning whatever the query holds.
        assert await ovh.get("/me/bill", params={"need_auth": "x"}, need_auth=True) == list(state.bills)
        with capture_responses() as log, pytest.raises(InvalidInputError, match="given twice"):
            await ovh.get("/me/bill", params={"category": "purchase"}, category="purchase")
        with pytest.raises(InvalidInputError, match="given twice"):
            await ovh.delete("/me/bill/x", params={"from": "a"}, from_="b")
        assert len(log) == 0


@pytest.mark.anyio
async def test_bill_details_payment_and_refresh(sandbox: RunningSandbox, state: OVHState) -> None:
    async with ovh_client(sandbox) as ovh:
        bill = await ovh.me.bills.get(list(state.bills)[2])
        assert bill.price_with_tax.value == pytest.approx(state.bills[bill.bill_id]["priceWithTax"]["value"])
        assert "password" not in repr(bill) or state.bills[bill.bill_id]["password"] not in repr(bill)
        details = await bill.details()
        assert [d.bill_detail_id for d in details] == list(state.bill_details[bill.bill_id])
        assert await bill.detail_ids() == [d.bill_detail_id for d in details]
        detail = details[0]
        assert detail.bill_id == bill.bill_id
        assert detail.total_price.currency_code == "EUR"
        state.bill_details[bill.bill_id][detail.bill_detail_id]["description"] = "changed"
        assert (await detail.refresh()).description == "changed"
        payment = await bill.payment()
        assert payment.payment_type == state.payments[bill.bill_id]["paymentType"]
        assert payment.bill_id == bill.bill_id
        state.payments[bill.bill_id]["paymentType"] = "paypal"
        assert (await payment.refresh()).payment_type == "paypal"
        assert (await bill.refresh()).bill_id == bill.bill_id
        with pytest.raises(OVHNotFoundError, match="does not exist") as caught:
            await ovh.me.bills.get("FR-missing")
        assert caught.value.query_id is not None and caught.value.query_id.startswith("EU.ext-")


# -- dedicated servers --------------------------------------------------------------------------


@pytest.mark.anyio
async def test_servers_list_get_save(sandbox: RunningSandbox, state: OVHState) -> None:
    async with ovh_client(sandbox) as ovh:
        names = await ovh.dedicated.servers.names()
        assert names == list(state.servers)
        servers = await ovh.dedicated.servers.list().to_list()
        assert [s.name for s in servers] == names
        server = await ovh.dedicated.servers.get(names[1])
        assert server.datacenter == state.servers[names[1]]["datacenter"]
        with pytest.raises(ReadOnlyFieldError):
            server.datacenter = "rbx"
        server.monitoring = False
        server.state = "hacked"
        with capture_responses() as log:
            await server.save()
        assert log.last.method == "PUT"
        assert state.servers[names[1]]["monitoring"] is False
        assert state.servers[names[1]]["state"] == "hacked"
        state.servers[names[1]]["rescueMail"] = "ops@example.com"
        assert (await server.refresh()).rescue_mail == "ops@example.com"
        server.state = "not-a-state"
        with pytest.raises(OVHBadRequestError, match="enumeration"):
            await server.save()


@pytest.mark.anyio
async def test_enable_burst_on_sbg1_servers(sandbox: RunningSandbox, state: OVHState) -> None:
    async with ovh_client(sandbox) as ovh:
        enabled: list[str] = []
        async for server in ovh.dedicated.servers.list():
            if server.datacenter == "sbg1":
                burst = await server.burst()
                assert burst.server_name == server.name
                assert burst.capacity is not None and burst.capacity.unit == "Mbps"
                burst.status = "active"
                await burst.save()
                enabled.append(server.name)
        assert enabled == [name for name, s in state.servers.items() if s["datacenter"] == "sbg1"]
        assert all(state.bursts[name]["status"] == "active" for name in enabled)
        burst = await (await ovh.dedicated.servers.get(enabled[0])).burst()
        state.bursts[enabled[0]]["status"] = "inactiveLocked"
        assert (await burst.refresh()).status == "inactiveLocked"


@pytest.mark.anyio
async def test_ipmi_access_with_task_wait(sandbox: RunningSandbox, state: OVHState) -> None:
    async with ovh_client(sandbox) as ovh:
        server = await ovh.dedicated.servers.get(next(iter(state.servers)))
        ipmi = await server.ipmi()
        assert ipmi.activated and ipmi.supported_features.kvmip_jnlp
        assert (await ipmi.refresh()).server_name == server.name
        task = await server.request_ipmi_access("kvmipJnlp", 15, ip_to_allow="192.0.2.10")
        assert (task.function, task.status, task.server_name) == ("requestAccessIPMI", "todo", server.name)
        with pytest.raises(OVHNotFoundError, match="not ready"):
            await server.ipmi_access("kvmipJnlp")
        SLEPT.clear()
        done = await task.wait(interval=0.5)
        assert done is task and task.status == "done" and task.done_date is not None
        assert SLEPT == []  # reading the access above moved the task on; it was done at the first poll
        access = await server.ipmi_access("kvmipJnlp")
        assert access.value is not None and "<jnlp" in access.value
        assert access.expiration is not None
        assert (await server.task(task.task_id)).status == "done"
        restored = pickle.loads(pickle.dumps(task))
        assert not restored.is_bound and restored.server_name == server.name
        with pytest.raises(ConfigurationError):
            await restored.refresh()
        assert (await restored.bind(ovh).refresh()).status == "done"
        with pytest.raises(InvalidInputError, match="ttl"):
            await server.request_ipmi_access("kvmipJnlp", 7)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="unknown IPMI access type"):
            await server.request_ipmi_access("vnc", 15)  # type: ignore[arg-type]
        with pytest.raises(OVHBadRequestError, match="sshKey"):
            await server.request_ipmi_access("serialOverLanSshKey", 5)


@pytest.mark.anyio
async def test_task_wait_failure_and_timeout(sandbox: RunningSandbox, state: OVHState) -> None:
    async with ovh_client(sandbox) as ovh:
        name = list(state.servers)[1]
        server = await ovh.dedicated.servers.get(name)
        task = await server.request_ipmi_access("kvmipHtml5URL", 1, ip_to_allow="192.0.2.11")
        SLEPT.clear()
        with pytest.raises(TaskTimeoutError, match="still doing") as timed_out:
            await task.wait(timeout=0)
        assert timed_out.value.task is task and SLEPT == []
        state.server_tasks[name][task.task_id]["status"] = "ovhError"
        with pytest.raises(TaskFailedError, match="ended ovhError"):
            await task.wait()
        with pytest.raises(InvalidInputError):
            await task.wait(interval=0)
        other = await server.request_ipmi_access("serialOverLanURL", 3)
        SLEPT.clear()
        await other.wait(timeout=10, interval=1, max_interval=1.5)
        assert SLEPT == [1]


# -- API credentials and applications -----------------------------------------------------------


@pytest.mark.anyio
async def test_credentials_list_get_application_save_delete(sandbox: RunningSandbox, state: OVHState) -> None:
    async with ovh_client(sandbox) as ovh:
        validated = await ovh.me.api.credentials.list(status="validated").to_list()
        assert validated and all(c.status == "validated" for c in validated)
        assert {c.credential_id for c in validated} == {
            c.credential_id for c in state.credentials.values() if c.status == "validated"
        }
        of_app_2 = await ovh.me.api.credentials.ids(application_id=2)
        assert of_app_2 and all(state.credentials[i].application_id == 2 for i in of_app_2)
        credential = await ovh.me.api.credentials.get(of_app_2[0])
        application = await credential.application()
        assert (application.application_id, application.name) == (2, "app-2")
        credential.allowed_ips = ["192.0.2.0/24"]
        await credential.save()
        assert state.credentials[credential.credential_id].allowed_ips == ["192.0.2.0/24"]
        assert (await credential.refresh()).allowed_ips == ["192.0.2.0/24"]
        await credential.delete()
        assert credential.credential_id not in state.credentials
        with pytest.raises(NotFoundError):
            await credential.refresh()


@pytest.mark.anyio
async def test_applications_list_get_delete(sandbox: RunningSandbox, state: OVHState) -> None:
    async with ovh_client(sandbox) as ovh:
        applications = await ovh.me.api.applications.list().to_list()
        assert [a.application_id for a in applications] == list(state.applications)
        app = await ovh.me.api.applications.get(3)
        assert app.status == "trusted"
        assert (await app.refresh()).name == "app-3"
        assert await ovh.me.api.applications.ids() == list(state.applications)
        await app.delete()
        assert 3 not in state.applications
        assert await ovh.me.api.credentials.ids(application_id=3) == []


# -- e-mail redirections ------------------------------------------------------------------------


@pytest.mark.anyio
async def test_redirections_create_list_change_delete(sandbox: RunningSandbox, state: OVHState) -> None:
    async with ovh_client(sandbox) as ovh:
        assert await ovh.email.domains.names() == ["example.com", "example.org"]
        domains = await ovh.email.domains.list()
        assert [d.name for d in domains] == ["example.com", "example.org"]
        domain = ovh.email.domain("example.com")
        before = sandbox.side_effects["redirection.create"]
        task = await domain.redirections.create("sales@example.com", "contact@example.com", local_copy=False)
        assert (task.action, task.domain, task.account) == ("add", "example.com", "sales")
        assert sandbox.side_effects["redirection.create"] == before + 1
        with pytest.raises(OVHConflictError):
            await domain.redirections.create("sales@example.com", "contact@example.com")
        (redirection,) = await domain.redirections.list(from_="sales@example.com").to_list()
        assert (redirection.from_, redirection.to, redirection.domain) == (
            "sales@example.com",
            "contact@example.com",
            "example.com",
        )
        assert await domain.redirections.ids(to="nobody@example.com") == []
        assert len(await domain.redirections.ids()) == SEED_SIZE + 1
        change = await redirection.change_target("boss@example.com")
        assert change.action == "change"
        assert (await redirection.refresh()).to == "boss@example.com"
        deleted = await redirection.delete()
        assert deleted.action == "delete"
        with pytest.raises(OVHNotFoundError):
            await domain.redirections.get(redirection.id)
        with pytest.raises(InvalidInputError):
            await domain.redirections.create("sales", "contact@example.com")
        with pytest.raises(InvalidInputError):
            await redirection.change_target("nobody")
        with pytest.raises(InvalidInputError):
            ovh.email.domain("")


@pytest.mark.anyio
async def test_post_is_not_retried_but_get_is(sandbox: RunningSandbox) -> None:
    async with ovh_client(sandbox) as ovh:
        await ovh.me.get()  # the clock is synchronised first
        domain = ovh.email.domain("example.org")
        before = sandbox.side_effects["redirection.create"]
        sandbox.faults.fail_next(1, 500)
        with pytest.raises(OVHServerError):
            await domain.redirections.create("retry@example.org", "x@example.org")
        assert sandbox.side_effects["redirection.create"] == before
        sandbox.faults.fail_next(1, 500)
        with capture_responses() as log:
            assert (await ovh.me.get()).nichandle == "xx1234-ovh"
        assert log.last.retries_taken == 1


# -- DNS ----------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_dns_zones_and_records(sandbox: RunningSandbox, state: OVHState) -> None:
    async with ovh_client(sandbox) as ovh:
        assert await ovh.domain.names() == list(state.zones)
        assert await ovh.domain.zones.names() == list(state.zones)
        zones = await ovh.domain.zones.list().to_list()
        zone = zones[0]
        assert zone.name == "example.com" and zone.name_servers
        a_records = await zone.records.list(field_type="A").to_list()
        assert {r.sub_domain for r in a_records} == {"", "www"}
        assert await zone.records.ids(sub_domain="www") == [r.id for r in a_records if r.sub_domain == "www"]
        record = await zone.records.create("CNAME", "www.example.com.", sub_domain="blog", ttl=300)
        assert (record.field_type, record.sub_domain, record.ttl, record.zone) == ("CNAME", "blog", 300, "example.com")
        record.target = "web.example.com."
        await record.save()
        assert state.zone_records["example.com"][record.id]["target"] == "web.example.com."
        state.zone_records["example.com"][record.id]["ttl"] = 60
        assert (await record.refresh()).ttl == 60
        fetched = await ovh.domain.zones.records("example.com").get(record.id)
        assert fetched.target == "web.example.com."
        await record.delete()
        assert record.id not in state.zone_records["example.com"]
        before = zone.last_update
        await zone.refresh_zone()
        assert (await zone.refresh()).last_update != before
        with pytest.raises(InvalidInputError):
            await zone.records.create("BOGUS", "x")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError):
            await zone.records.create("A", "192.0.2.1", ttl=-1)


# -- raw access ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_raw_calls(sandbox: RunningSandbox, state: OVHState) -> None:
    async with ovh_client(sandbox) as ovh:
        assert (await ovh.get("/me"))["nichandle"] == "xx1234-ovh"
        assert (await ovh.get("/v1/me"))["nichandle"] == "xx1234-ovh"
        bills = await ovh.get("/me/bill", category="purchase")
        assert bills == [i for i, b in state.bills.items() if b["category"] == "purchase"]
        dated = await ovh.get("/me/bill", **{"date.from": "2099-01-01"})
        assert dated == []
        task = await ovh.post(
            "/email/domain/example.org/redirection", _from="raw@example.org", to="a@b.example", localCopy=True
        )
        assert task["action"] == "add"
        found = await ovh.get("/email/domain/example.org/redirection", _from="raw@example.org")
        assert len(found) == 1
        assert (await ovh.delete(f"/email/domain/example.org/redirection/{found[0]}"))["action"] == "delete"
        name = list(state.servers)[2]
        assert await ovh.put(f"/dedicated/server/{name}/burst", status="active") is None
        assert state.bursts[name]["status"] == "active"
        response = await ovh.raw_call("GET", "/auth/time", need_auth=False)
        assert response.status_code == 200
        assert isinstance(response.parsed, int)
        assert response.request_id == response.headers["X-Ovh-QueryID"]
        assert await ovh.call("GET", "/me/bill", params={"orderId": state.bills[bills[0]]["orderId"]}) == bills[:1]
        assert await ovh.call("POST", "/domain/zone/example.net/refresh") is None
        with pytest.raises(OVHBadRequestError, match="input body while none was expected"):
            await ovh.call("GET", "/me", {"unexpected": True})
        with pytest.raises(InvalidInputError):
            await ovh.get("me")
        with pytest.raises(InvalidInputError):
            await ovh.call("GE T", "/me")


# -- authentication and access rules ------------------------------------------------------------


@pytest.mark.anyio
async def test_consumer_key_flow_and_access_rules(sandbox: RunningSandbox, state: OVHState) -> None:
    creds = sandbox.credentials
    async with AsyncOVH(
        endpoint(sandbox.url),
        creds["application_key"],
        creds["application_secret"],
        config_file=None,
        sleep=no_sleep,
    ) as ovh:
        request = await ovh.request_consumer_key(
            [*rules.read_only("/me"), {"method": "GET", "path": "/dedicated/server/*"}],
            redirect_url="https://example.com/done",
            allowed_ips=["192.0.2.0/24"],
        )
        assert request.state == "pendingValidation"
        assert request.consumer_key not in repr(request)
        credential = state.credential_by_key(request.consumer_key)
        assert credential is not None and credential.redirection == "https://example.com/done"
        with pytest.raises(OVHAuthenticationError) as pending:
            await ovh.me.get()
        assert pending.value.error_code == "INVALID_CREDENTIAL"
        async with httpx.AsyncClient() as browser:
            page = await browser.get(request.validation_url)
            assert "GET /me" in page.text
            assert (await browser.post(request.validation_url)).status_code == 200
        assert (await ovh.me.get()).nichandle == "xx1234-ovh"
        with pytest.raises(OVHPermissionDeniedError) as denied:
            await ovh.me.bills.ids()
        assert isinstance(denied.value, PermissionDeniedError)
        assert (denied.value.error_code, denied.value.status) == ("NOT_GRANTED_CALL", 403)
        assert denied.value.message == "This call has not been granted"
        with pytest.raises(OVHPermissionDeniedError):
            await ovh.dedicated.servers.names()
        assert (await ovh.dedicated.servers.get(next(iter(state.servers)))).name == next(iter(state.servers))
        with pytest.raises(InvalidInputError):
            await ovh.request_consumer_key([])
        with pytest.raises(InvalidInputError):
            await ovh.request_consumer_key([{"verb": "GET"}])


@pytest.mark.anyio
async def test_wrong_secret_and_unknown_keys_are_authentication_errors(sandbox: RunningSandbox) -> None:
    creds = sandbox.credentials
    base = endpoint(sandbox.url)
    async with AsyncOVH(base, creds["application_key"], "wrong", creds["consumer_key"], config_file=None) as ovh:
        with pytest.raises(AuthenticationError) as caught:
            await ovh.me.get()
    assert isinstance(caught.value, OVHAuthenticationError)
    assert (caught.value.error_code, caught.value.status, caught.value.http_code) == (
        "INVALID_SIGNATURE",
        400,
        "400 Bad Request",
    )
    assert "wrong" not in str(caught.value)
    async with AsyncOVH(base, "unknown-ak", "x", creds["consumer_key"], config_file=None) as ovh:
        with pytest.raises(OVHAuthenticationError, match="application key is invalid"):
            await ovh.me.get()
    async with AsyncOVH(base, creds["application_key"], creds["application_secret"], "nope", config_file=None) as ovh:
        with pytest.raises(OVHAuthenticationError) as missing:
            await ovh.me.get()
    assert missing.value.error_code == "NOT_CREDENTIAL"


@pytest.mark.anyio
async def test_clock_drift_is_resynchronised_once(sandbox: RunningSandbox, state: OVHState) -> None:
    async with ovh_client(sandbox) as ovh:
        await ovh.me.get()
        assert await ovh.time_delta() == 0
        state.clock_offset = 1000
        try:
            with capture_responses() as log:
                assert (await ovh.me.get()).nichandle == "xx1234-ovh"
            assert [r.url.rsplit("/", 2)[-2:] for r in log] == [["auth", "time"], ["1.0", "me"]]
            assert await ovh.time_delta() == 1000
        finally:
            state.clock_offset = 0


@pytest.mark.anyio
async def test_oauth2_client_credentials(sandbox: RunningSandbox, state: OVHState) -> None:
    creds = sandbox.credentials
    base = endpoint(sandbox.url)
    async with AsyncOVH(
        base, client_id=creds["client_id"], client_secret=creds["client_secret"], config_file=None
    ) as ovh:
        assert ovh.auth_mode == "oauth2"
        assert (await ovh.me.get()).nichandle == "xx1234-ovh"
        tokens = sandbox.side_effects["oauth2.token"]
        for token in state.tokens:
            state.tokens[token] = 0.0  # every token expires on the server
        assert (await ovh.me.get()).nichandle == "xx1234-ovh"
        assert sandbox.side_effects["oauth2.token"] == tokens + 1
        with pytest.raises(ConfigurationError):
            await ovh.request_consumer_key(rules.read_only("/me"))
        with pytest.raises(ConfigurationError):
            await ovh.time_delta()
    async with AsyncOVH(base, client_id=creds["client_id"], client_secret="wrong", config_file=None) as ovh:
        with pytest.raises(OVHOAuth2Error) as caught:
            await ovh.me.get()
    assert caught.value.message == "OAuth2 failure: (invalid_client) ovhcloud oauth2 client does not exists"


@pytest.mark.anyio
async def test_with_options_repr_and_records_rebinding(sandbox: RunningSandbox) -> None:
    async with ovh_client(sandbox) as ovh:
        quick = ovh.with_options(timeout=5.0, max_retries=0, headers={"X-Trace": "1"}, concurrency=2, page_size=3)
        assert quick.transport.options.max_retries == 0
        assert quick.concurrency == 2 and quick.page_size == 3
        me = await quick.me.get()
        assert sandbox.credentials["consumer_key"] not in repr(ovh)
        assert sandbox.credentials["application_secret"] not in repr(me)
        assert repr(ovh).endswith(f"(endpoint={ovh.endpoint!r}, auth='signature')")
        assert ovh.base_url == endpoint(sandbox.url)
        since = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
        assert len(await quick.me.bills.ids(date_from=since)) == SEED_SIZE
        assert "OVHManager" not in repr(ovh.me) and repr(ovh.email.domain("example.com")).endswith("'example.com')")


@pytest.mark.anyio
async def test_secrets_never_reach_logs_errors_or_reprs(
    sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    creds = sandbox.credentials
    secrets = [creds["application_secret"], creds["consumer_key"], creds["client_secret"], creds["application_key"]]
    caplog.set_level(logging.DEBUG, logger="resourcekit")
    async with ovh_client(sandbox) as ovh:
        me = await ovh.me.get()
        await ovh.post(
            "/email/domain/example.org/redirection", _from="log@example.org", to="l@b.example", localCopy=False
        )
        request = await ovh.request_consumer_key(rules.read_only("/me"))
        with pytest.raises(OVHAuthenticationError) as caught:
            await ovh.me.get()
        shown = [repr(ovh), repr(me), repr(request), str(caught.value), repr(ovh.transport.auth)]
    async with ovh_client(sandbox, client_id=creds["client_id"], client_secret=creds["client_secret"]) as oauth2:
        await oauth2.me.get()
        shown.append(repr(oauth2.transport.auth))
    assert "x-ovh-signature': '***'" in caplog.text.lower()
    for secret in [*secrets, request.consumer_key]:
        assert secret not in caplog.text
        assert all(secret not in text for text in shown)
