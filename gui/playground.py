"""The Playground tab: chat with a run's GGUF or baked model through its safety gate, side by side with the base model."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.audit_table import AuditTable
from gui.chat_pane import BADGE_COLOURS, ChatPane, probabilities_text
from so8t.chat.audit import read_audit
from so8t.chat.run_models import base_model_of, run_models
from so8t.store.layout import AUDIT_FILE, GGUF_SUFFIX, RunLayout

#: Streamed text is put into the chat view at most this often (the event loop stays free between).
FLUSH_INTERVAL_MS = 40
SETTINGS_PREFIX = "playground/"


class PlaygroundTab(QWidget):
    """Model picker, chat (one pane, or fine-tuned beside base), verdict badges, audit table and export."""

    turn_finished = Signal(str, object)  # pane name, turn result
    log_line = Signal(str, str)  # level, message: the chat workers' log and errors, for the window's Log

    def __init__(self, workspace: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playgroundTab")
        self.setAccessibleName(self.tr("Playground"))
        self.workspace = str(workspace) if workspace else None
        self.run_dir: str | None = None
        self._queue: list[ChatPane] = []
        self._prompt = ""

        self.model_picker = QComboBox()
        self.model_picker.setObjectName("modelPicker")
        self.model_picker.setAccessibleName(self.tr("Model"))
        self.browse_button = QPushButton(self.tr("Other file…"))
        self.browse_button.setObjectName("browseModelButton")
        self.side_by_side = QCheckBox(self.tr("Side by side with the base model"))
        self.side_by_side.setObjectName("sideBySideCheck")
        self.base_picker = QComboBox()
        self.base_picker.setObjectName("baseModelPicker")
        self.base_picker.setAccessibleName(self.tr("Base model"))
        self.base_picker.setVisible(False)
        self.show_reasoning = QCheckBox(self.tr("Show reasoning"))
        self.show_reasoning.setObjectName("showReasoningCheck")
        self.show_reasoning.setToolTip(self.tr("Also show the model's thinking while it streams. It is never written "
                                               "to any file; the audit log records that it was shown."))
        self.temperature = QDoubleSpinBox()
        self.temperature.setObjectName("temperatureSpin")
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.1)
        self.max_tokens = QSpinBox()
        self.max_tokens.setObjectName("maxTokensSpin")
        self.max_tokens.setRange(1, 8192)
        self._load_settings()

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Model")))
        top.addWidget(self.model_picker, 2)
        top.addWidget(self.browse_button)
        top.addWidget(self.side_by_side)
        top.addWidget(self.base_picker, 1)
        opts = QHBoxLayout()
        opts.addWidget(QLabel(self.tr("Temperature")))
        opts.addWidget(self.temperature)
        opts.addWidget(QLabel(self.tr("Max tokens")))
        opts.addWidget(self.max_tokens)
        opts.addWidget(self.show_reasoning)
        opts.addStretch(1)
        self.gate_label = QLabel()
        self.gate_label.setObjectName("gateLabel")
        opts.addWidget(self.gate_label)

        self.pane = ChatPane("chatView", self.tr("Fine-tuned"))
        self.compare = ChatPane("compareView", self.tr("Base"))
        self.compare.setVisible(False)
        panes = QSplitter(Qt.Orientation.Horizontal)
        panes.addWidget(self.pane)
        panes.addWidget(self.compare)
        self.reasoning_view = QPlainTextEdit()
        self.reasoning_view.setObjectName("reasoningView")
        self.reasoning_view.setReadOnly(True)
        self.reasoning_view.setPlaceholderText(self.tr("Reasoning (shown only while 'Show reasoning' is on)"))
        self.reasoning_view.setVisible(False)

        self.chat_input = QLineEdit()
        self.chat_input.setObjectName("chatInput")
        self.chat_input.setAccessibleName(self.tr("Prompt"))
        self.chat_input.setPlaceholderText(self.tr("Ask the model… (Enter sends, Esc stops)"))
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("sendButton")
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("chatStopButton")
        self.regenerate_button = QPushButton(self.tr("Regenerate"))
        self.regenerate_button.setObjectName("regenerateButton")
        self.new_chat_button = QPushButton(self.tr("New chat"))
        self.new_chat_button.setObjectName("newChatButton")
        self.verdict_badge = QLabel()
        self.verdict_badge.setObjectName("verdictBadge")
        self.verdict_badge.setAccessibleName(self.tr("Verdict"))
        self.probabilities_label = QLabel()  # beside the badge: what the verdict came from
        self.probabilities_label.setObjectName("verdictProbabilities")
        self.probabilities_label.setAccessibleName(self.tr("Gate probabilities"))
        self.rate_label = QLabel()
        self.rate_label.setObjectName("tokensPerSecondLabel")
        self.status = QLabel()
        self.status.setObjectName("playgroundStatus")
        self.status.setWordWrap(True)
        send_row = QHBoxLayout()
        send_row.addWidget(self.chat_input, 1)
        for w in (self.send_button, self.stop_button, self.regenerate_button, self.new_chat_button):
            send_row.addWidget(w)
        # The last turn's verdict, its probabilities and speed under the prompt, beside the status: the
        # prompt keeps its width.
        status_row = QHBoxLayout()
        for w in (self.verdict_badge, self.probabilities_label, self.rate_label):
            status_row.addWidget(w)
        status_row.addWidget(self.status, 1)

        self.audit_table = AuditTable()
        self.export_button = QPushButton(self.tr("Export audit log…"))
        self.export_button.setObjectName("exportAuditButton")
        self.audit_label = QLabel()
        self.audit_label.setObjectName("auditPathLabel")
        audit_box = QWidget()
        al = QVBoxLayout(audit_box)
        al.setContentsMargins(0, 0, 0, 0)
        ah = QHBoxLayout()
        ah.addWidget(QLabel(self.tr("Audit log")))
        ah.addWidget(self.audit_label, 1)
        ah.addWidget(self.export_button)
        al.addLayout(ah)
        al.addWidget(self.audit_table)

        chat_box = QWidget()
        cl = QVBoxLayout(chat_box)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(panes, 3)
        cl.addWidget(self.reasoning_view, 1)
        cl.addLayout(send_row)
        cl.addLayout(status_row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(chat_box)
        split.addWidget(audit_box)
        split.setSizes([600, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(opts)
        layout.addWidget(split, 1)

        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(FLUSH_INTERVAL_MS)
        self._flush_timer.timeout.connect(self._flush)
        self._flush_timer.start()
        self.send_button.clicked.connect(self.send)
        self.chat_input.returnPressed.connect(self.send)
        self.stop_button.clicked.connect(self.stop)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.new_chat_button.clicked.connect(self.new_chat)
        self.browse_button.clicked.connect(self._on_browse)
        self.export_button.clicked.connect(self._on_export)
        self.side_by_side.toggled.connect(self._on_side_by_side)
        self.show_reasoning.toggled.connect(self.reasoning_view.setVisible)
        self.temperature.valueChanged.connect(self._save_settings)
        self.max_tokens.valueChanged.connect(self._save_settings)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.stop)
        for pane in (self.pane, self.compare):
            pane.process.token.connect(lambda channel, text, p=pane: self._on_token(p, channel, text))
            pane.process.turn.connect(lambda result, p=pane: self._on_turn(p, result))
            pane.process.ready.connect(lambda info, p=pane: self._on_ready(p, info))
            pane.process.error.connect(lambda message, p=pane: self._on_error(p, message))
            pane.process.log.connect(lambda line: self.log_line.emit("info", line))
        self._update_buttons()

    # -- settings ------------------------------------------------------------------------------

    def _load_settings(self) -> None:
        from gui.i18n import settings
        from so8t.chat.session import ChatConfig

        s = settings()
        self.temperature.setValue(float(s.value(SETTINGS_PREFIX + "temperature", ChatConfig.temperature)))
        self.max_tokens.setValue(int(s.value(SETTINGS_PREFIX + "max_tokens", ChatConfig.max_tokens)))

    def _save_settings(self) -> None:
        from gui.i18n import settings

        s = settings()
        s.setValue(SETTINGS_PREFIX + "temperature", self.temperature.value())
        s.setValue(SETTINGS_PREFIX + "max_tokens", self.max_tokens.value())

    # -- the run and its models ------------------------------------------------------------------

    def set_run(self, run_dir: str | None) -> None:
        """Offer the run's models; the gate and the audit log follow the run."""
        if run_dir == self.run_dir:
            return
        self.run_dir = run_dir
        self.audit_table.revealed.clear()
        self.refresh_models(keep_choice=False)
        self.refresh_audit()

    def refresh_models(self, *, keep_choice: bool = True) -> None:
        """List the run's models again (a stage just wrote baked/ or a GGUF); the model picked stays picked."""
        run_dir = self.run_dir
        chosen = self.model_picker.currentData() if keep_choice else None
        self.model_picker.clear()
        for label, path, kind in run_models(run_dir):
            self.model_picker.addItem(label, (path, kind))
        # The quantized file first: it is what the researcher ships.
        quantized = [i for i in range(self.model_picker.count())
                     if self.model_picker.itemText(i).endswith(GGUF_SUFFIX) and "-f16" not in self.model_picker.itemText(i)]
        kept = next((i for i in range(self.model_picker.count()) if self.model_picker.itemData(i) == chosen), -1)
        if kept >= 0:
            self.model_picker.setCurrentIndex(kept)
        elif quantized:
            self.model_picker.setCurrentIndex(quantized[0])
        self.base_picker.clear()
        base = base_model_of(run_dir)
        if base is not None:
            self.base_picker.addItem(Path(base[0]).name + "/", base)
        self._update_buttons()

    def add_model(self, path: str) -> None:
        """Pick any GGUF file or HF folder, in or outside the run."""
        kind = "gguf" if path.endswith(GGUF_SUFFIX) else "model"
        self.model_picker.addItem(path, (path, kind))
        self.model_picker.setCurrentIndex(self.model_picker.count() - 1)
        self._update_buttons()

    def _on_browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a GGUF file"), self.run_dir or "",
                                              self.tr("GGUF files (*.gguf);;All files (*)"))
        if not path:
            path = QFileDialog.getExistingDirectory(self, self.tr("Or choose a model folder"), self.run_dir or "")
        if path:
            self.add_model(path)

    def _gate_args(self) -> list[str]:
        args: list[str] = []
        if self.workspace:
            args += ["--workspace", self.workspace]
        if self.run_dir:
            args += ["--run", self.run_dir]
            if not RunLayout(self.run_dir).triality_head.is_file():
                args.append("--ungated")
        else:
            args.append("--ungated")
        return args

    def audit_path(self) -> Path | None:
        if self.run_dir:
            return RunLayout(self.run_dir).audit
        return None

    def _worker_args(self, model: tuple[str, str]) -> list[str]:
        path, kind = model
        return ["--gguf" if kind == "gguf" else "--model", path, *self._gate_args()]

    def _ensure_loaded(self, pane: ChatPane, model: tuple[str, str] | None) -> bool:
        """Start the pane's worker on `model` if it runs another; True when it is ready now."""
        if model is None:
            return False
        if pane.model != model or not pane.process.is_running():
            pane.model = model
            pane.title.setText(f"{pane.title.text().split(' — ')[0]} — {Path(model[0]).name}")
            self.status.setText(self.tr("Loading {0}…").format(Path(model[0]).name))
            pane.process.start(self._worker_args(model))
            return False
        return pane.process.loaded

    # -- chat --------------------------------------------------------------------------------------

    def send(self) -> None:
        prompt = self.chat_input.text().strip()
        if not prompt or self._queue or self.model_picker.currentData() is None:
            return
        self._prompt = prompt
        self.chat_input.clear()
        self._queue = [self.pane] + ([self.compare] if self.side_by_side.isChecked() else [])
        self.reasoning_view.clear()
        self._next()

    def regenerate(self) -> None:
        if self._queue or not self._prompt:
            return
        self._queue = [self.pane] + ([self.compare] if self.side_by_side.isChecked() else [])
        self._next(regenerate=True)

    def _next(self, *, regenerate: bool = False) -> None:
        """Send the prompt to the next pane in line: one model generates at a time (both may not fit the GPU)."""
        if not self._queue:
            self._update_buttons()
            return
        pane = self._queue[0]
        model = self.model_picker.currentData() if pane is self.pane else self.base_picker.currentData()
        if model is None:
            self._queue.pop(0)
            self._next(regenerate=regenerate)
            return
        self._regenerating = regenerate
        if not self._ensure_loaded(pane, tuple(model)):
            self._update_buttons()
            return  # sent from _on_ready
        self._dispatch(pane)

    def _dispatch(self, pane: ChatPane) -> None:
        settings = {"temperature": self.temperature.value(), "max_tokens": self.max_tokens.value(),
                    "show_reasoning": self.show_reasoning.isChecked()}
        pane.begin_turn(self._prompt)
        if getattr(self, "_regenerating", False):
            pane.process.regenerate(**settings)
        else:
            pane.process.send(self._prompt, **settings)
        self.status.setText(self.tr("Generating…"))
        self._update_buttons()

    def stop(self) -> None:
        for pane in (self.pane, self.compare):
            if pane.process.busy:
                pane.process.stop()
        self._queue = self._queue[:1]

    def new_chat(self) -> None:
        for pane in (self.pane, self.compare):
            pane.view.clear()
            pane.process.reset()
        self._prompt = ""

    def _on_ready(self, pane: ChatPane, info: dict[str, Any]) -> None:
        gate = info.get("gate")
        if pane is self.pane:
            if gate:
                self.gate_label.setText(self.tr("gated: T = {0:.3g}{1}").format(
                    float(gate["temperature"]), "" if gate.get("calibrated") else self.tr(" (not calibrated)")))
            else:
                self.gate_label.setText(self.tr("ungated: no safety head in this run"))
            if info.get("audit"):
                self.audit_label.setText(str(info["audit"]))
        self.status.setText(self.tr("Loaded {0}").format(Path(str(info.get("model", ""))).name))
        if self._queue and self._queue[0] is pane:
            self._dispatch(pane)

    def _on_token(self, pane: ChatPane, channel: str, text: str) -> None:
        if channel == "reasoning":
            if self.show_reasoning.isChecked():
                self.reasoning_view.moveCursor(QTextCursor.MoveOperation.End)
                self.reasoning_view.insertPlainText(text)
            return
        pane.add_text(text)

    def _flush(self) -> None:
        self.pane.flush()
        self.compare.flush()

    def _on_turn(self, pane: ChatPane, result: dict[str, Any]) -> None:
        pane.end_turn(result)
        verdict = str(result.get("verdict"))
        if pane is self.pane:
            bg, fg = BADGE_COLOURS.get(verdict, BADGE_COLOURS["ungated"])
            self.verdict_badge.setText(verdict)
            self.probabilities_label.setText(probabilities_text(result.get("probabilities")))
            self.verdict_badge.setStyleSheet(f"background:{bg}; color:{fg}; font-weight:bold; padding:2px 6px")
            rate = result.get("tokens_per_s")
            self.rate_label.setText(self.tr("{0:.1f} tokens/s").format(float(rate)) if rate else "")
        self.status.setText(self.tr("Answered ({0})").format(verdict))
        self.refresh_audit()
        self.turn_finished.emit(pane.view.objectName(), result)
        if self._queue and self._queue[0] is pane:
            self._queue.pop(0)
        self._next(regenerate=getattr(self, "_regenerating", False))

    def _on_error(self, pane: ChatPane, message: str) -> None:
        self.status.setText(self.tr("Error: {0}").format(message))
        self.log_line.emit("error", message)
        if self._queue and self._queue[0] is pane:
            self._queue.pop(0)
        self._next()

    def _update_buttons(self) -> None:
        busy = bool(self._queue)
        self.send_button.setEnabled(not busy and self.model_picker.count() > 0)
        self.regenerate_button.setEnabled(not busy and bool(self._prompt))
        self.stop_button.setEnabled(busy)

    def _on_side_by_side(self, on: bool) -> None:
        self.compare.setVisible(on)
        self.base_picker.setVisible(on)

    # -- audit ---------------------------------------------------------------------------------------

    def refresh_audit(self) -> None:
        path = self.audit_path()
        self.audit_table.show_records(read_audit(path) if path is not None else [])

    def export_audit(self, target: str | Path) -> Path:
        """Copy the audit log as it is (JSON Lines) to `target`."""
        source = self.audit_path()
        if source is None or not source.is_file():
            raise FileNotFoundError(str(source))
        shutil.copyfile(source, target)
        return Path(target)

    def _on_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the audit log"), AUDIT_FILE,
                                              self.tr("JSON Lines (*.jsonl)"))
        if path:
            try:
                self.export_audit(path)
                self.status.setText(self.tr("Audit log exported: {0}").format(path))
            except OSError as exc:
                self.status.setText(self.tr("Export failed: {0}").format(exc))

    def shutdown(self) -> None:
        """End the workers (the window is closing)."""
        self._flush_timer.stop()
        for pane in (self.pane, self.compare):
            pane.process.close(now=True)
