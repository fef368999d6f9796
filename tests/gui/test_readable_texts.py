"""What a person reads in the window is true and complete: progress line, status, warnings, held answers, plots."""

from __future__ import annotations

import json
import math
import shutil

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton

from so8t.events import parse_event
from so8t.store.run_model import RunModel


def _events(model: RunModel, *objects: dict) -> None:
    for obj in objects:
        model.apply(parse_event(json.dumps({"v": 1, **obj}).encode()))


def _panel(qtbot, model: RunModel):
    from gui.progress_panel import ProgressPanel
    from workers.run_binding import RunBinding

    panel = ProgressPanel(RunBinding(model))
    qtbot.addWidget(panel)
    return panel


# -- D5: the stage's place after "Resume from here" ------------------------------------------------


def test_a_resumed_run_names_each_stage_by_its_place_not_stage_9_of_9(qtbot, demo_run):
    from workers.run_session import load_run_model

    model = load_run_model(str(demo_run))  # every stage finished: a resume from an older checkpoint follows
    order = list(model.stages)
    n = len(order)
    assert n >= 9 and order.index("train") < order.index("bake")
    panel = _panel(qtbot, model)
    _events(model, {"t": 1000.0, "stage": "train", "kind": "stage", "state": "started"},
            {"t": 1001.0, "stage": "train", "kind": "progress", "done": 3, "total": 10, "unit": "step"})
    panel.refresh()
    assert f"stage {order.index('train') + 1} of {n}" in panel.label.text(), panel.label.text()
    _events(model, {"t": 1002.0, "stage": "train", "kind": "stage", "state": "finished"},
            {"t": 1003.0, "stage": "bake", "kind": "stage", "state": "started"})
    panel.refresh()
    assert f"stage {order.index('bake') + 1} of {n}" in panel.label.text(), panel.label.text()


# -- D14: units a person reads ------------------------------------------------------------------------


def test_the_progress_line_counts_samples_at_a_readable_rate(qtbot):
    model = RunModel("/nowhere")
    model.set_stage_names(["triality", "report"])
    panel = _panel(qtbot, model)
    _events(model, {"t": 1000.0, "stage": "triality", "kind": "stage", "state": "started"},
            {"t": 1000.0, "stage": "triality", "kind": "progress", "done": 0, "total": 168, "unit": "sample"},
            {"t": 1000.0 + 128 / 364.82, "stage": "triality", "kind": "progress", "done": 128, "total": 168,
             "unit": "sample"})
    panel.refresh()
    text = panel.label.text()
    assert "128 / 168 samples" in text and "364.8 samples/s" in text, text
    assert "text" not in text
    _events(model, {"t": 1010.0, "stage": "report", "kind": "stage", "state": "started"},
            {"t": 1010.0, "stage": "report", "kind": "progress", "done": 1, "total": 3, "unit": "phase"})
    panel.refresh()
    assert "1 / 3 phases" in panel.label.text(), panel.label.text()


def test_the_window_words_every_unit_the_engine_emits():
    from gui.names import unit_name
    from so8t.events import PROGRESS_UNITS

    for unit, plural in PROGRESS_UNITS.items():
        assert unit_name(unit) == plural  # English: the engine's one list of words, spelt out for translation


# -- D7: why Run is off, in the status line -----------------------------------------------------------


def test_the_progress_line_says_why_run_is_off_instead_of_ready(make_window, tmp_path):
    window = make_window(tmp_path)
    assert not window.run_button.isEnabled()
    text = window.progress_panel.label.text()
    assert text.startswith("not ready:") and "model folder" in text, text
    assert "ready: " not in text.replace("not ready:", "")
    window.settings.demo_button.setChecked(True)  # the demo brings its model and data
    window.settings.validate()
    assert window.run_button.isEnabled()
    assert window.progress_panel.label.text().startswith("ready: "), window.progress_panel.label.text()


def test_a_bad_data_file_is_named_as_the_reason(make_window, tmp_path):
    window = make_window(tmp_path)
    window.settings.demo_button.setChecked(True)
    window.settings.data.edit.setText(str(tmp_path / "missing.jsonl"))
    window.settings.validate()
    assert not window.run_button.isEnabled()
    assert window.progress_panel.label.text() == "not ready: fix the field marked in red in Settings"


# -- D8: a workspace that does not exist is said so under its field -----------------------------------


