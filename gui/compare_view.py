"""The compare view: tick two or more runs to see their curves overlaid, the settings that differ and their
evaluation tables side by side; "Use these settings" hands a run's config to the form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from gui.chart import ChartCard, make_plot
from gui.names import stage_name
from gui.option_labels import option_label
from gui.tables import fill_table as _fill
from gui.tables import fit_height
from gui.tables import make_table as _table
from so8t.compare.evaluation import evaluation_cells
from so8t.compare.gather import CURVES, Comparison, compare_runs
from so8t.compare.report import curve_label, setting_text
from so8t.report.plots import OVERLAY_COLOURS
from so8t.store.runs import RunSummary
from workers.background import run_in_background

#: The height of a curve's card: the plots, the settings that differ and the evaluation tables fit one screen.
PLOT_HEIGHT_PX = 280
#: The run picker's width: run ids, no more (the comparison takes the rest).
PICKER_WIDTH_PX = 210
#: The width of an A/B table's metric column (its words wrap), so the figures fit beside it.
METRIC_COLUMN_PX = 150


def _report_tr(text: str) -> str:
    """An engine text (an A/B row's or column's name) in the window's language: the report's translation."""
    from gui.evaluate_results import REPORT_CONTEXT

    return QCoreApplication.translate(REPORT_CONTEXT, text)


def _compare(run_dirs: list[str]) -> Comparison | str:
    """The runs' events, settings and evaluation records read off the GUI thread, or the error's line."""
    from so8t.errors import So8tError

    try:
        return compare_runs(run_dirs)
    except So8tError as exc:
        return exc.one_line()


class CompareView(QWidget):
    """Runs side by side; `use_settings(run_dir)` when the user asks to start from a run's settings."""

    use_settings = Signal(str)
    #: A comparison is shown (the run folders in it): what a test waits for.
    compared = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.comparison: Comparison | None = None
        self._asked: list[str] = []
        #: The drawn curves by (curve key, run folder, stage).
        self.curves: dict[tuple[str, str, str], pg.PlotDataItem] = {}

        self.run_picker = QListWidget()
        self.run_picker.setObjectName("compareRunList")
        self.run_picker.setAccessibleName(self.tr("Runs to compare"))
        self.run_picker.itemChanged.connect(lambda _item: self._on_ticked())
        picker = QWidget()
        pl = QVBoxLayout(picker)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(QLabel(self.tr("Tick two or more runs:")))
        pl.addWidget(self.run_picker, 1)

        self.status = QLabel(self.tr("Tick two or more runs to compare them."))
        self.status.setObjectName("compareStatus")
        self.status.setWordWrap(True)

        titles = {"loss": (self.tr("Loss"), self.tr("loss")), "kl": (self.tr("KL to the base model"), self.tr("nats")),
                  "reward": (self.tr("Reward"), self.tr("mean reward")),
                  "tokens_per_s": (self.tr("Training speed"), self.tr("tokens/s"))}
        names = {"loss": "compareLossPlot", "kl": "compareKlPlot", "reward": "compareRewardPlot",
                 "tokens_per_s": "compareSpeedPlot"}
        self.plots: dict[str, pg.PlotWidget] = {}
        #: Each plot's card: a curve no ticked run has (a reward before reinforcement) is not shown.
        self.cards: dict[str, ChartCard] = {}
        grid = QHBoxLayout()
        for key in CURVES:
            title, unit = titles[key]
            plot = make_plot(names[key], title, unit, self.tr("step"))
            plot.addLegend(offset=(-10, 10), labelTextColor="#202124", brush=pg.mkBrush(255, 255, 255, 200))
            self.plots[key] = plot
            self.cards[key] = ChartCard(plot, title)
            self.cards[key].setFixedHeight(PLOT_HEIGHT_PX)
            grid.addWidget(self.cards[key], 1)

        self.diff_table = _table("configDiffTable", [self.tr("setting")])
        diff_box = QGroupBox(self.tr("Settings that differ"))
        QVBoxLayout(diff_box).addWidget(self.diff_table)
        self.diff_note = QLabel()
        self.diff_note.setObjectName("configDiffNote")
        diff_box.layout().addWidget(self.diff_note)

        self.evaluation_box = QGroupBox(self.tr("Evaluation (A/B), side by side"))
        self.evaluation_box.setObjectName("evaluationTables")
        self.evaluation_row = QHBoxLayout(self.evaluation_box)
        #: Per run shown: its column (title, "Use these settings", its table or "no evaluation").
        self.columns: list[QGroupBox] = []

        body = QWidget()
        bl = QVBoxLayout(body)
        bl.addWidget(self.status)
        bl.addLayout(grid)
        bl.addWidget(diff_box)
        bl.addWidget(self.evaluation_box)
        bl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(picker)
        split.addWidget(scroll)
        split.setStretchFactor(1, 1)
        split.setSizes([PICKER_WIDTH_PX, 1200])
        QVBoxLayout(self).addWidget(split)

    # -- choosing runs ----------------------------------------------------------------------------

    def set_runs(self, runs: list[RunSummary]) -> None:
        """The runs that can be ticked (the run list's, newest first); ticks on runs still there stay."""
        ticked = set(self.ticked())
        self.run_picker.blockSignals(True)
        self.run_picker.clear()
        for summary in runs:
            item = QListWidgetItem(summary.id)
            item.setData(Qt.ItemDataRole.UserRole, summary.path)
            item.setToolTip(summary.path)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if summary.path in ticked else Qt.CheckState.Unchecked)
            self.run_picker.addItem(item)
        self.run_picker.blockSignals(False)

    def ticked(self) -> list[str]:
        """The ticked runs' folders, in the list's order."""
        items = (self.run_picker.item(i) for i in range(self.run_picker.count()))
        return [str(it.data(Qt.ItemDataRole.UserRole)) for it in items if it.checkState() == Qt.CheckState.Checked]

    def select_runs(self, run_dirs: list[str]) -> None:
        """Tick exactly these runs (and compare them)."""
        wanted = {str(Path(d)) for d in run_dirs}
        self.run_picker.blockSignals(True)
        for i in range(self.run_picker.count()):
            item = self.run_picker.item(i)
            on = str(Path(item.data(Qt.ItemDataRole.UserRole))) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.run_picker.blockSignals(False)
        self._on_ticked()

    def _on_ticked(self) -> None:
        runs = self.ticked()
        if len(runs) < 2:
            self.status.setText(self.tr("Tick two or more runs to compare them."))
            return
        self.status.setText(self.tr("Reading {0} runs…").format(len(runs)))
        self._asked = runs
        run_in_background(self, lambda: _compare(runs), lambda result: self._on_compared(runs, result))

    def _on_compared(self, run_dirs: list[str], result: Any) -> None:
        if run_dirs != self._asked:
            return  # the ticks changed meanwhile: a newer comparison is on its way
        if isinstance(result, str):
            self.status.setText(self.tr("These runs cannot be compared: {0}").format(result))
            return
        self.show_comparison(result)
        self.compared.emit(run_dirs)

    # -- showing ----------------------------------------------------------------------------------

    def show_comparison(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.status.setText(self.tr("Runs: {0}. Settings that differ: {1}.").format(len(comparison.runs),
                                                                            len(comparison.differences)))
        self._show_curves(comparison)
        self._show_differences(comparison)
        self._show_evaluations(comparison)

    def _show_curves(self, comparison: Comparison) -> None:
        for plot in self.plots.values():
            plot.clear()
        self.curves.clear()
        for index, run in enumerate(comparison.runs):
            colour = OVERLAY_COLOURS[index % len(OVERLAY_COLOURS)]
            for key, by_stage in run.curves.items():
                for n, (stage, points) in enumerate(by_stage.items()):
                    style = Qt.PenStyle.SolidLine if n == 0 else Qt.PenStyle.DashLine
                    self.curves[(key, run.path, stage)] = self.plots[key].plot(
                        [p[0] for p in points], [p[1] for p in points], pen=pg.mkPen(colour, width=2, style=style),
                        name=curve_label(run.id, stage))
        for key, card in self.cards.items():
            card.setVisible(any(key in run.curves for run in comparison.runs))

    def _show_differences(self, comparison: Comparison) -> None:
        runs = comparison.runs
        self.diff_table.setColumnCount(1 + len(runs))
        self.diff_table.setHorizontalHeaderLabels([self.tr("setting"), *(r.id for r in runs)])
        rows = [[f"{stage_name(d.stage)} › {option_label(d.option)}",
                 *(self.tr("(not set)") if v is None else setting_text(v) for v in d.values)]
                for d in comparison.differences]
        _fill(self.diff_table, rows)
        self.diff_note.setText("" if rows else self.tr("Every stage ran with the same settings."))

    def _show_evaluations(self, comparison: Comparison) -> None:
        for column in self.columns:
            self.evaluation_row.removeWidget(column)
            column.deleteLater()
        self.columns = []
        for index, run in enumerate(comparison.runs):
            column = QGroupBox(run.id)
            column.setObjectName(f"compareRun{index}")
            layout = QVBoxLayout(column)
            button = QPushButton(self.tr("Use these settings"))
            button.setObjectName(f"useSettingsButton{index}")
            button.setToolTip(self.tr("Copy this run's settings into the form on the Settings page"))
            button.clicked.connect(lambda _c=False, path=run.path: self.use_settings.emit(path))
            layout.addWidget(button)
            if run.evaluation:
                header, rows = evaluation_cells(run.evaluation, _report_tr)
                table = _table(f"compareAbTable{index}", header)
                _fill(table, rows)
                # The metric's words wrap in a column of their own width, so the figures fit beside them,
                # and the whole table shows at once: rows are read across the runs.
                table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
                table.setColumnWidth(0, METRIC_COLUMN_PX)
                fit_height(table, rows=table.rowCount())
                table.setFixedHeight(table.minimumHeight() + table.horizontalScrollBar().sizeHint().height())
                table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
                layout.addWidget(table)
            else:
                note = QLabel(self.tr("no evaluation") + (f" ({run.evaluation_problem})" if run.evaluation_problem else ""))
                note.setObjectName(f"compareNoEvaluation{index}")
                note.setWordWrap(True)
                layout.addWidget(note)
            layout.addStretch(1)
            self.evaluation_row.addWidget(column, 1)
            self.columns.append(column)

    # -- what a person reads (tests) --------------------------------------------------------------

    def diff_texts(self) -> list[list[str]]:
        return _texts(self.diff_table)

    def diff_header(self) -> list[str]:
        return [self.diff_table.horizontalHeaderItem(c).text() for c in range(self.diff_table.columnCount())]

    def evaluation_texts(self) -> dict[str, list[list[str]] | str]:
        """Per run column, by its title (the run's id): its A/B table's cells, or the words shown instead."""
        out: dict[str, list[list[str]] | str] = {}
        for column in self.columns:
            table = column.findChild(QTableWidget)
            out[column.title()] = _texts(table) if table is not None else column.findChild(QLabel).text()
        return out


def _texts(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def attach_compare(window: Any) -> None:
    """Give the main window its Compare tab and the selected run's settings on the Settings page, and
    make "Use these settings" (in either) fill the form from that run's config."""
    from gui.run_settings_view import RunSettingsPanel

    window.compare = CompareView()
    window.add_tab(window.compare, QCoreApplication.translate("MainWindow", "Compare"))
    window.run_settings = RunSettingsPanel()
    window.settings.layout().insertWidget(0, window.run_settings)
    window.run_dir_changed.connect(window.run_settings.show_run)

    def use_run_settings(run_dir: str) -> None:
        from so8t.errors import So8tError
        from so8t.store.runs import Run

        try:
            tables = Run.open(run_dir).config
        except So8tError as exc:
            window._message(exc.one_line(), error=True)
            return
        window.settings.use_run_settings(tables if isinstance(tables, dict) else {})
        window.tabs.setCurrentWidget(window.settings_page)
        window._message(QCoreApplication.translate("MainWindow", "The form now holds the settings of run {0}.").format(
            Path(run_dir).name))

    window.use_run_settings = use_run_settings
    window.compare.use_settings.connect(use_run_settings)
    window.run_settings.use_settings.connect(use_run_settings)
