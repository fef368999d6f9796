"""How a training session is asked to stop: signals (SIGINT/SIGTERM, CTRL_BREAK) or the run's stop file."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from so8t.stop_channel import stop_requested
from so8t.store.layout import STOP_FILE


class StopRequest:
    """SIGINT/SIGTERM (CTRL_BREAK on Windows), or the run's stop file (`so8t stop`, a following window),
    ask for a stop; the loop obeys at the next step boundary."""

    def __init__(self, run_dir: Path | None = None) -> None:
        self.signal: int | None = None
        #: The run whose stop file is polled (None: signals only).
        self.run_dir = run_dir
        #: The stop came from the stop file (it is removed once the stop is done).
        self.by_file = False

    def __bool__(self) -> bool:
        if self.signal is None and self.run_dir is not None and stop_requested(self.run_dir):
            # A stop file is a polite SIGTERM: the same emergency checkpoint, the same exit code.
            self.signal, self.by_file = int(signal.SIGTERM), True
        return self.signal is not None

    @contextlib.contextmanager
    def installed(self) -> Iterator[StopRequest]:
        names = ["SIGINT", "SIGTERM"] + (["SIGBREAK"] if os.name == "nt" else [])
        previous = {}
        for name in names:
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            try:
                previous[sig] = signal.signal(sig, self._on_signal)
            except ValueError:  # not the main thread: the caller handles stopping
                break
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _on_signal(self, signum: int, _frame: Any) -> None:
        self.signal = signum


def stop_source(stop: Any) -> str:
    """How a stop was asked for, for the log line: the stop file, or the signal's number."""
    local = getattr(stop, "local", stop)  # a run on several processes wraps the local request
    return f"the run's {STOP_FILE} file" if getattr(local, "by_file", False) else f"signal {stop.signal}"
