"""data-generate's journal, and the two files rebuilt from it: each finished answer is appended and fsynced.

The journal is the truth: the conversations (`data/generated.jsonl`) and the rejects
(`data/generate.rejects.jsonl`) are rebuilt from it, so a rerun after a kill repeats no finished answer
and loses none.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from so8t.errors import DataFileError
from so8t.fileio import atomic_write_bytes, fsync_dir, open_plain
from so8t.store.layout import GENERATE_FILES, RunLayout

JOURNAL_FORMAT = 1
ACCEPTED, REJECTED = "accepted", "rejected"

def read_journal(path: Path) -> list[dict[str, Any]]:
    """The journal's entries; a last line torn by a kill is cut off the file (that answer is asked again)."""
    if not path.is_file():
        return []
    with open_plain(path, "rb", what="generate journal", follow_links=False) as f:
        data = f.read()
    end = data.rfind(b"\n") + 1
    if end < len(data):
        with open_plain(path, "r+b", what="generate journal", follow_links=False) as f:
            f.truncate(end)
            f.flush()
            os.fsync(f.fileno())
    entries: list[dict[str, Any]] = []
    keys: set[str] = set()
    for number, line in enumerate(data[:end].splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line.decode("utf-8"))
            ok = isinstance(entry, dict) and entry.get("status") in (ACCEPTED, REJECTED) and all(
                isinstance(entry.get(k), str) for k in ("key", "prompt", "answer")) and (
                entry["status"] == ACCEPTED or isinstance(entry.get("reason"), str))
        except ValueError:
            ok = False
        if not ok:
            raise DataFileError(f"{path}, line {number} is not a generate journal entry",
                                "the journal was changed by hand: restore it, or generate into a new run with --out")
        if entry["key"] not in keys:
            keys.add(entry["key"])
            entries.append(entry)
    return entries


def _with_ids(record: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    for name in ("id", "label"):
        if entry.get(name) is not None:
            record[name] = entry[name]
    return record


def sample_of(entry: dict[str, Any]) -> dict[str, Any]:
    """An accepted answer as a conversation, the shape the data stage and training read."""
    return _with_ids({"messages": [{"role": "user", "content": entry["prompt"]},
                                   {"role": "assistant", "content": entry["answer"]}]}, entry)


def reject_of(entry: dict[str, Any]) -> dict[str, Any]:
    """A refused answer with the reason, kept for a look (never trained on)."""
    return _with_ids({"prompt": entry["prompt"], "answer": entry["answer"], "reason": entry["reason"]}, entry)


def _line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def rebuild_outputs(layout: RunLayout, entries: Iterable[dict[str, Any]]) -> None:
    """Write the conversations and rejects files from journal entries, each replaced whole."""
    entries = list(entries)
    atomic_write_bytes(layout.generated, b"".join(_line(sample_of(e)) for e in entries if e["status"] == ACCEPTED))
    atomic_write_bytes(layout.generate_rejects,
                       b"".join(_line(reject_of(e)) for e in entries if e["status"] == REJECTED))


class Appender:
    """Appends lines to the journal (fsynced: a finished answer survives a kill) and to the two outputs.

    Files are opened at the first answer, so a run that fails before any answer leaves none behind.
    """

    def __init__(self, layout: RunLayout) -> None:
        self.layout = layout
        self.files: dict[Path, Any] = {}

    def _file(self, path: Path) -> Any:
        if path not in self.files:
            new = not path.exists()
            self.files[path] = open_plain(path, "ab", what="generated data file", follow_links=False)
            if new:
                fsync_dir(path.parent)
        return self.files[path]

    def add(self, entry: dict[str, Any]) -> None:
        output = ((self.layout.generated, sample_of(entry)) if entry["status"] == ACCEPTED
                  else (self.layout.generate_rejects, reject_of(entry)))
        for path, record in ((self.layout.generate_journal, entry), output):
            f = self._file(path)
            f.write(_line(record))
            f.flush()
            os.fsync(f.fileno())

    def close(self) -> None:
        for f in self.files.values():
            f.close()


def carry_over(old_data: Path, new_data: Path) -> None:
    """Put data-generate's files of `old_data` into `new_data`, a data/ about to replace it (`so8t data --run`),
    so its journal and answers outlive the prepared files (a link where the file system allows, else a copy)."""
    for name in GENERATE_FILES:
        source, target = old_data / name, new_data / name
        if not source.is_file() or source.is_symlink() or target.exists():
            continue
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
