"""Results of the later stages: bake check, GGUF files with sizes and fidelity, triality, calibration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from so8t.records import RunRecords, TrialityResult, read_run_records
from so8t.report import (
    GGUF_COLUMNS,
    format_field,
    format_value,
    gguf_fidelity_rows,
    memory_summary,
    record_rows,
)

#: The diagram is drawn at the report's size and scaled to the space it gets, never smaller than this.
MIN_DIAGRAM_WIDTH = 320


def _table(object_name: str, header: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(header))
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(header)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[Any]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(format_value(value) if not isinstance(value, str) else value))


class ReliabilityView(QLabel):
    """The reliability diagram as the report draws it (so8t.report.plots draws it once, for the window too)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reliabilityPlot")
        self.setAccessibleName(self.tr("Reliability diagram"))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(MIN_DIAGRAM_WIDTH, MIN_DIAGRAM_WIDTH * 4 // 5)
        self.labels: tuple[str, ...] = ()
        self._image = QPixmap()

    def show_bins(self, bins_by_label: dict[str, list[dict[str, float]]]) -> None:
        self.labels = tuple(bins_by_label)
        if not bins_by_label:
            self._image = QPixmap()
            self.clear()
            self.setText(self.tr("No calibration in this run yet."))
            return
        from so8t.report.plots import reliability_diagram

        self._image.loadFromData(reliability_diagram(bins_by_label), "PNG")
        self._rescale()

    def has_image(self) -> bool:
        return not self._image.isNull()

    def _rescale(self) -> None:
        if not self._image.isNull():
            self.setPixmap(self._image.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._rescale()


class ResultsView(QWidget):
    """The result files of a run, reloaded by `show_run` (after each stage and when a run is picked)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsView")
        self.memory_label = QLabel()
        self.memory_label.setObjectName("trainMemorySummary")
        self.memory_label.setWordWrap(True)
        self.bake_label = QLabel(self.tr("Bake: not run yet."))
        self.bake_label.setObjectName("bakeSummary")
        self.bake_label.setWordWrap(True)
        self.gguf_table = _table("ggufTable", [self.tr(c) for c in GGUF_COLUMNS])
        self.triality_table = _table("trialityTable", [self.tr("Metric"), self.tr("Value")])
        self.confusion_table = _table("confusionTable", [])
        self.calibration_table = _table("calibrationTable", [self.tr("Metric"), self.tr("Value")])
        self.reliability_plot = ReliabilityView()

        gguf_box = QGroupBox(self.tr("GGUF files"))
        QVBoxLayout(gguf_box).addWidget(self.gguf_table)
        tri_box = QGroupBox(self.tr("Triality (ALLOW / ESCALATION / DENY)"))
        tri_layout = QHBoxLayout(tri_box)
        tri_layout.addWidget(self.triality_table)
        tri_layout.addWidget(self.confusion_table)
        cal_box = QGroupBox(self.tr("Calibration"))
        cal_layout = QHBoxLayout(cal_box)
        cal_layout.addWidget(self.calibration_table)
        cal_layout.addWidget(self.reliability_plot)
        layout = QVBoxLayout(self)
        layout.addWidget(self.memory_label)
        layout.addWidget(self.bake_label)
        layout.addWidget(gguf_box)
        layout.addWidget(tri_box)
        layout.addWidget(cal_box)

    def show_run(self, run_dir: str | Path | None) -> None:
        """Show the run's result records (each read through its one reader, as the report does)."""
        records = read_run_records(run_dir) if run_dir and Path(run_dir).is_dir() else RunRecords()
        train_memory = memory_summary(records.train)
        self.memory_label.setText(train_memory)
        self.memory_label.setVisible(bool(train_memory))
        bake = records.bake
        if bake is not None:
            verdict = self.tr("passed") if bake.passed else self.tr("failed")
            self.bake_label.setText(self.tr("Bake verification {0}: max |Δlogit| {1}, KL {2}, top-1 agreement {3}")
                                    .format(verdict, format_value(bake.max_abs_err), format_value(bake.kl),
                                            format_field("top1_agreement", bake.top1_agreement)))
            self.bake_label.setStyleSheet(f"color: {'#137333' if bake.passed else '#b3261e'}; font-weight: bold;")
        elif "bake" in records.problems:
            self.bake_label.setText(self.tr("Bake record refused: {0}").format(records.problems["bake"]))
            self.bake_label.setStyleSheet("color: #b3261e;")
        else:
            self.bake_label.setText(self.tr("Bake: not run yet."))
            self.bake_label.setStyleSheet("")
        _fill(self.gguf_table, gguf_fidelity_rows(records.gguf))
        tri = records.triality
        _fill(self.triality_table, [list(row) for row in record_rows(tri)] if tri is not None else [])
        self._show_confusion(tri)
        cal = records.calibration
        _fill(self.calibration_table, [list(row) for row in record_rows(cal)] if cal is not None else [])
        self.reliability_plot.show_bins(cal.reliability() if cal is not None else {})

    def _show_confusion(self, tri: TrialityResult | None) -> None:
        matrix = tri.confusion if tri is not None else None
        if not matrix:
            self.confusion_table.setRowCount(0)
            self.confusion_table.setColumnCount(0)
            return
        labels = [str(x) for x in tri.labels] or [str(i) for i in range(len(matrix[0]))]
        self.confusion_table.setColumnCount(len(matrix[0]))
        self.confusion_table.setRowCount(len(matrix))  # rows first: header labels only stick to rows that exist
        self.confusion_table.setHorizontalHeaderLabels(labels[: len(matrix[0])])
        self.confusion_table.setVerticalHeaderLabels(labels[: len(matrix)])
        self.confusion_table.verticalHeader().setVisible(True)
        _fill(self.confusion_table, matrix)
