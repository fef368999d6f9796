"""Light work off the GUI thread (reading a run's files), and the rule that makes it safe: a Qt object
dies on the GUI thread only.

One relay object, made on the GUI thread and kept for the application's life, carries every result
back. The job the thread pool runs is a plain Python function that holds no Qt object, so nothing
Qt owns is ever deleted on a pool thread. (A `QRunnable` subclass that carried its own signal
object did exactly that: Qt deletes the runnable on the pool thread when it ends, and with it the
signal object, which belongs to the GUI thread; the test process crashed now and then, at random
points after such a job.)

Python's cycle collector runs on whichever thread happens to allocate; on a pool thread it freed a
closed widget's cycle there, which deadlocked against the GUI thread. So the window's process turns
automatic collection off and `GuiThreadCollector` collects on a timer on the GUI thread instead.
See docs/architecture.md, "Work off the GUI thread".
"""

from __future__ import annotations

import gc
import itertools
import sys
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QThreadPool, QTimer, Signal

#: What a job that raised hands back: nothing is delivered for it.
_FAILED = object()


class _Relay(QObject):
    """Lives on the GUI thread; `arrived`, emitted on a pool thread, is queued to it."""

    arrived = Signal(int, object)

    def __init__(self) -> None:
        super().__init__()
        self.waiting: dict[int, tuple[QObject, Callable[[Any], None]]] = {}
        self.arrived.connect(self._deliver)

    def _deliver(self, job: int, result: Any) -> None:
        owner, deliver = self.waiting.pop(job, (None, None))
        if deliver is None or result is _FAILED or not shiboken6.isValid(owner):
            return  # the job raised, or the widget that asked has been deleted meanwhile
        deliver(result)


_relay: _Relay | None = None
_jobs = itertools.count(1)


def _check_gui_thread(caller: str, *, app_needed: bool) -> QCoreApplication | None:
    """The application, once it is known that `caller` runs on its GUI thread (else a RuntimeError)."""
    app = QCoreApplication.instance()
    if (app is None and app_needed) or (app is not None and QThread.currentThread() != app.thread()):
        raise RuntimeError(f"{caller} must be called on the GUI thread of a running QApplication")
    return app


def _the_relay() -> _Relay:
    global _relay
    _check_gui_thread("run_in_background", app_needed=False)
    if _relay is None or not shiboken6.isValid(_relay):
        _relay = _Relay()
    return _relay


def run_in_background(owner: QObject, work: Callable[[], Any], deliver: Callable[[Any], None]) -> None:
    """Run `work()` in Qt's thread pool, then `deliver(result)` on the GUI thread while `owner` lives.

    Call it on the GUI thread. `work` must hold no Qt object (it ends on the pool thread); an
    exception it raises is printed and nothing is delivered, so `work` turns what the user should
    see into its result. Nothing is delivered once `owner` (the widget that asked) is deleted.
    """
    relay = _the_relay()
    job = next(_jobs)
    relay.waiting[job] = (owner, deliver)
    arrived = relay.arrived

    def job_body() -> None:
        try:
            result = work()
        except Exception:  # noqa: BLE001 - a pool thread has no caller to raise to
            traceback.print_exc(file=sys.stderr)
            result = _FAILED
        arrived.emit(job, result)

    QThreadPool.globalInstance().start(job_body)


#: How often the GUI thread looks whether a collection is due (the window's process collects no other way).
COLLECT_CHECK_MS = 1_000


class GuiThreadCollector(QObject):
    """Python's automatic cycle collection off, and the same collections made on the GUI thread's timer.

    The generations and thresholds are Python's own (`gc.get_threshold()`): a generation is collected when
    its count is past its threshold at a tick. `stop()` collects everything once and turns automatic
    collection back on.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_due)
        gc.disable()
        self.timer.start(COLLECT_CHECK_MS)

    def collect_due(self) -> None:
        """Collect the generations whose counts are past their thresholds, youngest first."""
        for generation, (count, threshold) in enumerate(zip(gc.get_count(), self.thresholds, strict=True)):
            if threshold <= 0 or count <= threshold:
                break
            gc.collect(generation)

    def stop(self) -> None:
        """Collect everything here, on the GUI thread, and hand collection back to Python."""
        self.timer.stop()
        gc.collect()
        gc.enable()


_collector: GuiThreadCollector | None = None


def collect_on_gui_thread() -> GuiThreadCollector:
    """The application's one running collector, made on first call (on the GUI thread of a QApplication)."""
    global _collector
    app = _check_gui_thread("collect_on_gui_thread", app_needed=True)
    if _collector is None or not shiboken6.isValid(_collector) or not _collector.timer.isActive():
        _collector = GuiThreadCollector(app)
    return _collector
