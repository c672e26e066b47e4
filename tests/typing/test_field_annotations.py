"""Record and model fields spell their types out, so an editor's hover shows the type, not an alias;
and every read-only record field is ``Final``, so type checkers refuse writes to it.

Pyright's hover names a type alias where a field's annotation uses one (``created_date: HexonetDate``,
``category: BillCategory | None``): the reader learns nothing without opening the definition.
Fields therefore write ``Annotated[datetime | None, AS_DATE]`` or ``Literal["poweroff", "poweron"]``
themselves; the aliases remain for the methods' signatures. This walks every field annotation of
every model class in the provider packages and names those that use an alias.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import types
import typing
from typing import Any

from resourcekit.core.records import _NOT_FINAL, Model, Record, _inside_final, _is_writable

PROVIDERS = ("hexonet", "ovh", "exosite", "hookio", "siminars")
SPECIAL_FORMS: tuple[Any, ...] = (typing.Final, typing.Annotated, typing.Literal, typing.ClassVar, typing.Any)


def provider_modules() -> list[types.ModuleType]:
    modules: list[types.ModuleType] = []
    for provider in PROVIDERS:
        package = importlib.import_module(f"resourcekit.{provider}")
        modules.append(package)
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            modules.append(importlib.import_module(info.name))
    return modules


def is_type_alias(value: object) -> bool:
    """A name standing for a type expression (``Literal[...]``, ``int | str``, ``Annotated[...]``), not a class."""
    if isinstance(value, type) or any(value is form for form in SPECIAL_FORMS):
        return False
    return typing.get_origin(value) is not None or isinstance(value, types.UnionType)


def aliases_in(annotation: str, scope: dict[str, Any]) -> list[str]:
    names = [node.id for node in ast.walk(ast.parse(annotation, mode="eval")) if isinstance(node, ast.Name)]
    return [name for name in names if name in scope and is_type_alias(scope[name])]


def test_the_walk_recognises_aliases() -> None:
    scope: dict[str, Any] = {"Flag": typing.Literal["on", "off"], "Number": int | float, "Final": typing.Final}
    assert aliases_in("Final[Flag | None]", scope) == ["Flag"]
    assert aliases_in("list[Number]", scope) == ["Number"]
    assert aliases_in("Final[Literal['on'] | None]", scope) == []


def test_no_field_annotation_names_a_type_alias() -> None:
    offenders: list[str] = []
    classes = 0
    for module in provider_modules():
        scope = vars(module)
        for name, cls in scope.items():
            if not (inspect.isclass(cls) and issubclass(cls, Model) and cls.__module__ == module.__name__):
                continue
            classes += 1
            annotations: dict[str, Any] = inspect.get_annotations(cls)
            for field_name, annotation in annotations.items():
                if isinstance(annotation, str):
                    offenders.extend(
                        f"{module.__name__}.{name}.{field_name}: {alias}" for alias in aliases_in(annotation, scope)
                    )
    assert classes > 100  # the walk found the providers' models
    assert offenders == []


def test_every_read_only_record_field_is_final() -> None:
    not_final: list[str] = []
    fields = 0
    for module in provider_modules():
        scope = vars(module)
        for name, cls in scope.items():
            if not (inspect.isclass(cls) and issubclass(cls, Record) and cls.__module__ == module.__name__):
                continue
            annotations: dict[str, Any] = inspect.get_annotations(cls)
            for field_name, info in cls.model_fields.items():
                if field_name not in annotations or _is_writable(info):
                    continue
                fields += 1
                # Fields with a default lost their wrapper to the metaclass, which remembers them.
                declared_final = _inside_final(annotations[field_name], scope) is not _NOT_FINAL
                if not declared_final and field_name not in cls.__final_fields__:
                    not_final.append(f"{module.__name__}.{name}.{field_name}")
    assert fields > 300  # every provider's records, both flavours where they are declared per flavour
    assert not_final == []
