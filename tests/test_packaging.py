"""What users install: the wheel and the sdist built from this tree carry what the metadata promises."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel and the sdist once, with the project's own build backend."""
    target = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-d", str(target)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return target


@pytest.mark.slow
def test_wheel_ships_the_typing_marker(built: Path) -> None:
    (wheel,) = built.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "resourcekit/py.typed" in names
    metadata = next(name for name in names if name.endswith(".dist-info/METADATA"))
    assert "Classifier: Typing :: Typed" in zipfile.ZipFile(wheel).read(metadata).decode()


@pytest.mark.slow
def test_sdist_ships_the_typing_marker_and_the_descriptions(built: Path) -> None:
    (sdist,) = built.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert any(name.endswith("/resourcekit/py.typed") for name in names)
    assert any(name.endswith("/models/README.md") for name in names)


@pytest.mark.slow
def test_wheel_leaves_tests_and_build_output_out(built: Path) -> None:
    (wheel,) = built.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert not [name for name in names if name.startswith(("tests/", ".venv/", "site/"))]
    assert not [name for name in names if "__pycache__" in name]
