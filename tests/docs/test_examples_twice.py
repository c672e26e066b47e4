"""Every Python example of the README and the docs runs unchanged, twice, against one sandbox.

This is the path the README gives a reader: ``resourcekit sandbox serve --provider X --env``, source
its ``export`` lines, run the example as a script. Each provider a page names is one ``sandbox
serve`` process, and its exported variables are the only configuration the examples get; the
page's blocks, pasted in order into one script, run twice in a row in a fresh interpreter (warnings
are errors), so an example must not trip over what its first run created. Blocks titled
``test_*.py`` are example test files: pytest runs them, twice too.

A test process starts each provider's ``sandbox serve`` once, when a page first names it, and the
pages it runs after that share it: starting a server per page cost more than running the page.
Before each page, the control channel (``POST /__sandbox__/reset``) clears the faults and knobs an
earlier page may have set and zeroes the counters; the records earlier pages created stay, as they
would for a reader who goes through the pages one after the other against one sandbox.
"""

from __future__ import annotations

import os
import re
import selectors
import shlex
import subprocess
import sys
import time
from collections.abc import Generator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from resourcekit.sandbox.registry import provider_names
from tests.docs.examples import ROOT, Example, as_script, examples, page_id, pages_with_examples

pytestmark = pytest.mark.slow

STARTUP_TIMEOUT = 60.0
RUN_TIMEOUT = 180.0
#: Variables of the caller's environment a page's script must not inherit: the sandbox's exports
#: are its only configuration.
FOREIGN = re.compile(r"^(OVH_|HEXONET_|EXOSITE_|HOOKIO_|HOOK_|SIMINARS_|RESOURCEKIT_|PYTEST_|COV_CORE_)", re.I)
#: Plugins of this project's development tools, not of a reader's test run: left out to save their
#: start-up (resourcekit's own plugin still loads through its entry point, as a reader's does).
UNRELATED_PLUGINS = [f"-pno:{name}" for name in ("cacheprovider", "hypothesispytest", "schemathesis", "xdist", "cov")]
TEST_FUNCTION = re.compile(r"^(?:async )?def test_", re.MULTILINE)


def read_exports(process: subprocess.Popen[bytes], provider: str) -> dict[str, str]:
    """The ``export NAME=value`` lines ``serve --env`` prints once it listens (the token comes last)."""
    assert process.stdout is not None
    received = b""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while b"export RESOURCEKIT_SANDBOX_TOKEN=" not in received or not received.endswith(b"\n"):
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                raise AssertionError(f"sandbox serve --provider {provider} announced nothing in {STARTUP_TIMEOUT}s")
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                raise AssertionError(f"sandbox serve --provider {provider} exited with {process.wait()}")
            received += chunk
    exported: dict[str, str] = {}
    for line in received.decode().splitlines():
        keyword, assignment = shlex.split(line)
        assert keyword == "export", line
        name, _, value = assignment.partition("=")
        exported[name] = value
    return exported


class ServedSandboxes:
    """This test process's ``resourcekit sandbox serve --env`` processes, one per provider."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack
        self._exports: dict[str, dict[str, str]] = {}

    def exports(self, providers: list[str]) -> dict[str, str]:
        """What a shell that sourced each provider's ``export`` lines, in order, would hold.

        Providers not served yet are started together; every one of them is reset first.
        """
        starting: dict[str, subprocess.Popen[bytes]] = {}
        for provider in providers:
            if provider not in self._exports:
                command = [sys.executable, "-m", "resourcekit", "sandbox", "serve", "--provider", provider, "--env"]
                process = subprocess.Popen(command, cwd=ROOT, env=worktree_environment(), stdout=subprocess.PIPE)
                self._stack.callback(stop, process)
                starting[provider] = process
        for provider, process in starting.items():
            self._exports[provider] = read_exports(process, provider)
        exported: dict[str, str] = {}
        for provider in providers:
            reset(self._exports[provider], provider)
            exported.update(self._exports[provider])
        return exported


def reset(exports: dict[str, str], provider: str) -> None:
    """Clear the faults and counters of a served sandbox through its control channel."""
    url = exports["RESOURCEKIT_SANDBOX_URL"].rstrip("/") + "/__sandbox__/reset"
    headers = {"X-Sandbox-Token": exports["RESOURCEKIT_SANDBOX_TOKEN"]}
    response = httpx.post(url, headers=headers, json={}, timeout=STARTUP_TIMEOUT, trust_env=False)
    assert response.status_code == 200, f"resetting the {provider} sandbox: {response.status_code} {response.text}"


@pytest.fixture(scope="session")
def served() -> Generator[ServedSandboxes, None, None]:
    with ExitStack() as stack:
        yield ServedSandboxes(stack)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()


def worktree_environment() -> dict[str, str]:
    """This process's environment without provider settings, importing this checkout's resourcekit."""
    environment = {name: value for name, value in os.environ.items() if not FOREIGN.match(name)}
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    return environment


def run(command: list[str], cwd: Path, environment: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    if result.returncode != 0 or "Exception ignored" in result.stderr:
        pytest.fail(f"{what} failed (exit {result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}")
    return result


def run_test_file(example: Example, cwd: Path, environment: dict[str, str], attempt: int) -> None:
    assert example.title is not None
    (cwd / Path(example.title).name).write_text(example.code)
    command = [sys.executable, "-m", "pytest", "-q", "-W", "error", *UNRELATED_PLUGINS, Path(example.title).name]
    result = run(command, cwd, environment, f"{example.location} (run {attempt})")
    expected = len(TEST_FUNCTION.findall(example.code))
    assert f"{expected} passed" in result.stdout, result.stdout


def providers_named(text: str) -> list[str]:
    lowered = text.lower()
    return [provider for provider in provider_names() if provider in lowered]


@pytest.mark.parametrize("page", pages_with_examples(), ids=page_id)
def test_page_examples_run_twice_against_one_sandbox(page: Path, tmp_path: Path, served: ServedSandboxes) -> None:
    blocks = examples(page)
    script = [block for block in blocks if not block.is_test_file]
    script_path = tmp_path / (page_id(page).replace("/", "_").removesuffix(".md") + ".py")
    script_path.write_text(as_script(script))
    (tmp_path / "home").mkdir()
    exported = served.exports(providers_named(page.read_text()))
    environment = {**worktree_environment(), **exported, "HOME": str(tmp_path / "home")}
    for attempt in (1, 2):
        if script:
            command = [sys.executable, "-W", "error", script_path.name]
            run(command, tmp_path, environment, f"{page_id(page)} (run {attempt})")
        for block in blocks:
            if block.is_test_file:
                run_test_file(block, tmp_path, environment, attempt)
