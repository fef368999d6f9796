"""What a person reads in the run list, the stage list and Results is true: before, during and after a run,
after a kill -9 of the stage process, and for a bake that passed and one that failed."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from so8t.store.layout import RunLayout
from so8t.store.records import read_bake_record, write_bake_record
from tests.gui.conftest import SMALL_PIPELINE_TOML
from tests.sample_run import write_sample_run


def _row(window, stage: str) -> str:
    from gui.names import stage_name

    return next(t for t in window.stage_list.texts() if t.startswith(stage_name(stage)))


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_run_and_stage_lists_tell_the_truth_before_during_after_and_after_a_kill(make_window, qtbot, tmp_path):
    config = tmp_path / "small.toml"
    config.write_text(SMALL_PIPELINE_TOML.format(steps=2000))  # still pretraining when it is killed, on quiet cores too
    window = make_window(tmp_path)
    window.show()
    # Before: the planned stages wait, and no run is listed.
    assert window.run_list.count() == 0
    assert all(t.endswith("pending") for t in window.stage_list.texts())

    # During: the stage that trains reads running with its steps, the run reads running.
    window._begin(["run", "--config", str(config), "--workspace", str(tmp_path)], None)
    qtbot.waitUntil(lambda: window.active_run_dir is not None, timeout=60_000)
    run_dir = window.active_run_dir
    qtbot.waitUntil(lambda: "running (" in _row(window, "pretrain"), timeout=60_000)
    assert "steps)" in _row(window, "pretrain") and _row(window, "report").endswith("pending")
    assert window.run_list.text_of(run_dir).endswith("running")
    assert "stage 1 of 2" in window.progress_panel.label.text() and "ETA" in window.progress_panel.label.text()
    qtbot.wait(2500)  # a rescan of the run list while it runs keeps saying so
    assert window.run_list.text_of(run_dir).endswith("running")
    assert "running (" in _row(window, "pretrain"), "pretraining ended before the kill: give it more steps"

    # kill -9 of the stage process: nothing runs the stage any more, and both lists say so.
    with qtbot.waitSignal(window.process.finished, timeout=30_000):
        os.kill(window.process.pid(), signal.SIGKILL)
    assert _row(window, "pretrain").endswith("interrupted")
    assert window.run_list.text_of(run_dir).endswith("interrupted, can be resumed")
    # …also when the run is picked again from the list (read back from the run folder).
    window.run_list.select(run_dir)
    window.show_run(run_dir)
    qtbot.waitUntil(lambda: _row(window, "pretrain").endswith("interrupted"), timeout=10_000)
    assert window.resume_button.isEnabled()

    # After: resumed to the end, every stage and the run read finished.
    with qtbot.waitSignal(window.process.finished, timeout=300_000) as done:
        window.resume_button.click()
    assert done.args[0] == "finished", window.log_view.toPlainText()[-2000:]
    assert _row(window, "pretrain").endswith("finished") and _row(window, "report").endswith("finished")
    assert window.run_list.text_of(run_dir).endswith("finished")


@pytest.mark.parametrize("passed", [True, False])
def test_results_header_reads_the_bake_record(make_window, qtbot, tmp_path, passed):
    run = write_sample_run(tmp_path / "runs")
    layout = RunLayout(run)
    if not passed:
        bake = read_bake_record(layout.bake_record)
        bake.passed, bake.max_abs_err, bake.kl = False, 0.37, 0.052
        write_bake_record(layout.baked, bake, so8t_version="test", source_model="resources/tiny_model", config={})
    window = make_window(tmp_path)
    window.run_list.select(str(run))
    qtbot.waitUntil(lambda: "Bake verification" in window.results.bake_label.text(), timeout=10_000)
    text = window.results.bake_label.text()
    if passed:
        assert text.startswith("Bake verification passed") and "2.100e-06" in text and "100.00%" in text
    else:
        assert text.startswith("Bake verification failed") and "0.37" in text and "0.052" in text
    assert "FAILED" not in text
    # The confusion matrix of a past run names the classes.
    table = window.results.confusion_table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert headers == rows == ["ALLOW", "ESCALATION", "DENY"]


def test_a_damaged_run_reads_damaged_with_its_reason_and_cannot_be_resumed(make_window, qtbot, tmp_path):
    good = write_sample_run(tmp_path / "runs")
    bad = write_sample_run(tmp_path / "runs", run_id="r-damaged")
    RunLayout(bad).run_json.write_text('{"id": "r-damaged", "stages": ', encoding="utf-8")  # torn write
    window = make_window(tmp_path)
    qtbot.waitUntil(lambda: window.run_list.count() == 2, timeout=10_000)
    assert window.run_list.text_of(str(bad)).endswith("damaged, cannot be resumed")
    assert window.run_list.text_of(str(good)).endswith("finished")
    row = next(window.run_list.item(i) for i in range(window.run_list.count())
               if window.run_list.item(i).data(256) == str(bad))
    assert "run.json cannot be read" in row.toolTip() and "start a new run" in row.toolTip()
    window.run_list.select(str(bad))
    qtbot.wait(200)
    assert not window.resume_button.isEnabled()
