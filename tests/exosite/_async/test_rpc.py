"""The RPC client, its records and the HTTP Data Interface against the sandbox over real HTTP."""

from __future__ import annotations

import logging

import pytest

from resourcekit.core.errors import ConfigurationError, InvalidInputError, ReadOnlyFieldError
from resourcekit.core.response import capture_responses
from resourcekit.exosite import (
    SELF,
    Alias,
    AsyncClientResource,
    AsyncDataport,
    AsyncDatarule,
    AsyncDispatch,
    AsyncOnePlatform,
    Call,
    CallInvalidError,
    CallNoAuthError,
    CallRestrictedError,
    ClientDescription,
    DataportDescription,
    ExositeAuthenticationError,
    Point,
    RecordBatchError,
    Retention,
    Rid,
    RPCAuthenticationError,
    SimpleRule,
)
from resourcekit.sandbox.server import RunningSandbox
from tests.exosite.conftest import UNLIMITED, emulator_state

# -- navigation and records ---------------------------------------------------------------------


@pytest.mark.anyio
async def test_me_and_the_tree(op: AsyncOnePlatform) -> None:
    me = await op.me()
    assert me.type == "client" and me.status == "activated" and me.name == "Sandbox portal"
    assert me.rid == await op.lookup("")
    children = await me.children()
    by_alias = {child.alias: child for child in children}
    assert isinstance(by_alias["temperature"], AsyncDataport)
    assert isinstance(by_alias["too_hot"], AsyncDatarule)
    assert isinstance(by_alias["alert"], AsyncDispatch)
    assert isinstance(by_alias["devices"], AsyncClientResource)
    devices = by_alias["devices"]
    assert isinstance(devices, AsyncClientResource)
    assert devices.key is not None  # the direct owner sees the CIK, masked in reprs
    assert devices.key.get_secret_value() not in repr(devices)
    device_clients = await devices.clients()
    assert sorted(c.alias or "" for c in device_clients) == ["device1", "device2", "device3"]
    port = await device_clients[0].dataport("temperature")
    assert (await port.latest()) is not None
    tree = await me.tree()
    assert any(depth == 3 and r.type == "dataport" for depth, r in tree)
    assert [p.alias for p in await me.dataports()][:3] == ["temperature", "humidity", "pressure"]


@pytest.mark.anyio
async def test_dataport_data(scratch: AsyncClientResource) -> None:
    port = await scratch.create_dataport("float", name="Temp", alias="temp", retention=Retention(count=3))
    assert port.alias == "temp" and port.format == "float" and port.retention == Retention(count=3)
    assert await port.latest() is None
    await port.write(21.5)
    latest = await port.latest()
    assert latest is not None and latest.value == 21.5
    await port.record([(100, 1.0), (200, 2.0), Point(300, 3.0)])
    points = await port.read(None, sort="asc")
    assert len(points) == 3  # retention keeps the newest three
    assert [p.value for p in points][-1] == 21.5
    assert await port.read(2, start=150, end=300, sort="asc") == [Point(200, 2.0), Point(300, 3.0)]
    await port.flush(newer_than=150, older_than=250)
    assert [p.timestamp for p in await port.read(None, sort="asc")][:2] == [300, latest.timestamp]
    await port.flush()
    assert await port.read(None) == []
    with pytest.raises(RecordBatchError) as caught:
        await port.record([(10, 1.0), (20, "not a number")])
    assert caught.value.rejected == [(20, "invalid")]
    assert await port.read(None) == [Point(10, 1.0)]


@pytest.mark.anyio
async def test_wait_returns_points_and_expires(scratch: AsyncClientResource) -> None:
    port = await scratch.create_dataport("integer", alias="counter")
    await port.record([(1000, 5)])
    assert await port.wait(5.0, since=999) == Point(1000, 5)
    assert await port.wait(0.2) is None  # the wait expired (status "expire")


