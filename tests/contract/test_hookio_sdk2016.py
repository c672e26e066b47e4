"""The 2016 Python SDK for hook.io (pyhedgehog/hook.io-sdk-python) against the sandbox, on the wire.

The SDK is not installable here (it was never published; PyPI's ``hookio`` is another project), so
each test sends the requests that one of the SDK's own test modules makes, shaped as its
``Client.request`` shapes them on top of ``requests``: ``accept: application/json``, the key in a
``hookio-private-key`` header unless the call is anonymous (and in the JSON body as well for
``/keys/*``), POST bodies as JSON (``hook.update`` as a form), GET parameters as a form body (what
``requests`` does with ``data=`` on a GET), ``?streaming=true`` for streams, redirects followed.
The replies are checked as those test modules check them; where the 2016 server and the 2019
server the sandbox follows answer differently, both answers are accepted and the test says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode

import httpx
import pytest

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.hookio import PROVIDER
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

# hookio/keys.py's role list (2016); the server has gained roles since, so it is a subset.
SDK_ROLES = [
    "datastore::del",
    "datastore::get",
    "datastore::recent",
    "datastore::set",
    "domain::create",
    "domain::destroy",
    "domain::find",
    "domain::get",
    "domain::update",
    "env::read",
    "env::write",
    "events::read",
    "events::write",
    "files::createReadStream",
    "files::createWriteStream",
    "files::download",
    "files::readFile",
    "files::readdir",
    "files::removeFile",
    "files::stat",
    "files::upload",
    "files::writeFile",
    "hook::create",
    "hook::destroy",
    "hook::find",
    "hook::logs::read",
    "hook::logs::write",
    "hook::package::read",
    "hook::presenter::read",
    "hook::resource::read",
    "hook::run",
    "hook::source::read",
    "hook::update",
    "hook::view::read",
    "keys::checkAccess",
    "keys::create",
    "keys::destroy",
    "keys::read",
]
# The keys of a Google Cloud Storage object, which the 2016 server's readdir listed per file.
READDIR_KEYS = {
    "bucket",
    "contentType",
    "crc32c",
    "etag",
    "generation",
    "id",
    "kind",
    "md5Hash",
    "mediaLink",
    "metageneration",
    "name",
    "selfLink",
    "size",
    "storageClass",
    "timeCreated",
    "timeStorageClassUpdated",
    "updated",
}


class OldSDK:
    """The requests the 2016 SDK's ``Client.request`` sends, over httpx."""

    def __init__(self, http: httpx.Client, key: str | None) -> None:
        self.http = http
        self.key = key

    def request(
        self,
        method: str,
        url: str,
        params: dict[str, Any],
        *,
        anonymous: bool = False,
        json_auth: bool = False,
        json_forbid: bool = False,
        streaming: bool = False,
    ) -> httpx.Response:
        headers = {"accept": "application/json"}
        signed = bool(self.key) and not anonymous
        if signed:
            headers["hookio-private-key"] = str(self.key)
        if json_auth and signed:
            params = {**params, "hook_private_key": self.key}
        body: bytes | None = None
        if method == "POST" and json_forbid:
            headers["content-type"] = "application/x-www-form-urlencoded"
            body = urlencode(params).encode()
        elif method == "POST":
            headers["content-type"] = "application/json"
            body = json.dumps(params).encode()
        elif params:  # requests puts data= of a GET in a form body
            headers["content-type"] = "application/x-www-form-urlencoded"
            body = urlencode(params, doseq=True).encode()
        query = {"streaming": "true"} if streaming else None
        return self.http.request(method, url, content=body, headers=headers, params=query)

    def json(self, method: str, url: str, params: dict[str, Any] | None = None, **options: Any) -> Any:
        reply = self.request(method, url, params or {}, **options)
        reply.raise_for_status()
        return reply.json()

    # hookio/hook.py
    def run(self, url: str, data: dict[str, Any] | str, *, anonymous: bool = True) -> httpx.Response:
        if isinstance(data, str):  # a query string, parsed as the SDK parses it
            data = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(data).items()}
        return self.request("GET", url, data, anonymous=anonymous)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox(PROVIDER, settings=SandboxSettings(seed_size=2)) as running:
        yield running


