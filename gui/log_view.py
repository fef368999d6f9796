"""The log pane: stage log lines and stderr, bounded so a chatty stage cannot fill memory."""

from __future__ import annotations

import time
from collections.abc import Iterable

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QWidget

#: Lines kept; older ones scroll away (a long run logs far more than anyone reads back).
MAX_LOG_LINES = 5_000


class LogView(QPlainTextEdit):
    """Read-only, monospaced, newest line at the bottom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logView")
        self.setAccessibleName(self.tr("Log"))
        self.setReadOnly(True)
        self.setMaximumBlockCount(MAX_LOG_LINES)
        font: QFont = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.setFont(font)

    def add_line(self, stage: str, level: str, message: str, when: float | None = None) -> None:
        """Slot for StageProcess.log."""
        stamp = time.strftime("%H:%M:%S", time.localtime(when)) if when else time.strftime("%H:%M:%S")
        prefix = f"[{stage}] " if stage else ""
        tag = "" if level in ("info", "stdout", "") else f"{level}: "
        for line in message.splitlines() or [""]:
            self.appendPlainText(f"{stamp} {prefix}{tag}{line}")

    def add_error(self, stage: str, code: str, message: str, hint: str) -> None:
        """Slot for StageProcess.error: the message and what to do, as one entry."""
        self.add_line(stage, "error", f"{message}" + (f" — {hint}" if hint else ""))

    def show_entries(self, entries: Iterable[tuple[float, str, str, str]]) -> None:
        """A stored run's log (its log and error events, oldest first), replacing what is shown."""
        self.clear()
        for when, stage, level, message in entries:
            self.add_line(stage, level, message, when)
