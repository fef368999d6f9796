"""Export PDF: the shown run's report written by `so8t report` in a child process, in the window's
language (a part of `MainWindow`)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from gui import window_questions as questions
from gui.i18n import shown_language
from so8t.store.layout import RunLayout
from workers.outcome import ProcessOutcome


class ReportExport:
    """The main window's Export PDF and Open report; mixed into `MainWindow`."""

    def ask_report_path(self, suggested: str) -> str:
        """Where to write the PDF (a save dialog; tests replace this method). "" cancels."""
        return questions.ask_report_path(self, suggested)

    def export_pdf(self, pdf_path: str | None = None) -> None:
        """Write the shown run's report where the user says (`so8t report` in a child process)."""
        if self.run_dir is None or self.report_process.is_running():
            return
        pdf = pdf_path or self.ask_report_path(str(RunLayout(self.run_dir).report_pdf))
        if not pdf:
            return
        if not pdf.lower().endswith(".pdf"):
            pdf += ".pdf"
        self._message(self.tr("writing the report…"))
        self.progress_panel.set_busy(self.tr("writing the report…"))
        # The report speaks the window's language, and replaces the window's own earlier report.
        self.report_process.start(["report", self.run_dir, "--pdf", pdf, "--lang", shown_language(), "--force"])
        self._report_target = pdf
        self._update_buttons()

    def _on_report_done(self, outcome: ProcessOutcome) -> None:
        self.progress_panel.set_busy("")
        pdf = str((outcome.result or {}).get("pdf") or getattr(self, "_report_target", ""))
        if outcome.was_successful():
            self.last_report = pdf
            pages = (outcome.result or {}).get("pages", "?")
            self._message(self.tr("Report written: {0} ({1} pages)").format(pdf, pages))
            self.open_report_button.setVisible(True)
            self.open_report_button.setToolTip(pdf)
            self.log_view.add_line("report", "info", self.tr("Report written: {0} ({1} pages)").format(pdf, pages))
            self.report_written.emit(pdf)
        else:
            self._message(self.tr("Report failed: {0}").format(outcome.error or outcome.state_str()), error=True)
        self._update_buttons()

    def open_last_report(self) -> None:
        if self.last_report:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.last_report))
