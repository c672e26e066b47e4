"""The hook.io emulator on the wire, with a plain HTTP client: routes, bodies, statuses and roles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.hookio import PROVIDER, create
from resourcekit.sandbox.hookio.runner import run_python_hook
from resourcekit.sandbox.hookio.state import ALL_ROLES, MAX_ENTRIES, Topic
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

JSON = {"accept": "application/json"}


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox(PROVIDER, settings=SandboxSettings(seed_size=2)) as running:
        yield running


@pytest.fixture
def http(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.url, headers=JSON) as client:
        yield client


def key_header(sandbox: RunningSandbox, name: str = "hook_private_key") -> dict[str, str]:
    return {"hookio-private-key": sandbox.credentials[name]}


def test_seed_is_deterministic_and_sized() -> None:
    first, second = create(SandboxSettings(seed_size=4, seed=7)), create(SandboxSettings(seed_size=4, seed=7))
    assert first.credentials == second.credentials
    assert create(SandboxSettings(seed=8)).credentials["hook_private_key"] != first.credentials["hook_private_key"]
    hooks = [name for owner, name in first.state.hooks if owner == "marak" and name.startswith("hook-")]
    assert len(hooks) == 4
    assert len(first.state.datastore["marak"]) == 4
    assert len(ALL_ROLES) == 43


def test_role_failure_is_http_200_with_the_2019_body(http: httpx.Client) -> None:
    reply = http.get("/datastore/recent")
    assert reply.status_code == 200
    body = reply.json()
    assert body["type"] == "unauthorized-role-access"
    assert body["role"] == "datastore::recent"
    assert body["user"] == "anonymous"
    assert body["message"].startswith('"anonymous" does not have the role "datastore::recent"')
    assert "logging in at https://hook.io/login" in body["message"]
    assert body["message"].endswith("provide a `hook_private_key` parameter to access this URL.")


def test_role_failure_with_a_key_parameter_names_the_key(sandbox: RunningSandbox, http: httpx.Client) -> None:
    key = sandbox.credentials["readonly_key"]
    body = http.post("/datastore/set", json={"key": "k", "value": 1, "hook_private_key": key}).json()
    assert body["message"].startswith(f'A role access check was attempted but failed with key "{key}"\n\n"readonly"')
    assert "parameter to access this URL" not in body["message"]


def test_role_failure_in_html_mode_is_text(http: httpx.Client) -> None:
    reply = http.get("/env", headers={"accept": "text/html"})
    assert reply.headers["content-type"].startswith("text/plain")
    assert reply.text.startswith('"anonymous" does not have the role "env::read"')
    assert http.get("/env", params={"_json": "1"}, headers={"accept": "text/html"}).json()["role"] == "env::read"


def test_files_refuse_with_403(http: httpx.Client) -> None:
    reply = http.post("/files/stat", json={"path": "/readme.txt"})
    assert reply.status_code == 403
    assert reply.json()["role"] == "files::stat"


def test_keys_read_only_the_parameter(sandbox: RunningSandbox, http: httpx.Client) -> None:
    key = sandbox.credentials["hook_private_key"]
    assert http.post("/keys/checkAccess", json={"role": "hook::run"}, headers=key_header(sandbox)).json() == {
        "hasAccess": False
    }
    reply = http.post("/keys/checkAccess", json={"role": "hook::run", "hook_private_key": key}).json()
    assert reply["hasAccess"] is True
    assert (reply["key"]["name"], reply["user"]) == ("admin", {"name": "marak", "email": "marak@example.com"})
    assert http.post("/keys/all", json={}, headers=key_header(sandbox)).json()["role"] == "keys::read"
    keys = http.post("/keys/all", json={"hook_private_key": key}).json()
    assert {each["name"] for each in keys} >= {"api-access-key", "admin", "readonly"}
    assert all(isinstance(each["roles"], str) for each in keys)


def test_the_parameter_wins_over_the_header(sandbox: RunningSandbox, http: httpx.Client) -> None:
    readonly = sandbox.credentials["readonly_key"]
    reply = http.get("/env", params={"hook_private_key": readonly}, headers=key_header(sandbox))
    assert reply.json()["role"] == "env::read"
    assert http.get("/env", headers=key_header(sandbox)).json()["GREETING"] == "hello"


def test_keys_create_ignores_a_supplied_private_key(sandbox: RunningSandbox, http: httpx.Client) -> None:
    key = sandbox.credentials["hook_private_key"]
    body = {"name": "chosen", "roles": "a,b", "hook_private_key": key, "hook_public_key": "mine"}
    created = http.post("/keys/create", json=body).json()
    assert created["hook_private_key"] != key
    assert created["roles"] == "a,b"
    invalid = http.post("/keys/create", json={"hook_private_key": key})
    assert invalid.status_code == 400
    assert invalid.json()["errors"][0]["property"] == "name"


def test_other_owners_resources_are_refused(sandbox: RunningSandbox, http: httpx.Client) -> None:
    assert http.get("/alice/events", headers=key_header(sandbox)).json()["role"] == "events::read"
    assert http.get("/marak/events", headers=key_header(sandbox, "other_key")).json()["role"] == "events::read"
    assert isinstance(http.get("/alice/events", headers=key_header(sandbox, "other_key")).json(), list)
    assert http.get("/anonymous/events", headers=key_header(sandbox)).json()["type"] == "unauthorized-role-access"


def test_create_requires_a_name_and_lowercases_it(sandbox: RunningSandbox, http: httpx.Client) -> None:
    assert http.post("/new", json={"source": "x"}, headers=key_header(sandbox)).json() == {
        "error": True,
        "message": "Service name is required!",
        "property": "name",
        "constraint": "required",
        "required": True,
        "actual": False,
    }
    created = http.post("/new", json={"name": "MiXeD", "code": "x"}, headers=key_header(sandbox)).json()
    assert (created["status"], created["hook"]["name"], created["hook"]["source"]) == ("created", "mixed", "x")
    assert sandbox.side_effects["hook.create"] >= 1


def test_update_by_form_and_the_admin_redirect(sandbox: RunningSandbox, http: httpx.Client) -> None:
    form = {"owner": "marak", "name": "hook-1", "save": "true", "source": "changed", "isPrivate": "true"}
    reply = http.post("/admin", data=form, headers=key_header(sandbox)).json()
    assert reply["status"] == "updated"
    assert reply["hook"] == reply["value"]
    assert (reply["hook"]["source"], reply["hook"]["isPrivate"], reply["hook"]["isPublic"]) == ("changed", True, False)
    redirect = http.get("/marak/hook-1/admin")
    assert redirect.status_code == 302
    assert redirect.headers["location"] == "/admin?owner=marak&name=hook-1"
    missing = http.post("/admin", json={"owner": "marak", "name": "nope", "save": True}, headers=key_header(sandbox))
    assert missing.json()["message"] == "Hook not found"


def test_resource_source_and_missing_hooks(http: httpx.Client) -> None:
    resource = http.get("/marak/echo/resource")
    assert "\n  " in resource.text  # pretty JSON
    assert "id" not in resource.json()
    assert "_rev" not in resource.json()
    assert http.get("/marak/echo/source").headers["content-type"].startswith("text/plain")
    missing = http.get("/marak/nope/resource")
    assert (missing.status_code, missing.text) == (404, "Not found: marak/nope")
    run = http.get("/marak/nope")
    assert (run.status_code, run.text) == (404, "404 not found /marak/nope")
    assert http.post("/marak/nope/delete", headers={}).json()["role"] == "hook::destroy"
    assert http.get("/nobody").json() == {"status": 404, "message": "/nobody was not found!"}


def test_list_hides_private_hooks_from_others(sandbox: RunningSandbox, http: httpx.Client) -> None:
    public = {doc["name"] for doc in http.get("/marak").json()}
    assert "secret" not in public
    assert {doc["name"] for doc in http.get("/marak", headers=key_header(sandbox)).json()} == public
    assert http.get("/services").status_code == 302
    services = http.get("/services", headers=key_header(sandbox)).json()
    assert {doc["name"] for doc in services} - public == {doc["name"] for doc in services if doc["isPrivate"]}
    assert "secret" in {doc["name"] for doc in services}
    refused = http.get("/services", headers=key_header(sandbox, "readonly_key")).json()
    assert refused["role"] == "hook::find"


def test_create_needs_the_role_even_naming_an_owner(http: httpx.Client) -> None:
    created = http.post("/new", json={"name": "sneaky", "language": "python", "source": "x", "owner": "marak"})
    assert created.json()["role"] == "hook::create"


def test_python_hooks_get_params_env_and_req(sandbox: RunningSandbox, http: httpx.Client) -> None:
    source = (
        "import json\n"
        "print(json.dumps({'params': Hook.params, 'method': Hook.req.method, 'path': Hook['req']['path'],"
        " 'has_key': bool(Hook.env.hookAccessKey), 'greeting': Hook.env.get('GREETING')}))\n"
    )
    http.post("/new", json={"name": "inspect", "language": "python", "source": source}, headers=key_header(sandbox))
    output = http.put("/marak/inspect/sub/path?q=1", json={"b": [1]}).json()
    assert output == {
        "params": {"q": "1", "b": [1]},
        "method": "PUT",
        "path": "/marak/inspect/sub/path",
        "has_key": True,
        "greeting": "hello",
    }


def test_other_languages_echo_their_input(http: httpx.Client) -> None:
    assert http.post("/alice/echo", data={"a": "1"}).json() == {"a": "1"}
    echoed = http.post("/alice/echo", content=b"<xml/>", headers={"content-type": "application/xml"})
    assert (echoed.content, echoed.headers["content-type"]) == (b"<xml/>", "application/xml")


def test_env_accepts_the_legacy_arrays(sandbox: RunningSandbox, http: httpx.Client) -> None:
    form = [
        ("key", "A"),
        ("value", '{"x": 1}'),
        ("key", "B"),
        ("value", "plain"),
        ("key", "GREETING"),
        ("value", "null"),
    ]
    headers = {**key_header(sandbox), "content-type": "application/x-www-form-urlencoded"}
    assert http.post("/env", content=urlencode(form), headers=headers).json() == {"status": "updated"}
    env = http.get("/env", headers=key_header(sandbox)).json()
    assert (env["A"], env["B"]) == ({"x": 1}, "plain")
    assert "GREETING" not in env
    http.post("/env", json={"env": {"GREETING": "hello"}}, headers=key_header(sandbox))
    assert http.post("/env", json={}, headers=key_header(sandbox)).json()["error"] is True


def test_datastore_missing_key_parameter(sandbox: RunningSandbox, http: httpx.Client) -> None:
    reply = http.get("/datastore/get", headers=key_header(sandbox)).json()
    assert reply == {"error": True, "message": "`key` is a required parameter!"}
    assert http.get("/datastore/get", params={"key": "nope"}, headers=key_header(sandbox)).text == "null"


def test_files_need_a_path_and_contents(sandbox: RunningSandbox, http: httpx.Client) -> None:
    reply = http.post("/files/readFile", json={}, headers=key_header(sandbox))
    assert reply.json() == {"error": True, "message": "`path` is a required parameter!"}
    empty = http.post("/files/writeFile", json={"path": "/e.txt", "contents": ""}, headers=key_header(sandbox))
    assert empty.json()["message"] == "`contents` is a required parameter!"
    vinyl = http.post("/files/readdir", json={"path": "/", "vinyl": True}, headers=key_header(sandbox)).json()
    assert {"basename", "dirname", "stem"} <= set(vinyl[0])


def test_login_account_and_logout(sandbox: RunningSandbox, http: httpx.Client) -> None:
    assert http.post("/login", json={"name": "marak"}).json()["status"] == "invalid"
    assert http.post("/login", json={"name": "alice", "password": "x"}).json() == {"result": "not-set"}
    assert http.get("/account").status_code == 302
    valid = http.post("/login", json={"email": "marak@example.com", "password": sandbox.credentials["password"]})
    assert valid.json() == {"result": "valid", "redirect": "/services"}
    account = http.get("/account").json()
    assert account["name"] == "marak"
    assert "password" not in account
    assert isinstance(http.get("/marak/events").json(), list)  # the session gives the owner every role
    http.get("/logout")
    assert http.get("/account").status_code == 302


def test_metrics_are_public_text(http: httpx.Client) -> None:
    before = int(http.get("/metrics/marak/echo/hits").text)
    http.get("/marak/echo")
    assert http.get("/metrics/marak/echo/hits").text == str(before + 1)


def test_logs_stream_ndjson_then_live(sandbox: RunningSandbox, http: httpx.Client) -> None:
    with http.stream("GET", "/marak/echo/logs", params={"streaming": "true"}) as reply:
        assert reply.headers["content-type"].startswith("application/json")
        lines = reply.iter_lines()
        first = json.loads(next(lines))
        assert set(first) == {"time", "data", "ip"}
        assert json.loads(first["data"]).startswith("seeded entry")


def test_logs_stream_in_text_mode(http: httpx.Client) -> None:
    with http.stream("GET", "/marak/echo/logs", params={"s": "true"}, headers={"accept": "text/html"}) as reply:
        assert reply.headers["content-type"].startswith("text/plain")
        line = next(reply.iter_lines())
        assert line.startswith("2016-06-01T00:00:00.000Z, ")


def test_flush_needs_the_write_role(sandbox: RunningSandbox, http: httpx.Client) -> None:
    refused = http.get("/marak/echo/logs", params={"flush": "true"}, headers=key_header(sandbox, "readonly_key"))
    assert refused.json()["role"] == "hook::logs::write"


def test_topic_keeps_fifty_and_delivers_after() -> None:
    topic = Topic()
    for index in range(60):
        topic.add({"n": index})
    newest = topic.newest_first()
    assert len(newest) == MAX_ENTRIES
    assert newest[0] == {"n": 59}
    assert [entry["n"] for _, entry in topic.after(58)] == [58, 59]
    assert topic.flush() == 1
    assert topic.flush() == 0


def test_runner_logs_timeouts_and_failures() -> None:
    source = (
        'import sys\nsys.stderr.write(\'{"type":"log","payload":{"entry":{"a":1}}}\\nnoise\\n\')\nprint(Hook.params.x)'
    )
    outcome = run_python_hook(source, {"params": {"x": 5}, "env": {}, "req": {}}, timeout=10)
    assert (outcome.stdout, outcome.logs, outcome.error, outcome.timed_out) == (b"5\n", [{"a": 1}], None, False)
    slow = run_python_hook("import time\ntime.sleep(3)", {"params": {}}, timeout=0.2)
    assert slow.timed_out
    failed = run_python_hook("import sys\nsys.exit(3)", {"params": {}}, timeout=10)
    assert failed.error == "exit status 3"


def test_side_effect_counters(sandbox: RunningSandbox, http: httpx.Client) -> None:
    before: dict[str, Any] = dict(sandbox.side_effects.counts)
    http.post("/datastore/set", json={"key": "count", "value": 1}, headers=key_header(sandbox))
    http.post("/datastore/del", json={"key": "count"}, headers=key_header(sandbox))
    http.post("/datastore/del", json={"key": "count"}, headers=key_header(sandbox))
    assert sandbox.side_effects["datastore.set"] == before.get("datastore.set", 0) + 1
    assert sandbox.side_effects["datastore.del"] == before.get("datastore.del", 0) + 1


def test_in_process_clients_work_without_sockets() -> None:
    from resourcekit.sandbox.server import inprocess_sandbox

    with inprocess_sandbox("hookio") as sandbox, sandbox.client() as hookio:
        assert hookio.hooks.run("marak/echo", {"a": "1"}).json()["a"] == "1"
        hookio.datastore["in-process"] = [1]
        assert hookio.datastore["in-process"] == [1]
        assert hookio.hooks.run("marak/hello", {"name": "x"}).json() == {"hello": "x"}
        assert hookio.hooks.logs("marak/echo").read()[0].value == "seeded entry 3"


def test_signup_replies(http: httpx.Client) -> None:
    assert http.post("/signup", json={"email": "ab"}).text == "invalid"
    assert http.post("/signup", json={"email": "newcomer"}).text == "available"
    assert http.post("/signup", json={"email": "marak", "password": "x"}).text.startswith("account name already exists")
    created = http.post("/signup", json={"email": "Ada@Example.org", "password": "pw"})
    assert (created.status_code, created.headers["location"]) == (302, "/services")
    assert http.get("/account").json()["name"] == "ada-example-org"


def test_languages_page_and_domain_text_errors(sandbox: RunningSandbox, http: httpx.Client) -> None:
    page = http.get("/languages", headers={"accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert "<li>python3</li>" in page.text
    missing = http.post("/domains", json={"name": "x.org"}, headers=key_header(sandbox))
    assert missing.text == "forwardUrl is required"
