"""`resourcekit exosite tree` fetches each level's children concurrently and lists them depth first:
the walk itself on plain values, then the command against the Exosite sandbox over HTTP."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from resourcekit.cli.main import app
from resourcekit.cli.tree_walk import walk_by_levels
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.server import RunningSandbox, run_sandbox

runner = CliRunner()

# Upper-case names have children to fetch (clients); lower-case ones do not (dataports).
TREE: dict[str, list[str]] = {
    "ROOT": ["A", "x", "B"],
    "A": ["A1", "a2"],
    "B": ["B1"],
    "A1": ["A11", "a12"],
    "B1": ["b11"],
    "A11": ["a111"],
}


def expands(name: str) -> bool:
    return name.isupper()


def depth_first(name: str, depth: int, level: int = 1) -> list[tuple[int, str]]:
    """The order a one-node-at-a-time walk gives (what `ClientResource.tree` does)."""
    found: list[tuple[int, str]] = []
    for child in TREE.get(name, []):
        found.append((level, child))
        if expands(child) and depth > 1:
            found.extend(depth_first(child, depth - 1, level + 1))
    return found


@pytest.mark.parametrize("depth", [0, 1, 2, 3, 4, 8])
def test_levels_come_back_in_depth_first_order(depth: int) -> None:
    asked: list[str] = []
    lock = threading.Lock()

    def children(name: str) -> list[str]:
        with lock:
            asked.append(name)
        return TREE.get(name, [])

    walked = walk_by_levels("ROOT", children, expands=expands, depth=depth, concurrency=3)
    assert walked == depth_first("ROOT", depth)
    deepest = max(depth, 1)
    # Only clients above the deepest level listed are asked for their children, each once.
    expected = {"ROOT"} | {name for level, name in walked if expands(name) and level < deepest}
    assert sorted(asked) == sorted(expected)


def test_one_level_is_fetched_together_and_never_more_than_the_limit() -> None:
    limit = 3
    wide = {"ROOT": [f"C{n}" for n in range(6)], **{f"C{n}": [f"d{n}"] for n in range(6)}}
    # Each fetch of the second level waits until `limit` of them are in flight: the walk only gets
    # through when it runs that many at once (the barrier breaks after 10 s otherwise).
    together = threading.Barrier(limit, timeout=10)
    lock = threading.Lock()
    in_flight = most = 0
    counts: list[int] = []

    def children(name: str) -> list[str]:
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        if name != "ROOT":
            together.wait()
        with lock:
            in_flight -= 1
        return wide[name]

    walked = walk_by_levels("ROOT", children, expands=expands, depth=2, concurrency=limit, walked=counts.append)
    assert walked == [item for n in range(6) for item in ((1, f"C{n}"), (2, f"d{n}"))]
    assert most == limit and counts == [1, 6]


def test_a_failing_fetch_stops_the_walk() -> None:
    def children(name: str) -> list[str]:
        if name == "B":
            raise LookupError("B is gone")
        return TREE.get(name, [])

    with pytest.raises(LookupError, match="B is gone"):
        walk_by_levels("ROOT", children, expands=expands, depth=8, concurrency=2)


@pytest.fixture(scope="module")
def exosite() -> Iterator[RunningSandbox]:
    with run_sandbox("exosite", settings=SandboxSettings(seed_size=12)) as sandbox:
        yield sandbox


def test_the_command_lists_what_the_sdk_walk_lists(exosite: RunningSandbox) -> None:
    with exosite.client() as op:
        expected = [(level, record.type, record.alias, record.rid) for level, record in op.me().tree(8)]
    assert max(level for level, *_ in expected) == 3 and len(expected) > 30
    for concurrency in ("1", "5"):
        arguments = ["exosite", "tree", "--all", "--json", "--concurrency", concurrency]
        result = runner.invoke(app, arguments, env=exosite.environment())
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        assert [(row["depth"], row["type"], row["alias"], row["rid"]) for row in rows] == expected
    shallow = runner.invoke(app, ["exosite", "tree", "--depth", "2", "--json"], env=exosite.environment())
    assert [row["rid"] for row in json.loads(shallow.stdout)] == [rid for level, _, _, rid in expected if level <= 2]


def test_concurrency_below_one_is_a_usage_error(exosite: RunningSandbox) -> None:
    result = runner.invoke(app, ["exosite", "tree", "--concurrency", "0"], env=exosite.environment())
    assert result.exit_code == 2 and result.stdout == ""
