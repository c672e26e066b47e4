"""The base of every entity: a pydantic model bound to the client it came from.

A `Record` knows which of its fields the API lets clients change (marked `Writable`), refuses
assignment to the others, remembers the values it was loaded with so that ``save()`` sends only
what changed, never shows secrets in its ``repr``, and pickles without its client.

Read-only fields are declared ``Final`` so that type checkers refuse assignments to them too. For
a field with a default, pydantic 2 would take ``x: Final[T] = default`` for a class variable (the
typing rules since 2024 call it an instance field, as dataclasses do); the records' metaclass
hands pydantic the annotation without its ``Final`` wrapper, so the field stays a field with its
default and alias.

The I/O methods (``refresh()``, ``save()``, ``delete()``, actions) live in each provider's records,
which know their routes; this base gives them the bookkeeping.
"""

from __future__ import annotations

import ast
import inspect
import sys
import typing
from typing import Any, ClassVar, Final

import typing_extensions
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError
from pydantic._internal._model_construction import ModelMetaclass, NoInitField
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from typing_extensions import Self

from resourcekit.core.errors import InvalidInputError, ReadOnlyFieldError, ResponseValidationError, UnboundRecordError
from resourcekit.core.redact import DEFAULT_REDACTOR, MASK, Redactor


class _WritableMarker:
    """Annotated metadata marking a field the API lets clients change."""

    def __repr__(self) -> str:
        return "Writable"


Writable: Final[_WritableMarker] = _WritableMarker()
"""Mark a record field as changeable: ``monitoring: Annotated[bool, Writable]``."""


class Model(BaseModel):
    """Plain typed data from a provider (no client): lax parsing, unknown fields kept.

    Fields whose names the class's ``__redactor__`` calls secret are masked in ``repr``; a provider
    sets its own redactor (with names like HEXONET's ``auth``) on its base model.
    """

    __redactor__: ClassVar[Redactor] = DEFAULT_REDACTOR

    model_config: ClassVar[ConfigDict] = ConfigDict(
        extra="allow",
        populate_by_name=True,
        validate_assignment=True,
        arbitrary_types_allowed=True,
        protected_namespaces=(),
        # A rejected value may be a secret (an auth code, a password): errors must not echo it.
        hide_input_in_errors=True,
        # Validators are built when a class is first used, not when it is defined: importing a
        # provider defines dozens of records, and a program uses a few of them.
        defer_build=True,
    )

    @classmethod
    def from_wire(cls, data: Any) -> Self:
        """Parse a provider reply; a reply that does not fit raises `ResponseValidationError`.

        Use this for data that came from the provider: a mismatch there is the provider's (or the
        model's) fault, not the caller's, and is reported in the error tree with the raw data.
        """
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            raise ResponseValidationError(
                f"the reply does not fit {cls.__name__}: {error.error_count()} problem(s): {_summary(error)}",
                raw=data,
            ) from error

    def __repr_args__(self) -> Any:
        for name, value in super().__repr_args__():
            if name is not None and self.__redactor__.is_secret(name) and value is not None:
                yield name, MASK
            else:
                yield name, value


_NOT_FINAL = object()
_FINAL_FORMS = (typing.Final, typing_extensions.Final)


def _inside_final(annotation: Any, scope: dict[str, Any]) -> Any:
    """``T`` for an annotation ``Final[T]`` (a string, or an object without the future import), else `_NOT_FINAL`.

    A string is read as Python and its subscripted name looked up in the class's module, so only
    typing's ``Final`` (under any name it was imported as) is unwrapped.
    """
    if not isinstance(annotation, str):
        if typing.get_origin(annotation) in _FINAL_FORMS:
            (inner,) = typing.get_args(annotation)
            return inner
        return _NOT_FINAL
    try:
        expression = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return _NOT_FINAL
    if not isinstance(expression, ast.Subscript) or _resolve(expression.value, scope) not in _FINAL_FORMS:
        return _NOT_FINAL
    inner = ast.get_source_segment(annotation, expression.slice)
    return inner if inner is not None else _NOT_FINAL


