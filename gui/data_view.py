"""The Data view: pick data files and see what the data stage makes of them (shape, mapping, the first samples
as the model sees them, token lengths, duplicates, labels, thinking-format compliance, drops), all read from
the stage's own record; "Prepare these files in the next run" puts them in the [data] options."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.chart import ChartCard, make_plot
from gui.tables import fill_table
from gui.tables import make_table as _table
from so8t.data.config import DEFAULT_MAX_LENGTH
from workers.data_preview import DataPreview, DataPreviewJob

#: The histogram's height: the bars and the max_length line readable beside the preview.
HISTOGRAM_HEIGHT_PX = 260
#: The colour that marks the pieces training learns (the assistant's answers) in the preview.
TRAINED_BACKGROUND = "#d7f0dd"
#: The max_length line's colour: a cut is a warning.
MAX_LENGTH_COLOUR = "#b3261e"
#: Files are separated by this in the file field (a path may hold commas, seldom semicolons).
FILE_SEPARATOR = ";"


class DataView(QWidget):
    """Files in, the data stage's figures out; `use_files(files, map)` when the user asks to prepare them in a run."""

    use_files = Signal(list, list)
    #: A preparation was shown (its DataPreview) or refused (its line): what a test waits for.
    shown = Signal(object)

    def __init__(self, model_source: Callable[[], str | None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dataView")
        #: The model folder whose tokenizer and chat template measure the samples (the Settings' model).
        self.model_source = model_source or (lambda: None)
        self.preview: DataPreview | None = None
        self._job: DataPreviewJob | None = None

        self.files = QLineEdit()
        self.files.setObjectName("dataFilesEdit")
        self.files.setPlaceholderText(self.tr("JSONL, JSON, CSV, TSV or Parquet files, separated by ;"))
        self.files.setAccessibleName(self.tr("Data files"))
        self.choose = QPushButton(self.tr("Choose files…"))
        self.choose.setObjectName("dataChooseButton")
        self.choose.clicked.connect(self._choose)
        self.mapping = QLineEdit()
        self.mapping.setObjectName("dataMapEdit")
        self.mapping.setPlaceholderText(self.tr("FIELD=COLUMN, … (e.g. prompt=question, response=answer)"))
        self.mapping.setAccessibleName(self.tr("Column mapping"))
        self.mapping.setToolTip(self.tr("Rename columns to the fields a shape reads; the shape is detected again."))
        self.max_length = QSpinBox()
        self.max_length.setObjectName("dataMaxLength")
        self.max_length.setRange(8, 1_000_000)
        self.max_length.setValue(DEFAULT_MAX_LENGTH)
        self.max_length.setAccessibleName(self.tr("Maximum length (tokens)"))
        self.prepare_button = QPushButton(self.tr("Look at the data"))
        self.prepare_button.setObjectName("dataPrepareButton")
        self.prepare_button.setToolTip(self.tr("Import, clean, dedupe and measure the files as the data stage does "
                                               "(into a temporary folder)"))
        self.prepare_button.clicked.connect(self.prepare)
        self.use_button = QPushButton(self.tr("Prepare these files in the next run"))
        self.use_button.setObjectName("dataUseButton")
        self.use_button.setToolTip(self.tr("The next run prepares these files first and trains on its data/train.jsonl"))
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(lambda: self.use_files.emit(self.file_list(), self.map_list()))

        picker = QGridLayout()
        picker.addWidget(QLabel(self.tr("Files")), 0, 0)
        picker.addWidget(self.files, 0, 1)
        picker.addWidget(self.choose, 0, 2)
        picker.addWidget(QLabel(self.tr("Mapping")), 1, 0)
        picker.addWidget(self.mapping, 1, 1)
        lengths = QHBoxLayout()
        lengths.addWidget(QLabel(self.tr("max_length")))
        lengths.addWidget(self.max_length)
        picker.addLayout(lengths, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.prepare_button)
        buttons.addWidget(self.use_button)
        buttons.addStretch(1)
        picker.addLayout(buttons, 2, 1, 1, 2)

        self.status = QLabel(self.tr("Choose data files to see what the data stage makes of them."))
        self.status.setObjectName("dataStatus")
        self.status.setWordWrap(True)
        self.shape_label = QLabel()
        self.shape_label.setObjectName("dataShapeLabel")
        self.shape_label.setWordWrap(True)
        self.shape_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mapping_label = QLabel()
        self.mapping_label.setObjectName("dataMappingLabel")
        self.mapping_label.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("dataSummary")
        self.summary.setWordWrap(True)

        self.preview_text = QTextBrowser()
        self.preview_text.setObjectName("dataPreview")
        self.preview_text.setMinimumHeight(HISTOGRAM_HEIGHT_PX)
        preview_box = QGroupBox(self.tr("The first samples as the model sees them (trained tokens marked green)"))
        QVBoxLayout(preview_box).addWidget(self.preview_text)

        self.plot = make_plot("dataHistogram", self.tr("Token lengths"), self.tr("samples"), self.tr("tokens"))
        self.bars: pg.BarGraphItem | None = None
        self.max_length_line: pg.InfiniteLine | None = None
        self.card = ChartCard(self.plot, self.tr("Token lengths"))
        self.card.setFixedHeight(HISTOGRAM_HEIGHT_PX)
        self.tokens_note = QLabel()
        self.tokens_note.setObjectName("dataTokensNote")
        self.tokens_note.setWordWrap(True)

        self.drop_table = _table("dataDropTable", [self.tr("reason"), self.tr("samples"), self.tr("why")])
        drop_box = QGroupBox(self.tr("What will be dropped, and why"))
        QVBoxLayout(drop_box).addWidget(self.drop_table)
        self.cluster_table = _table("dataClusterTable", [self.tr("kept"), self.tr("duplicates"), self.tr("prompt")])
        cluster_box = QGroupBox(self.tr("Duplicate clusters"))
        QVBoxLayout(cluster_box).addWidget(self.cluster_table)
        self.label_table = _table("dataLabelTable", [self.tr("label"), self.tr("samples")])
        label_box = QGroupBox(self.tr("Label balance"))
        QVBoxLayout(label_box).addWidget(self.label_table)
        self.compliance_table = _table("dataComplianceTable", [self.tr("thinking format"), self.tr("samples")])
        compliance_box = QGroupBox(self.tr("Thinking-format compliance"))
        QVBoxLayout(compliance_box).addWidget(self.compliance_table)

        middle = QHBoxLayout()
        middle.addWidget(preview_box, 3)
        right = QVBoxLayout()
        right.addWidget(self.card)
        right.addWidget(self.tokens_note)
        middle.addLayout(right, 2)
        lower = QGridLayout()
        lower.addWidget(drop_box, 0, 0)
        lower.addWidget(cluster_box, 0, 1)
        lower.addWidget(label_box, 1, 0)
        lower.addWidget(compliance_box, 1, 1)

        body = QWidget()
        bl = QVBoxLayout(body)
        bl.addLayout(picker)
        bl.addWidget(self.status)
        bl.addWidget(self.shape_label)
        bl.addWidget(self.mapping_label)
        bl.addWidget(self.summary)
        bl.addLayout(middle)
        bl.addLayout(lower)
        bl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        QVBoxLayout(self).addWidget(scroll)

    # -- choosing and preparing -------------------------------------------------------------------

    def _choose(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Data files"), "",
            self.tr("Data files (*.jsonl *.json *.csv *.tsv *.parquet);;All files (*)"))
        if files:
            self.set_files(files)

    def set_files(self, files: list[str]) -> None:
        """Show these files and look at them at once."""
        self.files.setText(f"{FILE_SEPARATOR} ".join(files))
        self.prepare()

    def file_list(self) -> list[str]:
        return [f.strip() for f in self.files.text().split(FILE_SEPARATOR) if f.strip()]

    def map_list(self) -> list[str]:
        return [m.strip() for m in self.mapping.text().split(",") if m.strip()]

    def prepare(self) -> None:
        """Run the data stage's preparation on the files off the window's thread; the result is shown when done."""
        files = self.file_list()
        if not files:
            self._refused(self.tr("Choose one or more data files first."))
            return
        if self._job is not None and self._job.isRunning():
            self._job.done.disconnect()  # its answer is for files no longer asked about
            self._job.finished.connect(self._job.discard)
        self.status.setText(self.tr("Reading {0}…").format(", ".join(Path(f).name for f in files)))
        self.status.setStyleSheet("")
        self.use_button.setEnabled(False)
        self._job = DataPreviewJob(files, self.map_list(), self.model_source(), self.max_length.value(), self)
        self._job.done.connect(self._on_done)
        self._job.start()

    def _on_done(self, result: Any) -> None:
        if isinstance(result, str):
            if self._job is not None:
                self._job.discard()
            self._refused(result)
            return
        if self.preview is not None:
            DataPreviewJob.discard_folder(self.preview.run_dir)
        self.show_preview(result)
        self.shown.emit(result)

    def _refused(self, line: str) -> None:
        if self.preview is not None:
            DataPreviewJob.discard_folder(self.preview.run_dir)
        self.preview = None
        self.status.setText(line)
        self.status.setStyleSheet(f"color: {MAX_LENGTH_COLOUR};")
        for widget in (self.shape_label, self.mapping_label, self.summary, self.tokens_note):
            widget.setText("")
        self.preview_text.clear()
        for table in (self.drop_table, self.cluster_table, self.label_table, self.compliance_table):
            fill_table(table, [])
        self._draw_histogram(None, None)
        self.use_button.setEnabled(False)
        self.shown.emit(line)

    # -- showing the record -----------------------------------------------------------------------

    def show_preview(self, preview: DataPreview) -> None:
        """Every figure from the record of one preparation, and its first samples."""
        self.preview = preview
        record = preview.record
        self.status.setText(self.tr("Prepared as the data stage would; nothing is written to a run yet."))
        self.status.setStyleSheet("")
        self.shape_label.setText("\n".join(
            self.tr("{0}: shape {1} ({2}), {3} samples").format(Path(f["file"]).name, f["shape"], record.kind,
                                                                f["samples"]) for f in record.files))
        self.mapping_label.setText(self._mapping_text(record.files))
        self.summary.setText(self.tr("{0} samples read, {1} kept: {2} for training, {3} for validation.").format(
            record.samples_in, record.samples_out, record.train, record.val))
        self._show_samples(preview.samples)
        self._draw_histogram(record.histogram, record.max_length)
        if record.histogram is None:
            self.tokens_note.setText(self.tr("No model is chosen in Settings: token lengths are not measured."))
        else:
            self.tokens_note.setText(self.tr(
                "{0:.1%} of the samples are longer than max_length {1} and lose {2} tokens; mean {3:.0f} tokens, "
                "{4} trained.").format(record.truncated_share or 0.0, record.max_length, record.tokens_lost or 0,
                                       record.mean_tokens or 0.0, record.trained_tokens or 0))
        why = self._reasons()
        if record.too_long_lines:  # which lines, so the user can find them (or raise the cap)
            why["too_long_line"] = self.tr("a line over the line cap (--max-line-mb reads it): {0}").format(
                ", ".join(record.too_long_lines))
        fill_table(self.drop_table, [[reason, count, why.get(reason, "")]
                                     for reason, count in record.dropped.items() if count])
        if not any(record.dropped.values()):
            fill_table(self.drop_table, [[self.tr("none"), 0, self.tr("every sample is kept")]])
        fill_table(self.cluster_table, [[c["kept"], ", ".join(f"{d['id']} ({d['how']})" for d in c["duplicates"]),
                                         c["snippet"]] for c in record.cluster_list])
        if not record.cluster_list:
            fill_table(self.cluster_table, [[self.tr("none"), "", self.tr("no two samples are alike")]])
        stats = record.statistics
        fill_table(self.label_table, [[label, n] for label, n in (stats.get("labels") or {}).items()])
        thinking = stats.get("thinking") or {}
        rows: list[list[Any]] = [[form, n] for form, n in (thinking.get("forms") or {}).items()]
        rows += [[self.tr("problem: {0}").format(p), n] for p, n in (thinking.get("problems") or {}).items()]
        if record.compliant_share is not None:
            rows.append([self.tr("compliant"), f"{record.compliant_share:.1%}"])
        fill_table(self.compliance_table, rows)
        self.use_button.setEnabled(True)

    def _mapping_text(self, files: list[dict[str, Any]]) -> str:
        """Each field the detected shape reads, from which column (FIELD=COLUMN, as the mapping field takes it)."""
        from so8t.data.shapes import SHAPES, parse_map

        by_field = {f: c for c, f in parse_map(self.map_list()).items()}
        shapes = {s.name: s for s in SHAPES}
        needs = dict.fromkeys(n for f in files if f["shape"] in shapes for n in shapes[f["shape"]].needs)
        pairs = ", ".join(f"{n}={by_field.get(n, n)}" for n in needs)
        return self.tr("Fields read (FIELD=COLUMN): {0}").format(pairs) if pairs else ""

    def _reasons(self) -> dict[str, str]:
        return {
            "empty_turn": self.tr("a turn has no text"),
            "no_assistant": self.tr("no assistant answer to learn from"),
            "exact_duplicate": self.tr("the same text as an earlier sample"),
            "near_duplicate": self.tr("nearly the same words as an earlier sample"),
            "malformed_thinking": self.tr("malformed thinking tags (strict check)"),
            "safety_DENY": self.tr("the safety head judged it DENY"),
            "safety_REVIEW": self.tr("the safety head was unsure (REVIEW)"),
            "too_long_line": self.tr("a line too long to read"),
        }

    def _show_samples(self, samples: list[Any]) -> None:
        parts = []
        for sample in samples:
            spans = "".join(
                f'<span style="background: {TRAINED_BACKGROUND};">{html.escape(text)}</span>' if learned
                else html.escape(text) for text, learned in sample.pieces)
            parts.append(f'<pre style="white-space: pre-wrap; margin: 0 0 8px 0;">{spans}</pre><hr/>')
        self.preview_text.setHtml("".join(parts))

    def _draw_histogram(self, histogram: dict[str, list[int]] | None, max_length: int | None) -> None:
        self.plot.clear()
        self.bars = self.max_length_line = None
        if not histogram:
            return
        edges, counts = histogram["edges"], histogram["counts"]
        self.bars = pg.BarGraphItem(x0=edges[:-1], x1=edges[1:], height=counts, brush="#8ab4f8", pen="#1a73e8")
        self.plot.addItem(self.bars)
        if max_length is not None:
            line = pg.InfiniteLine(pos=max_length, angle=90, label=self.tr("max_length {0}").format(max_length),
                                   pen=pg.mkPen(MAX_LENGTH_COLOUR, width=2, style=Qt.PenStyle.DashLine),
                                   labelOpts={"position": 0.9, "color": MAX_LENGTH_COLOUR})
            self.max_length_line = line
            self.plot.addItem(line)

    def shutdown(self) -> None:
        """Let a preparation still going end before the window goes (a QThread must not be destroyed running)."""
        if self._job is not None and self._job.isRunning():
            self._job.done.disconnect()
            self._job.wait()
            self._job.discard()
        if self.preview is not None:
            DataPreviewJob.discard_folder(self.preview.run_dir)

    # -- what a person reads (tests) --------------------------------------------------------------

    def histogram_counts(self) -> list[int]:
        """The drawn bars' heights, left to right."""
        return [] if self.bars is None else [int(h) for h in self.bars.opts["height"]]

    def preview_texts(self) -> list[str]:
        """The preview's samples as plain text, one per sample."""
        text = self.preview_text.toPlainText()
        return [part.strip() for part in text.split("\n\n") if part.strip()] if text else []

    def trained_texts(self) -> list[str]:
        """The marked (trained) spans of the preview, in order."""
        return [text for sample in (self.preview.samples if self.preview else []) for text, learned in sample.pieces
                if learned]

    @staticmethod
    def table_texts(table: QTableWidget) -> list[list[str]]:
        return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
                for r in range(table.rowCount())]


def attach_data(window: Any) -> None:
    """Give the main window its Data tab: the Settings' model measures the samples, and "Prepare these files
    in the next run" writes them into the data stage's options (switched on), so Run trains on RUN/data/train.jsonl."""

    def model() -> str | None:
        if window.settings.demo:
            from so8t.resources import TINY_MODEL_DIR

            return str(TINY_MODEL_DIR)  # the demo's tokenizer, as the data stage gives it in a demo run
        return window.settings.model.text().strip() or None

    window.data_view = DataView(model)
    window.data_view.max_length.setValue(int(window.settings.train_values().get("max_length") or DEFAULT_MAX_LENGTH))
    window.add_tab(window.data_view, QCoreApplication.translate("MainWindow", "Data"))

    def use_files(files: list[str], mapping: list[str]) -> None:
        window.settings.use_data_files(files, mapping)
        window._message(QCoreApplication.translate(
            "MainWindow", "The next run prepares {0} file(s) first and trains on the prepared data.").format(len(files)))

    window.data_view.use_files.connect(use_files)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(window.data_view.shutdown)
