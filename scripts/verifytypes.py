"""Measure how completely the built wheel's public API is typed, as a type checker's user sees it.

    python scripts/verifytypes.py            # score, per-module counts, failing symbols; gate on FLOOR
    python scripts/verifytypes.py --json     # also print pyright's raw report

Pyright's ``--verifytypes`` cannot look at an editable install (it sees a ``.pth`` redirect, not a
package), so the script measures what users install instead:

1. builds the wheel with the project's own build backend (hatchling) into a temporary directory;
2. creates a throwaway virtual environment there without pip and unpacks the wheel into its
   ``site-packages``;
3. links every other distribution of the current interpreter's ``site-packages`` into it (the
   runtime dependencies and the optional extras the public modules import: pydantic, httpx,
   tenacity, fsspec, starlette, typer...), leaving out this project's own editable install;
4. runs ``pyright --verifytypes resourcekit --ignoreexternal --outputjson`` from the temporary
   directory against that environment's interpreter.

The report gives the score, the names not fully typed per module, and the root causes: names
outside the public API (a private attribute of a shared base class, say) whose missing annotation
makes every public name built on them ambiguous.

The exit status is non-zero when the score falls below ``FLOOR``. The floor may only rise: when a
change raises the score, raise the floor with it.

fsspec ships no ``py.typed``, and pyright's verifier does not read an untyped package's source: a class
deriving from fsspec's would have an unknown metaclass. `resourcekit.hookio.fs` therefore shows type checkers
typed stand-ins for its fsspec bases (``resourcekit/hookio/_fsspec_bases.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tempfile
import venv
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "resourcekit"

# Percentage of public symbols with known types; only ever raise it.
FLOOR = 100.0

SHOWN_FAILURES_PER_MODULE = 40


def build_wheel(target: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(target)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = target.glob("*.whl")
    return wheel


def site_packages_of(environment: Path) -> Path:
    scheme = "nt" if os.name == "nt" else "posix_prefix"
    paths = sysconfig.get_paths(scheme, vars={"base": str(environment), "platbase": str(environment)})
    return Path(paths["purelib"])


def is_this_project(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith((PACKAGE, f"_editable_impl_{PACKAGE}", f"__editable__.{PACKAGE}"))


def prepare_environment(workdir: Path) -> Path:
    """A pip-less venv holding the built wheel plus links to every installed dependency."""
    environment = workdir / "vtv"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(environment)
    target = site_packages_of(environment)
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(build_wheel(workdir / "dist")) as wheel:
        wheel.extractall(target)
    current = Path(sysconfig.get_paths()["purelib"])
    for entry in current.iterdir():
        if is_this_project(entry.name) or entry.name == "__pycache__" or (target / entry.name).exists():
            continue
        (target / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return environment


def interpreter_of(environment: Path) -> Path:
    return environment / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run_pyright(environment: Path, workdir: Path) -> dict[str, Any]:
    bin_dir = interpreter_of(environment).parent
    env = {
        **os.environ,
        "VIRTUAL_ENV": str(environment),
        "PATH": os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("PYTHONPATH", None)
    command = [
        sys.executable,
        "-m",
        "pyright",
        "--verifytypes",
        PACKAGE,
        "--ignoreexternal",
        "--outputjson",
        "--pythonpath",
        str(interpreter_of(environment)),
    ]
    result = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True)
    try:
        report: dict[str, Any] = json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.exit(f"pyright gave no JSON report (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    return report


def module_of(symbol: str, modules: list[str]) -> str:
    """The longest known module name that prefixes a symbol's full name."""
    best = PACKAGE
    for module in modules:
        if (symbol == module or symbol.startswith(module + ".")) and len(module) > len(best):
            best = module
    return best


def area_of(module: str) -> str:
    """The second component of a module name: ``resourcekit.sandbox.ovh.app`` -> ``sandbox``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def summarise(report: dict[str, Any]) -> tuple[float, list[str]]:
    completeness = report["typeCompleteness"]
    score = float(completeness["completenessScore"]) * 100
    modules = [module["name"] for module in completeness.get("modules", [])]
    failing = [
        symbol
        for symbol in completeness.get("symbols", [])
        if not symbol.get("isTypeKnown", True) and symbol.get("isExported", True)
    ]
    lines = [
        f"verifytypes {PACKAGE}: {score:.2f}% "
        f"({completeness['exportedSymbolCounts']['withKnownType']} known, "
        f"{completeness['exportedSymbolCounts']['withAmbiguousType']} ambiguous, "
        f"{completeness['exportedSymbolCounts']['withUnknownType']} unknown)"
    ]
    per_area = Counter(area_of(module_of(symbol["name"], modules)) for symbol in failing)
    if per_area:
        lines.append("not fully typed, per area: " + ", ".join(f"{area} {n}" for area, n in per_area.most_common()))
    per_module: dict[str, list[dict[str, Any]]] = {}
    for symbol in failing:
        per_module.setdefault(module_of(symbol["name"], modules), []).append(symbol)
    for module, symbols in sorted(per_module.items()):
        lines.append(f"  {module}: {len(symbols)}")
        for symbol in symbols[:SHOWN_FAILURES_PER_MODULE]:
            errors = [d["message"] for d in symbol.get("diagnostics", []) if d.get("severity") == "error"]
            why = errors[0].splitlines()[0] if errors else "depends on a member or base that is not fully typed"
            lines.append(f"    {symbol['name']}: {why}")
        if len(symbols) > SHOWN_FAILURES_PER_MODULE:
            lines.append(f"    ... and {len(symbols) - SHOWN_FAILURES_PER_MODULE} more")
    roots = sorted(
        f"{symbol['name']}: {message}"
        for symbol in completeness.get("symbols", [])
        if not symbol.get("isTypeKnown", True) and not symbol.get("isExported", True)
        for message in _root_messages(symbol)
    )
    if roots:
        lines.append("root causes in names that are not exported (fixing these fixes the names that depend on them):")
        lines.extend(f"    {root}" for root in roots)
    return score, lines


def _root_messages(symbol: dict[str, Any]) -> list[str]:
    """A symbol's own typing gaps, leaving out those inherited from other symbols."""
    messages = [d["message"].splitlines()[0] for d in symbol.get("diagnostics", []) if d.get("severity") == "error"]
    return [message for message in messages if "partially unknown" not in message]


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="verifytypes-") as temporary:
        workdir = Path(temporary)
        environment = prepare_environment(workdir)
        report = run_pyright(environment, workdir)
    if "--json" in argv:
        print(json.dumps(report, indent=2))
    score, lines = summarise(report)
    print("\n".join(lines))
    # Pyright rounds nothing; compare at the precision the floor is written in.
    if round(score, 2) < FLOOR:
        print(f"FAILED: score {score:.2f}% is below the floor {FLOOR:.2f}%", file=sys.stderr)
        return 1
    if round(score, 2) > FLOOR:
        print(f"the score is above the floor: raise FLOOR in {Path(__file__).name} to {score:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
