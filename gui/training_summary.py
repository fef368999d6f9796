"""Results' first box: each training stage's final step, loss and KL, read from the run's events off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QTableWidget, QVBoxLayout, QWidget

from gui.names import stage_name
from so8t.report.format import format_value
from workers.background import run_in_background


def _read_figures(run_dir: str) -> dict:
    from so8t.compare.gather import final_figures

    try:
        return final_figures(run_dir)
    except Exception:  # noqa: BLE001 - an unreadable log shows no figures, as a run that has not trained
        return {}


class TrainingSummary(QGroupBox):
    """The final loss and KL of each training stage of the shown run; hidden for a run that has not trained."""

    shown_figures = Signal(str)  # the run folder whose figures are now shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Training: where each stage ended"), parent)
        self.setObjectName("trainingSummary")
        from gui.tables import make_table as _table

        self.table: QTableWidget = _table("trainingSummaryTable", [
            self.tr("Stage"), self.tr("Final step"), self.tr("Final loss"), self.tr("Final KL to the base model")])
        self.note = QLabel(self.tr("KL: how far the tuned model's next-token distribution is from the base model's."))
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        self.run_dir: str | None = None
        self.setVisible(False)

    def show_run(self, run_dir: str | None) -> None:
        """Read and show `run_dir`'s final figures (None: hide)."""
        self.run_dir = run_dir
        if not run_dir:
            self.setVisible(False)
            return
        run_in_background(self, lambda: _read_figures(run_dir), lambda figures: self._on_read(run_dir, figures))

    def _on_read(self, run_dir: str, figures: dict) -> None:
        if run_dir != self.run_dir:
            return
        from gui.tables import fill_table as _fill

        rows = []
        for stage, curves in figures.items():
            loss, kl = curves.get("loss"), curves.get("kl")
            step = max((p[0] for p in (loss, kl) if p is not None), default=None)
            rows.append([stage_name(stage), "—" if step is None else str(int(step)),
                         "—" if loss is None else format_value(loss[1]), "—" if kl is None else format_value(kl[1])])
        _fill(self.table, rows)
        self.setVisible(bool(rows))
        self.shown_figures.emit(run_dir)

    def texts(self) -> list[list[str]]:
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]
