"""Writes a run's report off the GUI thread: `so8t report RUN --pdf FILE --json` in a child process."""

from __future__ import annotations

import json
import os

from PySide6.QtCore import QObject, QProcess, Signal

from workers.stage_process import so8t_command


class ReportJob(QObject):
    """Renders a report in a child process (the engine's own `so8t report`), so the window never waits on it.

    Signal ``finished(ok: bool, pdf: str, message: str)``: message is "wrote … N pages" or the error line.
    """

    finished = Signal(bool, str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._proc: QProcess | None = None
        self._pdf = ""

    def is_running(self) -> bool:
        return self._proc is not None

    def start(self, run_dir: str | os.PathLike[str], pdf: str | os.PathLike[str]) -> None:
        if self._proc is not None:
            raise RuntimeError("a report is already being written")
        self._pdf = str(pdf)
        proc = QProcess(self)
        proc.finished.connect(self._on_finished)
        proc.errorOccurred.connect(self._on_error)
        self._proc = proc
        program, args = so8t_command(["report", str(run_dir), "--pdf", self._pdf, "--json"], events=False)
        proc.start(program, args)

    def kill(self) -> None:
        """End the renderer now (the application quits); the PDF is written again on the next export."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.waitForFinished(5000)

    def _done(self, ok: bool, message: str) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.deleteLater()
        self.finished.emit(ok, self._pdf, message)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._proc is not None:
            self._done(False, f"could not start {self._proc.program()}: {self._proc.errorString()}")

    def _on_finished(self, exit_code: int, _status: QProcess.ExitStatus) -> None:
        if self._proc is None:
            return
        out = bytes(self._proc.readAllStandardOutput().data()).decode("utf-8", "replace").strip()
        err = bytes(self._proc.readAllStandardError().data()).decode("utf-8", "replace").strip()
        if exit_code == 0 and out:
            try:
                # `--json`: the last stdout line is the command's result object (docs/architecture.md).
                data = json.loads(out.splitlines()[-1])
                self._done(True, f"wrote {data['pdf']}: {data['pages']} pages")
                return
            except (ValueError, KeyError):
                pass
        self._done(False, (err.splitlines() or [f"exit code {exit_code}"])[-1])
