"""pyonep's scenarios (tags, tokens, provisioning batches) against the sandbox over real HTTP.

The wire-level tests send requests exactly as pyonep builds them (``json.dumps`` with its default
separators and ASCII escapes, ``Accept: */*``, form bodies with ``sn%5B%5D``), with plain httpx,
so the emulator is checked against the old client's bytes and not only against ours.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from resourcekit.core.errors import InvalidInputError
from resourcekit.core.response import capture_responses
from resourcekit.exosite import (
    SELF,
    Alias,
    AsyncClientResource,
    AsyncOnePlatform,
    AsyncProvisioning,
    CallNoAuthError,
    CallRestrictedError,
    ExositeBadRequestError,
    Rid,
    SerialNumberRange,
)
from resourcekit.sandbox.server import RunningSandbox
from tests.exosite.conftest import UNLIMITED

PYONEP_RPC_HEADERS = {"Content-Type": "application/json; charset=utf-8", "Accept": "*/*"}
PYONEP_FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}

_counter = iter(range(1_000_000))


def pyonep_body(auth: dict[str, str], *calls: tuple[str, list[Any]]) -> bytes:
    """An RPC body as pyonep's ``OnepV1`` sends it, ids counted from 0."""
    envelope = {
        "auth": auth,
        "calls": [{"id": n, "procedure": name, "arguments": arguments} for n, (name, arguments) in enumerate(calls)],
    }
    return json.dumps(envelope).encode()


async def rpc(browser: httpx.AsyncClient, auth: dict[str, str], *calls: tuple[str, list[Any]]) -> list[Any]:
    response = await browser.post("/onep:v1/rpc/process", content=pyonep_body(auth, *calls), headers=PYONEP_RPC_HEADERS)
    assert response.status_code == 200
    replies: list[Any] = sorted(response.json(), key=lambda entry: entry["id"])
    return replies


# -- tags ---------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_tag_and_untag_show_in_info_and_listing(scratch: AsyncClientResource) -> None:
    kitchen = await scratch.create_dataport("float", alias="kitchen")
    cellar = await scratch.create_dataport("float", alias="cellar")
    await kitchen.tag("indoor", "floor1")
    await cellar.tag("indoor")
    assert kitchen.tags == ["indoor", "floor1"]
    assert (await kitchen.info(["tags"])).tags == ["floor1", "indoor"]
    owner = scratch.as_client()
    assert (await owner.info(SELF, ["tagged"])).tagged == ["floor1", "indoor"]  # the tags this client put
    assert (await scratch.info(["tagged"])).tagged == ["floor1", "indoor"]  # as its owner sees them
    assert (await owner.listing(["dataport"], tagged=["floor1"]))["dataport"] == [Rid(kitchen.rid)]
    indoor = await scratch.children(["dataport"], tagged=["indoor", "nowhere"])
    assert sorted(r.alias or "" for r in indoor) == ["cellar", "kitchen"]

    await kitchen.untag("floor1")
    assert kitchen.tags == ["indoor"]
    assert (await owner.listing(["dataport"], tagged=["floor1"]))["dataport"] == []
    await kitchen.untag("floor1")  # taking off a tag it does not carry changes nothing
    assert (await kitchen.refresh()).tags == ["indoor"]
    await owner.tag(Alias("cellar"), "indoor", action="remove")
    assert (await cellar.refresh()).tags == []


@pytest.mark.anyio
async def test_a_tag_is_carried_once(scratch: AsyncClientResource) -> None:
    port = await scratch.create_dataport("float")
    await port.tag("twice", "twice")
    await port.tag("twice", "other")
    assert port.tags == ["twice", "other"]
    assert (await port.info(["tags"])).tags == ["other", "twice"]
    await port.untag("twice", "twice")
    assert port.tags == ["other"]


@pytest.mark.anyio
async def test_tags_are_checked_before_sending(op: AsyncOnePlatform, scratch: AsyncClientResource) -> None:
    port = await scratch.create_dataport("string")
    with capture_responses() as log:
        with pytest.raises(InvalidInputError):
            await port.tag("")
        with pytest.raises(InvalidInputError):
            await port.tag("bad\nname")
        with pytest.raises(InvalidInputError):
            await port.untag()
        with pytest.raises(InvalidInputError):
            await op.tag(Rid(port.rid), "x", action="toggle")  # type: ignore[arg-type]
    assert len(log) == 0
    outsider = await (await op.me()).create_client(name="outsider")
    assert outsider.key is not None
    try:
        async with AsyncOnePlatform(outsider.key.get_secret_value(), url=op.url) as other:
            with pytest.raises(CallRestrictedError):
                await other.tag(Rid(port.rid), "mine")  # a sibling's resource
    finally:
        await outsider.drop()


