"""The base of every entity: a pydantic model bound to the client it came from.

A `Record` knows which of its fields the API lets clients change (marked `Writable`), refuses
assignment to the others, remembers the values it was loaded with so that ``save()`` sends only
what changed, never shows secrets in its ``repr``, and pickles without its client.

The I/O methods (``refresh()``, ``save()``, ``delete()``, actions) live in each provider's records,
which know their routes; this base gives them the bookkeeping.
"""

from __future__ import annotations

import inspect
from typing import Any, ClassVar, Final

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError
from pydantic.fields import FieldInfo
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


class Record(Model):
    """An entity bound to a client, with change tracking for ``save()``.

    Subclasses declare their fields with wire names as aliases and mark changeable ones with
    `Writable`. Unknown fields from the API are kept and readable as attributes.
    """

    __writable_fields__: ClassVar[frozenset[str]] = frozenset()

    _client: Any = PrivateAttr(default=None)
    _loaded: dict[str, Any] = PrivateAttr(default_factory=dict[str, Any])

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__writable_fields__ = frozenset(name for name, info in cls.model_fields.items() if _is_writable(info))
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
_record_post_init = inspect.unwrap(Record.model_post_init)


def _summary(error: ValidationError) -> str:
    # Locations and messages only: pydantic's default text would echo input values, which may be secret.
    return "; ".join(
        f"{'.'.join(str(part) for part in item['loc']) or 'value'}: {item['msg']}" for item in error.errors()[:5]
    )


def _is_writable(info: FieldInfo) -> bool:
    return any(isinstance(item, _WritableMarker) for item in info.metadata)
