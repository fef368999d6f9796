"""Samples GPU telemetry on its own thread and hands each reading to the GUI as a signal."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from so8t.telemetry import DEFAULT_RATE_HZ, Telemetry, TelemetrySample, check_rate

#: How long `stop()` waits for the thread to leave its loop: one NVML query takes milliseconds.
STOP_WAIT_MS = 2_000


class TelemetrySampler(QThread):
    """Reads `so8t.telemetry.Telemetry` at `rate_hz` (default 1 Hz) off the GUI thread.

    Signals (queued to the thread that owns the sampler, normally the GUI thread):

    - ``sampled(sample: so8t.telemetry.TelemetrySample)`` — every reading, GPUs or not.
    - ``unavailable(message: str)`` — once, when there is no NVIDIA GPU/driver ("no NVIDIA GPU …");
      sampling goes on (cheaply) and `sampled` keeps arriving with ``available=False``.

    `set_pids` names the processes whose own GPU memory is reported (the stage worker's pid).
    `stop()` ends the loop at once.
    """

    sampled = Signal(object)
    unavailable = Signal(str)

    def __init__(self, parent: QObject | None = None, *, rate_hz: float = DEFAULT_RATE_HZ,
                 pids: Iterable[int] | None = None, nvml: Any = None) -> None:
        super().__init__(parent)
        self._rate_hz = check_rate(rate_hz)
        self._pids = set(pids) if pids is not None else None
        self._nvml = nvml
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    @property
    def rate_hz(self) -> float:
        return self._rate_hz

    def set_pids(self, pids: Iterable[int]) -> None:
        with self._lock:
            self._pids = set(pids)

    def start(self, *args: Any) -> None:
        """Start the thread; a `stop()` from now on ends it, even before its loop begins."""
        self._stopping.clear()
        super().start(*args)

    def stop(self) -> None:
        """End the loop; returns once the thread has left it (within one NVML query)."""
        self._stopping.set()
        self._wake.set()
        if self.isRunning():
            self.wait(STOP_WAIT_MS)

    def run(self) -> None:  # the thread body
        telemetry = Telemetry(pids=self._pids, nvml=self._nvml)
        said_unavailable = False
        try:
            while not self._stopping.is_set():
                with self._lock:
                    if self._pids is not None:
                        telemetry.pids = set(self._pids)
                        telemetry.host_pids = set(self._pids)
                sample: TelemetrySample = telemetry.sample()
                if self._stopping.is_set():
                    break  # stopped during the reading: the window may be going away, emit nothing more
                if not sample.available and not said_unavailable:
                    said_unavailable = True
                    self.unavailable.emit(sample.message)
                self.sampled.emit(sample)
                self._wake.wait(1.0 / self._rate_hz)
                self._wake.clear()
        finally:
            telemetry.close()