@pytest.mark.anyio
async def test_tags_in_a_batch(scratch: AsyncClientResource) -> None:
    port = await scratch.create_dataport("integer", alias="counter")
    async with scratch.as_client().batch() as batch:
        added = batch.tag(Alias("counter"), "a")
        also = batch.tag(Alias("counter"), "b")
        info = batch.info(Alias("counter"), ["tags"])
    assert added.ok and also.ok
    assert info.value.tags == ["a", "b"]
    assert (await port.refresh()).tags == ["a", "b"]


# -- tokens ---------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_token_on_a_client_covers_its_subtree(sandbox: RunningSandbox, scratch: AsyncClientResource) -> None:
    """pyonep's test_token: grant read/write on a client, then write its dataport by alias."""
    await scratch.create_dataport("string", alias="message")
    device = await scratch.create_client(name="device", alias="device", limits=UNLIMITED)
    deep = await device.create_dataport("integer", alias="level")
    token = await scratch.grant(["read", "write"], ttl=1000)
    assert len(token) == 40
    async with AsyncOnePlatform(token=token, url=sandbox.url) as granted:
        await granted.write(Alias("message"), "你好")
        assert (await granted.read(Alias("message")))[0].value == "你好"
        await granted.write(Rid(deep.rid), 7)  # a grandchild, by RID
        assert (await granted.read(Rid(deep.rid)))[0].value == 7
        with pytest.raises(CallNoAuthError):
            await granted.drop(Alias("message"))  # only what was granted
        with pytest.raises(CallNoAuthError):
            await granted.info(Alias("message"))


@pytest.mark.anyio
async def test_pyonep_token_requests_on_the_wire(sandbox: RunningSandbox, scratch: AsyncClientResource) -> None:
    await scratch.create_dataport("string", alias="message")
    assert scratch.key is not None
    cik = scratch.key.get_secret_value()
    async with httpx.AsyncClient(base_url=sandbox.url) as browser:
        (granted,) = await rpc(
            browser, {"cik": cik}, ("grant", [scratch.rid, {scratch.rid: ["read", "write"]}, {"ttl": 1000}])
        )
        assert granted["status"] == "ok" and len(granted["result"]) == 40
        token = {"token": granted["result"]}
        (written,) = await rpc(browser, token, ("write", [{"alias": "message"}, "你好", {}]))
        assert written == {"id": 0, "status": "ok"}
        (read,) = await rpc(browser, token, ("read", [{"alias": "message"}, {"limit": 1}]))
        assert read["status"] == "ok" and read["result"][0][1] == "你好"
        (dropped,) = await rpc(browser, token, ("drop", [{"alias": "message"}]))
        assert dropped["status"] == "noauth"
        # pyonep's tag(auth, resource, action, tag) and listing with the tagged option
        tagged, listed = await rpc(
            browser,
            {"cik": cik},
            ("tag", [{"alias": "message"}, "add", "greeting"]),
            ("listing", [{"alias": ""}, ["dataport"], {"tagged": ["greeting"]}]),
        )
        assert tagged == {"id": 0, "status": "ok"}
        assert len(listed["result"]["dataport"]) == 1
        for action, name in [("toggle", "greeting"), ("add", "")]:
            (bad,) = await rpc(browser, {"cik": cik}, ("tag", [{"alias": "message"}, action, name]))
            assert bad["status"] == "fail" and bad["error"]["context"] == "arguments"


