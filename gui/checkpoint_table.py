"""The checkpoint table: stage, step, time, size, valid or why not, pin, "resume from here", the loss at its step.

Every training stage's store is listed (train's checkpoints/, align's align/checkpoints/ …); a checkpoint is
named as the CLI names it, `ckpt-N` of training or `STAGE/ckpt-N`. A later stage's checkpoint that the
training before it has moved past is marked stale and kept: nothing here deletes a checkpoint."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QPushButton, QTableWidget, QTableWidgetItem, QWidget

from gui.names import stage_name
from so8t.report import format_size, format_value, list_checkpoints
from so8t.store.checkpoints import checkpoint_label, split_checkpoint_name, stale_checkpoints
from so8t.store.layout import TRAINING_STAGES
from workers.background import run_in_background

COLUMNS = ("stage", "step", "time", "size", "valid", "pin", "resume", "loss")
STAGE_COL, STEP_COL, TIME_COL, SIZE_COL, VALID_COL, PIN_COL, RESUME_COL, LOSS_COL = range(len(COLUMNS))


def _scan(run_dir: str) -> list[dict[str, Any]]:
    """A run's checkpoints with the loss at each (off the GUI thread: validating one hashes every file in it)."""
    from so8t.compare.gather import checkpoint_losses

    try:
        rows = list_checkpoints(run_dir)
        losses = checkpoint_losses(run_dir)  # the run's own log: the loss at each checkpoint's step
        for row in rows:
            row["loss"] = losses.get((row.get("stage", "train"), row.get("step")))
    except Exception as exc:  # noqa: BLE001 - shown in the table instead of lost in a thread
        rows = [{"name": "?", "valid": False, "reason": str(exc)}]
    return rows


def set_pinned(run_dir: str | Path, label: str, pinned: bool) -> None:
    """Pin or unpin `ckpt-N` or `STAGE/ckpt-N` through its stage's store (a pinned checkpoint survives pruning)."""
    from so8t.store.checkpoints import CheckpointStore

    stage, name = split_checkpoint_name(label)
    CheckpointStore(run_dir, stage=stage).pin(name, pinned)


def row_label(row: dict[str, Any]) -> str:
    """The row's checkpoint as the user names it: `ckpt-N` of training, `STAGE/ckpt-N` of a later stage."""
    return checkpoint_label(str(row.get("stage") or TRAINING_STAGES[0]), str(row.get("name")))


def _stage_rank(row: dict[str, Any]) -> int:
    stage = row.get("stage") or TRAINING_STAGES[0]
    return TRAINING_STAGES.index(stage) if stage in TRAINING_STAGES else len(TRAINING_STAGES)


