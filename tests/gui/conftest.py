"""GUI test helpers: a main window on a temporary workspace, and a pipeline config small enough for tests."""

from __future__ import annotations

import os

import pytest

from tests.gui_thread_collection import gui_thread_collection  # noqa: F401 (autouse, this package)

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


@pytest.fixture(scope="package", autouse=True)
def child_settings(tmp_path_factory):
    """Windows these tests start as child processes remember their form under a folder of the test run's
    (QSettings on Linux writes under XDG_CONFIG_HOME), not in the settings of the user running the tests:
    before, a finished suite left the user's window pointing at a deleted pytest workspace."""
    folder = tmp_path_factory.mktemp("child-settings")
    before = os.environ.get("XDG_CONFIG_HOME")
    os.environ["XDG_CONFIG_HOME"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("XDG_CONFIG_HOME", None)
    else:
        os.environ["XDG_CONFIG_HOME"] = before


@pytest.fixture(autouse=True)
def own_settings(tmp_path_factory):
    """Each test reads and writes its own QSettings (the remembered form, the language), not the user's."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def make_window(qtbot):
    """MainWindow factory; each window's stage is killed and its sampler stopped before it is closed."""
    from gui.main_window import MainWindow

    def wind_down(window):
        for process in (window.process, window.report_process):
            if process.is_running():
                process.kill()
                qtbot.waitUntil(lambda p=process: not p.is_running(), timeout=10_000)
        window._shutdown()

    def make(workspace, **kwargs):
        kwargs.setdefault("telemetry", False)
        window = MainWindow(workspace, **kwargs)
        qtbot.addWidget(window, before_close_func=wind_down)
        return window

    return make
