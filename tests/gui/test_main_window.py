"""gui.main_window: contract names, shortcuts, PDF export, closing while a stage runs, interrupted runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from gui.names import stage_name
from gui.window_questions import CloseChoice
from so8t.pipeline.config import toml_text
from so8t.store.event_log import read_events
from so8t.store.runs import Run
from tests.gui.conftest import SMALL_PIPELINE_TOML
from tests.sample_run import write_sample_run

CONTRACT_NAMES = ("runButton", "stopButton", "resumeButton", "stageList", "checkpointTable", "vramPlot",
                  "gpuUtilPlot", "lossPlot", "klPlot", "exportPdfButton", "modelPathEdit")

#: A stand-in stage for close tests: speaks the event protocol, then waits to be stopped.
WAITING_STAGE = (
    "import json, signal, sys, time\n"
    "signal.signal(signal.SIGTERM, lambda *a: (print(json.dumps({'kind': 'log', 'msg': 'checkpoint'}), flush=True),"
    " sys.exit(0)))\n"
    "print(json.dumps({'v': 1, 'kind': 'stage', 'stage': 'train', 'state': 'started'}), flush=True)\n"
    "time.sleep(60)\n"
)


def test_contract_object_names_and_accessible_names(make_window, tmp_path):
    window = make_window(tmp_path)
    for name in CONTRACT_NAMES:
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName() or name.endswith("Plot"), name
    assert not window.run_button.isEnabled()  # no model chosen yet
    assert not window.stop_button.isEnabled()


def test_toml_written_for_the_pipeline_reads_back():
    import tomllib

    text = toml_text({"run": {"name": 'a "quoted" name'}, "train": {"lr": 2e-4, "steps": 3, "on": True,
                                                                     "path": "C:\\models\\x", "l": [0.1, 0.2]}})
    assert tomllib.loads(text) == {"run": {"name": 'a "quoted" name'},
                                   "train": {"lr": 2e-4, "steps": 3, "on": True, "path": "C:\\models\\x",
                                             "l": [0.1, 0.2]}}


def test_export_pdf_writes_the_selected_runs_report(make_window, qtbot, tmp_path):
    run = write_sample_run(tmp_path / "runs")
    window = make_window(tmp_path)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5000)
    window.run_list.select(str(run))
    assert window.run_dir == str(run) and window.export_button.isEnabled()
    asked = []
    window.ask_report_path = lambda suggested: asked.append(suggested) or suggested
    with qtbot.waitSignal(window.report_written, timeout=60_000) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == [str(run / "report.pdf")]  # the save dialog proposes the run's own report.pdf
    pdf = blocker.args[0]
    assert pdf == str(run / "report.pdf") and open(pdf, "rb").read(5) == b"%PDF-"
    assert "Report written" in window.state_label.text()
    assert window.open_report_button.isVisible() and window.last_report == pdf
    qtbot.waitUntil(lambda: window.dashboard.curves["loss"].xData is not None
                    and len(window.dashboard.curves["loss"].xData) == 60, timeout=5000)
    assert window.checkpoints.rowCount() == 3


@pytest.mark.parametrize("choice", [CloseChoice.CANCEL, CloseChoice.STOP, CloseChoice.BACKGROUND])
def test_closing_while_a_stage_runs_asks_what_to_do(make_window, qtbot, tmp_path, choice, qapp, monkeypatch):
    window = make_window(tmp_path)
    window.show()
    asked = []
    window.ask_close_choice = lambda: asked.append(1) or choice
    detached = []
    monkeypatch.setattr("workers.run_session.start_detached",
                        lambda args, stderr_path=None: detached.append((args, stderr_path)) or 4242)
    with qtbot.waitSignal(window.process.stage_state, timeout=20_000):
        window.process.start_program(sys.executable, ["-c", WAITING_STAGE])
    window._last_args = ["resume", "RUN"]  # what the window would continue (this stand-in has no run folder)
    assert window.stop_button.isEnabled() and not window.run_button.isEnabled()
    window.close()
    assert asked == [1]
    if choice is CloseChoice.CANCEL:
        assert window.isVisible() and window.process.is_running()
    elif choice is CloseChoice.STOP:
        assert not window.isVisible()
        with qtbot.waitSignal(window.process.finished, timeout=20_000) as blocker:
            pass
        assert blocker.args[0] == "stopped"
    else:
        # The window's own child stopped with its checkpoint; `so8t resume` goes on in a process of its own,
        # and the application quits with its window (no hidden window process).
        assert not window.isVisible() and not window.process.is_running()
        assert window.process.state == "stopped"
        assert detached == [(["resume", "RUN"], None)]
        assert qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(True)
    window._background = False


def _crash_a_run(workspace, config):
    """Start a real pipeline run and kill it hard once its first stage is under way (a crash / power cut)."""
    proc = subprocess.Popen([sys.executable, "-m", "so8t", "run", "--config", str(config), "--workspace",
                             str(workspace)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    events = None
    while time.monotonic() < deadline:
        found = list((workspace / "runs").glob("*/events.jsonl"))
        if found and '"state":"started"' in found[0].read_text(encoding="utf-8"):
            events = found[0]
            break
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert events is not None, "the run never started its first stage"
    return events.parent


@pytest.mark.slow
def test_an_interrupted_run_is_offered_and_resuming_finishes_it(make_window, qtbot, tmp_path):
    config = tmp_path / "small.toml"
    config.write_text(SMALL_PIPELINE_TOML.format(steps=3))
    run_dir = _crash_a_run(tmp_path, config)
    assert Run.open(run_dir).status() == "interrupted"

    window = make_window(tmp_path)
    window.show()
    qtbot.waitUntil(window.banner.isVisible, timeout=5000)
    assert run_dir.name in window.banner.label.text()
    assert "interrupted, can be resumed" in window.run_list.currentItem().text()
    assert window.resume_button.isEnabled()
    with qtbot.waitSignal(window.process.finished, timeout=180_000) as blocker:
        window.banner.resume_button.click()
    assert blocker.args[0] == "finished", window.log_view.toPlainText()[-2000:]
    assert Run.open(run_dir).status() == "finished"
    assert window.stage_list.state_of("pretrain") == "finished"
    assert window.stage_list.state_of("report") == "finished"
    assert "finished" in window.run_list.currentItem().text()
    assert (run_dir / "report.pdf").is_file()
    assert window.dashboard.series["pretrain_loss"].n == 3


def test_app_main_opens_the_window_on_the_workspace(qapp, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer

    from gui.app import main
    from gui.main_window import MainWindow

    # The windows `main` shows, recorded as it shows them: walking QApplication.topLevelWidgets() here also
    # touched the widgets earlier tests left being deleted, and crashed this process (SIGSEGV) now and then.
    shown = []
    show = MainWindow.show
    monkeypatch.setattr(MainWindow, "show", lambda self: (shown.append(self), show(self))[1])
    seen = []

    def look_and_quit():
        windows = [w for w in shown if w.objectName() == "mainWindow" and w.isVisible()]
        seen.extend(windows)
        for w in windows:
            w._shutdown()
            w.hide()
        qapp.quit()

    # Hiding (not closing) the window: a last-window-closed quit would also end the next test's loops.
    qapp.setQuitOnLastWindowClosed(False)
    try:
        QTimer.singleShot(500, look_and_quit)
        assert main(["--workspace", str(tmp_path), "--language", "en"]) == 0
    finally:
        qapp.setQuitOnLastWindowClosed(True)
    assert len(seen) == 1 and seen[0].workspace == tmp_path
    seen[0].deleteLater()


def test_the_form_becomes_a_pipeline_config_the_runner_accepts(make_window, tmp_path):
    from so8t.pipeline.runner import load_config

    window = make_window(tmp_path)
    window.settings.demo_button.setChecked(True)
    window.settings.quant_type.setCurrentText("Q5_K_M")
    window.settings.hyper["max_steps"].setValue(7)
    options = window.settings.stage_options.fields
    options["triality"]["epochs"][1].setValue(50)
    options["bake"]["verify"][1].setCurrentIndex(1)  # no
    config = load_config(window.write_config())
    assert config.tables["train"]["max_steps"] == 7
    assert config.tables["quantize"]["types"] == ["Q5_K_M"]
    assert config.tables["triality"]["epochs"] == 50 and config.tables["bake"]["verify"] is False
    assert config.tables["calibrate"]["epochs"] == 300  # untouched options keep their defaults
    assert "pretrain" in config.stages and "report" in config.stages


@pytest.mark.slow
def test_a_run_started_elsewhere_is_followed_live(make_window, qtbot, tmp_path):
    config = tmp_path / "small.toml"
    config.write_text(SMALL_PIPELINE_TOML.format(steps=60))
    proc = subprocess.Popen([sys.executable, "-m", "so8t", "run", "--config", str(config), "--workspace",
                             str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        window = make_window(tmp_path)
        qtbot.waitUntil(lambda: (window.refresh_runs() or True) and any(
            s.state == "running" for s in window.run_list.runs), timeout=60_000)
        run = next(s for s in window.run_list.runs if s.state == "running")
        window.run_list.select(run.path)
        qtbot.waitUntil(lambda: window.session.following, timeout=10_000)
        qtbot.waitUntil(lambda: window.dashboard.series["pretrain_loss"].n > 0, timeout=60_000)
        assert proc.wait(120) == 0
        qtbot.waitUntil(lambda: not window.session.following, timeout=10_000)  # it finished: shown as stored
        assert window.run_list.summary(run.path).state == "finished"
        assert window.stage_list.state_of("report") == "finished"
        logged = [e for e in read_events(Path(run.path) / "events.jsonl") if e.get("name") == "pretrain_loss"]
        assert window.dashboard.series["pretrain_loss"].n == len(logged) > 0
    finally:
        if proc.poll() is None:
            proc.kill()


def test_resume_from_an_older_checkpoint_passes_it_to_the_worker(make_window, qtbot, tmp_path, monkeypatch):
    run = write_sample_run(tmp_path / "runs")
    window = make_window(tmp_path)
    started = []
    monkeypatch.setattr(window, "_begin", lambda args, run_dir: started.append((args, run_dir)))
    monkeypatch.setattr(window, "confirm_resume_drop", lambda name, later: True)
    window.run_list.select(str(run))
    qtbot.waitUntil(lambda: window.checkpoints.resume_button("ckpt-20") is not None, timeout=5000)
    window.checkpoints.resume_button("ckpt-20").click()
    assert started == [(["resume", str(run), "--checkpoint", "ckpt-20"], str(run))]


def test_resume_from_a_training_checkpoint_keeps_a_later_stages_store_and_shows_it_stale(make_window, qtbot, tmp_path,
                                                                                       monkeypatch):
    from so8t.store.checkpoints import CheckpointStore

    run = write_sample_run(tmp_path / "runs")
    for step in (4, 8):
        CheckpointStore(run, stage="align").save(step, lambda tmp: (tmp / "gates.safetensors").write_bytes(b"\0" * 64))
    window = make_window(tmp_path)
    started, asked = [], []
    monkeypatch.setattr(window, "_begin", lambda args, run_dir: started.append(args))
    monkeypatch.setattr(window, "confirm_resume_drop", lambda name, later: asked.append((name, later)) or True)
    window.run_list.select(str(run))
    qtbot.waitUntil(lambda: window.checkpoints.resume_button("align/ckpt-4") is not None, timeout=5000)
    table = window.checkpoints
    valid_texts = lambda: [table.item(r, 4).text() for r in range(table.rowCount())]  # noqa: E731
    assert not any(text.startswith("stale") for text in valid_texts())

    window.checkpoints.resume_button("align/ckpt-4").click()  # align's own store: its later checkpoint only
    assert asked == [("align/ckpt-4", ["align/ckpt-8"])]
    assert started == [["resume", str(run), "--checkpoint", "align/ckpt-4"]]
    assert not any(text.startswith("stale") for text in valid_texts())

    window.checkpoints.resume_button("ckpt-20").click()
    assert asked[-1] == ("ckpt-20", ["ckpt-40", "ckpt-60"])  # align's checkpoints are not dropped …
    assert started[-1] == ["resume", str(run), "--checkpoint", "ckpt-20"]
    stages = [table.item(r, 0).text() for r in range(table.rowCount())]
    stale = [stage for stage, text in zip(stages, valid_texts(), strict=True) if text.startswith("stale")]
    assert stale == [stage_name("align")] * 2  # … they are kept, and shown stale
    assert sorted(p.name for p in (run / "align" / "checkpoints").iterdir() if p.name.startswith("ckpt-")) == [
        "ckpt-4", "ckpt-8"]


def test_run_shortcut_with_bad_settings_says_what_to_fix(make_window, qtbot, tmp_path):
    window = make_window(tmp_path)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.settings.model.edit.setText(str(tmp_path / "missing"))
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert not window.process.is_running()
    assert "Fix the settings" in window.state_label.text()
    assert "does not exist" in window.settings.model.error.text()


@pytest.mark.parametrize("answer", ["cancel", "resume"])
def test_resume_from_an_older_checkpoint_names_the_checkpoints_it_drops(make_window, qtbot, tmp_path, monkeypatch,
                                                                       answer):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    run = write_sample_run(tmp_path / "runs")
    window = make_window(tmp_path)
    window.show()
    started = []
    monkeypatch.setattr(window, "_begin", lambda args, run_dir: started.append(args))
    window.run_list.select(str(run))
    qtbot.waitUntil(lambda: window.checkpoints.resume_button("ckpt-20") is not None, timeout=5000)
    before = sorted(p.name for p in (run / "checkpoints").iterdir())
    seen = {}

    def answer_the_box():
        box = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()), None)
        if box is None:
            QTimer.singleShot(50, answer_the_box)
            return
        seen["text"] = box.text()
        wanted = "Cancel" if answer == "cancel" else "Resume from ckpt-20"
        next(b for b in box.buttons() if b.text() == wanted).click()

    QTimer.singleShot(50, answer_the_box)
    window.checkpoints.resume_button("ckpt-20").click()
    # ckpt-40 (valid) and ckpt-60 (never finished) come after ckpt-20; ckpt-20 itself is kept.
    assert "ckpt-40" in seen["text"] and "ckpt-60" in seen["text"] and "ckpt-20, " not in seen["text"]
    assert sorted(p.name for p in (run / "checkpoints").iterdir()) == before
    if answer == "cancel":
        assert started == []
        assert "every checkpoint is kept" in window.state_label.text()
    else:
        assert started == [["resume", str(run), "--checkpoint", "ckpt-20"]]