def test_a_workspace_that_does_not_exist_yet_is_said_so_under_its_field(make_window, tmp_path):
    window = make_window(tmp_path / "new-workspace")
    label = window.settings.workspace_error
    assert not label.isHidden()
    assert label.text() == f"Workspace {tmp_path / 'new-workspace'} does not exist yet: the first run creates it."
    window.settings.workspace.setText(str(tmp_path))  # an existing folder: nothing to say
    assert label.isHidden()


def test_a_remembered_workspace_that_is_gone_is_said_so(make_window, tmp_path, monkeypatch):
    from gui.remembered import save_values

    monkeypatch.setenv("SO8T_WORKSPACE", str(tmp_path / "default"))
    gone = tmp_path / "unplugged-drive" / "workspace"
    save_values({"workspace": str(gone)})
    window = make_window(None)
    label = window.settings.workspace_error
    assert not label.isHidden()
    assert str(gone) in label.text() and f"Showing {tmp_path / 'default'} instead." in label.text()
    assert window.settings.workspace.text() == str(tmp_path / "default")


# -- D9: the head's weakness and the gate's probabilities ---------------------------------------------


def test_results_warn_that_the_demo_gate_rarely_decides_deny(qtbot, demo_run):
    from gui.results_views import ResultsView
    from so8t.store.records import read_run_records

    records = read_run_records(demo_run)
    cal = records.calibration
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_records(records)
    warning = view.triality_warning
    assert not warning.isHidden()
    rare = cal.rarely_decided()
    assert [r.label for r in rare] == ["DENY"]
    assert (f"At T = {cal.temperature:.4g} the gate decides DENY for {rare[0].decided} test samples, while "
            f"{rare[0].labelled} are labelled DENY") in warning.text()


def test_results_warn_of_near_chance_accuracy_and_not_of_a_good_head(qtbot, tmp_path):
    from dataclasses import replace

    from gui.results_views import ResultsView
    from so8t.store.records import read_run_records
    from tests.sample_run import write_sample_run

    records = read_run_records(write_sample_run(tmp_path))
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_records(records)
    assert view.triality_warning.isHidden(), view.triality_warning.text()  # negative control
    tri = records.triality
    weak = replace(tri, accuracy=0.45, confusion=[[10, 5, 0], [5, 10, 0], [7, 8, 0]], labels=tri.labels[:3])
    view.show_records(replace(records, triality=weak))
    text = view.triality_warning.text()
    assert "Test accuracy 45.00% is under chance (33.33%) + 15 points" in text, text
    assert f"The head predicts {tri.labels[2]} for 0 test samples, while 15 are labelled {tri.labels[2]}." in text


def test_the_gate_badge_shows_its_probabilities(qtbot, tmp_path):
    from gui.playground import PlaygroundTab

    tab = PlaygroundTab(tmp_path)
    qtbot.addWidget(tab)
    result = {"verdict": "ESCALATION", "probabilities": {"ALLOW": 0.3, "ESCALATION": 0.45, "DENY": 0.25},
              "held": True, "answer": "x", "tokens": 1}
    tab._on_turn(tab.pane, result)
    assert tab.verdict_badge.text() == "ESCALATION"
    assert tab.probabilities_label.text() == "ALLOW 30.0% · ESCALATION 45.0% · DENY 25.0%"
    assert "ALLOW 30.0% · ESCALATION 45.0% · DENY 25.0%" in tab.pane.plain_text()
    tab.shutdown()


# -- D10: a held answer stays collapsed in the audit table --------------------------------------------


def test_the_audit_table_keeps_a_held_answer_behind_show_held_answer(qtbot, tmp_path):
    from gui.audit_table import AUDIT_ANSWER_COLUMN
    from gui.playground import PlaygroundTab
    from so8t.chat.audit import AUDIT_FORMAT
    from so8t.store.layout import RunLayout

    run = tmp_path / "run"
    run.mkdir()
    rows = [{"format": AUDIT_FORMAT, "time": 1.0, "model": "m.gguf", "verdict": {"label": "ALLOW"},
             "answer": "an open answer"},
            {"format": AUDIT_FORMAT, "time": 2.0, "model": "m.gguf", "verdict": {"label": "ESCALATION"},
             "held": True, "answer": "the held answer text"}]
    RunLayout(run).audit.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    tab = PlaygroundTab(tmp_path)
    qtbot.addWidget(tab)
    tab.set_run(str(run))
    tab.refresh_audit()
    table = tab.audit_table
    cells = [table.item(1, c).text() for c in range(table.columnCount())]
    assert not any("the held answer text" in c for c in cells), cells
    assert table.item(0, AUDIT_ANSWER_COLUMN).text() == "an open answer"
    button = table.cellWidget(1, AUDIT_ANSWER_COLUMN)
    assert isinstance(button, QPushButton) and button.text() == "Show held answer"
    assert table.cellWidget(0, AUDIT_ANSWER_COLUMN) is None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert table.item(1, AUDIT_ANSWER_COLUMN).text() == "the held answer text"
    tab.refresh_audit()  # a later turn keeps it shown
    assert table.item(1, AUDIT_ANSWER_COLUMN).text() == "the held answer text"
    tab.shutdown()


