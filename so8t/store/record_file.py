"""A record's file: how every record type is written with its kind and format, and read back through its type.

A record type (a `Record` dataclass) declares its kind, its file name in the run folder, its format
version and its fields' labels (`metadata={"label": …}`, as configs carry `help`); `write_record` and
`read_record` serve every type, the built-in ones (so8t.store.records) and those of stages outside so8t.
A record from an older format is read as what it was; one from a newer so8t, or one that is malformed,
is refused with a RecordError naming the file — never guessed at. This module imports neither torch nor Qt.
"""

from __future__ import annotations

import json
import os
import types
import typing
from dataclasses import MISSING, asdict, fields
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from so8t.errors import RecordError, So8tError
from so8t.fileio import atomic_write_json, read_plain_bytes
from so8t.store.layout import RunLayout


class Record:
    """What a record type declares: its kind, its file in the run folder, its format, where its fields sit."""

    #: The `record` field of its file ("triality"); a file of another kind is refused.
    KIND: ClassVar[str] = ""
    #: Its path inside the run folder (RunLayout.record joins it); empty: it lives beside what it describes.
    FILE: ClassVar[str] = ""
    #: Its format as this version writes it: a reader takes this one and the older ones, and refuses newer.
    FORMAT: ClassVar[int] = 1
    #: The key its fields sit under in the file (beside the inputs); None: at the top level.
    BODY: ClassVar[str | None] = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]


def field_labels(record_type: type) -> dict[str, str]:
    """A record type's fields as a person reads them: `metadata["label"]`, else the key with spaces."""
    return {f.name: f.metadata.get("label") or f.name.replace("_", " ") for f in fields(record_type)}




R = TypeVar("R")


def _fits(value: Any, hint: Any) -> bool:
    """Whether a JSON value is of a field's declared type (shallow: containers by their kind)."""
    if hint is Any:
        return True
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is str:
        return isinstance(value, str)
    if origin is list or hint is list:
        return isinstance(value, list)
    if origin is dict or hint is dict:
        return isinstance(value, dict)
    return True


def _typed(cls: type[R], data: dict[str, Any], source: str) -> R:
    """The dataclass `cls` from a record's fields; a RecordError naming the file and field if one is missing or mistyped.

    Fields a newer minor version added, which this one does not know, are ignored.
    """
    hints = typing.get_type_hints(cls)
    values = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name not in data:
            if f.default is MISSING and f.default_factory is MISSING:
                raise RecordError(f"{source} lacks the field {f.name!r}",
                                  "the file is damaged or not a result of this kind; run the stage again")
            continue
        value = data[f.name]
        if not _fits(value, hints[f.name]):
            raise RecordError(f"{source}: field {f.name!r} is {value!r}, not of type {hints[f.name]}",
                              "the file is damaged or not a result of this kind; run the stage again")
        values[f.name] = value
    return cls(**values)


def _load(path: Path, kind: str, newest: int) -> tuple[dict[str, Any], int]:
    """A record file's JSON object and format; RecordError when missing, unreadable or too new."""
    try:
        # Records live in run folders: a link there (calibration.json -> /dev/zero) is not followed.
        data = json.loads(read_plain_bytes(path, what=f"{kind} record", follow_links=False).decode("utf-8"))
    except FileNotFoundError:
        raise RecordError(f"{path} does not exist", f"run the {kind} stage first") from None
    except So8tError as exc:
        raise RecordError(exc.message, f"replace it with a plain file, or run the {kind} stage again") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise RecordError(f"{path} cannot be read as a {kind} record ({exc})", f"run the {kind} stage again") from None
    if not isinstance(data, dict):
        raise RecordError(f"{path} is not a {kind} record", f"run the {kind} stage again")
    fmt = data.get("format", 1)
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
        raise RecordError(f"{path} has an unknown format {fmt!r}", f"run the {kind} stage again")
    if fmt > newest:
        raise RecordError(f"{path} was written by a newer so8t ({kind} record format {fmt}, this one reads up to {newest})",
                          "update so8t to read it")
    if "record" in data and data["record"] != kind:
        raise RecordError(f"{path} is a {data['record']} record, not a {kind} record", "pass the right file")
    return data, fmt


RecordT = TypeVar("RecordT", bound=Record)


def record_path(record_type: type[Record], path: str | os.PathLike[str]) -> Path:
    """The record's file: `path` itself, or inside the run folder `path` where RunLayout puts its type."""
    path = Path(path)
    return RunLayout(path).record(record_type) if path.is_dir() and record_type.FILE else path


def write_record(path: str | os.PathLike[str], record: Record, **inputs: Any) -> Path:
    """Write `record` with its kind and format (to the file `path`, or to its place in the run folder `path`).

    `inputs` (the bake's source model and config, say) sit beside the fields when the type keeps
    them under BODY. Replaced atomically: a reader sees the old record or the new one.
    """
    cls = type(record)
    path = record_path(cls, path)
    body = record.to_dict()
    layout = _run_of(cls, path)
    for name in _run_paths(cls):
        if body.get(name):
            body[name] = layout.relative(body[name])
    atomic_write_json(path, {"format": cls.FORMAT, "record": cls.KIND, **inputs,
                             **({cls.BODY: body} if cls.BODY else body)})
    return path


def read_record(record_type: type[RecordT], path: str | os.PathLike[str]) -> RecordT:
    """A record of `record_type` from its file (or from the run folder `path`); RecordError when refused.

    A file without `format` was written before records were versioned and reads as format 1; one
    from a newer so8t, of another kind, or with a missing or mistyped field is refused by name.
    """
    path = record_path(record_type, path)
    data, _fmt = _load(path, record_type.KIND, record_type.FORMAT)
    if record_type.BODY is not None:
        data = data.get(record_type.BODY)
        if not isinstance(data, dict):
            raise RecordError(f"{path} holds no {record_type.KIND} result", f"run the {record_type.KIND} stage again")
    record = _typed(record_type, data, str(path))
    layout = _run_of(record_type, path)
    for name in _run_paths(record_type):
        if getattr(record, name, None):
            setattr(record, name, str(layout.resolve(getattr(record, name))))
    return record


def _run_paths(record_type: type[Record]) -> list[str]:
    """The fields that name files of the run (`metadata["run_path"]`): stored relative to the run folder."""
    return [f.name for f in fields(record_type) if f.metadata.get("run_path")]


def _run_of(record_type: type[Record], path: Path) -> RunLayout:
    """The run folder of a record file at its place (`FILE` may sit in a subfolder of the run)."""
    depth = len(Path(record_type.FILE).parts) if record_type.FILE else 1
    return RunLayout(path.parents[depth - 1])