@pytest.mark.anyio
async def test_pyonep_examples_on_the_wire(sandbox: RunningSandbox, scratch: AsyncClientResource) -> None:
    """docs/examples.md's doctest, examples/get_info.py and examples/auth_token.py, as pyonep sends them."""
    assert scratch.key is not None
    cik = {"cik": scratch.key.get_secret_value()}
    description = {"format": "string", "retention": {"count": "infinity", "duration": "infinity"}}
    async with httpx.AsyncClient(base_url=sandbox.url) as browser:
        # createDataport(cik, desc), then listing(cik, ['client', 'dataport'], {}, {'alias': ''})
        (created,) = await rpc(browser, cik, ("create", ["dataport", description]))
        assert created["status"] == "ok" and len(created["result"]) == 40
        (listed,) = await rpc(browser, cik, ("listing", [{"alias": ""}, ["client", "dataport"], {}]))
        assert (len(listed["result"]["client"]), len(listed["result"]["dataport"])) == (0, 1)
        # get_info.py: info(cik, {'alias': ''}) with pyonep's default options {}
        (info,) = await rpc(browser, cik, ("info", [{"alias": ""}, {}]))
        assert info["result"]["basic"]["status"] == "activated" and info["result"]["tags"] == []
        # auth_token.py: a token reads a dataport and lists ['client', 'token'] with options []
        (granted,) = await rpc(browser, cik, ("grant", [scratch.rid, {scratch.rid: ["read", "listing"]}, {"ttl": 60}]))
        read, listing = await rpc(
            browser,
            {"token": granted["result"]},
            ("read", [created["result"], {"limit": 1, "sort": "desc", "selection": "all"}]),
            ("listing", [scratch.rid, ["client", "token"], []]),
        )
        assert read == {"id": 0, "status": "ok", "result": []}
        assert listing["status"] == "ok" and listing["result"] == {"client": [], "token": []}
        # comment is deprecated and not emulated: it is answered as an unknown procedure
        (comment,) = await rpc(browser, cik, ("comment", [created["result"], "public", "hello"]))
        assert comment["status"] == "fail" and comment["error"]["context"] == "procedure"


# -- provisioning batch removal -----------------------------------------------------------------


@pytest.mark.anyio
async def test_pyonep_batch_add_and_remove_of_serial_numbers(sandbox: RunningSandbox) -> None:
    """``serialnumber_add_batch`` / ``serialnumber_remove_batch`` as pyonep sends them."""
    credentials = sandbox.credentials
    base = f"SN{next(_counter)}x"
    path = "/provision/manage/model/thermostat/"
    headers = {**PYONEP_FORM_HEADERS, "X-Exosite-Token": credentials["vendor_token"]}
    async with httpx.AsyncClient(base_url=sandbox.url) as browser:
        added = await browser.post(
            path, content=f"add=true&sn%5B%5D={base}1&sn%5B%5D={base}2&sn%5B%5D={base}3", headers=headers
        )
        assert added.status_code == 205
        removed = await browser.post(path, content=f"remove=true&sn%5B%5D={base}1&sn%5B%5D={base}2", headers=headers)
        assert removed.status_code == 205
    async with AsyncProvisioning(credentials["vendor_token"], url=sandbox.url) as vendor:
        model = await vendor.models.get("thermostat")
        left = [sn.sn async for sn in model.serial_numbers.list() if sn.sn.startswith(base)]
        assert left == [f"{base}3"]
        await model.serial_numbers.delete_many([f"{base}3"])
        assert [sn.sn async for sn in model.serial_numbers.list() if sn.sn.startswith(base)] == []


@pytest.mark.anyio
async def test_documented_range_formats(sandbox: RunningSandbox, op: AsyncOnePlatform) -> None:
    credentials = sandbox.credentials
    async with AsyncProvisioning(credentials["vendor_token"], url=sandbox.url) as vendor:
        model = await vendor.models.create(f"ranges{next(_counter)}", rid=await op.lookup("template"))
        hexadecimal = SerialNumberRange(format="base16", length=4, casing="upper", first=0xFE, last=0x100)
        await model.serial_numbers.add_ranges([hexadecimal, SerialNumberRange(first=7, last=8, length=2)])
        assert [sn.sn async for sn in model.serial_numbers.list()] == ["00FE", "00FF", "0100", "07", "08"]
        # the two other spellings of MAC-48: 12 hex digits, lower case unless asked otherwise
        macs = [
            SerialNumberRange(format="mac-48", first=0xAB, last=0xAB),
            SerialNumberRange(format="mac.48", first=0xCD, last=0xCD),
        ]
        await model.serial_numbers.add_ranges(macs)
        assert [sn.sn async for sn in model.serial_numbers.list()][-2:] == ["0000000000ab", "0000000000cd"]
        with pytest.raises(ExositeBadRequestError):  # not a format the docs list
            await model.serial_numbers.add_ranges([SerialNumberRange(format="decimal", first=1, last=2)])
        await model.delete()


