"""Results of the later stages: bake check, GGUF files with sizes and fidelity, triality, calibration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
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

from so8t.report import GGUF_COLUMNS, gguf_fidelity_rows, read_results
from workers.report import format_value, scalar_rows


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


class ReliabilityPlot(pg.PlotWidget):
    """Accuracy per confidence bin against the diagonal, before and after temperature scaling."""

    COLOURS = {"before": (230, 120, 40, 150), "after": (26, 115, 232, 170)}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, title=self.tr("Reliability diagram"))
        self.setObjectName("reliabilityPlot")
        self.setBackground("w")
        self.setXRange(0, 1)
        self.setYRange(0, 1)
        self.setLabel("bottom", self.tr("confidence"))
        self.setLabel("left", self.tr("accuracy"))
        self.addLegend()
        self.plot([0, 1], [0, 1], pen=pg.mkPen("#888", style=pg.QtCore.Qt.PenStyle.DashLine))
        self.bars: dict[str, pg.BarGraphItem] = {}

    def show_bins(self, bins_by_label: dict[str, list[dict[str, float]]]) -> None:
        for item in self.bars.values():
            self.removeItem(item)
        self.bars = {}
        labels = list(bins_by_label)
        for idx, label in enumerate(labels):
            bins = bins_by_label[label]
            width = np.array([(b["hi"] - b["lo"]) if b["hi"] > b["lo"] else 1 / 15 for b in bins])
            centre = np.array([(b["hi"] + b["lo"]) / 2 if b["hi"] > b["lo"] else b["confidence"] for b in bins])
            share = 0.9 / max(1, len(labels))
            x = centre - width * 0.45 + width * share * (idx + 0.5)
            bar = pg.BarGraphItem(x=x, height=[b["accuracy"] for b in bins], width=width * share,
                                  brush=self.COLOURS.get(label, (120, 120, 120, 150)), name=label)
            self.addItem(bar)
            self.bars[label] = bar


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
        self.reliability_plot = ReliabilityPlot()

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
        results = read_results(run_dir) if run_dir and Path(run_dir).is_dir() else {
            "train_memory": "", "bake": None, "gguf": [], "triality": None, "calibration": None, "reliability": {}}
        self.memory_label.setText(results.get("train_memory") or "")
        self.memory_label.setVisible(bool(results.get("train_memory")))
        bake = results["bake"]
        if isinstance(bake, dict):
            verdict = self.tr("passed") if bake.get("passed") else self.tr("FAILED")
            self.bake_label.setText(self.tr("Bake verification {0}: max |Δlogit| {1}, KL {2}, top-1 agreement {3}")
                                    .format(verdict, format_value(bake.get("max_abs_err")), format_value(bake.get("kl")),
                                            format_value(bake.get("top1_agreement"))))
        else:
            self.bake_label.setText(self.tr("Bake: not run yet."))
        _fill(self.gguf_table, gguf_fidelity_rows(results["gguf"]))
        tri = results["triality"]
        _fill(self.triality_table, [[k, v] for k, v in scalar_rows(tri)] if isinstance(tri, dict) else [])
        self._show_confusion(tri)
        cal = results["calibration"]
        _fill(self.calibration_table, [[k, v] for k, v in scalar_rows(cal)] if isinstance(cal, dict) else [])
        self.reliability_plot.show_bins(results["reliability"])

    def _show_confusion(self, tri: Any) -> None:
        matrix = tri.get("confusion") if isinstance(tri, dict) else None
        if not (isinstance(matrix, list) and matrix and all(isinstance(r, list) for r in matrix)):
            self.confusion_table.setRowCount(0)
            self.confusion_table.setColumnCount(0)
            return
        labels = tri.get("labels") if isinstance(tri.get("labels"), list) else [str(i) for i in range(len(matrix[0]))]
        self.confusion_table.setColumnCount(len(matrix[0]))
        self.confusion_table.setHorizontalHeaderLabels([str(x) for x in labels][: len(matrix[0])])
        self.confusion_table.setVerticalHeaderLabels([str(x) for x in labels][: len(matrix)])
        self.confusion_table.verticalHeader().setVisible(True)
        _fill(self.confusion_table, matrix)
