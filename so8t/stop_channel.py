"""A stop request as a line on stdin, for a worker whose parent cannot signal it (a Windows GUI)."""

from __future__ import annotations

import signal
import sys
import threading
from typing import IO

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
