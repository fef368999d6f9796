"""The banner that offers an interrupted run (crash, power cut, reboot) for resume when the window starts."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from gui.names import stage_name
from so8t.store.runs import RunSummary


class InterruptedBanner(QFrame):
    """"Run X was interrupted …" with Resume it / Not now; `resume_requested(run_dir)` when the user resumes."""

    resume_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interruptedBanner")
        self.setStyleSheet("#interruptedBanner { background: #fff4e5; border: 1px solid #e0a040; }")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.resume_button = QPushButton(self.tr("Resume it"))
        self.resume_button.setObjectName("bannerResumeButton")
        self.dismiss_button = QPushButton(self.tr("Not now"))
        self.dismiss_button.setObjectName("bannerDismissButton")
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.resume_button)
        layout.addWidget(self.dismiss_button)
        self.setVisible(False)
        #: The run the banner offers.
        self.run_dir: str | None = None
        self.resume_button.clicked.connect(self._on_resume)
        self.dismiss_button.clicked.connect(lambda: self.setVisible(False))

    def offer(self, found: list[RunSummary]) -> str | None:
        """Offer the newest of the interrupted runs `found` (the others are counted); its folder, None if none."""
        if not found:
            return None
        newest = found[-1]
        self.run_dir = newest.path
        unfinished = [stage_name(s) for s, st in newest.stages.items() if st not in ("finished", "skipped")]
        more = self.tr(" ({0} more in the run list)").format(len(found) - 1) if len(found) > 1 else ""
        self.label.setText(self.tr(
            "Run {0} was interrupted before it finished (stages left: {1}){2}. "
            "Resuming continues from its newest valid checkpoint.").format(newest.id, ", ".join(unfinished), more))
        self.setVisible(True)
        return newest.path

    def _on_resume(self) -> None:
        self.setVisible(False)
        if self.run_dir:
            self.resume_requested.emit(self.run_dir)