@pytest.mark.anyio
async def test_pyonep_provisioning_example_on_the_wire(sandbox: RunningSandbox, op: AsyncOnePlatform) -> None:
    """examples/provisioning.py request by request, as pyonep's ``Provision`` sends them."""
    vendor, vendor_token = sandbox.credentials["vendor"], sandbox.credentials["vendor_token"]
    n = next(_counter)
    model, sn1, sn2, sn3 = f"MyTestModel{n}", f"001{n}", f"002{n}", f"003{n}"
    portal_rid, clone_rid = await op.lookup(""), await op.lookup("template")
    manage = {"X-Exosite-Token": vendor_token, "Accept": "*/*"}
    posting = {**manage, **PYONEP_FORM_HEADERS}
    base = "/provision/manage"
    async with httpx.AsyncClient(base_url=sandbox.url) as browser:

        async def expect(status: int, method: str, path: str, body: str | None = None, **kw: Any) -> httpx.Response:
            headers = kw.pop("headers", posting if method == "POST" else manage)
            response = await browser.request(method, path, content=body, headers=headers, **kw)
            assert response.status_code == status, (method, path, response.status_code)
            return response

        await expect(205, "POST", f"{base}/model/", f"model={model}&rid={clone_rid}&options%5B%5D=noaliases")
        assert model in (await expect(200, "GET", f"{base}/model/")).text.split()
        assert (await expect(200, "GET", f"{base}/model/{model}")).text.startswith(f"rid={clone_rid}")
        await expect(205, "POST", f"{base}/model/{model}/", f"add=true&sn={sn1}")
        await expect(205, "POST", f"{base}/model/{model}/", f"add=true&sn%5B%5D={sn2}&sn%5B%5D={sn3}")
        listed = await expect(200, "GET", f"{base}/model/{model}/", params={"offset": 0, "limit": 10})
        assert [line.split(",")[0] for line in listed.text.split()] == [sn1, sn2, sn3]
        await expect(205, "POST", f"{base}/model/{model}/", f"remove=true&sn%5B%5D={sn2}&sn%5B%5D={sn3}")
        listed = await expect(200, "GET", f"{base}/model/{model}/", params={"offset": 0, "limit": 1000})
        assert [line.split(",")[0] for line in listed.text.split()] == [sn1]
        client_rid = (await expect(200, "POST", f"{base}/model/{model}/{sn1}", f"enable=true&owner={portal_rid}")).text
        assert len(client_rid.strip()) == 40
        info = await expect(200, "GET", f"{base}/model/{model}/{sn1}")
        assert info.text.startswith("notactivated,")
        await expect(205, "POST", f"{base}/model/{model}/{sn1}", "disable=true")
        assert (await expect(200, "GET", f"{base}/model/{model}/{sn1}")).text.startswith("expired,")
        await expect(205, "POST", f"{base}/model/{model}/{sn1}", "enable=true")
        activated = await expect(
            200,
            "POST",
            "/provision/activate",
            f"vendor={vendor}&model={model}&sn={sn1}",
            headers={**PYONEP_FORM_HEADERS, "X-Exosite-Token": "", "Accept": "*/*"},
        )
        sn_cik = activated.text.strip()
        assert (await expect(200, "GET", f"{base}/model/{model}/{sn1}")).text.startswith("activated,")
        await expect(205, "POST", f"{base}/content/{model}/", "id=a.txt&meta=This+is+text")
        assert (await expect(200, "GET", f"{base}/content/{model}/")).text.split() == ["a.txt"]
        await expect(
            205,
            "POST",
            f"{base}/content/{model}/a.txt",
            "This is content data",
            headers={**manage, "Content-Type": "text/plain"},
        )
        assert (await expect(200, "GET", f"{base}/content/{model}/a.txt")).text.startswith("text/plain,20,")
        downloaded = await expect(
            200,
            "GET",
            "/provision/download",
            params={"vendor": vendor, "model": model, "id": "a.txt"},
            headers={"X-Exosite-CIK": sn_cik, "Accept": "*/*"},
        )
        assert downloaded.text == "This is content data"
        await expect(205, "DELETE", f"{base}/content/{model}/a.txt")
        await expect(205, "DELETE", f"{base}/model/{model}", f"delete=true&model={model}&confirm=true")
        await expect(404, "GET", f"{base}/model/{model}")