def _has_default(namespace: dict[str, Any], name: str) -> bool:
    """Whether the class body gives ``name`` a default, as a value or through ``Field(default=...)``."""
    if name not in namespace:
        return False
    value = namespace[name]
    if isinstance(value, FieldInfo):
        return value.default is not PydanticUndefined or value.default_factory is not None
    return True


def _resolve(node: ast.expr, scope: dict[str, Any]) -> Any:
    """The object a name or dotted name (``Final``, ``typing.Final``) stands for in ``scope``."""
    if isinstance(node, ast.Name):
        return scope.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, scope)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


# Type checkers apply pydantic's dataclass semantics (fields as ``__init__`` keywords) through the
# metaclass's own decorator, which a subclass does not inherit in their eyes: it is repeated here.
@typing_extensions.dataclass_transform(kw_only_default=True, field_specifiers=(Field, PrivateAttr, NoInitField))
class _RecordMetaclass(ModelMetaclass):
    """Pydantic's model metaclass, taking ``x: Final[T] = default`` for a read-only field of type ``T``.

    Type checkers see the ``Final`` and refuse assignments; pydantic, handed ``T``, keeps a field
    with its default (and alias) where it would otherwise make a class variable. The names so
    unwrapped (the class's and its bases') are in its ``__final_fields__``.
    """

    def __new__(
        mcs, cls_name: str, bases: tuple[type[Any], ...], namespace: dict[str, Any], *args: Any, **kwargs: Any
    ) -> type:
        # Under ``from __future__ import annotations`` (every Python from 3.10 to 3.14) the class body
        # leaves its annotations, as strings, in this dict; without it, before 3.14, as objects.
        annotations: dict[str, Any] | None = namespace.get("__annotations__")
        unwrapped: set[str] = set()
        if isinstance(annotations, dict):
            module = sys.modules.get(str(namespace.get("__module__")))
            scope = vars(module) if module is not None else {}
            for name, annotation in list(annotations.items()):
                if not _has_default(namespace, name):
                    continue  # pydantic takes a Final field without a default for a field already
                inner = _inside_final(annotation, scope)
                if inner is not _NOT_FINAL:
                    annotations[name] = inner
                    unwrapped.add(name)
        inherited = frozenset[str]().union(*(getattr(base, "__final_fields__", frozenset[str]()) for base in bases))
        namespace["__final_fields__"] = inherited | unwrapped
        return super().__new__(mcs, cls_name, bases, namespace, *args, **kwargs)


