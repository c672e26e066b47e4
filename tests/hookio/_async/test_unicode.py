"""Rich unicode round trips against the sandbox: hook names, datastore keys and values, file
names and contents, log messages, websocket messages: several scripts, combining marks, emoji."""

from __future__ import annotations

import pytest

from resourcekit.sandbox.server import RunningSandbox
from tests.hookio.helpers import unique

SAMPLES = [
    "日本語のテキスト",
    "Ελληνικά",
    "кириллица",
    "العربية",
    "עברית",
    "हिन्दी",
    "한국어",
    "e\u0301 combining",
    "emoji 🎉👩‍💻🏳️‍🌈",
    "math ∑∫√∞ 𝄞",
]

ECHO_PY = "import json\nprint(json.dumps(dict(Hook.params), ensure_ascii=False))\n"
LOG_PY = "from resourcekit.hookio import write_log\nwrite_log(Hook.params['m'])\nprint('ok')\n"


@pytest.mark.anyio
async def test_hook_names_and_runs(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        for index, text in enumerate(["日本", "кириллица", "🎉party", "ελληνικά"]):
            name = f"{text}-{unique('u')}"
            hook = await hookio.hooks.create(name, ECHO_PY, language="python")
            assert hook.name == name.lower()
            fetched = await hookio.hooks.get("marak", hook.name)
            assert fetched.name == hook.name
            sent = {"text": SAMPLES[index], "emoji": "🎉"}
            assert (await fetched(sent)).json() == sent
            assert (await fetched(method="GET", params={"q": SAMPLES[-1]})).json()["q"] == SAMPLES[-1]


@pytest.mark.anyio
async def test_datastore_keys_and_values(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        for text in SAMPLES:
            key = f"ключ-{text}"
            value = {"text": text, "list": [text, "🎉"], "nested": {text: text}}
            await hookio.datastore.set(key, value)
            assert await hookio.datastore.get(key) == value
            assert await hookio.datastore.delete(key)


@pytest.mark.anyio
async def test_file_names_and_contents(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        for index, text in enumerate(SAMPLES):
            path = f"/unicode/{index}-{text.replace(' ', '_')}.txt"
            written = await hookio.files.write(path, f"{text}\n{SAMPLES[::-1][index]}")
            assert written.path == path
            assert await hookio.files.read_text(path) == f"{text}\n{SAMPLES[::-1][index]}"
            assert (await hookio.files.stat(path)).basename == path.rsplit("/", 1)[1]
        listed = {row.basename for row in await hookio.files.readdir("/unicode")}
        assert len(listed) == len(SAMPLES)
        await hookio.files.upload("/unicode/bytes-🎉.bin", "🎉 bytes".encode())
        assert await hookio.files.download("/unicode/bytes-🎉.bin") == "🎉 bytes".encode()


@pytest.mark.anyio
async def test_log_messages_and_websocket_messages(sandbox: RunningSandbox) -> None:
    async with sandbox.async_client() as hookio:
        hook = await hookio.hooks.create(unique("unicode-log"), LOG_PY, language="python")
        for text in SAMPLES:
            await hook.run({"m": text})
        logged = [entry.value for entry in await hook.logs.read()]
        assert logged == SAMPLES[::-1]  # newest first
        streamed = [entry.value for entry in await hook.logs.stream().take(len(SAMPLES))]
        assert sorted(streamed) == sorted(SAMPLES)
        async with hookio.hooks.websocket("examples/echo") as socket:
            for text in SAMPLES:
                await socket.send({"t": text})
                assert (await socket.receive())["t"] == text
                await socket.send(text)
                assert (await socket.receive())["body"] == text
