"""Reading data containers row by row: JSON Lines, JSON arrays, CSV/TSV, Parquet and `save_to_disk` folders."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from so8t.errors import DataFileError
from so8t.jsonl import decode_line, jsonl_records, open_input, parse_json_text

#: A JSON array is parsed whole (about ten times its size in memory): larger files should be JSON Lines.
JSON_ARRAY_MAX_MB = 64
#: Rows read from a Parquet file or a dataset folder at a time.
BATCH_ROWS = 1024
#: Fields whose CSV cell may hold a JSON list (messages written out as text).
LIST_FIELDS = ("messages", "conversations", "chosen", "rejected", "prompt")

CONTAINERS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv",
              ".parquet": "parquet"}
#: What a `save_to_disk` folder holds (a Dataset, or a DatasetDict of splits).
HF_DATASET_MARKERS = ("dataset_info.json", "state.json", "dataset_dict.json")
_HINT = "give .jsonl, .json, .csv, .tsv or .parquet files, or a folder written by datasets' save_to_disk"


def container(path: Path) -> str:
    """The container of a path, from its suffix (a folder: a saved Hugging Face dataset)."""
    if path.is_dir():
        if any((path / m).is_file() for m in HF_DATASET_MARKERS):
            return "hf"
        raise DataFileError(f"data folder {path} is not a dataset saved with save_to_disk (no dataset_info.json)",
                            _HINT)
    kind = CONTAINERS.get(path.suffix.lower())
    if kind is None:
        raise DataFileError(f"data file {path} has an unknown type ({path.suffix or 'no suffix'})", _HINT)
    return kind


def read_rows(path: str | os.PathLike[str],
              on_too_long: Callable[[str], None] | None = None) -> Iterator[tuple[str, Any]]:
    """(where, row) for each record of a container; `where` names the file and the line, item or row.

    With `on_too_long`, a JSON Lines line over the line cap is skipped and named to it (a `too_long_line`
    drop); the other containers have no lines to skip (a JSON array has its size cap, a CSV cell the line cap).
    """
    path = Path(path)
    if not path.exists():
        raise DataFileError(f"data file {path} does not exist", "check the path")
    kind = container(path)
    if kind == "jsonl" or (kind == "json" and _starts_with_object(path)):
        yield from jsonl_records(path, "data file", "write one JSON object per line", on_too_long)
    elif kind == "json":
        yield from _json_array(path)
    elif kind in ("csv", "tsv"):
        yield from _delimited(path, "\t" if kind == "tsv" else ",")
    elif kind == "parquet":
        yield from _parquet(path)
    else:
        yield from _hf_dataset(path)


def _starts_with_object(path: Path) -> bool:
    """A `.json` file that holds JSON Lines (its first character a `{`) is read line by line."""
    with open_input(path, "data file", _HINT) as f:
        head = f.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


def _json_array(path: Path) -> Iterator[tuple[str, Any]]:
    size = path.stat().st_size
    if size > JSON_ARRAY_MAX_MB << 20:
        raise DataFileError(f"data file {path} is a JSON array of {size / (1 << 20):.0f} MB (over {JSON_ARRAY_MAX_MB} MB)",
                            "write it as JSON Lines (one object a line), which is read as it streams")
    with open_input(path, "data file", _HINT) as f:
        raw = f.read()
    value = parse_json_text(decode_line(raw, f"data file {path}", first=True), f"data file {path}")
    if not isinstance(value, list):
        raise DataFileError(f"data file {path} is JSON but not an array of records",
                            "write [{…}, {…}] or one JSON object per line (.jsonl)")
    for i, item in enumerate(value, 1):
        yield f"{path}, item {i}", item


def _delimited(path: Path, delimiter: str) -> Iterator[tuple[str, Any]]:
    from so8t.jsonl import _max_line_bytes

    csv.field_size_limit(max(_max_line_bytes, 1 << 16))
    name = "TSV" if delimiter == "\t" else "CSV"
    with open_input(path, "data file", _HINT) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise DataFileError(f"data file {path} is empty", "write a header row, then one sample a row")
            header = [h.strip() for h in header]
            if len(set(header)) != len(header) or not all(header):
                raise DataFileError(f"{path}, line 1: the header has an empty or repeated column name",
                                    "give every column one distinct name")
            for row in reader:
                where = f"{path}, line {reader.line_num}"
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise DataFileError(f"{where} has {len(row)} cells where the header has {len(header)}",
                                        f"quote cells that hold the delimiter, or fix the row ({name})")
                yield where, {h: _cell(h, v, where) for h, v in zip(header, row, strict=True)}
        except csv.Error as exc:
            raise DataFileError(f"{path}, line {reader.line_num} is not valid {name} ({exc})",
                                'close every quoted cell and double the quotes inside it ("")') from None
        except UnicodeDecodeError as exc:
            raise DataFileError(f"data file {path} is not UTF-8 text ({exc.reason})", "save the file as UTF-8") from None


def _cell(column: str, value: str, where: str) -> Any:
    """A CSV cell: a list column written as JSON (`[{"role": …}]`) is read as JSON; the rest is text."""
    if column in LIST_FIELDS and value.lstrip().startswith("[{"):
        return parse_json_text(value, f"{where}, column {column}")
    return value


def _parquet(path: Path) -> Iterator[tuple[str, Any]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(str(path))
        n = 0
        for batch in file.iter_batches(batch_size=BATCH_ROWS):
            for row in batch.to_pylist():
                n += 1
                yield f"{path}, row {n}", row
    except (pa.ArrowInvalid, pa.ArrowIOError, OSError) as exc:
        raise DataFileError(f"data file {path} is not a readable Parquet file ({' '.join(str(exc).split())[:100]})",
                            "write it again with pandas.DataFrame.to_parquet or pyarrow") from None


def _hf_dataset(path: Path) -> Iterator[tuple[str, Any]]:
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import datasets

    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()
    try:
        loaded = datasets.load_from_disk(str(path))
    except (FileNotFoundError, ValueError, OSError, json.JSONDecodeError) as exc:
        raise DataFileError(f"data folder {path} cannot be read as a saved dataset ({' '.join(str(exc).split())[:100]})",
                            "write it again with Dataset.save_to_disk") from None
    splits = list(loaded.items()) if isinstance(loaded, datasets.DatasetDict) else [("", loaded)]
    for split, dataset in splits:
        at = f" split {split}," if split else ""
        for start in range(0, len(dataset), BATCH_ROWS):
            batch = dataset[start:start + BATCH_ROWS]
            columns = list(batch)
            for i in range(len(batch[columns[0]]) if columns else 0):
                yield f"{path},{at} row {start + i + 1}", {c: batch[c][i] for c in columns}
