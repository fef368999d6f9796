"""The compare view on two runs that differ only in the learning rate; the selected run's settings on the Settings page."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.compared_runs import LEARNING_RATES, evaluated_copies, make_learning_rate_runs

pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def lr_runs(tiny_model_dirs, tmp_path_factory):
    workspace = tmp_path_factory.mktemp("compare_gui") / "workspace"
    return workspace, make_learning_rate_runs(workspace, tiny_model_dirs["llama"])


@pytest.fixture(scope="module")
def evaluated_runs(lr_runs, tmp_path_factory):
    """The same two runs in another workspace, each with its evaluation (`so8t evaluate`, base against tuned)."""
    workspace = tmp_path_factory.mktemp("compare_gui_evaluated") / "workspace"
    return workspace, evaluated_copies(lr_runs[1], workspace)


def events_loss(run) -> tuple[list[float], list[float]]:
    """The loss series of a run's events.jsonl, read by hand."""
    steps, values = [], []
    for line in (run / "events.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        if obj.get("kind") == "metric" and obj.get("name") == "loss" and obj.get("stage") == "train":
            steps.append(float(obj["step"]))
            values.append(float(obj["value"]))
    return steps, values


def tick_and_compare(qtbot, window, runs) -> None:
    view = window.compare
    window.tabs.setCurrentWidget(view)
    items = {view.run_picker.item(i).data(Qt.ItemDataRole.UserRole): view.run_picker.item(i)
             for i in range(view.run_picker.count())}
    items[str(runs[0])].setCheckState(Qt.CheckState.Checked)
    assert view.status.text() == "Tick two or more runs to compare them."
    with qtbot.waitSignal(view.compared, timeout=20_000):
        items[str(runs[1])].setCheckState(Qt.CheckState.Checked)


def test_compare_two_runs_curves_diff_and_no_evaluation(qtbot, make_window, lr_runs):
    workspace, runs = lr_runs
    window = make_window(workspace)
    view = window.compare
    assert view.objectName() == "compareView"
    tick_and_compare(qtbot, window, runs)
    for run in runs:
        xs, ys = view.curves[("loss", str(run), "train")].getData()
        steps, values = events_loss(run)
        assert list(xs) == steps and list(ys) == values and steps == [1.0, 2.0, 3.0, 4.0]
    assert view.plots["kl"].objectName() == "compareKlPlot" and len(view.plots["kl"].listDataItems()) == 2
    assert len(view.plots["tokens_per_s"].listDataItems()) == 2
    assert not view.plots["reward"].listDataItems()  # neither run has a reward
    diff = view.diff_texts()
    assert len(diff) == 1 and diff[0][0].endswith("learning rate")
    by_run = dict(zip(view.diff_header()[1:], diff[0][1:], strict=True))
    assert [float(by_run[run.name]) for run in runs] == list(LEARNING_RATES)
    assert view.evaluation_texts() == {run.name: "no evaluation" for run in runs}

    # "Use these settings" fills the form with the second run's settings.
    window.settings.hyper["learning_rate"].setValue(0.0001)
    column = next(c for c in view.columns if c.title() == runs[1].name)
    column.findChild(QPushButton).click()  # its "Use these settings"
    assert window.settings.hyper["learning_rate"].value() == pytest.approx(LEARNING_RATES[1])
    assert window.settings.hyper["max_steps"].value() == 4
    assert window.tabs.currentWidget() is window.settings_page


def test_compare_shows_both_evaluation_tables(qtbot, make_window, evaluated_runs):
    """Each run's A/B table as its evaluation.json holds it, written as the evaluate stage writes its table."""
    from so8t.evaluate.record import EvaluationResult
    from so8t.evaluate.report import ab_cells
    from so8t.store.records import read_record

    workspace, runs = evaluated_runs
    window = make_window(workspace)
    tick_and_compare(qtbot, window, runs)
    tables = window.compare.evaluation_texts()
    for run in runs:
        ab = json.loads((run / "evaluation.json").read_text(encoding="utf-8"))["ab"]
        assert len(ab) > 5 and {"answer match", "format compliance"} <= {row["label"] for row in ab}
        assert [cells[0] for cells in tables[run.name]] == [row["label"] for row in ab]
        assert tables[run.name] == ab_cells(read_record(EvaluationResult, run), str)[1]
    # the runs' tables differ where their evaluations do (the learning rate changed the tuned model)
    assert tables[runs[0].name] != tables[runs[1].name]


def test_selecting_a_run_shows_its_settings_read_only(qtbot, make_window, lr_runs):
    workspace, runs = lr_runs
    window = make_window(workspace)
    panel = window.run_settings
    assert not panel.isVisibleTo(window)
    window.run_list.select(str(runs[1]))
    assert panel.isVisibleTo(window) and runs[1].name in panel.title()
    rows = {(stage, setting): value for stage, setting, value in panel.texts()}
    assert rows[("Train gates (QLoRA)", "learning rate")] == "0.005"
    assert rows[("Train gates (QLoRA)", "training steps")] == "4"
    assert panel.table.editTriggers() == panel.table.EditTrigger.NoEditTriggers
    window.settings.hyper["learning_rate"].setValue(0.0001)
    panel.use_button.click()
    assert window.settings.hyper["learning_rate"].value() == pytest.approx(LEARNING_RATES[1])


def events_metric(run, name: str) -> dict[int, float]:
    """{step: value} of a train metric in the run's events.jsonl, read by hand (the last value of a step)."""
    out = {}
    for line in (run / "events.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        if obj.get("kind") == "metric" and obj.get("name") == name and obj.get("stage") == "train":
            out[int(obj["step"])] = float(obj["value"])
    return out


def test_checkpoint_table_shows_the_loss_and_results_the_final_loss_and_kl(qtbot, make_window, lr_runs):
    from gui.checkpoint_table import LOSS_COL, STEP_COL
    from so8t.report.format import format_value

    workspace, runs = lr_runs
    window = make_window(workspace)
    run = runs[1]
    table = window.checkpoints
    window.run_list.select(str(run))
    # The run is shown twice (its states at once, then its events): wait for what a person ends up reading.
    qtbot.waitUntil(lambda: table.rowCount() == 2 and table.item(0, LOSS_COL) is not None, timeout=20_000)
    qtbot.waitUntil(lambda: bool(window.results.training.texts()), timeout=20_000)
    assert table.horizontalHeaderItem(LOSS_COL).text() == "Training loss"
    loss, kl = events_metric(run, "loss"), events_metric(run, "kl_to_base")
    shown = {table.item(r, STEP_COL).text(): table.item(r, LOSS_COL).text() for r in range(table.rowCount())}
    assert shown == {"4": format_value(loss[4]), "2": format_value(loss[2])}
    assert loss[4] != loss[2]  # the column reads each checkpoint's own step
    assert window.results.training.texts() == [["Train gates (QLoRA)", "4", format_value(loss[4]), format_value(kl[4])]]