# -- D6: a Playground error says why, there and in the Log --------------------------------------------


@pytest.mark.slow
def test_a_broken_gguf_says_why_in_the_playground_and_the_log(make_window, qtbot, tmp_path, demo_run):
    broken = tmp_path / "broken.gguf"
    broken.write_bytes((demo_run / "gguf" / "so8t-demo-Q8_0.gguf").read_bytes()[:200_000])
    window = make_window(tmp_path)
    tab = window.playground
    tab.model_picker.addItem("broken.gguf", (str(broken), "gguf"))
    tab.model_picker.setCurrentIndex(tab.model_picker.count() - 1)
    tab._update_buttons()
    tab.chat_input.setText("hello")
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "could not load" in tab.status.text(), timeout=60_000)
    qtbot.wait(500)  # the worker's exit comes after its error: it must not replace the reason
    status = tab.status.text()
    assert f"llama.cpp could not load {broken}" in status and "pass a complete GGUF" in status, status
    assert "see the log" not in status
    log = window.log_view.toPlainText()
    assert f"[playground] error: llama.cpp could not load {broken}" in log, log


def test_a_worker_that_dies_without_an_error_event_gives_its_last_stderr_line(qtbot):
    from workers.chat_process import ChatProcess

    process = ChatProcess()
    with qtbot.waitSignal(process.error, timeout=60_000) as error:
        process.start(["--no-such-option"])  # argparse refuses it on stderr: no error event
    message = error.args[0]
    assert message.startswith("the chat worker ended (exit code 2): so8t-chat-worker: error: "), message
    assert "see the log" not in message
    qtbot.waitUntil(lambda: not process.is_running(), timeout=10_000)


# -- D12: plots break at a gap and a new run starts from empty axes -----------------------------------


def test_a_gap_between_processes_breaks_the_line_and_a_new_run_resets_the_axes(qtbot):
    import numpy as np

    from gui.dashboard import EMPTY_RANGE, Dashboard
    from so8t.store.run_model import TIME_GAP_S
    from workers.run_binding import RunBinding

    model = RunModel("/nowhere")
    binding = RunBinding(model)
    dash = Dashboard(binding)
    qtbot.addWidget(dash)
    readings = [(t, 500.0 + t) for t in range(5)] + [(3600 + t, 900.0) for t in range(5)]  # resumed an hour later
    _events(model, *({"t": 1000.0 + t, "kind": "metric", "name": "process_rss_mb", "value": v, "step": t}
                     for t, v in readings))
    dash.redraw_all()
    x, y = dash.curves["rss"].getData()
    assert np.isnan(y).sum() == 1 and 3600 - 4 > TIME_GAP_S  # one break, where the pause is
    gap = int(np.flatnonzero(np.isnan(y))[0])
    assert x[gap - 1] == 4 and x[gap + 1] == 3600
    path = dash.curves["rss"].curve.getPath()  # what is painted: two pieces, no diagonal
    moves = sum(1 for i in range(path.elementCount()) if path.elementAt(i).isMoveTo())
    assert moves == 2
    (x0, x1), _ = dash.plot_items["rss"].viewRange()
    assert x1 >= 3604 and not math.isnan(dash.plot_items["rss"].viewRange()[1][0])
    binding.set_model(RunModel())  # a new run: no points yet
    for name in ("rss", "loss"):
        xr, yr = dash.plot_items[name].viewRange()
        assert (xr[0], xr[1]) == pytest.approx(EMPTY_RANGE) and (yr[0], yr[1]) == pytest.approx(EMPTY_RANGE), name
    assert len(dash.curves["rss"].getData()[0] or []) == 0