@pytest.mark.anyio
async def test_wait_read_timeout_is_derived_from_the_wait(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client(timeout=0.3, max_retries=0) as short:
        assert await short.wait(Alias("humidity"), timeout=0.8) is None


@pytest.mark.anyio
async def test_save_update_refresh(scratch: AsyncClientResource) -> None:
    port = await scratch.create_dataport("string", name="before", alias="s")
    port.name = "after"
    port.meta = "m"
    assert port.changes() == {"name": "after", "meta": "m"}
    await port.save()
    assert not port.has_changes
    await port.refresh()
    assert (port.name, port.meta) == ("after", "m")
    await port.update(public=True, retention=Retention(count=5, duration=24))
    fresh = await scratch.dataport("s")
    assert fresh.public is True and fresh.retention == Retention(count=5, duration=24)
    with pytest.raises(ReadOnlyFieldError):
        port.format = "float"  # type: ignore[misc]


@pytest.mark.anyio
async def test_client_limits_and_children(scratch: AsyncClientResource) -> None:
    sub = await scratch.create_client(name="sub", alias="sub", limits={"dataport": 1})
    assert sub.limits is not None and sub.limits.dataport == 1
    await sub.create_dataport("float", alias="only")
    with pytest.raises(Exception, match="limit"):
        await sub.create_dataport("float", alias="too-many")
    sub.limits.dataport = 2
    sub.limits = sub.limits
    await sub.save()
    await sub.create_dataport("float", alias="second")
    assert sorted(p.alias or "" for p in await sub.dataports()) == ["only", "second"]


@pytest.mark.anyio
async def test_datarule_and_dispatch(scratch: AsyncClientResource) -> None:
    port = await scratch.create_dataport("float", alias="t")
    rule = await scratch.create_datarule(SimpleRule(comparison="gt", constant=30), subscribe=port.rid, alias="hot")
    dispatch = await scratch.create_dispatch("email", "ops@example.com", subject="Hot", subscribe=rule.rid)
    assert rule.rule == SimpleRule(comparison="gt", constant=30)
    assert dispatch.method == "email" and dispatch.recipient == "ops@example.com"
    await port.write(35)
    assert (await rule.latest()) is not None
    assert (await rule.read())[0].value == 1
    rule.rule = SimpleRule(comparison="lt", constant=0)
    await rule.save()
    await rule.refresh()
    assert rule.rule == SimpleRule(comparison="lt", constant=0)
    dispatch.subject = "Very hot"
    await dispatch.save()
    await dispatch.refresh()
    assert dispatch.subject == "Very hot"


@pytest.mark.anyio
async def test_aliases_move_share_drop(op: AsyncOnePlatform, scratch: AsyncClientResource) -> None:
    port = await scratch.create_dataport("float")
    assert port.alias is None
    await port.map_alias("named")
    assert await scratch.lookup("named") == port.rid
    await port.unmap_alias()
    with pytest.raises(CallInvalidError):
        await scratch.lookup("named")
    target = await scratch.create_client(name="target", limits=UNLIMITED)
    await port.map_alias("mover")
    await port.move(target)
    assert await target.lookup("mover") == port.rid
    assert (await op.lookup(port.rid, kind="owner")) == target.rid
    code = await port.share(meta="for a friend")
    assert len(code) == 40
    info = await port.info(["shares"])
    assert info.shares is not None and info.shares[0].meta == "for a friend"
    assert await op.lookup(code, kind="shared") == port.rid
    await port.drop()
    with pytest.raises(CallRestrictedError):
        await op.info(Rid(port.rid))


@pytest.mark.anyio
async def test_info_sections_and_usage(op: AsyncOnePlatform) -> None:
    info = await op.info(Alias("temperature"), ["basic", "storage", "description"])
    assert info.basic is not None and info.basic.type == "dataport"
    assert info.storage is not None and info.storage.count >= 1
    assert info.key is None and info.aliases is None
    me = await op.me()
    assert await me.usage("dataport", 0, 10) >= 10
    assert await op.usage("email", 0, 10) == 0
    listed = await op.listing(["dataport", "client"], options=["aliased"])
    assert len(listed["dataport"]) >= 3


@pytest.mark.anyio
async def test_acting_as_a_descendant(op: AsyncOnePlatform) -> None:
    devices = await op.lookup("devices")
    as_devices = op.with_options(client_id=devices)
    assert as_devices.auth.client_id == devices
    assert await as_devices.lookup("") == devices
    device1 = await as_devices.lookup("device1")
    as_owner = op.with_options(resource_id=device1)
    assert await as_owner.lookup("") == devices
    assert (await op.with_options(client_id=None).lookup("")) == await op.lookup("")


@pytest.mark.anyio
async def test_clone_by_rid_and_share_code(op: AsyncOnePlatform, scratch: AsyncClientResource) -> None:
    template = await scratch.create_client(name="tpl", limits=UNLIMITED)
    port = await template.create_dataport("float", alias="temperature")
    await port.write(1.5)
    owner = scratch.as_client()
    copy = await owner.clone(rid=template.rid, historical=False)
    as_copy = op.with_options(client_id=copy)
    copied_port = await as_copy.lookup("temperature")
    assert copied_port != port.rid
    assert await as_copy.read(Alias("temperature")) == []
    code = await owner.share(Rid(template.rid))
    bare = await owner.clone(code=code, aliases=False)
    with pytest.raises(CallInvalidError):
        await op.with_options(client_id=bare).lookup("temperature")
    assert len((await op.with_options(client_id=bare).listing(["dataport"]))["dataport"]) == 1


@pytest.mark.anyio
async def test_revoke_and_activate_keys(sandbox: RunningSandbox, scratch: AsyncClientResource) -> None:
    owner = scratch.as_client()
    device = await owner.create(ClientDescription(name="dev"))
    key = (await owner.info(device, ["key"])).key
    assert key is not None
    old_key = key.get_secret_value()
    await owner.revoke("client", old_key)
    new_key = (await owner.info(device, ["key"])).key
    assert new_key is not None and new_key.get_secret_value() != old_key
    assert (await owner.info(device, ["basic"])).basic.status == "notactivated"  # type: ignore[union-attr]
    await owner.activate("client", new_key.get_secret_value())
    async with AsyncOnePlatform(new_key.get_secret_value(), url=sandbox.url) as as_device:
        assert await as_device.lookup("") == device
    async with AsyncOnePlatform(old_key, url=sandbox.url) as stale:
        with pytest.raises(RPCAuthenticationError):
            await stale.lookup("")
    port = await scratch.create_dataport("float", alias="shared")
    code = await port.share()
    await owner.activate("share", code, client=device)
    listed = await owner.listing(["dataport"], client=device, options=["activated"])
    assert listed["dataport"] == [port.rid]
    await owner.deactivate("share", code, client=device)
    await owner.revoke("share", code)
    with pytest.raises(CallInvalidError):
        await owner.activate("share", code)


@pytest.mark.anyio
async def test_grant_tokens(sandbox: RunningSandbox, scratch: AsyncClientResource) -> None:
    port = await scratch.create_dataport("string", alias="greeting")
    token = await port.grant(["read", "write"], ttl=600)
    async with AsyncOnePlatform(token=token, url=sandbox.url) as granted:
        await granted.write(Rid(port.rid), "你好")
        assert (await granted.read(Rid(port.rid)))[0].value == "你好"
        with pytest.raises(CallNoAuthError):
            await granted.drop(Rid(port.rid))
        with pytest.raises(ConfigurationError):
            await granted.http_read("greeting")
    other = await scratch.as_client().grant(SELF, {scratch.rid: ["info"]})
    async with AsyncOnePlatform(token=other, url=sandbox.url) as info_only:
        assert (await info_only.info(SELF, ["basic"])).basic is not None


# -- batches ------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_batch_handles_follow_call_order(op: AsyncOnePlatform) -> None:
    with capture_responses() as log:
        async with op.batch() as batch:
            temperature = batch.read(Alias("temperature"), limit=2)
            missing = batch.info(Alias("no-such-alias"))
            me = batch.lookup("")
            humidity = batch.read(Alias("humidity"), limit=1)
    assert len(log) == 1
    entries = log.last.parsed
    assert [entry["id"] for entry in entries] == [3, 2, 1, 0]  # the sandbox answers in reverse
    assert len(temperature.value) == 2
    assert isinstance(missing.error, CallInvalidError)
    with pytest.raises(CallInvalidError):
        _ = missing.value
    assert me.value == await op.lookup("")
    assert humidity.value[0].value != temperature.value[0].value or humidity.value != temperature.value
    assert [h.procedure for h in batch.handles] == ["read", "info", "lookup", "read"]


@pytest.mark.anyio
async def test_large_batches_are_chunked(op: AsyncOnePlatform) -> None:
    small = op.with_options(batch_size=2)
    with capture_responses() as log:
        async with small.batch() as batch:
            handles = [batch.lookup(alias) for alias in ("temperature", "humidity", "pressure", "devices", "alert")]
    assert len(log) == 3
    assert [h.value for h in handles] == [
        await op.lookup(a) for a in ("temperature", "humidity", "pressure", "devices", "alert")
    ]


@pytest.mark.anyio
async def test_a_failed_batch_does_not_leak(sandbox: RunningSandbox, op: AsyncOnePlatform) -> None:
    sandbox.faults.fail_next(5, status=503)
    batch = op.with_options(max_retries=0).batch()
    first = batch.write(Alias("temperature"), 1.0)
    with pytest.raises(Exception, match=r"503|Service"):
        await batch.send()
    assert first.error is not None
    with pytest.raises(InvalidInputError):
        batch.read(Alias("temperature"))
    sandbox.faults.clear()
    async with op.batch() as fresh:
        read = fresh.read(Alias("temperature"))
    assert read.ok and len(fresh) == 1


@pytest.mark.anyio
async def test_batch_discarded_on_exception(op: AsyncOnePlatform, sandbox: RunningSandbox) -> None:
    async def queue_then_fail() -> None:
        async with op.batch() as batch:
            batch.write(Alias("temperature"), 99.0)
            raise RuntimeError("changed my mind")

    with pytest.raises(RuntimeError):
        await queue_then_fail()
    assert sandbox.side_effects["write"] == 0


@pytest.mark.anyio
async def test_raw_calls(op: AsyncOnePlatform) -> None:
    results = await op.calls([Call("lookup", [{"alias": ""}, "alias", "temperature"]), Call("bogus", [])])
    assert results[0].ok and len(results[0].value) == 40
    assert results[1].status == "fail" and results[1].error is not None
    assert results[1].error.context == "procedure"
    assert await op.call("lookup", {"alias": ""}, "alias", "") == await op.lookup("")
    with pytest.raises(CallInvalidError):
        await op.call("lookup", {"alias": ""}, "alias", "nope")


# -- transport ----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_survives_the_server_closing_keep_alive_connections(sandbox: RunningSandbox) -> None:
    state = emulator_state(sandbox)
    before = len(state.connections)
    async with sandbox.async_client(max_retries=0) as client:
        for _ in range(210):
            await client.lookup("temperature")
    assert len(state.connections) - before >= 3  # a new connection after each 100 requests


@pytest.mark.anyio
async def test_bad_credentials(sandbox: RunningSandbox) -> None:
    async with AsyncOnePlatform("0" * 40, url=sandbox.url) as bad:
        with pytest.raises(RPCAuthenticationError) as caught:
            await bad.info()
        assert caught.value.context == "auth"
        with pytest.raises(ExositeAuthenticationError):
            await bad.http_read("temperature")


@pytest.mark.anyio
async def test_invalid_input_sends_nothing(op: AsyncOnePlatform) -> None:
    with capture_responses() as log:
        with pytest.raises(InvalidInputError):
            await op.read("temperature")
        with pytest.raises(InvalidInputError):
            await op.write(Alias("temperature"), True)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError):
            await op.update(SELF, {"name": "me"})
    assert len(log) == 0


