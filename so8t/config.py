"""Stage configs: one way to check, build and write them back, driven by the dataclass fields.

Every stage config derives from `StageConfig`; its fields carry the type (`Literal` for fixed
choices), the default and `metadata={"help": ...}` (docs/architecture.md, "Configs, flags and
presets"). This module imports neither torch nor transformers, so the window can build its
forms from the fields.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import os
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from so8t.errors import ConfigError

C = TypeVar("C", bound="StageConfig")

#: The largest whole number any integer field takes unless its metadata names another `max`: a C int,
#: what torch, numpy and llama.cpp take for counts; 2**63 as a seed or LoRA rank ended in a C++ traceback.
DEFAULT_INT_MAXIMUM = 2**31 - 1
#: numpy's legacy seeding (used by libraries under torch) takes 32-bit seeds at most.
SEED_LIMIT = 2**32 - 1


@dataclass(frozen=True)
class FieldSpec:
    """One field of a config as the checks, the flags and the window see it."""

    name: str
    type: Any
    default: Any  # dataclasses.MISSING when the field must be given
    help: str
    path: bool = False  # a file or folder: relative values are taken from the config file's folder
    flags: tuple[str, ...] = ()  # extra command-line spellings (old names)
    minimum: float | None = 0  # numbers below are refused (None: any)
    maximum: float | None = None  # numbers above are refused (None: any); named in the flag's help

    @property
    def required(self) -> bool:
        return self.default is dataclasses.MISSING

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def choices(self) -> tuple[Any, ...] | None:
        """The allowed values of a `Literal` field (also under `X | None`), else None."""
        for tp in (self.type, *_union_args(self.type)):
            if typing.get_origin(tp) is typing.Literal:
                return typing.get_args(tp)
        return None

    @property
    def base_type(self) -> Any:
        """The type without `| None`."""
        args = [a for a in _union_args(self.type) if a is not type(None)]
        return args[0] if len(args) == 1 else self.type

    @property
    def optional(self) -> bool:
        return type(None) in _union_args(self.type)


def _union_args(tp: Any) -> tuple[Any, ...]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return typing.get_args(tp)
    return ()


@functools.cache
def fields_of(cls: type) -> tuple[FieldSpec, ...]:
    """The fields of a config dataclass with their resolved types and metadata."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = dataclasses.MISSING
        meta = f.metadata
        tp = hints.get(f.name, Any)
        maximum = meta.get("max", DEFAULT_INT_MAXIMUM if _holds_int(tp) else None)
        out.append(FieldSpec(f.name, tp, default, str(meta.get("help", "")),
                             bool(meta.get("path", False)), tuple(meta.get("flags", ())),
                             meta.get("min", 0), maximum))
    return tuple(out)


def _holds_int(tp: Any) -> bool:
    """Whether a field annotation is an integer, or a list/tuple of integers (under `| None` too)."""
    for arg in (tp, *_union_args(tp)):
        if arg is int or (typing.get_origin(arg) in (list, tuple) and int in typing.get_args(arg)):
            return True
    return False


def field_spec(cls: type, name: str) -> FieldSpec:
    return {f.name: f for f in fields_of(cls)}[name]


# -- types ------------------------------------------------------------------------------------

def check_type(value: Any, tp: Any) -> bool:
    """Does a TOML/JSON value fit a field annotation (str, int, float, bool, X | None, list, tuple, Literal)?"""
    if tp is Any:
        return True
    if _union_args(tp):
        return any(check_type(value, arg) for arg in _union_args(tp))
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return any(value == a and type(value) is type(a) for a in typing.get_args(tp))
    if origin in (list, tuple) or tp in (list, tuple):
        if not isinstance(value, (list, tuple)):
            return False
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        if origin is tuple and args and Ellipsis not in typing.get_args(tp) and len(value) != len(args):
            return False
        return all(check_type(v, args[0]) for v in value) if args else True
    if origin is dict or tp is dict:
        return isinstance(value, dict)
    if tp is type(None):
        return value is None
    if tp is bool:
        return isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if tp is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if tp in (str, Path, os.PathLike):
        return isinstance(value, str)
    if isinstance(tp, type):
        return isinstance(value, tp)
    return True


