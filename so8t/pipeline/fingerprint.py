"""Fingerprints of files, folders and settings: what a stage's inputs hash is made of."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from so8t.fileio import sha256_file

#: Files up to this size are hashed by content. Bigger ones (a 7B model's shards) would take
#: minutes to hash on every resume, so they are fingerprinted by size and modification time,
#: which a copy or an edit changes too.
CONTENT_HASH_LIMIT = 256 << 20


def file_fingerprint(path: Path) -> str:
    stat = path.stat()
    if stat.st_size <= CONTENT_HASH_LIMIT:
        return "sha256:" + sha256_file(path)
    return f"size:{stat.st_size}:mtime:{stat.st_mtime_ns}"


def path_fingerprint(path: str | os.PathLike[str] | None) -> Any:
    """A file's fingerprint, a folder's per-file fingerprints, or "missing"."""
    if path is None:
        return None
    path = Path(path)
    if path.is_file():
        return file_fingerprint(path)
    if path.is_dir():
        files = {}
        for child in sorted(path.rglob("*")):
            rel = child.relative_to(path).as_posix()
            # Temp and partial files of interrupted writes are not part of the content.
            if child.is_file() and not any(part.startswith(".") for part in rel.split("/")):
                files[rel] = file_fingerprint(child)
        return files
    return "missing"


def digest(obj: Any) -> str:
    """sha256 of a JSON-able object in canonical form."""
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
