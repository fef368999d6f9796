"""Writing the same records in every container `so8t data` reads (tests of the data stage)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

#: Fields whose values are lists (written as JSON text in a CSV cell).
_LIST_CELLS = ("messages", "conversations", "chosen", "rejected", "prompt")
CONTAINERS = ("jsonl", "json", "csv", "tsv", "parquet", "hf")


def write_container(rows: list[dict[str, Any]], folder: Path, stem: str, container: str) -> Path:
    """`rows` as one file (or a save_to_disk folder) of `container` under `folder`; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    if container == "jsonl":
        path = folder / f"{stem}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    elif container == "json":
        path = folder / f"{stem}.json"
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    elif container in ("csv", "tsv"):
        path = folder / f"{stem}.{container}"
        columns = list(dict.fromkeys(k for r in rows for k in r))
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=columns, delimiter="\t" if container == "tsv" else ",")
            w.writeheader()
            for r in rows:
                w.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) and k in _LIST_CELLS else v
                            for k, v in r.items()})
    elif container == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = folder / f"{stem}.parquet"
        pq.write_table(pa.Table.from_pylist(rows), str(path))
    else:
        import datasets

        datasets.disable_progress_bars()
        path = folder / f"{stem}_dataset"
        datasets.Dataset.from_list(rows).save_to_disk(str(path))
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
