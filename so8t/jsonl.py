"""Read JSON Lines data files record by record, with errors that name the file and the line."""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from so8t.errors import DataFileError, So8tError, from_os_error

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: The longest JSONL line read by default, in MB: a long chat record is tens of KB, and the tokenizer
#: needs ~200 bytes of memory per byte of text (a 50 MB line went over 10 GB). `--max-line-mb` raises it.
DEFAULT_MAX_LINE_MB = 1.0
#: `--max-line-mb` accepts up to this: above it one line alone could exhaust a workstation's memory.
MAX_LINE_MB_LIMIT = 64.0
_max_line_bytes = int(DEFAULT_MAX_LINE_MB * (1 << 20))


def set_max_line_mb(mb: float) -> None:
    """The line cap of every JSONL read in this process (the commands' `--max-line-mb`)."""
    global _max_line_bytes
    if not 0 < mb <= MAX_LINE_MB_LIMIT:  # NaN fails this too
        raise DataFileError(f"--max-line-mb {mb} is not a line length in MB",
                            f"give a number above 0 and at most {MAX_LINE_MB_LIMIT:g}")
    _max_line_bytes = max(1, int(mb * (1 << 20)))


def open_input(path: Path, what: str, hint: str):
    """Open an input file for reading in binary; missing, a folder, a FIFO or device, or unreadable is one DataFileError."""
    from so8t.fileio import open_plain

    if not path.exists():
        raise DataFileError(f"{what} {path} does not exist", hint)
    if path.is_dir():
        raise DataFileError(f"{what} {path} is a folder, not a file", hint)
    try:
        return open_plain(path, "rb", what=what)
    except So8tError as exc:
        raise DataFileError(exc.message, hint) from None
    except OSError as exc:
        raise from_os_error(exc, path) from None


def decode_line(raw: bytes, where: str, *, first: bool = False) -> str:
    """One line of a UTF-8 text file as str; anything else (Latin-1, UTF-16, a torn character) is refused."""
    if first and raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if first and raw.startswith(_UTF16_BOMS):
            raise DataFileError(f"{where} is UTF-16 text, not UTF-8", "save the file as UTF-8") from None
        raise DataFileError(f"{where} is not UTF-8 text ({exc.reason} at byte {exc.start + 1} of the line)",
                            "save the file as UTF-8 (a file cut short by a crash ends inside a character)") from None


def parse_json_text(text: str, where: str) -> Any:
    """json.loads, with the limits of the parser (huge numbers, deep nesting, lone surrogates) as DataFileError."""
    try:
        value = json.loads(text)
        # A "\ud800" escape parses into a str that no file, tokenizer or event log can hold.
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{where} is not valid JSON ({exc.msg} at column {exc.colno})",
                            "write one JSON object per line") from None
    except RecursionError:
        raise DataFileError(f"{where} is nested too deeply to read", "flatten the record") from None
    except UnicodeEncodeError:
        raise DataFileError(f"{where} holds a lone surrogate escape (like \\ud800), which is not text",
                            "write the characters themselves or valid surrogate pairs") from None
    except ValueError as exc:  # e.g. an integer longer than Python's int-string limit
        raise DataFileError(f"{where} holds a value that cannot be read ({' '.join(str(exc).split())[:120]})",
                            "write numbers with fewer digits") from None
    return value


def too_long_line_error(where: str, cap: int | None = None) -> DataFileError:
    """The refusal of a line over the line cap, naming it and the flag that reads it."""
    cap = _max_line_bytes if cap is None else cap
    return DataFileError(f"{where} is longer than {cap / (1 << 20):g} MB",
                         "split the record, or pass --max-line-mb N to read longer lines")


def jsonl_records(path: str | os.PathLike[str], what: str, hint: str,
                  on_too_long: Callable[[str], None] | None = None) -> Iterator[tuple[str, Any]]:
    """Yield (where, record) for every non-empty line; `where` is "<path>, line <n>" for error messages.

    A missing, unreadable or non-UTF-8 file, or a line that is not JSON, is a DataFileError naming
    `what` ("data file", "logits file" …) or the line, with `hint` as the fix. A UTF-8 BOM is accepted.
    A line longer than the cap (`set_max_line_mb`) is refused by its number after reading at most the
    cap's bytes of it; with `on_too_long`, it is skipped instead (read on in cap-sized pieces, never
    held whole) and `on_too_long(where)` is called.
    """
    path = Path(path)
    cap = _max_line_bytes
    with open_input(path, what, hint) as f:
        number = 0
        while True:
            try:
                raw = f.readline(cap + 1)
            except OSError as exc:
                raise from_os_error(exc, path) from None
            if not raw:
                break
            number += 1
            where = f"{path}, line {number}"
            if len(raw) > cap and not (len(raw) == cap + 1 and raw.endswith(b"\n")):
                if on_too_long is None:
                    raise too_long_line_error(where, cap)
                while raw and not raw.endswith(b"\n"):  # the rest of the line, a piece at a time
                    try:
                        raw = f.readline(cap + 1)
                    except OSError as exc:
                        raise from_os_error(exc, path) from None
                on_too_long(where)
                continue
            line = decode_line(raw, where, first=number == 1)
            if not line.strip():
                continue
            yield where, parse_json_text(line, where)
