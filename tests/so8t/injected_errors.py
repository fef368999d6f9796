"""`so8t` in a child process whose OS calls fail as on a full disk (ENOSPC) or a read-only folder or an
unreadable file (EACCES), for machines where a tmpfs cannot be mounted or root's permission override
cannot be dropped: the guarantees are then tested through the same `main(argv)`, not skipped.

    python -m tests.so8t.injected_errors SPEC_JSON ARG...

SPEC: {"errno": "ENOSPC" | "EACCES", "under": [folders whose contents the error hits],
       "unreadable": [files that cannot be opened for reading], "after": a file or null}.
With "after", the writes fail only once the process has opened that file: the checkpoint writer's and the
pipeline runner's test hooks append to it at the moment a test fills the disk (SO8T_TEST_CHECKPOINT_PAUSE,
SO8T_TEST_PAUSE_FILE), so the disk fills exactly there, as the tmpfs tests fill it. As on a real disk, a
full one has room again once a file with data under it is deleted (a removed partial checkpoint frees
what the failure record then needs).

What is reached: Python's file layer (`open`, `io.open`, `os.open`, so tempfile and pathlib too), folder
creation, and for EACCES every change of a name or mode (rename, unlink, rmdir, chmod, utime, links) and
`os.access`. Writers in compiled code (safetensors, tokenizers) are not; the tests fill the disk after the
checkpoint's tensor files are written, where only Python writes remain, and the tmpfs variant covers them.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: open() modes and os.open() flags that write.
_WRITE_MODE_CHARS = set("wax+")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _flags_of(mode: str) -> int:
    """The os.open() flags an open() mode stands for (as far as writing goes)."""
    if "w" in mode:
        return os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    if "a" in mode:
        return os.O_WRONLY | os.O_CREAT | os.O_APPEND
    if "x" in mode:
        return os.O_WRONLY | os.O_CREAT
    return os.O_RDWR if "+" in mode else os.O_RDONLY


class Injector:
    """Decides, per call, whether the OS would refuse it, and raises the OSError it would raise."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.code = getattr(errno, spec["errno"])
        self.under = [os.path.realpath(p) for p in spec.get("under", [])]
        self.unreadable = {os.path.realpath(p) for p in spec.get("unreadable", [])}
        self.after = os.path.realpath(spec["after"]) if spec.get("after") else None
        self.active = self.after is None

    def _resolve(self, path: Any, dir_fd: int | None = None) -> str | None:
        if isinstance(path, int):
            return None  # an open descriptor: it was allowed when it was opened
        path = os.fsdecode(os.fspath(path))
        if dir_fd is not None and not os.path.isabs(path):
            path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
        return os.path.realpath(path)

    def hits(self, path: Any, dir_fd: int | None = None) -> bool:
        real = self._resolve(path, dir_fd)
        return self.active and real is not None and any(real == u or real.startswith(u + os.sep)
                                                        for u in self.under)

    def unreadable_file(self, path: Any) -> bool:
        real = self._resolve(path)
        return real is not None and real in self.unreadable

    def seen(self, path: Any) -> None:
        if self.after is not None and not self.active and self._resolve(path) == self.after:
            self.active = True

    def overwrites(self, path: Any, flags: int, dir_fd: int | None = None) -> bool:
        """Rewriting an existing file in place (no create, truncate or append) needs no new space: a full
        disk allows it (run.json's last-resort failure record), a read-only folder does not."""
        if self.code != errno.ENOSPC or flags & (os.O_CREAT | os.O_TRUNC | os.O_APPEND):
            return False
        real = self._resolve(path, dir_fd)
        return real is not None and os.path.isfile(real)

    def freed(self) -> None:
        """A file with data was deleted: a full disk has room again (for the small writes that follow)."""
        self.active, self.after = False, None

    def fail(self, path: Any, code: int | None = None) -> None:
        code = code or self.code
        raise OSError(code, os.strerror(code), os.fsdecode(os.fspath(path)) if not isinstance(path, int) else path)


#: Every function `injected` replaces, restored when it ends.
_PATCHED_OS = ("open", "mkdir", "replace", "rename", "unlink", "remove", "rmdir", "chmod", "utime", "symlink",
               "link", "truncate", "access")


@contextlib.contextmanager
def injected(spec: dict[str, Any]) -> Iterator[Injector]:
    """This process's OS layer fails as SPEC says while the block runs (in-process fuzz cases, the child)."""
    saved_os = {name: getattr(os, name) for name in _PATCHED_OS}
    saved_open = builtins.open, io.open
    try:
        yield _install(spec)
    finally:
        for name, function in saved_os.items():
            setattr(os, name, function)
        builtins.open, io.open = saved_open


def _install(spec: dict[str, Any]) -> Injector:
    inj = Injector(spec)
    real_open, real_os_open = io.open, os.open

    def open_(file, mode="r", *args, **kwargs):
        writes = bool(_WRITE_MODE_CHARS & set(mode))
        if writes and inj.hits(file) and not inj.overwrites(file, _flags_of(mode)):
            inj.fail(file)
        if not writes and inj.unreadable_file(file):
            inj.fail(file, errno.EACCES)
        result = real_open(file, mode, *args, **kwargs)
        inj.seen(file)
        return result

    def os_open(path, flags, mode=0o777, *, dir_fd=None):
        if flags & _WRITE_FLAGS and inj.hits(path, dir_fd) and not inj.overwrites(path, flags, dir_fd):
            inj.fail(path)
        if not flags & _WRITE_FLAGS and inj.unreadable_file(path):
            inj.fail(path, errno.EACCES)
        return real_os_open(path, flags, mode, dir_fd=dir_fd)

    builtins.open = io.open = open_
    os.open = os_open
    _guard(os, "mkdir", inj, path_args=1)
    if inj.code == errno.ENOSPC:
        for name in ("unlink", "remove"):
            _frees_space(os, name, inj)
    if inj.code == errno.EACCES:
        # A read-only folder refuses every change of a name, a mode or a link; a full disk allows them.
        for name, count in (("replace", 2), ("rename", 2), ("unlink", 1), ("remove", 1), ("rmdir", 1),
                            ("chmod", 1), ("utime", 1), ("symlink", 2), ("link", 2), ("truncate", 1)):
            _guard(os, name, inj, path_args=count)
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and inj.code == errno.EACCES and inj.hits(path):
            return False
        if mode & os.R_OK and inj.unreadable_file(path):
            return False
        return real_access(path, mode, *args, **kwargs)

    os.access = access
    return inj


def _guard(module: Any, name: str, inj: Injector, *, path_args: int) -> None:
    real = getattr(module, name)

    def guarded(*args, **kwargs):
        dir_fd = kwargs.get("dir_fd", kwargs.get("src_dir_fd"))
        for path in args[:path_args]:
            if inj.hits(path, dir_fd):
                inj.fail(path)
        return real(*args, **kwargs)

    setattr(module, name, guarded)


def _frees_space(module: Any, name: str, inj: Injector) -> None:
    real = getattr(module, name)

    def removing(path, *args, **kwargs):
        frees = False
        if inj.hits(path, kwargs.get("dir_fd")):
            with contextlib.suppress(OSError):
                frees = os.stat(path, dir_fd=kwargs.get("dir_fd"), follow_symlinks=False).st_size > 0
        real(path, *args, **kwargs)
        if frees:
            inj.freed()

    setattr(module, name, removing)


def main() -> int:
    spec = json.loads(sys.argv[1])
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from so8t.cli import main as so8t_main

    with injected(spec):
        return so8t_main(sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
