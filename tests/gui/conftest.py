"""GUI test helpers: a main window on a temporary workspace, and a pipeline config small enough for tests."""

from __future__ import annotations

import pytest

#: A real pipeline run that takes seconds: the demo's pretraining, shrunk, then the report.
SMALL_PIPELINE_TOML = """
[run]
name = "small"
stages = ["pretrain", "report"]

[pretrain]
steps = {steps}
hidden_size = 64
layers = 2
batch_size = 4
seq_len = 32
"""


@pytest.fixture
def make_window(qtbot):
    """MainWindow factory; each window is closed (its sampler stopped) at the end of the test."""
    from gui.main_window import MainWindow

    windows = []

    def make(workspace, **kwargs):
        kwargs.setdefault("telemetry", False)
        window = MainWindow(workspace, **kwargs)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.process.is_running():
            window.process.kill()
            qtbot.waitUntil(lambda w=window: not w.process.is_running(), timeout=10_000)
        window._shutdown()
