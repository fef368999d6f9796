"""Command-line flags generated from a stage config's fields: every field reachable, help from its text."""

from __future__ import annotations

import argparse
import dataclasses
import typing
from typing import Any

from so8t.config import FieldSpec, canonical_choice, fields_of


def _format_default(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value) if value else "none"
    return str(value)


def flag_help(spec: FieldSpec, default: Any = dataclasses.MISSING) -> str:
    """The field's help text with its default appended once (argparse needs '%' doubled)."""
    default = spec.default if default is dataclasses.MISSING else default
    text = spec.help
    if spec.required:
        text += " (required)"
    elif default not in (None, "") and default is not dataclasses.MISSING:
        text += f" (default: {_format_default(default)})"
    if spec.maximum is not None:
        text += f" (at most {spec.maximum:,})"
    return text.replace("%", "%%")


def _metavar(spec: FieldSpec) -> str:
    tp = spec.base_type
    if spec.path:
        return "PATH"
    item = typing.get_args(tp)[0] if typing.get_origin(tp) in (list, tuple) else tp
    return {int: "N", float: "X"}.get(item, "TEXT")


def _choice_type(spec: FieldSpec) -> Any:
    """argparse's converter of a choice flag: the field's own spelling whatever the case typed."""
    kind = type(spec.choices[0])

    def convert(text: str) -> Any:
        return canonical_choice(spec, kind(text))

    convert.__name__ = kind.__name__  # argparse names the type in "invalid int value" messages
    return convert


def _comma_items(item: type) -> Any:
    """argparse's converter of one word of a list flag: "a,b" is two items (flattened by `flag_values`)."""

    def convert(text: str) -> list[Any]:
        return [item(part.strip()) for part in text.split(",") if part.strip()]

    convert.__name__ = item.__name__  # argparse names the type in "invalid int value" messages
    return convert


def add_config_flags(parser: argparse.ArgumentParser | Any, cls: type, *, skip: tuple[str, ...] = (),
                     defaults: dict[str, Any] | None = None, optional: tuple[str, ...] = ()) -> None:
    """One flag per field of `cls` (`--max-steps` for max_steps, plus the field's old spellings).

    Flags default to None, so `flag_values` hands on only what the user typed and the config's own
    defaults (or a preset's) apply otherwise. `defaults` changes the default shown in the help;
    `optional` names required fields the command can fill itself (e.g. from a resumed run).
    """
    defaults = defaults or {}
    for spec in fields_of(cls):
        if spec.name in skip:
            continue
        names = [spec.flag, *spec.flags]
        shown = defaults.get(spec.name, dataclasses.MISSING)
        kwargs: dict[str, Any] = {"dest": spec.name, "default": None, "help": flag_help(spec, shown)}
        tp = spec.base_type
        origin = typing.get_origin(tp)
        if tp is bool:
            kwargs["action"] = argparse.BooleanOptionalAction
        elif spec.choices is not None:
            kwargs["choices"] = spec.choices
            kwargs["type"] = _choice_type(spec)
        elif origin in (list, tuple):
            args = [a for a in typing.get_args(tp) if a is not Ellipsis]
            item = args[0] if args and args[0] in (int, float, str) else str
            fixed = origin is tuple and args and Ellipsis not in typing.get_args(tp)
            # A list of names is comma-separated (docs/architecture.md, "CLI conventions"); spaces work too.
            kwargs["type"] = item if fixed else _comma_items(item)
            kwargs["nargs"] = len(args) if fixed else "*"
            kwargs["metavar"] = _metavar(spec)
        else:
            kwargs["type"] = tp if tp in (int, float, str) else str
            kwargs["metavar"] = _metavar(spec)
        if spec.required and spec.name not in optional:
            kwargs["required"] = True
        parser.add_argument(*names, **kwargs)


def flag_values(args: argparse.Namespace, cls: type, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields the user gave on the command line (flags left out stay out)."""
    out = {}
    for spec in fields_of(cls):
        if spec.name in skip:
            continue
        value = getattr(args, spec.name, None)
        if isinstance(value, list) and all(isinstance(v, list) for v in value):
            value = [item for words in value for item in words]  # comma-separated words of a list flag
        if value is not None:
            out[spec.name] = value
    return out


def add_max_line_flag(parser: argparse.ArgumentParser | Any) -> None:
    """`--max-line-mb` on every command that reads JSON Lines data."""
    from so8t.jsonl import DEFAULT_MAX_LINE_MB, MAX_LINE_MB_LIMIT

    parser.add_argument("--max-line-mb", dest="max_line_mb", type=float, default=None, metavar="MB",
                        help=f"refuse JSONL lines longer than this many MB (default: {DEFAULT_MAX_LINE_MB:g}, "
                             f"at most {MAX_LINE_MB_LIMIT:g})")


def apply_max_line_flag(args: argparse.Namespace) -> None:
    """Put `--max-line-mb` (or the default) in force for this process's JSONL reads (a bad value is one line)."""
    from so8t.jsonl import DEFAULT_MAX_LINE_MB, set_max_line_mb

    value = getattr(args, "max_line_mb", None)
    set_max_line_mb(DEFAULT_MAX_LINE_MB if value is None else value)
