"""The top-level package offers the shared names lazily, as the same objects as their home modules."""

from __future__ import annotations

import subprocess
import sys

import pytest

import resourcekit
from resourcekit.core import deadlines, response


@pytest.mark.parametrize(
    ("name", "home"),
    [("deadline", deadlines), ("capture_responses", response), ("APIResponse", response), ("ResponseLog", response)],
)
def test_lazy_names_are_the_home_modules_objects(name: str, home: object) -> None:
    assert getattr(resourcekit, name) is getattr(home, name)
    assert name in resourcekit.__all__


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        resourcekit.no_such_name  # noqa: B018  # pyright: ignore[reportAttributeAccessIssue]


@pytest.mark.slow
def test_import_resourcekit_does_not_import_httpx() -> None:
    code = "import sys, resourcekit; print('httpx' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_deadline_from_the_top_level_bounds_calls() -> None:
    with resourcekit.deadline(5):
        assert deadlines.call_ends_at(None, 0.0) is not None