class Record(Model, metaclass=_RecordMetaclass):
    """An entity bound to a client, with change tracking for ``save()``.

    Subclasses declare their fields with wire names as aliases and mark changeable ones with
    `Writable`; read-only ones are declared ``Final`` (with or without a default), so type checkers
    refuse assignments to them. Unknown fields from the API are kept and readable as attributes.
    """

    __writable_fields__: ClassVar[frozenset[str]] = frozenset()
    __final_fields__: ClassVar[frozenset[str]] = frozenset()

    _client: Any = PrivateAttr(default=None)
    _loaded: dict[str, Any] = PrivateAttr(default_factory=dict[str, Any])

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__writable_fields__ = frozenset(name for name, info in cls.model_fields.items() if _is_writable(info))
        contradictions = cls.__writable_fields__ & cls.__final_fields__
        if contradictions:
            raise TypeError(
                f"{cls.__name__}: fields declared both Final and Writable: {', '.join(sorted(contradictions))}"
            )
        # pydantic wraps ``model_post_init`` once more at each level of subclassing, every wrapper
        # setting up the private attributes again (all but the first finding them done): validating
        # a provider record went through three. When no subclass defines its own, Record's one
        # wrapper does the same work once.
        if inspect.unwrap(cls.model_post_init) is _record_post_init:
            cls.model_post_init = Record.model_post_init

    def model_post_init(self, context: Any, /) -> None:
        if self.__writable_fields__:  # otherwise ``_loaded`` keeps its default, an empty dict
            self._loaded = self._writable_values()

    def __setattr__(self, name: str, value: Any) -> None:
        if not name.startswith("_") and name not in self.__writable_fields__:
            writable = ", ".join(sorted(self.__writable_fields__)) or "none"
            raise ReadOnlyFieldError(
                f"{type(self).__name__}.{name} is read-only; the fields you can change are: {writable}"
            )
        try:
            super().__setattr__(name, value)
        except ValidationError as error:
            raise InvalidInputError(f"{type(self).__name__}.{name}: {_summary(error)}") from None

    @classmethod
    def from_wire_bound(cls, data: Any, client: Any) -> Self:
        """`from_wire`, then bound to ``client``: how managers turn a reply into a record."""
        return cls.from_wire(data).bind(client)

    # -- binding ----------------------------------------------------------------------------

    def bind(self, client: Any) -> Self:
        """Attach this record to a client (after unpickling, or to use another client's credentials)."""
        # Every fetched record is bound: the client goes straight into pydantic's store of private
        # attributes, which is where assigning ``_client`` puts it through two ``__setattr__``
        # layers. The first bind checks that it is found there (else binding assigns, always).
        private = self.__pydantic_private__
        if _binds_directly is not False and type(private) is dict:
            private["_client"] = client
            if _binds_directly or _found_bound(self, client):
                return self
        self._client = client
        return self

    @property
    def is_bound(self) -> bool:
        return self._client is not None

    def _require_client(self) -> Any:
        if self._client is None:
            raise UnboundRecordError(
                f"this {type(self).__name__} is bound to no client; call .bind(client) before using it"
            )
        return self._client

    # -- change tracking --------------------------------------------------------------------

    def _writable_values(self) -> dict[str, Any]:
        if not self.__writable_fields__:
            return {}
        return self.model_dump(include=set(self.__writable_fields__), mode="json")

    def changes(self) -> dict[str, Any]:
        """The writable fields changed since the record was loaded or saved, by wire name."""
        current = self._writable_values()
        changed = {name for name, value in current.items() if self._loaded.get(name, _MISSING) != value}
        if not changed:
            return {}
        return self.model_dump(include=changed, by_alias=True, mode="json")

    @property
    def has_changes(self) -> bool:
        return bool(self.changes())

    def _mark_clean(self) -> None:
        """Take the current values as the saved state (after a successful save)."""
        self._loaded = self._writable_values()

    def _replace_with(self, fresh: Record) -> None:
        """Take every value of a freshly fetched copy of this record (``refresh()``)."""
        object.__setattr__(self, "__dict__", dict(fresh.__dict__))
        object.__setattr__(self, "__pydantic_extra__", dict(fresh.__pydantic_extra__ or {}))
        object.__setattr__(self, "__pydantic_fields_set__", set(fresh.__pydantic_fields_set__))
        self._mark_clean()

    # -- pickling ---------------------------------------------------------------------------

    def __getstate__(self) -> dict[Any, Any]:
        state = super().__getstate__()
        private = dict(state.get("__pydantic_private__") or {})
        private["_client"] = None
        state["__pydantic_private__"] = private
        return state


_MISSING = object()

_binds_directly: bool | None = None
"""Whether a client put in ``__pydantic_private__`` is the record's ``_client`` (checked at the first bind)."""


def _found_bound(record: Record, client: Any) -> bool:
    global _binds_directly
    _binds_directly = record._client is client  # pyright: ignore[reportPrivateUsage]
    return _binds_directly


_record_post_init = inspect.unwrap(Record.model_post_init)


def _summary(error: ValidationError) -> str:
    # Locations and messages only: pydantic's default text would echo input values, which may be secret.
    return "; ".join(
        f"{'.'.join(str(part) for part in item['loc']) or 'value'}: {item['msg']}" for item in error.errors()[:5]
    )


def _is_writable(info: FieldInfo) -> bool:
    return any(isinstance(item, _WritableMarker) for item in info.metadata)
