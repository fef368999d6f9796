"""Closing the main window: what becomes of a running stage (keep it running in the background, stop it
with a checkpoint, or cancel), and winding the threads down (a part of `MainWindow`)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QThreadPool
from PySide6.QtGui import QCloseEvent

from gui import window_questions as questions
from gui.window_questions import CloseChoice

#: How long quitting waits for the thread pool's jobs (checkpoint scans, event loading).
SHUTDOWN_WAIT_MS = 5000


class WindowClosing:
    """The main window's close and quit; mixed into `MainWindow`."""

    def ask_close_choice(self) -> CloseChoice:
        """Ask what to do with the running stage (tests replace this method)."""
        return questions.ask_close_choice(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.settings.remember()
        if not self.process.is_running():
            self._shutdown()
            event.accept()
            return
        choice = self.ask_close_choice()
        if choice is CloseChoice.CANCEL:
            event.ignore()
            return
        if choice is CloseChoice.BACKGROUND:
            self.continue_in_background()
            self._shutdown()
            event.accept()  # the last window closes, the application quits: no hidden window process
            return
        # The window goes away; the application lives until the stage has stopped, then quits.
        QCoreApplication.instance().setQuitOnLastWindowClosed(False)
        self._background = True
        self.stop_run()
        event.accept()

    def continue_in_background(self) -> int:
        """Hand the running stage to a `so8t resume` of its own that outlives the window; its pid (0: none)."""
        pid = self.session.continue_in_background(self._last_args)
        if pid:
            self.log_view.add_line("", "info", self.tr("running on in the background as process {0}").format(pid))
        return pid

    def _shutdown(self) -> None:
        """Stop the telemetry thread and the timers; a stage still running stops at a step
        boundary with its emergency checkpoint (recorded as interrupted; `so8t resume` finishes it).

        Idempotent: runs on close and again on the application's aboutToQuit.
        """
        if self._shut_down or not shiboken6.isValid(self):
            return  # done already, or Qt has deleted the window (its children went with it)
        self._shut_down = True
        self.playground.shutdown()
        self._poll_timer.stop()
        self._checkpoint_timer.stop()
        if self.sampler is not None:
            self.sampler.stop()
        if self.process.is_running():
            self.log_view.add_line("", "info", self.tr("quitting: stopping the stage with a checkpoint"))
            self.process.stop_and_wait()
        if self.report_process.is_running():
            self.report_process.stop_and_wait(timeout_ms=0)
        QThreadPool.globalInstance().waitForDone(SHUTDOWN_WAIT_MS)
