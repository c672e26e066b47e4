"""Install everything into ./.venv and run every gate, as CI does.

    python3 scripts/check.py            # install (idempotent) + all gates: about 6 to 9 minutes on 2 cores
    python3 scripts/check.py --no-install
    python3 scripts/check.py --quick    # day-to-day subset, no install: see below

Gates, in order: ruff check, ruff format --check, pyright (strict), the public API's type
completeness of the built wheel (``scripts/verifytypes.py``, a floor that only rises), mypy (strict, with the
pydantic plugin, on tests/typing), the sync-generation check,
pytest under coverage (filterwarnings=error; coverage at least 90%), mkdocs build --strict. Each gate's time is printed;
the script stops at the first failing gate and exits with its status.

``--quick`` runs ruff, ruff format, pyright, verifytypes, mypy, the sync-generation check and the tests not marked
``slow``, without coverage or the docs build, in the existing ``.venv``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")

# The official HEXONET connector is a test-time peer only; its package metadata pins unrelated
# tools (sphinx, black, an old pytest-cov), so it is installed without its dependencies.
CONTRACT_PEERS_WITHOUT_DEPS = ["hexonet.apiconnector==4.0.2", "setuptools"]
# Two test processes; a process that runs out of tests takes some from the other's queue, so
# neither idles while the other works through a tail of slow tests.
PYTEST_WORKERS = ["-n", "2", "--dist", "worksteal"]


def run(title: str, command: list[str]) -> None:
    started = time.monotonic()
    print(f"==> {title}: {' '.join(command)}", flush=True)
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, cwd=ROOT, env=environment)
    elapsed = time.monotonic() - started
    print(f"<== {title}: {'ok' if result.returncode == 0 else 'FAILED'} in {elapsed:.1f}s", flush=True)
    if result.returncode != 0:
        sys.exit(result.returncode)


def install() -> None:
    if not PYTHON.exists():
        print(f"==> creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run("install", [*pip, "-e", ".[dev]"])
    run("install contract peers", [*pip, "--no-deps", *CONTRACT_PEERS_WITHOUT_DEPS])


def static_gates(python: str) -> None:
    run("ruff check", [python, "-m", "ruff", "check", "."])
    run("ruff format", [python, "-m", "ruff", "format", "--check", "."])
    run("pyright strict", [python, "-m", "pyright"])
    run("verifytypes", [python, "scripts/verifytypes.py"])
    run("mypy strict", [python, "-m", "mypy"])
    run("sync twins", [python, "scripts/unasync.py", "--check"])


def quick(python: str) -> None:
    """The day-to-day subset: static gates, then the tests not marked slow."""
    static_gates(python)
    run("pytest (not slow)", [python, "-m", "pytest", *PYTEST_WORKERS, "-q", "-m", "not slow"])
    print("quick gates passed (the full run adds the slow tests, coverage and the docs build)", flush=True)


def main(argv: list[str]) -> None:
    if "--quick" in argv:
        if not PYTHON.exists():
            sys.exit("no .venv yet: run python3 scripts/check.py once (it installs everything)")
        quick(str(PYTHON))
        return
    if "--no-install" not in argv:
        install()
    python = str(PYTHON)
    static_gates(python)
    for stale in ROOT.glob(".coverage*"):
        stale.unlink()
    run("pytest", [python, "-m", "coverage", "run", "-m", "pytest", *PYTEST_WORKERS, "-q", "--durations=25"])
    run("coverage combine", [python, "-m", "coverage", "combine", "--quiet"])
    run("coverage report", [python, "-m", "coverage", "report", "--fail-under=90"])
    run("mkdocs", [python, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(ROOT / "site")])
    print("all gates passed", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
