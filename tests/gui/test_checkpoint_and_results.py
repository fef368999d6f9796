"""gui.checkpoint_table and gui.results_views on a run folder written by the engine's own writers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui.checkpoint_table import CheckpointTable
from gui.log_view import MAX_LOG_LINES, LogView
from gui.names import stage_name
from gui.results_views import ResultsView
from gui.stage_list import StageList
from so8t.events import event_from_object
from so8t.store.checkpoints import CheckpointStore
from so8t.store.records import read_run_records
from so8t.store.run_model import RunModel
from tests.sample_run import write_sample_run
from workers.run_binding import RunBinding


@pytest.fixture
def run(tmp_path):
    return write_sample_run(tmp_path)


def test_checkpoint_rows_validity_pin_and_resume(qtbot, run):
    table = CheckpointTable()
    qtbot.addWidget(table)
    with qtbot.waitSignal(table.refreshed, timeout=5000):
        table.set_run(run)  # scanned in the thread pool
    assert table.objectName() == "checkpointTable"
    assert [table.item(r, 1).text() for r in range(table.rowCount())] == ["60", "40", "20"]
    assert {table.item(r, 0).text() for r in range(table.rowCount())} == {stage_name("train")} == {"Train gates (QLoRA)"}
    assert "invalid" in table.item(0, 4).text() and table.item(1, 4).text() == "valid"
    assert not table.resume_button("ckpt-60").isEnabled()
    assert table.resume_button("ckpt-40").isEnabled()
    with qtbot.waitSignal(table.resume_requested) as blocker:
        table.resume_button("ckpt-20").click()
    assert blocker.args == [str(run), "ckpt-20"]

    table.item(2, 5).setCheckState(Qt.CheckState.Checked)  # pin ckpt-20
    assert CheckpointStore(run).pinned() == {"ckpt-20"}
    table.item(2, 5).setCheckState(Qt.CheckState.Unchecked)
    assert CheckpointStore(run).pinned() == set()
    table.set_resume_enabled(False)
    assert not table.resume_button("ckpt-40").isEnabled()


def _save(run, step: int, stage: str = "train"):
    return CheckpointStore(run, stage=stage).save(step, lambda tmp: (tmp / "gates.safetensors").write_bytes(b"\0" * 64))


def _cells(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_a_later_training_stores_checkpoints_show_their_stage_pin_and_resume_by_stage(qtbot, run):
    for step in (4, 8):
        _save(run, step, "align")
    table = CheckpointTable()
    qtbot.addWidget(table)
    with qtbot.waitSignal(table.refreshed, timeout=5000):
        table.set_run(run)
    # The later stage's store first, each store newest first; the stage is named in its own column.
    assert _cells(table, 0) == [stage_name("align")] * 2 + [stage_name("train")] * 3
    assert _cells(table, 1) == ["8", "4", "60", "40", "20"]
    assert not any("stale" in text for text in _cells(table, 4))  # align came after the training it builds on
    assert table.later_than("align/ckpt-4") == ["align/ckpt-8"]  # its own store only, not train's ckpt-20 …
    assert table.later_than("ckpt-20") == ["ckpt-40", "ckpt-60"]  # … nor align's for a training checkpoint
    assert table.later_stores("ckpt-20") == ["align/ckpt-4", "align/ckpt-8"] and table.later_stores("align/ckpt-4") == []
    with qtbot.waitSignal(table.resume_requested) as blocker:
        table.resume_button("align/ckpt-4").click()
    assert blocker.args == [str(run), "align/ckpt-4"]
    table.item(1, 5).setCheckState(Qt.CheckState.Checked)  # pins align/ckpt-4 in align's store, not train's
    assert CheckpointStore(run, stage="align").pinned() == {"ckpt-4"} and CheckpointStore(run).pinned() == set()

    _save(run, 50)  # training moved past what align was trained on: align's checkpoints are stale, and kept
    with qtbot.waitSignal(table.refreshed, timeout=5000):
        table.refresh()
    assert [text.startswith("stale") for text in _cells(table, 4)] == [True, True, False, False, False, False]
    assert sorted(p.name for p in (run / "align" / "checkpoints").iterdir() if p.name.startswith("ckpt-")) == [
        "ckpt-4", "ckpt-8"]


def test_results_show_gguf_triality_and_reliability(qtbot, run):
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_records(read_run_records(run))
    assert view.bake_label.text().startswith("Bake verification passed")
    assert "max |Δlogit| 2.100e-06" in view.bake_label.text() and "KL 1.000e-09" in view.bake_label.text()
    rows = view.gguf_texts()
    assert [r[0] for r in rows] == ["tiny-Q8_0.gguf", "tiny-f16.gguf"]
    assert rows[0][2].startswith("97.00%")  # top-1 vs HF
    assert rows[0][4].startswith("passed: perplexity within 5% of f16")  # the whole sentence, wrapped
    assert rows[1][1] == "4.0 KiB" and rows[1][4] == "not checked"
    assert view.confusion_table.rowCount() == 3 and view.confusion_table.item(1, 1).text() == "6"
    metrics = [view.triality_table.item(r, 0).text() for r in range(view.triality_table.rowCount())]
    assert metrics[:3] == ["Accuracy", "Macro F1", "NLL"] and "F1 of DENY" in metrics
    assert view.triality_table.minimumHeight() >= view.triality_table.rowHeight(0) * 8  # no 3-row slot
    assert set(view.reliability_plot.labels) == {"before", "after"} and view.reliability_plot.has_image()
    assert view.calibration_table.item(0, 1).text() == "0.12" and view.calibration_table.item(0, 2).text() == "0.03"
    view.show_records(None)
    assert view.gguf_table.rowCount() == 0 and not view.reliability_plot.has_image()
    assert view.bake_label.text() == "Bake: not run yet."


def test_stage_list_states_and_log_bound(qtbot):
    binding = RunBinding(RunModel())
    stages = StageList(binding)
    qtbot.addWidget(stages)
    binding.model.set_stage_names(["train", "bake"])
    binding.model.apply(event_from_object({"kind": "progress", "stage": "train", "done": 3, "total": 10,
                                           "unit": "step"}))
    qtbot.waitUntil(lambda: "3/10" in stages.item(0).text(), timeout=2000)
    assert stages.state_of("train") == "running"
    assert stages.item(0).text() == stages.item(0).toolTip()  # the whole text when the row is elided
    binding.model.process_ended(stopped=True)
    assert stages.state_of("train") == "interrupted" and stages.state_of("bake") == "pending"
    assert stages.texts() == ["Train gates (QLoRA) — interrupted", "Bake gates into weights — pending"]
    log = LogView()
    qtbot.addWidget(log)
    for i in range(MAX_LOG_LINES + 50):
        log.add_line("train", "info", f"line {i}")
    assert log.blockCount() <= MAX_LOG_LINES
    assert log.toPlainText().rstrip().endswith(f"line {MAX_LOG_LINES + 49}")


def test_results_show_the_measured_peak_beside_the_estimate(qtbot, run):
    from so8t.report import memory_summary
    from so8t.store.records import TrainResult, write_record

    def record(**peaks) -> TrainResult:
        return TrainResult(run_dir=str(run), final_step=60, max_steps=60, steps_run=60, interrupted=False,
                           resumed_from=None, last_checkpoint=None, final_loss=0.55, tokens_per_s=100.0,
                           peak_memory_mb=None, memory_estimate={"peak_gib": 7.24, "nvml_gib": 8.48, "offload": False},
                           **peaks)

    write_record(run, record(peak_gpu_allocated_mib=7366.0, peak_nvml_mib=9093.0))
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_run(run)
    text = view.memory_label.text()
    assert "7.19 GiB allocated" in text and "8.88 GiB on the card" in text and "estimate 7.24 GiB" in text
    assert "estimate 7.24 GiB allocated" in memory_summary({"peak_gpu_allocated_mib": 7366.0,
                                                            "memory_estimate": {"peak_gib": 7.24}})
    table = view.memory_table
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, table.columnCount())]
            for r in range(table.rowCount())}
    assert rows["Train gates (QLoRA)"][1] == "7.2 GiB" and rows["Train gates (QLoRA)"][3] == "8.9 GiB"
    assert rows["Bake gates into weights"][0] == "812.5 MiB" and rows["Bake gates into weights"][1] == "—"
    write_record(run, record())  # a CPU run measured no GPU peak: no training line, the bake row stays
    view.show_run(run)
    assert view.memory_label.text() == "" and view.memory_label.isHidden()
    assert "Train gates (QLoRA)" not in [table.item(r, 0).text() for r in range(table.rowCount())]


def test_results_read_a_failed_bake_record_as_failed_with_its_figures(qtbot, run):
    from so8t.fileio import atomic_write_json
    from so8t.store.layout import RunLayout

    record = RunLayout(run).bake_record
    failed = {"layers_baked": 2, "blocks": 8, "max_abs_err": 0.25, "kl": 0.03, "top1_agreement": 0.5,
              "noise_floor": 3e-6, "orth_err_max": 4e-15, "passed": False, "out": str(record.parent),
              "dtype": "float32", "gate_source": "random (seed 0)", "seconds_bake": 0.1, "seconds_verify": 0.2}
    atomic_write_json(record, {"config": {"verify": True}, "result": failed})
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_run(run)
    text = view.bake_label.text()
    assert text.startswith("Bake verification failed") and "0.25" in text and "KL 0.03" in text, text


def test_results_show_the_export_and_quantize_peaks_from_run_json(qtbot, run):
    import json

    from so8t.store.layout import RunLayout

    layout = RunLayout(run)
    data = json.loads(layout.run_json.read_text(encoding="utf-8"))
    data.setdefault("stages", {})["export"] = {"state": "finished", "result": {"peak_rss_mib": 716.5}}
    data["stages"]["quantize"] = {"state": "finished", "result": {"peak_rss_mib": 3973.0}}
    layout.run_json.write_text(json.dumps(data), encoding="utf-8")
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_run(run)
    table = view.memory_table
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Export GGUF"] == "716.5 MiB" and rows["Quantize GGUF"] == "3.9 GiB"
