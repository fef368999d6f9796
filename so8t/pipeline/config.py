"""The pipeline's TOML config: a [run] table and one table per stage, every key and type checked."""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from so8t.errors import ConfigError

RUN_TABLE = "run"


@dataclass
class Option:
    """One key a stage table accepts: its type (a typing expression), default and help text."""

    name: str
    type: Any
    default: Any = None
    required: bool = False
    help: str = ""
    path: bool = False  # a file or folder: relative values are taken from the config file's folder


def options_of(config_class: type, *, managed: tuple[str, ...] = (), paths: tuple[str, ...] = ()) -> dict[str, Option]:
    """The options of a stage's config dataclass, minus the fields the pipeline sets itself."""
    hints = typing.get_type_hints(config_class)
    options = {}
    for f in dataclasses.fields(config_class):
        if f.name in managed or not f.init:
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = None
        options[f.name] = Option(f.name, hints.get(f.name, Any), default, required,
                                 str(f.metadata.get("help", "")), f.name in paths)
    return options


def _type_name(tp: Any) -> str:
    if tp is type(None):
        return "nothing"
    if isinstance(tp, type):
        return {"str": "a string", "int": "an integer", "float": "a number", "bool": "true or false",
                "list": "a list", "dict": "a table"}.get(tp.__name__, tp.__name__)
    return str(tp).replace("typing.", "")


def check_type(value: Any, tp: Any) -> bool:
    """Does a TOML value fit a field annotation (str, int, float, bool, X | None, list[X], Literal)?"""
    if tp is Any:
        return True
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return any(check_type(value, arg) for arg in typing.get_args(tp))
    if origin is typing.Literal:
        return value in typing.get_args(tp)
    if origin in (list, tuple, set, frozenset) or tp in (list, tuple):
        if not isinstance(value, list):
            return False
        args = typing.get_args(tp)
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
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) if typing.get_origin(a) is None else describe_type(a)
                           for a in typing.get_args(tp) if a is not type(None))
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    if origin in (list, tuple):
        args = typing.get_args(tp)
        plural = {str: "strings", int: "integers", float: "numbers", bool: "booleans"}
        return f"a list of {plural.get(args[0], describe_type(args[0]))}" if args else "a list"
    return _type_name(tp)


def _toml_type(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


@dataclass
class RunOptions:
    """The [run] table."""

    name: str = field(default="run", metadata={"help": "prefix of the run id"})
    stages: list[str] | None = field(default=None, metadata={"help": "stages to run, in pipeline order (default: all)"})
    workspace: str | None = field(default=None, metadata={"help": "workspace folder (`--workspace` wins)"})


def check_table(source: str, table: str, values: dict[str, Any], options: dict[str, Option],
                base_dir: Path | None) -> dict[str, Any]:
    """Refuse unknown keys and wrong types, naming them; fill defaults; resolve relative paths."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in options:
            known = ", ".join(sorted(options)) or "none"
            raise ConfigError(f"config {source}: unknown key '{key}' in [{table}]", f"remove it or use one of: {known}")
        option = options[key]
        if not check_type(value, option.type):
            raise ConfigError(
                f"config {source}: [{table}] {key} must be {describe_type(option.type)}, not {_toml_type(value)} ({value!r})",
                f"fix the value of {key}",
            )
        if option.path and isinstance(value, str) and base_dir is not None and not Path(value).expanduser().is_absolute():
            value = str((base_dir / value).resolve())
        elif option.path and isinstance(value, str):
            value = str(Path(value).expanduser())
        out[key] = value
    for key, option in options.items():
        if key not in out:
            if option.required:
                raise ConfigError(f"config {source}: [{table}] needs '{key}'", f"add {key} = … ({option.help})")
            out[key] = option.default
    return out


def read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A TOML file as a dict; a ConfigError naming the file and line if it is not valid TOML."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            raw = f.read()
        # A UTF-8 byte-order mark (Windows editors add one) is not part of the text.
        return tomllib.loads(raw.decode("utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(f"config {path} does not exist", "pass the path of a .toml pipeline config") from None
    except IsADirectoryError:
        raise ConfigError(f"config {path} is a folder", "pass the path of a .toml pipeline config") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {path} is not valid TOML ({exc})", "fix the syntax at the place named") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config {path} is not UTF-8 text", "save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"config {path} cannot be read ({exc.strerror or exc})",
                          "give yourself read permission on it") from None