@pytest.fixture
def http(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    # requests follows redirects; the timeout keeps a stream that never delivers from hanging a run.
    with httpx.Client(base_url=sandbox.url, follow_redirects=True, timeout=30) as client:
        yield client


@pytest.fixture
def sdk(http: httpx.Client, sandbox: RunningSandbox) -> OldSDK:
    return OldSDK(http, sandbox.credentials["hook_private_key"])


def is_role_error(reply: Any, role: str) -> bool:
    return (
        isinstance(reply, dict)
        and reply.get("error") is True
        and reply.get("type") == "unauthorized-role-access"
        and reply.get("role") == role
        and role in reply.get("message", "")
    )


# -- tests/test_hook.py -----------------------------------------------------------------------


# marak/echo declares the defaults param1=foo and param2=bar in its schema, as on hook.io.
DEFAULTS = {"param1": "foo", "param2": "bar"}


def test_hook_anonymous_and_with_a_key(http: httpx.Client, sdk: OldSDK) -> None:
    anonymous = OldSDK(http, None)
    for reply in (anonymous.run("marak/echo", {}), sdk.run("marak/echo", {}, anonymous=False)):
        assert reply.json() == DEFAULTS


def test_hook_run_echoes_form_and_query_string_parameters(sdk: OldSDK) -> None:
    data = {"param2": "123", "eb43df31_1": "random", "a": "2"}
    assert sdk.run("marak/echo", data).json() == {**data, "param1": "foo"}
    # A repeated name (a=1&a=2) is sent twice; the hook sees the last value, as on hook.io.
    assert sdk.run("marak/echo", "param2=123&eb43df31_1=random&a=1&a=2").json() == {**data, "param1": "foo"}
    streamed = sdk.request("GET", "marak/echo", {}, anonymous=True, streaming=True)
    assert streamed.json() == {"streaming": "true", **DEFAULTS}


def test_hook_info(sdk: OldSDK) -> None:
    source = sdk.request("GET", "marak/echo/source", {}).text
    resource = sdk.json("GET", "marak/echo/resource")
    assert (resource["language"], resource["source"], resource["owner"], resource["name"]) == (
        "javascript",
        source,
        "marak",
        "echo",
    )


def test_hook_admin_create_update_destroy(sdk: OldSDK) -> None:
    name = "testeb43df31hook"
    resource = {"language": "python", "source": "print('one')", "hookSource": "code"}
    created = sdk.json("POST", "new", {**resource, "name": name})
    assert created["status"] == "created"
    assert (created["hook"]["language"], created["hook"]["source"], created["hook"]["name"]) == (
        "python",
        "print('one')",
        name,
    )
    url = f"{created['hook']['owner']}/{name}"
    assert sdk.request("GET", f"{url}/source", {}).text == "print('one')"
    assert sdk.json("GET", f"{url}/resource")["source"] == "print('one')"
    assert sdk.run(url, {}).text.rstrip("\n") == "one"

    form = {"source": "print(repr('two'))", "language": "python", "owner": "marak", "name": name, "save": "save"}
    updated = sdk.json("POST", "/admin", form, json_forbid=True)
    assert updated["status"] == "updated"
    assert (updated["value"]["source"], updated["value"]["name"]) == ("print(repr('two'))", name)
    assert sdk.json("GET", f"{url}/resource")["source"] == "print(repr('two'))"
    assert sdk.run(url, {}).text.rstrip("\n") == "'two'"

    deleted = sdk.json("POST", f"{url}/delete", {})
    assert deleted == {
        "status": "deleted",
        "name": name,
        "owner": "marak",
        "message": f'Hook "{name}" has been deleted!',
    }
    gone = sdk.run(url, {})
    # 2016: "404 missing!"; the 2019 server, which the sandbox follows, names the path.
    assert gone.text in ("404 missing!", f"404 not found /{url}")


# -- tests/test_files.py ----------------------------------------------------------------------


def test_files(sdk: OldSDK) -> None:
    stem = "ef1b6b33-files"
    path = f"/{stem}.txt"
    stat_model = {
        "basename": f"{stem}.txt",
        "contents": None,
        "dirname": "/",
        "extname": ".txt",
        "path": path,
        "relative": f"{stem}.txt",
        "stem": stem,
    }
    assert sdk.json("POST", "files/writeFile", {"path": path, "contents": "stnetnoc"}) == stat_model
    assert sdk.json("POST", "files/stat", {"path": path}) == stat_model
    assert sdk.json("POST", "files/readFile", {"path": path}) == {**stat_model, "contents": "stnetnoc"}
    listed = sdk.json("POST", "files/readdir", {"path": "/"})
    assert set().union(*(set(row) for row in listed)) == READDIR_KEYS
    assert len([row for row in listed if row["name"].endswith(f"{stem}.txt")]) == 1
    assert sdk.json("POST", "files/removeFile", {"path": path}) == "removing"
    again = sdk.request("POST", "files/removeFile", {"path": path})
    assert (again.status_code, again.text) == (200, "Not Found")
    with pytest.raises(ValueError):
        again.json()  # the SDK's removeFile() raises ValueError here


# -- tests/test_datastore.py, tests/test_datastore_cli.py ------------------------------------


def test_datastore(sdk: OldSDK) -> None:
    key = "f8f8f5b2::test_key"
    value = {"i": 1, "s": "qwerty", "o": {"uuid": "f8f8f5b2"}, "n": None}
    assert is_role_error(sdk.json("GET", "datastore/recent", anonymous=True), "datastore::recent")
    assert sdk.json("POST", "datastore/set", {"key": key, "value": value}) == "OK"
    assert sdk.json("GET", f"datastore/get?key={key}") == value
    recent = sdk.json("GET", "datastore/recent")
    assert isinstance(recent, list) and key in recent
    assert sdk.json("POST", "datastore/del", {"key": key}) == 1
    assert sdk.json("POST", "datastore/del", {"key": key}) == 0
    assert sdk.json("GET", f"datastore/get?key={key}") is None
    # the CLI's `datastore set K a=1 b=2`
    assert sdk.json("POST", "datastore/set", {"key": key, "value": {"a": "1", "b": "2"}}) == "OK"
    assert sdk.json("GET", f"datastore/get?key={key}") == {"a": "1", "b": "2"}


# -- tests/test_keys.py -----------------------------------------------------------------------


def test_keys(sdk: OldSDK) -> None:
    assert sdk.json("POST", "keys/checkAccess", {"role": "keys::create"}, json_auth=True)["hasAccess"] is True
    every = sdk.json("POST", "keys/all", {}, json_auth=True)
    mine = [info for info in every if info["hook_private_key"] == sdk.key]  # the SDK's keys.info()
    assert len(mine) == 1 and "keys::create" in mine[0]["roles"].split(",")
    assert not [info for info in every if info["hook_private_key"] == "2d7008ff-unknown"]


def test_keys_admin(sdk: OldSDK) -> None:
    name = "2d7008ff-key"
    roles = "pythonsdktest::test,keys::destroy"
    created = sdk.json("POST", "keys/create", {"roles": roles, "name": name}, json_auth=True)
    assert (created["name"], created["roles"]) == (name, roles)
    assert sdk.json("POST", "keys/destroy", {"name": name}, json_auth=True) == {"status": "deleted"}


# -- tests/test_env.py ------------------------------------------------------------------------


def test_env_with_the_legacy_arrays(sdk: OldSDK) -> None:
    key = "6cb3c3de::test_key"
    assert is_role_error(sdk.json("GET", "env", anonymous=True), "env::read")
    before = sdk.request("GET", "env", {})
    assert not before.content or isinstance(before.json(), dict)
    assert sdk.json("POST", "env", {"key": [key], "value": ["eulav"]}) == {"status": "updated"}
    assert sdk.json("GET", "env")[key] == "eulav"
    assert key not in sdk.json("POST", "env", {"key": [key], "value": [None]})  # None removes it
    after = sdk.request("GET", "env", {})
    assert not after.content or key not in after.json()


# -- tests/test_metrics.py, tests/test_domains.py ---------------------------------------------


def test_metrics_count_runs_of_the_public_example(sdk: OldSDK) -> None:
    before = sdk.json("GET", "metrics/examples/echo/hits", anonymous=True)
    assert isinstance(before, int)
    data = {"param2": "123", "460d3206": "random", "a": "2"}
    assert sdk.run("examples/echo", data).json() == data
    assert sdk.json("GET", "metrics/examples/echo/hits") > before


def test_domains(sdk: OldSDK) -> None:
    assert is_role_error(sdk.json("GET", "domains", anonymous=True), "domain::get")
    assert isinstance(sdk.json("GET", "domains"), list)


# -- tests/test_logs.py -----------------------------------------------------------------------

LOGGING_HOOK = (
    "import sys;"
    "sys.stdout.write('\"eulav\"');"
    'sys.stderr.write(\'{"type":"log","payload":{"entry":"test-eulav"}}\\n\');'
    "sys.stderr.flush();sys.stdout.flush();"
)


def test_logs_read_and_flush(sdk: OldSDK) -> None:
    name = "logb834c0f0"
    created = sdk.json("POST", "new", {"language": "python", "source": LOGGING_HOOK, "name": name})
    url = f"{created['hook']['owner']}/{name}"
    assert sdk.json("GET", f"{url}/logs") == []
    assert sdk.run(url, {}).json() == "eulav"
    entries = sdk.json("GET", f"{url}/logs")
    assert [json.loads(row["data"]) for row in entries] == ["test-eulav"]  # raw_data=False decodes it
    sdk.json("GET", f"{url}/logs?flush=true")
    assert sdk.json("GET", f"{url}/logs") == []


def test_logs_stream_delivers_a_new_entry(sdk: OldSDK, http: httpx.Client) -> None:
    name = "streamb834c0f0"
    created = sdk.json("POST", "new", {"language": "python", "source": LOGGING_HOOK, "name": name})
    url = f"{created['hook']['owner']}/{name}"
    headers = {"accept": "application/json", "hookio-private-key": str(sdk.key)}
    with http.stream("GET", f"{url}/logs", params={"streaming": "true"}, headers=headers) as stream:
        assert stream.status_code == 200
        assert sdk.run(url, {}).json() == "eulav"
        for line in stream.iter_lines():
            row = json.loads(line)
            assert "time" in row
            if json.loads(row["data"]) == "test-eulav":
                break


# -- tests/test_events.py ---------------------------------------------------------------------


def test_account_owner_then_events(sdk: OldSDK, sandbox: RunningSandbox) -> None:
    # account.info(): /account without a session redirects to /login, whose JSON says "invalid";
    # the SDK then finds the owner through keys.info().
    account = sdk.request("GET", "account", {})
    assert account.headers["content-type"].split(";")[0] == "application/json"
    assert account.json()["status"] == "invalid"
    every = sdk.json("POST", "keys/all", {}, json_auth=True)
    owner = next(info["owner"] for info in every if info["hook_private_key"] == sdk.key)
    assert owner == sandbox.credentials["owner"]

    before = sdk.json("GET", f"{owner}/events")
    assert isinstance(before, list) and all("time" in row for row in before)
    services = sdk.json("GET", owner)  # account.services(owner)
    assert {"echo", "hello"} <= {doc["name"] for doc in services}
    anonymous = sdk.json("GET", f"{owner}/events", anonymous=True)
    assert set(anonymous) == {"error", "message", "user", "role", "type"}
    assert is_role_error(anonymous, "events::read") and anonymous["user"] == "anonymous"
    assert sdk.request("GET", "examples/echo/source", {}).text.startswith("module['exports']")
    # The SDK's test waits for a new event of its own: here reading the source of a fresh hook.
    sdk.json("POST", "new", {"name": "eventsprobe", "source": "print(1)", "language": "python"})
    assert sdk.request("GET", f"{owner}/eventsprobe/source", {}).text == "print(1)"
    after = sdk.json("GET", f"{owner}/events")
    new = [row for row in after if row not in before]
    assert {row["type"] for row in new} >= {"hook::created", "hook::source::read"}


# -- tests/test_roles.py ----------------------------------------------------------------------


def test_roles_page_lists_the_sdk_roles(http: httpx.Client) -> None:
    page = http.get("/roles")
    page.raise_for_status()
    roles = sorted(set(re.findall(r">\s*(\w+(?:::\w+)+)\s*<", page.text)))  # the SDK test's reading
    assert set(SDK_ROLES) <= set(roles)