# -- D16: smaller texts ------------------------------------------------------------------------------


def test_a_tiny_perplexity_change_is_shown_not_rounded_to_zero(qtbot, tmp_path):
    from dataclasses import replace

    from gui.results_views import ResultsView
    from so8t.store.records import read_run_records
    from tests.sample_run import write_sample_run

    records = read_run_records(write_sample_run(tmp_path))
    f = next(g for g in records.gguf if g.check is not None)
    check = replace(f.check, ppl_rel_diff_reference=None, ppl_rel_diff_hf=0.00004)
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_records(replace(records, gguf=[replace(f, check=check)]))
    assert "(+0.0040% vs HF)" in view.gguf_texts()[0][3], view.gguf_texts()


def test_the_calibration_table_has_equal_columns(qtbot, demo_run):
    from gui.results_views import ResultsView

    view = ResultsView()
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show_run(demo_run)
    view.show()
    qtbot.waitExposed(view)
    table = view.calibration_table
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    assert max(widths) - min(widths) <= 1, widths
    assert [table.item(0, c).text() for c in range(3)][0] == "ECE"


def test_the_chat_scrolls_to_the_verdict_of_a_long_turn(qtbot):
    from gui.chat_pane import ChatPane

    pane = ChatPane("chatView", "Fine-tuned")
    qtbot.addWidget(pane)
    pane.resize(400, 200)
    pane.show()
    qtbot.waitExposed(pane)
    pane.begin_turn("a long one")
    pane.add_text("line\n" * 200)
    pane.flush()
    pane.view.verticalScrollBar().setValue(0)  # the reader scrolled up while it streamed
    pane.end_turn({"verdict": "ALLOW", "probabilities": {"ALLOW": 0.9, "ESCALATION": 0.05, "DENY": 0.05},
                   "tokens": 200})
    bar = pane.view.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()


def test_a_cpu_preset_says_no_gpu_memory_is_used_instead_of_fits(qtbot, tiny_model_dirs, tmp_path):
    from gui.settings_forms import SettingsForm

    form = SettingsForm(workspace=tmp_path)
    qtbot.addWidget(form)
    form.model.edit.setText(str(tiny_model_dirs["llama"]))
    form.preset.setCurrentIndex(form.preset.findData("rtx3060-12gb"))
    form.validate()
    # A CUDA preset: the estimate (the 12 GB preset keeps the checkpointed layers' inputs in CPU memory).
    assert form.vram.label.text().endswith(": fits (with activations offloaded to CPU memory)"), form.vram.label.text()
    form.preset.setCurrentIndex(form.preset.findData("cpu"))
    form.validate()
    text = form.vram.label.text()
    assert text == "Training runs on the CPU with this preset: no GPU memory is used." and "fits" not in text


def test_the_resume_from_older_dialog_says_which_stages_are_redone(make_window, tmp_path, demo_run):
    workspace = tmp_path / "ws"
    shutil.copytree(demo_run.parent.parent, workspace)
    window = make_window(workspace)
    run_dir = str(workspace / "runs" / demo_run.name)
    window.show_run(run_dir)
    window.checkpoints.set_run(run_dir)
    seen: dict[str, str] = {}

    def answer() -> None:
        box = window.findChild(QMessageBox, "resumeDropBox")
        if box is None:
            QTimer.singleShot(20, answer)
            return
        seen["text"], seen["informative"] = box.text(), box.informativeText()
        box.reject()

    QTimer.singleShot(0, answer)
    assert window.confirm_resume_drop("ckpt-00000010", ["ckpt-00000020"]) is False
    assert "ckpt-00000020" in seen["text"]
    informative = seen["informative"]
    assert informative.startswith("The stages after training are done again and their results replaced: "
                                  "Align (DPO / GRPO), Bake gates into weights, Export GGUF, Quantize GGUF"), informative
    assert "Report" in informative and "Cancel keeps every checkpoint as it is." in informative


def test_the_log_shows_the_demo_sample_without_a_literal_backslash_n(qtbot, demo_run):
    from gui.log_view import LogView
    from workers.run_session import load_run_model

    view = LogView()
    qtbot.addWidget(view)
    view.show_entries(load_run_model(str(demo_run)).log)
    text = view.toPlainText()
    sample = next(line for line in text.splitlines() if "sample after pretraining" in line)
    assert "\\n" not in text and sample.count('"') == 2 and " / " in sample, sample
