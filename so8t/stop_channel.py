"""Stop requests from outside a stage: a line on stdin (from the parent), or the run's stop file (from any process).

A Windows GUI cannot signal its worker but can write to its stdin; a window that only follows a run
(started elsewhere, or left running in the background) and `so8t stop` can only write a file. Both end
in the same stop: the stage stops at its next step boundary with its emergency checkpoint and the run
is recorded as interrupted.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import IO

from so8t.fileio import atomic_write_json
from so8t.store.layout import RunLayout

#: The line a parent writes to ask for a graceful stop (emergency checkpoint, state saved).
STOP_LINE = "stop"


def _stop_signal() -> int:
    # SIGTERM is what the stages' own handlers listen for (training writes its emergency checkpoint).
    return int(signal.SIGTERM)


def listen_for_stop(stream: IO[str] | None = None) -> threading.Thread:
    """Watch `stream` (stdin) on a daemon thread; a "stop" line raises SIGTERM in this process.

    A Windows GUI has no console to send CTRL_BREAK through, but it can always write to the
    worker's stdin. End of input is ignored: the window closing or crashing must not stop a run.
    """
    stream = stream if stream is not None else sys.stdin

    def watch() -> None:
        try:
            for line in stream:
                if line.strip() == STOP_LINE:
                    signal.raise_signal(_stop_signal())
                    return
        except (OSError, ValueError):
            return  # stdin closed or unusable: nothing to watch

    thread = threading.Thread(target=watch, name="so8t-stop-listener", daemon=True)
    thread.start()
    return thread


def request_stop(run_dir: str | os.PathLike[str], by: str = "") -> Path:
    """Write the run's stop file (RUN/stop); the stage obeys it at its next step boundary."""
    path = RunLayout(run_dir).stop_request
    atomic_write_json(path, {"pid": os.getpid(), "time": time.time(), "by": by})
    return path


def stop_requested(run_dir: str | os.PathLike[str]) -> bool:
    """Whether someone asked the run to stop (one stat: cheap enough for every step)."""
    return RunLayout(run_dir).stop_request.exists()


def clear_stop_request(run_dir: str | os.PathLike[str]) -> None:
    """Remove the stop file: the stage that obeyed it does so, and a run that starts removes a stale one."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(RunLayout(run_dir).stop_request)

