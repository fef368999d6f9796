"""The audit log: one JSON line per chat turn, appended under a lock, with hashes of thinking, never its text."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from so8t.errors import OutputPathError
from so8t.fileio import open_plain

AUDIT_FORMAT = "so8t-audit/1"
#: How long a writer waits for another writer (the window and `serve` may append at once).
LOCK_TIMEOUT_S = 30.0


@dataclass
class AuditRecord:
    """One turn as the log keeps it: hashes of the prompt and of each thinking section, the answer, the verdicts."""

    prompt_sha256: str
    sections: list[dict[str, str]]
    answer: str | None
    verdict: dict[str, Any]
    final_verdict: dict[str, Any] | None
    model: str
    model_sha256: str
    ungated: bool
    held: bool
    refused: bool
    show_reasoning: bool
    session: str
    source: str
    tokens: int = 0
    tokens_per_s: float | None = None
    #: False for a turn cut short (Stop, or a client of `serve` that went away): its answer is partial.
    completed: bool = True
    time: float = field(default_factory=lambda: round(time.time(), 3))
    #: The prompt and thinking text, only when the user turned content logging on.
    content: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        record = {"format": AUDIT_FORMAT, **{k: v for k, v in self.__dict__.items() if k != "content"}}
        if self.content is not None:
            record["content"] = self.content
        return record


def audit_path(*, audit: str | os.PathLike[str] | None, run_dir: str | os.PathLike[str] | None,
               workspace: str | os.PathLike[str] | None) -> Path:
    """Where turns are logged: `--audit FILE`, else RUN/audit.jsonl, else WORKSPACE/audit/audit.jsonl."""
    from so8t.store.layout import RunLayout, WorkspaceLayout

    if audit is not None:
        return Path(audit)
    if run_dir is not None:
        return RunLayout(run_dir).audit
    from so8t.store.runs import resolve_workspace

    return WorkspaceLayout(resolve_workspace(workspace)).audit


class AuditLog:
    """Appends records to one JSONL file; an OS file lock beside it serialises writers across processes."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise OutputPathError(f"audit log {self.path} is a folder", "pass a file path, e.g. audit.jsonl")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputPathError(f"audit folder {self.path.parent} cannot be created ({exc.strerror})",
                                  "pick a folder you can write to") from exc

    def append(self, record: AuditRecord) -> dict[str, Any]:
        """Write one record (one line, flushed and fsynced under the lock); returns what was written."""
        from filelock import FileLock

        obj = record.to_dict()
        line = json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"
        # Never through a link or into a FIFO: audit.jsonl as a link was appended to its target.
        with (FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_S),
              open_plain(self.path, "a", what="audit log", follow_links=False, encoding="utf-8") as f):
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
        return obj


def read_audit(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Every complete record of an audit log, oldest first; a torn last line is skipped."""
    path = Path(path)
    if not path.is_file():
        return []
    records = []
    with open_plain(path, "r", what="audit log", follow_links=False, encoding="utf-8") as f:
        for line in f:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict) and obj.get("format") == AUDIT_FORMAT:
                records.append(obj)
    return records
