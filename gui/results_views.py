"""Results of the later stages, from the run's result records: bake check, GGUF files, triality, calibration."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.names import stage_name
from gui.tables import fill_table as _fill
from gui.tables import fit_height as _fit_height
from gui.tables import make_table as _table
from so8t.report.format import format_field, format_relative_change, format_size, format_value
from so8t.store.records import (
    MEMORY_FIELDS,
    WEAK_HEAD_MARGIN,
    CalibrationResult,
    GgufFile,
    RunRecords,
    TrialityResult,
    read_run_records,
)

#: The diagram is drawn at the report's size and scaled to the space it gets, never smaller than this.
MIN_DIAGRAM_WIDTH = 320
PASS_COLOUR, FAIL_COLOUR = "#137333", "#b3261e"


def _mib(value: float | None) -> str:
    """A figure in MiB as a person reads it (GiB above 1 GiB); a dash where it was not measured."""
    return "—" if value is None else format_size(float(value) * 2**20)


def _gib(value: float | None) -> str:
    return "—" if not value else f"{float(value) / 1024:.2f} GiB"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.2%}"


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

        self._image.loadFromData(reliability_diagram(bins_by_label, self.words()), "PNG")
        self._rescale()

    def words(self) -> dict[str, str]:
        """The diagram's title, axis and legend words in the window's language."""
        return {"title": self.tr("Reliability diagram"), "x": self.tr("confidence (top label)"),
                "y": self.tr("accuracy"), "diagonal": self.tr("perfectly calibrated"),
                "before": self.tr("before scaling"), "after": self.tr("after scaling")}

    def has_image(self) -> bool:
        return not self._image.isNull()

    def _rescale(self) -> None:
        if not self._image.isNull():
            self.setPixmap(self._image.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._rescale()


class ResultsView(QScrollArea):
    """A run's result records, reloaded by `show_records` (after each stage and when a run is picked)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsView")
        self.memory_label = QLabel()
        self.memory_label.setObjectName("trainMemorySummary")
        self.memory_label.setWordWrap(True)
        self.setWidgetResizable(True)
        page = QWidget()
        self.setWidget(page)
        self.bake_label = QLabel(self.tr("Bake: not run yet."))
        self.bake_label.setObjectName("bakeSummary")
        self.bake_label.setWordWrap(True)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("resultProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet(f"color: {FAIL_COLOUR};")
        self.problems_label.setVisible(False)
        self.gguf_table = _table("ggufTable", [self.tr("File"), self.tr("Size"), self.tr("Top-1 vs HF"),
                                               self.tr("Perplexity"), self.tr("Result")])
        self.triality_table = _table("trialityTable", [self.tr("Metric"), self.tr("Value")])
        self.confusion_table = _table("confusionTable", [], stretch_last=False)
        self.calibration_table = _table("calibrationTable", [self.tr("Metric"), self.tr("Before"),
                                                             self.tr("After")])
        # Before and after are read side by side: equal columns, none stretched over the others.
        self.calibration_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.temperature_label = QLabel()
        self.temperature_label.setObjectName("temperatureLabel")
        self.temperature_label.setWordWrap(True)
        self.reliability_plot = ReliabilityView()

        self.gguf_empty = QLabel(self.tr("No GGUF files in this run yet."))
        self.triality_empty = QLabel(self.tr("Triality: not run yet."))
        gguf_box = QGroupBox(self.tr("GGUF files: sizes and fidelity"))
        gguf_layout = QVBoxLayout(gguf_box)
        gguf_layout.addWidget(self.gguf_empty)
        gguf_layout.addWidget(self.gguf_table)
        tri_box = QGroupBox(self.tr("Triality safety head (ALLOW / ESCALATION / DENY)"))
        self.triality_warning = QLabel()
        self.triality_warning.setObjectName("trialityWarning")
        self.triality_warning.setWordWrap(True)
        self.triality_warning.setStyleSheet(f"color: {FAIL_COLOUR}; font-weight: 600;")
        self.triality_warning.setVisible(False)
        tri_outer = QVBoxLayout(tri_box)
        tri_outer.addWidget(self.triality_warning)
        tri_layout = QHBoxLayout()
        tri_outer.addLayout(tri_layout)
        tri_layout.addWidget(self.triality_empty)
        tri_layout.addWidget(self.triality_table, 1)
        confusion = QVBoxLayout()
        self.confusion_title = QLabel(self.tr("Confusion matrix (rows: true class, columns: predicted)"))
        confusion.addWidget(self.confusion_title)
        confusion.addWidget(self.confusion_table)
        confusion.addStretch(1)
        tri_layout.addLayout(confusion, 1)
        cal_box = QGroupBox(self.tr("Calibration"))
        cal_layout = QHBoxLayout(cal_box)
        left = QVBoxLayout()
        left.addWidget(self.temperature_label)
        left.addWidget(self.calibration_table)
        left.addStretch(1)
        cal_layout.addLayout(left, 1)
        cal_layout.addWidget(self.reliability_plot, 1)
        self.memory_table = _table("memoryTable", [self.tr("Stage"), self.tr("Host memory (peak RSS)"),
                                                   self.tr("GPU allocated"), self.tr("GPU reserved"),
                                                   self.tr("GPU on the card (NVML)")])
        self.memory_box = QGroupBox(self.tr("Memory peaks per stage"))
        memory_layout = QVBoxLayout(self.memory_box)
        memory_layout.addWidget(self.memory_table)
        memory_layout.addWidget(self.memory_label)
        layout = QVBoxLayout(page)
        from gui.training_summary import TrainingSummary

        self.training = TrainingSummary()  # final loss and KL of each training stage (`show_training`)
        layout.addWidget(self.training)
        layout.addWidget(self.bake_label)
        layout.addWidget(self.problems_label)
        layout.addWidget(gguf_box)
        layout.addWidget(tri_box)
        layout.addWidget(cal_box)
        #: A view per stage without one of its own above (stages from outside so8t), built from its STAGE.
        self.stage_views: dict[str, QWidget] = {}
        self.stage_views_layout = QVBoxLayout()
        layout.addLayout(self.stage_views_layout)
        layout.addWidget(self.memory_box)
        layout.addStretch(1)
        self.show_records(None)

    def show_run(self, run_dir: str | Path | None) -> None:
        """Read a run's records (through their one reader) and show them; None empties the view."""
        self.show_records(read_run_records(run_dir) if run_dir and Path(run_dir).is_dir() else None)
        self.show_training(str(run_dir) if run_dir and Path(run_dir).is_dir() else None)

    def show_training(self, run_dir: str | None) -> None:
        """Each training stage's final loss and KL, read from the run's events (None: none shown)."""
        self.training.show_run(run_dir)

    def show_records(self, records: RunRecords | None) -> None:
        records = records or RunRecords()
        self._show_memory(records)
        self._show_bake(records)
        _fill(self.gguf_table, [self._gguf_row(f) for f in records.gguf])
        self.gguf_table.setVisible(bool(records.gguf))
        self.gguf_empty.setVisible(not records.gguf)
        self._show_triality(records.triality)
        self._show_calibration(records.calibration)
        self._show_stage_records(records)
        warnings = self._head_warnings(records.triality, records.calibration)
        self.triality_warning.setText("\n".join(warnings))
        self.triality_warning.setVisible(bool(warnings))
        if self.isVisible():
            self._refit()
        problems = list(records.problems.values())
        self.problems_label.setText("\n".join(problems))
        self.problems_label.setVisible(bool(problems))

    def _show_stage_records(self, records: RunRecords) -> None:
        """One view per stage record without a built-in view; views of stages this run lacks are hidden."""
        from gui.stage_results import stage_view

        for stage, record in records.others.items():
            if stage not in self.stage_views:
                self.stage_views[stage] = stage_view(stage)
                self.stage_views_layout.addWidget(self.stage_views[stage])
            self.stage_views[stage].show_record(record)  # type: ignore[attr-defined]
        for stage, view in self.stage_views.items():
            view.setVisible(stage in records.others)

    def _show_memory(self, records: RunRecords) -> None:
        """Each stage's measured peaks from its record, and the training estimate beside its GPU peak."""
        rows = []
        for stage, rec in records.memory_peaks():
            name, _, file = stage.partition(" ")
            rows.append([f"{stage_name(name)} {file}".strip(),
                         *[_mib(getattr(rec, field, None)) for field in MEMORY_FIELDS]])
        _fill(self.memory_table, rows)
        self.memory_box.setVisible(bool(rows))
        train = records.train
        text = ""
        if train is not None and train.peak_gpu_allocated_mib:
            text = self.tr("Training: peak GPU memory {0} allocated, {1} on the card (NVML)").format(
                _gib(train.peak_gpu_allocated_mib), _gib(train.peak_nvml_mib))
            est = train.memory_estimate or {}
            if est.get("peak_gib") is not None:
                text += self.tr("; estimate {0:.2f} GiB allocated, {1:.2f} GiB on the card").format(
                    float(est["peak_gib"]), float(est.get("nvml_gib") or 0.0))
                if est.get("offload"):
                    text += self.tr(" (activations offloaded)")
        self.memory_label.setText(text)
        self.memory_label.setVisible(bool(text))

    def _show_bake(self, records: RunRecords) -> None:
        bake = records.bake
        if bake is None and "bake" in records.problems:
            self.bake_label.setText(self.tr("Bake record refused: {0}").format(records.problems["bake"]))
            self.bake_label.setStyleSheet(f"color: {FAIL_COLOUR};")
            return
        if bake is None:
            self.bake_label.setText(self.tr("Bake: not run yet."))
            self.bake_label.setStyleSheet("")
            return
        verdict = self.tr("passed") if bake.passed else self.tr("failed")
        text = self.tr("Bake verification {0}: max |Δlogit| {1}, KL {2}, top-1 agreement {3} "
                       "(noise floor {4}, {5} layers baked)").format(
            verdict, format_value(bake.max_abs_err), format_value(bake.kl),
            format_field("top1_agreement", bake.top1_agreement), format_value(bake.noise_floor), bake.layers_baked)
        self.bake_label.setText(text)
        colour = PASS_COLOUR if bake.passed else FAIL_COLOUR
        self.bake_label.setStyleSheet(f"color: {colour}; font-weight: 600;")

    def _gguf_row(self, f: GgufFile) -> list[str]:
        check = f.check
        if check is None:
            return [f.name, format_size(f.size), "—", "—", f.problem or self.tr("not checked")]
        top1 = (self.tr("{0} of {1} positions").format(_percent(check.top1_agreement), check.positions)
                if check.top1_agreement is not None else "—")
        perplexity = f"{check.ppl_gguf:.3f}"
        if check.ppl_rel_diff_reference is not None:
            perplexity += " " + self.tr("({0} vs f16)").format(format_relative_change(check.ppl_rel_diff_reference))
        elif check.ppl_rel_diff_hf is not None:
            perplexity += " " + self.tr("({0} vs HF)").format(format_relative_change(check.ppl_rel_diff_hf))
        result = self.tr("passed") if check.passed else self.tr("failed")
        if check.bound:
            result += f": {self._bound_words(check.bound)}"
        if check.fallback_summary and not check.fallback_summary.startswith("no fallbacks"):
            result += f"; {check.fallback_summary}"
        return [f.name, format_size(f.size), top1, perplexity, result]

    def _bound_words(self, bound: str) -> str:
        """The check's bound (an English sentence in its record) in the window's language; unknown ones as written."""
        m = re.fullmatch(r"top-1 >= (\S+), perplexity within (\S+) of HF, tokenizer identical", bound)
        if m:
            return self.tr("top-1 at least {0}, perplexity within {1} of HF, tokenizer identical").format(*m.groups())
        m = re.fullmatch(r"perplexity within (\S+) of (\S+)( \(original pipeline's bound\))?", bound)
        if m:
            text = self.tr("perplexity within {0} of {1}").format(m.group(1), m.group(2))
            return text + (self.tr(" (the original pipeline's bound)") if m.group(3) else "")
        if bound == "float types are judged against the HF model":
            return self.tr("float types are judged against the HF model")
        return bound

    def _show_triality(self, tri: TrialityResult | None) -> None:
        for widget in (self.triality_table, self.confusion_table, self.confusion_title):
            widget.setVisible(tri is not None)
        self.triality_empty.setVisible(tri is None)
        if tri is None:
            _fill(self.triality_table, [])
            self.confusion_table.setRowCount(0)
            self.confusion_table.setColumnCount(0)
            return
        rows: list[list[Any]] = [
            [self.tr("Accuracy"), _percent(tri.accuracy)],
            [self.tr("Macro F1"), format_value(tri.macro_f1)],
            [self.tr("NLL"), format_value(tri.nll)],
            [self.tr("ECE"), format_value(tri.ece)],
            [self.tr("Brier"), format_value(tri.brier)],
            [self.tr("Test samples"), str(tri.n_test)],
        ]
        for label in tri.labels:
            f1 = (tri.per_class.get(label) or {}).get("f1")
            if f1 is not None:
                rows.append([self.tr("F1 of {0}").format(label), format_value(f1)])
        _fill(self.triality_table, rows)
        labels = [str(x) for x in tri.labels]
        matrix = tri.confusion
        self.confusion_table.setColumnCount(len(labels))
        self.confusion_table.setRowCount(len(matrix))  # rows first: header labels only stick to rows that exist
        self.confusion_table.setHorizontalHeaderLabels(labels)
        _fill(self.confusion_table, [[str(v) for v in row] for row in matrix])
        self.confusion_table.setVerticalHeaderLabels(labels[: len(matrix)])
        self.confusion_table.verticalHeader().setVisible(True)

    def _head_warnings(self, tri: TrialityResult | None, cal: CalibrationResult | None) -> list[str]:
        """The records' own judgement (so8t.store.records) in words: near-chance accuracy, decisions never made."""
        if tri is None:
            return []
        warnings = []
        if tri.near_chance():
            warnings.append(self.tr("⚠ Test accuracy {0} is under chance ({1}) + {2} points: the head barely tells "
                                    "the classes apart; do not rely on its decisions.").format(
                _percent(tri.accuracy), _percent(tri.chance), round(WEAK_HEAD_MARGIN * 100)))
        for rare in tri.rarely_predicted():
            warnings.append(self.tr("⚠ The head predicts {0} for {1} test samples, while {2} are labelled {0}.")
                            .format(rare.label, rare.decided, rare.labelled))
        for rare in cal.rarely_decided() if cal is not None else []:
            warnings.append(self.tr("⚠ At T = {0} the gate decides {1} for {2} test samples, while {3} are labelled "
                                    "{1}: it rarely reaches that decision.").format(
                format_value(cal.temperature), rare.label, rare.decided, rare.labelled))
        return warnings

    def _show_calibration(self, cal: CalibrationResult | None) -> None:
        self.calibration_table.setVisible(cal is not None)
        self.reliability_plot.setVisible(cal is not None)
        if cal is None:
            self.temperature_label.setText(self.tr("Calibration: not run yet."))
            _fill(self.calibration_table, [])
            self.reliability_plot.show_bins({})
            return
        self.temperature_label.setText(self.tr("Temperature T = {0} fitted on {1} samples, measured on {2}.")
                                       .format(format_value(cal.temperature), cal.n_calibration, cal.n_test))
        _fill(self.calibration_table, [
            [self.tr("ECE"), format_value(cal.ece_before), format_value(cal.ece_after)],
            [self.tr("Brier"), format_value(cal.brier_before), format_value(cal.brier_after)],
            [self.tr("NLL"), format_value(cal.nll_before), format_value(cal.nll_after)],
        ])
        self.reliability_plot.show_bins(cal.reliability())

    def _refit(self) -> None:
        """Row heights depend on the column widths, known only once the view is laid out."""
        for table in (self.gguf_table, self.triality_table, self.confusion_table, self.calibration_table):
            _fit_height(table)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._refit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._refit()

    def gguf_texts(self) -> list[list[str]]:
        """The GGUF table as a person reads it, row by row."""
        t = self.gguf_table
        return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]