def describe_type(tp: Any) -> str:
    """A field type in words, for error messages: 'an integer', "one of 'auto', 'cpu'", …"""
    if _union_args(tp):
        return " or ".join(describe_type(a) for a in _union_args(tp) if a is not type(None))
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    if origin in (list, tuple):
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        plural = {str: "strings", int: "integers", float: "numbers", bool: "booleans"}
        if origin is tuple and args and Ellipsis not in typing.get_args(tp):
            return f"a list of {len(args)} {plural.get(args[0], 'values')}"
        return f"a list of {plural.get(args[0], describe_type(args[0]))}" if args else "a list"
    return {str: "a string", int: "an integer", float: "a number", bool: "true or false", list: "a list",
            dict: "a table", type(None): "nothing"}.get(tp, getattr(tp, "__name__", str(tp)))


def _value_kind(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list",
            tuple: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _numbers(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return []


def _coerce(spec: FieldSpec, value: Any) -> Any:
    """The stored form of a checked value: ints as floats for float fields, lists as tuples for tuple fields."""
    tp = spec.base_type
    if value is None:
        return None
    if tp is float and isinstance(value, int):
        return float(value)
    origin = typing.get_origin(tp)
    if origin in (list, tuple):
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        items = [float(v) if args and args[0] is float else v for v in value]
        return tuple(items) if origin is tuple else items
    return value


def check_value(spec: FieldSpec, value: Any, where: str) -> Any:
    """One value checked against its field (type, choices, finite, not below the minimum); returns it coerced."""
    if isinstance(value, os.PathLike) and check_type("", spec.type):
        value = os.fspath(value)
    if isinstance(value, tuple):
        value = list(value)
    value = canonical_choice(spec, value)
    if not check_type(value, spec.type):
        raise ConfigError(f"{where}{spec.name} must be {describe_type(spec.type)}, not {_value_kind(value)} ({value!r})",
                          f"fix the value of {spec.name}")
    for number in _numbers(value):
        try:
            float(number)
        except OverflowError:  # a 401-digit integer: no float holds it, and no count needs it
            raise ConfigError(f"{where}{spec.name} is a {len(str(abs(number)))}-digit number, far too large",
                              f"give {spec.name} a value near the default {spec.default!r}") from None
        if not math.isfinite(number):
            raise ConfigError(f"{where}{spec.name} is {number}, not a finite number",
                              f"give {spec.name} a finite value, e.g. the default {spec.default!r}")
        if spec.minimum is not None and number < spec.minimum:
            bound = f"at least {spec.minimum:g}" if spec.minimum else "0 or more"
            raise ConfigError(f"{where}{spec.name} must be {bound}, got {number!r}", f"set {spec.name} to {bound}")
        if spec.maximum is not None and number > spec.maximum:
            raise ConfigError(f"{where}{spec.name} must be at most {spec.maximum:,}, got {number:,}",
                              f"set {spec.name} to {spec.maximum:,} or less")
    return _coerce(spec, value)


def canonical_choice(spec: FieldSpec, value: Any) -> Any:
    """A text choice typed in another case ('q8_0') as the field spells it ('Q8_0'); lists item by item."""
    tp = spec.base_type
    choices = spec.choices
    if choices is None and typing.get_origin(tp) is list:
        inner = typing.get_args(tp)[0] if typing.get_args(tp) else None
        if typing.get_origin(inner) is typing.Literal and isinstance(value, list):
            item = FieldSpec(spec.name, inner, None, spec.help)
            return [canonical_choice(item, v) for v in value]
    if choices is None or not isinstance(value, str) or value in choices:
        return value
    same = [c for c in choices if isinstance(c, str) and c.lower() == value.strip().lower()]
    return same[0] if len(same) == 1 else value


def _resolve_path(value: Any, base_dir: Path | None) -> Any:
    if not isinstance(value, str) or not value:
        return value
    path = Path(value).expanduser()
    if base_dir is not None and not path.is_absolute():
        return str((base_dir / path).resolve())
    return str(path)


# -- dicts ------------------------------------------------------------------------------------

def check_table(cls: type, values: Any, *, source: str = "config", table: str | None = None,
                base_dir: Path | None = None, exclude: tuple[str, ...] = (), required: tuple[str, ...] = (),
                fill_defaults: bool = True) -> dict[str, Any]:
    """Check a dict against a config class without building it: unknown keys, types, choices, numbers.

    `exclude` names fields the caller sets itself (refused if given); `required` fields must be
    present; relative paths are taken from `base_dir`. Returns the checked values, with the
    defaults of absent fields filled in when `fill_defaults`.
    """
    where = f"{source}: " + (f"[{table}] " if table else "")
    if not isinstance(values, dict):
        raise ConfigError(f"{where.rstrip(': ')} is not a table of key = value pairs",
                          "write the settings as key = value pairs")
    specs = {f.name: f for f in fields_of(cls) if f.name not in exclude}
    for key in values:
        if key not in specs:
            close = difflib.get_close_matches(str(key), list(specs), n=1)
            known = ", ".join(sorted(specs)) or "none"
            hint = f"did you mean '{close[0]}'? " if close else ""
            place = f"{source}: unknown key '{key}'" + (f" in [{table}]" if table else "")
            raise ConfigError(place, f"{hint}remove it or use one of: {known}")
    out: dict[str, Any] = {}
    for key, value in values.items():
        spec = specs[key]
        value = check_value(spec, value, where)
        out[key] = _resolve_path(value, base_dir) if spec.path else value
    for name, spec in specs.items():
        if name in out:
            continue
        if name in required or (spec.required and not fill_defaults):
            raise ConfigError(f"{where}needs '{name}'", f"add {name} = … ({spec.help})")
        if fill_defaults and not spec.required:
            out[name] = spec.default
    return out


def config_from_dict(cls: type[C], values: Any, *, source: str | None = None, base_dir: Path | None = None) -> C:
    """Build a config from a dict; unknown keys, wrong types and bad numbers are ConfigErrors naming the key."""
    source = source or f"{cls.__name__} settings"
    checked = check_table(cls, values, source=source, base_dir=base_dir, fill_defaults=False)
    missing = [f.name for f in fields_of(cls) if f.required and f.name not in checked]
    if missing:
        spec = field_spec(cls, missing[0])
        raise ConfigError(f"{source}: needs '{spec.name}'", f"give {spec.flag} ({spec.help})")
    try:
        return cls(**checked)
    except ConfigError as exc:
        if exc.message.startswith(source):
            raise
        raise ConfigError(f"{source}: {exc.message}", exc.hint) from None


def config_to_dict(config: Any) -> dict[str, Any]:
    """A config as plain JSON/TOML values (tuples as lists); `config_from_dict` reads it back."""
    out = {}
    for spec in fields_of(type(config)):
        value = getattr(config, spec.name)
        out[spec.name] = list(value) if isinstance(value, tuple) else value
    return out


class StageConfig:
    """Base of every stage config dataclass: field checks on construction, dict round trip.

    A subclass puts checks that involve several fields in `validate()`; single-field checks come
    from the field's type and metadata (`min`), in one place for every config.
    """

    def __post_init__(self) -> None:
        for spec in fields_of(type(self)):
            value = getattr(self, spec.name)
            if spec.required and value is dataclasses.MISSING:
                continue
            object.__setattr__(self, spec.name, check_value(spec, value, ""))
        self.validate()

    def validate(self) -> None:
        """Cross-field checks; raise ConfigError naming the fields and the fix."""

    @classmethod
    def from_dict(cls: type[C], values: Any, source: str | None = None) -> C:
        return config_from_dict(cls, values, source=source)

    def to_dict(self) -> dict[str, Any]:
        return config_to_dict(self)

    def replace(self: C, **changes: Any) -> C:
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]
