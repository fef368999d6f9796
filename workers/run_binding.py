"""The Qt side of the run model: one QObject that turns a RunModel's changes into a signal views connect to."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from so8t.store.run_model import Change, RunModel

#: Progress changes with every step; views hear of it at most this often (a flood of steps stays cheap).
PROGRESS_COALESCE_MS = 100


class RunBinding(QObject):
    """Follows one RunModel at a time (the run shown); `changed(Change)` tells views what to redraw.

    `model_changed(RunModel)` is emitted when another run is shown: views redraw all of it.
    """

    changed = Signal(object)
    model_changed = Signal(object)

    def __init__(self, model: RunModel | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model or RunModel()
        self._model.subscribe(self._on_change)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_COALESCE_MS)
        self._progress_timer.timeout.connect(lambda: self.changed.emit(Change.PROGRESS))

    @property
    def model(self) -> RunModel:
        return self._model

    def set_model(self, model: RunModel) -> None:
        if model is self._model:
            return
        self._model.unsubscribe(self._on_change)
        self._model = model
        model.subscribe(self._on_change)
        for series in model.series.values():
            series.dirty = True
        self.model_changed.emit(model)

    def _on_change(self, change: Change) -> None:
        if change is Change.PROGRESS:
            if not self._progress_timer.isActive():
                self._progress_timer.start()
            return
        self.changed.emit(change)
