"""Routes and answers the hook.io emulator gives the way hook.io's server gives them, for the
clients nobody here wrote: the 2016 Python SDK and the JS SDK."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.hookio import PROVIDER
from resourcekit.sandbox.hookio.state import ALL_ROLES
from resourcekit.sandbox.server import RunningSandbox, run_sandbox


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox(PROVIDER, settings=SandboxSettings(seed_size=1)) as running:
        yield running


@pytest.fixture
def http(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    headers = {"accept": "application/json", "hookio-private-key": sandbox.credentials["hook_private_key"]}
    with httpx.Client(base_url=sandbox.url, headers=headers) as client:
        yield client


def test_get_login_answers_invalid_as_json(http: httpx.Client, sandbox: RunningSandbox) -> None:
    reply = http.get("/login")
    assert reply.status_code == 200
    assert reply.json()["status"] == "invalid"
    # The 2016 SDK's account.info(): /account redirects to /login without a session; a
    # "status": "invalid" body sends it to the key's owner instead.
    redirected = http.get("/account", follow_redirects=True)
    assert redirected.json()["status"] == "invalid"
    logged_in = http.get("/login", params={"name": "marak", "password": sandbox.credentials["password"]})
    assert logged_in.json() == {"result": "valid", "redirect": "/services"}


def test_removing_a_missing_file_answers_200_not_found(http: httpx.Client) -> None:
    reply = http.post("/files/removeFile", json={"path": "/never-written.txt"})
    assert (reply.status_code, reply.text) == (200, "Not Found")


def test_admin_saves_with_save_equals_save(http: httpx.Client) -> None:
    http.post("/new", json={"name": "form-saved", "source": "one"})
    form = {"owner": "marak", "name": "form-saved", "source": "two", "save": "save"}
    saved = http.post("/admin", data=form).json()
    assert saved["status"] == "updated"
    assert saved["value"]["source"] == "two"
    # A GET with save=save saves too; a GET without it only shows the hook.
    http.get("/admin", params={"owner": "marak", "name": "form-saved", "source": "three", "save": "save"})
    shown = http.get("/admin", params={"owner": "marak", "name": "form-saved", "source": "four"}).json()
    assert shown["source"] == "three"
    # A POST saves even without the parameter.
    posted = http.post("/admin", json={"owner": "marak", "name": "form-saved", "source": "five"}).json()
    assert posted["hook"]["source"] == "five"


def test_the_public_examples_echo_hook_is_seeded(http: httpx.Client) -> None:
    reply = http.get("/examples/echo", params={"hello": "world"})
    assert reply.status_code == 200
    assert reply.json()["hello"] == "world"
    assert http.get("/examples/echo/resource").json()["owner"] == "examples"


def test_the_roles_page_lists_every_role(http: httpx.Client) -> None:
    page = http.get("/roles")
    assert page.headers["content-type"].startswith("text/html")
    block = page.text[page.text.index('class="availableRoles"') :]
    assert re.findall(r'<div class="role">([^<]*)</div>', block) == list(ALL_ROLES)


def test_old_sdk_route_names(http: httpx.Client) -> None:
    # The 2016 SDK lists services at /services/ (a trailing slash).
    assert {doc["name"] for doc in http.get("/services/").json()} >= {"echo", "secret"}
    # The JS SDK's hook.find posts a query to /:owner.
    found = http.post("/marak", json={"query": {"language": "python"}}).json()
    assert {doc["name"] for doc in found} == {"hello"}
    # The JS SDK's hook.exec posts source and language to /gateway.
    ran = http.post("/gateway", json={"language": "python", "source": "print(Hook.params['n'] * 2)", "n": 21})
    assert ran.text.strip() == "42"
    assert http.post("/gateway", json={"source": "console.log(1)"}).status_code == 500  # javascript: not run
    # hook.io's source viewer.
    page = http.get("/marak/echo/_src")
    assert page.headers["content-type"].startswith("text/html")
    assert "module[&#x27;exports&#x27;]" in page.text


HOOKIO_URL_PROBE = "import os\nprint(os.environ.get('HOOKIO_URL'))\n"


def test_hooks_are_configured_with_the_sandbox_as_their_api(http: httpx.Client, sandbox: RunningSandbox) -> None:
    http.post("/new", json={"name": "url-probe", "source": HOOKIO_URL_PROBE, "language": "python"})
    # From the socket the sandbox listens on, whatever Host header the caller sends.
    answer = http.get("/marak/url-probe", headers={"host": "attacker.example"})
    assert answer.text.strip() == sandbox.url


def test_over_a_unix_socket_hooks_get_an_address_that_never_resolves(tmp_path: Path) -> None:
    path = str(tmp_path / "hookio.sock")
    with run_sandbox(PROVIDER, settings=SandboxSettings(seed_size=1), uds=path) as running:
        key = {"hookio-private-key": running.credentials["hook_private_key"], "accept": "application/json"}
        transport = httpx.HTTPTransport(uds=path)
        with httpx.Client(transport=transport, base_url="http://localhost", headers=key) as http:
            http.post("/new", json={"name": "url-probe", "source": HOOKIO_URL_PROBE, "language": "python"})
            assert http.get("/marak/url-probe").text.strip() == "http://hookio-sandbox.invalid"
