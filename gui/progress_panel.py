"""The progress line: the running stage's bar, and beside it done/total, rate, tokens/s, elapsed and ETA."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from gui.names import stage_name, unit_name
from so8t.store.run_model import Change, RunModel, RunState, format_duration
from workers.run_binding import RunBinding

#: The elapsed time ticks once a second while a stage runs.
TICK_MS = 1000
#: Rates from here up are shown as whole numbers (four significant figures below it).
RATE_DIGITS_LIMIT = 1000


def format_rate(rate: float) -> str:
    """"364.8", "2.514", "0.04167", "1,234": four significant figures, whole numbers from a thousand on."""
    return f"{rate:,.0f}" if rate >= RATE_DIGITS_LIMIT else f"{rate:.4g}"


class ProgressPanel(QWidget):
    """Shows the bound run's progress; determinate from the first event (stages done of all, then steps)."""

    def __init__(self, binding: RunBinding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressPanel")
        self.binding = binding
        self.bar = QProgressBar()
        self.bar.setObjectName("progressBar")
        self.bar.setTextVisible(False)  # the text sits beside the bar, never over the filled part
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setFixedWidth(220)
        self.label = QLabel(self.tr("idle"))
        self.label.setObjectName("progressLabel")
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.busy_text = ""  # a short job of the window itself (the report), shown instead
        self.blocker = ""  # why a new run cannot start (the settings), said where "ready" would be
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.refresh)
        binding.changed.connect(self._on_change)
        binding.model_changed.connect(lambda _m: self.refresh())

    def _on_change(self, change: Change) -> None:
        if change in (Change.PROGRESS, Change.STAGES, Change.RUN):
            self.refresh()

    def set_busy(self, text: str) -> None:
        """A job outside the run (writing the report): an indeterminate bar with this text; "" ends it."""
        self.busy_text = text
        self.refresh()

    def set_blocker(self, reason: str) -> None:
        """Why Run is off ("" when it may start): a planned run then says so instead of "ready"."""
        if reason != self.blocker:
            self.blocker = reason
            self.refresh()

    def refresh(self) -> None:
        if self.busy_text:
            self.bar.setRange(0, 0)
            self._set_text(self.busy_text)
            return
        model = self.binding.model
        text = self.describe(model)
        running = model.state is RunState.RUNNING
        if running and not self._tick.isActive():
            self._tick.start()
        elif not running:
            self._tick.stop()
        progress = model.current_progress()
        if progress is not None and progress.total > 0:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(min(progress.done, progress.total))
        else:
            done, total = model.stage_progress()
            self.bar.setRange(0, max(total, 1))
            self.bar.setValue(done)
        self._set_text(text)

    def _set_text(self, text: str) -> None:
        self.label.setText(text)
        self.label.setToolTip(text)

    def describe(self, model: RunModel) -> str:
        """The line a person reads: what runs, how far, how fast, how long so far and how long to go."""
        done, total = model.stage_progress()
        if model.state is not RunState.RUNNING:
            if not model.stages:
                return self.tr("idle")
            if model.run_dir is None:
                if self.blocker:
                    return self.tr("not ready: {0}").format(self.blocker)
                return self.tr("ready: {0} stages planned").format(total)
            return self.tr("{0} of {1} stages done").format(done, total)
        stage = model.current_stage
        name = stage_name(stage) if stage else self.tr("starting")
        # The stage's place in the run's order: after "Resume from here" the later stages still read
        # finished until they run again, so counting finished ones would say "stage 9 of 9" throughout.
        order = list(model.stages)
        place = order.index(stage) + 1 if stage in order else min(done + 1, total)
        position = self.tr("stage {0} of {1}").format(place, total) if total else ""
        progress = model.current_progress()
        started = model.stage_started.get(stage)
        elapsed = format_duration(time.time() - started) if started else "—"
        if progress is None:
            parts = [name, position, self.tr("starting…"), self.tr("elapsed {0}").format(elapsed)]
            return " · ".join(p for p in parts if p)
        unit = unit_name(progress.unit)
        parts = [name, position, self.tr("{0} / {1} {2}").format(progress.done, progress.total, unit)]
        rate = progress.rate()
        if rate is not None:
            parts.append(self.tr("{0} {1}/s").format(format_rate(rate), unit))
        tokens = model.tokens_per_s() if stage == "train" else None
        if tokens is not None:
            parts.append(self.tr("{0:,.0f} tokens/s").format(tokens))
        parts.append(self.tr("elapsed {0}").format(elapsed))
        parts.append(self.tr("ETA {0}").format(format_duration(progress.eta())))
        return " · ".join(p for p in parts if p)
