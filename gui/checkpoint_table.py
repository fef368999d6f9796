"""The checkpoint table: step, time, size, valid or why not, pin, and "resume from here"."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QHeaderView, QPushButton, QTableWidget, QTableWidgetItem, QWidget

from so8t.report import format_size, list_checkpoints

COLUMNS = ("step", "time", "size", "valid", "pin", "resume")


class _ScanSignals(QObject):
    done = Signal(str, object)


class _Scan(QRunnable):
    """Lists a run's checkpoints off the GUI thread: validating one hashes every file in it."""

    def __init__(self, run_dir: str) -> None:
        super().__init__()
        self.run_dir = run_dir
        self.signals = _ScanSignals()

    def run(self) -> None:
        try:
            rows = list_checkpoints(self.run_dir)
        except Exception as exc:  # noqa: BLE001 - shown in the table instead of lost in a thread
            rows = [{"name": "?", "valid": False, "reason": str(exc)}]
        self.signals.done.emit(self.run_dir, rows)


def set_pinned(run_dir: str | Path, name: str, pinned: bool) -> None:
    """Pin or unpin through the checkpoint store (a pinned checkpoint survives pruning)."""
    from so8t.store.checkpoints import CheckpointStore

    CheckpointStore(run_dir).pin(name, pinned)


class CheckpointTable(QTableWidget):
    """Rows of a run's checkpoints, newest first; a valid one offers "Resume from here"."""

    resume_requested = Signal(str, str)  # run folder, checkpoint name
    refreshed = Signal(int)  # rows shown
    pin_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("checkpointTable")
        self.setAccessibleName(self.tr("Checkpoints"))
        self.setHorizontalHeaderLabels(
            [self.tr("Step"), self.tr("Time"), self.tr("Size"), self.tr("Valid / why not"), self.tr("Pin"),
             self.tr("Resume")]
        )
        self.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.run_dir: str | None = None
        self.rows: list[dict[str, Any]] = []
        self._updating = False
        self._pending: set[str] = set()
        self._rescan = False
        self.resume_enabled = True
        self.itemChanged.connect(self._on_item_changed)

    # -- loading ----------------------------------------------------------------------------

    def set_run(self, run_dir: str | Path | None) -> None:
        self.run_dir = str(run_dir) if run_dir else None
        self.show_rows([], announce=False)
        self.refresh()

    def refresh(self) -> None:
        """Rescan the run's checkpoints in the thread pool; `refreshed` says when the table is updated."""
        if not self.run_dir:
            return
        if self.run_dir in self._pending:
            self._rescan = True  # a checkpoint may have landed after that scan listed the folder
            return
        self._pending.add(self.run_dir)
        scan = _Scan(self.run_dir)
        scan.signals.done.connect(self._on_scan_done)
        QThreadPool.globalInstance().start(scan)

    def _on_scan_done(self, run_dir: str, rows: list[dict[str, Any]]) -> None:
        self._pending.discard(run_dir)
        if run_dir == self.run_dir:
            self.show_rows(rows)
        if self._rescan:
            self._rescan = False
            self.refresh()

    def set_resume_enabled(self, enabled: bool) -> None:
        """Off while a stage runs: one run at a time."""
        self.resume_enabled = enabled
        for r in range(self.rowCount()):
            button = self.cellWidget(r, 5)
            if isinstance(button, QPushButton):
                button.setEnabled(enabled and bool(self.rows[r].get("valid")))

    def show_rows(self, rows: list[dict[str, Any]], *, announce: bool = True) -> None:
        rows = sorted(rows, key=lambda c: (c.get("step") is None, -(c.get("step") or 0)))
        self._updating = True
        self.rows = rows
        self.setRowCount(len(rows))
        for r, ck in enumerate(rows):
            step = QTableWidgetItem(str(ck.get("step", "?")))
            step.setData(Qt.ItemDataRole.UserRole, ck.get("name"))
            self.setItem(r, 0, step)
            t = ck.get("time")
            self.setItem(r, 1, QTableWidgetItem(
                time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t)) if isinstance(t, (int, float)) else "—"))
            self.setItem(r, 2, QTableWidgetItem(format_size(ck.get("size"))))
            valid = bool(ck.get("valid"))
            text = self.tr("valid") if valid else self.tr("invalid: {0}").format(ck.get("reason") or "?")
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            item.setForeground(Qt.GlobalColor.darkGreen if valid else Qt.GlobalColor.red)
            self.setItem(r, 3, item)
            pin = QTableWidgetItem()
            pin.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            pin.setCheckState(Qt.CheckState.Checked if ck.get("pinned") else Qt.CheckState.Unchecked)
            self.setItem(r, 4, pin)
            button = QPushButton(self.tr("Resume from here"))
            button.setObjectName(f"resumeFrom_{ck.get('name')}")
            button.setEnabled(valid and self.resume_enabled)
            if not valid:
                button.setToolTip(self.tr("This checkpoint is incomplete or damaged and cannot be resumed."))
            button.setProperty("checkpointName", ck.get("name"))
            button.clicked.connect(self._on_resume_clicked)
            self.setCellWidget(r, 5, button)
        self._updating = False
        self.resizeColumnsToContents()
        self.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if announce:
            self.refreshed.emit(len(rows))

    # -- actions ----------------------------------------------------------------------------

    def resume_button(self, name: str) -> QPushButton | None:
        for r, ck in enumerate(self.rows):
            if ck.get("name") == name:
                widget = self.cellWidget(r, 5)
                return widget if isinstance(widget, QPushButton) else None
        return None

    def later_than(self, name: str) -> list[str]:
        """Names of the listed checkpoints with a higher step than `name`, oldest first."""
        step = next((ck.get("step") for ck in self.rows if ck.get("name") == name), None)
        if not isinstance(step, int):
            return []
        later = [ck for ck in self.rows if isinstance(ck.get("step"), int) and ck["step"] > step]
        return [str(ck.get("name")) for ck in sorted(later, key=lambda c: c["step"])]

    def _on_resume_clicked(self) -> None:
        name = self.sender().property("checkpointName")
        if self.run_dir and name:
            self.resume_requested.emit(self.run_dir, name)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._updating or item.column() != 4 or not self.run_dir:
            return
        name = self.rows[item.row()].get("name")
        try:
            set_pinned(self.run_dir, name, item.checkState() == Qt.CheckState.Checked)
        except Exception as exc:  # noqa: BLE001 - shown to the user, the box flips back
            text = exc.one_line() if hasattr(exc, "one_line") else str(exc)
            self._updating = True
            item.setCheckState(Qt.CheckState.Unchecked if item.checkState() == Qt.CheckState.Checked
                               else Qt.CheckState.Checked)
            self._updating = False
            self.pin_failed.emit(text)
