"""The window driven as a user would: demo model, Run, plots fill, Stop mid-training, resume from the
checkpoint table, the pipeline runs to the end through the real worker subprocess, Export PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import so8t.demo
from so8t.store.checkpoints import CheckpointStore
from so8t.store.runs import Run

#: The demo, shrunk to test size: its pretraining in a few steps, a short training run.
PRETRAIN_FOR_TESTS = {"steps": 5, "hidden_size": 64, "layers": 2, "batch_size": 4, "seq_len": 32}
MAX_STEPS = 10
CKPT_EVERY = 4
#: Stop once training has reached this step (well before MAX_STEPS).
STOP_AT_STEP = 2


@pytest.fixture
def small_demo(monkeypatch):
    original = so8t.demo.demo_tables

    def tables():
        t = original()
        t["pretrain"] = {**t.get("pretrain", {}), **PRETRAIN_FOR_TESTS}
        return t

    monkeypatch.setattr(so8t.demo, "demo_tables", tables)


@pytest.mark.slow
def test_demo_run_stop_resume_from_table_and_export(make_window, qtbot, tmp_path, small_demo):
    window = make_window(tmp_path, telemetry=True)  # no NVIDIA driver here: telemetry says so and stays off
    window.show()
    assert not window.run_button.isEnabled()

    # Choose the demo model; the form fills in the demo's settings and Run comes on.
    qtbot.mouseClick(window.settings.demo_button, qtbot_button())
    assert window.settings.demo and window.run_button.isEnabled()
    window.settings.hyper["max_steps"].setValue(MAX_STEPS)
    window.settings.hyper["ckpt_every_steps"].setValue(CKPT_EVERY)

    steps_seen: list[int] = []
    stop_sent = []

    def on_progress(stage, done, total, unit):
        if stage == "train":
            steps_seen.append(done)
            if done >= STOP_AT_STEP and not stop_sent:
                stop_sent.append(done)
                qtbot.mouseClick(window.stop_button, qtbot_button())

    window.process.progress.connect(on_progress)
    with qtbot.waitSignal(window.process.finished, timeout=240_000) as stopped:
        qtbot.mouseClick(window.run_button, qtbot_button())
    window.process.progress.disconnect(on_progress)
    log = window.log_view.toPlainText()
    assert stopped.args[0] == "stopped", log[-3000:]
    run_dir = Path(window.active_run_dir)
    assert Run.open(run_dir).status() == "interrupted"
    assert window.stage_list.state_of("train") == "interrupted"
    assert window.stage_list.state_of("pretrain") == "finished"

    # The plots received data while it ran (the pretraining and training loss curves).
    assert window.dashboard.series["pretrain_loss"].n == PRETRAIN_FOR_TESTS["steps"]
    assert window.dashboard.series["loss"].n >= STOP_AT_STEP
    assert window.dashboard.curves["loss"].xData is not None

    # The stop's checkpoint is in the table, valid, with "Resume from here".
    newest = CheckpointStore(run_dir).newest_valid()
    assert newest is not None and STOP_AT_STEP <= newest.step < MAX_STEPS
    manifest = json.loads((Path(newest.path) / "manifest.json").read_text())
    if newest.step % CKPT_EVERY:
        assert manifest["emergency"] is True and "emergency checkpoint" in log
    qtbot.waitUntil(lambda: window.checkpoints.resume_button(newest.name) is not None
                    and window.checkpoints.resume_button(newest.name).isEnabled(), timeout=10_000)
    assert window.checkpoints.item(0, 1).text() == str(newest.step)

    # Resume from the table: training continues from that step and the pipeline runs to the end.
    with qtbot.waitSignal(window.process.finished, timeout=300_000) as finished:
        qtbot.mouseClick(window.checkpoints.resume_button(newest.name), qtbot_button())
    log = window.log_view.toPlainText()
    assert finished.args[0] == "finished", log[-3000:]
    run = Run.open(run_dir)
    assert run.status() == "finished"
    train = run.stage("train")["result"]
    assert train["final_step"] == MAX_STEPS and train["resumed_from"]
    for stage in run.stage_names:
        assert window.stage_list.state_of(stage) in ("finished", "skipped"), stage
    qtbot.waitUntil(lambda: window.dashboard.series["loss"].n >= MAX_STEPS - 1, timeout=10_000)
    x, _ = window.dashboard.series["loss"].view()
    assert x[-1] == MAX_STEPS and list(x) == sorted(set(x))  # history and the resumed part, one curve
    # The demo aligns after training (a few GRPO steps): its curves and its latest group are on the dashboard.
    assert "align" in run.stage_names and run.stage("align")["result"]["method"] == "grpo"
    qtbot.waitUntil(lambda: window.dashboard.series["reward"].n > 0, timeout=10_000)
    assert "rewardPlot" in window.dashboard.visible_plots() and window.dashboard.rollout_table.rowCount() > 0
    qtbot.waitUntil(lambda: window.results.gguf_table.rowCount() >= 2, timeout=10_000)  # f16 and quantized
    assert window.results.bake_label.text().startswith("Bake verification passed")

    # Export PDF from the window, to the file the save dialog was given.
    chosen = tmp_path / "exports" / "demo report"
    chosen.parent.mkdir()
    window.ask_report_path = lambda suggested: str(chosen)
    with qtbot.waitSignal(window.report_written, timeout=120_000) as written:
        qtbot.mouseClick(window.export_button, qtbot_button())
    pdf = Path(written.args[0])
    assert pdf == chosen.with_name("demo report.pdf") and pdf.read_bytes()[:5] == b"%PDF-"
    assert window.open_report_button.isVisible()


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
