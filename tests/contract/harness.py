"""Checks that records, client requests and sandbox routes agree with an API description.

See ``models/README.md`` for the description formats. Every check raises `AssertionError` with a
message naming what disagrees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel
from starlette.routing import Mount, Route

MODELS = Path(__file__).resolve().parent.parent.parent / "models"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def load(name_or_path: str | Path) -> dict[str, Any]:
    """A description from ``models/`` by file name, or from a path."""
    path = Path(name_or_path)
    if not path.is_absolute() and not path.exists():
        path = MODELS / path
    return cast("dict[str, Any]", yaml.safe_load(path.read_text()))


# -- OpenAPI --------------------------------------------------------------------------------


def _resolve(spec: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in str(node["$ref"]).lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def schema_properties(spec: Mapping[str, Any], schema_name: str) -> tuple[set[str], set[str]]:
    """(all property names, required property names) of a schema, following ``$ref`` and ``allOf``."""
    properties: set[str] = set()
    required: set[str] = set()

    def walk(node: Mapping[str, Any]) -> None:
        node = _resolve(spec, node)
        for part in node.get("allOf", []):
            walk(part)
        properties.update(node.get("properties", {}))
        required.update(node.get("required", []))

    walk(spec["components"]["schemas"][schema_name])
    return properties, required


def assert_record_matches_schema(
    record: type[BaseModel], spec: Mapping[str, Any], schema_name: str, *, ignore: Iterable[str] = ()
) -> None:
    """Record fields (by wire name) are schema properties; required properties are record fields."""
    skipped = set(ignore)
    wire_names = {info.alias or name for name, info in record.model_fields.items()} - skipped
    properties, required = schema_properties(spec, schema_name)
    undescribed = wire_names - properties
    assert not undescribed, f"{record.__name__} fields missing from schema {schema_name}: {sorted(undescribed)}"
    missing = (required - skipped) - wire_names
    assert not missing, f"{record.__name__} lacks required properties of {schema_name}: {sorted(missing)}"


def openapi_operations(spec: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    """``(METHOD, path template) -> operationId`` of every supported operation."""
    operations: dict[tuple[str, str], str] = {}
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None or "x-resourcekit-unsupported" in operation:
                continue
            operations[(method.upper(), path)] = operation.get("operationId", f"{method} {path}")
    return operations


def _template_pattern(template: str, *, trailing_slash: bool = False) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile(f"^{regex}/?$" if trailing_slash else f"^{regex}$")


def match_operation(spec: Mapping[str, Any], method: str, url: str, *, prefix: str = "") -> str | None:
    """The operationId that a sent request (method and URL) corresponds to, if any.

    Literal paths win over templated ones (``/me/bill/ids`` before ``/me/bill/{billId}``).
    """
    path = urlsplit(url).path
    if prefix and path.startswith(prefix):
        path = path[len(prefix) :]
    operations = [
        (template, operation_id)
        for (verb, template), operation_id in openapi_operations(spec).items()
        if verb == method.upper()
    ]
    # An exact match (trailing slash included) wins over one that ignores a trailing slash.
    for trailing_slash in (False, True):
        candidates = [
            (template.count("{"), operation_id)
            for template, operation_id in operations
            if _template_pattern(template, trailing_slash=trailing_slash).match(path)
        ]
        if candidates:
            return min(candidates)[1]
    return None


def assert_requests_described(
    spec: Mapping[str, Any], requests: Iterable[tuple[str, str]], *, prefix: str = "", ignore: Iterable[str] = ()
) -> set[str]:
    """Every ``(method, url)`` sent is a described operation; returns the operationIds seen."""
    skipped = set(ignore)
    seen: set[str] = set()
    unknown: list[str] = []
    for method, url in requests:
        path = urlsplit(url).path
        if any(path.startswith(prefix + ignored) for ignored in skipped):
            continue
        operation = match_operation(spec, method, url, prefix=prefix)
        if operation is None:
            unknown.append(f"{method} {path}")
        else:
            seen.add(operation)
    assert not unknown, f"requests not in the description: {sorted(set(unknown))}"
    return seen


def app_routes(app: Any, prefix: str = "") -> set[tuple[str, str]]:
    """``(METHOD, path template)`` pairs an app serves (``{id:int}`` shown as ``{id}``).

    Starlette routes and mounts are read directly; an emulator that routes by itself says what it
    serves through a ``route_templates()`` method returning the same pairs.
    """
    if hasattr(app, "route_templates"):
        return {(method, prefix + path) for method, path in app.route_templates()}
    routes: set[tuple[str, str]] = set()
    for route in getattr(app, "routes", []):
        if isinstance(route, Mount):
            routes |= app_routes(route.app, prefix + route.path)
        elif isinstance(route, Route):
            template = re.sub(r"\{([^}:]+)(:[^}]+)?\}", r"{\1}", prefix + route.path)
            routes |= {(method, template) for method in route.methods or () if method != "HEAD"}
    return routes


def assert_routes_served(spec: Mapping[str, Any], app: Any, *, prefix: str = "") -> None:
    """Every supported operation of the description is a route of the emulator.

    Path parameter names may differ between the two; only the shape of the path is compared.
    """

    def shape(template: str) -> str:
        return re.sub(r"\{[^}]+\}", "{}", template)

    served = {(method, shape(path)) for method, path in app_routes(app)}
    described = {(method, shape(prefix + path)) for method, path in openapi_operations(spec)}
    missing = described - served
    assert not missing, f"described but not served by the sandbox: {sorted(missing)}"


# -- command / RPC descriptions ---------------------------------------------------------------


def commands(description: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The commands (or procedures) of a ``resourcekit-commands/1`` description."""
    assert description.get("format") == "resourcekit-commands/1", "not a resourcekit-commands/1 description"
    return cast("dict[str, dict[str, Any]]", description["commands"])


def parameter_matches(described: str, sent: str) -> bool:
    if described.endswith("#"):
        return re.fullmatch(re.escape(described[:-1]) + r"\d+", sent) is not None
    return described == sent


def assert_command_described(description: Mapping[str, Any], name: str, parameters: Iterable[str] = ()) -> None:
    """A command that was sent is described, with every parameter it carried."""
    known = commands(description)
    assert name in known, f"command {name} is not described"
    described = list(known[name].get("parameters", {}))
    unknown = [p for p in parameters if not any(parameter_matches(d, p) for d in described)]
    assert not unknown, f"{name} sent undescribed parameters: {unknown}"