class CheckpointTable(QTableWidget):
    """Rows of a run's checkpoints, newest first; a valid one offers "Resume from here"."""

    resume_requested = Signal(str, str)  # run folder, checkpoint (`ckpt-N` or `STAGE/ckpt-N`)
    refreshed = Signal(int)  # rows shown
    pin_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("checkpointTable")
        self.setAccessibleName(self.tr("Checkpoints"))
        self.setHorizontalHeaderLabels(
            [self.tr("Stage"), self.tr("Step"), self.tr("Time"), self.tr("Size"), self.tr("Valid / why not"),
             self.tr("Pin"), self.tr("Resume"), self.tr("Training loss")]
        )
        self.horizontalHeader().setSectionResizeMode(VALID_COL, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.run_dir: str | None = None
        self.rows: list[dict[str, Any]] = []
        self._updating = False
        self._pending: set[str] = set()
        self._rescan = False
        self.resume_enabled = True
        #: Stages whose checkpoints are shown stale whatever their times say: a resume from an earlier
        #: training stage's checkpoint was started, so what they were trained on is being redone.
        self.stale_stages: set[str] = set()
        self.itemChanged.connect(self._on_item_changed)

    # -- loading ----------------------------------------------------------------------------

    def set_run(self, run_dir: str | Path | None) -> None:
        if (str(run_dir) if run_dir else None) != self.run_dir:
            self.stale_stages = set()
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
        run_dir = self.run_dir
        run_in_background(self, lambda: _scan(run_dir), lambda rows: self._on_scan_done(run_dir, rows))

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
            button = self.cellWidget(r, RESUME_COL)
            if isinstance(button, QPushButton):
                button.setEnabled(enabled and bool(self.rows[r].get("valid")))

    def show_rows(self, rows: list[dict[str, Any]], *, announce: bool = True) -> None:
        """Show the rows of `so8t checkpoints --json`: a later stage's store first, each newest first."""
        rows = sorted(rows, key=lambda c: (-_stage_rank(c), c.get("step") is None, -(c.get("step") or 0)))
        stale = stale_checkpoints(rows) | {row_label(ck) for ck in rows if ck.get("stage") in self.stale_stages}
        self._updating = True
        self.rows = rows
        self.setRowCount(len(rows))
        for r, ck in enumerate(rows):
            label = row_label(ck)
            self.setItem(r, STAGE_COL, QTableWidgetItem(stage_name(str(ck.get("stage") or TRAINING_STAGES[0]))))
            step = QTableWidgetItem(str(ck.get("step", "?")))
            step.setData(Qt.ItemDataRole.UserRole, label)
            self.setItem(r, STEP_COL, step)
            t = ck.get("time")
            self.setItem(r, TIME_COL, QTableWidgetItem(
                time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t)) if isinstance(t, (int, float)) else "—"))
            self.setItem(r, SIZE_COL, QTableWidgetItem(format_size(ck.get("size"))))
            valid = bool(ck.get("valid"))
            text = self.tr("valid") if valid else self.tr("invalid: {0}").format(ck.get("reason") or "?")
            if label in stale:
                text = self.tr("stale: trained on a training that has been redone since; kept") + (
                    "" if valid else f" ({text})")
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            item.setForeground(Qt.GlobalColor.darkYellow if label in stale
                               else Qt.GlobalColor.darkGreen if valid else Qt.GlobalColor.red)
            self.setItem(r, VALID_COL, item)
            pin = QTableWidgetItem()
            pin.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            pin.setCheckState(Qt.CheckState.Checked if ck.get("pinned") else Qt.CheckState.Unchecked)
            self.setItem(r, PIN_COL, pin)
            button = QPushButton(self.tr("Resume from here"))
            button.setObjectName(f"resumeFrom_{label}")
            button.setEnabled(valid and self.resume_enabled)
            if not valid:
                button.setToolTip(self.tr("This checkpoint is incomplete or damaged and cannot be resumed."))
            button.setProperty("checkpointName", label)
            button.clicked.connect(self._on_resume_clicked)
            self.setCellWidget(r, RESUME_COL, button)
            loss = ck.get("loss")
            self.setItem(r, LOSS_COL, QTableWidgetItem("—" if loss is None else format_value(loss)))
        self._updating = False
        self.resizeColumnsToContents()
        self.horizontalHeader().setSectionResizeMode(VALID_COL, QHeaderView.ResizeMode.Stretch)
        if announce:
            self.refreshed.emit(len(rows))

    # -- actions ----------------------------------------------------------------------------

    def resume_button(self, label: str) -> QPushButton | None:
        """The "Resume from here" of `ckpt-N` (training) or `STAGE/ckpt-N`."""
        for r, ck in enumerate(self.rows):
            if row_label(ck) == label:
                widget = self.cellWidget(r, RESUME_COL)
                return widget if isinstance(widget, QPushButton) else None
        return None

    def later_than(self, label: str) -> list[str]:
        """The checkpoints of the same stage's store with a higher step than `label`, oldest first: what a
        resume from it trains again (other stages' stores are not among them)."""
        stage, _ = split_checkpoint_name(label)
        same = [ck for ck in self.rows if (ck.get("stage") or TRAINING_STAGES[0]) == stage]
        step = next((ck.get("step") for ck in same if row_label(ck) == label), None)
        if not isinstance(step, int):
            return []
        later = [ck for ck in same if isinstance(ck.get("step"), int) and ck["step"] > step]
        return [row_label(ck) for ck in sorted(later, key=lambda c: c["step"])]

    def later_stores(self, label: str) -> list[str]:
        """The checkpoints of the training stages after `label`'s (align's after train's), oldest first: a
        resume from `label` keeps them and they show stale."""
        stage, _ = split_checkpoint_name(label)
        after = TRAINING_STAGES[TRAINING_STAGES.index(stage) + 1:] if stage in TRAINING_STAGES else ()
        later = [ck for ck in self.rows if ck.get("stage") in after]
        return [row_label(ck) for ck in sorted(later, key=lambda c: (_stage_rank(c), c.get("step") or 0))]

    def mark_stale_after(self, label: str) -> None:
        """Show the later stages' checkpoints stale: a resume from `label` redoes what they were trained on."""
        stage, _ = split_checkpoint_name(label)
        if stage in TRAINING_STAGES:
            self.stale_stages.update(TRAINING_STAGES[TRAINING_STAGES.index(stage) + 1:])
            self.show_rows(self.rows)

    def _on_resume_clicked(self) -> None:
        name = self.sender().property("checkpointName")
        if self.run_dir and name:
            self.resume_requested.emit(self.run_dir, name)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._updating or item.column() != PIN_COL or not self.run_dir:
            return
        name = row_label(self.rows[item.row()])
        try:
            set_pinned(self.run_dir, name, item.checkState() == Qt.CheckState.Checked)
        except Exception as exc:  # noqa: BLE001 - shown to the user, the box flips back
            text = exc.one_line() if hasattr(exc, "one_line") else str(exc)
            self._updating = True
            item.setCheckState(Qt.CheckState.Unchecked if item.checkState() == Qt.CheckState.Checked
                               else Qt.CheckState.Checked)
            self._updating = False
            self.pin_failed.emit(text)