@pytest.mark.anyio
async def test_secrets_stay_out_of_reprs_and_logs(
    sandbox: RunningSandbox, op: AsyncOnePlatform, caplog: pytest.LogCaptureFixture
) -> None:
    cik = sandbox.credentials["cik"]
    assert cik not in repr(op)
    me = await op.me()
    assert cik not in repr(me)
    with caplog.at_level(logging.DEBUG, logger="resourcekit"):
        await op.read(Alias("temperature"))
        await op.http_read("temperature")
    assert caplog.records
    assert cik not in caplog.text


@pytest.mark.anyio
async def test_environment_configuration(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in sandbox.environment().items():
        monkeypatch.setenv(name, value)
    async with AsyncOnePlatform() as from_env:
        assert from_env.url == sandbox.url
        assert await from_env.lookup("")
    monkeypatch.delenv("EXOSITE_CIK")
    with pytest.raises(ConfigurationError, match="EXOSITE_CIK"):
        AsyncOnePlatform()


# -- HTTP Data Interface -----------------------------------------------------------------------


@pytest.mark.anyio
async def test_http_data_interface(op: AsyncOnePlatform) -> None:
    await op.http_write({"humidity": 40, "pressure": 1000})
    assert await op.http_read("humidity", "pressure", "unknown") == {"humidity": "40.0", "pressure": "1000.0"}
    assert await op.http_read("unknown") == {}
    assert await op.http_write_read({"humidity": 41}, ["humidity"]) == {"humidity": "41.0"}
    now = await op.timestamp()
    assert now > 1_600_000_000
    found = await op.http_wait("humidity", timeout=2, since=now - 3600)
    assert found is not None and found[0] == "41.0" and found[1] is not None
    assert await op.http_wait("humidity", timeout=0.2) is None
    await op.http_record({"humidity": [(100, 1), (200, 2)]})
    assert Point(200, 2.0) in await op.read(Alias("humidity"), limit=None)
    with pytest.raises(Exception, match="409"):
        await op.http_record({"humidity": [(300, 1), (300, 2)]})
    raw = await op.raw_http("GET", "/timestamp")
    assert raw.status_code == 200


@pytest.mark.anyio
async def test_hdi_needs_a_plain_cik(op: AsyncOnePlatform) -> None:
    acting = op.with_options(client_id=await op.lookup("devices"))
    with pytest.raises(ConfigurationError):
        await acting.http_read("temperature")
    with pytest.raises(InvalidInputError):
        await op.http_wait("temperature", timeout=301)


@pytest.mark.anyio
async def test_create_with_a_plain_description(op: AsyncOnePlatform, scratch: AsyncClientResource) -> None:
    created = await scratch.create(DataportDescription(format="string", name="plain"), alias="plain")
    assert isinstance(created, AsyncDataport) and created.name == "plain"
    record = await scratch.get(Alias("plain"))
    assert record.rid == created.rid
    with pytest.raises(InvalidInputError, match="not a dataport"):
        await op.dataport(Alias("devices"))


@pytest.mark.anyio
async def test_writegroup_and_deprecated_record(op: AsyncOnePlatform, scratch: AsyncClientResource) -> None:
    owner = scratch.as_client()
    first = await scratch.create_dataport("integer", alias="a")
    second = await scratch.create_dataport("string", alias="b")
    await owner.writegroup([(Alias("a"), 7), (Rid(second.rid), "seven")])
    (point_a,) = await first.read()
    (point_b,) = await second.read()
    assert (point_a.value, point_b.value) == (7, "seven")
    assert point_a.timestamp == point_b.timestamp  # one shared timestamp
    await owner.record(Alias("a"), [(-60, 6)])  # seconds before now
    older = await first.read(2)
    assert [p.value for p in older] == [7, 6] and older[1].timestamp <= point_a.timestamp - 59
    await owner.unmap("b")
    with pytest.raises(CallInvalidError):
        await owner.read(Alias("b"))


@pytest.mark.anyio
async def test_every_kind_of_call_in_one_batch(op: AsyncOnePlatform, scratch: AsyncClientResource) -> None:
    owner = scratch.as_client()
    port = await scratch.create_dataport("float", alias="p")
    rid = Rid(port.rid)
    async with owner.batch() as batch:
        write = batch.write(rid, 1.0)
        group = batch.writegroup([(rid, 2.0)])
        record = batch.record(rid, [(10, 0.5)])
        recordbatch = batch.recordbatch(rid, [(20, 0.75)])
        read = batch.read(rid, limit=None, sort="asc")
        info = batch.info(rid, ["storage"])
        listing = batch.listing(["dataport"])
        usage = batch.usage("dataport", 0, 100)
        lookup = batch.lookup("p")
        share = batch.share(rid, meta="batched")
        created = batch.create(DataportDescription(format="string"))
    assert all(h.ok for h in (write, group, record, recordbatch)), [h.error for h in batch.handles]
    assert [p.value for p in read.value][:2] == [0.5, 0.75]
    assert info.value.storage is not None and listing.value["dataport"][0] == rid
    assert usage.value >= 100 and lookup.value == rid and len(share.value) == 40
    async with owner.batch() as second:
        mapped = second.map(created.value, "q")
        flush = second.flush(rid, older_than=15)
        wait = second.wait(rid, timeout=0.1, since=0)
        grant = second.grant(rid, {rid: ["read"]})
        moved = second.move(created.value, SELF)
        update = second.update(rid, {"name": "renamed"})
        revoke = second.revoke("share", share.value)
        unmap = second.unmap("q")
        cloned = second.clone(rid=scratch.rid)
        activate = second.activate("share", "0" * 40)
        deactivate = second.deactivate("share", "0" * 40)
        dropped = second.drop(created.value)
    assert mapped.ok and flush.ok and update.ok and revoke.ok and unmap.ok and dropped.ok
    assert wait.value is not None and wait.value.timestamp == 20  # the point at 10 was flushed
    assert len(grant.value) == 40
    assert moved.ok  # moving under the client that already holds it changes nothing
    assert isinstance(cloned.error, CallInvalidError)  # a client cannot hold a copy of itself
    assert isinstance(activate.error, CallInvalidError) and isinstance(deactivate.error, CallInvalidError)


@pytest.mark.anyio
async def test_a_taken_alias_is_reported(scratch: AsyncClientResource) -> None:
    await scratch.create_dataport("float", alias="twice")
    with pytest.raises(CallInvalidError):
        await scratch.create_dataport("float", alias="twice")
    assert len(await scratch.dataports()) == 2  # the second dataport exists, without the alias
