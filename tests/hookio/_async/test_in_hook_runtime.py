"""Hooks that shape their reply (``Hook.res``), serve a WSGI app, and log through `logging`,
run by the sandbox and called over real HTTP."""

from __future__ import annotations

import pytest

from resourcekit.core.errors import NotFoundError
from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import unique

SHAPED = """
res = Hook.res
res.status_code = 201
res.set_header("X-Made-By", "hook")
res.add_trailers({"X-Checksum": "abc"})
res.write("created ")
res.end(Hook.params.get("what", "nothing"))
"""

WRITE_HEAD = """
Hook.res.write_head(202, "Accepted", {"Content-Type": "application/json", "X-Queue": "7"})
Hook.res.end('{"queued": true}')
"""

WSGI_APP = """
import json
from resourcekit.hookio import wsgi

def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/items":
        body = environ["wsgi.input"].read().decode()
        start_response("201 Created", [("Content-Type", "application/json")])
        return [json.dumps({"created": json.loads(body), "method": environ["REQUEST_METHOD"]}).encode()]
    if path.startswith("/items/"):
        start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("X-Item", path[7:])])
        return [("item " + path[7:] + " " + environ["QUERY_STRING"]).encode()]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"no route " + path.encode()]

wsgi.serve(app)
"""

LOGGING = """
import logging
from resourcekit.hookio import LogHandler

log = logging.getLogger("inside")
log.addHandler(LogHandler())
log.setLevel(logging.INFO)
log.warning("saw %s", Hook.params["n"], extra={"n": Hook.params["n"]})
print("done")
"""


@pytest.mark.anyio
async def test_a_hook_sets_status_headers_and_body(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        hook = await hookio.hooks.create(unique("shaped"), SHAPED, language="python")
        result = await hook({"what": "a thing"})
        assert result.status_code == 201
        assert result.headers["x-made-by"] == "hook"
        assert result.headers["x-checksum"] == "abc"  # trailers arrive as headers from the sandbox
        assert result.text == "created a thing"
        head = await hookio.hooks.create(unique("head"), WRITE_HEAD, language="python")
        queued = await head.run()
        assert (queued.status_code, queued.json(), queued.headers["x-queue"]) == (202, {"queued": True}, "7")
        assert queued.content_type == "application/json"


@pytest.mark.anyio
async def test_a_wsgi_app_answers_through_a_hook(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        site = await hookio.hooks.create(unique("site"), WSGI_APP, language="python")
        created = await site.run({"name": "ünïcode ✓"}, subpath="items")
        assert created.status_code == 201
        assert created.json() == {"created": {"name": "ünïcode ✓"}, "method": "POST"}
        item = await site.run(method="GET", subpath="items/42", params={"full": "1"})
        assert (item.text, item.headers["x-item"]) == ("item 42 full=1", "42")
        with pytest.raises(NotFoundError) as missing:
            await site.run(method="GET", subpath="elsewhere")
        assert missing.value.status == 404


@pytest.mark.anyio
async def test_logging_inside_a_hook_reaches_its_log(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        hook = await hookio.hooks.create(unique("logging"), LOGGING, language="python")
        assert (await hook.run({"n": 3})).text.strip() == "done"
        entries = await hook.logs.read()
        assert len(entries) == 1
        value = entries[0].value
        assert (value["level"], value["logger"], value["message"], value["n"]) == ("WARNING", "inside", "saw 3", 3)
