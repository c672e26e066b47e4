"""Every public record field and every public manager and record method carries documentation.

So does every public attribute a class sets in ``__init__`` (a client's managers, ``self.me``...).
Field descriptions are attribute docstrings (the string literal on the line after the field, read
here from the source with `ast`, as pyright, Jedi and griffe read them) or ``Field(description=)``.
Method docstrings name the HTTP route or the command a method sends. The walk covers the five
provider packages, both flavours: the sync twins are generated from the async sources, so a gap in
one shows in the other.
"""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import resourcekit
from resourcekit.core.records import Model, Record

PROVIDERS = ("hexonet", "ovh", "exosite", "hookio", "siminars")
PACKAGE_ROOT = Path(resourcekit.__file__).parent


@dataclass
class Tally:
    """How many of one kind of item are documented, and which are not."""

    total: int = 0
    missing: list[str] = field(default_factory=list[str])

    def count(self, where: str, documented: bool) -> None:
        self.total += 1
        if not documented:
            self.missing.append(where)

    @property
    def documented(self) -> int:
        return self.total - len(self.missing)


@dataclass
class Coverage:
    fields: Tally = field(default_factory=Tally)
    manager_methods: Tally = field(default_factory=Tally)
    record_methods: Tally = field(default_factory=Tally)
    instance_attributes: Tally = field(default_factory=Tally)


def _public_modules(provider: str) -> list[tuple[str, Path]]:
    """The provider's modules a user may meet: private files are skipped, `_async`/`_sync` kept."""
    package = PACKAGE_ROOT / provider
    modules: list[tuple[str, Path]] = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
        inner = parts[2:]
        if any(part.startswith("_") and part not in ("_async", "_sync", "__init__") for part in inner):
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append((".".join(parts), path))
    return modules


def _is_documented_string(node: ast.stmt | None) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and bool(node.value.value.strip())
    )


def _decorator_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    names: set[str] = set()
    for decorator in function.decorator_list:
        if isinstance(decorator, ast.Name):
            names.add(decorator.id)
        elif isinstance(decorator, ast.Attribute):
            names.add(decorator.attr)
    return names


def _check_fields(cls: type[Model], node: ast.ClassDef, where: str, tally: Tally) -> None:
    body = node.body
    for index, statement in enumerate(body):
        if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
            continue
        name = statement.target.id
        if name.startswith("_") or name not in cls.model_fields:
            continue
        following = body[index + 1] if index + 1 < len(body) else None
        documented = _is_documented_string(following) or bool(cls.model_fields[name].description)
        tally.count(f"{where}.{name}", documented)


def _check_methods(node: ast.ClassDef, where: str, tally: Tally) -> None:
    for statement in node.body:
        if not isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if statement.name.startswith("_"):
            continue
        decorators = _decorator_names(statement)
        if "overload" in decorators or "setter" in decorators or "deleter" in decorators:
            continue
        tally.count(f"{where}.{statement.name}", bool(ast.get_docstring(statement)))


def _self_attribute(statement: ast.stmt) -> str | None:
    """The name ``x`` of a ``self.x = ...`` or ``self.x: T = ...`` statement, else ``None``."""
    if isinstance(statement, ast.AnnAssign):
        target = statement.target
    elif isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
    else:
        return None
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
        return target.attr
    return None


def _check_instance_attributes(cls: type, node: ast.ClassDef, where: str, tally: Tally) -> None:
    """Public attributes set on ``self`` carry a docstring where each tool looks for one.

    Jedi goes to the assignment, so the one that sets the attribute up (the first in a method's own
    body, ``__init__`` or a setup method) has a docstring under it. Griffe, which renders the
    reference, reads ``__init__`` only: an attribute set up elsewhere is also documented where the
    class annotates it. Class-level fields with a value (pydantic, dataclasses) are checked there.
    """
    at_class: dict[str, bool] = {}
    with_value: set[str] = set()
    for index, statement in enumerate(node.body):
        following = node.body[index + 1] if index + 1 < len(node.body) else None
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            at_class[statement.target.id] = _is_documented_string(following)
            if statement.value is not None:
                with_value.add(statement.target.id)
    fields = set(cls.model_fields) if issubclass(cls, Model) else set[str]()
    methods = {function.name for function in node.body if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)}
    skipped = fields | methods | with_value  # documented as fields, or as properties
    first: dict[str, tuple[bool, bool]] = {}  # name -> (a docstring under it, set in __init__)
    for function in node.body:
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for index, statement in enumerate(function.body):
            name = _self_attribute(statement)
            if name is None or name.startswith("_") or name in skipped or name in first:
                continue
            following = function.body[index + 1] if index + 1 < len(function.body) else None
            first[name] = (_is_documented_string(following), function.name == "__init__")
    for name, (under, in_init) in first.items():
        documented = under and (in_init or at_class.get(name, False))
        tally.count(f"{where}.{name}", documented)


def _is_manager(module_name: str, class_name: str) -> bool:
    return module_name.endswith(".managers") or class_name.endswith("Manager")


def _walk(provider: str, coverage: Coverage) -> None:
    for module_name, path in _public_modules(provider):
        module = importlib.import_module(module_name)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
                continue
            cls = getattr(module, node.name, None)
            if not isinstance(cls, type):
                continue
            where = f"{module_name}.{node.name}"
            _check_instance_attributes(cls, node, where, coverage.instance_attributes)
            if issubclass(cls, Model):
                _check_fields(cls, node, where, coverage.fields)
            if issubclass(cls, Record):
                _check_methods(node, where, coverage.record_methods)
            elif _is_manager(module_name, node.name):
                _check_methods(node, where, coverage.manager_methods)


@pytest.fixture(scope="module")
def coverage() -> Coverage:
    result = Coverage()
    for provider in PROVIDERS:
        _walk(provider, result)
    return result


def _report(kind: str, tally: Tally) -> str:
    return f"{kind}: {tally.documented}/{tally.total} documented"


def test_the_walk_finds_the_public_surface(coverage: Coverage) -> None:
    # A walk that found nothing would pass every check below: these floors keep it honest.
    assert coverage.fields.total > 400
    assert coverage.manager_methods.total > 150
    assert coverage.record_methods.total > 150
    assert coverage.instance_attributes.total > 50


@pytest.mark.parametrize("kind", ["fields", "manager_methods", "record_methods", "instance_attributes"])
def test_every_public_item_is_documented(coverage: Coverage, kind: str) -> None:
    tally: Tally = getattr(coverage, kind)
    print(_report(kind, tally))
    assert not tally.missing, _report(kind, tally) + "; missing:\n" + "\n".join(tally.missing)
