"""Settings from a TOML table and flags on top, read off the dataclasses: their fields, types and defaults.

Adding a field to a settings dataclass is all it takes for the settings file to accept it (and for
:func:`with_given` to override it): no list of keys or defaults is kept here.
"""

from __future__ import annotations

import dataclasses
import os
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from summarizer.config import ConfigError

T = TypeVar("T")

# Field metadata: False keeps a field out of the settings file (a run value, such as --date); a string is the
# field's key in the file when its name cannot be (``from`` is a Python keyword: the field ``sender``).
TOML = "toml"
RESOLVE = "resolve"  # field metadata: ``f(entry, base)`` applied to each string of a tuple field (sources)


def from_mapping(cls: type[T], table: Mapping[str, Any], where: str = "", base: Path | None = None) -> T:
    """A ``cls`` dataclass from a parsed TOML ``table`` named ``where`` ("" for the file's top level).

    Keys are the field names; a missing key keeps the field's default (a missing sub-table is an empty one);
    nested dataclasses, tuples of them (``[[name]]``), tuples of strings, string mappings, paths (relative to
    ``base``), numbers and booleans are checked; an unknown key is an error naming the table and the known keys.
    """
    table = _typed(where or "config file", table, dict)
    fields = {toml_key(f): f for f in dataclasses.fields(typing.cast(Any, cls)) if f.metadata.get(TOML, True)}
    unknown = sorted(set(table) - set(fields))
    if unknown:
        known = ", ".join(sorted(fields))
        raise ConfigError(f"{where or 'config file'}: unknown key(s) {', '.join(unknown)}; known keys: {known}")
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for key, spec in fields.items():
        name = spec.name
        if key in table:
            values[name] = _value(where, table[key], hints[name], spec, base, key)
        elif dataclasses.is_dataclass(hints[name]):
            values[name] = from_mapping(hints[name], {}, _table(where, name), base)
        elif _relative_default(spec) and base is not None:
            values[name] = _path(base, typing.cast(Path, spec.default))
        elif spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
            raise ConfigError(f"{where or 'config file'} needs a {key}")
    return cls(**values)


def with_given(config: T, given: Mapping[str, Any]) -> T:
    """``config`` with the ``given`` values on top; ``None`` means not given and keeps what ``config`` has.

    A mapping given for a dataclass field updates that field the same way; a name that is not a field of
    ``config`` but of exactly one of its dataclass fields goes there (``num_beams`` to an engine's ``generation``).
    """
    names = {f.name for f in dataclasses.fields(typing.cast(Any, config))}
    changes: dict[str, Any] = {}
    nested: dict[str, dict[str, Any]] = {}
    for name, value in given.items():
        if value is None:
            continue
        if name in names:
            current = getattr(config, name)
            changes[name] = with_given(current, value) if isinstance(value, Mapping) and _is_config(current) else value
        else:
            nested.setdefault(_owner(config, name), {})[name] = value
    for owner, values in nested.items():
        changes[owner] = with_given(changes.get(owner, getattr(config, owner)), values)
    return dataclasses.replace(typing.cast(Any, config), **changes) if changes else config


def toml_key(spec: dataclasses.Field[Any]) -> str:
    """The key of a dataclass field in the settings file: its name, unless its metadata names another."""
    key = spec.metadata.get(TOML)
    return key if isinstance(key, str) else spec.name


def given(**values: Any) -> dict[str, Any]:
    """The ``values`` that were given (``None`` means not given: the dataclass default decides)."""
    return {name: value for name, value in values.items() if value is not None}


def field_default(cls: type, name: str) -> Any:
    """The default of field ``name`` of dataclass ``cls`` (calling its default factory)."""
    spec = {f.name: f for f in dataclasses.fields(cls)}[name]
    if spec.default_factory is not dataclasses.MISSING:
        return spec.default_factory()
    return spec.default


def _is_config(value: Any) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def _owner(config: Any, name: str) -> str:
    owners = [
        f.name
        for f in dataclasses.fields(config)
        if _is_config(getattr(config, f.name)) and name in {g.name for g in dataclasses.fields(getattr(config, f.name))}
    ]
    if len(owners) != 1:
        raise TypeError(f"{type(config).__name__} has no single place for {name!r}")
    return owners[0]


def _key(where: str, name: str) -> str:
    return f"{where} {name}" if where else name


def _table(where: str, name: str) -> str:
    if where.startswith("[") and not where.startswith("[["):
        return f"{where[:-1]}.{name}]"
    return f"[{name}]"


def _relative_default(spec: dataclasses.Field[Any]) -> bool:
    return isinstance(spec.default, Path) and not spec.default.is_absolute()


def _path(base: Path | None, value: str | Path) -> Path:
    path = Path(value).expanduser()
    if base is None or path.is_absolute():
        return path
    # normpath, not resolve: "../briefings" becomes a clean path without following symlinks in it
    return Path(os.path.normpath(base / path))


def _value(table: str, value: Any, annotation: Any, spec: dataclasses.Field[Any], base: Path | None, key: str) -> Any:
    where = _key(table, key)
    kinds = _kinds(annotation)
    if type(None) in kinds and value == "":
        return None  # TOML has no null: "" stands for "none" (no index page, no template)
    origin = typing.get_origin(annotation)
    if origin is tuple:
        return _sequence(where, value, typing.get_args(annotation)[0], spec, base)
    if origin is Mapping or origin is dict:
        return _strings_by_name(_table(table, spec.name), value)
    tables = [k for k in kinds if k is not type(None)]
    if len(tables) == 1 and dataclasses.is_dataclass(tables[0]):  # a sub-table, optional or not
        return from_mapping(typing.cast(type, tables[0]), value, _table(table, key), base)
    if Path in kinds:
        return _path(base, _typed(where, value, str))
    real = tuple(k for k in kinds if k is not type(None))
    if real == (float,):
        return float(_typed(where, value, (int, float)))
    return _typed(where, value, real) if real else value


def _sequence(where: str, value: Any, item: Any, spec: dataclasses.Field[Any], base: Path | None) -> tuple[Any, ...]:
    if dataclasses.is_dataclass(item):
        tables = _typed(f"[[{spec.name}]]", value, list)
        return tuple(
            from_mapping(typing.cast(type, item), t, f"[[{spec.name}]] #{i}", base) for i, t in enumerate(tables, 1)
        )
    if isinstance(value, str):
        value = [value]
    strings = tuple(_typed(f"{where} entry", entry, str) for entry in _typed(where, value, list))
    resolve: Callable[[str, Path], str] | None = spec.metadata.get(RESOLVE)
    if resolve is None or base is None:
        return strings
    return tuple(resolve(entry, base) for entry in strings)


def _strings_by_name(where: str, value: Any) -> dict[str, str]:
    return {str(k): _typed(f"{where} {k}", v, str) for k, v in _typed(where, value, dict).items()}


def _kinds(annotation: Any) -> tuple[Any, ...]:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return typing.get_args(annotation)
    return (annotation,)


def _typed(where: str, value: Any, kind: type | tuple[type, ...]) -> Any:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds and (int in kinds or float in kinds):
        raise ConfigError(f"{where} must be a number, got {value!r}")
    if not isinstance(value, kinds):
        raise ConfigError(f"{where} must be {' or '.join(k.__name__ for k in kinds)}, got {value!r}")
    return value
