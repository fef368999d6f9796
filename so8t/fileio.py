"""File access: crash-safe writes (temp beside the target, fsync, rename, Windows retries) and reads that refuse special files."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from so8t.errors import DISK_FULL_ERRNOS, FileAccessError, OutputPathError

#: Antivirus and the search indexer briefly lock new files on Windows; retry a rename this often.
RENAME_RETRIES = 10
RENAME_RETRY_DELAY_S = 0.2
#: safetensors pads its JSON header to a multiple of 8 bytes so the tensor data that follows is aligned.
SAFETENSORS_ALIGNMENT = 8
__all__ = ["DISK_FULL_ERRNOS"]  # defined beside the errors it selects; imported from here too


def fsync_dir(path: str | os.PathLike[str]) -> None:
    """Flush a directory entry (after a rename) where the OS allows it (not on Windows)."""
    if os.name == "nt":
        return
    fd = os.open(str(path), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_with_retries(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    """os.replace, retried a bounded number of times on PermissionError (Windows file locks)."""
    for attempt in range(RENAME_RETRIES):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == RENAME_RETRIES - 1:
                raise
            time.sleep(RENAME_RETRY_DELAY_S * (attempt + 1))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` so that `path` holds either the old content or the new, never a torn file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        replace_with_retries(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_json(path: str | os.PathLike[str], obj: Any) -> None:
    """Atomically replace `path` with `obj` as indented UTF-8 JSON."""
    text = json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))


def write_json(path: str | os.PathLike[str], obj: Any) -> None:
    """Write JSON and fsync it (for files inside a staging folder that is renamed as a whole)."""
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False, default=str)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())


def safetensors_bytes(tensors: dict[str, Any], metadata: dict[str, str] | None = None) -> bytes:
    """Tensors as safetensors bytes with a canonical header (sorted keys): equal tensors and metadata, equal bytes.

    The safetensors writer keeps the metadata in a hash map, so its key order, and with it the file's
    sha256, changes from process to process; `sha256sum` of two identical runs must agree.
    """
    from safetensors.torch import save

    raw = save(tensors, metadata=metadata)
    size = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + size])
    text = json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % SAFETENSORS_ALIGNMENT)  # the tensor data stays aligned, as the format asks
    return len(text).to_bytes(8, "little") + text + raw[8 + size :]


def sha256_file(path: str | os.PathLike[str], chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def check_output_dir(out: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Refuse an output folder that exists and is not empty (unless `force`), or cannot be created."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputPathError(f"output {out} is a file", "pass a folder path for --out")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise OutputPathError(
            f"output folder {out} exists and is not empty", "pick a new folder or pass --force to replace it"
        )
    parent = out.parent if not out.exists() else out
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not os.access(probe, os.W_OK):
        raise OutputPathError(f"output folder {out} cannot be created: {probe} is not writable",
                              "pick a folder you can write to")
    return out


@contextlib.contextmanager
def staged_dir(out: str | os.PathLike[str], *, force: bool = False) -> Iterator[Path]:
    """Yield a temp folder beside `out`; on success it replaces `out`, on error it is removed.

    So a failed or killed stage never leaves a half-written folder under the final name, and an
    existing `out` (replaced with force) survives until the new one is complete.
    """
    out = check_output_dir(out, force=force)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=str(out.parent)))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        replace_with_retries(out, old)
    replace_with_retries(tmp, out)
    fsync_dir(out.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


#: The small JSON files of a run (run.json, the lock, records, manifests, triality.json) are read whole;
#: none comes near this size, so a larger one (or a link to /dev/zero) is refused instead of filling memory.
MAX_SMALL_FILE_BYTES = 16 << 20
_MODE_FLAGS = {"r": os.O_RDONLY, "a": os.O_WRONLY | os.O_APPEND | os.O_CREAT,
               "w": os.O_WRONLY | os.O_CREAT | os.O_TRUNC, "r+": os.O_RDWR}


def _refused_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a plain file"


def open_plain(path: str | os.PathLike[str], mode: str = "rb", *, what: str = "file", follow_links: bool = True,
               encoding: str | None = None) -> IO[Any]:
    """Open a regular file; a FIFO, device or socket (and, with follow_links=False, a link) is a FileAccessError.

    Every reader and writer of user or run files goes through here: /dev/zero as data filled memory and
    a FIFO hung the reader. The file is opened non-blocking (so a FIFO cannot hang the open), checked
    with fstat on the open descriptor (no race with a swap), then switched back to blocking.
    Files below a run folder are opened with follow_links=False: a link there (audit.jsonl, calibration.json)
    would make so8t read or append to whatever it points at.
    """
    path = Path(path)
    base = mode.replace("b", "").replace("t", "")
    flags = _MODE_FLAGS[base] | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    if not follow_links:
        if hasattr(os, "O_NOFOLLOW"):
            flags |= os.O_NOFOLLOW
        elif path.is_symlink():  # Windows: no O_NOFOLLOW; a check before the open is the best there is
            raise _link_error(path, what)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_links:
            raise _link_error(path, what) from None
        if exc.errno == errno.ENXIO:  # a FIFO opened for writing with no reader
            raise FileAccessError(f"{what} {path} is a FIFO (named pipe), not a file",
                                  "pass the path of a regular file") from None
        raise
    try:
        kind = os.fstat(fd).st_mode
        if not stat.S_ISREG(kind):
            raise FileAccessError(f"{what} {path} is {_refused_kind(kind)}, not a regular file",
                                  "pass the path of a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, mode, encoding=encoding) if "b" not in mode else os.fdopen(fd, mode)
    except BaseException:
        os.close(fd)
        raise


def _link_error(path: Path, what: str) -> FileAccessError:
    return FileAccessError(f"{what} {path} is a link; links inside a run folder are not followed",
                           "replace the link with the file itself")


def read_plain_bytes(path: str | os.PathLike[str], *, what: str = "file", follow_links: bool = True,
                     limit: int = MAX_SMALL_FILE_BYTES) -> bytes:
    """A small regular file's bytes (open_plain's checks), refused when longer than `limit` bytes."""
    with open_plain(path, "rb", what=what, follow_links=follow_links) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise FileAccessError(f"{what} {path} is larger than {limit >> 20} MB, far more than such a file holds",
                              "it is damaged or not the right file; replace it")
    return data
