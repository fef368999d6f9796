"""Read JSON Lines data files record by record, with errors that name the file and the line."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from so8t.errors import DataFileError


def jsonl_records(path: str | os.PathLike[str], what: str, hint: str) -> Iterator[tuple[str, Any]]:
    """Yield (where, record) for every non-empty line; `where` is "<path>, line <n>" for error messages.

    A missing file or a line that is not JSON is a DataFileError naming `what` ("data file",
    "logits file" …) or the line, with `hint` as the fix. A UTF-8 byte-order mark is accepted.
    """
    path = Path(path)
    if not path.is_file():
        raise DataFileError(f"{what} {path} does not exist", hint)
    with open(path, encoding="utf-8-sig") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            where = f"{path}, line {number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFileError(f"{where} is not valid JSON ({exc.msg} at column {exc.colno})",
                                    "write one JSON object per line") from exc
            yield where, record
