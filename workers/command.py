"""The so8t command a worker runs, reading its output in bounded batches, and a so8t process that
outlives the window."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QProcess, QTimer

#: Event lines handled per pass of the event loop; the rest wait for the next pass, so a stage that
#: floods its stdout cannot hold the window's event loop for longer than a few milliseconds.
LINES_PER_PASS = 50


def read_line_batch(proc: QProcess, handle: Callable[[bytes], None]) -> bool:
    """Hand at most LINES_PER_PASS complete lines of `proc` to `handle`; True when more are waiting.

    canReadLine/readLine keep a partial record in QProcess's buffer until its newline arrives, and the
    bound keeps one pass from holding the event loop under a flood of lines.
    """
    handled = 0
    while proc.canReadLine():
        if handled >= LINES_PER_PASS:
            return True
        handle(bytes(proc.readLine().data()))
        handled += 1
    return False


class PacedReader:
    """A child's stdout handed to `handle` one batch of lines (`read_line_batch`) per event-loop pass.

    While a pass is scheduled, new output (readyRead) and the exit wait for it, so one pass never
    handles more than one batch. `drained` runs after each pass that leaves no complete line: the
    owner ends the process there once it has exited, so its last lines are handled before its end
    is said. A fast child can exit with tens of thousands of lines still buffered; handling them all
    in the `finished` slot would hold the event loop for a quarter of a second or more. The
    scheduled pass is tied to `owner` and dropped with it.
    """

    def __init__(self, owner: QObject, proc: Callable[[], QProcess | None], handle: Callable[[bytes], None],
                 drained: Callable[[], None]) -> None:
        self._owner, self._proc, self._handle, self._drained = owner, proc, handle, drained
        self._pending = False  # a pass for lines left over by the last one is scheduled

    def reset(self) -> None:
        """Forget a scheduled pass (a new process starts)."""
        self._pending = False

    def pump(self) -> None:
        """New output or the exit: read a batch now unless a pass is already scheduled."""
        if not self._pending:
            self._pass()

    def _pass(self) -> None:
        proc = self._proc()
        if proc is None:
            return
        if read_line_batch(proc, self._handle):
            self._pending = True
            QTimer.singleShot(0, self._owner, self._more)
            return
        self._drained()

    def _more(self) -> None:
        self._pending = False
        self._pass()


def so8t_command(args: Sequence[str], *, events: bool = True) -> tuple[str, list[str]]:
    """Program and arguments that run `so8t <args>` (with `--events`: JSON Lines on stdout) with this interpreter."""
    return sys.executable, ["-m", "so8t", *args, *(["--events"] if events else [])]


#: Processes started to outlive the window; kept so Python does not warn that they still run at exit.
_detached: list[subprocess.Popen[bytes]] = []


def start_detached(args: Sequence[str], *, stderr_path: str | os.PathLike[str] | None = None) -> int:
    """Start `so8t <args>` as a process that outlives this one; returns its pid.

    A QProcess kills its child when it is destroyed, and a child in the window's session gets its
    hang-up: this one runs in a session (Windows: a process group, without a console) of its own,
    reads nothing, writes its readable progress lines to `stderr_path` (appended) and its events to
    the run's events.jsonl, where a window follows it. No shell is involved.
    """
    program, full_args = so8t_command(args, events=False)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
    options: dict[str, Any] = {}
    if sys.platform == "win32":  # pragma: no cover - Windows only
        options["creationflags"] = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True
    err: Any = subprocess.DEVNULL
    if stderr_path is not None:
        os.makedirs(os.path.dirname(os.fspath(stderr_path)), exist_ok=True)
        err = open(stderr_path, "ab")  # noqa: SIM115 - handed to the child, closed below
    try:
        proc = subprocess.Popen([program, *full_args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, env=env, close_fds=True, **options)
    finally:
        if err is not subprocess.DEVNULL:
            err.close()
    _detached.append(proc)
    return int(proc.pid)
